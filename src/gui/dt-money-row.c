/* dt-money-row.c: the row of a list of money items. */
#define G_LOG_DOMAIN "dt-gui"

#include "dt-money-row.h"

#define ROW_KEY "dt-money-row"

GtkWidget *
dt_money_row_new (void)
{
  DtMoneyRow *row = g_new0 (DtMoneyRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  row->title = GTK_LABEL (gtk_label_new (NULL));
  row->details = GTK_LABEL (gtk_label_new (NULL));
  row->pill = GTK_LABEL (gtk_label_new (NULL));
  row->money = GTK_LABEL (gtk_label_new (NULL));

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_ellipsize (row->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (row->details, 0);
  gtk_label_set_ellipsize (row->details, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (row->details), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->details), "caption");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->details));

  gtk_widget_add_css_class (GTK_WIDGET (row->pill), "status-pill");
  gtk_widget_set_valign (GTK_WIDGET (row->pill), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (row->money), "numeric");
  gtk_widget_set_size_request (GTK_WIDGET (row->money), 110, -1);
  gtk_label_set_xalign (row->money, 1);

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->pill));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->money));
  g_object_set_data_full (G_OBJECT (box), ROW_KEY, row, g_free);
  return box;
}

DtMoneyRow *
dt_money_row_get (GtkWidget *box)
{
  return g_object_get_data (G_OBJECT (box), ROW_KEY);
}

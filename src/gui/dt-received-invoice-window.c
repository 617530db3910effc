/* dt-received-invoice-window.c: a received e-invoice as text a person reads, every value
 * escaped by the core's markup, selectable so numbers can be copied. */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-einvoice-view.h"
#include "dt-received-invoice-window.h"

struct _DtReceivedInvoiceWindow
{
  AdwWindow  parent_instance;

  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (DtReceivedInvoiceWindow, dt_received_invoice_window, ADW_TYPE_WINDOW)

static void
dt_received_invoice_window_class_init (DtReceivedInvoiceWindowClass *klass)
{
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0,
                                       "window.close", NULL);
}

static void
dt_received_invoice_window_init (DtReceivedInvoiceWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->label, TRUE);
  /* Taking the window's first focus, a selectable label selects all its text; a person
   * opening the invoice wants to read it. The mouse still selects, the menu still copies. */
  gtk_widget_set_focusable (GTK_WIDGET (self->label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Received e-invoice"), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (self->label), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->label), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->label), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->label));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 820);
}

DtReceivedInvoiceWindow *
dt_received_invoice_window_new (GtkWindow               *parent,
                                const DtReceivedInvoice *invoice,
                                const char              *file_name)
{
  DtReceivedInvoiceWindow *self;
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (invoice != NULL, NULL);

  self = g_object_new (DT_TYPE_RECEIVED_INVOICE_WINDOW, "transient-for", parent, NULL);
  markup = dt_received_invoice_to_markup (invoice);
  gtk_label_set_markup (self->label, markup);
  /* Translators: the window's title, %s is the file name */
  title = g_strdup_printf (_("Received: %s"), file_name != NULL ? file_name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  return self;
}

const char *
dt_received_invoice_window_get_markup (DtReceivedInvoiceWindow *self)
{
  g_return_val_if_fail (DT_IS_RECEIVED_INVOICE_WINDOW (self), NULL);
  return gtk_label_get_label (self->label);
}

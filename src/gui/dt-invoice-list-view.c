/* dt-invoice-list-view.c: the invoices list: a GtkListView over DtInvoiceList whose rows are
 * made once and rebound as the user scrolls, a debounced search and a status filter. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-format.h"
#include "dt-invoice-item.h"
#include "dt-invoice-list-view.h"
#include "dt-invoice-list.h"
#include "dt-invoice-words.h"
#include "dt-list-fill.h"
#include "dt-money-row.h"

struct _DtInvoiceListView
{
  GtkWidget      parent_instance;

  DtInvoiceList *invoices;
  DtListFill    *fill;    /* the first screenful of rows first */

  GtkSearchEntry *search_entry;
  GtkDropDown    *status_filter;
  GtkStack       *stack;
  GtkListView    *list_view;
};

enum {
  INVOICE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtInvoiceListView, dt_invoice_list_view, GTK_TYPE_WIDGET)

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = dt_money_row_new ();

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_add_css_class (box, "invoice-row");
  gtk_list_item_set_child (list_item, box);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DtMoneyRow *row = dt_money_row_get (box);
  DtInvoiceItem *item = gtk_list_item_get_item (list_item);
  const DtInvoice *invoice;
  g_autofree char *title = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *amount = NULL;
  gboolean open;

  gtk_widget_remove_css_class (GTK_WIDGET (row->pill), "overdue");
  gtk_widget_remove_css_class (GTK_WIDGET (row->pill), "paid");
  gtk_widget_remove_css_class (GTK_WIDGET (row->money), "error");
  /* A row removed since the list was counted: blank until the list is read again. */
  if (item == NULL)
    {
      gtk_label_set_label (row->title, "");
      gtk_label_set_label (row->details, "");
      gtk_label_set_label (row->pill, "");
      gtk_label_set_label (row->money, "");
      return;
    }

  invoice = dt_invoice_item_get_invoice (item);
  open = invoice->status == DT_INVOICE_SENT || invoice->status == DT_INVOICE_PARTIALLY_PAID;
  title = dt_invoice_words_title (invoice, dt_invoice_item_get_client_name (item));
  dates = dt_invoice_words_dates (invoice);
  amount = dt_format_money (open ? invoice->balance : invoice->total, invoice->currency);
  gtk_label_set_label (row->title, title);
  gtk_label_set_label (row->details, dates);
  gtk_label_set_label (row->pill, dt_invoice_words_status (invoice));
  gtk_label_set_label (row->money, amount);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->money), open ? _("Still to be paid") : NULL);
  if (invoice->days_overdue > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row->pill), "overdue");
      gtk_widget_add_css_class (GTK_WIDGET (row->money), "error");
    }
  else if (invoice->status == DT_INVOICE_PAID)
    gtk_widget_add_css_class (GTK_WIDGET (row->pill), "paid");
}

static void
update_stack (DtInvoiceListView *self)
{
  gboolean filtered = dt_invoice_list_get_text (self->invoices) != NULL ||
                      gtk_drop_down_get_selected (self->status_filter) > 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->invoices)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, filtered ? "no-matches" : "empty");
}

static void
on_items_changed_cb (DtInvoiceListView *self,
                     guint              position,
                     guint              removed,
                     guint              added,
                     GListModel        *model)
{
  update_stack (self);
}

static void
on_activate_cb (DtInvoiceListView *self,
                guint              position,
                GtkListView       *list_view)
{
  g_autoptr(DtInvoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->invoices), position);

  if (item != NULL)
    g_signal_emit (self, signals[INVOICE_ACTIVATED], 0, dt_invoice_item_get_id (item));
}

static void
on_search_changed_cb (DtInvoiceListView *self,
                      GtkSearchEntry    *entry)
{
  /* The template may signal before the list exists. */
  if (self->invoices != NULL)
    dt_invoice_list_set_text (self->invoices, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_status_selected_cb (DtInvoiceListView *self,
                       GParamSpec        *pspec,
                       GtkDropDown       *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (self->invoices == NULL)
    return;
  /* The choices are "All" and then the statuses in DtInvoiceStatus order. */
  dt_invoice_list_set_status (self->invoices,
                              selected == 0 || selected == GTK_INVALID_LIST_POSITION
                              ? DT_INVOICE_LIST_ANY_STATUS : (int) selected - 1);
  update_stack (self);
}

static void
dt_invoice_list_view_dispose (GObject *object)
{
  DtInvoiceListView *self = DT_INVOICE_LIST_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_INVOICE_LIST_VIEW);
  /* The template's root box is bound to no field, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->fill);
  g_clear_object (&self->invoices);

  G_OBJECT_CLASS (dt_invoice_list_view_parent_class)->dispose (object);
}

static void
dt_invoice_list_view_class_init (DtInvoiceListViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_invoice_list_view_dispose;

  signals[INVOICE_ACTIVATED] = g_signal_new ("invoice-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-invoice-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceListView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceListView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceListView, stack);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceListView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected_cb);
}

static void
dt_invoice_list_view_init (DtInvoiceListView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DtInvoiceListView *
dt_invoice_list_view_new (DtDb *db)
{
  DtInvoiceListView *self;
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_INVOICE_LIST_VIEW, NULL);
  self->invoices = dt_invoice_list_new (db);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  self->fill = dt_list_fill_new (G_LIST_MODEL (self->invoices), GTK_WIDGET (self->list_view));
  dt_list_fill_restart (self->fill);
  selection = gtk_no_selection_new (g_object_ref (dt_list_fill_get_model (self->fill)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->invoices, "items-changed", G_CALLBACK (on_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_stack (self);
  return self;
}

void
dt_invoice_list_view_reload (DtInvoiceListView *self)
{
  g_return_if_fail (DT_IS_INVOICE_LIST_VIEW (self));

  dt_paged_list_invalidate (DT_PAGED_LIST (self->invoices));
  update_stack (self);
}

GListModel *
dt_invoice_list_view_get_model (DtInvoiceListView *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_LIST_VIEW (self), NULL);
  return G_LIST_MODEL (self->invoices);
}

/* dt-invoices-page.c: the Invoices page. The list shows status and what is still owed; a new
 * invoice starts from the candidates the billing engine finds for a client and period, which
 * the user ticks; an invoice opens to the printed document (the plain-text rendering of the
 * same data as the PDF) and the actions its status allows. The list is dt-invoice-list-view.c,
 * the open invoice dt-invoice-detail.c; the actions live in dt-invoices-page-actions.c,
 * dt-invoices-page-editor.c and dt-invoices-page-new.c. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-invoices-page-private.h"
#include "dt-store-events.h"
#include "dt-window.h"

G_DEFINE_FINAL_TYPE (DtInvoicesPage, dt_invoices_page, GTK_TYPE_WIDGET)

void
dt_invoices_page_toast (DtInvoicesPage *self,
                        const char     *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

DtInvoice *
dt_invoices_page_read_shown (DtInvoicesPage *self)
{
  g_autoptr(GError) error = NULL;
  DtInvoice *invoice = dt_invoice_store_get (self->db, self->shown_id, &error);

  if (invoice == NULL)
    dt_invoices_page_toast (self, error->message);
  return invoice;
}

GtkWindow *
dt_invoices_page_get_parent_window (DtInvoicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The counts above the list, from one query: the list itself reads only what is on screen. */
static void
update_summary (DtInvoicesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *draft_count = NULL;
  g_autofree char *overdue_count = NULL;
  g_autofree char *summary = NULL;
  DtInvoiceTally tally = { 0 };

  if (!dt_invoice_store_tally (self->db, &tally, &error))
    dt_invoices_page_toast (self, error->message);
  self->n_invoices = tally.total;
  count = g_strdup_printf (ngettext ("%u invoice", "%u invoices", tally.total), tally.total);
  draft_count = g_strdup_printf (ngettext ("%u draft", "%u drafts", tally.drafts), tally.drafts);
  /* Translators: "%u overdue" counts invoices */
  overdue_count = g_strdup_printf (_("%u overdue"), tally.overdue);
  summary = g_strdup_printf ("%s · %s · %s", count, draft_count, overdue_count);
  gtk_label_set_label (self->summary_label, summary);
}

void
dt_invoices_page_reload (DtInvoicesPage *self)
{
  g_return_if_fail (DT_IS_INVOICES_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  update_summary (self);
  dt_invoice_list_view_reload (self->list_view);
  if (self->shown_id != 0)
    dt_invoices_page_show_invoice (self, self->shown_id);
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtInvoicesPage *self = user_data;

  self->reload_id = 0;
  dt_invoices_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (DtInvoicesPage *self,
                     const char     *entity,
                     gint64          id,
                     gpointer        monitor)
{
  if ((dt_change_monitor_matches (entity, DT_ENTITY_INVOICE) ||
       g_str_equal (entity, DT_ENTITY_PAYMENT) || g_str_equal (entity, DT_ENTITY_CLIENT) ||
       g_str_equal (entity, DT_ENTITY_PROFILE)) &&
      self->reload_id == 0)
    /* Before the next layout and paint (GTK's are just below), not after every animation. */
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
}

static void
on_invoice_activated_cb (DtInvoicesPage    *self,
                         gint64             invoice_id,
                         DtInvoiceListView *list_view)
{
  dt_invoices_page_show_invoice (self, invoice_id);
}

void
dt_invoices_page_show_invoice (DtInvoicesPage *self,
                               gint64          invoice_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DT_IS_INVOICES_PAGE (self));

  self->shown_id = invoice_id;
  if (invoice_id != 0 && !dt_invoice_detail_show (self->detail, invoice_id, &error))
    {
      dt_invoices_page_toast (self, error->message);
      self->shown_id = 0;
    }
  gtk_stack_set_visible_child_name (self->stack, self->shown_id != 0 ? "detail" : "list");
}

gint64
dt_invoices_page_get_shown (DtInvoicesPage *self)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), 0);
  return self->shown_id;
}

GtkWidget *
dt_invoices_page_get_line_button (DtInvoicesPage *self,
                                  guint           row,
                                  guint           nth)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), NULL);
  return dt_invoice_detail_get_line_button (self->detail, row, nth);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_invoices_page_show_invoice (DT_INVOICES_PAGE (widget), 0);
}

static void
dt_invoices_page_dispose (GObject *object)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_INVOICES_PAGE);
  self->list_view = NULL;
  self->detail = NULL;
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_invoices_page_parent_class)->dispose (object);
}

static void
dt_invoices_page_class_init (DtInvoicesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_invoices_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, list_slot);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, detail_slot);

  gtk_widget_class_install_action (widget_class, "invoices.back", NULL, back_activated);
  dt_invoices_page_class_add_new_actions (widget_class);
  dt_invoices_page_class_add_invoice_actions (widget_class);
  dt_invoices_page_class_add_editor_actions (widget_class);
  dt_invoices_page_class_add_einvoice_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "invoices.back", NULL);
}

static void
dt_invoices_page_init (DtInvoicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

DtInvoicesPage *
dt_invoices_page_new (DtDb *db)
{
  DtInvoicesPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_INVOICES_PAGE, NULL);
  self->db = g_object_ref (db);
  self->list_view = dt_invoice_list_view_new (db);
  adw_bin_set_child (self->list_slot, GTK_WIDGET (self->list_view));
  g_signal_connect_object (self->list_view, "invoice-activated",
                           G_CALLBACK (on_invoice_activated_cb), self, G_CONNECT_SWAPPED);
  self->detail = dt_invoice_detail_new (db);
  adw_bin_set_child (self->detail_slot, GTK_WIDGET (self->detail));
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_summary (self);
  return self;
}

guint
dt_invoices_page_get_n_invoices (DtInvoicesPage *self)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), 0);
  return self->n_invoices;
}

/* dt-invoices-page.c: the Invoices page. The list shows status and what is still owed; a new
 * invoice starts from the candidates the billing engine finds for a client and period, which
 * the user ticks; an invoice opens to the printed document (the plain-text rendering of the
 * same data as the PDF) and the actions its status allows. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-change-monitor.h"
#include "dt-client-store.h"
#include "dt-form-checks.h"
#include "dt-invoice-preview.h"
#include "dt-form.h"
#include "dt-format.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-sending.h"
#include "dt-invoice-store.h"
#include "dt-invoice-text.h"
#include "dt-invoices-page.h"
#include "dt-invoicing.h"
#include "dt-money.h"
#include "dt-payment-store.h"
#include "dt-store-events.h"
#include "dt-time.h"
#include "dt-window.h"

struct _DtInvoicesPage
{
  GtkWidget        parent_instance;

  DtDb            *db;
  DtChangeMonitor *monitor;
  GCancellable    *cancellable;
  guint            reload_id;
  guint            n_invoices;
  gint64           shown_id;

  GtkStack        *stack;
  GtkStack        *list_stack;
  GtkLabel        *summary_label;
  GtkListBox      *invoices_list;
  GtkLabel        *detail_title;
  GtkBox          *detail_actions;
  GtkLabel        *detail_status;
  GtkLabel        *preview_label;
  DtInvoicePreview *preview_pages;
  AdwPreferencesGroup *lines_group;
  GPtrArray       *line_rows;      /* the rows in lines_group */
  GPtrArray       *line_buttons;   /* LINE_BUTTONS per row: up, down, remove */
};

#define LINE_BUTTONS 3

G_DEFINE_FINAL_TYPE (DtInvoicesPage, dt_invoices_page, GTK_TYPE_WIDGET)

static void
toast (DtInvoicesPage *self,
       const char     *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

/* The invoice shown now, read again from the store; NULL, said in a toast, when it cannot be
 * read (deleted meanwhile, or the database failed). */
static DtInvoice *
shown_invoice (DtInvoicesPage *self)
{
  g_autoptr(GError) error = NULL;
  DtInvoice *invoice = dt_invoice_store_get (self->db, self->shown_id, &error);

  if (invoice == NULL)
    toast (self, error->message);
  return invoice;
}

static GtkWindow *
parent_window (DtInvoicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const char *
status_words (const DtInvoice *invoice)
{
  if (invoice->days_overdue > 0)
    return _("Overdue");
  switch (invoice->status)
    {
    case DT_INVOICE_DRAFT:
      return _("Draft");
    case DT_INVOICE_SENT:
      return _("Sent");
    case DT_INVOICE_PARTIALLY_PAID:
      return _("Partly paid");
    case DT_INVOICE_PAID:
      return _("Paid");
    case DT_INVOICE_VOID:
      return _("Void");
    default:
      return "";
    }
}

static char *
invoice_title (const DtInvoice *invoice,
               const char      *client_name)
{
  const char *number = invoice->number != NULL ? invoice->number
                       : (invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE ? _("Credit note")
                                                                      : _("Draft"));

  return g_strdup_printf ("%s · %s", number, client_name != NULL ? client_name : "?");
}

static char *
invoice_dates (const DtInvoice *invoice)
{
  if (invoice->status == DT_INVOICE_DRAFT)
    return invoice->send_error != NULL
           /* Translators: why the last e-mail failed */
           ? g_strdup_printf (_("Not sent: %s"), invoice->send_error)
           : g_strdup (_("Not sent yet"));
  if (invoice->days_overdue > 0)
    return g_strdup_printf (ngettext ("Due %s — %d day overdue", "Due %s — %d days overdue",
                                      invoice->days_overdue),
                            invoice->due_date, invoice->days_overdue);
  if (invoice->due_date != NULL && invoice->status != DT_INVOICE_PAID &&
      invoice->status != DT_INVOICE_VOID)
    /* Translators: "Issued 2026-11-27 · due 2026-12-27" */
    return g_strdup_printf (_("Issued %s · due %s"), invoice->issue_date, invoice->due_date);
  return g_strdup_printf (_("Issued %s"), invoice->issue_date != NULL ? invoice->issue_date : "");
}

static GtkWidget *
invoice_row (DtInvoicesPage  *self,
             const DtInvoice *invoice,
             const char      *client_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = invoice_title (invoice, client_name);
  g_autofree char *dates = invoice_dates (invoice);
  gboolean open = invoice->status == DT_INVOICE_SENT ||
                  invoice->status == DT_INVOICE_PARTIALLY_PAID;
  g_autofree char *amount = dt_format_money (open ? invoice->balance : invoice->total,
                                             invoice->currency);
  GtkWidget *pill = gtk_label_new (status_words (invoice));
  GtkWidget *money = gtk_label_new (amount);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dates);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  if (invoice->days_overdue > 0)
    {
      gtk_widget_add_css_class (pill, "overdue");
      gtk_widget_add_css_class (money, "error");
    }
  else if (invoice->status == DT_INVOICE_PAID)
    gtk_widget_add_css_class (pill, "paid");
  gtk_widget_add_css_class (money, "numeric");
  gtk_widget_set_size_request (money, 110, -1);
  gtk_label_set_xalign (GTK_LABEL (money), 1);
  if (open)
    gtk_widget_set_tooltip_text (money, _("Still to be paid"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), money);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "invoice-id", GSIZE_TO_POINTER (invoice->id));
  return row;
}

static GHashTable *
client_names (DtInvoicesPage *self)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  DtListQuery query = { 0 };
  gboolean more = TRUE;

  query.archived = DT_ARCHIVED_INCLUDE;
  query.limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = dt_client_store_list (self->db, &query, &more, NULL);
      if (page == NULL || page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          DtClient *c = g_ptr_array_index (page, i);
          g_hash_table_insert (names, g_memdup2 (&c->id, sizeof c->id), g_strdup (c->name));
          query.after_id = c->id;
        }
    }
  return names;
}

void
dt_invoices_page_reload (DtInvoicesPage *self)
{
  g_autoptr(GHashTable) names = client_names (self);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_free);
  DtListQuery query = { 0 };
  gboolean more = TRUE;
  guint overdue = 0, drafts = 0;
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->invoices_list, 0))) != NULL)
    gtk_list_box_remove (self->invoices_list, child);

  query.limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = dt_invoice_store_list (self->db, &query, &more, &error);

      if (page == NULL)
        {
          toast (self, error->message);
          break;
        }
      if (page->len == 0)
        break;
      query.after_id = ((DtInvoice *) g_ptr_array_index (page, page->len - 1))->id;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, page->pdata[i]);
      g_ptr_array_set_free_func (page, NULL);
    }

  /* Newest first: what the user works on is at the top. */
  for (guint i = all->len; i > 0; i--)
    {
      DtInvoice *invoice = g_ptr_array_index (all, i - 1);
      gtk_list_box_append (self->invoices_list,
                           invoice_row (self, invoice,
                                        g_hash_table_lookup (names, &invoice->client_id)));
      overdue += invoice->days_overdue > 0;
      drafts += invoice->status == DT_INVOICE_DRAFT;
    }
  self->n_invoices = all->len;
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u invoice", "%u invoices", all->len),
                                              all->len);
    g_autofree char *draft_count = g_strdup_printf (ngettext ("%u draft", "%u drafts", drafts),
                                                    drafts);
    /* Translators: "%u overdue" counts invoices */
    g_autofree char *overdue_count = g_strdup_printf (_("%u overdue"), overdue);
    summary = g_strdup_printf ("%s · %s · %s", count, draft_count, overdue_count);
  }
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->list_stack, all->len > 0 ? "list" : "empty");

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
       g_str_equal (entity, DT_ENTITY_PAYMENT) || g_str_equal (entity, DT_ENTITY_CLIENT)) &&
      self->reload_id == 0)
    /* Before the next layout and paint (GTK's are just below), not after every animation. */
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
}

static void
on_row_activated_cb (DtInvoicesPage *self,
                     GtkListBoxRow  *row)
{
  dt_invoices_page_show_invoice (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row),
                                                                            "invoice-id")));
}

/* ---- actions on one invoice ---------------------------------------------------------- */

static void
add_action (DtInvoicesPage *self,
            const char     *label,
            const char     *action,
            const char     *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  gtk_box_append (self->detail_actions, button);
}

/* A percentage held in basis points: 1900 reads "19", 750 "7.5", 725 "7.25". */
static char *
percent_text (gint64 bp)
{
  if (bp % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, bp / 100);
  if (bp % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%d", bp / 100, (int) (bp % 100 / 10));
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", bp / 100, (int) (bp % 100));
}

/* A fixed line's units, held in thousandths: 1500 reads "1.5", 2000 "2". */
static char *
units_text (gint64 thousandths)
{
  char *units = thousandths % 1000 == 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT, thousandths / 1000)
    : g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", thousandths / 1000,
                       (int) (thousandths % 1000));

  if (strchr (units, '.') != NULL)
    while (g_str_has_suffix (units, "0"))
      units[strlen (units) - 1] = '\0';
  return units;
}

/* "2 h 30 min × €90.00/h", "1.5 × €40.00" or the like: what a line bills, before tax. */
static char *
line_quantity_text (const DtInvoiceLine *line,
                    const char          *currency)
{
  g_autofree char *price = NULL;

  if (line->kind == DT_LINE_FIXED)
    {
      g_autofree char *units = units_text (line->quantity);

      price = dt_format_money (line->unit_price, currency);
      /* Translators: units × price per unit, for example "1.5 × €40.00" */
      return g_strdup_printf (_("%s × %s"), units, price);
    }
  else
    {
      g_autofree char *duration = dt_format_duration_words (line->quantity * 60);

      price = dt_format_rate (line->unit_price, currency);
      /* Translators: time × rate, for example "2 h 30 min × €90.00/h" */
      return g_strdup_printf (_("%s × %s"), duration, price);
    }
}

static GtkWidget *
line_button (DtInvoicesPage *self,
             const char     *icon_name,
             const char     *tooltip,
             gboolean        sensitive,
             GCallback       callback,
             gint64          line_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data_full (G_OBJECT (button), "dt-line-id", g_memdup2 (&line_id, sizeof line_id),
                          g_free);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

/* The line a line's row or one of its buttons stands for. */
static gint64
widget_line_id (GtkWidget *widget)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (widget), "dt-line-id");
}

static void
on_line_up_clicked_cb (DtInvoicesPage *self,
                       GtkWidget      *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.move-line", "(xi)",
                              widget_line_id (button), -1);
}

static void
on_line_down_clicked_cb (DtInvoicesPage *self,
                         GtkWidget      *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.move-line", "(xi)",
                              widget_line_id (button), 1);
}

static void
on_line_remove_clicked_cb (DtInvoicesPage *self,
                           GtkWidget      *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.remove-line", "x",
                              widget_line_id (button));
}

static void
on_line_activated_cb (DtInvoicesPage *self,
                      GtkWidget      *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.edit-line", "x",
                              widget_line_id (row));
}

/* A draft's lines, each with buttons to move it up or down or remove it; activating one
 * edits it. */
static void
show_lines (DtInvoicesPage  *self,
            const DtInvoice *invoice)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (self->lines_group, self->line_rows->pdata[i]);
  g_ptr_array_set_size (self->line_rows, 0);
  g_ptr_array_set_size (self->line_buttons, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_group),
                          invoice->status == DT_INVOICE_DRAFT && invoice->lines->len > 0);
  if (invoice->status != DT_INVOICE_DRAFT)
    return;

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtInvoiceLine *line = g_ptr_array_index (invoice->lines, i);
      g_autofree char *quantity = line_quantity_text (line, invoice->currency);
      g_autofree char *amount = dt_format_money (line->amount, invoice->currency);
      g_autofree char *tax = percent_text (line->tax_rate_bp);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: quantity × price, the line's amount and its tax rate, for example
       * "2 h × €90.00/h · €180.00 · 19 % tax" */
      subtitle = g_strdup_printf (_("%s · %s · %s %% tax"), quantity, amount, tax);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->description);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_ptr_array_add (self->line_buttons,
                       line_button (self, "go-up-symbolic", _("Move Up"), i > 0,
                                    G_CALLBACK (on_line_up_clicked_cb), line->id));
      g_ptr_array_add (self->line_buttons,
                       line_button (self, "go-down-symbolic", _("Move Down"),
                                    i + 1 < invoice->lines->len,
                                    G_CALLBACK (on_line_down_clicked_cb), line->id));
      g_ptr_array_add (self->line_buttons,
                       line_button (self, "user-trash-symbolic", _("Remove Line"), TRUE,
                                    G_CALLBACK (on_line_remove_clicked_cb), line->id));
      for (guint b = 0; b < LINE_BUTTONS; b++)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   self->line_buttons->pdata[i * LINE_BUTTONS + b]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "dt-line-id",
                              g_memdup2 (&line->id, sizeof line->id), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_line_activated_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->line_rows, row);
    }
}

void
dt_invoices_page_show_invoice (DtInvoicesPage *self,
                               gint64          invoice_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *status = NULL;
  g_autofree char *total = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *dates = NULL;
  GtkWidget *child;

  g_return_if_fail (DT_IS_INVOICES_PAGE (self));

  self->shown_id = invoice_id;
  if (invoice_id == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  invoice = dt_invoice_store_get (self->db, invoice_id, &error);
  if (invoice == NULL)
    {
      toast (self, error->message);
      self->shown_id = 0;
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  client = dt_client_store_get (self->db, invoice->client_id, NULL);
  doc = dt_invoicing_build_document (self->db, invoice_id, &error);
  text = doc != NULL ? dt_invoice_text_render (doc, 76) : g_strdup (error->message);

  title = invoice_title (invoice, client != NULL ? client->name : NULL);
  gtk_label_set_label (self->detail_title, title);
  gtk_label_set_label (self->preview_label, text);
  dt_invoice_preview_set_document (self->preview_pages, doc);
  show_lines (self, invoice);
  total = dt_format_money (invoice->total, invoice->currency);
  balance = dt_format_money (invoice->balance, invoice->currency);
  dates = invoice_dates (invoice);
  /* Translators: "Sent · Issued … · Total €1,250.00 · Balance €250.00" */
  status = g_strdup_printf (_("%s · %s · Total %s · Balance %s"), status_words (invoice), dates,
                            total, balance);
  gtk_label_set_label (self->detail_status, status);
  if (invoice->days_overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), "error");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_actions))) != NULL)
    gtk_box_remove (self->detail_actions, child);
  switch (invoice->status)
    {
    case DT_INVOICE_DRAFT:
      add_action (self, _("_Delete Draft"), "invoices.delete-draft", "destructive-action");
      add_action (self, _("Add _Line…"), "invoices.add-line", NULL);
      add_action (self, _("_Edit…"), "invoices.edit-draft", NULL);
      add_action (self, _("_Mark as Sent"), "invoices.mark-sent", NULL);
      add_action (self, _("_Send…"), "invoices.send", "suggested-action");
      break;
    case DT_INVOICE_SENT:
    case DT_INVOICE_PARTIALLY_PAID:
      if (invoice->paid == 0)
        add_action (self, _("_Void"), "invoices.void", "destructive-action");
      add_action (self, _("_Credit Note"), "invoices.credit-note", NULL);
      add_action (self, _("_Record Payment…"), "invoices.record-payment", "suggested-action");
      break;
    case DT_INVOICE_PAID:
      if (invoice->kind == DT_INVOICE_KIND_INVOICE)
        add_action (self, _("_Credit Note"), "invoices.credit-note", NULL);
      break;
    case DT_INVOICE_VOID:
    default:
      break;
    }
  add_action (self, _("Pre_view PDF"), "invoices.preview-pdf", NULL);
  add_action (self, _("Save _PDF…"), "invoices.save-pdf", NULL);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

gint64
dt_invoices_page_get_shown (DtInvoicesPage *self)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), 0);
  return self->shown_id;
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_invoices_page_show_invoice (DT_INVOICES_PAGE (widget), 0);
}

static void
mark_sent_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) issued = dt_invoicing_mark_sent (self->db, self->shown_id, NULL, NULL, 0,
                                                        &error);

  if (issued == NULL)
    toast (self, error->message);
  else
    {
      /* Translators: %s is an invoice number */
      g_autofree char *message = g_strdup_printf (_("%s issued"), issued->number);
      toast (self, message);
    }
  dt_invoices_page_reload (self);
}

static void
on_delete_draft_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             DtInvoicesPage   *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  if (!dt_invoice_store_delete_draft (self->db, self->shown_id, &error))
    toast (self, error->message);
  else
    {
      toast (self, _("Draft deleted; its time can be billed again"));
      self->shown_id = 0;
    }
  dt_invoices_page_reload (self);
  dt_invoices_page_show_invoice (self, self->shown_id);
}

static GtkWidget *
confirm (DtInvoicesPage *self,
         const char     *heading,
         const char     *body,
         const char     *response,
         const char     *label,
         gboolean        destructive,
         GCallback       callback)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", callback, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
delete_draft_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  confirm (DT_INVOICES_PAGE (widget), _("Delete This Draft?"),
           _("Its tracked time goes back to the work ready to bill."), "delete", _("_Delete"),
           TRUE, G_CALLBACK (on_delete_draft_response_cb));
}

static void
on_void_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DtInvoicesPage   *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) voided = NULL;

  if (!g_str_equal (response, "void"))
    return;
  voided = dt_invoicing_void (self->db, self->shown_id, &error);
  toast (self, voided != NULL ? _("Invoice voided; its time can be billed again")
                              : error->message);
  dt_invoices_page_reload (self);
}

static void
void_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm (DT_INVOICES_PAGE (widget), _("Void This Invoice?"),
           _("It keeps its number and is marked void; its time can be billed again."), "void",
           _("_Void"), TRUE, G_CALLBACK (on_void_response_cb));
}

static void
on_credit_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DtInvoicesPage   *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) credit = NULL;

  if (!g_str_equal (response, "credit"))
    return;
  credit = dt_invoicing_create_credit_note (self->db, self->shown_id, NULL, &error);
  if (credit == NULL)
    {
      toast (self, error->message);
      return;
    }
  dt_invoices_page_reload (self);
  dt_invoices_page_show_invoice (self, credit->id);
}

static void
credit_note_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  confirm (DT_INVOICES_PAGE (widget), _("Issue a Credit Note?"),
           _("A credit note cancels the whole invoice with its own number. What is still "
             "open is settled; money already received stays owed back to the client."),
           "credit", _("_Issue Credit Note"), FALSE, G_CALLBACK (on_credit_response_cb));
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DtInvoicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) sent = NULL;

  if (self->db == NULL)
    return;
  sent = dt_invoicing_send_finish (self->db, result, &error);
  if (sent == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
    }
  else
    {
      /* Translators: "INV-2026-0014 sent to billing@acme.example" */
      g_autofree char *message = g_strdup_printf (_("%s sent to %s"), sent->number,
                                                  sent->sent_to != NULL ? sent->sent_to : "");
      toast (self, message);
    }
  dt_invoices_page_reload (self);
}

static void
on_send_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DtInvoicesPage   *self)
{
  if (!g_str_equal (response, "send"))
    return;
  toast (self, _("Sending…"));
  dt_invoicing_send_async (self->db, self->shown_id, NULL, NULL, NULL, self->cancellable,
                           on_sent_cb, g_object_ref (self));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  g_autoptr(DtClient) client = NULL;
  g_autofree char *total = NULL;
  g_autofree char *body = NULL;

  if (invoice == NULL)
    return;
  client = dt_client_store_get (self->db, invoice->client_id, NULL);
  total = dt_format_money (invoice->total, invoice->currency);
  /* Translators: "To billing@acme.example — €1,250.00. …" */
  body = g_strdup_printf (_("To %s — %s. It gets its number now and cannot be changed "
                            "afterwards."),
                          client != NULL && client->email != NULL && *client->email
                          ? client->email : _("the client (no e-mail address yet)"),
                          total);
  confirm (self, _("Send This Invoice?"), body, "send", _("_Send"), FALSE,
           G_CALLBACK (on_send_response_cb));
}

static void
on_save_pdf_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         DtInvoicesPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
      doc = dt_invoicing_build_document (self->db, self->shown_id, &error);
      if (doc == NULL || !dt_invoice_pdf_write (doc, DT_PAPER_AUTO, path, &error))
        toast (self, error->message);
      else
        toast (self, _("PDF saved"));
    }
  g_object_unref (chooser);
}

/* The PDF is drawn on a worker thread into the cache folder, then opened in the user's
 * document viewer: exactly the file the client would receive. */
static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DtInvoiceDocument *doc = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "doubletime", "previews",
                                           NULL);
  g_autofree char *name = dt_invoice_pdf_file_name (doc);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !dt_invoice_pdf_write (doc, DT_PAPER_AUTO, path, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", g_strerror (errno));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
on_preview_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DtInvoicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (parent_window (self), uri, GDK_CURRENT_TIME);
}

static void
preview_pdf_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  DtInvoiceDocument *doc = dt_invoicing_build_document (self->db, self->shown_id, &error);
  g_autoptr(GTask) task = NULL;

  if (doc == NULL)
    {
      toast (self, error->message);
      return;
    }
  task = g_task_new (NULL, self->cancellable, on_preview_ready_cb, g_object_ref (self));
  g_task_set_task_data (task, doc, (GDestroyNotify) dt_invoice_document_free);
  g_task_run_in_thread (task, preview_thread);
}

static void
save_pdf_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (self->db, self->shown_id,
                                                                  NULL);
  g_autofree char *name = doc != NULL ? dt_invoice_pdf_file_name (doc) : g_strdup ("invoice.pdf");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Invoice as PDF"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_pdf_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  DtInvoicesPage *page;
  gint64          invoice_id;
  char           *currency;
} PaymentTarget;

static void
payment_target_free (gpointer data)
{
  PaymentTarget *target = data;

  g_object_unref (target->page);
  g_free (target->currency);
  g_free (target);
}

static char *
check_amount (const char *text,
              gpointer    data)
{
  PaymentTarget *target = data;
  return dt_check_money (text, target->currency, FALSE, NULL);
}

static char *
check_date (const char *text,
            gpointer    data)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  int y, m, d;

  if (!dt_time_parse_date (trimmed, &y, &m, &d, NULL))
    return g_strdup (_("Enter the date like 2026-11-27"));
  return NULL;
}

static void
on_payment_done_cb (DtForm   *form,
                    gpointer  user_data)
{
  PaymentTarget *target = user_data;
  g_autoptr(DtPayment) input = dt_payment_new ();
  g_autoptr(DtPayment) recorded = NULL;
  g_autoptr(GError) error = NULL;

  input->invoice_id = target->invoice_id;
  dt_check_money (dt_form_get_text (form, "amount"), target->currency, FALSE, &input->amount);
  input->paid_on = g_strdup (dt_form_get_text (form, "date"));
  g_free (input->method);
  input->method = g_strdup (dt_form_get_text (form, "method"));
  recorded = dt_payment_store_record (target->page->db, input, &error);
  toast (target->page, recorded != NULL ? _("Payment recorded") : error->message);
  dt_invoices_page_reload (target->page);
}

GtkWidget *
dt_invoices_page_record_payment (DtInvoicesPage *self)
{
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  g_autofree char *balance = NULL;
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *body = NULL;
  PaymentTarget *target;
  DtForm *form;

  if (invoice == NULL)
    return NULL;
  target = g_new0 (PaymentTarget, 1);
  target->page = g_object_ref (self);
  target->invoice_id = invoice->id;
  target->currency = g_strdup (invoice->currency);
  balance = dt_money_format_plain (invoice->balance, invoice->currency);
  /* Translators: %s is an invoice number */
  body = g_strdup_printf (_("For %s, in %s."), invoice->number, invoice->currency);
  form = dt_form_new (GTK_WIDGET (self), _("Record a Payment"), body, _("_Record"),
                      on_payment_done_cb, target, payment_target_free);
  dt_form_add_entry (form, "amount", _("Amount"), balance, check_amount, target);
  dt_form_add_entry (form, "date", _("Paid on"), today, check_date, NULL);
  dt_form_add_entry (form, "method", _("Method (optional)"), _("bank transfer"), NULL, NULL);
  return dt_form_present (form);
}

static void
record_payment_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dt_invoices_page_record_payment (DT_INVOICES_PAGE (widget));
}

/* ---- editing a draft -------------------------------------------------------------------- */

typedef struct
{
  DtInvoicesPage *page;
  gint64          invoice_id;
  gint64          line_id;     /* the line edited or removed, if any */
  char           *currency;
} DraftTarget;

static void
draft_target_free (gpointer data)
{
  DraftTarget *target = data;

  g_object_unref (target->page);
  g_free (target->currency);
  g_free (target);
}

static DraftTarget *
draft_target_new (DtInvoicesPage  *self,
                  const DtInvoice *invoice,
                  gint64           line_id)
{
  DraftTarget *target = g_new0 (DraftTarget, 1);

  target->page = g_object_ref (self);
  target->invoice_id = invoice->id;
  target->line_id = line_id;
  target->currency = g_strdup (invoice->currency);
  return target;
}

/* The line @line_id of @invoice and its place in @out_index (may be NULL), or NULL. */
static DtInvoiceLine *
find_line (const DtInvoice *invoice,
           gint64           line_id,
           guint           *out_index)
{
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = g_ptr_array_index (invoice->lines, i);

      if (line->id == line_id)
        {
          if (out_index != NULL)
            *out_index = i;
          return line;
        }
    }
  return NULL;
}

static char *
check_optional_date (const char *text,
                     gpointer    data)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  int y, m, d;

  if (*trimmed == '\0' || dt_time_parse_date (trimmed, &y, &m, &d, NULL))
    return NULL;
  return g_strdup (_("Enter the date like 2026-11-27, or leave it empty"));
}

static char *
check_optional_percent (const char *text,
                        gpointer    data)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return *trimmed == '\0' ? NULL : dt_check_percent (trimmed, NULL);
}

static char *
check_draft_money (const char *text,
                   gpointer    data)
{
  DraftTarget *target = data;
  return dt_check_money (text, target->currency, TRUE, NULL);
}

static char *
check_hours_required (const char *text,
                      gpointer    data)
{
  return dt_check_duration (text, FALSE, NULL);
}

static char *
check_description (const char *text,
                   gpointer    data)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return *trimmed == '\0' ? g_strdup (_("Describe the work or the item")) : NULL;
}

static void
save_draft (DraftTarget *target,
            DtInvoice   *invoice)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) saved = dt_invoice_store_update_draft (target->page->db, invoice,
                                                              invoice->version, &error);

  if (saved == NULL)
    toast (target->page, error->message);
  dt_invoices_page_show_invoice (target->page, target->invoice_id);
}

static void
on_edit_draft_done_cb (DtForm   *form,
                       gpointer  user_data)
{
  DraftTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (target->page->db, target->invoice_id,
                                                       &error);
  g_autofree char *due = NULL;
  g_autofree char *tax = NULL;
  gint64 bp = 0, fixed = 0;

  if (invoice == NULL)
    {
      toast (target->page, error->message);
      return;
    }
  g_free (invoice->notes);
  invoice->notes = g_strdup (dt_form_get_text (form, "notes"));
  due = g_strstrip (g_strdup (dt_form_get_text (form, "due")));
  g_free (invoice->due_date);
  invoice->due_date = *due != '\0' ? g_strdup (due) : NULL;
  if (dt_check_percent (dt_form_get_text (form, "discount"), &bp) == NULL)
    invoice->discount_bp = bp;
  else
    invoice->discount_bp = 0;
  dt_check_money (dt_form_get_text (form, "discount-fixed"), target->currency, TRUE, &fixed);
  invoice->discount_fixed = MAX (fixed, 0);
  tax = g_strstrip (g_strdup (dt_form_get_text (form, "tax")));
  if (*tax != '\0' && dt_check_percent (tax, &bp) == NULL)
    for (guint i = 0; i < invoice->lines->len; i++)
      ((DtInvoiceLine *) g_ptr_array_index (invoice->lines, i))->tax_rate_bp = bp;
  save_draft (target, invoice);
}

static void
edit_draft_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  g_autofree char *discount = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *body = NULL;
  DraftTarget *target;
  DtForm *form;

  if (invoice == NULL)
    return;
  target = draft_target_new (self, invoice, 0);
  discount = percent_text (invoice->discount_bp);
  fixed = invoice->discount_fixed > 0 ? dt_money_format_plain (invoice->discount_fixed,
                                                               invoice->currency)
                                      : g_strdup ("");
  tax = invoice->lines->len > 0
        ? percent_text (((DtInvoiceLine *) g_ptr_array_index (invoice->lines, 0))->tax_rate_bp)
        : g_strdup ("");
  total = dt_format_money (invoice->total, invoice->currency);
  /* Translators: the draft's total before the edit */
  body = g_strdup_printf (_("Now %s in total. The totals follow as soon as you save."), total);
  form = dt_form_new (GTK_WIDGET (self), _("Edit Draft"), body, _("_Save"),
                      on_edit_draft_done_cb, target, draft_target_free);
  dt_form_add_entry (form, "tax", _("Tax rate for all lines, in percent"), tax,
                     check_optional_percent, NULL);
  dt_form_add_entry (form, "discount", _("Discount in percent"), discount,
                     check_optional_percent, NULL);
  dt_form_add_entry (form, "discount-fixed", _("Fixed discount"), fixed, check_draft_money,
                     target);
  dt_form_add_entry (form, "due", _("Due date (empty: from the client’s terms)"),
                     invoice->due_date, check_optional_date, NULL);
  dt_form_add_entry (form, "notes", _("Notes"), invoice->notes, NULL, NULL);
  dt_form_present (form);
}

static void
on_add_line_done_cb (DtForm   *form,
                     gpointer  user_data)
{
  DraftTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (target->page->db, target->invoice_id,
                                                       &error);
  DtInvoiceLine *line;
  gint64 seconds = 0, price = 0;

  if (invoice == NULL)
    {
      toast (target->page, error->message);
      return;
    }
  line = dt_invoice_line_new (DT_LINE_HOURLY);
  g_free (line->description);
  line->description = g_strstrip (g_strdup (dt_form_get_text (form, "description")));
  dt_check_duration (dt_form_get_text (form, "hours"), FALSE, &seconds);
  line->quantity = seconds / 60;
  dt_check_money (dt_form_get_text (form, "price"), target->currency, FALSE, &price);
  line->unit_price = price;
  line->position = invoice->lines->len;
  if (invoice->lines->len > 0)
    line->tax_rate_bp = ((DtInvoiceLine *) g_ptr_array_index (invoice->lines, 0))->tax_rate_bp;
  g_ptr_array_add (invoice->lines, line);
  save_draft (target, invoice);
}

static char *
check_price (const char *text,
             gpointer    data)
{
  DraftTarget *target = data;
  return dt_check_money (text, target->currency, FALSE, NULL);
}

static void
add_line_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  DraftTarget *target;
  DtForm *form;

  if (invoice == NULL)
    return;
  target = draft_target_new (self, invoice, 0);
  form = dt_form_new (GTK_WIDGET (self), _("Add a Line"),
                      _("For work not tracked with the timer, priced by the hour."), _("_Add"),
                      on_add_line_done_cb, target, draft_target_free);
  dt_form_add_entry (form, "description", _("Description"), NULL, check_description, NULL);
  dt_form_add_entry (form, "hours", _("Hours"), NULL, check_hours_required, NULL);
  dt_form_add_entry (form, "price", _("Rate per hour"), NULL, check_price, target);
  dt_form_present (form);
}

static char *
check_units (const char *text,
             gpointer    data)
{
  return dt_check_units (text, NULL);
}

static char *
check_percent (const char *text,
               gpointer    data)
{
  return dt_check_percent (text, NULL);
}

static void
on_edit_line_done_cb (DtForm   *form,
                      gpointer  user_data)
{
  DraftTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (target->page->db, target->invoice_id,
                                                       &error);
  g_autoptr(DtInvoice) saved = NULL;
  DtInvoiceLine *line = NULL;
  gint64 value = 0;

  if (invoice == NULL)
    {
      toast (target->page, error->message);
      return;
    }
  line = find_line (invoice, target->line_id, NULL);
  if (line == NULL)
    {
      toast (target->page, _("The line is no longer on the draft"));
      dt_invoices_page_show_invoice (target->page, target->invoice_id);
      return;
    }
  g_free (line->description);
  line->description = g_strstrip (g_strdup (dt_form_get_text (form, "description")));
  if (line->kind == DT_LINE_FIXED && dt_check_units (dt_form_get_text (form, "quantity"),
                                                     &value) == NULL)
    line->quantity = value;
  else if (line->kind == DT_LINE_HOURLY &&
           dt_check_duration (dt_form_get_text (form, "quantity"), FALSE, &value) == NULL)
    line->quantity = value / 60;
  dt_check_money (dt_form_get_text (form, "price"), target->currency, FALSE, &line->unit_price);
  if (dt_check_percent (dt_form_get_text (form, "tax"), &value) == NULL)
    line->tax_rate_bp = (int) value;
  saved = dt_invoice_store_update_draft (target->page->db, invoice, invoice->version, &error);
  if (saved == NULL)
    toast (target->page, error->message);
  dt_invoices_page_show_invoice (target->page, target->invoice_id);
}

static void
edit_line_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  gint64 line_id = g_variant_get_int64 (parameter);
  const DtInvoiceLine *line = NULL;
  g_autofree char *price = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *body = NULL;
  DraftTarget *target;
  DtForm *form;

  if (invoice == NULL)
    return;
  line = find_line (invoice, line_id, NULL);
  if (line == NULL)
    return;

  target = draft_target_new (self, invoice, line_id);
  price = dt_money_format_plain (line->unit_price, invoice->currency);
  tax = percent_text (line->tax_rate_bp);
  if (line->kind == DT_LINE_TIME)
    {
      g_autofree char *duration = dt_format_duration_words (line->quantity * 60);

      /* Translators: the tracked time a line bills, for example "12 h 30 min" */
      body = g_strdup_printf (_("It bills %s of tracked time."), duration);
    }
  form = dt_form_new (GTK_WIDGET (self), _("Edit Line"), body, _("_Save"), on_edit_line_done_cb,
                      target, draft_target_free);
  dt_form_add_entry (form, "description", _("Description"), line->description,
                     check_description, NULL);
  if (line->kind == DT_LINE_FIXED)
    {
      quantity = units_text (line->quantity);
      dt_form_add_entry (form, "quantity", _("Quantity"), quantity, check_units, NULL);
      dt_form_add_entry (form, "price", _("Price per unit"), price, check_price, target);
    }
  else
    {
      if (line->kind == DT_LINE_HOURLY)
        {
          quantity = dt_format_duration_clock (line->quantity * 60);
          dt_form_add_entry (form, "quantity", _("Hours"), quantity, check_hours_required, NULL);
        }
      dt_form_add_entry (form, "price", _("Rate per hour"), price, check_price, target);
    }
  dt_form_add_entry (form, "tax", _("Tax rate in percent"), tax, check_percent, NULL);
  dt_form_present (form);
}

/* The line's row after the draft was shown again, or NULL. */
static GtkWidget *
find_line_button (DtInvoicesPage *self,
                  gint64          line_id,
                  guint           nth)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    {
      GtkWidget *button = dt_invoices_page_get_line_button (self, i, nth);

      if (button != NULL && widget_line_id (button) == line_id)
        return button;
    }
  return NULL;
}

static void
move_line_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  g_autoptr(DtInvoice) saved = NULL;
  gint64 line_id;
  gint32 offset;
  GtkWidget *button;
  guint from = 0, to;

  g_variant_get (parameter, "(xi)", &line_id, &offset);
  if (invoice == NULL)
    return;
  if (find_line (invoice, line_id, &from) == NULL || (offset < 0 && from == 0) ||
      (offset > 0 && from + 1 >= invoice->lines->len))
    return;
  to = offset < 0 ? from - 1 : from + 1;
  {
    gpointer moved = invoice->lines->pdata[from];

    invoice->lines->pdata[from] = invoice->lines->pdata[to];
    invoice->lines->pdata[to] = moved;
  }
  saved = dt_invoice_store_update_draft (self->db, invoice, invoice->version, &error);
  if (saved == NULL)
    toast (self, error->message);
  dt_invoices_page_show_invoice (self, self->shown_id);
  /* Keyboard users keep their place: the same button of the line that moved, or the other
   * way once it reached the end. */
  button = find_line_button (self, line_id, offset < 0 ? 0 : 1);
  if (button != NULL && !gtk_widget_get_sensitive (button))
    button = find_line_button (self, line_id, offset < 0 ? 1 : 0);
  if (button != NULL)
    gtk_widget_grab_focus (button);
}

static void
draft_target_closure_free (gpointer  data,
                           GClosure *closure)
{
  draft_target_free (data);
}

static void
on_remove_line_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DraftTarget      *target)
{
  DtInvoicesPage *self = target->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoice) saved = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  invoice = dt_invoice_store_get (self->db, target->invoice_id, &error);
  if (invoice != NULL)
    {
      guint at;

      if (find_line (invoice, target->line_id, &at) != NULL)
        g_ptr_array_remove_index (invoice->lines, at);
      saved = dt_invoice_store_update_draft (self->db, invoice, invoice->version, &error);
    }
  if (saved == NULL)
    toast (self, error->message);
  dt_invoices_page_show_invoice (self, target->invoice_id);
}

static void
remove_line_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = shown_invoice (self);
  const DtInvoiceLine *line = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  DraftTarget *target;
  gint64 line_id = g_variant_get_int64 (parameter);

  if (invoice == NULL)
    return;
  line = find_line (invoice, line_id, NULL);
  if (line == NULL)
    return;

  /* Translators: the line's description */
  heading = g_strdup_printf (_("Remove “%s”?"), line->description);
  if (line->kind == DT_LINE_TIME)
    {
      g_autofree char *duration = dt_format_duration_words (line->quantity * 60);

      /* Translators: the time the line bills, for example "12 h 30 min" */
      body = g_strdup_printf (_("Its tracked time, %s, goes back to the work ready to bill."),
                              duration);
    }
  else
    body = g_strdup (_("The draft’s totals follow."));
  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  target = draft_target_new (self, invoice, line_id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_line_response_cb), target,
                         draft_target_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
dt_invoices_page_get_line_button (DtInvoicesPage *self,
                                  guint           row,
                                  guint           nth)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), NULL);
  g_return_val_if_fail (nth < LINE_BUTTONS, NULL);

  if (row >= self->line_rows->len)
    return NULL;
  return self->line_buttons->pdata[row * LINE_BUTTONS + nth];
}

/* ---- a new invoice from candidates ----------------------------------------------------- */

typedef struct
{
  DtInvoicesPage *page;
  GtkWidget      *dialog;
  GArray         *client_ids;
  AdwComboRow    *client;
  AdwEntryRow    *from;
  AdwEntryRow    *to;
  AdwComboRow    *grouping;
  GtkWidget      *candidates_group;
  GtkLabel       *total;
  GPtrArray      *rows;          /* the candidate rows shown (removed on refresh) */
  GPtrArray      *checks;        /* GtkCheckButton per candidate group */
  DtCandidates   *candidates;
  gint64          period_from;
  gint64          period_to;
} NewInvoice;

static void
new_invoice_free (gpointer data,
                  GClosure *closure)
{
  NewInvoice *form = data;

  g_object_unref (form->page);
  g_array_unref (form->client_ids);
  g_ptr_array_unref (form->rows);
  g_ptr_array_unref (form->checks);
  g_clear_pointer (&form->candidates, dt_candidates_free);
  g_free (form);
}

static gboolean
parse_day (AdwEntryRow *row,
           gint64      *out)
{
  int y, m, d;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!dt_time_parse_date (text, &y, &m, &d, NULL))
    return FALSE;
  *out = dt_time_local_midnight (y, m, d);
  return TRUE;
}

static void
update_total (NewInvoice *form)
{
  gint64 amount = 0, minutes = 0;
  gboolean any = FALSE;
  g_autofree char *money = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; form->candidates != NULL && i < form->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (form->checks, i)))
      {
        DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
        amount += group->amount;
        minutes += group->billed_minutes;
        any = TRUE;
      }
  money = dt_format_money (amount, form->candidates != NULL ? form->candidates->currency : NULL);
  time = dt_format_duration_words (minutes * 60);
  /* Translators: "12 h 30 min — €1,000.00 before tax" */
  text = g_strdup_printf (_("%s — %s before tax"), time, money);
  gtk_label_set_label (form->total, text);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create", any);
}

static void
refresh_candidates (NewInvoice *form)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (form->client);
  DtInvoiceGrouping grouping = adw_combo_row_get_selected (form->grouping) == 1
                               ? DT_GROUP_BY_PROJECT
                               : adw_combo_row_get_selected (form->grouping) == 2
                               ? DT_GROUP_BY_ENTRY : DT_GROUP_BY_TASK;
  gint64 from, to;

  for (guint i = 0; i < form->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (form->candidates_group),
                                  g_ptr_array_index (form->rows, i));
  g_ptr_array_set_size (form->rows, 0);
  g_ptr_array_set_size (form->checks, 0);
  g_clear_pointer (&form->candidates, dt_candidates_free);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= form->client_ids->len ||
      !parse_day (form->from, &from) || !parse_day (form->to, &to) || to < from)
    {
      gtk_label_set_label (form->total, _("Choose a client and a period like 2026-11-01 to "
                                          "2026-11-30"));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                               FALSE);
      return;
    }
  form->period_from = from;
  form->period_to = dt_time_local_day_add (to, 1);
  form->candidates = dt_invoicing_find_candidates (form->page->db,
                                                   g_array_index (form->client_ids, gint64,
                                                                  selected),
                                                   form->period_from, form->period_to,
                                                   grouping, &error);
  if (form->candidates == NULL)
    {
      gtk_label_set_label (form->total, error->message);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                               FALSE);
      return;
    }
  for (guint i = 0; i < form->candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *time = dt_format_raw_and_billed (group->raw_minutes * 60,
                                                        group->billed_minutes * 60);
      g_autofree char *rate = dt_format_rate (group->rate, form->candidates->currency);
      g_autofree char *amount = dt_format_money (group->amount, form->candidates->currency);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", time, rate);
      GtkWidget *amount_label = gtk_label_new (amount);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_total), form);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), group->description);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, group->rate_explanation);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_add_css_class (amount_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->candidates_group), row);
      g_ptr_array_add (form->rows, row);
      g_ptr_array_add (form->checks, check);
    }
  if (form->candidates->groups->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing ready to bill in this period"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->candidates_group), row);
      g_ptr_array_add (form->rows, row);
    }
  update_total (form);
}

static void
on_new_invoice_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            NewInvoice       *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DtInvoice) draft = NULL;
  DtDraftRequest request = { 0 };

  if (!g_str_equal (response, "create") || form->candidates == NULL)
    return;
  for (guint i = 0; i < form->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (form->checks, i)))
      {
        DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
        for (guint e = 0; e < group->entries->len; e++)
          g_array_append_val (entry_ids,
                              ((DtCandidateEntry *) g_ptr_array_index (group->entries, e))->entry_id);
      }
  request.client_id = form->candidates->client_id;
  request.from = form->period_from;
  request.to = form->period_to;
  request.grouping = form->candidates->grouping;
  request.entry_ids = entry_ids;
  request.tax_rate_bp = -1;
  draft = dt_invoicing_create_draft (form->page->db, &request, &error);
  if (draft == NULL)
    {
      toast (form->page, error->message);
      return;
    }
  dt_invoices_page_reload (form->page);
  dt_invoices_page_show_invoice (form->page, draft->id);
}

GtkWidget *
dt_invoices_page_new_invoice (DtInvoicesPage *self,
                              gint64          client_id)
{
  NewInvoice *form = g_new0 (NewInvoice, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *groupings[] = { NULL, NULL, NULL, NULL };
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) clients = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GtkWidget *box, *group;
  gint64 now = dt_time_now ();

  form->page = g_object_ref (self);
  form->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  form->rows = g_ptr_array_new ();
  form->checks = g_ptr_array_new ();

  query.limit = DT_LIST_MAX_LIMIT;
  clients = dt_client_store_list (self->db, &query, NULL, NULL);
  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      DtClient *c = g_ptr_array_index (clients, i);
      gtk_string_list_append (names, c->name);
      g_array_append_val (form->client_ids, c->id);
    }

  form->dialog = adw_message_dialog_new (parent_window (self), _("New Invoice"),
                                         _("Tick the work to bill. The draft can still be "
                                           "changed or deleted before it is sent."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog), "cancel", _("_Cancel"),
                                    "create", _("C_reate Draft"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  form->client = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->client), _("Client"));
  adw_combo_row_set_model (form->client, G_LIST_MODEL (names));
  for (guint i = 0; i < form->client_ids->len; i++)
    if (g_array_index (form->client_ids, gint64, i) == client_id)
      adw_combo_row_set_selected (form->client, i);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->client));

  /* This month so far: the usual monthly invoice. */
  from = dt_time_local_date (dt_time_local_month_start (now));
  to = dt_time_local_date (now);
  form->from = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->from), _("From"));
  gtk_editable_set_text (GTK_EDITABLE (form->from), from);
  form->to = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->to), _("To (inclusive)"));
  gtk_editable_set_text (GTK_EDITABLE (form->to), to);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->from));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->to));

  groupings[0] = _("One line per task");
  groupings[1] = _("One line per project");
  groupings[2] = _("One line per entry");
  form->grouping = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->grouping), _("Lines"));
  adw_combo_row_set_model (form->grouping, G_LIST_MODEL (gtk_string_list_new (groupings)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->grouping));
  gtk_box_append (GTK_BOX (box), group);

  form->candidates_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (form->candidates_group),
                                   _("Ready to Bill"));
  gtk_box_append (GTK_BOX (box), form->candidates_group);
  form->total = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->total, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->total), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->total));

  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
    gtk_widget_set_size_request (scrolled, 440, -1);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), scrolled);
  }

  g_signal_connect_swapped (form->client, "notify::selected", G_CALLBACK (refresh_candidates),
                            form);
  g_signal_connect_swapped (form->grouping, "notify::selected", G_CALLBACK (refresh_candidates),
                            form);
  g_signal_connect_swapped (form->from, "changed", G_CALLBACK (refresh_candidates), form);
  g_signal_connect_swapped (form->to, "changed", G_CALLBACK (refresh_candidates), form);
  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_new_invoice_response_cb), form,
                         new_invoice_free, 0);
  refresh_candidates (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
}

static void
new_invoice_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_invoices_page_new_invoice (DT_INVOICES_PAGE (widget), 0);
}

static void
dt_invoices_page_dispose (GObject *object)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_INVOICES_PAGE);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);
  g_clear_pointer (&self->line_buttons, g_ptr_array_unref);
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
  g_type_ensure (DT_TYPE_INVOICE_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, invoices_list);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, detail_actions);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, preview_pages);
  gtk_widget_class_bind_template_child (widget_class, DtInvoicesPage, lines_group);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "invoices.new-invoice", NULL,
                                   new_invoice_activated);
  gtk_widget_class_install_action (widget_class, "invoices.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "invoices.mark-sent", NULL,
                                   mark_sent_activated);
  gtk_widget_class_install_action (widget_class, "invoices.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "invoices.delete-draft", NULL,
                                   delete_draft_activated);
  gtk_widget_class_install_action (widget_class, "invoices.void", NULL, void_activated);
  gtk_widget_class_install_action (widget_class, "invoices.credit-note", NULL,
                                   credit_note_activated);
  gtk_widget_class_install_action (widget_class, "invoices.record-payment", NULL,
                                   record_payment_activated);
  gtk_widget_class_install_action (widget_class, "invoices.save-pdf", NULL, save_pdf_activated);
  gtk_widget_class_install_action (widget_class, "invoices.preview-pdf", NULL,
                                   preview_pdf_activated);
  gtk_widget_class_install_action (widget_class, "invoices.edit-draft", NULL,
                                   edit_draft_activated);
  gtk_widget_class_install_action (widget_class, "invoices.add-line", NULL, add_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.move-line", "(xi)",
                                   move_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.remove-line", "x",
                                   remove_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.edit-line", "x",
                                   edit_line_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "invoices.back", NULL);
}

static void
dt_invoices_page_init (DtInvoicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->line_rows = g_ptr_array_new ();
  self->line_buttons = g_ptr_array_new ();
}

DtInvoicesPage *
dt_invoices_page_new (DtDb *db)
{
  DtInvoicesPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_INVOICES_PAGE, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  dt_invoices_page_reload (self);
  return self;
}

guint
dt_invoices_page_get_n_invoices (DtInvoicesPage *self)
{
  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), 0);
  return self->n_invoices;
}

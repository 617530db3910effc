/* dt-invoice-detail.c: one invoice as the user reads and corrects it: the printed document
 * (drawn pages and plain text of the same data as the PDF), the lines of a draft and the
 * buttons of the actions its status allows. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-store.h"
#include "dt-einvoice-readiness.h"
#include "dt-format.h"
#include "dt-invoice-detail.h"
#include "dt-invoice-preview.h"
#include "dt-invoice-store.h"
#include "dt-invoice-text.h"
#include "dt-invoice-words.h"
#include "dt-invoicing.h"

struct _DtInvoiceDetail
{
  GtkWidget            parent_instance;

  DtDb                *db;

  GtkLabel            *detail_title;
  GtkBox              *detail_actions;
  GtkLabel            *detail_status;
  GtkLabel            *preview_label;
  DtInvoicePreview    *preview_pages;
  AdwPreferencesGroup *lines_group;
  AdwBin              *readiness_slot;
  DtEinvoiceReadiness *readiness;
  GPtrArray           *line_rows;      /* the rows in lines_group */
  GPtrArray           *line_buttons;   /* LINE_BUTTONS per row: up, down, remove */
};

#define LINE_BUTTONS 3

G_DEFINE_FINAL_TYPE (DtInvoiceDetail, dt_invoice_detail, GTK_TYPE_WIDGET)

static void
add_action (DtInvoiceDetail *self,
            const char      *label,
            const char      *action,
            const char      *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  gtk_box_append (self->detail_actions, button);
}

static GtkWidget *
line_button (DtInvoiceDetail *self,
             const char      *icon_name,
             const char      *tooltip,
             gboolean         sensitive,
             GCallback        callback,
             gint64           line_id)
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

/* Export… saves the invoice as any format; the readiness panel beside the preview says
 * beforehand which of them it is fit for. */
static void
add_export_menu (DtInvoiceDetail *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  for (guint f = 0; f < DT_N_EXPORTS; f++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      /* Translators: a menu item, %s is a format such as "XRechnung (CII)" */
      label = g_strdup_printf (_("%s…"), dt_export_format_name (f));
      action = g_strdup_printf ("invoices.export::%s", dt_export_format_to_string (f));
      g_menu_append (menu, label, action);
    }
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("E_xport"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_name (button, "export-button");
  gtk_box_append (self->detail_actions, button);
}

DtEinvoiceReadiness *
dt_invoice_detail_get_readiness (DtInvoiceDetail *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_DETAIL (self), NULL);
  return self->readiness;
}

/* The line a line's row or one of its buttons stands for. */
static gint64
widget_line_id (GtkWidget *widget)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (widget), "dt-line-id");
}

static void
on_line_up_clicked_cb (DtInvoiceDetail *self,
                       GtkWidget       *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.move-line", "(xi)",
                              widget_line_id (button), -1);
}

static void
on_line_down_clicked_cb (DtInvoiceDetail *self,
                         GtkWidget       *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.move-line", "(xi)",
                              widget_line_id (button), 1);
}

static void
on_line_remove_clicked_cb (DtInvoiceDetail *self,
                           GtkWidget       *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.remove-line", "x",
                              widget_line_id (button));
}

static void
on_line_activated_cb (DtInvoiceDetail *self,
                      GtkWidget       *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.edit-line", "x",
                              widget_line_id (row));
}

/* A draft's lines, each with buttons to move it up or down or remove it; activating one
 * edits it. */
static void
show_lines (DtInvoiceDetail *self,
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
      g_autofree char *quantity = dt_invoice_words_line_quantity (line, invoice->currency);
      g_autofree char *amount = dt_format_money (line->amount, invoice->currency);
      g_autofree char *tax = dt_invoice_words_percent (line->tax_rate_bp);
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

gboolean
dt_invoice_detail_show (DtInvoiceDetail *self,
                        gint64            invoice_id,
                        GError          **error)
{
  g_autoptr(GError) doc_error = NULL;
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

  g_return_val_if_fail (DT_IS_INVOICE_DETAIL (self), FALSE);

  invoice = dt_invoice_store_get (self->db, invoice_id, error);
  if (invoice == NULL)
    return FALSE;
  client = dt_client_store_get (self->db, invoice->client_id, NULL);
  doc = dt_invoicing_build_document (self->db, invoice_id, &doc_error);
  text = doc != NULL ? dt_invoice_text_render (doc, 76) : g_strdup (doc_error->message);
  title = dt_invoice_words_title (invoice, client != NULL ? client->name : NULL);
  gtk_label_set_label (self->detail_title, title);
  gtk_label_set_label (self->preview_label, text);
  dt_invoice_preview_set_document (self->preview_pages, doc);
  dt_einvoice_readiness_show (self->readiness, invoice_id);
  show_lines (self, invoice);
  total = dt_format_money (invoice->total, invoice->currency);
  balance = dt_format_money (invoice->balance, invoice->currency);
  dates = dt_invoice_words_dates (invoice);
  /* Translators: "Sent · Issued … · Total €1,250.00 · Balance €250.00" */
  status = g_strdup_printf (_("%s · %s · Total %s · Balance %s"), dt_invoice_words_status (invoice), dates,
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
  add_export_menu (self);
  return TRUE;
}

GtkWidget *
dt_invoice_detail_get_line_button (DtInvoiceDetail *self,
                                   guint             row,
                                   guint             nth)
{
  g_return_val_if_fail (DT_IS_INVOICE_DETAIL (self), NULL);
  g_return_val_if_fail (nth < LINE_BUTTONS, NULL);

  if (row >= self->line_rows->len)
    return NULL;
  return self->line_buttons->pdata[row * LINE_BUTTONS + nth];
}

GtkWidget *
dt_invoice_detail_find_line_button (DtInvoiceDetail *self,
                                    gint64            line_id,
                                    guint             nth)
{
  g_return_val_if_fail (DT_IS_INVOICE_DETAIL (self), NULL);

  for (guint i = 0; i < self->line_rows->len; i++)
    {
      GtkWidget *button = dt_invoice_detail_get_line_button (self, i, nth);

      if (button != NULL && widget_line_id (button) == line_id)
        return button;
    }
  return NULL;
}

static void
dt_invoice_detail_dispose (GObject *object)
{
  DtInvoiceDetail *self = DT_INVOICE_DETAIL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_INVOICE_DETAIL);
  /* The template's root box is bound to no field, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);
  g_clear_pointer (&self->line_buttons, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_invoice_detail_parent_class)->dispose (object);
}

static void
dt_invoice_detail_class_init (DtInvoiceDetailClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_invoice_detail_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (DT_TYPE_INVOICE_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-invoice-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, detail_title);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, detail_actions);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, detail_status);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, preview_label);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, preview_pages);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, lines_group);
  gtk_widget_class_bind_template_child (widget_class, DtInvoiceDetail, readiness_slot);
}

static void
dt_invoice_detail_init (DtInvoiceDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->line_rows = g_ptr_array_new ();
  self->line_buttons = g_ptr_array_new ();
}

DtInvoiceDetail *
dt_invoice_detail_new (DtDb *db)
{
  DtInvoiceDetail *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_INVOICE_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->readiness = DT_EINVOICE_READINESS (dt_einvoice_readiness_new (db));
  adw_bin_set_child (self->readiness_slot, GTK_WIDGET (self->readiness));
  return self;
}

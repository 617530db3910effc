/* dt-invoices-page-editor.c: correcting a draft before it is issued: tax, discount, due date
 * and notes, and its lines — added, edited, reordered, removed. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-form-checks.h"
#include "dt-einvoicing-group.h"
#include "dt-form.h"
#include "dt-format.h"
#include "dt-invoice-words.h"
#include "dt-einvoice-codes.h"
#include "dt-invoices-page-private.h"
#include "dt-money.h"
#include "dt-time.h"

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
    dt_invoices_page_toast (target->page, error->message);
  dt_invoices_page_show_invoice (target->page, target->invoice_id);
}

/* The draft's VAT choices: "" takes the client's treatment, else the business's. */
static const char *const draft_vat_ids[] = { "", "S", "E-19", "E", "Z", "O", "AE", "K", "G",
                                             NULL };

static char *
optional_date (DtForm     *form,
               const char *key)
{
  g_autofree char *text = g_strstrip (g_strdup (dt_form_get_text (form, key)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
read_einvoice_fields (DtForm    *form,
                      DtInvoice *invoice)
{
  const char *vat = dt_form_get_choice (form, "vat_category");
  gboolean small_business = g_str_equal (vat, "E-19");
  g_autofree char *reason = g_strstrip (g_strdup (dt_form_get_text (form,
                                                                    "vat_exemption_reason")));

  g_free (invoice->order_reference);
  invoice->order_reference = g_strstrip (g_strdup (dt_form_get_text (form, "order_reference")));
  g_free (invoice->period_from);
  invoice->period_from = optional_date (form, "period_from");
  g_free (invoice->period_to);
  invoice->period_to = optional_date (form, "period_to");
  g_free (invoice->vat_category);
  invoice->vat_category = g_strdup (small_business ? "E" : vat);
  g_free (invoice->vat_exemption_reason);
  invoice->vat_exemption_reason = small_business && *reason == '\0'
                                  ? g_strdup (DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS)
                                  : g_steal_pointer (&reason);
}

static void
add_einvoice_fields (DtForm          *form,
                     const DtInvoice *invoice)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *row;

  g_ptr_array_add (labels, (gpointer) _("The client’s, else yours"));
  for (guint k = 1; draft_vat_ids[k] != NULL; k++)
    g_ptr_array_add (labels, (gpointer) dt_einvoicing_vat_choice_label (draft_vat_ids[k]));
  g_ptr_array_add (labels, NULL);
  dt_form_begin_section (form, _("E-Invoicing"), _("Order reference, service period, VAT"));
  row = dt_form_add_entry (form, "order_reference", _("The client’s order number"),
                           invoice->order_reference, NULL, NULL);
  dt_einvoicing_set_field (row, "invoice.order_reference");
  row = dt_form_add_entry (form, "period_from", _("Service period from"), invoice->period_from,
                           check_optional_date, NULL);
  dt_einvoicing_set_field (row, "invoice.period");
  dt_form_add_entry (form, "period_to", _("Service period to"), invoice->period_to,
                     check_optional_date, NULL);
  row = dt_form_add_choice (form, "vat_category", _("VAT category"), draft_vat_ids,
                            (const char *const *) labels->pdata,
                            *invoice->vat_category != '\0'
                            ? dt_einvoicing_vat_choice_for (invoice->vat_category,
                                                            invoice->vat_exemption_reason)
                            : "");
  dt_einvoicing_set_field (row, "invoice.vat_category");
  row = dt_form_add_entry (form, "vat_exemption_reason", _("VAT exemption reason"),
                           invoice->vat_exemption_reason, NULL, NULL);
  dt_einvoicing_set_field (row, "invoice.vat_exemption_reason");
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
      dt_invoices_page_toast (target->page, error->message);
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
  read_einvoice_fields (form, invoice);
  save_draft (target, invoice);
}

GtkWidget *
dt_invoices_page_edit_draft (DtInvoicesPage *self,
                             const char     *focus_key)
{
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
  GtkWidget *dialog;
  g_autofree char *discount = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *body = NULL;
  DraftTarget *target;
  DtForm *form;

  if (invoice == NULL)
    return NULL;
  target = draft_target_new (self, invoice, 0);
  discount = dt_invoice_words_percent (invoice->discount_bp);
  fixed = invoice->discount_fixed > 0 ? dt_money_format_plain (invoice->discount_fixed,
                                                               invoice->currency)
                                      : g_strdup ("");
  tax = invoice->lines->len > 0
        ? dt_invoice_words_percent (((DtInvoiceLine *) g_ptr_array_index (invoice->lines, 0))->tax_rate_bp)
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
  add_einvoice_fields (form, invoice);
  dialog = dt_form_present (form);
  if (focus_key != NULL)
    dt_form_focus (form, focus_key);
  return dialog;
}

static void
edit_draft_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dt_invoices_page_edit_draft (DT_INVOICES_PAGE (widget), NULL);
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
      dt_invoices_page_toast (target->page, error->message);
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
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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
      dt_invoices_page_toast (target->page, error->message);
      return;
    }
  line = find_line (invoice, target->line_id, NULL);
  if (line == NULL)
    {
      dt_invoices_page_toast (target->page, _("The line is no longer on the draft"));
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
    dt_invoices_page_toast (target->page, error->message);
  dt_invoices_page_show_invoice (target->page, target->invoice_id);
}

static void
edit_line_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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
  tax = dt_invoice_words_percent (line->tax_rate_bp);
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
      quantity = dt_invoice_words_units (line->quantity);
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
static void
move_line_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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
    dt_invoices_page_toast (self, error->message);
  dt_invoices_page_show_invoice (self, self->shown_id);
  /* Keyboard users keep their place: the same button of the line that moved, or the other
   * way once it reached the end. */
  button = dt_invoice_detail_find_line_button (self->detail, line_id, offset < 0 ? 0 : 1);
  if (button != NULL && !gtk_widget_get_sensitive (button))
    button = dt_invoice_detail_find_line_button (self->detail, line_id, offset < 0 ? 1 : 0);
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
    dt_invoices_page_toast (self, error->message);
  dt_invoices_page_show_invoice (self, target->invoice_id);
}

static void
remove_line_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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
  dialog = adw_message_dialog_new (dt_invoices_page_get_parent_window (self), heading, body);
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

void
dt_invoices_page_class_add_editor_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "invoices.edit-draft", NULL,
                                   edit_draft_activated);
  gtk_widget_class_install_action (widget_class, "invoices.add-line", NULL, add_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.move-line", "(xi)",
                                   move_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.remove-line", "x",
                                   remove_line_activated);
  gtk_widget_class_install_action (widget_class, "invoices.edit-line", "x",
                                   edit_line_activated);
}

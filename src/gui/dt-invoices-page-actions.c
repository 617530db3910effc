/* dt-invoices-page-actions.c: what can happen to one invoice as its status allows: issue,
 * send, delete a draft, void, credit, record a payment, preview and save the PDF. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dt-client-store.h"
#include "dt-form-checks.h"
#include "dt-form.h"
#include "dt-format.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-sending.h"
#include "dt-invoices-page-private.h"
#include "dt-invoicing.h"
#include "dt-money.h"
#include "dt-payment-store.h"
#include "dt-time.h"

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
    dt_invoices_page_toast (self, error->message);
  else
    {
      /* Translators: %s is an invoice number */
      g_autofree char *message = g_strdup_printf (_("%s issued"), issued->number);
      dt_invoices_page_toast (self, message);
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
    dt_invoices_page_toast (self, error->message);
  else
    {
      dt_invoices_page_toast (self, _("Draft deleted; its time can be billed again"));
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
  GtkWidget *dialog = adw_message_dialog_new (dt_invoices_page_get_parent_window (self), heading, body);

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
  dt_invoices_page_toast (self, voided != NULL ? _("Invoice voided; its time can be billed again")
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
      dt_invoices_page_toast (self, error->message);
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
        dt_invoices_page_toast (self, error->message);
    }
  else
    {
      /* Translators: "INV-2026-0014 sent to billing@acme.example" */
      g_autofree char *message = g_strdup_printf (_("%s sent to %s"), sent->number,
                                                  sent->sent_to != NULL ? sent->sent_to : "");
      dt_invoices_page_toast (self, message);
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
  dt_invoices_page_toast (self, _("Sending…"));
  dt_invoicing_send_async (self->db, self->shown_id, NULL, NULL, NULL, self->cancellable,
                           on_sent_cb, g_object_ref (self));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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
        dt_invoices_page_toast (self, error->message);
      else
        dt_invoices_page_toast (self, _("PDF saved"));
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
        dt_invoices_page_toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (dt_invoices_page_get_parent_window (self), uri, GDK_CURRENT_TIME);
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
      dt_invoices_page_toast (self, error->message);
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

  chooser = gtk_file_chooser_native_new (_("Save Invoice as PDF"), dt_invoices_page_get_parent_window (self),
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
  dt_invoices_page_toast (target->page, recorded != NULL ? _("Payment recorded") : error->message);
  dt_invoices_page_reload (target->page);
}

GtkWidget *
dt_invoices_page_record_payment (DtInvoicesPage *self)
{
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);
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

void
dt_invoices_page_class_add_invoice_actions (GtkWidgetClass *widget_class)
{
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
}

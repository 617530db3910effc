/* dt-ops-sending.c: an invoice on its way out: preview, PDF, sending and voiding. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-einvoice-file.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-text.h"
#include "dt-invoicing.h"
#include "dt-mailer.h"
#include "dt-settings-store.h"

/* ---- preview, PDF ------------------------------------------------------------------- */

static JsonObject *
preview_invoice (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;
  DtInvoiceDocument *document;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoice_store_get (ctx->db, id, error);
  if (invoice == NULL)
    return NULL;
  document = dt_invoicing_build_document (ctx->db, id, error);
  if (document == NULL)
    return NULL;
  text = dt_invoice_text_render (document, 78);
  dt_invoice_document_free (document);
  uri = g_strdup_printf ("doubletime://invoices/%" G_GINT64_FORMAT "/pdf", id);
  out = json_object_new ();
  json_object_set_object_member (out, "invoice", dt_ops_invoice_to_json (invoice));
  json_object_set_string_member (out, "text", text);
  json_object_set_string_member (out, "pdf_uri", uri);
  return out;
}

static JsonObject *
get_invoice_pdf (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  DtInvoiceDocument *document;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *name = NULL;
  g_autofree char *base64 = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  document = dt_invoicing_build_document (ctx->db, id, error);
  if (document == NULL)
    return NULL;
  pdf = dt_invoice_pdf_render (document, dt_invoice_pdf_paper_for_currency (document->currency),
                               error);
  name = dt_invoice_pdf_file_name (document);
  dt_invoice_document_free (document);
  if (pdf == NULL)
    return NULL;
  base64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  out = json_object_new ();
  json_object_set_string_member (out, "content_type", "application/pdf");
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "data_base64", base64);
  return out;
}

/* ---- send --------------------------------------------------------------------------- */

static char *
recipients_of (DtOpContext       *ctx,
               JsonObject        *input,
               DtInvoiceDocument *document)
{
  const char *to = dt_ops_get_string (input, "to");

  if (to != NULL)
    return g_strdup (to);
  if (document->bill_to.emails == NULL || document->bill_to.emails[0] == NULL)
    return NULL;
  return g_strjoinv (", ", document->bill_to.emails);
}

static char *
describe_send (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtSendPlan) plan = dt_invoicing_prepare_send (ctx->db, id, error);
  g_autofree char *to = NULL;
  g_autofree char *total = NULL;

  if (plan == NULL)
    return NULL;
  /* A client that wants e-invoices gets none that would be invalid: say what is missing
   * before the user is asked. */
  if (!dt_einvoice_file_check_sending (ctx->db, id, error))
    return NULL;
  to = recipients_of (ctx, input, plan->document);
  if (to == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the client of invoice %" G_GINT64_FORMAT " has no billing e-mail address; "
                   "add one with update_client or pass “to”", id);
      return NULL;
    }
  total = dt_money_format (plan->document->total, plan->document->currency);
  return g_strdup_printf ("send invoice %s to %s — %s", plan->number, to, total);
}

typedef struct
{
  DtOpContext *ctx;
  DtSendPlan  *plan;
  char        *to;
} Sending;

static void
sending_free (gpointer data)
{
  Sending *sending = data;

  dt_send_plan_free (sending->plan);
  g_free (sending->to);
  g_free (sending);
}

static DtMailerSettings *
mailer_settings (DtDb    *db,
                 GError **error)
{
  g_autoptr(DtMailerSettings) settings = dt_mailer_settings_new ();
  g_autofree char *security = dt_settings_get (db, DT_SETTING_SMTP_SECURITY, NULL);

  settings->host = dt_settings_get (db, DT_SETTING_SMTP_HOST, NULL);
  settings->port = (guint16) dt_settings_get_int (db, DT_SETTING_SMTP_PORT, 0);
  settings->username = dt_settings_get (db, DT_SETTING_SMTP_USER, NULL);
  settings->from_address = dt_settings_get (db, DT_SETTING_SMTP_FROM, NULL);
  settings->security = g_strcmp0 (security, "tls") == 0 ? DT_SMTP_SECURITY_TLS
                       : g_strcmp0 (security, "none") == 0 ? DT_SMTP_SECURITY_NONE
                       : DT_SMTP_SECURITY_STARTTLS;
  if (settings->host == NULL || *settings->host == '\0')
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                           "E-mail is not set up: the user has to enter an SMTP server in "
                           "Preferences → E-mail before invoices can be sent");
      return NULL;
    }
  if (!dt_mailer_settings_validate (settings, error))
    return NULL;
  return g_steal_pointer (&settings);
}

static void
mail_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sending *sending = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(DtInvoice) sent = NULL;

  if (!dt_mailer_send_finish (result, &error))
    {
      /* The invoice stays a draft and remembers why, for the user and the Billing Hub. */
      dt_invoicing_record_send_failure (sending->ctx->db, sending->plan->invoice_id,
                                        error->message, NULL);
      g_task_return_error (task, error);
      return;
    }
  sent = dt_invoicing_commit_send (sending->ctx->db, sending->plan, sending->to, &error);
  if (sent == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dt_ops_invoice_to_json (sent),
                           (GDestroyNotify) json_object_unref);
}

static void
send_invoice_async (DtOpContext        *ctx,
                    JsonObject         *input,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, ctx->cancellable, callback, user_data);
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtMailerSettings) settings = NULL;
  g_autoptr(DtMailMessage) message = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(DtEinvoiceFile) einvoice = NULL;
  GError *error = NULL;
  Sending *sending;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  sending = g_new0 (Sending, 1);
  sending->ctx = ctx;
  g_task_set_task_data (task, sending, sending_free);
  sending->plan = dt_invoicing_prepare_send (ctx->db, id, &error);
  if (sending->plan == NULL ||
      (settings = mailer_settings (ctx->db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sending->to = recipients_of (ctx, input, sending->plan->document);
  pdf = dt_invoice_pdf_render (sending->plan->document,
                               dt_invoice_pdf_paper_for_currency (sending->plan->document->currency),
                               &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* What the client prefers: Factur-X in place of the PDF, XRechnung beside it. */
  einvoice = dt_einvoice_file_for_sending (ctx->db, id, pdf, &error);
  if (einvoice == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  message = dt_mail_message_new_for_invoice (sending->plan->document,
                                             einvoice != NULL &&
                                             einvoice->format == DT_EINVOICE_FILE_FACTURX
                                             ? einvoice->data : pdf,
                                             dt_ops_get_string (input, "greeting"));
  if (einvoice != NULL && einvoice->format != DT_EINVOICE_FILE_FACTURX)
    {
      message->extra_attachment = g_bytes_ref (einvoice->data);
      message->extra_attachment_name = g_strdup (einvoice->file_name);
      message->extra_attachment_type = g_strdup (einvoice->content_type);
    }
  if (dt_ops_get_string (input, "to") != NULL)
    {
      g_strfreev (message->to);
      message->to = g_strsplit (sending->to, ",", -1);
      for (guint i = 0; message->to[i]; i++)
        g_strstrip (message->to[i]);
    }
  /* The password (if any) is read from the keyring in the mailer's worker thread. */
  dt_mailer_send_async (settings, NULL, message, ctx->cancellable, mail_sent_cb,
                        g_steal_pointer (&task));
}

static JsonObject *
send_invoice_finish (GAsyncResult *result,
                     GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- void --------------------------------------------------------------------------- */

static char *
describe_void (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (ctx->db, dt_ops_get_int (input, "id", 0),
                                                       error);
  g_autofree char *total = NULL;

  if (invoice == NULL)
    return NULL;
  if (invoice->status == DT_INVOICE_DRAFT)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_CONFLICT,
                           "this invoice is a draft: delete it with delete_invoice_draft "
                           "instead of voiding it");
      return NULL;
    }
  total = dt_money_format (invoice->total, invoice->currency);
  return g_strdup_printf ("void invoice %s (%s); its work becomes billable again",
                          invoice->number ? invoice->number : "", total);
}

static JsonObject *
void_invoice (DtOpContext *ctx,
              JsonObject  *input,
              GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoicing_void (ctx->db, id, error);
  return invoice ? dt_ops_invoice_to_json (invoice) : NULL;
}

/* ---- definitions -------------------------------------------------------------------- */

static const DtOp sending_ops[] = {
  {
    "preview_invoice", "Preview an invoice", "invoices", "invoices:read",
    "Returns an invoice as it will be printed, as plain text, plus pdf_uri, a resource with "
    "the PDF (read it with resources/read).",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"invoice\":" DT_OPS_INVOICE_REF_OUT ","
    "\"text\":{\"type\":\"string\"},\"pdf_uri\":{\"type\":\"string\"}},"
    "\"required\":[\"invoice\",\"text\",\"pdf_uri\"]}",
    DT_OP_READ_ONLY, "GET", "/invoices/{id}/preview", 200, preview_invoice, NULL,
  },
  {
    "get_invoice_pdf", "Get an invoice's PDF", "invoices", "invoices:read",
    "Returns the invoice as a PDF (base64). Prefer preview_invoice's pdf_uri resource.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"data_base64\":{\"type\":\"string\"}},"
    "\"required\":[\"content_type\",\"data_base64\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/invoices/{id}/pdf", 200, get_invoice_pdf, NULL,
  },
  {
    "send_invoice", "Send an invoice", "invoices", "invoices:send",
    "E-mails a draft invoice as a PDF to the client's billing address (or “to”), gives it "
    "its number and marks it sent; it cannot change afterwards. A client whose "
    "einvoice_format is facturx gets the Factur-X PDF instead, one with xrechnung-cii or "
    "xrechnung-ubl the XRechnung XML beside the PDF; an invoice that is not ready as that "
    "e-invoice is refused with what is missing (see check_einvoice). The user confirms each send "
    "in DoubleTime and the call waits for the answer; if they decline, nothing is sent.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The draft's id") ","
    "\"to\":{\"type\":\"string\",\"maxLength\":500,\"description\":\"Recipients, comma "
    "separated (default: the client's billing e-mail)\"},"
    "\"greeting\":{\"type\":\"string\",\"maxLength\":2000,\"description\":\"A line before "
    "the invoice text in the e-mail\"}},\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_INVOICE_REF_OUT, DT_OP_SENSITIVE, "POST", "/invoices/{id}/send", 200, NULL,
    describe_send, send_invoice_async, send_invoice_finish,
  },
  {
    "void_invoice", "Void an invoice", "invoices", "invoices:write",
    "Voids a sent invoice that has no payments: it keeps its number, shows as void, and its "
    "work becomes billable again. The user confirms in DoubleTime.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_INVOICE_REF_OUT, DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "POST", "/invoices/{id}/void",
    200, void_invoice, describe_void,
  },
};

void
dt_ops_register_sending (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (sending_ops); i++)
    dt_op_registry_add (registry, &sending_ops[i]);
}

/* dt-ops-einvoice.c: e-invoices — the readiness check, the file in any format, and reading
 * (and keeping) an e-invoice a supplier sent. */
#define G_LOG_DOMAIN "dt-ops"

#include "config.h"

#include "dt-ops-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "dt-client-store.h"
#include "dt-einvoice-file.h"
#include "dt-einvoice-view.h"
#include "dt-received-einvoice-store.h"

/* What import_einvoice takes over MCP, where the file travels as base64 in the JSON-RPC
 * body (itself at most 4 MiB); REST bodies stop at the server's 1 MiB anyway. */
#define IMPORT_MAX_SIZE (2 * 1024 * 1024)
#define IMPORT_MAX_BASE64 "2796204"

#define FORMAT_PROP \
  "\"format\":{\"type\":\"string\",\"enum\":[\"facturx\",\"xrechnung-cii\",\"xrechnung-ubl\"," \
  "\"en16931-cii\",\"en16931-ubl\"],\"description\":\"facturx (PDF/A-3 with the CII XML " \
  "inside), xrechnung-cii or xrechnung-ubl (XRechnung 3.0, for German public-sector " \
  "clients), en16931-cii or en16931-ubl (plain EN 16931, also Peppol). Default: the " \
  "client's preferred format, facturx for a client that prefers the plain PDF\"}"

#define PROBLEM_OUT \
  "{\"type\":\"object\",\"properties\":{\"severity\":{\"type\":\"string\",\"enum\":" \
  "[\"error\",\"warning\"]},\"rule\":{\"type\":\"string\"},\"business_term\":" \
  "{\"type\":\"string\"},\"field\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}}," \
  "\"required\":[\"severity\",\"rule\",\"business_term\",\"field\",\"message\"]}"

#define PARTY_OUT \
  "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":[\"string\",\"null\"]}," \
  "\"trading_name\":{\"type\":[\"string\",\"null\"]}," \
  "\"address\":{\"type\":[\"string\",\"null\"]},\"vat_id\":{\"type\":[\"string\",\"null\"]}," \
  "\"electronic_address\":{\"type\":[\"string\",\"null\"]}," \
  "\"electronic_address_scheme\":{\"type\":[\"string\",\"null\"]}}}"

#define RECEIVED_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"duplicate\":{\"type\":\"boolean\",\"description\":\"The same file was received " \
  "before; nothing new was kept\"},\"sha256\":{\"type\":\"string\"}," \
  "\"file_name\":{\"type\":\"string\"},\"content_type\":{\"type\":\"string\"}," \
  "\"size\":{\"type\":\"integer\"},\"syntax\":{\"type\":\"string\"}," \
  "\"from_pdf\":{\"type\":\"boolean\"}," DT_OPS_INSTANT_OUT ("received_at") "," \
  "\"invoice\":{\"type\":\"object\",\"properties\":{" \
  "\"number\":{\"type\":[\"string\",\"null\"]},\"type_code\":{\"type\":[\"string\",\"null\"]}," \
  "\"type_name\":{\"type\":[\"string\",\"null\"]}," \
  "\"issue_date\":{\"type\":[\"string\",\"null\"]},\"due_date\":{\"type\":[\"string\",\"null\"]}," \
  "\"currency\":{\"type\":[\"string\",\"null\"]}," \
  "\"buyer_reference\":{\"type\":[\"string\",\"null\"]}," \
  "\"period_from\":{\"type\":[\"string\",\"null\"]}," \
  "\"period_to\":{\"type\":[\"string\",\"null\"]}," \
  "\"seller\":" PARTY_OUT ",\"buyer\":" PARTY_OUT "," \
  "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}," \
  "\"vat\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}," \
  DT_OPS_MONEY_OUT ("line_total") "," DT_OPS_MONEY_OUT ("tax_exclusive") "," \
  DT_OPS_MONEY_OUT ("tax_total") "," DT_OPS_MONEY_OUT ("tax_inclusive") "," \
  DT_OPS_MONEY_OUT ("prepaid") "," DT_OPS_MONEY_OUT ("payable") "," \
  "\"iban\":{\"type\":[\"string\",\"null\"]},\"payment_terms\":{\"type\":[\"string\",\"null\"]}}," \
  "\"required\":[\"number\",\"currency\",\"seller\",\"buyer\",\"lines\",\"payable\"]}," \
  "\"view\":{\"type\":\"string\",\"description\":\"The invoice for people, grouped as the " \
  "KoSIT visualisation groups it\"}},\"required\":[\"id\",\"duplicate\",\"sha256\"," \
  "\"content_type\",\"invoice\",\"view\"]}"

/* The format asked for, else the one the invoice's client prefers. */
static gboolean
read_format (DtOpContext          *ctx,
             JsonObject           *input,
             gint64                invoice_id,
             DtEinvoiceFileFormat *out,
             GError              **error)
{
  const char *text = dt_ops_get_string (input, "format");
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtClient) client = NULL;

  if (text != NULL)
    {
      if (!dt_einvoice_file_format_from_string (text, out, error))
        {
          g_prefix_error (error, "“format”: ");
          return FALSE;
        }
      return TRUE;
    }
  invoice = dt_invoice_store_get (ctx->db, invoice_id, error);
  if (invoice == NULL)
    return FALSE;
  client = dt_client_store_get (ctx->db, invoice->client_id, error);
  if (client == NULL)
    return FALSE;
  if (!dt_einvoice_file_format_for_client (client->einvoice_format, out))
    *out = DT_EINVOICE_FILE_FACTURX;
  return TRUE;
}

static JsonArray *
problems_to_json (GPtrArray *problems)
{
  JsonArray *items = json_array_new ();

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = problems->pdata[i];
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "severity", problem->severity == DT_EINVOICE_ERROR
                                                       ? "error" : "warning");
      dt_ops_set_string (item, "rule", problem->rule);
      dt_ops_set_string (item, "business_term", problem->business_term);
      dt_ops_set_string (item, "field", problem->field);
      dt_ops_set_string (item, "message", problem->message);
      json_array_add_object_element (items, item);
    }
  return items;
}

static JsonObject *
check_einvoice (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(GPtrArray) problems = NULL;
  DtEinvoiceFileFormat format;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  if (!read_format (ctx, input, id, &format, error))
    return NULL;
  problems = dt_einvoice_file_check (ctx->db, id, format, error);
  if (problems == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_int_member (out, "invoice_id", id);
  json_object_set_string_member (out, "format", dt_einvoice_file_format_to_string (format));
  json_object_set_boolean_member (out, "ready", !dt_einvoice_problems_block (problems));
  json_object_set_array_member (out, "problems", problems_to_json (problems));
  return out;
}

static JsonObject *
get_einvoice (DtOpContext *ctx,
              JsonObject  *input,
              GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtEinvoiceFile) file = NULL;
  g_autofree char *uri = NULL;
  DtEinvoiceFileFormat format;
  JsonObject *out;
  gsize size = 0;
  const char *data;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  if (!read_format (ctx, input, id, &format, error))
    return NULL;
  file = dt_einvoice_file_make (ctx->db, id, format, NULL, NULL, error);
  if (file == NULL)
    return NULL;
  data = g_bytes_get_data (file->data, &size);
  uri = g_strdup_printf ("doubletime://invoices/%" G_GINT64_FORMAT "/einvoice/%s", id,
                         dt_einvoice_file_format_to_string (format));
  out = json_object_new ();
  json_object_set_int_member (out, "invoice_id", id);
  json_object_set_string_member (out, "format", dt_einvoice_file_format_to_string (format));
  json_object_set_string_member (out, "content_type", file->content_type);
  json_object_set_string_member (out, "filename", file->file_name);
  json_object_set_string_member (out, "disposition", "attachment");
  json_object_set_string_member (out, "uri", uri);
  if (format == DT_EINVOICE_FILE_FACTURX)
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *) data, size);

      json_object_set_string_member (out, "data_base64", base64);
    }
  else
    {
      /* The writers make UTF-8 XML: it travels as text, readable by the model. */
      g_autofree char *text = g_strndup (data, size);

      json_object_set_string_member (out, "text", text);
    }
  json_object_set_array_member (out, "warnings", problems_to_json (file->problems));
  return out;
}

/* ---- received e-invoices ------------------------------------------------------------ */

static void
set_text (JsonObject *out,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (out, name, value);
  else
    json_object_set_null_member (out, name);
}

static JsonObject *
party_to_json (const DtReceivedParty *party)
{
  JsonObject *out = json_object_new ();

  set_text (out, "name", party->name);
  set_text (out, "trading_name", party->trading_name);
  set_text (out, "address", party->address);
  set_text (out, "vat_id", party->vat_id);
  set_text (out, "electronic_address", party->endpoint);
  set_text (out, "electronic_address_scheme", party->endpoint_scheme);
  return out;
}

static JsonObject *
received_invoice_to_json (const DtReceivedInvoice *invoice)
{
  JsonObject *out = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonArray *vat = json_array_new ();
  const char *cur = invoice->currency;

  set_text (out, "number", invoice->number);
  set_text (out, "type_code", invoice->type_code);
  set_text (out, "type_name", dt_received_invoice_type_name (invoice->type_code));
  set_text (out, "issue_date", invoice->issue_date);
  set_text (out, "due_date", invoice->due_date);
  set_text (out, "currency", cur);
  set_text (out, "buyer_reference", invoice->buyer_reference);
  set_text (out, "period_from", invoice->period_from);
  set_text (out, "period_to", invoice->period_to);
  json_object_set_object_member (out, "seller", party_to_json (&invoice->seller));
  json_object_set_object_member (out, "buyer", party_to_json (&invoice->buyer));
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtReceivedLine *line = invoice->lines->pdata[i];
      JsonObject *item = json_object_new ();

      set_text (item, "id", line->id);
      set_text (item, "name", line->name);
      set_text (item, "quantity", line->quantity);
      set_text (item, "unit_code", line->unit);
      set_text (item, "unit_price", line->unit_price);
      dt_ops_set_money (item, "net_amount", line->net, cur);
      set_text (item, "vat_category", line->vat_category);
      set_text (item, "vat_rate_percent", line->vat_rate);
      json_array_add_object_element (lines, item);
    }
  json_object_set_array_member (out, "lines", lines);
  for (guint i = 0; i < invoice->vat->len; i++)
    {
      const DtReceivedVat *group = invoice->vat->pdata[i];
      JsonObject *item = json_object_new ();

      set_text (item, "vat_category", group->category);
      set_text (item, "vat_rate_percent", group->rate);
      dt_ops_set_money (item, "taxable", group->base, cur);
      dt_ops_set_money (item, "tax", group->tax, cur);
      set_text (item, "exemption_reason", group->exemption_reason);
      json_array_add_object_element (vat, item);
    }
  json_object_set_array_member (out, "vat", vat);
  dt_ops_set_money (out, "line_total", invoice->line_total, cur);
  dt_ops_set_money (out, "tax_exclusive", invoice->tax_exclusive, cur);
  dt_ops_set_money (out, "tax_total", invoice->tax_total, cur);
  dt_ops_set_money (out, "tax_inclusive", invoice->tax_inclusive, cur);
  dt_ops_set_money (out, "prepaid", invoice->prepaid, cur);
  dt_ops_set_money (out, "payable", invoice->payable, cur);
  set_text (out, "iban", invoice->iban);
  set_text (out, "payment_terms", invoice->payment_terms);
  return out;
}

static JsonObject *
received_to_json (const DtReceivedEinvoice *received,
                  const DtReceivedInvoice  *invoice,
                  gboolean                  duplicate)
{
  JsonObject *out = json_object_new ();
  g_autofree char *view = dt_received_invoice_to_text (invoice);

  json_object_set_int_member (out, "id", received->id);
  json_object_set_boolean_member (out, "duplicate", duplicate);
  dt_ops_set_string (out, "sha256", received->sha256);
  dt_ops_set_string (out, "file_name", received->file_name);
  dt_ops_set_string (out, "content_type", received->content_type);
  json_object_set_int_member (out, "size", received->size);
  dt_ops_set_string (out, "syntax", received->syntax);
  json_object_set_boolean_member (out, "from_pdf", invoice->from_pdf);
  dt_ops_set_instant (out, "received_at", received->received_at);
  json_object_set_object_member (out, "invoice", received_invoice_to_json (invoice));
  dt_ops_set_string (out, "view", view);
  return out;
}

static JsonObject *
import_einvoice (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  g_autoptr(GBytes) file = dt_ops_decode_base64 ("data_base64",
                                                 dt_ops_get_string (input, "data_base64"),
                                                 IMPORT_MAX_SIZE, error);
  g_autoptr(DtReceivedEinvoice) received = NULL;
  g_autoptr(DtReceivedInvoice) invoice = NULL;
  gboolean duplicate = FALSE;

  if (file == NULL)
    return NULL;
  received = dt_received_einvoice_store_add (ctx->db, file, dt_ops_get_string (input, "file_name"),
                                             &invoice, &duplicate, error);
  if (received == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "received e-invoice %" G_GINT64_FORMAT, received->id);
  return received_to_json (received, invoice, duplicate);
}

static JsonObject *
get_received_einvoice (DtOpContext *ctx,
                       JsonObject  *input,
                       GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtReceivedEinvoice) received = NULL;
  g_autoptr(DtReceivedInvoice) invoice = NULL;
  g_autoptr(GBytes) file = NULL;

  dt_op_context_set_object (ctx, "received e-invoice %" G_GINT64_FORMAT, id);
  received = dt_received_einvoice_store_get (ctx->db, id, error);
  if (received == NULL)
    return NULL;
  file = dt_received_einvoice_store_read (ctx->db, received, error);
  if (file == NULL)
    return NULL;
  invoice = dt_einvoice_import (file, error);
  if (invoice == NULL)
    return NULL;
  return received_to_json (received, invoice, FALSE);
}

static const DtOp einvoice_ops[] = {
  {
    "check_einvoice", N_("Check an e-invoice"), "invoices", "invoices:read",
    "Says whether an invoice can be issued as a valid e-invoice in a format (EN 16931, "
    "XRechnung, Factur-X), and if not, what is missing: each problem with the norm's rule, "
    "its business term (BT-10…), the field to fix (client.buyer_reference, profile.iban, "
    "invoice.vat_category…) and a message. ready is false while any problem is an error; "
    "fix them with update_client, update_profile or update_invoice_draft.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") ","
    FORMAT_PROP "},\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"invoice_id\":{\"type\":\"integer\"},"
    "\"format\":{\"type\":\"string\"},\"ready\":{\"type\":\"boolean\"},"
    "\"problems\":{\"type\":\"array\",\"items\":" PROBLEM_OUT "}},"
    "\"required\":[\"invoice_id\",\"format\",\"ready\",\"problems\"]}",
    DT_OP_READ_ONLY, "GET", "/invoices/{id}/einvoice-check", 200, check_einvoice, NULL,
  },
  {
    "get_einvoice", N_("Get an e-invoice"), "invoices", "invoices:read",
    "Returns an invoice as an e-invoice file: the XML as text for xrechnung-cii, "
    "xrechnung-ubl, en16931-cii and en16931-ubl, the Factur-X PDF as base64. An invoice that "
    "is not ready is refused with the problems check_einvoice lists. A draft gets the number "
    "and dates issuing would give it.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") ","
    FORMAT_PROP "},\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"invoice_id\":{\"type\":\"integer\"},"
    "\"format\":{\"type\":\"string\"},\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"disposition\":{\"type\":\"string\"},"
    "\"uri\":{\"type\":\"string\"},\"text\":{\"type\":\"string\",\"description\":\"The XML\"},"
    "\"data_base64\":{\"type\":\"string\",\"description\":\"The Factur-X PDF\"},"
    "\"warnings\":{\"type\":\"array\",\"items\":" PROBLEM_OUT "}},"
    "\"required\":[\"invoice_id\",\"format\",\"content_type\",\"filename\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/invoices/{id}/einvoice", 200, get_einvoice, NULL,
    NULL, NULL, "application/xml application/pdf", NULL,
  },
  {
    "import_einvoice", N_("Read a received e-invoice"), "invoices", "invoices:write",
    "Reads an e-invoice a supplier sent — XRechnung or EN 16931 XML (CII or UBL) or a "
    "Factur-X / ZUGFeRD PDF, base64, at most 2 MiB — and keeps it in DoubleTime. Returns "
    "the parsed fields (seller, buyer, number, dates, lines, VAT, totals) and a readable "
    "view. Malformed or hostile XML is refused and nothing is kept; the same file twice is "
    "kept once (duplicate: true).",
    "{\"type\":\"object\",\"properties\":{\"data_base64\":{\"type\":\"string\",\"minLength\":4,"
    "\"maxLength\":" IMPORT_MAX_BASE64 ",\"description\":\"The file, base64 (RFC 4648, no line "
    "breaks)\"},\"file_name\":{\"type\":\"string\",\"maxLength\":255,\"description\":\"The "
    "file's name as received, for the list\"}},\"required\":[\"data_base64\"],"
    "\"additionalProperties\":false}",
    RECEIVED_OUT, 0, "POST", "/received-einvoices", 201, import_einvoice, NULL,
    NULL, NULL, NULL, "application/xml text/xml application/pdf",
  },
  {
    "get_received_einvoice", N_("Show a received e-invoice"), "invoices", "invoices:read",
    "Shows again an e-invoice received with import_einvoice, read from the file as it came.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The received e-invoice's id")
    "},\"required\":[\"id\"],\"additionalProperties\":false}",
    RECEIVED_OUT, DT_OP_READ_ONLY, "GET", "/received-einvoices/{id}", 200,
    get_received_einvoice, NULL,
  },
};

void
dt_ops_register_einvoice (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (einvoice_ops); i++)
    dt_op_registry_add (registry, &einvoice_ops[i]);
}

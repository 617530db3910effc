/* dt-ops-invoices.c: invoices (list, read, delete drafts) and payments. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"
#include "dt-json-writer.h"

#include "dt-client-store.h"
#include "dt-invoice-store.h"
#include "dt-payment-store.h"

#define LINE_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"kind\":{\"type\":\"string\"},\"description\":{\"type\":\"string\"}," \
  "\"quantity_minutes\":{\"type\":[\"integer\",\"null\"]}," \
  "\"quantity_units\":{\"type\":[\"string\",\"null\"]}," DT_OPS_MONEY_OUT ("unit_price") "," \
  DT_OPS_MONEY_OUT ("amount") ",\"tax_rate_percent\":{\"type\":\"string\"}," \
  "\"unit_code\":{\"type\":\"string\"},\"vat_category\":{\"type\":\"string\"}," \
  "\"entry_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}"

#define INVOICE_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"number\":{\"type\":[\"string\",\"null\"]},\"kind\":{\"type\":\"string\"}," \
  "\"client_id\":{\"type\":\"integer\"},\"status\":{\"type\":\"string\",\"enum\":[\"draft\"," \
  "\"sent\",\"partially_paid\",\"paid\",\"void\"]},\"currency\":{\"type\":\"string\"}," \
  "\"issue_date\":{\"type\":[\"string\",\"null\"]},\"due_date\":{\"type\":[\"string\",\"null\"]}," \
  "\"period_from\":{\"type\":[\"string\",\"null\"]},\"period_to\":{\"type\":[\"string\",\"null\"]}," \
  DT_OPS_MONEY_OUT ("subtotal") "," DT_OPS_MONEY_OUT ("discount") "," \
  DT_OPS_MONEY_OUT ("tax_total") "," DT_OPS_MONEY_OUT ("total") "," \
  DT_OPS_MONEY_OUT ("paid") "," DT_OPS_MONEY_OUT ("balance") "," \
  "\"days_overdue\":{\"type\":\"integer\"},\"notes\":{\"type\":\"string\"}," \
  "\"order_reference\":{\"type\":\"string\"},\"vat_category\":{\"type\":\"string\"}," \
  "\"vat_exemption_reason\":{\"type\":\"string\"}," \
  "\"vat_exemption_code\":{\"type\":\"string\"}," \
  DT_OPS_INSTANT_OUT ("sent_at") ",\"sent_to\":{\"type\":[\"string\",\"null\"]}," \
  "\"lines\":{\"type\":\"array\",\"items\":" LINE_OUT "}," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"client_id\",\"status\"," \
  "\"currency\",\"total\",\"version\"]}"

#define PAYMENT_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"invoice_id\":{\"type\":\"integer\"},\"invoice_number\":{\"type\":[\"string\",\"null\"]}," \
  "\"client_id\":{\"type\":\"integer\"},\"currency\":{\"type\":\"string\"}," \
  DT_OPS_MONEY_OUT ("amount") ",\"paid_on\":{\"type\":\"string\",\"format\":\"date\"}," \
  "\"method\":{\"type\":\"string\"},\"note\":{\"type\":\"string\"}}," \
  "\"required\":[\"id\",\"invoice_id\",\"amount\",\"paid_on\"]}"

const DtOpsTextField dt_ops_invoice_einvoice_fields[DT_OPS_N_INVOICE_EINVOICE_FIELDS] = {
  { "order_reference", G_STRUCT_OFFSET (DtInvoice, order_reference), DT_OPS_TEXT_PLAIN },
  { "vat_category", G_STRUCT_OFFSET (DtInvoice, vat_category), DT_OPS_TEXT_VAT_CATEGORY },
  { "vat_exemption_reason", G_STRUCT_OFFSET (DtInvoice, vat_exemption_reason),
    DT_OPS_TEXT_PLAIN },
  { "vat_exemption_code", G_STRUCT_OFFSET (DtInvoice, vat_exemption_code), DT_OPS_TEXT_VATEX },
};

/* BT-130 as the e-invoice writes it: time counts hours, a fixed line its own unit. */
static const char *
line_unit_code (const DtInvoiceLine *line)
{
  if (line->kind != DT_LINE_FIXED)
    return "HUR";
  return line->unit_code != NULL && line->unit_code[0] != '\0' ? line->unit_code : "C62";
}

static void
set_date (JsonObject *out,
          const char *name,
          const char *date)
{
  if (date)
    json_object_set_string_member (out, name, date);
  else
    json_object_set_null_member (out, name);
}

static JsonObject *
line_to_json (const DtInvoiceLine *line,
              const char          *currency)
{
  JsonObject *out = json_object_new ();
  JsonArray *entries = json_array_new ();
  g_autofree char *tax = g_strdup_printf ("%d.%02d", line->tax_rate_bp / 100,
                                          line->tax_rate_bp % 100);

  json_object_set_int_member (out, "id", line->id);
  json_object_set_string_member (out, "kind", dt_line_kind_to_string (line->kind));
  dt_ops_set_string (out, "description", line->description);
  if (line->kind == DT_LINE_FIXED)
    {
      g_autofree char *units = g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                                                line->quantity / 1000, line->quantity % 1000);

      json_object_set_null_member (out, "quantity_minutes");
      json_object_set_string_member (out, "quantity_units", units);
    }
  else
    {
      json_object_set_int_member (out, "quantity_minutes", line->quantity);
      json_object_set_null_member (out, "quantity_units");
    }
  dt_ops_set_money (out, "unit_price", line->unit_price, currency);
  dt_ops_set_money (out, "amount", line->amount, currency);
  json_object_set_string_member (out, "tax_rate_percent", tax);
  dt_ops_set_string (out, "unit_code", line_unit_code (line));
  dt_ops_set_string (out, "vat_category", line->vat_category);
  for (guint i = 0; line->entry_ids && i < line->entry_ids->len; i++)
    json_array_add_int_element (entries, g_array_index (line->entry_ids, gint64, i));
  json_object_set_array_member (out, "entry_ids", entries);
  return out;
}

JsonObject *
dt_ops_invoice_to_json (const DtInvoice *invoice)
{
  JsonObject *out = json_object_new ();
  JsonArray *lines = json_array_new ();
  const char *cur = invoice->currency;

  json_object_set_int_member (out, "id", invoice->id);
  set_date (out, "number", invoice->number);
  json_object_set_string_member (out, "kind", invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE
                                              ? "credit_note" : "invoice");
  json_object_set_int_member (out, "client_id", invoice->client_id);
  json_object_set_string_member (out, "status", dt_invoice_status_to_string (invoice->status));
  dt_ops_set_string (out, "currency", cur);
  set_date (out, "issue_date", invoice->issue_date);
  set_date (out, "due_date", invoice->due_date);
  set_date (out, "period_from", invoice->period_from);
  set_date (out, "period_to", invoice->period_to);
  dt_ops_set_money (out, "subtotal", invoice->subtotal, cur);
  dt_ops_set_money (out, "discount", invoice->discount, cur);
  dt_ops_set_money (out, "tax_total", invoice->tax_total, cur);
  dt_ops_set_money (out, "total", invoice->total, cur);
  dt_ops_set_money (out, "paid", invoice->paid, cur);
  dt_ops_set_money (out, "balance", invoice->balance, cur);
  json_object_set_int_member (out, "days_overdue", MAX (invoice->days_overdue, 0));
  dt_ops_set_string (out, "notes", invoice->notes);
  dt_ops_set_text_fields (out, invoice, dt_ops_invoice_einvoice_fields,
                          DT_OPS_N_INVOICE_EINVOICE_FIELDS);
  dt_ops_set_instant (out, "sent_at", invoice->sent_at);
  set_date (out, "sent_to", invoice->sent_to);
  for (guint i = 0; invoice->lines && i < invoice->lines->len; i++)
    json_array_add_object_element (lines, line_to_json (g_ptr_array_index (invoice->lines, i),
                                                        cur));
  json_object_set_array_member (out, "lines", lines);
  json_object_set_int_member (out, "version", invoice->version);
  return out;
}

/* As line_to_json. */
static void
line_write (GString             *out,
            const DtInvoiceLine *line,
            const char          *currency)
{
  g_string_append (out, "{\"id\":");
  dt_json_write_int (out, line->id);
  dt_ops_put_text (out, "kind", dt_line_kind_to_string (line->kind));
  dt_ops_put_string (out, "description", line->description);
  if (line->kind == DT_LINE_FIXED)
    {
      g_autofree char *units = g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                                                line->quantity / 1000, line->quantity % 1000);

      dt_ops_put_text (out, "quantity_minutes", NULL);
      dt_ops_put_text (out, "quantity_units", units);
    }
  else
    {
      dt_ops_put_int (out, "quantity_minutes", line->quantity);
      dt_ops_put_text (out, "quantity_units", NULL);
    }
  dt_ops_put_money (out, "unit_price", line->unit_price, currency);
  dt_ops_put_money (out, "amount", line->amount, currency);
  {
    g_autofree char *tax = g_strdup_printf ("%d.%02d", line->tax_rate_bp / 100,
                                            line->tax_rate_bp % 100);

    dt_ops_put_text (out, "tax_rate_percent", tax);
  }
  dt_ops_put_string (out, "unit_code", line_unit_code (line));
  dt_ops_put_string (out, "vat_category", line->vat_category);
  g_string_append (out, ",\"entry_ids\":[");
  for (guint i = 0; line->entry_ids && i < line->entry_ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dt_json_write_int (out, g_array_index (line->entry_ids, gint64, i));
    }
  g_string_append (out, "]}");
}

/* The text dt_ops_invoice_to_json's object gives, written without the tree: building,
 * writing and freeing it was four fifths of listing a page of 100 invoices. test-ops checks
 * both give the same text. */
void
dt_ops_invoice_write (GString         *out,
                      const DtInvoice *invoice)
{
  const char *cur = invoice->currency;

  g_string_append (out, "{\"id\":");
  dt_json_write_int (out, invoice->id);
  dt_ops_put_text (out, "number", invoice->number);
  dt_ops_put_text (out, "kind", invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE ? "credit_note"
                                                                       : "invoice");
  dt_ops_put_int (out, "client_id", invoice->client_id);
  dt_ops_put_text (out, "status", dt_invoice_status_to_string (invoice->status));
  dt_ops_put_string (out, "currency", cur);
  dt_ops_put_text (out, "issue_date", invoice->issue_date);
  dt_ops_put_text (out, "due_date", invoice->due_date);
  dt_ops_put_text (out, "period_from", invoice->period_from);
  dt_ops_put_text (out, "period_to", invoice->period_to);
  dt_ops_put_money (out, "subtotal", invoice->subtotal, cur);
  dt_ops_put_money (out, "discount", invoice->discount, cur);
  dt_ops_put_money (out, "tax_total", invoice->tax_total, cur);
  dt_ops_put_money (out, "total", invoice->total, cur);
  dt_ops_put_money (out, "paid", invoice->paid, cur);
  dt_ops_put_money (out, "balance", invoice->balance, cur);
  dt_ops_put_int (out, "days_overdue", MAX (invoice->days_overdue, 0));
  dt_ops_put_string (out, "notes", invoice->notes);
  dt_ops_put_text_fields (out, invoice, dt_ops_invoice_einvoice_fields,
                          DT_OPS_N_INVOICE_EINVOICE_FIELDS);
  dt_ops_put_instant (out, "sent_at", invoice->sent_at);
  dt_ops_put_text (out, "sent_to", invoice->sent_to);
  g_string_append (out, ",\"lines\":[");
  for (guint i = 0; invoice->lines && i < invoice->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      line_write (out, g_ptr_array_index (invoice->lines, i), cur);
    }
  g_string_append_c (out, ']');
  dt_ops_put_int (out, "version", invoice->version);
  g_string_append_c (out, '}');
}

static JsonObject *
list_invoices (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) invoices = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error) ||
      !dt_ops_get_range (input, &query.from, &query.to, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.status = dt_ops_get_string (input, "status");
  query.text = dt_ops_get_string (input, "text");
  invoices = dt_invoice_store_list (ctx->db, &query, &has_more, error);
  if (invoices == NULL)
    return NULL;
  if (ctx->text_out != NULL)
    {
      /* The caller takes text: the same page, written directly (see dt_ops_invoice_write). */
      dt_ops_write_page_start (ctx->text_out);
      for (guint i = 0; i < invoices->len; i++)
        {
          DtInvoice *invoice = g_ptr_array_index (invoices, i);

          if (i > 0)
            g_string_append_c (ctx->text_out, ',');
          dt_ops_invoice_write (ctx->text_out, invoice);
          last = invoice->id;
        }
      dt_ops_write_page_end (ctx->text_out, has_more, last);
      return json_object_new ();
    }
  items = json_array_new ();
  for (guint i = 0; i < invoices->len; i++)
    {
      DtInvoice *invoice = g_ptr_array_index (invoices, i);

      json_array_add_object_element (items, dt_ops_invoice_to_json (invoice));
      last = invoice->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
get_invoice (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoice_store_get (ctx->db, id, error);
  return invoice ? dt_ops_invoice_to_json (invoice) : NULL;
}

static char *
describe_delete_draft (DtOpContext *ctx,
                       JsonObject  *input,
                       GError     **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (ctx->db, dt_ops_get_int (input, "id", 0),
                                                       error);
  g_autoptr(DtClient) client = NULL;
  g_autofree char *total = NULL;

  if (invoice == NULL)
    return NULL;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                   "invoice %s is %s, not a draft; only drafts can be deleted (void a sent "
                   "invoice instead)", invoice->number ? invoice->number : "",
                   dt_invoice_status_to_string (invoice->status));
      return NULL;
    }
  client = dt_client_store_get (ctx->db, invoice->client_id, NULL);
  total = dt_money_format (invoice->total, invoice->currency);
  return g_strdup_printf ("delete the draft invoice for %s (%s) and release its time entries",
                          client ? client->name : "a client", total);
}

static JsonObject *
delete_invoice_draft (DtOpContext *ctx,
                      JsonObject  *input,
                      GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  if (!dt_invoice_store_delete_draft (ctx->db, id, error))
    return NULL;
  out = json_object_new ();
  json_object_set_boolean_member (out, "deleted", TRUE);
  json_object_set_int_member (out, "id", id);
  return out;
}

static JsonObject *
payment_to_json (const DtPayment *payment)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", payment->id);
  json_object_set_int_member (out, "invoice_id", payment->invoice_id);
  set_date (out, "invoice_number", payment->invoice_number);
  json_object_set_int_member (out, "client_id", payment->client_id);
  dt_ops_set_string (out, "currency", payment->currency);
  dt_ops_set_money (out, "amount", payment->amount, payment->currency);
  dt_ops_set_string (out, "paid_on", payment->paid_on);
  dt_ops_set_string (out, "method", payment->method);
  dt_ops_set_string (out, "note", payment->note);
  return out;
}

static char *
describe_payment (DtOpContext *ctx,
                  JsonObject  *input,
                  GError     **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (ctx->db,
                                                       dt_ops_get_int (input, "invoice_id", 0),
                                                       error);
  g_autoptr(DtClient) client = NULL;
  g_autofree char *amount_text = NULL;
  gint64 amount;

  if (invoice == NULL)
    return NULL;
  if (!dt_ops_get_money (input, "amount", invoice->currency, &amount, error))
    return NULL;
  if (amount <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“amount”: must be more than 0 %s", invoice->currency);
      return NULL;
    }
  client = dt_client_store_get (ctx->db, invoice->client_id, NULL);
  amount_text = dt_money_format (amount, invoice->currency);
  return g_strdup_printf ("record a payment of %s from %s on invoice %s", amount_text,
                          client ? client->name : "the client",
                          invoice->number ? invoice->number : "(draft)");
}

static JsonObject *
record_payment (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 invoice_id = dt_ops_get_int (input, "invoice_id", 0);
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtPayment) payment = dt_payment_new ();
  g_autoptr(DtPayment) stored = NULL;
  g_autoptr(DtInvoice) after = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, invoice_id);
  invoice = dt_invoice_store_get (ctx->db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  payment->invoice_id = invoice_id;
  if (!dt_ops_get_money (input, "amount", invoice->currency, &payment->amount, error))
    return NULL;
  payment->paid_on = g_strdup (dt_ops_get_string (input, "paid_on"));
  g_free (payment->method);
  payment->method = g_strdup (dt_ops_get_string (input, "method"));
  g_free (payment->note);
  payment->note = g_strdup (dt_ops_get_string (input, "note"));
  stored = dt_payment_store_record (ctx->db, payment, error);
  if (stored == NULL)
    return NULL;
  after = dt_invoice_store_get (ctx->db, invoice_id, error);
  if (after == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_object_member (out, "payment", payment_to_json (stored));
  json_object_set_object_member (out, "invoice", dt_ops_invoice_to_json (after));
  return out;
}

static JsonObject *
list_payments (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) payments = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error) ||
      !dt_ops_get_range (input, &query.from, &query.to, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.invoice_id = dt_ops_get_int (input, "invoice_id", 0);
  payments = dt_payment_store_list (ctx->db, &query, &has_more, error);
  if (payments == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < payments->len; i++)
    {
      DtPayment *payment = g_ptr_array_index (payments, i);

      json_array_add_object_element (items, payment_to_json (payment));
      last = payment->id;
    }
  return dt_ops_page (items, has_more, last);
}

static const DtOp invoice_ops[] = {
  {
    "list_invoices", "List invoices", "invoices", "invoices:read",
    "Lists invoices (without their lines), filtered by client, status (draft, sent, "
    "partially_paid, paid, void), issue-date range and text (number, notes). Amounts are "
    "decimal text in the invoice's currency plus minor units; days_overdue > 0 marks late "
    "ones.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    "\"status\":{\"type\":\"string\",\"enum\":[\"draft\",\"sent\",\"partially_paid\",\"paid\","
    "\"void\"]}," DT_OPS_RANGE_PROPS "," DT_OPS_TEXT_PROP "," DT_OPS_PAGE_PROPS "},"
    "\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (INVOICE_OUT), DT_OP_READ_ONLY, "GET", "/invoices", 200, list_invoices,
    NULL,
  },
  {
    "get_invoice", "Get an invoice", "invoices", "invoices:read",
    "Returns one invoice with its lines, totals, what was paid and the balance.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    INVOICE_OUT, DT_OP_READ_ONLY, "GET", "/invoices/{id}", 200, get_invoice, NULL,
  },
  {
    "delete_invoice_draft", "Delete a draft invoice", "invoices", "invoices:write",
    "Deletes a draft invoice and releases the time entries it billed (they become "
    "unbilled again). Only drafts; the user confirms each deletion in DoubleTime.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The draft's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_DELETED_OUT, DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "DELETE", "/invoices/{id}", 200,
    delete_invoice_draft, describe_delete_draft,
  },
  {
    "record_payment", "Record a payment", "billing", "billing:write",
    "Records money received for a sent invoice (partial payments allowed, never more than "
    "the balance); the invoice becomes partially_paid or paid. The user confirms each "
    "payment in DoubleTime; the call waits for the answer. Returns the payment and the "
    "updated invoice.",
    "{\"type\":\"object\",\"properties\":{\"invoice_id\":" DT_OPS_ID ("The invoice paid") ","
    "\"amount\":{\"type\":[\"string\",\"number\"],\"description\":\"Amount received as a "
    "decimal like \\\"1250.00\\\" in the invoice's currency\"},"
    "\"paid_on\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"Day received, "
    "YYYY-MM-DD (default today)\"},"
    "\"method\":{\"type\":\"string\",\"maxLength\":100,\"description\":\"bank transfer, "
    "cash, card…\"},\"note\":{\"type\":\"string\",\"maxLength\":2000}},"
    "\"required\":[\"invoice_id\",\"amount\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"payment\":" PAYMENT_OUT ",\"invoice\":"
    INVOICE_OUT "},\"required\":[\"payment\",\"invoice\"]}",
    DT_OP_SENSITIVE, "POST", "/invoices/{invoice_id}/payments", 201, record_payment,
    describe_payment,
  },
  {
    "list_payments", "List payments", "billing", "billing:read",
    "Lists payments received, by client, invoice or day range.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    "\"invoice_id\":" DT_OPS_ID ("Only this invoice's") "," DT_OPS_RANGE_PROPS ","
    DT_OPS_PAGE_PROPS "},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (PAYMENT_OUT), DT_OP_READ_ONLY, "GET", "/payments", 200, list_payments,
    NULL,
  },
};

void
dt_ops_register_invoices (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (invoice_ops); i++)
    dt_op_registry_add (registry, &invoice_ops[i]);
}

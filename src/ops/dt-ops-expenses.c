/* dt-ops-expenses.c: expenses paid for clients, and their receipts. They share the invoices
 * scopes: a re-billable expense is work ready to bill, as time is. */
#define G_LOG_DOMAIN "dt-ops"

#include "config.h"

#include "dt-ops-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "expenses/dt-expenses.h"

/* What a receipt may be as base64 in JSON: every body the server reads stops at 1 MiB
 * (DT_SERVER_MAX_BODY), and 720 KiB of receipt is 983,040 base64 characters, which leaves
 * room for the rest of a JSON-RPC call. A receipt sent to REST as the raw body or a form may
 * be up to that limit itself; the core takes up to 10 MiB (the window). */
#define RECEIPT_MAX_BASE64_SIZE (720 * 1024)
#define RECEIPT_MAX_BASE64      "983040"
#define RECEIPT_TYPES           "application/pdf image/png image/jpeg"

#define RECEIPT_OUT \
  "{\"type\":[\"object\",\"null\"],\"properties\":{\"sha256\":{\"type\":\"string\"}," \
  "\"content_type\":{\"type\":\"string\",\"enum\":[\"application/pdf\",\"image/png\"," \
  "\"image/jpeg\"]},\"size\":{\"type\":\"integer\"},\"file_name\":{\"type\":\"string\"}}," \
  "\"required\":[\"sha256\",\"content_type\",\"size\"]}"

#define EXPENSE_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"date\":{\"type\":\"string\",\"format\":\"date\"},\"client_id\":{\"type\":\"integer\"}," \
  "\"project_id\":{\"type\":[\"integer\",\"null\"]},\"category\":{\"type\":\"string\"}," \
  "\"description\":{\"type\":\"string\"},\"currency\":{\"type\":\"string\"}," \
  DT_OPS_MONEY_OUT ("amount") "," DT_OPS_MONEY_OUT ("input_vat") "," \
  DT_OPS_MONEY_OUT ("gross") "," DT_OPS_MONEY_OUT ("billed_amount") "," \
  "\"vat_rate_percent\":{\"type\":\"string\"},\"markup_percent\":{\"type\":\"string\"}," \
  "\"billable\":{\"type\":\"boolean\"},\"receipt\":" RECEIPT_OUT "," \
  "\"invoiced\":{\"type\":\"boolean\"}," \
  "\"invoice_id\":{\"type\":[\"integer\",\"null\"]}," \
  "\"invoice_number\":{\"type\":[\"string\",\"null\"]}," \
  DT_OPS_INSTANT_OUT ("created_at") "," DT_OPS_INSTANT_OUT ("updated_at") "," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"date\",\"client_id\"," \
  "\"description\",\"currency\",\"amount\",\"input_vat\",\"gross\",\"billed_amount\"," \
  "\"billable\",\"receipt\",\"invoiced\",\"version\"]}"

static char *
percent_text (int basis_points)
{
  return g_strdup_printf ("%d.%02d", basis_points / 100, basis_points % 100);
}

static JsonObject *
expense_to_json (const DtExpense *expense)
{
  JsonObject *out = json_object_new ();
  g_autofree char *vat = percent_text (expense->vat_rate_bp);
  g_autofree char *markup = percent_text (expense->markup_bp);
  gint64 billed = DT_NO_VALUE;

  json_object_set_int_member (out, "id", expense->id);
  dt_ops_set_string (out, "date", expense->date);
  json_object_set_int_member (out, "client_id", expense->client_id);
  dt_ops_set_optional_int (out, "project_id", expense->project_id);
  dt_ops_set_string (out, "category", expense->category);
  dt_ops_set_string (out, "description", expense->description);
  dt_ops_set_string (out, "currency", expense->currency);
  dt_ops_set_money (out, "amount", expense->amount, expense->currency);
  dt_ops_set_money (out, "input_vat", expense->input_vat, expense->currency);
  dt_ops_set_money (out, "gross", expense->amount + expense->input_vat, expense->currency);
  if (!dt_expense_billed_amount (expense, &billed))
    billed = DT_NO_VALUE;
  dt_ops_set_money (out, "billed_amount", billed, expense->currency);
  json_object_set_string_member (out, "vat_rate_percent", vat);
  json_object_set_string_member (out, "markup_percent", markup);
  json_object_set_boolean_member (out, "billable", expense->billable);
  if (expense->receipt_sha256 != NULL)
    {
      JsonObject *receipt = json_object_new ();

      dt_ops_set_string (receipt, "sha256", expense->receipt_sha256);
      dt_ops_set_string (receipt, "content_type", expense->receipt_type);
      json_object_set_int_member (receipt, "size", expense->receipt_size);
      dt_ops_set_string (receipt, "file_name", expense->receipt_name);
      json_object_set_object_member (out, "receipt", receipt);
    }
  else
    json_object_set_null_member (out, "receipt");
  json_object_set_boolean_member (out, "invoiced", expense->invoice_line_id != 0);
  dt_ops_set_optional_int (out, "invoice_id", expense->invoice_id);
  if (expense->invoice_number != NULL)
    json_object_set_string_member (out, "invoice_number", expense->invoice_number);
  else
    json_object_set_null_member (out, "invoice_number");
  dt_ops_set_instant (out, "created_at", expense->created_at);
  dt_ops_set_instant (out, "updated_at", expense->updated_at);
  json_object_set_int_member (out, "version", expense->version);
  return out;
}

/* "19" or "7.5" percent → basis points (two decimals at most), 0 to @max_bp. */
static gboolean
read_percent (JsonObject  *input,
              const char  *name,
              int          max_bp,
              int         *out_bp,
              GError     **error)
{
  const char *text = dt_ops_get_string (input, name);
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!dt_money_parse (text, "EUR", &value, NULL) || value < 0 || value > max_bp)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: expected a percentage between 0 and %d like \"19\" or \"7.5\", got "
                   "“%s”", name, max_bp / 100, text);
      return FALSE;
    }
  *out_bp = (int) value;
  return TRUE;
}

/* The fields of @input into @expense (absent ones stay): amounts in @expense's currency,
 * which the input's currency or else the client's sets first. */
static gboolean
read_fields (DtOpContext  *ctx,
             JsonObject   *input,
             DtExpense    *expense,
             GError      **error)
{
  const char *text;

  if (dt_ops_has (input, "client_id"))
    expense->client_id = dt_ops_get_int (input, "client_id", 0);
  if (dt_ops_has (input, "project_id"))
    expense->project_id = dt_ops_get_int (input, "project_id", 0);
#define TAKE(member, field)                                 \
  if ((text = dt_ops_get_string (input, member)) != NULL)   \
    {                                                       \
      g_free (expense->field);                              \
      expense->field = g_strdup (text);                     \
    }
  TAKE ("date", date);
  TAKE ("category", category);
  TAKE ("description", description);
  TAKE ("currency", currency);
#undef TAKE
  if (expense->currency == NULL)
    {
      g_autoptr(DtClient) client = dt_client_store_get (ctx->db, expense->client_id, error);

      if (client == NULL)
        return FALSE;
      expense->currency = g_strdup (client->currency);
    }
  if (!dt_money_currency_valid (expense->currency, error))
    return FALSE;
  if (dt_ops_has (input, "amount"))
    {
      if (!dt_ops_get_money (input, "amount", expense->currency, &expense->amount, error))
        return FALSE;
      if (expense->amount == DT_NO_VALUE)
        {
          g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                               "“amount”: the net amount paid is needed, like \"20.00\"");
          return FALSE;
        }
    }
  if (!read_percent (input, "vat_rate_percent", 10000, &expense->vat_rate_bp, error) ||
      !read_percent (input, "markup_percent", 100000, &expense->markup_bp, error))
    return FALSE;
  /* A changed amount or rate computes the VAT again unless it is given. */
  if (dt_ops_has (input, "amount") || dt_ops_has (input, "vat_rate_percent"))
    expense->input_vat = DT_NO_VALUE;
  if (dt_ops_has (input, "input_vat") &&
      !dt_ops_get_money (input, "input_vat", expense->currency, &expense->input_vat, error))
    return FALSE;
  if (dt_ops_has (input, "billable"))
    expense->billable = dt_ops_get_bool (input, "billable", TRUE);
  return TRUE;
}

static JsonObject *
list_expenses (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) expenses = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;
  const char *billable = dt_ops_get_string (input, "billable");

  if (!dt_ops_get_page (input, &query, error) ||
      !dt_ops_get_range (input, &query.from, &query.to, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.status = dt_ops_get_string (input, "status");
  query.text = dt_ops_get_string (input, "text");
  if (g_strcmp0 (billable, "only") == 0)
    query.billable = DT_BILLABLE_ONLY;
  else if (g_strcmp0 (billable, "non") == 0)
    query.billable = DT_BILLABLE_NON;
  expenses = dt_expense_store_list (ctx->db, &query, &has_more, error);
  if (expenses == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < expenses->len; i++)
    {
      DtExpense *expense = g_ptr_array_index (expenses, i);

      json_array_add_object_element (items, expense_to_json (expense));
      last = expense->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
get_expense (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtExpense) expense = NULL;

  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, id);
  expense = dt_expense_store_get (ctx->db, id, error);
  return expense ? expense_to_json (expense) : NULL;
}

static JsonObject *
create_expense (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  g_autoptr(DtExpense) expense = dt_expense_new ();
  g_autoptr(DtExpense) stored = NULL;
  g_autoptr(GBytes) receipt = NULL;
  const char *base64 = dt_ops_get_string (input, "receipt_base64");

  if (!read_fields (ctx, input, expense, error))
    return NULL;
  if (base64 != NULL)
    receipt = dt_ops_decode_base64 ("receipt_base64", base64, RECEIPT_MAX_BASE64_SIZE, error);
  if (base64 != NULL && receipt == NULL)
    return NULL;
  stored = dt_expense_store_create (ctx->db, expense, receipt,
                                    dt_ops_get_string (input, "receipt_file_name"), error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, stored->id);
  return expense_to_json (stored);
}

static JsonObject *
update_expense (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtExpense) expense = NULL;
  g_autoptr(DtExpense) stored = NULL;

  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, id);
  expense = dt_expense_store_get (ctx->db, id, error);
  if (expense == NULL)
    return NULL;
  /* Another client means its currency, unless one is given. */
  if (dt_ops_has (input, "client_id") && !dt_ops_has (input, "currency") &&
      dt_ops_get_int (input, "client_id", 0) != expense->client_id)
    g_clear_pointer (&expense->currency, g_free);
  if (!read_fields (ctx, input, expense, error))
    return NULL;
  stored = dt_expense_store_update (ctx->db, expense,
                                    dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? expense_to_json (stored) : NULL;
}

static char *
describe_delete_expense (DtOpContext *ctx,
                         JsonObject  *input,
                         GError     **error)
{
  g_autoptr(DtExpense) expense = dt_expense_store_get (ctx->db, dt_ops_get_int (input, "id", 0),
                                                       error);
  g_autofree char *gross = NULL;

  if (expense == NULL)
    return NULL;
  gross = dt_money_format (expense->amount + expense->input_vat, expense->currency);
  return g_strdup_printf ("delete the expense of %s “%s” (%s)", expense->date,
                          expense->description, gross);
}

static JsonObject *
delete_expense (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  JsonObject *out;

  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, id);
  if (!dt_expense_store_delete (ctx->db, id, error))
    return NULL;
  out = json_object_new ();
  json_object_set_boolean_member (out, "deleted", TRUE);
  json_object_set_int_member (out, "id", id);
  return out;
}

static JsonObject *
attach_expense_receipt (DtOpContext *ctx,
                        JsonObject  *input,
                        GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(GBytes) receipt = NULL;
  g_autoptr(DtExpense) stored = NULL;

  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, id);
  receipt = dt_ops_decode_base64 ("data_base64", dt_ops_get_string (input, "data_base64"),
                                  RECEIPT_MAX_BASE64_SIZE, error);
  if (receipt == NULL)
    return NULL;
  stored = dt_expense_store_attach_receipt (ctx->db, id, receipt,
                                            dt_ops_get_string (input, "file_name"), error);
  return stored ? expense_to_json (stored) : NULL;
}

static JsonObject *
get_expense_receipt (DtOpContext *ctx,
                     JsonObject  *input,
                     GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtExpense) expense = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *name = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "expense %" G_GINT64_FORMAT, id);
  expense = dt_expense_store_get (ctx->db, id, error);
  if (expense == NULL)
    return NULL;
  bytes = dt_expense_store_read_receipt (ctx->db, expense, error);
  if (bytes == NULL)
    return NULL;
  base64 = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  name = expense->receipt_name[0] != '\0'
         ? g_strdup (expense->receipt_name)
         : g_strdup_printf ("receipt-%" G_GINT64_FORMAT "%s", id,
                            g_str_equal (expense->receipt_type, "application/pdf") ? ".pdf"
                            : g_str_equal (expense->receipt_type, "image/png") ? ".png"
                            : ".jpg");
  out = json_object_new ();
  json_object_set_string_member (out, "content_type", expense->receipt_type);
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "data_base64", base64);
  return out;
}

#define EXPENSE_IN_FIELDS \
  "\"project_id\":" DT_OPS_ID ("A project of the client it was for") "," \
  "\"date\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"The day it was paid, " \
  "2026-11-05 (default today)\"}," \
  "\"category\":{\"type\":\"string\",\"maxLength\":100,\"description\":\"travel, software, " \
  "hardware… (printed before the description on the invoice)\"}," \
  "\"currency\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\",\"description\":\"ISO 4217 " \
  "code (default the client's; a re-billable expense must be in it)\"}," \
  "\"vat_rate_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\"," \
  "\"description\":\"The VAT rate on the receipt (input VAT), e.g. \\\"19\\\" (default 0)\"}," \
  "\"input_vat\":" DT_OPS_MONEY_IN ("The VAT on the receipt when it differs from amount × " \
  "rate by rounding; null computes it") "," \
  "\"billable\":{\"type\":\"boolean\",\"description\":\"Re-bill it to the client (default " \
  "true)\"}," \
  "\"markup_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,4}(\\\\.[0-9]{1,2})?$\"," \
  "\"description\":\"Added when billed, e.g. \\\"10\\\" (default 0)\"}"

static const DtOp expense_ops[] = {
  {
    "list_expenses", N_("List expenses"), "expenses", "invoices:read",
    "Lists expenses paid for clients (train tickets, software, hardware), oldest first: "
    "each with its net amount, the input VAT on the receipt (kept apart from the VAT the "
    "invoices charge), gross, whether it is re-billed and at what markup, what it bills, its "
    "receipt and the invoice it is on. Filter by client, project, date range, status (open "
    "= not invoiced, invoiced), billable and text.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    "\"project_id\":" DT_OPS_ID ("Only this project's") "," DT_OPS_RANGE_PROPS ","
    "\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"invoiced\"]},"
    "\"billable\":{\"type\":\"string\",\"enum\":[\"any\",\"only\",\"non\"]},"
    DT_OPS_TEXT_PROP "," DT_OPS_PAGE_PROPS "},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (EXPENSE_OUT), DT_OP_READ_ONLY, "GET", "/expenses", 200, list_expenses,
    NULL,
  },
  {
    "get_expense", N_("Get an expense"), "expenses", "invoices:read",
    "Returns one expense with its amounts, receipt and invoice.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The expense's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    EXPENSE_OUT, DT_OP_READ_ONLY, "GET", "/expenses/{id}", 200, get_expense, NULL,
  },
  {
    "create_expense", N_("Record an expense"), "expenses", "invoices:write",
    "Records an expense paid for a client: the net amount, the VAT rate on the receipt, "
    "whether to re-bill it (default yes) and a markup. A re-billable expense appears in "
    "find_invoice_candidates for its date and becomes one line of the next draft "
    "(net × (1 + markup)). A receipt (PDF, PNG or JPEG, at most 720 KiB here) may come as "
    "base64; its content must be one of those, whatever its name says. Nothing is kept when "
    "anything is refused.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client it was for") ","
    "\"description\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000,\"description\":"
    "\"What it was, as the invoice line will say: Train Berlin–Hamburg, 5 Nov\"},"
    "\"amount\":" DT_OPS_MONEY_IN ("The net amount paid (without VAT)") ","
    EXPENSE_IN_FIELDS ","
    "\"receipt_base64\":{\"type\":\"string\",\"minLength\":4,\"maxLength\":" RECEIPT_MAX_BASE64
    ",\"description\":\"The receipt, base64 (RFC 4648, no line breaks)\"},"
    "\"receipt_file_name\":{\"type\":\"string\",\"maxLength\":255}},"
    "\"required\":[\"client_id\",\"description\",\"amount\"],\"additionalProperties\":false}",
    EXPENSE_OUT, 0, "POST", "/expenses", 201, create_expense, NULL,
  },
  {
    "update_expense", N_("Change an expense"), "expenses", "invoices:write",
    "Changes an expense that is not on an invoice; one on an invoice (even a draft) is "
    "locked. Fields left out stay.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The expense's id") ","
    "\"client_id\":" DT_OPS_ID ("The client it was for") ","
    "\"description\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000},"
    "\"amount\":" DT_OPS_MONEY_IN ("The net amount paid (without VAT)") ","
    EXPENSE_IN_FIELDS "," DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],"
    "\"additionalProperties\":false}",
    EXPENSE_OUT, DT_OP_IDEMPOTENT, "PATCH", "/expenses/{id}", 200, update_expense, NULL,
  },
  {
    "delete_expense", N_("Delete an expense"), "expenses", "invoices:write",
    "Deletes an expense that is not on an invoice, with its receipt. The user confirms each "
    "deletion in DoubleTime; the call waits for the answer.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The expense's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_DELETED_OUT, DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "DELETE", "/expenses/{id}", 200,
    delete_expense, describe_delete_expense,
  },
  {
    "attach_expense_receipt", N_("Attach a receipt"), "expenses", "invoices:write",
    "Keeps a receipt for an expense that is not on an invoice, replacing an earlier one: a "
    "PDF, PNG or JPEG, at most 720 KiB, base64. The type is read from the content; a file "
    "that is not one of those is refused and nothing is kept. Over REST, send the file as "
    "the body or as multipart/form-data.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The expense's id") ","
    "\"data_base64\":{\"type\":\"string\",\"minLength\":4,\"maxLength\":" RECEIPT_MAX_BASE64 ","
    "\"description\":\"The receipt, base64 (RFC 4648, no line breaks)\"},"
    "\"file_name\":{\"type\":\"string\",\"maxLength\":255}},"
    "\"required\":[\"id\",\"data_base64\"],\"additionalProperties\":false}",
    EXPENSE_OUT, DT_OP_IDEMPOTENT, "POST", "/expenses/{id}/receipt", 200,
    attach_expense_receipt, NULL, NULL, NULL, NULL, RECEIPT_TYPES,
  },
  {
    "get_expense_receipt", N_("Get a receipt"), "expenses", "invoices:read",
    "Returns an expense's receipt as it was kept (base64), checked against its SHA-256.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The expense's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"data_base64\":{\"type\":\"string\"}},"
    "\"required\":[\"content_type\",\"data_base64\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/expenses/{id}/receipt", 200, get_expense_receipt,
    NULL, NULL, NULL, RECEIPT_TYPES, NULL,
  },
};

void
dt_ops_register_expenses (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (expense_ops); i++)
    dt_op_registry_add (registry, &expense_ops[i]);
}

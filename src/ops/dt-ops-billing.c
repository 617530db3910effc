/* dt-ops-billing.c: billing tracked time: invoice candidates, and creating and editing drafts. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"
#include "dt-json-writer.h"

#include "dt-invoicing.h"
#include "dt-settings-store.h"
#include "expenses/dt-expenses.h"

#define INVOICE_EINVOICE_IN \
  "\"order_reference\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-13: " \
  "the buyer's purchase order number\"}," \
  "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("This invoice's VAT category; empty: the " \
  "client's, else the profile's") "," DT_OPS_VAT_EXEMPTION_IN

#define GROUPING_PROP \
  "\"group_by\":{\"type\":\"string\",\"enum\":[\"task\",\"project\",\"entry\"]," \
  "\"description\":\"One invoice line per task (default), per project or per entry\"}"

static gboolean
read_grouping (JsonObject        *input,
               DtInvoiceGrouping *grouping,
               GError           **error)
{
  const char *text = dt_ops_get_string (input, "group_by");

  *grouping = DT_GROUP_BY_TASK;
  return text == NULL || dt_invoice_grouping_from_string (text, grouping, error);
}

/* ---- candidates --------------------------------------------------------------------- */

/* The text find_invoice_candidates's object gives, written without the tree (test-ops checks
 * both give the same text). */
static void
candidates_write (GString            *out,
                  const DtCandidates *candidates)
{
  const char *cur = candidates->currency;

  g_string_append (out, "{\"client_id\":");
  dt_json_write_int (out, candidates->client_id);
  dt_ops_put_string (out, "client_name", candidates->client_name);
  dt_ops_put_string (out, "currency", cur);
  dt_ops_put_instant (out, "from", candidates->from);
  dt_ops_put_instant (out, "to", candidates->to);
  dt_ops_put_text (out, "group_by", dt_invoice_grouping_to_string (candidates->grouping));
  g_string_append (out, ",\"groups\":[");
  for (guint i = 0; i < candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (candidates->groups, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"project_id\":");
      dt_json_write_int (out, group->project_id);
      dt_ops_put_string (out, "project_name", group->project_name);
      dt_ops_put_optional_int (out, "task_id", group->task_id);
      dt_ops_put_text (out, "task_title", group->task_title);
      dt_ops_put_string (out, "description", group->description);
      dt_ops_put_money (out, "rate", group->rate, cur);
      dt_ops_put_string (out, "rate_explanation", group->rate_explanation);
      dt_ops_put_string (out, "rounding_explanation", group->rounding_explanation);
      dt_ops_put_int (out, "raw_minutes", group->raw_minutes);
      dt_ops_put_int (out, "billed_minutes", group->billed_minutes);
      dt_ops_put_money (out, "amount", group->amount, cur);
      g_string_append (out, ",\"entries\":[");
      for (guint j = 0; j < group->entries->len; j++)
        {
          DtCandidateEntry *entry = g_ptr_array_index (group->entries, j);

          if (j > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "{\"entry_id\":");
          dt_json_write_int (out, entry->entry_id);
          dt_ops_put_instant (out, "start", entry->start_at);
          dt_ops_put_instant (out, "end", entry->end_at);
          dt_ops_put_string (out, "note", entry->note);
          dt_ops_put_int (out, "raw_minutes", entry->raw_minutes);
          dt_ops_put_int (out, "billed_minutes", entry->billed_minutes);
          dt_ops_put_money (out, "rate", entry->rate, cur);
          dt_ops_put_money (out, "amount", entry->amount, cur);
          dt_ops_put_string (out, "rate_explanation", entry->rate_explanation);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
  dt_ops_put_int (out, "entries", candidates->n_entries);
  dt_ops_put_int (out, "raw_minutes", candidates->raw_minutes);
  dt_ops_put_int (out, "billed_minutes", candidates->billed_minutes);
  dt_ops_put_money (out, "amount", candidates->amount, cur);
  dt_ops_put_int (out, "excluded_non_billable", candidates->excluded_non_billable);
  dt_ops_put_int (out, "excluded_running", candidates->excluded_running);
  dt_ops_put_int (out, "excluded_billed", candidates->excluded_billed);
  g_string_append (out, ",\"expenses\":[");
  for (guint i = 0; i < candidates->expenses->len; i++)
    {
      DtExpense *expense = g_ptr_array_index (candidates->expenses, i);
      gint64 billed = DT_NO_VALUE;

      if (!dt_expense_billed_amount (expense, &billed))
        billed = DT_NO_VALUE;
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"expense_id\":");
      dt_json_write_int (out, expense->id);
      dt_ops_put_string (out, "date", expense->date);
      dt_ops_put_optional_int (out, "project_id", expense->project_id);
      dt_ops_put_string (out, "category", expense->category);
      dt_ops_put_string (out, "description", expense->description);
      dt_ops_put_money (out, "amount", expense->amount, cur);
      dt_ops_put_int (out, "markup_bp", expense->markup_bp);
      dt_ops_put_money (out, "billed_amount", billed, cur);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  dt_ops_put_money (out, "expenses_amount", candidates->expenses_amount, cur);
  g_string_append_c (out, '}');
}

static JsonObject *
find_invoice_candidates (DtOpContext *ctx,
                         JsonObject  *input,
                         GError     **error)
{
  gint64 from, to, client_id = dt_ops_get_int (input, "client_id", 0);
  DtInvoiceGrouping grouping;
  g_autoptr(DtCandidates) candidates = NULL;
  JsonObject *out;
  JsonArray *groups;
  JsonArray *expenses;

  if (!dt_ops_get_period (input, &from, &to, error) || !read_grouping (input, &grouping, error))
    return NULL;
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, client_id);
  candidates = dt_invoicing_find_candidates (ctx->db, client_id, from, to, grouping, error);
  if (candidates == NULL)
    return NULL;
  if (ctx->text_out != NULL)
    {
      /* The caller takes text: the same object, written directly. */
      candidates_write (ctx->text_out, candidates);
      return json_object_new ();
    }

  out = json_object_new ();
  json_object_set_int_member (out, "client_id", candidates->client_id);
  dt_ops_set_string (out, "client_name", candidates->client_name);
  dt_ops_set_string (out, "currency", candidates->currency);
  dt_ops_set_instant (out, "from", candidates->from);
  dt_ops_set_instant (out, "to", candidates->to);
  json_object_set_string_member (out, "group_by",
                                 dt_invoice_grouping_to_string (candidates->grouping));
  groups = json_array_new ();
  for (guint i = 0; i < candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (candidates->groups, i);
      JsonObject *g = json_object_new ();
      JsonArray *entries = json_array_new ();

      json_object_set_int_member (g, "project_id", group->project_id);
      dt_ops_set_string (g, "project_name", group->project_name);
      dt_ops_set_optional_int (g, "task_id", group->task_id);
      if (group->task_title)
        json_object_set_string_member (g, "task_title", group->task_title);
      else
        json_object_set_null_member (g, "task_title");
      dt_ops_set_string (g, "description", group->description);
      dt_ops_set_money (g, "rate", group->rate, candidates->currency);
      dt_ops_set_string (g, "rate_explanation", group->rate_explanation);
      dt_ops_set_string (g, "rounding_explanation", group->rounding_explanation);
      json_object_set_int_member (g, "raw_minutes", group->raw_minutes);
      json_object_set_int_member (g, "billed_minutes", group->billed_minutes);
      dt_ops_set_money (g, "amount", group->amount, candidates->currency);
      for (guint j = 0; j < group->entries->len; j++)
        {
          DtCandidateEntry *entry = g_ptr_array_index (group->entries, j);
          JsonObject *e = json_object_new ();

          json_object_set_int_member (e, "entry_id", entry->entry_id);
          dt_ops_set_instant (e, "start", entry->start_at);
          dt_ops_set_instant (e, "end", entry->end_at);
          dt_ops_set_string (e, "note", entry->note);
          json_object_set_int_member (e, "raw_minutes", entry->raw_minutes);
          json_object_set_int_member (e, "billed_minutes", entry->billed_minutes);
          dt_ops_set_money (e, "rate", entry->rate, candidates->currency);
          dt_ops_set_money (e, "amount", entry->amount, candidates->currency);
          dt_ops_set_string (e, "rate_explanation", entry->rate_explanation);
          json_array_add_object_element (entries, e);
        }
      json_object_set_array_member (g, "entries", entries);
      json_array_add_object_element (groups, g);
    }
  json_object_set_array_member (out, "groups", groups);
  json_object_set_int_member (out, "entries", candidates->n_entries);
  json_object_set_int_member (out, "raw_minutes", candidates->raw_minutes);
  json_object_set_int_member (out, "billed_minutes", candidates->billed_minutes);
  dt_ops_set_money (out, "amount", candidates->amount, candidates->currency);
  json_object_set_int_member (out, "excluded_non_billable", candidates->excluded_non_billable);
  json_object_set_int_member (out, "excluded_running", candidates->excluded_running);
  json_object_set_int_member (out, "excluded_billed", candidates->excluded_billed);
  expenses = json_array_new ();
  for (guint i = 0; i < candidates->expenses->len; i++)
    {
      DtExpense *expense = g_ptr_array_index (candidates->expenses, i);
      JsonObject *e = json_object_new ();
      gint64 billed = DT_NO_VALUE;

      if (!dt_expense_billed_amount (expense, &billed))
        billed = DT_NO_VALUE;
      json_object_set_int_member (e, "expense_id", expense->id);
      dt_ops_set_string (e, "date", expense->date);
      dt_ops_set_optional_int (e, "project_id", expense->project_id);
      dt_ops_set_string (e, "category", expense->category);
      dt_ops_set_string (e, "description", expense->description);
      dt_ops_set_money (e, "amount", expense->amount, candidates->currency);
      json_object_set_int_member (e, "markup_bp", expense->markup_bp);
      dt_ops_set_money (e, "billed_amount", billed, candidates->currency);
      json_array_add_object_element (expenses, e);
    }
  json_object_set_array_member (out, "expenses", expenses);
  dt_ops_set_money (out, "expenses_amount", candidates->expenses_amount, candidates->currency);
  return out;
}

/* ---- drafts ------------------------------------------------------------------------- */

static JsonObject *
create_invoice_draft (DtOpContext *ctx,
                      JsonObject  *input,
                      GError     **error)
{
  DtDraftRequest request = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) expense_ids = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoice) einvoice_fields = dt_invoice_new ();

  request.client_id = dt_ops_get_int (input, "client_id", 0);
  request.tax_rate_bp = -1;
  if (!dt_ops_get_period (input, &request.from, &request.to, error) ||
      !read_grouping (input, &request.grouping, error) ||
      !dt_ops_read_percent_bp (input, "tax_rate_percent", &request.tax_rate_bp, error) ||
      !dt_ops_read_percent_bp (input, "discount_percent", &request.discount_bp, error))
    return NULL;
  if (dt_ops_has (input, "entry_ids"))
    {
      JsonArray *array = json_object_get_array_member (input, "entry_ids");

      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);
          g_array_append_val (ids, id);
        }
      request.entry_ids = ids;
    }
  if (dt_ops_has (input, "expense_ids"))
    {
      JsonArray *array = json_object_get_array_member (input, "expense_ids");

      expense_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);
          g_array_append_val (expense_ids, id);
        }
      request.expense_ids = expense_ids;
    }
  request.notes = dt_ops_get_string (input, "notes");
  request.terms = dt_ops_get_string (input, "terms");
  request.due_date = dt_ops_get_string (input, "due_date");
  /* Checked before anything is written; absent fields stay "" as for a new invoice. */
  if (!dt_ops_take_text_fields (input, einvoice_fields, dt_ops_invoice_einvoice_fields,
                                DT_OPS_N_INVOICE_EINVOICE_FIELDS, error))
    return NULL;
  request.order_reference = einvoice_fields->order_reference;
  request.vat_category = einvoice_fields->vat_category;
  request.vat_exemption_reason = einvoice_fields->vat_exemption_reason;
  request.vat_exemption_code = einvoice_fields->vat_exemption_code;
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, request.client_id);
  invoice = dt_invoicing_create_draft (ctx->db, &request, error);
  if (invoice == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, invoice->id);
  return dt_ops_invoice_to_json (invoice);
}

static const DtOpsTextField line_fields[] = {
  { "vat_category", G_STRUCT_OFFSET (DtInvoiceLine, vat_category), DT_OPS_TEXT_VAT_CATEGORY },
  { "unit_code", G_STRUCT_OFFSET (DtInvoiceLine, unit_code), DT_OPS_TEXT_PLAIN },
};

/* The draft's lines as @items gives them, in their order: a line with an id is that line of
 * @invoice with what the item changes; one without is new. */
static gboolean
read_lines (DtDb       *db,
            JsonArray  *items,
            DtInvoice  *invoice,
            GError    **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* A new line is taxed as the draft's first line is, else as the tax setting says. */
  int tax_rate_bp = invoice->lines->len > 0
                    ? ((DtInvoiceLine *) invoice->lines->pdata[0])->tax_rate_bp
                    : (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TAX_RATE_BP, 0);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = dt_ops_get_int (item, "id", 0);
      const char *kind = dt_ops_get_string (item, "kind");
      const char *description = dt_ops_get_string (item, "description");
      guint number = i + 1;
      DtInvoiceLine *line = NULL;
      DtLineKind new_kind;

      if (id != 0)
        {
          for (guint j = 0; j < invoice->lines->len && line == NULL; j++)
            if (((DtInvoiceLine *) invoice->lines->pdata[j])->id == id)
              line = dt_invoice_line_copy (invoice->lines->pdata[j]);
          if (line == NULL)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                           "line %u: line %" G_GINT64_FORMAT " is not a line of invoice %"
                           G_GINT64_FORMAT "; leave out “id” for a new line", number, id,
                           invoice->id);
              return FALSE;
            }
          g_ptr_array_add (lines, line);
          if (!g_hash_table_add (seen, &line->id))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: line %" G_GINT64_FORMAT " is listed twice", number, id);
              return FALSE;
            }
          if (kind != NULL && g_strcmp0 (kind, dt_line_kind_to_string (line->kind)) != 0)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: line %" G_GINT64_FORMAT " is a %s line and stays one; "
                           "remove it and add a new line instead", number, id,
                           dt_line_kind_to_string (line->kind));
              return FALSE;
            }
        }
      else
        {
          if (kind == NULL || !dt_line_kind_from_string (kind, &new_kind, NULL) ||
              new_kind == DT_LINE_TIME)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: a new line needs “kind”: \"fixed\" (units × unit price) "
                           "or \"hourly\" (minutes × price per hour); tracked time is added "
                           "with create_invoice_draft", number);
              return FALSE;
            }
          if (description == NULL || !dt_ops_has (item, "unit_price") ||
              !dt_ops_has (item, new_kind == DT_LINE_FIXED ? "quantity_units"
                                                           : "quantity_minutes"))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: a new %s line needs “description”, “unit_price” and %s",
                           number, kind, new_kind == DT_LINE_FIXED ? "“quantity_units”"
                                                                   : "“quantity_minutes”");
              return FALSE;
            }
          line = dt_invoice_line_new (new_kind);
          line->tax_rate_bp = tax_rate_bp;
          g_ptr_array_add (lines, line);
        }

      if (description != NULL)
        {
          g_free (line->description);
          line->description = g_strdup (description);
        }
      if (dt_ops_has (item, "quantity_units") || dt_ops_has (item, "quantity_minutes"))
        {
          gboolean units = dt_ops_has (item, "quantity_units");

          if (line->kind == DT_LINE_TIME || units != (line->kind == DT_LINE_FIXED))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: %s", number,
                           line->kind == DT_LINE_TIME
                           ? "the minutes of a time line are those of its entries"
                           : line->kind == DT_LINE_FIXED
                           ? "a fixed line counts units: give “quantity_units”"
                           : "an hourly line counts minutes: give “quantity_minutes”");
              return FALSE;
            }
          if (!units)
            line->quantity = dt_ops_get_int (item, "quantity_minutes", 0);
          else if (!dt_ops_read_units (item, number, &line->quantity, error))
            return FALSE;
        }
      if (dt_ops_has (item, "unit_price") &&
          !dt_ops_get_money (item, "unit_price", invoice->currency, &line->unit_price, error))
        {
          g_prefix_error (error, "line %u: ", number);
          return FALSE;
        }
      if (line->unit_price == DT_NO_VALUE)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u: “unit_price” needs an amount, like \"85.00\"", number);
          return FALSE;
        }
      if (!dt_ops_read_percent_bp (item, "tax_rate_percent", &line->tax_rate_bp, error) ||
          !dt_ops_take_text_fields (item, line, line_fields, G_N_ELEMENTS (line_fields), error))
        {
          g_prefix_error (error, "line %u: ", number);
          return FALSE;
        }
      if (line->kind != DT_LINE_FIXED && line->unit_code != NULL && line->unit_code[0] != '\0')
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u: “unit_code”: a %s line counts hours (HUR); only fixed lines "
                       "take another unit", number, dt_line_kind_to_string (line->kind));
          return FALSE;
        }
    }
  g_ptr_array_unref (invoice->lines);
  invoice->lines = g_steal_pointer (&lines);
  return TRUE;
}

static JsonObject *
update_invoice_draft (DtOpContext *ctx,
                      JsonObject  *input,
                      GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoice) stored = NULL;
  const char *text;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoice_store_get (ctx->db, id, error);
  if (invoice == NULL)
    return NULL;
#define TAKE(field)                                         \
  if ((text = dt_ops_get_string (input, #field)) != NULL)   \
    {                                                       \
      g_free (invoice->field);                              \
      invoice->field = g_strdup (text);                     \
    }
  TAKE (notes);
  TAKE (terms);
  TAKE (due_date);
  TAKE (period_from);
  TAKE (period_to);
#undef TAKE
  if (!dt_ops_take_text_fields (input, invoice, dt_ops_invoice_einvoice_fields,
                                DT_OPS_N_INVOICE_EINVOICE_FIELDS, error))
    return NULL;
  if (!dt_ops_read_percent_bp (input, "discount_percent", &invoice->discount_bp, error))
    return NULL;
  if (dt_ops_has (input, "discount_fixed") &&
      !dt_ops_get_money (input, "discount_fixed", invoice->currency, &invoice->discount_fixed,
                         error))
    return NULL;
  if (invoice->discount_fixed == DT_NO_VALUE)
    invoice->discount_fixed = 0;
  if (dt_ops_has (input, "lines") &&
      !read_lines (ctx->db, json_object_get_array_member (input, "lines"), invoice, error))
    return NULL;
  stored = dt_invoice_store_update_draft (ctx->db, invoice,
                                          dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? dt_ops_invoice_to_json (stored) : NULL;
}
/* ---- definitions -------------------------------------------------------------------- */

#define MONEY_ROW \
  DT_OPS_MONEY_OUT ("amount") ",\"currency\":{\"type\":\"string\"}"

static const DtOp billing_ops[] = {
  {
    "find_invoice_candidates", "Find work ready to invoice", "invoices", "invoices:read",
    "Shows what an invoice for one client over a date range would bill: unbilled, billable, "
    "finished time grouped per task (or project, or entry), each group with raw and rounded "
    "minutes, the hourly rate that applies and why, and the amount; plus what was left out "
    "(non-billable, running, already billed); and the re-billable expenses dated in the "
    "range that are on no invoice, each with what it bills (net × (1 + markup)). Nothing is "
    "changed. Follow with create_invoice_draft using the same client_id, from and to.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client to bill") ","
    DT_OPS_RANGE_PROPS "," GROUPING_PROP "},\"required\":[\"client_id\",\"from\",\"to\"],"
    "\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"client_id\":{\"type\":\"integer\"},"
    "\"client_name\":{\"type\":\"string\"},\"currency\":{\"type\":\"string\"},"
    "\"groups\":{\"type\":\"array\"},\"entries\":{\"type\":\"integer\"},"
    "\"raw_minutes\":{\"type\":\"integer\"},\"billed_minutes\":{\"type\":\"integer\"},"
    DT_OPS_MONEY_OUT ("amount") ",\"expenses\":{\"type\":\"array\",\"items\":{\"type\":"
    "\"object\",\"properties\":{\"expense_id\":{\"type\":\"integer\"},\"date\":{\"type\":"
    "\"string\"},\"project_id\":{\"type\":[\"integer\",\"null\"]},\"category\":{\"type\":"
    "\"string\"},\"description\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("amount") ","
    "\"markup_bp\":{\"type\":\"integer\"}," DT_OPS_MONEY_OUT ("billed_amount") "},"
    "\"required\":[\"expense_id\",\"date\",\"description\",\"amount\",\"billed_amount\"]}},"
    DT_OPS_MONEY_OUT ("expenses_amount") "},\"required\":[\"client_id\",\"currency\","
    "\"groups\",\"amount\",\"expenses\",\"expenses_amount\"]}",
    DT_OP_READ_ONLY, "GET", "/invoice-candidates", 200, find_invoice_candidates, NULL,
  },
  {
    "create_invoice_draft", "Create a draft invoice", "invoices", "invoices:write",
    "Creates a draft invoice for a client from the unbilled work of a date range (as "
    "find_invoice_candidates shows it), one line per task by default, then one line per "
    "re-billable expense; entry_ids bills only those entries, expense_ids only those expenses "
    "([] none). The billed entries and expenses are locked until the draft is deleted. "
    "Returns the draft with lines and totals; preview_invoice shows it as printed.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client to bill") ","
    DT_OPS_RANGE_PROPS "," GROUPING_PROP ","
    "\"entry_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1},"
    "\"uniqueItems\":true,\"description\":\"Bill only these candidate entries\"},"
    "\"expense_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1},"
    "\"uniqueItems\":true,\"description\":\"Bill only these candidate expenses (default "
    "all of the range; [] none)\"},"
    "\"tax_rate_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\","
    "\"description\":\"VAT on the lines, e.g. \\\"19\\\" (default: the tax setting)\"},"
    "\"discount_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\"},"
    "\"notes\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"terms\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"due_date\":{\"type\":\"string\",\"format\":\"date\"}," INVOICE_EINVOICE_IN "},"
    "\"required\":[\"client_id\",\"from\",\"to\"],\"additionalProperties\":false}",
    DT_OPS_INVOICE_REF_OUT, 0, "POST", "/invoices", 201, create_invoice_draft, NULL,
  },
  {
    "update_invoice_draft", "Update a draft invoice", "invoices", "invoices:write",
    "Changes a draft's notes, terms, due date, service period, discount, order reference, "
    "VAT category and exemption, or lines. Without \"lines\" the lines "
    "stay; with it, it is the whole list in print order (get_invoice gives the current one): "
    "a line with an id keeps it and may change its description, unit_price, tax_rate_percent "
    "and the quantity of a fixed or hourly line; a line without an id is new (kind fixed or "
    "hourly); a line left out is removed, and its tracked time is unbilled again. Only drafts "
    "can change: a sent invoice is frozen.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The draft's id") ","
    "\"notes\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"lines\":{\"type\":\"array\",\"maxItems\":500,\"items\":{\"type\":\"object\","
    "\"properties\":{\"id\":" DT_OPS_ID ("A line of this draft, from get_invoice") ","
    "\"kind\":{\"type\":\"string\",\"enum\":[\"fixed\",\"hourly\",\"time\"],"
    "\"description\":\"For a new line: fixed (units × unit price) or hourly (minutes × price "
    "per hour)\"},"
    "\"description\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000},"
    "\"quantity_units\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,9}(\\\\.[0-9]{1,3})?$\","
    "\"description\":\"Units of a fixed line, e.g. \\\"1\\\" or \\\"2.5\\\"\"},"
    "\"quantity_minutes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000000000,"
    "\"description\":\"Minutes of an hourly line\"},"
    "\"unit_price\":" DT_OPS_MONEY_IN ("Price per unit, or per hour for hourly and time lines")
    ",\"tax_rate_percent\":{\"type\":\"string\","
    "\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\",\"description\":\"VAT on this line, "
    "e.g. \\\"7\\\" (a new line's default: the first line's)\"},"
    "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("BT-151: this line's VAT category; empty: "
    "the invoice's") ","
    "\"unit_code\":{\"type\":\"string\",\"enum\":[\"\",\"C62\",\"H87\",\"XPP\",\"EA\",\"LS\","
    "\"DAY\",\"WEE\",\"MON\",\"ANN\",\"E48\",\"KMT\",\"KGM\",\"MTR\",\"LTR\"],"
    "\"description\":\"BT-130 (UN/ECE rec. 20) of a fixed line: C62 pieces (default), DAY, "
    "MON, LS lump sum, KMT kilometres…\"}},"
    "\"additionalProperties\":false}},"
    "\"terms\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"due_date\":{\"type\":\"string\",\"format\":\"date\"},"
    "\"period_from\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"BT-73: "
    "first day of the service period\"},"
    "\"period_to\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"BT-74: "
    "last day of the service period\"}," INVOICE_EINVOICE_IN ","
    "\"discount_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\"},"
    "\"discount_fixed\":" DT_OPS_MONEY_IN ("A fixed discount") ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_INVOICE_REF_OUT, DT_OP_IDEMPOTENT, "PATCH", "/invoices/{id}", 200,
    update_invoice_draft, NULL,
  },
};

void
dt_ops_register_billing (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (billing_ops); i++)
    dt_op_registry_add (registry, &billing_ops[i]);
}

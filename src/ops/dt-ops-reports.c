/* dt-ops-reports.c: reports of time and money, as rows or as CSV. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include <string.h>

#include "dt-json-writer.h"
#include "dt-reports.h"
#include "expenses/dt-expenses.h"

static void
report_row_write (GString           *out,
                  const DtReportRow *row)
{
  g_string_append (out, "{\"key\":");
  dt_json_write_string (out, row->key != NULL ? row->key : "");
  dt_ops_put_optional_int (out, "id", row->id);
  dt_ops_put_string (out, "label", row->label);
  dt_ops_put_string (out, "currency", row->currency);
  dt_ops_put_int (out, "entries", row->entries);
  dt_ops_put_int (out, "minutes", row->seconds / 60);
  dt_ops_put_int (out, "billable_minutes", row->billable_seconds / 60);
  dt_ops_put_int (out, "non_billable_minutes", row->non_billable_seconds / 60);
  dt_ops_put_int (out, "billed_minutes", row->billed_minutes);
  dt_ops_put_money (out, "amount", row->amount, row->currency);
  dt_ops_put_money (out, "invoiced_amount", row->invoiced_amount, row->currency);
  g_string_append_c (out, '}');
}

static void
report_rows_write (GString    *out,
                   const char *name,
                   GPtrArray  *rows)
{
  dt_ops_put_name (out, name, "");
  g_string_append_c (out, '[');
  for (guint i = 0; i < rows->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      report_row_write (out, g_ptr_array_index (rows, i));
    }
  g_string_append_c (out, ']');
}

typedef struct
{
  const DtReportQuery *query;
  const DtReport      *report;
  GPtrArray           *expenses;  /* DtExpenseTotals of the range */
} ReportAnswer;

static void expenses_and_profit_write (GString        *out,
                                       GPtrArray      *expenses,
                                       const DtReport *report);

static void
report_write (GString       *out,
              gconstpointer  data)
{
  const ReportAnswer *answer = data;
  const DtReportQuery *query = answer->query;
  const DtReport *report = answer->report;
  const char *grouping = dt_report_grouping_to_string (query->group_by);
  g_autofree char *from = dt_time_local_date (query->from);
  g_autofree char *last = dt_time_local_date (query->to - 1);

  g_string_append (out, "{\"group_by\":");
  dt_json_write_string (out, grouping);
  dt_ops_put_instant (out, "from", query->from);
  dt_ops_put_instant (out, "to", query->to);
  report_rows_write (out, "rows", report->rows);
  report_rows_write (out, "totals", report->totals);
  expenses_and_profit_write (out, answer->expenses, report);
  dt_ops_put_name (out, "csv_uri", "");
  g_string_append_printf (out, "\"doubletime://reports/%s/%s/%s.csv\"}", grouping, from, last);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The expenses of the range per currency, and per currency what it earned: billable work
 * plus what the expenses bill, less what they cost. */
static void
expenses_and_profit_write (GString        *out,
                           GPtrArray      *expenses,
                           const DtReport *report)
{
  g_autoptr(GPtrArray) currencies = g_ptr_array_new ();

  dt_ops_put_name (out, "expenses", "");
  g_string_append_c (out, '[');
  for (guint i = 0; i < expenses->len; i++)
    {
      DtExpenseTotals *totals = g_ptr_array_index (expenses, i);

      g_string_append (out, i > 0 ? ",{\"currency\":" : "{\"currency\":");
      dt_json_write_string (out, totals->currency);
      dt_ops_put_int (out, "expenses", totals->expenses);
      dt_ops_put_money (out, "amount", totals->amount, totals->currency);
      dt_ops_put_money (out, "input_vat", totals->input_vat, totals->currency);
      dt_ops_put_money (out, "billable_amount", totals->billable_amount, totals->currency);
      dt_ops_put_money (out, "invoiced_amount", totals->invoiced_amount, totals->currency);
      g_string_append_c (out, '}');
      g_ptr_array_add (currencies, totals->currency);
    }
  g_string_append_c (out, ']');
  for (guint i = 0; i < report->totals->len; i++)
    {
      DtReportRow *row = g_ptr_array_index (report->totals, i);

      if (!g_ptr_array_find_with_equal_func (currencies, row->currency, g_str_equal, NULL))
        g_ptr_array_add (currencies, row->currency);
    }
  g_ptr_array_sort (currencies, compare_codes);
  dt_ops_put_name (out, "profit", "");
  g_string_append_c (out, '[');
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      const DtExpenseTotals *totals = NULL;
      gint64 work = 0;

      for (guint j = 0; j < expenses->len && totals == NULL; j++)
        if (g_str_equal (((DtExpenseTotals *) expenses->pdata[j])->currency, currency))
          totals = expenses->pdata[j];
      for (guint j = 0; j < report->totals->len; j++)
        if (g_str_equal (((DtReportRow *) report->totals->pdata[j])->currency, currency))
          work = ((DtReportRow *) report->totals->pdata[j])->amount;
      g_string_append (out, i > 0 ? ",{\"currency\":" : "{\"currency\":");
      dt_json_write_string (out, currency);
      dt_ops_put_money (out, "work_amount", work, currency);
      dt_ops_put_money (out, "expenses_billed", totals ? totals->billable_amount : 0, currency);
      dt_ops_put_money (out, "expenses_cost", totals ? totals->amount : 0, currency);
      dt_ops_put_money (out, "profit", dt_expense_profit (work, totals), currency);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static JsonObject *
run_report (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  DtReportQuery query = { 0 };
  g_autoptr(DtReport) report = NULL;
  g_autoptr(GPtrArray) expenses = NULL;
  const char *group_by = dt_ops_get_string (input, "group_by");
  const char *billable = dt_ops_get_string (input, "billable");

  if (!dt_ops_get_period (input, &query.from, &query.to, error))
    return NULL;
  query.group_by = DT_REPORT_BY_CLIENT;
  if (group_by != NULL && !dt_report_grouping_from_string (group_by, &query.group_by, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.billable = g_strcmp0 (billable, "billable") == 0 ? DT_BILLABLE_ONLY
                   : g_strcmp0 (billable, "non_billable") == 0 ? DT_BILLABLE_NON
                   : DT_BILLABLE_ANY;
  report = dt_report_run (ctx->db, &query, error);
  if (report == NULL)
    return NULL;
  expenses = dt_expense_store_totals (ctx->db, query.from, query.to, query.client_id,
                                     query.project_id, error);
  if (expenses == NULL)
    return NULL;
  return dt_ops_answer_written (ctx, report_write,
                                &(ReportAnswer) { .query = &query, .report = report,
                                                  .expenses = expenses }, error);
}

static JsonObject *
get_report_csv (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  DtReportQuery query = { 0 };
  g_autoptr(DtReport) report = NULL;
  const char *group_by = dt_ops_get_string (input, "group_by");
  g_autofree char *csv = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *name = NULL;
  JsonObject *out;

  if (!dt_ops_get_period (input, &query.from, &query.to, error))
    return NULL;
  query.group_by = DT_REPORT_BY_CLIENT;
  if (group_by != NULL && !dt_report_grouping_from_string (group_by, &query.group_by, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  report = dt_report_run (ctx->db, &query, error);
  if (report == NULL)
    return NULL;
  csv = dt_report_to_csv (report);
  base64 = g_base64_encode ((const guchar *) csv, strlen (csv));
  name = g_strdup_printf ("report-%s-%s-%s.csv", dt_report_grouping_to_string (query.group_by),
                          dt_ops_get_string (input, "from"), dt_ops_get_string (input, "to"));
  out = json_object_new ();
  json_object_set_string_member (out, "content_type", "text/csv");
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "data_base64", base64);
  return out;
}

/* ---- definitions -------------------------------------------------------------------- */

static const DtOp report_ops[] = {
  {
    "run_report", "Run a report", "reports", "reports:read",
    "Totals of time and money over a date range, grouped by client (default), project, "
    "task, tag, day, week or month, optionally for one client or project and only billable "
    "or non-billable work; one row per group and currency, plus totals per currency, and "
    "csv_uri, the same report as a CSV resource (time only). Also the expenses dated in the "
    "range per currency (net cost, input VAT, what the re-billable ones bill) and the profit "
    "per currency: billable work plus re-billed expenses less the expenses' net cost.",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_RANGE_PROPS ","
    "\"group_by\":{\"type\":\"string\",\"enum\":[\"client\",\"project\",\"task\",\"tag\","
    "\"day\",\"week\",\"month\"]},\"client_id\":" DT_OPS_ID ("Only this client") ","
    "\"project_id\":" DT_OPS_ID ("Only this project") ","
    "\"billable\":{\"type\":\"string\",\"enum\":[\"any\",\"billable\",\"non_billable\"]}},"
    "\"required\":[\"from\",\"to\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"group_by\":{\"type\":\"string\"},"
    "\"rows\":{\"type\":\"array\"},\"totals\":{\"type\":\"array\"},"
    "\"expenses\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "\"currency\":{\"type\":\"string\"},\"expenses\":{\"type\":\"integer\"},"
    DT_OPS_MONEY_OUT ("amount") "," DT_OPS_MONEY_OUT ("input_vat") ","
    DT_OPS_MONEY_OUT ("billable_amount") "," DT_OPS_MONEY_OUT ("invoiced_amount") "},"
    "\"required\":[\"currency\",\"expenses\",\"amount\",\"input_vat\",\"billable_amount\"]}},"
    "\"profit\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("work_amount") ","
    DT_OPS_MONEY_OUT ("expenses_billed") "," DT_OPS_MONEY_OUT ("expenses_cost") ","
    DT_OPS_MONEY_OUT ("profit") "},\"required\":[\"currency\",\"work_amount\","
    "\"expenses_billed\",\"expenses_cost\",\"profit\"]}},"
    "\"csv_uri\":{\"type\":\"string\"}},\"required\":[\"rows\",\"totals\",\"expenses\","
    "\"profit\"]}",
    DT_OP_READ_ONLY, "GET", "/reports", 200, run_report, NULL,
  },
  {
    "get_report_csv", "Export a report as CSV", "reports", "reports:read",
    "The same report as run_report, as a CSV file (base64). Prefer run_report's csv_uri "
    "resource.",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_RANGE_PROPS ","
    "\"group_by\":{\"type\":\"string\",\"enum\":[\"client\",\"project\",\"task\",\"tag\","
    "\"day\",\"week\",\"month\"]},\"client_id\":" DT_OPS_ID ("Only this client") ","
    "\"project_id\":" DT_OPS_ID ("Only this project") "},"
    "\"required\":[\"from\",\"to\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"data_base64\":{\"type\":\"string\"}},"
    "\"required\":[\"content_type\",\"data_base64\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/reports.csv", 200, get_report_csv, NULL,
  },
};

void
dt_ops_register_reports (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (report_ops); i++)
    dt_op_registry_add (registry, &report_ops[i]);
}

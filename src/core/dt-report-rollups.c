/* dt-report-rollups.c: reports read from the roll-ups of days and months; only the parts of
 * days at either end of the range and a running timer come from the raw entries. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-reports-private.h"
#include "dt-billing-facts-private.h"
#include "dt-rollups-private.h"
#include "dt-time.h"

gboolean
dt_report_rollups_serve (const DtReportQuery *query)
{
  /* Tasks and tags would need a roll-up each of their own; those reports read entries. */
  return query->group_by != DT_REPORT_BY_TASK && query->group_by != DT_REPORT_BY_TAG;
}

/* The rows a project's buckets add to: its total (by currency) always, its row when the
 * grouping is by client or project. A project has a bucket per month or day. */
typedef struct
{
  DtReportRow *row;
  DtReportRow *total;
} ProjectRows;

typedef struct
{
  const DtReportQuery *query;
  DtReport            *report;
  DtBillingFacts      *facts;
  GHashTable          *rows;    /* "key|currency" → DtReportRow (borrowed) */
  GHashTable          *totals;
  GHashTable          *projects; /* project id → ProjectRows */
  DtReportPeriod       period;
} RollupRun;

/* Adds @bucket's work that @filter lets through; FALSE when that is none. */
static gboolean
add_sums (DtReportRow        *row,
          const DtWorkBucket *bucket,
          DtBillableFilter    filter)
{
  const DtWorkSums *s = &bucket->sums;

  if (filter != DT_BILLABLE_NON)
    {
      row->entries += (guint) s->billable_entries;
      row->seconds += s->billable_seconds;
      row->billable_seconds += s->billable_seconds;
      row->raw_minutes += s->raw_minutes;
      row->billed_minutes += s->billed_minutes;
      row->amount += s->amount;
      if (bucket->invoiced)
        row->invoiced_amount += s->amount;
    }
  if (filter != DT_BILLABLE_ONLY)
    {
      row->entries += (guint) s->non_billable_entries;
      row->seconds += s->non_billable_seconds;
      row->non_billable_seconds += s->non_billable_seconds;
    }
  return TRUE;
}

static ProjectRows *
project_rows (RollupRun           *run,
              const DtFactProject *project)
{
  const DtFactClient *client = project->client;
  ProjectRows *rows = g_hash_table_lookup (run->projects, &project->id);
  char key[32];

  if (rows != NULL)
    return rows;
  rows = g_new0 (ProjectRows, 1);
  rows->total = dt_report_find_row (run->totals, run->report->totals, "total", client->currency,
                                    0, "Total", 0);
  if (run->query->group_by == DT_REPORT_BY_CLIENT)
    {
      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, client->id);
      rows->row = dt_report_find_row (run->rows, run->report->rows, key, client->currency,
                                      client->id, client->name, 0);
    }
  else if (run->query->group_by == DT_REPORT_BY_PROJECT)
    {
      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, project->id);
      rows->row = dt_report_find_row (run->rows, run->report->rows, key, client->currency,
                                      project->id, project->name, 0);
    }
  g_hash_table_insert (run->projects, (gpointer) &project->id, rows);
  return rows;
}

static void
add_bucket (const DtWorkBucket *bucket,
            gpointer            data)
{
  RollupRun *run = data;
  const DtReportQuery *query = run->query;
  DtFactProject *project = dt_billing_facts_project (run->facts, bucket->project_id);
  ProjectRows *rows;
  DtReportRow *row;
  gint64 passing;

  if (project == NULL)
    return;
  if (query->client_id != 0 && project->client->id != query->client_id)
    return;
  passing = (query->billable != DT_BILLABLE_NON ? bucket->sums.billable_entries : 0) +
            (query->billable != DT_BILLABLE_ONLY ? bucket->sums.non_billable_entries : 0);
  /* As with entries: a group appears when some of its work passes the filter. */
  if (passing == 0)
    return;

  rows = project_rows (run, project);
  row = rows->row;
  if (row == NULL)
    {
      /* By day, week or month: the row is the bucket's period. */
      dt_report_period_for (&run->period, query->group_by, bucket->start);
      row = dt_report_find_row (run->rows, run->report->rows, run->period.key,
                                project->client->currency, 0, run->period.label,
                                run->period.start);
    }
  add_sums (row, bucket, query->billable);
  add_sums (rows->total, bucket, query->billable);
}

/* Whether the running timer (at most one, found through time_entries_one_running) started in
 * [@from, @to). */
static gboolean
running_in (DtDb   *db,
            gint64  from,
            gint64  to)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT start_at FROM time_entries "
                                      "WHERE end_at IS NULL", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return TRUE;
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int64 (stmt, 0) >= from && sqlite3_column_int64 (stmt, 0) < to;
  sqlite3_reset (stmt);
  return found;
}

/* Adds the raw entries' report of [@from, @to) (of its running timer only when @running). */
static gboolean
merge_raw (DtDb                 *db,
           DtReport             *report,
           gint64                from,
           gint64                to,
           gboolean              running,
           GError              **error)
{
  DtReport *part;

  if (from >= to)
    return TRUE;
  part = dt_report_run_raw (db, &report->query, from, to, running, error);
  if (part == NULL)
    return FALSE;
  dt_report_merge (report, part);
  return TRUE;
}

DtReport *
dt_report_run_rollups (DtDb                 *db,
                       const DtReportQuery  *query,
                       gint64                from,
                       gint64                to,
                       GError              **error)
{
  g_autoptr(DtReport) report = NULL;
  g_autoptr(DtBillingFacts) facts = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) projects = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          g_free);
  RollupRun run = { 0 };
  gint64 first_day, end_day, first_month, end_month;
  gboolean months, ok;

  first_day = dt_time_local_day_start (from);
  if (first_day < from)
    first_day = dt_time_local_day_add (first_day, 1);
  end_day = dt_time_local_day_start (to);
  if (first_day >= end_day)
    return dt_report_run_raw (db, query, from, to, FALSE, error);

  facts = dt_billing_facts_load (db, 0, error);
  if (facts == NULL)
    return NULL;
  report = dt_report_new (query);
  run = (RollupRun) { .query = query, .report = report, .facts = facts, .rows = rows,
                      .totals = totals, .projects = projects };

  /* Whole months where a month's sums serve the grouping; days around them. */
  months = query->group_by == DT_REPORT_BY_CLIENT || query->group_by == DT_REPORT_BY_PROJECT ||
           query->group_by == DT_REPORT_BY_MONTH;
  first_month = dt_time_local_month_start (first_day);
  if (first_month < first_day)
    first_month = dt_time_local_next_month (first_day);
  end_month = dt_time_local_month_start (end_day);
  if (!months || first_month >= end_month)
    ok = dt_rollup_read_buckets (db, DT_ROLLUP_DAYS, first_day, end_day, query->project_id,
                                 add_bucket, &run, error);
  else
    ok = dt_rollup_read_buckets (db, DT_ROLLUP_DAYS, first_day, first_month, query->project_id,
                                 add_bucket, &run, error) &&
         dt_rollup_read_buckets (db, DT_ROLLUP_MONTHS, first_month, end_month,
                                 query->project_id, add_bucket, &run, error) &&
         dt_rollup_read_buckets (db, DT_ROLLUP_DAYS, end_month, end_day, query->project_id,
                                 add_bucket, &run, error);
  g_free (run.period.key);
  g_free (run.period.label);
  if (!ok)
    return NULL;

  if (!merge_raw (db, report, from, first_day, FALSE, error) ||
      !merge_raw (db, report, end_day, to, FALSE, error) ||
      (running_in (db, first_day, end_day) &&
       !merge_raw (db, report, first_day, end_day, TRUE, error)))
    return NULL;
  return g_steal_pointer (&report);
}

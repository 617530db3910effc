/* dt-reports.c: time and money over a range, grouped, per currency, and as CSV. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-reports.h"
#include "dt-reports-private.h"
#include "dt-rollups.h"
#include "dt-billing-facts-private.h"
#include "dt-money.h"
#include "dt-rates.h"
#include "dt-store-private.h"
#include "dt-time.h"
#include "dt-work-measure.h"

#include <string.h>

static const char *const groupings[] = { "client", "project", "task", "tag", "day", "week",
                                         "month", NULL };

const char *
dt_report_grouping_to_string (DtReportGrouping grouping)
{
  g_return_val_if_fail (grouping <= DT_REPORT_BY_MONTH, NULL);
  return groupings[grouping];
}

gboolean
dt_report_grouping_from_string (const char        *text,
                                DtReportGrouping  *out,
                                GError           **error)
{
  for (guint i = 0; text != NULL && groupings[i] != NULL; i++)
    if (g_str_equal (groupings[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "report grouping “%s” is not known; use client, project, task, tag, day, "
                   "week or month", shown);
    }
  return FALSE;
}

void
dt_report_row_free (DtReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->label);
  g_free (row->currency);
  g_free (row);
}

void
dt_report_free (DtReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_clear_pointer (&report->totals, g_ptr_array_unref);
  g_free (report);
}

static void
add_measure (DtReportRow         *row,
             const DtWorkMeasure *m)
{
  row->entries++;
  row->seconds += m->seconds;
  if (m->billable)
    {
      row->billable_seconds += m->seconds;
      row->raw_minutes += m->raw;
      row->billed_minutes += m->billed;
      row->amount += m->amount;
      if (m->invoiced)
        row->invoiced_amount += m->amount;
    }
  else
    row->non_billable_seconds += m->seconds;
}

DtReportRow *
dt_report_find_row (GHashTable  *rows,
          GPtrArray   *order,
          const char  *key,
          const char  *currency,
          gint64       id,
          const char  *label,
          gint64       period_start)
{
  g_autofree char *full = g_strconcat (key, "|", currency, NULL);
  DtReportRow *row = g_hash_table_lookup (rows, full);

  if (row == NULL)
    {
      row = g_new0 (DtReportRow, 1);
      row->key = g_strdup (key);
      row->id = id;
      row->label = g_strdup (label ? label : "");
      row->period_start = period_start;
      row->currency = g_strdup (currency);
      g_ptr_array_add (order, row);
      g_hash_table_insert (rows, g_steal_pointer (&full), row);
    }
  return row;
}

void
dt_report_period_for (DtReportPeriod           *period,
            DtReportGrouping  grouping,
            gint64            instant)
{
  g_autoptr(GDateTime) dt = NULL;

  if (period->key != NULL && instant >= period->start && instant < period->end)
    return;
  g_clear_pointer (&period->key, g_free);
  g_clear_pointer (&period->label, g_free);
  switch (grouping)
    {
    case DT_REPORT_BY_WEEK:
      period->start = dt_time_local_week_start (instant);
      period->end = dt_time_local_day_add (period->start, 7);
      dt = dt_time_local_from_unix (period->start);
      period->label = g_strdup_printf ("%04d-W%02d", g_date_time_get_week_numbering_year (dt),
                                       g_date_time_get_week_of_year (dt));
      break;
    case DT_REPORT_BY_MONTH:
      period->start = dt_time_local_month_start (instant);
      period->end = dt_time_local_next_month (instant);
      dt = dt_time_local_from_unix (period->start);
      period->label = g_strdup_printf ("%04d-%02d", g_date_time_get_year (dt),
                                       g_date_time_get_month (dt));
      break;
    case DT_REPORT_BY_DAY:
    default:
      period->start = dt_time_local_day_start (instant);
      period->end = dt_time_local_day_add (period->start, 1);
      period->label = dt_time_local_date (period->start);
      break;
    }
  period->key = dt_time_local_date (period->start);
}

/* A row and its label's collation key, made once: g_utf8_collate normalises both strings
 * on every comparison, and strcmp on keys orders as it does. */
typedef struct
{
  DtReportRow *row;
  char        *collate;
} SortItem;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const SortItem *ia = a, *ib = b;
  const DtReportRow *ra = ia->row, *rb = ib->row;
  int order;

  if (ra->period_start != rb->period_start)
    return ra->period_start < rb->period_start ? -1 : 1;
  order = strcmp (ia->collate, ib->collate);
  if (order != 0)
    return order;
  if (ra->id != rb->id)
    return ra->id < rb->id ? -1 : 1;
  return strcmp (ra->currency, rb->currency);
}

/* Periods by time, the rest by label (as people read it), then id and currency; stable. */
void
dt_report_sort_rows (GPtrArray *rows)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), rows->len);

  for (guint i = 0; i < rows->len; i++)
    {
      SortItem item = { rows->pdata[i], NULL };

      item.collate = g_utf8_collate_key (item.row->label, -1);
      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SortItem *item = &g_array_index (items, SortItem, i);

      rows->pdata[i] = item->row;
      g_free (item->collate);
    }
}

static gboolean
load_names (DtDb        *db,
            const char  *sql,
            GHashTable  *into,
            GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (into, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)),
                         dt_store_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the names");
  return TRUE;
}

/* One time entry as the report reads it from time_entries_start, which carries every column
 * here: the scan never visits the table itself. */
typedef struct
{
  gint64   id;
  gint64   project_id;
  gint64   task_id;
  gint64   start;
  gint64   end;        /* a running entry ends now */
  gint64   line_id;
  gboolean billable;   /* the entry's own flag */
} ReportEntry;

/* What prices an untagged, not yet invoiced entry of one project and task. */
typedef struct
{
  gint64        project_id;
  gint64        task_id;
  gint64        rate;
  const DtRule *entry_rule;  /* per-entry rounding, or NULL */
  gboolean      filled;
} PriceMemo;

static guint
price_memo_hash (gconstpointer data)
{
  const PriceMemo *memo = data;
  return (guint) (memo->project_id * 0x9e3779b1u) ^ (guint) memo->task_id;
}

static gboolean
price_memo_equal (gconstpointer a,
                  gconstpointer b)
{
  const PriceMemo *ma = a, *mb = b;
  return ma->project_id == mb->project_id && ma->task_id == mb->task_id;
}

/* A row found once for a group and currency, so that each entry after the first finds it
 * without building its key. */
typedef struct
{
  DtReportRow *row;
  const char  *currency;  /* interned */
} RowMemo;

typedef struct
{
  const DtReportQuery  *query;
  DtReport             *report;
  DtBillingFacts       *facts;
  DtRateBook           *book;
  GHashTable           *rows;       /* "key|currency" → DtReportRow (borrowed) */
  GHashTable           *totals;
  GHashTable           *tag_names;  /* id → name, for reports by tag */
  GHashTable           *prices;     /* PriceMemo → itself, for tasks outside their project */
  PriceMemo            *project_prices;
  PriceMemo            *task_prices;  /* by task id */
  gsize                 n_task_prices;
  RowMemo              *client_rows;
  RowMemo              *client_totals;
  RowMemo              *project_rows;
  RowMemo              *task_rows;
  GArray               *period_rows;  /* RowMemo: this period's rows, one per currency */
  DtReportPeriod        period;
  GArray               *tags;         /* DtFactPair: entry → tag, for the batch */
  GArray               *entry_tags;   /* gint64: the tags of the entry being added */
  GArray               *prices_of_lines;  /* DtFactPair: invoice line → unit price */
  guint                 tag_hint;
  guint                 line_hint;
} ReportRun;

/* The row memoised in @memo, or the one find_row finds for the id @key_id ("12", or
 * @key_text when not NULL) and @currency. */
static DtReportRow *
memo_row (GHashTable  *rows,
          GPtrArray   *order,
          RowMemo     *memo,
          const char  *key_text,
          gint64       key_id,
          const char  *currency,
          gint64       id,
          const char  *label)
{
  if (memo->row == NULL || memo->currency != currency)
    {
      char key[32];

      if (key_text == NULL)
        g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, key_id);
      memo->row = dt_report_find_row (rows, order, key_text ? key_text : key, currency, id, label, 0);
      memo->currency = currency;
    }
  return memo->row;
}

static void
price_memo_fill (PriceMemo        *memo,
                 const DtRateBook *book,
                 gint64            client_id)
{
  dt_work_price_untagged (book, client_id, memo->project_id, memo->task_id, &memo->rate,
                          &memo->entry_rule);
  memo->filled = TRUE;
}

/* Kept per task (per project without one), in an array indexed by task id; a task that is
 * not its entry's project's, which the store never writes, or ids beyond the array go
 * through a hash. */
static const PriceMemo *
price_of (ReportRun     *run,
          DtFactProject *project,
          gint64         task_id)
{
  PriceMemo probe = { project->id, task_id, 0, NULL, FALSE }, *memo = NULL;

  if (task_id == 0)
    memo = &run->project_prices[project->index];
  else if (task_id > 0 && (guint64) task_id < run->n_task_prices)
    {
      memo = &run->task_prices[task_id];
      if (memo->filled && memo->project_id != project->id)
        memo = NULL;
    }
  if (memo == NULL && (memo = g_hash_table_lookup (run->prices, &probe)) == NULL)
    {
      memo = g_memdup2 (&probe, sizeof probe);
      g_hash_table_add (run->prices, memo);
    }
  if (!memo->filled)
    {
      memo->project_id = project->id;
      memo->task_id = task_id;
      price_memo_fill (memo, run->book, project->client->id);
    }
  return memo;
}

static void
add_entry (ReportRun         *run,
           const ReportEntry *entry)
{
  const DtReportQuery *query = run->query;
  DtFactProject *project = dt_billing_facts_project (run->facts, entry->project_id);
  DtFactTask *task;
  DtFactClient *client;
  const gint64 *tags = NULL;
  guint n_tags = 0;
  gboolean billable, invoiced = FALSE;
  gint64 line_price = 0;
  char id_key[32];
  DtWorkMeasure m;
  DtReportRow *row;

  /* As the inner joins did: an entry without its project or client is not counted. */
  if (project == NULL)
    return;
  client = project->client;
  if (query->client_id != 0 && client->id != query->client_id)
    return;
  task = entry->task_id != 0 ? dt_billing_facts_task (run->facts, entry->task_id) : NULL;
  billable = entry->billable && (task == NULL || task->billable);
  if ((query->billable == DT_BILLABLE_ONLY && !billable) ||
      (query->billable == DT_BILLABLE_NON && billable))
    return;

  if (run->tags->len > 0)
    {
      gssize first = dt_fact_pairs_find (run->tags, &run->tag_hint, entry->id);

      g_array_set_size (run->entry_tags, 0);
      for (gssize i = first; i >= 0 && (guint) i < run->tags->len &&
           g_array_index (run->tags, DtFactPair, i).key == entry->id; i++)
        g_array_append_val (run->entry_tags, g_array_index (run->tags, DtFactPair, i).value);
      tags = (const gint64 *) run->entry_tags->data;
      n_tags = run->entry_tags->len;
    }
  if (entry->line_id != 0)
    {
      gssize at = dt_fact_pairs_find (run->prices_of_lines, &run->line_hint, entry->line_id);

      if (at >= 0)
        {
          invoiced = TRUE;
          line_price = g_array_index (run->prices_of_lines, DtFactPair, at).value;
        }
    }

  if (billable)
    {
      const PriceMemo *price = price_of (run, project, entry->task_id);
      DtRateContext context = { client->id, entry->project_id, entry->task_id, tags, n_tags };

      dt_work_measure (run->book, &context, price->rate, price->entry_rule, TRUE, invoiced,
                       line_price, entry->end - entry->start, &m);
    }
  else
    dt_work_measure (run->book, NULL, 0, NULL, FALSE, invoiced, 0, entry->end - entry->start,
                     &m);

  switch (query->group_by)
    {
    case DT_REPORT_BY_CLIENT:
      row = memo_row (run->rows, run->report->rows, &run->client_rows[client->index], NULL,
                      client->id, client->currency, client->id, client->name);
      add_measure (row, &m);
      break;
    case DT_REPORT_BY_PROJECT:
      row = memo_row (run->rows, run->report->rows, &run->project_rows[project->index], NULL,
                      project->id, client->currency, project->id, project->name);
      add_measure (row, &m);
      break;
    case DT_REPORT_BY_TASK:
      {
        RowMemo *memo = task != NULL ? &run->task_rows[task->index]
                                     : &run->project_rows[project->index];

        if (memo->row == NULL || memo->currency != client->currency)
          {
            /* A task that is gone reads as a NULL title, as the LEFT JOIN did. */
            g_autofree char *label = entry->task_id != 0
              ? g_strdup_printf ("%s — %s", project->name, task ? task->title : NULL)
              : g_strdup_printf ("%s — (no task)", project->name);
            if (entry->task_id != 0)
              g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, entry->task_id);
            else
              g_snprintf (id_key, sizeof id_key, "p%" G_GINT64_FORMAT, project->id);
            row = dt_report_find_row (run->rows, run->report->rows, id_key, client->currency,
                            entry->task_id, label, 0);
            if (entry->task_id == 0 || task != NULL)
              {
                memo->row = row;
                memo->currency = client->currency;
              }
          }
        else
          row = memo->row;
        add_measure (row, &m);
      }
      break;
    case DT_REPORT_BY_TAG:
      if (n_tags == 0)
        add_measure (memo_row (run->rows, run->report->rows, &run->client_rows[client->index], "0",
                               0, client->currency, 0, "(no tag)"), &m);
      for (guint i = 0; i < n_tags; i++)
        {
          g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, tags[i]);
          row = dt_report_find_row (run->rows, run->report->rows, id_key, client->currency, tags[i],
                          g_hash_table_lookup (run->tag_names, GSIZE_TO_POINTER ((gsize) tags[i])),
                          0);
          add_measure (row, &m);
        }
      break;
    case DT_REPORT_BY_DAY:
    case DT_REPORT_BY_WEEK:
    case DT_REPORT_BY_MONTH:
    default:
      if (run->period.key == NULL || entry->start < run->period.start ||
          entry->start >= run->period.end)
        {
          dt_report_period_for (&run->period, query->group_by, entry->start);
          g_array_set_size (run->period_rows, 0);
        }
      row = NULL;
      for (guint i = 0; i < run->period_rows->len && row == NULL; i++)
        if (g_array_index (run->period_rows, RowMemo, i).currency == client->currency)
          row = g_array_index (run->period_rows, RowMemo, i).row;
      if (row == NULL)
        {
          RowMemo memo = { NULL, client->currency };

          memo.row = row = dt_report_find_row (run->rows, run->report->rows, run->period.key,
                                     client->currency, 0, run->period.label, run->period.start);
          g_array_append_val (run->period_rows, memo);
        }
      add_measure (row, &m);
      break;
    }
  add_measure (memo_row (run->totals, run->report->totals, &run->client_totals[client->index],
                         "total", 0, client->currency, 0, "Total"), &m);
}

/* Entries read per batch: their tags and invoice line prices are then fetched with two
 * queries for the whole batch, and memory stays small for a report of ten years. */
#define REPORT_BATCH 16384
/* Tasks priced through an array indexed by id, up to this id (10 MiB of slots at most). */
#define REPORT_MAX_TASK_SLOTS (G_GINT64_CONSTANT (1) << 18)

static gboolean
load_batch_details (ReportRun          *run,
                    DtDb               *db,
                    const ReportEntry  *batch,
                    guint               n,
                    gboolean            want_tags,
                    GError            **error)
{
  run->line_hint = 0;
  if (!dt_billing_facts_load_pairs (db,
                                    "SELECT id, unit_price FROM invoice_lines "
                                    "WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                                    "SELECT id, unit_price FROM invoice_lines "
                                    "WHERE id IN (SELECT value FROM json_each (?1)) ORDER BY id",
                                    &batch[0].line_id, n, sizeof *batch, run->prices_of_lines,
                                    error))
    return FALSE;

  run->tag_hint = 0;
  if (!want_tags)
    return TRUE;
  if (run->query->group_by == DT_REPORT_BY_TAG)
    return dt_billing_facts_load_pairs (db,
                                        "SELECT entry_id, tag_id FROM time_entry_tags "
                                        "WHERE entry_id BETWEEN ?1 AND ?2 "
                                        "ORDER BY entry_id, tag_id",
                                        "SELECT entry_id, tag_id FROM time_entry_tags "
                                        "WHERE entry_id IN (SELECT value FROM json_each (?1)) "
                                        "ORDER BY entry_id, tag_id",
                                        &batch[0].id, n, sizeof *batch, run->tags, error);
  /* For prices only the tags a rate rule names matter: time_entry_tags_tag finds those in
   * the batch's range (a tenth of all on the benchmark), ordered by tag, then sorted. */
  if (!dt_billing_facts_load_pairs (db,
                                    "SELECT entry_id, tag_id FROM time_entry_tags "
                                    "WHERE tag_id IN (SELECT tag_id FROM rules WHERE kind = 'rate' "
                                    "                 AND active = 1 AND tag_id IS NOT NULL) "
                                    "AND entry_id BETWEEN ?1 AND ?2",
                                    "SELECT entry_id, tag_id FROM time_entry_tags "
                                    "WHERE tag_id IN (SELECT tag_id FROM rules WHERE kind = 'rate' "
                                    "                 AND active = 1 AND tag_id IS NOT NULL) "
                                    "AND entry_id IN (SELECT value FROM json_each (?1))",
                                    &batch[0].id, n, sizeof *batch, run->tags, error))
    return FALSE;
  dt_fact_pairs_sort (run->tags);
  return TRUE;
}

static gboolean
check_query (DtDb                 *db,
             const DtReportQuery  *query,
             GError              **error)
{
  if (query->group_by > DT_REPORT_BY_MONTH)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "report grouping %d is not known",
                   query->group_by);
      return FALSE;
    }
  if (query->to <= query->from)
    {
      g_autofree char *a = dt_time_format_iso_utc (query->from);
      g_autofree char *b = dt_time_format_iso_utc (query->to);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "to (%s) is not after from (%s)", b, a);
      return FALSE;
    }
  if (query->client_id < 0 || query->project_id < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "ids in a filter must be positive");
      return FALSE;
    }
  if (query->client_id != 0 && !dt_store_require_client (db, query->client_id, FALSE, error))
    return FALSE;
  if (query->project_id != 0 &&
      !dt_store_require_project (db, query->project_id, FALSE, NULL, error))
    return FALSE;

  return TRUE;
}

/* The report of the entries starting in [@from, @to), its rows unsorted. */
DtReport *
dt_report_new (const DtReportQuery *query)
{
  DtReport *report = g_new0 (DtReport, 1);

  report->query = *query;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_report_row_free);
  report->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_report_row_free);
  return report;
}

static const char *const entries_sql[2][2] = {
  {
    "SELECT 0, project_id, task_id, start_at, end_at, billable, "
    "invoice_line_id FROM time_entries INDEXED BY time_entries_start "
    "WHERE start_at >= ?1 AND start_at < ?2 ORDER BY start_at",
    "SELECT 0, project_id, task_id, start_at, end_at, billable, invoice_line_id "
    "FROM time_entries WHERE end_at IS NULL AND start_at >= ?1 AND start_at < ?2",
  },
  {
    "SELECT id, project_id, task_id, start_at, end_at, billable, "
    "invoice_line_id FROM time_entries INDEXED BY time_entries_start "
    "WHERE start_at >= ?1 AND start_at < ?2 ORDER BY start_at",
    "SELECT id, project_id, task_id, start_at, end_at, billable, invoice_line_id "
    "FROM time_entries WHERE end_at IS NULL AND start_at >= ?1 AND start_at < ?2",
  },
};

DtReport *
dt_report_run_raw (DtDb                 *db,
                   const DtReportQuery  *query,
                   gint64                from,
                   gint64                to,
                   gboolean              running_only,
                   GError              **error)
{
  g_autoptr(DtReport) report = NULL;
  g_autoptr(DtRateBook) book = NULL;
  g_autoptr(DtBillingFacts) facts = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tag_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                           g_free);
  g_autoptr(GHashTable) prices = g_hash_table_new_full (price_memo_hash, price_memo_equal,
                                                        g_free, NULL);
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  g_autoptr(GArray) entry_tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) line_prices = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  g_autoptr(GArray) period_rows = g_array_new (FALSE, FALSE, sizeof (RowMemo));
  g_autofree ReportEntry *batch = NULL;
  g_autofree RowMemo *client_rows = NULL;
  g_autofree RowMemo *client_totals = NULL;
  g_autofree RowMemo *project_rows = NULL;
  g_autofree RowMemo *task_rows = NULL;
  g_autofree PriceMemo *project_prices = NULL;
  g_autofree PriceMemo *task_prices = NULL;
  ReportRun run = { 0 };
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gboolean want_tags, ok = TRUE;
  gint64 max_task_id = 0;
  gsize n_task_prices;
  guint n = 0;
  int rc;

  report = dt_report_new (query);
  book = dt_rate_book_load (db, error);
  if (book == NULL)
    return NULL;
  /* Clients, projects and the non-billable tasks once, instead of three lookups per entry;
   * every task with its title for a report by task. */
  facts = dt_billing_facts_load (db, query->group_by == DT_REPORT_BY_TASK
                                     ? DT_FACTS_TASKS | DT_FACTS_TASK_TITLES : 0, error);
  if (facts == NULL)
    return NULL;
  stmt = dt_db_prepare (db, "SELECT max (id) FROM tasks", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    max_task_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  want_tags = dt_rate_book_uses_tags (book) || query->group_by == DT_REPORT_BY_TAG;
  if (query->group_by == DT_REPORT_BY_TAG &&
      !load_names (db, "SELECT id, name FROM tags", tag_names, error))
    return NULL;

  client_rows = g_new0 (RowMemo, facts->clients->len);
  client_totals = g_new0 (RowMemo, facts->clients->len);
  project_rows = g_new0 (RowMemo, facts->projects->len);
  task_rows = g_new0 (RowMemo, facts->tasks->len);
  project_prices = g_new0 (PriceMemo, facts->projects->len);
  /* A slot per task id up to the largest: ids are dense, and untouched slots cost no
   * memory (a fresh allocation this size is zero pages). Far-out ids use the hash. */
  n_task_prices = (gsize) CLAMP (max_task_id + 1, 1, REPORT_MAX_TASK_SLOTS);
  task_prices = g_new0 (PriceMemo, n_task_prices);
  run = (ReportRun) {
    .query = query, .report = report, .facts = facts, .book = book, .rows = rows,
    .totals = totals, .tag_names = tag_names, .prices = prices,
    .project_prices = project_prices, .task_prices = task_prices,
    .n_task_prices = n_task_prices, .client_rows = client_rows,
    .client_totals = client_totals, .project_rows = project_rows, .task_rows = task_rows,
    .period_rows = period_rows, .tags = tags, .entry_tags = entry_tags,
    .prices_of_lines = line_prices,
  };

  /* time_entries_start holds every column read here, in time order. The filters and the
   * end of a running entry are applied below: an expression here costs every row, and so
   * does the id, which only finds the tags. */
  /* The running timer (at most one) through time_entries_one_running. */
  stmt = dt_db_prepare (db, entries_sql[want_tags][running_only], error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  batch = g_new (ReportEntry, REPORT_BATCH);
  do
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          ReportEntry *entry = &batch[n];

          entry->project_id = sqlite3_column_int64 (stmt, 1);
          if (query->project_id == 0 || entry->project_id == query->project_id)
            {
              entry->id = sqlite3_column_int64 (stmt, 0);
              entry->task_id = sqlite3_column_int64 (stmt, 2);  /* NULL reads as 0 */
              entry->start = sqlite3_column_int64 (stmt, 3);
              /* A running entry counts until now. */
              entry->end = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                           ? MAX (now, entry->start) : sqlite3_column_int64 (stmt, 4);
              entry->billable = sqlite3_column_int (stmt, 5) != 0;
              entry->line_id = sqlite3_column_int64 (stmt, 6);
              n++;
            }
        }
      if (n > 0 && (n == REPORT_BATCH || rc != SQLITE_ROW))
        {
          if (!load_batch_details (&run, db, batch, n, want_tags, error))
            {
              ok = FALSE;
              break;
            }
          for (guint i = 0; i < n; i++)
            add_entry (&run, &batch[i]);
          n = 0;
        }
    }
  while (rc == SQLITE_ROW);
  sqlite3_reset (stmt);
  g_free (run.period.key);
  g_free (run.period.label);
  if (!ok)
    return NULL;
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the time entries");
      return NULL;
    }
  return g_steal_pointer (&report);
}

DtReport *
dt_report_run (DtDb                 *db,
               const DtReportQuery  *query,
               GError              **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return dt_report_run_part (db, query, query->from, query->to, error);
}

DtReport *
dt_report_run_part (DtDb                 *db,
                    const DtReportQuery  *query,
                    gint64                from,
                    gint64                to,
                    GError              **error)
{
  DtReport *report;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  if (!check_query (db, query, error))
    return NULL;
  g_return_val_if_fail (from >= query->from && to <= query->to && from <= to, NULL);
  /* The roll-ups cost what the range holds in days and months; the raw rows, every entry. */
  if (dt_report_rollups_serve (query) && dt_rollups_ready (db))
    report = dt_report_run_rollups (db, query, from, to, error);
  else
    report = dt_report_run_raw (db, query, from, to, FALSE, error);
  if (report == NULL)
    return NULL;
  dt_report_sort_rows (report->rows);
  dt_report_sort_rows (report->totals);
  return report;
}

static void
merge_rows (GPtrArray *into,
            GPtrArray *rows)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < into->len; i++)
    {
      DtReportRow *row = into->pdata[i];

      g_hash_table_insert (by_key, g_strconcat (row->key, "|", row->currency, NULL), row);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      DtReportRow *row = rows->pdata[i];
      g_autofree char *key = g_strconcat (row->key, "|", row->currency, NULL);
      DtReportRow *same = g_hash_table_lookup (by_key, key);

      if (same == NULL)
        {
          g_ptr_array_add (into, row);
          rows->pdata[i] = NULL;
          continue;
        }
      same->entries += row->entries;
      same->seconds += row->seconds;
      same->billable_seconds += row->billable_seconds;
      same->non_billable_seconds += row->non_billable_seconds;
      same->raw_minutes += row->raw_minutes;
      same->billed_minutes += row->billed_minutes;
      same->amount += row->amount;
      same->invoiced_amount += row->invoiced_amount;
    }
  dt_report_sort_rows (into);
}

void
dt_report_merge (DtReport *report,
                 DtReport *part)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (part != NULL);

  /* Every figure is a sum over entries, each priced and rounded on its own. */
  merge_rows (report->rows, part->rows);
  merge_rows (report->totals, part->totals);
  dt_report_free (part);
}

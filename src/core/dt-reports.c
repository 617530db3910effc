/* dt-reports.c: time and money over a range, grouped, per currency, and as CSV. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-reports.h"
#include "dt-money.h"
#include "dt-rates.h"
#include "dt-store-private.h"
#include "dt-time.h"

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

typedef struct
{
  gint64   seconds;
  gboolean billable;
  gint64   raw;
  gint64   billed;
  gint64   amount;
  gboolean invoiced;
} Measure;

static void
add_measure (DtReportRow   *row,
             const Measure *m)
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

static DtReportRow *
find_row (GHashTable  *rows,
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

/* The period containing @instant, cached because entries come in time order. */
typedef struct
{
  gint64  start;
  gint64  end;
  char   *key;
  char   *label;
} Period;

static void
period_for (Period           *period,
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
      {
        int y, m;
        period->start = dt_time_local_month_start (instant);
        dt = dt_time_local_from_unix (period->start);
        y = g_date_time_get_year (dt);
        m = g_date_time_get_month (dt);
        period->end = dt_time_local_midnight (m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
        period->label = g_strdup_printf ("%04d-%02d", y, m);
      }
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

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const DtReportRow *ra = *(DtReportRow **) a, *rb = *(DtReportRow **) b;
  int order;

  if (ra->period_start != rb->period_start)
    return ra->period_start < rb->period_start ? -1 : 1;
  order = g_utf8_collate (ra->label, rb->label);
  if (order != 0)
    return order;
  if (ra->id != rb->id)
    return ra->id < rb->id ? -1 : 1;
  return strcmp (ra->currency, rb->currency);
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

DtReport *
dt_report_run (DtDb                 *db,
               const DtReportQuery  *query,
               GError              **error)
{
  g_autoptr(DtReport) report = NULL;
  g_autoptr(DtRateBook) book = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tag_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                           g_free);
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  Period period = { 0 };
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gboolean want_tags;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (query->group_by > DT_REPORT_BY_MONTH)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "report grouping %d is not known",
                   query->group_by);
      return NULL;
    }
  if (query->to <= query->from)
    {
      g_autofree char *a = dt_time_format_iso_utc (query->from);
      g_autofree char *b = dt_time_format_iso_utc (query->to);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "to (%s) is not after from (%s)", b, a);
      return NULL;
    }
  if (query->client_id < 0 || query->project_id < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "ids in a filter must be positive");
      return NULL;
    }
  if (query->client_id != 0 && !dt_store_require_client (db, query->client_id, FALSE, error))
    return NULL;
  if (query->project_id != 0 &&
      !dt_store_require_project (db, query->project_id, FALSE, NULL, error))
    return NULL;

  report = g_new0 (DtReport, 1);
  report->query = *query;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_report_row_free);
  report->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_report_row_free);
  book = dt_rate_book_load (db, error);
  if (book == NULL)
    return NULL;
  want_tags = dt_rate_book_uses_tags (book) || query->group_by == DT_REPORT_BY_TAG;
  if (query->group_by == DT_REPORT_BY_TAG &&
      !load_names (db, "SELECT id, name FROM tags", tag_names, error))
    return NULL;

  /* time_entries_start covers the range; the joins are by primary key. */
  stmt = dt_db_prepare (db,
                        "SELECT e.id, e.project_id, e.task_id, p.client_id, e.start_at, "
                        "coalesce (e.end_at, max (?5, e.start_at)), "
                        "e.billable AND coalesce (t.billable, 1), l.unit_price, "
                        "CASE WHEN ?6 THEN (SELECT group_concat (g.tag_id) FROM time_entry_tags g "
                        "                   WHERE g.entry_id = e.id) END, "
                        "c.currency, c.name, p.name, t.title "
                        "FROM time_entries e JOIN projects p ON p.id = e.project_id "
                        "JOIN clients c ON c.id = p.client_id "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id "
                        "WHERE e.start_at >= ?1 AND e.start_at < ?2 "
                        "AND (?3 = 0 OR p.client_id = ?3) AND (?4 = 0 OR e.project_id = ?4) "
                        "ORDER BY e.start_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  sqlite3_bind_int64 (stmt, 3, query->client_id);
  sqlite3_bind_int64 (stmt, 4, query->project_id);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int (stmt, 6, want_tags);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 project_id = sqlite3_column_int64 (stmt, 1);
      gint64 task_id = dt_store_column_id (stmt, 2);
      gint64 client_id = sqlite3_column_int64 (stmt, 3);
      gint64 start = sqlite3_column_int64 (stmt, 4);
      gboolean billable = sqlite3_column_int (stmt, 6) != 0;
      gboolean invoiced = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      const char *tag_text = (const char *) sqlite3_column_text (stmt, 8);
      const char *currency = (const char *) sqlite3_column_text (stmt, 9);
      char id_key[32];
      Measure m = { 0 };
      DtReportRow *row;

      if ((query->billable == DT_BILLABLE_ONLY && !billable) ||
          (query->billable == DT_BILLABLE_NON && billable))
        continue;

      g_array_set_size (tags, 0);
      for (const char *p = tag_text; p != NULL && *p != '\0'; )
        {
          char *end;
          gint64 tag = g_ascii_strtoll (p, &end, 10);
          if (end == p)
            break;
          g_array_append_val (tags, tag);
          p = *end == ',' ? end + 1 : end;
        }

      m.seconds = MAX (sqlite3_column_int64 (stmt, 5) - start, 0);
      m.billable = billable;
      m.invoiced = invoiced;
      if (billable)
        {
          const DtRule *rule = dt_rate_book_rounding (book, client_id, project_id, task_id);
          gint64 rate;

          m.raw = dt_rounding_minutes (m.seconds);
          m.billed = dt_rounding_apply (rule && rule->apply_to == DT_ROUND_PER_ENTRY ? rule : NULL,
                                        m.raw);
          if (invoiced)
            rate = sqlite3_column_int64 (stmt, 7);
          else
            {
              DtRateContext context = { client_id, project_id, task_id,
                                        (const gint64 *) tags->data, tags->len };
              rate = dt_rate_book_choose (book, &context).rate;
            }
          m.amount = dt_money_for_minutes (m.billed, rate);
        }

      switch (query->group_by)
        {
        case DT_REPORT_BY_CLIENT:
          g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, client_id);
          row = find_row (rows, report->rows, id_key, currency, client_id,
                          (const char *) sqlite3_column_text (stmt, 10), 0);
          add_measure (row, &m);
          break;
        case DT_REPORT_BY_PROJECT:
          g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, project_id);
          row = find_row (rows, report->rows, id_key, currency, project_id,
                          (const char *) sqlite3_column_text (stmt, 11), 0);
          add_measure (row, &m);
          break;
        case DT_REPORT_BY_TASK:
          {
            g_autofree char *label = task_id != 0
              ? g_strdup_printf ("%s — %s", sqlite3_column_text (stmt, 11),
                                 sqlite3_column_text (stmt, 12))
              : g_strdup_printf ("%s — (no task)", sqlite3_column_text (stmt, 11));
            if (task_id != 0)
              g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, task_id);
            else
              g_snprintf (id_key, sizeof id_key, "p%" G_GINT64_FORMAT, project_id);
            row = find_row (rows, report->rows, id_key, currency, task_id, label, 0);
            add_measure (row, &m);
          }
          break;
        case DT_REPORT_BY_TAG:
          if (tags->len == 0)
            add_measure (find_row (rows, report->rows, "0", currency, 0, "(no tag)", 0), &m);
          for (guint i = 0; i < tags->len; i++)
            {
              gint64 tag = g_array_index (tags, gint64, i);
              g_snprintf (id_key, sizeof id_key, "%" G_GINT64_FORMAT, tag);
              row = find_row (rows, report->rows, id_key, currency, tag,
                              g_hash_table_lookup (tag_names, GSIZE_TO_POINTER ((gsize) tag)), 0);
              add_measure (row, &m);
            }
          break;
        case DT_REPORT_BY_DAY:
        case DT_REPORT_BY_WEEK:
        case DT_REPORT_BY_MONTH:
        default:
          period_for (&period, query->group_by, start);
          row = find_row (rows, report->rows, period.key, currency, 0, period.label, period.start);
          add_measure (row, &m);
          break;
        }
      add_measure (find_row (totals, report->totals, "total", currency, 0, "Total", 0), &m);
    }
  sqlite3_reset (stmt);
  g_free (period.key);
  g_free (period.label);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the time entries");
      return NULL;
    }
  g_ptr_array_sort (report->rows, compare_rows);
  g_ptr_array_sort (report->totals, compare_rows);
  return g_steal_pointer (&report);
}

static void
append_field (GString    *out,
              const char *text)
{
  /* A name starting like a formula is shown as text by spreadsheets, not evaluated. */
  gboolean formula = strchr ("=+-@", text[0]) != NULL && text[0] != '\0';

  if (strpbrk (text, ",\"\r\n") == NULL && !formula)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_hours (GString *out,
              gint64   seconds)
{
  gint64 hundredths = (seconds * 100 + 1800) / 3600;

  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%02d", hundredths / 100,
                          (int) (hundredths % 100));
}

static void
append_row (GString           *out,
            const char        *group,
            const DtReportRow *row)
{
  g_autofree char *amount = dt_money_format_plain (row->amount, row->currency);
  g_autofree char *invoiced = dt_money_format_plain (row->invoiced_amount, row->currency);

  append_field (out, group);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", row->id);
  append_field (out, row->label);
  g_string_append_printf (out, ",%s,%u,", row->currency, row->entries);
  append_hours (out, row->seconds);
  g_string_append_c (out, ',');
  append_hours (out, row->billable_seconds);
  g_string_append_c (out, ',');
  append_hours (out, row->non_billable_seconds);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%s,%s\r\n",
                          row->raw_minutes, row->billed_minutes, amount, invoiced);
}

char *
dt_report_to_csv (const DtReport *report)
{
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new ("group,id,label,currency,entries,hours,billable_hours,non_billable_hours,"
                      "raw_minutes,billed_minutes,amount,invoiced_amount\r\n");
  for (guint i = 0; i < report->rows->len; i++)
    append_row (out, groupings[report->query.group_by], report->rows->pdata[i]);
  for (guint i = 0; i < report->totals->len; i++)
    append_row (out, "total", report->totals->pdata[i]);
  return g_string_free (out, FALSE);
}

/* dt-bench-core.c: times the core functions behind the heaviest tools directly over a
 * benchmark database (no HTTP, no JSON): invoice candidates for one client and one month, a
 * year's report by client, the Billing Hub, a page of 100 time entries with their tags —
 * each read from the roll-ups and, beside it, the old way from the raw history; the build of
 * the roll-ups (time, peak RSS), their check, and the writes that keep them (timer, entry
 * edit, issuing, a payment), p99 included. Writes change the database: give it a copy. Prints
 * one JSON object for the benchmark runner. */
#define G_LOG_DOMAIN "dt-bench"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dt-billing-hub.h"
#include "dt-db.h"
#include "dt-invoicing.h"
#include "dt-payment-store.h"
#include "dt-reports.h"
#include "dt-reports-private.h"
#include "dt-rollups.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Median, min and max over @runs calls of @func, in milliseconds of wall time, and the median
 * CPU time of this thread: on a busy shared machine the wall time also counts waiting for a
 * core, the CPU time does not. */
typedef gboolean (*BenchFunc) (DtDb *db, gpointer data);

/* One measurement by name, for profiling it alone. */
static const char *only;

/* What a measured call spends on its own setup (the draft an issue needs, the timer a stop
 * needs), left out of its figure: the call brackets it with untimed_begin and untimed_end. */
static struct
{
  gint64 began;
  double cpu_began;
  gint64 wall_us;
  double cpu_ms;
} untimed;

static void
untimed_begin (void)
{
  untimed.began = g_get_monotonic_time ();
  untimed.cpu_began = cpu_ms ();
}

static void
untimed_end (void)
{
  untimed.wall_us += g_get_monotonic_time () - untimed.began;
  untimed.cpu_ms += cpu_ms () - untimed.cpu_began;
}

static void
measure (const char *name,
         DtDb       *db,
         BenchFunc   func,
         gpointer    data,
         int         runs,
         GString    *out)
{
  g_autofree double *times = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);

  if (only != NULL && g_strcmp0 (only, name) != 0)
    return;

  func (db, data); /* warm the page cache and the statement cache */
  for (int i = 0; i < runs; i++)
    {
      gint64 began = g_get_monotonic_time ();
      double cpu_began = cpu_ms ();

      untimed.wall_us = 0;
      untimed.cpu_ms = 0;
      if (!func (db, data))
        g_error ("%s failed", name);
      times[i] = (g_get_monotonic_time () - began - untimed.wall_us) / 1000.0;
      cpu[i] = cpu_ms () - cpu_began - untimed.cpu_ms;
    }
  qsort (times, runs, sizeof (double), compare_doubles);
  qsort (cpu, runs, sizeof (double), compare_doubles);
  g_string_append_printf (out, "%s\"%s\":{\"runs\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,"
                          "\"max_ms\":%.3f,\"p99_ms\":%.3f,\"cpu_median_ms\":%.3f}",
                          out->len > 1 ? "," : "", name, runs, times[runs / 2], times[0],
                          times[runs - 1], times[MIN (runs - 1, runs * 99 / 100)],
                          cpu[runs / 2]);
}

typedef struct
{
  gint64 client_id;
  gint64 from;
  gint64 to;
} Range;

static gboolean
candidates (DtDb    *db,
            gpointer data)
{
  Range *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCandidates) c = dt_invoicing_find_candidates (db, r->client_id, r->from, r->to,
                                                            DT_GROUP_BY_TASK, &error);
  if (c == NULL)
    g_printerr ("%s\n", error->message);
  return c != NULL;
}

static gboolean
year_report (DtDb    *db,
             gpointer data)
{
  Range *r = data;
  g_autoptr(GError) error = NULL;
  DtReportQuery query = { .from = r->from, .to = r->to, .group_by = DT_REPORT_BY_CLIENT };
  g_autoptr(DtReport) report = dt_report_run (db, &query, &error);
  if (report == NULL)
    g_printerr ("%s\n", error->message);
  return report != NULL;
}

static gboolean
year_report_raw (DtDb    *db,
                 gpointer data)
{
  Range *r = data;
  g_autoptr(GError) error = NULL;
  DtReportQuery query = { .from = r->from, .to = r->to, .group_by = DT_REPORT_BY_CLIENT };
  g_autoptr(DtReport) report = dt_report_run_raw (db, &query, r->from, r->to, FALSE, &error);
  if (report == NULL)
    g_printerr ("%s\n", error->message);
  return report != NULL;
}

static gboolean
billing_hub_raw (DtDb    *db,
                 gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtHubUnbilled) unbilled = dt_billing_hub_read_unbilled (db, 0, 0, &error);
  g_autoptr(DtBillingHub) hub = unbilled != NULL
                                ? dt_billing_hub_get_with_unbilled (db, unbilled, &error) : NULL;
  if (hub == NULL)
    g_printerr ("%s\n", error->message);
  return hub != NULL;
}

/* The writes that keep the roll-ups: each is a transaction of the store's. */
typedef struct
{
  gint64 project_id;
  gint64 client_id;
  gint64 entry_id;     /* an unbilled entry to edit */
  gint64 day;          /* where new work goes: a day of its own per run */
  gint64 invoice_id;   /* an issued invoice with a balance */
} Writes;

/* A timer started, and stopped half an hour later: @timed_start says which of the two counts. */
static gboolean
timer_write (DtDb     *db,
             Writes   *w,
             gboolean  timed_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) started = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;

  input->project_id = w->project_id;
  input->start_at = w->day;
  if (!timed_start)
    untimed_begin ();
  started = dt_time_entry_store_start_timer (db, input, &error);
  if (timed_start)
    untimed_begin ();
  else
    untimed_end ();
  stopped = started != NULL ? dt_time_entry_store_stop_timer (db, w->day + 1800, &error)
                            : NULL;
  if (timed_start)
    untimed_end ();
  w->day += 3600;
  if (stopped == NULL)
    g_printerr ("%s\n", error->message);
  return stopped != NULL;
}

static gboolean
timer_start (DtDb    *db,
             gpointer data)
{
  return timer_write (db, data, TRUE);
}

static gboolean
timer_stop (DtDb    *db,
            gpointer data)
{
  return timer_write (db, data, FALSE);
}

static gboolean
edit_entry (DtDb    *db,
            gpointer data)
{
  Writes *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) entry = dt_time_entry_store_get (db, w->entry_id, &error);
  g_autoptr(DtTimeEntry) saved = NULL;

  if (entry != NULL)
    {
      entry->end_at += entry->end_at - entry->start_at > 600 ? -300 : 300;
      saved = dt_time_entry_store_update (db, entry, 0, &error);
    }
  if (saved == NULL)
    g_printerr ("%s\n", error->message);
  return saved != NULL;
}

/* A day of new work billed and issued, as the window does it; the issue alone counts. */
static gboolean
issue_invoice (DtDb    *db,
               gpointer data)
{
  Writes *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) entry = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  DtDraftRequest request = { 0 };

  input->project_id = w->project_id;
  input->start_at = w->day;
  input->end_at = w->day + 5400;
  untimed_begin ();
  entry = dt_time_entry_store_create (db, input, &error);
  request.client_id = w->client_id;
  request.from = w->day;
  request.to = w->day + 3600;
  request.grouping = DT_GROUP_BY_TASK;
  request.tax_rate_bp = -1;
  draft = entry != NULL ? dt_invoicing_create_draft (db, &request, &error) : NULL;
  untimed_end ();
  sent = draft != NULL ? dt_invoicing_mark_sent (db, draft->id, NULL, NULL, 0, &error) : NULL;
  w->day += 3600;
  if (sent == NULL)
    g_printerr ("%s\n", error->message);
  else
    w->invoice_id = sent->id;
  return sent != NULL;
}

static gboolean
record_payment (DtDb    *db,
                gpointer data)
{
  Writes *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtPayment) input = dt_payment_new ();
  g_autoptr(DtPayment) payment = NULL;

  input->invoice_id = w->invoice_id;
  input->amount = 1;
  payment = dt_payment_store_record (db, input, &error);
  if (payment == NULL)
    g_printerr ("%s\n", error->message);
  return payment != NULL;
}

static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : 0;
}

static gboolean
billing_hub (DtDb    *db,
             gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtBillingHub) hub = dt_billing_hub_get (db, &error);
  if (hub == NULL)
    g_printerr ("%s\n", error->message);
  return hub != NULL;
}

static gboolean
list_page (DtDb    *db,
           gpointer data)
{
  gint64 *after_id = data;
  g_autoptr(GError) error = NULL;
  DtListQuery query = { .after_id = *after_id, .limit = 100 };
  g_autoptr(GPtrArray) page = dt_time_entry_store_list (db, &query, NULL, &error);
  if (page == NULL)
    g_printerr ("%s\n", error->message);
  return page != NULL;
}

static gint64
query_int (DtDb       *db,
           const char *sql)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);
  gint64 value = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

static void
measure_named (const char *name,
               const char *suffix,
               DtDb       *db,
               BenchFunc   func,
               gpointer    data,
               int         runs,
               GString    *out)
{
  g_autofree char *full = g_strconcat (name, suffix, NULL);

  measure (full, db, func, data, runs, out);
}

/* The writes, with @suffix in their names ("_before_rollups": measured while the roll-ups are
 * not built yet, so without their upkeep). Each lot goes to days of its own after the
 * history. */
static void
measure_writes (DtDb       *db,
                gint64      last_start,
                const char *suffix,
                int         runs,
                GString    *out)
{
  {
    Writes writes = {
      .project_id = query_int (db, "SELECT max (e.project_id) FROM time_entries e "
                                   "JOIN projects p ON p.id = e.project_id "
                                   "JOIN clients c ON c.id = p.client_id "
                                   "WHERE e.invoice_line_id IS NULL AND p.archived = 0 "
                                   "AND c.archived = 0"),
      .entry_id = query_int (db, "SELECT max (id) FROM time_entries "
                                 "WHERE invoice_line_id IS NULL AND end_at IS NOT NULL"),
      /* After the history, a day per write: nothing overlaps. */
      .day = last_start - last_start % 86400 + (suffix[0] != '\0' ? 2 : 20) * 86400,
    };

    {
      g_autofree char *sql = g_strdup_printf ("SELECT client_id FROM projects WHERE id = %"
                                              G_GINT64_FORMAT, writes.project_id);
      writes.client_id = query_int (db, sql);
    }
    measure_named ("write_timer_start", suffix, db, timer_start, &writes, runs * 4, out);
    measure_named ("write_timer_stop", suffix, db, timer_stop, &writes, runs * 4, out);
    measure_named ("write_edit_entry", suffix, db, edit_entry, &writes, runs * 4, out);
    measure_named ("write_issue_invoice", suffix, db, issue_invoice, &writes, runs * 2, out);
    measure_named ("write_record_payment", suffix, db, record_payment, &writes, runs * 4, out);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(GString) out = g_string_new ("{");
  Range month, year;
  gint64 last_start;
  gint64 page_after;
  int runs = argc > 2 ? atoi (argv[2]) : 15;

  setlocale (LC_ALL, "");
  only = argc > 3 ? argv[3] : NULL;
  /* An existing database only: opening a mistyped name would create one. */
  if (argc < 2 || !g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("usage: dt-bench-core DATABASE [RUNS [ONLY]]\n");
      return 2;
    }
  db = dt_db_open (argv[1], DT_DB_OPEN_NO_MIGRATE_SNAPSHOT | DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* The busiest client's last full month, and the last full year of the history. */
  last_start = query_int (db, "SELECT max(start_at) FROM time_entries");
  month.to = last_start - last_start % 86400 - 30 * 86400;
  month.from = month.to - 31 * 86400;
  month.client_id = query_int (db, "SELECT p.client_id FROM time_entries e JOIN projects p "
                                   "ON p.id = e.project_id WHERE e.invoice_line_id IS NULL "
                                   "GROUP BY p.client_id ORDER BY count(*) DESC LIMIT 1");
  year.client_id = 0;
  year.to = month.to;
  year.from = year.to - 365 * 86400;
  /* A page in the middle of the history, where a quarter of the entries carry tags. */
  page_after = query_int (db, "SELECT max(id) / 2 FROM time_entries");

  /* The migration to roll-ups, as a database of an earlier version meets it; the writes
   * first without their upkeep, as that version wrote. */
  if (!dt_rollups_ready (db))
    {
      measure_writes (db, last_start, "_before_rollups", runs, out);
      gint64 began = g_get_monotonic_time ();
      gint64 rss_before = peak_rss_kib ();

      if (!dt_rollups_build (db, NULL, NULL, NULL, &error))
        g_error ("building the roll-ups: %s", error->message);
      g_string_append_printf (out, "%s\"rollups_build\":{\"seconds\":%.2f,"
                              "\"peak_rss_mib\":%.1f,\"peak_rss_before_mib\":%.1f}",
                              out->len > 1 ? "," : "",
                              (g_get_monotonic_time () - began) / 1e6,
                              peak_rss_kib () / 1024.0, rss_before / 1024.0);
    }
  if (only == NULL || g_str_equal (only, "rollups_check"))
  {
    gint64 began = g_get_monotonic_time ();
    g_autoptr(DtRollupsCheck) check = dt_rollups_check (db, FALSE, &error);

    if (check == NULL)
      g_error ("checking the roll-ups: %s", error->message);
    g_string_append_printf (out, "%s\"rollups_check\":{\"seconds\":%.2f,\"rows\":%"
                            G_GUINT64_FORMAT ",\"differences\":%u}", out->len > 1 ? "," : "",
                            (g_get_monotonic_time () - began) / 1e6, check->rows,
                            check->differences);
  }
  {
    Range client_year = year;

    client_year.client_id = month.client_id;
    measure ("find_invoice_candidates", db, candidates, &month, runs, out);
    measure ("find_invoice_candidates_year", db, candidates, &client_year, runs, out);
  }
  measure ("run_report_year_by_client", db, year_report, &year, runs * 4, out);
  measure ("run_report_year_by_client_raw", db, year_report_raw, &year, MAX (3, runs / 3), out);
  measure ("get_billing_hub", db, billing_hub, NULL, runs * 4, out);
  measure ("get_billing_hub_raw", db, billing_hub_raw, NULL, MAX (3, runs / 3), out);
  measure ("list_time_entries_page", db, list_page, &page_after, runs * 4, out);
  measure_writes (db, last_start, "", runs, out);
  g_string_append_printf (out, ",\"client_id\":%" G_GINT64_FORMAT ",\"month_from\":%"
                          G_GINT64_FORMAT ",\"month_to\":%" G_GINT64_FORMAT ",\"year_from\":%"
                          G_GINT64_FORMAT ",\"year_to\":%" G_GINT64_FORMAT "}",
                          month.client_id, month.from, month.to, year.from, year.to);
  printf ("%s\n", out->str);
  return 0;
}

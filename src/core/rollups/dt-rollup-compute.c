/* dt-rollup-compute.c: the roll-ups' sums computed from the raw rows, and written. */
#define G_LOG_DOMAIN "dt-rollups"

#include "dt-rollups-private.h"
#include "dt-invoicing-private.h"
#include "dt-store-private.h"
#include "dt-time.h"
#include "dt-work-measure.h"

#include <string.h>

static guint
bucket_hash (gconstpointer data)
{
  const DtWorkBucket *b = data;
  guint64 h = (guint64) b->start * 0x9e3779b97f4a7c15ULL;

  h ^= (guint64) b->project_id * 0xbf58476d1ce4e5b9ULL + (h << 6) + (h >> 2);
  return (guint) (h ^ (h >> 32)) ^ (guint) b->invoiced;
}

static gboolean
bucket_equal (gconstpointer a,
              gconstpointer b)
{
  const DtWorkBucket *ba = a, *bb = b;

  return ba->start == bb->start && ba->project_id == bb->project_id &&
         ba->invoiced == bb->invoiced;
}

GHashTable *
dt_work_buckets_new (void)
{
  return g_hash_table_new_full (bucket_hash, bucket_equal, g_free, NULL);
}

DtWorkBucket *
dt_work_buckets_get (GHashTable *buckets,
                     gint64      start,
                     gint64      project_id,
                     gboolean    invoiced)
{
  DtWorkBucket probe = { start, project_id, invoiced != FALSE, { 0 } };
  DtWorkBucket *bucket = g_hash_table_lookup (buckets, &probe);

  if (bucket == NULL)
    {
      bucket = g_memdup2 (&probe, sizeof probe);
      g_hash_table_add (buckets, bucket);
    }
  return bucket;
}

gboolean
dt_work_sums_equal (const DtWorkSums *a,
                    const DtWorkSums *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

gboolean
dt_work_sums_empty (const DtWorkSums *sums)
{
  return sums->billable_entries == 0 && sums->non_billable_entries == 0;
}

void
dt_work_sums_add (DtWorkSums       *into,
                  const DtWorkSums *sums)
{
  into->billable_entries += sums->billable_entries;
  into->non_billable_entries += sums->non_billable_entries;
  into->billable_seconds += sums->billable_seconds;
  into->non_billable_seconds += sums->non_billable_seconds;
  into->raw_minutes += sums->raw_minutes;
  into->billed_minutes += sums->billed_minutes;
  into->amount += sums->amount;
}

/* A write touches the work of one or two projects: their rates are read alone, a few rows
 * through indexes, rather than every rate of the history (on the bench's ten years, 1,700
 * task rates: half the cost of stopping a timer). Past a few projects (a rate rule changed,
 * a build) the whole book is read once and serves the rest. */
#define NARROW_BOOKS 4

struct _DtRollupContext
{
  DtDb       *db;
  DtRateBook *book;     /* every rate, once more than NARROW_BOOKS projects were asked */
  GHashTable *books;    /* project id → its own DtRateBook */
};

DtRollupContext *
dt_rollup_context_new (DtDb *db)
{
  DtRollupContext *context = g_new0 (DtRollupContext, 1);

  context->db = db;
  context->books = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) dt_rate_book_free);
  return context;
}

void
dt_rollup_context_free (DtRollupContext *context)
{
  if (context == NULL)
    return;
  g_clear_pointer (&context->book, dt_rate_book_free);
  g_clear_pointer (&context->books, g_hash_table_unref);
  g_free (context);
}

static DtRateBook *
context_book (DtRollupContext  *context,
              gint64            project_id,
              GError          **error)
{
  DtRateBook *book;

  if (context->book != NULL)
    return context->book;
  book = g_hash_table_lookup (context->books, &project_id);
  if (book != NULL)
    return book;
  if (g_hash_table_size (context->books) >= NARROW_BOOKS)
    {
      g_hash_table_remove_all (context->books);
      context->book = dt_rate_book_load (context->db, error);
      return context->book;
    }
  book = dt_rate_book_load_for_project (context->db, project_id, error);
  if (book != NULL)
    g_hash_table_insert (context->books, g_memdup2 (&project_id, sizeof project_id), book);
  return book;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 ia = *(const gint64 *) a, ib = *(const gint64 *) b;

  return (ia > ib) - (ia < ib);
}

/* "3,12,7" (group_concat of the tags a rate rule names) into sorted ids. */
static void
parse_tags (const char *text,
            GArray     *tags)
{
  g_array_set_size (tags, 0);
  while (text != NULL && *text != '\0')
    {
      char *end;
      gint64 id = g_ascii_strtoll (text, &end, 10);

      if (end == text)
        break;
      g_array_append_val (tags, id);
      text = *end == ',' ? end + 1 : end;
    }
  if (tags->len > 1)
    g_array_sort (tags, compare_ids);
}

gint64
dt_rollup_client_of (DtDb   *db,
                     gint64  project_id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT client_id FROM projects WHERE id = ?", NULL);
  gint64 client_id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    client_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return client_id;
}

/* Only the tags some active rate rule names can change a price. */
#define RULE_TAGS_OF_ENTRY \
  "(SELECT group_concat (g.tag_id) FROM time_entry_tags g WHERE g.entry_id = e.id " \
  " AND g.tag_id IN (SELECT tag_id FROM rules WHERE kind = 'rate' AND active = 1 " \
  "                  AND tag_id IS NOT NULL))"

/* An entry written outside the stores (an import, a sync) may name a task of another
 * project, whose rate a book loaded for @project_id lacks: it is learnt from the entry's row
 * (@column: the task's project, then its rate). */
static void
learn_foreign_task (DtRateBook   *book,
                    sqlite3_stmt *stmt,
                    int           column,
                    gint64        project_id,
                    gint64        task_id)
{
  if (task_id != 0 && sqlite3_column_int64 (stmt, column) != project_id &&
      sqlite3_column_type (stmt, column + 1) != SQLITE_NULL)
    dt_rate_book_add_task_rate (book, task_id, sqlite3_column_int64 (stmt, column + 1));
}

gboolean
dt_rollup_compute_days (DtRollupContext  *context,
                        gint64            project_id,
                        gint64            from,
                        gint64            to,
                        GHashTable       *days,
                        GError          **error)
{
  DtRateBook *book = context_book (context, project_id, error);
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 client_id = 0, day = 0, next_day = G_MININT64, task_memo = -1, rate = 0;
  const DtRule *entry_rule = NULL;
  DtWorkBucket *buckets[2] = { NULL, NULL };
  sqlite3_stmt *stmt;
  int rc;

  if (book == NULL)
    return FALSE;
  client_id = dt_rollup_client_of (context->db, project_id);
  /* As reports do: work of a project that is gone counts nowhere. */
  if (client_id == 0)
    return TRUE;

  /* In time order through time_entries_project_start, so a day is worked out once. */
  stmt = dt_db_prepare (context->db,
                        "SELECT e.task_id, e.start_at, e.end_at, "
                        "e.billable AND coalesce (t.billable, 1), l.id IS NOT NULL, "
                        "l.unit_price, " RULE_TAGS_OF_ENTRY ", t.project_id, t.rate "
                        "FROM time_entries e "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id "
                        "WHERE e.project_id = ?1 AND e.start_at >= ?2 AND e.start_at < ?3 "
                        "AND e.end_at IS NOT NULL ORDER BY e.start_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 task_id = sqlite3_column_int64 (stmt, 0);
      gint64 start = sqlite3_column_int64 (stmt, 1);
      gboolean billable = sqlite3_column_int (stmt, 3) != 0;
      gboolean invoiced = sqlite3_column_int (stmt, 4) != 0;
      DtRateContext rate_context = { client_id, project_id, task_id, NULL, 0 };
      DtWorkMeasure m;
      DtWorkSums *sums;

      if (start >= next_day || start < day)
        {
          day = dt_time_local_day_start (start);
          next_day = dt_time_local_day_add (day, 1);
          buckets[0] = buckets[1] = NULL;
        }
      if (buckets[invoiced] == NULL)
        buckets[invoiced] = dt_work_buckets_get (days, day, project_id, invoiced);
      sums = &buckets[invoiced]->sums;

      learn_foreign_task (book, stmt, 7, project_id, task_id);
      if (billable && task_id != task_memo)
        {
          dt_work_price_untagged (book, client_id, project_id, task_id, &rate, &entry_rule);
          task_memo = task_id;
        }
      if (billable && sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        {
          parse_tags ((const char *) sqlite3_column_text (stmt, 6), tags);
          rate_context.tag_ids = (const gint64 *) tags->data;
          rate_context.n_tag_ids = tags->len;
        }
      dt_work_measure (book, &rate_context, rate, entry_rule, billable, invoiced,
                       sqlite3_column_int64 (stmt, 5),
                       sqlite3_column_int64 (stmt, 2) - start, &m);
      if (billable)
        {
          sums->billable_entries++;
          sums->billable_seconds += m.seconds;
          sums->raw_minutes += m.raw;
          sums->billed_minutes += m.billed;
          sums->amount += m.amount;
        }
      else
        {
          sums->non_billable_entries++;
          sums->non_billable_seconds += m.seconds;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (context->db, error, "Could not read the time entries");
  return TRUE;
}

void
dt_rollup_months_of_days (GHashTable *days,
                          GHashTable *months)
{
  GHashTableIter iter;
  DtWorkBucket *day;

  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &day, NULL))
    {
      DtWorkBucket *month = dt_work_buckets_get (months, dt_time_local_month_start (day->start),
                                                 day->project_id, day->invoiced);
      dt_work_sums_add (&month->sums, &day->sums);
    }
}

gboolean
dt_rollup_compute_unbilled (DtRollupContext  *context,
                            gint64            project_id,
                            DtUnbilledSum    *out,
                            GError          **error)
{
  DtRateBook *book = context_book (context, project_id, error);
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  DtCandidates *sums;
  DtCandidatePricer *pricer;
  gint64 client_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  *out = (DtUnbilledSum) { 0 };
  if (book == NULL)
    return FALSE;
  client_id = dt_rollup_client_of (context->db, project_id);
  if (client_id == 0)
    return TRUE;

  stmt = dt_db_prepare (context->db,
                        "SELECT e.id, e.task_id, e.start_at, e.end_at, "
                        "coalesce (t.billable, 1), " RULE_TAGS_OF_ENTRY ", t.project_id, t.rate "
                        "FROM time_entries e INDEXED BY time_entries_unbilled "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "WHERE e.invoice_line_id IS NULL AND e.billable = 1 "
                        "AND e.end_at IS NOT NULL AND e.project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  /* The pricer the Billing Hub's full read uses, over the same rows: the same lines. */
  sums = dt_candidates_new ();
  pricer = dt_candidate_pricer_new (book, DT_GROUP_BY_TASK, FALSE, NULL, sums);
  sqlite3_bind_int64 (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtCandidateRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .client_id = client_id,
        .project_id = project_id,
        .task_id = sqlite3_column_int64 (stmt, 1),
        .start_at = sqlite3_column_int64 (stmt, 2),
        .end_at = sqlite3_column_int64 (stmt, 3),
        .billable = sqlite3_column_int (stmt, 4) != 0,
        .project_name = "",
      };

      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          parse_tags ((const char *) sqlite3_column_text (stmt, 5), tags);
          row.tag_ids = (const gint64 *) tags->data;
          row.n_tag_ids = tags->len;
        }
      learn_foreign_task (book, stmt, 6, project_id, row.task_id);
      dt_candidate_pricer_add (pricer, &row);
      if (row.billable && (out->oldest_start == 0 || row.start_at < out->oldest_start))
        out->oldest_start = row.start_at;
    }
  sqlite3_reset (stmt);
  dt_candidate_pricer_finish (pricer);
  out->entries = sums->n_entries;
  out->minutes = sums->billed_minutes;
  out->amount = sums->amount;
  dt_candidates_free (sums);
  if (out->entries == 0)
    out->oldest_start = 0;
  if (rc != SQLITE_DONE)
    return dt_db_set_error (context->db, error, "Could not read the unbilled time");
  return TRUE;
}

static const char *const upsert_sql[] = {
  "INSERT OR REPLACE INTO work_days (day, project_id, invoiced, billable_entries, "
  "non_billable_entries, billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, "
  "amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  "INSERT OR REPLACE INTO work_months (month, project_id, invoiced, billable_entries, "
  "non_billable_entries, billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, "
  "amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

static const char *const delete_sql[] = {
  "DELETE FROM work_days WHERE day = ? AND project_id = ? AND invoiced = ?",
  "DELETE FROM work_months WHERE month = ? AND project_id = ? AND invoiced = ?",
};

gboolean
dt_rollup_write_bucket (DtDb               *db,
                        DtRollupTable       table,
                        const DtWorkBucket *bucket,
                        GError            **error)
{
  gboolean empty = dt_work_sums_empty (&bucket->sums);
  sqlite3_stmt *stmt = dt_db_prepare (db, empty ? delete_sql[table] : upsert_sql[table], error);
  const DtWorkSums *s = &bucket->sums;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bucket->start);
  sqlite3_bind_int64 (stmt, 2, bucket->project_id);
  sqlite3_bind_int (stmt, 3, bucket->invoiced);
  if (!empty)
    {
      sqlite3_bind_int64 (stmt, 4, s->billable_entries);
      sqlite3_bind_int64 (stmt, 5, s->non_billable_entries);
      sqlite3_bind_int64 (stmt, 6, s->billable_seconds);
      sqlite3_bind_int64 (stmt, 7, s->non_billable_seconds);
      sqlite3_bind_int64 (stmt, 8, s->raw_minutes);
      sqlite3_bind_int64 (stmt, 9, s->billed_minutes);
      sqlite3_bind_int64 (stmt, 10, s->amount);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not write a roll-up");
  return TRUE;
}

gboolean
dt_rollup_write_unbilled (DtDb                *db,
                          gint64               project_id,
                          const DtUnbilledSum *sum,
                          GError             **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sum->entries == 0
                                      ? "DELETE FROM unbilled_work WHERE project_id = ?1"
                                      : "INSERT OR REPLACE INTO unbilled_work (project_id, "
                                        "entries, minutes, amount, oldest_start) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (sum->entries != 0)
    {
      sqlite3_bind_int64 (stmt, 2, sum->entries);
      sqlite3_bind_int64 (stmt, 3, sum->minutes);
      sqlite3_bind_int64 (stmt, 4, sum->amount);
      sqlite3_bind_int64 (stmt, 5, sum->oldest_start);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not write a roll-up");
  return TRUE;
}

gboolean
dt_rollup_refresh_month (DtDb    *db,
                         gint64   project_id,
                         gint64   month_start,
                         GError **error)
{
  gint64 next = dt_time_local_next_month (month_start);
  sqlite3_stmt *stmt;

  for (int invoiced = 0; invoiced <= 1; invoiced++)
    {
      DtWorkBucket bucket = { month_start, project_id, invoiced, { 0 } };
      int rc;

      stmt = dt_db_prepare (db,
                            "SELECT sum (billable_entries), sum (non_billable_entries), "
                            "sum (billable_seconds), sum (non_billable_seconds), "
                            "sum (raw_minutes), sum (billed_minutes), sum (amount) "
                            "FROM work_days WHERE day >= ?1 AND day < ?2 AND project_id = ?3 "
                            "AND invoiced = ?4", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, month_start);
      sqlite3_bind_int64 (stmt, 2, next);
      sqlite3_bind_int64 (stmt, 3, project_id);
      sqlite3_bind_int (stmt, 4, invoiced);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          bucket.sums.billable_entries = sqlite3_column_int64 (stmt, 0);
          bucket.sums.non_billable_entries = sqlite3_column_int64 (stmt, 1);
          bucket.sums.billable_seconds = sqlite3_column_int64 (stmt, 2);
          bucket.sums.non_billable_seconds = sqlite3_column_int64 (stmt, 3);
          bucket.sums.raw_minutes = sqlite3_column_int64 (stmt, 4);
          bucket.sums.billed_minutes = sqlite3_column_int64 (stmt, 5);
          bucket.sums.amount = sqlite3_column_int64 (stmt, 6);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return dt_db_set_error (db, error, "Could not read the roll-ups");
      if (!dt_rollup_write_bucket (db, DT_ROLLUP_MONTHS, &bucket, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dt_rollup_state_read (DtDb           *db,
                      DtRollupState  *state,
                      GError        **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT zone, built_through, complete "
                                      "FROM rollup_state WHERE id = 1", error);
  int rc;

  *state = (DtRollupState) { 0 };
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->zone = dt_store_column_dup (stmt, 0);
      state->built_through = sqlite3_column_int64 (stmt, 1);
      state->complete = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return dt_db_set_error (db, error, "Could not read the roll-ups' state");
  return TRUE;
}

void
dt_rollup_state_clear (DtRollupState *state)
{
  g_clear_pointer (&state->zone, g_free);
}

char *
dt_rollup_zone_name (void)
{
  g_autoptr(GTimeZone) zone = dt_time_local_zone ();

  return g_strdup (g_time_zone_get_identifier (zone));
}

/* dt-rollup-check.c: every roll-up computed again from the raw rows and compared with what
 * is stored; on request, repaired. */
#define G_LOG_DOMAIN "dt-rollups"

#include "dt-rollups.h"
#include "dt-rollups-private.h"
#include "dt-billing-hub.h"
#include "dt-error.h"
#include "dt-time.h"

#include <string.h>

/* Differences beyond these are counted, not described. */
#define MAX_MESSAGES 50

void
dt_rollups_check_free (DtRollupsCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->messages, g_ptr_array_unref);
  g_free (check);
}

static const char *const table_names[] = { "work_days", "work_months" };

static void
note (DtRollupsCheck *check,
      char           *message)
{
  check->differences++;
  if (check->messages->len < MAX_MESSAGES)
    g_ptr_array_add (check->messages, message);
  else
    g_free (message);
}

static char *
describe_sums (const DtWorkSums *s)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT " entries, %"
                          G_GINT64_FORMAT "+%" G_GINT64_FORMAT " s, %" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT " min, amount %" G_GINT64_FORMAT,
                          s->billable_entries, s->non_billable_entries, s->billable_seconds,
                          s->non_billable_seconds, s->raw_minutes, s->billed_minutes, s->amount);
}

static const char *const stored_sql[] = {
  "SELECT day, invoiced, billable_entries, non_billable_entries, billable_seconds, "
  "non_billable_seconds, raw_minutes, billed_minutes, amount FROM work_days "
  "WHERE project_id = ?",
  "SELECT month, invoiced, billable_entries, non_billable_entries, billable_seconds, "
  "non_billable_seconds, raw_minutes, billed_minutes, amount FROM work_months "
  "WHERE project_id = ?",
};

/* Compares @expected (taken apart as it is matched) with the stored rows of @project_id. */
static gboolean
compare_project (DtDb            *db,
                 DtRollupTable    table,
                 gint64           project_id,
                 GHashTable      *expected,
                 gboolean         repair,
                 DtRollupsCheck  *check,
                 GError         **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = dt_db_prepare (db, stored_sql[table], error);
  GHashTableIter iter;
  DtWorkBucket *bucket;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtWorkBucket stored = {
        .start = sqlite3_column_int64 (stmt, 0),
        .project_id = project_id,
        .invoiced = sqlite3_column_int (stmt, 1) != 0,
        .sums = {
          sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
          sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
          sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7),
          sqlite3_column_int64 (stmt, 8),
        },
      };
      DtWorkBucket *want = g_hash_table_lookup (expected, &stored);
      g_autofree char *day = dt_time_local_date (stored.start);

      check->rows++;
      if (want == NULL)
        {
          g_autofree char *had = describe_sums (&stored.sums);

          note (check, g_strdup_printf ("%s: project %" G_GINT64_FORMAT ", %s, %s: stored "
                                        "(%s) but there is no such work",
                                        table_names[table], project_id, day,
                                        stored.invoiced ? "invoiced" : "not invoiced", had));
          /* An empty bucket deletes its row when written. */
          g_ptr_array_add (extra, g_memdup2 (&stored, sizeof stored));
          memset (&((DtWorkBucket *) extra->pdata[extra->len - 1])->sums, 0, sizeof stored.sums);
          continue;
        }
      if (!dt_work_sums_equal (&stored.sums, &want->sums))
        {
          g_autofree char *had = describe_sums (&stored.sums);
          g_autofree char *is = describe_sums (&want->sums);

          note (check, g_strdup_printf ("%s: project %" G_GINT64_FORMAT ", %s, %s: stored "
                                        "%s, the entries give %s", table_names[table],
                                        project_id, day,
                                        stored.invoiced ? "invoiced" : "not invoiced", had, is));
        }
      else
        g_hash_table_remove (expected, &stored);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the roll-ups");

  /* What is left was missing or different. */
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &bucket, NULL))
    {
      sqlite3_stmt *exists = dt_db_prepare (db, table == DT_ROLLUP_DAYS
                                            ? "SELECT 1 FROM work_days WHERE day = ? AND "
                                              "project_id = ? AND invoiced = ?"
                                            : "SELECT 1 FROM work_months WHERE month = ? AND "
                                              "project_id = ? AND invoiced = ?", error);
      gboolean found;

      if (exists == NULL)
        return FALSE;
      sqlite3_bind_int64 (exists, 1, bucket->start);
      sqlite3_bind_int64 (exists, 2, project_id);
      sqlite3_bind_int (exists, 3, bucket->invoiced);
      found = sqlite3_step (exists) == SQLITE_ROW;
      sqlite3_reset (exists);
      if (!found)
        {
          g_autofree char *day = dt_time_local_date (bucket->start);
          g_autofree char *is = describe_sums (&bucket->sums);

          note (check, g_strdup_printf ("%s: project %" G_GINT64_FORMAT ", %s, %s: missing "
                                        "(the entries give %s)", table_names[table],
                                        project_id, day,
                                        bucket->invoiced ? "invoiced" : "not invoiced", is));
        }
      if (repair && !dt_rollup_write_bucket (db, table, bucket, error))
        return FALSE;
    }
  for (guint i = 0; repair && i < extra->len; i++)
    if (!dt_rollup_write_bucket (db, table, extra->pdata[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
check_work (DtDb            *db,
            gboolean         repair,
            DtRollupsCheck  *check,
            GError         **error)
{
  g_autoptr(DtRollupContext) context = dt_rollup_context_new (db);
  g_autoptr(GArray) projects = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  /* Every project with entries or with rows: rows of a project that is gone are wrong too. */
  stmt = dt_db_prepare (db, "SELECT id FROM projects UNION SELECT project_id FROM work_days "
                        "UNION SELECT project_id FROM work_months ORDER BY 1", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (projects, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the projects");

  for (guint i = 0; i < projects->len; i++)
    {
      gint64 project_id = g_array_index (projects, gint64, i);
      g_autoptr(GHashTable) days = dt_work_buckets_new ();
      g_autoptr(GHashTable) months = dt_work_buckets_new ();

      if (!dt_rollup_compute_days (context, project_id, G_MININT64, G_MAXINT64, days, error))
        return FALSE;
      dt_rollup_months_of_days (days, months);
      if (!compare_project (db, DT_ROLLUP_DAYS, project_id, days, repair, check, error) ||
          !compare_project (db, DT_ROLLUP_MONTHS, project_id, months, repair, check, error))
        return FALSE;
    }
  return TRUE;
}

/* Recomputes and writes the unbilled work of every project of @client_id. */
static gboolean
repair_unbilled (DtDb     *db,
                 gint64    client_id,
                 GError  **error)
{
  g_autoptr(DtRollupContext) context = dt_rollup_context_new (db);
  g_autoptr(GArray) projects = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT id FROM projects WHERE client_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (projects, id);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < projects->len; i++)
    {
      DtUnbilledSum sum;
      gint64 project_id = g_array_index (projects, gint64, i);

      if (!dt_rollup_compute_unbilled (context, project_id, &sum, error) ||
          !dt_rollup_write_unbilled (db, project_id, &sum, error))
        return FALSE;
    }
  return TRUE;
}

/* Each client's unbilled work as the Billing Hub's full read of the history prices it,
 * against the sum of its projects' rows; and no row for a project that is gone. */
static gboolean
check_unbilled (DtDb            *db,
                gboolean         repair,
                DtRollupsCheck  *check,
                GError         **error)
{
  g_autoptr(DtHubUnbilled) full = dt_billing_hub_read_unbilled (db, 0, 0, error);
  g_autoptr(DtHubUnbilled) stored = NULL;
  g_autoptr(GArray) clients = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (full == NULL)
    return FALSE;
  stored = dt_billing_hub_read_unbilled_rollup (db, error);
  if (stored == NULL)
    return FALSE;
  stmt = dt_db_prepare (db, "SELECT id FROM clients ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (clients, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the clients");

  for (guint i = 0; i < clients->len; i++)
    {
      gint64 client_id = g_array_index (clients, gint64, i);
      DtUnbilledSum want = { 0 }, had = { 0 };
      guint want_entries = 0, had_entries = 0;

      dt_hub_unbilled_lookup (full, client_id, &want_entries, &want.minutes, &want.amount,
                              &want.oldest_start);
      if (dt_hub_unbilled_lookup (stored, client_id, &had_entries, &had.minutes, &had.amount,
                                  &had.oldest_start))
        check->rows++;
      want.entries = want_entries;
      had.entries = had_entries;
      if (want.entries == 0)
        want = (DtUnbilledSum) { 0 };
      if (memcmp (&want, &had, sizeof want) == 0)
        continue;
      note (check, g_strdup_printf ("unbilled_work: client %" G_GINT64_FORMAT ": stored %"
                                    G_GINT64_FORMAT " entries, %" G_GINT64_FORMAT " min, "
                                    "amount %" G_GINT64_FORMAT "; the entries give %"
                                    G_GINT64_FORMAT " entries, %" G_GINT64_FORMAT " min, "
                                    "amount %" G_GINT64_FORMAT, client_id, had.entries,
                                    had.minutes, had.amount, want.entries, want.minutes,
                                    want.amount));
      if (repair && !repair_unbilled (db, client_id, error))
        return FALSE;
    }

  stmt = dt_db_prepare (db, "SELECT project_id FROM unbilled_work "
                        "WHERE project_id NOT IN (SELECT id FROM projects)", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    note (check, g_strdup_printf ("unbilled_work: project %" G_GINT64_FORMAT " is gone but "
                                  "its row is not", (gint64) sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the roll-ups");
  if (repair && !dt_db_exec (db, "DELETE FROM unbilled_work "
                             "WHERE project_id NOT IN (SELECT id FROM projects)", error))
    return FALSE;
  return TRUE;
}

DtRollupsCheck *
dt_rollups_check (DtDb      *db,
                  gboolean   repair,
                  GError   **error)
{
  g_autoptr(DtRollupsCheck) check = g_new0 (DtRollupsCheck, 1);

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  check->messages = g_ptr_array_new_with_free_func (g_free);
  /* A write transaction: nothing changes between the raw rows and the roll-ups read. */
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_rollups_ready (db))
    {
      dt_db_rollback (db);
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "The roll-ups are still being built; check again when they are complete");
      return NULL;
    }
  if (!check_work (db, repair, check, error) || !check_unbilled (db, repair, check, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  check->repaired = repair && check->differences > 0;
  return g_steal_pointer (&check);
}

/* dt-rollups.c: whether the roll-ups can be read, and building them on an existing
 * database, a few clients per transaction. */
#define G_LOG_DOMAIN "dt-rollups"

#include "dt-rollups.h"
#include "dt-rollups-private.h"
#include "dt-error.h"

gboolean
dt_rollups_ready (DtDb *db)
{
  g_auto(DtRollupState) state = { 0 };
  g_autofree char *zone = NULL;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (dt_db_get_rollup_capture (db) != NULL &&
      dt_rollup_capture_behind (dt_db_get_rollup_capture (db)))
    return FALSE;
  if (!dt_rollup_state_read (db, &state, NULL) || !state.complete)
    return FALSE;
  zone = dt_rollup_zone_name ();
  return state.zone[0] == '\0' || g_str_equal (state.zone, zone);
}

static gboolean
write_state (DtDb        *db,
             const char  *zone,
             gint64       built_through,
             gboolean     complete,
             GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE rollup_state SET zone = ?, "
                                      "built_through = ?, complete = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, zone, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, built_through);
  sqlite3_bind_int (stmt, 3, complete);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not write the roll-ups' state");
  return TRUE;
}

static gint64
count (DtDb        *db,
       const char  *sql,
       gint64       arg)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The roll-ups of every project of @client_id, written afresh. */
static gboolean
build_client (DtDb             *db,
              DtRollupContext  *context,
              gint64            client_id,
              GError          **error)
{
  g_autoptr(GArray) projects = g_array_new (FALSE, FALSE, sizeof (gint64));
  DtUnbilledSum unbilled;
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db, "SELECT id FROM projects WHERE client_id = ? ORDER BY id", error);
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
      gint64 project_id = g_array_index (projects, gint64, i);
      g_autoptr(GHashTable) days = dt_work_buckets_new ();
      g_autoptr(GHashTable) months = dt_work_buckets_new ();
      GHashTableIter iter;
      DtWorkBucket *bucket;

      /* Rows left from another zone or from changes made while this client waited. */
      stmt = dt_db_prepare (db, "DELETE FROM work_days WHERE project_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, project_id);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      stmt = dt_db_prepare (db, "DELETE FROM work_months WHERE project_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, project_id);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);

      if (!dt_rollup_compute_days (context, project_id, G_MININT64, G_MAXINT64, days, error))
        return FALSE;
      dt_rollup_months_of_days (days, months);
      g_hash_table_iter_init (&iter, days);
      while (g_hash_table_iter_next (&iter, (gpointer *) &bucket, NULL))
        if (!dt_rollup_write_bucket (db, DT_ROLLUP_DAYS, bucket, error))
          return FALSE;
      g_hash_table_iter_init (&iter, months);
      while (g_hash_table_iter_next (&iter, (gpointer *) &bucket, NULL))
        if (!dt_rollup_write_bucket (db, DT_ROLLUP_MONTHS, bucket, error))
          return FALSE;
      if (!dt_rollup_compute_unbilled (context, project_id, &unbilled, error) ||
          !dt_rollup_write_unbilled (db, project_id, &unbilled, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
build_step (DtDb               *db,
            guint               max_entries,
            DtRollupsProgress  *progress,
            GError            **error)
{
  g_auto(DtRollupState) state = { 0 };
  g_autoptr(DtRollupContext) context = dt_rollup_context_new (db);
  g_autofree char *zone = dt_rollup_zone_name ();
  gint64 built = 0;

  if (!dt_rollup_state_read (db, &state, error))
    return FALSE;
  if (state.zone[0] != '\0' && !g_str_equal (state.zone, zone))
    {
      /* Built for days of another zone: start again. */
      if (!dt_db_exec (db, "DELETE FROM work_days; DELETE FROM work_months; "
                       "DELETE FROM unbilled_work", error))
        return FALSE;
      state.built_through = 0;
      state.complete = FALSE;
    }
  while (!state.complete && built < max_entries)
    {
      gint64 client_id = count (db, "SELECT min (id) FROM clients WHERE id > ?",
                                state.built_through);

      if (client_id == 0)
        {
          state.complete = TRUE;
          break;
        }
      if (!build_client (db, context, client_id, error))
        return FALSE;
      built += count (db, "SELECT count (*) FROM time_entries WHERE project_id IN "
                      "(SELECT id FROM projects WHERE client_id = ?)", client_id) + 1;
      state.built_through = client_id;
    }
  if (!write_state (db, zone, state.built_through, state.complete, error))
    return FALSE;
  progress->complete = state.complete;
  progress->clients_total = (guint) count (db, "SELECT count (*) FROM clients WHERE id > ?",
                                           G_MININT64);
  progress->clients_done = state.complete
                           ? progress->clients_total
                           : (guint) count (db, "SELECT count (*) FROM clients WHERE id <= ?",
                                            state.built_through);
  return TRUE;
}

gboolean
dt_rollups_build_step (DtDb               *db,
                       guint               max_entries,
                       DtRollupsProgress  *progress,
                       GError            **error)
{
  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  *progress = (DtRollupsProgress) { 0 };
  if (!dt_db_begin (db, error))
    return FALSE;
  if (!build_step (db, max_entries, progress, error))
    {
      dt_db_rollback (db);
      return FALSE;
    }
  return dt_db_commit (db, error);
}

/* About a tenth of a second of work per transaction: a write from the window or an
 * assistant waits no longer than that while the roll-ups are built. */
#define BUILD_STEP_ENTRIES 20000

gboolean
dt_rollups_build (DtDb                   *db,
                  GCancellable           *cancellable,
                  DtRollupsProgressFunc   progress,
                  gpointer                data,
                  GError                **error)
{
  DtRollupsProgress now = { 0 };

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  while (!now.complete)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!dt_rollups_build_step (db, BUILD_STEP_ENTRIES, &now, error))
        return FALSE;
      if (progress != NULL)
        progress (&now, data);
    }
  return TRUE;
}

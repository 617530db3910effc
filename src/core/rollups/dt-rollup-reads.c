/* dt-rollup-reads.c: the stored roll-ups of a range, as answers read them. */
#define G_LOG_DOMAIN "dt-rollups"

#include "dt-rollups-private.h"

static const char *const range_sql[2][2] = {
  {
    "SELECT day, project_id, invoiced, billable_entries, non_billable_entries, "
    "billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, amount "
    "FROM work_days WHERE day >= ?1 AND day < ?2",
    "SELECT day, project_id, invoiced, billable_entries, non_billable_entries, "
    "billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, amount "
    "FROM work_days WHERE project_id = ?3 AND day >= ?1 AND day < ?2",
  },
  {
    "SELECT month, project_id, invoiced, billable_entries, non_billable_entries, "
    "billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, amount "
    "FROM work_months WHERE month >= ?1 AND month < ?2",
    "SELECT month, project_id, invoiced, billable_entries, non_billable_entries, "
    "billable_seconds, non_billable_seconds, raw_minutes, billed_minutes, amount "
    "FROM work_months WHERE project_id = ?3 AND month >= ?1 AND month < ?2",
  },
};

gboolean
dt_rollup_read_buckets (DtDb              *db,
                        DtRollupTable      table,
                        gint64             from,
                        gint64             to,
                        gint64             project_id,
                        DtWorkBucketFunc   func,
                        gpointer           data,
                        GError           **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, range_sql[table][project_id != 0], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (project_id != 0)
    sqlite3_bind_int64 (stmt, 3, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtWorkBucket bucket = {
        .start = sqlite3_column_int64 (stmt, 0),
        .project_id = sqlite3_column_int64 (stmt, 1),
        .invoiced = sqlite3_column_int (stmt, 2) != 0,
        .sums = {
          sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4),
          sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6),
          sqlite3_column_int64 (stmt, 7), sqlite3_column_int64 (stmt, 8),
          sqlite3_column_int64 (stmt, 9),
        },
      };
      func (&bucket, data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the roll-ups");
  return TRUE;
}

/* dt-task-store.c: tasks inside a project. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-task-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define TASK_COLUMNS \
  "t.id, t.project_id, p.client_id, t.title, t.status, t.billable, t.rate, " \
  "t.estimate_minutes, t.notes, t.created_at, t.updated_at, t.version"

DtTask *
dt_task_new (void)
{
  DtTask *task = g_new0 (DtTask, 1);

  task->title = g_strdup ("");
  task->status = g_strdup ("open");
  task->notes = g_strdup ("");
  task->billable = TRUE;
  task->rate = DT_NO_VALUE;
  task->estimate_minutes = DT_NO_VALUE;
  return task;
}

DtTask *
dt_task_copy (const DtTask *task)
{
  DtTask *copy;

  g_return_val_if_fail (task != NULL, NULL);

  copy = g_memdup2 (task, sizeof *task);
  copy->title = g_strdup (task->title);
  copy->status = g_strdup (task->status);
  copy->notes = g_strdup (task->notes);
  return copy;
}

void
dt_task_free (DtTask *task)
{
  if (task == NULL)
    return;
  g_free (task->title);
  g_free (task->status);
  g_free (task->notes);
  g_free (task);
}

static DtTask *
task_from_row (sqlite3_stmt *stmt)
{
  DtTask *task = g_new0 (DtTask, 1);

  task->id = sqlite3_column_int64 (stmt, 0);
  task->project_id = sqlite3_column_int64 (stmt, 1);
  task->client_id = sqlite3_column_int64 (stmt, 2);
  task->title = dt_store_column_dup (stmt, 3);
  task->status = dt_store_column_dup (stmt, 4);
  task->billable = sqlite3_column_int (stmt, 5) != 0;
  task->rate = dt_store_column_opt (stmt, 6);
  task->estimate_minutes = dt_store_column_opt (stmt, 7);
  task->notes = dt_store_column_dup (stmt, 8);
  task->created_at = sqlite3_column_int64 (stmt, 9);
  task->updated_at = sqlite3_column_int64 (stmt, 10);
  task->version = sqlite3_column_int64 (stmt, 11);
  return task;
}

static gboolean
validate (const DtTask  *task,
          GError       **error)
{
  if (!dt_store_check_text ("the task title", task->title, 1, 500, error) ||
      !dt_store_check_text ("the notes", task->notes, 0, 10000, error) ||
      !dt_store_check_optional ("the hourly rate", task->rate, error) ||
      !dt_store_check_optional ("the estimate", task->estimate_minutes, error))
    return FALSE;
  if (task->status != NULL && !g_str_equal (task->status, "open") &&
      !g_str_equal (task->status, "done"))
    {
      g_autofree char *shown = g_utf8_make_valid (task->status, -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "task status “%s” is not known; use open or done", shown);
      return FALSE;
    }
  return TRUE;
}

DtTask *
dt_task_store_get (DtDb    *db,
                   gint64   id,
                   GError **error)
{
  sqlite3_stmt *stmt;
  DtTask *task = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " TASK_COLUMNS " FROM tasks t "
                        "JOIN projects p ON p.id = t.project_id WHERE t.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    task = task_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "task %" G_GINT64_FORMAT " does not exist",
                 id);
  else
    dt_db_set_error (db, error, "Could not read the task");
  sqlite3_reset (stmt);
  return task;
}

static gboolean
write_task (DtDb          *db,
            const DtTask  *task,
            gboolean       insert,
            gint64        *out_id,
            GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO tasks (project_id, title, status, billable, rate, "
                          "estimate_minutes, notes, updated_at, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE tasks SET project_id = ?, title = ?, status = ?, billable = ?, "
                          "rate = ?, estimate_minutes = ?, notes = ?, "
                          "updated_at = max(updated_at, ?), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task->project_id);
  dt_store_bind_text (stmt, 2, task->title);
  dt_store_bind_text (stmt, 3, task->status ? task->status : "open");
  sqlite3_bind_int (stmt, 4, task->billable ? 1 : 0);
  dt_store_bind_opt (stmt, 5, task->rate);
  dt_store_bind_opt (stmt, 6, task->estimate_minutes);
  dt_store_bind_text (stmt, 7, task->notes);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, insert ? now : task->id);
  if (!dt_store_step_done (db, stmt, "Could not save the task", error))
    return FALSE;
  *out_id = insert ? sqlite3_last_insert_rowid (dt_db_get_handle (db)) : task->id;
  dt_db_note_change (db, DT_ENTITY_TASK, *out_id);
  return TRUE;
}

DtTask *
dt_task_store_create (DtDb          *db,
                      const DtTask  *input,
                      GError       **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!validate (input, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_require_project (db, input->project_id, TRUE, NULL, error) ||
      !write_task (db, input, TRUE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_task_store_get (db, id, error);
}

DtTask *
dt_task_store_update (DtDb          *db,
                      const DtTask  *task,
                      gint64         expected_version,
                      GError       **error)
{
  g_autoptr(DtTask) current = NULL;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (task != NULL, NULL);

  if (!validate (task, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM tasks WHERE id = ?", "task", task->id,
                               expected_version, error))
    goto fail;
  current = dt_task_store_get (db, task->id, error);
  if (current == NULL)
    goto fail;
  if (current->project_id != task->project_id)
    {
      if (!dt_store_require_project (db, task->project_id, TRUE, NULL, error))
        goto fail;
      if (dt_store_exists (db, "SELECT 1 FROM time_entries WHERE task_id = ? LIMIT 1", task->id) ||
          dt_store_exists (db, "SELECT 1 FROM invoice_lines WHERE task_id = ? LIMIT 1", task->id))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                       "task %" G_GINT64_FORMAT " has time entries in project %" G_GINT64_FORMAT
                       "; it cannot move to project %" G_GINT64_FORMAT,
                       task->id, current->project_id, task->project_id);
          goto fail;
        }
    }
  if (!write_task (db, task, FALSE, &id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_task_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_task_store_delete (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt;
  gint64 entries, lines;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM tasks WHERE id = ?", "task", id, 0, error))
    goto fail;
  entries = dt_store_count (db, "SELECT count(*) FROM time_entries WHERE task_id = ?", id);
  lines = dt_store_count (db, "SELECT count(*) FROM invoice_lines WHERE task_id = ?", id);
  if (entries != 0 || lines != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "task %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " time entries and %"
                   G_GINT64_FORMAT " invoice line(s); mark it done instead of deleting it",
                   id, entries, lines);
      goto fail;
    }
  stmt = dt_db_prepare (db, "DELETE FROM tasks WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the task", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_TASK, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_task_store_list (DtDb               *db,
                    const DtListQuery  *query,
                    gboolean           *out_has_more,
                    GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  guint limit;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->status != NULL && !g_str_equal (query->status, "open") &&
      !g_str_equal (query->status, "done"))
    {
      g_autofree char *shown = g_utf8_make_valid (query->status, -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "task status “%s” is not known; use open or done", shown);
      return NULL;
    }
  stmt = dt_db_prepare (db,
                        "SELECT " TASK_COLUMNS " FROM tasks t "
                        "JOIN projects p ON p.id = t.project_id WHERE t.id > ?1 "
                        "AND (?2 = 0 OR p.client_id = ?2) "
                        "AND (?3 = 0 OR t.project_id = ?3) "
                        "AND (?4 IS NULL OR t.status = ?4) "
                        "AND (?5 = 0 OR t.billable = (?5 = 1)) "
                        "AND (?6 IS NULL OR t.title LIKE ?6 ESCAPE '\\' "
                        "     OR t.notes LIKE ?6 ESCAPE '\\') "
                        "ORDER BY t.id LIMIT ?7", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int64 (stmt, 3, query->project_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 4, query->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) query->billable);
  dt_store_bind_like (stmt, 6, query->text);
  sqlite3_bind_int (stmt, 7, (int) limit);

  items = dt_store_collect (db, stmt, (DtStoreRowFunc) task_from_row,
                            (GDestroyNotify) dt_task_free, "Could not list the tasks", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

gint64
dt_task_store_count_matching (DtDb              *db,
                              const DtListQuery *query,
                              gint64             before_id,
                              GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (DT_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = dt_db_prepare (db,
                        "SELECT count(*) FROM tasks WHERE (?1 = 0 OR id < ?1) "
                        "AND project_id = ?2 AND (?3 IS NULL OR status = ?3)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, before_id);
  sqlite3_bind_int64 (stmt, 2, query->project_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 3, query->status, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    dt_db_set_error (db, error, "Could not count the tasks");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_task_store_list_range (DtDb              *db,
                          const DtListQuery *query,
                          guint              offset,
                          guint              limit,
                          GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = dt_db_prepare (db,
                        "SELECT " TASK_COLUMNS " FROM tasks t "
                        "JOIN projects p ON p.id = t.project_id WHERE "
                        "t.project_id = ?1 AND (?2 IS NULL OR t.status = ?2) "
                        "ORDER BY t.id LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->project_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 2, query->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);
  return dt_store_collect (db, stmt, (DtStoreRowFunc) task_from_row,
                           (GDestroyNotify) dt_task_free, "Could not list the tasks", error);
}

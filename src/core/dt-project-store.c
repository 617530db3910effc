/* dt-project-store.c: projects, each belonging to one client. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-project-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define PROJECT_COLUMNS \
  "id, client_id, name, color, rate, budget_minutes, budget_amount, notes, archived, " \
  "created_at, updated_at, version"

DtProject *
dt_project_new (void)
{
  DtProject *project = g_new0 (DtProject, 1);

  project->name = g_strdup ("");
  project->color = g_strdup ("#3584e4");
  project->notes = g_strdup ("");
  project->rate = DT_NO_VALUE;
  project->budget_minutes = DT_NO_VALUE;
  project->budget_amount = DT_NO_VALUE;
  return project;
}

DtProject *
dt_project_copy (const DtProject *project)
{
  DtProject *copy;

  g_return_val_if_fail (project != NULL, NULL);

  copy = g_memdup2 (project, sizeof *project);
  copy->name = g_strdup (project->name);
  copy->color = g_strdup (project->color);
  copy->notes = g_strdup (project->notes);
  return copy;
}

void
dt_project_free (DtProject *project)
{
  if (project == NULL)
    return;
  g_free (project->name);
  g_free (project->color);
  g_free (project->notes);
  g_free (project);
}

static DtProject *
project_from_row (sqlite3_stmt *stmt)
{
  DtProject *project = g_new0 (DtProject, 1);

  project->id = sqlite3_column_int64 (stmt, 0);
  project->client_id = sqlite3_column_int64 (stmt, 1);
  project->name = dt_store_column_dup (stmt, 2);
  project->color = dt_store_column_dup (stmt, 3);
  project->rate = dt_store_column_opt (stmt, 4);
  project->budget_minutes = dt_store_column_opt (stmt, 5);
  project->budget_amount = dt_store_column_opt (stmt, 6);
  project->notes = dt_store_column_dup (stmt, 7);
  project->archived = sqlite3_column_int (stmt, 8) != 0;
  project->created_at = sqlite3_column_int64 (stmt, 9);
  project->updated_at = sqlite3_column_int64 (stmt, 10);
  project->version = sqlite3_column_int64 (stmt, 11);
  return project;
}

static gboolean
validate (const DtProject  *project,
          GError          **error)
{
  return dt_store_check_text ("the project name", project->name, 1, 200, error) &&
         dt_store_check_color (project->color, error) &&
         dt_store_check_text ("the notes", project->notes, 0, 10000, error) &&
         dt_store_check_optional ("the hourly rate", project->rate, error) &&
         dt_store_check_optional ("the budget in minutes", project->budget_minutes, error) &&
         dt_store_check_optional ("the budget amount", project->budget_amount, error);
}

DtProject *
dt_project_store_get (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt;
  DtProject *project = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " PROJECT_COLUMNS " FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    project = project_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                 "project %" G_GINT64_FORMAT " does not exist", id);
  else
    dt_db_set_error (db, error, "Could not read the project");
  sqlite3_reset (stmt);
  return project;
}

static gboolean
write_project (DtDb             *db,
               const DtProject  *project,
               gboolean          insert,
               gint64           *out_id,
               GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO projects (client_id, name, color, rate, budget_minutes, "
                          "budget_amount, notes, archived, updated_at, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE projects SET client_id = ?, name = ?, color = ?, rate = ?, "
                          "budget_minutes = ?, budget_amount = ?, notes = ?, archived = ?, "
                          "updated_at = max(updated_at, ?), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project->client_id);
  dt_store_bind_text (stmt, 2, project->name);
  dt_store_bind_text (stmt, 3, project->color && *project->color ? project->color : "#3584e4");
  dt_store_bind_opt (stmt, 4, project->rate);
  dt_store_bind_opt (stmt, 5, project->budget_minutes);
  dt_store_bind_opt (stmt, 6, project->budget_amount);
  dt_store_bind_text (stmt, 7, project->notes);
  sqlite3_bind_int (stmt, 8, project->archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_int64 (stmt, 10, insert ? now : project->id);
  if (!dt_store_step_done (db, stmt, "Could not save the project", error))
    return FALSE;
  *out_id = insert ? sqlite3_last_insert_rowid (dt_db_get_handle (db)) : project->id;
  dt_db_note_change (db, DT_ENTITY_PROJECT, *out_id);
  return TRUE;
}

DtProject *
dt_project_store_create (DtDb             *db,
                         const DtProject  *input,
                         GError          **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!validate (input, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_require_client (db, input->client_id, TRUE, error) ||
      !write_project (db, input, TRUE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_project_store_get (db, id, error);
}

DtProject *
dt_project_store_update (DtDb             *db,
                         const DtProject  *project,
                         gint64            expected_version,
                         GError          **error)
{
  g_autoptr(DtProject) current = NULL;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (project != NULL, NULL);

  if (!validate (project, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM projects WHERE id = ?", "project",
                               project->id, expected_version, error))
    goto fail;
  current = dt_project_store_get (db, project->id, error);
  if (current == NULL)
    goto fail;
  if (current->client_id != project->client_id)
    {
      if (!dt_store_require_client (db, project->client_id, TRUE, error))
        goto fail;
      if (dt_store_exists (db, "SELECT 1 FROM invoice_lines WHERE project_id = ? LIMIT 1",
                           project->id))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                       "project %" G_GINT64_FORMAT " has been invoiced to client %"
                       G_GINT64_FORMAT "; it cannot move to client %" G_GINT64_FORMAT,
                       project->id, current->client_id, project->client_id);
          goto fail;
        }
    }
  if (!write_project (db, project, FALSE, &id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_project_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtProject *
dt_project_store_set_archived (DtDb     *db,
                               gint64    id,
                               gboolean  archived,
                               GError  **error)
{
  g_autoptr(DtProject) project = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  project = dt_project_store_get (db, id, error);
  if (project == NULL)
    return NULL;
  project->archived = archived;
  return dt_project_store_update (db, project, project->version, error);
}

gboolean
dt_project_store_delete (DtDb    *db,
                         gint64   id,
                         GError **error)
{
  sqlite3_stmt *stmt;
  gint64 tasks, entries, lines;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM projects WHERE id = ?", "project", id, 0,
                               error))
    goto fail;
  tasks = dt_store_count (db, "SELECT count(*) FROM tasks WHERE project_id = ?", id);
  entries = dt_store_count (db, "SELECT count(*) FROM time_entries WHERE project_id = ?", id);
  lines = dt_store_count (db, "SELECT count(*) FROM invoice_lines WHERE project_id = ?", id);
  if (tasks != 0 || entries != 0 || lines != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "project %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " task(s), %"
                   G_GINT64_FORMAT " time entries and %" G_GINT64_FORMAT " invoice line(s); "
                   "its history is kept, so archive it instead of deleting it",
                   id, tasks, entries, lines);
      goto fail;
    }
  stmt = dt_db_prepare (db, "DELETE FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the project", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_PROJECT, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_project_store_list (DtDb               *db,
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
  stmt = dt_db_prepare (db,
                        "SELECT " PROJECT_COLUMNS " FROM projects WHERE id > ?1 "
                        "AND (?2 = 0 OR client_id = ?2) "
                        "AND (?3 = 2 OR archived = ?3) "
                        "AND (?4 IS NULL OR name LIKE ?4 ESCAPE '\\' OR notes LIKE ?4 ESCAPE '\\') "
                        "ORDER BY id LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int (stmt, 3, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  dt_store_bind_like (stmt, 4, query->text);
  sqlite3_bind_int (stmt, 5, (int) limit);

  items = dt_store_collect (db, stmt, (DtStoreRowFunc) project_from_row,
                            (GDestroyNotify) dt_project_free, "Could not list the projects", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

gint64
dt_project_store_count_matching (DtDb              *db,
                                 const DtListQuery *query,
                                 gint64             before_id,
                                 GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (DT_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = dt_db_prepare (db,
                        "SELECT count(*) FROM projects WHERE (?1 = 0 OR id < ?1) "
                        "AND client_id = ?2 AND (?3 = 2 OR archived = ?3)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, before_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int (stmt, 3, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    dt_db_set_error (db, error, "Could not count the projects");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_project_store_list_range (DtDb              *db,
                             const DtListQuery *query,
                             guint              offset,
                             guint              limit,
                             GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = dt_db_prepare (db,
                        "SELECT " PROJECT_COLUMNS " FROM projects WHERE "
                        "client_id = ?1 AND (?2 = 2 OR archived = ?2) "
                        "ORDER BY id LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->client_id);
  sqlite3_bind_int (stmt, 2, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);
  return dt_store_collect (db, stmt, (DtStoreRowFunc) project_from_row,
                           (GDestroyNotify) dt_project_free, "Could not list the projects", error);
}

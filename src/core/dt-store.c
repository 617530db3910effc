/* dt-store.c: helpers the entity stores share (columns, binding, checks, paging). */
#define G_LOG_DOMAIN "dt-store"

#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

char *
dt_store_column_dup (sqlite3_stmt *stmt,
                     int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return g_strdup (text ? text : "");
}

gint64
dt_store_column_id (sqlite3_stmt *stmt,
                    int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return 0;
  return sqlite3_column_int64 (stmt, col);
}

gint64
dt_store_column_opt (sqlite3_stmt *stmt,
                     int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return DT_NO_VALUE;
  return sqlite3_column_int64 (stmt, col);
}

void
dt_store_bind_id (sqlite3_stmt *stmt,
                  int           idx,
                  gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, idx, id);
  else
    sqlite3_bind_null (stmt, idx);
}

void
dt_store_bind_opt (sqlite3_stmt *stmt,
                   int           idx,
                   gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, idx, value);
  else
    sqlite3_bind_null (stmt, idx);
}

void
dt_store_bind_text (sqlite3_stmt *stmt,
                    int           idx,
                    const char   *text)
{
  sqlite3_bind_text (stmt, idx, text ? text : "", -1, SQLITE_TRANSIENT);
}

void
dt_store_bind_like (sqlite3_stmt *stmt,
                    int           idx,
                    const char   *text)
{
  GString *pattern;

  if (text == NULL || *text == '\0')
    {
      sqlite3_bind_null (stmt, idx);
      return;
    }
  pattern = g_string_new ("%");
  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  sqlite3_bind_text (stmt, idx, pattern->str, (int) pattern->len, SQLITE_TRANSIENT);
  g_string_free (pattern, TRUE);
}

gboolean
dt_store_step_done (DtDb         *db,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  dt_db_set_error (db, error, what);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
dt_store_check_version (DtDb        *db,
                        const char  *version_sql,
                        const char  *label,
                        gint64       id,
                        gint64       expected,
                        GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, version_sql, error);
  gint64 current;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "%s %" G_GINT64_FORMAT " does not exist",
                     label, id);
      else
        dt_db_set_error (db, error, "Could not read");
      sqlite3_reset (stmt);
      return FALSE;
    }
  current = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (expected != 0 && expected != current)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_PRECONDITION,
                   "%s %" G_GINT64_FORMAT " was changed meanwhile (it is at version %"
                   G_GINT64_FORMAT ", the change was made against version %" G_GINT64_FORMAT
                   "); reload it and try again", label, id, current, expected);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_store_exists (DtDb       *db,
                 const char *sql,
                 gint64      id)
{
  return dt_store_count (db, sql, id) > 0;
}

gint64
dt_store_count (DtDb       *db,
                const char *sql,
                gint64      id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_count (stmt) > 0 &&
            sqlite3_column_type (stmt, 0) == SQLITE_INTEGER ? sqlite3_column_int64 (stmt, 0) : 1;
  else
    count = 0;
  sqlite3_reset (stmt);
  return count;
}

gboolean
dt_store_check_text (const char  *field,
                     const char  *value,
                     glong        min,
                     glong        max,
                     GError     **error)
{
  glong length;

  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s is not valid UTF-8 text", field);
      return FALSE;
    }
  length = g_utf8_strlen (value, -1);
  if (min > 0 && length == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s must not be empty", field);
      return FALSE;
    }
  if (length < min || length > max)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s is %ld characters long; it must be %ld to %ld", field, length, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_store_check_optional (const char  *field,
                         gint64       value,
                         GError     **error)
{
  if (value == DT_NO_VALUE || value >= 0)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s is %" G_GINT64_FORMAT "; it must be 0 or more (or left unset)", field, value);
  return FALSE;
}

gboolean
dt_store_check_color (const char  *value,
                      GError     **error)
{
  if (value == NULL || *value == '\0')
    return TRUE;
  if (strlen (value) == 7 && value[0] == '#')
    {
      gboolean hex = TRUE;
      for (int i = 1; i < 7; i++)
        hex = hex && g_ascii_isxdigit (value[i]);
      if (hex)
        return TRUE;
    }
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "colour “%s” is not a colour; use #rrggbb, for example #3584e4", value);
  return FALSE;
}

gboolean
dt_store_check_query (const DtListQuery  *query,
                      guint              *out_limit,
                      GError            **error)
{
  guint limit = query->limit ? query->limit : DT_LIST_DEFAULT_LIMIT;

  if (limit > DT_LIST_MAX_LIMIT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "limit %u is too large; ask for at most %d at a time", query->limit,
                   DT_LIST_MAX_LIMIT);
      return FALSE;
    }
  if (query->after_id < 0 || query->client_id < 0 || query->project_id < 0 ||
      query->task_id < 0 || query->tag_id < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "ids in a filter must be positive");
      return FALSE;
    }
  if (query->from != 0 && query->to != 0 && query->to <= query->from)
    {
      g_autofree char *from = dt_time_format_iso_utc (query->from);
      g_autofree char *to = dt_time_format_iso_utc (query->to);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "to (%s) is not after from (%s)", to, from);
      return FALSE;
    }
  if (query->text != NULL && !dt_store_check_text ("the search text", query->text, 0, 200, error))
    return FALSE;
  *out_limit = limit + 1;
  return TRUE;
}

GPtrArray *
dt_store_collect (DtDb           *db,
                  sqlite3_stmt   *stmt,
                  DtStoreRowFunc  row_func,
                  GDestroyNotify  free_func,
                  const char     *what,
                  GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, row_func (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, what);
      return NULL;
    }
  return g_steal_pointer (&items);
}

void
dt_store_finish_page (GPtrArray *items,
                      guint      limit,
                      gboolean  *out_has_more)
{
  gboolean more = items->len >= limit;

  if (more)
    g_ptr_array_set_size (items, limit - 1);
  if (out_has_more != NULL)
    *out_has_more = more;
}

char *
dt_store_format_instant (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);
  g_autofree char *day = dt_time_local_date (instant);
  g_autofree char *today = dt_time_local_date (dt_time_now ());

  if (g_str_equal (day, today))
    return g_date_time_format (dt, "%H:%M");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

gboolean
dt_store_require_client (DtDb     *db,
                         gint64    client_id,
                         gboolean  active,
                         GError  **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT archived FROM clients WHERE id = ?", error);
  int rc;
  gboolean archived;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  archived = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "client %" G_GINT64_FORMAT " does not exist", client_id);
      return FALSE;
    }
  if (active && archived)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "client %" G_GINT64_FORMAT " is archived; restore it first", client_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_store_require_project (DtDb     *db,
                          gint64    project_id,
                          gboolean  active,
                          gint64   *out_client_id,
                          GError  **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "SELECT p.client_id, p.archived, c.archived FROM projects p "
                                      "JOIN clients c ON c.id = p.client_id WHERE p.id = ?",
                                      error);
  int rc;
  gboolean archived = FALSE, client_archived = FALSE;
  gint64 client_id = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      client_id = sqlite3_column_int64 (stmt, 0);
      archived = sqlite3_column_int (stmt, 1) != 0;
      client_archived = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "project %" G_GINT64_FORMAT " does not exist", project_id);
      return FALSE;
    }
  if (active && (archived || client_archived))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   archived ? "project %" G_GINT64_FORMAT " is archived; restore it first"
                            : "project %" G_GINT64_FORMAT " belongs to an archived client; "
                              "restore the client first",
                   project_id);
      return FALSE;
    }
  if (out_client_id != NULL)
    *out_client_id = client_id;
  return TRUE;
}

gboolean
dt_store_require_task (DtDb     *db,
                       gint64    task_id,
                       gint64    project_id,
                       GError  **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT project_id FROM tasks WHERE id = ?", error);
  gint64 owner = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    owner = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "task %" G_GINT64_FORMAT " does not exist", task_id);
      return FALSE;
    }
  if (project_id != 0 && owner != project_id)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "task %" G_GINT64_FORMAT " belongs to project %" G_GINT64_FORMAT
                   ", not project %" G_GINT64_FORMAT, task_id, owner, project_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_store_require_tag (DtDb     *db,
                      gint64    tag_id,
                      GError  **error)
{
  if (tag_id > 0 && dt_store_exists (db, "SELECT 1 FROM tags WHERE id = ?", tag_id))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "tag %" G_GINT64_FORMAT " does not exist",
               tag_id);
  return FALSE;
}

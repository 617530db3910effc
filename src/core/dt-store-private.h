/* dt-store-private.h: helpers the entity stores share (columns, binding, checks, paging). */
#pragma once

#include <sqlite3.h>

#include "dt-db.h"
#include "dt-error.h"
#include "dt-store.h"

G_BEGIN_DECLS

/* Text column as a new string; "" for NULL. */
char     *dt_store_column_dup      (sqlite3_stmt *stmt,
                                    int           col);
/* Integer column; 0 (ids) or DT_NO_VALUE (optional numbers) for NULL. */
gint64    dt_store_column_id       (sqlite3_stmt *stmt,
                                    int           col);
gint64    dt_store_column_opt      (sqlite3_stmt *stmt,
                                    int           col);
/* Binds NULL for 0 ids, for DT_NO_VALUE, and "" for a NULL string. */
void      dt_store_bind_id         (sqlite3_stmt *stmt,
                                    int           idx,
                                    gint64        id);
void      dt_store_bind_opt        (sqlite3_stmt *stmt,
                                    int           idx,
                                    gint64        value);
void      dt_store_bind_text       (sqlite3_stmt *stmt,
                                    int           idx,
                                    const char   *text);
/* Binds the LIKE pattern "%text%" with % _ \ escaped (ESCAPE '\'), or NULL for no filter. */
void      dt_store_bind_like       (sqlite3_stmt *stmt,
                                    int           idx,
                                    const char   *text);

/* Steps a statement that returns no rows; sets @error (prefixed by @what) on failure. */
gboolean  dt_store_step_done       (DtDb         *db,
                                    sqlite3_stmt *stmt,
                                    const char   *what,
                                    GError      **error);

/* Reads the version of @table row @id (a static table name); NOT_FOUND naming @label
 * ("client 4 does not exist") when missing, PRECONDITION when @expected is not 0 and
 * differs. */
gboolean  dt_store_check_version   (DtDb         *db,
                                    const char   *version_sql,
                                    const char   *label,
                                    gint64        id,
                                    gint64        expected,
                                    GError      **error);
/* TRUE when a row exists for the one-parameter query @sql bound to @id. */
gboolean  dt_store_exists          (DtDb         *db,
                                    const char   *sql,
                                    gint64        id);
/* Counts rows for the one-parameter query @sql bound to @id; -1 on error. */
gint64    dt_store_count           (DtDb         *db,
                                    const char   *sql,
                                    gint64        id);

/* References: NOT_FOUND "client 42 does not exist"; with @active, CONFLICT when archived.
 * dt_store_require_project returns the project's client in @out_client_id (nullable);
 * dt_store_require_task checks the task belongs to @project_id (when not 0): INVALID
 * "task 7 belongs to project 2, not project 5". */
gboolean  dt_store_require_client  (DtDb         *db,
                                    gint64        client_id,
                                    gboolean      active,
                                    GError      **error);
gboolean  dt_store_require_project (DtDb         *db,
                                    gint64        project_id,
                                    gboolean      active,
                                    gint64       *out_client_id,
                                    GError      **error);
gboolean  dt_store_require_task    (DtDb         *db,
                                    gint64        task_id,
                                    gint64        project_id,
                                    GError      **error);
gboolean  dt_store_require_tag     (DtDb         *db,
                                    gint64        tag_id,
                                    GError      **error);

/* Text fields: valid UTF-8, between @min and @max characters, naming @field otherwise. */
gboolean  dt_store_check_text      (const char   *field,
                                    const char   *value,
                                    glong         min,
                                    glong         max,
                                    GError      **error);
gboolean  dt_store_check_optional  (const char   *field,
                                    gint64        value,
                                    GError      **error);
gboolean  dt_store_check_color     (const char   *value,
                                    GError      **error);

/* Validates the page part of @query, and returns the row limit to fetch (limit + 1, so the
 * caller can tell whether there is more). */
gboolean  dt_store_check_query     (const DtListQuery *query,
                                    guint             *out_limit,
                                    GError           **error);
/* Drops the extra row fetched by a page query and reports whether there was one. */
/* Steps @stmt to the end, turning each row into an item with @row_func; the array frees items
 * with @free_func. NULL with @error ("@what: …") when SQLite fails. Resets @stmt. */
typedef gpointer (*DtStoreRowFunc) (sqlite3_stmt *stmt);
GPtrArray *dt_store_collect        (DtDb           *db,
                                    sqlite3_stmt   *stmt,
                                    DtStoreRowFunc  row_func,
                                    GDestroyNotify  free_func,
                                    const char     *what,
                                    GError        **error);
void      dt_store_finish_page     (GPtrArray    *items,
                                    guint         limit,
                                    gboolean     *out_has_more);

/* "09:30" for an instant today, else "2026-11-27 09:30" (local time), for messages. */
char     *dt_store_format_instant  (gint64        instant);

G_END_DECLS

/* dt-tag-store.c: tags, attached to time entries (many to many). */
#define G_LOG_DOMAIN "dt-store"

#include "dt-tag-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define TAG_COLUMNS "id, name, color, created_at, updated_at, version"

DtTag *
dt_tag_new (void)
{
  DtTag *tag = g_new0 (DtTag, 1);

  tag->name = g_strdup ("");
  tag->color = g_strdup ("");
  return tag;
}

void
dt_tag_free (DtTag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->name);
  g_free (tag->color);
  g_free (tag);
}

static DtTag *
tag_from_row (sqlite3_stmt *stmt)
{
  DtTag *tag = g_new0 (DtTag, 1);

  tag->id = sqlite3_column_int64 (stmt, 0);
  tag->name = dt_store_column_dup (stmt, 1);
  tag->color = dt_store_column_dup (stmt, 2);
  tag->created_at = sqlite3_column_int64 (stmt, 3);
  tag->updated_at = sqlite3_column_int64 (stmt, 4);
  tag->version = sqlite3_column_int64 (stmt, 5);
  return tag;
}

DtTag *
dt_tag_store_get (DtDb    *db,
                  gint64   id,
                  GError **error)
{
  sqlite3_stmt *stmt;
  DtTag *tag = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " TAG_COLUMNS " FROM tags WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    tag = tag_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "tag %" G_GINT64_FORMAT " does not exist", id);
  else
    dt_db_set_error (db, error, "Could not read the tag");
  sqlite3_reset (stmt);
  return tag;
}

static gboolean
write_tag (DtDb         *db,
           const DtTag  *tag,
           gboolean      insert,
           gint64       *out_id,
           GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gint64 other = 0;

  if (!dt_store_check_text ("the tag name", tag->name, 1, 100, error) ||
      !dt_store_check_color (tag->color, error))
    return FALSE;

  stmt = dt_db_prepare (db, "SELECT id FROM tags WHERE name = ? COLLATE NOCASE", error);
  if (stmt == NULL)
    return FALSE;
  dt_store_bind_text (stmt, 1, tag->name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (other != 0 && (insert || other != tag->id))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "a tag named “%s” already exists (tag %" G_GINT64_FORMAT ")", tag->name, other);
      return FALSE;
    }

  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO tags (name, color, updated_at, created_at) VALUES (?, ?, ?, ?)"
                        : "UPDATE tags SET name = ?, color = ?, updated_at = max(updated_at, ?), "
                          "version = version + 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  dt_store_bind_text (stmt, 1, tag->name);
  dt_store_bind_text (stmt, 2, tag->color);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, insert ? now : tag->id);
  if (!dt_store_step_done (db, stmt, "Could not save the tag", error))
    return FALSE;
  *out_id = insert ? sqlite3_last_insert_rowid (dt_db_get_handle (db)) : tag->id;
  dt_db_note_change (db, DT_ENTITY_TAG, *out_id);
  return TRUE;
}

DtTag *
dt_tag_store_create (DtDb         *db,
                     const DtTag  *input,
                     GError      **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!write_tag (db, input, TRUE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_tag_store_get (db, id, error);
}

DtTag *
dt_tag_store_update (DtDb         *db,
                     const DtTag  *tag,
                     gint64        expected_version,
                     GError      **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (tag != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM tags WHERE id = ?", "tag", tag->id,
                               expected_version, error) ||
      !write_tag (db, tag, FALSE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_tag_store_get (db, id, error);
}

gboolean
dt_tag_store_delete (DtDb    *db,
                     gint64   id,
                     GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM tags WHERE id = ?", "tag", id, 0, error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM tags WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the tag", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_TAG, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_tag_store_list (DtDb               *db,
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
                        "SELECT " TAG_COLUMNS " FROM tags WHERE id > ?1 "
                        "AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\') ORDER BY id LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  dt_store_bind_like (stmt, 2, query->text);
  sqlite3_bind_int (stmt, 3, (int) limit);
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) tag_from_row,
                            (GDestroyNotify) dt_tag_free, "Could not list the tags", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

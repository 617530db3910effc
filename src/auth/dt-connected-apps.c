/* dt-connected-apps.c: listing and revoking apps' access. */
#define G_LOG_DOMAIN "dt-auth"

#include "dt-audit.h"
#include "dt-connected-apps.h"
#include "dt-error.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"

static void
set_time (JsonObject   *object,
          const char   *name,
          sqlite3_stmt *stmt,
          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, column));
}

static JsonArray *
list_grants (DtDb   *db,
             gint64  client_row)
{
  JsonArray *grants = json_array_new ();
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT id, target, scopes, approved_at, approved_via, "
                                          "last_used_at FROM grants WHERE client_id = ?1 AND "
                                          "revoked_at IS NULL ORDER BY id", NULL);

  if (stmt == NULL)
    return grants;
  sqlite3_bind_int64 (stmt, 1, client_row);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *grant = json_object_new ();

      json_object_set_int_member (grant, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (grant, "target", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (grant, "scopes", (const char *) sqlite3_column_text (stmt, 2));
      set_time (grant, "approved_at", stmt, 3);
      json_object_set_string_member (grant, "approved_via",
                                     (const char *) sqlite3_column_text (stmt, 4));
      set_time (grant, "last_used_at", stmt, 5);
      json_array_add_object_element (grants, grant);
    }
  sqlite3_reset (stmt);
  return grants;
}

JsonArray *
dt_connected_apps_list (DtDb    *db,
                        guint    recent_events,
                        GError **error)
{
  g_autoptr(JsonArray) apps = json_array_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT id, client_id, name, kind, created_at, approved_at, "
                            "last_used_at FROM oauth_clients c WHERE kind = 'private' OR EXISTS "
                            "(SELECT 1 FROM grants g WHERE g.client_id = c.id AND "
                            "g.revoked_at IS NULL) ORDER BY coalesce (last_used_at, approved_at, "
                            "created_at) DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *app = json_object_new ();

      json_object_set_int_member (app, "row", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (app, "client_id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (app, "name", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (app, "kind", (const char *) sqlite3_column_text (stmt, 3));
      set_time (app, "created_at", stmt, 4);
      set_time (app, "approved_at", stmt, 5);
      set_time (app, "last_used_at", stmt, 6);
      json_array_add_object_element (apps, app);
    }
  sqlite3_reset (stmt);

  /* Second pass: the cached statements above may not be stepped while this one is open. */
  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      JsonObject *app = json_array_get_object_element (apps, i);
      gint64 row = json_object_get_int_member (app, "row");
      const char *client_id = json_object_get_string_member (app, "client_id");

      json_object_remove_member (app, "row");
      json_object_set_array_member (app, "grants", list_grants (db, row));
      json_object_set_array_member (app, "recent", dt_audit_recent (db, client_id,
                                                                    recent_events));
    }
  return g_steal_pointer (&apps);
}

gboolean
dt_connected_apps_revoke (DtDb        *db,
                          const char  *client_id,
                          const char  *via,
                          GError     **error)
{
  g_autoptr(DtOAuthClient) client = NULL;
  g_autoptr(GArray) grant_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  client = dt_oauth_client_lookup (db, client_id, error);
  if (client == NULL)
    return FALSE;

  stmt = dt_db_prepare (db, "SELECT id FROM grants WHERE client_id = ?1 AND revoked_at IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (grant_ids, id);
    }
  sqlite3_reset (stmt);

  detail = g_strdup_printf ("revoked by the user (%s)", via != NULL ? via : "unknown");
  for (guint i = 0; i < grant_ids->len; i++)
    {
      gint64 id = g_array_index (grant_ids, gint64, i);
      if (!dt_grant_revoke (db, id, error))
        return FALSE;
      dt_audit_append (db, &(DtAuditEntry) { .event = "grant.revoked", .client_id = client_id,
                                             .client_name = client->name, .grant_id = id,
                                             .detail = detail });
    }
  return TRUE;
}

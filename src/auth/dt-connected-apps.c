/* dt-connected-apps.c: listing and revoking apps' access, and whether their sensitive actions
 * need the user's confirmation. */
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
list_grants (DtDb     *db,
             gint64    client_row,
             gboolean *out_confirm)
{
  JsonArray *grants = json_array_new ();
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT id, target, scopes, approved_at, approved_via, "
                                          "last_used_at, confirm_sensitive FROM grants "
                                          "WHERE client_id = ?1 AND revoked_at IS NULL "
                                          "ORDER BY id", NULL);

  *out_confirm = TRUE;

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
      json_object_set_boolean_member (grant, "confirm_sensitive",
                                      sqlite3_column_int (stmt, 6) != 0);
      /* One grant acting without asking is what the user must be told about. */
      if (sqlite3_column_int (stmt, 6) == 0)
        *out_confirm = FALSE;
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
      gboolean confirm = TRUE;
      JsonArray *grants = list_grants (db, row, &confirm);

      json_object_remove_member (app, "row");
      json_object_set_boolean_member (app, "confirm_sensitive", confirm);
      json_object_set_array_member (app, "grants", grants);
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
  dt_db_note_change (db, DT_ENTITY_CONNECTED_APP, client->id);
  return TRUE;
}

/* The part of dt_connected_apps_set_confirm_sensitive inside its transaction. */
static gboolean
set_confirm_sensitive (DtDb                *db,
                       const DtOAuthClient *client,
                       const char          *target,
                       gboolean             confirm,
                       const char          *via,
                       GError             **error)
{
  g_autoptr(GArray) grants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  guint live = 0;

  stmt = dt_db_prepare (db, "SELECT id, target, confirm_sensitive FROM grants "
                            "WHERE client_id = ?1 AND revoked_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *grant_target = (const char *) sqlite3_column_text (stmt, 1);

      if (target != NULL && g_strcmp0 (grant_target, target) != 0)
        continue;
      live++;
      /* Only the grants that change are written and audited. */
      if ((sqlite3_column_int (stmt, 2) != 0) == (confirm != FALSE))
        continue;
      g_array_append_val (grants, id);
      g_ptr_array_add (targets, g_strdup (grant_target));
    }
  sqlite3_reset (stmt);
  if (live == 0)
    {
      DtTarget wanted;

      if (target != NULL && dt_target_from_string (target, &wanted))
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "The app “%s” has no access to the %s (revoked or never given)",
                     client->client_id, dt_target_label (wanted));
      else
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "The app “%s” has no access left (revoked or never given)",
                     client->client_id);
      return FALSE;
    }

  detail = g_strdup_printf (confirm ? "confirmation of sensitive actions turned on by the user "
                                      "(%s)"
                                    : "confirmation of sensitive actions turned off by the user "
                                      "(%s)", via != NULL ? via : "unknown");
  for (guint i = 0; i < grants->len; i++)
    {
      gint64 id = g_array_index (grants, gint64, i);

      stmt = dt_db_prepare (db, "UPDATE grants SET confirm_sensitive = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, confirm ? 1 : 0);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          dt_db_set_error (db, error, "Could not change the app's confirmations");
          sqlite3_reset (stmt);
          return FALSE;
        }
      sqlite3_reset (stmt);
      dt_audit_append (db, &(DtAuditEntry) { .event = confirm ? "grant.confirm_on"
                                                              : "grant.confirm_off",
                                             .client_id = client->client_id,
                                             .client_name = client->name, .grant_id = id,
                                             .target = g_ptr_array_index (targets, i),
                                             .detail = detail });
    }
  if (grants->len > 0)
    dt_db_note_change (db, DT_ENTITY_CONNECTED_APP, client->id);
  return TRUE;
}

gboolean
dt_connected_apps_set_confirm_sensitive (DtDb        *db,
                                         const char  *client_id,
                                         const char  *target,
                                         gboolean     confirm,
                                         const char  *via,
                                         GError     **error)
{
  g_autoptr(DtOAuthClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  DtTarget wanted = DT_TARGET_API;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (client_id != NULL, FALSE);

  if (target != NULL && !dt_target_from_string (target, &wanted))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s” is not a target; use “api” or “mcp”", target);
      return FALSE;
    }
  client = dt_oauth_client_lookup (db, client_id, &local_error);
  if (client == NULL)
    {
      if (!g_error_matches (local_error, DT_ERROR, DT_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "There is no app “%s”; “doubletime apps list” shows the connected apps",
                     client_id);
      return FALSE;
    }

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!set_confirm_sensitive (db, client, target != NULL ? dt_target_to_string (wanted) : NULL,
                              confirm, via, error))
    {
      dt_db_rollback (db);
      return FALSE;
    }
  return dt_db_commit (db, error);
}

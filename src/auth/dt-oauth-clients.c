/* dt-oauth-clients.c: registration (RFC 7591), private apps, lookups and expiry. */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-audit.h"
#include "dt-error.h"
#include "dt-oauth-clients.h"
#include "dt-redirect.h"
#include "dt-time.h"

void
dt_oauth_client_free (DtOAuthClient *client)
{
  if (client == NULL)
    return;
  g_free (client->client_id);
  g_free (client->name);
  g_strfreev (client->redirect_uris);
  g_strfreev (client->scopes);
  g_free (client->metadata);
  memset (client->secret_hash, 0, sizeof client->secret_hash);
  g_free (client);
}

static GStrv
strv_from_json_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL))
    {
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *array = json_node_get_array (root);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              const char *s = json_array_get_string_element (array, i);
              if (s != NULL)
                g_strv_builder_add (builder, s);
            }
        }
    }
  return g_strv_builder_end (builder);
}

static char *
strv_to_json_text (const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

#define CLIENT_COLUMNS \
  "id, client_id, kind, name, secret_hash, redirect_uris, metadata, target, scopes, " \
  "created_at, approved_at, last_used_at"

static DtOAuthClient *
client_from_row (sqlite3_stmt *stmt)
{
  DtOAuthClient *client = g_new0 (DtOAuthClient, 1);
  const char *target = (const char *) sqlite3_column_text (stmt, 7);

  client->id = sqlite3_column_int64 (stmt, 0);
  client->client_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  client->is_private = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "private") == 0;
  client->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  if (sqlite3_column_bytes (stmt, 4) == DT_AUTH_HASH_LEN)
    {
      memcpy (client->secret_hash, sqlite3_column_blob (stmt, 4), DT_AUTH_HASH_LEN);
      client->has_secret = TRUE;
    }
  client->redirect_uris = strv_from_json_text ((const char *) sqlite3_column_text (stmt, 5));
  client->metadata = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  if (target != NULL)
    dt_target_from_string (target, &client->target);
  client->scopes = dt_scopes_parse ((const char *) sqlite3_column_text (stmt, 8), NULL);
  if (client->scopes == NULL)
    client->scopes = g_new0 (char *, 1);
  client->created_at = sqlite3_column_int64 (stmt, 9);
  client->approved_at = sqlite3_column_int64 (stmt, 10);
  client->last_used_at = sqlite3_column_int64 (stmt, 11);
  return client;
}

DtOAuthClient *
dt_oauth_client_lookup (DtDb        *db,
                        const char  *client_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  DtOAuthClient *client = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "No client_id was given");
      return NULL;
    }
  stmt = dt_db_prepare (db, "SELECT " CLIENT_COLUMNS " FROM oauth_clients WHERE client_id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    client = client_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "There is no client “%s”", client_id);
  else
    dt_db_set_error (db, error, "Could not look up a client");
  sqlite3_reset (stmt);
  return client;
}

static guint
count_unapproved (DtDb *db)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT count(*) FROM oauth_clients "
                                          "WHERE approved_at IS NULL AND kind = 'public'", NULL);
  guint n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

static gboolean
metadata_fail (const char **out_oauth_error,
               const char  *oauth_error,
               GError     **error,
               const char  *format,
               ...) G_GNUC_PRINTF (4, 5);

static gboolean
metadata_fail (const char **out_oauth_error,
               const char  *oauth_error,
               GError     **error,
               const char  *format,
               ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL && *error == NULL)
    *error = g_error_new_valist (DT_ERROR, DT_ERROR_INVALID, format, args);
  va_end (args);
  if (out_oauth_error != NULL)
    *out_oauth_error = oauth_error;
  return FALSE;
}

/* Optional string members kept as they are (RFC 7591 §2), for display and the response. */
static const char *const kept_strings[] = {
  "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version",
  "application_type", "scope", NULL
};

static gboolean
validate_metadata (JsonObject    *object,
                   GStrvBuilder  *redirects,
                   JsonObject    *kept,
                   char         **out_name,
                   const char   **out_oauth_error,
                   GError       **error)
{
  JsonNode *node;
  const char *method;

  /* redirect_uris: required, 1..N strings, each acceptable. */
  node = json_object_get_member (object, "redirect_uris");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return metadata_fail (out_oauth_error, "invalid_redirect_uri", error,
                          "redirect_uris must be a non-empty array of URIs");
  if (json_array_get_length (json_node_get_array (node)) > DT_REDIRECT_MAX_COUNT)
    return metadata_fail (out_oauth_error, "invalid_redirect_uri", error,
                          "At most %d redirect URIs can be registered", DT_REDIRECT_MAX_COUNT);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return metadata_fail (out_oauth_error, "invalid_redirect_uri", error,
                              "redirect_uris must contain strings only");
      if (!dt_redirect_uri_valid (json_node_get_string (element), &local_error))
        return metadata_fail (out_oauth_error, "invalid_redirect_uri", error, "%s",
                              local_error->message);
      g_strv_builder_add (redirects, json_node_get_string (element));
    }

  /* Only public clients register themselves: a secret comes from a private app. */
  node = json_object_get_member (object, "token_endpoint_auth_method");
  method = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  if (node != NULL && g_strcmp0 (method, "none") != 0)
    return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                          "Only public clients (token_endpoint_auth_method “none”, with PKCE) "
                          "can register; apps that need a secret are created by the user in "
                          "DoubleTime as private apps");

  node = json_object_get_member (object, "grant_types");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "grant_types must be an array");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          const char *g = json_array_get_string_element (json_node_get_array (node), i);
          if (g_strcmp0 (g, "authorization_code") != 0 && g_strcmp0 (g, "refresh_token") != 0)
            return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                                  "The grant type “%s” is not available to registered clients; "
                                  "use authorization_code and refresh_token",
                                  g != NULL ? g : "(not a string)");
        }
    }

  node = json_object_get_member (object, "response_types");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "response_types must be an array");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          const char *r = json_array_get_string_element (json_node_get_array (node), i);
          if (g_strcmp0 (r, "code") != 0)
            return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                                  "The response type “%s” is not supported; use “code”",
                                  r != NULL ? r : "(not a string)");
        }
    }

  node = json_object_get_member (object, "client_name");
  if (node != NULL)
    {
      const char *name;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "client_name must be a string");
      name = json_node_get_string (node);
      if (g_utf8_strlen (name, -1) > DT_OAUTH_MAX_NAME_LEN)
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "client_name is longer than %d characters",
                              DT_OAUTH_MAX_NAME_LEN);
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
          return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                                "client_name contains control characters");
      *out_name = g_strstrip (g_strdup (name));
    }
  if (*out_name == NULL || **out_name == '\0')
    {
      g_free (*out_name);
      *out_name = g_strdup ("Unnamed app");
    }

  node = json_object_get_member (object, "application_type");
  if (node != NULL)
    {
      const char *type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
      if (g_strcmp0 (type, "native") != 0 && g_strcmp0 (type, "web") != 0)
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "application_type must be “native” or “web”");
    }

  for (guint i = 0; kept_strings[i] != NULL; i++)
    {
      node = json_object_get_member (object, kept_strings[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          strlen (json_node_get_string (node)) > DT_REDIRECT_MAX_LEN)
        return metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                              "%s must be a string of at most %d characters", kept_strings[i],
                              DT_REDIRECT_MAX_LEN);
      /* A requested scope is only a hint: keep it when we know every scope in it. */
      if (g_str_equal (kept_strings[i], "scope"))
        {
          g_auto(GStrv) parsed = dt_scopes_parse (json_node_get_string (node), NULL);
          if (parsed == NULL)
            continue;
        }
      json_object_set_string_member (kept, kept_strings[i], json_node_get_string (node));
    }
  return TRUE;
}

DtOAuthClient *
dt_oauth_client_register (DtDb         *db,
                          JsonNode     *metadata,
                          const char  **out_oauth_error,
                          GError      **error)
{
  g_autoptr(GStrvBuilder) redirect_builder = g_strv_builder_new ();
  g_autoptr(JsonObject) kept = json_object_new ();
  g_autoptr(JsonNode) kept_node = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) redirects = NULL;
  g_autofree char *name = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *redirects_text = NULL;
  g_autofree char *kept_text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    {
      metadata_fail (out_oauth_error, "invalid_client_metadata", error,
                     "The registration must be a JSON object");
      return NULL;
    }
  if (!validate_metadata (json_node_get_object (metadata), redirect_builder, kept, &name,
                          out_oauth_error, error))
    return NULL;

  dt_oauth_clients_expire (db, dt_time_now () - DT_OAUTH_UNAPPROVED_TTL);
  if (count_unapproved (db) >= DT_OAUTH_MAX_UNAPPROVED)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_RATE_LIMITED,
                   "Too many apps have registered without being approved; try again later");
      return NULL;
    }

  redirects = g_strv_builder_end (redirect_builder);
  redirects_text = strv_to_json_text ((const char * const *) redirects);
  json_node_set_object (kept_node, kept);
  kept_text = json_to_string (kept_node, FALSE);
  client_id = dt_auth_random_token ("dtc_", 16);

  stmt = dt_db_prepare (db,
                        "INSERT INTO oauth_clients (client_id, kind, name, redirect_uris, metadata, "
                        "created_at) VALUES (?1, 'public', ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, redirects_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kept_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not register the client");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  dt_audit_append (db, &(DtAuditEntry) { .event = "client.registered", .client_id = client_id,
                                         .client_name = name, .detail = redirects_text });
  return dt_oauth_client_lookup (db, client_id, error);
}

JsonNode *
dt_oauth_client_registration_response (const DtOAuthClient *client)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *kept = NULL;

  if (client->metadata != NULL && json_parser_load_from_data (parser, client->metadata, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    kept = json_node_get_object (json_parser_get_root (parser));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, client->client_id);
  json_builder_set_member_name (builder, "client_id_issued_at");
  json_builder_add_int_value (builder, client->created_at);
  json_builder_set_member_name (builder, "client_name");
  json_builder_add_string_value (builder, client->name);
  json_builder_set_member_name (builder, "redirect_uris");
  json_builder_begin_array (builder);
  for (guint i = 0; client->redirect_uris[i] != NULL; i++)
    json_builder_add_string_value (builder, client->redirect_uris[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "grant_types");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "authorization_code");
  json_builder_add_string_value (builder, "refresh_token");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "response_types");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "code");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "token_endpoint_auth_method");
  json_builder_add_string_value (builder, "none");
  for (guint i = 0; kept != NULL && kept_strings[i] != NULL; i++)
    if (json_object_has_member (kept, kept_strings[i]))
      {
        json_builder_set_member_name (builder, kept_strings[i]);
        json_builder_add_string_value (builder,
                                       json_object_get_string_member (kept, kept_strings[i]));
      }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

DtOAuthClient *
dt_oauth_client_create_private (DtDb               *db,
                                const char         *name,
                                DtTarget            target,
                                const char * const *scopes,
                                char              **out_secret,
                                gint64             *out_grant_id,
                                GError            **error)
{
  g_auto(GStrv) normalised = NULL;
  g_autofree char *scopes_text = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *clean_name = NULL;
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gint64 row, grant;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (out_secret != NULL, NULL);

  clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*clean_name == '\0' || g_utf8_strlen (clean_name, -1) > DT_OAUTH_MAX_NAME_LEN)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "A private app needs a name of 1 to %d characters", DT_OAUTH_MAX_NAME_LEN);
      return NULL;
    }
  normalised = dt_scopes_normalize (scopes, error);
  if (normalised == NULL)
    return NULL;
  if (normalised[0] == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "A private app needs at least one scope, such as clients:read");
      return NULL;
    }
  scopes_text = dt_scopes_to_string ((const char * const *) normalised);
  client_id = dt_auth_random_token ("dtp_", 16);
  secret = dt_auth_random_token ("dt_cs_", 32);
  dt_auth_hash (secret, hash);

  if (!dt_db_begin (db, error))
    return NULL;
  stmt = dt_db_prepare (db,
                        "INSERT INTO oauth_clients (client_id, kind, name, secret_hash, target, "
                        "scopes, created_at, approved_at) VALUES (?1, 'private', ?2, ?3, ?4, ?5, "
                        "?6, ?6)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, dt_target_to_string (target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, scopes_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not create the private app");
      sqlite3_reset (stmt);
      goto failed;
    }
  sqlite3_reset (stmt);
  row = sqlite3_last_insert_rowid (dt_db_get_handle (db));

  stmt = dt_db_prepare (db,
                        "INSERT INTO grants (client_id, target, scopes, approved_at, approved_via) "
                        "VALUES (?1, ?2, ?3, ?4, 'private')", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_text (stmt, 2, dt_target_to_string (target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, scopes_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not create the private app");
      sqlite3_reset (stmt);
      goto failed;
    }
  sqlite3_reset (stmt);
  grant = sqlite3_last_insert_rowid (dt_db_get_handle (db));

  dt_audit_append (db, &(DtAuditEntry) { .event = "client.created", .client_id = client_id,
                                         .client_name = clean_name, .grant_id = grant,
                                         .target = dt_target_to_string (target),
                                         .scopes = scopes_text,
                                         .detail = "private app created by the user" });
  if (!dt_db_commit (db, error))
    return NULL;

  memset (hash, 0, sizeof hash);
  if (out_grant_id != NULL)
    *out_grant_id = grant;
  *out_secret = g_steal_pointer (&secret);
  return dt_oauth_client_lookup (db, client_id, error);

failed:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_oauth_client_check_secret (const DtOAuthClient *client,
                              const char          *secret)
{
  guint8 hash[DT_AUTH_HASH_LEN];
  gboolean ok;

  if (client == NULL || !client->has_secret || secret == NULL)
    return FALSE;
  /* Hashes have a fixed length, so comparing them leaks nothing about the secret's length. */
  dt_auth_hash (secret, hash);
  ok = dt_auth_equal (hash, client->secret_hash, DT_AUTH_HASH_LEN);
  memset (hash, 0, sizeof hash);
  return ok;
}

static void
update_client_time (DtDb       *db,
                    const char *sql,
                    gint64      id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, dt_time_now ());
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

void
dt_oauth_client_mark_approved (DtDb   *db,
                               gint64  id)
{
  update_client_time (db, "UPDATE oauth_clients SET approved_at = coalesce (approved_at, ?1) "
                          "WHERE id = ?2", id);
}

void
dt_oauth_client_touch (DtDb   *db,
                       gint64  id)
{
  update_client_time (db, "UPDATE oauth_clients SET last_used_at = ?1 WHERE id = ?2", id);
}

guint
dt_oauth_clients_expire (DtDb   *db,
                         gint64  before)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (DT_IS_DB (db), 0);

  stmt = dt_db_prepare (db, "DELETE FROM oauth_clients WHERE kind = 'public' AND "
                            "approved_at IS NULL AND created_at < ?1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, before);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    n = (guint) sqlite3_changes (dt_db_get_handle (db));
  sqlite3_reset (stmt);
  if (n > 0)
    g_debug ("Forgot %u registrations that were never approved", n);
  return n;
}

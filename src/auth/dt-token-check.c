/* dt-token-check.c: bearer token validation with RFC 6750 challenges. */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-audit.h"
#include "dt-auth-crypto.h"
#include "dt-token-check.h"
#include "dt-time.h"

/* last_used is for people ("used 3 minutes ago"): one write a minute per grant is plenty. */
#define LAST_USED_GRANULARITY 60

void
dt_principal_free (DtPrincipal *principal)
{
  if (principal == NULL)
    return;
  g_free (principal->client_id);
  g_free (principal->client_name);
  g_strfreev (principal->scopes);
  g_free (principal);
}

gboolean
dt_principal_has_scope (const DtPrincipal *principal,
                        const char        *scope)
{
  g_return_val_if_fail (principal != NULL, FALSE);
  return dt_scopes_contains ((const char * const *) principal->scopes, scope);
}

void
dt_auth_challenge_free (DtAuthChallenge *challenge)
{
  if (challenge == NULL)
    return;
  g_free (challenge->www_authenticate);
  g_free (challenge->error);
  g_free (challenge->error_description);
  g_free (challenge);
}

static DtAuthChallenge *
challenge_new (guint       status,
               const char *error,
               const char *description,
               const char *scope,
               const char *base_url,
               DtTarget    target)
{
  DtAuthChallenge *challenge = g_new0 (DtAuthChallenge, 1);
  g_autoptr(GString) header = g_string_new ("Bearer ");
  g_autofree char *all_scopes = NULL;

  /* With no particular scope needed, suggest them all: MCP clients take the 401's scope as
   * what to ask for, the user narrows it in the consent dialog, and step-up later is broken
   * in the MCP SDK 1.32 while it holds a refresh token (MCP.md pitfall 8). */
  if (scope == NULL)
    scope = all_scopes = dt_scopes_all_string ();

  challenge->status = status;
  challenge->error = g_strdup (error);
  challenge->error_description = g_strdup (description);
  if (error != NULL)
    g_string_append_printf (header, "error=\"%s\", ", error);
  g_string_append_printf (header, "scope=\"%s\", resource_metadata=\"%s/.well-known/"
                          "oauth-protected-resource%s\"", scope, base_url,
                          dt_target_path (target));
  if (description != NULL)
    g_string_append_printf (header, ", error_description=\"%s\"", description);
  challenge->www_authenticate = g_string_free (g_steal_pointer (&header), FALSE);
  return challenge;
}

static void
touch_grant (DtDb   *db,
             gint64  grant_id,
             gint64  client_row)
{
  gint64 now = dt_time_now ();
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db, "UPDATE grants SET last_used_at = ?1 WHERE id = ?2 AND "
                            "(last_used_at IS NULL OR last_used_at < ?3)", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, grant_id);
  sqlite3_bind_int64 (stmt, 3, now - LAST_USED_GRANULARITY);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (sqlite3_changes (dt_db_get_handle (db)) == 0)
    return;
  stmt = dt_db_prepare (db, "UPDATE oauth_clients SET last_used_at = ?1 WHERE id = ?2", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, client_row);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

DtPrincipal *
dt_token_check (DtDb              *db,
                const char        *authorization,
                DtTarget           target,
                const char        *required_scope,
                const char        *base_url,
                DtAuthChallenge  **out_challenge)
{
  g_autoptr(DtPrincipal) principal = NULL;
  guint8 hash[DT_AUTH_HASH_LEN];
  const char *token;
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gint64 expires_at, revoked_at, grant_revoked, last_used;
  DtTarget token_target = DT_TARGET_API;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (out_challenge != NULL, NULL);

  *out_challenge = NULL;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      *out_challenge = challenge_new (401, NULL, NULL, required_scope, base_url, target);
      return NULL;
    }
  token = authorization + 7;
  while (*token == ' ')
    token++;
  if (!g_str_has_prefix (token, "dt_at_") || strlen (token) > 200)
    {
      *out_challenge = challenge_new (401, "invalid_token", "The access token is not valid",
                                      required_scope, base_url, target);
      return NULL;
    }

  dt_auth_hash (token, hash);
  stmt = dt_db_prepare (db, "SELECT t.id, t.grant_id, t.target, t.scopes, t.expires_at, "
                            "coalesce (t.revoked_at, 0), coalesce (g.revoked_at, 0), "
                            "g.confirm_sensitive, c.id, c.client_id, c.name, c.kind, "
                            "coalesce (g.last_used_at, 0) "
                            "FROM tokens t JOIN grants g ON g.id = t.grant_id "
                            "JOIN oauth_clients c ON c.id = g.client_id "
                            "WHERE t.token_hash = ?1 AND t.kind = 'access'", NULL);
  if (stmt == NULL)
    {
      *out_challenge = challenge_new (401, "invalid_token", "The access token could not be "
                                      "checked", required_scope, base_url, target);
      return NULL;
    }
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      *out_challenge = challenge_new (401, "invalid_token", "The access token is not valid",
                                      required_scope, base_url, target);
      return NULL;
    }
  principal = g_new0 (DtPrincipal, 1);
  principal->token_id = sqlite3_column_int64 (stmt, 0);
  principal->grant_id = sqlite3_column_int64 (stmt, 1);
  dt_target_from_string ((const char *) sqlite3_column_text (stmt, 2), &token_target);
  principal->target = token_target;
  principal->scopes = dt_scopes_parse ((const char *) sqlite3_column_text (stmt, 3), NULL);
  expires_at = sqlite3_column_int64 (stmt, 4);
  revoked_at = sqlite3_column_int64 (stmt, 5);
  grant_revoked = sqlite3_column_int64 (stmt, 6);
  principal->confirm_sensitive = sqlite3_column_int (stmt, 7) != 0;
  principal->client_row = sqlite3_column_int64 (stmt, 8);
  principal->client_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  principal->client_name = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  principal->is_private = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11),
                                     "private") == 0;
  last_used = sqlite3_column_int64 (stmt, 12);
  sqlite3_reset (stmt);

  if (principal->scopes == NULL || revoked_at != 0 || grant_revoked != 0 || expires_at <= now)
    {
      *out_challenge = challenge_new (401, "invalid_token",
                                      "The access token has expired or was revoked",
                                      required_scope, base_url, target);
      return NULL;
    }
  if (token_target != target)
    {
      /* RFC 8707 / MCP "token passthrough": a token for one server is no good at the other. */
      dt_audit_append (db, &(DtAuditEntry) { .event = "auth.failed", .outcome = "refused",
                                             .client_id = principal->client_id,
                                             .client_name = principal->client_name,
                                             .grant_id = principal->grant_id,
                                             .token_id = principal->token_id,
                                             .target = dt_target_to_string (target),
                                             .detail = "token issued for the other target" });
      *out_challenge = challenge_new (401, "invalid_token",
                                      "The access token was issued for another resource",
                                      required_scope, base_url, target);
      return NULL;
    }
  if (required_scope != NULL && !dt_principal_has_scope (principal, required_scope))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) wanted = NULL;
      g_auto(GStrv) normalised = NULL;
      g_autofree char *scope = NULL;
      g_autofree char *description = g_strdup_printf ("This needs the scope %s",
                                                      required_scope);

      /* The scope to ask for next: what the app has plus what it lacks (MCP step-up). */
      g_strv_builder_addv (builder, (const char **) principal->scopes);
      g_strv_builder_add (builder, required_scope);
      wanted = g_strv_builder_end (builder);
      normalised = dt_scopes_normalize ((const char * const *) wanted, NULL);
      scope = normalised != NULL ? dt_scopes_to_string ((const char * const *) normalised)
                                 : g_strdup (required_scope);
      *out_challenge = challenge_new (403, "insufficient_scope", description, scope, base_url,
                                      target);
      return NULL;
    }

  /* Only when the time shown would change: even an UPDATE that changes nothing takes the
   * database's write lock, on every request. */
  if (last_used < now - LAST_USED_GRANULARITY)
    touch_grant (db, principal->grant_id, principal->client_row);
  return g_steal_pointer (&principal);
}

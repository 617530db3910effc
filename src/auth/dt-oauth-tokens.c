/* dt-oauth-tokens.c: grants, single-use codes, token issue, rotation and revocation. */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-audit.h"
#include "dt-auth-crypto.h"
#include "dt-error.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"
#include "dt-time.h"

static gboolean
step_done (DtDb          *db,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
dt_grant_create (DtDb               *db,
                 gint64              client_row,
                 DtTarget            target,
                 const char * const *scopes,
                 const char         *via,
                 GError            **error)
{
  g_autofree char *text = dt_scopes_to_string (scopes);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), 0);

  stmt = dt_db_prepare (db, "INSERT INTO grants (client_id, target, scopes, approved_at, "
                            "approved_via) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, client_row);
  sqlite3_bind_text (stmt, 2, dt_target_to_string (target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, dt_time_now ());
  sqlite3_bind_text (stmt, 5, via, -1, SQLITE_TRANSIENT);
  if (!step_done (db, stmt, "Could not record the approval", error))
    return 0;
  dt_oauth_client_mark_approved (db, client_row);
  return sqlite3_last_insert_rowid (dt_db_get_handle (db));
}

gboolean
dt_grant_revoke (DtDb    *db,
                 gint64   grant_id,
                 GError **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  stmt = dt_db_prepare (db, "UPDATE grants SET revoked_at = ?1 WHERE id = ?2 AND "
                            "revoked_at IS NULL", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, grant_id);
  if (!step_done (db, stmt, "Could not revoke the app", error))
    goto failed;
  stmt = dt_db_prepare (db, "UPDATE tokens SET revoked_at = ?1 WHERE grant_id = ?2 AND "
                            "revoked_at IS NULL", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, grant_id);
  if (!step_done (db, stmt, "Could not revoke the app's tokens", error))
    goto failed;
  return dt_db_commit (db, error);

failed:
  dt_db_rollback (db);
  return FALSE;
}

char *
dt_auth_code_issue (DtDb               *db,
                    gint64              grant_id,
                    const char         *redirect_uri,
                    const char         *code_challenge,
                    DtTarget            target,
                    const char * const *scopes,
                    GError            **error)
{
  g_autofree char *code = dt_auth_random_token ("dt_ac_", 32);
  g_autofree char *text = dt_scopes_to_string (scopes);
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  dt_auth_hash (code, hash);
  stmt = dt_db_prepare (db, "INSERT INTO auth_codes (code_hash, grant_id, redirect_uri, "
                            "code_challenge, target, scopes, created_at, expires_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, grant_id);
  sqlite3_bind_text (stmt, 3, redirect_uri, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, code_challenge, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, dt_target_to_string (target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, now + DT_CODE_LIFETIME);
  if (!step_done (db, stmt, "Could not store the authorization code", error))
    return NULL;
  return g_steal_pointer (&code);
}

void
dt_auth_code_free (DtAuthCode *code)
{
  if (code == NULL)
    return;
  g_free (code->redirect_uri);
  g_free (code->code_challenge);
  g_strfreev (code->scopes);
  g_free (code);
}

static void
revoke_families_of_code (DtDb   *db,
                         gint64  code_id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "UPDATE tokens SET revoked_at = ?1 WHERE revoked_at IS NULL "
                                      "AND family_id IN (SELECT family_id FROM tokens "
                                      "WHERE code_id = ?2)", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, dt_time_now ());
  sqlite3_bind_int64 (stmt, 2, code_id);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

DtAuthCode *
dt_auth_code_redeem (DtDb        *db,
                     const char  *code,
                     gint64       client_row,
                     GError     **error)
{
  g_autoptr(DtAuthCode) result = NULL;
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gint64 expires_at, used_at, owner, grant_revoked;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "No code was given");
      return NULL;
    }
  dt_auth_hash (code, hash);

  stmt = dt_db_prepare (db, "SELECT c.id, c.grant_id, c.redirect_uri, c.code_challenge, "
                            "c.target, c.scopes, c.expires_at, coalesce (c.used_at, 0), "
                            "g.client_id, coalesce (g.revoked_at, 0) FROM auth_codes c "
                            "JOIN grants g ON g.id = c.grant_id WHERE c.code_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The authorization code is not valid");
      return NULL;
    }
  result = g_new0 (DtAuthCode, 1);
  result->id = sqlite3_column_int64 (stmt, 0);
  result->grant_id = sqlite3_column_int64 (stmt, 1);
  result->redirect_uri = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  result->code_challenge = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  dt_target_from_string ((const char *) sqlite3_column_text (stmt, 4), &result->target);
  result->scopes = dt_scopes_parse ((const char *) sqlite3_column_text (stmt, 5), NULL);
  expires_at = sqlite3_column_int64 (stmt, 6);
  used_at = sqlite3_column_int64 (stmt, 7);
  owner = sqlite3_column_int64 (stmt, 8);
  grant_revoked = sqlite3_column_int64 (stmt, 9);
  sqlite3_reset (stmt);

  /* Another client's code is as good as unknown to this one (and stays usable by its owner). */
  if (owner != client_row || result->scopes == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The authorization code is not valid");
      return NULL;
    }

  /* Atomic: of two racing redemptions exactly one changes the row. */
  stmt = dt_db_prepare (db, "UPDATE auth_codes SET used_at = ?1 WHERE id = ?2 AND "
                            "used_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, result->id);
  if (!step_done (db, stmt, "Could not redeem the code", error))
    return NULL;
  if (used_at != 0 || sqlite3_changes (dt_db_get_handle (db)) != 1)
    {
      /* RFC 6749 §4.1.2: a code used twice was likely stolen; what it gave is withdrawn. */
      revoke_families_of_code (db, result->id);
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "The authorization code was already used; the tokens it gave are revoked");
      return NULL;
    }
  if (expires_at <= now)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_TIMEOUT, "The authorization code has expired");
      return NULL;
    }
  if (grant_revoked != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The approval was revoked");
      return NULL;
    }
  return g_steal_pointer (&result);
}

void
dt_issued_tokens_free (DtIssuedTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_strfreev (tokens->scopes);
  g_free (tokens);
}

static gint64
insert_token (DtDb        *db,
              const char  *token,
              const char  *kind,
              gint64       grant_id,
              gint64       family_id,
              gint64       parent_id,
              gint64       code_id,
              DtTarget     target,
              const char  *scopes,
              gint64       lifetime,
              GError     **error)
{
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  dt_auth_hash (token, hash);
  stmt = dt_db_prepare (db, "INSERT INTO tokens (token_hash, kind, grant_id, family_id, "
                            "parent_id, code_id, target, scopes, created_at, expires_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, grant_id);
  if (family_id > 0)
    sqlite3_bind_int64 (stmt, 4, family_id);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 5, parent_id);
  if (code_id > 0)
    sqlite3_bind_int64 (stmt, 6, code_id);
  sqlite3_bind_text (stmt, 7, dt_target_to_string (target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, scopes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_int64 (stmt, 10, now + lifetime);
  if (!step_done (db, stmt, "Could not store a token", error))
    return 0;
  return sqlite3_last_insert_rowid (dt_db_get_handle (db));
}

static DtIssuedTokens *
issue_pair (DtDb               *db,
            gint64              grant_id,
            DtTarget            target,
            const char * const *access_scopes,
            const char         *refresh_scopes,
            gint64              code_id,
            gboolean            with_refresh,
            gint64              family_id,
            gint64              parent_id,
            gint64              refresh_lifetime,
            GError            **error)
{
  g_autoptr(DtIssuedTokens) tokens = g_new0 (DtIssuedTokens, 1);
  g_autofree char *access_text = dt_scopes_to_string (access_scopes);

  tokens->access_token = dt_auth_random_token ("dt_at_", 32);
  tokens->access_id = insert_token (db, tokens->access_token, "access", grant_id, family_id, 0,
                                    code_id, target, access_text, DT_ACCESS_LIFETIME, error);
  if (tokens->access_id == 0)
    return NULL;
  if (with_refresh)
    {
      /* A family is named after its first access token: revoking it takes every descendant. */
      if (family_id == 0)
        {
          sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE tokens SET family_id = id WHERE id = ?1",
                                              error);
          if (stmt == NULL)
            return NULL;
          sqlite3_bind_int64 (stmt, 1, tokens->access_id);
          if (!step_done (db, stmt, "Could not store a token", error))
            return NULL;
          family_id = tokens->access_id;
        }
      tokens->refresh_token = dt_auth_random_token ("dt_rt_", 32);
      if (insert_token (db, tokens->refresh_token, "refresh", grant_id, family_id, parent_id,
                        code_id, target, refresh_scopes != NULL ? refresh_scopes : access_text,
                        refresh_lifetime, error) == 0)
        return NULL;
    }
  tokens->expires_in = DT_ACCESS_LIFETIME;
  tokens->target = target;
  tokens->grant_id = grant_id;
  tokens->scopes = g_strdupv ((char **) access_scopes);
  return g_steal_pointer (&tokens);
}

DtIssuedTokens *
dt_tokens_issue (DtDb               *db,
                 gint64              grant_id,
                 DtTarget            target,
                 const char * const *scopes,
                 gint64              code_id,
                 gboolean            with_refresh,
                 GError            **error)
{
  DtIssuedTokens *tokens;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  tokens = issue_pair (db, grant_id, target, scopes, NULL, code_id, with_refresh, 0, 0,
                       DT_REFRESH_IDLE_LIFETIME, error);
  if (tokens == NULL)
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    {
      dt_issued_tokens_free (tokens);
      return NULL;
    }
  return tokens;
}

static void
revoke_family (DtDb   *db,
               gint64  family_id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE tokens SET revoked_at = ?1 WHERE family_id = ?2 "
                                          "AND revoked_at IS NULL", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, dt_time_now ());
  sqlite3_bind_int64 (stmt, 2, family_id);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

DtIssuedTokens *
dt_tokens_refresh (DtDb               *db,
                   const char         *refresh_token,
                   gint64              client_row,
                   const char * const *scopes,
                   const DtTarget     *target,
                   GError            **error)
{
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gint64 id, grant_id, family_id, expires_at, used_at, revoked_at, owner, grant_revoked;
  gint64 approved_at;
  DtTarget token_target = DT_TARGET_API;
  g_auto(GStrv) token_scopes = NULL;
  g_autofree char *token_scopes_text = NULL;
  DtIssuedTokens *tokens = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (refresh_token == NULL || !g_str_has_prefix (refresh_token, "dt_rt_"))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The refresh token is not valid");
      return NULL;
    }
  dt_auth_hash (refresh_token, hash);

  if (!dt_db_begin (db, error))
    return NULL;
  stmt = dt_db_prepare (db, "SELECT t.id, t.grant_id, coalesce (t.family_id, 0), t.target, "
                            "t.scopes, t.expires_at, coalesce (t.used_at, 0), "
                            "coalesce (t.revoked_at, 0), g.client_id, coalesce (g.revoked_at, 0), "
                            "g.approved_at FROM tokens t JOIN grants g ON g.id = t.grant_id "
                            "WHERE t.token_hash = ?1 AND t.kind = 'refresh'", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The refresh token is not valid");
      goto failed;
    }
  id = sqlite3_column_int64 (stmt, 0);
  grant_id = sqlite3_column_int64 (stmt, 1);
  family_id = sqlite3_column_int64 (stmt, 2);
  dt_target_from_string ((const char *) sqlite3_column_text (stmt, 3), &token_target);
  token_scopes_text = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  expires_at = sqlite3_column_int64 (stmt, 5);
  used_at = sqlite3_column_int64 (stmt, 6);
  revoked_at = sqlite3_column_int64 (stmt, 7);
  owner = sqlite3_column_int64 (stmt, 8);
  grant_revoked = sqlite3_column_int64 (stmt, 9);
  approved_at = sqlite3_column_int64 (stmt, 10);
  sqlite3_reset (stmt);
  token_scopes = dt_scopes_parse (token_scopes_text, NULL);

  if (owner != client_row || token_scopes == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "The refresh token is not valid");
      goto failed;
    }
  if (used_at != 0)
    {
      /* RFC 9700 §4.14.2: a spent refresh token presented again means one of the two holders
       * is a thief; neither may go on. */
      revoke_family (db, family_id);
      dt_db_commit (db, NULL);
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "The refresh token was already used; every token of its family is revoked");
      return NULL;
    }
  if (revoked_at != 0 || grant_revoked != 0 || expires_at <= now)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "The refresh token has expired or was revoked");
      goto failed;
    }
  if (now >= approved_at + DT_APPROVAL_LIFETIME)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "The user approved this app more than %d days ago; the approval has to be "
                   "given again", DT_APPROVAL_LIFETIME / (24 * 60 * 60));
      goto failed;
    }
  if (target != NULL && *target != token_target)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The refresh token is for the %s; it cannot be used for another target",
                   dt_target_label (token_target));
      goto failed;
    }
  if (scopes != NULL && !dt_scopes_is_subset (scopes, (const char * const *) token_scopes))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FORBIDDEN,
                   "A refresh can only keep or narrow the scopes; it cannot add to them");
      goto failed;
    }

  stmt = dt_db_prepare (db, "UPDATE tokens SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL",
                        error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!step_done (db, stmt, "Could not rotate the refresh token", error))
    goto failed;
  if (sqlite3_changes (dt_db_get_handle (db)) != 1)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "The refresh token was already used");
      goto failed;
    }

  tokens = issue_pair (db, grant_id, token_target,
                       scopes != NULL ? scopes : (const char * const *) token_scopes,
                       token_scopes_text, 0, TRUE, family_id, id,
                       MIN (DT_REFRESH_IDLE_LIFETIME, approved_at + DT_APPROVAL_LIFETIME - now),
                       error);
  if (tokens == NULL)
    goto failed;
  if (!dt_db_commit (db, error))
    {
      dt_issued_tokens_free (tokens);
      return NULL;
    }
  return tokens;

failed:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_tokens_revoke (DtDb       *db,
                  const char *token,
                  gint64      client_row)
{
  guint8 hash[DT_AUTH_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 id, family_id, owner;
  gboolean is_refresh;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (token == NULL)
    return FALSE;
  dt_auth_hash (token, hash);
  stmt = dt_db_prepare (db, "SELECT t.id, coalesce (t.family_id, 0), t.kind, g.client_id "
                            "FROM tokens t JOIN grants g ON g.id = t.grant_id "
                            "WHERE t.token_hash = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  id = sqlite3_column_int64 (stmt, 0);
  family_id = sqlite3_column_int64 (stmt, 1);
  is_refresh = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "refresh") == 0;
  owner = sqlite3_column_int64 (stmt, 3);
  sqlite3_reset (stmt);

  if (owner != client_row)
    return FALSE;

  if (is_refresh && family_id > 0)
    revoke_family (db, family_id);
  else
    {
      stmt = dt_db_prepare (db, "UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND "
                                "revoked_at IS NULL", NULL);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dt_time_now ());
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

guint
dt_oauth_tokens_prune (DtDb   *db,
                       gint64  now)
{
  static const char *const statements[] = {
    "DELETE FROM tokens WHERE expires_at < ?1",
    "DELETE FROM auth_codes WHERE expires_at < ?1",
  };
  guint removed = 0;

  g_return_val_if_fail (DT_IS_DB (db), 0);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = dt_db_prepare (db, statements[i], NULL);

      if (stmt == NULL)
        continue;
      /* A day of grace: a spent refresh token presented soon after it lapsed is still
       * recognised as reuse rather than as unknown. */
      sqlite3_bind_int64 (stmt, 1, now - 24 * 60 * 60);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        removed += (guint) sqlite3_changes (dt_db_get_handle (db));
      sqlite3_reset (stmt);
    }
  if (removed > 0)
    g_debug ("Pruned %u expired codes and tokens", removed);
  return removed;
}

/* test-tokens.c: grants, codes and tokens on an in-memory database: single use, expiry,
 * rotation, family revocation, narrowing, and the token check. */
#include <string.h>

#include "dt-error.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"
#include "dt-time.h"
#include "dt-token-check.h"

#define BASE "http://127.0.0.1:7313"

typedef struct
{
  DtDb   *db;
  gint64  client_row;
  gint64  grant_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DtOAuthClient) client = NULL;
  const char *scopes[] = { "clients:read", "clients:write", NULL };

  dt_time_set_fake_now (1800000000);
  fixture->db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, "{\"client_name\":\"Unit\","
                                             "\"redirect_uris\":[\"http://127.0.0.1:1/cb\"]}",
                                             -1, NULL));
  client = dt_oauth_client_register (fixture->db, json_parser_get_root (parser), NULL, &error);
  g_assert_no_error (error);
  fixture->client_row = client->id;
  fixture->grant_id = dt_grant_create (fixture->db, client->id, DT_TARGET_MCP, scopes, "cli",
                                       &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_time_set_fake_now (0);
  g_assert_finalize_object (fixture->db);
}

static void
test_code_single_use (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = dt_auth_code_issue (fixture->db, fixture->grant_id,
                                              "http://127.0.0.1:1/cb", "x", DT_TARGET_MCP,
                                              scopes, &error);
  g_autoptr(DtAuthCode) first = NULL;
  g_autoptr(DtAuthCode) second = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  g_autoptr(DtAuthChallenge) challenge = NULL;
  g_autoptr(DtPrincipal) principal = NULL;
  g_autofree char *bearer = NULL;

  g_assert_true (g_str_has_prefix (code, "dt_ac_"));
  /* Another client cannot redeem it, and that does not spend it. */
  g_assert_null (dt_auth_code_redeem (fixture->db, code, fixture->client_row + 99, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  first = dt_auth_code_redeem (fixture->db, code, fixture->client_row, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->target, ==, DT_TARGET_MCP);
  tokens = dt_tokens_issue (fixture->db, first->grant_id, first->target,
                            (const char * const *) first->scopes, first->id, TRUE, &error);
  g_assert_no_error (error);

  second = dt_auth_code_redeem (fixture->db, code, fixture->client_row, &error);
  g_assert_null (second);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);

  /* What the first redemption issued is revoked now. */
  bearer = g_strconcat ("Bearer ", tokens->access_token, NULL);
  principal = dt_token_check (fixture->db, bearer, DT_TARGET_MCP, NULL, BASE, &challenge);
  g_assert_null (principal);
  g_assert_cmpuint (challenge->status, ==, 401);
}

static void
test_code_expiry (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = dt_auth_code_issue (fixture->db, fixture->grant_id,
                                              "http://127.0.0.1:1/cb", "x", DT_TARGET_MCP,
                                              scopes, &error);
  g_autoptr(DtAuthCode) late = NULL;

  dt_time_set_fake_now (1800000000 + DT_CODE_LIFETIME);
  late = dt_auth_code_redeem (fixture->db, code, fixture->client_row, &error);
  g_assert_null (late);
  g_assert_error (error, DT_ERROR, DT_ERROR_TIMEOUT);
}

static void
test_refresh_lifecycle (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *scopes[] = { "clients:read", "clients:write", NULL };
  const char *narrower[] = { "clients:read", NULL };
  const char *wider[] = { "clients:read", "invoices:read", NULL };
  DtTarget api = DT_TARGET_API;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) t1 = dt_tokens_issue (fixture->db, fixture->grant_id, DT_TARGET_MCP,
                                                  scopes, 0, TRUE, &error);
  g_autoptr(DtIssuedTokens) t2 = NULL;
  g_autoptr(DtIssuedTokens) t3 = NULL;
  g_autoptr(DtIssuedTokens) reuse = NULL;

  g_assert_no_error (error);
  g_assert_null (dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row, wider,
                                    NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row, NULL,
                                    &api, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row + 1,
                                    NULL, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Failed attempts did not spend it. */
  t2 = dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row, narrower, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (t2->scopes, narrower);
  /* The refresh token keeps the original scopes (RFC 6749 §6). */
  t3 = dt_tokens_refresh (fixture->db, t2->refresh_token, fixture->client_row, NULL, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (t3->scopes, scopes);

  reuse = dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row, NULL, NULL,
                             &error);
  g_assert_null (reuse);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  /* The family is gone, the newest token included. */
  g_assert_null (dt_tokens_refresh (fixture->db, t3->refresh_token, fixture->client_row, NULL,
                                    NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
}

static void
test_refresh_absolute_expiry (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) tokens = dt_tokens_issue (fixture->db, fixture->grant_id,
                                                      DT_TARGET_MCP, scopes, 0, TRUE, &error);
  gint64 now = 1800000000;

  g_assert_no_error (error);
  /* Refreshed every 20 days, the family lives until the approval is 180 days old... */
  while (now + 20 * 24 * 60 * 60 < 1800000000 + DT_APPROVAL_LIFETIME)
    {
      DtIssuedTokens *next;

      now += 20 * 24 * 60 * 60;
      dt_time_set_fake_now (now);
      next = dt_tokens_refresh (fixture->db, tokens->refresh_token, fixture->client_row, NULL,
                                NULL, &error);
      g_assert_no_error (error);
      dt_issued_tokens_free (tokens);
      tokens = next;
    }
  /* ...and the last refresh token lapses with it, not 30 days later. */
  dt_time_set_fake_now (1800000000 + DT_APPROVAL_LIFETIME);
  g_assert_null (dt_tokens_refresh (fixture->db, tokens->refresh_token, fixture->client_row,
                                    NULL, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    sqlite3_stmt *stmt = dt_db_prepare (fixture->db, "SELECT max (expires_at) FROM tokens "
                                        "WHERE kind = 'refresh'", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), <=, 1800000000 + DT_APPROVAL_LIFETIME);
    sqlite3_reset (stmt);
  }
}

static void
test_refresh_idle_expiry (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) t1 = dt_tokens_issue (fixture->db, fixture->grant_id, DT_TARGET_MCP,
                                                  scopes, 0, TRUE, &error);
  g_autoptr(DtIssuedTokens) t2 = NULL;

  /* Used within 30 days it lives on; idle for 30 days it dies. */
  dt_time_set_fake_now (1800000000 + DT_REFRESH_IDLE_LIFETIME - 10);
  t2 = dt_tokens_refresh (fixture->db, t1->refresh_token, fixture->client_row, NULL, NULL,
                          &error);
  g_assert_no_error (error);
  dt_time_set_fake_now (1800000000 + 2 * DT_REFRESH_IDLE_LIFETIME);
  g_assert_null (dt_tokens_refresh (fixture->db, t2->refresh_token, fixture->client_row, NULL,
                                    NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
}

static void
test_token_check (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) t = dt_tokens_issue (fixture->db, fixture->grant_id, DT_TARGET_MCP,
                                                 scopes, 0, FALSE, &error);
  g_autofree char *bearer = g_strconcat ("Bearer ", t->access_token, NULL);
  g_autofree char *wrong_kind = g_strconcat ("Bearer ", "dt_rt_x", NULL);

  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_autoptr(DtPrincipal) p = dt_token_check (fixture->db, bearer, DT_TARGET_MCP, "clients:read",
                                               BASE, &challenge);
    g_assert_nonnull (p);
    g_assert_null (challenge);
    g_assert_cmpstr (p->client_name, ==, "Unit");
    g_assert_true (p->confirm_sensitive);
    g_assert_true (dt_principal_has_scope (p, "clients:read"));
  }
  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_assert_null (dt_token_check (fixture->db, NULL, DT_TARGET_MCP, "clients:read", BASE,
                                   &challenge));
    g_assert_cmpuint (challenge->status, ==, 401);
    g_assert_cmpstr (challenge->www_authenticate, ==,
                     "Bearer scope=\"clients:read\", resource_metadata=\"" BASE
                     "/.well-known/oauth-protected-resource/mcp\"");
  }
  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_assert_null (dt_token_check (fixture->db, bearer, DT_TARGET_MCP, "clients:write", BASE,
                                   &challenge));
    g_assert_cmpuint (challenge->status, ==, 403);
    g_assert_cmpstr (challenge->error, ==, "insufficient_scope");
    g_assert_nonnull (strstr (challenge->www_authenticate,
                              "scope=\"clients:read clients:write\""));
  }
  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_assert_null (dt_token_check (fixture->db, bearer, DT_TARGET_API, NULL, BASE, &challenge));
    g_assert_cmpuint (challenge->status, ==, 401);
    g_assert_cmpstr (challenge->error, ==, "invalid_token");
    g_assert_nonnull (strstr (challenge->www_authenticate, "oauth-protected-resource/api/v1"));
  }
  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_assert_null (dt_token_check (fixture->db, wrong_kind, DT_TARGET_MCP, NULL, BASE,
                                   &challenge));
    g_assert_cmpstr (challenge->error, ==, "invalid_token");
  }
  g_assert_true (dt_grant_revoke (fixture->db, fixture->grant_id, &error));
  {
    g_autoptr(DtAuthChallenge) challenge = NULL;
    g_assert_null (dt_token_check (fixture->db, bearer, DT_TARGET_MCP, NULL, BASE, &challenge));
    g_assert_cmpuint (challenge->status, ==, 401);
  }
}

static void
test_prune (Fixture       *fixture,
            gconstpointer  data)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) t = dt_tokens_issue (fixture->db, fixture->grant_id, DT_TARGET_MCP,
                                                 scopes, 0, TRUE, &error);
  g_autofree char *code = dt_auth_code_issue (fixture->db, fixture->grant_id,
                                              "http://127.0.0.1:1/cb", "x", DT_TARGET_MCP,
                                              scopes, &error);

  g_assert_no_error (error);
  /* Nothing has lapsed yet; a day after the access token's hour, it and the code go. */
  g_assert_cmpuint (dt_oauth_tokens_prune (fixture->db, 1800000000), ==, 0);
  g_assert_cmpuint (dt_oauth_tokens_prune (fixture->db, 1800000000 + DT_ACCESS_LIFETIME +
                                           24 * 3600 + 1), ==, 2);
  /* The refresh token stays until its own idle expiry. */
  {
    g_autoptr(DtIssuedTokens) next = dt_tokens_refresh (fixture->db, t->refresh_token,
                                                        fixture->client_row, NULL, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
test_private_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  const char *scopes[] = { "reports:read", NULL };
  const char *unknown[] = { "reports:write", NULL };
  const char *none[] = { NULL };
  g_autofree char *secret = NULL;
  g_autofree char *other = NULL;
  g_autoptr(DtOAuthClient) client = dt_oauth_client_create_private (db, "  Script  ",
                                                                    DT_TARGET_API, scopes,
                                                                    &secret, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (client->name, ==, "Script");
  g_assert_true (dt_oauth_client_check_secret (client, secret));
  g_assert_false (dt_oauth_client_check_secret (client, "dt_cs_guess"));
  g_assert_false (dt_oauth_client_check_secret (client, ""));
  g_assert_false (dt_oauth_client_check_secret (client, NULL));
  g_assert_null (dt_oauth_client_create_private (db, "", DT_TARGET_API, scopes, &other, NULL,
                                                 &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dt_oauth_client_create_private (db, "x", DT_TARGET_API, unknown, &other, NULL,
                                                 &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dt_oauth_client_create_private (db, "x", DT_TARGET_API, none, &other, NULL,
                                                 &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tokens/refresh-absolute-expiry", test_refresh_absolute_expiry);
  ADD ("/tokens/code-single-use", test_code_single_use);
  ADD ("/tokens/code-expiry", test_code_expiry);
  ADD ("/tokens/refresh-lifecycle", test_refresh_lifecycle);
  ADD ("/tokens/refresh-idle-expiry", test_refresh_idle_expiry);
  ADD ("/tokens/token-check", test_token_check);
  ADD ("/tokens/prune", test_prune);
#undef ADD
  g_test_add_func ("/tokens/private-secret", test_private_secret);
  return g_test_run ();
}

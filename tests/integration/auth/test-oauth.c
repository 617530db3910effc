/* test-oauth.c: every OAuth flow over real HTTP against an in-process DtService on an
 * ephemeral loopback port, and a table of negative cases drawn from SECURITY.md, each
 * asserting the exact status and error and that no code or token was issued. */
#include <string.h>
#include <unistd.h>

#include "dt-auth-crypto.h"
#include "dt-connected-apps.h"
#include "dt-consent-broker.h"
#include "dt-error.h"
#include "dt-form.h"
#include "dt-oauth-clients.h"
#include "dt-server-auth.h"
#include "dt-service.h"
#include "dt-test-http.h"
#include "dt-time.h"

#define REDIRECT "http://127.0.0.1:4711/cb"
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

typedef struct
{
  char       *dir;
  DtService  *service;
  guint       port;
  GHashTable *vars;   /* {name} → value for the negative-case templates */
} Fixture;

/* ---- test-only resources: the token check behind two paths --------------------------------- */

static void
protected_cb (DtRequest *request,
              gpointer   user_data)
{
  DtTarget target = GPOINTER_TO_INT (user_data);
  const char *scope = dt_request_get_param (request, "need");
  g_autoptr(DtPrincipal) principal = dt_request_authenticate (request, target, scope);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) object = NULL;

  if (principal == NULL)
    return;
  object = json_object_new ();
  json_object_set_string_member (object, "client_id", principal->client_id);
  json_object_set_string_member (object, "target", dt_target_to_string (principal->target));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  dt_request_respond_json (request, 200, node);
}

/* ---- fixture ----------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtServer *server;

  dt_time_set_fake_now (0);
  /* Each case gets a database of its own; on tmpfs its fsyncs (synchronous=FULL) cost
   * nothing, which keeps 150 fresh services fast. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    fixture->dir = g_mkdtemp (g_strdup ("/dev/shm/dt-oauth-XXXXXX"));
  if (fixture->dir == NULL)
    fixture->dir = g_dir_make_tmp ("dt-oauth-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->dir);
  fixture->service = dt_service_new (fixture->dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  g_assert_no_error (error);
  fixture->port = dt_service_get_port (fixture->service);
  server = dt_service_get_server (fixture->service);
  dt_server_add_route (server, "/test-protected/api", protected_cb,
                       GINT_TO_POINTER (DT_TARGET_API), NULL);
  dt_server_add_route (server, "/test-protected/mcp", protected_cb,
                       GINT_TO_POINTER (DT_TARGET_MCP), NULL);
  fixture->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (fixture->vars, g_strdup ("port"), g_strdup_printf ("%u", fixture->port));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  dt_time_set_fake_now (0);
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&fixture->vars, g_hash_table_unref);
  g_free (fixture->dir);
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  DtDb *db = dt_service_get_db (fixture->service);
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

#define N_TOKENS(f)       count_rows (f, "SELECT count(*) FROM tokens")
#define N_LIVE_TOKENS(f)  count_rows (f, "SELECT count(*) FROM tokens WHERE revoked_at IS NULL")
#define N_CODES(f)        count_rows (f, "SELECT count(*) FROM auth_codes")
#define N_CLIENTS(f)      count_rows (f, "SELECT count(*) FROM oauth_clients")
#define N_GRANTS(f)       count_rows (f, "SELECT count(*) FROM grants")

static char *
challenge_for (const char *verifier)
{
  guint8 digest[DT_AUTH_HASH_LEN];

  dt_auth_hash (verifier, digest);
  return dt_auth_base64url (digest, sizeof digest);
}

static const char *const json_headers[] = { "Content-Type: application/json", NULL };
static const char *const form_headers[] = {
  "Content-Type: application/x-www-form-urlencoded", NULL
};

static char *
register_client (Fixture    *fixture,
                 const char *redirect)
{
  g_autofree char *body = g_strdup_printf ("{\"client_name\":\"Test app\",\"redirect_uris\":"
                                           "[\"%s\"],\"token_endpoint_auth_method\":\"none\"}",
                                           redirect);
  g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/register",
                                              json_headers, body, -1);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (dt_test_response_string (r, "client_id"));
}

static char *
authorize_url (Fixture    *fixture,
               const char *client_id,
               const char *redirect,
               const char *scope,
               const char *target_path)
{
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *resource = target_path != NULL
    ? g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, target_path) : NULL;
  g_autofree char *query = resource != NULL
    ? dt_test_form ("response_type", "code", "client_id", client_id, "redirect_uri", redirect,
                    "code_challenge", challenge, "code_challenge_method", "S256",
                    "state", "st-1", "scope", scope, "resource", resource, NULL)
    : dt_test_form ("response_type", "code", "client_id", client_id, "redirect_uri", redirect,
                    "code_challenge", challenge, "code_challenge_method", "S256",
                    "state", "st-1", "scope", scope, NULL);

  return g_strconcat ("/oauth/authorize?", query, NULL);
}

/* Waits (iterating the main context, where the broker lives) for the next question. */
static DtConsentRequest *
wait_for_consent (Fixture *fixture)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) pending = dt_consent_broker_list_pending (broker);
      if (pending->len > 0)
        return dt_consent_request_ref (g_ptr_array_index (pending, 0));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_not_reached ();
  return NULL;
}

static DtTestResponse *
finish_pending (DtTestPending *pending)
{
  while (!dt_test_http_is_done (pending))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return dt_test_http_finish (pending);
}

typedef enum { ANSWER_APPROVE, ANSWER_DENY } Answer;

/* Runs /authorize, answers the question and returns the response (a 302). */
static DtTestResponse *
authorize (Fixture            *fixture,
           const char         *url,
           Answer              answer,
           const char * const *narrowed)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
  g_autoptr(DtConsentRequest) request = wait_for_consent (fixture);
  g_autoptr(GError) error = NULL;

  if (answer == ANSWER_APPROVE)
    g_assert_true (dt_consent_broker_approve (broker, request->id, narrowed,
                                              DT_CONSENT_VIA_DIALOG, &error));
  else
    g_assert_true (dt_consent_broker_deny (broker, request->id, DT_CONSENT_VIA_DIALOG, &error));
  g_assert_no_error (error);
  return finish_pending (pending);
}

/* The value of @name in the query of a Location header. */
static char *
location_param (DtTestResponse *r,
                const char     *name)
{
  const char *location = dt_test_response_header (r, "Location");
  const char *query;
  g_autoptr(GHashTable) params = NULL;

  if (location == NULL || (query = strchr (location, '?')) == NULL)
    return NULL;
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

static char *
get_code (Fixture    *fixture,
          const char *client_id,
          const char *scope,
          const char *target_path)
{
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, scope, target_path);
  g_autoptr(DtTestResponse) r = authorize (fixture, url, ANSWER_APPROVE, NULL);
  g_autofree char *state = location_param (r, "state");

  g_assert_cmpuint (r->status, ==, 302);
  g_assert_cmpstr (state, ==, "st-1");
  return location_param (r, "code");
}

static DtTestResponse *
post_form (Fixture            *fixture,
           const char         *path,
           const char         *body,
           const char * const *extra_headers)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();

  g_ptr_array_add (headers, (gpointer) form_headers[0]);
  for (guint i = 0; extra_headers != NULL && extra_headers[i] != NULL; i++)
    g_ptr_array_add (headers, (gpointer) extra_headers[i]);
  g_ptr_array_add (headers, NULL);
  return dt_test_http (fixture->port, "POST", path, (const char * const *) headers->pdata, body,
                       -1);
}

static DtTestResponse *
exchange_code (Fixture    *fixture,
               const char *client_id,
               const char *code,
               const char *target_path)
{
  g_autofree char *resource = target_path != NULL
    ? g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, target_path) : NULL;
  g_autofree char *body = resource != NULL
    ? dt_test_form ("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER,
                    "redirect_uri", REDIRECT, "client_id", client_id, "resource", resource, NULL)
    : dt_test_form ("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER,
                    "redirect_uri", REDIRECT, "client_id", client_id, NULL);

  return post_form (fixture, "/oauth/token", body, NULL);
}

static DtTestResponse *
call_protected (Fixture    *fixture,
                const char *target,
                const char *token,
                const char *need)
{
  g_autofree char *path = need != NULL
    ? g_strdup_printf ("/test-protected/%s?need=%s", target, need)
    : g_strdup_printf ("/test-protected/%s", target);
  g_autofree char *auth = token != NULL ? g_strdup_printf ("Authorization: Bearer %s", token)
                                        : NULL;
  const char *headers[] = { auth, NULL };

  return dt_test_http (fixture->port, "GET", path, headers, NULL, 0);
}

/* ---- happy paths ------------------------------------------------------------------------- */

static void
check_public_flow (Fixture    *fixture,
                   const char *target_path,
                   const char *target)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:write invoices:read",
                                    target_path);
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, target_path);
  const char *other = g_str_equal (target, "api") ? "mcp" : "api";

  g_assert_cmpuint (tokens->status, ==, 200);
  g_assert_cmpstr (dt_test_response_header (tokens, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (dt_test_response_string (tokens, "token_type"), ==, "Bearer");
  g_assert_true (g_str_has_prefix (dt_test_response_string (tokens, "access_token"), "dt_at_"));
  g_assert_true (g_str_has_prefix (dt_test_response_string (tokens, "refresh_token"), "dt_rt_"));
  g_assert_cmpstr (dt_test_response_string (tokens, "scope"), ==,
                   "clients:read clients:write invoices:read");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (tokens->json),
                                               "expires_in"), ==, 3600);

  {
    g_autoptr(DtTestResponse) ok = call_protected (fixture, target,
                                                   dt_test_response_string (tokens,
                                                                            "access_token"),
                                                   "clients:write");
    g_autoptr(DtTestResponse) wrong = call_protected (fixture, other,
                                                      dt_test_response_string (tokens,
                                                                               "access_token"),
                                                      NULL);
    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpstr (dt_test_response_string (ok, "target"), ==, target);
    g_assert_cmpstr (dt_test_response_string (ok, "client_id"), ==, client_id);
    /* The audience is enforced: the other server refuses it. */
    g_assert_cmpuint (wrong->status, ==, 401);
    g_assert_nonnull (strstr (dt_test_response_header (wrong, "WWW-Authenticate"),
                              "invalid_token"));
  }
  /* The code and the tokens are stored only as hashes. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tokens WHERE length(token_hash) = 32"),
                   ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE "
                                        "event = 'token.issued'"), ==, 1);
}

static void
test_public_flow_api (Fixture       *fixture,
                      gconstpointer  data)
{
  check_public_flow (fixture, "/api/v1", "api");
}

static void
test_public_flow_mcp (Fixture       *fixture,
                      gconstpointer  data)
{
  check_public_flow (fixture, "/mcp", "mcp");
}

static void
test_no_resource_means_api (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "tasks:read", NULL);
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, NULL);
  g_autoptr(DtTestResponse) ok = NULL;

  g_assert_cmpuint (tokens->status, ==, 200);
  ok = call_protected (fixture, "api", dt_test_response_string (tokens, "access_token"),
                       "tasks:read");
  g_assert_cmpuint (ok->status, ==, 200);
}

static void
test_localhost_forms (Fixture       *fixture,
                      gconstpointer  data)
{
  /* mcp-remote registers localhost redirect URIs and names the resource with localhost. */
  const char *redirect = "http://localhost:43317/oauth/callback";
  g_autofree char *client_id = register_client (fixture, redirect);
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *resource = g_strdup_printf ("http://localhost:%u/mcp", fixture->port);
  g_autofree char *query = dt_test_form ("response_type", "code", "client_id", client_id,
                                         "redirect_uri", redirect, "code_challenge", challenge,
                                         "code_challenge_method", "S256", "scope",
                                         "clients:read", "resource", resource, NULL);
  g_autofree char *url = g_strconcat ("/oauth/authorize?", query, NULL);
  g_autoptr(DtTestResponse) r = authorize (fixture, url, ANSWER_APPROVE, NULL);
  g_autofree char *code = location_param (r, "code");
  g_autofree char *iss = location_param (r, "iss");
  g_autofree char *body = dt_test_form ("grant_type", "authorization_code", "code", code,
                                        "code_verifier", VERIFIER, "redirect_uri", redirect,
                                        "client_id", client_id, "resource", resource, NULL);
  g_autoptr(DtTestResponse) tokens = post_form (fixture, "/oauth/token", body, NULL);
  g_autofree char *expected_iss = g_strdup_printf ("http://127.0.0.1:%u", fixture->port);

  g_assert_cmpuint (r->status, ==, 302);
  g_assert_true (g_str_has_prefix (dt_test_response_header (r, "Location"), redirect));
  g_assert_cmpstr (iss, ==, expected_iss);
  g_assert_cmpuint (tokens->status, ==, 200);
}

static void
test_narrowed_consent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT,
                                        "clients:write invoices:send", "/mcp");
  const char *narrowed[] = { "clients:read", NULL };
  g_autoptr(DtTestResponse) r = authorize (fixture, url, ANSWER_APPROVE, narrowed);
  g_autofree char *code = location_param (r, "code");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, "/mcp");

  g_assert_cmpuint (tokens->status, ==, 200);
  g_assert_cmpstr (dt_test_response_string (tokens, "scope"), ==, "clients:read");
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM grants WHERE "
                                        "scopes = 'clients:read'"), ==, 1);
}

static void
test_consent_narrowing_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, "clients:read", "/mcp");
  DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
  g_autoptr(DtConsentRequest) request = wait_for_consent (fixture);
  const char *wider[] = { "clients:write", NULL };
  const char *unknown[] = { "bogus:read", NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(DtTestResponse) r = NULL;

  g_assert_cmpstr (request->app_name, ==, "Test app");
  g_assert_cmpstr (request->redirect_host, ==, "127.0.0.1");
  g_assert_cmpint (request->target, ==, DT_TARGET_MCP);
  g_assert_false (dt_consent_broker_approve (broker, request->id, wider, DT_CONSENT_VIA_CLI, &e1));
  g_assert_error (e1, DT_ERROR, DT_ERROR_INVALID);
  g_assert_false (dt_consent_broker_approve (broker, request->id, unknown, DT_CONSENT_VIA_CLI,
                                             &e2));
  g_assert_error (e2, DT_ERROR, DT_ERROR_INVALID);
  g_assert_false (dt_consent_broker_approve (broker, request->id, none, DT_CONSENT_VIA_CLI, &e3));
  g_assert_error (e3, DT_ERROR, DT_ERROR_INVALID);
  g_assert_true (dt_consent_broker_deny (broker, request->id, DT_CONSENT_VIA_CLI, NULL));
  r = finish_pending (pending);
  g_assert_cmpuint (r->status, ==, 302);
  g_assert_cmpint (N_CODES (fixture), ==, 0);
}

static void
test_private_app (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  const char *scopes[] = { "invoices:write", NULL };
  g_autoptr(DtOAuthClient) client = dt_oauth_client_create_private (
    dt_service_get_db (fixture->service), "Script", DT_TARGET_API, scopes, &secret, NULL, &error);
  g_autofree char *basic_raw = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *post_body = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (secret, "dt_cs_"));
  /* The secret itself is nowhere in the database. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM oauth_clients WHERE "
                                        "length(secret_hash) = 32"), ==, 1);

  basic_raw = g_strdup_printf ("%s:%s", client->client_id, secret);
  {
    g_autofree char *encoded = g_base64_encode ((const guchar *) basic_raw, strlen (basic_raw));
    basic = g_strdup_printf ("Authorization: Basic %s", encoded);
  }
  {
    const char *headers[] = { basic, NULL };
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/token",
                                             "grant_type=client_credentials", headers);
    g_autoptr(DtTestResponse) ok = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (dt_test_response_header (r, "Cache-Control"), ==, "no-store");
    g_assert_null (dt_test_response_string (r, "refresh_token"));
    g_assert_cmpstr (dt_test_response_string (r, "scope"), ==, "invoices:read invoices:write");
    ok = call_protected (fixture, "api", dt_test_response_string (r, "access_token"),
                         "invoices:write");
    g_assert_cmpuint (ok->status, ==, 200);
  }
  post_body = dt_test_form ("grant_type", "client_credentials", "client_id", client->client_id,
                            "client_secret", secret, "scope", "invoices:read", NULL);
  {
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/token", post_body, NULL);
    g_autoptr(DtTestResponse) denied = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (dt_test_response_string (r, "scope"), ==, "invoices:read");
    denied = call_protected (fixture, "api", dt_test_response_string (r, "access_token"),
                             "invoices:write");
    g_assert_cmpuint (denied->status, ==, 403);
  }

  /* Revoking the app stops both its tokens and new ones, at once. */
  {
    g_autoptr(DtTestResponse) before = post_form (fixture, "/oauth/token", post_body, NULL);
    const char *token = dt_test_response_string (before, "access_token");
    g_autoptr(DtTestResponse) after = NULL;
    g_autoptr(DtTestResponse) again = NULL;

    g_assert_true (dt_connected_apps_revoke (dt_service_get_db (fixture->service),
                                             client->client_id, "cli", &error));
    g_assert_no_error (error);
    after = call_protected (fixture, "api", token, NULL);
    g_assert_cmpuint (after->status, ==, 401);
    again = post_form (fixture, "/oauth/token", post_body, NULL);
    g_assert_cmpuint (again->status, ==, 400);
    g_assert_cmpstr (dt_test_response_string (again, "error"), ==, "unauthorized_client");
  }
}

static void
test_refresh_rotation (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:write tasks:read", "/mcp");
  g_autoptr(DtTestResponse) first = exchange_code (fixture, client_id, code, "/mcp");
  g_autofree char *rt1 = g_strdup (dt_test_response_string (first, "refresh_token"));
  g_autofree char *at1 = g_strdup (dt_test_response_string (first, "access_token"));
  g_autofree char *resource = g_strdup_printf ("http://127.0.0.1:%u/mcp", fixture->port);
  g_autofree char *body1 = dt_test_form ("grant_type", "refresh_token", "refresh_token", rt1,
                                         "client_id", client_id, "resource", resource, NULL);
  g_autoptr(DtTestResponse) second = post_form (fixture, "/oauth/token", body1, NULL);
  g_autofree char *rt2 = g_strdup (dt_test_response_string (second, "refresh_token"));
  g_autofree char *body2 = dt_test_form ("grant_type", "refresh_token", "refresh_token", rt2,
                                         "client_id", client_id, "scope", "tasks:read", NULL);
  g_autoptr(DtTestResponse) third = post_form (fixture, "/oauth/token", body2, NULL);

  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (dt_test_response_header (second, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (rt2, !=, rt1);
  g_assert_cmpstr (dt_test_response_string (second, "scope"), ==,
                   "clients:read clients:write tasks:read");
  /* Scope may shrink on refresh. */
  g_assert_cmpuint (third->status, ==, 200);
  g_assert_cmpstr (dt_test_response_string (third, "scope"), ==, "tasks:read");
  {
    g_autoptr(DtTestResponse) old = call_protected (fixture, "mcp", at1, NULL);
    g_assert_cmpuint (old->status, ==, 200);
  }

  /* Reuse of a spent refresh token: the whole family is revoked. */
  {
    gint64 tokens_before = N_TOKENS (fixture);
    g_autoptr(DtTestResponse) reuse = post_form (fixture, "/oauth/token", body1, NULL);
    g_autoptr(DtTestResponse) newest = NULL;
    g_autofree char *body3 = dt_test_form ("grant_type", "refresh_token", "refresh_token",
                                           dt_test_response_string (third, "refresh_token"),
                                           "client_id", client_id, NULL);
    g_autoptr(DtTestResponse) after = NULL;

    g_assert_cmpuint (reuse->status, ==, 400);
    g_assert_cmpstr (dt_test_response_string (reuse, "error"), ==, "invalid_grant");
    g_assert_cmpint (N_TOKENS (fixture), ==, tokens_before);
    g_assert_cmpint (N_LIVE_TOKENS (fixture), ==, 0);
    newest = call_protected (fixture, "mcp", dt_test_response_string (third, "access_token"),
                             NULL);
    g_assert_cmpuint (newest->status, ==, 401);
    after = post_form (fixture, "/oauth/token", body3, NULL);
    g_assert_cmpuint (after->status, ==, 400);
    g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE "
                                          "event = 'refresh.reused'"), ==, 1);
  }
}

static void
test_revocation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/api/v1");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, "/api/v1");
  const char *at = dt_test_response_string (tokens, "access_token");
  const char *rt = dt_test_response_string (tokens, "refresh_token");
  g_autofree char *other = register_client (fixture, REDIRECT);

  /* Another client cannot revoke it (answered 200 all the same, RFC 7009 §2.2). */
  {
    g_autofree char *body = dt_test_form ("token", rt, "client_id", other, NULL);
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/revoke", body, NULL);
    g_autoptr(DtTestResponse) still = call_protected (fixture, "api", at, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (still->status, ==, 200);
  }
  /* Unknown tokens: 200. */
  {
    g_autofree char *body = dt_test_form ("token", "dt_rt_nothing", "client_id", client_id, NULL);
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/revoke", body, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Revoking the refresh token takes the access token with it. */
  {
    g_autofree char *body = dt_test_form ("token", rt, "token_type_hint", "refresh_token",
                                          "client_id", client_id, NULL);
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/revoke", body, NULL);
    g_autoptr(DtTestResponse) gone = call_protected (fixture, "api", at, NULL);
    g_autofree char *refresh = dt_test_form ("grant_type", "refresh_token", "refresh_token", rt,
                                             "client_id", client_id, NULL);
    g_autoptr(DtTestResponse) no_refresh = post_form (fixture, "/oauth/token", refresh, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (dt_test_response_header (r, "Cache-Control"), ==, "no-store");
    g_assert_cmpuint (gone->status, ==, 401);
    g_assert_cmpuint (no_refresh->status, ==, 400);
    g_assert_cmpstr (dt_test_response_string (no_refresh, "error"), ==, "invalid_grant");
  }
}

static void
test_revoked_grant (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, "/mcp");
  g_autofree char *code2 = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTestResponse) r = NULL;
  g_autoptr(DtTestResponse) late = NULL;
  g_autofree char *refresh = dt_test_form ("grant_type", "refresh_token", "refresh_token",
                                           dt_test_response_string (tokens, "refresh_token"),
                                           "client_id", client_id, NULL);
  g_autoptr(DtTestResponse) no_refresh = NULL;
  gint64 tokens_before;

  g_assert_true (dt_connected_apps_revoke (dt_service_get_db (fixture->service), client_id,
                                           "dialog", &error));
  g_assert_no_error (error);
  tokens_before = N_TOKENS (fixture);
  r = call_protected (fixture, "mcp", dt_test_response_string (tokens, "access_token"), NULL);
  g_assert_cmpuint (r->status, ==, 401);
  no_refresh = post_form (fixture, "/oauth/token", refresh, NULL);
  g_assert_cmpuint (no_refresh->status, ==, 400);
  g_assert_cmpstr (dt_test_response_string (no_refresh, "error"), ==, "invalid_grant");
  /* A code issued under the revoked grant is worthless too. */
  late = exchange_code (fixture, client_id, code2, "/mcp");
  g_assert_cmpuint (late->status, ==, 400);
  g_assert_cmpstr (dt_test_response_string (late, "error"), ==, "invalid_grant");
  g_assert_cmpint (N_TOKENS (fixture), ==, tokens_before);
}

static void
test_code_reuse_revokes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) first = exchange_code (fixture, client_id, code, "/mcp");
  gint64 tokens_before = N_TOKENS (fixture);
  g_autoptr(DtTestResponse) second = exchange_code (fixture, client_id, code, "/mcp");
  g_autoptr(DtTestResponse) r = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 400);
  g_assert_cmpstr (dt_test_response_string (second, "error"), ==, "invalid_grant");
  g_assert_cmpint (N_TOKENS (fixture), ==, tokens_before);
  g_assert_cmpint (N_LIVE_TOKENS (fixture), ==, 0);
  r = call_protected (fixture, "mcp", dt_test_response_string (first, "access_token"), NULL);
  g_assert_cmpuint (r->status, ==, 401);
}

static void
test_racing_redemptions (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autofree char *body = dt_test_form ("grant_type", "authorization_code", "code", code,
                                        "code_verifier", VERIFIER, "redirect_uri", REDIRECT,
                                        "client_id", client_id, NULL);
  DtTestPending *racers[4];
  guint won = 0, lost = 0;

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    racers[i] = dt_test_http_begin (fixture->port, "POST", "/oauth/token", form_headers, body,
                                    -1);
  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      g_autoptr(DtTestResponse) r = finish_pending (racers[i]);
      if (r->status == 200)
        won++;
      else
        {
          g_assert_cmpuint (r->status, ==, 400);
          g_assert_cmpstr (dt_test_response_string (r, "error"), ==, "invalid_grant");
          lost++;
        }
    }
  /* Exactly one redemption; the others count as reuse and withdraw what it got. */
  g_assert_cmpuint (won, ==, 1);
  g_assert_cmpuint (lost, ==, G_N_ELEMENTS (racers) - 1);
  g_assert_cmpint (N_TOKENS (fixture), ==, 2);
  g_assert_cmpint (N_LIVE_TOKENS (fixture), ==, 0);
}

static void
test_code_expiry (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = NULL;
  g_autoptr(DtTestResponse) late = NULL;
  gint64 now = dt_time_now ();

  dt_time_set_fake_now (now);
  code = get_code (fixture, client_id, "clients:read", "/mcp");
  dt_time_set_fake_now (now + 61);
  late = exchange_code (fixture, client_id, code, "/mcp");
  g_assert_cmpuint (late->status, ==, 400);
  g_assert_cmpstr (dt_test_response_string (late, "error"), ==, "invalid_grant");
  g_assert_cmpint (N_TOKENS (fixture), ==, 0);
}

static void
test_token_expiry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = NULL;
  g_autoptr(DtTestResponse) tokens = NULL;
  gint64 now = dt_time_now ();

  dt_time_set_fake_now (now);
  code = get_code (fixture, client_id, "clients:read", "/mcp");
  tokens = exchange_code (fixture, client_id, code, "/mcp");
  dt_time_set_fake_now (now + 3601);
  {
    g_autoptr(DtTestResponse) r = call_protected (fixture, "mcp",
                                                  dt_test_response_string (tokens, "access_token"),
                                                  NULL);
    g_assert_cmpuint (r->status, ==, 401);
  }
  /* The refresh token outlives it, but not 30 idle days. */
  dt_time_set_fake_now (now + 31 * 24 * 3600);
  {
    g_autofree char *body = dt_test_form ("grant_type", "refresh_token", "refresh_token",
                                          dt_test_response_string (tokens, "refresh_token"),
                                          "client_id", client_id, NULL);
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/token", body, NULL);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (dt_test_response_string (r, "error"), ==, "invalid_grant");
  }
}

static void
test_denied_and_timeout (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) denied = authorize (fixture, url, ANSWER_DENY, NULL);
  g_autofree char *error = location_param (denied, "error");
  g_autofree char *state = location_param (denied, "state");
  g_autofree char *iss = location_param (denied, "iss");

  g_assert_cmpuint (denied->status, ==, 302);
  g_assert_cmpstr (error, ==, "access_denied");
  g_assert_cmpstr (state, ==, "st-1");
  g_assert_nonnull (iss);
  g_assert_null (location_param (denied, "code"));

  dt_consent_broker_set_timeout (dt_service_get_consent_broker (fixture->service), 1);
  {
    DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
    g_autoptr(DtTestResponse) r = finish_pending (pending);
    g_autofree char *e = location_param (r, "error");

    g_assert_cmpuint (r->status, ==, 302);
    g_assert_cmpstr (e, ==, "access_denied");
  }
  g_assert_cmpint (N_CODES (fixture), ==, 0);
  g_assert_cmpint (N_GRANTS (fixture), ==, 0);
}

static void
test_stop_while_waiting (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, "clients:read", "/mcp");
  DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
  g_autoptr(DtConsentRequest) request = wait_for_consent (fixture);
  g_autoptr(DtTestResponse) r = NULL;

  /* Stopping withdraws the question; the waiting browser gets a page, never a code. */
  dt_service_stop (fixture->service);
  r = finish_pending (pending);
  g_assert_cmpuint (r->status, ==, 503);
  g_assert_null (dt_test_response_header (r, "Location"));
}

static void
test_one_pending_per_client (Fixture       *fixture,
                             gconstpointer  data)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, "clients:read", "/mcp");
  DtTestPending *first = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
  g_autoptr(DtConsentRequest) request = wait_for_consent (fixture);
  g_autoptr(DtTestResponse) second = NULL;
  g_autoptr(DtTestResponse) r = NULL;
  g_autofree char *error = NULL;

  /* The client was never approved: a refusal is a page, not a redirect. */
  second = dt_test_http (fixture->port, "GET", url, NULL, NULL, 0);
  g_assert_cmpuint (second->status, ==, 400);
  g_assert_null (dt_test_response_header (second, "Location"));
  g_assert_nonnull (strstr (second->body, "temporarily_unavailable"));
  g_assert_true (dt_consent_broker_deny (broker, request->id, DT_CONSENT_VIA_CLI, NULL));
  r = finish_pending (first);
  error = location_param (r, "error");
  g_assert_cmpstr (error, ==, "access_denied");
}

static void
test_consent_rate_limit (Fixture       *fixture,
                         gconstpointer  data)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  gint64 codes_before = N_CODES (fixture);

  for (guint i = 0; i <= DT_CONSENT_MAX_PER_MINUTE; i++)
    {
      g_autofree char *client_id = register_client (fixture, REDIRECT);
      g_autofree char *url = authorize_url (fixture, client_id, REDIRECT, "clients:read", "/mcp");

      if (i < DT_CONSENT_MAX_PER_MINUTE)
        {
          DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
          g_autoptr(DtConsentRequest) request = wait_for_consent (fixture);
          g_autoptr(DtTestResponse) r = NULL;

          dt_consent_broker_deny (broker, request->id, DT_CONSENT_VIA_CLI, NULL);
          r = finish_pending (pending);
          g_assert_cmpuint (r->status, ==, 302);
        }
      else
        {
          g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", url, NULL, NULL, 0);
          g_assert_cmpuint (r->status, ==, 400);
          g_assert_nonnull (strstr (r->body, "temporarily_unavailable"));
        }
    }
  g_assert_cmpint (N_CODES (fixture), ==, codes_before);
}

static void
test_registration_limits (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *body = "{\"client_name\":\"x\",\"redirect_uris\":[\"http://127.0.0.1:1/cb\"]}";
  guint created = 0;
  guint refused = 0;

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/register",
                                                  json_headers, body, -1);
      if (r->status == 201)
        created++;
      else
        {
          g_assert_cmpuint (r->status, ==, 429);
          g_assert_cmpstr (dt_test_response_string (r, "error"), ==, "temporarily_unavailable");
          refused++;
        }
    }
  g_assert_cmpuint (created, ==, 20);
  g_assert_cmpuint (refused, ==, 5);
  g_assert_cmpint (N_CLIENTS (fixture), ==, 20);
}

static void
test_unapproved_expiry (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *kept = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, kept, "clients:read", "/mcp");
  g_autofree char *forgotten = register_client (fixture, REDIRECT);
  gint64 now = dt_time_now ();

  g_assert_cmpint (N_CLIENTS (fixture), ==, 2);
  dt_time_set_fake_now (now + 25 * 3600);
  g_free (register_client (fixture, REDIRECT));
  /* The approved one stays; the one never approved is gone; the new one is there. */
  g_assert_cmpint (N_CLIENTS (fixture), ==, 2);
  {
    g_autofree char *body = dt_test_form ("grant_type", "refresh_token", "refresh_token", "x",
                                          "client_id", forgotten, NULL);
    g_autoptr(DtTestResponse) r = post_form (fixture, "/oauth/token", body, NULL);
    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (dt_test_response_string (r, "error"), ==, "invalid_client");
  }
}

static void
test_sdk_registration_bodies (Fixture       *fixture,
                              gconstpointer  data)
{
  /* Exactly what the MCP SDK 1.32.2 and mcp-remote 0.15.1 send (MCP.md §3). */
  const char *bodies[] = {
    "{\"client_name\":\"My MCP client\",\"redirect_uris\":[\"http://127.0.0.1:8090/callback\"],"
    "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
    "\"token_endpoint_auth_method\":\"none\",\"scope\":\"clients:read\"}",
    "{\"redirect_uris\":[\"http://localhost:43317/oauth/callback\"],"
    "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\","
    "\"refresh_token\"],\"response_types\":[\"code\"],\"client_name\":\"MCP CLI Client\","
    "\"client_uri\":\"https://github.com/modelcontextprotocol/mcp-cli\",\"software_id\":"
    "\"2e6dc280-f3c3-4e01-99a7-8181dbd1d23d\",\"software_version\":\"0.15.1\",\"scope\":"
    "\"mcp:tools\",\"application_type\":\"native\"}",
    "{\"client_name\":\"Native\",\"redirect_uris\":[\"com.example.app:/oauth2redirect\","
    "\"http://[::1]/cb\",\"https://app.example.com/cb\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/register",
                                                  json_headers, bodies[i], -1);
      JsonObject *o;

      g_assert_cmpuint (r->status, ==, 201);
      g_assert_cmpstr (dt_test_response_header (r, "Cache-Control"), ==, "no-store");
      o = json_node_get_object (r->json);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "client_id"), "dtc_"));
      g_assert_true (json_object_has_member (o, "redirect_uris"));
      g_assert_cmpstr (json_object_get_string_member (o, "token_endpoint_auth_method"), ==,
                       "none");
      g_assert_false (json_object_has_member (o, "client_secret"));
    }
  /* Repeated registrations with the same name are fine (mcp-remote registers twice). */
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/register",
                                                json_headers, bodies[1], -1);
    g_assert_cmpuint (r->status, ==, 201);
  }
}

static void
test_token_check_challenges (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, "/mcp");
  const char *at = dt_test_response_string (tokens, "access_token");
  g_autofree char *prm = g_strdup_printf ("resource_metadata=\"http://127.0.0.1:%u/.well-known/"
                                          "oauth-protected-resource/mcp\"", fixture->port);

  {
    g_autoptr(DtTestResponse) r = call_protected (fixture, "mcp", NULL, NULL);
    const char *www = dt_test_response_header (r, "WWW-Authenticate");
    JsonObject *o = json_node_get_object (r->json);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_true (g_str_has_prefix (www, "Bearer "));
    g_assert_nonnull (strstr (www, prm));
    g_assert_nonnull (strstr (www, "scope=\""));
    g_assert_null (strstr (www, "error="));
    /* Outside /mcp a refusal is an RFC 9457 problem. */
    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 401);
    g_assert_cmpstr (dt_test_response_header (r, "Content-Type"), ==, "application/problem+json");
  }
  {
    g_autoptr(DtTestResponse) r = call_protected (fixture, "mcp", at, "invoices:write");
    const char *www = dt_test_response_header (r, "WWW-Authenticate");

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_nonnull (strstr (www, "error=\"insufficient_scope\""));
    g_assert_nonnull (strstr (www, "scope=\"clients:read invoices:read invoices:write\""));
    g_assert_nonnull (strstr (www, prm));
  }
  {
    /* The challenge names the origin the client used. */
    g_autofree char *host = g_strdup_printf ("Host: localhost:%u", fixture->port);
    const char *headers[] = { host, NULL };
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/test-protected/api",
                                                headers, NULL, 0);
    g_autofree char *expected = g_strdup_printf ("http://localhost:%u/.well-known/"
                                                 "oauth-protected-resource/api/v1",
                                                 fixture->port);
    g_assert_cmpuint (r->status, ==, 401);
    g_assert_nonnull (strstr (dt_test_response_header (r, "WWW-Authenticate"), expected));
  }
  /* last_used is recorded. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM grants WHERE last_used_at IS "
                                        "NOT NULL"), ==, 0);
  {
    g_autoptr(DtTestResponse) r = call_protected (fixture, "mcp", at, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM grants WHERE last_used_at IS "
                                        "NOT NULL"), ==, 1);
}

static void
test_audit_has_no_secrets (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *client_id = register_client (fixture, REDIRECT);
  g_autofree char *code = get_code (fixture, client_id, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, client_id, code, "/mcp");
  g_autoptr(DtTestResponse) again = exchange_code (fixture, client_id, code, "/mcp");
  DtDb *db = dt_service_get_db (fixture->service);
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT group_concat (coalesce (event, '') || "
                                          "coalesce (detail, '') || coalesce (object, '') || "
                                          "coalesce (scopes, ''), ' ') FROM audit_log", NULL);
  g_autofree char *all = NULL;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  all = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_assert_nonnull (strstr (all, "consent.granted"));
  g_assert_nonnull (strstr (all, "code.reused"));
  g_assert_null (strstr (all, "dt_at_"));
  g_assert_null (strstr (all, "dt_rt_"));
  g_assert_null (strstr (all, "dt_ac_"));
  g_assert_null (strstr (all, VERIFIER));
  /* And nothing can change it. */
  g_assert_false (dt_db_exec (db, "DELETE FROM audit_log", NULL));
  g_assert_false (dt_db_exec (db, "UPDATE audit_log SET detail = 'x'", NULL));
}

/* ---- the table of negative cases --------------------------------------------------------- */

typedef enum
{
  EXPECT_JSON_ERROR,   /* status + JSON "error" member (or none when error is NULL) */
  EXPECT_REDIRECT,     /* 302 with error= in Location, plus iss */
  EXPECT_PAGE,         /* an HTML error page, never a Location */
} Expect;

typedef struct
{
  const char *name;
  const char *method;
  const char *target;       /* path and query, with {placeholders} */
  const char *body;         /* NULL: no body */
  const char *content_type; /* NULL: form for POST with body */
  const char *header;       /* one extra header line, or NULL */
  guint       status;
  const char *error;
  Expect      expect;
} NegativeCase;

#define CHALLENGE_OK "code_challenge={challenge}&code_challenge_method=S256"
#define AUTHZ "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri={redirect}&state=s"
#define FRESH_AUTHZ "/oauth/authorize?response_type=code&client_id={fresh}&redirect_uri={redirect}"
#define CODE_BODY "grant_type=authorization_code&code={code}&client_id={cid}&redirect_uri={redirect}"
#define REFRESH_BODY "grant_type=refresh_token&refresh_token={rt}&client_id={cid}"
#define CC_BODY "grant_type=client_credentials&client_id={pid}&client_secret={psecret}"
#define JSON "application/json"
#define REGISTER(uris) "{\"client_name\":\"n\",\"redirect_uris\":" uris "}"

static const NegativeCase negative_cases[] = {
  /* token endpoint: grant types and client authentication */
  { "token/no-grant-type", "POST", "/oauth/token", "client_id={cid}", NULL, NULL, 400, "invalid_request", 0 },
  { "token/password-grant", "POST", "/oauth/token", "grant_type=password&client_id={cid}&username=a&password=b", NULL, NULL, 400, "unsupported_grant_type", 0 },
  { "token/implicit-style", "POST", "/oauth/token", "grant_type=token&client_id={cid}", NULL, NULL, 400, "unsupported_grant_type", 0 },
  { "token/unknown-client", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id=dtc_nobody&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 401, "invalid_client", 0 },
  { "token/no-client-id", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 401, "invalid_client", 0 },
  { "token/public-with-secret", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&client_secret=guess", NULL, NULL, 401, "invalid_client", 0 },
  { "token/public-with-basic", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&redirect_uri={redirect}&code_verifier={verifier}", NULL, "Authorization: Basic {public_basic}", 401, "invalid_client", 0 },
  { "token/basic-not-base64", "POST", "/oauth/token", "grant_type=client_credentials", NULL, "Authorization: Basic !!!not-base64!!!", 401, "invalid_client", 0 },
  { "token/basic-no-colon", "POST", "/oauth/token", "grant_type=client_credentials", NULL, "Authorization: Basic ZHRwX25vY29sb24=", 401, "invalid_client", 0 },
  { "token/basic-empty", "POST", "/oauth/token", "grant_type=client_credentials", NULL, "Authorization: Basic ", 401, "invalid_client", 0 },
  { "token/basic-and-post-secret", "POST", "/oauth/token", "grant_type=client_credentials&client_secret={psecret}", NULL, "Authorization: Basic {private_basic}", 400, "invalid_request", 0 },
  { "token/bearer-as-client-auth", "POST", "/oauth/token", "grant_type=client_credentials", NULL, "Authorization: Bearer {at}", 401, "invalid_client", 0 },
  { "token/private-bad-secret-post", "POST", "/oauth/token", "grant_type=client_credentials&client_id={pid}&client_secret={psecret}x", NULL, NULL, 401, "invalid_client", 0 },
  { "token/private-bad-secret-basic", "POST", "/oauth/token", "grant_type=client_credentials", NULL, "Authorization: Basic {private_bad_basic}", 401, "invalid_client", 0 },
  { "token/private-no-secret", "POST", "/oauth/token", "grant_type=client_credentials&client_id={pid}", NULL, NULL, 401, "invalid_client", 0 },
  { "token/private-secret-prefix", "POST", "/oauth/token", "grant_type=client_credentials&client_id={pid}&client_secret=dt_cs_", NULL, NULL, 401, "invalid_client", 0 },
  { "token/private-code-grant", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id={pid}&client_secret={psecret}&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 400, "unauthorized_client", 0 },
  { "token/public-client-credentials", "POST", "/oauth/token", "grant_type=client_credentials&client_id={cid}", NULL, NULL, 400, "unauthorized_client", 0 },
  { "token/private-wider-scope", "POST", "/oauth/token", CC_BODY "&scope=clients:write", NULL, NULL, 400, "invalid_scope", 0 },
  { "token/private-unknown-scope", "POST", "/oauth/token", CC_BODY "&scope=admin", NULL, NULL, 400, "invalid_scope", 0 },
  { "token/private-other-target", "POST", "/oauth/token", CC_BODY "&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fmcp", NULL, NULL, 400, "invalid_target", 0 },
  /* token endpoint: codes and PKCE */
  { "code/unknown", "POST", "/oauth/token", "grant_type=authorization_code&code=dt_ac_forged&client_id={cid}&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 400, "invalid_grant", 0 },
  { "code/other-clients", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id={fresh}&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 400, "invalid_grant", 0 },
  { "code/missing", "POST", "/oauth/token", "grant_type=authorization_code&client_id={cid}&redirect_uri={redirect}&code_verifier={verifier}", NULL, NULL, 400, "invalid_request", 0 },
  { "pkce/verifier-missing", "POST", "/oauth/token", CODE_BODY, NULL, NULL, 400, "invalid_request", 0 },
  { "pkce/verifier-wrong", "POST", "/oauth/token", CODE_BODY "&code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, 400, "invalid_grant", 0 },
  { "pkce/verifier-is-challenge", "POST", "/oauth/token", CODE_BODY "&code_verifier={challenge}", NULL, NULL, 400, "invalid_grant", 0 },
  { "pkce/verifier-too-short", "POST", "/oauth/token", CODE_BODY "&code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, 400, "invalid_request", 0 },
  { "pkce/verifier-too-long", "POST", "/oauth/token", CODE_BODY "&code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, 400, "invalid_request", 0 },
  { "pkce/verifier-bad-charset", "POST", "/oauth/token", CODE_BODY "&code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B%2F", NULL, NULL, 400, "invalid_request", 0 },
  { "pkce/verifier-space", "POST", "/oauth/token", CODE_BODY "&code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+AAAA", NULL, NULL, 400, "invalid_request", 0 },
  { "redirect/token-mismatch-path", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id={cid}&redirect_uri=http%3A%2F%2F127.0.0.1%3A4711%2Fother&code_verifier={verifier}", NULL, NULL, 400, "invalid_grant", 0 },
  { "redirect/token-localhost-vs-ip", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id={cid}&redirect_uri=http%3A%2F%2Flocalhost%3A4711%2Fcb&code_verifier={verifier}", NULL, NULL, 400, "invalid_grant", 0 },
  { "redirect/token-missing", "POST", "/oauth/token", "grant_type=authorization_code&code={code}&client_id={cid}&code_verifier={verifier}", NULL, NULL, 400, "invalid_request", 0 },
  { "resource/token-unknown", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&resource=http%3A%2F%2Fevil.example%2Fmcp", NULL, NULL, 400, "invalid_target", 0 },
  { "resource/token-other-target", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fapi%2Fv1", NULL, NULL, 400, "invalid_target", 0 },
  { "resource/token-fragment", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fmcp%23x", NULL, NULL, 400, "invalid_target", 0 },
  /* token endpoint: refresh */
  { "refresh/unknown", "POST", "/oauth/token", "grant_type=refresh_token&refresh_token=dt_rt_forged&client_id={cid}", NULL, NULL, 400, "invalid_grant", 0 },
  { "refresh/missing", "POST", "/oauth/token", "grant_type=refresh_token&client_id={cid}", NULL, NULL, 400, "invalid_request", 0 },
  { "refresh/widened-scope", "POST", "/oauth/token", REFRESH_BODY "&scope=clients:write", NULL, NULL, 400, "invalid_scope", 0 },
  { "refresh/widened-other-area", "POST", "/oauth/token", REFRESH_BODY "&scope=clients:read%20invoices:read", NULL, NULL, 400, "invalid_scope", 0 },
  { "refresh/unknown-scope", "POST", "/oauth/token", REFRESH_BODY "&scope=root", NULL, NULL, 400, "invalid_scope", 0 },
  { "refresh/other-target", "POST", "/oauth/token", REFRESH_BODY "&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fapi%2Fv1", NULL, NULL, 400, "invalid_target", 0 },
  { "refresh/access-token-as-refresh", "POST", "/oauth/token", "grant_type=refresh_token&refresh_token={at}&client_id={cid}", NULL, NULL, 400, "invalid_grant", 0 },
  { "refresh/other-client", "POST", "/oauth/token", "grant_type=refresh_token&refresh_token={rt}&client_id={fresh}", NULL, NULL, 400, "invalid_grant", 0 },
  /* token endpoint: strict parsing and transport */
  { "form/duplicate-code", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&code={code}", NULL, NULL, 400, "invalid_request", 0 },
  { "form/duplicate-client-id", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&client_id={fresh}", NULL, NULL, 400, "invalid_request", 0 },
  { "form/nul-byte", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}%00", NULL, NULL, 400, "invalid_request", 0 },
  { "form/bad-escape", "POST", "/oauth/token", CODE_BODY "&code_verifier=%zz{verifier}", NULL, NULL, 400, "invalid_request", 0 },
  { "form/not-utf8", "POST", "/oauth/token", CODE_BODY "&code_verifier={verifier}&x=%FF", NULL, NULL, 400, "invalid_request", 0 },
  { "form/json-body", "POST", "/oauth/token", "{\"grant_type\":\"client_credentials\"}", JSON, NULL, 415, "invalid_request", 0 },
  { "form/text-plain", "POST", "/oauth/token", CC_BODY, "text/plain", NULL, 415, "invalid_request", 0 },
  { "token/get", "GET", "/oauth/token?" CC_BODY, NULL, NULL, NULL, 405, NULL, 0 },
  { "token/query-token", "POST", "/oauth/token?access_token={at}", CC_BODY, NULL, NULL, 400, NULL, 0 },
  { "host/token-localhost6", "POST", "/oauth/token", CC_BODY, NULL, "Host: localhost6:{port}", 403, NULL, 0 },
  { "host/token-127.1", "POST", "/oauth/token", CC_BODY, NULL, "Host: 127.1:{port}", 403, NULL, 0 },
  { "host/token-octal", "POST", "/oauth/token", CC_BODY, NULL, "Host: 0177.0.0.1:{port}", 403, NULL, 0 },
  { "host/token-mapped-v6", "POST", "/oauth/token", CC_BODY, NULL, "Host: [::ffff:127.0.0.1]:{port}", 403, NULL, 0 },
  { "host/token-trailing-dot", "POST", "/oauth/token", CC_BODY, NULL, "Host: localhost.:{port}", 403, NULL, 0 },
  { "host/token-evil", "POST", "/oauth/token", CC_BODY, NULL, "Host: evil.example", 403, NULL, 0 },
  { "origin/token-evil", "POST", "/oauth/token", CC_BODY, NULL, "Origin: http://evil.example", 403, NULL, 0 },
  { "origin/token-null", "POST", "/oauth/token", CC_BODY, NULL, "Origin: null", 403, NULL, 0 },
  /* authorize: bad client or redirect URI → a page, never a redirect */
  { "authorize/unknown-client", "GET", "/oauth/authorize?response_type=code&client_id=dtc_nobody&redirect_uri={redirect}&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/no-client", "GET", "/oauth/authorize?response_type=code&redirect_uri={redirect}&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-mismatch", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-localhost-vs-ip", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2Flocalhost%3A4711%2Fcb&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-other-path", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2F127.0.0.1%3A4711%2Fcb%2Fx&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-fragment", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2F127.0.0.1%3A4711%2Fcb%23x&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-userinfo", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2Fa%40127.0.0.1%3A4711%2Fcb&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/redirect-extra-query", "GET", "/oauth/authorize?response_type=code&client_id={cid}&redirect_uri=http%3A%2F%2F127.0.0.1%3A4711%2Fcb%3Fx%3D1&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/private-app", "GET", "/oauth/authorize?response_type=code&client_id={pid}&redirect_uri={redirect}&" CHALLENGE_OK, NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/unapproved-bad-pkce", "GET", FRESH_AUTHZ "&code_challenge_method=plain&code_challenge=abc", NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  { "authorize/unapproved-bad-scope", "GET", FRESH_AUTHZ "&" CHALLENGE_OK "&scope=root", NULL, NULL, NULL, 400, NULL, EXPECT_PAGE },
  /* authorize: known client and redirect → errors go back to the app */
  { "pkce/authorize-missing", "GET", AUTHZ, NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "pkce/authorize-plain", "GET", AUTHZ "&code_challenge={verifier}&code_challenge_method=plain", NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "pkce/authorize-no-method", "GET", AUTHZ "&code_challenge={challenge}", NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "pkce/authorize-lowercase-method", "GET", AUTHZ "&code_challenge={challenge}&code_challenge_method=s256", NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "pkce/authorize-short-challenge", "GET", AUTHZ "&code_challenge=abc&code_challenge_method=S256", NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "pkce/authorize-challenge-charset", "GET", AUTHZ "&code_challenge=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B%2F&code_challenge_method=S256", NULL, NULL, NULL, 302, "invalid_request", EXPECT_REDIRECT },
  { "authorize/response-type-token", "GET", "/oauth/authorize?response_type=token&client_id={cid}&redirect_uri={redirect}&" CHALLENGE_OK, NULL, NULL, NULL, 302, "unsupported_response_type", EXPECT_REDIRECT },
  { "authorize/no-response-type", "GET", "/oauth/authorize?client_id={cid}&redirect_uri={redirect}&" CHALLENGE_OK, NULL, NULL, NULL, 302, "unsupported_response_type", EXPECT_REDIRECT },
  { "scope/authorize-unknown", "GET", AUTHZ "&" CHALLENGE_OK "&scope=clients:read%20root", NULL, NULL, NULL, 302, "invalid_scope", EXPECT_REDIRECT },
  { "scope/authorize-reports-write", "GET", AUTHZ "&" CHALLENGE_OK "&scope=reports:write", NULL, NULL, NULL, 302, "invalid_scope", EXPECT_REDIRECT },
  { "scope/authorize-bad-syntax", "GET", AUTHZ "&" CHALLENGE_OK "&scope=clients:read%22", NULL, NULL, NULL, 302, "invalid_scope", EXPECT_REDIRECT },
  { "resource/authorize-unknown", "GET", AUTHZ "&" CHALLENGE_OK "&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fadmin", NULL, NULL, NULL, 302, "invalid_target", EXPECT_REDIRECT },
  { "resource/authorize-fragment", "GET", AUTHZ "&" CHALLENGE_OK "&resource=http%3A%2F%2F127.0.0.1%3A{port}%2Fmcp%23f", NULL, NULL, NULL, 302, "invalid_target", EXPECT_REDIRECT },
  { "resource/authorize-other-port", "GET", AUTHZ "&" CHALLENGE_OK "&resource=http%3A%2F%2F127.0.0.1%3A1%2Fmcp", NULL, NULL, NULL, 302, "invalid_target", EXPECT_REDIRECT },
  { "resource/authorize-https", "GET", AUTHZ "&" CHALLENGE_OK "&resource=https%3A%2F%2F127.0.0.1%3A{port}%2Fmcp", NULL, NULL, NULL, 302, "invalid_target", EXPECT_REDIRECT },
  { "query/authorize-duplicate-client", "GET", AUTHZ "&" CHALLENGE_OK "&client_id={fresh}", NULL, NULL, NULL, 400, NULL, 0 },
  { "query/authorize-duplicate-redirect", "GET", AUTHZ "&" CHALLENGE_OK "&redirect_uri=https%3A%2F%2Fevil.example", NULL, NULL, NULL, 400, NULL, 0 },
  { "query/authorize-nul", "GET", AUTHZ "&" CHALLENGE_OK "&scope=clients:read%00", NULL, NULL, NULL, 400, NULL, 0 },
  { "query/authorize-bad-escape", "GET", AUTHZ "&" CHALLENGE_OK "&scope=%G1", NULL, NULL, NULL, 400, NULL, 0 },
  { "query/authorize-access-token", "GET", AUTHZ "&" CHALLENGE_OK "&access_token={at}", NULL, NULL, NULL, 400, NULL, 0 },
  { "authorize/post", "POST", "/oauth/authorize", "client_id={cid}", NULL, NULL, 405, NULL, 0 },
  { "host/authorize-evil", "GET", AUTHZ "&" CHALLENGE_OK, NULL, NULL, "Host: evil.example:{port}", 403, NULL, 0 },
  { "origin/authorize-evil", "GET", AUTHZ "&" CHALLENGE_OK, NULL, NULL, "Origin: https://evil.example", 403, NULL, 0 },
  /* revocation */
  { "revoke/no-token", "POST", "/oauth/revoke", "client_id={cid}", NULL, NULL, 400, "invalid_request", 0 },
  { "revoke/unknown-client", "POST", "/oauth/revoke", "token={rt}&client_id=dtc_nobody", NULL, NULL, 401, "invalid_client", 0 },
  { "revoke/private-bad-secret", "POST", "/oauth/revoke", "token={rt}&client_id={pid}&client_secret=nope", NULL, NULL, 401, "invalid_client", 0 },
  { "revoke/get", "GET", "/oauth/revoke?token={rt}&client_id={cid}", NULL, NULL, NULL, 405, NULL, 0 },
  /* registration */
  { "register/fragment", "POST", "/oauth/register", REGISTER ("[\"http://127.0.0.1:1/cb#frag\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/userinfo", "POST", "/oauth/register", REGISTER ("[\"http://user:pw@127.0.0.1:1/cb\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/javascript", "POST", "/oauth/register", REGISTER ("[\"javascript:alert(1)\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/data", "POST", "/oauth/register", REGISTER ("[\"data:text/html,hi\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/file", "POST", "/oauth/register", REGISTER ("[\"file:///etc/passwd\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/http-remote", "POST", "/oauth/register", REGISTER ("[\"http://evil.example/cb\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/http-lookalike", "POST", "/oauth/register", REGISTER ("[\"http://127.0.0.1.evil.example/cb\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/scheme-without-dot", "POST", "/oauth/register", REGISTER ("[\"myapp:/cb\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/one-bad-of-two", "POST", "/oauth/register", REGISTER ("[\"http://127.0.0.1:1/cb\",\"javascript:x\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/no-redirects", "POST", "/oauth/register", "{\"client_name\":\"n\"}", JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/empty-redirects", "POST", "/oauth/register", REGISTER ("[]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/redirect-not-string", "POST", "/oauth/register", REGISTER ("[42]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/too-many-redirects", "POST", "/oauth/register", REGISTER ("[\"http://127.0.0.1:1/1\",\"http://127.0.0.1:1/2\",\"http://127.0.0.1:1/3\",\"http://127.0.0.1:1/4\",\"http://127.0.0.1:1/5\",\"http://127.0.0.1:1/6\",\"http://127.0.0.1:1/7\",\"http://127.0.0.1:1/8\",\"http://127.0.0.1:1/9\",\"http://127.0.0.1:1/10\",\"http://127.0.0.1:1/11\",\"http://127.0.0.1:1/12\",\"http://127.0.0.1:1/13\",\"http://127.0.0.1:1/14\",\"http://127.0.0.1:1/15\",\"http://127.0.0.1:1/16\",\"http://127.0.0.1:1/17\",\"http://127.0.0.1:1/18\",\"http://127.0.0.1:1/19\",\"http://127.0.0.1:1/20\",\"http://127.0.0.1:1/21\"]"), JSON, NULL, 400, "invalid_redirect_uri", 0 },
  { "register/confidential", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/client-credentials", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"grant_types\":[\"client_credentials\"]}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/implicit", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"response_types\":[\"token\"]}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/name-not-string", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"client_name\":{\"x\":1}}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/bad-application-type", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"application_type\":\"browser\"}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/not-object", "POST", "/oauth/register", "[\"http://127.0.0.1:1/cb\"]", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/invalid-json", "POST", "/oauth/register", "{\"redirect_uris\":", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/text-plain", "POST", "/oauth/register", REGISTER ("[\"http://127.0.0.1:1/cb\"]"), "text/plain", NULL, 415, "invalid_client_metadata", 0 },
  { "register/form", "POST", "/oauth/register", "redirect_uris=http%3A%2F%2F127.0.0.1%3A1%2Fcb", NULL, NULL, 415, "invalid_client_metadata", 0 },
  { "register/deep-json", "POST", "/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"x\":{deep}}", JSON, NULL, 400, "invalid_client_metadata", 0 },
  { "register/get", "GET", "/oauth/register", NULL, NULL, NULL, 405, NULL, 0 },
  /* the token check */
  { "check/no-token", "GET", "/test-protected/mcp", NULL, NULL, NULL, 401, NULL, 0 },
  { "check/basic-scheme", "GET", "/test-protected/mcp", NULL, NULL, "Authorization: Basic {private_basic}", 401, NULL, 0 },
  { "check/garbage", "GET", "/test-protected/mcp", NULL, NULL, "Authorization: Bearer garbage", 401, NULL, 0 },
  { "check/forged", "GET", "/test-protected/mcp", NULL, NULL, "Authorization: Bearer dt_at_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401, NULL, 0 },
  { "check/refresh-as-bearer", "GET", "/test-protected/mcp", NULL, NULL, "Authorization: Bearer {rt}", 401, NULL, 0 },
  { "check/wrong-audience", "GET", "/test-protected/api", NULL, NULL, "Authorization: Bearer {at}", 401, NULL, 0 },
  { "check/insufficient-scope", "GET", "/test-protected/mcp?need=invoices:send", NULL, NULL, "Authorization: Bearer {at}", 403, NULL, 0 },
  { "check/token-in-query", "GET", "/test-protected/mcp?access_token={at}", NULL, NULL, NULL, 400, NULL, 0 },
  { "check/private-secret-as-bearer", "GET", "/test-protected/api", NULL, NULL, "Authorization: Bearer {psecret}", 401, NULL, 0 },
};

static char *
basic_header_value (const char *id,
                    const char *secret)
{
  g_autofree char *raw = g_strdup_printf ("%s:%s", id, secret);
  return g_base64_encode ((const guchar *) raw, strlen (raw));
}

static char *
expand (GHashTable *vars,
        const char *template)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = template; *p != '\0'; p++)
    {
      const char *end;
      if (*p == '{' && (end = strchr (p, '}')) != NULL && end - p < 20 &&
          g_ascii_islower (p[1]))
        {
          g_autofree char *name = g_strndup (p + 1, end - p - 1);
          const char *value = g_hash_table_lookup (vars, name);
          if (value != NULL)
            {
              g_string_append (out, value);
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* An approved public client with a live token pair and one fresh code, an unapproved client,
 * and a private app: what the negative cases try to misuse. */
static void
prepare_negative (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cid = register_client (fixture, REDIRECT);
  g_autofree char *code1 = get_code (fixture, cid, "clients:read", "/mcp");
  g_autoptr(DtTestResponse) tokens = exchange_code (fixture, cid, code1, "/mcp");
  g_autofree char *code = get_code (fixture, cid, "clients:read", "/mcp");
  g_autofree char *fresh = register_client (fixture, REDIRECT);
  g_autofree char *secret = NULL;
  const char *scopes[] = { "invoices:read", NULL };
  g_autoptr(DtOAuthClient) private = dt_oauth_client_create_private (
    dt_service_get_db (fixture->service), "Script", DT_TARGET_API, scopes, &secret, NULL, &error);
  g_autoptr(GString) deep = g_string_new (NULL);
  GHashTable *v = fixture->vars;

  g_assert_no_error (error);
  g_assert_cmpuint (tokens->status, ==, 200);
  for (int i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  g_hash_table_insert (v, g_strdup ("cid"), g_strdup (cid));
  g_hash_table_insert (v, g_strdup ("code"), g_strdup (code));
  g_hash_table_insert (v, g_strdup ("fresh"), g_strdup (fresh));
  g_hash_table_insert (v, g_strdup ("at"), g_strdup (dt_test_response_string (tokens,
                                                                              "access_token")));
  g_hash_table_insert (v, g_strdup ("rt"), g_strdup (dt_test_response_string (tokens,
                                                                              "refresh_token")));
  g_hash_table_insert (v, g_strdup ("pid"), g_strdup (private->client_id));
  g_hash_table_insert (v, g_strdup ("psecret"), g_strdup (secret));
  g_hash_table_insert (v, g_strdup ("verifier"), g_strdup (VERIFIER));
  g_hash_table_insert (v, g_strdup ("challenge"), challenge_for (VERIFIER));
  g_hash_table_insert (v, g_strdup ("redirect"), dt_form_encode (REDIRECT));
  g_hash_table_insert (v, g_strdup ("public_basic"), basic_header_value (cid, "x"));
  g_hash_table_insert (v, g_strdup ("private_basic"), basic_header_value (private->client_id,
                                                                          secret));
  g_hash_table_insert (v, g_strdup ("private_bad_basic"),
                       basic_header_value (private->client_id, "dt_cs_wrong"));
  g_hash_table_insert (v, g_strdup ("deep"), g_strdup (deep->str));
}

static void
test_negative_case (Fixture       *fixture,
                    gconstpointer  data)
{
  const NegativeCase *c = data;
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  g_autofree char *target = NULL;
  g_autofree char *body = NULL;
  g_autofree char *header = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(DtTestResponse) r = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  const char *headers[3] = { NULL, NULL, NULL };
  guint n = 0;
  gint64 tokens, live, codes, grants, clients;

  prepare_negative (fixture);
  tokens = N_TOKENS (fixture);
  live = N_LIVE_TOKENS (fixture);
  codes = N_CODES (fixture);
  grants = N_GRANTS (fixture);
  clients = N_CLIENTS (fixture);

  target = expand (fixture->vars, c->target);
  body = c->body != NULL ? expand (fixture->vars, c->body) : NULL;
  if (body != NULL)
    {
      content_type = g_strdup_printf ("Content-Type: %s", c->content_type != NULL
                                        ? c->content_type
                                        : "application/x-www-form-urlencoded");
      headers[n++] = content_type;
    }
  if (c->header != NULL)
    {
      header = expand (fixture->vars, c->header);
      headers[n++] = header;
    }

  r = dt_test_http (fixture->port, c->method, target, headers, body, -1);
  g_test_message ("%s %s → %u %s", c->method, c->name, r->status, r->body);
  g_assert_cmpuint (r->status, ==, c->status);

  switch (c->expect)
    {
    case EXPECT_JSON_ERROR:
      g_assert_null (dt_test_response_header (r, "Location"));
      if (c->error != NULL)
        {
          g_assert_cmpstr (dt_test_response_string (r, "error"), ==, c->error);
          g_assert_cmpstr (dt_test_response_header (r, "Cache-Control"), ==, "no-store");
        }
      if (c->status == 401 && g_str_has_prefix (c->target, "/test-protected"))
        g_assert_nonnull (strstr (dt_test_response_header (r, "WWW-Authenticate"),
                                  "resource_metadata="));
      if (c->status == 403 && g_str_has_prefix (c->target, "/test-protected"))
        g_assert_nonnull (strstr (dt_test_response_header (r, "WWW-Authenticate"),
                                  "insufficient_scope"));
      break;
    case EXPECT_REDIRECT:
      {
        g_autofree char *error = location_param (r, "error");
        g_autofree char *iss = location_param (r, "iss");
        g_autofree char *state = location_param (r, "state");
        g_assert_true (g_str_has_prefix (dt_test_response_header (r, "Location"), REDIRECT));
        g_assert_cmpstr (error, ==, c->error);
        if (strstr (c->target, "state=s") != NULL)
          g_assert_cmpstr (state, ==, "s");
        g_assert_nonnull (iss);
        g_assert_null (location_param (r, "code"));
      }
      break;
    case EXPECT_PAGE:
      g_assert_null (dt_test_response_header (r, "Location"));
      g_assert_true (g_str_has_prefix (dt_test_response_header (r, "Content-Type"), "text/html"));
      break;
    default:
      g_assert_not_reached ();
    }

  /* Nothing was issued, nothing was asked of the user, no app appeared. */
  g_assert_cmpint (N_TOKENS (fixture), ==, tokens);
  g_assert_cmpint (N_LIVE_TOKENS (fixture), ==, live);
  g_assert_cmpint (N_CODES (fixture), ==, codes);
  g_assert_cmpint (N_GRANTS (fixture), ==, grants);
  g_assert_cmpint (N_CLIENTS (fixture), ==, clients);
  pending = dt_consent_broker_list_pending (broker);
  g_assert_cmpuint (pending->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/oauth/flow/public-api", test_public_flow_api);
  ADD ("/oauth/flow/public-mcp", test_public_flow_mcp);
  ADD ("/oauth/flow/no-resource-means-api", test_no_resource_means_api);
  ADD ("/oauth/flow/localhost-forms", test_localhost_forms);
  ADD ("/oauth/flow/narrowed-consent", test_narrowed_consent);
  ADD ("/oauth/flow/consent-narrowing-refused", test_consent_narrowing_refused);
  ADD ("/oauth/flow/private-app", test_private_app);
  ADD ("/oauth/flow/refresh-rotation", test_refresh_rotation);
  ADD ("/oauth/flow/revocation", test_revocation);
  ADD ("/oauth/flow/sdk-registration-bodies", test_sdk_registration_bodies);
  ADD ("/oauth/security/revoked-grant", test_revoked_grant);
  ADD ("/oauth/security/code-reuse-revokes", test_code_reuse_revokes);
  ADD ("/oauth/security/racing-redemptions", test_racing_redemptions);
  ADD ("/oauth/security/code-expiry", test_code_expiry);
  ADD ("/oauth/security/token-expiry", test_token_expiry);
  ADD ("/oauth/security/denied-and-timeout", test_denied_and_timeout);
  ADD ("/oauth/security/one-pending-per-client", test_one_pending_per_client);
  ADD ("/oauth/security/stop-while-waiting", test_stop_while_waiting);
  ADD ("/oauth/security/consent-rate-limit", test_consent_rate_limit);
  ADD ("/oauth/security/registration-limits", test_registration_limits);
  ADD ("/oauth/security/unapproved-expiry", test_unapproved_expiry);
  ADD ("/oauth/security/token-check-challenges", test_token_check_challenges);
  ADD ("/oauth/security/audit-has-no-secrets", test_audit_has_no_secrets);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (negative_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/oauth/negative/%s", negative_cases[i].name);
      g_test_add (path, Fixture, &negative_cases[i], fixture_set_up, test_negative_case,
                  fixture_tear_down);
    }
  g_test_message ("%u negative cases in the table", (guint) G_N_ELEMENTS (negative_cases));
  return g_test_run ();
}

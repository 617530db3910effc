/* test-connected-apps.c: turning the confirmation of sensitive actions off and on for an app,
 * per target, audited, seen by the token check and the listing; unknown and revoked apps are
 * refused by name and nothing changes. */
#include <string.h>

#include "dt-audit.h"
#include "dt-connected-apps.h"
#include "dt-error.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"
#include "dt-store-events.h"
#include "dt-time.h"
#include "dt-token-check.h"

#define BASE "http://127.0.0.1:7313"

typedef struct
{
  DtDb   *db;
  char   *client_id;
  gint64  api_grant;
  gint64  mcp_grant;
  char   *api_bearer;
  char   *mcp_bearer;
  guint   changes;
} Fixture;

static void
changed_cb (DtStoreEvents *events,
            const char    *entity,
            gint64         id,
            Fixture       *fixture)
{
  if (g_str_equal (entity, DT_ENTITY_CONNECTED_APP))
    fixture->changes++;
}

static char *
bearer_for (Fixture  *fixture,
            gint64    grant,
            DtTarget  target)
{
  const char *scopes[] = { "clients:read", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIssuedTokens) tokens = dt_tokens_issue (fixture->db, grant, target, scopes, 0,
                                                      FALSE, &error);

  g_assert_no_error (error);
  return g_strconcat ("Bearer ", tokens->access_token, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DtOAuthClient) client = NULL;
  const char *scopes[] = { "clients:read", NULL };

  dt_time_set_fake_now (1800000000);
  fixture->db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, "{\"client_name\":\"Assistant\","
                                             "\"redirect_uris\":[\"http://127.0.0.1:1/cb\"]}",
                                             -1, NULL));
  client = dt_oauth_client_register (fixture->db, json_parser_get_root (parser), NULL, &error);
  g_assert_no_error (error);
  fixture->client_id = g_strdup (client->client_id);
  /* One app with access to both servers: the switch may act on one or on both. */
  fixture->api_grant = dt_grant_create (fixture->db, client->id, DT_TARGET_API, scopes, "dialog",
                                        &error);
  g_assert_no_error (error);
  fixture->mcp_grant = dt_grant_create (fixture->db, client->id, DT_TARGET_MCP, scopes, "dialog",
                                        &error);
  g_assert_no_error (error);
  fixture->api_bearer = bearer_for (fixture, fixture->api_grant, DT_TARGET_API);
  fixture->mcp_bearer = bearer_for (fixture, fixture->mcp_grant, DT_TARGET_MCP);
  g_signal_connect (dt_db_get_events (fixture->db), "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_time_set_fake_now (0);
  g_signal_handlers_disconnect_by_data (dt_db_get_events (fixture->db), fixture);
  g_assert_finalize_object (fixture->db);
  g_free (fixture->client_id);
  g_free (fixture->api_bearer);
  g_free (fixture->mcp_bearer);
}

/* What the REST API or the MCP server would decide for the app's next request. */
static gboolean
asks (Fixture  *fixture,
      DtTarget  target)
{
  g_autoptr(DtAuthChallenge) challenge = NULL;
  g_autoptr(DtPrincipal) principal = NULL;

  principal = dt_token_check (fixture->db, target == DT_TARGET_API ? fixture->api_bearer
                                                                   : fixture->mcp_bearer,
                              target, "clients:read", BASE, &challenge);
  g_assert_nonnull (principal);
  return principal->confirm_sensitive;
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  sqlite3_stmt *stmt = dt_db_prepare (fixture->db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The app's entry in dt_connected_apps_list. */
static JsonObject *
listed (Fixture    *fixture,
        JsonArray **out_apps)
{
  g_autoptr(GError) error = NULL;

  *out_apps = dt_connected_apps_list (fixture->db, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (*out_apps); i++)
    {
      JsonObject *app = json_array_get_object_element (*out_apps, i);
      if (g_strcmp0 (json_object_get_string_member (app, "client_id"), fixture->client_id) == 0)
        return app;
    }
  return NULL;
}

static void
test_off_and_on (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* On by default, and listed so. */
  g_assert_true (asks (fixture, DT_TARGET_API));
  g_assert_true (asks (fixture, DT_TARGET_MCP));
  {
    g_autoptr(JsonArray) apps = NULL;
    JsonObject *app = listed (fixture, &apps);
    JsonArray *grants = json_object_get_array_member (app, "grants");

    g_assert_true (json_object_get_boolean_member (app, "confirm_sensitive"));
    g_assert_cmpuint (json_array_get_length (grants), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (grants, i),
                                                     "confirm_sensitive"));
  }

  /* Off: both grants, effective on the next request, one audit event each. */
  g_assert_true (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, NULL,
                                                          FALSE, "dialog", &error));
  g_assert_no_error (error);
  g_assert_false (asks (fixture, DT_TARGET_API));
  g_assert_false (asks (fixture, DT_TARGET_MCP));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE event = "
                                   "'grant.confirm_off' AND detail LIKE '%(dialog)'"), ==, 2);
  g_assert_cmpuint (fixture->changes, ==, 1);
  {
    g_autoptr(JsonArray) apps = NULL;
    JsonObject *app = listed (fixture, &apps);
    JsonArray *recent = json_object_get_array_member (app, "recent");

    g_assert_false (json_object_get_boolean_member (app, "confirm_sensitive"));
    /* The panel's recent activity shows it. */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (recent, 0),
                                                    "event"), ==, "grant.confirm_off");
  }

  /* Off again changes nothing and audits nothing. */
  g_assert_true (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, NULL,
                                                          FALSE, "cli", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE event = "
                                   "'grant.confirm_off'"), ==, 2);
  g_assert_cmpuint (fixture->changes, ==, 1);

  /* On again: asks again. */
  g_assert_true (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, NULL,
                                                          TRUE, "cli", &error));
  g_assert_no_error (error);
  g_assert_true (asks (fixture, DT_TARGET_API));
  g_assert_true (asks (fixture, DT_TARGET_MCP));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE event = "
                                   "'grant.confirm_on' AND detail LIKE '%(cli)'"), ==, 2);
  g_assert_cmpuint (fixture->changes, ==, 2);
}

static void
test_one_target (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, "mcp",
                                                          FALSE, "cli", &error));
  g_assert_no_error (error);
  g_assert_true (asks (fixture, DT_TARGET_API));
  g_assert_false (asks (fixture, DT_TARGET_MCP));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log WHERE event = "
                                   "'grant.confirm_off' AND target = 'mcp'"), ==, 1);
  {
    g_autoptr(JsonArray) apps = NULL;
    JsonObject *app = listed (fixture, &apps);

    /* One grant acting without asking is enough for the app to be shown as not asking. */
    g_assert_false (json_object_get_boolean_member (app, "confirm_sensitive"));
  }

  g_assert_false (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id,
                                                           "smtp", FALSE, "cli", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "smtp"));
  g_assert_true (asks (fixture, DT_TARGET_API));
}

static void
test_unknown_app (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 events = count (fixture, "SELECT count(*) FROM audit_log");

  g_assert_false (dt_connected_apps_set_confirm_sensitive (fixture->db, "dtc_nobody", NULL, FALSE,
                                                           "cli", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "dtc_nobody"));
  /* Nothing changed anywhere. */
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM grants WHERE confirm_sensitive = 0"),
                   ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log"), ==, events);
  g_assert_cmpuint (fixture->changes, ==, 0);
}

static void
test_revoked_app (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 events;

  g_assert_true (dt_connected_apps_revoke (fixture->db, fixture->client_id, "cli", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes, ==, 1);
  events = count (fixture, "SELECT count(*) FROM audit_log");

  g_assert_false (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, NULL,
                                                           FALSE, "cli", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, fixture->client_id));
  g_assert_nonnull (strstr (error->message, "no access"));
  g_clear_error (&error);
  /* A target it never had is refused the same way. */
  g_assert_true (dt_grant_revoke (fixture->db, fixture->api_grant, &error));
  g_assert_false (dt_connected_apps_set_confirm_sensitive (fixture->db, fixture->client_id, "api",
                                                           TRUE, "cli", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "REST API"));

  g_assert_cmpint (count (fixture, "SELECT count(*) FROM grants WHERE confirm_sensitive = 0"),
                   ==, 0);
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM audit_log"), ==, events);
  g_assert_cmpuint (fixture->changes, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/connected-apps/confirm/off-and-on", test_off_and_on);
  ADD ("/connected-apps/confirm/one-target", test_one_target);
  ADD ("/connected-apps/confirm/unknown-app", test_unknown_app);
  ADD ("/connected-apps/confirm/revoked-app", test_revoked_app);
#undef ADD

  return g_test_run ();
}

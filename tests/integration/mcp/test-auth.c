/* test-auth.c: the REST API and the MCP server as the application mounts them — real tokens
 * checked on every request, each target refusing the other's tokens, per-tool scopes as
 * HTTP 403 insufficient_scope, and sensitive actions confirmed (or not) by the user through
 * the consent broker, each call in the audit log. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dt-app-routes.h"
#include "dt-test-core.h"
#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-audit.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"

typedef struct
{
  char            *dir;
  DtDb            *db;
  DtServer        *server;
  DtConsentBroker *broker;
  SoupSession     *session;
  char            *base;
  char            *mcp_session;
  /* what the simulated user answers to the next question */
  gboolean         approve;
  guint            questions;
  char            *last_summary;
} Fixture;

static void
request_added_cb (DtConsentBroker  *broker,
                  DtConsentRequest *request,
                  gpointer          user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->questions++;
  g_free (f->last_summary);
  f->last_summary = g_strdup (request->summary);
  g_assert_cmpint (request->kind, ==, DT_CONSENT_KIND_ACTION);
  if (f->approve)
    dt_consent_broker_approve (broker, request->id, NULL, DT_CONSENT_VIA_CLI, &error);
  else
    dt_consent_broker_deny (broker, request->id, DT_CONSENT_VIA_CLI, &error);
  g_assert_no_error (error);
}

static char *
issue_token (Fixture    *f,
             DtTarget    target,
             const char *scopes_text)
{
  g_auto(GStrv) scopes = g_strsplit (scopes_text, " ", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  gint64 grant = 0;

  client = dt_oauth_client_create_private (f->db, "Test script", target,
                                           (const char * const *) scopes, &secret, &grant,
                                           &error);
  g_assert_no_error (error);
  tokens = dt_tokens_issue (f->db, grant, target, (const char * const *) scopes, 0, FALSE,
                            &error);
  g_assert_no_error (error);
  return g_strdup (tokens->access_token);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dt-mcp-auth-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_getenv ("XDG_RUNTIME_DIR") == NULL)
    g_setenv ("XDG_RUNTIME_DIR", f->dir, TRUE);
  f->db = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
  f->broker = dt_consent_broker_new ();
  g_signal_connect (f->broker, "request-added", G_CALLBACK (request_added_cb), f);
  f->server = dt_server_new (dt_db_get_path (f->db), 0);
  dt_app_routes_mount (f->server, f->broker);
  dt_server_start (f->server, &error);
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", dt_server_get_port (f->server));
  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->session);
  dt_consent_broker_cancel_all (f->broker);
  dt_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->broker);
  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->mcp_session);
  g_free (f->last_summary);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* Sends asynchronously and runs the main loop meanwhile, so the consent broker (on this
 * thread) can ask and be answered while the server thread waits. */
static GBytes *
send (Fixture     *f,
      SoupMessage *msg)
{
  GBytes *bytes = NULL;

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &bytes);
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bytes;
}

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             const char *body)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  return msg;
}

static char *
mcp_post (Fixture     *f,
          const char  *token,
          const char  *body,
          guint       *status,
          char       **www_authenticate)
{
  g_autoptr(SoupMessage) msg = new_message (f, "POST", "/mcp", token, body);
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *response;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json, text/event-stream");
  if (f->mcp_session)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Mcp-Session-Id",
                                  f->mcp_session);
  bytes = send (f, msg);
  response = soup_message_get_response_headers (msg);
  *status = soup_message_get_status (msg);
  if (www_authenticate)
    *www_authenticate = g_strdup (soup_message_headers_get_one (response, "WWW-Authenticate"));
  if (f->mcp_session == NULL && soup_message_headers_get_one (response, "Mcp-Session-Id"))
    f->mcp_session = g_strdup (soup_message_headers_get_one (response, "Mcp-Session-Id"));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
mcp_initialize (Fixture    *f,
                const char *token)
{
  g_autofree char *body = NULL;
  guint status;

  body = mcp_post (f, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                   "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                   "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (f->mcp_session);
}

static guint
rest_status (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             const char *body,
             char      **www_authenticate)
{
  g_autoptr(SoupMessage) msg = new_message (f, method, path, token, body);
  g_autoptr(GBytes) bytes = send (f, msg);

  if (www_authenticate)
    *www_authenticate = g_strdup (soup_message_headers_get_one (
        soup_message_get_response_headers (msg), "WWW-Authenticate"));
  return soup_message_get_status (msg);
}

static void
test_targets (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *api_token = issue_token (f, DT_TARGET_API, "clients:read");
  g_autofree char *mcp_token = issue_token (f, DT_TARGET_MCP, "clients:read");
  g_autofree char *challenge = NULL;
  g_autofree char *body = NULL;
  guint status;

  /* No token: 401 pointing at the protected-resource metadata. */
  g_assert_cmpuint (rest_status (f, "GET", "/api/v1/clients", NULL, NULL, &challenge), ==, 401);
  g_assert_nonnull (strstr (challenge, "resource_metadata="));
  g_clear_pointer (&challenge, g_free);

  g_assert_cmpuint (rest_status (f, "GET", "/api/v1/clients", api_token, NULL, NULL), ==, 200);
  /* Each server refuses the other's tokens. */
  g_assert_cmpuint (rest_status (f, "GET", "/api/v1/clients", mcp_token, NULL, NULL), ==, 401);
  body = mcp_post (f, api_token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                   "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                   "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", &status, &challenge);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (challenge, "invalid_token"));
  g_assert_null (f->mcp_session);
  mcp_initialize (f, mcp_token);

  /* The session is never authentication: without the token it is refused. */
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, NULL, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", &status, NULL);
  g_assert_cmpuint (status, ==, 401);
}

static void
test_scopes (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *api_token = issue_token (f, DT_TARGET_API, "clients:read");
  g_autofree char *mcp_token = issue_token (f, DT_TARGET_MCP, "clients:read");
  g_autofree char *challenge = NULL;
  g_autofree char *body = NULL;
  guint status;

  g_assert_cmpuint (rest_status (f, "POST", "/api/v1/clients", api_token, "{\"name\":\"A\"}",
                                 &challenge), ==, 403);
  g_assert_nonnull (strstr (challenge, "insufficient_scope"));
  g_assert_nonnull (strstr (challenge, "clients:write"));
  g_clear_pointer (&challenge, g_free);

  mcp_initialize (f, mcp_token);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                   "\"params\":{\"name\":\"list_clients\",\"arguments\":{}}}", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                   "\"params\":{\"name\":\"create_client\",\"arguments\":{\"name\":\"A\"}}}",
                   &status, &challenge);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (challenge, "error=\"insufficient_scope\""));
  g_assert_nonnull (strstr (challenge, "clients:write"));
  g_assert_nonnull (strstr (challenge, "resource_metadata="));
}

/* Checking the roll-ups is an act of its own scope: without maintenance:write it is refused
 * on both faces and the damage it would repair stays; with it, the damage is found, named and
 * repaired. */
static void
test_maintenance (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *reader = issue_token (f, DT_TARGET_API, "clients:read reports:read");
  g_autofree char *mcp_reader = issue_token (f, DT_TARGET_MCP, "clients:read reports:read");
  g_autofree char *admin = issue_token (f, DT_TARGET_API, "maintenance:write");
  g_autofree char *challenge = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 project = dt_test_query_int (f->db, "SELECT min (id) FROM projects");
  guint status;

  if (project == 0)
    {
      g_autoptr(DtClient) client = dt_client_new ();
      g_autoptr(DtProject) input = dt_project_new ();
      g_autoptr(DtClient) c = NULL;
      g_autoptr(DtProject) p = NULL;

      g_free (client->name);
      client->name = g_strdup ("Acme");
      c = dt_client_store_create (f->db, client, &error);
      g_assert_no_error (error);
      g_free (input->name);
      input->name = g_strdup ("Site");
      input->client_id = c->id;
      p = dt_project_store_create (f->db, input, &error);
      g_assert_no_error (error);
      project = p->id;
    }
  g_assert_no_error (error);
  dt_test_add_entry (f->db, project, 0, 1790000000, 90);
  g_assert_true (dt_db_exec (f->db, "UPDATE work_days SET amount = amount + 5", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (rest_status (f, "POST", "/api/v1/maintenance/check-rollups", reader,
                                 "{\"repair\":true}", &challenge), ==, 403);
  g_assert_nonnull (strstr (challenge, "maintenance:write"));
  mcp_initialize (f, mcp_reader);
  body = mcp_post (f, mcp_reader, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                   "\"params\":{\"name\":\"check_rollups\",\"arguments\":{\"repair\":true}}}",
                   &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  /* Refused means untouched. */
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count (*) FROM work_days "
                                             "WHERE amount % 5 <> 0 OR amount = 5"), >, 0);

  msg = new_message (f, "POST", "/api/v1/maintenance/check-rollups", admin, "{\"repair\":true}");
  bytes = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"differences\":1"));
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"repaired\":true"));
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "work_days: project"));
  g_clear_object (&msg);
  g_clear_pointer (&bytes, g_bytes_unref);
  msg = new_message (f, "POST", "/api/v1/maintenance/check-rollups", admin, "{}");
  bytes = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"differences\":0"));
}

static gint64
make_entry (Fixture    *f,
            const char *token)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gint64 client, project;
  g_autofree char *body = NULL;

  msg = new_message (f, "POST", "/api/v1/clients", token, "{\"name\":\"Acme\"}");
  bytes = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              NULL);
  client = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "id");
  g_clear_object (&msg);
  g_clear_pointer (&bytes, g_bytes_unref);

  body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Site\"}", client);
  msg = new_message (f, "POST", "/api/v1/projects", token, body);
  bytes = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              NULL);
  project = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "id");
  g_clear_object (&msg);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_free (body);

  body = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ",\"start\":\"2026-11-02T09:00:00Z\","
                          "\"end\":\"2026-11-02T10:00:00Z\",\"note\":\"call\"}", project);
  msg = new_message (f, "POST", "/api/v1/time-entries", token, body);
  bytes = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              NULL);
  object = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_int_member (object, "id");
}

static void
test_sensitive (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *api_token = issue_token (f, DT_TARGET_API,
                                            "clients:write projects:write time_entries:write");
  g_autofree char *mcp_token = issue_token (f, DT_TARGET_MCP, "time_entries:write");
  g_autofree char *call = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) audit = NULL;
  gint64 entry = make_entry (f, api_token);
  guint status;

  mcp_initialize (f, mcp_token);
  call = g_strdup_printf ("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                          "\"name\":\"delete_time_entry\",\"arguments\":{\"id\":%" G_GINT64_FORMAT
                          "},\"_meta\":{\"progressToken\":\"p\"}}}", entry);
  f->approve = FALSE;
  body = mcp_post (f, mcp_token, call, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (f->questions, ==, 1);
  g_assert_nonnull (strstr (f->last_summary, "Test script wants to delete the time entry of "));
  /* The wait was streamed (progress), then a clear refusal. */
  g_assert_nonnull (strstr (body, "notifications/progress"));
  g_assert_nonnull (strstr (body, "\"isError\":true"));
  g_assert_nonnull (strstr (body, "The user declined"));

  g_clear_pointer (&body, g_free);
  f->approve = TRUE;
  body = mcp_post (f, mcp_token, call, &status, NULL);
  g_assert_cmpuint (f->questions, ==, 2);
  g_assert_nonnull (strstr (body, "\"deleted\":true"));

  /* REST asks too. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/time-entries/%" G_GINT64_FORMAT,
                                             make_entry (f, api_token));

    f->approve = FALSE;
    g_assert_cmpuint (rest_status (f, "DELETE", path, api_token, NULL, NULL), ==, 403);
    f->approve = TRUE;
    g_assert_cmpuint (rest_status (f, "DELETE", path, api_token, NULL, NULL), ==, 200);
    g_assert_cmpuint (f->questions, ==, 4);
  }

  /* Every call is in the audit log with its outcome. */
  audit = dt_audit_recent (f->db, NULL, 50);
  {
    guint denied = 0, deleted = 0;

    for (guint i = 0; i < json_array_get_length (audit); i++)
      {
        JsonObject *row = json_array_get_object_element (audit, i);
        const char *event = json_object_get_string_member_with_default (row, "event", "");
        const char *outcome = json_object_get_string_member_with_default (row, "outcome", "");

        if (g_str_has_suffix (event, ".delete_time_entry") && g_str_equal (outcome, "denied"))
          denied++;
        if (g_str_has_suffix (event, ".delete_time_entry") && g_str_equal (outcome, "ok"))
          deleted++;
      }
    g_assert_cmpuint (denied, ==, 2);
    g_assert_cmpuint (deleted, ==, 2);
  }
}

static void
test_resources_prompts (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *api_token = issue_token (f, DT_TARGET_API, "clients:write projects:write "
                                            "time_entries:write invoices:write");
  g_autofree char *mcp_token = issue_token (f, DT_TARGET_MCP, "clients:read invoices:read "
                                            "reports:read time_entries:read billing:read");
  g_autofree char *body = NULL;
  g_autofree char *call = NULL;
  g_autofree char *uri = NULL;
  guint status;

  make_entry (f, api_token);
  g_assert_cmpuint (rest_status (f, "POST", "/api/v1/invoices", api_token,
                                 "{\"client_id\":1,\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}",
                                 NULL), ==, 201);
  mcp_initialize (f, mcp_token);

  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/list\"}",
                   &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"uri\":\"doubletime://invoices/1/pdf\""));
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
                   "\"resources/templates/list\"}", &status, NULL);
  g_assert_nonnull (strstr (body, "doubletime://reports/{group_by}/{from}/{to}.csv"));
  g_clear_pointer (&body, g_free);

  /* The PDF as a blob ("%PDF" is "JVBER" in base64), the report as CSV text. */
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\","
                   "\"params\":{\"uri\":\"doubletime://invoices/1/pdf\"}}", &status, NULL);
  g_assert_nonnull (strstr (body, "\"blob\":\"JVBER"));
  g_assert_nonnull (strstr (body, "\"mimeType\":\"application/pdf\""));
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\","
                   "\"params\":{\"uri\":\"doubletime://reports/client/2026-11-01/2026-11-30.csv\"}}",
                   &status, NULL);
  g_assert_nonnull (strstr (body, "\"mimeType\":\"text/csv\""));
  g_assert_nonnull (strstr (body, "Acme"));
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/read\","
                   "\"params\":{\"uri\":\"doubletime://invoices/999/pdf\"}}", &status, NULL);
  g_assert_nonnull (strstr (body, "-32002"));
  g_clear_pointer (&body, g_free);

  /* Prompts, with the client's name completed from the data. */
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"prompts/list\"}",
                   &status, NULL);
  g_assert_nonnull (strstr (body, "prepare_invoices_last_month"));
  g_assert_nonnull (strstr (body, "ready_to_bill"));
  g_assert_nonnull (strstr (body, "weekly_client_update"));
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"completion/complete\","
                   "\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"weekly_client_update\"},"
                   "\"argument\":{\"name\":\"client\",\"value\":\"Ac\"}}}", &status, NULL);
  g_assert_nonnull (strstr (body, "\"values\":[\"Acme\"]"));
  g_clear_pointer (&body, g_free);
  body = mcp_post (f, mcp_token, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"prompts/get\","
                   "\"params\":{\"name\":\"weekly_client_update\",\"arguments\":{\"client\":\"Acme\"}}}",
                   &status, NULL);
  g_assert_nonnull (strstr (body, "Weekly client update"));
  g_assert_nonnull (strstr (body, "list_time_entries"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/mcp-auth/targets", Fixture, NULL, fixture_set_up, test_targets,
              fixture_tear_down);
  g_test_add ("/mcp-auth/maintenance", Fixture, NULL, fixture_set_up, test_maintenance,
              fixture_tear_down);
  g_test_add ("/mcp-auth/scopes", Fixture, NULL, fixture_set_up, test_scopes,
              fixture_tear_down);
  g_test_add ("/mcp-auth/sensitive", Fixture, NULL, fixture_set_up, test_sensitive,
              fixture_tear_down);
  g_test_add ("/mcp-auth/resources-prompts", Fixture, NULL, fixture_set_up,
              test_resources_prompts, fixture_tear_down);
  return g_test_run ();
}

/* test-faces.c: the two faces of the operation registry over real HTTP on the real loopback
 * server — REST (/api/v1, problems, ETag/If-Match, 201 + Location, OpenAPI checked against
 * every route) and MCP (tools from the same operations, isError for bad input, confirmation
 * of sensitive operations approved and denied). The operations here are test doubles; the
 * application's operations are tested in test-ops.c. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dt-api.h"
#include "dt-error.h"
#include "dt-mcp-endpoint.h"
#include "dt-mcp-ops.h"
#include "dt-test-http.h"
#include "dt-test-server-client.h"

/* ---- test operations ---------------------------------------------------------------- */

static gint64 widget_version = 1;
static char *widget_name;

static JsonObject *
widget_json (void)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", 7);
  json_object_set_string_member (out, "name", widget_name ? widget_name : "first");
  json_object_set_int_member (out, "version", widget_version);
  return out;
}

static JsonObject *
get_widget (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  if (json_object_get_int_member (input, "id") != 7)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "widget %" G_GINT64_FORMAT
                   " does not exist; list_widgets shows the ones there are",
                   json_object_get_int_member (input, "id"));
      return NULL;
    }
  return widget_json ();
}

static JsonObject *
update_widget (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  gint64 expected = json_object_get_int_member_with_default (input, "expected_version", 0);

  if (expected != 0 && expected != widget_version)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_PRECONDITION,
                   "widget 7 changed since version %" G_GINT64_FORMAT, expected);
      return NULL;
    }
  g_free (widget_name);
  widget_name = g_strdup (json_object_get_string_member (input, "name"));
  widget_version++;
  return widget_json ();
}

static JsonObject *
create_widget (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  return widget_json ();
}

static char *
describe_delete (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  return g_strdup_printf ("delete widget %" G_GINT64_FORMAT, json_object_get_int_member (input, "id"));
}

/* A read that takes longer than the server waits for requests in flight when it stops. */
static JsonObject *
get_widget_slowly (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  g_usleep (800 * 1000);
  return widget_json ();
}

static guint deletions;

static JsonObject *
delete_widget (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  deletions++;
  return json_object_new ();
}

#define WIDGET_OUT "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"name\":{\"type\":\"string\"},\"version\":{\"type\":\"integer\"}}," \
  "\"required\":[\"id\",\"name\",\"version\"]}"

static const DtOp test_ops[] = {
  { "get_widget", "Get a widget", "widgets", "widgets:read", "Reads one widget.",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":1}},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    WIDGET_OUT, DT_OP_READ_ONLY, "GET", "/widgets/{id}", 200, get_widget, NULL },
  { "create_widget", "Create a widget", "widgets", "widgets:write", "Creates a widget.",
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1,"
    "\"maxLength\":20},\"when\":{\"type\":\"string\",\"format\":\"date\"}},"
    "\"required\":[\"name\"],\"additionalProperties\":false}",
    WIDGET_OUT, 0, "POST", "/widgets", 201, create_widget, NULL },
  { "update_widget", "Update a widget", "widgets", "widgets:write", "Renames a widget.",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"name\":{\"type\":\"string\",\"minLength\":1},\"expected_version\":{\"type\":\"integer\"}},"
    "\"required\":[\"id\",\"name\"],\"additionalProperties\":false}",
    WIDGET_OUT, DT_OP_IDEMPOTENT, "PATCH", "/widgets/{id}", 200, update_widget, NULL },
  { "get_widget_slowly", "Get a widget slowly", "widgets", "widgets:read",
    "Reads one widget, taking its time.",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":1}},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    WIDGET_OUT, DT_OP_READ_ONLY, "GET", "/slow-widgets/{id}", 200, get_widget_slowly, NULL },
  { "delete_widget", "Delete a widget", "widgets", "widgets:write", "Deletes a widget.",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\"}", DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "DELETE", "/widgets/{id}",
    204, delete_widget, describe_delete },
};

/* ---- hooks: who calls and what is audited (the user is dt-test-server-client's) ----- */

static GPtrArray *audit_lines;

static void
audit (DtOpContext *ctx,
       const DtOp  *op,
       const char  *object,
       const char  *outcome,
       const char  *detail,
       gpointer     user_data)
{
  g_ptr_array_add (audit_lines, g_strdup_printf ("%s %s %s", ctx->face, op->name, outcome));
}

static DtOpContext *
make_context (DtDb       *db,
              const char *face)
{
  DtOpContext *ctx = dt_test_server_context (db, face);

  ctx->app_name = g_strdup ("Test app");
  ctx->audit = audit;
  return ctx;
}

static DtOpContext *
api_context (DtRequest  *request,
             const DtOp *op,
             gpointer    user_data)
{
  return make_context (request->db, "rest");
}

/* The database MCP calls read, when the test runs read workers (REST calls take the
 * server's). */
static DtDb *mcp_db;

static DtOpContext *
mcp_context (DtMcpCall *call,
             gpointer   user_data,
             GError   **error)
{
  return make_context (mcp_db, "mcp");
}

/* ---- fixture ------------------------------------------------------------------------ */

typedef DtTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;

  dt_test_server_open (f, "dt-faces-XXXXXX");
  for (guint i = 0; i < G_N_ELEMENTS (test_ops); i++)
    dt_op_registry_add (f->registry, &test_ops[i]);
  /* With read workers, as the app runs them, when the test asks. */
  if (g_strcmp0 (data, "readers") == 0)
    {
      dt_op_registry_set_read_workers (f->registry, dt_db_get_path (f->db), 2);
      mcp_db = f->db;
    }

  mcp = dt_mcp_server_new ("test", NULL, "1", NULL);
  dt_mcp_ops_register (mcp, f->registry, mcp_context, NULL);
  http = dt_mcp_http_new (mcp);
  if (g_strcmp0 (data, "keepalive") == 0)
    dt_mcp_http_set_keepalive_ms (http, 200);

  dt_test_server_start (f, api_context, http);
  audit_lines = g_ptr_array_new_with_free_func (g_free);
  widget_version = 1;
  deletions = 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dt_test_server_close (f);
  mcp_db = NULL;
  g_clear_pointer (&audit_lines, g_ptr_array_unref);
}

/* One JSON request; returns the body, fills status and (optionally) the response headers. */
static GBytes *
request (Fixture             *f,
         const char          *method,
         const char          *path,
         const char          *body,
         const char * const  *headers,
         guint               *status,
         SoupMessageHeaders **out_headers)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_auto(DtTestReply) reply = { 0 };

  dt_test_server_request (f, method, path, "application/json", bytes, headers, &reply);
  *status = reply.status;
  if (out_headers)
    *out_headers = soup_message_headers_ref (reply.headers);
  return g_steal_pointer (&reply.body);
}

/* ---- REST --------------------------------------------------------------------------- */

static void
test_rest_basics (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  guint status;

  body = request (f, "GET", "/api/v1/widgets/7", NULL, NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, "\"1\"");
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&headers, soup_message_headers_unref);

  body = request (f, "GET", "/api/v1/widgets/8", NULL, NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/problem+json");
  object = dt_test_server_parse_object (body);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "detail"), "widget 8"));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&headers, soup_message_headers_unref);

  /* A path variable that is not a number: the schema says what it wanted. */
  body = request (f, "GET", "/api/v1/widgets/abc", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_bytes_unref);

  body = request (f, "GET", "/api/v1/nothing", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&body, g_bytes_unref);

  body = request (f, "PUT", "/api/v1/widgets/7", "{}", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&body, g_bytes_unref);

  /* Create: 201 + Location; bad input: 400 naming the field and what is valid. */
  body = request (f, "POST", "/api/v1/widgets", "{\"name\":\"x\"}", NULL, &status, &headers);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (headers, "Location"),
                                   "/api/v1/widgets/7"));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&headers, soup_message_headers_unref);

  body = request (f, "POST", "/api/v1/widgets", "{\"name\":\"\",\"when\":\"tomorrow\",\"x\":1}",
                  NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&object, json_object_unref);
  object = dt_test_server_parse_object (body);
  {
    const char *detail = json_object_get_string_member (object, "detail");

    g_assert_nonnull (strstr (detail, "“name”: must not be empty"));
    g_assert_nonnull (strstr (detail, "“when”: expected a calendar date like 2026-11-01"));
    g_assert_nonnull (strstr (detail, "“x”: is not a known field"));
  }
  g_clear_pointer (&body, g_bytes_unref);

  body = request (f, "POST", "/api/v1/widgets", "{\"name\":", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_bytes_unref);
}

static void
test_rest_if_match (Fixture       *f,
                    gconstpointer  data)
{
  const char * const stale[] = { "If-Match", "\"5\"", NULL };
  const char * const fresh[] = { "If-Match", "\"1\"", NULL };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  guint status;

  body = request (f, "PATCH", "/api/v1/widgets/7", "{\"name\":\"b\"}", stale, &status, NULL);
  g_assert_cmpuint (status, ==, 412);
  g_clear_pointer (&body, g_bytes_unref);
  body = request (f, "PATCH", "/api/v1/widgets/7", "{\"name\":\"b\"}", fresh, &status, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "ETag"), ==, "\"2\"");
  g_clear_pointer (&body, g_bytes_unref);

  /* A key given twice is refused before the update runs: the widget keeps its name and its
   * version (json-glib's parser used to keep the last of the two). */
  body = request (f, "PATCH", "/api/v1/widgets/7", "{\"name\":\"c\",\"name\":\"d\"}", NULL,
                  &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

    g_assert_nonnull (strstr (text, "The key “name” appears twice"));
  }
  g_assert_cmpstr (widget_name, ==, "b");
  g_assert_cmpint (widget_version, ==, 2);
}

static void
test_rest_sensitive (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status;

  dt_test_server_approves = FALSE;
  body = request (f, "DELETE", "/api/v1/widgets/7", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  object = dt_test_server_parse_object (body);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "detail"), "declined"));
  g_assert_cmpstr (dt_test_server_last_question, ==, "delete widget 7");
  g_assert_cmpuint (deletions, ==, 0);
  g_clear_pointer (&body, g_bytes_unref);

  dt_test_server_approves = TRUE;
  body = request (f, "DELETE", "/api/v1/widgets/7", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 204);
  g_assert_cmpuint (deletions, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (audit_lines, 0), ==, "rest delete_widget denied");
  g_assert_cmpstr (g_ptr_array_index (audit_lines, 1), ==, "rest delete_widget ok");
}

/* Every route in the OpenAPI document is served, and every operation is documented. */
static void
test_rest_openapi (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) document = NULL;
  JsonObject *paths;
  g_autoptr(GList) names = NULL;
  guint status, n_operations = 0;

  body = request (f, "GET", "/api/v1/openapi.json", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  document = dt_test_server_parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (document, "openapi"), ==, "3.1.0");
  paths = json_object_get_object_member (document, "paths");
  names = json_object_get_members (paths);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          g_autoptr(GString) path = g_string_new (l->data);
          const DtOp *op;
          g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                   g_free, g_free);
          g_autoptr(GBytes) answer = NULL;

          g_string_replace (path, "{id}", "7", 0);
          op = dt_op_registry_route (f->registry, method, path->str, variables, NULL);
          g_assert_nonnull (op);
          g_assert_cmpstr (op->name, ==, json_object_get_string_member (
                             json_object_get_object_member (item, m->data), "operationId"));
          /* And the server really answers there (not 404/405 for a missing route). */
          g_string_prepend (path, "/api/v1");
          dt_test_server_approves = FALSE;
          answer = request (f, method, path->str, g_str_equal (method, "GET") ||
                            g_str_equal (method, "DELETE") ? NULL : "{\"name\":\"n\"}",
                            NULL, &status, NULL);
          g_assert_cmpuint (status, !=, 405);
          g_assert_true (status != 404 || strchr (l->data, '{') != NULL);
          n_operations++;
        }
    }
  g_assert_cmpuint (n_operations, ==, dt_op_registry_get_n_ops (f->registry));
}

/* ---- MCP ---------------------------------------------------------------------------- */

static JsonObject *
mcp (Fixture    *f,
     const char *json,
     guint      *status)
{
  const char *headers[] = { "Accept", "application/json, text/event-stream",
                            "Mcp-Session-Id", f->mcp_session, NULL };
  g_autoptr(SoupMessageHeaders) response = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *type;

  if (f->mcp_session == NULL)
    headers[2] = NULL;
  body = request (f, "POST", "/mcp", json, headers, status, &response);
  if (f->mcp_session == NULL)
    f->mcp_session = g_strdup (soup_message_headers_get_one (response, "Mcp-Session-Id"));
  type = soup_message_headers_get_content_type (response, NULL);
  if (g_strcmp0 (type, "text/event-stream") == 0)
    {
      /* The last "data:" line carries the response. */
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      char *last = g_strrstr (text, "data: {");
      g_autoptr(GBytes) json_bytes = NULL;

      g_assert_nonnull (last);
      last += strlen ("data: ");
      *strchr (last, '\n') = '\0';
      json_bytes = g_bytes_new (last, strlen (last));
      return dt_test_server_parse_object (json_bytes);
    }
  if (g_bytes_get_size (body) == 0)
    return NULL;
  return dt_test_server_parse_object (body);
}

static void
mcp_initialize (Fixture *f)
{
  g_autoptr(JsonObject) answer = NULL;
  guint status;

  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (f->mcp_session);
}

static void
test_mcp_tools (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;
  JsonArray *tools;
  guint status;

  mcp_initialize (f);
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", &status);
  result = json_object_get_object_member (answer, "result");
  tools = json_object_get_array_member (result, "tools");
  g_assert_cmpuint (json_array_get_length (tools), ==, G_N_ELEMENTS (test_ops));
  {
    JsonObject *tool = json_array_get_object_element (tools, 0);
    JsonObject *annotations = json_object_get_object_member (tool, "annotations");

    g_assert_cmpstr (json_object_get_string_member (tool, "name"), ==, "get_widget");
    g_assert_true (json_object_get_boolean_member (annotations, "readOnlyHint"));
    g_assert_true (json_object_has_member (tool, "outputSchema"));
  }
  g_clear_pointer (&answer, json_object_unref);

  /* Structured content, with the same JSON as text. */
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"get_widget\",\"arguments\":{\"id\":7}}}", &status);
  result = json_object_get_object_member (answer, "result");
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (result,
                   "structuredContent"), "id"), ==, 7);
  g_clear_pointer (&answer, json_object_unref);

  /* Bad input: an isError result saying what was wrong and what is valid. */
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"get_widget\",\"arguments\":{\"id\":\"seven\",\"colour\":1}}}",
                &status);
  result = json_object_get_object_member (answer, "result");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  {
    const char *text = json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (result, "content"), 0),
        "text");

    g_assert_nonnull (strstr (text, "“id”: expected an integer, got string \"seven\""));
    g_assert_nonnull (strstr (text, "“colour”: is not a known field; the fields are: id"));
  }
  g_clear_pointer (&answer, json_object_unref);

  /* 2^64 + 7 is no widget: json-glib's parser wrapped it to 7 and fetched widget 7. */
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"get_widget\",\"arguments\":{\"id\":18446744073709551623}}}",
                &status);
  result = json_object_get_object_member (answer, "result");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_false (json_object_has_member (result, "structuredContent"));
  {
    const char *text = json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (result, "content"), 0),
        "text");

    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "“id”: expected an integer"));
  }
  g_clear_pointer (&answer, json_object_unref);

  /* An unknown tool is a protocol error. */
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"nope\"}}", &status);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (answer, "error"),
                                               "code"), ==, -32602);
}

static void
test_mcp_result_message (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *xs = g_strnfill (200, 'x');
  g_autofree char *long_id = g_strdup_printf ("\"%s\"", xs);
  const char *ids[3] = { "42", "\"a \\\"quoted\\\" id\"", NULL };
  const char *headers[] = { "Accept", "application/json, text/event-stream",
                            "Mcp-Session-Id", NULL, NULL };

  /* A read worker's result is sent as one buffer with the message's head written into the
   * room before it. Whatever the id, the answer is exactly the message: no room left over,
   * nothing after it; and an id too long for the room is put together the other way. */
  ids[2] = long_id;
  mcp_initialize (f);
  headers[3] = f->mcp_session;
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *call = g_strdup_printf ("{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":"
                                               "\"tools/call\",\"params\":{\"name\":"
                                               "\"get_widget\",\"arguments\":{\"id\":7}}}",
                                               ids[i]);
      /* Names stay plain letters here, as the tests before this one set them. */
      const char *name = widget_name != NULL ? widget_name : "first";
      g_autofree char *expected = g_strdup_printf (
          "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":{\"content\":[{\"type\":\"text\","
          "\"text\":\"{\\\"id\\\":7,\\\"name\\\":\\\"%s\\\",\\\"version\\\":%"
          G_GINT64_FORMAT "}\"}],\"structuredContent\":{\"id\":7,\"name\":\"%s\","
          "\"version\":%" G_GINT64_FORMAT "}}}", ids[i], name, widget_version, name,
          widget_version);
      g_autoptr(GBytes) body = NULL;
      g_autofree char *text = NULL;
      guint status = 0;

      body = request (f, "POST", "/mcp", call, headers, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_assert_cmpuint (strlen (text), ==, g_bytes_get_size (body));
      g_assert_cmpstr (text, ==, expected);
    }
}

/* Opens a connection to the server and sends @head (a request line and headers, ending in a
 * blank line) as it is. */
static GSocketConnection *
send_raw (Fixture    *f,
          const char *head)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                dt_server_get_port (f->server), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), head,
                             strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* Reads from @in until @text has come, and returns all that came. */
static char *
read_until (GInputStream *in,
            const char   *text)
{
  g_autoptr(GString) got = g_string_new (NULL);

  while (strstr (got->str, text) == NULL)
    {
      g_autoptr(GError) error = NULL;
      char buffer[1024];
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (got, buffer, n);
    }
  return g_string_free (g_steal_pointer (&got), FALSE);
}

static void
test_mcp_sse_keepalive (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  g_autofree char *head = NULL;
  g_autofree char *later = NULL;
  GInputStream *in;
  guint base;

  /* An open GET stream gets a comment line every so often (200 ms here), which SSE parsers
   * skip; when its client has gone, the write fails and the server lets the connection go
   * rather than hold it until the session expires. */
  mcp_initialize (f);
  request = g_strdup_printf ("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                             "Accept: text/event-stream\r\nMcp-Session-Id: %s\r\n"
                             "MCP-Protocol-Version: 2025-11-25\r\n\r\n",
                             dt_server_get_port (f->server), f->mcp_session);
  connection = send_raw (f, request);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* The head and the priming event, then a comment; all read, so closing sends a FIN. */
  head = read_until (in, "data: \n\n\r\n");
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 "));
  g_assert_nonnull (strstr (head, "text/event-stream"));
  later = read_until (in, ": keep-alive\n\n\r\n");
  g_assert_null (strstr (later, "event: message"));

  base = dt_test_count_descriptors ();
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_assert_cmpuint (dt_test_settle_descriptors (base - 2), ==, base - 2);
}

static void
test_stop_during_read (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  gint64 started;

  /* A read still running when the server stops: the server waits for it, so its answer is
   * dispatched (and audited) on the server's thread rather than posted to a context nobody
   * iterates, where it and all it holds would stay forever. */
  request = g_strdup_printf ("GET /api/v1/slow-widgets/7 HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%u\r\n\r\n", dt_server_get_port (f->server));
  connection = send_raw (f, request);
  g_usleep (200 * 1000);
  g_assert_cmpuint (audit_lines->len, ==, 0);
  started = g_get_monotonic_time ();
  dt_server_stop (f->server);
  g_assert_cmpuint (audit_lines->len, ==, 1);
  g_assert_cmpstr (audit_lines->pdata[0], ==, "rest get_widget_slowly ok");
  /* It waited for the read, not for its 30 s limit. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_mcp_sensitive (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;
  guint status;

  mcp_initialize (f);
  dt_test_server_approves = FALSE;
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"delete_widget\",\"arguments\":{\"id\":7},"
                "\"_meta\":{\"progressToken\":\"t\"}}}", &status);
  result = json_object_get_object_member (answer, "result");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (result, "content"), 0),
      "text"), "The user declined, so nothing was done (delete widget 7)"));
  g_assert_cmpuint (deletions, ==, 0);
  g_clear_pointer (&answer, json_object_unref);

  dt_test_server_approves = TRUE;
  answer = mcp (f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{"
                "\"name\":\"delete_widget\",\"arguments\":{\"id\":7}}}", &status);
  result = json_object_get_object_member (answer, "result");
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  g_assert_cmpuint (deletions, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (audit_lines, 1), ==, "mcp delete_widget ok");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/faces/rest/basics", Fixture, NULL, fixture_set_up, test_rest_basics,
              fixture_tear_down);
  g_test_add ("/faces/rest/if-match", Fixture, NULL, fixture_set_up, test_rest_if_match,
              fixture_tear_down);
  g_test_add ("/faces/rest/sensitive", Fixture, NULL, fixture_set_up, test_rest_sensitive,
              fixture_tear_down);
  g_test_add ("/faces/rest/openapi", Fixture, NULL, fixture_set_up, test_rest_openapi,
              fixture_tear_down);
  g_test_add ("/faces/mcp/tools", Fixture, NULL, fixture_set_up, test_mcp_tools,
              fixture_tear_down);
  g_test_add ("/faces/stop-during-read", Fixture, "readers", fixture_set_up,
              test_stop_during_read, fixture_tear_down);
  g_test_add ("/faces/mcp/sse-keepalive", Fixture, "keepalive", fixture_set_up,
              test_mcp_sse_keepalive, fixture_tear_down);
  g_test_add ("/faces/mcp/result-message", Fixture, "readers", fixture_set_up,
              test_mcp_result_message, fixture_tear_down);
  g_test_add ("/faces/mcp/sensitive", Fixture, NULL, fixture_set_up, test_mcp_sensitive,
              fixture_tear_down);
  return g_test_run ();
}

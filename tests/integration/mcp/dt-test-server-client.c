/* dt-test-server-client.c: the loopback server and the REST and MCP calls the integration
 * tests share. */
#include "dt-test-server-client.h"

#include <string.h>

#include "dt-error.h"
#include "dt-json-schema.h"
#include "dt-test-core.h"

guint dt_test_server_questions;
char *dt_test_server_last_question;
gboolean dt_test_server_approves;

static void
confirm (DtOpContext         *ctx,
         const DtOp          *op,
         const char          *question,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             callback_data,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, callback_data);

  dt_test_server_questions++;
  g_free (dt_test_server_last_question);
  dt_test_server_last_question = g_strdup (question);
  if (dt_test_server_approves)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, DT_ERROR, DT_ERROR_DENIED, "no");
}

static gboolean
confirm_finish (GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

DtOpContext *
dt_test_server_context (DtDb       *db,
                        const char *face)
{
  DtOpContext *ctx = dt_op_context_new (db, face);

  ctx->confirm = confirm;
  ctx->confirm_finish = confirm_finish;
  return ctx;
}

DtOpContext *
dt_test_server_api_context (DtRequest  *request,
                            const DtOp *op,
                            gpointer    user_data)
{
  return dt_test_server_context (request->db, "rest");
}

DtOpContext *
dt_test_server_mcp_context (DtMcpCall  *call,
                            gpointer    user_data,
                            GError    **error)
{
  /* The test's thread waits in a request meanwhile: the server thread has the connection. */
  return dt_test_server_context (user_data, "mcp");
}

void
dt_test_server_open (DtTestServer *f,
                     const char   *dir_template)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  if (g_getenv ("XDG_RUNTIME_DIR") == NULL)
    g_setenv ("XDG_RUNTIME_DIR", f->dir, TRUE);
  f->db = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
  f->registry = dt_op_registry_new ();
  dt_test_server_questions = 0;
}

void
dt_test_server_start (DtTestServer     *f,
                      DtApiContextFunc  api_context,
                      DtMcpHttp        *http)
{
  g_autoptr(GError) error = NULL;

  f->server = dt_server_new (dt_db_get_path (f->db), 0);
  dt_api_mount (f->server, f->registry, api_context, NULL, NULL);
  dt_mcp_endpoint_mount (f->server, "/mcp", http);
  dt_server_start (f->server, &error);
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", dt_server_get_port (f->server));
  f->session = soup_session_new ();
  f->next_id = 1;
}

void
dt_test_server_open_all (DtTestServer *f,
                         const char   *dir_template)
{
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;

  dt_test_server_open (f, dir_template);
  dt_ops_register_all (f->registry);
  mcp = dt_mcp_server_new ("test", NULL, "1", NULL);
  dt_mcp_ops_register (mcp, f->registry, dt_test_server_mcp_context, f->db);
  http = dt_mcp_http_new (mcp);
  dt_test_server_start (f, dt_test_server_api_context, http);
}

void
dt_test_server_close (DtTestServer *f)
{
  g_clear_object (&f->session);
  if (f->server != NULL)
    dt_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->registry);
  g_clear_object (&f->db);
  dt_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->base, g_free);
  g_clear_pointer (&f->mcp_session, g_free);
  g_clear_pointer (&dt_test_server_last_question, g_free);
}

JsonNode *
dt_test_server_parse (const char *data,
                      gsize       size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

JsonObject *
dt_test_server_parse_object (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(JsonNode) node = dt_test_server_parse (data, size);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

void
dt_test_reply_clear (DtTestReply *reply)
{
  g_free (reply->content_type);
  g_free (reply->disposition);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
}

void
dt_test_server_request (DtTestServer       *f,
                        const char         *method,
                        const char         *path,
                        const char         *type,
                        GBytes             *body,
                        const char * const *headers,
                        DtTestReply        *reply)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *response;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, type, body);
  for (guint i = 0; headers && headers[i]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  reply->body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  response = soup_message_get_response_headers (msg);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (response);
  reply->content_type = g_strdup (soup_message_headers_get_content_type (response, NULL));
  reply->disposition = g_strdup (soup_message_headers_get_one (response, "Content-Disposition"));
}

void
dt_test_server_rest_raw (DtTestServer *f,
                         const char   *method,
                         const char   *path,
                         const char   *type,
                         GBytes       *body,
                         DtTestReply  *reply)
{
  g_autofree char *api_path = g_strconcat ("/api/v1", path, NULL);

  dt_test_server_request (f, method, api_path, type, body, NULL, reply);
}

JsonObject *
dt_test_server_rest (DtTestServer *f,
                     const char   *method,
                     const char   *path,
                     const char   *body,
                     guint         expected_status)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_auto(DtTestReply) reply = { 0 };
  g_autoptr(JsonNode) node = NULL;

  dt_test_server_rest_raw (f, method, path, "application/json", bytes, &reply);
  if (reply.status != expected_status)
    g_error ("%s %s: %u, expected %u: %.*s", method, path, reply.status, expected_status,
             (int) g_bytes_get_size (reply.body), (const char *) g_bytes_get_data (reply.body,
                                                                                   NULL));
  if (g_bytes_get_size (reply.body) == 0)
    return NULL;
  node = dt_test_server_parse (g_bytes_get_data (reply.body, NULL),
                               g_bytes_get_size (reply.body));
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
dt_test_server_call_tool (DtTestServer *f,
                          const char   *name,
                          const char   *arguments)
{
  g_autofree char *url = g_strconcat (f->base, "/mcp", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) b = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *type;
  const char *data;
  gsize size;

  if (f->mcp_session == NULL)
    body = g_strdup ("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                     "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                     "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
  else
    body = g_strdup_printf ("{\"jsonrpc\":\"2.0\",\"id\":%u,\"method\":\"tools/call\","
                            "\"params\":{\"name\":\"%s\",\"arguments\":%s}}", f->next_id++,
                            name, arguments);
  b = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", b);
  soup_message_headers_replace (headers, "Accept", "application/json, text/event-stream");
  if (f->mcp_session)
    soup_message_headers_replace (headers, "Mcp-Session-Id", f->mcp_session);
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  if (f->mcp_session == NULL)
    {
      f->mcp_session = g_strdup (soup_message_headers_get_one (
          soup_message_get_response_headers (msg), "Mcp-Session-Id"));
      return dt_test_server_call_tool (f, name, arguments);
    }
  data = g_bytes_get_data (bytes, &size);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (type, "text/event-stream") == 0)
    {
      /* The last "data:" line carries the response. */
      const char *last = g_strrstr_len (data, size, "data: {");
      const char *end;

      g_assert_nonnull (last);
      last += strlen ("data: ");
      end = strchr (last, '\n');
      node = dt_test_server_parse (last, end - last);
    }
  else
    node = dt_test_server_parse (data, size);
  g_assert_true (json_object_has_member (json_node_get_object (node), "result"));
  return json_object_ref (json_object_get_object_member (json_node_get_object (node), "result"));
}

const char *
dt_test_server_tool_text (JsonObject *result)
{
  return json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (result, "content"), 0),
      "text");
}

JsonObject *
dt_test_server_structured (JsonObject *result)
{
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  return json_object_get_object_member (result, "structuredContent");
}

void
dt_test_server_check_output (DtTestServer *f,
                             const char   *op_name,
                             JsonObject   *output)
{
  const DtOp *op = dt_op_registry_lookup (f->registry, op_name);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (op);
  json_node_set_object (node, output);
  if (!dt_json_schema_validate (dt_op_registry_output_schema (f->registry, op), node, &error))
    g_error ("output of %s does not match its schema: %s", op_name, error->message);
}

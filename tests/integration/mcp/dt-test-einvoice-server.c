/* dt-test-einvoice-server.c: the server and calls the e-invoice integration tests share. */
#include "dt-test-einvoice-server.h"

#include <string.h>

#include "dt-error.h"
#include "dt-json-schema.h"
#include "dt-mcp-ops.h"
#include "dt-test-core.h"

guint dt_test_einvoice_questions;

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

  dt_test_einvoice_questions++;
  g_task_return_boolean (task, TRUE);
}

static gboolean
confirm_finish (GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static DtOpContext *
context_for (DtDb       *db,
             const char *face)
{
  DtOpContext *ctx = dt_op_context_new (db, face);

  ctx->confirm = confirm;
  ctx->confirm_finish = confirm_finish;
  return ctx;
}

static DtOpContext *
api_context (DtRequest  *request,
             const DtOp *op,
             gpointer    user_data)
{
  return context_for (request->db, "rest");
}

static DtOpContext *
mcp_context (DtMcpCall  *call,
             gpointer    user_data,
             GError    **error)
{
  return context_for (user_data, "mcp");
}

JsonNode *
dt_test_einvoice_parse (const char *data,
                        gsize       size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}


void
dt_test_reply_clear (DtTestReply *reply)
{
  g_free (reply->content_type);
  g_free (reply->disposition);
  g_clear_pointer (&reply->body, g_bytes_unref);
}

/* Any REST request: @body of @type (NULL: none). */
void
dt_test_einvoice_rest_raw (DtTestEinvoiceServer *f,
                           const char           *method,
                           const char           *path,
                           const char           *type,
                           GBytes               *body,
                           DtTestReply          *reply)
{
  g_autofree char *url = g_strconcat (f->base, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, type, body);
  reply->body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  headers = soup_message_get_response_headers (msg);
  reply->status = soup_message_get_status (msg);
  reply->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  reply->disposition = g_strdup (soup_message_headers_get_one (headers, "Content-Disposition"));
}

JsonObject *
dt_test_einvoice_rest (DtTestEinvoiceServer *f,
                       const char           *method,
                       const char           *path,
                       const char           *body,
                       guint                 expected_status)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_auto(DtTestReply) reply = { 0 };
  g_autoptr(JsonNode) node = NULL;

  dt_test_einvoice_rest_raw (f, method, path, "application/json", bytes, &reply);
  if (reply.status != expected_status)
    g_error ("%s %s: %u, expected %u: %.*s", method, path, reply.status, expected_status,
             (int) g_bytes_get_size (reply.body), (const char *) g_bytes_get_data (reply.body,
                                                                                   NULL));
  node = dt_test_einvoice_parse (g_bytes_get_data (reply.body, NULL),
                                 g_bytes_get_size (reply.body));
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
dt_test_einvoice_call_tool (DtTestEinvoiceServer *f,
                            const char           *name,
                            const char           *arguments)
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
      return dt_test_einvoice_call_tool (f, name, arguments);
    }
  data = g_bytes_get_data (bytes, &size);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (type, "text/event-stream") == 0)
    {
      const char *last = g_strrstr_len (data, size, "data: {");
      const char *end;

      g_assert_nonnull (last);
      last += strlen ("data: ");
      end = strchr (last, '\n');
      node = dt_test_einvoice_parse (last, end - last);
    }
  else
    node = dt_test_einvoice_parse (data, size);
  g_assert_true (json_object_has_member (json_node_get_object (node), "result"));
  return json_object_ref (json_object_get_object_member (json_node_get_object (node), "result"));
}

const char *
dt_test_einvoice_tool_text (JsonObject *result)
{
  return json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (result, "content"), 0),
      "text");
}

JsonObject *
dt_test_einvoice_structured (JsonObject *result)
{
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  return json_object_get_object_member (result, "structuredContent");
}

void
dt_test_einvoice_check_output (DtTestEinvoiceServer *f,
                               const char           *op_name,
                               JsonObject           *output)
{
  const DtOp *op = dt_op_registry_lookup (f->registry, op_name);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;

  json_node_set_object (node, output);
  if (!dt_json_schema_validate (dt_op_registry_output_schema (f->registry, op), node, &error))
    g_error ("output of %s does not match its schema: %s", op_name, error->message);
}

/* The seller as a German freelancer, the buyer a public-sector client (but no Leitweg-ID
 * yet), and a draft of 7.5 hours at 90 EUR, all through the operations. */
static void
make_invoice (DtTestEinvoiceServer *f)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(JsonObject) client = NULL;
  g_autoptr(JsonObject) project = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *body = NULL;

  profile = dt_test_einvoice_rest (f, "PATCH", "/profile",
                  "{\"name\":\"Lena Berger\",\"business_name\":\"Berger IT-Beratung\","
                  "\"address\":\"Hauptstraße 5\",\"city\":\"Berlin\",\"postcode\":\"10115\","
                  "\"country\":\"DE\",\"email\":\"lena@berger.example\","
                  "\"phone\":\"+49 30 1234567\",\"vat_id\":\"DE123456789\","
                  "\"iban\":\"DE89 3704 0044 0532 0130 00\",\"bic\":\"COBADEFFXXX\","
                  "\"payment_means\":\"58\",\"vat_category\":\"S\"}", 200);
  dt_test_einvoice_check_output (f, "update_profile", profile);
  /* Stored compact, as the norm writes it. */
  g_assert_cmpstr (json_object_get_string_member (profile, "iban"), ==,
                   "DE89370400440532013000");
  g_assert_cmpstr (json_object_get_string_member (profile, "vat_id"), ==, "DE123456789");

  client = dt_test_einvoice_rest (f, "POST", "/clients",
                 "{\"name\":\"Bezirksamt Mitte\",\"currency\":\"EUR\","
                 "\"email\":\"rechnung@bezirksamt.example\",\"address\":\"Karl-Marx-Allee 31\","
                 "\"city\":\"Berlin\",\"postcode\":\"10178\",\"country\":\"DE\","
                 "\"einvoice_format\":\"xrechnung-cii\",\"rate\":\"90.00\"}", 201);
  dt_test_einvoice_check_output (f, "create_client", client);
  f->client_id = json_object_get_int_member (client, "id");
  g_assert_cmpstr (json_object_get_string_member (client, "einvoice_format"), ==,
                   "xrechnung-cii");
  g_assert_cmpstr (json_object_get_string_member (client, "buyer_reference"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (client, "electronic_address_scheme"), ==,
                   "EM");

  body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Portal\"}",
                          f->client_id);
  project = dt_test_einvoice_rest (f, "POST", "/projects", body, 201);
  g_free (body);
  body = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ",\"start\":"
                          "\"2026-11-03T08:00:00Z\",\"end\":\"2026-11-03T15:30:00Z\","
                          "\"note\":\"Architecture review\"}",
                          json_object_get_int_member (project, "id"));
  entry = dt_test_einvoice_rest (f, "POST", "/time-entries", body, 201);
  g_free (body);
  body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":\"2026-11-01\","
                          "\"to\":\"2026-11-30\",\"tax_rate_percent\":\"19\","
                          "\"order_reference\":\"PO-2026-117\",\"vat_category\":\"S\"}",
                          f->client_id);
  /* MCP: the draft, with its order reference (BT-13). */
  result = dt_test_einvoice_call_tool (f, "create_invoice_draft", body);
  draft = json_object_ref (dt_test_einvoice_structured (result));
  f->invoice_id = json_object_get_int_member (draft, "id");
  g_assert_cmpstr (json_object_get_string_member (draft, "total"), ==, "803.25");
}

void
dt_test_einvoice_set_up (DtTestEinvoiceServer *f,
                         gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;

  f->dir = g_dir_make_tmp ("dt-einvoice-ops-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_getenv ("XDG_RUNTIME_DIR") == NULL)
    g_setenv ("XDG_RUNTIME_DIR", f->dir, TRUE);
  f->db = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
  f->registry = dt_op_registry_new ();
  dt_ops_register_all (f->registry);
  mcp = dt_mcp_server_new ("test", NULL, "1", NULL);
  dt_mcp_ops_register (mcp, f->registry, mcp_context, f->db);
  http = dt_mcp_http_new (mcp);
  f->server = dt_server_new (dt_db_get_path (f->db), 0);
  dt_api_mount (f->server, f->registry, api_context, NULL, NULL);
  dt_mcp_endpoint_mount (f->server, "/mcp", http);
  dt_server_start (f->server, &error);
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", dt_server_get_port (f->server));
  f->session = soup_session_new ();
  f->next_id = 1;
  dt_test_einvoice_questions = 0;
  make_invoice (f);
}

void
dt_test_einvoice_tear_down (DtTestEinvoiceServer *f,
                            gconstpointer         data)
{
  g_clear_object (&f->session);
  dt_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->registry);
  g_clear_object (&f->db);
  dt_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->mcp_session);
}

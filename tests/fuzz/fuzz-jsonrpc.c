/* fuzz-jsonrpc.c: JSON-RPC dispatch of the MCP engine. The input is one or more messages, one
 * per line, sent in a session that was initialized first. Oracle: every request gets exactly
 * one response, carrying its id (or nothing at all only when it was cancelled); notifications
 * and responses get none; nothing is sent after a request's response. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-mcp-session.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  guint     finals;
  guint     after_final;
  JsonNode *id;
  gboolean  id_mismatch;
} Tally;

static void
send_cb (DtMcpCall *call,
         JsonNode  *message,
         gboolean   final,
         gpointer   user_data)
{
  Tally *tally = user_data;

  if (tally->finals > 0)
    tally->after_final++;
  if (!final)
    return;
  tally->finals++;
  if (message != NULL)
    {
      JsonNode *id = json_object_get_member (json_node_get_object (message), "id");

      if (id == NULL || !json_node_equal (id, tally->id))
        tally->id_mismatch = TRUE;
    }
}

static void
echo_cb (DtMcpCall *call,
         gpointer   user_data)
{
  dt_mcp_call_log (call, DT_MCP_LOG_INFO, "fuzz", "echo");
  dt_mcp_call_progress (call, 1, 2, NULL);
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE, dt_mcp_content_text ("echo"), NULL));
}

static void
fail_cb (DtMcpCall *call,
         gpointer   user_data)
{
  dt_mcp_call_return_tool_error (call, "always fails");
}

static void
read_cb (DtMcpCall *call,
         gpointer   user_data)
{
  JsonObject *result = json_object_new ();

  json_object_set_array_member (result, "contents", json_array_new ());
  dt_mcp_call_return (call, result);
}

static DtMcpServer *
fuzz_server (void)
{
  static DtMcpServer *server;
  static const DtMcpPromptArgument args[] = { { "a", NULL, TRUE }, { NULL } };

  if (server != NULL)
    return server;
  server = dt_mcp_server_new ("fuzz", NULL, "1", NULL);
  dt_mcp_server_set_page_size (server, 1);
  dt_mcp_server_add_tool (server, "echo", NULL, "Echoes.",
                          dt_mcp_json_object_parse ("{\"type\":\"object\"}"), NULL, 0, NULL,
                          echo_cb, NULL, NULL);
  dt_mcp_server_add_tool (server, "fail", NULL, "Fails.",
                          dt_mcp_json_object_parse ("{\"type\":\"object\"}"), NULL, 0, NULL,
                          fail_cb, NULL, NULL);
  dt_mcp_server_add_resource (server, "test://a", "a", NULL, NULL, "text/plain", NULL, read_cb,
                              NULL, NULL);
  dt_mcp_server_add_resource_template (server, "test://t/{id}/x", "t", NULL, NULL, NULL, NULL,
                                       read_cb, NULL, NULL, NULL, NULL);
  dt_mcp_server_add_prompt (server, "p", NULL, "A prompt.", args, NULL, read_cb, NULL, NULL,
                            NULL);
  return server;
}

static void
dispatch (DtMcpSession *session,
          const char   *text,
          gsize         len)
{
  g_autoptr(DtJsonRpcMessage) message = dt_jsonrpc_message_parse (text, len, NULL);
  Tally tally = { 0 };

  if (message == NULL)
    return;
  tally.id = message->id;
  dt_mcp_session_handle (session, message, send_cb, &tally, NULL);
  if (message->kind == DT_JSONRPC_KIND_REQUEST)
    {
      /* Every handler here answers at once. */
      if (tally.finals != 1 || tally.id_mismatch)
        abort ();
    }
  else if (tally.finals != 0)
    abort ();
  if (tally.after_final != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char initialize[] =
    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
    "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"f\",\"version\":\"1\"}}}";
  g_autoptr(DtMcpSession) session = dt_mcp_session_new (fuzz_server (), NULL, "fuzz");
  const char *text = (const char *) data;
  gsize start = 0;

  /* Half the inputs start in an initialized session, half do not. */
  if (size > 0 && (data[0] & 1))
    dispatch (session, initialize, strlen (initialize));
  for (gsize i = 0; i <= size; i++)
    if (i == size || text[i] == '\n')
      {
        if (i > start)
          dispatch (session, text + start, i - start);
        start = i + 1;
      }
  dt_mcp_session_close (session);
  return 0;
}

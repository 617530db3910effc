/* dt-mcp-endpoint.c: mounts the Streamable HTTP binding on the loopback server's route API. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-endpoint.h"

static void
answered_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  DtRequest *request = user_data;

  dt_request_release (request);
}

static void
disconnected_cb (DtRequest *request,
                 gpointer   user_data)
{
  dt_mcp_http_forget_answered (request->msg);
  dt_request_release (request);
}

static void
route_cb (DtRequest *request,
          gpointer   user_data)
{
  DtMcpHttp *http = user_data;

  /* The authentication hook reads the request (headers, base URL, the thread's database)
   * while the binding handles it; the pointer is only valid during this call. */
  g_object_set_data (G_OBJECT (request->msg), DT_MCP_ENDPOINT_REQUEST_KEY, request);
  dt_mcp_http_handle_full (http, request->msg, answered_cb, request);
  g_object_set_data (G_OBJECT (request->msg), DT_MCP_ENDPOINT_REQUEST_KEY, NULL);
  /* Not answered yet (a call that streams or waits): the server keeps the request. */
  if (soup_server_message_get_status (request->msg) == 0)
    dt_request_hold (request, disconnected_cb, NULL);
}

void
dt_mcp_endpoint_mount (DtServer   *server,
                       const char *path,
                       DtMcpHttp  *http)
{
  g_return_if_fail (DT_IS_SERVER (server));
  g_return_if_fail (path != NULL);
  g_return_if_fail (DT_IS_MCP_HTTP (http));

  dt_server_add_route (server, path, route_cb, g_object_ref (http), g_object_unref);
}

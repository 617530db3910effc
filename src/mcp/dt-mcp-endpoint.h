/* dt-mcp-endpoint.h: mounts the Streamable HTTP binding on the loopback server's route API. */
#pragma once

#include "dt-mcp-http.h"
#include "dt-server.h"

G_BEGIN_DECLS

/* While dt_mcp_http_handle runs for a request, its SoupServerMessage carries the DtRequest
 * under this key (g_object_get_data), for authentication hooks. */
#define DT_MCP_ENDPOINT_REQUEST_KEY "dt-request"

/* Serves @http at @path ("/mcp") on @server. Requests reach it only after the server's guard
 * (Host, Origin, peer uid, body size). Calls still running when the client goes away keep
 * running; their stream can be resumed. */
void dt_mcp_endpoint_mount (DtServer   *server,
                            const char *path,
                            DtMcpHttp  *http);

G_END_DECLS

/* dt-mcp-ops.h: the MCP face of the operations: each operation becomes a tool whose handler
 * only translates (arguments in, structuredContent + text out, errors as isError results). */
#pragma once

#include "dt-mcp-call.h"
#include "dt-op-registry.h"

G_BEGIN_DECLS

/* Builds the context one tool call runs in (database, caller, confirmation and audit hooks)
 * from the call's principal. Returns NULL with @error to refuse the call. */
typedef DtOpContext *(*DtMcpOpsContextFunc) (DtMcpCall  *call,
                                             gpointer    user_data,
                                             GError    **error);

/* Registers every operation of @registry as a tool of @server. */
void dt_mcp_ops_register (DtMcpServer         *server,
                          DtOpRegistry        *registry,
                          DtMcpOpsContextFunc  make_context,
                          gpointer             user_data);

G_END_DECLS

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

/* Serves @uri_template as a resource read through operation @op_name: the template's
 * variables are the operation's input (typed by its schema), and its file output
 * ({content_type, data_base64}, DT_OP_BINARY) is the content — text for text/…, blob
 * otherwise. @list_op_name (may be NULL) lists concrete resources: each item of its "items"
 * becomes one, with @uri_format ("doubletime://invoices/{id}/pdf", {id} being the item's id) and
 * a name from the item's @name_field. */
void dt_mcp_ops_add_resource_template (DtMcpServer         *server,
                                       DtOpRegistry        *registry,
                                       const char          *uri_template,
                                       const char          *name,
                                       const char          *description,
                                       const char          *mime_type,
                                       const char          *op_name,
                                       const char          *list_op_name,
                                       const char          *uri_format,
                                       const char          *name_field,
                                       DtMcpOpsContextFunc  make_context,
                                       gpointer             user_data);

G_END_DECLS

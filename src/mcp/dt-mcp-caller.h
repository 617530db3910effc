/* dt-mcp-caller.h: who is calling the MCP server on this request: the checked token's
 * principal and the server thread's database connection, as the engine's principal object. */
#pragma once

#include "dt-db.h"
#include "dt-token-check.h"

G_BEGIN_DECLS

#define DT_TYPE_MCP_CALLER (dt_mcp_caller_get_type ())
G_DECLARE_FINAL_TYPE (DtMcpCaller, dt_mcp_caller, DT, MCP_CALLER, GObject)

/* Adopts @principal. */
DtMcpCaller       *dt_mcp_caller_new           (DtPrincipal *principal,
                                                DtDb        *db);
const DtPrincipal *dt_mcp_caller_get_principal (DtMcpCaller *self);
DtDb              *dt_mcp_caller_get_db        (DtMcpCaller *self);

G_END_DECLS

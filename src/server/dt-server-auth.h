/* dt-server-auth.h: the token check as the REST and MCP handlers call it. */
#pragma once

#include "dt-server.h"
#include "dt-token-check.h"

G_BEGIN_DECLS

/* Runs dt_token_check on @request's Authorization header for @target and @required_scope
 * (NULL: any valid token). On success returns the principal; otherwise the request has been
 * answered (401/403 with WWW-Authenticate, a JSON-RPC error without id under /mcp, an RFC 9457
 * problem elsewhere) and NULL is returned: the handler just returns. */
DtPrincipal *dt_request_authenticate (DtRequest  *request,
                                      DtTarget    target,
                                      const char *required_scope);

G_END_DECLS

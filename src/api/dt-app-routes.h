/* dt-app-routes.h: mounts the application's REST API (/api/v1) and MCP server (/mcp) on the
 * loopback server, with the token check on every request, the user's confirmation of
 * sensitive actions through the consent broker and an audit record of every call. */
#pragma once

#include "dt-consent-broker.h"
#include "dt-server.h"

G_BEGIN_DECLS

void dt_app_routes_mount (DtServer        *server,
                          DtConsentBroker *broker);

G_END_DECLS

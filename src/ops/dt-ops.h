/* dt-ops.h: the application's operations (every tool of the MCP server and every route of
 * the REST API). */
#pragma once

#include "dt-op-registry.h"

G_BEGIN_DECLS

/* Adds every operation of the application to @registry. */
void dt_ops_register_all (DtOpRegistry *registry);

G_END_DECLS

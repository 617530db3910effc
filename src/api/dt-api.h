/* dt-api.h: the REST face of the operations at /api/v1: routes from the registry, JSON in and
 * out, RFC 9457 problems, ETag/If-Match, 201 + Location, and the OpenAPI 3.1 document. */
#pragma once

#include "dt-op-registry.h"
#include "dt-server.h"

G_BEGIN_DECLS

#define DT_API_ROOT "/api/v1"

/* Authenticates the request for @op and builds the context it runs in. Returns NULL after
 * answering the request itself (401/403 with WWW-Authenticate). */
typedef DtOpContext *(*DtApiContextFunc) (DtRequest  *request,
                                          const DtOp *op,
                                          gpointer    user_data);

/* Serves @registry below DT_API_ROOT on @server; /api/v1/openapi.json is public. */
void        dt_api_mount          (DtServer         *server,
                                   DtOpRegistry     *registry,
                                   DtApiContextFunc  make_context,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);

/* The OpenAPI 3.1 document for @registry, with @base_url ("http://127.0.0.1:7313") as the
 * server and authorization server origin. */
JsonNode   *dt_api_openapi_build  (DtOpRegistry     *registry,
                                   const char       *base_url);

/* The HTTP status for an operation error (400, 404, 409, 412, 403, 429, 503, 500). */
guint       dt_api_status_for_error (const GError   *error);

G_END_DECLS

/* dt-server-auth.c: applies the token check to a request and answers refusals. */
#define G_LOG_DOMAIN "dt-server"

#include "dt-server-auth.h"

DtPrincipal *
dt_request_authenticate (DtRequest  *request,
                         DtTarget    target,
                         const char *required_scope)
{
  g_autoptr(DtAuthChallenge) challenge = NULL;
  DtPrincipal *principal;

  g_return_val_if_fail (request != NULL, NULL);

  principal = dt_token_check (request->db, dt_request_get_header (request, "Authorization"),
                              target, required_scope, request->base_url, &challenge);
  if (principal != NULL)
    return principal;

  dt_request_set_header (request, "WWW-Authenticate", challenge->www_authenticate);
  dt_request_respond_refusal (request, challenge->status,
                              challenge->status == 403 ? "Insufficient scope" : "Unauthorized",
                              challenge->error_description != NULL
                                ? challenge->error_description
                                : "An access token is required (Authorization: Bearer …)");
  return NULL;
}

/* dt-oauth-metadata.c: the well-known documents clients read to discover the server. */
#define G_LOG_DOMAIN "dt-server"

#include "config.h"

#include <string.h>

#include "dt-oauth-metadata.h"
#include "dt-scopes.h"

#define PRM_PREFIX "/.well-known/oauth-protected-resource"

char *
dt_oauth_metadata_prm_url (const char *base_url,
                           const char *target_path)
{
  return g_strconcat (base_url, PRM_PREFIX, target_path, NULL);
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *member,
                  const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_url (JsonBuilder *builder,
         const char  *member,
         const char  *base_url,
         const char  *path)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, url);
}

static void
add_scopes_supported (JsonBuilder *builder)
{
  g_autofree char *all = dt_scopes_all_string ();
  g_auto(GStrv) scopes = g_strsplit (all, " ", -1);

  add_string_array (builder, "scopes_supported", (const char * const *) scopes);
}

static gboolean
require_get (DtRequest *request)
{
  if (g_str_equal (request->method, "GET") || g_str_equal (request->method, "HEAD"))
    return TRUE;
  dt_request_set_header (request, "Allow", "GET, HEAD");
  dt_request_respond_problem (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed",
                              "This document is read with GET");
  return FALSE;
}

static void
respond_document (DtRequest   *request,
                  JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dt_request_set_header (request, "Cache-Control", "no-store");
  dt_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
as_metadata_cb (DtRequest *request,
                gpointer   user_data)
{
  static const char *const response_types[] = { "code", NULL };
  static const char *const response_modes[] = { "query", NULL };
  static const char *const grant_types[] = { "authorization_code", "refresh_token",
                                             "client_credentials", NULL };
  static const char *const methods[] = { "S256", NULL };
  static const char *const auth_methods[] = { "none", "client_secret_basic",
                                              "client_secret_post", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!require_get (request))
    return;
  if (!g_str_equal (request->path, "/.well-known/oauth-authorization-server"))
    {
      dt_request_respond_problem (request, SOUP_STATUS_NOT_FOUND, "Not found",
                                  "The issuer has no path; its metadata is at "
                                  "/.well-known/oauth-authorization-server");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, request->base_url);
  add_url (builder, "authorization_endpoint", request->base_url, "/oauth/authorize");
  add_url (builder, "token_endpoint", request->base_url, "/oauth/token");
  add_url (builder, "registration_endpoint", request->base_url, "/oauth/register");
  add_url (builder, "revocation_endpoint", request->base_url, "/oauth/revoke");
  add_scopes_supported (builder);
  add_string_array (builder, "response_types_supported", response_types);
  add_string_array (builder, "response_modes_supported", response_modes);
  add_string_array (builder, "grant_types_supported", grant_types);
  add_string_array (builder, "code_challenge_methods_supported", methods);
  add_string_array (builder, "token_endpoint_auth_methods_supported", auth_methods);
  add_string_array (builder, "revocation_endpoint_auth_methods_supported", auth_methods);
  json_builder_set_member_name (builder, "authorization_response_iss_parameter_supported");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "client_id_metadata_document_supported");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  respond_document (request, builder);
}

static void
prm_cb (DtRequest *request,
        gpointer   user_data)
{
  static const char *const bearer_methods[] = { "header", NULL };
  const char *rest = request->path + strlen (PRM_PREFIX);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DtTarget target;
  g_autofree char *resource = NULL;
  const char *servers[] = { request->base_url, NULL };

  if (!require_get (request))
    return;

  /* The root form describes the MCP server: only MCP clients discover, and they try the
   * path-inserted form first. */
  if (*rest == '\0' || g_str_equal (rest, "/mcp"))
    target = DT_TARGET_MCP;
  else if (g_str_equal (rest, "/api/v1"))
    target = DT_TARGET_API;
  else
    {
      dt_request_respond_problem (request, SOUP_STATUS_NOT_FOUND, "Not found",
                                  "Protected resources are /mcp and /api/v1");
      return;
    }

  resource = g_strconcat (request->base_url, dt_target_path (target), NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, resource);
  add_string_array (builder, "authorization_servers", servers);
  add_scopes_supported (builder);
  add_string_array (builder, "bearer_methods_supported", bearer_methods);
  json_builder_set_member_name (builder, "resource_name");
  json_builder_add_string_value (builder, target == DT_TARGET_MCP ? "DoubleTime MCP server"
                                                                  : "DoubleTime REST API");
  json_builder_end_object (builder);
  respond_document (request, builder);
}

void
dt_oauth_metadata_mount (DtServer *server)
{
  g_return_if_fail (DT_IS_SERVER (server));

  dt_server_add_route (server, "/.well-known/oauth-authorization-server", as_metadata_cb,
                       NULL, NULL);
  dt_server_add_route (server, PRM_PREFIX, prm_cb, NULL, NULL);
}

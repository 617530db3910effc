/* dt-api.c: the REST face of the operations at /api/v1. Translation only: routing, JSON in
 * and out, problems and headers; validation and data live in the operations. */
#define G_LOG_DOMAIN "dt-api"

#include "dt-api.h"

#include <string.h>

#include "dt-api-private.h"
#include "dt-error.h"
#include "dt-server-guard.h"

typedef struct
{
  DtOpRegistry     *registry;
  DtApiContextFunc  make_context;
  gpointer          user_data;
  GDestroyNotify    destroy;
} Api;

typedef struct
{
  Api         *api;
  DtRequest   *request;
  const DtOp  *op;
  DtOpContext *ctx;
  gboolean     in_handler;
  gboolean     held;
  gboolean     answered;
} Pending;

static void
api_free (gpointer data)
{
  Api *api = data;

  if (api->destroy)
    api->destroy (api->user_data);
  g_object_unref (api->registry);
  g_free (api);
}

guint
dt_api_status_for_error (const GError *error)
{
  if (error->domain != DT_ERROR)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 499 : 500;
  switch (error->code)
    {
    case DT_ERROR_INVALID:
      return SOUP_STATUS_BAD_REQUEST;
    case DT_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case DT_ERROR_CONFLICT:
    case DT_ERROR_LOCKED:
      return SOUP_STATUS_CONFLICT;
    case DT_ERROR_PRECONDITION:
      return SOUP_STATUS_PRECONDITION_FAILED;
    case DT_ERROR_FORBIDDEN:
    case DT_ERROR_DENIED:
    case DT_ERROR_TIMEOUT:
      return SOUP_STATUS_FORBIDDEN;
    case DT_ERROR_UNAUTHORIZED:
      return SOUP_STATUS_UNAUTHORIZED;
    case DT_ERROR_RATE_LIMITED:
      return 429;
    case DT_ERROR_UNAVAILABLE:
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
    case DT_ERROR_NO_SPACE:
      return SOUP_STATUS_INSUFFICIENT_STORAGE;
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

static const char *
title_for_status (guint status)
{
  switch (status)
    {
    case 400: return "Invalid input";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 412: return "Precondition failed";
    case 415: return "Unsupported media type";
    case 429: return "Too many requests";
    case 503: return "Unavailable";
    case 507: return "Insufficient storage";
    default:  return "Internal error";
    }
}

static JsonObject *
property_schema (JsonObject *schema,
                 const char *name)
{
  JsonNode *properties = json_object_get_member (schema, "properties");
  JsonNode *property;

  if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties))
    return NULL;
  property = json_object_get_member (json_node_get_object (properties), name);
  return property && JSON_NODE_HOLDS_OBJECT (property) ? json_node_get_object (property) : NULL;
}

static gboolean
schema_allows (JsonObject *property,
               const char *type)
{
  JsonNode *node = property ? json_object_get_member (property, "type") : NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *types = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (types); i++)
        if (g_strcmp0 (json_array_get_string_element (types, i), type) == 0)
          return TRUE;
      return FALSE;
    }
  return g_strcmp0 (json_node_get_string (node), type) == 0;
}

/* A text from the path or the query string, typed as the input schema wants it. A value
 * that does not convert stays a string: the schema check then says what was expected. */
static JsonNode *
typed_value (JsonObject *schema,
             const char *name,
             const char *text)
{
  JsonObject *property = property_schema (schema, name);
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  gint64 integer;

  if (schema_allows (property, "integer") &&
      g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    json_node_set_int (node, integer);
  else if (schema_allows (property, "boolean") &&
           (g_str_equal (text, "true") || g_str_equal (text, "false")))
    json_node_set_boolean (node, g_str_equal (text, "true"));
  else if (schema_allows (property, "number") && !schema_allows (property, "string"))
    {
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);

      if (end != text && *end == '\0')
        json_node_set_double (node, value);
      else
        json_node_set_string (node, text);
    }
  else
    json_node_set_string (node, text);
  return node;
}

static void
respond_problem_for_error (DtRequest    *request,
                           const GError *error)
{
  guint status = dt_api_status_for_error (error);

  if (status == 499)
    status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  dt_request_respond_problem (request, status, title_for_status (status), "%s", error->message);
}

static char *
etag_for (JsonObject *output)
{
  if (output == NULL || !json_object_has_member (output, "version"))
    return NULL;
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                          json_object_get_int_member (output, "version"));
}

static void
respond_output (Pending    *pending,
                JsonObject *output,
                char       *text,
                gsize       length)
{
  g_autofree char *owned_text = text;
  DtRequest *request = pending->request;
  g_autofree char *etag = etag_for (output);
  guint status = pending->op->http_status ? pending->op->http_status : SOUP_STATUS_OK;

  if (pending->op->flags & DT_OP_BINARY)
    {
      const char *base64 = json_object_get_string_member_with_default (output, "data_base64", "");
      const char *file_text = json_object_get_string_member_with_default (output, "text", NULL);
      const char *name = json_object_get_string_member_with_default (output, "filename", NULL);
      const char *how = json_object_get_string_member_with_default (output, "disposition",
                                                                    "inline");
      g_autoptr(GBytes) bytes = NULL;

      /* A text file (XML) travels as text in the output, a binary one as base64. */
      if (file_text != NULL)
        bytes = g_bytes_new (file_text, strlen (file_text));
      else
        {
          gsize size = 0;
          guchar *data = g_base64_decode (base64, &size);

          bytes = g_bytes_new_take (data, size);
        }
      if (name != NULL)
        {
          g_autofree char *disposition = g_strdup_printf ("%s; filename=\"%s\"",
                                                          g_str_equal (how, "attachment")
                                                          ? "attachment" : "inline", name);
          dt_request_set_header (request, "Content-Disposition", disposition);
        }
      dt_request_respond_bytes (request, SOUP_STATUS_OK,
                                json_object_get_string_member_with_default (
                                    output, "content_type", "application/octet-stream"),
                                bytes);
      return;
    }
  if (etag)
    dt_request_set_header (request, "ETag", etag);
  if (status == SOUP_STATUS_CREATED && json_object_has_member (output, "id"))
    {
      /* POST /api/v1/clients → /api/v1/clients/7 */
      g_autofree char *location = g_strdup_printf ("%s%s/%" G_GINT64_FORMAT, request->base_url,
                                                   request->path,
                                                   json_object_get_int_member (output, "id"));

      dt_request_set_header (request, "Location", location);
    }
  if (status == SOUP_STATUS_NO_CONTENT)
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      dt_request_respond_bytes (request, status, "application/json", empty);
    }
  else if (owned_text != NULL)
    {
      /* Written by the read worker that ran the operation. */
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&owned_text), length);

      dt_request_respond_bytes (request, status, "application/json", bytes);
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, output);
      dt_request_respond_json (request, status, node);
    }
}

static void
pending_free (Pending *pending)
{
  dt_op_context_free (pending->ctx);
  dt_request_unref (pending->request);
  g_free (pending);
}

static void
invoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) output = NULL;

  output = dt_op_registry_invoke_finish (DT_OP_REGISTRY (source), result, &error);
  if (!dt_request_is_disconnected (pending->request))
    {
      if (output != NULL)
        {
          gsize length = 0;
          char *text = dt_op_registry_invoke_steal_text (result, &length);

          respond_output (pending, output, text, length);
        }
      else
        respond_problem_for_error (pending->request, error);
    }
  pending->answered = TRUE;
  if (pending->held)
    dt_request_release (pending->request);
  if (!pending->in_handler)
    pending_free (pending);
}

static void
disconnected_cb (DtRequest *request,
                 gpointer   user_data)
{
  Pending *pending = user_data;

  /* Withdraws a confirmation still waiting for the user; the answer path releases. */
  g_cancellable_cancel (pending->ctx->cancellable);
}

static void
serve_openapi (DtRequest *request,
               Api       *api)
{
  g_autoptr(JsonNode) document = dt_api_openapi_build (api->registry, request->base_url);

  dt_request_respond_json (request, SOUP_STATUS_OK, document);
}

static JsonObject *
build_input (DtRequest  *request,
             const DtOp *op,
             JsonObject *schema,
             GHashTable *variables,
             gboolean    with_body,
             guint      *out_status,
             GError    **error)
{
  g_autoptr(JsonObject) input = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (with_body && g_bytes_get_size (request->body) > 0 && op->input_media_types != NULL &&
      !dt_guard_content_type_is (dt_request_get_header (request, "Content-Type"),
                                 "application/json"))
    {
      input = dt_api_file_input (request, op->input_media_types, out_status, error);
      if (input == NULL)
        return NULL;
    }
  else if (with_body && g_bytes_get_size (request->body) > 0)
    {
      g_autoptr(JsonNode) body = dt_request_parse_json (request, out_status, error);

      if (body == NULL)
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (body))
        {
          *out_status = SOUP_STATUS_BAD_REQUEST;
          g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                               "The body must be a JSON object");
          return NULL;
        }
      input = json_object_ref (json_node_get_object (body));
    }
  else
    input = json_object_new ();

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (json_object_has_member (input, key))
        {
          *out_status = SOUP_STATUS_BAD_REQUEST;
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "“%s” is given both in the query string and in the body", (char *) key);
          return NULL;
        }
      json_object_set_member (input, key, typed_value (schema, key, value));
    }
  /* Path variables win: /clients/3 is client 3 whatever the body says. */
  g_hash_table_iter_init (&iter, variables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_member (input, key, typed_value (schema, key, value));

  {
    const char *if_match = dt_request_get_header (request, "If-Match");

    if (if_match != NULL && property_schema (schema, "expected_version") != NULL)
      {
        g_autofree char *bare = g_strdup (if_match);
        gint64 version;

        g_strstrip (bare);
        if (g_str_has_prefix (bare, "W/"))
          memmove (bare, bare + 2, strlen (bare) - 1);
        if (bare[0] == '"' && strlen (bare) >= 2 && bare[strlen (bare) - 1] == '"')
          {
            bare[strlen (bare) - 1] = '\0';
            memmove (bare, bare + 1, strlen (bare));
          }
        if (!g_ascii_string_to_signed (bare, 10, 1, G_MAXINT64, &version, NULL))
          {
            *out_status = SOUP_STATUS_PRECONDITION_FAILED;
            g_set_error (error, DT_ERROR, DT_ERROR_PRECONDITION,
                         "If-Match must be an ETag this API returned, like \"3\"; got %s",
                         if_match);
            return NULL;
          }
        json_object_set_int_member (input, "expected_version", version);
      }
  }
  return g_steal_pointer (&input);
}

static void
route_cb (DtRequest *request,
          gpointer   user_data)
{
  Api *api = user_data;
  const char *path = request->path + strlen (DT_API_ROOT);
  g_autoptr(GHashTable) variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  gboolean path_matched = FALSE;
  gboolean with_body;
  const DtOp *op;
  DtOpContext *ctx;
  Pending *pending;
  guint status = 0;

  if (g_str_equal (path, "/openapi.json") && g_str_equal (request->method, "GET"))
    {
      serve_openapi (request, api);
      return;
    }

  op = dt_op_registry_route (api->registry, request->method, path, variables, &path_matched);
  if (op == NULL)
    {
      if (path_matched)
        {
          dt_request_respond_problem (request, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                      "Method not allowed",
                                      "%s is not supported on %s; see /api/v1/openapi.json",
                                      request->method, request->path);
          return;
        }
      dt_request_respond_problem (request, SOUP_STATUS_NOT_FOUND, "Not found",
                                  "No API resource at %s; see /api/v1/openapi.json for the "
                                  "routes there are", request->path);
      return;
    }

  /* Authentication and the scope check come first, before the input is even read. */
  ctx = api->make_context (request, op, api->user_data);
  if (ctx == NULL)
    return;
  /* respond_output sends the worker's text; it reads only the version from the object. */
  ctx->text_output = TRUE;

  with_body = g_str_equal (request->method, "POST") || g_str_equal (request->method, "PATCH") ||
              g_str_equal (request->method, "PUT");
  input = build_input (request, op, dt_op_registry_input_schema (api->registry, op), variables,
                       with_body, &status, &error);
  if (input == NULL)
    {
      dt_request_respond_problem (request, status, title_for_status (status), "%s",
                                  error->message);
      dt_op_context_free (ctx);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->api = api;
  pending->request = dt_request_ref (request);
  pending->op = op;
  pending->ctx = ctx;
  pending->in_handler = TRUE;
  dt_op_registry_invoke_async (api->registry, op, ctx, input, invoked_cb, pending);
  pending->in_handler = FALSE;
  if (pending->answered)
    pending_free (pending);
  else
    {
      /* Waiting (for the user's confirmation): hold the request, keep serving others. */
      pending->held = TRUE;
      dt_request_hold (request, disconnected_cb, pending);
    }
}

void
dt_api_mount (DtServer         *server,
              DtOpRegistry     *registry,
              DtApiContextFunc  make_context,
              gpointer          user_data,
              GDestroyNotify    destroy)
{
  Api *api;

  g_return_if_fail (DT_IS_SERVER (server));
  g_return_if_fail (DT_IS_OP_REGISTRY (registry));
  g_return_if_fail (make_context != NULL);

  api = g_new0 (Api, 1);
  api->registry = g_object_ref (registry);
  api->make_context = make_context;
  api->user_data = user_data;
  api->destroy = destroy;
  dt_server_add_route (server, DT_API_ROOT, route_cb, api, api_free);
}

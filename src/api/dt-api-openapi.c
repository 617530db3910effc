/* dt-api-openapi.c: the OpenAPI 3.1 document of /api/v1, generated from the same operation
 * registry that serves the routes, so the two cannot drift apart. */
#define G_LOG_DOMAIN "dt-api"

#include "dt-api.h"

#include <string.h>

#include "config.h"

static JsonNode *
copy_node (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_node_copy (node);
}

/* An operation that takes a file: the raw file in each of @media_types, or one file in a
 * multipart/form-data body, besides the JSON form. */
static void
add_file_bodies (JsonObject *content,
                 const char *media_types)
{
  g_auto(GStrv) types = g_strsplit (media_types, " ", -1);
  JsonObject *form = json_object_new ();
  JsonObject *form_schema = json_object_new ();
  JsonObject *properties = json_object_new ();
  JsonObject *file = json_object_new ();
  JsonArray *required = json_array_new ();

  for (guint i = 0; types[i] != NULL; i++)
    {
      JsonObject *media = json_object_new ();
      JsonObject *schema = json_object_new ();

      json_object_set_string_member (schema, "type", "string");
      json_object_set_string_member (schema, "contentMediaType", types[i]);
      json_object_set_object_member (media, "schema", schema);
      json_object_set_object_member (content, types[i], media);
    }
  json_object_set_string_member (file, "type", "string");
  json_object_set_string_member (file, "contentMediaType", "application/octet-stream");
  json_object_set_string_member (file, "description", "The file, with its file name");
  json_object_set_object_member (properties, "file", file);
  json_array_add_string_element (required, "file");
  json_object_set_string_member (form_schema, "type", "object");
  json_object_set_object_member (form_schema, "properties", properties);
  json_object_set_array_member (form_schema, "required", required);
  json_object_set_object_member (form, "schema", form_schema);
  json_object_set_object_member (content, "multipart/form-data", form);
}

static JsonObject *
problem_response (const char *description)
{
  JsonObject *response = json_object_new ();
  JsonObject *content = json_object_new ();
  JsonObject *media = json_object_new ();
  JsonObject *schema = json_object_new ();

  json_object_set_string_member (schema, "$ref", "#/components/schemas/Problem");
  json_object_set_object_member (media, "schema", schema);
  json_object_set_object_member (content, "application/problem+json", media);
  json_object_set_string_member (response, "description", description);
  json_object_set_object_member (response, "content", content);
  return response;
}

static JsonObject *
problem_schema (void)
{
  JsonObject *schema = json_object_new ();
  JsonObject *properties = json_object_new ();
  static const char * const names[] = { "type", "title", "detail", "instance" };

  json_object_set_string_member (schema, "type", "object");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "type", "string");
      json_object_set_object_member (properties, names[i], p);
    }
  {
    JsonObject *p = json_object_new ();

    json_object_set_string_member (p, "type", "integer");
    json_object_set_object_member (properties, "status", p);
  }
  json_object_set_object_member (schema, "properties", properties);
  return schema;
}

static gboolean
is_path_variable (const DtOp *op,
                  const char *name)
{
  g_autofree char *needle = g_strdup_printf ("{%s}", name);

  return op->http_path != NULL && strstr (op->http_path, needle) != NULL;
}

static gboolean
has_body (const DtOp *op)
{
  return g_strcmp0 (op->http_method, "POST") == 0 || g_strcmp0 (op->http_method, "PATCH") == 0 ||
         g_strcmp0 (op->http_method, "PUT") == 0;
}

static JsonObject *
operation_object (DtOpRegistry *registry,
                  const DtOp   *op)
{
  JsonObject *input = dt_op_registry_input_schema (registry, op);
  JsonObject *output = dt_op_registry_output_schema (registry, op);
  JsonNode *properties_node = json_object_get_member (input, "properties");
  JsonObject *properties = properties_node ? json_node_get_object (properties_node) : NULL;
  JsonNode *required_node = json_object_get_member (input, "required");
  JsonObject *operation = json_object_new ();
  JsonArray *parameters = json_array_new ();
  JsonObject *responses = json_object_new ();
  JsonArray *tags = json_array_new ();
  JsonArray *security = json_array_new ();
  JsonObject *requirement = json_object_new ();
  JsonArray *scopes = json_array_new ();
  g_autofree char *status = g_strdup_printf ("%u", op->http_status ? op->http_status : 200);
  g_autoptr(GList) names = properties ? json_object_get_members (properties) : NULL;

  json_object_set_string_member (operation, "operationId", op->name);
  json_object_set_string_member (operation, "summary", op->title);
  json_object_set_string_member (operation, "description", op->description);
  json_array_add_string_element (tags, op->area);
  json_object_set_array_member (operation, "tags", tags);
  json_array_add_string_element (scopes, op->scope);
  json_object_set_array_member (requirement, "oauth2", scopes);
  json_array_add_object_element (security, requirement);
  json_object_set_array_member (operation, "security", security);
  if (op->flags & DT_OP_SENSITIVE)
    json_object_set_boolean_member (operation, "x-doubletime-confirmation", TRUE);

  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      gboolean in_path = is_path_variable (op, name);
      gboolean required = in_path;
      JsonObject *parameter;

      if (!in_path && has_body (op))
        continue;
      if (g_str_equal (name, "expected_version"))
        continue;  /* If-Match carries it */
      if (!in_path && required_node && JSON_NODE_HOLDS_ARRAY (required_node))
        {
          JsonArray *list = json_node_get_array (required_node);

          for (guint i = 0; i < json_array_get_length (list); i++)
            if (g_strcmp0 (json_array_get_string_element (list, i), name) == 0)
              required = TRUE;
        }
      parameter = json_object_new ();
      json_object_set_string_member (parameter, "name", name);
      json_object_set_string_member (parameter, "in", in_path ? "path" : "query");
      json_object_set_boolean_member (parameter, "required", required);
      json_object_set_member (parameter, "schema",
                              json_node_copy (json_object_get_member (properties, name)));
      json_array_add_object_element (parameters, parameter);
    }
  if (properties && json_object_has_member (properties, "expected_version"))
    {
      JsonObject *parameter = json_object_new ();
      JsonObject *schema = json_object_new ();

      json_object_set_string_member (parameter, "name", "If-Match");
      json_object_set_string_member (parameter, "in", "header");
      json_object_set_boolean_member (parameter, "required", FALSE);
      json_object_set_string_member (parameter, "description",
                                     "The ETag of the version you read; the change is refused "
                                     "with 412 if it changed since.");
      json_object_set_string_member (schema, "type", "string");
      json_object_set_object_member (parameter, "schema", schema);
      json_array_add_object_element (parameters, parameter);
    }
  json_object_set_array_member (operation, "parameters", parameters);

  if (has_body (op))
    {
      JsonObject *body = json_object_new ();
      JsonObject *content = json_object_new ();
      JsonObject *media = json_object_new ();
      JsonNode *schema = copy_node (input);
      JsonObject *schema_object = json_node_get_object (schema);
      JsonNode *props = json_object_get_member (schema_object, "properties");

      /* The body is the input without what the path and If-Match carry. */
      if (props && JSON_NODE_HOLDS_OBJECT (props))
        {
          g_autoptr(GList) keys = json_object_get_members (json_node_get_object (props));

          for (GList *l = keys; l; l = l->next)
            if (is_path_variable (op, l->data) || g_str_equal (l->data, "expected_version"))
              json_object_remove_member (json_node_get_object (props), l->data);
        }
      if (json_object_has_member (schema_object, "required"))
        {
          JsonArray *old = json_object_get_array_member (schema_object, "required");
          JsonArray *kept = json_array_new ();

          for (guint i = 0; i < json_array_get_length (old); i++)
            {
              const char *name = json_array_get_string_element (old, i);

              if (!is_path_variable (op, name) && !g_str_equal (name, "expected_version"))
                json_array_add_string_element (kept, name);
            }
          json_object_set_array_member (schema_object, "required", kept);
        }
      json_object_set_member (media, "schema", schema);
      json_object_set_object_member (content, "application/json", media);
      if (op->input_media_types != NULL)
        add_file_bodies (content, op->input_media_types);
      json_object_set_boolean_member (body, "required", TRUE);
      json_object_set_object_member (body, "content", content);
      json_object_set_object_member (operation, "requestBody", body);
    }

  {
    JsonObject *response = json_object_new ();

    json_object_set_string_member (response, "description", op->title);
    if (op->http_status != 204)
      {
        JsonObject *content = json_object_new ();
        JsonObject *media = json_object_new ();

        if (op->flags & DT_OP_BINARY)
          {
            const char *types = op->output_media_types != NULL
                                ? op->output_media_types
                                : strstr (op->http_path, "csv") ? "text/csv" : "application/pdf";
            g_auto(GStrv) list = g_strsplit (types, " ", -1);

            json_object_unref (media);
            for (guint i = 0; list[i] != NULL; i++)
              {
                JsonObject *binary = json_object_new ();
                JsonObject *file_media = json_object_new ();

                json_object_set_string_member (binary, "type", "string");
                json_object_set_string_member (binary, "contentMediaType", list[i]);
                json_object_set_object_member (file_media, "schema", binary);
                json_object_set_object_member (content, list[i], file_media);
              }
          }
        else
          {
            json_object_set_member (media, "schema", copy_node (output));
            json_object_set_object_member (content, "application/json", media);
          }
        json_object_set_object_member (response, "content", content);
      }
    json_object_set_object_member (responses, status, response);
  }
  json_object_set_object_member (responses, "400", problem_response ("The input is not valid"));
  json_object_set_object_member (responses, "401", problem_response ("No valid token"));
  json_object_set_object_member (responses, "403",
                                 problem_response ("The token lacks the scope, or the user "
                                                   "declined"));
  if (op->http_path && strchr (op->http_path, '{'))
    json_object_set_object_member (responses, "404", problem_response ("No such object"));
  if (!(op->flags & DT_OP_READ_ONLY))
    json_object_set_object_member (responses, "409",
                                   problem_response ("The change conflicts with the data"));
  if (op->output_media_types != NULL)
    json_object_set_object_member (responses, "409",
                                   problem_response ("The invoice is not ready as this "
                                                     "e-invoice; the detail lists what is "
                                                     "missing"));
  if (op->input_media_types != NULL)
    json_object_set_object_member (responses, "415",
                                   problem_response ("The body is neither JSON, nor a file of "
                                                     "a type taken, nor multipart/form-data"));
  if (properties && json_object_has_member (properties, "expected_version"))
    json_object_set_object_member (responses, "412",
                                   problem_response ("The object changed since it was read"));
  if (!(op->flags & DT_OP_READ_ONLY))
    json_object_set_object_member (responses, "507",
                                   problem_response ("The disk is full; nothing was saved"));
  json_object_set_object_member (operation, "responses", responses);
  return operation;
}

JsonNode *
dt_api_openapi_build (DtOpRegistry *registry,
                      const char   *base_url)
{
  JsonObject *document = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonArray *servers = json_array_new ();
  JsonObject *server = json_object_new ();
  JsonObject *paths = json_object_new ();
  JsonObject *components = json_object_new ();
  JsonObject *schemes = json_object_new ();
  JsonObject *schemas = json_object_new ();
  JsonNode *root;
  g_autofree char *server_url = g_strconcat (base_url, DT_API_ROOT, NULL);

  g_return_val_if_fail (DT_IS_OP_REGISTRY (registry), NULL);

  json_object_set_string_member (document, "openapi", "3.1.0");
  json_object_set_string_member (document, "jsonSchemaDialect",
                                 "https://json-schema.org/draft/2020-12/schema");
  json_object_set_string_member (info, "title", "DoubleTime REST API");
  json_object_set_string_member (info, "version", PACKAGE_VERSION);
  json_object_set_string_member (info, "description",
                                 "Time tracking, invoicing and billing on this computer. Every "
                                 "route needs a bearer token for the REST API target with the "
                                 "scope it names; lists page with an opaque cursor.");
  json_object_set_object_member (document, "info", info);
  json_object_set_string_member (server, "url", server_url);
  json_array_add_object_element (servers, server);
  json_object_set_array_member (document, "servers", servers);

  for (guint i = 0; i < dt_op_registry_get_n_ops (registry); i++)
    {
      const DtOp *op = dt_op_registry_get_op (registry, i);
      JsonObject *item;
      g_autofree char *method = NULL;

      if (op->http_path == NULL || op->http_method == NULL)
        continue;
      if (!json_object_has_member (paths, op->http_path))
        json_object_set_object_member (paths, op->http_path, json_object_new ());
      item = json_object_get_object_member (paths, op->http_path);
      method = g_ascii_strdown (op->http_method, -1);
      json_object_set_object_member (item, method, operation_object (registry, op));
    }
  json_object_set_object_member (document, "paths", paths);

  {
    JsonObject *oauth2 = json_object_new ();
    JsonObject *flows = json_object_new ();
    JsonObject *code = json_object_new ();
    JsonObject *client = json_object_new ();
    JsonObject *scopes_a = json_object_new ();
    JsonObject *scopes_b = json_object_new ();
    g_autofree char *authorize = g_strconcat (base_url, "/oauth/authorize", NULL);
    g_autofree char *token = g_strconcat (base_url, "/oauth/token", NULL);
    g_autofree char *refresh = g_strconcat (base_url, "/oauth/token", NULL);

    for (guint i = 0; i < dt_op_registry_get_n_ops (registry); i++)
      {
        const DtOp *op = dt_op_registry_get_op (registry, i);

        if (!json_object_has_member (scopes_a, op->scope))
          {
            json_object_set_string_member (scopes_a, op->scope, op->scope);
            json_object_set_string_member (scopes_b, op->scope, op->scope);
          }
      }
    json_object_set_string_member (code, "authorizationUrl", authorize);
    json_object_set_string_member (code, "tokenUrl", token);
    json_object_set_string_member (code, "refreshUrl", refresh);
    json_object_set_object_member (code, "scopes", scopes_a);
    json_object_set_string_member (client, "tokenUrl", token);
    json_object_set_object_member (client, "scopes", scopes_b);
    json_object_set_object_member (flows, "authorizationCode", code);
    json_object_set_object_member (flows, "clientCredentials", client);
    json_object_set_string_member (oauth2, "type", "oauth2");
    json_object_set_object_member (oauth2, "flows", flows);
    json_object_set_object_member (schemes, "oauth2", oauth2);
  }
  json_object_set_object_member (components, "securitySchemes", schemes);
  json_object_set_object_member (schemas, "Problem", problem_schema ());
  json_object_set_object_member (components, "schemas", schemas);
  json_object_set_object_member (document, "components", components);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, document);
  return root;
}

/* dt-mcp-session-methods.c: the methods a session answers: tools, resources, prompts and more. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-session-private.h"

#include <string.h>

static void
invalid_params (DtMcpCall  *call,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
invalid_params (DtMcpCall  *call,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_PARAMS, text, NULL);
}

static const char *
get_string_param (JsonObject *params,
                  const char *name)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
handle_initialize (DtMcpSession *self,
                   DtMcpCall    *call)
{
  JsonObject *params = dt_mcp_call_get_params (call);
  const char *requested = get_string_param (params, "protocolVersion");
  JsonNode *caps = json_object_get_member (params, "capabilities");
  JsonNode *info = json_object_get_member (params, "clientInfo");
  JsonObject *result;
  const char *instructions;

  if (self->initialize_answered)
    {
      dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST,
                                "This session is already initialized", NULL);
      return;
    }
  if (requested == NULL)
    {
      invalid_params (call, "initialize needs \"protocolVersion\", e.g. \"%s\"",
                      DT_MCP_PROTOCOL_LATEST);
      return;
    }
  if (caps != NULL && !JSON_NODE_HOLDS_OBJECT (caps))
    {
      invalid_params (call, "\"capabilities\" must be an object");
      return;
    }

  g_free (self->protocol_version);
  /* Echo a version we speak; otherwise offer our latest and let the client decide. */
  self->protocol_version = g_strdup (dt_mcp_protocol_version_supported (requested)
                                     ? requested : DT_MCP_PROTOCOL_LATEST);
  self->client_capabilities = caps ? json_object_ref (json_node_get_object (caps))
                                   : json_object_new ();
  if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
    self->client_info = json_object_ref (json_node_get_object (info));
  self->initialize_answered = TRUE;

  result = json_object_new ();
  json_object_set_string_member (result, "protocolVersion", self->protocol_version);
  json_object_set_object_member (result, "capabilities",
                                 dt_mcp_server_build_capabilities (self->server));
  json_object_set_object_member (result, "serverInfo", dt_mcp_server_build_info (self->server));
  instructions = dt_mcp_server_get_instructions (self->server);
  if (instructions)
    json_object_set_string_member (result, "instructions", instructions);
  dt_mcp_call_return (call, result);
}

static void
handle_set_level (DtMcpSession *self,
                  DtMcpCall    *call)
{
  const char *level = get_string_param (dt_mcp_call_get_params (call), "level");
  DtMcpLogLevel value;

  if (!dt_mcp_log_level_from_string (level, &value))
    {
      invalid_params (call, "\"level\" must be one of debug, info, notice, warning, error, "
                            "critical, alert, emergency");
      return;
    }
  self->log_level = value;
  dt_mcp_call_return (call, json_object_new ());
}

/* Reads the optional cursor; FALSE (and an error sent) when it is not one of ours. */
static gboolean
read_cursor (DtMcpCall  *call,
             const char *kind,
             guint      *offset)
{
  JsonNode *node = json_object_get_member (dt_mcp_call_get_params (call), "cursor");

  *offset = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !dt_mcp_cursor_decode (kind, json_node_get_string (node), offset))
    {
      invalid_params (call, "The cursor is not valid; pass the nextCursor of an earlier "
                            "page, or no cursor for the first page");
      return FALSE;
    }
  return TRUE;
}

static void
set_next_cursor (JsonObject *result,
                 const char *kind,
                 guint       next,
                 guint       total)
{
  if (next < total)
    {
      g_autofree char *cursor = dt_mcp_cursor_encode (kind, next);

      json_object_set_string_member (result, "nextCursor", cursor);
    }
}

static void
handle_tools_list (DtMcpSession *self,
                   DtMcpCall    *call)
{
  GPtrArray *tools = dt_mcp_server_get_tools (self->server);
  guint page = dt_mcp_server_get_page_size (self->server);
  JsonObject *result;
  JsonArray *array;
  guint offset, i;

  if (!read_cursor (call, "tools", &offset))
    return;
  if (offset > tools->len)
    {
      invalid_params (call, "The cursor points past the end of the list");
      return;
    }
  array = json_array_new ();
  for (i = offset; i < tools->len && i < offset + page; i++)
    json_array_add_object_element (array, dt_mcp_tool_to_json (g_ptr_array_index (tools, i)));
  result = json_object_new ();
  json_object_set_array_member (result, "tools", array);
  set_next_cursor (result, "tools", i, tools->len);
  dt_mcp_call_return (call, result);
}

static void
handle_tools_call (DtMcpSession *self,
                   DtMcpCall    *call)
{
  JsonObject *params = dt_mcp_call_get_params (call);
  const char *name = get_string_param (params, "name");
  JsonNode *arguments = json_object_get_member (params, "arguments");
  DtMcpTool *tool;

  if (name == NULL)
    {
      invalid_params (call, "tools/call needs \"name\", the name of a tool from tools/list");
      return;
    }
  dt_mcp_call_set_target (call, name);
  tool = dt_mcp_server_lookup_tool (self->server, name);
  if (tool == NULL)
    {
      invalid_params (call, "Unknown tool \"%s\"; tools/list names the tools there are", name);
      return;
    }
  if (arguments != NULL && !JSON_NODE_HOLDS_NULL (arguments) && !JSON_NODE_HOLDS_OBJECT (arguments))
    {
      invalid_params (call, "\"arguments\" must be an object");
      return;
    }
  if (arguments != NULL && JSON_NODE_HOLDS_OBJECT (arguments))
    dt_mcp_call_set_arguments (call, json_node_get_object (arguments));
  if (!dt_mcp_server_check_scope (self->server, self->principal, tool->scope))
    {
      g_autofree char *text = g_strdup_printf ("The tool \"%s\" needs the scope \"%s\", which "
                                               "this token was not granted", name, tool->scope);
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "requiredScope", tool->scope);
      json_node_take_object (data, object);
      dt_mcp_call_set_insufficient_scope (call, tool->scope);
      dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST, text, data);
      json_node_unref (data);
      return;
    }
  tool->handler (call, tool->user_data);
}

static JsonObject *
resource_to_json (DtMcpResource *resource)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, resource->is_template ? "uriTemplate" : "uri",
                                 resource->uri);
  json_object_set_string_member (object, "name", resource->name);
  if (resource->title)
    json_object_set_string_member (object, "title", resource->title);
  if (resource->description)
    json_object_set_string_member (object, "description", resource->description);
  if (resource->mime_type)
    json_object_set_string_member (object, "mimeType", resource->mime_type);
  return object;
}

static void
handle_resources_list (DtMcpSession *self,
                       DtMcpCall    *call)
{
  GPtrArray *resources = dt_mcp_server_get_resources (self->server);
  GPtrArray *templates = dt_mcp_server_get_templates (self->server);
  guint page = dt_mcp_server_get_page_size (self->server);
  g_autoptr(JsonArray) all = json_array_new ();
  JsonArray *array;
  JsonObject *result;
  guint offset, i, total;

  if (!read_cursor (call, "resources", &offset))
    return;
  for (i = 0; i < resources->len; i++)
    {
      DtMcpResource *resource = g_ptr_array_index (resources, i);

      if (dt_mcp_server_check_scope (self->server, self->principal, resource->scope))
        json_array_add_object_element (all, resource_to_json (resource));
    }
  for (i = 0; i < templates->len; i++)
    {
      DtMcpResource *resource = g_ptr_array_index (templates, i);

      if (resource->lister != NULL &&
          dt_mcp_server_check_scope (self->server, self->principal, resource->scope))
        resource->lister (call, all, resource->user_data);
    }
  total = json_array_get_length (all);
  if (offset > total)
    {
      invalid_params (call, "The cursor points past the end of the list");
      return;
    }
  array = json_array_new ();
  for (i = offset; i < total && i < offset + page; i++)
    json_array_add_element (array, json_node_copy (json_array_get_element (all, i)));
  result = json_object_new ();
  json_object_set_array_member (result, "resources", array);
  set_next_cursor (result, "resources", i, total);
  dt_mcp_call_return (call, result);
}

static void
handle_templates_list (DtMcpSession *self,
                       DtMcpCall    *call)
{
  GPtrArray *templates = dt_mcp_server_get_templates (self->server);
  guint page = dt_mcp_server_get_page_size (self->server);
  JsonArray *array;
  JsonObject *result;
  guint offset, i;

  if (!read_cursor (call, "templates", &offset))
    return;
  if (offset > templates->len)
    {
      invalid_params (call, "The cursor points past the end of the list");
      return;
    }
  array = json_array_new ();
  for (i = offset; i < templates->len && i < offset + page; i++)
    json_array_add_object_element (array, resource_to_json (g_ptr_array_index (templates, i)));
  result = json_object_new ();
  json_object_set_array_member (result, "resourceTemplates", array);
  set_next_cursor (result, "templates", i, templates->len);
  dt_mcp_call_return (call, result);
}

static gboolean
uri_is_valid (const char *uri)
{
  return uri != NULL && strlen (uri) <= 2048 && g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL);
}

static void
handle_resources_read (DtMcpSession *self,
                       DtMcpCall    *call)
{
  const char *uri = get_string_param (dt_mcp_call_get_params (call), "uri");
  DtMcpResource *resource;

  if (!uri_is_valid (uri))
    {
      invalid_params (call, "resources/read needs \"uri\", an absolute URI from resources/list");
      return;
    }
  dt_mcp_call_set_target (call, uri);
  resource = dt_mcp_server_match_resource (self->server, uri, dt_mcp_call_get_variables (call));
  if (resource == NULL ||
      !dt_mcp_server_check_scope (self->server, self->principal, resource->scope))
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "uri", uri);
      json_node_take_object (data, object);
      dt_mcp_call_return_error (call, DT_JSONRPC_RESOURCE_NOT_FOUND, "Resource not found", data);
      json_node_unref (data);
      return;
    }
  resource->reader (call, resource->user_data);
}

static void
handle_subscribe (DtMcpSession *self,
                  DtMcpCall    *call,
                  gboolean      subscribe)
{
  const char *uri = get_string_param (dt_mcp_call_get_params (call), "uri");

  if (!uri_is_valid (uri))
    {
      invalid_params (call, "\"uri\" must be an absolute URI");
      return;
    }
  if (subscribe)
    {
      /* Bounded: a client cannot grow the table without limit. */
      if (g_hash_table_size (self->subscriptions) >= 1000)
        {
          invalid_params (call, "Too many subscriptions in this session (at most 1000)");
          return;
        }
      g_hash_table_add (self->subscriptions, g_strdup (uri));
    }
  else
    g_hash_table_remove (self->subscriptions, uri);
  dt_mcp_call_return (call, json_object_new ());
}

static void
handle_prompts_list (DtMcpSession *self,
                     DtMcpCall    *call)
{
  GPtrArray *prompts = dt_mcp_server_get_prompts (self->server);
  guint page = dt_mcp_server_get_page_size (self->server);
  JsonArray *array;
  JsonObject *result;
  guint offset, i;

  if (!read_cursor (call, "prompts", &offset))
    return;
  if (offset > prompts->len)
    {
      invalid_params (call, "The cursor points past the end of the list");
      return;
    }
  array = json_array_new ();
  for (i = offset; i < prompts->len && i < offset + page; i++)
    {
      DtMcpPrompt *prompt = g_ptr_array_index (prompts, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", prompt->name);
      if (prompt->title)
        json_object_set_string_member (object, "title", prompt->title);
      if (prompt->description)
        json_object_set_string_member (object, "description", prompt->description);
      if (prompt->arguments->len > 0)
        {
          JsonArray *args = json_array_new ();

          for (guint j = 0; j < prompt->arguments->len; j++)
            {
              DtMcpPromptArgument *a = g_ptr_array_index (prompt->arguments, j);
              JsonObject *arg = json_object_new ();

              json_object_set_string_member (arg, "name", a->name);
              if (a->description)
                json_object_set_string_member (arg, "description", a->description);
              json_object_set_boolean_member (arg, "required", a->required);
              json_array_add_object_element (args, arg);
            }
          json_object_set_array_member (object, "arguments", args);
        }
      json_array_add_object_element (array, object);
    }
  result = json_object_new ();
  json_object_set_array_member (result, "prompts", array);
  set_next_cursor (result, "prompts", i, prompts->len);
  dt_mcp_call_return (call, result);
}

static void
handle_prompts_get (DtMcpSession *self,
                    DtMcpCall    *call)
{
  JsonObject *params = dt_mcp_call_get_params (call);
  const char *name = get_string_param (params, "name");
  JsonNode *arguments = json_object_get_member (params, "arguments");
  DtMcpPrompt *prompt;
  JsonObject *args;

  if (name == NULL)
    {
      invalid_params (call, "prompts/get needs \"name\", the name of a prompt from prompts/list");
      return;
    }
  dt_mcp_call_set_target (call, name);
  prompt = dt_mcp_server_lookup_prompt (self->server, name);
  if (prompt == NULL)
    {
      invalid_params (call, "Unknown prompt \"%s\"; prompts/list names the prompts there are",
                      name);
      return;
    }
  if (arguments != NULL && !JSON_NODE_HOLDS_NULL (arguments) && !JSON_NODE_HOLDS_OBJECT (arguments))
    {
      invalid_params (call, "\"arguments\" must be an object of strings");
      return;
    }
  if (arguments != NULL && JSON_NODE_HOLDS_OBJECT (arguments))
    dt_mcp_call_set_arguments (call, json_node_get_object (arguments));
  args = dt_mcp_call_get_arguments (call);
  for (guint i = 0; i < prompt->arguments->len; i++)
    {
      DtMcpPromptArgument *a = g_ptr_array_index (prompt->arguments, i);
      JsonNode *value = json_object_get_member (args, a->name);

      if (a->required && value == NULL)
        {
          invalid_params (call, "The prompt \"%s\" needs the argument \"%s\"", name, a->name);
          return;
        }
      if (value != NULL && (!JSON_NODE_HOLDS_VALUE (value) ||
                            json_node_get_value_type (value) != G_TYPE_STRING))
        {
          invalid_params (call, "The argument \"%s\" must be a string", a->name);
          return;
        }
    }
  if (!dt_mcp_server_check_scope (self->server, self->principal, prompt->scope))
    {
      invalid_params (call, "The prompt \"%s\" needs the scope \"%s\"", name, prompt->scope);
      return;
    }
  prompt->handler (call, prompt->user_data);
}

static void
handle_complete (DtMcpSession *self,
                 DtMcpCall    *call)
{
  JsonObject *params = dt_mcp_call_get_params (call);
  JsonNode *ref = json_object_get_member (params, "ref");
  JsonNode *argument = json_object_get_member (params, "argument");
  JsonNode *context = json_object_get_member (params, "context");
  JsonObject *context_args = NULL;
  DtMcpCompleter completer = NULL;
  gpointer completer_data = NULL;
  const char *type, *arg_name, *arg_value;
  g_autoptr(GPtrArray) values = NULL;
  JsonObject *completion, *result;
  JsonArray *array;
  guint total = 0;

  if (ref == NULL || !JSON_NODE_HOLDS_OBJECT (ref) || argument == NULL ||
      !JSON_NODE_HOLDS_OBJECT (argument))
    {
      invalid_params (call, "completion/complete needs \"ref\" and \"argument\" objects");
      return;
    }
  type = get_string_param (json_node_get_object (ref), "type");
  arg_name = get_string_param (json_node_get_object (argument), "name");
  arg_value = get_string_param (json_node_get_object (argument), "value");
  if (arg_name == NULL || arg_value == NULL)
    {
      invalid_params (call, "\"argument\" needs string \"name\" and \"value\"");
      return;
    }
  if (context != NULL && JSON_NODE_HOLDS_OBJECT (context))
    {
      JsonNode *a = json_object_get_member (json_node_get_object (context), "arguments");

      if (a != NULL && JSON_NODE_HOLDS_OBJECT (a))
        context_args = json_node_get_object (a);
    }

  if (g_strcmp0 (type, "ref/prompt") == 0)
    {
      const char *name = get_string_param (json_node_get_object (ref), "name");
      DtMcpPrompt *prompt = name ? dt_mcp_server_lookup_prompt (self->server, name) : NULL;

      if (prompt == NULL)
        {
          invalid_params (call, "Unknown prompt \"%s\"", name ? name : "");
          return;
        }
      dt_mcp_call_set_target (call, name);
      completer = prompt->completer;
      completer_data = prompt->user_data;
    }
  else if (g_strcmp0 (type, "ref/resource") == 0)
    {
      const char *uri = get_string_param (json_node_get_object (ref), "uri");
      DtMcpResource *resource = uri ? dt_mcp_server_lookup_template (self->server, uri) : NULL;

      if (resource == NULL)
        {
          invalid_params (call, "Unknown resource template \"%s\"", uri ? uri : "");
          return;
        }
      dt_mcp_call_set_target (call, uri);
      completer = resource->completer;
      completer_data = resource->user_data;
    }
  else
    {
      invalid_params (call, "\"ref.type\" must be \"ref/prompt\" or \"ref/resource\"");
      return;
    }

  if (completer != NULL)
    values = completer (call, arg_name, arg_value, context_args, completer_data);
  array = json_array_new ();
  if (values != NULL)
    {
      total = values->len;
      for (guint i = 0; i < values->len && i < 100; i++)
        json_array_add_string_element (array, g_ptr_array_index (values, i));
    }
  completion = json_object_new ();
  json_object_set_array_member (completion, "values", array);
  json_object_set_int_member (completion, "total", total);
  json_object_set_boolean_member (completion, "hasMore", total > 100);
  result = json_object_new ();
  json_object_set_object_member (result, "completion", completion);
  dt_mcp_call_return (call, result);
}

void
dt_mcp_session_dispatch_request (DtMcpSession *self,
                                 DtMcpCall    *call)
{
  const char *method = dt_mcp_call_get_method (call);

  if (g_str_equal (method, "initialize"))
    handle_initialize (self, call);
  else if (g_str_equal (method, "ping"))
    dt_mcp_call_return (call, json_object_new ());
  else if (!self->initialize_answered)
    dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST,
                              "The session is not initialized; send initialize first", NULL);
  else if (g_str_equal (method, "tools/list"))
    handle_tools_list (self, call);
  else if (g_str_equal (method, "tools/call"))
    handle_tools_call (self, call);
  else if (g_str_equal (method, "logging/setLevel"))
    handle_set_level (self, call);
  else if (g_str_equal (method, "resources/list"))
    handle_resources_list (self, call);
  else if (g_str_equal (method, "resources/templates/list"))
    handle_templates_list (self, call);
  else if (g_str_equal (method, "resources/read"))
    handle_resources_read (self, call);
  else if (g_str_equal (method, "resources/subscribe"))
    handle_subscribe (self, call, TRUE);
  else if (g_str_equal (method, "resources/unsubscribe"))
    handle_subscribe (self, call, FALSE);
  else if (g_str_equal (method, "prompts/list"))
    handle_prompts_list (self, call);
  else if (g_str_equal (method, "prompts/get"))
    handle_prompts_get (self, call);
  else if (g_str_equal (method, "completion/complete"))
    handle_complete (self, call);
  else
    {
      g_autofree char *text = g_strdup_printf ("Method not found: %s", method);

      dt_mcp_call_return_error (call, DT_JSONRPC_METHOD_NOT_FOUND, text, NULL);
    }
}

/* dt-mcp-session.c: protocol state of one MCP client and the dispatch of its messages. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-private.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

struct _DtMcpSession
{
  GObject        parent_instance;

  DtMcpServer   *server;
  GObject       *principal;
  char          *identity;
  char          *protocol_version;
  JsonObject    *client_capabilities;
  JsonObject    *client_info;
  gboolean       initialize_answered;
  gboolean       initialized;
  gboolean       closed;
  DtMcpLogLevel  log_level;

  GHashTable    *calls;          /* id key → DtMcpCall (in flight) */
  GHashTable    *pending;        /* gint64* → GTask (our requests to the client) */
  gint64         next_request_id;
  GHashTable    *subscriptions;  /* uri set */

  DtMcpUnsolicitedFunc unsolicited;
  gpointer       unsolicited_data;
};

G_DEFINE_FINAL_TYPE (DtMcpSession, dt_mcp_session, G_TYPE_OBJECT)

char *
dt_mcp_random_id (void)
{
  guint8 bytes[24];
  gsize got = 0;

  /* GLib's g_uuid_string_random is not for cryptographic use; the kernel CSPRNG is. */
  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom failed: %s", g_strerror (errno));
        }
      got += (gsize) n;
    }
  /* base64url without padding: visible ASCII only (0x21–0x7E), 192 bits. */
  {
    char *text = g_base64_encode (bytes, sizeof bytes);

    for (char *p = text; *p; p++)
      {
        if (*p == '+')
          *p = '-';
        else if (*p == '/')
          *p = '_';
        else if (*p == '=')
          *p = '\0';
      }
    return text;
  }
}

static void
dt_mcp_session_dispose (GObject *object)
{
  DtMcpSession *self = DT_MCP_SESSION (object);

  dt_mcp_session_close (self);
  G_OBJECT_CLASS (dt_mcp_session_parent_class)->dispose (object);
}

static void
dt_mcp_session_finalize (GObject *object)
{
  DtMcpSession *self = DT_MCP_SESSION (object);

  dt_mcp_server_remove_session (self->server, self);
  g_clear_object (&self->server);
  g_clear_object (&self->principal);
  g_free (self->identity);
  g_free (self->protocol_version);
  g_clear_pointer (&self->client_capabilities, json_object_unref);
  g_clear_pointer (&self->client_info, json_object_unref);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->subscriptions);

  G_OBJECT_CLASS (dt_mcp_session_parent_class)->finalize (object);
}

static void
dt_mcp_session_class_init (DtMcpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_mcp_session_dispose;
  object_class->finalize = dt_mcp_session_finalize;
}

static void
dt_mcp_session_init (DtMcpSession *self)
{
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_request_id = 1;
  self->log_level = DT_MCP_LOG_INFO;
}

DtMcpSession *
dt_mcp_session_new (DtMcpServer *server,
                    GObject     *principal,
                    const char  *identity)
{
  DtMcpSession *self;

  g_return_val_if_fail (DT_IS_MCP_SERVER (server), NULL);

  self = g_object_new (DT_TYPE_MCP_SESSION, NULL);
  self->server = g_object_ref (server);
  self->principal = principal ? g_object_ref (principal) : NULL;
  self->identity = g_strdup (identity ? identity : "");
  self->protocol_version = g_strdup ("2025-03-26");
  dt_mcp_server_add_session (server, self);
  return self;
}

DtMcpServer *
dt_mcp_session_get_server (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), NULL);
  return self->server;
}

const char *
dt_mcp_session_get_identity (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), NULL);
  return self->identity;
}

GObject *
dt_mcp_session_get_principal (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), NULL);
  return self->principal;
}

void
dt_mcp_session_set_principal (DtMcpSession *self,
                              GObject      *principal)
{
  g_return_if_fail (DT_IS_MCP_SESSION (self));
  g_set_object (&self->principal, principal);
}

const char *
dt_mcp_session_get_protocol_version (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), NULL);
  return self->protocol_version;
}

gboolean
dt_mcp_session_is_initialized (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), FALSE);
  return self->initialize_answered;
}

gboolean
dt_mcp_session_is_closed (DtMcpSession *self)
{
  g_return_val_if_fail (DT_IS_MCP_SESSION (self), TRUE);
  return self->closed;
}

JsonObject *
dt_mcp_session_get_client_capabilities (DtMcpSession *self)
{
  return self->client_capabilities;
}

gboolean
dt_mcp_session_log_enabled (DtMcpSession *self,
                            DtMcpLogLevel level)
{
  return level >= self->log_level;
}

GPtrArray *
dt_mcp_session_subscriptions_under (DtMcpSession *self,
                                    const char   *prefix)
{
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer uri;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, &uri, NULL))
    if (g_str_has_prefix (uri, prefix))
      g_ptr_array_add (uris, g_strdup (uri));
  return uris;
}

void
dt_mcp_session_set_unsolicited_func (DtMcpSession        *self,
                                     DtMcpUnsolicitedFunc func,
                                     gpointer             user_data)
{
  g_return_if_fail (DT_IS_MCP_SESSION (self));
  self->unsolicited = func;
  self->unsolicited_data = user_data;
}

void
dt_mcp_session_send_unsolicited (DtMcpSession *self,
                                 JsonNode     *message)
{
  /* With no standalone stream open there is nowhere to send it; the spec allows dropping. */
  if (self->unsolicited != NULL && !self->closed)
    self->unsolicited (message, self->unsolicited_data);
}

gint64
dt_mcp_session_add_pending (DtMcpSession *self,
                            GTask        *task)
{
  gint64 id = self->next_request_id++;

  g_hash_table_insert (self->pending, g_memdup2 (&id, sizeof id), g_object_ref (task));
  return id;
}

void
dt_mcp_session_drop_pending (DtMcpSession *self,
                             gint64        id)
{
  GTask *task = NULL;
  gpointer key = NULL;

  if (!g_hash_table_steal_extended (self->pending, &id, &key, (gpointer *) &task))
    return;
  g_free (key);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "The request to the client was abandoned");
  g_object_unref (task);
}

void
dt_mcp_session_call_done (DtMcpSession *self,
                          DtMcpCall    *call)
{
  g_autofree char *key = dt_jsonrpc_id_key (dt_mcp_call_get_id (call));

  if (g_hash_table_lookup (self->calls, key) == call)
    {
      g_hash_table_remove (self->calls, key);
      g_object_unref (call);
    }
}

void
dt_mcp_session_close (DtMcpSession *self)
{
  g_autoptr(GList) calls = NULL;
  g_autoptr(GList) ids = NULL;

  g_return_if_fail (DT_IS_MCP_SESSION (self));
  if (self->closed)
    return;
  self->closed = TRUE;

  calls = g_hash_table_get_values (self->calls);
  for (GList *l = calls; l; l = l->next)
    g_object_ref (l->data);
  for (GList *l = calls; l; l = l->next)
    {
      dt_mcp_call_cancel (l->data);
      g_object_unref (l->data);
    }
  ids = g_hash_table_get_keys (self->pending);
  for (GList *l = ids; l; l = l->next)
    {
      gint64 id = *(gint64 *) l->data;

      dt_mcp_session_drop_pending (self, id);
    }
  self->unsolicited = NULL;
}

/* ---- method handlers ---------------------------------------------------------------- */

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

static void
dispatch_request (DtMcpSession *self,
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

static void
handle_notification (DtMcpSession     *self,
                     DtJsonRpcMessage *message)
{
  if (g_str_equal (message->method, "notifications/initialized"))
    self->initialized = TRUE;
  else if (g_str_equal (message->method, "notifications/cancelled"))
    {
      JsonNode *id = json_object_get_member (message->params, "requestId");
      g_autofree char *key = NULL;
      DtMcpCall *call;

      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
        return;
      key = dt_jsonrpc_id_key (id);
      call = g_hash_table_lookup (self->calls, key);
      /* initialize cannot be cancelled (basic/utilities/cancellation). */
      if (call != NULL && !g_str_equal (dt_mcp_call_get_method (call), "initialize"))
        dt_mcp_call_cancel (call);
    }
  /* Anything else (roots/list_changed, progress, …) needs no action here. */
}

static void
handle_response (DtMcpSession     *self,
                 DtJsonRpcMessage *message)
{
  GTask *task = NULL;
  gpointer key = NULL;
  gint64 id;

  if (message->id == NULL || json_node_get_value_type (message->id) != G_TYPE_INT64)
    return;
  id = json_node_get_int (message->id);
  if (!g_hash_table_steal_extended (self->pending, &id, &key, (gpointer *) &task))
    return;
  g_free (key);
  if (message->kind == DT_JSONRPC_KIND_RESULT)
    {
      if (JSON_NODE_HOLDS_OBJECT (message->result))
        g_task_return_pointer (task, json_object_ref (json_node_get_object (message->result)),
                               (GDestroyNotify) json_object_unref);
      else
        g_task_return_new_error (task, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                                 "The client's result is not an object");
    }
  else
    g_task_return_new_error (task, DT_JSONRPC_ERROR, message->error_code, "%s",
                             message->error_message);
  g_object_unref (task);
}

void
dt_mcp_session_handle (DtMcpSession     *self,
                       DtJsonRpcMessage *message,
                       DtMcpSendFunc     send,
                       gpointer          user_data,
                       GDestroyNotify    destroy)
{
  DtMcpCall *call;
  g_autofree char *key = NULL;

  g_return_if_fail (DT_IS_MCP_SESSION (self));
  g_return_if_fail (message != NULL);

  if (message->kind == DT_JSONRPC_KIND_NOTIFICATION)
    {
      handle_notification (self, message);
      if (destroy)
        destroy (user_data);
      return;
    }
  if (message->kind != DT_JSONRPC_KIND_REQUEST)
    {
      handle_response (self, message);
      if (destroy)
        destroy (user_data);
      return;
    }

  g_return_if_fail (send != NULL);
  call = dt_mcp_call_new (self, message, send, user_data, destroy);
  key = dt_jsonrpc_id_key (message->id);
  if (self->closed)
    {
      dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST, "The session has ended", NULL);
      g_object_unref (call);
      return;
    }
  if (g_hash_table_contains (self->calls, key))
    {
      dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST,
                                "A request with this id is still in progress; ids must not be "
                                "reused", NULL);
      g_object_unref (call);
      return;
    }
  /* The table holds the call until it finishes (dt_mcp_session_call_done). */
  g_hash_table_insert (self->calls, g_steal_pointer (&key), call);
  g_object_ref (call);
  dispatch_request (self, call);
  g_object_unref (call);
}

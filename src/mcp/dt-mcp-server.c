/* dt-mcp-server.c: the MCP registries (tools, resources, templates, prompts) and server
 * identity, shared by every session and transport. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-private.h"

#include <string.h>

const char * const dt_mcp_protocol_versions[] = {
  "2025-11-25", "2025-06-18", "2025-03-26", NULL,
};

gboolean
dt_mcp_protocol_version_supported (const char *version)
{
  return version != NULL && g_strv_contains (dt_mcp_protocol_versions, version);
}

struct _DtMcpServer
{
  GObject         parent_instance;

  char           *name;
  char           *title;
  char           *version;
  char           *instructions;

  GPtrArray      *tools;          /* DtMcpTool*, registration order */
  GHashTable     *tools_by_name;
  GPtrArray      *resources;      /* DtMcpResource*, concrete */
  GPtrArray      *templates;      /* DtMcpResource*, templates */
  GPtrArray      *prompts;        /* DtMcpPrompt* */
  GHashTable     *prompts_by_name;
  guint           page_size;

  DtMcpScopeFunc  scope_func;
  gpointer        scope_data;
  DtMcpAuditFunc  audit_func;
  gpointer        audit_data;

  GList          *sessions;       /* weak: sessions remove themselves */
};

G_DEFINE_FINAL_TYPE (DtMcpServer, dt_mcp_server, G_TYPE_OBJECT)

static void
tool_free (gpointer data)
{
  DtMcpTool *tool = data;

  if (tool->destroy)
    tool->destroy (tool->user_data);
  g_free (tool->name);
  g_free (tool->title);
  g_free (tool->description);
  g_clear_pointer (&tool->input_schema, json_object_unref);
  g_clear_pointer (&tool->output_schema, json_object_unref);
  g_free (tool->scope);
  g_free (tool);
}

static void
resource_free (gpointer data)
{
  DtMcpResource *resource = data;

  if (resource->destroy)
    resource->destroy (resource->user_data);
  g_free (resource->uri);
  g_free (resource->name);
  g_free (resource->title);
  g_free (resource->description);
  g_free (resource->mime_type);
  g_free (resource->scope);
  g_strfreev (resource->parts);
  g_free (resource);
}

static void
prompt_argument_free (gpointer data)
{
  DtMcpPromptArgument *argument = data;

  g_free ((char *) argument->name);
  g_free ((char *) argument->description);
  g_free (argument);
}

static void
prompt_free (gpointer data)
{
  DtMcpPrompt *prompt = data;

  if (prompt->destroy)
    prompt->destroy (prompt->user_data);
  g_free (prompt->name);
  g_free (prompt->title);
  g_free (prompt->description);
  g_free (prompt->scope);
  g_ptr_array_unref (prompt->arguments);
  g_free (prompt);
}

static void
dt_mcp_server_finalize (GObject *object)
{
  DtMcpServer *self = DT_MCP_SERVER (object);

  g_free (self->name);
  g_free (self->title);
  g_free (self->version);
  g_free (self->instructions);
  g_hash_table_unref (self->tools_by_name);
  g_ptr_array_unref (self->tools);
  g_ptr_array_unref (self->resources);
  g_ptr_array_unref (self->templates);
  g_hash_table_unref (self->prompts_by_name);
  g_ptr_array_unref (self->prompts);
  g_list_free (self->sessions);

  G_OBJECT_CLASS (dt_mcp_server_parent_class)->finalize (object);
}

static void
dt_mcp_server_class_init (DtMcpServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_mcp_server_finalize;
}

static void
dt_mcp_server_init (DtMcpServer *self)
{
  self->tools = g_ptr_array_new_with_free_func (tool_free);
  self->tools_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->resources = g_ptr_array_new_with_free_func (resource_free);
  self->templates = g_ptr_array_new_with_free_func (resource_free);
  self->prompts = g_ptr_array_new_with_free_func (prompt_free);
  self->prompts_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->page_size = 100;
}

DtMcpServer *
dt_mcp_server_new (const char *name,
                   const char *title,
                   const char *version,
                   const char *instructions)
{
  DtMcpServer *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (version != NULL, NULL);

  self = g_object_new (DT_TYPE_MCP_SERVER, NULL);
  self->name = g_strdup (name);
  self->title = g_strdup (title);
  self->version = g_strdup (version);
  self->instructions = g_strdup (instructions);
  return self;
}

void
dt_mcp_server_set_scope_func (DtMcpServer   *self,
                              DtMcpScopeFunc func,
                              gpointer       user_data)
{
  g_return_if_fail (DT_IS_MCP_SERVER (self));
  self->scope_func = func;
  self->scope_data = user_data;
}

void
dt_mcp_server_set_audit_func (DtMcpServer   *self,
                              DtMcpAuditFunc func,
                              gpointer       user_data)
{
  g_return_if_fail (DT_IS_MCP_SERVER (self));
  self->audit_func = func;
  self->audit_data = user_data;
}

void
dt_mcp_server_set_page_size (DtMcpServer *self,
                             guint        page_size)
{
  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (page_size > 0);
  self->page_size = page_size;
}

static gboolean
tool_name_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

void
dt_mcp_server_add_tool (DtMcpServer   *self,
                        const char    *name,
                        const char    *title,
                        const char    *description,
                        JsonObject    *input_schema,
                        JsonObject    *output_schema,
                        DtMcpToolHints hints,
                        const char    *scope,
                        DtMcpHandler   handler,
                        gpointer       user_data,
                        GDestroyNotify destroy)
{
  DtMcpTool *tool;

  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (name != NULL && tool_name_valid (name));
  g_return_if_fail (description != NULL);
  g_return_if_fail (input_schema != NULL);
  g_return_if_fail (handler != NULL);
  g_return_if_fail (!g_hash_table_contains (self->tools_by_name, name));

  tool = g_new0 (DtMcpTool, 1);
  tool->name = g_strdup (name);
  tool->title = g_strdup (title);
  tool->description = g_strdup (description);
  tool->input_schema = input_schema;
  tool->output_schema = output_schema;
  tool->hints = hints;
  tool->scope = g_strdup (scope);
  tool->handler = handler;
  tool->user_data = user_data;
  tool->destroy = destroy;
  g_ptr_array_add (self->tools, tool);
  g_hash_table_insert (self->tools_by_name, tool->name, tool);
}

gboolean
dt_mcp_server_has_tool (DtMcpServer *self,
                        const char  *name)
{
  g_return_val_if_fail (DT_IS_MCP_SERVER (self), FALSE);
  return g_hash_table_contains (self->tools_by_name, name);
}

guint
dt_mcp_server_get_n_tools (DtMcpServer *self)
{
  g_return_val_if_fail (DT_IS_MCP_SERVER (self), 0);
  return self->tools->len;
}

void
dt_mcp_server_add_resource (DtMcpServer   *self,
                            const char    *uri,
                            const char    *name,
                            const char    *title,
                            const char    *description,
                            const char    *mime_type,
                            const char    *scope,
                            DtMcpHandler   reader,
                            gpointer       user_data,
                            GDestroyNotify destroy)
{
  DtMcpResource *resource;

  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (uri != NULL && name != NULL && reader != NULL);

  resource = g_new0 (DtMcpResource, 1);
  resource->uri = g_strdup (uri);
  resource->name = g_strdup (name);
  resource->title = g_strdup (title);
  resource->description = g_strdup (description);
  resource->mime_type = g_strdup (mime_type);
  resource->scope = g_strdup (scope);
  resource->reader = reader;
  resource->user_data = user_data;
  resource->destroy = destroy;
  g_ptr_array_add (self->resources, resource);
}

/* Splits "test://template/{id}/data" into literal / {var} parts. */
static char **
split_template (const char *uri_template)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *p = uri_template;

  while (*p)
    {
      const char *open = strchr (p, '{');
      const char *close;

      if (open == NULL)
        {
          g_ptr_array_add (parts, g_strdup (p));
          break;
        }
      if (open > p)
        g_ptr_array_add (parts, g_strndup (p, open - p));
      close = strchr (open, '}');
      g_return_val_if_fail (close != NULL, NULL);
      g_ptr_array_add (parts, g_strndup (open, close - open + 1));
      p = close + 1;
    }
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

void
dt_mcp_server_add_resource_template (DtMcpServer        *self,
                                     const char         *uri_template,
                                     const char         *name,
                                     const char         *title,
                                     const char         *description,
                                     const char         *mime_type,
                                     const char         *scope,
                                     DtMcpHandler        reader,
                                     DtMcpResourceLister lister,
                                     DtMcpCompleter      completer,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy)
{
  DtMcpResource *resource;

  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (uri_template != NULL && name != NULL && reader != NULL);

  resource = g_new0 (DtMcpResource, 1);
  resource->uri = g_strdup (uri_template);
  resource->name = g_strdup (name);
  resource->title = g_strdup (title);
  resource->description = g_strdup (description);
  resource->mime_type = g_strdup (mime_type);
  resource->scope = g_strdup (scope);
  resource->is_template = TRUE;
  resource->parts = split_template (uri_template);
  resource->reader = reader;
  resource->lister = lister;
  resource->completer = completer;
  resource->user_data = user_data;
  resource->destroy = destroy;
  g_ptr_array_add (self->templates, resource);
}

void
dt_mcp_server_add_prompt (DtMcpServer               *self,
                          const char                *name,
                          const char                *title,
                          const char                *description,
                          const DtMcpPromptArgument *arguments,
                          const char                *scope,
                          DtMcpHandler               handler,
                          DtMcpCompleter             completer,
                          gpointer                   user_data,
                          GDestroyNotify             destroy)
{
  DtMcpPrompt *prompt;

  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (name != NULL && handler != NULL);
  g_return_if_fail (!g_hash_table_contains (self->prompts_by_name, name));

  prompt = g_new0 (DtMcpPrompt, 1);
  prompt->name = g_strdup (name);
  prompt->title = g_strdup (title);
  prompt->description = g_strdup (description);
  prompt->scope = g_strdup (scope);
  prompt->arguments = g_ptr_array_new_with_free_func (prompt_argument_free);
  for (const DtMcpPromptArgument *a = arguments; a && a->name; a++)
    {
      DtMcpPromptArgument *copy = g_new0 (DtMcpPromptArgument, 1);

      copy->name = g_strdup (a->name);
      copy->description = g_strdup (a->description);
      copy->required = a->required;
      g_ptr_array_add (prompt->arguments, copy);
    }
  prompt->handler = handler;
  prompt->completer = completer;
  prompt->user_data = user_data;
  prompt->destroy = destroy;
  g_ptr_array_add (self->prompts, prompt);
  g_hash_table_insert (self->prompts_by_name, prompt->name, prompt);
}

DtMcpTool *
dt_mcp_server_lookup_tool (DtMcpServer *self,
                           const char  *name)
{
  return g_hash_table_lookup (self->tools_by_name, name);
}

DtMcpPrompt *
dt_mcp_server_lookup_prompt (DtMcpServer *self,
                             const char  *name)
{
  return g_hash_table_lookup (self->prompts_by_name, name);
}

static gboolean
template_match (DtMcpResource *resource,
                const char    *uri,
                GHashTable    *variables)
{
  const char *p = uri;

  for (guint i = 0; resource->parts[i]; i++)
    {
      const char *part = resource->parts[i];

      if (part[0] == '{')
        {
          const char *next = resource->parts[i + 1];
          const char *end;
          g_autofree char *value = NULL;

          if (next != NULL)
            end = strstr (p, next);
          else
            end = p + strlen (p);
          if (end == NULL || end == p)
            return FALSE;
          value = g_strndup (p, end - p);
          if (strchr (value, '/') != NULL || strchr (value, '?') != NULL ||
              strchr (value, '#') != NULL)
            return FALSE;
          if (variables != NULL)
            g_hash_table_insert (variables, g_strndup (part + 1, strlen (part) - 2),
                                 g_uri_unescape_string (value, NULL));
          p = end;
        }
      else
        {
          gsize len = strlen (part);

          if (strncmp (p, part, len) != 0)
            return FALSE;
          p += len;
        }
    }
  return *p == '\0';
}

DtMcpResource *
dt_mcp_server_match_resource (DtMcpServer *self,
                              const char  *uri,
                              GHashTable  *variables)
{
  for (guint i = 0; i < self->resources->len; i++)
    {
      DtMcpResource *resource = g_ptr_array_index (self->resources, i);

      if (g_str_equal (resource->uri, uri))
        return resource;
    }
  for (guint i = 0; i < self->templates->len; i++)
    {
      DtMcpResource *resource = g_ptr_array_index (self->templates, i);

      if (variables != NULL)
        g_hash_table_remove_all (variables);
      if (template_match (resource, uri, variables))
        return resource;
    }
  if (variables != NULL)
    g_hash_table_remove_all (variables);
  return NULL;
}

DtMcpResource *
dt_mcp_server_lookup_template (DtMcpServer *self,
                               const char  *uri_template)
{
  for (guint i = 0; i < self->templates->len; i++)
    {
      DtMcpResource *resource = g_ptr_array_index (self->templates, i);

      if (g_str_equal (resource->uri, uri_template))
        return resource;
    }
  return NULL;
}

GPtrArray *
dt_mcp_server_get_tools (DtMcpServer *self)
{
  return self->tools;
}

GPtrArray *
dt_mcp_server_get_resources (DtMcpServer *self)
{
  return self->resources;
}

GPtrArray *
dt_mcp_server_get_templates (DtMcpServer *self)
{
  return self->templates;
}

GPtrArray *
dt_mcp_server_get_prompts (DtMcpServer *self)
{
  return self->prompts;
}

guint
dt_mcp_server_get_page_size (DtMcpServer *self)
{
  return self->page_size;
}

const char *
dt_mcp_server_get_instructions (DtMcpServer *self)
{
  return self->instructions;
}

JsonObject *
dt_mcp_server_build_info (DtMcpServer *self)
{
  JsonObject *info = json_object_new ();

  json_object_set_string_member (info, "name", self->name);
  if (self->title)
    json_object_set_string_member (info, "title", self->title);
  json_object_set_string_member (info, "version", self->version);
  return info;
}

/* Only what the engine really does: no listChanged (the registries are fixed once
 * serving starts), subscriptions only when there are resources. */
JsonObject *
dt_mcp_server_build_capabilities (DtMcpServer *self)
{
  JsonObject *caps = json_object_new ();
  JsonObject *tools = json_object_new ();

  json_object_set_boolean_member (tools, "listChanged", FALSE);
  json_object_set_object_member (caps, "tools", tools);
  if (self->resources->len > 0 || self->templates->len > 0)
    {
      JsonObject *resources = json_object_new ();

      json_object_set_boolean_member (resources, "subscribe", TRUE);
      json_object_set_boolean_member (resources, "listChanged", FALSE);
      json_object_set_object_member (caps, "resources", resources);
    }
  if (self->prompts->len > 0)
    {
      JsonObject *prompts = json_object_new ();

      json_object_set_boolean_member (prompts, "listChanged", FALSE);
      json_object_set_object_member (caps, "prompts", prompts);
    }
  json_object_set_object_member (caps, "logging", json_object_new ());
  json_object_set_object_member (caps, "completions", json_object_new ());
  return caps;
}

gboolean
dt_mcp_server_check_scope (DtMcpServer *self,
                           GObject     *principal,
                           const char  *scope)
{
  if (scope == NULL || self->scope_func == NULL)
    return TRUE;
  return self->scope_func (principal, scope, self->scope_data);
}

void
dt_mcp_server_audit (DtMcpServer *self,
                     GObject     *principal,
                     const char  *method,
                     const char  *name,
                     const char  *outcome)
{
  if (self->audit_func != NULL)
    self->audit_func (principal, method, name, outcome, self->audit_data);
}

void
dt_mcp_server_add_session (DtMcpServer  *self,
                           DtMcpSession *session)
{
  self->sessions = g_list_prepend (self->sessions, session);
}

void
dt_mcp_server_remove_session (DtMcpServer  *self,
                              DtMcpSession *session)
{
  self->sessions = g_list_remove (self->sessions, session);
}

static void
send_resource_updated (DtMcpSession *session,
                       const char   *uri)
{
  JsonObject *params = json_object_new ();
  g_autoptr(JsonNode) message = NULL;

  json_object_set_string_member (params, "uri", uri);
  message = dt_jsonrpc_build_notification ("notifications/resources/updated", params);
  dt_mcp_session_send_unsolicited (session, message);
}

void
dt_mcp_server_notify_resources_under (DtMcpServer *self,
                                      const char  *prefix)
{
  g_return_if_fail (DT_IS_MCP_SERVER (self));
  g_return_if_fail (prefix != NULL);

  for (GList *l = self->sessions; l; l = l->next)
    {
      g_autoptr(GPtrArray) uris = dt_mcp_session_subscriptions_under (l->data, prefix);

      for (guint i = 0; i < uris->len; i++)
        send_resource_updated (l->data, uris->pdata[i]);
    }
}

JsonObject *
dt_mcp_tool_to_json (DtMcpTool *tool)
{
  JsonObject *object = json_object_new ();
  JsonObject *annotations = json_object_new ();
  gboolean read_only = (tool->hints & DT_MCP_TOOL_READ_ONLY) != 0;

  json_object_set_string_member (object, "name", tool->name);
  if (tool->title)
    json_object_set_string_member (object, "title", tool->title);
  json_object_set_string_member (object, "description", tool->description);
  json_object_set_object_member (object, "inputSchema", json_object_ref (tool->input_schema));
  if (tool->output_schema)
    json_object_set_object_member (object, "outputSchema", json_object_ref (tool->output_schema));
  if (tool->title)
    json_object_set_string_member (annotations, "title", tool->title);
  json_object_set_boolean_member (annotations, "readOnlyHint", read_only);
  if (!read_only)
    {
      json_object_set_boolean_member (annotations, "destructiveHint",
                                      (tool->hints & DT_MCP_TOOL_DESTRUCTIVE) != 0);
      json_object_set_boolean_member (annotations, "idempotentHint",
                                      (tool->hints & DT_MCP_TOOL_IDEMPOTENT) != 0);
    }
  json_object_set_boolean_member (annotations, "openWorldHint",
                                  (tool->hints & DT_MCP_TOOL_OPEN_WORLD) != 0);
  json_object_set_object_member (object, "annotations", annotations);
  return object;
}

/* Cursors are opaque to clients: base64 of "kind:offset", checked on the way back. */
char *
dt_mcp_cursor_encode (const char *kind,
                      guint       offset)
{
  g_autofree char *plain = g_strdup_printf ("%s:%u", kind, offset);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

gboolean
dt_mcp_cursor_decode (const char *kind,
                      const char *cursor,
                      guint      *offset)
{
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  gsize kind_len = strlen (kind);
  guint64 value;
  char *end = NULL;

  if (cursor == NULL || *cursor == '\0' || strlen (cursor) > 64)
    return FALSE;
  for (const char *p = cursor; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  plain = g_base64_decode (cursor, &len);
  if (plain == NULL || len <= kind_len + 1)
    return FALSE;
  text = g_strndup ((const char *) plain, len);
  if (strncmp (text, kind, kind_len) != 0 || text[kind_len] != ':')
    return FALSE;
  value = g_ascii_strtoull (text + kind_len + 1, &end, 10);
  if (end == text + kind_len + 1 || *end != '\0' || value > G_MAXUINT)
    return FALSE;
  *offset = (guint) value;
  return TRUE;
}

JsonObject *
dt_mcp_json_object_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("Built-in JSON does not parse: %s", error->message);
  root = json_parser_get_root (parser);
  g_assert (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
dt_mcp_content_text (const char *text)
{
  JsonObject *content = json_object_new ();

  json_object_set_string_member (content, "type", "text");
  json_object_set_string_member (content, "text", text);
  return content;
}

static JsonObject *
content_media (const char *type,
               const char *base64,
               const char *mime_type)
{
  JsonObject *content = json_object_new ();

  json_object_set_string_member (content, "type", type);
  json_object_set_string_member (content, "data", base64);
  json_object_set_string_member (content, "mimeType", mime_type);
  return content;
}

JsonObject *
dt_mcp_content_image (const char *base64,
                      const char *mime_type)
{
  return content_media ("image", base64, mime_type);
}

JsonObject *
dt_mcp_content_audio (const char *base64,
                      const char *mime_type)
{
  return content_media ("audio", base64, mime_type);
}

JsonObject *
dt_mcp_content_resource_text (const char *uri,
                              const char *mime_type,
                              const char *text)
{
  JsonObject *content = json_object_new ();
  JsonObject *resource = json_object_new ();

  json_object_set_string_member (resource, "uri", uri);
  if (mime_type)
    json_object_set_string_member (resource, "mimeType", mime_type);
  json_object_set_string_member (resource, "text", text);
  json_object_set_string_member (content, "type", "resource");
  json_object_set_object_member (content, "resource", resource);
  return content;
}

JsonObject *
dt_mcp_tool_result_new (gboolean    is_error,
                        JsonObject *first_content,
                        ...)
{
  JsonObject *result = json_object_new ();
  JsonArray *content = json_array_new ();
  va_list args;

  va_start (args, first_content);
  for (JsonObject *c = first_content; c != NULL; c = va_arg (args, JsonObject *))
    json_array_add_object_element (content, c);
  va_end (args);
  json_object_set_array_member (result, "content", content);
  if (is_error)
    json_object_set_boolean_member (result, "isError", TRUE);
  return result;
}

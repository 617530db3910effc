/* dt-mcp-ops.c: the MCP face of the operations. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-ops.h"

#include "dt-error.h"
#include "dt-json-writer.h"

typedef struct
{
  DtOpRegistry        *registry;
  const DtOp          *op;
  DtMcpOpsContextFunc  make_context;
  gpointer             user_data;
} ToolData;

typedef struct
{
  DtMcpCall   *call;
  DtOpContext *ctx;
  const DtOp  *op;
} Running;

static void
running_free (Running *running)
{
  g_object_unref (running->call);
  dt_op_context_free (running->ctx);
  g_free (running);
}

static void
progress_cb (DtOpContext *ctx,
             double       progress,
             double       total,
             const char  *message,
             gpointer     user_data)
{
  DtMcpCall *call = user_data;

  dt_mcp_call_progress (call, progress, total, message);
  if (message != NULL)
    dt_mcp_call_log (call, DT_MCP_LOG_INFO, "doubletime", message);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

/* A file as MCP carries binary content (2025-06-18 "Embedded Resources"): the file itself as a
 * resource, text or base64 blob, after a text block with what the structured content says
 * besides the file, so the bytes are not sent a third time. The structured content (@output,
 * taken) keeps the whole output its schema describes. */
static JsonObject *
file_result (JsonObject *output)
{
  JsonObject *result = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *summary = json_object_new ();
  JsonObject *block = json_object_new ();
  JsonObject *embedded = json_object_new ();
  JsonObject *resource = json_object_new ();
  const char *type = json_object_get_string_member_with_default (output, "content_type",
                                                                 "application/octet-stream");
  const char *name = json_object_get_string_member_with_default (output, "filename", "file");
  const char *uri = json_object_get_string_member_with_default (output, "uri", NULL);
  g_autofree char *fallback_uri = NULL;
  g_autofree char *summary_text = NULL;
  g_autoptr(GList) members = json_object_get_members (output);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "text") && !g_str_equal (l->data, "data_base64"))
      json_object_set_member (summary, l->data,
                              json_node_copy (json_object_get_member (output, l->data)));
  summary_text = dt_json_to_text_object (summary, NULL);
  json_object_unref (summary);
  json_object_set_string_member (block, "type", "text");
  json_object_set_string_member (block, "text", summary_text);
  json_array_add_object_element (content, block);

  if (uri == NULL)
    uri = fallback_uri = g_strdup_printf ("doubletime://files/%s", name);
  json_object_set_string_member (resource, "uri", uri);
  json_object_set_string_member (resource, "mimeType", type);
  if (json_object_has_member (output, "text"))
    json_object_set_string_member (resource, "text",
                                   json_object_get_string_member (output, "text"));
  else
    json_object_set_string_member (resource, "blob",
                                   json_object_get_string_member_with_default (output,
                                                                               "data_base64",
                                                                               ""));
  json_object_set_string_member (embedded, "type", "resource");
  json_object_set_object_member (embedded, "resource", resource);
  json_array_add_object_element (content, embedded);
  json_object_set_array_member (result, "content", content);
  json_object_set_object_member (result, "structuredContent", output);
  return result;
}

static void
invoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Running *running = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *output;
  gsize length = 0;
  char *text;

  output = dt_op_registry_invoke_finish (DT_OP_REGISTRY (source), result, &error);
  if (dt_mcp_call_is_finished (running->call))
    g_clear_pointer (&output, json_object_unref);
  else if (output != NULL && (text = dt_op_registry_invoke_steal_text (result, &length)) != NULL)
    {
      /* A read worker wrote the whole result (dt_mcp_tool_result_text); @output is only a
       * stand-in. */
      json_object_unref (output);
      dt_mcp_call_return_result_text (running->call, text, length);
    }
  else if (output != NULL && (running->op->flags & DT_OP_BINARY))
    dt_mcp_call_return (running->call, file_result (output));
  else if (output != NULL)
    dt_mcp_call_return_structured_text (running->call, output);
  else if (error->domain == DT_ERROR && error->code == DT_ERROR_DATABASE)
    dt_mcp_call_return_tool_error (running->call, "The operation failed inside DoubleTime: %s",
                                   error->message);
  else
    /* Input and execution failures are results the model can read and act on (SEP-1303). */
    dt_mcp_call_return_tool_error (running->call, "%s", error->message);
  running_free (running);
}

static void
tool_cb (DtMcpCall *call,
         gpointer   user_data)
{
  ToolData *data = user_data;
  g_autoptr(GError) error = NULL;
  Running *running;
  DtOpContext *ctx;

  ctx = data->make_context (call, data->user_data, &error);
  if (ctx == NULL)
    {
      dt_mcp_call_return_tool_error (call, "%s", error->message);
      return;
    }
  ctx->progress = progress_cb;
  ctx->progress_data = call;
  ctx->text_output = TRUE;
  ctx->text_finish = dt_mcp_tool_result_text;
  /* Cancelling the MCP request (notifications/cancelled, session end) cancels the operation,
   * including a confirmation still waiting for the user. */
  g_cancellable_connect (dt_mcp_call_get_cancellable (call), G_CALLBACK (cancelled_cb),
                         g_object_ref (ctx->cancellable), g_object_unref);

  running = g_new0 (Running, 1);
  running->call = g_object_ref (call);
  running->ctx = ctx;
  running->op = data->op;
  dt_op_registry_invoke_async (data->registry, data->op, ctx, dt_mcp_call_get_arguments (call),
                               invoked_cb, running);
}

static void
tool_data_free (gpointer data)
{
  ToolData *tool = data;

  g_object_unref (tool->registry);
  g_free (tool);
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = json_node_copy (node);
  return json_object_ref (json_node_get_object (copy));
}

void
dt_mcp_ops_register (DtMcpServer         *server,
                     DtOpRegistry        *registry,
                     DtMcpOpsContextFunc  make_context,
                     gpointer             user_data)
{
  g_return_if_fail (DT_IS_MCP_SERVER (server));
  g_return_if_fail (DT_IS_OP_REGISTRY (registry));
  g_return_if_fail (make_context != NULL);

  for (guint i = 0; i < dt_op_registry_get_n_ops (registry); i++)
    {
      const DtOp *op = dt_op_registry_get_op (registry, i);
      ToolData *data = g_new0 (ToolData, 1);
      DtMcpToolHints hints = 0;

      if (op->flags & DT_OP_READ_ONLY)
        hints |= DT_MCP_TOOL_READ_ONLY;
      if (op->flags & DT_OP_DESTRUCTIVE)
        hints |= DT_MCP_TOOL_DESTRUCTIVE;
      if (op->flags & DT_OP_IDEMPOTENT)
        hints |= DT_MCP_TOOL_IDEMPOTENT;
      data->registry = g_object_ref (registry);
      data->op = op;
      data->make_context = make_context;
      data->user_data = user_data;
      dt_mcp_server_add_tool (server, op->name, op->title, op->description,
                              copy_object (dt_op_registry_input_schema (registry, op)),
                              copy_object (dt_op_registry_output_schema (registry, op)),
                              hints, op->scope, tool_cb, data, tool_data_free);
    }
}

/* ---- resources backed by operations -------------------------------------------------- */

typedef struct
{
  DtOpRegistry        *registry;
  const DtOp          *op;
  const DtOp          *list_op;
  char                *mime_type;
  char                *uri_format;
  char                *name_field;
  DtMcpOpsContextFunc  make_context;
  gpointer             user_data;
} ResourceData;

static void
resource_data_free (gpointer data)
{
  ResourceData *resource = data;

  g_object_unref (resource->registry);
  g_free (resource->mime_type);
  g_free (resource->uri_format);
  g_free (resource->name_field);
  g_free (resource);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Running *running = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) output = NULL;

  output = dt_op_registry_invoke_finish (DT_OP_REGISTRY (source), result, &error);
  if (dt_mcp_call_is_finished (running->call))
    ;
  else if (output == NULL)
    dt_mcp_call_return_error (running->call,
                              error->domain == DT_ERROR && error->code == DT_ERROR_NOT_FOUND
                              ? DT_JSONRPC_RESOURCE_NOT_FOUND : DT_JSONRPC_INVALID_PARAMS,
                              error->message, NULL);
  else
    {
      const char *type = json_object_get_string_member_with_default (output, "content_type",
                                                                     "application/octet-stream");
      const char *base64 = json_object_get_string_member_with_default (output, "data_base64",
                                                                       "");
      JsonObject *result_object = json_object_new ();
      JsonArray *contents = json_array_new ();
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "uri", dt_mcp_call_get_target (running->call));
      json_object_set_string_member (item, "mimeType", type);
      if (g_str_has_prefix (type, "text/"))
        {
          gsize size = 0;
          g_autofree guchar *bytes = g_base64_decode (base64, &size);
          g_autofree char *text = g_strndup ((const char *) bytes, size);

          json_object_set_string_member (item, "text", text);
        }
      else
        json_object_set_string_member (item, "blob", base64);
      json_array_add_object_element (contents, item);
      json_object_set_array_member (result_object, "contents", contents);
      dt_mcp_call_return (running->call, result_object);
    }
  running_free (running);
}

static void
resource_read_cb (DtMcpCall *call,
                  gpointer   user_data)
{
  ResourceData *resource = user_data;
  JsonObject *schema = dt_op_registry_input_schema (resource->registry, resource->op);
  JsonObject *properties = json_object_get_object_member (schema, "properties");
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GError) error = NULL;
  static const char * const names[] = { "id", "group_by", "from", "to", NULL };
  Running *running;
  DtOpContext *ctx;

  /* Template variables become the input, integers where the schema wants them. */
  for (guint i = 0; names[i]; i++)
    {
      const char *value = dt_mcp_call_get_variable (call, names[i]);
      JsonNode *property = properties ? json_object_get_member (properties, names[i]) : NULL;
      gint64 number;

      if (value == NULL)
        continue;
      if (property != NULL && JSON_NODE_HOLDS_OBJECT (property) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (property),
                                                                 "type", ""), "integer") == 0 &&
          g_ascii_string_to_signed (value, 10, 1, G_MAXINT64, &number, NULL))
        json_object_set_int_member (input, names[i], number);
      else
        json_object_set_string_member (input, names[i], value);
    }
  ctx = resource->make_context (call, resource->user_data, &error);
  if (ctx == NULL)
    {
      dt_mcp_call_return_error (call, DT_JSONRPC_INVALID_REQUEST, error->message, NULL);
      return;
    }
  running = g_new0 (Running, 1);
  running->call = g_object_ref (call);
  running->ctx = ctx;
  dt_op_registry_invoke_async (resource->registry, resource->op, ctx, input, read_done_cb,
                               running);
}

static void
resource_list_cb (DtMcpCall *call,
                  JsonArray *resources,
                  gpointer   user_data)
{
  ResourceData *resource = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOpContext) ctx = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) output = NULL;
  JsonArray *items;

  if (resource->list_op == NULL || resource->list_op->func == NULL)
    return;
  ctx = resource->make_context (call, resource->user_data, &error);
  if (ctx == NULL)
    return;
  /* A listing operation is synchronous and this input is ours: call it directly. */
  json_object_set_int_member (input, "limit", 100);
  output = resource->list_op->func (ctx, input, NULL);
  if (output == NULL || !json_object_has_member (output, "items"))
    return;
  items = json_object_get_array_member (output, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (item, "id"));
      g_autoptr(GString) uri = g_string_new (resource->uri_format);
      const char *label = json_object_get_string_member_with_default (item, resource->name_field,
                                                                       NULL);
      g_autofree char *name = g_strdup_printf ("%s %s", resource->list_op->area,
                                               label ? label : id);
      JsonObject *entry = json_object_new ();

      g_string_replace (uri, "{id}", id, 0);
      json_object_set_string_member (entry, "uri", uri->str);
      json_object_set_string_member (entry, "name", name);
      json_object_set_string_member (entry, "mimeType", resource->mime_type);
      json_array_add_object_element (resources, entry);
    }
}

void
dt_mcp_ops_add_resource_template (DtMcpServer         *server,
                                  DtOpRegistry        *registry,
                                  const char          *uri_template,
                                  const char          *name,
                                  const char          *description,
                                  const char          *mime_type,
                                  const char          *op_name,
                                  const char          *list_op_name,
                                  const char          *uri_format,
                                  const char          *name_field,
                                  DtMcpOpsContextFunc  make_context,
                                  gpointer             user_data)
{
  ResourceData *resource;
  const DtOp *op;

  g_return_if_fail (DT_IS_MCP_SERVER (server));
  g_return_if_fail (DT_IS_OP_REGISTRY (registry));
  op = dt_op_registry_lookup (registry, op_name);
  g_return_if_fail (op != NULL && (op->flags & DT_OP_BINARY));

  resource = g_new0 (ResourceData, 1);
  resource->registry = g_object_ref (registry);
  resource->op = op;
  resource->list_op = list_op_name ? dt_op_registry_lookup (registry, list_op_name) : NULL;
  resource->mime_type = g_strdup (mime_type);
  resource->uri_format = g_strdup (uri_format);
  resource->name_field = g_strdup (name_field);
  resource->make_context = make_context;
  resource->user_data = user_data;
  dt_mcp_server_add_resource_template (server, uri_template, name, NULL, description,
                                       mime_type, op->scope, resource_read_cb,
                                       resource->list_op ? resource_list_cb : NULL, NULL,
                                       resource, resource_data_free);
}

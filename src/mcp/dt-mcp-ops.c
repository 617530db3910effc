/* dt-mcp-ops.c: the MCP face of the operations. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-ops.h"

#include "dt-error.h"

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

static void
invoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Running *running = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *output;

  output = dt_op_registry_invoke_finish (DT_OP_REGISTRY (source), result, &error);
  if (dt_mcp_call_is_finished (running->call))
    ;
  else if (output != NULL)
    dt_mcp_call_return (running->call, dt_mcp_tool_result_new_structured (output, NULL));
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
  /* Cancelling the MCP request (notifications/cancelled, session end) cancels the operation,
   * including a confirmation still waiting for the user. */
  g_cancellable_connect (dt_mcp_call_get_cancellable (call), G_CALLBACK (cancelled_cb),
                         g_object_ref (ctx->cancellable), g_object_unref);

  running = g_new0 (Running, 1);
  running->call = g_object_ref (call);
  running->ctx = ctx;
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

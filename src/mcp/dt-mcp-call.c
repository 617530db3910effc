/* dt-mcp-call.c: one request in flight and everything a handler may do with it. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-private.h"

#include <string.h>

#include "dt-json-writer.h"

struct _DtMcpCall
{
  GObject        parent_instance;

  DtMcpSession  *session;
  JsonNode      *id;
  char          *method;
  JsonObject    *params;
  JsonObject    *arguments;
  char          *target;
  GHashTable    *variables;
  JsonNode      *progress_token;
  double         last_progress;
  gboolean       sent_progress;
  GCancellable  *cancellable;
  gboolean       finished;
  gboolean       cancelled;
  char          *insufficient_scope;
  GArray        *pending;        /* gint64 ids of our requests to the client */
  JsonObject    *known_object;   /* structured content whose text is known_text */
  char          *known_text;
  gboolean       known_is_result; /* known_object is the whole result, not its structured content */
  gsize          known_length;

  DtMcpSendFunc  send;
  gpointer       send_data;
  GDestroyNotify send_destroy;
};

G_DEFINE_FINAL_TYPE (DtMcpCall, dt_mcp_call, G_TYPE_OBJECT)

static const char * const log_levels[] = {
  "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency",
};

const char *
dt_mcp_log_level_to_string (DtMcpLogLevel level)
{
  g_return_val_if_fail (level <= DT_MCP_LOG_EMERGENCY, "info");
  return log_levels[level];
}

gboolean
dt_mcp_log_level_from_string (const char    *text,
                              DtMcpLogLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (log_levels); i++)
    if (g_strcmp0 (text, log_levels[i]) == 0)
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}

static void
dt_mcp_call_finalize (GObject *object)
{
  DtMcpCall *self = DT_MCP_CALL (object);

  if (self->send_destroy)
    self->send_destroy (self->send_data);
  g_clear_object (&self->session);
  g_clear_pointer (&self->id, json_node_unref);
  g_free (self->method);
  g_clear_pointer (&self->params, json_object_unref);
  g_clear_pointer (&self->arguments, json_object_unref);
  g_free (self->target);
  g_hash_table_unref (self->variables);
  g_clear_pointer (&self->progress_token, json_node_unref);
  g_clear_object (&self->cancellable);
  g_free (self->insufficient_scope);
  g_array_unref (self->pending);
  g_clear_pointer (&self->known_object, json_object_unref);
  g_free (self->known_text);

  G_OBJECT_CLASS (dt_mcp_call_parent_class)->finalize (object);
}

static void
dt_mcp_call_class_init (DtMcpCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_mcp_call_finalize;
}

static void
dt_mcp_call_init (DtMcpCall *self)
{
  self->cancellable = g_cancellable_new ();
  self->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
}

DtMcpCall *
dt_mcp_call_new (DtMcpSession     *session,
                 DtJsonRpcMessage *message,
                 DtMcpSendFunc     send,
                 gpointer          user_data,
                 GDestroyNotify    destroy)
{
  DtMcpCall *self = g_object_new (DT_TYPE_MCP_CALL, NULL);
  JsonNode *meta;

  self->session = g_object_ref (session);
  self->id = json_node_copy (message->id);
  self->method = g_strdup (message->method);
  self->params = json_object_ref (message->params);
  self->send = send;
  self->send_data = user_data;
  self->send_destroy = destroy;

  meta = json_object_get_member (self->params, "_meta");
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    {
      JsonNode *token = json_object_get_member (json_node_get_object (meta), "progressToken");

      if (token != NULL && JSON_NODE_HOLDS_VALUE (token) &&
          (json_node_get_value_type (token) == G_TYPE_STRING ||
           json_node_get_value_type (token) == G_TYPE_INT64))
        self->progress_token = json_node_copy (token);
    }
  return self;
}

const char *
dt_mcp_call_get_method (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->method;
}

JsonNode *
dt_mcp_call_get_id (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->id;
}

JsonObject *
dt_mcp_call_get_params (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->params;
}

JsonObject *
dt_mcp_call_get_arguments (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  if (self->arguments == NULL)
    self->arguments = json_object_new ();
  return self->arguments;
}

void
dt_mcp_call_set_arguments (DtMcpCall  *self,
                           JsonObject *arguments)
{
  g_clear_pointer (&self->arguments, json_object_unref);
  self->arguments = arguments ? json_object_ref (arguments) : NULL;
}

const char *
dt_mcp_call_get_target (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->target;
}

void
dt_mcp_call_set_target (DtMcpCall  *self,
                        const char *target)
{
  g_free (self->target);
  self->target = g_strdup (target);
}

const char *
dt_mcp_call_get_variable (DtMcpCall  *self,
                          const char *name)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return g_hash_table_lookup (self->variables, name);
}

GHashTable *
dt_mcp_call_get_variables (DtMcpCall *self)
{
  return self->variables;
}

GObject *
dt_mcp_call_get_principal (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return dt_mcp_session_get_principal (self->session);
}

GCancellable *
dt_mcp_call_get_cancellable (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->cancellable;
}

const char *
dt_mcp_call_get_protocol_version (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return dt_mcp_session_get_protocol_version (self->session);
}

DtMcpSession *
dt_mcp_call_get_session (DtMcpCall *self)
{
  return self->session;
}

gboolean
dt_mcp_call_client_supports (DtMcpCall  *self,
                             const char *capability)
{
  JsonObject *caps;

  g_return_val_if_fail (DT_IS_MCP_CALL (self), FALSE);
  caps = dt_mcp_session_get_client_capabilities (self->session);
  return caps != NULL && json_object_has_member (caps, capability) &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (caps, capability));
}

gboolean
dt_mcp_call_is_finished (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), TRUE);
  return self->finished;
}

const char *
dt_mcp_call_get_insufficient_scope (DtMcpCall *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  return self->insufficient_scope;
}

void
dt_mcp_call_set_insufficient_scope (DtMcpCall  *self,
                                    const char *scope)
{
  g_free (self->insufficient_scope);
  self->insufficient_scope = g_strdup (scope);
}

static void
fail_pending (DtMcpCall *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    dt_mcp_session_drop_pending (self->session, g_array_index (self->pending, gint64, i));
  g_array_set_size (self->pending, 0);
}

static const char *
outcome_of (DtMcpCall *self,
            JsonNode  *message)
{
  JsonObject *object;
  JsonNode *result;

  if (self->cancelled || message == NULL)
    return "cancelled";
  object = json_node_get_object (message);
  if (json_object_has_member (object, "error"))
    return self->insufficient_scope ? "denied" : "error";
  result = json_object_get_member (object, "result");
  if (result && JSON_NODE_HOLDS_OBJECT (result) &&
      json_object_get_boolean_member_with_default (json_node_get_object (result), "isError", FALSE))
    return "tool-error";
  return "ok";
}

static void
finish (DtMcpCall *self,
        JsonNode  *message)
{
  g_autoptr(DtMcpCall) keep = g_object_ref (self);

  if (self->finished)
    {
      /* A handler that answers after its call was cancelled is expected; twice is a bug. */
      if (!self->cancelled)
        g_critical ("A response for %s was given twice; the second is dropped", self->method);
      return;
    }
  self->finished = TRUE;
  fail_pending (self);
  if (g_str_equal (self->method, "tools/call") || g_str_equal (self->method, "resources/read") ||
      g_str_equal (self->method, "prompts/get"))
    dt_mcp_server_audit (dt_mcp_session_get_server (self->session),
                         dt_mcp_session_get_principal (self->session),
                         self->method, self->target, outcome_of (self, message));
  /* A cancelled request gets no response (basic/utilities/cancellation). */
  self->send (self, self->cancelled ? NULL : message, TRUE, self->send_data);
  dt_mcp_session_call_done (self->session, self);
}

void
dt_mcp_call_return (DtMcpCall  *self,
                    JsonObject *result)
{
  g_autoptr(JsonNode) message = NULL;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  message = dt_jsonrpc_build_result (self->id, result);
  finish (self, message);
}

void
dt_mcp_call_return_structured_text (DtMcpCall  *self,
                                    JsonObject *structured)
{
  JsonObject *result = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *item = json_object_new ();

  g_return_if_fail (DT_IS_MCP_CALL (self));
  g_return_if_fail (structured != NULL);

  /* The text rendering is the structured content's JSON (for clients without structured
   * content): written once, and copied into the response where the object appears again. */
  g_clear_pointer (&self->known_object, json_object_unref);
  g_free (self->known_text);
  self->known_object = json_object_ref (structured);
  self->known_is_result = FALSE;
  self->known_text = dt_json_to_text_object (structured, NULL);
  json_object_set_string_member (item, "type", "text");
  json_object_set_string_member (item, "text", self->known_text);
  json_array_add_object_element (content, item);
  json_object_set_array_member (result, "content", content);
  json_object_set_object_member (result, "structuredContent", structured);
  dt_mcp_call_return (self, result);
}

char *
dt_mcp_tool_result_text (const char *structured,
                         gsize       length,
                         gsize      *out_length)
{
  GString *out = g_string_sized_new (DT_MCP_RESULT_HEADROOM + 2 * length + length / 4 + 96);

  /* The same text dt_mcp_call_return_structured_text's result gives, after room for the
   * message's head (whitespace until then), and ended by a NUL and a byte of room for its
   * tail. */
  g_string_set_size (out, DT_MCP_RESULT_HEADROOM);
  memset (out->str, ' ', DT_MCP_RESULT_HEADROOM);
  g_string_append (out, "{\"content\":[{\"type\":\"text\",\"text\":");
  dt_json_write_string_len (out, structured, length);
  g_string_append (out, "}],\"structuredContent\":");
  g_string_append_len (out, structured, length);
  g_string_append_c (out, '}');
  if (out_length != NULL)
    *out_length = out->len;
  g_string_append_len (out, "\0", 2);
  return g_string_free (out, FALSE);
}

void
dt_mcp_call_return_result_text (DtMcpCall *self,
                                char      *result,
                                gsize      length)
{
  g_return_if_fail (DT_IS_MCP_CALL (self));
  g_return_if_fail (result != NULL && length >= DT_MCP_RESULT_HEADROOM);

  /* The message carries an empty object where the result goes, and its text is copied in
   * when the message is written. */
  g_clear_pointer (&self->known_object, json_object_unref);
  g_free (self->known_text);
  self->known_object = json_object_new ();
  self->known_text = result;
  self->known_length = length;
  self->known_is_result = TRUE;
  dt_mcp_call_return (self, json_object_ref (self->known_object));
}

/* The text the known object is written as: a worker's result starts after its headroom. */
static const char *
known_text (DtMcpCall *self)
{
  if (self->known_text == NULL)
    return NULL;
  return self->known_is_result ? self->known_text + DT_MCP_RESULT_HEADROOM : self->known_text;
}

char *
dt_mcp_call_serialize (DtMcpCall *self,
                       JsonNode  *message,
                       gsize     *length)
{
  gsize known = self->known_text == NULL ? 0
                : self->known_is_result ? self->known_length - DT_MCP_RESULT_HEADROOM
                : strlen (self->known_text);
  /* The known text appears once when it is the whole result, else twice (text and structured
   * content), once of them escaped. */
  GString *out = g_string_sized_new (self->known_is_result ? known + 256
                                                          : 2 * known + known / 4 + 256);

  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);
  dt_json_write (out, message, self->known_object, known_text (self));
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

GBytes *
dt_mcp_call_serialize_bytes (DtMcpCall *self,
                             JsonNode  *message)
{
  /* A control character never appears raw in JSON text: it marks where the result goes. */
  static const char marker[] = "\x01";
  gsize length = 0;
  char *json;

  g_return_val_if_fail (DT_IS_MCP_CALL (self), NULL);

  /* A worker's result: the head goes into the room before it and the tail (a closing brace)
   * after it, so an 80 KB page is neither copied nor sent in pieces. */
  if (self->known_is_result && self->known_text != NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *at;
      gsize head, tail, end = self->known_length;

      dt_json_write (out, message, self->known_object, marker);
      at = strchr (out->str, marker[0]);
      head = at != NULL ? (gsize) (at - out->str) : 0;
      tail = at != NULL ? out->len - head - 1 : 0;
      /* A request id too long for the room is put together the other way, below. */
      if (at != NULL && head <= DT_MCP_RESULT_HEADROOM && tail <= 1)
        {
          char *text = g_steal_pointer (&self->known_text);

          memcpy (text + DT_MCP_RESULT_HEADROOM - head, out->str, head);
          memcpy (text + end, at + 1, tail);
          self->known_is_result = FALSE;
          g_clear_pointer (&self->known_object, json_object_unref);
          return g_bytes_new_with_free_func (text + DT_MCP_RESULT_HEADROOM - head,
                                             head + end - DT_MCP_RESULT_HEADROOM + tail, g_free,
                                             text);
        }
    }
  json = dt_mcp_call_serialize (self, message, &length);
  return g_bytes_new_take (json, length);
}

void
dt_mcp_call_return_error (DtMcpCall  *self,
                          int         code,
                          const char *text,
                          JsonNode   *data)
{
  g_autoptr(JsonNode) message = NULL;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  message = dt_jsonrpc_build_error (self->id, code, text, data);
  finish (self, message);
}

void
dt_mcp_call_return_gerror (DtMcpCall    *self,
                           const GError *error)
{
  int code = DT_JSONRPC_INTERNAL_ERROR;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  if (error->domain == DT_JSONRPC_ERROR)
    code = error->code;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = DT_JSONRPC_REQUEST_CANCELLED;
  dt_mcp_call_return_error (self, code, error->message, NULL);
}

void
dt_mcp_call_return_tool_error (DtMcpCall  *self,
                               const char *format,
                               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  dt_mcp_call_return (self, dt_mcp_tool_result_new (TRUE, dt_mcp_content_text (text), NULL));
}

static void
send_related (DtMcpCall *self,
              JsonNode  *message)
{
  if (self->finished || self->cancelled)
    return;
  self->send (self, message, FALSE, self->send_data);
}

void
dt_mcp_call_suspend_stream (DtMcpCall *self)
{
  g_return_if_fail (DT_IS_MCP_CALL (self));
  if (self->finished || self->cancelled)
    return;
  self->send (self, NULL, FALSE, self->send_data);
}

void
dt_mcp_call_progress (DtMcpCall  *self,
                      double      progress,
                      double      total,
                      const char *text)
{
  JsonObject *params;
  g_autoptr(JsonNode) message = NULL;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  if (self->progress_token == NULL)
    return;
  if (self->sent_progress && progress <= self->last_progress)
    return;
  self->sent_progress = TRUE;
  self->last_progress = progress;

  params = json_object_new ();
  json_object_set_member (params, "progressToken", json_node_copy (self->progress_token));
  json_object_set_double_member (params, "progress", progress);
  if (total > 0)
    json_object_set_double_member (params, "total", total);
  if (text)
    json_object_set_string_member (params, "message", text);
  message = dt_jsonrpc_build_notification ("notifications/progress", params);
  send_related (self, message);
}

void
dt_mcp_call_log (DtMcpCall    *self,
                 DtMcpLogLevel level,
                 const char   *logger,
                 const char   *text)
{
  JsonObject *params;
  g_autoptr(JsonNode) message = NULL;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  if (!dt_mcp_session_log_enabled (self->session, level))
    return;
  params = json_object_new ();
  json_object_set_string_member (params, "level", dt_mcp_log_level_to_string (level));
  if (logger)
    json_object_set_string_member (params, "logger", logger);
  json_object_set_string_member (params, "data", text);
  message = dt_jsonrpc_build_notification ("notifications/message", params);
  send_related (self, message);
}

void
dt_mcp_call_request_async (DtMcpCall          *self,
                           const char         *method,
                           JsonObject         *params,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(JsonNode) message = NULL;
  const char *needed = NULL;
  gint64 request_id;

  g_return_if_fail (DT_IS_MCP_CALL (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_mcp_call_request_async);

  if (g_str_has_prefix (method, "sampling/"))
    needed = "sampling";
  else if (g_str_has_prefix (method, "elicitation/"))
    needed = "elicitation";
  else if (g_str_has_prefix (method, "roots/"))
    needed = "roots";
  if (needed != NULL && !dt_mcp_call_client_supports (self, needed))
    {
      if (params)
        json_object_unref (params);
      g_task_return_new_error (task, DT_JSONRPC_ERROR, DT_JSONRPC_METHOD_NOT_FOUND,
                               "The client did not declare the \"%s\" capability", needed);
      return;
    }
  if (self->finished || self->cancelled)
    {
      if (params)
        json_object_unref (params);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The request was cancelled");
      return;
    }

  request_id = dt_mcp_session_add_pending (self->session, task);
  g_array_append_val (self->pending, request_id);
  id = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (id, request_id);
  message = dt_jsonrpc_build_request (id, method, params ? params : json_object_new ());
  send_related (self, message);
}

JsonObject *
dt_mcp_call_request_finish (DtMcpCall    *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dt_mcp_call_cancel (DtMcpCall *self)
{
  if (self->finished || self->cancelled)
    return;
  self->cancelled = TRUE;
  fail_pending (self);
  g_cancellable_cancel (self->cancellable);
  /* Ends the call now, whatever the handler does next, so the stream is released. */
  finish (self, NULL);
}

/* dt-mcp-session.c: protocol state of one MCP client, and its messages taken in. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-session-private.h"

#include <errno.h>
#include <sys/random.h>

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
  dt_mcp_session_dispatch_request (self, call);
  g_object_unref (call);
}

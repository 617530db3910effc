/* dt-jsonrpc.c: strict JSON-RPC 2.0 message parsing and building for the MCP engine. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-jsonrpc.h"
#include "dt-json-reader.h"
#include "dt-json-writer.h"

#include <string.h>

G_DEFINE_QUARK (dt-jsonrpc-error-quark, dt_jsonrpc_error)

void
dt_jsonrpc_message_free (DtJsonRpcMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->id, json_node_unref);
  g_free (message->method);
  g_clear_pointer (&message->params, json_object_unref);
  g_clear_pointer (&message->result, json_node_unref);
  g_free (message->error_message);
  g_clear_pointer (&message->error_data, json_node_unref);
  g_free (message);
}

JsonNode *
dt_json_parse_strict (const char *data,
                      gsize       length,
                      GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = dt_json_read_body (data, length, DT_JSONRPC_MAX_DEPTH, &local_error);

  if (root == NULL)
    g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_PARSE_ERROR,
                         local_error->message);
  return root;
}

static gboolean
id_is_valid (JsonNode *id)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (id) || !JSON_NODE_HOLDS_VALUE (id))
    return FALSE;
  type = json_node_get_value_type (id);
  return type == G_TYPE_STRING || type == G_TYPE_INT64;
}

DtJsonRpcMessage *
dt_jsonrpc_message_parse (const char *data,
                          gsize       length,
                          GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DtJsonRpcMessage) message = NULL;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = dt_json_parse_strict (data, length, error);
  if (root == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                           "Batches are not supported; send one JSON-RPC message per request");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                           "A JSON-RPC message must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "jsonrpc");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (node), "2.0") != 0)
    {
      g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                           "\"jsonrpc\" must be the string \"2.0\"");
      return NULL;
    }

  message = g_new0 (DtJsonRpcMessage, 1);

  node = json_object_get_member (object, "id");
  if (node != NULL)
    {
      if (!id_is_valid (node))
        {
          g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                               "\"id\" must be a string or an integer, never null");
          return NULL;
        }
      message->id = json_node_copy (node);
    }

  node = json_object_get_member (object, "method");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        {
          g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                               "\"method\" must be a non-empty string");
          return NULL;
        }
      if (json_object_has_member (object, "result") || json_object_has_member (object, "error"))
        {
          g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                               "A message cannot carry both \"method\" and \"result\"/\"error\"");
          return NULL;
        }
      message->method = g_strdup (json_node_get_string (node));
      message->kind = message->id ? DT_JSONRPC_KIND_REQUEST : DT_JSONRPC_KIND_NOTIFICATION;

      node = json_object_get_member (object, "params");
      if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                               "\"params\" must be an object");
          return NULL;
        }
      message->params = node ? json_object_ref (json_node_get_object (node)) : json_object_new ();
      return g_steal_pointer (&message);
    }

  /* A response: exactly one of result / error. */
  if (json_object_has_member (object, "result") == json_object_has_member (object, "error"))
    {
      g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                           "A message needs \"method\", or exactly one of \"result\" and \"error\"");
      return NULL;
    }
  if (json_object_has_member (object, "result"))
    {
      if (message->id == NULL)
        {
          g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                               "A result must carry the id of the request it answers");
          return NULL;
        }
      message->kind = DT_JSONRPC_KIND_RESULT;
      message->result = json_node_copy (json_object_get_member (object, "result"));
      return g_steal_pointer (&message);
    }

  node = json_object_get_member (object, "error");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                           "\"error\" must be an object with \"code\" and \"message\"");
      return NULL;
    }
  {
    JsonObject *err = json_node_get_object (node);
    JsonNode *code = json_object_get_member (err, "code");
    JsonNode *text = json_object_get_member (err, "message");

    if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) ||
        json_node_get_value_type (code) != G_TYPE_INT64 ||
        text == NULL || !JSON_NODE_HOLDS_VALUE (text) ||
        json_node_get_value_type (text) != G_TYPE_STRING)
      {
        g_set_error_literal (error, DT_JSONRPC_ERROR, DT_JSONRPC_INVALID_REQUEST,
                             "\"error\" needs an integer \"code\" and a string \"message\"");
        return NULL;
      }
    message->kind = DT_JSONRPC_KIND_ERROR;
    message->error_code = (int) CLAMP (json_node_get_int (code), G_MININT, G_MAXINT);
    message->error_message = g_strdup (json_node_get_string (text));
    if (json_object_has_member (err, "data"))
      message->error_data = json_node_copy (json_object_get_member (err, "data"));
  }
  return g_steal_pointer (&message);
}

static JsonObject *
envelope (JsonNode *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "jsonrpc", "2.0");
  if (id != NULL)
    json_object_set_member (object, "id", json_node_copy (id));
  return object;
}

static JsonNode *
wrap (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
dt_jsonrpc_build_result (JsonNode   *id,
                         JsonObject *result)
{
  JsonObject *object = envelope (id);

  json_object_set_object_member (object, "result", result ? result : json_object_new ());
  return wrap (object);
}

JsonNode *
dt_jsonrpc_build_error (JsonNode   *id,
                        int         code,
                        const char *message,
                        JsonNode   *data)
{
  JsonObject *object = envelope (id);
  JsonObject *err = json_object_new ();

  if (id == NULL)
    json_object_set_null_member (object, "id");
  json_object_set_int_member (err, "code", code);
  json_object_set_string_member (err, "message", message ? message : "Error");
  if (data != NULL)
    json_object_set_member (err, "data", json_node_copy (data));
  json_object_set_object_member (object, "error", err);
  return wrap (object);
}

JsonNode *
dt_jsonrpc_build_request (JsonNode   *id,
                          const char *method,
                          JsonObject *params)
{
  JsonObject *object = envelope (id);

  json_object_set_string_member (object, "method", method);
  if (params != NULL)
    json_object_set_object_member (object, "params", params);
  return wrap (object);
}

JsonNode *
dt_jsonrpc_build_notification (const char *method,
                               JsonObject *params)
{
  return dt_jsonrpc_build_request (NULL, method, params);
}

char *
dt_jsonrpc_id_key (JsonNode *id)
{
  if (id == NULL)
    return g_strdup ("-");
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strconcat ("s:", json_node_get_string (id), NULL);
  return g_strdup_printf ("i:%" G_GINT64_FORMAT, json_node_get_int (id));
}

char *
dt_json_to_string (JsonNode *node,
                   gsize    *length)
{
  return dt_json_to_text (node, length);
}

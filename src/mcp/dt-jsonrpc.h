/* dt-jsonrpc.h: strict JSON-RPC 2.0 message parsing and building for the MCP engine. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Error domain whose codes are the JSON-RPC / MCP error codes themselves, so a GError can
 * travel from a handler to the wire unchanged. */
#define DT_JSONRPC_ERROR (dt_jsonrpc_error_quark ())

typedef enum
{
  DT_JSONRPC_PARSE_ERROR = -32700,
  DT_JSONRPC_INVALID_REQUEST = -32600,
  DT_JSONRPC_METHOD_NOT_FOUND = -32601,
  DT_JSONRPC_INVALID_PARAMS = -32602,
  DT_JSONRPC_INTERNAL_ERROR = -32603,
  DT_JSONRPC_REQUEST_CANCELLED = -32800,
  DT_JSONRPC_RESOURCE_NOT_FOUND = -32002,
  DT_JSONRPC_URL_ELICITATION_REQUIRED = -32042,
} DtJsonRpcErrorCode;

GQuark dt_jsonrpc_error_quark (void);

/* Nesting deeper than this is refused before json-glib sees it (it overflows the stack on
 * very deep input). */
#define DT_JSONRPC_MAX_DEPTH 64

typedef enum
{
  DT_JSONRPC_KIND_REQUEST,
  DT_JSONRPC_KIND_NOTIFICATION,
  DT_JSONRPC_KIND_RESULT,
  DT_JSONRPC_KIND_ERROR,
} DtJsonRpcKind;

typedef struct
{
  DtJsonRpcKind kind;
  JsonNode     *id;            /* string or integer; NULL for notifications (and id-less errors) */
  char         *method;        /* requests and notifications */
  JsonObject   *params;        /* requests and notifications; never NULL (empty when absent) */
  JsonNode     *result;        /* results */
  int           error_code;    /* errors */
  char         *error_message;
  JsonNode     *error_data;    /* may be NULL */
} DtJsonRpcMessage;

void              dt_jsonrpc_message_free   (DtJsonRpcMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtJsonRpcMessage, dt_jsonrpc_message_free)

/* Parses one message. Batches (arrays), null ids, fractional ids, a missing or wrong
 * "jsonrpc", duplicate object keys anywhere, nesting beyond DT_JSONRPC_MAX_DEPTH and
 * non-object params are refused with DT_JSONRPC_PARSE_ERROR or DT_JSONRPC_INVALID_REQUEST. */
DtJsonRpcMessage *dt_jsonrpc_message_parse  (const char       *data,
                                             gsize             length,
                                             GError          **error);

/* Reads a JSON document (dt_json_read), refusing duplicate keys and nesting deeper than
 * DT_JSONRPC_MAX_DEPTH, with errors in DT_JSONRPC_ERROR. */
JsonNode         *dt_json_parse_strict      (const char       *data,
                                             gsize             length,
                                             GError          **error);

/* Builders. The returned nodes are new; @id and @result/@params are copied or adopted as
 * documented. */
JsonNode         *dt_jsonrpc_build_result   (JsonNode         *id,
                                             JsonObject       *result);      /* adopts result */
JsonNode         *dt_jsonrpc_build_error    (JsonNode         *id,           /* NULL → null */
                                             int               code,
                                             const char       *message,
                                             JsonNode         *data);        /* copied */
JsonNode         *dt_jsonrpc_build_request  (JsonNode         *id,
                                             const char       *method,
                                             JsonObject       *params);      /* adopts params */
JsonNode         *dt_jsonrpc_build_notification (const char   *method,
                                                 JsonObject   *params);      /* adopts params */

/* A key for hash tables that tells 1 from "1". */
char             *dt_jsonrpc_id_key         (JsonNode         *id);

char             *dt_json_to_string         (JsonNode         *node,
                                             gsize            *length);

G_END_DECLS

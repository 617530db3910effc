/* dt-mcp-call.h: one request in flight — what a handler reads, and how it answers,
 * streams progress and logs, or asks the client something (sampling, elicitation). */
#pragma once

#include "dt-mcp-server.h"

G_BEGIN_DECLS

typedef enum
{
  DT_MCP_LOG_DEBUG,
  DT_MCP_LOG_INFO,
  DT_MCP_LOG_NOTICE,
  DT_MCP_LOG_WARNING,
  DT_MCP_LOG_ERROR,
  DT_MCP_LOG_CRITICAL,
  DT_MCP_LOG_ALERT,
  DT_MCP_LOG_EMERGENCY,
} DtMcpLogLevel;

const char  *dt_mcp_log_level_to_string      (DtMcpLogLevel level);
gboolean     dt_mcp_log_level_from_string    (const char   *text,
                                              DtMcpLogLevel *level);

#define DT_TYPE_MCP_CALL (dt_mcp_call_get_type ())
G_DECLARE_FINAL_TYPE (DtMcpCall, dt_mcp_call, DT, MCP_CALL, GObject)

const char  *dt_mcp_call_get_method          (DtMcpCall    *self);
JsonNode    *dt_mcp_call_get_id              (DtMcpCall    *self);
JsonObject  *dt_mcp_call_get_params          (DtMcpCall    *self);
/* tools/call "arguments" and prompts/get "arguments"; never NULL (empty when absent). */
JsonObject  *dt_mcp_call_get_arguments       (DtMcpCall    *self);
/* The tool, prompt or resource URI the call names, or NULL. */
const char  *dt_mcp_call_get_target          (DtMcpCall    *self);
/* resources/read: a variable of the matched URI template ("123" for {id}). */
const char  *dt_mcp_call_get_variable        (DtMcpCall    *self,
                                              const char   *name);
GObject     *dt_mcp_call_get_principal       (DtMcpCall    *self);
GCancellable *dt_mcp_call_get_cancellable    (DtMcpCall    *self);
const char  *dt_mcp_call_get_protocol_version (DtMcpCall   *self);
/* Whether the client declared a capability ("sampling", "elicitation", "roots"). */
gboolean     dt_mcp_call_client_supports     (DtMcpCall    *self,
                                              const char   *capability);
gboolean     dt_mcp_call_is_finished         (DtMcpCall    *self);

/* Answers. Exactly one of them, once. @result is adopted. */
void         dt_mcp_call_return              (DtMcpCall    *self,
                                              JsonObject   *result);
/* Returns a tool result whose structured content is @structured (taken) and whose text block
 * is its JSON, written once for both. (A read worker's result comes whole, through
 * dt_mcp_call_return_result_text.) */
void         dt_mcp_call_return_structured_text (DtMcpCall  *self,
                                                 JsonObject *structured);
/* Room before a worker's result text for the head of the message that carries it
 * ({"jsonrpc":"2.0","id":…,"result":), so the whole message can be sent as one buffer. */
#define DT_MCP_RESULT_HEADROOM 128

/* The text of the result dt_mcp_call_return_structured_text gives for the structured content
 * whose JSON is the @length bytes at @structured, callable on any thread. It starts after
 * DT_MCP_RESULT_HEADROOM spaces (JSON whitespace) and @out_length (may be NULL) counts them;
 * it ends with a NUL and a spare byte. */
char        *dt_mcp_tool_result_text         (const char   *structured,
                                              gsize         length,
                                              gsize        *out_length);
/* Returns @result (taken), a text made by dt_mcp_tool_result_text, @length bytes long. */
void         dt_mcp_call_return_result_text  (DtMcpCall    *self,
                                              char         *result,
                                              gsize         length);
/* The JSON text of @message, a message of this call. */
char        *dt_mcp_call_serialize           (DtMcpCall    *self,
                                              JsonNode     *message,
                                              gsize        *length);
/* The same as one buffer. For a result given with dt_mcp_call_return_result_text, that is
 * the result's own text (taken from @self, not copied) with the message's head and tail
 * written around it. */
GBytes      *dt_mcp_call_serialize_bytes     (DtMcpCall    *self,
                                              JsonNode     *message);
void         dt_mcp_call_return_error        (DtMcpCall    *self,
                                              int           code,
                                              const char   *message,
                                              JsonNode     *data);
void         dt_mcp_call_return_gerror       (DtMcpCall    *self,
                                              const GError *error);
/* A tools/call result with isError:true and one text block. */
void         dt_mcp_call_return_tool_error   (DtMcpCall    *self,
                                              const char   *format,
                                              ...) G_GNUC_PRINTF (2, 3);

/* Streams on the call's own stream. Progress is sent only when the client asked for it
 * (_meta.progressToken) and only when it increases. */
void         dt_mcp_call_progress            (DtMcpCall    *self,
                                              double        progress,
                                              double        total,
                                              const char   *message);
void         dt_mcp_call_log                 (DtMcpCall    *self,
                                              DtMcpLogLevel level,
                                              const char   *logger,
                                              const char   *text);

/* Asks the transport to end the call's stream now, before the answer, so the client
 * reconnects and picks up the rest where it left off (SSE polling, 2025-11-25). Transports
 * that cannot resume ignore it. */
void         dt_mcp_call_suspend_stream      (DtMcpCall    *self);

/* Sends a request to the client on the call's stream and waits for its answer. Fails with
 * DT_JSONRPC_ERROR when the client answers with an error or did not declare the needed
 * capability, and with G_IO_ERROR_CANCELLED when the call or its session ends. */
void         dt_mcp_call_request_async       (DtMcpCall    *self,
                                              const char   *method,
                                              JsonObject   *params,
                                              GAsyncReadyCallback callback,
                                              gpointer      user_data);
JsonObject  *dt_mcp_call_request_finish      (DtMcpCall    *self,
                                              GAsyncResult *result,
                                              GError      **error);

/* Set when a tool's scope is not held: the transport turns it into HTTP 403. */
const char  *dt_mcp_call_get_insufficient_scope (DtMcpCall *self);

G_END_DECLS

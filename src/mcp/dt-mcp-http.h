/* dt-mcp-http.h: the Streamable HTTP binding (2025-11-25, 2025-06-18, 2025-03-26) of the
 * MCP engine on a libsoup server: sessions, POST with JSON or SSE answers, the GET stream,
 * resumption with Last-Event-ID, DELETE. A thin layer: every message goes to DtMcpSession. */
#pragma once

#include <libsoup/soup.h>

#include "dt-mcp-session.h"

G_BEGIN_DECLS

/* Authenticates one HTTP request. Returns the caller (transfer full) and sets
 * @identity to the stable key a session is bound to (e.g. the grant), or returns NULL after
 * filling @msg with the refusal (401/403). */
typedef GObject *(*DtMcpHttpAuthFunc) (SoupServerMessage *msg,
                                       char             **identity,
                                       gpointer           user_data);
/* Fills @msg with the refusal for a tool whose @scope the caller lacks (403 with
 * WWW-Authenticate: Bearer error="insufficient_scope"). */
typedef void     (*DtMcpHttpScopeRefusalFunc) (SoupServerMessage *msg,
                                               const char        *scope,
                                               gpointer           user_data);

#define DT_TYPE_MCP_HTTP (dt_mcp_http_get_type ())
G_DECLARE_FINAL_TYPE (DtMcpHttp, dt_mcp_http, DT, MCP_HTTP, GObject)

/* Largest accepted POST body. */
#define DT_MCP_HTTP_MAX_BODY (4 * 1024 * 1024)

DtMcpHttp   *dt_mcp_http_new                 (DtMcpServer              *server);
void         dt_mcp_http_set_auth_func       (DtMcpHttp                *self,
                                              DtMcpHttpAuthFunc         func,
                                              gpointer                  user_data);
void         dt_mcp_http_set_scope_refusal_func (DtMcpHttp             *self,
                                                 DtMcpHttpScopeRefusalFunc func,
                                                 gpointer               user_data);
/* The SSE "retry" hint in milliseconds (default 1000). */
void         dt_mcp_http_set_retry_ms        (DtMcpHttp                *self,
                                              guint                     retry_ms);
/* How often an open SSE stream gets a comment line, so that a client that went away is
 * noticed (0: never; default 20 s). */
void         dt_mcp_http_set_keepalive_ms    (DtMcpHttp                *self,
                                              guint                     keepalive_ms);

/* Serves one request to the MCP endpoint (any method). Host/Origin must have been checked
 * by the caller. Must run in the thread that runs the SoupServer's main context. */
void         dt_mcp_http_handle              (DtMcpHttp                *self,
                                              SoupServerMessage        *msg);

/* Like dt_mcp_http_handle, for servers that track pending answers: when the answer is not
 * given before this returns (the message is left paused), @answered runs once, on the same
 * thread, as soon as the status and headers are set. */
typedef void (*DtMcpHttpAnsweredFunc) (SoupServerMessage *msg,
                                       gpointer           user_data);
void         dt_mcp_http_handle_full         (DtMcpHttp                *self,
                                              SoupServerMessage        *msg,
                                              DtMcpHttpAnsweredFunc     answered,
                                              gpointer                  user_data);
/* Drops a pending @answered (the client went away and the caller cleaned up already). */
void         dt_mcp_http_forget_answered     (SoupServerMessage        *msg);

guint        dt_mcp_http_get_n_sessions      (DtMcpHttp                *self);
/* Ends every session and stream (server shutdown). */
void         dt_mcp_http_close_all           (DtMcpHttp                *self);

G_END_DECLS

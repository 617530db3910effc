/* dt-mcp-session.h: one client's protocol state (negotiated version, capabilities, log
 * level, subscriptions, calls in flight) and the dispatch of its messages. Knows nothing of
 * HTTP: a transport hands it parsed messages and a sink for what goes back. */
#pragma once

#include "dt-mcp-call.h"

G_BEGIN_DECLS

/* Receives every message that goes back for one request: notifications and server→client
 * requests (@final FALSE), then the response (@final TRUE; @message is NULL when the
 * request was cancelled and no response may be sent). @message NULL with @final FALSE asks
 * the transport to end the stream early so the client resumes it later. */
typedef void (*DtMcpSendFunc) (DtMcpCall *call,
                               JsonNode  *message,
                               gboolean   final,
                               gpointer   user_data);
/* Receives messages related to no request (resource updates), for a standalone stream. */
typedef void (*DtMcpUnsolicitedFunc) (JsonNode *message,
                                      gpointer  user_data);

#define DT_TYPE_MCP_SESSION (dt_mcp_session_get_type ())
G_DECLARE_FINAL_TYPE (DtMcpSession, dt_mcp_session, DT, MCP_SESSION, GObject)

/* @principal: who is calling (from the authentication hook; may be NULL when the
 * transport does no authentication); @identity: the stable key the session is bound to. */
DtMcpSession *dt_mcp_session_new              (DtMcpServer   *server,
                                               GObject       *principal,
                                               const char    *identity);
DtMcpServer  *dt_mcp_session_get_server       (DtMcpSession  *self);
const char   *dt_mcp_session_get_identity     (DtMcpSession  *self);
GObject      *dt_mcp_session_get_principal    (DtMcpSession  *self);
/* The token is checked on every request; the latest principal replaces the previous one. */
void          dt_mcp_session_set_principal    (DtMcpSession  *self,
                                               GObject       *principal);
const char   *dt_mcp_session_get_protocol_version (DtMcpSession *self);
gboolean      dt_mcp_session_is_initialized   (DtMcpSession  *self);
gboolean      dt_mcp_session_is_closed        (DtMcpSession  *self);

/* Handles one message. For a request, @send gets everything that goes back (possibly
 * before this returns) and @destroy runs when the request is over. Notifications and
 * responses are consumed; nothing is ever sent back for them. */
void          dt_mcp_session_handle           (DtMcpSession     *self,
                                               DtJsonRpcMessage *message,
                                               DtMcpSendFunc     send,
                                               gpointer          user_data,
                                               GDestroyNotify    destroy);

void          dt_mcp_session_set_unsolicited_func (DtMcpSession        *self,
                                                   DtMcpUnsolicitedFunc func,
                                                   gpointer             user_data);

/* Ends the session: in-flight calls are cancelled, pending client requests fail. */
void          dt_mcp_session_close            (DtMcpSession  *self);

/* A 128-bit-or-more random identifier from the kernel CSPRNG, in visible ASCII. */
char         *dt_mcp_random_id                (void);

G_END_DECLS

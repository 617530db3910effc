/* dt-mcp-session-private.h: what the session's files share: its instance and its dispatch. */
#pragma once

#include "dt-mcp-private.h"

G_BEGIN_DECLS

struct _DtMcpSession
{
  GObject        parent_instance;

  DtMcpServer   *server;
  GObject       *principal;
  char          *identity;
  char          *protocol_version;
  JsonObject    *client_capabilities;
  JsonObject    *client_info;
  gboolean       initialize_answered;
  gboolean       initialized;
  gboolean       closed;
  DtMcpLogLevel  log_level;

  GHashTable    *calls;          /* id key → DtMcpCall (in flight) */
  GHashTable    *pending;        /* gint64* → GTask (our requests to the client) */
  gint64         next_request_id;
  GHashTable    *subscriptions;  /* uri set */

  DtMcpUnsolicitedFunc unsolicited;
  gpointer       unsolicited_data;
};

/* Answers @call (a request of an open session, in its calls table) by its method. */
void dt_mcp_session_dispatch_request (DtMcpSession *self,
                                      DtMcpCall    *call);

G_END_DECLS

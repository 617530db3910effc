/* dt-mcp-private.h: what the server, session and call files share inside the MCP engine. */
#pragma once

#include "dt-mcp-session.h"

G_BEGIN_DECLS

typedef struct
{
  char          *name;
  char          *title;
  char          *description;
  JsonObject    *input_schema;
  JsonObject    *output_schema;
  DtMcpToolHints hints;
  char          *scope;
  DtMcpHandler   handler;
  gpointer       user_data;
  GDestroyNotify destroy;
} DtMcpTool;

typedef struct
{
  char          *uri;            /* concrete URI, or the template */
  char          *name;
  char          *title;
  char          *description;
  char          *mime_type;
  char          *scope;
  gboolean       is_template;
  char         **parts;          /* template: literal, {var}, literal, … */
  DtMcpHandler   reader;
  DtMcpResourceLister lister;
  DtMcpCompleter completer;
  gpointer       user_data;
  GDestroyNotify destroy;
} DtMcpResource;

typedef struct
{
  char          *name;
  char          *title;
  char          *description;
  char          *scope;
  GPtrArray     *arguments;      /* of DtMcpPromptArgument with owned strings */
  DtMcpHandler   handler;
  DtMcpCompleter completer;
  gpointer       user_data;
  GDestroyNotify destroy;
} DtMcpPrompt;

/* server */
DtMcpTool     *dt_mcp_server_lookup_tool      (DtMcpServer  *self,
                                               const char   *name);
DtMcpPrompt   *dt_mcp_server_lookup_prompt    (DtMcpServer  *self,
                                               const char   *name);
/* Finds the resource or template serving @uri; fills @variables for a template. */
DtMcpResource *dt_mcp_server_match_resource   (DtMcpServer  *self,
                                               const char   *uri,
                                               GHashTable   *variables);
DtMcpResource *dt_mcp_server_lookup_template  (DtMcpServer  *self,
                                               const char   *uri_template);
GPtrArray     *dt_mcp_server_get_tools        (DtMcpServer  *self);
GPtrArray     *dt_mcp_server_get_resources    (DtMcpServer  *self);
GPtrArray     *dt_mcp_server_get_templates    (DtMcpServer  *self);
GPtrArray     *dt_mcp_server_get_prompts      (DtMcpServer  *self);
guint          dt_mcp_server_get_page_size    (DtMcpServer  *self);
JsonObject    *dt_mcp_server_build_info       (DtMcpServer  *self);
JsonObject    *dt_mcp_server_build_capabilities (DtMcpServer *self);
const char    *dt_mcp_server_get_instructions (DtMcpServer  *self);
gboolean       dt_mcp_server_check_scope      (DtMcpServer  *self,
                                               GObject      *principal,
                                               const char   *scope);
void           dt_mcp_server_audit            (DtMcpServer  *self,
                                               GObject      *principal,
                                               const char   *method,
                                               const char   *name,
                                               const char   *outcome);
void           dt_mcp_server_add_session      (DtMcpServer  *self,
                                               DtMcpSession *session);
void           dt_mcp_server_remove_session   (DtMcpServer  *self,
                                               DtMcpSession *session);
JsonObject    *dt_mcp_tool_to_json            (DtMcpTool    *tool);
char          *dt_mcp_cursor_encode           (const char   *kind,
                                               guint         offset);
gboolean       dt_mcp_cursor_decode           (const char   *kind,
                                               const char   *cursor,
                                               guint        *offset);

/* session */
gint64         dt_mcp_session_add_pending     (DtMcpSession *self,
                                               GTask        *task);
void           dt_mcp_session_drop_pending    (DtMcpSession *self,
                                               gint64        id);
gboolean       dt_mcp_session_log_enabled     (DtMcpSession *self,
                                               DtMcpLogLevel level);
JsonObject    *dt_mcp_session_get_client_capabilities (DtMcpSession *self);
void           dt_mcp_session_call_done       (DtMcpSession *self,
                                               DtMcpCall    *call);
/* The URIs this session subscribed to that start with @prefix (a new array). */
GPtrArray     *dt_mcp_session_subscriptions_under (DtMcpSession *self,
                                                   const char   *prefix);
void           dt_mcp_session_send_unsolicited (DtMcpSession *self,
                                                JsonNode     *message);

/* call */
DtMcpCall     *dt_mcp_call_new                (DtMcpSession *session,
                                               DtJsonRpcMessage *message,
                                               DtMcpSendFunc send,
                                               gpointer      user_data,
                                               GDestroyNotify destroy);
void           dt_mcp_call_set_target         (DtMcpCall    *self,
                                               const char   *target);
void           dt_mcp_call_set_arguments      (DtMcpCall    *self,
                                               JsonObject   *arguments);
GHashTable    *dt_mcp_call_get_variables      (DtMcpCall    *self);
void           dt_mcp_call_set_insufficient_scope (DtMcpCall *self,
                                                   const char *scope);
void           dt_mcp_call_cancel             (DtMcpCall    *self);
DtMcpSession  *dt_mcp_call_get_session        (DtMcpCall    *self);

G_END_DECLS

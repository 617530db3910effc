/* dt-mcp-server.h: the transport-independent MCP server: identity, capabilities and the
 * tool, resource and prompt registries that every session and every dialect shares. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dt-jsonrpc.h"

G_BEGIN_DECLS

/* Protocol revisions this engine speaks, newest first. */
#define DT_MCP_PROTOCOL_LATEST "2025-11-25"
extern const char * const dt_mcp_protocol_versions[];
gboolean dt_mcp_protocol_version_supported (const char *version);

typedef struct _DtMcpCall DtMcpCall;

/* Every handler receives the in-flight call and answers through it, now or later
 * (dt_mcp_call_return* may be called from any later main-loop iteration of the same
 * thread). */
typedef void       (*DtMcpHandler)        (DtMcpCall   *call,
                                           gpointer     user_data);
/* Returns up to 100 suggestions (transfer full, element-type utf8) for @argument starting
 * with @value; @context holds the other arguments already chosen (may be NULL). */
typedef GPtrArray *(*DtMcpCompleter)      (DtMcpCall   *call,
                                           const char  *argument,
                                           const char  *value,
                                           JsonObject  *context,
                                           gpointer     user_data);
/* Appends concrete resources ({uri, name, mimeType, …} objects) that a template stands for. */
typedef void       (*DtMcpResourceLister) (DtMcpCall   *call,
                                           JsonArray   *resources,
                                           gpointer     user_data);
/* Whether @principal (set by the transport's authentication hook) holds @scope. */
typedef gboolean   (*DtMcpScopeFunc)      (GObject     *principal,
                                           const char  *scope,
                                           gpointer     user_data);
/* Called once per finished request: @name is the tool, prompt or resource it named (or
 * NULL); @outcome is "ok", "tool-error", "error", "denied" or "cancelled". */
typedef void       (*DtMcpAuditFunc)      (GObject     *principal,
                                           const char  *method,
                                           const char  *name,
                                           const char  *outcome,
                                           gpointer     user_data);

typedef enum
{
  DT_MCP_TOOL_READ_ONLY = 1 << 0,
  DT_MCP_TOOL_DESTRUCTIVE = 1 << 1,
  DT_MCP_TOOL_IDEMPOTENT = 1 << 2,
  DT_MCP_TOOL_OPEN_WORLD = 1 << 3,
} DtMcpToolHints;

typedef struct
{
  const char *name;
  const char *description;
  gboolean    required;
} DtMcpPromptArgument;

#define DT_TYPE_MCP_SERVER (dt_mcp_server_get_type ())
G_DECLARE_FINAL_TYPE (DtMcpServer, dt_mcp_server, DT, MCP_SERVER, GObject)

DtMcpServer *dt_mcp_server_new                  (const char          *name,
                                                 const char          *title,
                                                 const char          *version,
                                                 const char          *instructions);

void         dt_mcp_server_set_scope_func       (DtMcpServer         *self,
                                                 DtMcpScopeFunc       func,
                                                 gpointer             user_data);
void         dt_mcp_server_set_audit_func       (DtMcpServer         *self,
                                                 DtMcpAuditFunc       func,
                                                 gpointer             user_data);
/* Items per page of tools/list, resources/list, templates and prompts (default 100). */
void         dt_mcp_server_set_page_size        (DtMcpServer         *self,
                                                 guint                page_size);

/* Schemas are adopted (they must be objects with "type":"object"). @scope may be NULL. */
void         dt_mcp_server_add_tool             (DtMcpServer         *self,
                                                 const char          *name,
                                                 const char          *title,
                                                 const char          *description,
                                                 JsonObject          *input_schema,
                                                 JsonObject          *output_schema,
                                                 DtMcpToolHints       hints,
                                                 const char          *scope,
                                                 DtMcpHandler         handler,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy);
gboolean     dt_mcp_server_has_tool             (DtMcpServer         *self,
                                                 const char          *name);
guint        dt_mcp_server_get_n_tools          (DtMcpServer         *self);

void         dt_mcp_server_add_resource         (DtMcpServer         *self,
                                                 const char          *uri,
                                                 const char          *name,
                                                 const char          *title,
                                                 const char          *description,
                                                 const char          *mime_type,
                                                 const char          *scope,
                                                 DtMcpHandler         reader,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy);
/* @uri_template uses RFC 6570 level 1 ({name}); a variable matches one path segment. */
void         dt_mcp_server_add_resource_template (DtMcpServer        *self,
                                                  const char         *uri_template,
                                                  const char         *name,
                                                  const char         *title,
                                                  const char         *description,
                                                  const char         *mime_type,
                                                  const char         *scope,
                                                  DtMcpHandler        reader,
                                                  DtMcpResourceLister lister,
                                                  DtMcpCompleter      completer,
                                                  gpointer            user_data,
                                                  GDestroyNotify      destroy);
/* @arguments ends with an element whose name is NULL (may be NULL for none). */
void         dt_mcp_server_add_prompt           (DtMcpServer         *self,
                                                 const char          *name,
                                                 const char          *title,
                                                 const char          *description,
                                                 const DtMcpPromptArgument *arguments,
                                                 const char          *scope,
                                                 DtMcpHandler         handler,
                                                 DtMcpCompleter       completer,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy);

/* Tells every session subscribed to a URI that starts with @prefix ("doubletime://reports/",
 * or a whole URI) that it changed (notifications/resources/updated). */
void         dt_mcp_server_notify_resources_under  (DtMcpServer      *self,
                                                    const char       *prefix);

/* Helpers for registrations and handlers. */
JsonObject  *dt_mcp_json_object_parse           (const char          *json);   /* aborts on bad JSON */
JsonObject  *dt_mcp_content_text                (const char          *text);
JsonObject  *dt_mcp_content_image               (const char          *base64,
                                                 const char          *mime_type);
JsonObject  *dt_mcp_content_audio               (const char          *base64,
                                                 const char          *mime_type);
JsonObject  *dt_mcp_content_resource_text       (const char          *uri,
                                                 const char          *mime_type,
                                                 const char          *text);
/* A tools/call result from content blocks (adopted, NULL-terminated). */
JsonObject  *dt_mcp_tool_result_new             (gboolean             is_error,
                                                 JsonObject          *first_content,
                                                 ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

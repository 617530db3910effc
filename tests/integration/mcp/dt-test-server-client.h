/* dt-test-server-client.h: the real loopback server with both faces mounted, a fixed caller
 * whose user answers confirmations from a script, and the REST and MCP calls the integration
 * tests make to it. The operations and the MCP server are each test's own. */
#pragma once

#include <libsoup/soup.h>

#include "dt-api.h"
#include "dt-mcp-endpoint.h"
#include "dt-mcp-ops.h"
#include "dt-ops.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  DtDb         *db;
  DtServer     *server;
  DtOpRegistry *registry;
  SoupSession  *session;
  char         *base;
  char         *mcp_session;
  guint         next_id;
} DtTestServer;

typedef struct
{
  guint               status;
  char               *content_type;
  char               *disposition;
  SoupMessageHeaders *headers;
  GBytes             *body;
} DtTestReply;

/* The fixed caller's user: how many confirmations were asked since dt_test_server_open(),
 * the last question, and whether they are approved (it keeps its value from test to test). */
extern guint    dt_test_server_questions;
extern char    *dt_test_server_last_question;
extern gboolean dt_test_server_approves;

/* Contexts for the fixed caller: on @db for @face, and for each face as the server makes
 * them (the MCP one's @user_data is the DtDb). */
DtOpContext *dt_test_server_context      (DtDb                *db,
                                          const char          *face);
DtOpContext *dt_test_server_api_context  (DtRequest           *request,
                                          const DtOp          *op,
                                          gpointer             user_data);
DtOpContext *dt_test_server_mcp_context  (DtMcpCall           *call,
                                          gpointer             user_data,
                                          GError             **error);

void        dt_test_reply_clear          (DtTestReply         *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtTestReply, dt_test_reply_clear)

/* A fresh data directory from @dir_template (XDG_RUNTIME_DIR too, when unset), its database
 * and an empty operation registry, for the test to fill before it starts the server. */
void        dt_test_server_open          (DtTestServer        *f,
                                          const char          *dir_template);
/* Mounts the registry over REST (contexts from @api_context) and @http at /mcp, and starts
 * the server on an ephemeral loopback port. */
void        dt_test_server_start         (DtTestServer        *f,
                                          DtApiContextFunc     api_context,
                                          DtMcpHttp           *http);
/* dt_test_server_open, every operation of the application registered, and the server
 * started with both faces as the app mounts them (MCP contexts on f->db). */
void        dt_test_server_open_all      (DtTestServer        *f,
                                          const char          *dir_template);
/* Stops the server and removes the data directory. */
void        dt_test_server_close         (DtTestServer        *f);

JsonNode   *dt_test_server_parse         (const char          *data,
                                          gsize                size);
/* The body, which must be a JSON object. */
JsonObject *dt_test_server_parse_object  (GBytes              *bytes);
/* Any request to @path below the server's root with @body of @type (NULL: none) and
 * @headers as name/value pairs ending in NULL (NULL: none). */
void        dt_test_server_request       (DtTestServer        *f,
                                          const char          *method,
                                          const char          *path,
                                          const char          *type,
                                          GBytes              *body,
                                          const char * const  *headers,
                                          DtTestReply         *reply);
/* Any REST request below /api/v1. */
void        dt_test_server_rest_raw      (DtTestServer        *f,
                                          const char          *method,
                                          const char          *path,
                                          const char          *type,
                                          GBytes              *body,
                                          DtTestReply         *reply);
/* A JSON REST request answered with @expected_status; the parsed body (NULL when empty). */
JsonObject *dt_test_server_rest          (DtTestServer        *f,
                                          const char          *method,
                                          const char          *path,
                                          const char          *body,
                                          guint                expected_status);
/* A tools/call over MCP (the session is initialised on the first); the result object. */
JsonObject *dt_test_server_call_tool     (DtTestServer        *f,
                                          const char          *name,
                                          const char          *arguments);
const char *dt_test_server_tool_text     (JsonObject          *result);
/* The structured content of a result that is no error. */
JsonObject *dt_test_server_structured    (JsonObject          *result);
/* Fails unless @output conforms to the output schema of @op_name. */
void        dt_test_server_check_output  (DtTestServer        *f,
                                          const char          *op_name,
                                          JsonObject          *output);

G_END_DECLS

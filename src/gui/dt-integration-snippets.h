/* dt-integration-snippets.h: the addresses of the loopback server and ready configuration for
 * common MCP clients, as shown (and copied) on the Integrations page. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DT_SNIPPET_CLAUDE_DESKTOP,  /* claude_desktop_config.json through mcp-remote */
  DT_SNIPPET_CLAUDE_CODE,     /* a `claude mcp add` command line */
  DT_SNIPPET_VSCODE,          /* .vscode/mcp.json */
  DT_N_SNIPPETS
} DtSnippetKind;

char       *dt_integration_mcp_url      (guint          port);  /* http://127.0.0.1:PORT/mcp */
char       *dt_integration_rest_url     (guint          port);  /* http://127.0.0.1:PORT/api/v1 */
char       *dt_integration_help_url     (guint          port);  /* http://127.0.0.1:PORT/ */
char       *dt_integration_snippet      (DtSnippetKind  kind,
                                         guint          port);
/* Where the snippet goes, in words ("Add to claude_desktop_config.json"). Translated. */
const char *dt_integration_snippet_title (DtSnippetKind kind);
const char *dt_integration_snippet_hint  (DtSnippetKind kind);

G_END_DECLS

/* dt-integration-snippets.c: server addresses and MCP client configuration snippets. */
#define G_LOG_DOMAIN "dt-integrations"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-integration-snippets.h"

char *
dt_integration_mcp_url (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u/mcp", port);
}

char *
dt_integration_rest_url (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);
}

char *
dt_integration_help_url (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", port);
}

char *
dt_integration_snippet (DtSnippetKind kind,
                        guint         port)
{
  g_autofree char *url = dt_integration_mcp_url (port);

  switch (kind)
    {
    case DT_SNIPPET_CLAUDE_DESKTOP:
      /* Claude Desktop speaks stdio to local servers; mcp-remote bridges to Streamable HTTP
       * and runs the OAuth flow, which raises DoubleTime's consent dialog. */
      return g_strdup_printf ("{\n"
                              "  \"mcpServers\": {\n"
                              "    \"doubletime\": {\n"
                              "      \"command\": \"npx\",\n"
                              "      \"args\": [\"mcp-remote\", \"%s\"]\n"
                              "    }\n"
                              "  }\n"
                              "}\n", url);
    case DT_SNIPPET_CLAUDE_CODE:
      return g_strdup_printf ("claude mcp add --transport http doubletime %s\n", url);
    case DT_SNIPPET_VSCODE:
      return g_strdup_printf ("{\n"
                              "  \"servers\": {\n"
                              "    \"doubletime\": {\n"
                              "      \"type\": \"http\",\n"
                              "      \"url\": \"%s\"\n"
                              "    }\n"
                              "  }\n"
                              "}\n", url);
    case DT_N_SNIPPETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dt_integration_snippet_title (DtSnippetKind kind)
{
  switch (kind)
    {
    case DT_SNIPPET_CLAUDE_DESKTOP:
      return _("Claude Desktop");
    case DT_SNIPPET_CLAUDE_CODE:
      return _("Claude Code");
    case DT_SNIPPET_VSCODE:
      return _("Visual Studio Code");
    case DT_N_SNIPPETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dt_integration_snippet_hint (DtSnippetKind kind)
{
  switch (kind)
    {
    case DT_SNIPPET_CLAUDE_DESKTOP:
      return _("Add to claude_desktop_config.json, then restart Claude Desktop");
    case DT_SNIPPET_CLAUDE_CODE:
      return _("Run in a terminal");
    case DT_SNIPPET_VSCODE:
      return _("Save as .vscode/mcp.json in your workspace");
    case DT_N_SNIPPETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* test-integration-snippets.c: the Integrations page's addresses and client configuration. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "dt-integration-snippets.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_urls (void)
{
  g_autofree char *mcp = dt_integration_mcp_url (7313);
  g_autofree char *rest = dt_integration_rest_url (8080);
  g_autofree char *help = dt_integration_help_url (7400);

  g_assert_cmpstr (mcp, ==, "http://127.0.0.1:7313/mcp");
  g_assert_cmpstr (rest, ==, "http://127.0.0.1:8080/api/v1");
  g_assert_cmpstr (help, ==, "http://127.0.0.1:7400/");
}

static void
test_snippets (void)
{
  g_autofree char *desktop = dt_integration_snippet (DT_SNIPPET_CLAUDE_DESKTOP, 7400);
  g_autofree char *code = dt_integration_snippet (DT_SNIPPET_CLAUDE_CODE, 7313);
  g_autofree char *vscode = dt_integration_snippet (DT_SNIPPET_VSCODE, 7313);
  g_autoptr(JsonNode) d = parse (desktop);
  g_autoptr(JsonNode) v = parse (vscode);
  JsonObject *server;
  JsonArray *args;

  server = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (d), "mcpServers"), "doubletime");
  g_assert_cmpstr (json_object_get_string_member (server, "command"), ==, "npx");
  args = json_object_get_array_member (server, "args");
  g_assert_cmpstr (json_array_get_string_element (args, 0), ==, "mcp-remote");
  g_assert_cmpstr (json_array_get_string_element (args, 1), ==, "http://127.0.0.1:7400/mcp");

  g_assert_cmpstr (code, ==,
                   "claude mcp add --transport http doubletime http://127.0.0.1:7313/mcp\n");

  server = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (v), "servers"), "doubletime");
  g_assert_cmpstr (json_object_get_string_member (server, "type"), ==, "http");
  g_assert_cmpstr (json_object_get_string_member (server, "url"), ==,
                   "http://127.0.0.1:7313/mcp");

  for (guint k = 0; k < DT_N_SNIPPETS; k++)
    {
      g_assert_nonnull (dt_integration_snippet_title (k));
      g_assert_nonnull (dt_integration_snippet_hint (k));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/integration-snippets/urls", test_urls);
  g_test_add_func ("/gui/integration-snippets/snippets", test_snippets);

  return g_test_run ();
}

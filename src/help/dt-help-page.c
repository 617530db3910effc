/* dt-help-page.c: renders and serves the local help page. */
#define G_LOG_DOMAIN "dt-help"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-help-page.h"
#include "dt-scopes.h"

static const char page_style[] =
  "body{font:15px/1.5 Cantarell,'Noto Sans',system-ui,sans-serif;margin:0 auto;max-width:60em;"
  "padding:1em 2em 4em;color:#242424;background:#fafafa}"
  "h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd}"
  "code,pre{font-family:'Source Code Pro',monospace;font-size:.9em}"
  "pre{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em;overflow-x:auto;"
  "user-select:all}"
  "table{border-collapse:collapse;width:100%;margin:1em 0}"
  "th,td{text-align:left;vertical-align:top;padding:.35em .6em;border-bottom:1px solid #e4e4e4}"
  "th{background:#f0f0f0}.muted{color:#666}.tag{display:inline-block;padding:0 .4em;"
  "border-radius:4px;background:#e8f0fb;color:#1a5fb4;font-size:.85em}"
  ".warn{background:#fdf6e3;border:1px solid #e5c07b;border-radius:6px;padding:.6em .9em}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_code_block (GString    *out,
                   const char *text)
{
  g_string_append (out, "<pre>");
  append_escaped (out, text);
  g_string_append (out, "</pre>\n");
}

static GPtrArray *
ops_for_scope (DtOpRegistry *registry,
               const char   *scope)
{
  GPtrArray *ops = g_ptr_array_new ();

  for (guint i = 0; i < dt_op_registry_get_n_ops (registry); i++)
    {
      const DtOp *op = dt_op_registry_get_op (registry, i);
      if (g_strcmp0 (op->scope, scope) == 0)
        g_ptr_array_add (ops, (gpointer) op);
    }
  return ops;
}

static void
append_connect_section (GString    *out,
                        const char *base_url)
{
  g_autofree char *mcp_url = g_strconcat (base_url, "/mcp", NULL);
  g_autofree char *api_url = g_strconcat (base_url, "/api/v1", NULL);
  g_autofree char *claude_desktop = NULL;
  g_autofree char *claude_code = NULL;
  g_autofree char *vscode = NULL;

  claude_desktop = g_strdup_printf ("{\n"
                                    "  \"mcpServers\": {\n"
                                    "    \"doubletime\": {\n"
                                    "      \"command\": \"npx\",\n"
                                    "      \"args\": [\"-y\", \"mcp-remote\", \"%s\"]\n"
                                    "    }\n"
                                    "  }\n"
                                    "}", mcp_url);
  claude_code = g_strdup_printf ("claude mcp add --transport http doubletime %s", mcp_url);
  vscode = g_strdup_printf ("{\n"
                            "  \"servers\": {\n"
                            "    \"doubletime\": {\n"
                            "      \"type\": \"http\",\n"
                            "      \"url\": \"%s\"\n"
                            "    }\n"
                            "  }\n"
                            "}", mcp_url);

  g_string_append_printf (out, "<h2 id=\"connect\">%s</h2>\n", _("Connect an AI assistant"));
  g_string_append_printf (out, "<p>%s</p>\n",
                          _("Point any MCP client that speaks Streamable HTTP with OAuth at this "
                            "address. It registers itself, asks for the permissions it needs, "
                            "and DoubleTime asks you before it gets any."));
  g_string_append (out, "<table><tr><th>");
  g_string_append (out, _("MCP server"));
  g_string_append (out, "</th><td><code>");
  append_escaped (out, mcp_url);
  g_string_append (out, "</code></td></tr><tr><th>");
  g_string_append (out, _("REST API"));
  g_string_append (out, "</th><td><code>");
  append_escaped (out, api_url);
  g_string_append (out, "</code> — <a href=\"/api/v1/openapi.json\">OpenAPI 3.1</a></td></tr>");
  g_string_append (out, "</table>\n");

  g_string_append_printf (out, "<h3>%s</h3>\n<p>%s</p>\n", _("Claude Desktop"),
                          _("Add this to claude_desktop_config.json (Settings → Developer → Edit "
                            "Config); mcp-remote bridges Claude Desktop to the server and opens "
                            "the sign-in in your browser."));
  append_code_block (out, claude_desktop);
  g_string_append_printf (out, "<h3>%s</h3>\n<p>%s</p>\n", _("Claude Code"),
                          _("Run this once in a terminal:"));
  append_code_block (out, claude_code);
  g_string_append_printf (out, "<h3>%s</h3>\n<p>%s</p>\n", _("Visual Studio Code"),
                          _("Save this as .vscode/mcp.json in your project:"));
  append_code_block (out, vscode);
  g_string_append_printf (out, "<h3>%s</h3>\n<p>%s</p>\n", _("Any other MCP client"),
                          _("Use the address above with the Streamable HTTP transport. The "
                            "client discovers the authorization server from the 401 answer "
                            "(RFC 9728), registers itself (RFC 7591) and signs in with PKCE."));
}

static void
append_script_section (GString    *out,
                       const char *base_url)
{
  g_autofree char *example = NULL;

  example = g_strdup_printf (
    "# 1. In DoubleTime: Preferences → Connected apps → Create private app, or:\n"
    "doubletime apps create-private --name \"My script\" --target api \\\n"
    "    --scope clients:write --scope projects:write --scope time_entries:write\n"
    "\n"
    "# 2. Exchange the client id and secret it printed for a token (valid one hour):\n"
    "curl -s -u \"$CLIENT_ID:$CLIENT_SECRET\" -d grant_type=client_credentials \\\n"
    "    %s/oauth/token\n"
    "\n"
    "# 3. Call the REST API with it:\n"
    "curl -s -H \"Authorization: Bearer $TOKEN\" %s/api/v1/clients",
    base_url, base_url);

  g_string_append_printf (out, "<h2 id=\"scripts\">%s</h2>\n<p>%s</p>\n",
                          _("Write a script with a private app"),
                          _("A private app has a client id and a secret, a fixed set of "
                            "permissions and one target. The secret is shown once; DoubleTime "
                            "keeps only its hash."));
  append_code_block (out, example);
}

static void
append_scopes_section (GString      *out,
                       DtOpRegistry *registry)
{
  const DtScopeInfo *catalog;
  guint n_scopes;

  catalog = dt_scopes_catalog (&n_scopes);
  g_string_append_printf (out, "<h2 id=\"permissions\">%s</h2>\n<p>%s</p>\n", _("Permissions"),
                          _("Each app asks for scopes; you approve them in a dialog and may "
                            "narrow them. A write scope brings its read scope with it, sending "
                            "invoices needs reading them, and the REST API and the MCP server "
                            "are approved separately: a token for one is refused by the other. "
                            "Revoke an app in Preferences → Connected apps; its next request "
                            "fails."));
  g_string_append_printf (out, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                          _("Scope"), _("What it allows"), _("Tools and routes that need it"));
  for (guint i = 0; i < n_scopes; i++)
    {
      g_autoptr(GPtrArray) ops = ops_for_scope (registry, catalog[i].name);

      g_string_append (out, "<tr><td><code>");
      append_escaped (out, catalog[i].name);
      g_string_append (out, "</code>");
      if (catalog[i].implies != NULL)
        {
          g_autofree char *brings = g_strdup_printf (_("brings %s"), catalog[i].implies);
          g_string_append (out, "<br><span class=\"muted\">");
          append_escaped (out, brings);
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</td><td>");
      append_escaped (out, gettext (catalog[i].description));
      g_string_append (out, "</td><td>");
      for (guint j = 0; j < ops->len; j++)
        {
          const DtOp *op = g_ptr_array_index (ops, j);
          g_string_append_printf (out, "%s<code>", j > 0 ? "<br>" : "");
          append_escaped (out, op->name);
          g_string_append (out, "</code>");
          if (op->http_method != NULL && op->http_path != NULL)
            {
              g_string_append (out, " <span class=\"muted\">");
              append_escaped (out, op->http_method);
              g_string_append (out, " /api/v1");
              append_escaped (out, op->http_path);
              g_string_append (out, "</span>");
            }
        }
      if (ops->len == 0)
        g_string_append (out, "<span class=\"muted\">—</span>");
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
append_tools_section (GString      *out,
                      DtOpRegistry *registry)
{
  g_string_append_printf (out, "<h2 id=\"tools\">%s</h2>\n<p>%s</p>\n", _("Tools"),
                          _("Every MCP tool is also a REST route: the same function, the same "
                            "checks, the same scope."));
  g_string_append_printf (out, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                          _("Tool"), _("What it does"), _("Scope"), _("Kind"));
  for (guint i = 0; i < dt_op_registry_get_n_ops (registry); i++)
    {
      const DtOp *op = dt_op_registry_get_op (registry, i);
      const char *kind;

      if (op->flags & DT_OP_READ_ONLY)
        kind = _("read-only");
      else if (op->flags & DT_OP_SENSITIVE)
        kind = _("changes data, you confirm each time");
      else
        kind = _("changes data");

      g_string_append (out, "<tr><td><code>");
      append_escaped (out, op->name);
      g_string_append (out, "</code></td><td>");
      /* Titles marked N_() in the operation files are translated; the rest show as written. */
      append_escaped (out, op->title ? _(op->title) : op->description);
      g_string_append (out, "</td><td><code>");
      append_escaped (out, op->scope);
      g_string_append (out, "</code></td><td><span class=\"tag\">");
      append_escaped (out, kind);
      g_string_append (out, "</span></td></tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
append_what_you_see_section (GString *out)
{
  g_string_append_printf (out, "<h2 id=\"consent\">%s</h2>\n<ul>\n", _("What you will see"));
  g_string_append_printf (out, "<li>%s</li>\n",
                          _("A consent dialog when an app asks for access: its name (marked "
                            "unverified — any program can call itself anything), where it "
                            "returns to, REST API or MCP, and what it wants, area by area. Deny "
                            "is the default; you can untick what it does not need."));
  g_string_append_printf (out, "<li>%s</li>\n",
                          _("A confirmation each time an app wants to send an invoice, record a "
                            "payment, void or delete something, naming exactly what and how "
                            "much, unless you turned that off for that app in Connected apps. "
                            "No app can turn it off for itself."));
  g_string_append_printf (out, "<li>%s</li>\n",
                          _("Preferences → Connected apps: every approved app, what it may do, "
                            "when it was last used and what it did. Revoke takes effect at "
                            "once."));
  g_string_append_printf (out, "<li>%s</li>\n</ul>\n",
                          _("Without a window (doubletime --headless), requests wait for "
                            "“doubletime consent list”, “doubletime consent approve ID” or "
                            "“doubletime consent deny ID”."));
}

char *
dt_help_page_render (DtOpRegistry *registry,
                     const char   *base_url)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (DT_IS_OP_REGISTRY (registry), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
  g_string_append (out, _("DoubleTime — connect an assistant or a script"));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head><body>\n", page_style);
  g_string_append_printf (out, "<h1>%s</h1>\n<p>%s</p>\n", _("DoubleTime on this computer"),
                          _("DoubleTime serves your local AI assistants and scripts here, on "
                            "this computer only. Nothing reaches them until you approve it, and "
                            "nothing leaves the computer unless you send an invoice by "
                            "e-mail."));
  g_string_append_printf (out, "<p class=\"warn\">%s</p>\n",
                          _("This page holds no data of yours. If a web page sent you here and "
                            "asks you to approve something, say no."));

  append_connect_section (out, base_url);
  append_script_section (out, base_url);
  append_scopes_section (out, registry);
  append_tools_section (out, registry);
  append_what_you_see_section (out);

  g_string_append (out, "</body></html>\n");
  return g_string_free (out, FALSE);
}

char *
dt_help_page_csp (void)
{
  g_autofree char *digest = NULL;
  guint8 raw[32];
  gsize len = sizeof raw;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) page_style, strlen (page_style));
  g_checksum_get_digest (checksum, raw, &len);
  digest = g_base64_encode (raw, len);
  return g_strdup_printf ("default-src 'none'; style-src 'sha256-%s'; img-src 'none'; "
                          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'", digest);
}

typedef struct
{
  DtOpRegistry *registry;
  char         *csp;
} HelpRoute;

static void
help_route_free (gpointer data)
{
  HelpRoute *route = data;

  g_object_unref (route->registry);
  g_free (route->csp);
  g_free (route);
}

static void
help_route_cb (DtRequest *request,
               gpointer   user_data)
{
  HelpRoute *route = user_data;
  g_autoptr(GBytes) body = NULL;
  char *html;

  /* The server routes "/" itself here, and "//anything" too: only the former is the page. */
  if (!g_str_equal (request->path, "/"))
    {
      dt_request_respond_problem (request, SOUP_STATUS_NOT_FOUND, "Not found",
                                  "The help page is at /, the MCP server at /mcp and the REST "
                                  "API at /api/v1.");
      return;
    }
  if (!g_str_equal (request->method, "GET") && !g_str_equal (request->method, "HEAD"))
    {
      dt_request_set_header (request, "Allow", "GET, HEAD");
      dt_request_respond_problem (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed",
                                  "The help page only answers GET.");
      return;
    }

  html = dt_help_page_render (route->registry, request->base_url);
  body = g_bytes_new_take (html, strlen (html));
  dt_request_set_header (request, "Content-Security-Policy", route->csp);
  dt_request_respond_bytes (request, SOUP_STATUS_OK, "text/html; charset=utf-8", body);
}

void
dt_help_page_mount (DtServer     *server,
                    DtOpRegistry *registry)
{
  HelpRoute *route;

  g_return_if_fail (DT_IS_SERVER (server));
  g_return_if_fail (DT_IS_OP_REGISTRY (registry));

  route = g_new0 (HelpRoute, 1);
  route->registry = g_object_ref (registry);
  route->csp = dt_help_page_csp ();
  dt_server_add_route (server, "/", help_route_cb, route, help_route_free);
}

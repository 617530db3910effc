/* test-help-page.c: the help page served at / names every tool of the registry and every scope
 * of the catalog, carries a strict CSP, holds no user data and passes the same guard. */
#include "config.h"

#include <libsoup/soup.h>

#include "dt-help-page.h"
#include "dt-ops.h"
#include "dt-scopes.h"
#include "dt-server.h"

typedef struct
{
  char         *dir;
  DtDb         *db;
  DtServer     *server;
  DtOpRegistry *registry;
  SoupSession  *session;
  char         *base;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dt-help-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->registry = dt_op_registry_new ();
  dt_ops_register_all (f->registry);
  f->server = dt_server_new (dt_db_get_path (f->db), 0);
  dt_help_page_mount (f->server, f->registry);
  g_assert_true (dt_server_start (f->server, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", dt_server_get_port (f->server));
  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  dt_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->registry);
  g_clear_object (&f->db);
  g_free (f->base);
  g_free (f->dir);
}

static char *
fetch (Fixture     *f,
       const char  *method,
       const char  *path,
       const char  *host,
       guint       *out_status,
       char       **out_csp)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *response_headers;

  if (host != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", host);
  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  response_headers = soup_message_get_response_headers (msg);
  if (out_csp != NULL)
    *out_csp = g_strdup (soup_message_headers_get_one (response_headers,
                                                      "Content-Security-Policy"));
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_page_lists_every_tool_and_scope (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *csp = NULL;
  g_autofree char *html = NULL;
  g_autofree char *mcp_url = g_strconcat (f->base, "/mcp", NULL);
  const DtScopeInfo *catalog;
  guint status, n_scopes;

  html = fetch (f, "GET", "/", NULL, &status, &csp);
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpuint (dt_op_registry_get_n_ops (f->registry), >, 10);
  for (guint i = 0; i < dt_op_registry_get_n_ops (f->registry); i++)
    {
      const DtOp *op = dt_op_registry_get_op (f->registry, i);
      g_autofree char *cell = g_strdup_printf ("<code>%s</code>", op->name);
      if (strstr (html, cell) == NULL)
        g_error ("the help page does not list the tool %s", op->name);
    }

  catalog = dt_scopes_catalog (&n_scopes);
  for (guint i = 0; i < n_scopes; i++)
    {
      g_autofree char *cell = g_strdup_printf ("<tr><td><code>%s</code>", catalog[i].name);
      if (strstr (html, cell) == NULL)
        g_error ("the help page does not list the scope %s", catalog[i].name);
    }

  /* Copy-ready configuration pointing at this very server, and a link to the OpenAPI. */
  g_assert_nonnull (strstr (html, mcp_url));
  g_assert_nonnull (strstr (html, "claude mcp add --transport http doubletime"));
  g_assert_nonnull (strstr (html, "mcp-remote"));
  g_assert_nonnull (strstr (html, "&quot;type&quot;: &quot;http&quot;"));
  g_assert_nonnull (strstr (html, "href=\"/api/v1/openapi.json\""));

  /* Nothing may load or run but the page's own style, and nothing may frame it. */
  g_assert_nonnull (csp);
  g_assert_true (g_str_has_prefix (csp, "default-src 'none'; style-src 'sha256-"));
  g_assert_nonnull (strstr (csp, "frame-ancestors 'none'"));
  g_assert_null (strstr (html, "<script"));
}

static void
test_page_holds_no_user_data (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *html = NULL;
  guint status;
  sqlite3 *raw = dt_db_get_handle (f->db);

  g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO clients (name, currency, created_at, updated_at)"
                                      " VALUES ('Secret Client GmbH', 'EUR', 0, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  html = fetch (f, "GET", "/", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (html, "Secret Client"));
}

static void
test_page_behind_the_guard (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *html = NULL;
  g_autofree char *other = NULL;
  g_autofree char *post = NULL;
  guint status;

  html = fetch (f, "GET", "/", "evil.example:7313", &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_null (strstr (html, "<h1>"));

  other = fetch (f, "GET", "/favicon.ico", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_assert_null (strstr (other, "<h1>"));

  post = fetch (f, "POST", "/", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 405);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/help/page/lists-every-tool-and-scope", Fixture, NULL, fixture_set_up,
              test_page_lists_every_tool_and_scope, fixture_tear_down);
  g_test_add ("/help/page/holds-no-user-data", Fixture, NULL, fixture_set_up,
              test_page_holds_no_user_data, fixture_tear_down);
  g_test_add ("/help/page/behind-the-guard", Fixture, NULL, fixture_set_up,
              test_page_behind_the_guard, fixture_tear_down);

  return g_test_run ();
}

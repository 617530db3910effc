/* test-server.c: the loopback server over real HTTP: the guard, the strict parser, the body and
 * JSON limits, the route API (including held requests), metadata, the port file. */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "dt-error.h"
#include "dt-oauth-metadata.h"
#include "dt-server.h"
#include "dt-test-http.h"

typedef struct
{
  char     *dir;
  DtServer *server;
  guint     port;
} Fixture;

static void
echo_json_cb (DtRequest *request,
              gpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = dt_request_parse_json (request, &status, &error);
  if (node == NULL)
    {
      dt_request_respond_problem (request, status, "Bad body", "%s", error->message);
      return;
    }
  dt_request_respond_json (request, 200, node);
}

static void
echo_form_cb (DtRequest *request,
              gpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  guint status = 0;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  form = dt_request_parse_form (request, &status, &error);
  if (form == NULL)
    {
      dt_request_respond_problem (request, status, "Bad body", "%s", error->message);
      return;
    }
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (object, key, value);
  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (object, key, value);
  json_node_set_object (node, object);
  dt_request_respond_json (request, 200, node);
}

static gboolean
release_later_cb (gpointer data)
{
  DtRequest *request = data;

  g_assert_true (g_main_context_is_owner (dt_server_get_context (request->server)));
  dt_request_respond_problem (request, 202, "Answered later", "after a wait");
  dt_request_release (request);
  return G_SOURCE_REMOVE;
}

static void
hold_cb (DtRequest *request,
         gpointer   user_data)
{
  GSource *source = g_timeout_source_new (200);

  dt_request_hold (request, NULL, NULL);
  g_source_set_callback (source, release_later_cb, request, NULL);
  g_source_attach (source, dt_server_get_context (request->server));
  g_source_unref (source);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  fixture->dir = g_dir_make_tmp ("dt-server-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (fixture->dir, "doubletime.db", NULL);
  fixture->server = dt_server_new (db_path, 0);
  dt_oauth_metadata_mount (fixture->server);
  dt_server_add_route (fixture->server, "/test/json", echo_json_cb, NULL, NULL);
  dt_server_add_route (fixture->server, "/test/form/", echo_form_cb, NULL, NULL);
  dt_server_add_route (fixture->server, "/test/hold", hold_cb, NULL, NULL);
  dt_server_start (fixture->server, &error);
  g_assert_no_error (error);
  fixture->port = dt_server_get_port (fixture->server);
  g_assert_cmpuint (fixture->port, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fixture->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (fixture->dir);
}

static char *
host_line (const char *host,
           guint       port)
{
  return g_strdup_printf ("Host: %s:%u", host, port);
}

/* ---- Host and Origin -------------------------------------------------------------------- */

static const char *const bad_hosts[] = {
  "localhost6", "127.1", "0177.0.0.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]",
  "localhost.", "evil.example", "LOCALHOST", "[0:0:0:0:0:0:0:1]", "127.0.0.2",
  "localhost.evil.example",
};

static void
test_guard_bad_hosts (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *paths[] = { "/.well-known/oauth-authorization-server", "/mcp", "/oauth/token" };

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
      {
        g_autofree char *host = host_line (bad_hosts[i], fixture->port);
        const char *headers[] = { host, NULL };
        g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", paths[p], headers,
                                                    NULL, 0);
        g_test_message ("%s %s", paths[p], host);
        g_assert_cmpuint (r->status, ==, 403);
        if (g_str_equal (paths[p], "/mcp"))
          {
            JsonObject *o = json_node_get_object (r->json);
            g_assert_false (json_object_has_member (o, "id"));
            g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "error"),
                                                         "code"), ==, -32600);
          }
        else
          g_assert_cmpstr (dt_test_response_string (r, "title"), ==, "Forbidden host");
      }

  /* The right name with the wrong port, and no port at all. */
  {
    g_autofree char *wrong = host_line ("127.0.0.1", fixture->port + 1);
    const char *h1[] = { wrong, NULL };
    const char *h2[] = { "Host: 127.0.0.1", NULL };
    g_autoptr(DtTestResponse) r1 = dt_test_http (fixture->port, "GET", "/mcp", h1, NULL, 0);
    g_autoptr(DtTestResponse) r2 = dt_test_http (fixture->port, "GET", "/mcp", h2, NULL, 0);
    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpuint (r2->status, ==, 403);
  }
}

static void
test_guard_good_hosts (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *names[] = { "127.0.0.1", "localhost", "[::1]" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *host = host_line (names[i], fixture->port);
      g_autofree char *origin = g_strdup_printf ("Origin: http://%s:%u", names[i],
                                                 fixture->port);
      const char *headers[] = { host, origin, NULL };
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET",
                                                  "/.well-known/oauth-authorization-server",
                                                  headers, NULL, 0);
      g_autofree char *issuer = g_strdup_printf ("http://%s:%u", names[i], fixture->port);

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpstr (dt_test_response_string (r, "issuer"), ==, issuer);
    }
}

static void
test_guard_bad_origins (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *other_port = g_strdup_printf ("Origin: http://127.0.0.1:%u",
                                                 fixture->port + 1);
  g_autofree char *https = g_strdup_printf ("Origin: https://127.0.0.1:%u", fixture->port);
  g_autofree char *slash = g_strdup_printf ("Origin: http://localhost:%u/", fixture->port);
  const char *origins[] = { "Origin: null", "Origin: http://evil.example", other_port, https,
                            slash, "Origin: http://127.0.0.1", "Origin: file://" };

  for (guint i = 0; i < G_N_ELEMENTS (origins); i++)
    {
      const char *headers[] = { origins[i], NULL };
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET",
                                                  "/.well-known/oauth-protected-resource/mcp",
                                                  headers, NULL, 0);
      g_test_message ("%s", origins[i]);
      g_assert_cmpuint (r->status, ==, 403);
      g_assert_cmpstr (dt_test_response_string (r, "title"), ==, "Forbidden origin");
      g_assert_null (dt_test_response_header (r, "Access-Control-Allow-Origin"));
    }
}

/* ---- strict query and form -------------------------------------------------------------- */

static const char *const bad_queries[] = {
  "/test/form?a=1&a=2",
  "/test/form?client_id=x&client_id=y",
  "/test/form?a=%00",
  "/test/form?a=%zz",
  "/test/form?a=%",
  "/test/form?a=%FF",
  "/test/form?a=%C3%28",
  "/test/form?&",
  "/test/form?access_token=dt_at_x",
};

static void
test_strict_query (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", bad_queries[i], NULL,
                                                  NULL, 0);
      g_test_message ("%s", bad_queries[i]);
      g_assert_cmpuint (r->status, ==, 400);
    }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/test/form?a=two+w%C3%B6rds",
                                                NULL, NULL, 0);
    /* A GET has no form body: 415, but the query was accepted first. */
    g_assert_cmpuint (r->status, ==, 415);
  }
}

static void
test_strict_form (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
  const char *bodies[] = { "a=1&a=2", "grant_type=x&grant_type=y", "a=%00", "a=%G0", "a=%E9" };
  static const char nul_body[] = { 'a', '=', '1', '\0', 'x' };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/form", form,
                                                  bodies[i], -1);
      g_test_message ("%s", bodies[i]);
      g_assert_cmpuint (r->status, ==, 400);
    }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/form", form,
                                                nul_body, sizeof nul_body);
    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/form?q=1", form,
                                                "a=b+c&d=%E2%82%AC", -1);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (dt_test_response_string (r, "a"), ==, "b c");
    g_assert_cmpstr (dt_test_response_string (r, "d"), ==, "€");
    g_assert_cmpstr (dt_test_response_string (r, "q"), ==, "1");
  }
}

/* ---- bodies and JSON -------------------------------------------------------------------- */

static void
test_body_limits (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *json[] = { "Content-Type: application/json", NULL };
  gsize big_len = DT_SERVER_MAX_BODY + 1;
  g_autofree char *big = g_malloc (big_len);

  /* One byte over: refused by its Content-Length; the body is read but never kept. */
  memset (big, ' ', big_len);
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", json, big,
                                                big_len);
    g_assert_cmpuint (r->status, ==, 413);
  }
  {
    const char *h[] = { "Content-Type: application/json", "Transfer-Encoding: chunked", NULL };
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", h,
                                                "2\r\n{}\r\n0\r\n\r\n", -1);
    g_assert_cmpuint (r->status, ==, 411);
  }
}

static void
test_json_checks (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *json[] = { "Content-Type: application/json", NULL };
  const char *text[] = { "Content-Type: text/plain", NULL };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", json,
                                                deep->str, deep->len);
    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", text,
                                                "{}", -1);
    g_assert_cmpuint (r->status, ==, 415);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", NULL,
                                                "{}", -1);
    g_assert_cmpuint (r->status, ==, 415);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", json,
                                                "{\"a\":", -1);
    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", json,
                                                "{\"a\":[1,{\"b\":2}]}", -1);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Refusals say what was wrong: a key given twice (json-glib kept the last one), a trailing
   * comma, a NUL byte inside a string. */
  {
#define BODY(text) text, sizeof text - 1
    static const struct { const char *body; gsize length; const char *says; } refused[] = {
      { BODY ("{\"name\":\"Acme\",\"name\":\"Evil\"}"), "The key “name” appears twice" },
      { BODY ("{\"a\":[1,2,]}"), "expected a value at byte 10" },
      { BODY ("{\"a\":\"b\0c\"}"), "NUL byte (at byte 7)" },
    };
#undef BODY

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/test/json", json,
                                                    refused[i].body,
                                                    (gssize) refused[i].length);
        const char *detail;

        g_assert_cmpuint (r->status, ==, 400);
        g_assert_nonnull (r->json);
        detail = json_object_get_string_member (json_node_get_object (r->json), "detail");
        g_test_message ("%s", detail);
        g_assert_nonnull (strstr (detail, refused[i].says));
      }
  }
}

/* ---- routes, headers, metadata ---------------------------------------------------------- */

static void
test_routes (Fixture       *fixture,
             gconstpointer  data)
{
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/nothing", NULL, NULL, 0);
    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (dt_test_response_header (r, "Content-Type"), ==, "application/problem+json");
  }
  {
    /* "/test/form/" was mounted with a slash; "/test/formx" is not below it. */
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/test/formx", NULL, NULL, 0);
    g_assert_cmpuint (r->status, ==, 404);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/test/form/below", NULL,
                                                NULL, 0);
    g_assert_cmpuint (r->status, ==, 415);
  }
  {
    gint64 start = g_get_monotonic_time ();
    DtTestPending *held = dt_test_http_begin (fixture->port, "GET", "/test/hold", NULL, NULL, 0);
    /* Other requests are answered while one is held. */
    g_autoptr(DtTestResponse) other = dt_test_http (fixture->port, "GET", "/nothing", NULL,
                                                    NULL, 0);
    g_autoptr(DtTestResponse) r = NULL;

    g_assert_cmpuint (other->status, ==, 404);
    r = dt_test_http_finish (held);
    g_assert_cmpuint (r->status, ==, 202);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  }
}

static void
test_security_headers (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *paths[] = { "/.well-known/oauth-authorization-server", "/nothing" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", paths[i], NULL, NULL, 0);
      g_assert_cmpstr (dt_test_response_header (r, "X-Content-Type-Options"), ==, "nosniff");
      g_assert_cmpstr (dt_test_response_header (r, "Referrer-Policy"), ==, "no-referrer");
      g_assert_cmpstr (dt_test_response_header (r, "X-Frame-Options"), ==, "DENY");
      g_assert_nonnull (strstr (dt_test_response_header (r, "Content-Security-Policy"),
                                "frame-ancestors 'none'"));
      g_assert_null (dt_test_response_header (r, "Access-Control-Allow-Origin"));
    }
}

static gboolean
json_array_has (JsonObject *object,
                const char *member,
                const char *value)
{
  JsonArray *array = json_object_get_array_member (object, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_metadata (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", fixture->port);
  g_autoptr(DtTestResponse) as = dt_test_http (fixture->port, "GET",
                                               "/.well-known/oauth-authorization-server",
                                               NULL, NULL, 0);
  JsonObject *o = json_node_get_object (as->json);
  g_autofree char *token = g_strconcat (base, "/oauth/token", NULL);

  g_assert_cmpuint (as->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (o, "issuer"), ==, base);
  g_assert_cmpstr (json_object_get_string_member (o, "token_endpoint"), ==, token);
  g_assert_true (json_object_has_member (o, "authorization_endpoint"));
  g_assert_true (json_object_has_member (o, "registration_endpoint"));
  g_assert_true (json_object_has_member (o, "revocation_endpoint"));
  g_assert_true (json_array_has (o, "response_types_supported", "code"));
  g_assert_true (json_array_has (o, "code_challenge_methods_supported", "S256"));
  g_assert_false (json_array_has (o, "code_challenge_methods_supported", "plain"));
  g_assert_true (json_array_has (o, "grant_types_supported", "client_credentials"));
  g_assert_true (json_array_has (o, "token_endpoint_auth_methods_supported", "none"));
  g_assert_true (json_array_has (o, "token_endpoint_auth_methods_supported",
                                 "client_secret_basic"));
  g_assert_true (json_array_has (o, "token_endpoint_auth_methods_supported",
                                 "client_secret_post"));
  g_assert_true (json_array_has (o, "scopes_supported", "invoices:send"));
  g_assert_true (json_object_get_boolean_member (o,
                   "authorization_response_iss_parameter_supported"));
  g_assert_false (json_object_get_boolean_member (o, "client_id_metadata_document_supported"));

  {
    const struct { const char *host; const char *path; const char *resource; } prm[] = {
      { "127.0.0.1", "/.well-known/oauth-protected-resource/mcp", "/mcp" },
      { "localhost", "/.well-known/oauth-protected-resource/mcp", "/mcp" },
      { "[::1]", "/.well-known/oauth-protected-resource/api/v1", "/api/v1" },
      { "localhost", "/.well-known/oauth-protected-resource", "/mcp" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (prm); i++)
      {
        g_autofree char *host = host_line (prm[i].host, fixture->port);
        const char *headers[] = { host, NULL };
        g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", prm[i].path, headers,
                                                    NULL, 0);
        JsonObject *p = json_node_get_object (r->json);
        g_autofree char *origin = g_strdup_printf ("http://%s:%u", prm[i].host, fixture->port);
        g_autofree char *resource = g_strconcat (origin, prm[i].resource, NULL);

        g_assert_cmpuint (r->status, ==, 200);
        g_assert_cmpstr (json_object_get_string_member (p, "resource"), ==, resource);
        g_assert_true (json_array_has (p, "authorization_servers", origin));
        g_assert_true (json_array_has (p, "bearer_methods_supported", "header"));
        g_assert_true (json_array_has (p, "scopes_supported", "clients:read"));
      }
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET",
                                                "/.well-known/oauth-protected-resource/other",
                                                NULL, NULL, 0);
    g_assert_cmpuint (r->status, ==, 404);
  }
  {
    g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST",
                                                "/.well-known/oauth-authorization-server",
                                                NULL, "", 0);
    g_assert_cmpuint (r->status, ==, 405);
  }
}

/* ---- start-up ---------------------------------------------------------------------------- */

static void
test_port_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-server-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "doubletime.db", NULL);
  g_autoptr(DtServer) server = dt_server_new (db_path, 0);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;

  g_assert_true (dt_server_start (server, &error));
  g_assert_no_error (error);
  path = g_strdup (dt_server_get_port_file (server));
  g_assert_true (g_str_has_prefix (path, g_get_user_runtime_dir ()));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpuint ((guint) g_ascii_strtoull (text, NULL, 10), ==, dt_server_get_port (server));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  dt_server_stop (server);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_port_in_use (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-server-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "doubletime.db", NULL);
  g_autoptr(GSocket) squatter = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(DtServer) server = NULL;
  g_autofree char *expected = NULL;
  guint port;

  g_assert_true (g_socket_bind (squatter, any, FALSE, &error));
  g_assert_true (g_socket_listen (squatter, &error));
  bound = g_socket_get_local_address (squatter, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  server = dt_server_new (db_path, port);
  g_assert_false (dt_server_start (server, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  expected = g_strdup_printf ("Port %u is already in use by another program. Choose another "
                              "port with --port or in Preferences → Integrations.", port);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (dt_server_is_running (server));
}

/* Waits up to two seconds for the server's thread to bring the count to @expected. */
/* Sends @requests GETs one after another on one keep-alive connection, reading each answer. */
/* Reads one answer from @in: up to the end of the head, then Content-Length more. */
static GString *
read_answer (GInputStream *in)
{
  GString *answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *end = NULL;
  gsize wanted = 0;
  char buffer[4096];

  while (end == NULL || answer->len < (gsize) (end - answer->str) + 4 + wanted)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, buffer, n);
      end = strstr (answer->str, "\r\n\r\n");
      if (end != NULL && wanted == 0)
        {
          const char *length = strstr (answer->str, "Content-Length: ");

          g_assert_true (length != NULL && length < end);
          wanted = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
          g_assert_cmpuint (wanted, >, 0);
        }
    }
  return answer;
}

static GSocketConnection *
keep_alive_requests (guint port,
                     guint requests)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1", port,
                                                                   NULL, &error);
  g_autofree char *request = g_strdup_printf ("GET /.well-known/oauth-authorization-server "
                                              "HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", port);
  GInputStream *in;
  GOutputStream *out;

  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  for (guint r = 0; r < requests; r++)
    {
      g_autoptr(GString) answer = NULL;

      g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      answer = read_answer (in);
      g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200 "));
    }
  return connection;
}

static void
test_idle_connections_closed (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GSocketConnection) open = NULL;
  guint base;

  /* libsoup 3.2 keeps a connection its client closed between requests: each would hold a
   * descriptor for the server's life. The server closes them, after one request or many. */
  g_object_unref (keep_alive_requests (fixture->port, 1));
  g_usleep (300 * 1000);
  base = dt_test_count_descriptors ();
  for (guint i = 0; i < 30; i++)
    {
      GSocketConnection *connection = keep_alive_requests (fixture->port, 1 + i % 3);

      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_object_unref (connection);
    }
  g_assert_cmpuint (dt_test_settle_descriptors (base), ==, base);

  /* A connection still open keeps its descriptor on both ends, and may go on asking. */
  open = keep_alive_requests (fixture->port, 2);
  g_assert_cmpuint (dt_test_settle_descriptors (base + 2), ==, base + 2);
  g_io_stream_close (G_IO_STREAM (open), NULL, NULL);
  g_assert_cmpuint (dt_test_settle_descriptors (base), ==, base);
}

/* A client may shut its sending side once its request is out and still read the answer: the
 * server closes such a connection only between requests. */
static void
test_half_closed_client_gets_answer (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GSocketConnection) connection = keep_alive_requests (fixture->port, 1);
  g_autofree char *request = g_strdup_printf ("GET /test/hold HTTP/1.1\r\nHost: 127.0.0.1:%u"
                                              "\r\n\r\n", fixture->port);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = NULL;
  guint base;

  base = dt_test_count_descriptors ();
  g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  /* The server holds this request for 200 ms: shut our side while it does. */
  g_usleep (50 * 1000);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error);
  g_assert_no_error (error);
  answer = read_answer (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 202 "));
  g_assert_nonnull (strstr (answer->str, "after a wait"));

  /* Answered, the connection is idle and its client gone: the server lets it go. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_assert_cmpuint (dt_test_settle_descriptors (base - 2), ==, base - 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/guard/bad-hosts", test_guard_bad_hosts);
  ADD ("/server/guard/good-hosts", test_guard_good_hosts);
  ADD ("/server/guard/bad-origins", test_guard_bad_origins);
  ADD ("/server/strict-query", test_strict_query);
  ADD ("/server/strict-form", test_strict_form);
  ADD ("/server/body-limits", test_body_limits);
  ADD ("/server/json-checks", test_json_checks);
  ADD ("/server/routes", test_routes);
  ADD ("/server/security-headers", test_security_headers);
  ADD ("/server/metadata", test_metadata);
  ADD ("/server/idle-connections-closed", test_idle_connections_closed);
  ADD ("/server/half-closed-client-gets-answer", test_half_closed_client_gets_answer);
#undef ADD
  g_test_add_func ("/server/port-file", test_port_file);
  g_test_add_func ("/server/port-in-use", test_port_in_use);
  return g_test_run ();
}

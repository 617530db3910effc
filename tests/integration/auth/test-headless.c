/* test-headless.c: the real `doubletime --headless` in a private D-Bus session, approved through
 * the real `doubletime consent approve`, and the `apps` commands against it — among them
 * `apps confirm`, which decides whether an app's sensitive actions wait for the user. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-auth-crypto.h"
#include "dt-client-store.h"
#include "dt-db.h"
#include "dt-recurring.h"
#include "dt-test-http.h"

#define REDIRECT "http://127.0.0.1:4712/cb"
#define VERIFIER "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag"

typedef struct
{
  char     *dir;
  char     *data_dir;
  GPid      pid;
  int       out_fd;
  guint     port;
} Instance;

static const char *
binary (void)
{
  const char *path = g_getenv ("DT_BINARY");

  g_assert_nonnull (path);
  return path;
}

/* Runs `doubletime ARGS…`; returns stdout, sets the exit status. */
static char *
run_cli (int        *out_status,
         char      **out_stderr,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  int wait_status = 0;
  const char *arg = first;
  va_list args;

  g_ptr_array_add (argv, (gpointer) binary ());
  va_start (args, first);
  while (arg != NULL)
    {
      g_ptr_array_add (argv, (gpointer) arg);
      arg = va_arg (args, const char *);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  *out_status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : WEXITSTATUS (wait_status);
  if (out_stderr != NULL)
    *out_stderr = err;
  else
    g_free (err);
  return out;
}

/* Starts the binary on @instance->data_dir. */
static void
instance_launch (Instance *instance)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_file = g_build_filename (g_get_user_runtime_dir (), "doubletime", "port",
                                                 NULL);
  const char *argv[] = { binary (), "--headless", "--port", "0", "--data-dir", NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  argv[5] = instance->data_dir;
  g_unlink (port_file);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &instance->pid, NULL, &instance->out_fd,
                                           NULL, &error));
  g_assert_no_error (error);

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *text = NULL;
      if (g_file_get_contents (port_file, &text, NULL, NULL) && *text != '\0')
        {
          instance->port = (guint) g_ascii_strtoull (text, NULL, 10);
          return;
        }
      g_usleep (20000);
    }
  g_assert_not_reached ();
}

static void
instance_start (Instance *instance)
{
  g_autoptr(GError) error = NULL;

  instance->dir = g_dir_make_tmp ("dt-headless-XXXXXX", &error);
  g_assert_no_error (error);
  instance->data_dir = g_build_filename (instance->dir, "data", NULL);
  instance_launch (instance);
}

static void
instance_stop (Instance *instance)
{
  int status = 0;

  kill (instance->pid, SIGTERM);
  g_assert_cmpint (waitpid (instance->pid, &status, 0), ==, instance->pid);
  g_spawn_close_pid (instance->pid);
}

/* Everything the instance printed on stdout (after it stopped). */
static char *
instance_output (Instance *instance)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (instance->out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  close (instance->out_fd);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
challenge_for (const char *verifier)
{
  guint8 digest[DT_AUTH_HASH_LEN];

  dt_auth_hash (verifier, digest);
  return dt_auth_base64url (digest, sizeof digest);
}

/* The id of the first waiting request, from `doubletime consent list --json`. */
static char *
wait_for_request (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      int status;
      g_autofree char *out = run_cli (&status, NULL, "consent", "list", "--json", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *array;

      g_assert_cmpint (status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
      array = json_node_get_array (json_parser_get_root (parser));
      if (json_array_get_length (array) > 0)
        {
          JsonObject *request = json_array_get_object_element (array, 0);
          g_assert_cmpstr (json_object_get_string_member (request, "kind"), ==, "authorize");
          g_assert_cmpstr (json_object_get_string_member (request, "app"), ==, "Headless test");
          g_assert_cmpstr (json_object_get_string_member (request, "target"), ==, "mcp");
          g_assert_false (json_object_get_boolean_member (request, "app_verified"));
          return g_strdup (json_object_get_string_member (request, "id"));
        }
      g_usleep (50000);
    }
  g_assert_not_reached ();
  return NULL;
}

static char *
location_param (DtTestResponse *r,
                const char     *name)
{
  const char *location = dt_test_response_header (r, "Location");
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (location);
  params = g_uri_parse_params (strchr (location, '?') + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_strdup (g_hash_table_lookup (params, name));
}

static void
test_headless_cli_flow (void)
{
  Instance instance = { 0 };
  const char *json[] = { "Content-Type: application/json", NULL };
  const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
  g_autofree char *challenge = challenge_for (VERIFIER);
  g_autofree char *client_id = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *token_body = NULL;
  g_autofree char *access = NULL;
  g_autofree char *printed = NULL;
  DtTestPending *pending;
  int status;

  instance_start (&instance);
  resource = g_strdup_printf ("http://127.0.0.1:%u/mcp", instance.port);

  {
    g_autoptr(DtTestResponse) r = dt_test_http (instance.port, "POST", "/oauth/register", json,
                                                "{\"client_name\":\"Headless test\","
                                                "\"redirect_uris\":[\"" REDIRECT "\"]}", -1);
    g_assert_cmpuint (r->status, ==, 201);
    client_id = g_strdup (dt_test_response_string (r, "client_id"));
  }

  /* Deny once through the command line. */
  query = dt_test_form ("response_type", "code", "client_id", client_id, "redirect_uri",
                        REDIRECT, "code_challenge", challenge, "code_challenge_method", "S256",
                        "state", "abc", "scope", "clients:write invoices:read",
                        "resource", resource, NULL);
  url = g_strconcat ("/oauth/authorize?", query, NULL);
  pending = dt_test_http_begin (instance.port, "GET", url, NULL, NULL, 0);
  id = wait_for_request ();
  g_free (run_cli (&status, NULL, "consent", "deny", id, NULL));
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(DtTestResponse) r = dt_test_http_finish (pending);
    g_autofree char *error = location_param (r, "error");
    g_assert_cmpuint (r->status, ==, 302);
    g_assert_cmpstr (error, ==, "access_denied");
  }
  g_clear_pointer (&id, g_free);

  /* Then approve, narrowed, through the command line. */
  pending = dt_test_http_begin (instance.port, "GET", url, NULL, NULL, 0);
  id = wait_for_request ();
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (&status, &err, "consent", "approve", id, "--scope",
                                    "bogus:read", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "bogus:read"));
  }
  g_free (run_cli (&status, NULL, "consent", "approve", id, "--scope", "clients:write", NULL));
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(DtTestResponse) r = dt_test_http_finish (pending);
    g_autofree char *state = location_param (r, "state");
    g_assert_cmpuint (r->status, ==, 302);
    g_assert_cmpstr (state, ==, "abc");
    code = location_param (r, "code");
  }
  /* Answering a request that is gone says so. */
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "consent", "approve", id, NULL));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, id));
  }

  token_body = dt_test_form ("grant_type", "authorization_code", "code", code, "code_verifier",
                             VERIFIER, "redirect_uri", REDIRECT, "client_id", client_id,
                             "resource", resource, NULL);
  {
    g_autoptr(DtTestResponse) r = dt_test_http (instance.port, "POST", "/oauth/token", form,
                                                token_body, -1);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (dt_test_response_string (r, "scope"), ==, "clients:read clients:write");
    access = g_strdup (dt_test_response_string (r, "access_token"));
  }

  /* The app is listed with its grant, approved on the command line. */
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "list", "--json", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, client_id));
    g_assert_nonnull (strstr (out, "\"approved_via\" : \"cli\""));
    g_assert_nonnull (strstr (out, "consent.granted"));
    g_assert_null (strstr (out, access));
  }

  /* A private app: the secret is printed once; client_credentials works with it. */
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "create-private", "--name", "Script",
                                    "--target", "api", "--scope", "invoices:read", NULL);
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    g_autofree char *pid = NULL;
    g_autofree char *secret = NULL;
    g_autofree char *body = NULL;

    g_assert_cmpint (status, ==, 0);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "client_id: "))
          pid = g_strdup (lines[i] + 11);
        if (g_str_has_prefix (lines[i], "client_secret: "))
          secret = g_strdup (lines[i] + 15);
      }
    g_assert_nonnull (pid);
    g_assert_nonnull (secret);
    body = dt_test_form ("grant_type", "client_credentials", "client_id", pid, "client_secret",
                         secret, NULL);
    {
      g_autoptr(DtTestResponse) r = dt_test_http (instance.port, "POST", "/oauth/token", form,
                                                  body, -1);
      g_assert_cmpuint (r->status, ==, 200);
    }
    g_free (run_cli (&status, NULL, "apps", "revoke", pid, NULL));
    g_assert_cmpint (status, ==, 0);
    {
      g_autoptr(DtTestResponse) r = dt_test_http (instance.port, "POST", "/oauth/token", form,
                                                  body, -1);
      g_assert_cmpuint (r->status, ==, 400);
    }
  }

  /* Revoking the public app kills its refresh token at once. */
  g_free (run_cli (&status, NULL, "apps", "revoke", client_id, NULL));
  g_assert_cmpint (status, ==, 0);
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "apps", "revoke", "dtc_nobody", NULL));
    g_assert_cmpint (status, ==, 1);
  }
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "consent", "frobnicate", NULL));
    g_assert_cmpint (status, ==, 2);
  }

  /* doubletime check: a roll-up changed behind DoubleTime's back is found (exit status 1),
   * repaired with --repair, and then there is nothing left to find. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtDb) db = dt_db_open_in_data_dir (instance.data_dir, DT_DB_OPEN_NO_QUICK_CHECK,
                                                 &error);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_no_error (error);
    g_assert_true (dt_db_begin (db, &error));
    g_assert_true (dt_db_exec (db, "INSERT INTO clients (name, currency, created_at, "
                               "updated_at) VALUES ('Check Ltd', 'EUR', 0, 0);"
                               "INSERT INTO projects (client_id, name, created_at, updated_at) "
                               "VALUES (last_insert_rowid (), 'Audit', 0, 0);"
                               "INSERT INTO time_entries (project_id, start_at, end_at, "
                               "created_at, updated_at) VALUES (last_insert_rowid (), "
                               "1790000000, 1790005400, 0, 0)", &error));
    g_assert_true (dt_db_commit (db, &error));
    g_assert_no_error (error);
    g_assert_true (dt_db_exec (db, "UPDATE work_days SET amount = amount + 3", &error));
    g_assert_no_error (error);

    out = run_cli (&status, &err, "check", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (out, "work_days: project"));
    g_assert_nonnull (strstr (out, "1 differences"));
    g_clear_pointer (&out, g_free);
    out = run_cli (&status, NULL, "check", "--repair", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "repaired"));
    g_clear_pointer (&out, g_free);
    out = run_cli (&status, NULL, "check", "--json", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"differences\":0"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_free (run_cli (&status, &err, "check", "--frobnicate", NULL));
    g_assert_cmpint (status, ==, 2);
  }

  instance_stop (&instance);

  /* The headless instance printed the waiting request for the user. */
  printed = instance_output (&instance);
  g_assert_nonnull (strstr (printed, "Headless test"));
  g_assert_nonnull (strstr (printed, "consent approve"));
  {
    g_autofree char *serving = g_strdup_printf ("Serving on http://127.0.0.1:%u", instance.port);
    g_assert_nonnull (strstr (printed, serving));
  }

  /* With nothing running, the command line says so plainly. */
  {
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (&status, &err, "consent", "list", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "not running"));
  }

  /* Approvals from the command line are recorded as such. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtDb) db = dt_db_open_in_data_dir (instance.data_dir, DT_DB_OPEN_NO_QUICK_CHECK,
                                                 &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    stmt = dt_db_prepare (db, "SELECT count(*) FROM audit_log WHERE event = 'consent.granted' "
                              "AND detail = 'approved on the command line'", &error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
    stmt = dt_db_prepare (db, "SELECT count(*) FROM grants WHERE approved_via = 'cli'", &error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
  }
  g_free (instance.data_dir);
  g_free (instance.dir);
}

/* The first waiting question about an action of @client_id, or NULL when there is none. */
static char *
action_request (const char *client_id)
{
  int status;
  g_autofree char *out = run_cli (&status, NULL, "consent", "list", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *request = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (request, "kind"), "action") == 0 &&
          g_strcmp0 (json_object_get_string_member (request, "client_id"), client_id) == 0)
        return g_strdup (json_object_get_string_member (request, "id"));
    }
  return NULL;
}

static char *
wait_for_action_request (const char *client_id)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      char *id = action_request (client_id);
      if (id != NULL)
        return id;
      g_usleep (50000);
    }
  g_assert_not_reached ();
  return NULL;
}

/* Waits for @pending to be answered without the user being asked anything meanwhile. */
static DtTestResponse *
finish_without_question (DtTestPending *pending,
                         const char    *client_id)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!dt_test_http_is_done (pending))
    {
      g_autofree char *id = action_request (client_id);

      g_assert_null (id);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  return dt_test_http_finish (pending);
}

static gint64
post_id (guint       port,
         const char *bearer,
         const char *path,
         const char *body)
{
  const char *headers[] = { "Content-Type: application/json", bearer, NULL };
  g_autoptr(DtTestResponse) r = dt_test_http (port, "POST", path, headers, body, -1);

  g_assert_cmpuint (r->status, ==, 201);
  g_assert_nonnull (r->json);
  return json_object_get_int_member (json_node_get_object (r->json), "id");
}

static char *
entry_path (guint       port,
            const char *bearer,
            gint64      project,
            guint       hour)
{
  g_autofree char *body = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ","
                                           "\"start\":\"2026-11-02T%02u:00:00Z\","
                                           "\"end\":\"2026-11-02T%02u:30:00Z\"}",
                                           project, hour, hour);

  return g_strdup_printf ("/api/v1/time-entries/%" G_GINT64_FORMAT,
                          post_id (port, bearer, "/api/v1/time-entries", body));
}

static void
test_headless_apps_confirm (void)
{
  Instance instance = { 0 };
  const char *form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *project_body = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  const char *headers[] = { NULL, NULL };
  gint64 project;
  int status;

  instance_start (&instance);

  /* A script of the user's, allowed to delete time entries (a sensitive action). */
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "create-private", "--name",
                                    "Cleanup script", "--target", "api", "--scope",
                                    "clients:write projects:write time_entries:write", NULL);
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpint (status, ==, 0);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "client_id: "))
          client_id = g_strdup (lines[i] + 11);
        if (g_str_has_prefix (lines[i], "client_secret: "))
          secret = g_strdup (lines[i] + 15);
      }
    g_assert_nonnull (client_id);
    g_assert_nonnull (secret);
  }
  {
    g_autofree char *body = dt_test_form ("grant_type", "client_credentials", "client_id",
                                          client_id, "client_secret", secret, NULL);
    g_autoptr(DtTestResponse) r = dt_test_http (instance.port, "POST", "/oauth/token", form,
                                                body, -1);
    g_assert_cmpuint (r->status, ==, 200);
    bearer = g_strdup_printf ("Authorization: Bearer %s",
                              dt_test_response_string (r, "access_token"));
  }
  headers[0] = bearer;
  project_body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Site\"}",
                                  post_id (instance.port, bearer, "/api/v1/clients",
                                           "{\"name\":\"Acme\"}"));
  project = post_id (instance.port, bearer, "/api/v1/projects", project_body);
  first = entry_path (instance.port, bearer, project, 9);
  second = entry_path (instance.port, bearer, project, 11);
  third = entry_path (instance.port, bearer, project, 13);

  /* By default the deletion waits for the user, who says no here. */
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "list", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "asks before sensitive actions"));
  }
  {
    DtTestPending *pending = dt_test_http_begin (instance.port, "DELETE", first, headers, NULL,
                                                 0);
    g_autofree char *id = wait_for_action_request (client_id);
    g_autoptr(DtTestResponse) r = NULL;

    g_free (run_cli (&status, NULL, "consent", "deny", id, NULL));
    g_assert_cmpint (status, ==, 0);
    r = dt_test_http_finish (pending);
    g_assert_cmpuint (r->status, ==, 403);
  }

  /* Turned off on the command line: the next deletion goes through without a question. */
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "confirm", client_id, "off", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "without asking"));
  }
  {
    g_autofree char *out = run_cli (&status, NULL, "apps", "list", NULL);
    g_assert_nonnull (strstr (out, "WITHOUT asking"));
    g_clear_pointer (&out, g_free);
    out = run_cli (&status, NULL, "apps", "list", "--json", NULL);
    g_assert_nonnull (strstr (out, "\"confirm_sensitive\" : false"));
  }
  {
    DtTestPending *pending = dt_test_http_begin (instance.port, "DELETE", first, headers, NULL,
                                                 0);
    g_autoptr(DtTestResponse) r = finish_without_question (pending, client_id);
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    DtTestPending *pending = dt_test_http_begin (instance.port, "DELETE", second, headers, NULL,
                                                 0);
    g_autoptr(DtTestResponse) r = finish_without_question (pending, client_id);
    g_assert_cmpuint (r->status, ==, 200);
  }

  /* Turned on again: the question is back, and this time the user agrees. */
  g_free (run_cli (&status, NULL, "apps", "confirm", client_id, "on", NULL));
  g_assert_cmpint (status, ==, 0);
  {
    DtTestPending *pending = dt_test_http_begin (instance.port, "DELETE", third, headers, NULL,
                                                 0);
    g_autofree char *id = wait_for_action_request (client_id);
    g_autoptr(DtTestResponse) r = NULL;

    g_assert_false (dt_test_http_is_done (pending));
    g_free (run_cli (&status, NULL, "consent", "approve", id, NULL));
    g_assert_cmpint (status, ==, 0);
    r = dt_test_http_finish (pending);
    g_assert_cmpuint (r->status, ==, 200);
  }

  /* Mistakes are named, and change nothing. */
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "apps", "confirm", "dtc_nobody", "off", NULL));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "dtc_nobody"));
  }
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "apps", "confirm", client_id, "maybe", NULL));
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "on|off"));
  }
  {
    g_autofree char *err = NULL;
    g_free (run_cli (&status, &err, "apps", "confirm", client_id, "off", "--target", "mcp",
                     NULL));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "MCP server"));
  }

  instance_stop (&instance);
  g_free (instance_output (&instance));

  /* Both changes are in the audit log as made on the command line. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtDb) db = dt_db_open_in_data_dir (instance.data_dir, DT_DB_OPEN_NO_QUICK_CHECK,
                                                 &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    stmt = dt_db_prepare (db, "SELECT group_concat (event, ' ') FROM (SELECT event FROM "
                              "audit_log WHERE event LIKE 'grant.confirm_%' AND detail LIKE "
                              "'%(cli)' ORDER BY seq)", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                     "grant.confirm_off grant.confirm_on");
    sqlite3_reset (stmt);
  }
  g_free (instance.data_dir);
  g_free (instance.dir);
}

static gint64
count_invoices (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (data_dir, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_no_error (error);
  stmt = dt_db_prepare (db, "SELECT count(*) FROM invoices", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A retainer set up three months back, the app not run since: starting it makes the three
 * drafts due, once; starting it again makes none. */
static void
test_headless_recurring_catch_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int index = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1 - 2;
  g_autofree char *start = g_strdup_printf ("%04d-%02d-01", index / 12, index % 12 + 1);
  Instance instance = { 0 };
  gint64 deadline;

  instance.dir = g_dir_make_tmp ("dt-headless-XXXXXX", &error);
  g_assert_no_error (error);
  instance.data_dir = g_build_filename (instance.dir, "data", NULL);
  {
    g_autoptr(DtDb) db = dt_db_open_in_data_dir (instance.data_dir, DT_DB_OPEN_DEFAULT, &error);
    g_autoptr(DtClient) client = dt_client_new ();
    g_autoptr(DtClient) saved = NULL;
    g_autoptr(DtRecurringTemplate) template = dt_recurring_template_new ();
    g_autoptr(DtRecurringTemplate) stored = NULL;

    g_assert_no_error (error);
    g_free (client->name);
    client->name = g_strdup ("Müller GmbH");
    saved = dt_client_store_create (db, client, &error);
    g_assert_no_error (error);
    template->client_id = saved->id;
    template->name = g_strdup ("Retainer");
    template->start_date = g_strdup (start);
    g_ptr_array_add (template->lines, dt_recurring_line_new ("Support", 1000, 120000));
    stored = dt_recurring_create (db, template, &error);
    g_assert_no_error (error);
  }

  instance_launch (&instance);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (count_invoices (instance.data_dir) < 3 && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  instance_stop (&instance);
  g_free (instance_output (&instance));
  g_assert_cmpint (count_invoices (instance.data_dir), ==, 3);

  instance_launch (&instance);
  g_usleep (2 * G_USEC_PER_SEC);
  instance_stop (&instance);
  g_free (instance_output (&instance));
  g_assert_cmpint (count_invoices (instance.data_dir), ==, 3);
  g_free (instance.data_dir);
  g_free (instance.dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/headless/cli-flow", test_headless_cli_flow);
  g_test_add_func ("/headless/apps-confirm", test_headless_apps_confirm);
  g_test_add_func ("/headless/recurring-catch-up", test_headless_recurring_catch_up);
  return g_test_run ();
}

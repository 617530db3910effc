/* dt-test-core.c: shared helpers of the core tests. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-tag-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

void
dt_test_init_timezone (const char *tz)
{
  g_setenv ("TZ", tz, TRUE);
  tzset ();
}

DtInvoice *
dt_test_add_draft (DtTestFixture *fixture,
                   int            tax_rate_bp)
{
  g_autoptr(GError) error = NULL;
  DtDraftRequest request = { 0 };
  DtInvoice *draft;

  dt_test_add_entry (fixture->db, fixture->project_id, fixture->task_id,
                     dt_test_local (2026, 10, 5, 9, 0), 150);
  request.client_id = fixture->client_id;
  request.from = dt_test_local (2026, 10, 1, 0, 0);
  request.to = dt_test_local (2026, 11, 1, 0, 0);
  request.tax_rate_bp = tax_rate_bp;
  draft = dt_invoicing_create_draft (fixture->db, &request, &error);
  g_assert_no_error (error);
  return draft;
}

GBytes *
dt_test_read_data (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
dt_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        dt_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
dt_test_fixture_setup (DtTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dt-core-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = dt_db_open_in_data_dir (fixture->dir, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->db);
}

void
dt_test_fixture_teardown (DtTestFixture *fixture,
                          gconstpointer  data)
{
  g_assert_finalize_object (fixture->db);
  dt_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  dt_time_set_fake_now (0);
}

void
dt_test_fixture_seed (DtTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTag) tag = dt_tag_new ();
  DtClient *c;
  DtProject *p;
  DtTask *t;
  DtTag *g;

  g_free (client->name);
  client->name = g_strdup ("Acme GmbH");
  client->currency = g_strdup ("EUR");
  client->rate = 9000;
  c = dt_client_store_create (fixture->db, client, &error);
  g_assert_no_error (error);
  fixture->client_id = c->id;
  dt_client_free (c);

  g_free (client->name);
  client->name = g_strdup ("Globex Inc.");
  g_free (client->currency);
  client->currency = g_strdup ("USD");
  client->rate = 12000;
  c = dt_client_store_create (fixture->db, client, &error);
  g_assert_no_error (error);
  fixture->other_client_id = c->id;
  dt_client_free (c);

  g_free (project->name);
  project->name = g_strdup ("Website");
  project->client_id = fixture->client_id;
  p = dt_project_store_create (fixture->db, project, &error);
  g_assert_no_error (error);
  fixture->project_id = p->id;
  dt_project_free (p);

  g_free (project->name);
  project->name = g_strdup ("Migration");
  project->client_id = fixture->other_client_id;
  p = dt_project_store_create (fixture->db, project, &error);
  g_assert_no_error (error);
  fixture->other_project_id = p->id;
  dt_project_free (p);

  g_free (task->title);
  task->title = g_strdup ("Design");
  task->project_id = fixture->project_id;
  t = dt_task_store_create (fixture->db, task, &error);
  g_assert_no_error (error);
  fixture->task_id = t->id;
  dt_task_free (t);

  g_free (task->title);
  task->title = g_strdup ("Data import");
  task->project_id = fixture->other_project_id;
  t = dt_task_store_create (fixture->db, task, &error);
  g_assert_no_error (error);
  fixture->other_task_id = t->id;
  dt_task_free (t);

  g_free (tag->name);
  tag->name = g_strdup ("urgent");
  g = dt_tag_store_create (fixture->db, tag, &error);
  g_assert_no_error (error);
  fixture->tag_id = g->id;
  dt_tag_free (g);
}

char *
dt_test_checksum (DtDb *db)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *handle = dt_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_schema WHERE type = "
                                       "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      /* Table names come from the schema itself, not from input. */
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[i]);

      g_checksum_update (checksum, (const guchar *) sql, -1);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const guchar *text = sqlite3_column_text (stmt, c);
            g_checksum_update (checksum, text ? text : (const guchar *) "\x01NULL", -1);
            g_checksum_update (checksum, (const guchar *) "\x02", 1);
          }
      sqlite3_finalize (stmt);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

gint64
dt_test_local (int year,
               int month,
               int day,
               int hour,
               int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

gint64
dt_test_add_entry (DtDb   *db,
                   gint64  project_id,
                   gint64  task_id,
                   gint64  start_at,
                   gint64  minutes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) entry = NULL;

  input->project_id = project_id;
  input->task_id = task_id;
  input->start_at = start_at;
  input->end_at = start_at + minutes * 60;
  entry = dt_time_entry_store_create (db, input, &error);
  g_assert_no_error (error);
  return entry->id;
}

gint64
dt_test_query_int (DtDb       *db,
                   const char *sql)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* ---- a small SMTP server on loopback ---- */


static gboolean
read_line (GSocket *socket,
           GString *line)
{
  char c;

  g_string_truncate (line, 0);
  while (g_socket_receive (socket, &c, 1, NULL, NULL) == 1)
    {
      g_string_append_c (line, c);
      if (c == '\n')
        return TRUE;
    }
  return FALSE;
}

static void
say (GSocket    *socket,
     const char *text)
{
  g_socket_send (socket, text, strlen (text), NULL, NULL);
}

static gpointer
serve_one (gpointer user_data)
{
  DtTestSmtp *server = user_data;
  g_autoptr(GSocket) client = g_socket_accept (server->listener, NULL, NULL);
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean in_data = FALSE;

  if (client == NULL)
    return NULL;
  say (client, "220 test ESMTP\r\n");
  while (read_line (client, line))
    {
      g_string_append (server->transcript, line->str);
      if (in_data)
        {
          if (g_str_equal (line->str, ".\r\n"))
            {
              in_data = FALSE;
              say (client, "250 queued\r\n");
            }
          continue;
        }
      if (g_ascii_strncasecmp (line->str, "EHLO", 4) == 0)
        say (client, "250-test\r\n250 8BITMIME\r\n");
      else if (g_ascii_strncasecmp (line->str, "HELO", 4) == 0)
        say (client, "250 test\r\n");
      else if (g_ascii_strncasecmp (line->str, "RCPT", 4) == 0)
        say (client, server->refuse_recipient ? "550 mailbox unavailable\r\n" : "250 ok\r\n");
      else if (g_ascii_strncasecmp (line->str, "DATA", 4) == 0)
        {
          in_data = TRUE;
          say (client, "354 go ahead\r\n");
        }
      else if (g_ascii_strncasecmp (line->str, "QUIT", 4) == 0)
        {
          say (client, "221 bye\r\n");
          break;
        }
      else
        say (client, "250 ok\r\n");
    }
  return NULL;
}

void
dt_test_smtp_start (DtTestSmtp *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (server->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (server->listener, &error));
  bound = g_socket_get_local_address (server->listener, &error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->transcript = g_string_new (NULL);
  server->thread = g_thread_new ("smtp", serve_one, server);
}

char *
dt_test_smtp_stop (DtTestSmtp *server)
{
  g_autoptr(GSocketClient) knock = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", server->port);

  /* Ends a wait for a client that never came; after a finished conversation nobody accepts
   * it, and closing it is all there is to it. */
  connection = g_socket_client_connect_to_host (knock, address, 25, NULL, NULL);
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_thread_join (server->thread);
  g_clear_object (&server->listener);
  return g_string_free (server->transcript, FALSE);
}


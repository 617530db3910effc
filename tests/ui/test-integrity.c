/* test-integrity.c: the window no longer waits for the whole database to be read before it
 * shows; the check runs on a worker, and a damaged file is still caught: the server stops and
 * the window says what happened and where the backups are. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-project-store.h"
#include "dt-service.h"
#include "dt-ui-test.h"
#include "dt-window.h"

/* A data folder whose database holds enough rows to span many pages. */
static char *
make_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  g_autoptr(DtService) service = dt_service_new (dir, 0);
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) c = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) p = NULL;
  sqlite3_stmt *stmt;
  DtDb *db;

  dt_service_set_server_enabled (service, FALSE, NULL);
  g_assert_true (dt_service_start (service, &error));
  db = dt_service_get_db (service);
  g_free (client->name);
  client->name = g_strdup ("Acme");
  c = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  project->client_id = c->id;
  g_free (project->name);
  project->name = g_strdup ("Website");
  p = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  stmt = dt_db_prepare (db, "INSERT INTO time_entries (project_id, start_at, end_at, note, "
                        "billable, created_at, updated_at) WITH RECURSIVE n(i) AS (SELECT 1 "
                        "UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT ?1, "
                        "1764547200 + i * 7200, 1764547200 + i * 7200 + 3600, "
                        "printf ('note %d of a long day', i), 1, 1764547200, 1764547200 FROM n",
                        &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, p->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  g_assert_true (dt_db_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", &error));
  g_assert_no_error (error);
  dt_service_stop (service);
  return dir;
}

/* Overwrites a page in the middle of the file, as a failing disk might. */
static void
damage (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "doubletime.db", NULL);
  char junk[4096];
  GStatBuf st;
  int fd;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size / 4096, >, 20);
  memset (junk, 0xA5, sizeof junk);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, sizeof junk, (st.st_size / 4096 / 2) * 4096), ==,
                   sizeof junk);
  close (fd);
}

static gboolean
checked (gpointer data)
{
  return !dt_service_is_checking (data);
}

static GtkWidget *
dialog_with_heading (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return GTK_WIDGET (w);
    }
  return NULL;
}

static void
test_healthy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr(DtService) service = dt_service_new (dir, 0);

  dt_service_set_check_in_background (service, TRUE);
  g_assert_true (dt_service_start (service, &error));
  g_assert_true (dt_service_is_checking (service));
  g_assert_true (dt_ui_test_wait_for (checked, service, 20000));
  g_assert_null (dt_service_get_integrity_problem (service));
  g_assert_true (dt_server_is_running (dt_service_get_server (service)));
  dt_service_stop (service);
}

/* On a damaged file the service says so in the log, and a page may fail to read a row: those
 * warnings are what this test expects (counted, not fatal); any other goes on as usual. */
static gboolean expecting_damage;
static guint damage_warnings;

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; expecting_damage && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        (strstr (fields[i].value, "malformed") != NULL ||
         strstr (fields[i].value, "failed its check") != NULL))
      {
        damage_warnings++;
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr(DtService) service = NULL;
  g_autoptr(DtService) headless = NULL;
  g_autofree char *shot = NULL;
  DtWindow *window;
  GtkWidget *dialog;

  damage (dir);
  expecting_damage = TRUE;

  /* Without a window (--headless) the start itself refuses the file, as before. */
  headless = dt_service_new (dir, 0);
  g_assert_false (dt_service_start (headless, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CORRUPT);
  g_clear_error (&error);

  /* With one, the window shows first; the check then stops the server and says why. */
  service = dt_service_new (dir, 0);
  dt_service_set_check_in_background (service, TRUE);
  g_assert_true (dt_service_start (service, &error));
  window = dt_window_new (NULL, service);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dt_ui_test_wait_for (checked, service, 20000));
  g_assert_nonnull (dt_service_get_integrity_problem (service));
  g_assert_true (dt_service_get_server (service) == NULL ||
                 !dt_server_is_running (dt_service_get_server (service)));
  dialog = dialog_with_heading ("Your Data May Be Damaged");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Preferences → Data"));
  shot = dt_ui_test_screenshot (dialog, "integrity-failed");

  g_assert_cmpuint (damage_warnings, >, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  dt_service_stop (service);
  expecting_damage = FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  dt_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/integrity/healthy", test_healthy);
  g_test_add_func ("/ui/integrity/damaged", test_damaged);
  return g_test_run ();
}

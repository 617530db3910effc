/* test-headless.c: `doubletime --headless` runs with no display, keeps its database private,
 * answers a second process and stops cleanly on SIGINT. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "dt-db.h"
#include "dt-time.h"

static GSubprocess *
spawn_app (GSubprocessLauncher *launcher,
           GError             **error,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DT_BINARY"));
  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static GSubprocessLauncher *
headless_launcher (void)
{
  GSubprocessLauncher *launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* No display of any kind: GTK would abort if anything initialised it. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "wayland", TRUE);
  return launcher;
}

static gboolean
wait_for_file (const char *path,
               guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

static void
test_headless_default_data_dir (void)
{
  g_autoptr(GSubprocessLauncher) launcher = headless_launcher ();
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "doubletime", NULL);
  g_autofree char *db_path = g_build_filename (dir, "doubletime.db", NULL);
  g_autofree char *out = NULL;
  struct stat st;

  app = spawn_app (launcher, &error, "--headless", "--port", "0", NULL);
  g_assert_no_error (error);
  g_assert_true (wait_for_file (db_path, 10000));
  g_usleep (300 * 1000);
  /* Still running: signal 0 reaches a live process only. */
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (g_subprocess_get_identifier (app), NULL, 10), 0),
                   ==, 0);

  /* The business data is private to the user: folder 0700, file 0600. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A second plain launch reaches the running instance over D-Bus instead of starting anew. */
  second = spawn_app (launcher, &error, "--headless", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (second, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (second));
  g_assert_nonnull (strstr (out, "already running"));

  /* The day's backup was taken in the background, and is a healthy database itself. */
  {
    g_autofree char *day = dt_time_local_date (dt_time_now ());
    g_autofree char *name = g_strdup_printf ("doubletime-%s.db", day);
    g_autofree char *backup = g_build_filename (dir, "backups", name, NULL);
    g_autoptr(DtDb) copy = NULL;

    /* Renamed into place only once complete: existing means finished. */
    g_assert_true (wait_for_file (backup, 10000));
    g_assert_cmpint (g_stat (backup, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    copy = dt_db_open (backup, DT_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_true (dt_db_integrity_check (copy, FALSE, &error));
    g_assert_no_error (error);
  }

  g_subprocess_send_signal (app, SIGINT);
  g_assert_true (g_subprocess_wait (app, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 0);

  /* What it left behind is a healthy database at the current schema. */
  {
    g_autoptr(DtDb) db = dt_db_open (db_path, DT_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_true (dt_db_integrity_check (db, FALSE, &error));
    g_assert_no_error (error);
  }
}

static void
test_subcommand_without_instance (void)
{
  g_autoptr(GSubprocessLauncher) launcher = headless_launcher ();
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  cli = spawn_app (launcher, &error, "consent", "list", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 1);
  g_assert_nonnull (strstr (err, "DoubleTime is not running"));
}

static void
test_bad_option_is_named (void)
{
  g_autoptr(GSubprocessLauncher) launcher = headless_launcher ();
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  app = spawn_app (launcher, &error, "--headless", "--port", "70000", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (app, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (app));
  g_assert_nonnull (strstr (err, "--port must be between 1 and 65535"));
}

static void
test_newer_database_refused (void)
{
  g_autoptr(GSubprocessLauncher) launcher = headless_launcher ();
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-newer-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "doubletime.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE future (x); PRAGMA user_version = 999;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));

  app = spawn_app (launcher, &error, "--headless", "--port", "0", "--data-dir", dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (app, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 1);
  g_assert_nonnull (strstr (err, "newer version of DoubleTime"));

  g_assert_true (g_file_get_contents (db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/headless/default-data-dir", test_headless_default_data_dir);
  g_test_add_func ("/app/headless/subcommand-without-instance", test_subcommand_without_instance);
  g_test_add_func ("/app/headless/bad-option", test_bad_option_is_named);
  g_test_add_func ("/app/headless/newer-database-refused", test_newer_database_refused);

  return g_test_run ();
}

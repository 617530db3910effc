/* test-crash.c: a writer killed with SIGKILL at random moments never leaves a damaged
 * database, every commit it acknowledged is there, whole, after a reopen, and the roll-ups
 * agree with the entries after every kill (doubletime check finds 0 differences). */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-rollups.h"
#include "dt-tag-store.h"
#include "dt-time-entry-store.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KILLS 200

static gboolean
entry_whole (DtDb   *db,
             gint64  id,
             guint   tags)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT (SELECT count(*) FROM time_entry_tags "
                                      "WHERE entry_id = e.id) FROM time_entries e WHERE e.id = ?",
                                      NULL);
  gboolean whole = FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    whole = (guint) sqlite3_column_int (stmt, 0) == tags;
  sqlite3_reset (stmt);
  return whole;
}

static gint64
count_partial (DtDb  *db,
               guint  tags)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT count(*) FROM time_entries e WHERE "
                                      "(SELECT count(*) FROM time_entry_tags "
                                      " WHERE entry_id = e.id) <> ?", NULL);
  gint64 count;

  sqlite3_bind_int (stmt, 1, (int) tags);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* Reads what is there without waiting; returns FALSE at end of file. */
static gboolean
drain (int      fd,
       GString *buffer)
{
  char chunk[4096];

  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n > 0)
        g_string_append_len (buffer, chunk, n);
      else if (n == 0)
        return FALSE;
      else
        return errno == EAGAIN || errno == EINTR;
    }
}

static void
collect_lines (GString *buffer,
               GArray  *acknowledged)
{
  char *newline;

  while ((newline = memchr (buffer->str, '\n', buffer->len)) != NULL)
    {
      gint64 id;

      *newline = '\0';
      id = g_ascii_strtoll (buffer->str, NULL, 10);
      g_assert_cmpint (id, >, 0);
      g_array_append_val (acknowledged, id);
      g_string_erase (buffer, 0, newline - buffer->str + 1);
    }
}

static void
test_kill_at_random (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) acknowledged = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *path = g_strdup (dt_db_get_path (f->db));
  g_autofree char *project = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *start = NULL;
  const char *writer = g_getenv ("DT_CRASH_WRITER");
  g_autoptr(GRand) rand = g_rand_new ();
  gint64 began = g_get_monotonic_time ();
  guint kills = 0, reopens = 0, checked = 0, partial_lines = 0, rollups_checked = 0;
  gint64 tag_ids[3];
  /* The sanitizer setups run the writer several times slower: widen the kill window with it,
   * or the writer is always killed before its first commit. */
  gint64 time_scale = MAX (1, g_ascii_strtoll (g_getenv ("DT_TEST_TIME_SCALE") ?: "1", NULL, 10));

  g_assert_nonnull (writer);
  dt_test_fixture_seed (f);
  tag_ids[0] = f->tag_id;
  for (int i = 1; i < 3; i++)
    {
      g_autoptr(DtTag) input = dt_tag_new ();
      g_autoptr(DtTag) tag = NULL;
      g_free (input->name);
      input->name = g_strdup_printf ("crash-%d", i);
      tag = dt_tag_store_create (f->db, input, &error);
      g_assert_no_error (error);
      tag_ids[i] = tag->id;
    }
  project = g_strdup_printf ("%" G_GINT64_FORMAT, f->project_id);
  tags = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                          tag_ids[0], tag_ids[1], tag_ids[2]);
  g_test_message ("seed %u", g_test_rand_int ());
  g_clear_object (&f->db);

  for (guint round = 0; round < KILLS; round++)
    {
      const char *argv[6] = { writer, path, project, tags, NULL, NULL };
      g_autoptr(GString) buffer = g_string_new (NULL);
      gint64 deadline;
      int pipe_fds[2];
      int status;
      pid_t pid;

      start = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) 1767225600 + round * 86400);
      argv[4] = start;
      g_assert_cmpint (pipe (pipe_fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          dup2 (pipe_fds[1], STDOUT_FILENO);
          close (pipe_fds[0]);
          close (pipe_fds[1]);
          execv (writer, (char **) argv);
          _exit (127);
        }
      close (pipe_fds[1]);
      g_unix_set_fd_nonblocking (pipe_fds[0], TRUE, NULL);

      /* Kill anywhere: during start-up, in a commit, between commits. */
      deadline = g_get_monotonic_time () + g_rand_int_range (rand, 2000, 60000) * time_scale;
      while (g_get_monotonic_time () < deadline && drain (pipe_fds[0], buffer))
        g_usleep (500);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* A writer that died on its own (not by our signal) is a failure. */
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      kills++;
      g_unix_set_fd_nonblocking (pipe_fds[0], FALSE, NULL);
      while (drain (pipe_fds[0], buffer))
        ;
      close (pipe_fds[0]);
      if (buffer->len > 0 && buffer->str[buffer->len - 1] != '\n')
        partial_lines++;
      collect_lines (buffer, acknowledged);
      g_clear_pointer (&start, g_free);

      /* Reopen as the app does, then the full check. */
      f->db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      reopens++;
      g_assert_true (dt_db_integrity_check (f->db, FALSE, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < acknowledged->len; i++)
        {
          if (!entry_whole (f->db, g_array_index (acknowledged, gint64, i), 3))
            g_error ("acknowledged entry %" G_GINT64_FORMAT " is missing or incomplete after "
                     "kill %u", g_array_index (acknowledged, gint64, i), kills);
          checked++;
        }
      g_assert_cmpint (count_partial (f->db, 3), ==, 0);
      /* The roll-ups were written in the killed transactions too: never half of them. */
      {
        g_autoptr(DtRollupsCheck) rollups = dt_rollups_check (f->db, FALSE, &error);

        g_assert_no_error (error);
        if (rollups->differences > 0)
          g_error ("kill %u left %u roll-up differences: %s", kills, rollups->differences,
                   (char *) rollups->messages->pdata[0]);
        rollups_checked++;
      }
      g_clear_object (&f->db);
    }

  f->db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_test_message ("crash test: %u kills, %u reopens (each passed integrity_check), %u distinct "
                  "acknowledged commits, %u acknowledged-commit checks, %u kills mid-line, "
                  "%.1f s", kills, reopens, acknowledged->len, checked, partial_lines,
                  (g_get_monotonic_time () - began) / 1e6);
  printf ("# crash test: kills=%u reopens=%u acknowledged=%u checks=%u\n", kills, reopens,
          acknowledged->len, checked);
  g_assert_cmpuint (kills, >=, 200);
  g_assert_cmpuint (rollups_checked, ==, reopens);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count (*) FROM work_days"), >, 0);
  g_assert_cmpuint (acknowledged->len, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/core/crash/kill-at-random", DtTestFixture, NULL, dt_test_fixture_setup,
              test_kill_at_random, dt_test_fixture_teardown);
  return g_test_run ();
}

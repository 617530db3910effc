/* test-db-read.c: slow reads on a worker thread, each with a connection of its own: the answer
 * comes back in the caller's context, sees what was committed, and a cancelled read is freed
 * unseen. */
#include "dt-test-core.h"

#include "dt-db-read.h"
#include "dt-error.h"

typedef struct
{
  GThread *caller;
  GThread *ran_on;
} Probe;

static guint results_freed;

static void
count_free (gpointer result)
{
  g_atomic_int_inc (&results_freed);
  g_free (result);
}

static gpointer
count_entries_cb (DtDb     *db,
                  gpointer  data,
                  GError  **error)
{
  Probe *probe = data;
  gint64 *count = g_new (gint64, 1);

  g_atomic_pointer_set (&probe->ran_on, g_thread_self ());
  *count = dt_test_query_int (db, "SELECT count(*) FROM time_entries");
  return count;
}

static gpointer
fail_cb (DtDb     *db,
         gpointer  data,
         GError  **error)
{
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "no such report");
  return NULL;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_answer_lands_in_caller (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree gint64 *count = NULL;
  Probe probe = { g_thread_self (), NULL };

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 10, 5, 9, 0), 30);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 10, 6, 9, 0), 45);

  dt_db_read_async (f->db, count_entries_cb, &probe, NULL, count_free, NULL, on_done_cb, &result);
  count = dt_db_read_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (*count, ==, 2);
  g_assert_nonnull (probe.ran_on);
  g_assert_true (probe.ran_on != probe.caller);
}

static void
test_error_travels (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  dt_db_read_async (f->db, fail_cb, NULL, NULL, g_free, NULL, on_done_cb, &result);
  g_assert_null (dt_db_read_finish (wait_for (&result), &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_cancelled_result_freed (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Probe probe = { g_thread_self (), NULL };
  guint freed = results_freed;

  dt_db_read_async (f->db, count_entries_cb, &probe, NULL, count_free, cancellable,
                    on_done_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (dt_db_read_finish (wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  /* Either the read never ran, or its answer is freed with the task, once the worker has
   * let go of it too. */
  for (guint i = 0; i < 200 && g_atomic_pointer_get (&probe.ran_on) != NULL &&
                    (guint) g_atomic_int_get (&results_freed) == freed; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_true (g_atomic_pointer_get (&probe.ran_on) == NULL ||
                 (guint) g_atomic_int_get (&results_freed) == freed + 1);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/db-read/answer-lands-in-caller", test_answer_lands_in_caller);
  ADD ("/core/db-read/error-travels", test_error_travels);
  ADD ("/core/db-read/cancelled-result-freed", test_cancelled_result_freed);
#undef ADD

  return g_test_run ();
}

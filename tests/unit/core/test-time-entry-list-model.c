/* test-time-entry-list-model.c: the lazy list of time entries pages newest first, keeps a
 * bounded number of rows, counts and filters in SQL, flags overlaps and day starts, and
 * starts over when told the data changed. */
#include "dt-test-core.h"

#include "dt-time-entry-item.h"
#include "dt-time-entry-list-model.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#define H 3600

/* @n finished entries of @minutes, one every @step seconds from @first, in one transaction. */
static void
insert_entries (DtDb       *db,
                gint64      project_id,
                gint64      task_id,
                gint64      first,
                guint       n,
                gint64      step,
                gint64      minutes,
                const char *note)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (dt_db_begin (db, &error));
  stmt = dt_db_prepare (db, "INSERT INTO time_entries (project_id, task_id, start_at, end_at, "
                        "note, billable, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?3 + ?4, ?5, 1, ?3, ?3)", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, project_id);
      if (task_id != 0)
        sqlite3_bind_int64 (stmt, 2, task_id);
      else
        sqlite3_bind_null (stmt, 2);
      sqlite3_bind_int64 (stmt, 3, first + i * step);
      sqlite3_bind_int64 (stmt, 4, minutes * 60);
      sqlite3_bind_text (stmt, 5, note, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  g_assert_true (dt_db_commit (db, &error));
}

static DtTimeEntryItem *
item_at (DtTimeEntryListModel *model,
         guint                 position)
{
  DtTimeEntryItem *item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  /* The model keeps its own reference while the page is cached; tests only look. */
  g_object_unref (item);
  return item;
}

static void
test_paging (DtTestFixture *f,
             gconstpointer  data)
{
  gint64 first = dt_test_local (2026, 3, 2, 8, 0);
  g_autoptr(DtTimeEntryListModel) model = NULL;
  g_autofree gint64 *ids = NULL;
  guint n;

  dt_test_fixture_seed (f);
  /* 1,050 entries, ten minutes apart: more pages than the model may keep. */
  insert_entries (f->db, f->project_id, f->task_id, first, 1050, 600, 5, "");
  model = dt_time_entry_list_model_new (f->db);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 1050);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == DT_TYPE_TIME_ENTRY_ITEM);
  g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), ==, 0);

  /* Walking the whole list reads each page once, newest first, and keeps a few. */
  ids = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      DtTimeEntryItem *item = item_at (model, i);
      const DtTimeEntry *entry = dt_time_entry_item_get_entry (item);

      ids[i] = entry->id;
      g_assert_cmpint (entry->start_at, ==, first + (gint64) (n - 1 - i) * 600);
      g_assert_cmpstr (dt_time_entry_item_get_project_name (item), ==, "Website");
      g_assert_cmpstr (dt_time_entry_item_get_task_title (item), ==, "Design");
      g_assert_cmpstr (dt_time_entry_item_get_client_name (item), ==, "Acme GmbH");
      g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), <=,
                        DT_TIME_ENTRY_LIST_PAGE_SIZE * DT_TIME_ENTRY_LIST_MAX_PAGES);
    }
  g_assert_cmpuint (dt_time_entry_list_model_get_n_reads (model), ==, 11);
  g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), ==,
                    3 * DT_TIME_ENTRY_LIST_PAGE_SIZE + 50);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Jumps (OFFSET, nothing cached near) find the same rows as the walk (keyset) did. */
  for (const guint *p = (const guint[]) { 3, 517, 1049, 0, 240, 999, G_MAXUINT }; *p != G_MAXUINT;
       p++)
    g_assert_cmpint (dt_time_entry_item_get_id (item_at (model, *p)), ==, ids[*p]);
  g_assert_true (dt_time_entry_list_model_find_cached (model, ids[999], &n));
  g_assert_cmpuint (n, ==, 999);
  g_assert_false (dt_time_entry_list_model_find_cached (model, ids[517], NULL));
}

static void
test_filter_and_totals (DtTestFixture *f,
                        gconstpointer  data)
{
  gint64 monday = dt_test_local (2026, 3, 2, 0, 0);
  gint64 tuesday = dt_time_local_day_add (monday, 1);
  g_autoptr(DtTimeEntryListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = -1, seconds = -1, billable = -1;

  dt_test_fixture_seed (f);
  insert_entries (f->db, f->project_id, f->task_id, monday + 8 * H, 30, 900, 10, "Wireframes");
  insert_entries (f->db, f->other_project_id, 0, tuesday + 8 * H, 20, 900, 15, "Schema review");
  insert_entries (f->db, f->project_id, 0, tuesday + 20 * H, 5, 900, 1, "Late call");
  dt_db_exec (f->db, "UPDATE time_entries SET billable = 0 WHERE note = 'Late call'", &error);
  g_assert_no_error (error);

  model = dt_time_entry_list_model_new (f->db);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 55);

  dt_time_entry_list_model_set_filter (model, monday, tuesday, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  g_assert_true (dt_time_entry_list_model_sum (model, 0, 0, &seconds, &billable, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seconds, ==, 30 * 600);
  g_assert_cmpint (billable, ==, 30 * 600);

  /* Text matches notes, case-insensitively, and the names an entry is shown under. */
  dt_time_entry_list_model_set_filter (model, 0, 0, "SCHEMA");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  dt_time_entry_list_model_set_filter (model, 0, 0, "globex");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  g_assert_cmpstr (dt_time_entry_item_get_project_name (item_at (model, 19)), ==, "Migration");
  g_assert_null (dt_time_entry_item_get_task_title (item_at (model, 0)));
  dt_time_entry_list_model_set_filter (model, tuesday, 0, "website");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  /* LIKE's own wildcards are searched for, not obeyed. */
  dt_time_entry_list_model_set_filter (model, 0, 0, "%");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Totals of a day follow the filter; billable leaves out the non-billable entries. */
  dt_time_entry_list_model_set_filter (model, 0, 0, NULL);
  dt_time_entry_list_model_day_totals (model, tuesday, &count, &seconds, &billable);
  g_assert_cmpint (count, ==, 25);
  g_assert_cmpint (seconds, ==, 20 * 900 + 5 * 60);
  g_assert_cmpint (billable, ==, 20 * 900);
  dt_time_entry_list_model_set_filter (model, 0, 0, "call");
  dt_time_entry_list_model_day_totals (model, tuesday, &count, &seconds, &billable);
  g_assert_cmpint (count, ==, 5);
  g_assert_cmpint (seconds, ==, 5 * 60);
  g_assert_cmpint (billable, ==, 0);
  dt_time_entry_list_model_day_totals (model, monday, &count, &seconds, &billable);
  g_assert_cmpint (count, ==, 0);
  g_assert_cmpint (seconds, ==, 0);
}

static void
test_day_starts_and_overlaps (DtTestFixture *f,
                              gconstpointer  data)
{
  gint64 day = dt_test_local (2026, 3, 2, 0, 0);
  g_autoptr(DtTimeEntryListModel) model = NULL;
  guint n, heads = 0;
  gint64 a, b, c, d, e, running;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) started = NULL;

  dt_test_fixture_seed (f);
  /* Three days of 150 entries each, so a day spans a page boundary. */
  for (int k = 0; k < 3; k++)
    insert_entries (f->db, f->project_id, f->task_id,
                    dt_time_local_day_add (day, k) + 6 * H, 150, 240, 3, "");
  model = dt_time_entry_list_model_new (f->db);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 450);
  /* Read from the end first, so every page's first row asks the database about the row
   * before it instead of a cached page. */
  for (guint i = n; i-- > 0;)
    {
      DtTimeEntryItem *item = item_at (model, i);
      gboolean head = i == 0 || i == 150 || i == 300;

      g_assert_cmpint (dt_time_entry_item_get_starts_day (item), ==, head);
      g_assert_false (dt_time_entry_item_get_overlaps (item));
      heads += head;
    }
  g_assert_cmpuint (heads, ==, 3);

  /* Overlaps: with a listed entry, or with one the filter leaves out; touching is none. */
  day = dt_time_local_day_add (day, 10);
  a = dt_test_add_entry (f->db, f->project_id, f->task_id, day + 9 * H, 60);
  b = dt_test_add_entry (f->db, f->project_id, f->task_id, day + 9 * H + 1800, 60);
  c = dt_test_add_entry (f->db, f->project_id, f->task_id, day + 11 * H, 60);
  d = dt_test_add_entry (f->db, f->project_id, f->task_id, day + 12 * H, 60);   /* touches c */
  e = dt_test_add_entry (f->db, f->project_id, f->task_id, day + H / 2, 30);
  dt_test_add_entry (f->db, f->project_id, f->task_id, day - 2 * H, 3 * 60); /* over midnight */
  dt_time_set_fake_now (day + 20 * H);
  input->project_id = f->project_id;
  started = dt_time_entry_store_start_timer (f->db, input, &error);
  g_assert_no_error (error);
  running = started->id;
  dt_time_set_fake_now (day + 20 * H + 600);

  dt_time_entry_list_model_set_filter (model, day, dt_time_local_day_add (day, 1), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
  {
    const gint64 order[] = { running, d, c, b, a, e };
    const gboolean overlaps[] = { FALSE, FALSE, FALSE, TRUE, TRUE, TRUE };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        DtTimeEntryItem *item = item_at (model, i);

        g_assert_cmpint (dt_time_entry_item_get_id (item), ==, order[i]);
        g_assert_cmpint (dt_time_entry_item_get_overlaps (item), ==, overlaps[i]);
        g_assert_cmpint (dt_time_entry_item_get_starts_day (item), ==, i == 0);
      }
  }

  /* A running timer counts until now in the totals. */
  {
    gint64 seconds = 0;
    g_assert_true (dt_time_entry_list_model_sum (model, 0, 0, &seconds, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (seconds, ==, 4 * H + H / 2 + 600);
  }
  dt_time_set_fake_now (0);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *seen)
{
  seen[0]++;
  seen[1] = position;
  seen[2] = removed;
  seen[3] = added;
}

static void
test_reload (DtTestFixture *f,
             gconstpointer  data)
{
  gint64 day = dt_test_local (2026, 3, 2, 0, 0);
  g_autoptr(DtTimeEntryListModel) model = NULL;
  guint seen[4] = { 0 };
  gint64 newest;

  dt_test_fixture_seed (f);
  insert_entries (f->db, f->project_id, f->task_id, day + 8 * H, 250, 60, 1, "");
  model = dt_time_entry_list_model_new (f->db);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 250);
  item_at (model, 0);
  item_at (model, 249);
  g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), ==, 150);

  /* A new newest entry: nothing shows it until the model is told. */
  newest = dt_test_add_entry (f->db, f->project_id, f->task_id, day + 14 * H, 30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 250);
  g_assert_cmpint (dt_time_entry_item_get_id (item_at (model, 0)), !=, newest);

  dt_time_entry_list_model_reload (model);
  g_assert_cmpuint (seen[0], ==, 1);
  g_assert_cmpuint (seen[1], ==, 0);
  g_assert_cmpuint (seen[2], ==, 250);
  g_assert_cmpuint (seen[3], ==, 251);
  g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 251);
  g_assert_cmpint (dt_time_entry_item_get_id (item_at (model, 0)), ==, newest);

  /* A filter with nothing in it, then back. */
  dt_time_entry_list_model_set_filter (model, 1, 2, NULL);
  g_assert_cmpuint (seen[0], ==, 2);
  g_assert_cmpuint (seen[3], ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  dt_time_entry_list_model_set_filter (model, 1, 2, NULL);
  g_assert_cmpuint (seen[0], ==, 2);  /* empty to empty is no change */
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/time-entry-list/paging", test_paging);
  ADD ("/core/time-entry-list/filter-totals", test_filter_and_totals);
  ADD ("/core/time-entry-list/day-starts-overlaps", test_day_starts_and_overlaps);
  ADD ("/core/time-entry-list/reload", test_reload);
#undef ADD

  return g_test_run ();
}

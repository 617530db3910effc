/* test-time-list-scale.c: a week of 100,000 entries opens on the Time page with a bounded
 * number of row widgets, however far the list is scrolled — the list is a view over a lazy
 * model, not a widget per entry. */
#include "config.h"

#include <sqlite3.h>

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-item.h"
#include "dt-time-entry-list-model.h"
#include "dt-time-entry-row.h"
#include "dt-time-page.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define N_ENTRIES 100000
/* Far more than a screen of rows, far fewer than the entries. */
#define MAX_ROWS 500

typedef struct
{
  char      *data_dir;
  DtService *service;
  gint64     monday;
  gint64     oldest_id;
  gint64     newest_id;
} Fixture;

/* The entries go in with SQL, in one transaction: through the store it would take minutes. */
static void
write_entries (Fixture *fixture,
               gint64   project_id,
               gint64   task_id)
{
  DtDb *db = dt_service_get_db (fixture->service);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (dt_db_begin (db, &error));
  stmt = dt_db_prepare (db, "INSERT INTO time_entries (project_id, task_id, start_at, end_at, "
                        "note, billable, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?3 + 5, 'Entry ' || ?4, ?4 % 3 > 0, ?3, ?3)",
                        &error);
  g_assert_no_error (error);
  /* Six seconds apart: all of them in the week shown, Monday to Saturday. */
  for (gint64 i = 0; i < N_ENTRIES; i++)
    {
      sqlite3_bind_int64 (stmt, 1, project_id);
      sqlite3_bind_int64 (stmt, 2, task_id);
      sqlite3_bind_int64 (stmt, 3, fixture->monday + i * 6);
      sqlite3_bind_int64 (stmt, 4, i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      if (i == 0)
        fixture->oldest_id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
      fixture->newest_id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
      sqlite3_reset (stmt);
    }
  g_assert_true (dt_db_commit (db, &error));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) c = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) p = NULL;
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTask) t = NULL;
  DtDb *db;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  db = dt_service_get_db (fixture->service);

  g_free (client->name);
  client->name = g_strdup ("Acme Corporation");
  c = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  project->client_id = c->id;
  g_free (project->name);
  project->name = g_strdup ("Website");
  p = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  task->project_id = p->id;
  g_free (task->title);
  task->title = g_strdup ("Design review");
  t = dt_task_store_create (db, task, &error);
  g_assert_no_error (error);

  /* Sunday 29 November 2026, evening: the whole week has happened. */
  fixture->monday = dt_time_local_midnight (2026, 11, 23);
  dt_time_set_fake_now (fixture->monday + 6 * 24 * 3600 + 20 * 3600);
  write_entries (fixture, p->id, t->id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_time_set_fake_now (0);
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

/* Counts the DtTimeEntryRow widgets under @widget that show an entry, and whether one of
 * them shows @id. */
static guint
count_rows (GtkWidget *widget,
            gint64     id,
            gboolean  *shows_id)
{
  guint n = 0;

  if (DT_IS_TIME_ENTRY_ROW (widget))
    {
      DtTimeEntryItem *item = dt_time_entry_row_get_item (DT_TIME_ENTRY_ROW (widget));

      if (item != NULL && dt_time_entry_item_get_id (item) == id)
        *shows_id = TRUE;
      return item != NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child, id, shows_id);
  return n;
}

static guint
count_descendants (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += 1 + count_descendants (child);
  return n;
}

static void
test_scroll_100k (Fixture       *fixture,
                  gconstpointer  data)
{
  DtWindow *window;
  DtTimePage *page;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  DtTimeEntryListModel *model;
  g_autofree char *shot = NULL;
  gboolean shows = FALSE;
  guint rows, widgets;

  window = dt_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 820);
  gtk_window_present (GTK_WINDOW (window));
  page = DT_TIME_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_TIME_PAGE, 0));
  g_assert_nonnull (page);
  dt_ui_test_iterate (200);

  g_assert_cmpuint (dt_time_page_get_n_entries (page), ==, N_ENTRIES);
  g_assert_cmpuint (dt_time_page_get_n_days (page), ==, 7);
  list = dt_ui_test_find (GTK_WIDGET (page), GTK_TYPE_LIST_VIEW, 0);
  g_assert_nonnull (list);
  /* The view shows the page's model through a slice that fills a new range in over frames. */
  model = DT_TIME_ENTRY_LIST_MODEL (gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (
    gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)))))));

  /* The top: the newest entry is on screen, a screenful of rows made. */
  rows = count_rows (list, fixture->newest_id, &shows);
  g_test_message ("top: %u rows, %u widgets", rows, count_descendants (list));
  g_assert_true (shows);
  g_assert_cmpuint (rows, >, 3);
  g_assert_cmpuint (rows, <, MAX_ROWS);
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "time-100k");

  /* Down the list in steps, then to the very end. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  for (int step = 1; step <= 4; step++)
    {
      double upper = gtk_adjustment_get_upper (adjustment);
      double page_size = gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, (upper - page_size) * step / 4.0);
      dt_ui_test_iterate (100);
      shows = FALSE;
      rows = count_rows (list, fixture->oldest_id, &shows);
      widgets = count_descendants (list);
      g_test_message ("step %d: %u rows, %u widgets, %u rows in memory", step, rows, widgets,
                      dt_time_entry_list_model_get_n_cached (model));
      g_assert_cmpuint (rows, >, 3);
      g_assert_cmpuint (rows, <, MAX_ROWS);
      /* Each row is under twenty widgets; a widget per entry would be millions. */
      g_assert_cmpuint (widgets, <, MAX_ROWS * 20);
      g_assert_cmpuint (dt_time_entry_list_model_get_n_cached (model), <=,
                        DT_TIME_ENTRY_LIST_PAGE_SIZE * DT_TIME_ENTRY_LIST_MAX_PAGES);
    }
  /* At the end: the oldest entry, Monday 00:00, is shown. Rows measured on the way change
   * the list's height, so the end is where scrolling down no longer moves the view. */
  for (int settle = 0; settle < 20 && !shows; settle++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
      dt_ui_test_iterate (50);
      count_rows (list, fixture->oldest_id, &shows);
    }
  g_assert_true (shows);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/time-page/scroll-100k", Fixture, NULL, fixture_set_up, test_scroll_100k,
              fixture_tear_down);

  return g_test_run ();
}

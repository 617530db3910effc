/* test-clients-scale.c: the clients page over thousands of clients, of projects of one client
 * and of tasks of one project keeps about a screenful of row widgets in each list wherever
 * the user scrolls, and its search still narrows the clients. A page that made one widget
 * per client, project or task again fails here. */
#include "config.h"

#include <sqlite3.h>

#include "dt-clients-page.h"
#include "dt-paged-list.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define N_ROWS 3000
/* Far fewer than the rows, far more than a window of them. */
#define MAX_ROW_WIDGETS 500

typedef struct
{
  char      *data_dir;
  DtService *service;
} Fixture;

static void
run (sqlite3    *handle,
     const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, N_ROWS);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* In one transaction: clients "Client 00001" …, the first with projects "Project 00001" …,
 * its first with tasks "Task 00001" … of which every tenth is done. */
static void
seed (DtDb *db)
{
  sqlite3 *handle = dt_db_get_handle (db);

  run (handle, "BEGIN");
  run (handle,
       "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1) "
       "INSERT INTO clients (name, currency, created_at, updated_at) "
       "SELECT printf('Client %05d', k), 'EUR', 0, 0 FROM n");
  run (handle,
       "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1) "
       "INSERT INTO projects (client_id, name, budget_minutes, created_at, updated_at) "
       "SELECT (SELECT min(id) FROM clients), printf('Project %05d', k), 600, 0, 0 FROM n");
  run (handle,
       "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1) "
       "INSERT INTO tasks (project_id, title, status, created_at, updated_at) "
       "SELECT (SELECT min(id) FROM projects), printf('Task %05d', k), "
       "       CASE WHEN k % 10 = 0 THEN 'done' ELSE 'open' END, 0, 0 FROM n");
  run (handle, "COMMIT");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  seed (dt_service_get_db (fixture->service));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static const char *row_classes[] = { "client-row", "project-row", "task-row" };

static void
assert_bounded (GtkWidget *page)
{
  for (guint i = 0; i < G_N_ELEMENTS (row_classes); i++)
    {
      guint rows = dt_ui_test_count_with_class (page, row_classes[i]);

      g_test_message ("%u widgets with %s", rows, row_classes[i]);
      g_assert_cmpuint (rows, >, 0);
      g_assert_cmpuint (rows, <, MAX_ROW_WIDGETS);
    }
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Wanted;

static gboolean
text_shown (gpointer data)
{
  Wanted *wanted = data;
  return dt_ui_test_find_text (wanted->root, wanted->text) != NULL;
}

static void
wait_for_text (GtkWidget  *root,
               const char *text)
{
  Wanted wanted = { root, text };
  g_assert_true (dt_ui_test_wait_for (text_shown, &wanted, 5000));
}

static GtkListView *
list_view (GtkWidget  *page,
           const char *name)
{
  return GTK_LIST_VIEW (gtk_widget_get_template_child (page, DT_TYPE_CLIENTS_PAGE, name));
}

static GListModel *
paged_model (GtkListView *view)
{
  GListModel *selection = G_LIST_MODEL (gtk_list_view_get_model (view));
  GListModel *model = GTK_IS_SINGLE_SELECTION (selection)
                      ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection))
                      : gtk_no_selection_get_model (GTK_NO_SELECTION (selection));

  /* A list that fills in over frames shows the paged list through a slice. */
  if (GTK_IS_SLICE_LIST_MODEL (model))
    return gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (model));
  return model;
}

/* Scrolls @view through its rows to its end, checking the page at each step, until @last
 * shows (the list measures rows as it meets them, so the end moves while it is approached). */
static void
scroll_to_end (GtkWidget   *page,
               GtkListView *view,
               const char  *last)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW)));
  Wanted wanted = { page, last };

  for (guint step = 1; step <= 10; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * step / 10);
      dt_ui_test_iterate (50);
      assert_bounded (page);
    }
  for (guint tries = 0; tries < 50 && !text_shown (&wanted); tries++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      dt_ui_test_iterate (50);
    }
  g_assert_true (text_shown (&wanted));
  assert_bounded (page);
  g_assert_cmpuint (dt_paged_list_get_n_cached (DT_PAGED_LIST (paged_model (view))), <=,
                    DT_PAGED_LIST_DEFAULT_PAGE_SIZE * DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

static gboolean
n_items_is (gpointer data)
{
  GListModel *model = data;
  return g_list_model_get_n_items (model) == GPOINTER_TO_UINT (g_object_get_data (data,
                                                                                    "wanted"));
}

static void
test_scroll (Fixture       *fixture,
             gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  GtkWidget *page, *search;
  GtkListView *clients, *projects, *tasks;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "clients");
  page = dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_CLIENTS_PAGE, 0);
  clients = list_view (page, "clients_view");
  projects = list_view (page, "projects_view");
  tasks = list_view (page, "tasks_view");
  g_assert_cmpuint (dt_clients_page_get_n_clients (DT_CLIENTS_PAGE (page)), ==, N_ROWS);
  g_assert_cmpuint (g_list_model_get_n_items (paged_model (projects)), ==, N_ROWS);
  g_assert_cmpuint (g_list_model_get_n_items (paged_model (tasks)), ==, N_ROWS - N_ROWS / 10);

  /* The first client is selected, with its first project's tasks. */
  wait_for_text (page, "Client 00001");
  wait_for_text (page, "Project 00001");
  wait_for_text (page, "Task 00001");
  assert_bounded (page);

  /* Each list scrolled to its end: new rows, not more of them. */
  scroll_to_end (page, tasks, "Task 02999");
  scroll_to_end (page, projects, "Project 03000");
  scroll_to_end (page, clients, "Client 03000");
  {
    g_autofree char *shot = dt_ui_test_screenshot (GTK_WIDGET (window), "clients-3000");
  }

  /* The search narrows the clients after its delay. */
  search = dt_ui_test_find (page, GTK_TYPE_SEARCH_ENTRY, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "Client 0299");
  g_object_set_data (G_OBJECT (paged_model (clients)), "wanted", GUINT_TO_POINTER (10));
  g_assert_true (dt_ui_test_wait_for (n_items_is, paged_model (clients), 3000));
  wait_for_text (page, "Client 02995");
  g_assert_cmpuint (dt_ui_test_count_with_class (page, "client-row"), <=, 10);
  /* Client 02990 is selected now: it has no projects. */
  g_assert_cmpuint (g_list_model_get_n_items (paged_model (projects)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);
  g_test_add ("/ui/clients-scale/scroll", Fixture, NULL, fixture_set_up, test_scroll,
              fixture_tear_down);
  return g_test_run ();
}

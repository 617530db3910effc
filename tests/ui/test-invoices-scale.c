/* test-invoices-scale.c: the invoices page over 5,000 invoices keeps about a screenful of row
 * widgets wherever the user scrolls, and its search and status filter still narrow the list.
 * A page that made one widget per invoice again fails here. */
#include "config.h"

#include <sqlite3.h>

#include "dt-client-store.h"
#include "dt-invoice-item.h"
#include "dt-invoice-list-view.h"
#include "dt-invoices-page.h"
#include "dt-paged-list.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define N_INVOICES 5000
/* Far fewer than the invoices, far more than a window of rows. */
#define MAX_ROW_WIDGETS 500

typedef struct
{
  char      *data_dir;
  DtService *service;
} Fixture;

/* One client and N_INVOICES invoices written in one statement (one transaction): numbered
 * INV-00001 … with every tenth one a draft. */
static void
seed (DtDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  sqlite3_stmt *stmt = NULL;

  g_free (input->name);
  input->name = g_strdup ("Initech");
  g_free (input->currency);
  input->currency = g_strdup ("EUR");
  client = dt_client_store_create (db, input, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (dt_db_get_handle (db),
    "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?2) "
    "INSERT INTO invoices (client_id, status, currency, number, issue_date, due_date, "
    "                      subtotal, total, paid, created_at, updated_at) "
    "SELECT ?1, CASE WHEN k % 10 = 0 THEN 'draft' ELSE 'paid' END, 'EUR', "
    "       CASE WHEN k % 10 = 0 THEN NULL ELSE printf('INV-%05d', k) END, "
    "       CASE WHEN k % 10 = 0 THEN NULL ELSE '2026-01-15' END, "
    "       CASE WHEN k % 10 = 0 THEN NULL ELSE '2026-02-14' END, "
    "       k * 100, k * 100, CASE WHEN k % 10 = 0 THEN 0 ELSE k * 100 END, 0, 0 FROM n",
    -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, client->id);
  sqlite3_bind_int (stmt, 2, N_INVOICES);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  dt_time_set_fake_now (dt_time_local_midnight (2026, 11, 27));
  seed (dt_service_get_db (fixture->service));
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

static guint
count_widgets (GtkWidget *root)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

static gboolean
rows_shown (gpointer data)
{
  return dt_ui_test_count_with_class (data, "invoice-row") > 0;
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

static gboolean
n_items_is (gpointer data)
{
  GListModel *model = data;
  return g_list_model_get_n_items (model) == GPOINTER_TO_UINT (g_object_get_data (data,
                                                                                    "wanted"));
}

static void
wait_for_n_items (GListModel *model,
                  guint       n)
{
  g_object_set_data (G_OBJECT (model), "wanted", GUINT_TO_POINTER (n));
  g_assert_true (dt_ui_test_wait_for (n_items_is, model, 3000));
}

static gboolean
scrolls_far (gpointer data)
{
  return gtk_adjustment_get_upper (data) > 10000;
}

static void
assert_bounded (GtkWidget *page)
{
  guint rows = dt_ui_test_count_with_class (page, "invoice-row");

  g_test_message ("%u row widgets, %u widgets on the page", rows, count_widgets (page));
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, MAX_ROW_WIDGETS);
  g_assert_cmpuint (count_widgets (page), <, 10 * MAX_ROW_WIDGETS);
}

static void
test_scroll (Fixture       *fixture,
             gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  GtkWidget *page, *list_view, *rows, *search;
  GtkAdjustment *adjustment;
  GListModel *model;
  Wanted wanted;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0);
  list_view = dt_ui_test_find (page, DT_TYPE_INVOICE_LIST_VIEW, 0);
  model = dt_invoice_list_view_get_model (DT_INVOICE_LIST_VIEW (list_view));
  g_assert_cmpuint (dt_invoices_page_get_n_invoices (DT_INVOICES_PAGE (page)), ==, N_INVOICES);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES);

  /* The newest invoices are on top. */
  g_assert_true (dt_ui_test_wait_for (rows_shown, page, 5000));
  wanted.root = page;
  wanted.text = "INV-04999";
  g_assert_true (dt_ui_test_wait_for (text_shown, &wanted, 3000));
  g_assert_nonnull (dt_ui_test_find_text (page, "500 drafts"));
  assert_bounded (page);

  /* Scrolled to the middle and to the end: new rows, not more of them. */
  rows = GTK_WIDGET (gtk_widget_get_template_child (list_view, DT_TYPE_INVOICE_LIST_VIEW,
                                                    "list_view"));
  adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (rows, GTK_TYPE_SCROLLED_WINDOW)));
  g_assert_true (dt_ui_test_wait_for (scrolls_far, adjustment, 3000));
  for (guint step = 1; step <= 10; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * step / 20);
      dt_ui_test_iterate (50);
      assert_bounded (page);
    }
  /* The list measures rows as it meets them, so the end moves while it is approached. */
  wanted.text = "INV-00001";
  for (guint tries = 0; tries < 50 && !text_shown (&wanted); tries++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      dt_ui_test_iterate (50);
    }
  g_assert_true (text_shown (&wanted));
  assert_bounded (page);
  g_assert_null (dt_ui_test_find_text (page, "INV-04999"));
  /* Only the pages around what was shown are in memory. */
  g_assert_cmpuint (dt_paged_list_get_n_cached (DT_PAGED_LIST (model)), <=,
                    DT_PAGED_LIST_DEFAULT_PAGE_SIZE * DT_PAGED_LIST_DEFAULT_MAX_PAGES);
  {
    g_autofree char *shot = dt_ui_test_screenshot (GTK_WIDGET (window), "invoices-5000");
  }

  /* The search narrows the list after its delay; the status filter too. */
  search = dt_ui_test_find (list_view, GTK_TYPE_SEARCH_ENTRY, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "INV-0424");
  wait_for_n_items (model, 9);  /* INV-04241 … INV-04249: 4240 is a draft */
  wanted.text = "INV-04249";
  g_assert_true (dt_ui_test_wait_for (text_shown, &wanted, 3000));
  assert_bounded (page);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_n_items (model, N_INVOICES);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dt_ui_test_find (list_view, GTK_TYPE_DROP_DOWN, 0)),
                              1 + DT_INVOICE_DRAFT);
  wait_for_n_items (model, N_INVOICES / 10);
  assert_bounded (page);

  /* A row opens its invoice. */
  g_signal_emit_by_name (rows, "activate", 0);
  {
    g_autoptr(DtInvoiceItem) item = g_list_model_get_item (model, 0);
    g_assert_cmpint (dt_invoices_page_get_shown (DT_INVOICES_PAGE (page)), ==,
                     dt_invoice_item_get_id (item));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);
  g_test_add ("/ui/invoices-scale/scroll", Fixture, NULL, fixture_set_up, test_scroll,
              fixture_tear_down);
  return g_test_run ();
}

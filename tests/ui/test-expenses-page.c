/* test-expenses-page.c: the expenses page in the window: empty, then the expenses an
 * assistant recorded, latest first, with what each costs and whether it is invoiced; a search
 * that matches nothing; an expense billed meanwhile shows so without a reload by hand. */
#include "config.h"

#include "dt-client-store.h"
#include "dt-expenses-page.h"
#include "dt-invoicing.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"
#include "expenses/dt-expense-item.h"
#include "expenses/dt-expenses.h"

typedef struct
{
  char      *data_dir;
  DtService *service;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static gint64
add_expense (DtDb       *db,
             gint64      client_id,
             const char *date,
             const char *category,
             const char *description,
             gint64      amount,
             int         vat_rate_bp,
             gboolean    billable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) input = dt_expense_new ();
  g_autoptr(DtExpense) stored = NULL;

  input->client_id = client_id;
  input->date = g_strdup (date);
  g_free (input->category);
  input->category = g_strdup (category);
  g_free (input->description);
  input->description = g_strdup (description);
  input->amount = amount;
  input->vat_rate_bp = vat_rate_bp;
  input->billable = billable;
  stored = dt_expense_store_create (db, input, NULL, NULL, &error);
  g_assert_no_error (error);
  return stored->id;
}

static gboolean
invoiced_shown (gpointer data)
{
  return dt_ui_test_find_text (data, "On a draft") != NULL;
}

static void
test_rows_words (void)
{
  g_autoptr(DtExpense) expense = dt_expense_new ();
  g_autofree char *title = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *state = NULL;

  expense->date = g_strdup ("2026-11-05");
  expense->currency = g_strdup ("EUR");
  g_free (expense->description);
  expense->description = g_strdup ("Train");
  title = dt_expense_row_title (expense);
  g_assert_cmpstr (title, ==, "Train");
  plain = dt_expense_row_details (expense);
  g_assert_cmpstr (plain, ==, "2026-11-05");
  state = dt_expense_row_state (expense);
  g_assert_cmpstr (state, ==, "Billable");
  g_clear_pointer (&state, g_free);
  expense->invoice_line_id = 3;
  expense->invoice_number = g_strdup ("INV-2026-0007");
  state = dt_expense_row_state (expense);
  g_assert_cmpstr (state, ==, "Invoiced INV-2026-0007");
}

static void
test_page (Fixture       *fixture,
           gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtDb *db = dt_service_get_db (fixture->service);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autofree char *empty_shot = NULL;
  g_autofree char *shot = NULL;
  DtExpensesPage *page;
  GListModel *model;
  DtDraftRequest request = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "expenses");
  page = DT_EXPENSES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_EXPENSES_PAGE, 0));
  g_assert_nonnull (page);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "No Expenses Yet"));
  dt_ui_test_iterate (100);
  empty_shot = dt_ui_test_screenshot (GTK_WIDGET (window), "expenses-page-empty");

  g_free (input->name);
  input->name = g_strdup ("Müller GmbH");
  input->currency = g_strdup ("EUR");
  client = dt_client_store_create (db, input, &error);
  g_assert_no_error (error);
  add_expense (db, client->id, "2026-11-05", "Travel", "Train Berlin–Hamburg", 4999, 1900,
               TRUE);
  add_expense (db, client->id, "2026-11-12", "Software", "Font licence", 1235, 700, TRUE);
  add_expense (db, client->id, "2026-11-03", "", "Lunch with the client", 1450, 1900, FALSE);

  /* Three rows, the latest day first. */
  dt_expenses_page_reload (page);
  model = dt_expenses_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autoptr(GObject) first = g_list_model_get_item (model, 0);
    const DtExpense *expense = dt_expense_item_get_expense ((DtExpenseItem *) first);

    g_assert_cmpstr (expense->description, ==, "Font licence");
  }
  dt_ui_test_iterate (200);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Software: Font licence"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Not billable"));

  /* Billed on a draft through the core, as the server would: the store's change reaches the
   * page and the row says so. */
  request.client_id = client->id;
  request.from = dt_time_local_midnight (2026, 11, 1);
  request.to = dt_time_local_midnight (2026, 12, 1);
  request.tax_rate_bp = 1900;
  draft = dt_invoicing_create_draft (db, &request, &error);
  g_assert_no_error (error);
  g_assert_true (dt_ui_test_wait_for (invoiced_shown, page, 3000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "expenses-page");

  /* A search that matches nothing says so. */
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (GTK_WIDGET (page),
                                                        GTK_TYPE_SEARCH_ENTRY, 0)),
                         "no such expense");
  dt_ui_test_iterate (400);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "No Matching Expenses"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/expenses-page/row-words", test_rows_words);
  g_test_add ("/ui/expenses-page/page", Fixture, NULL, fixture_set_up, test_page,
              fixture_tear_down);
  return g_test_run ();
}

/* test-window.c: the main window opens on a real display with its pages and empty state. */
#include "config.h"

#include "dt-billing-hub-page.h"
#include "dt-clients-page.h"
#include "dt-expenses-page.h"
#include "dt-invoices-page.h"
#include "dt-reports-page.h"
#include "dt-time-page.h"
#include "dt-ui-test.h"
#include "dt-window.h"

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
  g_assert_no_error (error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static void
test_window_opens (Fixture       *fixture,
                   gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  g_autofree char *shot = NULL;
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;

  gtk_window_present (GTK_WINDOW (window));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "main-window");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                                         "stack"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "time");
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, 6);

  /* Only the page the first frame shows is built; the others when first opened. */
  g_assert_nonnull (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_TIME_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_CLIENTS_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_REPORTS_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_BILLING_HUB_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_EXPENSES_PAGE, 0));

  dt_window_show_page (window, "invoices");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "invoices");
  g_assert_nonnull (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  g_assert_null (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_REPORTS_PAGE, 0));
  /* A page built once stays: going back does not build it again. */
  {
    GtkWidget *invoices = dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0);

    dt_window_show_page (window, "time");
    dt_window_show_page (window, "invoices");
    g_assert_true (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0) == invoices);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/window/opens", Fixture, NULL, fixture_set_up, test_window_opens,
              fixture_tear_down);

  return g_test_run ();
}

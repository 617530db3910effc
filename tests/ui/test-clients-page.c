/* test-clients-page.c: creating a client, a project with a budget and a task through the
 * forms, with the reason shown next to a field that is not right. */
#include "config.h"

#include "dt-client-store.h"
#include "dt-clients-page.h"
#include "dt-project-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"
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

static GtkWidget *
entry (GtkWidget *dialog,
       guint      nth)
{
  return dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, nth);
}

static gboolean
ok_enabled (GtkWidget *dialog)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok");
}

/* The rows are list rows, made as they are shown, and a budget's use is counted on a worker:
 * a row shows it once that has landed. */
static gboolean
budget_shown (gpointer data)
{
  GtkWidget *bar;

  for (guint nth = 0; (bar = dt_ui_test_find (data, GTK_TYPE_LEVEL_BAR, nth)) != NULL; nth++)
    if (gtk_widget_get_visible (bar) && gtk_level_bar_get_value (GTK_LEVEL_BAR (bar)) > 0)
      return TRUE;
  return FALSE;
}

static gboolean
task_shown (gpointer data)
{
  return dt_ui_test_find_text (data, "Design review") != NULL;
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtClientsPage *page;
  GtkWidget *dialog;
  g_autofree char *form_shot = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  DtListQuery query = { 0 };
  DtDb *db = dt_service_get_db (fixture->service);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "clients");
  page = DT_CLIENTS_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_CLIENTS_PAGE, 0));
  g_assert_cmpuint (dt_clients_page_get_n_clients (page), ==, 0);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "No Clients Yet"));

  /* A client: messages appear under the fields the user got wrong. */
  dialog = dt_clients_page_edit_client (page, 0);
  g_assert_false (ok_enabled (dialog));  /* no name yet */
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 1)), "billing@acme");
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 3)), "80.505");
  g_assert_nonnull (dt_ui_test_find_text (dialog, "is not an e-mail address"));
  g_assert_nonnull (dt_ui_test_find_text (dialog, "at most 2 decimals"));
  form_shot = dt_ui_test_screenshot (dialog, "clients-form-errors");
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 0)), "Acme Corporation");
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 1)), "billing@acme.example");
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 3)), "80");
  g_assert_true (ok_enabled (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_assert_cmpuint (dt_clients_page_get_n_clients (page), ==, 1);

  /* A project with a 10-hour budget, then a task in it. */
  {
    g_autoptr(GPtrArray) clients = dt_client_store_list (db, &query, NULL, NULL);
    DtClient *client = g_ptr_array_index (clients, 0);

    g_assert_cmpint (client->rate, ==, 8000);
    dialog = dt_clients_page_new_project (page, client->id);
    gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 0)), "Website relaunch");
    gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 2)), "10");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  }
  projects = dt_project_store_list (db, &query, NULL, NULL);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpint (((DtProject *) g_ptr_array_index (projects, 0))->budget_minutes, ==, 600);

  dialog = dt_clients_page_new_task (page, ((DtProject *) g_ptr_array_index (projects, 0))->id);
  gtk_editable_set_text (GTK_EDITABLE (entry (dialog, 0)), "Design review");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");

  /* Four hours tracked show on the budget. */
  {
    g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
    g_autoptr(DtTimeEntry) created = NULL;
    input->project_id = ((DtProject *) g_ptr_array_index (projects, 0))->id;
    input->start_at = dt_time_now () - 5 * 3600;
    input->end_at = input->start_at + 4 * 3600;
    created = dt_time_entry_store_create (db, input, NULL);
    g_assert_nonnull (created);
  }
  dt_clients_page_reload (page);
  g_assert_true (dt_ui_test_wait_for (task_shown, page, 3000));
  g_assert_true (dt_ui_test_wait_for (budget_shown, page, 5000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "clients-page");

  /* Edit the project's budget; archive the client, which hides it, and restore it. */
  {
    DtProject *p = g_ptr_array_index (projects, 0);
    g_autoptr(DtProject) edited = NULL;
    g_autoptr(GPtrArray) clients = dt_client_store_list (db, &query, NULL, NULL);
    gint64 client_id = ((DtClient *) g_ptr_array_index (clients, 0))->id;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "clients.edit-project", "x",
                                               p->id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "clients.archive-client", "x",
                                               client_id));
    g_assert_cmpuint (dt_clients_page_get_n_clients (page), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "clients.restore-client", "x",
                                               client_id));
    g_assert_cmpuint (dt_clients_page_get_n_clients (page), ==, 1);
    edited = dt_project_store_get (db, p->id, NULL);
    g_assert_cmpint (edited->budget_minutes, ==, 600);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);
  g_test_add ("/ui/clients-page/create", Fixture, NULL, fixture_set_up, test_create,
              fixture_tear_down);
  return g_test_run ();
}

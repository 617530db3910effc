/* test-time-page.c: the Time page groups a week by day with totals, flags overlaps and long
 * entries, saves an edit made in place, adds a past entry and follows writes from elsewhere. */
#include "config.h"

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time-entry-row.h"
#include "dt-time-page.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define H 3600

typedef struct
{
  char      *data_dir;
  DtService *service;
  gint64     project_id;
  gint64     task_id;
  gint64     monday;
} Fixture;

static gint64
add_entry (Fixture    *fixture,
           gint64      start,
           gint64      end,
           gboolean    billable,
           const char *note)
{
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) created = NULL;
  g_autoptr(GError) error = NULL;

  input->project_id = fixture->project_id;
  input->task_id = fixture->task_id;
  input->start_at = start;
  input->end_at = end;
  input->billable = billable;
  g_free (input->note);
  input->note = g_strdup (note);
  created = dt_time_entry_store_create (dt_service_get_db (fixture->service), input, &error);
  g_assert_no_error (error);
  return created->id;
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
  g_free (client->currency);
  client->currency = g_strdup ("EUR");
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
  fixture->project_id = p->id;
  fixture->task_id = t->id;

  /* Wednesday 25 November 2026, 15:00. */
  fixture->monday = dt_time_local_midnight (2026, 11, 23);
  dt_time_set_fake_now (fixture->monday + 2 * 24 * H + 15 * H);
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

static gboolean
has_n_entries (gpointer data)
{
  return dt_time_page_get_n_entries (DT_TIME_PAGE (((gpointer *) data)[0])) ==
         GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
test_week (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 mon = fixture->monday, tue = mon + 24 * H, wed = tue + 24 * H;
  DtWindow *window;
  DtTimePage *page;
  GtkWidget *row, *start_row, *end_row, *dialog;
  g_autofree char *shot = NULL;
  g_autofree char *dialog_shot = NULL;
  g_autoptr(DtTimeEntry) edited = NULL;
  gint64 first_id;
  gpointer wait[2];

  first_id = add_entry (fixture, mon + 9 * H, mon + 12 * H, TRUE, "Wireframes");
  add_entry (fixture, mon + 11 * H, mon + 13 * H, TRUE, "Call with Jane");       /* overlaps */
  add_entry (fixture, tue + 8 * H, tue + 20 * H + 1800, TRUE, "Launch day");     /* long */
  add_entry (fixture, wed + 9 * H, wed + 10 * H, FALSE, NULL);
  add_entry (fixture, mon - 2 * H, mon - H, TRUE, "Last week");                  /* not shown */

  window = dt_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 820);
  gtk_window_present (GTK_WINDOW (window));
  page = DT_TIME_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_TIME_PAGE, 0));
  g_assert_nonnull (page);

  g_assert_cmpuint (dt_time_page_get_n_days (page), ==, 3);
  g_assert_cmpuint (dt_time_page_get_n_entries (page), ==, 4);
  g_assert_cmpstr (dt_time_page_get_total_text (page), ==,
                   "18 h 30 min tracked · 17 h 30 min billable");
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Today"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Monday, 23 November"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "09:00 – 12:00"));

  /* Open the first Monday entry, as the screenshot shows it. */
  row = dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_TIME_ENTRY_ROW, 3);
  g_assert_nonnull (row);
  g_assert_null (dt_ui_test_find (row, ADW_TYPE_ENTRY_ROW, 0));   /* built when opened */
  dt_time_entry_row_set_expanded (DT_TIME_ENTRY_ROW (row), TRUE);
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "time-week");

  /* Edit in place: the first entry now ends at 12:30. */
  start_row = dt_ui_test_find (row, ADW_TYPE_ENTRY_ROW, 0);
  end_row = dt_ui_test_find (row, ADW_TYPE_ENTRY_ROW, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (start_row)), ==, "09:00");
  gtk_editable_set_text (GTK_EDITABLE (end_row), "12:30");
  g_signal_emit_by_name (end_row, "apply");
  dt_time_page_reload (page);
  g_assert_cmpstr (dt_time_page_get_total_text (page), ==,
                   "19 h tracked · 18 h billable");

  /* Tags typed in place: a new name makes the tag. */
  {
    GtkWidget *tags_row;
    g_autoptr(DtTimeEntry) tagged = NULL;

    row = dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_TIME_ENTRY_ROW, 3);
    tags_row = dt_ui_test_find (row, ADW_TYPE_ENTRY_ROW, 3);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (tags_row)), ==,
                     "Tags, separated by commas");
    gtk_editable_set_text (GTK_EDITABLE (tags_row), "design, meeting");
    g_signal_emit_by_name (tags_row, "apply");
    dt_time_page_reload (page);
    tagged = dt_time_entry_store_get (dt_service_get_db (fixture->service), first_id, NULL);
    g_assert_cmpuint (tagged->tag_ids->len, ==, 2);
    g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "#design #meeting"));
  }

  /* A bad time is refused and nothing changes. */
  row = dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_TIME_ENTRY_ROW, 3);
  end_row = dt_ui_test_find (row, ADW_TYPE_ENTRY_ROW, 1);
  gtk_editable_set_text (GTK_EDITABLE (end_row), "25:00");
  g_signal_emit_by_name (end_row, "apply");
  g_assert_true (gtk_widget_has_css_class (end_row, "error"));
  dt_time_page_reload (page);
  g_assert_cmpstr (dt_time_page_get_total_text (page), ==,
                   "19 h tracked · 18 h billable");
  edited = dt_time_entry_store_get (dt_service_get_db (fixture->service), first_id, NULL);
  g_assert_cmpint (edited->end_at, ==, mon + 12 * H + 1800);

  /* Add a past entry through the dialog. */
  dialog = dt_time_page_add_entry (page);
  {
    GtkWidget *dropdown = dt_ui_test_find (dialog, GTK_TYPE_DROP_DOWN, 0);
    GtkWidget *date = dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0);

    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
    g_assert_nonnull (dt_ui_test_find_text (dialog, "Choose what you worked on"));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);  /* the task */
    gtk_editable_set_text (GTK_EDITABLE (date), "2026-11-24");
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
    dialog_shot = dt_ui_test_screenshot (dialog, "time-add-entry");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  }
  wait[0] = page;
  wait[1] = GUINT_TO_POINTER (5);
  g_assert_true (dt_ui_test_wait_for (has_n_entries, wait, 2000));

  /* A write from elsewhere (the API, the timer) shows up by itself. */
  add_entry (fixture, wed + 11 * H, wed + 12 * H, TRUE, "From the API");
  wait[1] = GUINT_TO_POINTER (6);
  g_assert_true (dt_ui_test_wait_for (has_n_entries, wait, 2000));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtTimePage *page;
  g_autofree char *shot = NULL;

  gtk_window_present (GTK_WINDOW (window));
  page = DT_TIME_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_TIME_PAGE, 0));
  g_assert_cmpuint (dt_time_page_get_n_days (page), ==, 0);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "No Time Tracked"));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "time-empty");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/time-page/week", Fixture, NULL, fixture_set_up, test_week, fixture_tear_down);
  g_test_add ("/ui/time-page/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);

  return g_test_run ();
}

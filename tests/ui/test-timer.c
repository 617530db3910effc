/* test-timer.c: the header bar's timer: picking a task by typing, starting it from the header,
 * and the header following a stop (and a start) made by another connection on another
 * thread, as the MCP tools do on the server's thread. */
#include "config.h"

#include <string.h>

#include "dt-client-store.h"
#include "dt-oauth-clients.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-test-http.h"
#include "dt-time.h"
#include "dt-timer-bar.h"
#include "dt-ui-test.h"
#include "dt-window.h"

typedef struct
{
  char      *data_dir;
  DtService *service;
  gint64     project_id;
  gint64     task_id;
} Fixture;

static gint64
add_project (DtDb       *db,
             const char *client_name,
             const char *project_name,
             const char *task_title,
             gint64     *out_task_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) stored_client = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) stored_project = NULL;
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTask) stored_task = NULL;

  g_free (client->name);
  client->name = g_strdup (client_name);
  g_free (client->currency);
  client->currency = g_strdup ("EUR");
  stored_client = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  project->client_id = stored_client->id;
  g_free (project->name);
  project->name = g_strdup (project_name);
  stored_project = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  task->project_id = stored_project->id;
  g_free (task->title);
  task->title = g_strdup (task_title);
  stored_task = dt_task_store_create (db, task, &error);
  g_assert_no_error (error);
  if (out_task_id != NULL)
    *out_task_id = stored_task->id;
  return stored_project->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtDb *db;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  g_assert_no_error (error);
  db = dt_service_get_db (fixture->service);
  fixture->project_id = add_project (db, "Acme Corporation", "Website", "Design review",
                                     &fixture->task_id);
  add_project (db, "Café Müller", "Menu cards", "Print layout", NULL);
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

/* What the server thread does: its own connection, sharing the change events. */
typedef struct
{
  Fixture  *fixture;
  gboolean  start;
} RemoteCall;

static gpointer
remote_thread (gpointer data)
{
  RemoteCall *call = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (call->fixture->data_dir,
                                               DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtTimeEntry) entry = NULL;

  g_assert_no_error (error);
  dt_db_set_events (db, dt_db_get_events (dt_service_get_db (call->fixture->service)));
  if (call->start)
    {
      g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
      input->project_id = call->fixture->project_id;
      entry = dt_time_entry_store_start_timer (db, input, &error);
    }
  else
    entry = dt_time_entry_store_stop_timer (db, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return NULL;
}

static void
remote (Fixture  *fixture,
        gboolean  start)
{
  RemoteCall call = { fixture, start };
  GThread *thread = g_thread_new ("server", remote_thread, &call);

  g_thread_join (thread);
}

static gboolean
is_running (gpointer data)
{
  return dt_timer_bar_is_running (data);
}

static gboolean
is_stopped (gpointer data)
{
  return !dt_timer_bar_is_running (data);
}

static gboolean
shows_elapsed (gpointer data)
{
  return g_str_equal (dt_timer_bar_get_elapsed_text (data), "1:23:05");
}

static gboolean
picker_ready (gpointer data)
{
  return !dt_timer_bar_is_loading (data);
}

static void
test_start_from_header_stop_remotely (Fixture       *fixture,
                                      gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtTimerBar *bar = dt_window_get_timer_bar (window);
  GtkWidget *search, *list, *popover;
  g_autofree char *shot = NULL;
  g_autofree char *stopped_shot = NULL;
  g_autofree char *picker_shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (dt_timer_bar_is_running (bar));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==, "Choose a task");

  /* Search as you type: two words, any case, no accents needed. */
  dt_timer_bar_open_picker (bar);
  search = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (bar), DT_TYPE_TIMER_BAR, "search_entry");
  list = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (bar), DT_TYPE_TIMER_BAR, "task_list");
  popover = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (bar), DT_TYPE_TIMER_BAR, "task_popover");
  /* The tasks are read on a worker; the picker fills in when they come. */
  g_assert_true (dt_ui_test_wait_for (picker_ready, bar, 10000));
  dt_ui_test_iterate (100);
  g_assert_cmpuint (dt_timer_bar_get_n_choices (bar), ==, 4);  /* 2 projects, 2 tasks */
  g_assert_true (GTK_IS_LIST_VIEW (list));
  picker_shot = dt_ui_test_screenshot (popover, "timer-picker");

  gtk_editable_set_text (GTK_EDITABLE (search), "acme DESIGN");
  dt_ui_test_iterate (300);  /* search-changed is delayed a little */
  g_assert_cmpuint (dt_timer_bar_get_n_choices (bar), ==, 1);
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==,
                   "Acme Corporation › Website › Design review");
  g_assert_false (dt_timer_bar_is_running (bar));

  /* Start from the header with the window's shortcut action (Ctrl+Space). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-timer", NULL));
  g_assert_true (dt_timer_bar_is_running (bar));
  g_assert_cmpstr (dt_timer_bar_get_elapsed_text (bar), ==, "0:00:00");

  /* The clock moves on; the header ticks. */
  dt_time_set_fake_now (dt_time_now () + 3600 + 23 * 60 + 5);
  g_assert_true (dt_ui_test_wait_for (shows_elapsed, bar, 3000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "timer-running");

  /* Stopped by another connection on another thread: the header follows at once. */
  remote (fixture, FALSE);
  g_assert_true (dt_ui_test_wait_for (is_stopped, bar, 2000));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==,
                   "Acme Corporation › Website › Design review");
  stopped_shot = dt_ui_test_screenshot (GTK_WIDGET (window), "timer-stopped-remotely");

  /* And started the same way. */
  remote (fixture, TRUE);
  g_assert_true (dt_ui_test_wait_for (is_running, bar, 2000));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==, "Acme Corporation › Website");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_resume_last (Fixture       *fixture,
                  gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtTimerBar *bar = dt_window_get_timer_bar (window);

  gtk_window_present (GTK_WINDOW (window));
  dt_timer_bar_choose (bar, fixture->project_id, fixture->task_id);
  dt_timer_bar_toggle (bar);
  g_assert_true (dt_timer_bar_is_running (bar));
  dt_timer_bar_toggle (bar);
  g_assert_false (dt_timer_bar_is_running (bar));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window has nothing chosen: starting resumes the last task. */
  window = dt_window_new (NULL, fixture->service);
  bar = dt_window_get_timer_bar (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==, "Choose a task");
  dt_timer_bar_toggle (bar);
  g_assert_true (dt_timer_bar_is_running (bar));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==,
                   "Acme Corporation › Website › Design review");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An MCP client with a token for the timer, speaking Streamable HTTP to the real server. */
typedef struct
{
  guint  port;
  char  *token;
  char  *session;
} Mcp;

static DtTestResponse *
mcp_post (Mcp        *mcp,
          const char *body)
{
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", mcp->token);
  g_autofree char *session = mcp->session != NULL
    ? g_strdup_printf ("Mcp-Session-Id: %s", mcp->session) : NULL;
  const char *headers[] = { "Content-Type: application/json",
                            "Accept: application/json, text/event-stream",
                            "MCP-Protocol-Version: 2025-11-25", auth, session, NULL };
  DtTestResponse *r = dt_test_http (mcp->port, "POST", "/mcp", headers, body, -1);

  if (mcp->session == NULL && dt_test_response_header (r, "Mcp-Session-Id") != NULL)
    mcp->session = g_strdup (dt_test_response_header (r, "Mcp-Session-Id"));
  return r;
}

static void
mcp_connect (Mcp     *mcp,
             Fixture *fixture)
{
  static const char *const form[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
  const char *scopes[] = { "time_entries:write", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *body = NULL;
  g_autoptr(DtTestResponse) token = NULL;
  g_autoptr(DtTestResponse) init = NULL;
  g_autoptr(DtTestResponse) initialized = NULL;
  gint64 grant_id;
  g_autoptr(DtOAuthClient) client =
    dt_oauth_client_create_private (dt_service_get_db (fixture->service), "Claude Code",
                                    DT_TARGET_MCP, scopes, &secret, &grant_id, &error);

  g_assert_no_error (error);
  mcp->port = dt_service_get_port (fixture->service);
  body = dt_test_form ("grant_type", "client_credentials", "client_id", client->client_id,
                       "client_secret", secret, NULL);
  token = dt_test_http (mcp->port, "POST", "/oauth/token", form, body, -1);
  g_assert_cmpuint (token->status, ==, 200);
  mcp->token = g_strdup (dt_test_response_string (token, "access_token"));

  init = mcp_post (mcp, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        "\"clientInfo\":{\"name\":\"ui-test\",\"version\":\"1\"}}}");
  g_assert_cmpuint (init->status, ==, 200);
  g_assert_nonnull (mcp->session);
  initialized = mcp_post (mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  g_assert_cmpuint (initialized->status, <, 300);
}

static void
mcp_call (Mcp        *mcp,
          const char *tool,
          const char *arguments)
{
  g_autofree char *body = g_strdup_printf ("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                                           "\"tools/call\",\"params\":{\"name\":\"%s\","
                                           "\"arguments\":%s}}", tool, arguments);
  g_autoptr(DtTestResponse) r = mcp_post (mcp, body);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (strstr (r->body, "\"isError\":true"));
}

static void
test_start_from_header_stop_through_mcp (Fixture       *fixture,
                                         gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtTimerBar *bar = dt_window_get_timer_bar (window);
  Mcp mcp = { 0 };
  g_autofree char *start_args = NULL;
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  mcp_connect (&mcp, fixture);

  dt_timer_bar_choose (bar, fixture->project_id, fixture->task_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-timer", NULL));
  g_assert_true (dt_timer_bar_is_running (bar));

  /* The assistant stops it through MCP, on the server's own connection and thread. */
  mcp_call (&mcp, "stop_timer", "{}");
  g_assert_true (dt_ui_test_wait_for (is_stopped, bar, 5000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "timer-stopped-through-mcp");

  /* And starts another one the same way. */
  start_args = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT "}", fixture->project_id);
  mcp_call (&mcp, "start_timer", start_args);
  g_assert_true (dt_ui_test_wait_for (is_running, bar, 5000));
  g_assert_cmpstr (dt_timer_bar_get_task_text (bar), ==, "Acme Corporation › Website");

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (mcp.token);
  g_free (mcp.session);
}

static void
test_sleep_gap (Fixture       *fixture,
                gconstpointer  data)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtTimerBar *bar = dt_window_get_timer_bar (window);
  DtDb *db = dt_service_get_db (fixture->service);
  g_autoptr(DtTimeEntry) first = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;
  g_autoptr(DtTimeEntry) running = NULL;
  g_autofree char *shot = NULL;
  GtkWidget *dialog;
  gint64 now = dt_time_now ();

  gtk_window_present (GTK_WINDOW (window));
  dt_timer_bar_choose (bar, fixture->project_id, fixture->task_id);
  dt_time_set_fake_now (now - 3600);
  dt_timer_bar_toggle (bar);
  dt_time_set_fake_now (now);
  first = dt_time_entry_store_get_running (db, NULL);
  g_assert_nonnull (first);

  /* 42 minutes asleep: keep is the default, discarding ends the entry when the sleep began. */
  dialog = dt_timer_bar_ask_about_gap (bar, 42 * 60);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "keep");
  shot = dt_ui_test_screenshot (dialog, "timer-asleep");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");

  stopped = dt_time_entry_store_get (db, first->id, NULL);
  g_assert_cmpint (stopped->end_at, ==, now - 42 * 60);
  running = dt_time_entry_store_get_running (db, NULL);
  g_assert_nonnull (running);
  g_assert_cmpint (running->id, !=, first->id);
  g_assert_cmpint (running->task_id, ==, fixture->task_id);
  g_assert_true (dt_timer_bar_is_running (bar));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/timer/start-from-header-stop-remotely", Fixture, NULL, fixture_set_up,
              test_start_from_header_stop_remotely, fixture_tear_down);
  g_test_add ("/ui/timer/start-from-header-stop-through-mcp", Fixture, NULL, fixture_set_up,
              test_start_from_header_stop_through_mcp, fixture_tear_down);
  g_test_add ("/ui/timer/sleep-gap", Fixture, NULL, fixture_set_up, test_sleep_gap,
              fixture_tear_down);
  g_test_add ("/ui/timer/resume-last", Fixture, NULL, fixture_set_up, test_resume_last,
              fixture_tear_down);

  return g_test_run ();
}

/* test-connected-apps.c: Preferences → Connected apps lists the apps with access; revoking one
 * there makes its next request fail with 401; a private app made in the form can sign in; the
 * "Ask before sensitive actions" switch asks once before turning off, warns while off, and
 * follows changes made elsewhere (the command line). */
#include "config.h"

#include <string.h>

#include "dt-connected-apps-page.h"
#include "dt-connected-apps.h"
#include "dt-oauth-clients.h"
#include "dt-preferences-window.h"
#include "dt-server-auth.h"
#include "dt-service.h"
#include "dt-test-http.h"
#include "dt-token-check.h"
#include "dt-app-activity-window.h"
#include "dt-ui-test.h"

typedef struct
{
  char      *data_dir;
  DtService *service;
  guint      port;
} Fixture;

static void
protected_cb (DtRequest *request,
              gpointer   user_data)
{
  g_autoptr(DtPrincipal) principal = dt_request_authenticate (request, DT_TARGET_API, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (principal == NULL)
    return;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  dt_request_respond_json (request, 200, node);
}

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
  fixture->port = dt_service_get_port (fixture->service);
  /* A stand-in for any REST route: the same token check every endpoint runs. */
  dt_server_add_route (dt_service_get_server (fixture->service), "/test-protected",
                       protected_cb, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static char *
private_app (Fixture    *fixture,
             const char *name,
             const char *scope,
             char      **out_secret)
{
  g_autoptr(GError) error = NULL;
  const char *scopes[] = { scope, NULL };
  gint64 grant_id = 0;
  g_autoptr(DtOAuthClient) client =
    dt_oauth_client_create_private (dt_service_get_db (fixture->service), name, DT_TARGET_API,
                                    scopes, out_secret, &grant_id, &error);

  g_assert_no_error (error);
  return g_strdup (client->client_id);
}

static char *
sign_in (Fixture    *fixture,
         const char *client_id,
         const char *secret)
{
  static const char *const headers[] = {
    "Content-Type: application/x-www-form-urlencoded", NULL
  };
  g_autofree char *body = dt_test_form ("grant_type", "client_credentials", "client_id",
                                        client_id, "client_secret", secret, NULL);
  g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/token", headers,
                                              body, -1);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (dt_test_response_string (r, "access_token"));
}

static guint
call (Fixture    *fixture,
      const char *token)
{
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", token);
  const char *headers[] = { auth, NULL };
  g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "GET", "/test-protected", headers,
                                              NULL, 0);

  return r->status;
}

static gboolean
has_n_apps (gpointer data)
{
  return dt_connected_apps_page_get_n_apps (((gpointer *) data)[0]) ==
         GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
test_revoke (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *other_secret = NULL;
  g_autofree char *client_id = private_app (fixture, "Invoice export script", "invoices:read",
                                            &secret);
  g_autofree char *other_id = private_app (fixture, "Nightly backup", "clients:read",
                                           &other_secret);
  g_autofree char *token = sign_in (fixture, client_id, secret);
  g_autofree char *other_token = sign_in (fixture, other_id, other_secret);
  DtPreferencesWindow *prefs;
  DtConnectedAppsPage *page;
  GtkWidget *dialog, *row;
  g_autofree char *shot = NULL;
  g_autofree char *confirm_shot = NULL;

  g_assert_cmpuint (call (fixture, token), ==, 200);

  prefs = dt_preferences_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 760);
  dt_preferences_window_show_page (prefs, "connected-apps");
  gtk_window_present (GTK_WINDOW (prefs));
  page = DT_CONNECTED_APPS_PAGE (dt_ui_test_find (GTK_WIDGET (prefs),
                                                  DT_TYPE_CONNECTED_APPS_PAGE, 0));
  g_assert_nonnull (page);
  g_assert_cmpuint (dt_connected_apps_page_get_n_apps (page), ==, 2);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Invoice export script"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Invoices: see"));

  row = dt_ui_test_find (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  shot = dt_ui_test_screenshot (GTK_WIDGET (prefs), "connected-apps");

  /* The row's button fires the one parameterised action; the confirmation comes first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.revoke-client", "s",
                                             client_id));
  dialog = dt_connected_apps_page_revoke (page, client_id);
  g_assert_nonnull (dialog);
  confirm_shot = dt_ui_test_screenshot (dialog, "connected-apps-revoke");
  g_assert_cmpuint (call (fixture, token), ==, 200);  /* nothing happens before confirming */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "revoke");

  /* Effective on the very next request; the other app is untouched. */
  g_assert_cmpuint (call (fixture, token), ==, 401);
  g_assert_cmpuint (call (fixture, other_token), ==, 200);
  g_assert_cmpuint (dt_connected_apps_page_get_n_apps (page), ==, 1);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_create_private (Fixture       *fixture,
                     gconstpointer  data)
{
  DtPreferencesWindow *prefs = dt_preferences_window_new (NULL, fixture->service);
  DtConnectedAppsPage *page;
  GtkWidget *dialog, *name, *check;
  g_autofree char *shot = NULL;
  gpointer wait[2];

  dt_preferences_window_show_page (prefs, "connected-apps");
  gtk_window_present (GTK_WINDOW (prefs));
  page = DT_CONNECTED_APPS_PAGE (dt_ui_test_find (GTK_WIDGET (prefs),
                                                  DT_TYPE_CONNECTED_APPS_PAGE, 0));
  g_assert_cmpuint (dt_connected_apps_page_get_n_apps (page), ==, 0);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "No Connected Apps"));

  dialog = dt_connected_apps_page_create_private (page);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create"));
  g_assert_nonnull (dt_ui_test_find_text (dialog, "Enter a name"));
  name = dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0);
  gtk_editable_set_text (GTK_EDITABLE (name), "Timesheet sync");
  g_assert_nonnull (dt_ui_test_find_text (dialog, "Choose at least one thing"));
  /* Profile: see (first check), Clients: change (fourth) brings Clients: see along. */
  check = dt_ui_test_find (dialog, GTK_TYPE_CHECK_BUTTON, 3);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    dt_ui_test_find (dialog, GTK_TYPE_CHECK_BUTTON, 2))));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create"));
  shot = dt_ui_test_screenshot (dialog, "connected-apps-private");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "create");

  wait[0] = page;
  wait[1] = GUINT_TO_POINTER (1);
  g_assert_true (dt_ui_test_wait_for (has_n_apps, wait, 2000));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Clients: see, change"));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* What the token check tells the REST API for this bearer's next request. */
static gboolean
server_asks (Fixture    *fixture,
             const char *token)
{
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(DtAuthChallenge) challenge = NULL;
  g_autoptr(DtPrincipal) principal = dt_token_check (dt_service_get_db (fixture->service),
                                                     bearer, DT_TARGET_API, NULL,
                                                     "http://127.0.0.1", &challenge);

  g_assert_nonnull (principal);
  return principal->confirm_sensitive;
}

static GtkWidget *
open_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

typedef struct
{
  GtkWidget *page;
  gboolean   warned;
} WarnWait;

static gboolean
shows_warning (gpointer data)
{
  WarnWait *wait = data;

  return (dt_ui_test_find_text (wait->page, "Acts without asking") != NULL) == wait->warned;
}

/* The app's switch (an expander row has a hidden switch of its own). */
static GtkSwitch *
confirm_switch (DtConnectedAppsPage *page)
{
  GtkWidget *toggle;

  for (guint i = 0; (toggle = dt_ui_test_find (GTK_WIDGET (page), GTK_TYPE_SWITCH, i)) != NULL;
       i++)
    if (gtk_widget_get_visible (toggle) && gtk_widget_get_ancestor (toggle, ADW_TYPE_ACTION_ROW)
        && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
             gtk_widget_get_ancestor (toggle, ADW_TYPE_ACTION_ROW))), "Ask before"))
      return GTK_SWITCH (toggle);
  g_assert_not_reached ();
  return NULL;
}

static void
test_confirm_switch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *client_id = private_app (fixture, "Bookkeeping assistant", "billing:write",
                                            &secret);
  g_autofree char *token = sign_in (fixture, client_id, secret);
  g_autofree char *dialog_shot = NULL;
  g_autofree char *off_shot = NULL;
  g_autoptr(GError) error = NULL;
  DtPreferencesWindow *prefs;
  DtConnectedAppsPage *page;
  GtkWidget *dialog, *row;
  WarnWait wait = { 0 };

  prefs = dt_preferences_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 760);
  dt_preferences_window_show_page (prefs, "connected-apps");
  gtk_window_present (GTK_WINDOW (prefs));
  page = DT_CONNECTED_APPS_PAGE (dt_ui_test_find (GTK_WIDGET (prefs),
                                                  DT_TYPE_CONNECTED_APPS_PAGE, 0));
  wait.page = GTK_WIDGET (page);
  row = dt_ui_test_find (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  dt_ui_test_iterate (50);

  /* On by default. */
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Ask before sensitive actions"));
  g_assert_true (gtk_switch_get_active (confirm_switch (page)));
  g_assert_true (server_asks (fixture, token));

  /* Flipping it off asks first; keeping it on changes nothing and puts the switch back. */
  gtk_switch_set_active (confirm_switch (page), FALSE);
  dialog = open_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (server_asks (fixture, token));
  dialog_shot = dt_ui_test_screenshot (dialog, "connected-apps-confirm-off");
  /* What the dialog's button does: answer, then close. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  dt_ui_test_iterate (50);
  g_assert_true (gtk_switch_get_active (confirm_switch (page)));
  g_assert_true (server_asks (fixture, token));

  /* Confirmed: off for the app's next request, and the row says so, collapsed or not. */
  gtk_switch_set_active (confirm_switch (page), FALSE);
  dialog = open_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "turn-off");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (server_asks (fixture, token));
  wait.warned = TRUE;
  g_assert_true (dt_ui_test_wait_for (shows_warning, &wait, 2000));
  g_assert_false (gtk_switch_get_active (confirm_switch (page)));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "without asking you"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Stopped asking"));
  /* The rebuild kept the row open. */
  row = dt_ui_test_find (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW, 0);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  off_shot = dt_ui_test_screenshot (GTK_WIDGET (prefs), "connected-apps-confirm-warning");

  /* Turning it back on needs no question. */
  gtk_switch_set_active (confirm_switch (page), TRUE);
  g_assert_null (open_message_dialog ());
  g_assert_true (server_asks (fixture, token));
  wait.warned = FALSE;
  g_assert_true (dt_ui_test_wait_for (shows_warning, &wait, 2000));

  /* A change made elsewhere (as `doubletime apps confirm ID off` does) shows up by itself. */
  g_assert_true (dt_connected_apps_set_confirm_sensitive (dt_service_get_db (fixture->service),
                                                          client_id, NULL, FALSE, "cli",
                                                          &error));
  g_assert_no_error (error);
  wait.warned = TRUE;
  g_assert_true (dt_ui_test_wait_for (shows_warning, &wait, 2000));
  g_assert_false (gtk_switch_get_active (confirm_switch (page)));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
has_label_starting (GtkWidget  *root,
                    const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_starting (child, prefix))
      return TRUE;
  return FALSE;
}

/* Everything an app did, from the row "All Activity": 5,000 events in a window that keeps a
 * screenful of rows wherever it is scrolled, newest first. */
static void
test_all_activity (Fixture       *fixture,
                   gconstpointer  data)
{
  DtDb *db = dt_service_get_db (fixture->service);
  g_autofree char *secret = NULL;
  g_autofree char *client_id = private_app (fixture, "Timesheet script", "clients:read",
                                            &secret);
  g_autofree char *shot = NULL;
  DtPreferencesWindow *prefs;
  DtConnectedAppsPage *page;
  GtkWidget *window, *view;
  GtkAdjustment *adjustment;
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db, "INSERT INTO audit_log (at, event, outcome, client_id, client_name, "
                        "object) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 5000) SELECT 1764547200 + i * 60, 'mcp.list_clients', "
                        "CASE WHEN i % 100 = 0 THEN 'denied' ELSE 'ok' END, ?1, "
                        "'Timesheet script', 'entry ' || i FROM n", NULL);
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);

  prefs = dt_preferences_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 760);
  dt_preferences_window_show_page (prefs, "connected-apps");
  gtk_window_present (GTK_WINDOW (prefs));
  page = DT_CONNECTED_APPS_PAGE (dt_ui_test_find (GTK_WIDGET (prefs),
                                                  DT_TYPE_CONNECTED_APPS_PAGE, 0));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "All Activity"));

  window = dt_connected_apps_page_show_activity (page, client_id, "Timesheet script");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Activity of Timesheet script");
  /* Its own sign-up, and the 5,000 calls. */
  g_assert_cmpuint (dt_app_activity_window_get_n_events (DT_APP_ACTIVITY_WINDOW (window)), >,
                    5000);
  dt_ui_test_iterate (200);
  /* The newest event is on screen first; the oldest is not built. */
  g_assert_true (has_label_starting (window, "entry 5000 · "));
  g_assert_false (has_label_starting (window, "entry 1 · "));
  g_assert_true (has_label_starting (window, "Called list_clients (MCP)"));
  shot = dt_ui_test_screenshot (window, "connected-apps-activity");

  view = dt_ui_test_find (window, GTK_TYPE_LIST_VIEW, 0);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  for (guint step = 0; step <= 10; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * step / 10);
      dt_ui_test_iterate (60);
      g_assert_cmpuint (dt_ui_test_count_with_class (window, "activity-row"), >, 0);
      g_assert_cmpuint (dt_ui_test_count_with_class (window, "activity-row"), <, 500);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/connected-apps/all-activity", Fixture, NULL, fixture_set_up,
              test_all_activity, fixture_tear_down);
  g_test_add ("/ui/connected-apps/revoke", Fixture, NULL, fixture_set_up, test_revoke,
              fixture_tear_down);
  g_test_add ("/ui/connected-apps/create-private", Fixture, NULL, fixture_set_up,
              test_create_private, fixture_tear_down);
  g_test_add ("/ui/connected-apps/confirm-switch", Fixture, NULL, fixture_set_up,
              test_confirm_switch, fixture_tear_down);

  return g_test_run ();
}

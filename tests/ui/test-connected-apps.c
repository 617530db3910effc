/* test-connected-apps.c: Preferences → Connected apps lists the apps with access; revoking one
 * there makes its next request fail with 401; a private app made in the form can sign in. */
#include "config.h"

#include <string.h>

#include "dt-connected-apps-page.h"
#include "dt-oauth-clients.h"
#include "dt-preferences-window.h"
#include "dt-server-auth.h"
#include "dt-service.h"
#include "dt-test-http.h"
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

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/connected-apps/revoke", Fixture, NULL, fixture_set_up, test_revoke,
              fixture_tear_down);
  g_test_add ("/ui/connected-apps/create-private", Fixture, NULL, fixture_set_up,
              test_create_private, fixture_tear_down);

  return g_test_run ();
}

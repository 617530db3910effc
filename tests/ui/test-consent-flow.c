/* test-consent-flow.c: an app asks for access over real HTTP, the consent dialog shows what it
 * asked for, the user narrows it, and the token the app gets carries only what was left. */
#include "config.h"

#include <string.h>

#include "dt-action-dialog.h"
#include "dt-auth-crypto.h"
#include "dt-consent-dialog.h"
#include "dt-consent-presenter.h"
#include "dt-service.h"
#include "dt-test-http.h"
#include "dt-ui-test.h"

#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-gui-consent-test"
#define REDIRECT "http://127.0.0.1:33418/callback"

typedef struct
{
  char               *data_dir;
  DtService          *service;
  guint               port;
  DtConsentPresenter *presenter;
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
  fixture->port = dt_service_get_port (fixture->service);
  fixture->presenter = dt_consent_presenter_new (dt_service_get_consent_broker (fixture->service),
                                                 NULL);
  dt_consent_presenter_set_allow_delay (fixture->presenter, 100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->presenter);
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static char *
register_client (Fixture    *fixture,
                 const char *name)
{
  static const char *const json_headers[] = { "Content-Type: application/json", NULL };
  g_autofree char *body = g_strdup_printf ("{\"client_name\":\"%s\",\"redirect_uris\":[\"%s\"],"
                                           "\"token_endpoint_auth_method\":\"none\"}",
                                           name, REDIRECT);
  g_autoptr(DtTestResponse) r = dt_test_http (fixture->port, "POST", "/oauth/register",
                                              json_headers, body, -1);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (dt_test_response_string (r, "client_id"));
}

static char *
authorize_url (Fixture    *fixture,
               const char *client_id,
               const char *scope)
{
  guint8 digest[DT_AUTH_HASH_LEN];
  g_autofree char *challenge = NULL;
  g_autofree char *resource = g_strdup_printf ("http://127.0.0.1:%u/mcp", fixture->port);
  g_autofree char *query = NULL;

  dt_auth_hash (VERIFIER, digest);
  challenge = dt_auth_base64url (digest, sizeof digest);
  query = dt_test_form ("response_type", "code", "client_id", client_id, "redirect_uri",
                        REDIRECT, "code_challenge", challenge, "code_challenge_method", "S256",
                        "state", "st-1", "scope", scope, "resource", resource, NULL);
  return g_strconcat ("/oauth/authorize?", query, NULL);
}

static gboolean
dialog_shown (gpointer data)
{
  return dt_consent_presenter_get_dialog (data) != NULL;
}

static gboolean
http_done (gpointer data)
{
  return dt_test_http_is_done (data);
}

static gboolean
allow_enabled (gpointer data)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (data), "allow");
}

static char *
location_param (DtTestResponse *r,
                const char     *name)
{
  const char *location = dt_test_response_header (r, "Location");
  const char *query;
  g_autoptr(GHashTable) params = NULL;

  if (location == NULL || (query = strchr (location, '?')) == NULL)
    return NULL;
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

static void
test_narrowed_approval (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *const form_headers[] = {
    "Content-Type: application/x-www-form-urlencoded", NULL
  };
  g_autofree char *client_id = register_client (fixture, "Claude Code");
  g_autofree char *url = authorize_url (fixture, client_id,
                                        "clients:write projects:read time_entries:write");
  DtTestPending *pending = dt_test_http_begin (fixture->port, "GET", url, NULL, NULL, 0);
  g_autoptr(DtTestResponse) redirect = NULL;
  g_autoptr(DtTestResponse) token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *shot = NULL;
  GtkWindow *dialog;

  /* The dialog comes up by itself, with what the app asked for (write brings read). */
  g_assert_true (dt_ui_test_wait_for (dialog_shown, fixture->presenter, 10000));
  dialog = dt_consent_presenter_get_dialog (fixture->presenter);
  g_assert_true (DT_IS_CONSENT_DIALOG (dialog));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "Clients"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "Projects"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "Time entries"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "MCP server"));
  {
    g_auto(GStrv) asked = dt_consent_dialog_get_granted (DT_CONSENT_DIALOG (dialog));
    g_autofree char *asked_text = g_strjoinv (" ", asked);
    g_assert_cmpstr (asked_text, ==, "clients:read clients:write projects:read "
                                     "time_entries:read time_entries:write");
  }

  /* The user keeps reading clients and tracked time, and nothing else. */
  dt_consent_dialog_set_scope (DT_CONSENT_DIALOG (dialog), "clients:write", FALSE);
  dt_consent_dialog_set_scope (DT_CONSENT_DIALOG (dialog), "projects:read", FALSE);
  dt_consent_dialog_set_scope (DT_CONSENT_DIALOG (dialog), "time_entries:write", FALSE);
  g_assert_true (dt_ui_test_wait_for (allow_enabled, dialog, 5000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (dialog), "consent-flow-narrowed");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "allow");

  g_assert_true (dt_ui_test_wait_for (http_done, pending, 10000));
  redirect = dt_test_http_finish (pending);
  g_assert_cmpuint (redirect->status, ==, 302);
  code = location_param (redirect, "code");
  g_assert_nonnull (code);
  g_assert_null (dt_consent_presenter_get_dialog (fixture->presenter));

  resource = g_strdup_printf ("http://127.0.0.1:%u/mcp", fixture->port);
  body = dt_test_form ("grant_type", "authorization_code", "code", code, "code_verifier",
                       VERIFIER, "redirect_uri", REDIRECT, "client_id", client_id, "resource",
                       resource, NULL);
  token = dt_test_http (fixture->port, "POST", "/oauth/token", form_headers, body, -1);
  g_assert_cmpuint (token->status, ==, 200);
  g_assert_true (g_str_has_prefix (dt_test_response_string (token, "access_token"), "dt_at_"));
  g_assert_cmpstr (dt_test_response_string (token, "scope"), ==,
                   "clients:read time_entries:read");
}

static void
test_deny_and_one_at_a_time (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *first_id = register_client (fixture, "First app");
  g_autofree char *second_id = register_client (fixture, "Second app");
  g_autofree char *first_url = authorize_url (fixture, first_id, "clients:read");
  g_autofree char *second_url = authorize_url (fixture, second_id, "invoices:read");
  DtTestPending *first = dt_test_http_begin (fixture->port, "GET", first_url, NULL, NULL, 0);
  DtTestPending *second = NULL;
  g_autoptr(DtTestResponse) first_r = NULL;
  g_autoptr(DtTestResponse) second_r = NULL;
  g_autofree char *error = NULL;
  GtkWindow *dialog;

  g_assert_true (dt_ui_test_wait_for (dialog_shown, fixture->presenter, 10000));
  dialog = dt_consent_presenter_get_dialog (fixture->presenter);
  second = dt_test_http_begin (fixture->port, "GET", second_url, NULL, NULL, 0);
  dt_ui_test_iterate (300);

  /* Still the first question on screen; the second waits its turn. */
  g_assert_true (dt_consent_presenter_get_dialog (fixture->presenter) == dialog);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "Clients"));

  /* Closing the dialog is Deny. */
  gtk_window_close (dialog);
  g_assert_true (dt_ui_test_wait_for (http_done, first, 10000));
  first_r = dt_test_http_finish (first);
  error = location_param (first_r, "error");
  g_assert_cmpstr (error, ==, "access_denied");

  /* Then the second one shows; answering it on the command line closes the dialog. */
  g_assert_true (dt_ui_test_wait_for (dialog_shown, fixture->presenter, 10000));
  dialog = dt_consent_presenter_get_dialog (fixture->presenter);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (dialog), "Invoices"));
  {
    g_autoptr(GPtrArray) pending = dt_consent_broker_list_pending (
      dt_service_get_consent_broker (fixture->service));
    DtConsentRequest *request = g_ptr_array_index (pending, 0);
    g_assert_true (dt_consent_broker_approve (dt_service_get_consent_broker (fixture->service),
                                              request->id, NULL, DT_CONSENT_VIA_CLI, NULL));
  }
  g_assert_null (dt_consent_presenter_get_dialog (fixture->presenter));
  g_assert_true (dt_ui_test_wait_for (http_done, second, 10000));
  second_r = dt_test_http_finish (second);
  g_assert_cmpuint (second_r->status, ==, 302);
}

static void
on_reply_cb (DtConsentRequest        *request,
             const DtConsentDecision *decision,
             gpointer                 user_data)
{
  *(int *) user_data = decision->outcome;
}

static void
test_sensitive_action (Fixture       *fixture,
                       gconstpointer  data)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (fixture->service);
  g_autoptr(DtConsentRequest) request =
    dt_consent_request_new_action ("client-1", "Claude Code", DT_TARGET_MCP, "send_invoice",
                                   "send invoice INV-2026-0014 to billing@acme.example — "
                                   "€1,250.00");
  g_autoptr(GError) error = NULL;
  int outcome = -1;
  GtkWindow *dialog;

  g_assert_true (dt_consent_broker_submit (broker, request, NULL, on_reply_cb, &outcome, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (dt_ui_test_wait_for (dialog_shown, fixture->presenter, 5000));
  dialog = dt_consent_presenter_get_dialog (fixture->presenter);
  g_assert_true (DT_IS_ACTION_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "wants to send invoice INV-2026-0014"));
  g_assert_true (dt_ui_test_wait_for (allow_enabled, dialog, 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "allow");
  g_assert_null (dt_consent_presenter_get_dialog (fixture->presenter));
  dt_ui_test_iterate (100);
  g_assert_cmpint (outcome, ==, DT_CONSENT_APPROVED);
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/consent-flow/narrowed-approval", Fixture, NULL, fixture_set_up,
              test_narrowed_approval, fixture_tear_down);
  g_test_add ("/ui/consent-flow/deny-and-one-at-a-time", Fixture, NULL, fixture_set_up,
              test_deny_and_one_at_a_time, fixture_tear_down);
  g_test_add ("/ui/consent-flow/sensitive-action", Fixture, NULL, fixture_set_up,
              test_sensitive_action, fixture_tear_down);

  return g_test_run ();
}

/* test-consent-dialog.c: the consent dialog shows what was asked for, grouped by area, lets
 * the user only narrow it, keeps Deny the default and Allow asleep for a moment. */
#include "config.h"

#include <string.h>

#include "dt-action-dialog.h"
#include "dt-consent-dialog.h"
#include "dt-ui-test.h"

static const char *requested[] = {
  "clients:read", "clients:write", "projects:read", "time_entries:read", "time_entries:write",
  "invoices:read", "invoices:send", NULL
};

static gboolean
allow_enabled (gpointer data)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (data), "allow");
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  *(char **) user_data = g_strdup (response);
}

static void
test_shows_and_narrows (void)
{
  DtConsentDialog *dialog = dt_consent_dialog_new (NULL, "Claude Code",
                                                   "http://127.0.0.1:33418/callback",
                                                   DT_TARGET_MCP, requested);
  GtkWidget *w = GTK_WIDGET (dialog);
  g_autofree char *response = NULL;
  g_autofree char *shot = NULL;
  g_auto(GStrv) granted = NULL;
  g_autofree char *granted_text = NULL;

  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), &response);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Deny is the default; Allow is asleep at first. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "deny");
  g_assert_false (allow_enabled (dialog));

  /* What was asked for, in words, grouped by area. */
  g_assert_nonnull (dt_ui_test_find_text (w, "Clients"));
  g_assert_nonnull (dt_ui_test_find_text (w, "Time entries"));
  g_assert_nonnull (dt_ui_test_find_text (w, "Invoices"));
  g_assert_nonnull (dt_ui_test_find_text (w, "Unverified"));
  g_assert_null (dt_ui_test_find_text (w, "Billing and payments"));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Allow “Claude Code” to Access DoubleTime?");

  /* Seven requested scopes, seven check buttons. */
  g_assert_nonnull (dt_ui_test_find (w, GTK_TYPE_CHECK_BUTTON, 6));
  g_assert_null (dt_ui_test_find (w, GTK_TYPE_CHECK_BUTTON, 7));

  /* Narrow: no writing time, no reading clients (which takes writing clients with it). */
  dt_consent_dialog_set_scope (dialog, "time_entries:write", FALSE);
  dt_consent_dialog_set_scope (dialog, "clients:read", FALSE);
  g_assert_true (dt_ui_test_wait_for (allow_enabled, dialog, 5000));

  shot = dt_ui_test_screenshot (w, "consent-dialog");

  granted = dt_consent_dialog_get_granted (dialog);
  granted_text = g_strjoinv (" ", granted);
  g_assert_cmpstr (granted_text, ==, "projects:read time_entries:read invoices:read invoices:send");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "allow");
  g_assert_cmpstr (response, ==, "allow");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_write_brings_read (void)
{
  DtConsentDialog *dialog = dt_consent_dialog_new (NULL, "script", "http://localhost:9/cb",
                                                   DT_TARGET_API, requested);
  g_auto(GStrv) granted = NULL;

  dt_consent_dialog_set_allow_delay (dialog, 0);
  dt_consent_dialog_set_scope (dialog, "invoices:read", FALSE);
  granted = dt_consent_dialog_get_granted (dialog);
  g_assert_false (g_strv_contains ((const char * const *) granted, "invoices:send"));
  g_clear_pointer (&granted, g_strfreev);

  dt_consent_dialog_set_scope (dialog, "invoices:send", TRUE);
  granted = dt_consent_dialog_get_granted (dialog);
  g_assert_true (g_strv_contains ((const char * const *) granted, "invoices:read"));

  /* Nothing left ticked: Allow has nothing to allow. */
  for (guint i = 0; requested[i] != NULL; i++)
    if (g_str_has_suffix (requested[i], ":read"))
      dt_consent_dialog_set_scope (dialog, requested[i], FALSE);
  g_assert_false (allow_enabled (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_sensitive_action (void)
{
  DtActionDialog *dialog = dt_action_dialog_new (NULL, "Claude Code", DT_ACTION_KIND_SEND,
                                                 "send invoice INV-2026-0014 to "
                                                 "billing@acme.example — €1,250.00");
  g_autofree char *response = NULL;
  g_autofree char *shot = NULL;

  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), &response);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "<b>Claude Code</b> wants to send invoice INV-2026-0014 to "
                   "billing@acme.example — €1,250.00.");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "deny");
  g_assert_false (allow_enabled (dialog));
  dt_action_dialog_set_allow_delay (dialog, 50);
  g_assert_true (dt_ui_test_wait_for (allow_enabled, dialog, 5000));
  shot = dt_ui_test_screenshot (GTK_WIDGET (dialog), "sensitive-action-dialog");

  /* Closing is denying. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpstr (response, ==, "deny");
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/consent-dialog/shows-and-narrows", test_shows_and_narrows);
  g_test_add_func ("/ui/consent-dialog/write-brings-read", test_write_brings_read);
  g_test_add_func ("/ui/consent-dialog/sensitive-action", test_sensitive_action);

  return g_test_run ();
}

/* test-secrets.c: without a Secret Service the keyring calls fail plainly, and sending says so. */
#include "dt-error.h"
#include "dt-mailer.h"
#include "dt-secrets.h"

#include <locale.h>
#include <string.h>

static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = dt_secrets_lookup_smtp_password_sync ("smtp.example.com", "maja", NULL, &error);
  g_assert_null (password);
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "could not read the SMTP password in the keyring"));
  g_clear_error (&error);

  g_assert_false (dt_secrets_store_smtp_password_sync ("smtp.example.com", "maja", "pw", NULL,
                                                       &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (dt_secrets_lookup_smtp_password_sync ("", "maja", NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

/* Sending with a user name but no password given looks in the keyring first, and stops there. */
static void
test_send_without_keyring (void)
{
  g_autoptr(DtMailerSettings) settings = dt_mailer_settings_new ();
  g_autoptr(DtMailMessage) message = dt_mail_message_new ();
  g_autoptr(GError) error = NULL;

  settings->host = g_strdup ("127.0.0.1");
  settings->port = 9;
  settings->security = DT_SMTP_SECURITY_NONE;
  settings->username = g_strdup ("maja");
  settings->from_address = g_strdup ("maja@example.com");
  message->to = g_strsplit ("client@example.com", ",", -1);
  message->subject = g_strdup ("Invoice");
  message->body = g_strdup ("Hello");

  g_assert_false (dt_mailer_send_sync (settings, NULL, message, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "keyring"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* A bus that is not there: never the developer's own keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dt-test-bus", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/no-service", test_no_service);
  g_test_add_func ("/secrets/send-without-keyring", test_send_without_keyring);
  return g_test_run ();
}

/* test-mailer.c: mailer settings validation, addresses, header encoding, invoice e-mails. */
#include "dt-error.h"
#include "dt-mailer.h"
#include "dt-sample-invoice.h"

#include <locale.h>
#include <string.h>

static DtMailerSettings *
good_settings (void)
{
  DtMailerSettings *settings = dt_mailer_settings_new ();

  settings->host = g_strdup ("smtp.example.com");
  settings->username = g_strdup ("maja");
  settings->from_address = g_strdup ("maja@example.com");
  return settings;
}

static void
test_settings (void)
{
  g_autoptr(DtMailerSettings) settings = good_settings ();
  g_autoptr(DtMailerSettings) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_mailer_settings_validate (settings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dt_mailer_settings_get_port (settings), ==, 587);
  settings->security = DT_SMTP_SECURITY_TLS;
  g_assert_cmpuint (dt_mailer_settings_get_port (settings), ==, 465);
  settings->port = 2525;
  g_assert_cmpuint (dt_mailer_settings_get_port (settings), ==, 2525);

  copy = dt_mailer_settings_copy (settings);
  g_assert_cmpstr (copy->host, ==, "smtp.example.com");
  g_assert_true (copy->host != settings->host);

  /* Plain SMTP only to this machine. */
  settings->security = DT_SMTP_SECURITY_NONE;
  g_assert_false (dt_mailer_settings_validate (settings, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "smtp.example.com"));
  g_clear_error (&error);
  for (guint i = 0; i < 4; i++)
    {
      const char *loopback[] = { "127.0.0.1", "::1", "localhost", "127.0.0.53" };

      g_free (settings->host);
      settings->host = g_strdup (loopback[i]);
      g_assert_true (dt_mailer_settings_validate (settings, &error));
      g_assert_no_error (error);
    }

  g_free (settings->host);
  settings->host = g_strdup ("smtp.example.com\r\nRCPT TO:<x@y>");
  g_assert_false (dt_mailer_settings_validate (settings, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);

  g_free (settings->host);
  settings->host = g_strdup ("smtp.example.com");
  settings->security = DT_SMTP_SECURITY_STARTTLS;
  g_free (settings->from_address);
  settings->from_address = g_strdup ("not an address");
  g_assert_false (dt_mailer_settings_validate (settings, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an address"));
  g_clear_error (&error);

  g_free (settings->from_address);
  settings->from_address = g_strdup ("maja@example.com");
  settings->from_name = g_strdup ("Maja\r\nBcc: everyone@example.com");
  g_assert_false (dt_mailer_settings_validate (settings, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_addresses (void)
{
  const char *good[] = { "a@b.c", "maja.lindqvist+billing@example.co.uk", "keiri@yamada.example",
                         "用户@例子.广告" };
  const char *bad[] = { NULL, "", "a", "@b.c", "a@", "a@@b.c", "a@b@c", "a b@c.d", "<a@b.c>",
                        "a@b.c\r\nX: y", "a@b.c,", "a@.c", "a@b." };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (dt_mailer_address_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (dt_mailer_address_valid (bad[i]));
}

static void
test_encode_header (void)
{
  g_autofree char *ascii = dt_mailer_encode_header ("Invoice INV-2026-0042");
  g_autofree char *utf8 = dt_mailer_encode_header ("Rechnung für Müller");
  g_autofree char *long_cjk = NULL;
  g_autoptr(GString) decoded = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) source = g_string_new (NULL);

  g_assert_cmpstr (ascii, ==, "Invoice INV-2026-0042");
  g_assert_cmpstr (utf8, ==, "=?UTF-8?B?UmVjaG51bmcgZsO8ciBNw7xsbGVy?=");

  /* A long subject is cut into words of at most 75 characters, each whole UTF-8. */
  for (int i = 0; i < 10; i++)
    g_string_append (source, "株式会社山田製作所への請求書");
  long_cjk = dt_mailer_encode_header (source->str);
  words = g_strsplit (long_cjk, " ", -1);
  g_assert_cmpuint (g_strv_length (words), >, 1);
  for (guint i = 0; words[i]; i++)
    {
      gsize len = strlen (words[i]);
      g_autofree char *payload = NULL;
      g_autofree guchar *bytes = NULL;
      gsize n;

      g_assert_cmpuint (len, <=, 75);
      g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?"));
      g_assert_true (g_str_has_suffix (words[i], "?="));
      payload = g_strndup (words[i] + 10, len - 12);
      bytes = g_base64_decode (payload, &n);
      g_assert_true (g_utf8_validate ((const char *) bytes, n, NULL));
      g_string_append_len (decoded, (const char *) bytes, n);
    }
  g_assert_cmpstr (decoded->str, ==, source->str);
}

static void
test_invoice_message (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (3);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.5 fake", 13);
  g_autoptr(DtMailMessage) message = dt_mail_message_new_for_invoice (doc, pdf, NULL);
  g_autoptr(DtMailMessage) copy = NULL;
  g_autoptr(DtMailMessage) draft = NULL;

  g_assert_cmpstr (message->subject, ==, "Invoice INV-2026-0042 from Lindqvist Design Studio");
  g_assert_cmpuint (g_strv_length (message->to), ==, 2);
  g_assert_cmpstr (message->to[0], ==, "billing@yamada.example");
  g_assert_cmpstr (message->attachment_name, ==, "INV-2026-0042.pdf");
  g_assert_cmpstr (message->attachment_type, ==, "application/pdf");
  g_assert_true (g_str_has_prefix (message->body, "Hello,"));
  g_assert_nonnull (strstr (message->body, "Please find invoice INV-2026-0042 attached"));
  g_assert_nonnull (strstr (message->body, "株式会社山田製作所"));
  g_assert_nonnull (strstr (message->body, "Balance due"));

  copy = dt_mail_message_copy (message);
  g_assert_cmpstr (copy->body, ==, message->body);
  g_assert_true (copy->attachment == message->attachment);

  draft = dt_mail_message_new_for_invoice (doc, NULL, "Hi Keiko,\n\nhere it is.");
  g_assert_true (g_str_has_prefix (draft->body, "Hi Keiko,"));
  g_assert_null (draft->attachment);
}

static void
test_send_refuses_bad_input (void)
{
  g_autoptr(DtMailerSettings) settings = good_settings ();
  g_autoptr(DtMailMessage) message = dt_mail_message_new ();
  g_autoptr(GError) error = NULL;

  /* Refused before any connection is tried. */
  g_assert_false (dt_mailer_send_sync (settings, "pw", message, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no recipient"));
  g_clear_error (&error);

  message->to = g_strsplit ("ok@example.com;bad address", ";", -1);
  g_assert_false (dt_mailer_send_sync (settings, "pw", message, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad address"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailer/settings", test_settings);
  g_test_add_func ("/mailer/addresses", test_addresses);
  g_test_add_func ("/mailer/encode-header", test_encode_header);
  g_test_add_func ("/mailer/invoice-message", test_invoice_message);
  g_test_add_func ("/mailer/send-refuses-bad-input", test_send_refuses_bad_input);
  return g_test_run ();
}

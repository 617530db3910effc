/* test-mailer-smtp.c: an invoice sent to a real SMTP server on loopback, with the password
 * read from a real Secret Service; run inside session-run.sh (private bus + gnome-keyring). */
#include "dt-error.h"
#include "dt-invoice-pdf.h"
#include "dt-mailer.h"
#include "dt-money.h"
#include "dt-secrets.h"
#include "dt-sample-invoice.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#define SMTP_USER     "maja@lindqvist.example"
#define SMTP_PASSWORD "correct horse — battery staple"
#define REFUSED       "nobody@yamada.example"

typedef struct
{
  GSubprocess      *sink;
  char             *spool;
  guint16           port;
  DtMailerSettings *settings;
} Fixture;

/* Every log line of the run, to prove the password never reaches a log. */
static GString *all_logs;

static GLogWriterOutput
record_log_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (all_logs, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (all_logs, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* A throw-away self-signed certificate for 127.0.0.1, which the client is told to trust. */
static void
make_certificate (const char *dir,
                  char      **cert,
                  char      **key)
{
  g_autoptr(GError) error = NULL;
  int status;

  *cert = g_build_filename (dir, "cert.pem", NULL);
  *key = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext",
                           "subjectAltName=IP:127.0.0.1,DNS:localhost",
                           "-keyout", *key, "-out", *cert, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

/* @data: NULL for plain SMTP on loopback, "starttls" or "tls" for an encrypted server. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration", "docs",
                                                   "smtp-sink.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GStrvBuilder) argv_builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cert = NULL, *key = NULL;
  const char *security = data;

  fixture->spool = g_dir_make_tmp ("dt-smtp-XXXXXX", &error);
  g_assert_no_error (error);
  g_strv_builder_add_many (argv_builder, "/usr/bin/python3", script, "--dir", fixture->spool,
                           "--user", SMTP_USER, "--password", SMTP_PASSWORD,
                           "--refuse", REFUSED, NULL);
  if (security != NULL)
    {
      make_certificate (fixture->spool, &cert, &key);
      g_strv_builder_add_many (argv_builder, "--security", security, "--tls-cert", cert,
                               "--tls-key", key, NULL);
    }
  argv = g_strv_builder_end (argv_builder);
  fixture->sink = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                     &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->sink));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  fixture->port = (guint16) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (fixture->port, >, 0);

  fixture->settings = dt_mailer_settings_new ();
  fixture->settings->host = g_strdup ("127.0.0.1");
  fixture->settings->port = fixture->port;
  fixture->settings->security = DT_SMTP_SECURITY_NONE;
  fixture->settings->username = g_strdup (SMTP_USER);
  fixture->settings->from_address = g_strdup (SMTP_USER);
  fixture->settings->from_name = g_strdup ("Maja Lindqvist — Design");
  fixture->settings->timeout_seconds = 20;
  if (g_strcmp0 (security, "starttls") == 0)
    fixture->settings->security = DT_SMTP_SECURITY_STARTTLS;
  else if (g_strcmp0 (security, "tls") == 0)
    fixture->settings->security = DT_SMTP_SECURITY_TLS;
  fixture->settings->ca_file = g_steal_pointer (&cert);

  g_assert_true (dt_secrets_store_smtp_password_sync ("127.0.0.1", SMTP_USER, SMTP_PASSWORD,
                                                      NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Closing its stdin stops the server. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (fixture->sink), NULL, NULL);
  g_subprocess_wait (fixture->sink, NULL, NULL);
  g_clear_object (&fixture->sink);

  dir = g_dir_open (fixture->spool, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->spool, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->spool);
  g_free (fixture->spool);
  dt_mailer_settings_free (fixture->settings);
}

static guint
count_delivered (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->spool, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

static JsonObject *
read_delivered (Fixture *fixture,
                guint    index)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%u.json", index);
  g_autofree char *path = g_build_filename (fixture->spool, name, NULL);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
send_invoice (Fixture            *fixture,
              DtInvoiceDocument  *doc,
              GError            **error)
{
  g_autoptr(GBytes) pdf = dt_invoice_pdf_render (doc, DT_PAPER_AUTO, NULL);
  g_autoptr(DtMailMessage) message = dt_mail_message_new_for_invoice (doc, pdf, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  /* No password given: the mailer reads it from the keyring, off the main thread. */
  dt_mailer_send_async (fixture->settings, NULL, message, NULL, result_cb, &result);
  return dt_mailer_send_finish (wait_for (&result), error);
}

static void
test_keyring_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtSecretPassword) password = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *async_password;

  password = dt_secrets_lookup_smtp_password_sync ("127.0.0.1", SMTP_USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, SMTP_PASSWORD);

  /* Keyed by host and user: another server or account has no password. */
  g_assert_null (dt_secrets_lookup_smtp_password_sync ("smtp.example.com", SMTP_USER, NULL,
                                                       &error));
  g_assert_no_error (error);
  g_assert_null (dt_secrets_lookup_smtp_password_sync ("127.0.0.1", "other", NULL, &error));
  g_assert_no_error (error);

  dt_secrets_store_smtp_password_async ("127.0.0.1", "other", "second", NULL, result_cb, &result);
  g_assert_true (dt_secrets_store_smtp_password_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dt_secrets_lookup_smtp_password_async ("127.0.0.1", "other", NULL, result_cb, &result);
  async_password = dt_secrets_lookup_smtp_password_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (async_password, ==, "second");
  dt_secrets_password_free (async_password);
  g_clear_object (&result);

  dt_secrets_clear_smtp_password_async ("127.0.0.1", "other", NULL, result_cb, &result);
  g_assert_true (dt_secrets_clear_smtp_password_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_null (dt_secrets_lookup_smtp_password_sync ("127.0.0.1", "other", NULL, &error));
  g_assert_no_error (error);
  /* Clearing what is not there is fine. */
  g_assert_true (dt_secrets_clear_smtp_password_sync ("127.0.0.1", "other", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (dt_secrets_store_smtp_password_sync ("", SMTP_USER, "x", NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_send_invoice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (6);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autofree char *total = dt_money_format (doc->total, "EUR");
  g_autofree char *pdf_data = NULL;
  g_autofree char *pdfinfo_out = NULL;
  JsonArray *rcpt, *parts;
  JsonObject *text_part, *pdf_part;
  const char *pdf_path;
  gsize pdf_size;
  int status;

  g_assert_true (send_invoice (fixture, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_delivered (fixture), ==, 1);

  mail = read_delivered (fixture, 1);
  g_assert_true (json_object_get_boolean_member (mail, "authenticated"));
  g_assert_cmpstr (json_object_get_string_member (mail, "mail_from"), ==, SMTP_USER);
  rcpt = json_object_get_array_member (mail, "rcpt_tos");
  g_assert_cmpuint (json_array_get_length (rcpt), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (rcpt, 0), ==, "billing@yamada.example");
  g_assert_cmpstr (json_array_get_string_element (rcpt, 1), ==, "keiri@yamada.example");

  /* Headers, decoded by Python's parser: the non-ASCII ones went out as RFC 2047. */
  g_assert_cmpstr (json_object_get_string_member (mail, "subject"), ==,
                   "Invoice INV-2026-0042 from Lindqvist Design Studio");
  g_assert_cmpstr (json_object_get_string_member (mail, "from"), ==,
                   "Maja Lindqvist — Design <" SMTP_USER ">");
  g_assert_cmpstr (json_object_get_string_member (mail, "to"), ==,
                   "billing@yamada.example, keiri@yamada.example");
  g_assert_cmpstr (json_object_get_string_member (mail, "mime_version"), ==, "1.0");
  g_assert_cmpstr (json_object_get_string_member (mail, "content_type"), ==, "multipart/mixed");
  g_assert_nonnull (json_object_get_string_member (mail, "date"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (mail, "message_id"),
                                   "@lindqvist.example>"));

  parts = json_object_get_array_member (mail, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  text_part = json_array_get_object_element (parts, 0);
  g_assert_cmpstr (json_object_get_string_member (text_part, "content_type"), ==, "text/plain");
  g_assert_cmpstr (json_object_get_string_member (text_part, "charset"), ==, "utf-8");
  g_assert_nonnull (strstr (json_object_get_string_member (text_part, "text"), "株式会社山田製作所"));
  g_assert_nonnull (strstr (json_object_get_string_member (text_part, "text"), total));

  pdf_part = json_array_get_object_element (parts, 1);
  g_assert_cmpstr (json_object_get_string_member (pdf_part, "content_type"), ==,
                   "application/pdf");
  g_assert_cmpstr (json_object_get_string_member (pdf_part, "filename"), ==, "INV-2026-0042.pdf");
  g_assert_cmpstr (json_object_get_string_member (pdf_part, "encoding"), ==, "base64");
  pdf_path = json_object_get_string_member (pdf_part, "saved_as");
  g_assert_true (g_file_get_contents (pdf_path, &pdf_data, &pdf_size, NULL));
  g_assert_true (pdf_size > 5 && memcmp (pdf_data, "%PDF-", 5) == 0);

  {
    const char *argv[] = { "pdfinfo", pdf_path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pdfinfo_out, NULL,
                                 &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (pdfinfo_out, "Pages:"));
    g_assert_cmpint (atoi (strstr (pdfinfo_out, "Pages:") + strlen ("Pages:")), ==, 1);
  }
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (2);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_secrets_store_smtp_password_sync ("127.0.0.1", SMTP_USER, "wrong-pw-7731", NULL,
                                                      &error));
  g_assert_false (send_invoice (fixture, doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("wrong password: %s", error->message);
  g_assert_nonnull (strstr (error->message, "refused the user name or password"));
  g_assert_nonnull (strstr (error->message, SMTP_USER));
  g_assert_nonnull (strstr (error->message, "535"));
  g_assert_null (strstr (error->message, "wrong-pw-7731"));
  g_assert_cmpuint (count_delivered (fixture), ==, 0);

  /* No password at all: said plainly, nothing sent. */
  g_clear_error (&error);
  g_assert_true (dt_secrets_clear_smtp_password_sync ("127.0.0.1", SMTP_USER, NULL, &error));
  g_assert_false (send_invoice (fixture, doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "no password is stored"));
  g_assert_cmpuint (count_delivered (fixture), ==, 0);
}

static void
test_refused_recipient (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (2);
  g_autoptr(GError) error = NULL;

  g_strfreev (doc->bill_to.emails);
  doc->bill_to.emails = g_strsplit ("billing@yamada.example," REFUSED, ",", -1);
  g_assert_false (send_invoice (fixture, doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("refused recipient: %s", error->message);
  g_assert_nonnull (strstr (error->message, "refused the recipient " REFUSED));
  g_assert_nonnull (strstr (error->message, "550"));
  g_assert_cmpuint (count_delivered (fixture), ==, 0);
}

static void
test_test_message (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) mail = NULL;
  JsonArray *parts;

  /* The password handed in directly this time. */
  dt_mailer_send_test_message_async (fixture->settings, SMTP_PASSWORD, NULL, NULL, result_cb,
                                     &result);
  g_assert_true (dt_mailer_send_test_message_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  mail = read_delivered (fixture, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (mail, "rcpt_tos"),
                                                  0), ==, SMTP_USER);
  g_assert_cmpstr (json_object_get_string_member (mail, "subject"), ==, "DoubleTime test message");
  parts = json_object_get_array_member (mail, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 1);
}

static void
test_server_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DtMailMessage) message = dt_mail_message_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  guint16 closed_port;

  /* A port nothing listens on: bind one, read its number, close it. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, NULL);
  closed_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_socket_close (socket, NULL);

  fixture->settings->port = closed_port;
  message->to = g_strsplit ("a@example.com", ",", -1);
  message->subject = g_strdup ("x");
  message->body = g_strdup ("x");
  g_assert_false (dt_mailer_send_sync (fixture->settings, SMTP_PASSWORD, message, NULL, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("server gone: %s", error->message);
  g_assert_nonnull (strstr (error->message, "could not connect"));
}

/* A server without STARTTLS is refused when STARTTLS was asked for: no silent downgrade. */
static void
test_starttls_required (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (1);
  g_autoptr(GError) error = NULL;

  fixture->settings->security = DT_SMTP_SECURITY_STARTTLS;
  g_assert_false (send_invoice (fixture, doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("no STARTTLS: %s", error->message);
  g_assert_nonnull (strstr (error->message, "does not offer STARTTLS"));
  g_assert_cmpuint (count_delivered (fixture), ==, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (1);
  g_autoptr(DtMailMessage) message = dt_mail_message_new_for_invoice (doc, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  dt_mailer_send_async (fixture->settings, SMTP_PASSWORD, message, cancellable, result_cb,
                        &result);
  g_assert_false (dt_mailer_send_finish (wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_delivered (fixture), ==, 0);
}

/* The paths real providers use: STARTTLS on a submission port, and TLS from the start. */
static void
test_send_encrypted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mail = NULL;

  g_assert_true (send_invoice (fixture, doc, &error));
  g_assert_no_error (error);
  mail = read_delivered (fixture, 1);
  g_assert_true (json_object_get_boolean_member (mail, "authenticated"));
  g_assert_cmpstr (json_object_get_string_member (mail, "subject"), ==,
                   "Invoice INV-2026-0042 from Lindqvist Design Studio");
}

/* A certificate nobody vouches for is refused: never a silent fallback. */
static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (1);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&fixture->settings->ca_file, g_free);
  g_assert_false (send_invoice (fixture, doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("untrusted certificate: %s", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_cmpuint (count_delivered (fixture), ==, 0);
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  all_logs = g_string_new (NULL);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a private D-Bus session with a keyring (run through session-run.sh)");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/mailer-smtp/keyring-round-trip", test_keyring_round_trip);
  ADD ("/mailer-smtp/send-invoice", test_send_invoice);
  ADD ("/mailer-smtp/wrong-password", test_wrong_password);
  ADD ("/mailer-smtp/refused-recipient", test_refused_recipient);
  ADD ("/mailer-smtp/test-message", test_test_message);
  ADD ("/mailer-smtp/server-gone", test_server_gone);
  ADD ("/mailer-smtp/starttls-required", test_starttls_required);
  ADD ("/mailer-smtp/cancelled", test_cancelled);
#define ADD_TLS(path, mode, func) \
  g_test_add (path, Fixture, mode, fixture_set_up, func, fixture_tear_down)
  ADD_TLS ("/mailer-smtp/starttls/send", "starttls", test_send_encrypted);
  ADD_TLS ("/mailer-smtp/starttls/untrusted", "starttls", test_untrusted_certificate);
  ADD_TLS ("/mailer-smtp/tls/send", "tls", test_send_encrypted);
  ADD_TLS ("/mailer-smtp/tls/untrusted", "tls", test_untrusted_certificate);
#undef ADD_TLS
#undef ADD

  status = g_test_run ();
  /* The password never reached a log line. */
  g_assert_null (strstr (all_logs->str, SMTP_PASSWORD));
  g_assert_null (strstr (all_logs->str, "wrong-pw-7731"));
  g_string_free (all_logs, TRUE);
  return status;
}

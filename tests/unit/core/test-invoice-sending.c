/* test-invoice-sending.c: the send flow against a small SMTP server on loopback: issued only
 * when the server accepted the message, a draft with the reason when it did not. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-store.h"
#include "dt-invoice-sending.h"
#include "dt-invoice-text.h"
#include "dt-invoicing.h"
#include "dt-profile-store.h"
#include "dt-settings-store.h"
#include "dt-time.h"

#include <string.h>

static void
configure (DtTestFixture *f,
           guint16        port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *keys[] = { DT_SETTING_SMTP_HOST, DT_SETTING_SMTP_PORT, DT_SETTING_SMTP_SECURITY,
                         DT_SETTING_SMTP_FROM, NULL };
  const char *values[] = { "127.0.0.1", port_text, "none", "ana@souza.example", NULL };
  g_autoptr(DtClient) client = dt_client_store_get (f->db, f->client_id, &error);
  g_autoptr(DtClient) saved = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (f->db, &error);
  g_autoptr(DtProfile) saved_profile = NULL;

  g_assert_true (dt_settings_set_many (f->db, keys, values, &error));
  g_free (client->email);
  client->email = g_strdup ("billing@acme.example, boss@acme.example");
  saved = dt_client_store_update (f->db, client, 0, &error);
  g_free (profile->business_name);
  profile->business_name = g_strdup ("Souza Design – Łódź");
  saved_profile = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static DtInvoice *
send_and_wait (DtTestFixture *f,
               gint64         invoice_id,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_invoicing_send_async (f->db, invoice_id, NULL, "Hello Acme,", NULL, NULL, on_sent_cb,
                           &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dt_invoicing_send_finish (f->db, result, error);
}

static void
test_send_accepted (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf_path = NULL;
  DtTestSmtp server = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
  dt_test_smtp_start (&server);
  configure (f, server.port);
  draft = dt_test_add_draft (f, 1900);

  sent = send_and_wait (f, draft->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->status, ==, DT_INVOICE_SENT);
  g_assert_cmpstr (sent->number, ==, "INV-2026-0001");
  g_assert_cmpstr (sent->sent_to, ==, "billing@acme.example, boss@acme.example");
  g_free (dt_test_smtp_stop (&server));

  /* What the client received is what is stored: the same document renders the same text. */
  doc = dt_invoicing_build_document (f->db, sent->id, &error);
  g_assert_no_error (error);
  text = dt_invoice_text_render (doc, 78);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "INV-2026-0001"));
  g_assert_nonnull (strstr (text, "Website — Design"));
  g_assert_cmpint (doc->total, ==, 22500 + 4275); /* 2.5 h at 90.00 + 19 % */
  pdf_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "sample-invoice-from-store.pdf", NULL);
  g_assert_true (dt_invoice_pdf_write (doc, DT_PAPER_A4, pdf_path, &error));
  g_test_message ("sample PDF written to %s", pdf_path);
}

static void
test_send_refused (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) after = NULL;
  g_autofree char *peek = NULL;
  DtTestSmtp server = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
  dt_test_smtp_start (&server);
  server.refuse_recipient = TRUE;
  configure (f, server.port);
  draft = dt_test_add_draft (f, 1900);

  sent = send_and_wait (f, draft->id, &error);
  g_assert_null (sent);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_free (dt_test_smtp_stop (&server));

  after = dt_invoice_store_get (f->db, draft->id, &error);
  g_assert_cmpint (after->status, ==, DT_INVOICE_DRAFT);
  g_assert_null (after->number);
  g_assert_nonnull (after->send_error);
  g_assert_nonnull (strstr (after->send_error, "550"));
  /* No number was used up. */
  peek = dt_invoicing_peek_number (f->db, DT_INVOICE_KIND_INVOICE, NULL, &error);
  g_assert_cmpstr (peek, ==, "INV-2026-0001");
}

static void
test_send_without_server (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;

  dt_test_fixture_seed (f);
  draft = dt_test_add_draft (f, 1900);
  sent = send_and_wait (f, draft->id, &error);
  g_assert_null (sent);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no SMTP server"));
}

static void
test_send_twice_at_once (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) second_error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) second = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(DtDb) other = NULL;
  DtTestSmtp server = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
  dt_test_smtp_start (&server);
  configure (f, server.port);
  draft = dt_test_add_draft (f, 1900);

  /* The window and an app send the same draft at once, each through its own connection:
   * the second is refused at once, and one e-mail goes out. */
  other = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_assert_no_error (error);
  dt_invoicing_send_async (f->db, draft->id, NULL, "Hello Acme,", NULL, NULL, on_sent_cb,
                           &first_result);
  dt_invoicing_send_async (other, draft->id, NULL, "Hello Acme,", NULL, NULL, on_sent_cb,
                           &second_result);
  while (first_result == NULL || second_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  second = dt_invoicing_send_finish (other, second_result, &second_error);
  g_assert_null (second);
  g_assert_error (second_error, DT_ERROR, DT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (second_error->message, "being sent already"));
  sent = dt_invoicing_send_finish (f->db, first_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->status, ==, DT_INVOICE_SENT);
  g_assert_cmpstr (sent->number, ==, "INV-2026-0001");
  /* The client had the server's answer to QUIT: the transcript is complete. */
  g_assert_nonnull (strstr (server.transcript->str, "MAIL FROM"));
  g_assert_null (strstr (strstr (server.transcript->str, "MAIL FROM") + 1, "MAIL FROM"));
  g_free (dt_test_smtp_stop (&server));
}

/* The seller's and the client's details an XRechnung needs, the Leitweg-ID only when
 * @leitweg_id; the client prefers @format. */
static void
configure_einvoice (DtTestFixture *f,
                    const char    *format,
                    gboolean       leitweg_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (f->db, &error);
  g_autoptr(DtProfile) saved_profile = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (f->db, f->client_id, &error);
  g_autoptr(DtClient) saved = NULL;

#define SET(field, value) G_STMT_START { g_free (field); field = g_strdup (value); } G_STMT_END
  SET (profile->address, "Hauptstraße 5");
  SET (profile->city, "Berlin");
  SET (profile->postcode, "10115");
  SET (profile->country, "DE");
  SET (profile->email, "ana@souza.example");
  SET (profile->phone, "+49 30 1234567");
  SET (profile->vat_id, "DE123456789");
  SET (profile->iban, "DE89370400440532013000");
  SET (client->address, "Karl-Marx-Allee 31");
  SET (client->city, "Berlin");
  SET (client->postcode, "10178");
  SET (client->country, "DE");
  SET (client->einvoice_format, format);
  SET (client->buyer_reference, leitweg_id ? "04011000-1234512345-06" : "");
#undef SET
  saved_profile = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
  saved = dt_client_store_update (f->db, client, 0, &error);
  g_assert_no_error (error);
}

static void
test_send_einvoice (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) after = NULL;
  g_autofree char *transcript = NULL;
  DtTestSmtp server = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
  dt_test_smtp_start (&server);
  configure (f, server.port);
  configure_einvoice (f, "xrechnung-ubl", FALSE);
  draft = dt_test_add_draft (f, 1900);

  /* Not ready as XRechnung: refused before any e-mail, and it stays a clean draft. */
  sent = send_and_wait (f, draft->id, &error);
  g_assert_null (sent);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "BT-10"));
  g_assert_nonnull (strstr (error->message, "client.buyer_reference"));
  g_clear_error (&error);
  after = dt_invoice_store_get (f->db, draft->id, &error);
  g_assert_cmpint (after->status, ==, DT_INVOICE_DRAFT);
  g_assert_null (after->send_error);
  g_assert_null (strstr (server.transcript->str, "MAIL FROM"));

  configure_einvoice (f, "xrechnung-ubl", TRUE);
  sent = send_and_wait (f, draft->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->status, ==, DT_INVOICE_SENT);
  transcript = dt_test_smtp_stop (&server);
  /* The PDF, then the XRechnung UBL named after the number it was issued with. */
  g_assert_nonnull (strstr (transcript, "Content-Type: application/pdf"));
  g_assert_nonnull (strstr (transcript, "Content-Type: application/xml"));
  g_assert_nonnull (strstr (transcript, "INV-2026-0001-xrechnung-ubl.xml"));
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/sending/accepted", test_send_accepted);
  ADD ("/core/sending/refused", test_send_refused);
  ADD ("/core/sending/no-server", test_send_without_server);
  ADD ("/core/sending/twice-at-once", test_send_twice_at_once);
  ADD ("/core/sending/einvoice", test_send_einvoice);
#undef ADD

  return g_test_run ();
}

/* test-missing-glyphs.c: with only a Latin font installed (a private fontconfig set-up), an
 * invoice whose client is 株式会社山田製作所 is refused by every path that would print it —
 * issuing, sending (no mail leaves), crediting, the PDF, the tools — and nothing changes. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-sending.h"
#include "dt-invoicing.h"
#include "dt-ops.h"
#include "dt-op-registry.h"
#include "dt-settings-store.h"
#include "dt-time.h"
#include "dt-test-latin-font.h"

#include <string.h>

#define CJK_NAME "株式会社山田製作所"

static char *fonts_dir;

static void
rename_client (DtTestFixture *f,
               const char    *name,
               const char    *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (f->db, f->client_id, &error);
  g_autoptr(DtClient) saved = NULL;

  g_assert_no_error (error);
  g_free (client->name);
  client->name = g_strdup (name);
  g_free (client->email);
  client->email = g_strdup (email);
  saved = dt_client_store_update (f->db, client, 0, &error);
  g_assert_no_error (error);
}

/* The words every refusal uses: the text, the characters, what to install. */
static void
assert_names_the_problem (const GError *error,
                          const char   *text)
{
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot be printed"));
  g_assert_nonnull (strstr (error->message, text));
  g_assert_nonnull (strstr (error->message, "fonts-noto-cjk"));
}

static void
set_up (DtTestFixture *f)
{
  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
}

static void
test_latin_still_issues (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) issued = NULL;

  set_up (f);
  draft = dt_test_add_draft (f, 0);
  issued = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (issued->number, ==, "INV-2026-0001");
}

static void
test_issue_refused (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) issued = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pdf_path = NULL;

  set_up (f);
  rename_client (f, CJK_NAME, "keiri@yamada.example");
  draft = dt_test_add_draft (f, 0);
  before = dt_test_checksum (f->db);

  issued = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_null (issued);
  assert_names_the_problem (error, "(U+682A U+5F0F U+4F1A U+793E …) in “" CJK_NAME "”");
  g_clear_error (&error);

  /* Nothing numbered, frozen or locked: every row is as it was. */
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (after, ==, before);

  /* No PDF of it is made either, whoever asks. */
  doc = dt_invoicing_build_document (f->db, draft->id, &error);
  g_assert_no_error (error);
  pdf = dt_invoice_pdf_render (doc, DT_PAPER_AUTO, &error);
  g_assert_null (pdf);
  assert_names_the_problem (error, CJK_NAME);
  g_clear_error (&error);
  pdf_path = g_build_filename (f->dir, "refused.pdf", NULL);
  g_assert_false (dt_invoice_pdf_write (doc, DT_PAPER_AUTO, pdf_path, &error));
  assert_names_the_problem (error, CJK_NAME);
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
}

/* Only the characters without a glyph are named, with the text they are in. */
static void
test_names_only_missing_characters (DtTestFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;

  set_up (f);
  rename_client (f, "Müller & 山田 GmbH", "office@mueller.example");
  draft = dt_test_add_draft (f, 0);
  doc = dt_invoicing_build_document (f->db, draft->id, &error);
  g_assert_no_error (error);
  g_assert_false (dt_invoice_pdf_check_glyphs (doc, &error));
  assert_names_the_problem (error, "“山田” (U+5C71 U+7530) in “Müller & 山田 GmbH”");
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_send_refused (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *transcript = NULL;
  g_autofree char *port_text = NULL;
  DtTestSmtp server = { 0 };

  set_up (f);
  dt_test_smtp_start (&server);
  port_text = g_strdup_printf ("%u", server.port);
  {
    const char *keys[] = { DT_SETTING_SMTP_HOST, DT_SETTING_SMTP_PORT,
                           DT_SETTING_SMTP_SECURITY, DT_SETTING_SMTP_FROM, NULL };
    const char *values[] = { "127.0.0.1", port_text, "none", "ana@souza.example", NULL };

    g_assert_true (dt_settings_set_many (f->db, keys, values, &error));
  }
  rename_client (f, CJK_NAME, "keiri@yamada.example");
  draft = dt_test_add_draft (f, 0);
  before = dt_test_checksum (f->db);

  dt_invoicing_send_async (f->db, draft->id, NULL, "Hello,", NULL, NULL, on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sent = dt_invoicing_send_finish (f->db, result, &error);
  g_assert_null (sent);
  assert_names_the_problem (error, CJK_NAME);

  /* The server heard nothing at all, and the draft is as it was. */
  transcript = dt_test_smtp_stop (&server);
  g_assert_cmpstr (transcript, ==, "");
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (after, ==, before);
}

/* An invoice issued while the client had a Latin name; the client renamed since: its credit
 * note (issued at once, with the client's details as they are now) is refused. */
static void
test_credit_note_refused (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) issued = NULL;
  g_autoptr(DtInvoice) credit = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  set_up (f);
  draft = dt_test_add_draft (f, 0);
  issued = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  rename_client (f, CJK_NAME, "keiri@yamada.example");
  before = dt_test_checksum (f->db);

  credit = dt_invoicing_create_credit_note (f->db, issued->id, "wrong rate", &error);
  g_assert_null (credit);
  assert_names_the_problem (error, CJK_NAME);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (after, ==, before);
}

static JsonObject *
invoke (DtOpRegistry *registry,
        DtDb         *db,
        const char   *name,
        gint64        invoice_id,
        GError      **error)
{
  g_autoptr(DtOpContext) ctx = dt_op_context_new (db, "mcp");
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  const DtOp *op = dt_op_registry_lookup (registry, name);

  g_assert_nonnull (op);
  json_object_set_int_member (input, "id", invoice_id);
  dt_op_registry_invoke_async (registry, op, ctx, input, on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dt_op_registry_invoke_finish (registry, result, error);
}

/* What an assistant or a script meets: the tools behind MCP and REST answer with the same
 * words, before anyone is asked to confirm a send. */
static void
test_tools_refuse (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOpRegistry) registry = dt_op_registry_new ();
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  dt_ops_register_all (registry);
  set_up (f);
  rename_client (f, CJK_NAME, "keiri@yamada.example");
  draft = dt_test_add_draft (f, 0);
  before = dt_test_checksum (f->db);

  out = invoke (registry, f->db, "send_invoice", draft->id, &error);
  g_assert_null (out);
  assert_names_the_problem (error, CJK_NAME);
  g_clear_error (&error);
  out = invoke (registry, f->db, "get_invoice_pdf", draft->id, &error);
  g_assert_null (out);
  assert_names_the_problem (error, CJK_NAME);

  after = dt_test_checksum (f->db);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fonts_dir = dt_test_use_only_a_latin_font ();
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/glyphs/latin-still-issues", test_latin_still_issues);
  ADD ("/core/glyphs/issue-refused", test_issue_refused);
  ADD ("/core/glyphs/names-only-missing-characters", test_names_only_missing_characters);
  ADD ("/core/glyphs/send-refused", test_send_refused);
  ADD ("/core/glyphs/credit-note-refused", test_credit_note_refused);
  ADD ("/core/glyphs/tools-refuse", test_tools_refuse);
#undef ADD

  status = g_test_run ();
  dt_test_remove_fonts_dir (fonts_dir);
  return status;
}

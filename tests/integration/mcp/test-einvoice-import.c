/* test-einvoice-import.c: received e-invoices through both faces of the real loopback
 * server — import_einvoice by MCP base64, REST raw body and multipart form, kept once by
 * the file's SHA-256 and shown again from it; XXE, billion laughs, bad base64 and bad media
 * types refused with nothing kept. */
#include <string.h>

#include <glib/gstdio.h>

#include "dt-test-core.h"
#include "dt-test-einvoice-server.h"
#include "dt-received-einvoice-store.h"

typedef DtTestEinvoiceServer Fixture;

/* ---- import ------------------------------------------------------------------------------- */

static GBytes *
sample_invoice (Fixture *f)
{
  g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"format\":"
                                           "\"en16931-cii\"}", f->invoice_id);
  g_autoptr(JsonObject) result = dt_test_server_call_tool (&f->server, "get_einvoice", args);
  const char *text = json_object_get_string_member (dt_test_server_structured (result), "text");

  return g_bytes_new (text, strlen (text));
}

static gint64
kept_files (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->server.dir, DT_RECEIVED_EINVOICES_DIR, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gint64 n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) file = sample_invoice (f);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (file, NULL),
                                             g_bytes_get_size (file));
  g_autofree char *args = g_strdup_printf ("{\"data_base64\":\"%s\",\"file_name\":"
                                           "\"from-berger.xml\"}", base64);
  g_autoptr(JsonObject) result = dt_test_server_call_tool (&f->server, "import_einvoice", args);
  g_autoptr(JsonObject) first = json_object_ref (dt_test_server_structured (result));
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  g_autofree char *kept = NULL;
  g_autofree char *kept_path = NULL;
  JsonObject *invoice;
  gint64 id;

  dt_test_server_check_output (&f->server, "import_einvoice", first);
  id = json_object_get_int_member (first, "id");
  g_assert_false (json_object_get_boolean_member (first, "duplicate"));
  g_assert_cmpstr (json_object_get_string_member (first, "sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (first, "file_name"), ==, "from-berger.xml");
  invoice = json_object_get_object_member (first, "invoice");
  g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (invoice, "seller"), "name"), ==,
                   "Berger IT-Beratung");
  g_assert_cmpstr (json_object_get_string_member (invoice, "payable"), ==, "803.25");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (invoice, "lines")), ==,
                   1);
  g_assert_nonnull (strstr (json_object_get_string_member (first, "view"),
                            "Berger IT-Beratung"));
  /* Kept as it came, named by its hash. */
  kept_path = g_strdup_printf ("%s/%s/%s.xml", f->server.dir, DT_RECEIVED_EINVOICES_DIR, sha);
  g_assert_true (g_file_get_contents (kept_path, &kept, NULL, NULL));
  g_assert_cmpmem (kept, strlen (kept), g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_clear_pointer (&result, json_object_unref);

  /* The same file again is the same row. */
  result = dt_test_server_call_tool (&f->server, "import_einvoice", args);
  again = json_object_ref (dt_test_server_structured (result));
  g_assert_true (json_object_get_boolean_member (again, "duplicate"));
  g_assert_cmpint (json_object_get_int_member (again, "id"), ==, id);
  g_assert_cmpint (dt_test_query_int (f->server.db, "SELECT count(*) FROM received_einvoices"), ==,
                   1);

  /* REST: the raw XML body, then a multipart form with a UBL; each answered 201. */
  {
    g_autoptr(JsonObject) raw = NULL;
    g_auto(DtTestReply) reply = { 0 };
    g_autoptr(JsonNode) node = NULL;

    dt_test_server_rest_raw (&f->server, "POST", "/received-einvoices", "application/xml", file,
                             &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    node = dt_test_server_parse (g_bytes_get_data (reply.body, NULL),
                                 g_bytes_get_size (reply.body));
    raw = json_object_ref (json_node_get_object (node));
    g_assert_true (json_object_get_boolean_member (raw, "duplicate"));
  }
  {
    g_autofree char *ubl_args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"format\":"
                                                 "\"en16931-ubl\"}", f->invoice_id);
    g_autoptr(JsonObject) ubl_result = dt_test_server_call_tool (&f->server, "get_einvoice",
                                                                 ubl_args);
    const char *ubl = json_object_get_string_member (dt_test_server_structured (ubl_result),
                                                     "text");
    g_autoptr(SoupMultipart) form = soup_multipart_new ("multipart/form-data");
    g_autoptr(GBytes) ubl_bytes = g_bytes_new (ubl, strlen (ubl));
    g_autofree char *url = g_strconcat (f->server.base, "/api/v1/received-einvoices", NULL);
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *stored;

    soup_multipart_append_form_string (form, "note", "from the supplier portal");
    soup_multipart_append_form_file (form, "file", "ubl-invoice.xml", "application/xml",
                                     ubl_bytes);
    msg = soup_message_new_from_multipart (url, form);
    answer = soup_session_send_and_read (f->server.session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    node = dt_test_server_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
    stored = json_node_get_object (node);
    g_assert_false (json_object_get_boolean_member (stored, "duplicate"));
    g_assert_cmpstr (json_object_get_string_member (stored, "file_name"), ==,
                     "ubl-invoice.xml");
    g_assert_cmpstr (json_object_get_string_member (stored, "syntax"), ==, "UBL Invoice");
  }
  g_assert_cmpint (dt_test_query_int (f->server.db, "SELECT count(*) FROM received_einvoices"), ==,
                   2);
  g_assert_cmpint (kept_files (f), ==, 2);

  /* Shown again from the kept file. */
  {
    g_autofree char *path = g_strdup_printf ("/received-einvoices/%" G_GINT64_FORMAT, id);

    shown = dt_test_server_rest (&f->server, "GET", path, NULL, 200);
    dt_test_server_check_output (&f->server, "get_received_einvoice", shown);
    g_assert_cmpstr (json_object_get_string_member (shown, "view"), ==,
                     json_object_get_string_member (first, "view"));
  }
  /* A kept file changed behind DoubleTime's back is not shown as what came. */
  g_assert_true (g_file_set_contents (kept_path, "<changed/>", -1, NULL));
  {
    g_autofree char *path = g_strdup_printf ("/received-einvoices/%" G_GINT64_FORMAT, id);
    g_autoptr(JsonObject) problem = dt_test_server_rest (&f->server, "GET", path, NULL, 500);

    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "SHA-256"));
  }
}

static const char xxe[] =
  "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
  "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:"
  "CrossIndustryInvoice:100\"><rsm:ExchangedDocument>&x;</rsm:ExchangedDocument>"
  "</rsm:CrossIndustryInvoice>\n";
static const char laughs[] =
  "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
  "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>\n"
  "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&lol4;"
  "</Invoice>\n";

static void
test_import_hostile (Fixture       *f,
                     gconstpointer  data)
{
  const char *const files[] = { xxe, laughs };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (files[i], strlen (files[i]));
      g_autofree char *base64 = g_base64_encode ((const guchar *) files[i], strlen (files[i]));
      g_autofree char *args = g_strdup_printf ("{\"data_base64\":\"%s\"}", base64);
      g_autoptr(JsonObject) result = dt_test_server_call_tool (&f->server, "import_einvoice", args);
      g_auto(DtTestReply) reply = { 0 };
      g_autoptr(JsonNode) node = NULL;
      const char *detail;

      /* MCP: a tool error the model can read. */
      g_assert_true (json_object_get_boolean_member (result, "isError"));
      g_assert_nonnull (strstr (dt_test_server_tool_text (result), "DOCTYPE"));
      /* REST: 400 with the same reason. */
      dt_test_server_rest_raw (&f->server, "POST", "/received-einvoices", "application/xml", bytes,
                               &reply);
      g_assert_cmpuint (reply.status, ==, 400);
      node = dt_test_server_parse (g_bytes_get_data (reply.body, NULL),
                                   g_bytes_get_size (reply.body));
      detail = json_object_get_string_member (json_node_get_object (node), "detail");
      g_assert_nonnull (strstr (detail, "DOCTYPE"));
      g_assert_null (strstr (detail, "root:"));
    }
  /* Not base64, not a type taken, an empty form: refused by name too. */
  {
    g_autoptr(JsonObject) result = dt_test_server_call_tool (&f->server, "import_einvoice",
                                              "{\"data_base64\":\"PD94b*WwgdmVy\"}");
    g_auto(DtTestReply) reply = { 0 };
    g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);

    g_assert_true (json_object_get_boolean_member (result, "isError"));
    g_assert_nonnull (strstr (dt_test_server_tool_text (result), "“data_base64”"));
    dt_test_server_rest_raw (&f->server, "POST", "/received-einvoices", "text/plain", text, &reply);
    g_assert_cmpuint (reply.status, ==, 415);
  }
  /* Nothing kept: no row, no file, not even the folder. */
  g_assert_cmpint (dt_test_query_int (f->server.db, "SELECT count(*) FROM received_einvoices"), ==,
                   0);
  g_assert_cmpint (kept_files (f), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/einvoice-ops/import", Fixture, NULL, dt_test_einvoice_set_up, test_import,
              dt_test_einvoice_tear_down);
  g_test_add ("/einvoice-ops/import-hostile", Fixture, NULL, dt_test_einvoice_set_up,
              test_import_hostile, dt_test_einvoice_tear_down);
  return g_test_run ();
}

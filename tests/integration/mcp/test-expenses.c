/* test-expenses.c: expenses through both faces of the real loopback server — create_expense
 * and list_expenses over MCP with a base64 receipt, receipts over REST as the raw body and as
 * multipart/form-data, receipts that lie about their type or are too large refused with no
 * row and no file, and a re-billable expense billed on a draft with its markup, then locked. */
#include <string.h>

#include "dt-test-core.h"
#include "dt-test-server-client.h"
#include "expenses/dt-expenses.h"

typedef DtTestServer Fixture;

static const guint8 png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
  0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
  0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
  0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
static const char pdf_text[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const char not_png[] = "GIF89a this is not the PNG its name and type say it is";

static gint64 client_id;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) client = NULL;

  dt_test_server_open_all (f, "dt-expenses-XXXXXX");
  dt_test_server_approves = TRUE;
  client = dt_test_server_rest (f, "POST", "/clients", "{\"name\":\"Müller GmbH\","
                                "\"currency\":\"EUR\",\"rate\":\"90.00\"}", 201);
  client_id = json_object_get_int_member (client, "id");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dt_test_server_close (f);
}

static guint
receipt_files (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->dir, DT_EXPENSE_RECEIPTS_DIR, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static gint64
expense_rows (Fixture *f)
{
  return dt_test_query_int (f->db, "SELECT count(*) FROM expenses");
}

static void
test_create_and_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *base64 = g_base64_encode (png_bytes, sizeof png_bytes);
  g_autofree char *args = g_strdup_printf (
      "{\"client_id\":%" G_GINT64_FORMAT ",\"date\":\"2026-11-05\",\"category\":\"Travel\","
      "\"description\":\"Train Berlin–Hamburg\",\"amount\":\"49.99\",\"vat_rate_percent\":\"19\","
      "\"markup_percent\":\"3.33\",\"receipt_base64\":\"%s\",\"receipt_file_name\":\"ticket.png\"}",
      client_id, base64);
  g_autoptr(JsonObject) result = dt_test_server_call_tool (f, "create_expense", args);
  g_autoptr(JsonObject) expense = json_object_ref (dt_test_server_structured (result));
  JsonObject *receipt;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, png_bytes,
                                                      sizeof png_bytes);
  JsonArray *items;

  dt_test_server_check_output (f, "create_expense", expense);
  g_assert_cmpstr (json_object_get_string_member (expense, "amount"), ==, "49.99");
  g_assert_cmpint (json_object_get_int_member (expense, "amount_minor"), ==, 4999);
  /* 49.99 × 19 % = 9.4981 → 9.50; gross 59.49; × 1.0333 = 51.6546… → 51.65. */
  g_assert_cmpstr (json_object_get_string_member (expense, "input_vat"), ==, "9.50");
  g_assert_cmpstr (json_object_get_string_member (expense, "gross"), ==, "59.49");
  g_assert_cmpstr (json_object_get_string_member (expense, "billed_amount"), ==, "51.65");
  g_assert_cmpstr (json_object_get_string_member (expense, "currency"), ==, "EUR");
  g_assert_true (json_object_get_boolean_member (expense, "billable"));
  g_assert_false (json_object_get_boolean_member (expense, "invoiced"));
  receipt = json_object_get_object_member (expense, "receipt");
  g_assert_cmpstr (json_object_get_string_member (receipt, "content_type"), ==, "image/png");
  g_assert_cmpstr (json_object_get_string_member (receipt, "sha256"), ==, sha);
  g_assert_cmpuint (receipt_files (f), ==, 1);

  /* list_expenses over MCP, and the same over REST. */
  g_clear_pointer (&result, json_object_unref);
  result = dt_test_server_call_tool (f, "list_expenses", "{\"status\":\"open\"}");
  list = json_object_ref (dt_test_server_structured (result));
  dt_test_server_check_output (f, "list_expenses", list);
  items = json_object_get_array_member (list, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "description"), ==, "Train Berlin–Hamburg");
  page = dt_test_server_rest (f, "GET", "/expenses?status=invoiced", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")), ==, 0);

  /* Read back over REST as the file it was. */
  {
    g_auto(DtTestReply) reply = { 0 };
    g_autofree char *path = g_strdup_printf ("/expenses/%" G_GINT64_FORMAT "/receipt",
                                             json_object_get_int_member (expense, "id"));

    dt_test_server_rest_raw (f, "GET", path, NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpstr (reply.content_type, ==, "image/png");
    g_assert_cmpmem (g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body),
                     png_bytes, sizeof png_bytes);
  }

  /* A client that does not exist is named. */
  {
    g_autoptr(JsonObject) refused = dt_test_server_call_tool (f, "create_expense",
        "{\"client_id\":999,\"description\":\"Hotel\",\"amount\":\"89.00\"}");

    g_assert_true (json_object_get_boolean_member (refused, "isError"));
    g_assert_nonnull (strstr (dt_test_server_tool_text (refused), "client 999 does not exist"));
    g_assert_cmpint (expense_rows (f), ==, 1);
  }
}

static void
test_receipts_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *create = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ","
                                             "\"description\":\"Hotel\",\"amount\":\"89.00\"}",
                                             client_id);
  g_autoptr(JsonObject) expense = dt_test_server_rest (f, "POST", "/expenses", create, 201);
  gint64 id = json_object_get_int_member (expense, "id");
  g_autofree char *path = g_strdup_printf ("/expenses/%" G_GINT64_FORMAT "/receipt", id);
  g_autofree char *url = g_strdup_printf ("%s/api/v1%s", f->base, path);
  g_autofree char *before = dt_test_checksum (f->db);
  g_autofree char *after = NULL;
  g_autoptr(GBytes) lying = g_bytes_new_static (not_png, strlen (not_png));

  dt_test_server_check_output (f, "create_expense", expense);
  g_assert_true (json_object_get_null_member (expense, "receipt"));

  /* REST raw body claiming image/png: 400 naming the problem; nothing kept. */
  {
    g_auto(DtTestReply) reply = { 0 };
    g_autoptr(JsonNode) node = NULL;

    dt_test_server_rest_raw (f, "POST", path, "image/png", lying, &reply);
    g_assert_cmpuint (reply.status, ==, 400);
    node = dt_test_server_parse (g_bytes_get_data (reply.body, NULL),
                                 g_bytes_get_size (reply.body));
    g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (node),
                                                             "detail"),
                              "not a PDF, PNG or JPEG"));
  }
  /* The same as a multipart form part named receipt.png of type image/png. */
  {
    g_autoptr(SoupMultipart) form = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) error = NULL;

    soup_multipart_append_form_file (form, "file", "receipt.png", "image/png", lying);
    msg = soup_message_new_from_multipart (url, form);
    answer = soup_session_send_and_read (f->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  }
  /* MCP base64 of the same, and one above what a base64 receipt may be (720 KiB). */
  {
    g_autofree char *b64 = g_base64_encode ((const guchar *) not_png, strlen (not_png));
    g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"data_base64\":\"%s\","
                                             "\"file_name\":\"receipt.png\"}", id, b64);
    g_autoptr(JsonObject) result = dt_test_server_call_tool (f, "attach_expense_receipt", args);
    g_autofree guint8 *big = g_malloc0 (750000);
    g_autofree char *big64 = NULL;
    g_autofree char *big_args = NULL;
    g_autoptr(JsonObject) big_result = NULL;

    g_assert_true (json_object_get_boolean_member (result, "isError"));
    g_assert_nonnull (strstr (dt_test_server_tool_text (result), "not a PDF, PNG or JPEG"));
    memcpy (big, "%PDF-1.7\n", 9);
    big64 = g_base64_encode (big, 750000);
    big_args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"data_base64\":\"%s\"}", id,
                                big64);
    big_result = dt_test_server_call_tool (f, "attach_expense_receipt", big_args);
    g_assert_true (json_object_get_boolean_member (big_result, "isError"));
    g_assert_nonnull (strstr (dt_test_server_tool_text (big_result), "data_base64"));
  }
  /* Over REST, a body above the server's limit never reaches the store. */
  {
    g_autofree guint8 *big = g_malloc0 (1024 * 1024 + 1);
    g_autoptr(GBytes) bytes = NULL;
    g_auto(DtTestReply) reply = { 0 };

    memcpy (big, "%PDF-1.7\n", 9);
    bytes = g_bytes_new_take (g_steal_pointer (&big), 1024 * 1024 + 1);
    dt_test_server_rest_raw (f, "POST", path, "application/pdf", bytes, &reply);
    g_assert_cmpuint (reply.status, ==, 413);
  }
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (receipt_files (f), ==, 0);

  /* A true PDF in a form is kept, whatever it is called. */
  {
    g_autoptr(SoupMultipart) form = soup_multipart_new ("multipart/form-data");
    g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, strlen (pdf_text));
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *receipt;

    soup_multipart_append_form_string (form, "note", "hotel invoice");
    soup_multipart_append_form_file (form, "file", "hotel.png", "image/png", pdf);
    msg = soup_message_new_from_multipart (url, form);
    answer = soup_session_send_and_read (f->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    node = dt_test_server_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
    receipt = json_object_get_object_member (json_node_get_object (node), "receipt");
    g_assert_cmpstr (json_object_get_string_member (receipt, "content_type"), ==,
                     "application/pdf");
    g_assert_cmpstr (json_object_get_string_member (receipt, "file_name"), ==, "hotel.png");
    g_assert_cmpuint (receipt_files (f), ==, 1);
  }
}

static void
test_billing (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *create = g_strdup_printf (
      "{\"client_id\":%" G_GINT64_FORMAT ",\"date\":\"2026-11-12\",\"category\":\"Software\","
      "\"description\":\"Font licence\",\"amount\":\"12.35\",\"vat_rate_percent\":\"7\","
      "\"markup_percent\":\"12.5\"}", client_id);
  g_autoptr(JsonObject) expense = dt_test_server_rest (f, "POST", "/expenses", create, 201);
  gint64 id = json_object_get_int_member (expense, "id");
  g_autofree char *period = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ","
                                             "\"from\":\"2026-11-01\",\"to\":\"2026-11-30\","
                                             "\"tax_rate_percent\":\"19\"}", client_id);
  g_autofree char *candidates_path = g_strdup_printf ("/invoice-candidates?client_id=%"
                                                      G_GINT64_FORMAT "&from=2026-11-01&to="
                                                      "2026-11-30", client_id);
  g_autoptr(JsonObject) candidates = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autofree char *expense_path = g_strdup_printf ("/expenses/%" G_GINT64_FORMAT, id);
  JsonArray *listed;
  JsonObject *line;

  g_assert_cmpstr (json_object_get_string_member (expense, "input_vat"), ==, "0.86");
  g_assert_cmpstr (json_object_get_string_member (expense, "billed_amount"), ==, "13.89");

  candidates = dt_test_server_rest (f, "GET", candidates_path, NULL, 200);
  dt_test_server_check_output (f, "find_invoice_candidates", candidates);
  listed = json_object_get_array_member (candidates, "expenses");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (listed, 0),
                                               "expense_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (candidates, "expenses_amount"), ==, "13.89");

  result = dt_test_server_call_tool (f, "create_invoice_draft", period);
  draft = json_object_ref (dt_test_server_structured (result));
  line = json_array_get_object_element (json_object_get_array_member (draft, "lines"), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "description"), ==,
                   "Software: Font licence");
  g_assert_cmpstr (json_object_get_string_member (line, "amount"), ==, "13.89");
  /* 13.89 + 19 % output VAT (2.6391 → 2.64). */
  g_assert_cmpstr (json_object_get_string_member (draft, "total"), ==, "16.53");

  /* Invoiced: shown so, and locked on both faces. */
  {
    g_autoptr(JsonObject) shown = dt_test_server_rest (f, "GET", expense_path, NULL, 200);
    g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"amount\":\"1.00\"}",
                                             id);
    g_autoptr(JsonObject) refused = NULL;
    g_autoptr(JsonObject) problem = NULL;

    g_assert_true (json_object_get_boolean_member (shown, "invoiced"));
    g_assert_cmpint (json_object_get_int_member (shown, "invoice_id"), ==,
                     json_object_get_int_member (draft, "id"));
    refused = dt_test_server_call_tool (f, "update_expense", args);
    g_assert_true (json_object_get_boolean_member (refused, "isError"));
    g_assert_nonnull (strstr (dt_test_server_tool_text (refused), "draft invoice"));
    problem = dt_test_server_rest (f, "PATCH", expense_path, "{\"amount\":\"1.00\"}", 409);
    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "billed"));
  }
  g_clear_pointer (&expense, json_object_unref);
  expense = dt_test_server_rest (f, "GET", expense_path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (expense, "amount"), ==, "12.35");

  /* The report: no work, so the profit is what the expense bills less what it cost. */
  {
    g_autoptr(JsonObject) answer = dt_test_server_call_tool (f, "run_report",
        "{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"}");
    JsonObject *report = dt_test_server_structured (answer);
    JsonObject *spent, *earned;

    dt_test_server_check_output (f, "run_report", report);
    spent = json_array_get_object_element (json_object_get_array_member (report, "expenses"), 0);
    g_assert_cmpstr (json_object_get_string_member (spent, "amount"), ==, "12.35");
    g_assert_cmpstr (json_object_get_string_member (spent, "input_vat"), ==, "0.86");
    g_assert_cmpstr (json_object_get_string_member (spent, "invoiced_amount"), ==, "13.89");
    earned = json_array_get_object_element (json_object_get_array_member (report, "profit"), 0);
    g_assert_cmpstr (json_object_get_string_member (earned, "currency"), ==, "EUR");
    g_assert_cmpstr (json_object_get_string_member (earned, "profit"), ==, "1.54");
  }
}

static void
test_openapi (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) document = dt_test_server_rest (f, "GET", "/openapi.json", NULL, 200);
  JsonObject *paths = json_object_get_object_member (document, "paths");
  JsonObject *upload = json_object_get_object_member (
      json_object_get_object_member (paths, "/expenses/{id}/receipt"), "post");
  JsonObject *content = json_object_get_object_member (
      json_object_get_object_member (upload, "requestBody"), "content");

  g_assert_true (json_object_has_member (paths, "/expenses"));
  g_assert_cmpstr (json_object_get_string_member (upload, "operationId"), ==,
                   "attach_expense_receipt");
  g_assert_true (json_object_has_member (content, "multipart/form-data"));
  g_assert_true (json_object_has_member (content, "image/png"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/expenses/create-and-list", Fixture, NULL, fixture_set_up, test_create_and_list,
              fixture_tear_down);
  g_test_add ("/expenses/receipts-refused", Fixture, NULL, fixture_set_up,
              test_receipts_refused, fixture_tear_down);
  g_test_add ("/expenses/billing", Fixture, NULL, fixture_set_up, test_billing,
              fixture_tear_down);
  g_test_add ("/expenses/openapi", Fixture, NULL, fixture_set_up, test_openapi,
              fixture_tear_down);
  return g_test_run ();
}

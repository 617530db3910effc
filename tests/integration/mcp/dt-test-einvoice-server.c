/* dt-test-einvoice-server.c: the e-invoice integration tests' server, seller and draft. */
#include "dt-test-einvoice-server.h"

#include "dt-mcp-ops.h"

/* The seller as a German freelancer, the buyer a public-sector client (but no Leitweg-ID
 * yet), and a draft of 7.5 hours at 90 EUR, all through the operations. */
static void
make_invoice (DtTestEinvoiceServer *f)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(JsonObject) client = NULL;
  g_autoptr(JsonObject) project = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *body = NULL;

  profile = dt_test_server_rest (&f->server, "PATCH", "/profile",
                  "{\"name\":\"Lena Berger\",\"business_name\":\"Berger IT-Beratung\","
                  "\"address\":\"Hauptstraße 5\",\"city\":\"Berlin\",\"postcode\":\"10115\","
                  "\"country\":\"DE\",\"email\":\"lena@berger.example\","
                  "\"phone\":\"+49 30 1234567\",\"vat_id\":\"DE123456789\","
                  "\"iban\":\"DE89 3704 0044 0532 0130 00\",\"bic\":\"COBADEFFXXX\","
                  "\"payment_means\":\"58\",\"vat_category\":\"S\"}", 200);
  dt_test_server_check_output (&f->server, "update_profile", profile);
  /* Stored compact, as the norm writes it. */
  g_assert_cmpstr (json_object_get_string_member (profile, "iban"), ==,
                   "DE89370400440532013000");
  g_assert_cmpstr (json_object_get_string_member (profile, "vat_id"), ==, "DE123456789");

  client = dt_test_server_rest (&f->server, "POST", "/clients",
                 "{\"name\":\"Bezirksamt Mitte\",\"currency\":\"EUR\","
                 "\"email\":\"rechnung@bezirksamt.example\",\"address\":\"Karl-Marx-Allee 31\","
                 "\"city\":\"Berlin\",\"postcode\":\"10178\",\"country\":\"DE\","
                 "\"einvoice_format\":\"xrechnung-cii\",\"rate\":\"90.00\"}", 201);
  dt_test_server_check_output (&f->server, "create_client", client);
  f->client_id = json_object_get_int_member (client, "id");
  g_assert_cmpstr (json_object_get_string_member (client, "einvoice_format"), ==,
                   "xrechnung-cii");
  g_assert_cmpstr (json_object_get_string_member (client, "buyer_reference"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (client, "electronic_address_scheme"), ==,
                   "EM");

  body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Portal\"}",
                          f->client_id);
  project = dt_test_server_rest (&f->server, "POST", "/projects", body, 201);
  g_free (body);
  body = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ",\"start\":"
                          "\"2026-11-03T08:00:00Z\",\"end\":\"2026-11-03T15:30:00Z\","
                          "\"note\":\"Architecture review\"}",
                          json_object_get_int_member (project, "id"));
  entry = dt_test_server_rest (&f->server, "POST", "/time-entries", body, 201);
  g_free (body);
  body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":\"2026-11-01\","
                          "\"to\":\"2026-11-30\",\"tax_rate_percent\":\"19\","
                          "\"order_reference\":\"PO-2026-117\",\"vat_category\":\"S\"}",
                          f->client_id);
  /* MCP: the draft, with its order reference (BT-13). */
  result = dt_test_server_call_tool (&f->server, "create_invoice_draft", body);
  draft = json_object_ref (dt_test_server_structured (result));
  f->invoice_id = json_object_get_int_member (draft, "id");
  g_assert_cmpstr (json_object_get_string_member (draft, "total"), ==, "803.25");
}

void
dt_test_einvoice_set_up (DtTestEinvoiceServer *f,
                         gconstpointer         data)
{
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;

  dt_test_server_open (&f->server, "dt-einvoice-ops-XXXXXX");
  dt_ops_register_all (f->server.registry);
  mcp = dt_mcp_server_new ("test", NULL, "1", NULL);
  dt_mcp_ops_register (mcp, f->server.registry, dt_test_server_mcp_context, f->server.db);
  http = dt_mcp_http_new (mcp);
  dt_test_server_start (&f->server, dt_test_server_api_context, http);
  dt_test_server_approves = TRUE;
  make_invoice (f);
}

void
dt_test_einvoice_tear_down (DtTestEinvoiceServer *f,
                            gconstpointer         data)
{
  dt_test_server_close (&f->server);
}

/* test-einvoice.c: e-invoices through both faces of the real loopback server — the buyer's
 * and seller's fields on clients, profile and drafts (and refusals naming the field),
 * check_einvoice and get_einvoice in every format (each XML file received validated with
 * the official rules by tests/einvoice/validate.py), and sending the format a client
 * prefers to a loopback SMTP server. test-einvoice-import.c reads received ones. */
#include <string.h>

#include <glib/gstdio.h>

#include "dt-test-core.h"
#include "dt-test-einvoice-server.h"
#include "dt-facturx.h"
#include "dt-settings-store.h"

typedef DtTestEinvoiceServer Fixture;

/* ---- fields ----------------------------------------------------------------------------- */

typedef struct
{
  const char *body;
  const char *names;   /* what the refusal must name */
} BadInput;

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, f->client_id);
  g_autofree char *args = NULL;
  g_autoptr(JsonObject) before = dt_test_server_rest (&f->server, "GET", path, NULL, 200);
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) invoice = NULL;
  static const BadInput bad_clients[] = {
    { "{\"vat_id\":\"DE 123\"}", "“vat_id”" },
    { "{\"iban\":\"DE00370400440532013000\"}", "“iban”" },
    { "{\"country\":\"Germany\"}", "“country”" },
    { "{\"einvoice_format\":\"zugferd\"}", "“einvoice_format”" },
    { "{\"vat_category\":\"X\"}", "“vat_category”" },
    { "{\"vat_exemption_code\":\"VATEX-NOPE\"}", "“vat_exemption_code”" },
    { "{\"electronic_address_scheme\":\"ZZZZ\"}", "“electronic_address_scheme”" },
    /* A good field beside a bad one is not stored either. */
    { "{\"buyer_reference\":\"991-0\",\"vat_id\":\"12\"}", "“vat_id”" },
  };
  static const BadInput bad_profiles[] = {
    { "{\"bic\":\"COBA\"}", "“bic”" },
    { "{\"payment_means\":\"42\"}", "“payment_means”" },
    { "{\"iban\":\"GB00\"}", "“iban”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_clients); i++)
    {
      g_autoptr(JsonObject) problem = dt_test_server_rest (&f->server, "PATCH", path,
                                                           bad_clients[i].body,
                                                           400);
      g_autoptr(JsonObject) after = dt_test_server_rest (&f->server, "GET", path, NULL, 200);
      const char *detail = json_object_get_string_member (problem, "detail");

      if (strstr (detail, bad_clients[i].names) == NULL)
        g_error ("%s: the refusal does not name %s: %s", bad_clients[i].body,
                 bad_clients[i].names, detail);
      g_assert_cmpint (json_object_get_int_member (after, "version"), ==,
                       json_object_get_int_member (before, "version"));
      g_assert_cmpstr (json_object_get_string_member (after, "buyer_reference"), ==, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_profiles); i++)
    {
      g_autoptr(JsonObject) problem = dt_test_server_rest (&f->server, "PATCH", "/profile",
                                                           bad_profiles[i].body, 400);
      g_autoptr(JsonObject) profile = dt_test_server_rest (&f->server, "GET", "/profile", NULL,
                                                           200);

      g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"),
                                bad_profiles[i].names));
      g_assert_cmpstr (json_object_get_string_member (profile, "bic"), ==, "COBADEFFXXX");
      g_assert_cmpstr (json_object_get_string_member (profile, "payment_means"), ==, "58");
    }

  /* MCP: every buyer field is taken and given back. */
  args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"buyer_reference\":"
                          "\"04011000-1234512345-06\",\"vat_id\":\"DE987654321\","
                          "\"electronic_address\":\"04011000-1234512345-06\","
                          "\"electronic_address_scheme\":\"0204\",\"vat_category\":\"S\","
                          "\"mandate_reference\":\"M-1\",\"iban\":\"DE02120300000000202051\","
                          "\"expected_version\":%" G_GINT64_FORMAT "}", f->client_id,
                          json_object_get_int_member (before, "version"));
  result = dt_test_server_call_tool (&f->server, "update_client", args);
  updated = json_object_ref (dt_test_server_structured (result));
  dt_test_server_check_output (&f->server, "update_client", updated);
  g_assert_cmpstr (json_object_get_string_member (updated, "buyer_reference"), ==,
                   "04011000-1234512345-06");
  g_assert_cmpstr (json_object_get_string_member (updated, "electronic_address_scheme"), ==,
                   "0204");
  g_assert_cmpstr (json_object_get_string_member (updated, "vat_id"), ==, "DE987654321");
  g_clear_pointer (&result, json_object_unref);

  /* A draft's service period and exemption; a bad code changes nothing. */
  g_free (path);
  path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT, f->invoice_id);
  {
    g_autoptr(JsonObject) problem = dt_test_server_rest (&f->server, "PATCH", path,
                                                         "{\"order_reference\":\"PO-9\","
                                          "\"vat_exemption_code\":\"NOPE\"}", 400);

    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"),
                              "vat_exemption_code"));
  }
  invoice = dt_test_server_rest (&f->server, "PATCH", path,
                                 "{\"period_from\":\"2026-11-02\",\"period_to\":"
                  "\"2026-11-06\"}", 200);
  g_clear_pointer (&invoice, json_object_unref);
  invoice = dt_test_server_rest (&f->server, "GET", path, NULL, 200);
  dt_test_server_check_output (&f->server, "get_invoice", invoice);
  g_assert_cmpstr (json_object_get_string_member (invoice, "order_reference"), ==,
                   "PO-2026-117");
  g_assert_cmpstr (json_object_get_string_member (invoice, "vat_category"), ==, "S");
  g_assert_cmpstr (json_object_get_string_member (invoice, "period_from"), ==, "2026-11-02");
  g_assert_cmpstr (json_object_get_string_member (invoice, "period_to"), ==, "2026-11-06");
  g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (invoice,
                                                                                    "lines"), 0),
                       "unit_code"), ==, "HUR");
}

/* ---- check and get ------------------------------------------------------------------------ */

static void
save (const char *dir,
      const char *name,
      const void *data,
      gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

/* Every file in @dir valid under the official rules (schema, EN 16931, XRechnung). */
static void
validate_all (const char *dir)
{
  const char *script = g_getenv ("DT_EINVOICE_VALIDATE");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "/usr/bin/python3", script, dir, NULL };

  g_assert_nonnull (script);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the official rules refuse what get_einvoice gave:\n%s\n%s", out, err);
  g_assert_nonnull (strstr (out, "5 valid"));
}

static void
test_check_and_get (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *check_path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT
                                                 "/einvoice-check", f->invoice_id);
  g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", f->invoice_id);
  g_autofree char *client_path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, f->client_id);
  g_autofree char *out_dir = g_build_filename (f->server.dir, "received", NULL);
  g_autoptr(JsonObject) check = dt_test_server_rest (&f->server, "GET", check_path, NULL, 200);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  static const char *const xml_formats[] = {
    "xrechnung-cii", "xrechnung-ubl", "en16931-cii", "en16931-ubl",
  };
  JsonArray *problems;
  gboolean named = FALSE;

  /* The client's preferred format by default: XRechnung needs the Leitweg-ID. */
  dt_test_server_check_output (&f->server, "check_einvoice", check);
  g_assert_cmpstr (json_object_get_string_member (check, "format"), ==, "xrechnung-cii");
  g_assert_false (json_object_get_boolean_member (check, "ready"));
  problems = json_object_get_array_member (check, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      if (g_str_equal (json_object_get_string_member (problem, "business_term"), "BT-10"))
        {
          g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==,
                           "client.buyer_reference");
          g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
          named = TRUE;
        }
    }
  g_assert_true (named);

  /* Not ready: refused on both faces with what is missing. */
  {
    g_auto(DtTestReply) reply = { 0 };
    g_autofree char *path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT "/einvoice",
                                             f->invoice_id);

    dt_test_server_rest_raw (&f->server, "GET", path, NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 409);
    g_assert_cmpstr (reply.content_type, ==, "application/problem+json");
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (reply.body, NULL),
                                    g_bytes_get_size (reply.body), "BT-10"));
  }
  result = dt_test_server_call_tool (&f->server, "get_einvoice", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "client.buyer_reference"));
  g_clear_pointer (&result, json_object_unref);
  /* EN 16931 alone does not need it. */
  {
    g_autofree char *plain = g_strdup_printf ("%s?format=en16931-cii", check_path);
    g_autoptr(JsonObject) en = dt_test_server_rest (&f->server, "GET", plain, NULL, 200);

    g_assert_true (json_object_get_boolean_member (en, "ready"));
  }

  fixed = dt_test_server_rest (&f->server, "PATCH", client_path,
                               "{\"buyer_reference\":\"04011000-1234512345-06\"}",
                200);
  g_clear_pointer (&check, json_object_unref);
  check = dt_test_server_rest (&f->server, "GET", check_path, NULL, 200);
  g_assert_true (json_object_get_boolean_member (check, "ready"));

  /* REST: every XML format, as the file it is. */
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (xml_formats); i++)
    {
      g_auto(DtTestReply) reply = { 0 };
      g_autofree char *path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT
                                               "/einvoice?format=%s", f->invoice_id,
                                               xml_formats[i]);
      g_autofree char *name = g_strdup_printf ("rest-%s.xml", xml_formats[i]);

      dt_test_server_rest_raw (&f->server, "GET", path, NULL, NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      g_assert_cmpstr (reply.content_type, ==, "application/xml");
      g_assert_true (g_str_has_prefix (reply.disposition, "attachment; filename=\""));
      g_assert_true (g_str_has_suffix (reply.disposition, ".xml\""));
      g_assert_true (g_str_has_prefix (g_bytes_get_data (reply.body, NULL), "<?xml"));
      save (out_dir, name, g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body));
    }

  /* MCP: XML as an embedded text resource, the same bytes as REST gave. */
  {
    g_autofree char *ubl = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"format\":"
                                            "\"xrechnung-ubl\"}", f->invoice_id);
    g_autofree char *rest_path = g_build_filename (out_dir, "rest-xrechnung-ubl.xml", NULL);
    g_autofree char *rest_text = NULL;
    JsonObject *resource;
    JsonArray *content;

    result = dt_test_server_call_tool (&f->server, "get_einvoice", ubl);
    dt_test_server_check_output (&f->server, "get_einvoice", dt_test_server_structured (result));
    content = json_object_get_array_member (result, "content");
    g_assert_cmpuint (json_array_get_length (content), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 1),
                                                    "type"), ==, "resource");
    resource = json_object_get_object_member (json_array_get_object_element (content, 1),
                                              "resource");
    g_assert_cmpstr (json_object_get_string_member (resource, "mimeType"), ==,
                     "application/xml");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (resource, "uri"),
                                     "doubletime://invoices/"));
    g_assert_false (json_object_has_member (resource, "blob"));
    g_assert_true (g_file_get_contents (rest_path, &rest_text, NULL, NULL));
    g_assert_cmpstr (json_object_get_string_member (resource, "text"), ==, rest_text);
    /* The text block carries the dt_test_einvoice_rest, not the file a second time. */
    g_assert_null (strstr (dt_test_server_tool_text (result), "<?xml"));
    g_clear_pointer (&result, json_object_unref);
  }

  /* Factur-X: a PDF over REST, a blob over MCP, the CII inside it validated too. */
  {
    g_auto(DtTestReply) reply = { 0 };
    g_autofree char *path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT
                                             "/einvoice?format=facturx", f->invoice_id);
    g_autofree char *fx = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"format\":"
                                           "\"facturx\"}", f->invoice_id);
    g_autoptr(GBytes) xml = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree guchar *blob = NULL;
    JsonObject *resource;
    gsize size = 0;

    dt_test_server_rest_raw (&f->server, "GET", path, NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpstr (reply.content_type, ==, "application/pdf");
    g_assert_true (g_str_has_suffix (reply.disposition, ".pdf\""));
    g_assert_cmpmem (g_bytes_get_data (reply.body, NULL), 5, "%PDF-", 5);
    xml = dt_facturx_extract_xml (reply.body, &error);
    g_assert_no_error (error);
    save (out_dir, "facturx.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));

    result = dt_test_server_call_tool (&f->server, "get_einvoice", fx);
    resource = json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (result, "content"), 1),
        "resource");
    g_assert_cmpstr (json_object_get_string_member (resource, "mimeType"), ==,
                     "application/pdf");
    blob = g_base64_decode (json_object_get_string_member (resource, "blob"), &size);
    g_assert_cmpmem (blob, 5, "%PDF-", 5);
  }
  validate_all (out_dir);
}

/* ---- sending ------------------------------------------------------------------------------ */

static void
set_up_smtp (Fixture *f,
             guint16  port)
{
  g_autofree char *body = g_strdup_printf ("{\"values\":{\"%s\":\"127.0.0.1\",\"%s\":\"%u\","
                                           "\"%s\":\"none\",\"%s\":\"lena@berger.example\"}}",
                                           DT_SETTING_SMTP_HOST, DT_SETTING_SMTP_PORT, port,
                                           DT_SETTING_SMTP_SECURITY, DT_SETTING_SMTP_FROM);
  g_autoptr(JsonObject) settings = dt_test_server_rest (&f->server, "PATCH", "/settings", body,
                                                        200);
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", f->invoice_id);
  g_autofree char *client_path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, f->client_id);
  g_autofree char *invoice_path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT,
                                                   f->invoice_id);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) invoice = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  DtTestSmtp smtp = { 0 };
  g_autofree char *transcript = NULL;

  dt_test_smtp_start (&smtp);
  set_up_smtp (f, smtp.port);
  /* Not ready as XRechnung: refused before the user is asked, with what is missing. */
  result = dt_test_server_call_tool (&f->server, "send_invoice", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "BT-10"));
  g_assert_cmpuint (dt_test_server_questions, ==, 0);
  invoice = dt_test_server_rest (&f->server, "GET", invoice_path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (invoice, "status"), ==, "draft");
  g_clear_pointer (&result, json_object_unref);
  g_clear_pointer (&invoice, json_object_unref);

  fixed = dt_test_server_rest (&f->server, "PATCH", client_path,
                               "{\"buyer_reference\":\"04011000-1234512345-06\"}",
                200);
  result = dt_test_server_call_tool (&f->server, "send_invoice", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  g_assert_cmpuint (dt_test_server_questions, ==, 1);
  transcript = dt_test_smtp_stop (&smtp);
  /* The PDF and the XRechnung XML beside it. */
  g_assert_nonnull (strstr (transcript, "Content-Type: application/pdf"));
  g_assert_nonnull (strstr (transcript, "Content-Type: application/xml"));
  g_assert_nonnull (strstr (transcript, "-xrechnung-cii.xml\""));
  invoice = dt_test_server_rest (&f->server, "GET", invoice_path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (invoice, "status"), ==, "sent");
}

static void
test_send_facturx (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", f->invoice_id);
  g_autofree char *client_path = g_strdup_printf ("/clients/%" G_GINT64_FORMAT, f->client_id);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  DtTestSmtp smtp = { 0 };
  g_autofree char *transcript = NULL;

  dt_test_smtp_start (&smtp);
  set_up_smtp (f, smtp.port);
  fixed = dt_test_server_rest (&f->server, "PATCH", client_path,
                               "{\"einvoice_format\":\"facturx\"}", 200);
  result = dt_test_server_call_tool (&f->server, "send_invoice", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  transcript = dt_test_smtp_stop (&smtp);
  /* One file: the Factur-X PDF in place of the plain one. */
  g_assert_nonnull (strstr (transcript, "Content-Type: application/pdf"));
  g_assert_null (strstr (transcript, "Content-Type: application/xml"));
  g_assert_null (strstr (strstr (transcript, "Content-Type: application/pdf") + 1,
                         "Content-Type: application/pdf"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/einvoice-ops/fields", Fixture, NULL, dt_test_einvoice_set_up, test_fields,
              dt_test_einvoice_tear_down);
  g_test_add ("/einvoice-ops/check-and-get", Fixture, NULL, dt_test_einvoice_set_up,
              test_check_and_get, dt_test_einvoice_tear_down);
  g_test_add ("/einvoice-ops/send-xrechnung", Fixture, NULL, dt_test_einvoice_set_up,
              test_send, dt_test_einvoice_tear_down);
  g_test_add ("/einvoice-ops/send-facturx", Fixture, NULL, dt_test_einvoice_set_up,
              test_send_facturx, dt_test_einvoice_tear_down);
  return g_test_run ();
}

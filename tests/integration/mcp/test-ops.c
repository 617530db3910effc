/* test-ops.c: the application's operations through both faces on the real loopback server:
 * a workflow over REST and MCP, bad input, pagination, sensitive actions approved and
 * denied, every output checked against its schema, and the OpenAPI document against every
 * route. Authentication is replaced by a fixed caller here (test-auth covers tokens). */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dt-api.h"
#include "dt-error.h"
#include "dt-json-schema.h"
#include "dt-json-writer.h"
#include "dt-mcp-endpoint.h"
#include "dt-mcp-ops.h"
#include "dt-ops.h"
#include "dt-ops-private.h"
#include "dt-test-server-client.h"

typedef DtTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  dt_test_server_open_all (f, "dt-ops-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dt_test_server_close (f);
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) client = NULL;
  g_autoptr(JsonObject) project = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *args = NULL;
  gint64 client_id, project_id, task_id;

  /* REST: a client, then a project for it. */
  client = dt_test_server_rest (f, "POST", "/clients", "{\"name\":\"Acme\",\"currency\":\"EUR\","
                                "\"email\":\"billing@acme.example\",\"rate\":\"80.00\"}", 201);
  dt_test_server_check_output (f, "create_client", client);
  client_id = json_object_get_int_member (client, "id");
  g_assert_cmpstr (json_object_get_string_member (client, "rate"), ==, "80.00");
  g_assert_cmpint (json_object_get_int_member (client, "rate_minor"), ==, 8000);
  g_assert_nonnull (json_object_get_string_member (client, "created_at_day"));

  args = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Website\","
                          "\"rate\":\"95.50\"}", client_id);
  /* MCP: the same operation as a tool. */
  result = dt_test_server_call_tool (f, "create_project", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  project = json_object_ref (json_object_get_object_member (result, "structuredContent"));
  dt_test_server_check_output (f, "create_project", project);
  project_id = json_object_get_int_member (project, "id");
  g_assert_cmpstr (json_object_get_string_member (project, "rate"), ==, "95.50");
  g_clear_pointer (&result, json_object_unref);
  g_clear_pointer (&args, g_free);

  args = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ",\"title\":\"Design\"}",
                          project_id);
  result = dt_test_server_call_tool (f, "create_task", args);
  task = json_object_ref (json_object_get_object_member (result, "structuredContent"));
  task_id = json_object_get_int_member (task, "id");
  g_clear_pointer (&result, json_object_unref);
  g_clear_pointer (&args, g_free);

  /* Three entries, listed a page of two at a time. */
  for (int day = 2; day <= 4; day++)
    {
      g_autofree char *body = g_strdup_printf (
          "{\"project_id\":%" G_GINT64_FORMAT ",\"task_id\":%" G_GINT64_FORMAT ","
          "\"start\":\"2026-11-0%dT09:00:00Z\",\"end\":\"2026-11-0%dT11:30:00Z\","
          "\"note\":\"day %d\"}", project_id, task_id, day, day, day);
      g_autoptr(JsonObject) created = dt_test_server_rest (f, "POST", "/time-entries", body, 201);

      dt_test_server_check_output (f, "create_time_entry", created);
      g_assert_cmpint (json_object_get_int_member (created, "duration_minutes"), ==, 150);
    }
  page = dt_test_server_rest (f, "GET", "/time-entries?limit=2&from=2026-11-01&to=2026-11-30", NULL,
                              200);
  dt_test_server_check_output (f, "list_time_entries", page);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")), ==, 2);
  {
    g_autofree char *next = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":2}",
                                             json_object_get_string_member (page, "next_cursor"));
    g_autoptr(JsonObject) second = NULL;

    result = dt_test_server_call_tool (f, "list_time_entries", next);
    second = json_object_ref (json_object_get_object_member (result, "structuredContent"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "items")),
                      ==, 1);
    g_assert_true (json_object_get_null_member (second, "next_cursor") ||
                   JSON_NODE_HOLDS_NULL (json_object_get_member (second, "next_cursor")));
    entry = json_object_ref (json_array_get_object_element (
        json_object_get_array_member (second, "items"), 0));
    g_assert_cmpstr (json_object_get_string_member (entry, "start_day"), !=, NULL);
    g_clear_pointer (&result, json_object_unref);
  }

  /* A bad cursor and a range the wrong way round are input errors that say what to do. */
  result = dt_test_server_call_tool (f, "list_time_entries", "{\"cursor\":\"zz!\"}");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "“cursor”"));
  g_clear_pointer (&result, json_object_unref);
  result = dt_test_server_call_tool (f, "list_time_entries",
                                     "{\"from\":\"2026-11-30\",\"to\":\"2026-11-01\"}");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "is before"));
  g_clear_pointer (&result, json_object_unref);
  result = dt_test_server_call_tool (f, "create_time_entry",
                                     "{\"project_id\":999999,\"start\":\"2026-11-02\","
                                     "\"end\":\"2026-11-02T10:00\"}");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_clear_pointer (&result, json_object_unref);

  /* The timer. */
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT "}", project_id);
  result = dt_test_server_call_tool (f, "start_timer", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  g_clear_pointer (&result, json_object_unref);
  {
    g_autoptr(JsonObject) running = dt_test_server_rest (f, "GET", "/timer", NULL, 200);

    dt_test_server_check_output (f, "get_running_timer", running);
    g_assert_true (json_object_get_boolean_member (running, "running"));
  }
  result = dt_test_server_call_tool (f, "start_timer", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_clear_pointer (&result, json_object_unref);
  {
    g_autoptr(JsonObject) stopped = dt_test_server_rest (f, "POST", "/timer/stop", "{}", 200);

    dt_test_server_check_output (f, "stop_timer", stopped);
    g_assert_false (json_object_get_boolean_member (stopped, "running"));
  }

  /* Deleting is sensitive: denied leaves the entry, approved removes it. */
  {
    g_autofree char *path = g_strdup_printf ("/time-entries/%" G_GINT64_FORMAT,
                                             json_object_get_int_member (entry, "id"));
    g_autoptr(JsonObject) denied = NULL;
    g_autoptr(JsonObject) deleted = NULL;

    dt_test_server_approves = FALSE;
    denied = dt_test_server_rest (f, "DELETE", path, NULL, 403);
    g_assert_nonnull (strstr (json_object_get_string_member (denied, "detail"),
                              "The user declined"));
    dt_test_server_approves = TRUE;
    deleted = dt_test_server_rest (f, "DELETE", path, NULL, 200);
    g_assert_true (json_object_get_boolean_member (deleted, "deleted"));
    g_assert_cmpuint (dt_test_server_questions, ==, 2);
    g_clear_pointer (&denied, json_object_unref);
    denied = dt_test_server_rest (f, "GET", path, NULL, 404);
  }

  /* Updates with If-Match style versions, tags, profile, invoices, payments. */
  {
    g_autofree char *body = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Acme "
                                             "GmbH\",\"expected_version\":99}", client_id);

    result = dt_test_server_call_tool (f, "update_client", body);
    g_assert_true (json_object_get_boolean_member (result, "isError"));
    g_clear_pointer (&result, json_object_unref);
  }
  {
    g_autoptr(JsonObject) tag = dt_test_server_rest (f, "POST", "/tags", "{\"name\":\"urgent\"}",
                                                     201);
    g_autoptr(JsonObject) dup = dt_test_server_rest (f, "POST", "/tags", "{\"name\":\"URGENT\"}",
                                                     409);
    g_autoptr(JsonObject) profile = dt_test_server_rest (f, "GET", "/profile", NULL, 200);
    g_autoptr(JsonObject) invoices = dt_test_server_rest (f, "GET", "/invoices?status=draft", NULL,
                                                          200);
    g_autoptr(JsonObject) payment = dt_test_server_rest (f, "POST", "/invoices/424242/payments",
                                                         "{\"amount\":\"10.00\"}", 404);

    dt_test_server_check_output (f, "create_tag", tag);
    dt_test_server_check_output (f, "get_profile", profile);
    dt_test_server_check_output (f, "list_invoices", invoices);
  }
}

/* Billing: candidates → draft → preview → PDF → hub → report; sending needs e-mail set up. */
/* What a read worker's caller gets for a page of entries, written directly as text, is the
 * very text the operation's object gives. */
static void
check_page_text (Fixture    *f,
                 const char *op_name,
                 const char *arguments)
{
  const DtOp *op = dt_op_registry_lookup (f->registry, op_name);
  g_autoptr(JsonNode) input = dt_test_server_parse (arguments, strlen (arguments));
  g_autoptr(DtOpContext) tree_ctx = dt_test_server_context (f->db, "rest");
  g_autoptr(DtOpContext) text_ctx = dt_test_server_context (f->db, "rest");
  g_autoptr(JsonObject) tree = NULL;
  g_autoptr(JsonObject) stand_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  tree = op->func (tree_ctx, json_node_get_object (input), &error);
  g_assert_no_error (error);
  expected = dt_json_to_text_object (tree, NULL);
  text_ctx->text_out = g_string_new (NULL);
  stand_in = op->func (text_ctx, json_node_get_object (input), &error);
  g_assert_no_error (error);
  g_assert_nonnull (stand_in);
  g_assert_cmpstr (text_ctx->text_out->str, ==, expected);

  /* And the MCP tool result a read worker wraps around it is the one the tree would give. */
  {
    g_autoptr(JsonObject) result = json_object_new ();
    JsonArray *content = json_array_new ();
    JsonObject *item = json_object_new ();
    gsize wrapped_length = 0;
    g_autofree char *wrapped = dt_mcp_tool_result_text (text_ctx->text_out->str,
                                                        text_ctx->text_out->len,
                                                        &wrapped_length);
    g_autofree char *wanted = NULL;

    json_object_set_string_member (item, "type", "text");
    json_object_set_string_member (item, "text", expected);
    json_array_add_object_element (content, item);
    json_object_set_array_member (result, "content", content);
    json_object_set_object_member (result, "structuredContent", json_object_ref (tree));
    wanted = dt_json_to_text_object (result, NULL);
    /* After room for the message's head, blank until it is written. */
    for (guint i = 0; i < DT_MCP_RESULT_HEADROOM; i++)
      g_assert_cmpint (wrapped[i], ==, ' ');
    g_assert_cmpstr (wrapped + DT_MCP_RESULT_HEADROOM, ==, wanted);
    g_assert_cmpuint (wrapped_length, ==, DT_MCP_RESULT_HEADROOM + strlen (wanted));
  }
  g_string_free (g_steal_pointer (&text_ctx->text_out), TRUE);
}

/* What an operation writes as text is what its object gives through dt-json-writer. */
static void
assert_text_is_tree (JsonObject *tree,
                     GString    *text)
{
  g_autofree char *expected = dt_json_to_text_object (tree, NULL);

  g_assert_cmpstr (text->str, ==, expected);
}

/* An invoice of every kind of field, written as text, is the text of its object: sent and
 * part paid, a credit note's kind, a number and notes that need escaping, a line of each
 * kind, amounts in a currency without minor units and a missing one. */
static void
test_invoice_text (Fixture       *f,
                   gconstpointer  data)
{
  for (int variant = 0; variant < 2; variant++)
    {
      g_autoptr(DtInvoice) invoice = dt_invoice_new ();
      g_autoptr(JsonObject) tree = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      DtLineKind kinds[] = { DT_LINE_TIME, DT_LINE_HOURLY, DT_LINE_FIXED };

      invoice->id = 41;
      invoice->client_id = 7;
      invoice->kind = variant == 0 ? DT_INVOICE_KIND_INVOICE : DT_INVOICE_KIND_CREDIT_NOTE;
      invoice->status = variant == 0 ? DT_INVOICE_PARTIALLY_PAID : DT_INVOICE_DRAFT;
      invoice->currency = g_strdup (variant == 0 ? "EUR" : "JPY");
      if (variant == 0)
        {
          invoice->number = g_strdup ("2026-\"7\"");
          invoice->issue_date = g_strdup ("2026-11-02");
          invoice->due_date = g_strdup ("2026-11-16");
          invoice->period_from = g_strdup ("2026-10-01");
          invoice->period_to = g_strdup ("2026-10-31");
          invoice->sent_at = 1793613600;
          invoice->sent_to = g_strdup ("billing@acme.example");
          g_free (invoice->notes);
          invoice->notes = g_strdup ("Thanks —\n\t\"net\" 14 \\ days");
          invoice->days_overdue = 3;
        }
      invoice->subtotal = 123456;
      invoice->discount = variant == 0 ? 0 : DT_NO_VALUE;
      invoice->tax_total = -5;
      invoice->total = 123451;
      invoice->paid = 1000;
      invoice->balance = 122451;
      invoice->version = 9;
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          DtInvoiceLine *line = dt_invoice_line_new (kinds[i]);
          gint64 entry = 100 + i;

          line->id = 500 + i;
          g_free (line->description);
          line->description = g_strdup (i == 0 ? "Design \"site\"" : "Fee");
          line->quantity = i == 2 ? 1500 : 90;
          line->unit_price = 9000;
          line->amount = 13500;
          line->tax_rate_bp = 1900 + (int) i;
          if (i == 0)
            {
              g_array_append_val (line->entry_ids, entry);
              entry++;
              g_array_append_val (line->entry_ids, entry);
            }
          g_ptr_array_add (invoice->lines, line);
        }

      tree = dt_ops_invoice_to_json (invoice);
      dt_ops_invoice_write (text, invoice);
      assert_text_is_tree (tree, text);
    }
}

/* A client written as text is the text of its object: every field set (escapes, archived, a
 * rate), and a new one (no rate, a currency without minor units). */
static void
test_client_text (Fixture       *f,
                  gconstpointer  data)
{
  for (int variant = 0; variant < 2; variant++)
    {
      g_autoptr(DtClient) client = dt_client_new ();
      g_autoptr(JsonObject) tree = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      client->id = 12;
      g_free (client->currency);
      client->currency = g_strdup (variant == 0 ? "EUR" : "JPY");
      if (variant == 0)
        {
          g_free (client->name);
          client->name = g_strdup ("Acme \"Labs\"");
          g_free (client->notes);
          client->notes = g_strdup ("Line one\nline two \\ \t end");
          g_free (client->address);
          client->address = g_strdup ("1 Rue d’Été\n75001 Paris");
          client->rate = 9050;
          client->archived = TRUE;
          client->payment_terms_days = 30;
          client->created_at = 1793613600;
          client->updated_at = 1793617200;
        }
      client->version = 3;
      tree = dt_ops_client_to_json (client);
      dt_ops_client_write (text, client);
      assert_text_is_tree (tree, text);
    }
}

static void
test_billing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) client = dt_test_server_rest (f, "POST", "/clients",
                                                      "{\"name\":\"Acme\",\"currency\":\"EUR\","
                                                      "\"email\":\"billing@acme.example\"}", 201);
  gint64 client_id = json_object_get_int_member (client, "id");
  g_autofree char *body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Site\","
                                           "\"rate\":\"90.00\"}", client_id);
  g_autoptr(JsonObject) project = dt_test_server_rest (f, "POST", "/projects", body, 201);
  gint64 project_id = json_object_get_int_member (project, "id");
  g_autoptr(JsonObject) candidates = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *args = NULL;
  g_autofree char *path = NULL;
  gint64 invoice_id;

  for (int day = 2; day <= 3; day++)
    {
      g_autofree char *entry = g_strdup_printf (
          "{\"project_id\":%" G_GINT64_FORMAT ",\"start\":\"2026-11-0%dT09:00:00Z\","
          "\"end\":\"2026-11-0%dT10:30:00Z\"}", project_id, day, day);
      g_autoptr(JsonObject) created = dt_test_server_rest (f, "POST", "/time-entries", entry, 201);
    }

  args = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":\"2026-11-01\","
                          "\"to\":\"2026-11-30\"}", client_id);
  result = dt_test_server_call_tool (f, "find_invoice_candidates", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  candidates = json_object_ref (json_object_get_object_member (result, "structuredContent"));
  check_page_text (f, "find_invoice_candidates", args);
  dt_test_server_check_output (f, "find_invoice_candidates", candidates);
  g_assert_cmpint (json_object_get_int_member (candidates, "raw_minutes"), ==, 180);
  g_assert_cmpstr (json_object_get_string_member (candidates, "amount"), ==, "270.00");
  g_clear_pointer (&result, json_object_unref);

  result = dt_test_server_call_tool (f, "create_invoice_draft", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  draft = json_object_ref (json_object_get_object_member (result, "structuredContent"));
  dt_test_server_check_output (f, "create_invoice_draft", draft);
  g_assert_cmpstr (json_object_get_string_member (draft, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (draft, "total"), ==, "270.00");
  invoice_id = json_object_get_int_member (draft, "id");
  g_clear_pointer (&result, json_object_unref);

  g_free (args);
  args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", invoice_id);
  result = dt_test_server_call_tool (f, "preview_invoice", args);
  g_assert_nonnull (strstr (json_object_get_string_member (
      json_object_get_object_member (result, "structuredContent"), "text"), "270.00"));
  g_clear_pointer (&result, json_object_unref);

  /* The PDF as bytes over REST. */
  {
    g_autofree char *url = g_strdup_printf ("%s/api/v1/invoices/%" G_GINT64_FORMAT "/pdf",
                                            f->base, invoice_id);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) pdf = soup_session_send_and_read (f->session, msg, NULL, NULL);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (
        soup_message_get_response_headers (msg), NULL), ==, "application/pdf");
    g_assert_true (g_bytes_get_size (pdf) > 4 &&
                   memcmp (g_bytes_get_data (pdf, NULL), "%PDF", 4) == 0);
  }

  {
    g_autoptr(JsonObject) hub = dt_test_server_rest (f, "GET", "/billing-hub", NULL, 200);
    JsonObject *row;

    dt_test_server_check_output (f, "get_billing_hub", hub);
    row = json_array_get_object_element (json_object_get_array_member (hub, "clients"), 0);
    g_assert_cmpint (json_object_get_int_member (row, "drafts"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (row, "drafts_total"), ==, "270.00");
  }
  {
    g_autoptr(JsonObject) report = dt_test_server_rest (f, "GET",
                                                        "/reports?from=2026-11-01&to=2026-11-30"
                                                        "&group_by=client", NULL, 200);
    JsonObject *total;

    dt_test_server_check_output (f, "run_report", report);
    total = json_array_get_object_element (json_object_get_array_member (report, "totals"), 0);
    g_assert_cmpint (json_object_get_int_member (total, "minutes"), ==, 180);
  }
  /* Entries of every kind (billed on the draft, tagged, running, with a note that needs
   * escaping) come out the same written directly as through the tree. */
  {
    g_autoptr(JsonObject) tag = dt_test_server_rest (f, "POST", "/tags", "{\"name\":\"urgent\"}",
                                                     201);
    g_autofree char *tagged = g_strdup_printf (
        "{\"project_id\":%" G_GINT64_FORMAT ",\"start\":\"2026-11-05T09:00:00Z\","
        "\"end\":\"2026-11-05T09:20:00Z\",\"billable\":false,\"note\":\"Call \\\"Ana\\\" "
        "\\u00e9t\\u00e9\\n\\ttab \\\\ end\",\"tag_ids\":[%" G_GINT64_FORMAT "]}",
        project_id, json_object_get_int_member (tag, "id"));
    g_autofree char *running = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT "}",
                                                project_id);
    g_autoptr(JsonObject) first = dt_test_server_rest (f, "POST", "/time-entries", tagged, 201);
    g_autoptr(JsonObject) timer = dt_test_server_call_tool (f, "start_timer", running);

    g_assert_false (json_object_get_boolean_member_with_default (timer, "isError", FALSE));
    check_page_text (f, "list_time_entries", "{\"limit\":100}");
    check_page_text (f, "list_time_entries", "{\"limit\":2}");
    check_page_text (f, "list_time_entries", "{\"limit\":3,\"status\":\"billed\"}");
    check_page_text (f, "list_time_entries", "{\"limit\":100,\"text\":\"nothing like this\"}");
    check_page_text (f, "list_invoices", "{}");
    check_page_text (f, "list_clients", "{}");
    {
      /* With a billed, a tagged non-billable and a running entry in the month. */
      g_autofree char *month = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ","
                                                "\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}",
                                                client_id);

      check_page_text (f, "find_invoice_candidates", month);
    }
    check_page_text (f, "list_clients", "{\"limit\":1,\"archived\":\"include\"}");
    check_page_text (f, "list_invoices", "{\"status\":\"draft\",\"limit\":1}");
    check_page_text (f, "list_invoices", "{\"status\":\"paid\"}");
  }

  /* Sending: confirmed, but no SMTP server is set up, so it says so and stays a draft. */
  dt_test_server_approves = TRUE;
  result = dt_test_server_call_tool (f, "send_invoice", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "E-mail is not set up"));
  g_clear_pointer (&result, json_object_unref);
  /* A draft is deleted, not voided. */
  result = dt_test_server_call_tool (f, "void_invoice", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "delete_invoice_draft"));
  g_clear_pointer (&result, json_object_unref);
  path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT, invoice_id);
  {
    g_autoptr(JsonObject) deleted = dt_test_server_rest (f, "DELETE", path, NULL, 200);
    g_autoptr(JsonObject) again = NULL;

    g_assert_true (json_object_get_boolean_member (deleted, "deleted"));
    /* Its entries are billable again. */
    g_autofree char *range = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":"
                                              "\"2026-11-01\",\"to\":\"2026-11-30\"}",
                                              client_id);

    result = dt_test_server_call_tool (f, "find_invoice_candidates", range);
    again = json_object_ref (json_object_get_object_member (result, "structuredContent"));
    g_assert_cmpstr (json_object_get_string_member (again, "amount"), ==, "270.00");
  }
}

static JsonObject *
line_at (JsonObject *invoice,
         guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (invoice, "lines"), index);
}

/* @text with each "LINE" replaced by @id. */
static char *
with_line (const char *text,
           gint64      id)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto(GStrv) parts = g_strsplit (text, "LINE", -1);

  return g_strjoinv (number, parts);
}

/* A draft's lines through update_invoice_draft (REST PATCH and the MCP tool): edited, added,
 * reordered, with a tax rate each, and removed, which unbills their time; bad lists are
 * refused with what was wrong, and change nothing. */
static void
test_draft_lines (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) client = dt_test_server_rest (f, "POST", "/clients",
                                                      "{\"name\":\"Brightside\","
                                                      "\"currency\":\"EUR\"}", 201);
  gint64 client_id = json_object_get_int_member (client, "id");
  g_autofree char *body = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":"
                                           "\"Shop\",\"rate\":\"80.00\"}", client_id);
  g_autoptr(JsonObject) project = dt_test_server_rest (f, "POST", "/projects", body, 201);
  g_autofree char *entry = g_strdup_printf ("{\"project_id\":%" G_GINT64_FORMAT ",\"start\":"
                                            "\"2026-10-06T09:00:00Z\",\"end\":"
                                            "\"2026-10-06T11:30:00Z\"}",
                                            json_object_get_int_member (project, "id"));
  g_autoptr(JsonObject) created = dt_test_server_rest (f, "POST", "/time-entries", entry, 201);
  g_autofree char *range = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":"
                                            "\"2026-10-01\",\"to\":\"2026-10-31\","
                                            "\"tax_rate_percent\":\"19\"}", client_id);
  g_autoptr(JsonObject) draft = dt_test_server_rest (f, "POST", "/invoices", range, 201);
  gint64 id = json_object_get_int_member (draft, "id");
  g_autofree char *path = g_strdup_printf ("/invoices/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonObject) before = dt_test_server_rest (f, "GET", path, NULL, 200);
  gint64 time_line = json_object_get_int_member (line_at (before, 0), "id");
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) reordered = NULL;
  g_autoptr(JsonObject) unbilled = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *args = NULL;
  gint64 fixed_line, hourly_line;
  const char *bad[][2] = {
    { "{\"lines\":[{\"id\":999999}]}", "line 1: line 999999 is not a line of invoice" },
    { "{\"lines\":[{\"description\":\"Hosting\",\"unit_price\":\"10\"}]}",
      "line 1: a new line needs “kind”" },
    { "{\"lines\":[{\"kind\":\"fixed\",\"description\":\"Hosting\",\"unit_price\":\"10\","
      "\"quantity_minutes\":60}]}", "needs “description”, “unit_price” and “quantity_units”" },
    { "{\"lines\":[{\"kind\":\"time\",\"description\":\"More\",\"unit_price\":\"10\","
      "\"quantity_minutes\":60}]}", "tracked time is added with create_invoice_draft" },
    { "{\"lines\":[{\"id\":LINE,\"quantity_minutes\":30}]}",
      "line 1: the minutes of a time line are those of its entries" },
    { "{\"lines\":[{\"id\":LINE},{\"id\":LINE}]}",
      "line 2: line LINE is listed twice" },
    { "{\"lines\":[{\"id\":LINE,\"unit_price\":null}]}",
      "line 1: “unit_price” needs an amount" },
    { "{\"lines\":[{\"kind\":\"fixed\",\"description\":\"Hosting\",\"unit_price\":\"abc\","
      "\"quantity_units\":\"1\"}]}", "line 1: " },
  };

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "lines")), ==,
                    1);
  g_assert_cmpstr (json_object_get_string_member (before, "total"), ==, "238.00");

  /* Bad lists, each refused with what was wrong; the draft stays as it was. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *lines = with_line (bad[i][0], time_line);
      g_autofree char *wanted = with_line (bad[i][1], time_line);
      g_autoptr(JsonObject) problem = dt_test_server_rest (f, "PATCH", path, lines,
                                                           i == 0 ? 404 : 400);
      g_autoptr(JsonObject) after = dt_test_server_rest (f, "GET", path, NULL, 200);
      g_autofree char *a = dt_json_to_text_object (before, NULL);
      g_autofree char *b = dt_json_to_text_object (after, NULL);

      if (strstr (json_object_get_string_member (problem, "detail"), wanted) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad[i][0],
                 json_object_get_string_member (problem, "detail"), wanted);
      g_assert_cmpstr (b, ==, a);
    }

  /* The time line renamed and taxed at 7 %; a fixed fee and an hour of support added, taxed
   * as the first line was. */
  patch = g_strdup_printf ("{\"lines\":[{\"id\":%" G_GINT64_FORMAT ",\"description\":"
                           "\"Shop work, October\",\"tax_rate_percent\":\"7\"},"
                           "{\"kind\":\"fixed\",\"description\":\"Hosting\","
                           "\"quantity_units\":\"2.5\",\"unit_price\":\"12.00\"},"
                           "{\"kind\":\"hourly\",\"description\":\"Support\","
                           "\"quantity_minutes\":45,\"unit_price\":\"60\"}]}", time_line);
  edited = dt_test_server_rest (f, "PATCH", path, patch, 200);
  dt_test_server_check_output (f, "update_invoice_draft", edited);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (edited, "lines")), ==,
                    3);
  g_assert_cmpint (json_object_get_int_member (line_at (edited, 0), "id"), ==, time_line);
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 0), "description"), ==,
                   "Shop work, October");
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 0), "amount"), ==, "200.00");
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 0), "tax_rate_percent"), ==,
                   "7.00");
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 1), "quantity_units"), ==,
                   "2.500");
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 1), "amount"), ==, "30.00");
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 1), "tax_rate_percent"), ==,
                   "19.00");
  g_assert_cmpint (json_object_get_int_member (line_at (edited, 2), "quantity_minutes"), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (line_at (edited, 2), "amount"), ==, "45.00");
  /* 275.00 + 7 % of 200.00 + 19 % of 75.00 = 275.00 + 14.00 + 14.25 */
  g_assert_cmpstr (json_object_get_string_member (edited, "subtotal"), ==, "275.00");
  g_assert_cmpstr (json_object_get_string_member (edited, "tax_total"), ==, "28.25");
  g_assert_cmpstr (json_object_get_string_member (edited, "total"), ==, "303.25");
  fixed_line = json_object_get_int_member (line_at (edited, 1), "id");
  hourly_line = json_object_get_int_member (line_at (edited, 2), "id");

  /* Over MCP: the support hour first, the fee's price changed, the time line last. */
  args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"lines\":[{\"id\":%" G_GINT64_FORMAT
                          "},{\"id\":%" G_GINT64_FORMAT ",\"unit_price\":\"14\"},{\"id\":%"
                          G_GINT64_FORMAT "}]}", id, hourly_line, fixed_line, time_line);
  result = dt_test_server_call_tool (f, "update_invoice_draft", args);
  g_assert_false (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  reordered = dt_test_server_rest (f, "GET", path, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (line_at (reordered, 0), "id"), ==, hourly_line);
  g_assert_cmpint (json_object_get_int_member (line_at (reordered, 1), "id"), ==, fixed_line);
  g_assert_cmpint (json_object_get_int_member (line_at (reordered, 2), "id"), ==, time_line);
  g_assert_cmpstr (json_object_get_string_member (line_at (reordered, 1), "amount"), ==,
                   "35.00");
  /* 280.00 + 19 % of 80.00 + 7 % of 200.00 */
  g_assert_cmpstr (json_object_get_string_member (reordered, "total"), ==, "309.20");
  g_clear_pointer (&result, json_object_unref);

  /* A bad list over MCP is a result the model can read. */
  g_free (args);
  args = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"lines\":[{\"kind\":\"hourly\","
                          "\"description\":\"Call\",\"unit_price\":\"60\","
                          "\"quantity_units\":\"1\"}]}", id);
  result = dt_test_server_call_tool (f, "update_invoice_draft", args);
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result),
                            "needs “description”, “unit_price” and "
                                                "“quantity_minutes”"));
  g_clear_pointer (&result, json_object_unref);

  /* Leaving the time line out removes it, and its entry is ready to bill again. */
  g_free (patch);
  patch = g_strdup_printf ("{\"lines\":[{\"id\":%" G_GINT64_FORMAT "}]}", fixed_line);
  g_clear_pointer (&edited, json_object_unref);
  edited = dt_test_server_rest (f, "PATCH", path, patch, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (edited, "lines")), ==,
                    1);
  g_assert_cmpstr (json_object_get_string_member (edited, "total"), ==, "41.65");
  g_free (args);
  args = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"from\":\"2026-10-01\","
                          "\"to\":\"2026-10-31\"}", client_id);
  result = dt_test_server_call_tool (f, "find_invoice_candidates", args);
  unbilled = json_object_ref (json_object_get_object_member (result, "structuredContent"));
  g_assert_cmpint (json_object_get_int_member (unbilled, "raw_minutes"), ==, 150);
  g_assert_cmpstr (json_object_get_string_member (unbilled, "amount"), ==, "200.00");
}

/* Rules and settings. */
static void
test_rules_settings (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) rule = dt_test_server_rest (f, "POST", "/rules",
                                                    "{\"kind\":\"rounding\","
                                                    "\"name\":\"quarter hours\","
                                                    "\"increment_minutes\":15,\"direction\":\"up\","
                                                    "\"apply_to\":\"entry\"}", 201);
  g_autoptr(JsonObject) rate = dt_test_server_rest (f, "POST", "/rules",
                                                    "{\"kind\":\"rate\",\"rate\":\"70\"}",
                                                    201);
  g_autoptr(JsonObject) rules = dt_test_server_rest (f, "GET", "/rules?kind=rounding", NULL, 200);
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) result = NULL;

  dt_test_server_check_output (f, "create_rule", rule);
  g_assert_cmpstr (json_object_get_string_member (rate, "rate"), ==, "70.00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rules, "items")), ==, 1);
  settings = dt_test_server_rest (f, "PATCH", "/settings",
                                  "{\"values\":{\"invoice.default_tax_rate_bp\":"
                                  "\"1900\"}}", 200);
  dt_test_server_check_output (f, "update_settings", settings);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (settings,
                   "values"), "invoice.default_tax_rate_bp"), ==, "1900");
  bad = dt_test_server_rest (f, "PATCH", "/settings",
                             "{\"values\":{\"invoice.number_pattern\":\"X\"}}", 400);
  g_clear_pointer (&bad, json_object_unref);
  /* Whether an app is asked before sensitive actions is the user's, per app, in the window
   * or on the command line: no setting an app can write turns confirmations off. */
  bad = dt_test_server_rest (f, "PATCH", "/settings", "{\"values\":{\"consent.confirm_sensitive\":"
                             "\"false\"}}", 400);
  g_assert_nonnull (strstr (json_object_get_string_member (bad, "detail"),
                            "consent.confirm_sensitive"));
  /* New clients take the default payment terms. */
  {
    g_autoptr(JsonObject) terms = dt_test_server_rest (f, "PATCH", "/settings",
                                                       "{\"values\":{\"invoice."
                                                       "default_terms_days\":\"21\"}}", 200);
    g_autoptr(JsonObject) client = dt_test_server_rest (f, "POST", "/clients",
                                                        "{\"name\":\"Termed\"}", 201);

    g_assert_cmpint (json_object_get_int_member (client, "payment_terms_days"), ==, 21);
  }
  result = dt_test_server_call_tool (f, "update_rule", "{\"id\":1,\"direction\":\"sideways\"}");
  g_assert_true (json_object_get_boolean_member (result, "isError"));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "\"up\", \"nearest\" or \"down\""));
}

/* Every documented route is served by the operation it names, and every operation with a
 * route is documented. */
static void
test_openapi (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) document = dt_test_server_rest (f, "GET", "/openapi.json", NULL, 200);
  JsonObject *paths = json_object_get_object_member (document, "paths");
  g_autoptr(GList) names = json_object_get_members (paths);
  guint documented = 0;

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          g_autoptr(GString) path = g_string_new (l->data);
          JsonObject *operation = json_object_get_object_member (item, m->data);
          const DtOp *op;

          g_string_replace (path, "{id}", "1", 0);
          g_string_replace (path, "{invoice_id}", "1", 0);
          op = dt_op_registry_route (f->registry, method, path->str, NULL, NULL);
          g_assert_nonnull (op);
          g_assert_cmpstr (op->name, ==, json_object_get_string_member (operation,
                                                                         "operationId"));
          g_assert_cmpstr (op->scope, ==, json_array_get_string_element (
              json_object_get_array_member (json_array_get_object_element (
                  json_object_get_array_member (operation, "security"), 0), "oauth2"), 0));
          documented++;
        }
    }
  g_assert_cmpuint (documented, ==, dt_op_registry_get_n_ops (f->registry));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/ops/workflow", Fixture, NULL, fixture_set_up, test_workflow, fixture_tear_down);
  g_test_add ("/ops/billing", Fixture, NULL, fixture_set_up, test_billing, fixture_tear_down);
  g_test_add ("/ops/draft-lines", Fixture, NULL, fixture_set_up, test_draft_lines,
              fixture_tear_down);
  g_test_add ("/ops/invoice-text", Fixture, NULL, fixture_set_up, test_invoice_text,
              fixture_tear_down);
  g_test_add ("/ops/client-text", Fixture, NULL, fixture_set_up, test_client_text,
              fixture_tear_down);
  g_test_add ("/ops/rules-settings", Fixture, NULL, fixture_set_up, test_rules_settings,
              fixture_tear_down);
  g_test_add ("/ops/openapi", Fixture, NULL, fixture_set_up, test_openapi, fixture_tear_down);
  return g_test_run ();
}

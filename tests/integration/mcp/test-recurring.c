/* test-recurring.c: recurring invoices through both faces on the real loopback server: set
 * up over MCP, drafts made over REST once per period, and no way for an app to make a
 * template send by itself. */
#include <string.h>

#include "dt-error.h"
#include "dt-ops.h"
#include "dt-test-core.h"
#include "dt-test-server-client.h"
#include "dt-time.h"

typedef DtTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  dt_test_server_open_all (f, "dt-recurring-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dt_test_server_close (f);
}

/* The first day of the month @back months before this one. */
static char *
month_start (int back)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int index = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1 - back;

  return g_strdup_printf ("%04d-%02d-01", index / 12, index % 12 + 1);
}

static void
test_retainer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) client = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) drafts = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autofree char *start = month_start (2);
  g_autofree char *args = NULL;
  g_autofree char *with_auto_send = NULL;
  JsonObject *template, *first;
  JsonArray *made;
  gint64 client_id;

  client = dt_test_server_rest (f, "POST", "/clients", "{\"name\":\"Müller GmbH\","
                                "\"currency\":\"EUR\"}", 201);
  client_id = json_object_get_int_member (client, "id");
  args = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Retainer\","
                          "\"frequency\":\"monthly\",\"day_of_month\":1,\"start_date\":\"%s\","
                          "\"lines\":[{\"description\":\"Support retainer\","
                          "\"quantity_units\":\"1\",\"unit_price\":\"1200.00\","
                          "\"tax_rate_percent\":\"19\"},{\"description\":\"Hosting\","
                          "\"quantity_units\":\"1.5\",\"unit_price\":\"49.99\","
                          "\"tax_rate_percent\":\"19\"}]", client_id, start);

  /* An app cannot make a template send by itself: refused, nothing stored. */
  with_auto_send = g_strconcat (args, ",\"auto_send\":true}", NULL);
  result = dt_test_server_call_tool (f, "create_recurring_invoice", with_auto_send);
  g_assert_true (json_object_get_boolean_member_with_default (result, "isError", FALSE));
  g_assert_nonnull (strstr (dt_test_server_tool_text (result), "auto_send"));
  g_clear_pointer (&result, json_object_unref);
  list = dt_test_server_rest (f, "GET", "/recurring-invoices", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "items")), ==,
                    0);
  g_clear_pointer (&list, json_object_unref);

  /* An impossible schedule: named. */
  {
    g_autofree char *bad = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":"
                                            "\"R\",\"frequency\":\"monthly\",\"day_of_month\":"
                                            "31,\"start_date\":\"2026-02-01\",\"end_date\":"
                                            "\"2026-02-20\",\"lines\":[{\"description\":\"x\","
                                            "\"quantity_units\":\"1\",\"unit_price\":\"1.00\"}]}",
                                            client_id);
    result = dt_test_server_call_tool (f, "create_recurring_invoice", bad);
    g_assert_true (json_object_get_boolean_member_with_default (result, "isError", FALSE));
    g_assert_nonnull (strstr (dt_test_server_tool_text (result), "makes no draft"));
    g_clear_pointer (&result, json_object_unref);
  }

  g_free (with_auto_send);
  with_auto_send = g_strconcat (args, "}", NULL);
  result = dt_test_server_call_tool (f, "create_recurring_invoice", with_auto_send);
  template = dt_test_server_structured (result);
  dt_test_server_check_output (f, "create_recurring_invoice", template);
  g_assert_false (json_object_get_boolean_member (template, "auto_send"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (template, "lines"), 1), "quantity_units"),
                   ==, "1.500");

  /* Three periods are due (two months ago, last month, this month): three drafts, each
   * 1,200.00 + 74.99 (1.5 × 49.99, rounded once) + 19 % = 1,517.24. */
  drafts = dt_test_server_rest (f, "POST", "/recurring-invoices/drafts", "{}", 200);
  dt_test_server_check_output (f, "make_recurring_drafts", drafts);
  made = json_object_get_array_member (drafts, "drafts");
  g_assert_cmpuint (json_array_get_length (made), ==, 3);
  first = json_array_get_object_element (made, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (first, "total"), ==, "1517.24");

  /* Again, over MCP: nothing new. */
  g_clear_pointer (&result, json_object_unref);
  result = dt_test_server_call_tool (f, "make_recurring_drafts", "{}");
  again = json_object_ref (dt_test_server_structured (result));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (again, "drafts")), ==,
                    0);

  list = dt_test_server_rest (f, "GET", "/recurring-invoices", NULL, 200);
  dt_test_server_check_output (f, "list_recurring_invoices", list);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "items")), ==,
                    1);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM invoices"), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/recurring/retainer", Fixture, NULL, fixture_set_up, test_retainer,
              fixture_tear_down);
  return g_test_run ();
}

/* test-reminders.c: who is due for a payment reminder, through both faces on the real
 * loopback server. */
#include <string.h>

#include "dt-invoicing.h"
#include "dt-ops.h"
#include "dt-test-core.h"
#include "dt-test-server-client.h"
#include "dt-time.h"

typedef DtTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  dt_test_server_open_all (f, "dt-reminders-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dt_time_set_fake_now (0);
  dt_test_server_close (f);
}

/* An invoice issued 40 days ago on 30 days' terms is 10 days late: due for the friendly
 * reminder (level 1, after 7 days), with no fee. */
static void
test_due (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) client = NULL;
  g_autoptr(JsonObject) project = NULL;
  g_autoptr(JsonObject) rest = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autofree char *args = NULL;
  DtDraftRequest request = { 0 };
  gint64 issued = dt_time_now () - 40 * 86400;
  JsonObject *item;
  JsonArray *items;

  client = dt_test_server_rest (f, "POST", "/clients", "{\"name\":\"Late GmbH\","
                                "\"currency\":\"EUR\",\"rate\":\"80.00\","
                                "\"payment_terms_days\":30}", 201);
  args = g_strdup_printf ("{\"client_id\":%" G_GINT64_FORMAT ",\"name\":\"Site\"}",
                          json_object_get_int_member (client, "id"));
  project = dt_test_server_rest (f, "POST", "/projects", args, 201);

  dt_time_set_fake_now (issued);
  dt_test_add_entry (f->db, json_object_get_int_member (project, "id"), 0, issued - 86400, 90);
  request.client_id = json_object_get_int_member (client, "id");
  request.from = issued - 2 * 86400;
  request.to = issued;
  request.tax_rate_bp = -1;
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  dt_time_set_fake_now (0);

  result = dt_test_server_call_tool (f, "list_due_reminders", "{}");
  item = dt_test_server_structured (result);
  dt_test_server_check_output (f, "list_due_reminders", item);
  items = json_object_get_array_member (item, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpint (json_object_get_int_member (item, "invoice_id"), ==, sent->id);
  g_assert_cmpint (json_object_get_int_member (item, "level"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item, "days_overdue"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (item, "fee"), ==, "0.00");
  /* 1.5 h at 80.00 */
  g_assert_cmpstr (json_object_get_string_member (item, "total"), ==, "120.00");

  rest = dt_test_server_rest (f, "GET", "/reminders/due", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rest, "items")), ==,
                    1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/reminders/due", Fixture, NULL, fixture_set_up, test_due, fixture_tear_down);
  return g_test_run ();
}

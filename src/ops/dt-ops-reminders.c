/* dt-ops-reminders.c: payment reminders. An assistant may see who is due for which
 * reminder; sending one is the user's act in the window. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-reminders.h"
#include "dt-time.h"

#define REMINDER_DUE_OUT \
  "{\"type\":\"object\",\"properties\":{\"invoice_id\":{\"type\":\"integer\"}," \
  "\"client_id\":{\"type\":\"integer\"},\"number\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"},\"due_date\":{\"type\":\"string\"}," \
  "\"days_overdue\":{\"type\":\"integer\"},\"level\":{\"type\":\"integer\"}," \
  "\"last_level\":{\"type\":\"integer\",\"description\":\"the highest reminder sent, 0 = " \
  "none\"}," DT_OPS_MONEY_OUT ("balance") "," DT_OPS_MONEY_OUT ("fee") "," \
  DT_OPS_MONEY_OUT ("interest") "," DT_OPS_MONEY_OUT ("total") "}," \
  "\"required\":[\"invoice_id\",\"client_id\",\"number\",\"level\",\"days_overdue\"," \
  "\"total\"]}"

static JsonObject *
list_due_reminders (DtOpContext *ctx,
                    JsonObject  *input,
                    GError     **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autoptr(GPtrArray) due = dt_reminders_due (ctx->db, today, error);
  JsonArray *items;

  if (due == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < due->len; i++)
    {
      const DtReminderDue *d = due->pdata[i];
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "invoice_id", d->invoice_id);
      json_object_set_int_member (o, "client_id", d->client_id);
      dt_ops_set_string (o, "number", d->number);
      dt_ops_set_string (o, "currency", d->currency);
      dt_ops_set_string (o, "due_date", d->due_date);
      json_object_set_int_member (o, "days_overdue", d->days_overdue);
      json_object_set_int_member (o, "level", d->level);
      json_object_set_int_member (o, "last_level", d->last_level);
      dt_ops_set_money (o, "balance", d->balance, d->currency);
      dt_ops_set_money (o, "fee", d->fee, d->currency);
      dt_ops_set_money (o, "interest", d->interest, d->currency);
      dt_ops_set_money (o, "total", d->total, d->currency);
      json_array_add_object_element (items, o);
    }
  return dt_ops_page (items, FALSE, 0);
}

static const DtOp reminder_ops[] = {
  {
    "list_due_reminders", "List payment reminders due", "invoices", "invoices:read",
    "Lists the late invoices due for a payment reminder today: which level (1 friendly, 2 "
    "first reminder, 3 final), how many days late, and the fee and interest the reminder "
    "asks for. Reminders are sent by the user in the window.",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (REMINDER_DUE_OUT), DT_OP_READ_ONLY, "GET", "/reminders/due", 200,
    list_due_reminders, NULL,
  },
};

void
dt_ops_register_reminders (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (reminder_ops); i++)
    dt_op_registry_add (registry, &reminder_ops[i]);
}

/* dt-ops-hub.c: the Billing Hub as an operation. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-billing-hub.h"

static const char *
attention_kind (DtAttentionKind kind)
{
  switch (kind)
    {
    case DT_ATTENTION_OVERDUE: return "overdue";
    case DT_ATTENTION_SEND_FAILED: return "send_failed";
    case DT_ATTENTION_OLD_DRAFT: return "old_draft";
    case DT_ATTENTION_UNBILLED: return "unbilled";
    default: return "long_timer";
    }
}

static JsonObject *
get_billing_hub (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  g_autoptr(DtBillingHub) hub = dt_billing_hub_get (ctx->db, error);
  JsonObject *out;
  JsonArray *clients, *attention;

  if (hub == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "today", hub->today);
  clients = json_array_new ();
  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *c = g_ptr_array_index (hub->clients, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "client_id", c->client_id);
      dt_ops_set_string (o, "client_name", c->client_name);
      dt_ops_set_string (o, "currency", c->currency);
      json_object_set_boolean_member (o, "archived", c->archived);
      json_object_set_int_member (o, "unbilled_entries", c->unbilled_entries);
      json_object_set_int_member (o, "unbilled_minutes", c->unbilled_minutes);
      dt_ops_set_money (o, "unbilled_amount", c->unbilled_amount, c->currency);
      dt_ops_set_instant (o, "oldest_unbilled", c->oldest_unbilled_at);
      json_object_set_int_member (o, "drafts", c->drafts);
      dt_ops_set_money (o, "drafts_total", c->drafts_total, c->currency);
      json_object_set_int_member (o, "outstanding", c->outstanding);
      dt_ops_set_money (o, "outstanding_amount", c->outstanding_amount, c->currency);
      json_object_set_int_member (o, "overdue", c->overdue);
      dt_ops_set_money (o, "overdue_amount", c->overdue_amount, c->currency);
      json_object_set_int_member (o, "max_days_overdue", c->max_days_overdue);
      dt_ops_set_money (o, "paid_this_month", c->paid_this_month, c->currency);
      dt_ops_set_money (o, "paid_this_year", c->paid_this_year, c->currency);
      json_array_add_object_element (clients, o);
    }
  json_object_set_array_member (out, "clients", clients);
  attention = json_array_new ();
  for (guint i = 0; i < hub->attention->len; i++)
    {
      DtAttentionItem *item = g_ptr_array_index (hub->attention, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", attention_kind (item->kind));
      dt_ops_set_optional_int (o, "client_id", item->client_id);
      dt_ops_set_optional_int (o, "invoice_id", item->invoice_id);
      dt_ops_set_optional_int (o, "entry_id", item->entry_id);
      dt_ops_set_money (o, "amount", item->currency ? item->amount : DT_NO_VALUE,
                        item->currency);
      json_object_set_int_member (o, "days", item->days);
      dt_ops_set_string (o, "message", item->message);
      json_array_add_object_element (attention, o);
    }
  json_object_set_array_member (out, "attention", attention);
  return out;
}

/* ---- definitions -------------------------------------------------------------------- */

static const DtOp hub_ops[] = {
  {
    "get_billing_hub", "Billing Hub", "billing", "billing:read",
    "The freelancer's money at a glance, per client: unbilled work ready to invoice (minutes "
    "and amount), drafts, sent and outstanding, overdue, paid this month and year; and a "
    "short list of what needs attention (overdue invoices, failed sends, old drafts, old "
    "unbilled work, a timer left running).",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"today\":{\"type\":\"string\"},"
    "\"clients\":{\"type\":\"array\"},\"attention\":{\"type\":\"array\"}},"
    "\"required\":[\"today\",\"clients\",\"attention\"]}",
    DT_OP_READ_ONLY, "GET", "/billing-hub", 200, get_billing_hub, NULL,
  },
};

void
dt_ops_register_hub (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (hub_ops); i++)
    dt_op_registry_add (registry, &hub_ops[i]);
}

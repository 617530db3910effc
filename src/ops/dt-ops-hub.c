/* dt-ops-hub.c: the Billing Hub as an operation. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-billing-hub.h"
#include "dt-json-writer.h"

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

static void
hub_write (GString       *out,
           gconstpointer  data)
{
  const DtBillingHub *hub = data;

  g_string_append (out, "{\"today\":");
  dt_json_write_string (out, hub->today);
  g_string_append (out, ",\"clients\":[");
  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *c = g_ptr_array_index (hub->clients, i);

      g_string_append (out, i > 0 ? ",{\"client_id\":" : "{\"client_id\":");
      dt_json_write_int (out, c->client_id);
      dt_ops_put_string (out, "client_name", c->client_name);
      dt_ops_put_string (out, "currency", c->currency);
      dt_ops_put_bool (out, "archived", c->archived);
      dt_ops_put_int (out, "unbilled_entries", c->unbilled_entries);
      dt_ops_put_int (out, "unbilled_minutes", c->unbilled_minutes);
      dt_ops_put_money (out, "unbilled_amount", c->unbilled_amount, c->currency);
      dt_ops_put_instant (out, "oldest_unbilled", c->oldest_unbilled_at);
      dt_ops_put_int (out, "drafts", c->drafts);
      dt_ops_put_money (out, "drafts_total", c->drafts_total, c->currency);
      dt_ops_put_int (out, "outstanding", c->outstanding);
      dt_ops_put_money (out, "outstanding_amount", c->outstanding_amount, c->currency);
      dt_ops_put_int (out, "overdue", c->overdue);
      dt_ops_put_money (out, "overdue_amount", c->overdue_amount, c->currency);
      dt_ops_put_int (out, "max_days_overdue", c->max_days_overdue);
      dt_ops_put_money (out, "paid_this_month", c->paid_this_month, c->currency);
      dt_ops_put_money (out, "paid_this_year", c->paid_this_year, c->currency);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"attention\":[");
  for (guint i = 0; i < hub->attention->len; i++)
    {
      DtAttentionItem *item = g_ptr_array_index (hub->attention, i);

      g_string_append (out, i > 0 ? ",{\"kind\":" : "{\"kind\":");
      dt_json_write_string (out, attention_kind (item->kind));
      dt_ops_put_optional_int (out, "client_id", item->client_id);
      dt_ops_put_optional_int (out, "invoice_id", item->invoice_id);
      dt_ops_put_optional_int (out, "entry_id", item->entry_id);
      dt_ops_put_money (out, "amount", item->currency ? item->amount : DT_NO_VALUE,
                        item->currency);
      dt_ops_put_int (out, "days", item->days);
      dt_ops_put_string (out, "message", item->message);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

/* 200 clients make about 185 KB: written straight as text, as list pages are, rather than
 * built as a tree first (which cost more than reading the hub itself). */
static JsonObject *
get_billing_hub (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  g_autoptr(DtBillingHub) hub = dt_billing_hub_get (ctx->db, error);

  if (hub == NULL)
    return NULL;
  return dt_ops_answer_written (ctx, hub_write, hub, error);
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

/* dt-ops-maintenance.c: checking (and repairing) the roll-ups against the raw rows. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-rollups.h"

static JsonObject *
check_rollups (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  gboolean repair = dt_ops_get_bool (input, "repair", FALSE);
  g_autoptr(DtRollupsCheck) check = NULL;
  JsonObject *out;
  JsonArray *messages;

  /* A database still building its roll-ups finishes first: there is nothing to check before. */
  if (!dt_rollups_ready (ctx->db) && !dt_rollups_build (ctx->db, NULL, NULL, NULL, error))
    return NULL;
  check = dt_rollups_check (ctx->db, repair, error);
  if (check == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_int_member (out, "rows", (gint64) check->rows);
  json_object_set_int_member (out, "differences", check->differences);
  json_object_set_boolean_member (out, "repaired", check->repaired);
  messages = json_array_new ();
  for (guint i = 0; i < check->messages->len; i++)
    json_array_add_string_element (messages, check->messages->pdata[i]);
  json_object_set_array_member (out, "messages", messages);
  return out;
}

static const DtOp maintenance_ops[] = {
  {
    "check_rollups", "Check roll-ups", "maintenance", "maintenance:write",
    "Recomputes from the time entries, invoices and rules every sum that reports and the "
    "Billing Hub read (per project and day or month, and unbilled work) and compares it with "
    "what is kept. Returns how many kept rows were compared, how many differ and the first "
    "differences in words; with repair true it also writes the recomputed sums where they "
    "differ. Differences mean a bug or a change made outside DoubleTime; they should be 0.",
    "{\"type\":\"object\",\"properties\":{\"repair\":{\"type\":\"boolean\",\"description\":"
    "\"Write the recomputed sums where they differ (default false)\"}},"
    "\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"integer\"},"
    "\"differences\":{\"type\":\"integer\"},\"repaired\":{\"type\":\"boolean\"},"
    "\"messages\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
    "\"required\":[\"rows\",\"differences\",\"repaired\",\"messages\"]}",
    DT_OP_IDEMPOTENT, "POST", "/maintenance/check-rollups", 200, check_rollups, NULL,
  },
};

void
dt_ops_register_maintenance (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (maintenance_ops); i++)
    dt_op_registry_add (registry, &maintenance_ops[i]);
}

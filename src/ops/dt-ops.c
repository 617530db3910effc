/* dt-ops.c: the list of the application's operation areas. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops.h"
#include "dt-ops-private.h"

void
dt_ops_register_all (DtOpRegistry *registry)
{
  g_return_if_fail (DT_IS_OP_REGISTRY (registry));

  dt_ops_register_profile (registry);
  dt_ops_register_clients (registry);
  dt_ops_register_projects (registry);
  dt_ops_register_tasks (registry);
  dt_ops_register_entries (registry);
  dt_ops_register_tags (registry);
  dt_ops_register_invoices (registry);
  dt_ops_register_billing (registry);
  dt_ops_register_recurring (registry);
  dt_ops_register_reminders (registry);
  dt_ops_register_sending (registry);
  dt_ops_register_hub (registry);
  dt_ops_register_reports (registry);
  dt_ops_register_settings (registry);
  dt_ops_register_einvoice (registry);
  dt_ops_register_expenses (registry);
  dt_ops_register_maintenance (registry);
}

/* dt-billing-hub-page.h: per client what is ready to bill, outstanding, overdue and paid, and
 * the short list of what needs attention, each with its one-click action. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_BILLING_HUB_PAGE (dt_billing_hub_page_get_type ())
G_DECLARE_FINAL_TYPE (DtBillingHubPage, dt_billing_hub_page, DT, BILLING_HUB_PAGE, GtkWidget)

DtBillingHubPage *dt_billing_hub_page_new              (DtDb             *db);
/* Computes the hub again on a worker thread; the cards change when it is done. */
void              dt_billing_hub_page_reload           (DtBillingHubPage *self);
/* Whether the hub is being computed, or its rows are still being built (a few a frame). */
gboolean          dt_billing_hub_page_is_loading       (DtBillingHubPage *self);
guint             dt_billing_hub_page_get_n_clients    (DtBillingHubPage *self);
guint             dt_billing_hub_page_get_n_attention  (DtBillingHubPage *self);

G_END_DECLS

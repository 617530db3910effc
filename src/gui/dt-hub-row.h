/* dt-hub-row.h: one row of the Billing Hub's list: a heading, a thing that needs attention,
 * or a client's card. It keeps the hub's array it points into alive. */
#pragma once

#include <glib-object.h>

#include "dt-billing-hub.h"

G_BEGIN_DECLS

typedef enum
{
  DT_HUB_ROW_HEADING,
  DT_HUB_ROW_ATTENTION,
  DT_HUB_ROW_CLIENT,
} DtHubRowKind;

#define DT_TYPE_HUB_ROW (dt_hub_row_get_type ())
G_DECLARE_FINAL_TYPE (DtHubRow, dt_hub_row, DT, HUB_ROW, GObject)

DtHubRow              *dt_hub_row_new_heading   (const char *title);
/* The @index-th item of @hub's attention or clients array. */
DtHubRow              *dt_hub_row_new_attention (DtBillingHub *hub,
                                                 guint         index);
DtHubRow              *dt_hub_row_new_client    (DtBillingHub *hub,
                                                 guint         index);

/* TRUE when @a and @b show the same: a newer hub keeps the rows it did not change. */
gboolean               dt_hub_row_equal         (DtHubRow     *a,
                                                 DtHubRow     *b);

DtHubRowKind           dt_hub_row_get_kind      (DtHubRow     *self);
const char            *dt_hub_row_get_title     (DtHubRow     *self);
const DtAttentionItem *dt_hub_row_get_attention (DtHubRow     *self);
const DtHubClient     *dt_hub_row_get_client    (DtHubRow     *self);

G_END_DECLS

/* dt-client-item.h: one row of the clients list: a client. */
#pragma once

#include <glib-object.h>

#include "dt-client-store.h"

G_BEGIN_DECLS

#define DT_TYPE_CLIENT_ITEM (dt_client_item_get_type ())
G_DECLARE_FINAL_TYPE (DtClientItem, dt_client_item, DT, CLIENT_ITEM, GObject)

/* Takes @client. */
DtClientItem   *dt_client_item_new        (DtClient     *client);
const DtClient *dt_client_item_get_client (DtClientItem *self);
gint64          dt_client_item_get_id     (DtClientItem *self);

G_END_DECLS

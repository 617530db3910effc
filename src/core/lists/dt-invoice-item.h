/* dt-invoice-item.h: one row of the invoices list: an invoice (without its lines) and the
 * name of its client. */
#pragma once

#include <glib-object.h>

#include "dt-invoice-store.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICE_ITEM (dt_invoice_item_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoiceItem, dt_invoice_item, DT, INVOICE_ITEM, GObject)

/* Takes @invoice. */
DtInvoiceItem   *dt_invoice_item_new             (DtInvoice     *invoice,
                                                  const char    *client_name);
const DtInvoice *dt_invoice_item_get_invoice     (DtInvoiceItem *self);
gint64           dt_invoice_item_get_id          (DtInvoiceItem *self);
/* NULL when the client could not be read. */
const char      *dt_invoice_item_get_client_name (DtInvoiceItem *self);

G_END_DECLS

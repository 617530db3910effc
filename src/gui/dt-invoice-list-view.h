/* dt-invoice-list-view.h: the invoices, newest first, in a list view that keeps about a
 * screenful of rows however many invoices there are; searched and filtered by status. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICE_LIST_VIEW (dt_invoice_list_view_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoiceListView, dt_invoice_list_view, DT, INVOICE_LIST_VIEW, GtkWidget)

/* DtInvoiceListView::invoice-activated (DtInvoiceListView *self, gint64 invoice_id). */
DtInvoiceListView *dt_invoice_list_view_new       (DtDb              *db);
/* Reads the rows again (the store changed); only the rows on screen are read now. */
void               dt_invoice_list_view_reload    (DtInvoiceListView *self);
/* The DtInvoiceList shown (a GListModel of DtInvoiceItem). */
GListModel        *dt_invoice_list_view_get_model (DtInvoiceListView *self);

G_END_DECLS

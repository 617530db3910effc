/* dt-invoice-list.h: the invoices, newest first, as a lazy GListModel of DtInvoiceItem,
 * filtered by client, status and text. */
#pragma once

#include "dt-db.h"
#include "dt-invoice-store.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICE_LIST (dt_invoice_list_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoiceList, dt_invoice_list, DT, INVOICE_LIST, DtPagedList)

/* A status filter: one DtInvoiceStatus, or every invoice. */
#define DT_INVOICE_LIST_ANY_STATUS (-1)

DtInvoiceList *dt_invoice_list_new            (DtDb          *db);
/* Pages of @page_size rows, at most @max_pages of them in memory (the tests' small lists). */
DtInvoiceList *dt_invoice_list_new_full       (DtDb          *db,
                                               guint          page_size,
                                               guint          max_pages);

/* Each setter that changes the filter invalidates the list. */
void           dt_invoice_list_set_client_id  (DtInvoiceList *self,
                                               gint64         client_id);
/* A DtInvoiceStatus or DT_INVOICE_LIST_ANY_STATUS. */
void           dt_invoice_list_set_status     (DtInvoiceList *self,
                                               int            status);
/* Part of the number, the notes or the client's name, any case; NULL or "" for all. */
void           dt_invoice_list_set_text       (DtInvoiceList *self,
                                               const char    *text);
const char    *dt_invoice_list_get_text       (DtInvoiceList *self);

G_END_DECLS

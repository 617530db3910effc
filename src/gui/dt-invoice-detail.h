/* dt-invoice-detail.h: one invoice: its status and totals, a draft's lines with buttons to
 * reorder, edit and remove them, the printed pages, the plain text, and the buttons for the
 * actions its status allows (the invoices.* actions of the page around it). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"
#include "dt-einvoice-readiness.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICE_DETAIL (dt_invoice_detail_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoiceDetail, dt_invoice_detail, DT, INVOICE_DETAIL, GtkWidget)

DtInvoiceDetail *dt_invoice_detail_new              (DtDb            *db);
/* Reads invoice @invoice_id and shows it; FALSE with @error when it cannot be read. */
gboolean         dt_invoice_detail_show             (DtInvoiceDetail *self,
                                                     gint64           invoice_id,
                                                     GError         **error);
/* A shown draft's line buttons: @nth 0 moves line @row up, 1 down, 2 removes it; NULL past
 * the last line. */
GtkWidget       *dt_invoice_detail_get_line_button  (DtInvoiceDetail *self,
                                                     guint            row,
                                                     guint            nth);
/* Button @nth of the line with id @line_id, or NULL. */
GtkWidget       *dt_invoice_detail_find_line_button (DtInvoiceDetail *self,
                                                     gint64           line_id,
                                                     guint            nth);

/* The readiness panel beside the preview. */
DtEinvoiceReadiness *dt_invoice_detail_get_readiness (DtInvoiceDetail *self);

G_END_DECLS

/* dt-invoices-page.h: invoices with status and balance (overdue highlighted), a new invoice
 * from the work ready to bill, and each invoice's preview and actions. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"
#include "dt-invoice-export.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICES_PAGE (dt_invoices_page_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoicesPage, dt_invoices_page, DT, INVOICES_PAGE, GtkWidget)

DtInvoicesPage *dt_invoices_page_new             (DtDb           *db);
void            dt_invoices_page_reload          (DtInvoicesPage *self);
guint           dt_invoices_page_get_n_invoices  (DtInvoicesPage *self);
/* Shows one invoice's preview and actions; 0 goes back to the list. */
void            dt_invoices_page_show_invoice    (DtInvoicesPage *self,
                                                  gint64          invoice_id);
gint64          dt_invoices_page_get_shown       (DtInvoicesPage *self);
/* The new-invoice dialog (client + period → tick candidates → grouping → draft). */
GtkWidget      *dt_invoices_page_new_invoice     (DtInvoicesPage *self,
                                                  gint64          client_id);
/* The record-payment form for the invoice shown. */
GtkWidget      *dt_invoices_page_record_payment  (DtInvoicesPage *self);
/* A shown draft's line buttons: @nth 0 moves line @row up, 1 down, 2 removes it; NULL past
 * the last line. */
GtkWidget      *dt_invoices_page_get_line_button (DtInvoicesPage *self,
                                                  guint           row,
                                                  guint           nth);

/* Writes the invoice shown as @format to @destination, as Export… does after its file
 * chooser; an e-invoice the readiness check blocks is refused (nothing written). */
gboolean        dt_invoices_page_export          (DtInvoicesPage  *self,
                                                  DtExportFormat   format,
                                                  GFile           *destination,
                                                  GError         **error);

G_END_DECLS

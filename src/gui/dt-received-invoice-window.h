/* dt-received-invoice-window.h: an e-invoice a supplier sent (XRechnung, EN 16931, Factur-X),
 * shown to read: grouped as the KoSIT visualisation groups it. Reading the file is the
 * core's (dt-einvoice-import.h); refusals never get this far. */
#pragma once

#include <adwaita.h>

#include "dt-einvoice-import.h"

G_BEGIN_DECLS

#define DT_TYPE_RECEIVED_INVOICE_WINDOW (dt_received_invoice_window_get_type ())
G_DECLARE_FINAL_TYPE (DtReceivedInvoiceWindow, dt_received_invoice_window, DT,
                      RECEIVED_INVOICE_WINDOW, AdwWindow)

/* A window over @parent showing @invoice, read from the file called @file_name. */
DtReceivedInvoiceWindow *dt_received_invoice_window_new      (GtkWindow               *parent,
                                                              const DtReceivedInvoice *invoice,
                                                              const char              *file_name);
/* The markup shown (dt_received_invoice_to_markup). */
const char              *dt_received_invoice_window_get_markup (DtReceivedInvoiceWindow *self);

G_END_DECLS

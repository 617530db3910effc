/* dt-invoice-preview.h: the invoice's pages drawn in the window by the PDF's own code. */
#pragma once

#include <gtk/gtk.h>

#include "dt-invoice-document.h"

G_BEGIN_DECLS

#define DT_TYPE_INVOICE_PREVIEW (dt_invoice_preview_get_type ())
G_DECLARE_FINAL_TYPE (DtInvoicePreview, dt_invoice_preview, DT, INVOICE_PREVIEW, GtkWidget)

GtkWidget *dt_invoice_preview_new          (void);
/* Shows @doc (NULL clears). */
void       dt_invoice_preview_set_document (DtInvoicePreview        *self,
                                            const DtInvoiceDocument *doc);
guint      dt_invoice_preview_get_n_pages  (DtInvoicePreview        *self);
/* Why the shown document cannot be printed or issued, or NULL (the "problem" property). */
const char *dt_invoice_preview_get_problem (DtInvoicePreview        *self);

G_END_DECLS

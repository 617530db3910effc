/* dt-einvoice-readiness.h: beside an invoice's preview, whether it can go out as an
 * e-invoice: for the client's preferred format (or the one chosen in its switcher), "Ready to
 * send as XRechnung (CII)" or each thing missing, named, with a button that opens the place
 * to fix it (the invoices.fix-einvoice action with the field's name). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"
#include "dt-invoice-export.h"

G_BEGIN_DECLS

#define DT_TYPE_EINVOICE_READINESS (dt_einvoice_readiness_get_type ())
G_DECLARE_FINAL_TYPE (DtEinvoiceReadiness, dt_einvoice_readiness, DT, EINVOICE_READINESS,
                      GtkWidget)

GtkWidget      *dt_einvoice_readiness_new          (DtDb                *db);
/* Checks invoice @invoice_id again. A different invoice than before starts at its client's
 * preferred format (Factur-X for a client who takes PDFs). */
void            dt_einvoice_readiness_show         (DtEinvoiceReadiness *self,
                                                    gint64               invoice_id);
/* Checks the same invoice as @format (not DT_EXPORT_PDF), as the switcher does. */
void            dt_einvoice_readiness_set_format   (DtEinvoiceReadiness *self,
                                                    DtExportFormat       format);
DtExportFormat  dt_einvoice_readiness_get_format   (DtEinvoiceReadiness *self);
/* TRUE when nothing blocks the shown invoice as the shown format. */
gboolean        dt_einvoice_readiness_is_ready     (DtEinvoiceReadiness *self);
/* "Ready to send as XRechnung (CII)", "Not ready as XRechnung (CII): 1 thing missing". */
const char     *dt_einvoice_readiness_get_headline (DtEinvoiceReadiness *self);
/* The problems shown, in order. */
guint           dt_einvoice_readiness_get_n_problems (DtEinvoiceReadiness *self);
/* The field problem @nth names ("client.buyer_reference"; "" for arithmetic). */
const char     *dt_einvoice_readiness_get_field    (DtEinvoiceReadiness *self,
                                                    guint                nth);
/* The button that opens the place to fix problem @nth, or NULL when it has none. */
GtkWidget      *dt_einvoice_readiness_get_fix_button (DtEinvoiceReadiness *self,
                                                      guint                nth);

/* The shown invoice as the shown format checked with the official rules (EN 16931 and, for
 * XRechnung, KoSIT's), as the "Check with Official Rules" button does: on a worker thread,
 * a spinner meanwhile. FALSE when the official rules are not available (the button is then
 * hidden) or no invoice is shown. */
gboolean        dt_einvoice_readiness_check_official         (DtEinvoiceReadiness *self);
/* TRUE while that check runs. */
gboolean        dt_einvoice_readiness_is_checking_official   (DtEinvoiceReadiness *self);
/* Its verdict, "Valid under EN 16931 and XRechnung (official rules)", "The official rules
 * report 2 problems", or why it could not run; NULL before it finishes. */
const char     *dt_einvoice_readiness_get_official_headline  (DtEinvoiceReadiness *self);
/* The failed asserts it lists. */
guint           dt_einvoice_readiness_get_n_official_problems (DtEinvoiceReadiness *self);

G_END_DECLS

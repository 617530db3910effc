/* dt-einvoice-ubl.h: an e-invoice as OASIS UBL 2.1 Invoice or CreditNote, the syntax of
 * XRechnung UBL and of the EN 16931 profile Peppol BIS Billing 3.0 builds on. */
#pragma once

#include "dt-einvoice-model.h"

G_BEGIN_DECLS

/* The UBL XML of @einvoice under @profile: an Invoice, or a CreditNote for type 381. It
 * only formats what the model holds; dt_einvoice_check tells beforehand whether the result
 * will be valid. */
GBytes *dt_einvoice_write_ubl (const DtEinvoice   *einvoice,
                               DtEinvoiceProfile   profile,
                               GError            **error);

G_END_DECLS

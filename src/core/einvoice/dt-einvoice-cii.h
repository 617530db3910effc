/* dt-einvoice-cii.h: an e-invoice as UN/CEFACT Cross Industry Invoice (CII D16B), the syntax
 * of XRechnung CII and of the XML inside Factur-X / ZUGFeRD. */
#pragma once

#include "dt-einvoice-model.h"

G_BEGIN_DECLS

/* The CII XML of @einvoice under @profile (its guideline id, BT-24). It only formats what
 * the model holds; dt_einvoice_check tells beforehand whether the result will be valid. */
GBytes *dt_einvoice_write_cii (const DtEinvoice   *einvoice,
                               DtEinvoiceProfile   profile,
                               GError            **error);

G_END_DECLS

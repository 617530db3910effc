/* dt-einvoice-view.h: a received e-invoice shown to a person, grouped the way the KoSIT
 * visualisation groups it: overview, seller, buyer, lines, VAT breakdown, totals, payment. */
#pragma once

#include <glib.h>

#include "dt-einvoice-import.h"

G_BEGIN_DECLS

/* Plain text, one "Label: value" a line under each heading, for terminals and logs. */
char  *dt_received_invoice_to_text    (const DtReceivedInvoice *invoice);
/* The same as Pango markup (headings bold, every value escaped), for a GtkLabel. */
char  *dt_received_invoice_to_markup  (const DtReceivedInvoice *invoice);

/* "Commercial invoice", "Credit note"… for a UNTDID 1001 code; NULL for one not listed. */
const char *dt_received_invoice_type_name (const char *type_code);

G_END_DECLS

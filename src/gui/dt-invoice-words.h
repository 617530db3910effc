/* dt-invoice-words.h: how an invoice and its lines read on the invoices page: status,
 * title, dates, percentages, quantities. Plain functions, testable without a display. */
#pragma once

#include "dt-invoice-store.h"

G_BEGIN_DECLS

/* "Draft", "Sent", "Overdue"…; static, translated. */
const char *dt_invoice_words_status        (const DtInvoice     *invoice);
/* "INV-2026-0014 · Acme" ("Draft · …" before it has a number; "?" without a client). */
char       *dt_invoice_words_title         (const DtInvoice     *invoice,
                                            const char          *client_name);
/* "Issued 2026-11-27 · due 2026-12-27", "Due … — 3 days overdue", "Not sent yet"… */
char       *dt_invoice_words_dates         (const DtInvoice     *invoice);
/* A percentage held in basis points: 1900 reads "19", 750 "7.5", 725 "7.25". */
char       *dt_invoice_words_percent       (gint64               bp);
/* A fixed line's units, held in thousandths: 1500 reads "1.5", 2000 "2". */
char       *dt_invoice_words_units         (gint64               thousandths);
/* "2 h 30 min × €90.00/h", "1.5 × €40.00": what a line bills, before tax. */
char       *dt_invoice_words_line_quantity (const DtInvoiceLine *line,
                                            const char          *currency);

G_END_DECLS

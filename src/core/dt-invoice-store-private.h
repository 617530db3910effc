/* dt-invoice-store-private.h: what dt-invoicing needs from the invoice store, and what the
 * store's files share. */
#pragma once

#include "dt-invoice-store.h"

G_BEGIN_DECLS

/* Inserts draft header @input (client checked, currency the client's) and returns its id. */
gboolean  dt_invoice_store_insert_header   (DtDb             *db,
                                            const DtInvoice  *input,
                                            DtInvoiceKind     kind,
                                            gint64            credit_for_id,
                                            gint64           *out_id,
                                            GError          **error);
/* Inserts @line into @invoice_id (amount computed here) and links its entry_ids; an entry
 * already billed is DT_ERROR_CONFLICT naming the invoice it is on. Sets @line->id. */
gboolean  dt_invoice_store_insert_line     (DtDb             *db,
                                            gint64            invoice_id,
                                            gint64            client_id,
                                            DtInvoiceLine    *line,
                                            GError          **error);
/* Recomputes and stores the totals of @invoice_id from its stored lines and payments. */
gboolean  dt_invoice_store_refresh_totals  (DtDb             *db,
                                            gint64            invoice_id,
                                            GError          **error);
/* Unlinks every entry and expense billed on @invoice_id (deleting a draft, voiding,
 * crediting). */
gboolean  dt_invoice_store_release_entries (DtDb             *db,
                                            gint64            invoice_id,
                                            GError          **error);
/* The checks of a header's own fields (not its client). */
gboolean  dt_invoice_store_validate_header (const DtInvoice  *invoice,
                                            GError          **error);
/* The checks of line @number (from 1) of an invoice of @client_id; only a @credit note's
 * lines may carry negative prices. */
gboolean  dt_invoice_store_validate_line   (DtDb                 *db,
                                            const DtInvoiceLine  *line,
                                            guint                 number,
                                            gint64                client_id,
                                            gboolean              credit,
                                            GError              **error);
/* Computes @line's amount and inserts it into @invoice_id (setting @line->id) or, unless
 * @insert, updates the stored line of that id. Links no entries. */
gboolean  dt_invoice_store_write_line      (DtDb             *db,
                                            gint64            invoice_id,
                                            DtInvoiceLine    *line,
                                            gboolean          insert,
                                            GError          **error);
/* DT_ERROR_LOCKED unless @invoice is a draft. */
gboolean  dt_invoice_store_require_draft   (const DtInvoice  *invoice,
                                            GError          **error);
/* The day @days after local date @date ("YYYY-MM-DD"). */
char     *dt_invoice_store_add_days        (const char       *date,
                                            int               days);
/* Whole days from local date @from to @to (negative when @to is earlier). */
int       dt_invoice_store_days_between    (const char       *from,
                                            const char       *to);

G_END_DECLS

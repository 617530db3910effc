/* dt-invoice-document.h: everything printed on an invoice or credit note, as plain data. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The PDF, the plain-text rendering and the e-mail all read this one struct, so what the
 * customer sees is the same everywhere. It holds no database ids beyond @invoice_id and no
 * logic beyond the totals helper: the invoicing code fills it, the renderers only read it.
 *
 * All money is integer minor units of @currency (cents for EUR, yen for JPY). Strings are
 * UTF-8 and owned by the struct; an optional string is NULL or "" (both print nothing). */

typedef enum
{
  DT_INVOICE_KIND_INVOICE,
  DT_INVOICE_KIND_CREDIT_NOTE,
} DtInvoiceKind;

typedef enum
{
  DT_INVOICE_UNIT_MINUTES,    /* quantity is minutes, unit_price is per hour */
  DT_INVOICE_UNIT_MILLIUNITS, /* quantity is thousandths of a unit, unit_price is per unit */
} DtInvoiceUnit;

typedef struct
{
  char          *description;  /* may span several lines and any script; it wraps */
  gint64         quantity;     /* minutes, or milli-units (1500 = 1.5 units) */
  DtInvoiceUnit  unit;
  char          *unit_label;   /* "pages", "days"…; NULL → "h" for minutes, nothing for units */
  gint64         unit_price;   /* minor units per hour (minutes) or per unit (milli-units) */
  gint64         amount;       /* the line amount, rounded once (see dt_invoice_line_amount) */
  int            tax_rate_bp;  /* basis points: 2000 = 20 % */
} DtInvoiceDocumentLine;

/* One row of the tax summary: the lines that share a rate, after their share of discount. */
typedef struct
{
  int     rate_bp;
  gint64  base;   /* Σ line amounts at this rate − this rate's share of the discount */
  gint64  tax;    /* base × rate, rounded once per rate */
} DtInvoiceTaxGroup;

typedef struct
{
  char  *business_name;  /* printed large; falls back to @name when empty */
  char  *name;
  char  *address;        /* several lines separated by '\n' */
  char  *email;
  char  *tax_id;
  char  *footer;         /* bank details, registration… printed at the foot of every page */
} DtInvoiceSeller;

typedef struct
{
  char   *name;
  char   *address;       /* several lines separated by '\n' */
  char  **emails;        /* NULL-terminated; where the invoice is sent; may be NULL */
  char   *tax_id;
} DtInvoiceBillTo;

typedef struct
{
  gint64           invoice_id;        /* 0 when the document is not (yet) stored */
  DtInvoiceKind    kind;
  char            *number;            /* NULL for a draft: printed as "Draft" */
  char            *corrects_number;   /* credit note: the number of the invoice it corrects */
  char            *status;            /* "draft", "sent", "partially_paid", "paid", "void" */
  char            *issue_date;        /* "YYYY-MM-DD"; NULL for a draft not yet issued */
  char            *due_date;          /* "YYYY-MM-DD" or NULL */
  char            *period_from;       /* "YYYY-MM-DD" or NULL: the work period billed */
  char            *period_to;
  char            *currency;          /* ISO 4217 */

  DtInvoiceSeller  seller;
  DtInvoiceBillTo  bill_to;

  GPtrArray       *lines;             /* DtInvoiceDocumentLine*, owned, in print order */

  int              discount_bp;       /* percentage discount on the subtotal, basis points */
  gint64           discount_fixed;    /* fixed discount, minor units, ≥ 0 */

  /* Totals. dt_invoice_document_compute_totals() fills these from the lines; a caller that
   * stores its own totals may set them directly, they are printed as they are. */
  GArray          *tax_groups;        /* DtInvoiceTaxGroup, sorted by rate_bp */
  gint64           subtotal;          /* Σ line amounts */
  gint64           discount;          /* the discount taken off the subtotal, ≥ 0 for invoices */
  gint64           tax_total;         /* Σ tax_groups[].tax */
  gint64           total;             /* subtotal − discount + tax_total */
  gint64           paid;              /* payments received so far */
  gint64           balance;           /* total − paid */

  char            *notes;
  char            *terms;             /* payment terms, e.g. "Payable within 30 days." */
  GBytes          *logo_png;          /* optional PNG of the business logo */
} DtInvoiceDocument;

DtInvoiceDocument      *dt_invoice_document_new            (void);
void                    dt_invoice_document_free           (DtInvoiceDocument *doc);

/* Appends a line (strings copied) and returns it, owned by @doc. */
DtInvoiceDocumentLine  *dt_invoice_document_add_line       (DtInvoiceDocument *doc,
                                                            const char        *description,
                                                            gint64             quantity,
                                                            DtInvoiceUnit      unit,
                                                            const char        *unit_label,
                                                            gint64             unit_price,
                                                            gint64             amount,
                                                            int                tax_rate_bp);

/* The amount of one line, rounded once, half away from zero:
 *   minutes:     quantity × unit_price / 60
 *   milli-units: quantity × unit_price / 1000
 * Returns FALSE on overflow. */
gboolean                dt_invoice_line_amount             (gint64             quantity,
                                                            DtInvoiceUnit      unit,
                                                            gint64             unit_price,
                                                            gint64            *out_amount);

/* Fills subtotal, discount, tax_groups, tax_total, total and balance from the lines,
 * discount_bp, discount_fixed and paid. The rule, in integers only:
 *   1. subtotal = Σ line.amount (each line already rounded once);
 *   2. discount = subtotal × discount_bp / 10000 (rounded once) + discount_fixed, never
 *      more than the subtotal; on a credit note (negative subtotal) it takes the same sign;
 *   3. lines are grouped by tax rate; the discount is shared among the groups in proportion
 *      to their amounts (each share rounded, the rounding remainder given to the largest
 *      group, so the shares add up to the discount exactly);
 *   4. each group's tax = (group amount − its share) × rate / 10000, rounded once per rate;
 *   5. tax_total = Σ group tax; total = subtotal − discount + tax_total; balance = total − paid.
 * Returns FALSE with DT_ERROR_INVALID on a negative discount or a tax rate out of 0–10000,
 * and on overflow. */
gboolean                dt_invoice_document_compute_totals (DtInvoiceDocument *doc,
                                                            GError           **error);

/* "Invoice" or "Credit note", translated. */
const char             *dt_invoice_document_title          (const DtInvoiceDocument *doc);
/* The number, or "Draft" (translated) when the document has none yet. Owned by @doc or static. */
const char             *dt_invoice_document_display_number (const DtInvoiceDocument *doc);
/* The seller's business name, else their name, else "". */
const char             *dt_invoice_document_seller_title   (const DtInvoiceDocument *doc);

/* A "YYYY-MM-DD" day for people, in the current locale ("27 November 2026"); a copy of
 * @date when it does not parse; NULL for NULL. */
char                   *dt_invoice_format_date             (const char        *date);
/* A quantity for people: minutes as hours and minutes ("1:30 h" — decimal hours such as
 * "0.33" for 20 minutes would not multiply out to the amount), milli-units with at most
 * three decimals ("2", "1.5", "0.125") followed by the unit label when there is one. */
char                   *dt_invoice_format_quantity         (const DtInvoiceDocumentLine *line);
/* A tax rate in basis points for people: "20%", "7.5%", "0%". */
char                   *dt_invoice_format_rate             (int                rate_bp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtInvoiceDocument, dt_invoice_document_free)

G_END_DECLS

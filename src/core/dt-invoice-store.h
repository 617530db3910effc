/* dt-invoice-store.h: invoices, their lines and totals; editing drafts. Issuing, numbering,
 * sending and credit notes are in dt-invoicing.h, payments in dt-payment-store.h. */
#pragma once

#include "dt-db.h"
#include "dt-invoice-document.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef enum
{
  DT_LINE_TIME,    /* tracked time: quantity in minutes, unit price per hour, entries linked */
  DT_LINE_HOURLY,  /* manual hours: quantity in minutes, unit price per hour */
  DT_LINE_FIXED,   /* a fixed fee: quantity in thousandths of a unit, unit price per unit */
} DtLineKind;

typedef enum
{
  DT_INVOICE_DRAFT,
  DT_INVOICE_SENT,
  DT_INVOICE_PARTIALLY_PAID,
  DT_INVOICE_PAID,
  DT_INVOICE_VOID,
} DtInvoiceStatus;

typedef struct
{
  gint64      id;            /* 0 for a new line */
  gint64      invoice_id;
  int         position;      /* order on the invoice, from 0 */
  DtLineKind  kind;
  char       *description;   /* 1–2000 characters */
  gint64      project_id;    /* 0 = none */
  gint64      task_id;       /* 0 = none */
  gint64      quantity;      /* minutes, or thousandths of a unit for fixed lines (1500 = 1.5) */
  gint64      raw_minutes;   /* time lines: minutes before rounding; DT_NO_VALUE otherwise */
  gint64      unit_price;    /* minor units per hour (time, hourly) or per unit (fixed) */
  gint64      amount;        /* quantity × unit price, rounded once (half away from zero) */
  int         tax_rate_bp;   /* 1900 = 19 % */
  char       *rule_note;     /* time lines: which rules priced and rounded it */
  char       *unit_code;     /* e-invoices (BT-130, UN/ECE rec. 20) for fixed lines: "C62"
                              * pieces when ""; time and hourly lines are always hours */
  char       *vat_category;  /* BT-151 (UNTDID 5305); "" = the invoice's */
  GArray     *entry_ids;     /* time lines: the gint64 ids of the entries it bills */
} DtInvoiceLine;

typedef struct
{
  gint64           id;
  char            *number;         /* NULL until issued */
  DtInvoiceKind    kind;
  gint64           credit_for_id;  /* credit notes: the invoice corrected */
  gint64           client_id;
  DtInvoiceStatus  status;
  char            *currency;       /* the client's */
  char            *issue_date;     /* "YYYY-MM-DD" (local) or NULL while a draft */
  char            *due_date;       /* "YYYY-MM-DD" or NULL: issue date + the client's terms */
  char            *period_from;    /* the work period billed, or NULL */
  char            *period_to;
  int              discount_bp;    /* percentage discount (1000 = 10 %) … */
  gint64           discount_fixed; /* … plus a fixed one, in minor units */
  gint64           subtotal;       /* sum of the line amounts */
  gint64           discount;
  gint64           tax_total;
  gint64           total;          /* subtotal − discount + tax */
  gint64           paid;
  gint64           balance;        /* total − paid */
  char            *notes;
  char            *terms;
  char            *order_reference;      /* BT-13, the buyer's order number, or "" */
  char            *vat_category;         /* UNTDID 5305; "" = the client's, else the profile's */
  char            *vat_exemption_reason; /* BT-120 for that category, or "" */
  char            *vat_exemption_code;   /* BT-121, a VATEX code, or "" */
  char            *bill_to;        /* JSON snapshot of the client's details taken at issue */
  char            *seller;         /* JSON snapshot of the profile taken at issue, or "{}" */
  gint64           sent_at;        /* 0 = not sent */
  char            *sent_to;
  gint64           voided_at;
  char            *send_error;     /* why the last send failed, or NULL */
  int              days_overdue;   /* > 0 when sent, unpaid and past due (today, local) */
  char            *credit_for_number; /* credit notes: the number of the corrected invoice */
  GPtrArray       *lines;          /* DtInvoiceLine, by position */
  GArray          *tax_groups;     /* DtInvoiceTaxGroup (dt-invoice-document.h), by rate */
  gint64           created_at;
  gint64           updated_at;
  gint64           version;
} DtInvoice;

const char    *dt_invoice_status_to_string   (DtInvoiceStatus  status);
gboolean       dt_invoice_status_from_string (const char      *text,
                                              DtInvoiceStatus *out,
                                              GError         **error);
const char    *dt_line_kind_to_string        (DtLineKind       kind);
gboolean       dt_line_kind_from_string      (const char      *text,
                                              DtLineKind      *out,
                                              GError         **error);

DtInvoiceLine *dt_invoice_line_new           (DtLineKind            kind);
DtInvoiceLine *dt_invoice_line_copy          (const DtInvoiceLine  *line);
void           dt_invoice_line_free          (DtInvoiceLine        *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtInvoiceLine, dt_invoice_line_free)
/* quantity × unit price, rounded once (dt_invoice_line_amount); FALSE on overflow. */
gboolean       dt_invoice_line_compute_amount (const DtInvoiceLine *line,
                                              gint64               *out_amount);
/* The unit a line's quantity is counted in. */
DtInvoiceUnit  dt_invoice_line_get_unit      (const DtInvoiceLine  *line);

DtInvoice     *dt_invoice_new                (void);
void           dt_invoice_free               (DtInvoice            *invoice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtInvoice, dt_invoice_free)

/*
 * Recomputes every line amount, then the subtotal, discount, tax groups, tax total, total
 * and balance of @invoice with dt_invoice_document_compute_totals — the one rule the
 * printed invoice uses too (integers only, each line rounded once, tax once per rate).
 * Fails (DT_ERROR_INVALID) on a bad discount or tax rate and on overflow.
 */
gboolean       dt_invoice_compute_totals     (DtInvoice            *invoice,
                                              GError              **error);

DtInvoice     *dt_invoice_store_get          (DtDb                 *db,
                                              gint64                id,
                                              GError              **error);
/* Honours: client_id, status, from/to (issue date, drafts excluded when set), text (number,
 * notes), after_id, limit. The invoices come without lines (lines and tax_groups empty). */
GPtrArray     *dt_invoice_store_list         (DtDb                 *db,
                                              const DtListQuery    *query,
                                              gboolean             *out_has_more,
                                              GError              **error);

/* What the invoices list says above itself: every invoice, the drafts, the overdue ones. */
typedef struct
{
  guint total;
  guint drafts;
  guint overdue;
} DtInvoiceTally;

/*
 * For a list that shows the newest invoice first and reads it a page at a time: the invoices
 * matching @query's client_id, status, from/to (as dt_invoice_store_list) and text — which
 * here also matches the client's name, as a person searching the list expects — counted, or
 * @limit of them from @offset, newest (highest id) first, without lines. @query's after_id
 * and limit are ignored.
 */
gint64         dt_invoice_store_count_matching (DtDb               *db,
                                                const DtListQuery  *query,
                                                GError            **error);
GPtrArray     *dt_invoice_store_list_newest    (DtDb               *db,
                                                const DtListQuery  *query,
                                                guint               offset,
                                                guint               limit,
                                                GError            **error);
gboolean       dt_invoice_store_tally          (DtDb               *db,
                                                DtInvoiceTally     *out,
                                                GError            **error);

/* A draft for @input->client_id with @input's notes, terms, due date, period, discount,
 * order reference, VAT category and exemption, and manual lines (hourly and fixed; time
 * lines come from dt_invoicing_create_draft). The currency is the client's. A bad VAT
 * category, VATEX code or unit code is DT_ERROR_INVALID naming the field. */
DtInvoice     *dt_invoice_store_create_draft (DtDb                 *db,
                                              const DtInvoice      *input,
                                              GError              **error);
/*
 * Edits draft @invoice->id: notes, terms, due date, period, discount, order reference, VAT
 * category and exemption, and lines. Lines are
 * matched by id: a line with id 0 is new (hourly or fixed), an existing line keeps its kind
 * (time lines keep their quantity and entries but may change description, unit price, tax
 * rate, VAT category and position), and a line left out is removed — a removed time line releases its
 * entries. Anything but a draft is DT_ERROR_LOCKED.
 */
DtInvoice     *dt_invoice_store_update_draft (DtDb                 *db,
                                              const DtInvoice      *invoice,
                                              gint64                expected_version,
                                              GError              **error);
/* Deletes a draft and releases its entries; anything else is DT_ERROR_LOCKED. */
gboolean       dt_invoice_store_delete_draft (DtDb                 *db,
                                              gint64                id,
                                              GError              **error);

G_END_DECLS

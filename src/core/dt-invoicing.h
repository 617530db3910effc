/* dt-invoicing.h: from tracked time to issued invoices: candidates, drafts, numbers, sending,
 * voiding and credit notes. Pricing rules: dt-rates.h. Payments: dt-payment-store.h. */
#pragma once

#include "dt-db.h"
#include "dt-invoice-document.h"
#include "dt-invoice-store.h"

G_BEGIN_DECLS

typedef enum
{
  DT_GROUP_BY_TASK,     /* one line per task (entries without a task: one per project) */
  DT_GROUP_BY_PROJECT,  /* one line per project */
  DT_GROUP_BY_ENTRY,    /* one line per entry */
} DtInvoiceGrouping;

const char *dt_invoice_grouping_to_string   (DtInvoiceGrouping  grouping);
gboolean    dt_invoice_grouping_from_string (const char        *text,
                                             DtInvoiceGrouping *out,
                                             GError           **error);

/* ---- Candidates --------------------------------------------------------------------- */

typedef struct
{
  gint64  entry_id;
  gint64  project_id;
  gint64  task_id;
  gint64  start_at;
  gint64  end_at;
  char   *note;
  gint64  raw_minutes;      /* the duration in whole minutes */
  gint64  billed_minutes;   /* after a per-entry rounding rule (= raw under per-line rules) */
  gint64  rate;             /* minor units per hour */
  gint64  amount;           /* this entry alone, for display; lines are priced once */
  char   *rate_explanation;
} DtCandidateEntry;

/* One future invoice line: the entries of one task (or project, or the entry itself) that
 * share a rate. */
typedef struct
{
  gint64     project_id;
  char      *project_name;
  gint64     task_id;           /* 0 when grouped per project or the entries have no task */
  char      *task_title;        /* NULL without a task */
  char      *description;       /* what the invoice line will say */
  gint64     rate;
  char      *rate_explanation;
  char      *rounding_explanation;
  gint64     raw_minutes;       /* Σ raw minutes */
  gint64     billed_minutes;    /* Σ per-entry billed, or the sum rounded once per line */
  gint64     amount;            /* billed_minutes × rate / 60, rounded once */
  GPtrArray *entries;           /* DtCandidateEntry, by start */
} DtCandidateGroup;

typedef struct
{
  gint64     client_id;
  char      *client_name;
  char      *currency;              /* the client's: every amount below is in it */
  gint64     from;
  gint64     to;
  DtInvoiceGrouping grouping;
  GPtrArray *groups;                /* DtCandidateGroup, by project, task, rate */
  guint      n_entries;
  gint64     raw_minutes;
  gint64     billed_minutes;
  gint64     amount;
  guint      excluded_non_billable; /* the entry or its task is not billable */
  guint      excluded_running;
  guint      excluded_billed;       /* already on an invoice */
  /* Re-billable expenses (DtExpense, dt-expenses.h) of the client in its currency, dated in
   * the period (local days) and on no invoice, by date; each becomes one fixed line. */
  GPtrArray *expenses;
  gint64     expenses_amount;       /* Σ their billed amounts (net × (1 + markup)) */
} DtCandidates;

void          dt_candidates_free            (DtCandidates *candidates);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtCandidates, dt_candidates_free)

/* What can be billed to @client_id for work started in [@from, @to) (UTC seconds; an entry
 * belongs to the period of its start, also when it runs past midnight): unbilled, billable,
 * finished entries, grouped as @grouping will make the draft's lines, each priced by
 * dt-rates; and the re-billable expenses of the period. Read only. */
DtCandidates *dt_invoicing_find_candidates  (DtDb              *db,
                                             gint64             client_id,
                                             gint64             from,
                                             gint64             to,
                                             DtInvoiceGrouping  grouping,
                                             GError           **error);

/* ---- Drafts ------------------------------------------------------------------------- */

typedef struct
{
  gint64             client_id;
  gint64             from;            /* the candidates' period, UTC seconds */
  gint64             to;
  DtInvoiceGrouping  grouping;
  const GArray      *entry_ids;       /* gint64: bill only these candidates; NULL = all */
  const GArray      *expense_ids;     /* gint64: bill only these candidate expenses; NULL = all,
                                       * empty = none */
  int                tax_rate_bp;     /* of the time lines; -1 = the default tax setting */
  GPtrArray         *extra_lines;     /* DtInvoiceLine (hourly or fixed), appended; may be NULL */
  int                discount_bp;
  gint64             discount_fixed;
  const char        *notes;
  const char        *terms;           /* NULL = the "invoice.terms" setting */
  const char        *due_date;        /* NULL = set at issue: issue date + the client's terms */
  /* For e-invoices; NULL = "" (none, or the client's and then the profile's VAT category). */
  const char        *order_reference;      /* BT-13 */
  const char        *vat_category;         /* UNTDID 5305 */
  const char        *vat_exemption_reason; /* BT-120 */
  const char        *vat_exemption_code;   /* BT-121 */
} DtDraftRequest;

/* Creates a draft from the candidates (and extra lines) in one transaction: one line per
 * group, then one fixed line per expense (its billed amount, taxed at @tax_rate_bp like the
 * time lines), each amount rounded once, totals from the lines; its entries and expenses are
 * linked and so locked. Nothing to bill is DT_ERROR_INVALID; an entry billed meanwhile (a double billing
 * attempt) is DT_ERROR_CONFLICT and nothing is written. Delete the draft
 * (dt_invoice_store_delete_draft) to release the entries. */
DtInvoice    *dt_invoicing_create_draft     (DtDb                 *db,
                                             const DtDraftRequest *request,
                                             GError              **error);

/* ---- Numbers ------------------------------------------------------------------------ */

/* Fills a numbering pattern: {YYYY} {YY} {MM} and {N…} (the counter, zero-padded to the
 * number of Ns). */
char         *dt_invoicing_format_number    (const char        *pattern,
                                             int                year,
                                             int                month,
                                             gint64             counter);
/* The number the next invoice (or credit note) issued on local day @issue_date would get,
 * without taking it. Numbers are per calendar year of the issue date ("invoice_counters"),
 * taken only when an invoice is issued, and never reused (void keeps its number). */
char         *dt_invoicing_peek_number      (DtDb              *db,
                                             DtInvoiceKind      kind,
                                             const char        *issue_date,
                                             GError           **error);

/* ---- Issuing, sending, voiding, crediting ------------------------------------------- */

/* Issues draft @invoice_id: issue date today, due date (unless set) issue date + the
 * client's terms, the next number, the client's details frozen into bill_to, status sent,
 * @sent_to recorded (NULL for "marked as sent", sent by hand). From then on the invoice is
 * immutable. With @expected_number (from a prepared send) the call is refused with
 * DT_ERROR_CONFLICT when the number moved meanwhile; @expected_version 0 skips the
 * If-Match check. An invoice without lines is DT_ERROR_INVALID; one whose PDF would print a
 * character as an empty box (no installed font has it) is DT_ERROR_UNAVAILABLE, with the
 * words of dt_invoice_pdf_check_glyphs, before anything is numbered. */
DtInvoice    *dt_invoicing_mark_sent        (DtDb              *db,
                                             gint64             invoice_id,
                                             const char        *sent_to,
                                             const char        *expected_number,
                                             gint64             expected_version,
                                             GError           **error);

/*
 * Sending by e-mail never holds a write transaction while the SMTP server talks:
 *   1. plan = dt_invoicing_prepare_send (db, id)   — reads only: the number it would get,
 *      the dates, and the document to render (PDF/text) exactly as it will be issued; a
 *      document that cannot be printed in full is refused here, so no mail leaves;
 *   2. render and send (dt-mailer) outside any transaction;
 *   3. on success dt_invoicing_commit_send (db, plan, recipients) — mark_sent with the
 *      plan's number and version: if another invoice took that number meanwhile it is
 *      refused (DT_ERROR_CONFLICT) and the caller prepares again (the mail already left
 *      carries the old number, so callers should serialise sends, as the app does);
 *      on failure dt_invoicing_record_send_failure (db, id, reason): the invoice stays a
 *      draft and keeps the reason in send_error until the next attempt.
 */
typedef struct
{
  gint64             invoice_id;
  gint64             version;
  char              *number;
  char              *issue_date;
  char              *due_date;
  DtInvoiceDocument *document;   /* owned */
} DtSendPlan;

void          dt_send_plan_free                 (DtSendPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSendPlan, dt_send_plan_free)

DtSendPlan   *dt_invoicing_prepare_send         (DtDb             *db,
                                                 gint64            invoice_id,
                                                 GError          **error);
DtInvoice    *dt_invoicing_commit_send          (DtDb             *db,
                                                 const DtSendPlan *plan,
                                                 const char       *sent_to,
                                                 GError          **error);
gboolean      dt_invoicing_record_send_failure  (DtDb             *db,
                                                 gint64            invoice_id,
                                                 const char       *reason,
                                                 GError          **error);

/* The printable document of @invoice_id as it stands (a draft prints without a number):
 * seller from the profile, bill-to from the frozen snapshot (issued) or the client (draft),
 * lines, tax groups and totals exactly as stored. */
DtInvoiceDocument *dt_invoicing_build_document  (DtDb             *db,
                                                 gint64            invoice_id,
                                                 GError          **error);

/* Voids an issued invoice without payments: it keeps its number, its entries are released
 * so the work can be billed again. A draft (delete it instead), an invoice with payments
 * or a paid one (issue a credit note) is refused. */
DtInvoice    *dt_invoicing_void             (DtDb              *db,
                                             gint64             invoice_id,
                                             GError           **error);

/* Issues a credit note for the whole of issued invoice @invoice_id, numbered in its own
 * series ("invoice.credit_note_pattern"), referencing it, with every line and total negated.
 * The credit settles what is still open on the original (recorded as a payment with method
 * "credit_note"); what the customer had already paid stays on the credit note as a refund
 * owed (its balance). The original's entries are released. An invoice credited once is
 * DT_ERROR_CONFLICT. @reason goes into the credit note's notes. A credit note that could not
 * be printed in full is refused as dt_invoicing_mark_sent refuses an invoice. */
DtInvoice    *dt_invoicing_create_credit_note (DtDb            *db,
                                             gint64             invoice_id,
                                             const char        *reason,
                                             GError           **error);

G_END_DECLS

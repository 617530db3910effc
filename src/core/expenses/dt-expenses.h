/* dt-expenses.h: expenses paid for a client — amounts, input VAT, receipts kept by their
 * SHA-256 beside the database — and what invoicing needs to bill them on. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

/* What dt_db_note_change announces for an expense. */
#define DT_ENTITY_EXPENSE "expense"

/* The folder inside the data directory receipts are kept in, and the largest receipt kept.
 * The REST and MCP faces take less: every body they read stops at the server's 1 MiB. */
#define DT_EXPENSE_RECEIPTS_DIR     "receipts"
#define DT_EXPENSE_RECEIPT_MAX_SIZE (10 * 1024 * 1024)

/*
 * Amounts: @amount is the net price paid (minor units of @currency, > 0) and @input_vat the
 * VAT on the receipt, kept apart from the VAT charged on invoices (output VAT): it is what the
 * user reclaims, never billed. Gross = amount + input_vat. A re-billable expense is invoiced
 * as one fixed line of net × (1 + markup), rounded once (half away from zero); that line
 * carries the invoice's tax rate like every other line.
 */
typedef struct
{
  gint64    id;
  char     *date;            /* "YYYY-MM-DD", the local day paid; NULL on input = today */
  gint64    client_id;
  gint64    project_id;      /* 0 = none; must belong to client_id */
  char     *category;        /* "travel", "software"…; may be "" */
  char     *description;     /* 1–2000 characters; the invoice line's text */
  gint64    amount;          /* net, minor units, > 0 */
  char     *currency;        /* NULL on input = the client's */
  int       vat_rate_bp;     /* input VAT rate, basis points (1900 = 19 %) */
  gint64    input_vat;       /* DT_NO_VALUE on input = amount × vat_rate_bp, rounded once */
  gboolean  billable;        /* re-billed to the client */
  int       markup_bp;       /* added when billed, basis points (1000 = 10 %), 0–100000 */
  /* The receipt, read only here (dt_expense_store_attach_receipt sets it); NULL = none. */
  char     *receipt_sha256;  /* lower-case hex of the file's SHA-256 */
  char     *receipt_type;    /* "application/pdf", "image/png" or "image/jpeg", from the bytes */
  gint64    receipt_size;
  char     *receipt_name;    /* the name it was sent with, or "" */
  /* Read only: the invoice line it is billed on (locks it), that line's invoice and number
   * (NULL while a draft). */
  gint64    invoice_line_id;
  gint64    invoice_id;
  char     *invoice_number;
  gint64    created_at;
  gint64    updated_at;
  gint64    version;
} DtExpense;

DtExpense  *dt_expense_new                 (void);
void        dt_expense_free                (DtExpense       *expense);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtExpense, dt_expense_free)

/* What the expense bills: amount × (10000 + markup_bp) / 10000, rounded once; FALSE on
 * overflow. */
gboolean    dt_expense_billed_amount       (const DtExpense *expense,
                                            gint64          *out_amount);

/* The media type of a receipt told by its first bytes, never by its name or the type it
 * was sent as: "application/pdf", "image/png" or "image/jpeg". Anything else, an empty file
 * and one above DT_EXPENSE_RECEIPT_MAX_SIZE are DT_ERROR_INVALID naming what was wrong. */
const char *dt_expense_receipt_check       (GBytes          *bytes,
                                            GError         **error);

/* Creates an expense, with @receipt (may be NULL) named @receipt_name (may be NULL). A bad
 * field, a client or project that does not exist (DT_ERROR_NOT_FOUND) or a refused receipt
 * leaves nothing behind: no row, no file. */
DtExpense  *dt_expense_store_create        (DtDb            *db,
                                            const DtExpense *input,
                                            GBytes          *receipt,
                                            const char      *receipt_name,
                                            GError         **error);
DtExpense  *dt_expense_store_get           (DtDb            *db,
                                            gint64           id,
                                            GError         **error);
/* Changes date, client, project, category, description, amount, currency, VAT, billable and
 * markup of expense @input->id. An invoiced expense is DT_ERROR_LOCKED; @expected_version 0
 * skips the If-Match check. */
DtExpense  *dt_expense_store_update        (DtDb            *db,
                                            const DtExpense *input,
                                            gint64           expected_version,
                                            GError         **error);
/* Deletes an expense (and its receipt file when no other expense keeps the same one). An
 * invoiced expense is DT_ERROR_LOCKED. */
gboolean    dt_expense_store_delete        (DtDb            *db,
                                            gint64           id,
                                            GError         **error);
/* Keeps @receipt as expense @id's receipt, replacing any earlier one; refused as
 * dt_expense_receipt_check says, or DT_ERROR_LOCKED when invoiced, with nothing written. */
DtExpense  *dt_expense_store_attach_receipt (DtDb           *db,
                                            gint64           id,
                                            GBytes          *receipt,
                                            const char      *receipt_name,
                                            GError         **error);
/* The receipt file of @expense, checked against its hash: changed is DT_ERROR_CORRUPT, gone
 * or never attached DT_ERROR_NOT_FOUND. */
GBytes     *dt_expense_store_read_receipt  (DtDb            *db,
                                            const DtExpense *expense,
                                            GError         **error);
/* Where the receipt of @expense is kept (NULL without one). */
char       *dt_expense_store_receipt_path  (DtDb            *db,
                                            const DtExpense *expense);
/* Honours: client_id, project_id, from/to (on the local day), billable, status ("open": not
 * invoiced, "invoiced"), text (description, category), after_id, limit. */
GPtrArray  *dt_expense_store_list          (DtDb              *db,
                                            const DtListQuery *query,
                                            gboolean          *out_has_more,
                                            GError           **error);

/* For a list that shows the newest expense first and reads it a page at a time: the
 * expenses matching @query's client_id, project_id, status and text (as dt_expense_store_list
 * takes them) counted, or @limit of them from @offset, latest day first. @query's after_id
 * and limit are ignored. */
gint64      dt_expense_store_count_matching (DtDb             *db,
                                            const DtListQuery *query,
                                            GError           **error);
GPtrArray  *dt_expense_store_list_newest   (DtDb              *db,
                                            const DtListQuery *query,
                                            guint              offset,
                                            guint              limit,
                                            GError           **error);

/* ---- for reports ------------------------------------------------------------------------ */

/* The expenses of one currency over a range. */
typedef struct
{
  char   *currency;
  guint   expenses;
  gint64  amount;           /* Σ net: what they cost */
  gint64  input_vat;        /* Σ input VAT: reclaimed, so no cost */
  gint64  billable_amount;  /* Σ what the re-billable ones bill (net × (1 + markup)) */
  gint64  invoiced_amount;  /* the part of billable_amount on invoices */
} DtExpenseTotals;

void        dt_expense_totals_free         (DtExpenseTotals *totals);
/* The expenses dated in [@from, @to) (UTC seconds, as reports take them; an expense counts on
 * its local day), for @client_id and @project_id when not 0: one DtExpenseTotals per
 * currency, by code. */
GPtrArray  *dt_expense_store_totals        (DtDb            *db,
                                            gint64           from,
                                            gint64           to,
                                            gint64           client_id,
                                            gint64           project_id,
                                            GError         **error);
/* What a period earned in one currency: @work_amount (billable work, as a report's amount
 * gives it) plus what the expenses bill, less what they cost. @totals may be NULL (none). */
gint64      dt_expense_profit              (gint64                 work_amount,
                                            const DtExpenseTotals *totals);

/* ---- for invoicing (all inside the caller's transaction) --------------------------------- */

/* The re-billable expenses of @client_id in @currency dated @from_day…@to_day (inclusive
 * local days) that are on no invoice, by date; with @only, just the ids it holds. */
GPtrArray  *dt_expense_store_list_billable (DtDb            *db,
                                            gint64           client_id,
                                            const char      *currency,
                                            const char      *from_day,
                                            const char      *to_day,
                                            GHashTable      *only,
                                            GError         **error);
/* Bills expense @id on invoice line @line_id; already billed is DT_ERROR_CONFLICT. */
gboolean    dt_expense_store_link          (DtDb            *db,
                                            gint64           id,
                                            gint64           line_id,
                                            GError         **error);
/* Unbills the expenses on line @line_id, or on every line of @invoice_id (deleting a draft,
 * voiding, crediting), so they can be billed again. */
gboolean    dt_expense_store_release_line  (DtDb            *db,
                                            gint64           line_id,
                                            GError         **error);
gboolean    dt_expense_store_release_invoice (DtDb          *db,
                                            gint64           invoice_id,
                                            GError         **error);

G_END_DECLS

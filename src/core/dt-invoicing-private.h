/* dt-invoicing-private.h: the candidate pricer, shared by dt-invoicing and the Billing Hub, and
 * what the files of dt-invoicing share. */
#pragma once

#include "dt-invoicing.h"
#include "dt-rates.h"

G_BEGIN_DECLS

/* One time entry as the pricer sees it. */
typedef struct
{
  gint64      id;
  gint64      client_id;
  gint64      project_id;
  gint64      task_id;
  gint64      start_at;
  gint64      end_at;        /* 0 = running */
  gboolean    billable;      /* the entry's and its task's */
  gboolean    billed;        /* already on an invoice line */
  const char *note;
  const gint64 *tag_ids;     /* the entry's tags (only those rate rules name will do) */
  guint       n_tag_ids;
  const char *project_name;
  const char *task_title;
} DtCandidateRow;

typedef struct _DtCandidatePricer DtCandidatePricer;

/* Prices rows into @into, a new DtCandidates (whose groups it fills). With @keep_entries FALSE the groups keep
 * only their sums, rates and ids, unsorted, without entries, names or explanations (the
 * Billing Hub). @only (nullable) restricts to those entry ids. */
DtCandidatePricer *dt_candidate_pricer_new    (const DtRateBook  *book,
                                               DtInvoiceGrouping  grouping,
                                               gboolean           keep_entries,
                                               GHashTable        *only,
                                               DtCandidates      *into);
void               dt_candidate_pricer_add    (DtCandidatePricer    *pricer,
                                               const DtCandidateRow *row);
/* Rounds per line, prices every group once, sorts, adds up, and frees @pricer. */
void               dt_candidate_pricer_finish (DtCandidatePricer    *pricer);

DtCandidates      *dt_candidates_new          (void);

/* ---- shared by the files of dt-invoicing ------------------------------------------------ */

/* The next free number of one series and year, found before it is taken. */
typedef struct
{
  const char *series;
  int         year;
  gint64      counter;
  char       *number;
} DtNumberSlot;

/* Fills @slot (whose number the caller frees) with the next number of @kind's series for
 * @issue_date. */
gboolean  dt_invoicing_find_number     (DtDb           *db,
                                        DtInvoiceKind   kind,
                                        const char     *issue_date,
                                        DtNumberSlot   *slot,
                                        GError        **error);
/* Advances @slot's series past its number, in the caller's transaction. */
gboolean  dt_invoicing_take_number     (DtDb           *db,
                                        DtNumberSlot   *slot,
                                        GError        **error);
/* The client as the invoice bills it (JSON), and its payment terms into @out_terms. */
char     *dt_invoicing_snapshot_client (DtDb           *db,
                                        gint64          client_id,
                                        int            *out_terms,
                                        GError        **error);
/* The seller's details as the invoice shows them, logo included, kept with it at issue. */
gboolean  dt_invoicing_freeze_seller   (DtDb           *db,
                                        gint64          invoice_id,
                                        GError        **error);
/* Refuses @invoice_id (as stored so far, in the open transaction) when its PDF would print a
 * character as an empty box: an issued invoice is a legal document, so it is checked before
 * anything is numbered, frozen or mailed. */
gboolean  dt_invoicing_check_printable (DtDb           *db,
                                        gint64          invoice_id,
                                        GError        **error);
/* The client's payment terms in days. */
int       dt_invoicing_client_terms    (DtDb           *db,
                                        gint64          client_id);

G_END_DECLS

/* dt-invoicing-private.h: the candidate pricer, shared by dt-invoicing and the Billing Hub. */
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

G_END_DECLS

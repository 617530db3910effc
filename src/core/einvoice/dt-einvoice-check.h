/* dt-einvoice-check.h: the readiness list — what keeps an invoice from being a valid
 * e-invoice under a profile — and the norm's arithmetic re-checked on the model. */
#pragma once

#include "dt-einvoice-model.h"

G_BEGIN_DECLS

typedef enum
{
  DT_EINVOICE_ERROR,    /* the file would fail the official rules: fix before sending */
  DT_EINVOICE_WARNING,  /* the official rules warn: worth fixing */
} DtEinvoiceSeverity;

typedef struct
{
  DtEinvoiceSeverity  severity;
  const char         *rule;           /* the norm's rule id, "BR-DE-15", "BR-CO-10" */
  const char         *business_term;  /* "BT-10", "BG-23" */
  const char         *field;          /* what to fix, "client.buyer_reference",
                                       * "profile.iban", "invoice.vat_category",
                                       * "line.2.tax_rate"… ("" for arithmetic) */
  char               *message;        /* for people, translated */
} DtEinvoiceProblem;

void       dt_einvoice_problem_free   (DtEinvoiceProblem *problem);

/* Every problem of @einvoice under @profile, errors first; an empty array when it is
 * ready. Array of DtEinvoiceProblem*. */
GPtrArray *dt_einvoice_check          (const DtEinvoice  *einvoice,
                                       DtEinvoiceProfile  profile);
/* TRUE when @problems holds an error (warnings alone do not block). */
gboolean   dt_einvoice_problems_block (GPtrArray         *problems);
/* The first problem of rule @rule in @problems, or NULL. */
const DtEinvoiceProblem *dt_einvoice_problems_find (GPtrArray  *problems,
                                                    const char *rule);

G_END_DECLS

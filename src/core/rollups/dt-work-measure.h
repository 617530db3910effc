/* dt-work-measure.h: what one time entry adds to the sums of reports and roll-ups. */
#pragma once

#include "dt-rates.h"

G_BEGIN_DECLS

/* One entry's share: its seconds, and when billable its minutes and money. */
typedef struct
{
  gint64   seconds;
  gboolean billable;  /* the entry's and its task's */
  gboolean invoiced;  /* on an invoice line */
  gint64   raw;       /* whole minutes (billable only) */
  gint64   billed;    /* after today's per-entry rounding (billable only) */
  gint64   amount;    /* at the invoice line's price, else at today's rules (billable only) */
} DtWorkMeasure;

/* What prices every untagged, not yet invoiced entry of one client, project and task: the
 * rate today's rules choose and the per-entry rounding rule (NULL for none). Callers that
 * measure many entries keep it per task. */
void dt_work_price_untagged (const DtRateBook  *book,
                             gint64             client_id,
                             gint64             project_id,
                             gint64             task_id,
                             gint64            *rate,
                             const DtRule     **entry_rule);

/* Measures an entry of @seconds whose untagged price is @rate and @entry_rule (from
 * dt_work_price_untagged); @context's tags may choose another rate. Invoiced work keeps
 * @line_price. Reports and roll-ups add up exactly this, so that they agree to the cent. */
void dt_work_measure        (const DtRateBook     *book,
                             const DtRateContext  *context,
                             gint64                rate,
                             const DtRule         *entry_rule,
                             gboolean              billable,
                             gboolean              invoiced,
                             gint64                line_price,
                             gint64                seconds,
                             DtWorkMeasure        *out);

G_END_DECLS

/* dt-work-measure.c: what one time entry adds to the sums of reports and roll-ups. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-work-measure.h"
#include "dt-money.h"

void
dt_work_price_untagged (const DtRateBook  *book,
                        gint64             client_id,
                        gint64             project_id,
                        gint64             task_id,
                        gint64            *rate,
                        const DtRule     **entry_rule)
{
  DtRateContext context = { client_id, project_id, task_id, NULL, 0 };
  const DtRule *rule = dt_rate_book_rounding (book, client_id, project_id, task_id);

  *rate = dt_rate_book_choose (book, &context).rate;
  *entry_rule = rule != NULL && rule->apply_to == DT_ROUND_PER_ENTRY ? rule : NULL;
}

void
dt_work_measure (const DtRateBook     *book,
                 const DtRateContext  *context,
                 gint64                rate,
                 const DtRule         *entry_rule,
                 gboolean              billable,
                 gboolean              invoiced,
                 gint64                line_price,
                 gint64                seconds,
                 DtWorkMeasure        *out)
{
  *out = (DtWorkMeasure) { .seconds = MAX (seconds, 0), .billable = billable,
                           .invoiced = invoiced };
  if (!billable)
    return;
  out->raw = dt_rounding_minutes (out->seconds);
  out->billed = dt_rounding_apply (entry_rule, out->raw);
  if (invoiced)
    rate = line_price;
  else if (context->n_tag_ids > 0)
    {
      DtRateChoice choice;

      if (dt_rate_book_choose_by_tags (book, context, &choice))
        rate = choice.rate;
    }
  out->amount = dt_money_for_minutes (out->billed, rate);
}

/* dt-reports.h: time and money over a range, grouped by client, project, task, tag, day,
 * week or month, with CSV export. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef enum
{
  DT_REPORT_BY_CLIENT,
  DT_REPORT_BY_PROJECT,
  DT_REPORT_BY_TASK,
  DT_REPORT_BY_TAG,    /* an entry counts under each of its tags; untagged under id 0 */
  DT_REPORT_BY_DAY,    /* local calendar days (DST-safe) */
  DT_REPORT_BY_WEEK,   /* ISO weeks, from Monday, local */
  DT_REPORT_BY_MONTH,
} DtReportGrouping;

const char *dt_report_grouping_to_string   (DtReportGrouping  grouping);
gboolean    dt_report_grouping_from_string (const char       *text,
                                            DtReportGrouping *out,
                                            GError          **error);

typedef struct
{
  gint64            from;        /* [from, to): UTC seconds; an entry counts where it starts */
  gint64            to;
  DtReportGrouping  group_by;
  gint64            client_id;   /* 0 = all */
  gint64            project_id;  /* 0 = all */
  DtBillableFilter  billable;
} DtReportQuery;

/*
 * One group in one currency (a tag or a day may hold work of clients in several currencies;
 * amounts of different currencies are never added).
 *   seconds              all finished work (running timers count until now);
 *   billable_seconds / non_billable_seconds;
 *   raw_minutes          billable work in whole minutes;
 *   billed_minutes       billable work after today's per-entry rounding rules (per-line
 *                        rounding happens on invoices only);
 *   amount               billable money: invoiced work at its invoice line's rate, the rest
 *                        at today's rules, each entry rounded on its own (an invoice rounds
 *                        once per line, so its total may differ by a few cents);
 *   invoiced_amount      the part of amount already on invoices.
 */
typedef struct
{
  char   *key;            /* the id ("12") or the period's first day ("2026-03-01") */
  gint64  id;             /* client/project/task/tag id; 0 for "none" and for periods */
  char   *label;          /* name, or the period ("2026-03-01", "2026-W10", "2026-03") */
  gint64  period_start;   /* periods: local midnight of the first day; else 0 */
  char   *currency;
  guint   entries;
  gint64  seconds;
  gint64  billable_seconds;
  gint64  non_billable_seconds;
  gint64  raw_minutes;
  gint64  billed_minutes;
  gint64  amount;
  gint64  invoiced_amount;
} DtReportRow;

typedef struct
{
  DtReportQuery  query;
  GPtrArray     *rows;    /* DtReportRow by label (periods by time), then currency */
  GPtrArray     *totals;  /* DtReportRow per currency (key "total"); tag reports count an
                           * entry once here */
} DtReport;

void       dt_report_row_free  (DtReportRow       *row);
void       dt_report_free      (DtReport          *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtReport, dt_report_free)

DtReport  *dt_report_run       (DtDb              *db,
                                const DtReportQuery *query,
                                GError           **error);
/* The report of @query over the entries starting in [@from, @to), a part of its range: parts
 * read on several threads (each through its own connection, in one snapshot) and merged with
 * dt_report_merge give the same report as dt_report_run. */
DtReport  *dt_report_run_part  (DtDb              *db,
                                const DtReportQuery *query,
                                gint64             from,
                                gint64             to,
                                GError           **error);
/* Adds @part (taken) into @report. */
void       dt_report_merge     (DtReport          *report,
                                DtReport          *part);
/* RFC 4180 CSV with a header line: group, id, label, currency, entries, hours, billable
 * hours, non-billable hours, raw minutes, billed minutes, amount, invoiced amount (amounts as
 * plain decimals "1250.00"), then one total line per currency. */
char      *dt_report_to_csv    (const DtReport    *report);

G_END_DECLS

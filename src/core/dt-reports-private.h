/* dt-reports-private.h: report rows and periods, shared by the reading of raw entries
 * (dt-reports.c) and of roll-ups (dt-report-rollups.c). */
#pragma once

#include "dt-reports.h"

G_BEGIN_DECLS

/* The period containing an instant, kept because entries and roll-ups come in time order. */
typedef struct
{
  gint64  start;
  gint64  end;
  char   *key;
  char   *label;
} DtReportPeriod;

/* The period of @grouping (day, week or month) containing @instant, unless @period holds it
 * already. */
void         dt_report_period_for (DtReportPeriod    *period,
                                   DtReportGrouping   grouping,
                                   gint64             instant);
/* The row of @key and @currency in @rows ("key|currency" → row), added to @order when new. */
DtReportRow *dt_report_find_row   (GHashTable        *rows,
                                   GPtrArray         *order,
                                   const char        *key,
                                   const char        *currency,
                                   gint64             id,
                                   const char        *label,
                                   gint64             period_start);
void         dt_report_sort_rows  (GPtrArray         *rows);
DtReport    *dt_report_new        (const DtReportQuery *query);

/* The raw entries' report over [@from, @to), unsorted; of running entries only when
 * @running_only. */
DtReport    *dt_report_run_raw    (DtDb               *db,
                                   const DtReportQuery *query,
                                   gint64              from,
                                   gint64              to,
                                   gboolean            running_only,
                                   GError            **error);
/* Whether roll-ups can answer @query's grouping. */
gboolean     dt_report_rollups_serve (const DtReportQuery *query);
/* The report over [@from, @to) from the roll-ups, with what they do not hold (the parts of
 * days at either end, running timers) read from the raw entries; unsorted. */
DtReport    *dt_report_run_rollups (DtDb               *db,
                                    const DtReportQuery *query,
                                    gint64              from,
                                    gint64              to,
                                    GError            **error);

G_END_DECLS

/* dt-reports-page.h: time and money over a range, grouped, as a bar chart and a table, with
 * CSV export. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_REPORTS_PAGE (dt_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (DtReportsPage, dt_reports_page, DT, REPORTS_PAGE, GtkWidget)

typedef enum
{
  DT_REPORT_RANGE_THIS_WEEK,
  DT_REPORT_RANGE_THIS_MONTH,
  DT_REPORT_RANGE_LAST_MONTH,
  DT_REPORT_RANGE_THIS_YEAR,
} DtReportRange;

DtReportsPage *dt_reports_page_new        (DtDb          *db);
void           dt_reports_page_set_query  (DtReportsPage *self,
                                           DtReportRange  range,
                                           guint          grouping);  /* a DtReportGrouping */
/* Runs the report again on a worker thread; the table changes when it is done. */
void           dt_reports_page_reload     (DtReportsPage *self);
/* Whether a report is being run (the page shows the previous one meanwhile). */
gboolean       dt_reports_page_is_loading (DtReportsPage *self);
guint          dt_reports_page_get_n_rows (DtReportsPage *self);
/* The CSV of what is shown (the core's export). */
char          *dt_reports_page_get_csv    (DtReportsPage *self);

/* [from, to) of @range around @now, local days. */
void           dt_report_range_bounds     (DtReportRange  range,
                                           gint64         now,
                                           gint64        *from,
                                           gint64        *to);

G_END_DECLS

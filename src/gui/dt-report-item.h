/* dt-report-item.h: one row of a report's table, as the table's column view shows it. */
#pragma once

#include <glib-object.h>

#include "dt-reports.h"

G_BEGIN_DECLS

#define DT_TYPE_REPORT_ITEM (dt_report_item_get_type ())
G_DECLARE_FINAL_TYPE (DtReportItem, dt_report_item, DT, REPORT_ITEM, GObject)

typedef enum
{
  DT_REPORT_COLUMN_NAME,
  DT_REPORT_COLUMN_TRACKED,
  DT_REPORT_COLUMN_BILLABLE,
  DT_REPORT_COLUMN_AMOUNT,
  DT_REPORT_COLUMN_INVOICED,
  DT_REPORT_N_COLUMNS
} DtReportColumn;

/* The texts of @row's cells, formatted once; @total marks a currency's total line. */
DtReportItem *dt_report_item_new      (const DtReportRow *row,
                                       gboolean           total);
const char   *dt_report_item_get_text (DtReportItem      *self,
                                       DtReportColumn     column);
gboolean      dt_report_item_is_total (DtReportItem      *self);
/* TRUE when @a and @b show the same texts. */
gboolean      dt_report_item_equal    (DtReportItem      *a,
                                       DtReportItem      *b);

G_END_DECLS

/* dt-report-item.c: a report row's cells as text, for the report table's column view. */
#define G_LOG_DOMAIN "dt-reports-page"

#include "config.h"

#include "dt-format.h"
#include "dt-report-item.h"

struct _DtReportItem
{
  GObject   parent_instance;

  char     *text[DT_REPORT_N_COLUMNS];
  gboolean  total;
};

G_DEFINE_FINAL_TYPE (DtReportItem, dt_report_item, G_TYPE_OBJECT)

static void
dt_report_item_finalize (GObject *object)
{
  DtReportItem *self = DT_REPORT_ITEM (object);

  for (guint i = 0; i < DT_REPORT_N_COLUMNS; i++)
    g_free (self->text[i]);

  G_OBJECT_CLASS (dt_report_item_parent_class)->finalize (object);
}

static void
dt_report_item_class_init (DtReportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_report_item_finalize;
}

static void
dt_report_item_init (DtReportItem *self)
{
}

DtReportItem *
dt_report_item_new (const DtReportRow *row,
                    gboolean           total)
{
  DtReportItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (DT_TYPE_REPORT_ITEM, NULL);
  self->total = total;
  self->text[DT_REPORT_COLUMN_NAME] = g_strdup (row->label != NULL ? row->label : "");
  self->text[DT_REPORT_COLUMN_TRACKED] = dt_format_duration_words (row->seconds);
  self->text[DT_REPORT_COLUMN_BILLABLE] = dt_format_duration_words (row->billable_seconds);
  self->text[DT_REPORT_COLUMN_AMOUNT] = dt_format_money (row->amount, row->currency);
  self->text[DT_REPORT_COLUMN_INVOICED] = dt_format_money (row->invoiced_amount, row->currency);
  return self;
}

const char *
dt_report_item_get_text (DtReportItem   *self,
                         DtReportColumn  column)
{
  g_return_val_if_fail (DT_IS_REPORT_ITEM (self), NULL);
  g_return_val_if_fail (column < DT_REPORT_N_COLUMNS, NULL);
  return self->text[column];
}

gboolean
dt_report_item_is_total (DtReportItem *self)
{
  g_return_val_if_fail (DT_IS_REPORT_ITEM (self), FALSE);
  return self->total;
}

gboolean
dt_report_item_equal (DtReportItem *a,
                      DtReportItem *b)
{
  g_return_val_if_fail (DT_IS_REPORT_ITEM (a) && DT_IS_REPORT_ITEM (b), FALSE);

  if (a->total != b->total)
    return FALSE;
  for (guint i = 0; i < DT_REPORT_N_COLUMNS; i++)
    if (g_strcmp0 (a->text[i], b->text[i]) != 0)
      return FALSE;
  return TRUE;
}

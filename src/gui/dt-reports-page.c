/* dt-reports-page.c: the Reports page: a range and a grouping, a bar chart of tracked time
 * (billable part in the accent colour) and a table with money, and CSV export. A report runs
 * on a worker thread with its own connection; the page keeps showing the last one meanwhile. */
#define G_LOG_DOMAIN "dt-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-bar-chart.h"
#include "dt-change-monitor.h"
#include "dt-db-read.h"
#include "dt-format.h"
#include "dt-list-update.h"
#include "dt-report-item.h"
#include "dt-reports-page.h"
#include "dt-reports.h"
#include "dt-time.h"
#include "dt-window.h"

struct _DtReportsPage
{
  GtkWidget        parent_instance;

  DtDb            *db;
  DtChangeMonitor *monitor;
  DtReport        *report;
  guint            reload_id;
  GCancellable    *loading;      /* the report being run, or NULL */
  GListStore      *rows;         /* DtReportItem: the table's rows, then a total a currency */

  GtkWidget       *box;
  GtkDropDown     *range_dropdown;
  GtkDropDown     *grouping_dropdown;
  GtkStack        *stack;
  DtBarChart      *chart;
  GtkColumnView   *table;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (DtReportsPage, dt_reports_page, GTK_TYPE_WIDGET)

static const DtReportGrouping groupings[] = {
  DT_REPORT_BY_CLIENT, DT_REPORT_BY_PROJECT, DT_REPORT_BY_TASK, DT_REPORT_BY_TAG,
  DT_REPORT_BY_DAY, DT_REPORT_BY_WEEK, DT_REPORT_BY_MONTH,
};

void
dt_report_range_bounds (DtReportRange  range,
                        gint64         now,
                        gint64        *from,
                        gint64        *to)
{
  gint64 month = dt_time_local_month_start (now);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (now);

  switch (range)
    {
    case DT_REPORT_RANGE_THIS_WEEK:
      *from = dt_time_local_week_start (now);
      *to = dt_time_local_day_add (*from, 7);
      break;
    case DT_REPORT_RANGE_LAST_MONTH:
      *to = month;
      *from = dt_time_local_month_start (month - 12 * 3600);
      break;
    case DT_REPORT_RANGE_THIS_YEAR:
      *from = dt_time_local_midnight (g_date_time_get_year (dt), 1, 1);
      *to = dt_time_local_midnight (g_date_time_get_year (dt) + 1, 1, 1);
      break;
    case DT_REPORT_RANGE_THIS_MONTH:
    default:
      *from = month;
      *to = dt_time_local_month_start (dt_time_local_day_add (month, 32));
      break;
    }
}

static char *
format_hours_cb (gint64   value,
                 gpointer user_data)
{
  return dt_format_duration_words (value);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  DtReportColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = column != DT_REPORT_COLUMN_NAME;

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), numeric ? PANGO_ELLIPSIZE_NONE
                                                      : PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  DtReportItem *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label),
                       dt_report_item_get_text (row, GPOINTER_TO_UINT (user_data)));
  if (dt_report_item_is_total (row))
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
add_column (DtReportsPage  *self,
            DtReportColumn  column,
            const char     *title)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, column == DT_REPORT_COLUMN_NAME);
  gtk_column_view_append_column (self->table, view_column);
  g_object_unref (view_column);
}

/* Shows @report (owned) in the chart and the table. */
static void
show_report (DtReportsPage *self,
             DtReport      *report)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_pointer (&self->report, dt_report_free);
  self->report = report;
  dt_bar_chart_clear (self->chart);
  for (guint i = 0; i < report->rows->len; i++)
    {
      DtReportRow *row = g_ptr_array_index (report->rows, i);

      dt_bar_chart_add (self->chart, row->label, row->seconds, row->billable_seconds);
      g_ptr_array_add (items, dt_report_item_new (row, FALSE));
    }
  for (guint i = 0; i < report->totals->len; i++)
    {
      DtReportRow *total = g_ptr_array_index (report->totals, i);

      g_free (total->label);
      total->label = g_strdup_printf (_("Total (%s)"), total->currency);
      g_ptr_array_add (items, dt_report_item_new (total, TRUE));
    }
  dt_list_update (self->rows, items, (GEqualFunc) dt_report_item_equal);
  gtk_stack_set_visible_child_name (self->stack, report->rows->len > 0 ? "report" : "empty");
}

static gpointer
run_report_cb (DtDb     *db,
               gpointer  data,
               GError  **error)
{
  return dt_report_run (db, data, error);
}

static void
on_report_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DtReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DtReport *report = dt_db_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer query replaced it, or the page is gone */
  g_clear_object (&self->loading);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (report == NULL)
    {
      GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

      if (window != NULL)
        dt_window_show_toast (DT_WINDOW (window), error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  show_report (self, report);
}

void
dt_reports_page_reload (DtReportsPage *self)
{
  DtReportQuery *query;
  guint grouping;

  g_return_if_fail (DT_IS_REPORTS_PAGE (self));
  if (self->db == NULL)  /* the pickers are set up before the store is known */
    return;

  query = g_new0 (DtReportQuery, 1);
  grouping = gtk_drop_down_get_selected (self->grouping_dropdown);
  dt_report_range_bounds (gtk_drop_down_get_selected (self->range_dropdown), dt_time_now (),
                          &query->from, &query->to);
  query->group_by = groupings[MIN (grouping, G_N_ELEMENTS (groupings) - 1)];

  /* The newest question wins; the last answer stays on screen until it comes. */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  dt_db_read_async (self->db, run_report_cb, query, g_free, (GDestroyNotify) dt_report_free,
                    self->loading, on_report_ready_cb, g_object_ref (self));
}

gboolean
dt_reports_page_is_loading (DtReportsPage *self)
{
  g_return_val_if_fail (DT_IS_REPORTS_PAGE (self), FALSE);
  return self->loading != NULL;
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtReportsPage *self = user_data;

  self->reload_id = 0;
  dt_reports_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (DtReportsPage *self,
                     const char    *entity,
                     gint64         id,
                     gpointer       monitor)
{
  /* Reports change with almost anything; coalesce bursts into one run. */
  if (self->reload_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_id = g_timeout_add (300, on_reload_idle_cb, self);
}

static void
on_query_changed_cb (DtReportsPage *self)
{
  dt_reports_page_reload (self);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DtReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dt_window_show_toast (DT_WINDOW (window), error->message);
    }
  else if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), _("Report exported"));
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       DtReportsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *csv = dt_reports_page_get_csv (self);
      g_autoptr(GBytes) bytes = g_bytes_new_take (csv, strlen (csv));

      /* Written by GIO's worker: a slow disk never holds the window. */
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                           on_exported_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DtReportsPage *self = DT_REPORTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Report as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "doubletime-report.csv");
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dt_reports_page_dispose (GObject *object)
{
  DtReportsPage *self = DT_REPORTS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_REPORTS_PAGE);
  g_clear_object (&self->rows);
  g_clear_object (&self->monitor);
  g_clear_object (&self->db);
  g_clear_pointer (&self->report, dt_report_free);

  G_OBJECT_CLASS (dt_reports_page_parent_class)->dispose (object);
}

static void
dt_reports_page_class_init (DtReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_reports_page_dispose;

  g_type_ensure (DT_TYPE_BAR_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, box);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, grouping_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, table);
  gtk_widget_class_bind_template_child (widget_class, DtReportsPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_query_changed_cb);
  gtk_widget_class_install_action (widget_class, "reports.export", NULL, export_activated);
}

static void
dt_reports_page_init (DtReportsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (DT_TYPE_REPORT_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  add_column (self, DT_REPORT_COLUMN_NAME, _("Name"));
  add_column (self, DT_REPORT_COLUMN_TRACKED, _("Tracked"));
  add_column (self, DT_REPORT_COLUMN_BILLABLE, _("Billable"));
  add_column (self, DT_REPORT_COLUMN_AMOUNT, _("Amount"));
  add_column (self, DT_REPORT_COLUMN_INVOICED, _("Invoiced"));
  dt_bar_chart_set_durations (self->chart, TRUE);
  dt_bar_chart_set_format (self->chart, format_hours_cb, NULL, NULL);
  gtk_drop_down_set_selected (self->range_dropdown, DT_REPORT_RANGE_THIS_MONTH);
}

DtReportsPage *
dt_reports_page_new (DtDb *db)
{
  DtReportsPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_REPORTS_PAGE, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "map", G_CALLBACK (dt_reports_page_reload), self);
  dt_reports_page_reload (self);
  return self;
}

void
dt_reports_page_set_query (DtReportsPage *self,
                           DtReportRange  range,
                           guint          grouping)
{
  g_return_if_fail (DT_IS_REPORTS_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (groupings); i++)
    if (groupings[i] == grouping)
      gtk_drop_down_set_selected (self->grouping_dropdown, i);
  gtk_drop_down_set_selected (self->range_dropdown, range);
  dt_reports_page_reload (self);
}

guint
dt_reports_page_get_n_rows (DtReportsPage *self)
{
  g_return_val_if_fail (DT_IS_REPORTS_PAGE (self), 0);
  return self->report != NULL ? self->report->rows->len : 0;
}

char *
dt_reports_page_get_csv (DtReportsPage *self)
{
  g_return_val_if_fail (DT_IS_REPORTS_PAGE (self), NULL);
  return self->report != NULL ? dt_report_to_csv (self->report) : g_strdup ("");
}

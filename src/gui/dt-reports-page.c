/* dt-reports-page.c: the Reports page: a range and a grouping, a bar chart of tracked time
 * (billable part in the accent colour) and a table with money, and CSV export. */
#define G_LOG_DOMAIN "dt-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-bar-chart.h"
#include "dt-change-monitor.h"
#include "dt-format.h"
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

  GtkWidget       *box;
  GtkDropDown     *range_dropdown;
  GtkDropDown     *grouping_dropdown;
  GtkStack        *stack;
  DtBarChart      *chart;
  GtkWidget       *table;
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

static GtkWidget *
cell (const char *text,
      gboolean    numeric,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), numeric ? PANGO_ELLIPSIZE_NONE
                                                      : PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, !numeric);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
add_table_row (GtkGrid           *grid,
               int                y,
               const DtReportRow *row,
               gboolean           heading)
{
  g_autofree char *time = dt_format_duration_words (row->seconds);
  g_autofree char *billable = dt_format_duration_words (row->billable_seconds);
  g_autofree char *amount = dt_format_money (row->amount, row->currency);
  g_autofree char *invoiced = dt_format_money (row->invoiced_amount, row->currency);

  gtk_grid_attach (grid, cell (row->label, FALSE, heading), 0, y, 1, 1);
  gtk_grid_attach (grid, cell (time, TRUE, heading), 1, y, 1, 1);
  gtk_grid_attach (grid, cell (billable, TRUE, heading), 2, y, 1, 1);
  gtk_grid_attach (grid, cell (amount, TRUE, heading), 3, y, 1, 1);
  gtk_grid_attach (grid, cell (invoiced, TRUE, heading), 4, y, 1, 1);
}

void
dt_reports_page_reload (DtReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  DtReportQuery query = { 0 };
  guint grouping = gtk_drop_down_get_selected (self->grouping_dropdown);
  GtkWidget *child;
  GtkGrid *grid;

  g_return_if_fail (DT_IS_REPORTS_PAGE (self));
  if (self->db == NULL)  /* the pickers are set up before the store is known */
    return;

  dt_report_range_bounds (gtk_drop_down_get_selected (self->range_dropdown), dt_time_now (),
                          &query.from, &query.to);
  query.group_by = groupings[MIN (grouping, G_N_ELEMENTS (groupings) - 1)];
  g_clear_pointer (&self->report, dt_report_free);
  self->report = dt_report_run (self->db, &query, &error);

  dt_bar_chart_clear (self->chart);
  while ((child = gtk_widget_get_first_child (self->table)) != NULL)
    gtk_widget_unparent (child);
  grid = GTK_GRID (self->table);

  if (self->report == NULL)
    {
      GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);
      if (window != NULL)
        dt_window_show_toast (DT_WINDOW (window), error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_grid_attach (grid, cell (_("Name"), FALSE, TRUE), 0, 0, 1, 1);
  gtk_grid_attach (grid, cell (_("Tracked"), TRUE, TRUE), 1, 0, 1, 1);
  gtk_grid_attach (grid, cell (_("Billable"), TRUE, TRUE), 2, 0, 1, 1);
  gtk_grid_attach (grid, cell (_("Amount"), TRUE, TRUE), 3, 0, 1, 1);
  gtk_grid_attach (grid, cell (_("Invoiced"), TRUE, TRUE), 4, 0, 1, 1);
  for (guint i = 0; i < self->report->rows->len; i++)
    {
      DtReportRow *row = g_ptr_array_index (self->report->rows, i);
      dt_bar_chart_add (self->chart, row->label, row->seconds, row->billable_seconds);
      add_table_row (grid, i + 1, row, FALSE);
    }
  for (guint i = 0; i < self->report->totals->len; i++)
    {
      DtReportRow *total = g_ptr_array_index (self->report->totals, i);
      g_free (total->label);
      total->label = g_strdup_printf (_("Total (%s)"), total->currency);
      add_table_row (grid, self->report->rows->len + 1 + i, total, TRUE);
    }
  gtk_stack_set_visible_child_name (self->stack, self->report->rows->len > 0 ? "report"
                                                                              : "empty");
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
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       DtReportsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *csv = dt_reports_page_get_csv (self);
      g_autoptr(GError) error = NULL;
      GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        {
          if (window != NULL)
            dt_window_show_toast (DT_WINDOW (window), error->message);
        }
      else if (window != NULL)
        dt_window_show_toast (DT_WINDOW (window), _("Report exported"));
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
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_REPORTS_PAGE);
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
  gtk_widget_class_bind_template_callback (widget_class, on_query_changed_cb);
  gtk_widget_class_install_action (widget_class, "reports.export", NULL, export_activated);
}

static void
dt_reports_page_init (DtReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

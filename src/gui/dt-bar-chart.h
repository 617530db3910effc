/* dt-bar-chart.h: the Reports chart: one bar per row (day, client, project…), billable and
 * non-billable stacked, drawn with GtkSnapshot. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_BAR_CHART (dt_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (DtBarChart, dt_bar_chart, DT, BAR_CHART, GtkWidget)

/* Writes a value for the axis and tooltips ("7 h", "€1,250.00"). */
typedef char *(*DtBarChartFormat) (gint64   value,
                                   gpointer user_data);

GtkWidget *dt_bar_chart_new          (void);
void       dt_bar_chart_set_format   (DtBarChart       *self,
                                      DtBarChartFormat  format,
                                      gpointer          user_data,
                                      GDestroyNotify    destroy);
void       dt_bar_chart_clear        (DtBarChart       *self);
/* @billable is the part of @total drawn in the accent colour. */
void       dt_bar_chart_add          (DtBarChart       *self,
                                      const char       *label,
                                      gint64            total,
                                      gint64            billable);
/* Values are seconds: the axis steps in quarter hours and whole hours. */
void       dt_bar_chart_set_durations (DtBarChart      *self,
                                       gboolean         durations);
guint      dt_bar_chart_get_n_bars   (DtBarChart       *self);

G_END_DECLS

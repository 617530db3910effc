/* dt-bar-chart.c: a small vertical bar chart drawn with GtkSnapshot and Pango. */
#define G_LOG_DOMAIN "dt-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-bar-chart.h"
#include "dt-chart-scale.h"

#define N_TICKS   4
#define AXIS_GAP  8.0
#define BAR_GAP   0.3   /* of each slot */

typedef struct
{
  char   *label;
  gint64  total;
  gint64  billable;
} Bar;

struct _DtBarChart
{
  GtkWidget         parent_instance;

  GArray           *bars;
  DtBarChartFormat  format;
  gpointer          format_data;
  GDestroyNotify    format_destroy;
  gboolean          durations;
};

G_DEFINE_FINAL_TYPE (DtBarChart, dt_bar_chart, GTK_TYPE_WIDGET)

static char *
format_value (DtBarChart *self,
              gint64      value)
{
  if (self->format != NULL)
    return self->format (value, self->format_data);
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
clear_bar (gpointer data)
{
  g_free (((Bar *) data)->label);
}

static void
color_from_style (GtkWidget *widget,
                  const char *name,
                  GdkRGBA    *out,
                  const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
dt_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DtBarChart *self = DT_BAR_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA accent, dim, fg, rule;
  gint64 max_value = 0, step, axis_max;
  double axis_w = 0, label_h = 0, plot_x, plot_h, slot_w;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int lw, lh;

  if (self->bars->len == 0)
    return;

  color_from_style (widget, "accent_bg_color", &accent, "#3584e4");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = accent;
  dim.alpha = 0.35;
  rule = fg;
  rule.alpha = 0.12;

  for (guint i = 0; i < self->bars->len; i++)
    max_value = MAX (max_value, g_array_index (self->bars, Bar, i).total);
  step = self->durations ? dt_chart_nice_duration_step (max_value, N_TICKS)
                         : dt_chart_nice_step (max_value, N_TICKS);
  axis_max = step * N_TICKS;

  /* Room for the widest axis label and one line of bar labels. */
  for (guint t = 0; t <= N_TICKS; t++)
    {
      g_autofree char *text = format_value (self, step * t);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      axis_w = MAX (axis_w, lw);
      label_h = MAX (label_h, lh);
    }
  plot_x = axis_w + AXIS_GAP;
  plot_h = height - label_h - AXIS_GAP - label_h / 2;
  if (plot_h <= 0 || width - plot_x <= 0)
    return;
  slot_w = (width - plot_x) / self->bars->len;

  /* Grid lines and axis labels, from the bottom up. */
  for (guint t = 0; t <= N_TICKS; t++)
    {
      g_autofree char *text = format_value (self, step * t);
      double y = label_h / 2 + plot_h - plot_h * t / N_TICKS;

      gtk_snapshot_append_color (snapshot, &rule, &GRAPHENE_RECT_INIT (plot_x, y, width - plot_x, 1));
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (axis_w - lw, y - lh / 2.0));
      fg.alpha = 0.6;
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }

  fg.alpha = 0.8;
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      double x = plot_x + slot_w * i + slot_w * BAR_GAP / 2;
      double w = slot_w * (1 - BAR_GAP);
      double total_h = plot_h * bar->total / (double) axis_max;
      double billable_h = plot_h * CLAMP (bar->billable, 0, bar->total) / (double) axis_max;
      double base = label_h / 2 + plot_h;

      gtk_snapshot_append_color (snapshot, &dim,
                                 &GRAPHENE_RECT_INIT (x, base - total_h, w, total_h - billable_h));
      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (x, base - billable_h, w, billable_h));

      pango_layout_set_text (layout, bar->label, -1);
      pango_layout_set_width (layout, (int) (slot_w * PANGO_SCALE));
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (plot_x + slot_w * i, base + AXIS_GAP));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      pango_layout_set_width (layout, -1);
    }
}

static void
dt_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  DtBarChart *self = DT_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = MAX (300, (int) self->bars->len * 48);
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static gboolean
dt_bar_chart_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip)
{
  DtBarChart *self = DT_BAR_CHART (widget);
  double width = gtk_widget_get_width (widget);
  g_autofree char *total = NULL;
  g_autofree char *billable = NULL;
  g_autofree char *text = NULL;
  Bar *bar;
  guint i;

  if (self->bars->len == 0 || width <= 0)
    return FALSE;
  /* The axis takes a little room at the left; close enough for a tooltip. */
  i = MIN ((guint) (x / width * self->bars->len), self->bars->len - 1);
  bar = &g_array_index (self->bars, Bar, i);
  total = format_value (self, bar->total);
  billable = format_value (self, bar->billable);
  /* Translators: chart tooltip: label, total, billable part */
  text = g_strdup_printf (_("%s: %s, %s billable"), bar->label, total, billable);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_accessible (DtBarChart *self)
{
  g_autoptr(GString) text = g_string_new (_("Bar chart"));

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      g_autofree char *value = format_value (self, bar->total);
      g_string_append_printf (text, i == 0 ? ": %s %s" : ", %s %s", bar->label, value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
}

static void
dt_bar_chart_finalize (GObject *object)
{
  DtBarChart *self = DT_BAR_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);

  G_OBJECT_CLASS (dt_bar_chart_parent_class)->finalize (object);
}

static void
dt_bar_chart_class_init (DtBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_bar_chart_finalize;
  widget_class->snapshot = dt_bar_chart_snapshot;
  widget_class->measure = dt_bar_chart_measure;
  widget_class->query_tooltip = dt_bar_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_bar_chart_init (DtBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, clear_bar);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
dt_bar_chart_new (void)
{
  return g_object_new (DT_TYPE_BAR_CHART, NULL);
}

void
dt_bar_chart_set_format (DtBarChart       *self,
                         DtBarChartFormat  format,
                         gpointer          user_data,
                         GDestroyNotify    destroy)
{
  g_return_if_fail (DT_IS_BAR_CHART (self));

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  self->format = format;
  self->format_data = user_data;
  self->format_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dt_bar_chart_clear (DtBarChart *self)
{
  g_return_if_fail (DT_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
dt_bar_chart_add (DtBarChart *self,
                  const char *label,
                  gint64      total,
                  gint64      billable)
{
  Bar bar = { g_strdup (label), MAX (total, 0), MAX (billable, 0) };

  g_return_if_fail (DT_IS_BAR_CHART (self));

  g_array_append_val (self->bars, bar);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
dt_bar_chart_set_durations (DtBarChart *self,
                            gboolean    durations)
{
  g_return_if_fail (DT_IS_BAR_CHART (self));

  self->durations = !!durations;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dt_bar_chart_get_n_bars (DtBarChart *self)
{
  g_return_val_if_fail (DT_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

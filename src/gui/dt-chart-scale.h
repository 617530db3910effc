/* dt-chart-scale.h: the value axis of the Reports bar chart: a round maximum and its ticks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest 1, 2 or 5 × 10ⁿ step such that @n_ticks steps reach @max_value; the axis then
 * ends at step × n_ticks. @max_value ≤ 0 gives a step of 1. */
gint64 dt_chart_nice_step (gint64 max_value,
                           guint  n_ticks);

/* The same for durations in seconds: 15 min, 30 min, then whole hours (1, 2, 5, 10 h…), so
 * the axis reads "2 h", "4 h" rather than "2 h 46 min". */
gint64 dt_chart_nice_duration_step (gint64 max_seconds,
                                    guint  n_ticks);

G_END_DECLS

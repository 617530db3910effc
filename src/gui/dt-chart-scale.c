/* dt-chart-scale.c: round axis steps for the bar chart. */
#define G_LOG_DOMAIN "dt-chart"

#include "config.h"

#include "dt-chart-scale.h"

gint64
dt_chart_nice_step (gint64 max_value,
                    guint  n_ticks)
{
  static const gint64 mantissas[] = { 1, 2, 5 };
  gint64 magnitude = 1;

  g_return_val_if_fail (n_ticks > 0, 1);

  if (max_value <= 0)
    return 1;
  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        {
          gint64 step = mantissas[i] * magnitude;
          if (step * (gint64) n_ticks >= max_value)
            return step;
        }
      if (magnitude > G_MAXINT64 / 100)
        return magnitude * 10;
      magnitude *= 10;
    }
}

gint64
dt_chart_nice_duration_step (gint64 max_seconds,
                             guint  n_ticks)
{
  g_return_val_if_fail (n_ticks > 0, 3600);

  if (max_seconds <= 900 * (gint64) n_ticks)
    return 900;
  if (max_seconds <= 1800 * (gint64) n_ticks)
    return 1800;
  return dt_chart_nice_step ((max_seconds + 3599) / 3600, n_ticks) * 3600;
}

/* test-chart-scale.c: the Reports chart's axis steps are round numbers that cover the data. */
#include "config.h"

#include "dt-chart-scale.h"

static void
test_nice_step (void)
{
  struct { gint64 max; guint ticks; gint64 step; } cases[] = {
    { 0, 4, 1 }, { -5, 4, 1 }, { 1, 4, 1 }, { 4, 4, 1 }, { 5, 4, 2 }, { 9, 4, 5 },
    { 21, 4, 10 }, { 39, 4, 10 }, { 41, 4, 20 }, { 7 * 3600 + 1, 4, 10000 },
    { 125000, 4, 50000 }, { 1000000000000LL, 5, 200000000000LL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 step = dt_chart_nice_step (cases[i].max, cases[i].ticks);
      g_assert_cmpint (step, ==, cases[i].step);
      g_assert_cmpint (step * cases[i].ticks, >=, cases[i].max);
    }
}

static void
test_duration_step (void)
{
  g_assert_cmpint (dt_chart_nice_duration_step (0, 4), ==, 900);
  g_assert_cmpint (dt_chart_nice_duration_step (3600, 4), ==, 900);
  g_assert_cmpint (dt_chart_nice_duration_step (7200, 4), ==, 1800);
  g_assert_cmpint (dt_chart_nice_duration_step (7 * 3600 + 1, 4), ==, 2 * 3600);
  g_assert_cmpint (dt_chart_nice_duration_step (38 * 3600, 4), ==, 10 * 3600);
  g_assert_cmpint (dt_chart_nice_duration_step (170 * 3600, 4), ==, 50 * 3600);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/chart-scale/nice-step", test_nice_step);
  g_test_add_func ("/gui/chart-scale/duration-step", test_duration_step);
  return g_test_run ();
}

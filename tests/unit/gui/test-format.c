/* test-format.c: durations, elapsed time, relative dates and money as the window writes them. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "dt-format.h"
#include "dt-time.h"

static void
test_duration_clock (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0:00" }, { 59, "0:00" }, { 60, "0:01" }, { 65 * 60, "1:05" }, { 65 * 60 + 59, "1:05" },
    { 7 * 3600 + 30 * 60, "7:30" }, { 100 * 3600, "100:00" }, { -300, "0:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dt_format_duration_clock (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_duration_words (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0 min" }, { 45 * 60, "45 min" }, { 2 * 3600, "2 h" }, { 7 * 3600 + 30 * 60, "7 h 30 min" },
    { 3600 + 60 + 59, "1 h 1 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dt_format_duration_words (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_elapsed (void)
{
  g_autofree char *a = dt_format_elapsed (5 * 60 + 9);
  g_autofree char *b = dt_format_elapsed (12 * 3600);
  g_autofree char *c = dt_format_elapsed (-4);

  g_assert_cmpstr (a, ==, "0:05:09");
  g_assert_cmpstr (b, ==, "12:00:00");
  g_assert_cmpstr (c, ==, "0:00:00");
}

static void
test_raw_and_billed (void)
{
  g_autofree char *same = dt_format_raw_and_billed (65 * 60 + 10, 65 * 60);
  g_autofree char *rounded = dt_format_raw_and_billed (65 * 60, 75 * 60);

  g_assert_cmpstr (same, ==, "1:05");
  g_assert_cmpstr (rounded, ==, "1:05 → 1:15 billed");
}

static void
test_relative (void)
{
  gint64 now = dt_time_local_midnight (2026, 11, 27) + 15 * 3600;
  g_autofree char *never = dt_format_relative (0, now);
  g_autofree char *just = dt_format_relative (now - 30, now);
  g_autofree char *one_min = dt_format_relative (now - 60, now);
  g_autofree char *mins = dt_format_relative (now - 5 * 60, now);
  g_autofree char *hours = dt_format_relative (now - 3 * 3600, now);
  g_autofree char *yesterday = dt_format_relative (now - 20 * 3600, now);
  g_autofree char *days = dt_format_relative (now - 4 * 86400, now);
  g_autofree char *old = dt_format_relative (dt_time_local_midnight (2026, 10, 12) + 3600, now);

  g_assert_cmpstr (never, ==, "Never");
  g_assert_cmpstr (just, ==, "Just now");
  g_assert_cmpstr (one_min, ==, "1 minute ago");
  g_assert_cmpstr (mins, ==, "5 minutes ago");
  g_assert_cmpstr (hours, ==, "3 hours ago");
  g_assert_cmpstr (yesterday, ==, "Yesterday");
  g_assert_cmpstr (days, ==, "4 days ago");
  g_assert_cmpstr (old, ==, "12 Oct 2026");
}

static void
test_day_title (void)
{
  gint64 now = dt_time_local_midnight (2026, 11, 27) + 10 * 3600;
  g_autofree char *today = dt_format_day_title (dt_time_local_midnight (2026, 11, 27), now);
  g_autofree char *yesterday = dt_format_day_title (dt_time_local_midnight (2026, 11, 26), now);
  g_autofree char *monday = dt_format_day_title (dt_time_local_midnight (2026, 11, 23), now);
  g_autofree char *last_year = dt_format_day_title (dt_time_local_midnight (2025, 12, 31), now);

  g_assert_cmpstr (today, ==, "Today");
  g_assert_cmpstr (yesterday, ==, "Yesterday");
  g_assert_cmpstr (monday, ==, "Monday, 23 November");
  g_assert_cmpstr (last_year, ==, "Wednesday, 31 December 2025");
}

static void
test_time_range (void)
{
  gint64 day = dt_time_local_midnight (2026, 11, 27);
  g_autofree char *range = dt_format_time_range (day + 9 * 3600, day + 10 * 3600 + 1800);
  g_autofree char *running = dt_format_time_range (day + 9 * 3600, 0);

  g_assert_cmpstr (range, ==, "09:00 – 10:30");
  g_assert_cmpstr (running, ==, "09:00 – now");
}

static void
test_money (void)
{
  g_autofree char *eur = dt_format_money (125000, "EUR");
  g_autofree char *bad = dt_format_money (125000, NULL);
  g_autofree char *rate = dt_format_rate (8000, "EUR");
  g_autofree char *none = dt_format_rate (-1, "EUR");

  g_assert_nonnull (strstr (eur, "1,250.00"));
  g_assert_nonnull (strstr (eur, "€"));
  g_assert_cmpstr (bad, ==, "—");
  g_assert_true (g_str_has_suffix (rate, "80.00/h"));
  g_assert_cmpstr (none, ==, "No rate");
}

static void
test_budget (void)
{
  double fraction = -1;
  gboolean over = TRUE;
  g_autofree char *hours = dt_format_budget (12 * 3600, 40 * 3600, FALSE, NULL, &fraction, &over);
  g_autofree char *money = NULL;

  g_assert_cmpstr (hours, ==, "12 h of 40 h");
  g_assert_cmpfloat_with_epsilon (fraction, 0.3, 1e-9);
  g_assert_false (over);

  money = dt_format_budget (600000, 500000, TRUE, "EUR", &fraction, &over);
  g_assert_nonnull (strstr (money, "6,000.00"));
  g_assert_nonnull (strstr (money, " of "));
  g_assert_cmpfloat (fraction, ==, 1.0);
  g_assert_true (over);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/format/duration-clock", test_duration_clock);
  g_test_add_func ("/gui/format/duration-words", test_duration_words);
  g_test_add_func ("/gui/format/elapsed", test_elapsed);
  g_test_add_func ("/gui/format/raw-and-billed", test_raw_and_billed);
  g_test_add_func ("/gui/format/relative", test_relative);
  g_test_add_func ("/gui/format/day-title", test_day_title);
  g_test_add_func ("/gui/format/money", test_money);
  g_test_add_func ("/gui/format/time-range", test_time_range);
  g_test_add_func ("/gui/format/budget", test_budget);

  return g_test_run ();
}

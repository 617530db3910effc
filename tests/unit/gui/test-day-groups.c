/* test-day-groups.c: the Time page's grouping by local day, totals and flags. */
#include "config.h"

#include "dt-day-groups.h"
#include "dt-time.h"

#define H 3600

static void
test_group_by_day (void)
{
  gint64 d26 = dt_time_local_midnight (2026, 11, 26);
  gint64 d27 = dt_time_local_midnight (2026, 11, 27);
  gint64 now = d27 + 12 * H;
  DtEntrySpan entries[] = {
    { 1, d26 + 9 * H, d26 + 12 * H, TRUE, FALSE },
    { 2, d27 + 9 * H, d27 + 10 * H + 1800, TRUE, FALSE },
    { 3, d26 + 13 * H, d26 + 14 * H, FALSE, TRUE },
    { 4, d27 + 11 * H, 0, TRUE, FALSE },  /* running, one hour so far */
  };
  g_autoptr(GPtrArray) groups = dt_day_groups_build (entries, G_N_ELEMENTS (entries), now, 0);
  DtDayGroup *today, *yesterday;

  g_assert_cmpuint (groups->len, ==, 2);
  today = g_ptr_array_index (groups, 0);
  yesterday = g_ptr_array_index (groups, 1);

  g_assert_cmpstr (today->date, ==, "2026-11-27");
  g_assert_cmpint (today->seconds, ==, 2 * H + 1800);
  g_assert_cmpint (today->billable_seconds, ==, 2 * H + 1800);
  g_assert_cmpuint (today->indices->len, ==, 2);
  g_assert_cmpuint (g_array_index (today->indices, guint, 0), ==, 3);  /* newest first */
  g_assert_true (g_array_index (today->flags, DtEntryFlags, 0) & DT_ENTRY_FLAG_RUNNING);

  g_assert_cmpstr (yesterday->date, ==, "2026-11-26");
  g_assert_cmpint (yesterday->seconds, ==, 4 * H);
  g_assert_cmpint (yesterday->billable_seconds, ==, 3 * H);
  g_assert_true (g_array_index (yesterday->flags, DtEntryFlags, 0) & DT_ENTRY_FLAG_LOCKED);
}

static void
test_over_midnight_and_dst (void)
{
  /* 25 October 2026 lasts 25 hours in Berlin; an entry from 23:00 to 01:00 stays on the day
   * it started. */
  gint64 d24 = dt_time_local_midnight (2026, 10, 24);
  gint64 d25 = dt_time_local_midnight (2026, 10, 25);
  gint64 d26 = dt_time_local_midnight (2026, 10, 26);
  DtEntrySpan entries[] = {
    { 1, d24 + 23 * H, d25 + 1 * H, TRUE, FALSE },
    { 2, d26 - 30 * 60, d26 - 10 * 60, TRUE, FALSE },  /* 23:30 local on the long day */
  };
  g_autoptr(GPtrArray) groups = dt_day_groups_build (entries, 2, d26 + H, 0);
  DtDayGroup *g0, *g1;

  g_assert_cmpint (d26 - d25, ==, 25 * H);
  g_assert_cmpuint (groups->len, ==, 2);
  g0 = g_ptr_array_index (groups, 0);
  g1 = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (g0->date, ==, "2026-10-25");
  g_assert_cmpint (g0->seconds, ==, 20 * 60);
  g_assert_cmpstr (g1->date, ==, "2026-10-24");
  g_assert_cmpint (g1->seconds, ==, 2 * H);
}

static void
test_flags (void)
{
  gint64 d = dt_time_local_midnight (2026, 11, 27);
  DtEntrySpan entries[] = {
    { 1, d + 9 * H, d + 10 * H, TRUE, FALSE },
    { 2, d + 10 * H, d + 11 * H, TRUE, FALSE },         /* touches 1: no overlap */
    { 3, d + 10 * H + 1800, d + 12 * H, TRUE, FALSE },  /* overlaps 2 */
    { 4, d - 13 * H, d - H, TRUE, FALSE },              /* 12 hours: long */
    { 5, d + 11 * H + 1800, 0, TRUE, FALSE },           /* running, overlaps 3 */
  };
  gint64 now = d + 13 * H;

  g_assert_cmpint (dt_entry_span_flags (entries, 5, 0, now, 0), ==, DT_ENTRY_FLAG_NONE);
  g_assert_cmpint (dt_entry_span_flags (entries, 5, 1, now, 0), ==, DT_ENTRY_FLAG_OVERLAP);
  g_assert_cmpint (dt_entry_span_flags (entries, 5, 2, now, 0), ==, DT_ENTRY_FLAG_OVERLAP);
  g_assert_cmpint (dt_entry_span_flags (entries, 5, 3, now, 0), ==, DT_ENTRY_FLAG_LONG);
  g_assert_cmpint (dt_entry_span_flags (entries, 5, 3, now, 13 * H), ==, DT_ENTRY_FLAG_NONE);
  g_assert_cmpint (dt_entry_span_flags (entries, 5, 4, now, 0), ==,
                   DT_ENTRY_FLAG_RUNNING | DT_ENTRY_FLAG_OVERLAP);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) groups = dt_day_groups_build (NULL, 0, 0, 0);

  g_assert_cmpuint (groups->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/day-groups/by-day", test_group_by_day);
  g_test_add_func ("/gui/day-groups/over-midnight-and-dst", test_over_midnight_and_dst);
  g_test_add_func ("/gui/day-groups/flags", test_flags);
  g_test_add_func ("/gui/day-groups/empty", test_empty);

  return g_test_run ();
}

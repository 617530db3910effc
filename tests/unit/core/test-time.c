/* test-time.c: ISO 8601 parsing and formatting, its year range, and DST-safe local days. */
#include <glib.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "dt-error.h"
#include "dt-time.h"

static const struct
{
  const char *text;
  gint64      expected; /* UTC seconds; 0 = must be refused */
} iso_cases[] = {
  { "2026-11-27T09:30:00Z", 1795771800 },
  { "2026-11-27T10:30:00+01:00", 1795771800 },
  { "2026-03-29", 1774738800 },                 /* local midnight, Europe/Berlin, CET */
  { "1900-01-01T00:00:00Z", -2208988800 },
  { "2999-12-31T23:59:59Z", 32503679999 },
  /* Found by fuzzing the REST bodies: years near GDateTime's limits made a later "next day" or
   * "next month" impossible, and a critical fired deep in the reports. */
  { "9999-12-31", 0 },
  { "9999-12-31T23:00:00Z", 0 },
  { "0001-01-01", 0 },
  { "1899-12-31T23:59:59Z", 0 },
  { "3000-01-01", 0 },
  { "2026-02-30", 0 },
  { "2026-11-27T25:00:00Z", 0 },
  { "27.11.2026", 0 },
  { "", 0 },
};

static void
test_parse_iso (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (iso_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 instant = 0;
      gboolean ok = dt_time_parse_iso (iso_cases[i].text, &instant, &error);

      if (iso_cases[i].expected != 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (instant, ==, iso_cases[i].expected);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
          g_assert_cmpint (instant, ==, 0);
        }
    }
}

static void
test_year_range_message (void)
{
  g_autoptr(GError) error = NULL;
  int y, m, d;

  g_assert_false (dt_time_parse_date ("9999-12-31", &y, &m, &d, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_assert_nonnull (strstr (error->message, "1900 to 2999"));
}

static void
test_dst_days (void)
{
  /* 2026-03-29 in Berlin has 23 hours, 2026-10-25 has 25. */
  gint64 spring = dt_time_local_midnight (2026, 3, 29);
  gint64 autumn = dt_time_local_midnight (2026, 10, 25);

  g_assert_cmpint (dt_time_local_day_add (spring, 1) - spring, ==, 23 * 3600);
  g_assert_cmpint (dt_time_local_day_add (autumn, 1) - autumn, ==, 25 * 3600);
  g_assert_cmpint (dt_time_local_day_start (spring + 12 * 3600), ==, spring);
  /* 2026-03-29 is a Sunday: its week starts on Monday the 23rd. */
  g_assert_cmpint (dt_time_local_week_start (spring + 3600), ==, dt_time_local_midnight (2026, 3, 23));
  g_assert_cmpint (dt_time_local_month_start (autumn), ==, dt_time_local_midnight (2026, 10, 1));
}

/* The texts of an instant as GDateTime writes them: the reference for dt_time_texts. */
static void
reference_texts (GTimeZone *zone,
                 gint64     instant,
                 char     **utc,
                 char     **local,
                 char     **day)
{
  g_autoptr(GDateTime) in_utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) in_zone = g_date_time_to_timezone (in_utc, zone);
  GTimeSpan offset = g_date_time_get_utc_offset (in_zone) / G_TIME_SPAN_SECOND;
  g_autofree char *wall = g_date_time_format (in_zone, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone_text = NULL;

  if (offset == 0)
    zone_text = g_strdup ("Z");
  else if (ABS (offset) % 3600 / 60 == 0)
    zone_text = g_strdup_printf ("%c%02d", offset < 0 ? '-' : '+', (int) (ABS (offset) / 3600));
  else
    zone_text = g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+',
                                 (int) (ABS (offset) / 3600), (int) (ABS (offset) % 3600 / 60));
  *utc = g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
  *local = g_strconcat (wall, zone_text, NULL);
  *day = g_date_time_format (in_zone, "%Y-%m-%d");
}

static void
check_texts (GTimeZone *zone,
             gint64     instant)
{
  g_autofree char *utc = NULL, *local = NULL, *day = NULL;
  DtTimeTexts texts;

  reference_texts (zone, instant, &utc, &local, &day);
  /* Twice: the second answer comes from the kept offsets. */
  for (int round = 0; round < 2; round++)
    {
      dt_time_texts (instant, &texts);
      g_assert_cmpstr (texts.utc, ==, utc);
      g_assert_cmpstr (texts.local, ==, local);
      g_assert_cmpstr (texts.day, ==, day);
    }
}

static void
test_texts (void)
{
  /* Whole-hour, half-hour, quarter-hour, negative and half-hour-DST zones, and Amsterdam's
   * +00:19:32 of 1937 whose transition is on no quarter hour. */
  static const char * const zones[] = { "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu",
                                        "America/St_Johns", "Australia/Lord_Howe",
                                        "Europe/Amsterdam", "UTC" };
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));
  GRand *rand = g_rand_new_with_seed (7);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) zone = NULL;

      g_setenv ("TZ", zones[z], TRUE);
      zone = g_time_zone_new_identifier (zones[z]);
      g_assert_nonnull (zone);
      /* Every second around each transition of the twentieth and twenty-first centuries. */
      for (gint64 instant = -2208988800; instant < 4102444800; instant += 86400 * 7)
        {
          int here = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);
          int later = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL,
                                                 instant + 86400 * 7);

          if (here == later)
            continue;
          for (gint64 t = instant; t < instant + 86400 * 7; t += 450)
            if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, t) != here)
              {
                for (gint64 u = t - 1800; u < t + 1800; u += 7)
                  check_texts (zone, u);
                break;
              }
        }
      for (guint i = 0; i < 20000; i++)
        check_texts (zone, g_rand_int_range (rand, 0, G_MAXINT32) * (gint64) 16 - 2208988800);
      check_texts (zone, -2208988800);
      check_texts (zone, 32503679999);
    }
  g_rand_free (rand);
  g_setenv ("TZ", saved, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/time/parse-iso", test_parse_iso);
  g_test_add_func ("/core/time/year-range-message", test_year_range_message);
  g_test_add_func ("/core/time/dst-days", test_dst_days);
  g_test_add_func ("/core/time/texts", test_texts);

  return g_test_run ();
}

/* dt-time.c: instants, local calendar days and ISO 8601 text. */
#define G_LOG_DOMAIN "dt-time"

#include "dt-time.h"
#include "dt-error.h"

#include <stdio.h>
#include <string.h>

static gint64 fake_now;

/* GLib 2.74's g_time_zone_new_local() drops its cached zone on every call when TZ is unset
 * (the cached identifier never equals NULL) and reads /etc/localtime again: a stat and a
 * readlink per call, which was a third of the server's time listing a page of entries. One
 * zone is kept per value of TZ instead. */
static GMutex zone_lock;
static GTimeZone *zone_cached;
static char *zone_tz;

GTimeZone *
dt_time_local_zone (void)
{
  const char *tz = g_getenv ("TZ");
  GTimeZone *zone;

  g_mutex_lock (&zone_lock);
  if (zone_cached == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone_cached, g_time_zone_unref);
      g_free (zone_tz);
      zone_tz = g_strdup (tz);
      zone_cached = g_time_zone_new_local ();
    }
  zone = g_time_zone_ref (zone_cached);
  g_mutex_unlock (&zone_lock);
  return zone;
}

GDateTime *
dt_time_local_from_unix (gint64 instant)
{
  g_autoptr(GTimeZone) zone = dt_time_local_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

gint64
dt_time_now (void)
{
  if (fake_now != 0)
    return fake_now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
dt_time_set_fake_now (gint64 now)
{
  fake_now = now;
}

/* Dates far outside a working life are typing mistakes, and near GDateTime's limits (years 1
 * and 9999) a day or month later no longer exists: refuse them where they come in. */
static gboolean
year_in_range (int      year,
               GError **error)
{
  if (year >= DT_TIME_MIN_YEAR && year <= DT_TIME_MAX_YEAR)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the year %d is out of range; DoubleTime keeps dates from %d to %d",
               year, DT_TIME_MIN_YEAR, DT_TIME_MAX_YEAR);
  return FALSE;
}

gboolean
dt_time_parse_date (const char  *text,
                    int         *year,
                    int         *month,
                    int         *day,
                    GError     **error)
{
  int y, m, d;
  char tail;

  g_return_val_if_fail (year != NULL && month != NULL && day != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s” is not a valid date; use YYYY-MM-DD, for example 2026-11-27",
                   text ? text : "");
      return FALSE;
    }
  if (!year_in_range (y, error))
    return FALSE;

  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

gint64
dt_time_local_midnight (int year,
                        int month,
                        int day)
{
  g_autoptr(GTimeZone) zone = dt_time_local_zone ();
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, 0, 0, 0);

  /* A zone that skips midnight (DST at 00:00) yields NULL: the day then starts at 01:00. */
  if (dt == NULL)
    dt = g_date_time_new (zone, year, month, day, 1, 0, 0);
  g_return_val_if_fail (dt != NULL, 0);
  return g_date_time_to_unix (dt);
}

gboolean
dt_time_parse_iso (const char  *text,
                   gint64      *out_instant,
                   GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) local = NULL;

  g_return_val_if_fail (out_instant != NULL, FALSE);

  if (text != NULL && strlen (text) == 10)
    {
      int y, m, d;

      if (!dt_time_parse_date (text, &y, &m, &d, error))
        return FALSE;
      *out_instant = dt_time_local_midnight (y, m, d);
      return TRUE;
    }

  local = dt_time_local_zone ();
  if (text != NULL && strlen (text) < 64)
    dt = g_date_time_new_from_iso8601 (text, local);

  if (dt == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s” is not an ISO 8601 date or time; use for example "
                   "2026-11-27T09:30:00Z, 2026-11-27T10:30+01:00 or 2026-11-27",
                   text ? text : "");
      return FALSE;
    }

  if (!year_in_range (g_date_time_get_year (dt), error))
    return FALSE;
  *out_instant = g_date_time_to_unix (dt);
  return TRUE;
}

/* What g_date_time_format_iso8601 and the "%Y-%m-%dT%H:%M:%SZ" format give for whole seconds,
 * without the format-string interpreter: every listed time entry formats three instants, and
 * that interpreter was most of the cost of listing them. */
static char *
format_iso (GDateTime *dt,
            gboolean   with_offset)
{
  int year, month, day;
  GTimeSpan offset = g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND;
  char zone[8] = "Z";

  g_date_time_get_ymd (dt, &year, &month, &day);
  /* GLib writes "+01" for whole hours and "+05:30" otherwise. */
  if (with_offset && offset != 0 && ABS (offset) % 3600 / 60 == 0)
    g_snprintf (zone, sizeof zone, "%c%02d", offset < 0 ? '-' : '+', (int) (ABS (offset) / 3600));
  else if (with_offset && offset != 0)
    g_snprintf (zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+',
                (int) (ABS (offset) / 3600), (int) (ABS (offset) % 3600 / 60));
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day,
                          g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                          g_date_time_get_second (dt), zone);
}

char *
dt_time_format_iso_utc (gint64 instant)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (instant);

  return format_iso (dt, FALSE);
}

char *
dt_time_format_iso_local (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);

  return format_iso (dt, TRUE);
}

char *
dt_time_local_date (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);
  int year, month, day;

  g_date_time_get_ymd (dt, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

gint64
dt_time_local_day_start (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);

  return dt_time_local_midnight (g_date_time_get_year (dt),
                                 g_date_time_get_month (dt),
                                 g_date_time_get_day_of_month (dt));
}

gint64
dt_time_local_day_add (gint64 day_start,
                       int    days)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (day_start);
  g_autoptr(GDateTime) moved = g_date_time_add_days (dt, days);

  return dt_time_local_midnight (g_date_time_get_year (moved),
                                 g_date_time_get_month (moved),
                                 g_date_time_get_day_of_month (moved));
}

gint64
dt_time_local_week_start (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);
  int weekday = g_date_time_get_day_of_week (dt); /* 1 = Monday */

  return dt_time_local_day_add (dt_time_local_day_start (instant), 1 - weekday);
}

gint64
dt_time_local_month_start (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);

  return dt_time_local_midnight (g_date_time_get_year (dt), g_date_time_get_month (dt), 1);
}

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

/* The UTC offsets of the local zone, kept per quarter hour (UTC): a quarter hour whose first
 * and last second have the same offset has no transition inside it (no zone has two within
 * fifteen minutes), so its offset holds for every second of it. Listing a page of entries
 * then asks the zone a few times rather than three times per entry. */
#define OFFSET_SLOTS 256
#define OFFSET_BUCKET 900

typedef struct
{
  gint64 bucket;
  gint32 offset;
  gboolean valid;
} OffsetSlot;

static OffsetSlot offset_slots[OFFSET_SLOTS];
static guint zone_generation;

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
      /* The offsets kept for the old zone (see local_offset) are wrong for the new one. */
      memset (offset_slots, 0, sizeof offset_slots);
      zone_generation++;
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

static gint32
zone_offset (GTimeZone *zone,
             gint64     instant)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);

  return interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
}

static gint32
local_offset (gint64 instant)
{
  const char *tz = g_getenv ("TZ");
  g_autoptr(GTimeZone) zone = NULL;
  gint64 bucket = instant >= 0 ? instant / OFFSET_BUCKET
                               : (instant - OFFSET_BUCKET + 1) / OFFSET_BUCKET;
  OffsetSlot *slot = &offset_slots[(guint64) bucket % OFFSET_SLOTS];
  gint32 offset, last;
  guint generation;

  /* Kept quarter hours are answered under one lock, without touching the zone. */
  g_mutex_lock (&zone_lock);
  if (zone_cached != NULL && g_strcmp0 (tz, zone_tz) == 0 && slot->valid
      && slot->bucket == bucket)
    {
      offset = slot->offset;
      g_mutex_unlock (&zone_lock);
      return offset;
    }
  g_mutex_unlock (&zone_lock);

  zone = dt_time_local_zone ();
  g_mutex_lock (&zone_lock);
  generation = zone_generation;
  g_mutex_unlock (&zone_lock);

  offset = zone_offset (zone, instant);
  last = zone_offset (zone, bucket * OFFSET_BUCKET + OFFSET_BUCKET - 1);
  if (offset == last && zone_offset (zone, bucket * OFFSET_BUCKET) == offset)
    {
      g_mutex_lock (&zone_lock);
      if (generation == zone_generation)
        *slot = (OffsetSlot) { bucket, offset, TRUE };
      g_mutex_unlock (&zone_lock);
    }
  return offset;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;

  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (yoe + era * 400 + (*month <= 2));
}

static char *
put_digits (char *p,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      p[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  return p + width;
}

/* The last date each thread wrote: a page of entries is in time order, and its dates, in UTC
 * and local time, mostly repeat the one before. */
static _Thread_local gint64 last_days = G_MININT64;
static _Thread_local char last_date[10];

/* "YYYY-MM-DD" of @seconds (already shifted into the wanted zone); returns the end. */
static char *
put_date (char   *p,
          gint64  seconds)
{
  gint64 days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;

  if (days != last_days)
    {
      int year, month, day;
      char *q = last_date;

      civil_from_days (days, &year, &month, &day);
      q = put_digits (q, year, 4);
      *q++ = '-';
      q = put_digits (q, month, 2);
      *q++ = '-';
      put_digits (q, day, 2);
      last_days = days;
    }
  memcpy (p, last_date, sizeof last_date);
  return p + sizeof last_date;
}

/* "YYYY-MM-DDTHH:MM:SS", the same as g_date_time_format_iso8601 for whole seconds. */
static char *
put_date_time (char   *p,
               gint64  seconds)
{
  gint64 of_day = seconds - (seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400) * 86400;

  p = put_date (p, seconds);
  *p++ = 'T';
  p = put_digits (p, (int) (of_day / 3600), 2);
  *p++ = ':';
  p = put_digits (p, (int) (of_day % 3600 / 60), 2);
  *p++ = ':';
  return put_digits (p, (int) (of_day % 60), 2);
}

void
dt_time_texts (gint64       instant,
               DtTimeTexts *out)
{
  gint32 offset = local_offset (instant);
  gint32 magnitude = ABS (offset);
  char *p;

  g_return_if_fail (out != NULL);

  p = put_date_time (out->utc, instant);
  *p++ = 'Z';
  *p = '\0';

  p = put_date_time (out->local, instant + offset);
  /* GLib writes "Z" for UTC, "+01" for whole hours and "+05:30" otherwise. */
  if (offset == 0)
    *p++ = 'Z';
  else
    {
      *p++ = offset < 0 ? '-' : '+';
      p = put_digits (p, magnitude / 3600, 2);
      if (magnitude % 3600 / 60 != 0)
        {
          *p++ = ':';
          p = put_digits (p, magnitude % 3600 / 60, 2);
        }
    }
  *p = '\0';

  p = put_date (out->day, instant + offset);
  *p = '\0';
}

char *
dt_time_format_iso_utc (gint64 instant)
{
  DtTimeTexts texts;

  dt_time_texts (instant, &texts);
  return g_strdup (texts.utc);
}

char *
dt_time_format_iso_local (gint64 instant)
{
  DtTimeTexts texts;

  dt_time_texts (instant, &texts);
  return g_strdup (texts.local);
}

char *
dt_time_local_date (gint64 instant)
{
  DtTimeTexts texts;

  dt_time_texts (instant, &texts);
  return g_strdup (texts.day);
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
dt_time_local_next_month (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);
  int y = g_date_time_get_year (dt), m = g_date_time_get_month (dt);

  return dt_time_local_midnight (m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
}

gint64
dt_time_local_month_start (gint64 instant)
{
  g_autoptr(GDateTime) dt = dt_time_local_from_unix (instant);

  return dt_time_local_midnight (g_date_time_get_year (dt), g_date_time_get_month (dt), 1);
}

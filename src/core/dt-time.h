/* dt-time.h: instants (UTC seconds), local calendar days, ISO 8601 parsing and formatting. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The calendar years accepted from outside (ISO text); everything inside stays far from the
 * limits of GDateTime. */
#define DT_TIME_MIN_YEAR 1900
#define DT_TIME_MAX_YEAR 2999

/* Wall clock in UTC seconds. Tests may pin it with dt_time_set_fake_now (0 unpins). */
gint64     dt_time_now                 (void);
void       dt_time_set_fake_now        (gint64       now);

/* The local time zone (a new reference), and @instant in it; cheap to call in loops. */
GTimeZone *dt_time_local_zone          (void);
GDateTime *dt_time_local_from_unix     (gint64       instant);

/* Parses "2026-11-27T09:30:00Z", "2026-11-27T10:30:00+01:00", "2026-11-27T09:30" (local)
 * or a bare date "2026-11-27" (local midnight). Years outside DT_TIME_MIN_YEAR..MAX_YEAR are
 * DT_ERROR_INVALID. */
gboolean   dt_time_parse_iso           (const char  *text,
                                        gint64      *out_instant,
                                        GError     **error);
/* Parses a calendar day "YYYY-MM-DD" into year/month/day, validated. */
gboolean   dt_time_parse_date          (const char  *text,
                                        int         *year,
                                        int         *month,
                                        int         *day,
                                        GError     **error);
/* An instant as ISO 8601 in UTC ("2026-11-27T09:30:00Z"), in local time with its offset
 * ("2026-11-27T10:30:00+01", "…+05:30", "…Z" in UTC) and as its local day ("2026-11-27"),
 * written into @out without allocating: for code that lists many instants. */
typedef struct
{
  char utc[21];
  char local[26];
  char day[11];
} DtTimeTexts;

void       dt_time_texts               (gint64       instant,
                                        DtTimeTexts *out);
char      *dt_time_format_iso_utc      (gint64       instant);
char      *dt_time_format_iso_local    (gint64       instant);
/* The local calendar day ("YYYY-MM-DD") that contains @instant. */
char      *dt_time_local_date          (gint64       instant);

/* Start of the local day containing @instant, and of the local day @days after it.
 * DST-safe: a day can be 23 or 25 hours long. */
gint64     dt_time_local_day_start     (gint64       instant);
gint64     dt_time_local_day_add       (gint64       day_start,
                                        int          days);
/* Local midnight of a calendar date. */
gint64     dt_time_local_midnight      (int          year,
                                        int          month,
                                        int          day);
/* Start of the ISO week (Monday) and of the month containing @instant, local time. */
gint64     dt_time_local_week_start    (gint64       instant);
gint64     dt_time_local_month_start   (gint64       instant);
/* Start of the month after the one containing @instant, local time. */
gint64     dt_time_local_next_month    (gint64       instant);

G_END_DECLS

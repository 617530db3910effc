/* dt-format.h: how the window writes durations, clock times, money and "last used" for people. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1:05" — hours and minutes of @seconds, minutes rounded down (a running minute is not yet
 * worked). Negative durations are clamped to 0. */
char     *dt_format_duration_clock  (gint64       seconds);
/* "7 h 30 min", "45 min", "2 h", "0 min" — for totals and accessible labels. */
char     *dt_format_duration_words  (gint64       seconds);
/* "0:05:09", "12:00:00" — the ticking timer. */
char     *dt_format_elapsed         (gint64       seconds);
/* "1:05" when @billed_seconds equals @raw_seconds, else "1:05 → 1:15 billed": rounding never
 * changes the stored time, so both are shown. */
char     *dt_format_raw_and_billed  (gint64       raw_seconds,
                                     gint64       billed_seconds);
/* "09:30" in local time. */
char     *dt_format_time_of_day     (gint64       instant);
/* "09:00 – 10:30", or "09:00 – now" while running (@end 0). */
char     *dt_format_time_range      (gint64       start,
                                     gint64       end);
/* "Just now", "5 minutes ago", "3 hours ago", "Yesterday", "4 days ago", "12 Oct 2026";
 * "Never" for 0. */
char     *dt_format_relative        (gint64       then,
                                     gint64       now);
/* "Today", "Yesterday", "Monday, 23 November" (a year is added when it is not @now's). */
char     *dt_format_day_title       (gint64       day_start,
                                     gint64       now);
/* dt_money_format, or "—" when @currency is unknown. */
char     *dt_format_money           (gint64       minor,
                                     const char  *currency);
/* "€80.00/h", or "No rate" for DT_NO_VALUE-style negatives. */
char     *dt_format_rate            (gint64       minor_per_hour,
                                     const char  *currency);

/* A budget's progress: fraction 0…1 for a level bar, TRUE in @over when @used exceeds
 * @budget, and a label such as "12 h of 40 h" (time, @is_money FALSE, in seconds) or
 * "€1,200.00 of €5,000.00" (money, in minor units). */
char     *dt_format_budget          (gint64       used,
                                     gint64       budget,
                                     gboolean     is_money,
                                     const char  *currency,
                                     double      *out_fraction,
                                     gboolean    *out_over);

G_END_DECLS

/* dt-format.c: durations, clock times, money and relative dates written for people. */
#define G_LOG_DOMAIN "dt-format"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-format.h"
#include "dt-money.h"
#include "dt-time.h"

char *
dt_format_duration_clock (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", minutes / 60, (int) (minutes % 60));
}

char *
dt_format_duration_words (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;
  gint64 hours = minutes / 60;
  int rest = minutes % 60;

  if (hours == 0)
    /* Translators: a duration shorter than an hour */
    return g_strdup_printf (_("%d min"), rest);
  if (rest == 0)
    /* Translators: a duration in whole hours */
    return g_strdup_printf (_("%d h"), (int) hours);
  /* Translators: a duration in hours and minutes */
  return g_strdup_printf (_("%d h %d min"), (int) hours, rest);
}

char *
dt_format_elapsed (gint64 seconds)
{
  gint64 s = MAX (seconds, 0);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60),
                          (int) (s % 60));
}

char *
dt_format_raw_and_billed (gint64 raw_seconds,
                          gint64 billed_seconds)
{
  g_autofree char *raw = dt_format_duration_clock (raw_seconds);
  g_autofree char *billed = NULL;

  if (raw_seconds / 60 == billed_seconds / 60)
    return g_steal_pointer (&raw);
  billed = dt_format_duration_clock (billed_seconds);
  /* Translators: tracked time, then the time billed after rounding */
  return g_strdup_printf (_("%s → %s billed"), raw, billed);
}

char *
dt_format_time_of_day (gint64 instant)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (instant);

  g_return_val_if_fail (dt != NULL, g_strdup ("—"));
  return g_date_time_format (dt, "%H:%M");
}

char *
dt_format_time_range (gint64 start,
                      gint64 end)
{
  g_autofree char *from = dt_format_time_of_day (start);
  g_autofree char *to = end > 0 ? dt_format_time_of_day (end) : NULL;

  if (to == NULL)
    /* Translators: a running entry's times, e.g. "09:00 – now" */
    return g_strdup_printf (_("%s – now"), from);
  return g_strdup_printf ("%s – %s", from, to);
}

char *
dt_format_relative (gint64 then,
                    gint64 now)
{
  gint64 delta = now - then;
  gint64 days;

  if (then <= 0)
    return g_strdup (C_("last used", "Never"));
  if (delta < 60)
    return g_strdup (C_("last used", "Just now"));
  if (delta < 3600)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", delta / 60),
                            (int) (delta / 60));
  days = (dt_time_local_day_start (now) - dt_time_local_day_start (then) + 43200) / 86400;
  if (days == 0)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", delta / 3600),
                            (int) (delta / 3600));
  if (days == 1)
    return g_strdup (C_("last used", "Yesterday"));
  if (days < 7)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", days), (int) days);

  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (then);
    /* Translators: a date in the past, see strftime(3); e.g. "12 Oct 2026" */
    return g_date_time_format (dt, C_("last used", "%-d %b %Y"));
  }
}

char *
dt_format_day_title (gint64 day_start,
                     gint64 now)
{
  gint64 today = dt_time_local_day_start (now);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day_start);
  g_autoptr(GDateTime) now_dt = g_date_time_new_from_unix_local (now);

  if (dt_time_local_day_start (day_start) == today)
    return g_strdup (_("Today"));
  if (dt_time_local_day_start (day_start) == dt_time_local_day_add (today, -1))
    return g_strdup (_("Yesterday"));
  if (g_date_time_get_year (dt) == g_date_time_get_year (now_dt))
    /* Translators: a day heading, see strftime(3); e.g. "Monday, 23 November" */
    return g_date_time_format (dt, _("%A, %-d %B"));
  /* Translators: a day heading in another year, see strftime(3) */
  return g_date_time_format (dt, _("%A, %-d %B %Y"));
}

char *
dt_format_money (gint64      minor,
                 const char *currency)
{
  if (currency == NULL || dt_money_currency_exponent (currency) < 0)
    return g_strdup ("—");
  return dt_money_format (minor, currency);
}

char *
dt_format_rate (gint64      minor_per_hour,
                const char *currency)
{
  g_autofree char *money = NULL;

  if (minor_per_hour < 0)
    return g_strdup (_("No rate"));
  money = dt_format_money (minor_per_hour, currency);
  /* Translators: an hourly rate, e.g. "€80.00/h" */
  return g_strdup_printf (_("%s/h"), money);
}

char *
dt_format_budget (gint64      used,
                  gint64      budget,
                  gboolean    is_money,
                  const char *currency,
                  double     *out_fraction,
                  gboolean   *out_over)
{
  g_autofree char *used_text = NULL;
  g_autofree char *budget_text = NULL;
  double fraction;

  fraction = budget > 0 ? (double) MAX (used, 0) / (double) budget : (used > 0 ? 1.0 : 0.0);
  if (out_over != NULL)
    *out_over = budget >= 0 && used > budget;
  if (out_fraction != NULL)
    *out_fraction = CLAMP (fraction, 0.0, 1.0);

  if (is_money)
    {
      used_text = dt_format_money (used, currency);
      budget_text = dt_format_money (budget, currency);
    }
  else
    {
      used_text = dt_format_duration_words (used);
      budget_text = dt_format_duration_words (budget);
    }
  /* Translators: budget progress, e.g. "12 h of 40 h" */
  return g_strdup_printf (_("%s of %s"), used_text, budget_text);
}

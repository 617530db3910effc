/* dt-form-checks.c: parsing and validation messages for the app's forms. */
#define G_LOG_DOMAIN "dt-form-checks"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "dt-form-checks.h"
#include "dt-money.h"
#include "dt-time.h"

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

char *
dt_check_name (const char *text,
               guint       max_chars)
{
  g_autofree char *t = trimmed (text);

  if (*t == '\0')
    return g_strdup (_("Enter a name"));
  if (max_chars > 0 && g_utf8_strlen (t, -1) > max_chars)
    return g_strdup_printf (ngettext ("Use at most %u character", "Use at most %u characters",
                                      max_chars), max_chars);
  return NULL;
}

static gboolean
is_email (const char *s)
{
  const char *at = strchr (s, '@');
  const char *dot;

  if (at == NULL || at == s || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (g_ascii_isspace (*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';')
      return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

char *
dt_check_email (const char *text,
                gboolean    required,
                gboolean    allow_list)
{
  g_autofree char *t = trimmed (text);
  g_auto(GStrv) parts = NULL;

  if (*t == '\0')
    return required ? g_strdup (_("Enter an e-mail address")) : NULL;

  parts = allow_list ? g_strsplit (t, ",", -1) : g_strsplit (t, "\n", 1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (!is_email (parts[i]))
        return g_strdup_printf (_("“%s” is not an e-mail address like name@example.com"),
                                parts[i]);
    }
  return NULL;
}

char *
dt_check_money (const char *text,
                const char *currency,
                gboolean    allow_empty,
                gint64     *out_minor)
{
  g_autofree char *t = trimmed (text);
  g_autoptr(GError) error = NULL;
  gint64 minor = 0;
  int exponent = dt_money_currency_exponent (currency);

  if (*t == '\0')
    {
      if (!allow_empty)
        return g_strdup (_("Enter an amount"));
      if (out_minor)
        *out_minor = -1;
      return NULL;
    }
  if (exponent < 0)
    return g_strdup (_("Choose a currency first"));
  if (!dt_money_parse (t, currency, &minor, &error))
    {
      if (exponent == 0)
        return g_strdup_printf (_("Enter a whole amount of %s, like 1250"), currency);
      return g_strdup_printf (ngettext ("Enter an amount with at most %d decimal, like 80.5",
                                        "Enter an amount with at most %d decimals, like 80.50",
                                        exponent), exponent);
    }
  if (minor < 0)
    return g_strdup (_("The amount cannot be negative"));
  if (out_minor)
    *out_minor = minor;
  return NULL;
}

/* Reads a decimal number with '.' or ',' and up to 4 decimals as ten-thousandths. */
static gboolean
parse_decimal (const char  *s,
               const char **end,
               gint64      *out_e4)
{
  gint64 whole = 0, frac = 0;
  int digits = 0, frac_digits = 0;
  const char *p = s;

  while (g_ascii_isdigit (*p) && digits < 9)
    whole = whole * 10 + (*p++ - '0'), digits++;
  if (*p == '.' || *p == ',')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (frac_digits < 4)
            frac = frac * 10 + (*p - '0'), frac_digits++;
          p++;
        }
    }
  if (g_ascii_isdigit (*p) || (digits == 0 && frac_digits == 0))
    return FALSE;
  for (int i = frac_digits; i < 4; i++)
    frac *= 10;
  *out_e4 = whole * 10000 + frac;
  *end = p;
  return TRUE;
}

char *
dt_check_duration (const char *text,
                   gboolean    allow_empty,
                   gint64     *out_seconds)
{
  g_autofree char *t = trimmed (text);
  const char *p = t;
  gint64 seconds = 0;
  gboolean any = FALSE;

  if (*t == '\0')
    {
      if (!allow_empty)
        return g_strdup (_("Enter a duration"));
      if (out_seconds)
        *out_seconds = -1;
      return NULL;
    }

  /* "H:MM" */
  if (strchr (t, ':') != NULL)
    {
      char *end = NULL;
      gint64 h = g_ascii_strtoll (t, &end, 10);
      gint64 m;

      if (end == t || *end != ':' || h < 0)
        goto bad;
      p = end + 1;
      m = g_ascii_strtoll (p, &end, 10);
      if (end == p || *end != '\0' || m < 0 || m > 59 || end - p != 2)
        goto bad;
      seconds = h * 3600 + m * 60;
      goto done;
    }

  /* "1.5", "2h", "1h 30m", "90m", "45 min" */
  while (*p)
    {
      gint64 e4;
      const char *end;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (!parse_decimal (p, &end, &e4))
        goto bad;
      p = end;
      while (*p == ' ')
        p++;
      if (g_str_has_prefix (p, "min"))
        seconds += e4 * 60 / 10000, p += 3;
      else if (*p == 'm')
        seconds += e4 * 60 / 10000, p += 1;
      else if (*p == 'h')
        seconds += e4 * 3600 / 10000, p += 1;
      else if (*p == '\0' && !any)
        seconds += e4 * 3600 / 10000;
      else
        goto bad;
      any = TRUE;
    }

done:
  if (seconds > 1000 * 3600)
    goto bad;
  if (out_seconds)
    *out_seconds = seconds;
  return NULL;

bad:
  return g_strdup (_("Enter a duration like 1:30, 1.5 or 1h 30m"));
}

char *
dt_check_time_of_day (const char *text,
                      int        *out_minutes)
{
  g_autofree char *t = trimmed (text);
  int h = -1, m = 0;
  size_t len = strlen (t);
  gboolean ok = TRUE;

  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (t[i]) && t[i] != ':' && t[i] != '.')
      ok = FALSE;

  if (ok && (strchr (t, ':') || strchr (t, '.')))
    {
      char *sep = strpbrk (t, ":.");
      if (sep - t >= 1 && sep - t <= 2 && strlen (sep + 1) == 2)
        {
          *sep = '\0';
          h = atoi (t);
          m = atoi (sep + 1);
        }
    }
  else if (ok && len >= 1 && len <= 2)
    h = atoi (t);
  else if (ok && len >= 3 && len <= 4)
    {
      h = atoi (t) / 100;
      m = atoi (t) % 100;
    }

  if (h < 0 || h > 23 || m < 0 || m > 59)
    return g_strdup (_("Enter a time like 9:30 or 17:05"));
  if (out_minutes)
    *out_minutes = h * 60 + m;
  return NULL;
}

char *
dt_check_time_range (gint64 start_at,
                     gint64 end_at)
{
  if (end_at <= start_at)
    return g_strdup (_("The end must be after the start"));
  return NULL;
}

char *
dt_check_port (const char *text,
               guint      *out_port)
{
  g_autofree char *t = trimmed (text);
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (t, 10, 1024, 65535, &port, NULL))
    return g_strdup (_("Choose a port between 1024 and 65535"));
  if (out_port)
    *out_port = port;
  return NULL;
}

char *
dt_check_percent (const char *text,
                  gint64     *out_basis_points)
{
  g_autofree char *t = trimmed (text);
  const char *end;
  gint64 e4;
  size_t len = strlen (t);

  if (len > 0 && t[len - 1] == '%')
    t[--len] = '\0', g_strchomp (t);
  if (!parse_decimal (t, &end, &e4) || *end != '\0' || e4 % 100 != 0 || e4 > 1000000)
    return g_strdup (_("Enter a percentage from 0 to 100, like 19 or 7.5"));
  if (out_basis_points)
    *out_basis_points = e4 / 100;
  return NULL;
}

char *
dt_check_units (const char *text,
                gint64     *out_thousandths)
{
  g_autofree char *t = trimmed (text);
  const char *end;
  gint64 e4;

  /* Up to a million units, as the invoice store takes them. */
  if (!parse_decimal (t, &end, &e4) || *end != '\0' || e4 % 10 != 0 || e4 <= 0 ||
      e4 > G_GINT64_CONSTANT (10000000000))
    return g_strdup (_("Enter a quantity above 0 with up to three decimals, like 3 or 1.5"));
  if (out_thousandths)
    *out_thousandths = e4 / 10;
  return NULL;
}

char *
dt_check_days (const char *text,
               int        *out_days)
{
  g_autofree char *t = trimmed (text);
  guint64 days = 0;

  if (!g_ascii_string_to_unsigned (t, 10, 0, 365, &days, NULL))
    return g_strdup (_("Enter a number of days from 0 to 365"));
  if (out_days)
    *out_days = days;
  return NULL;
}

char *
dt_check_currency (const char *text)
{
  g_autofree char *t = trimmed (text);

  if (dt_money_currency_exponent (t) < 0)
    return g_strdup_printf (_("“%s” is not a currency code like EUR or USD"), t);
  return NULL;
}

static gint64
instant_on_day (gint64 day_start,
                int    minutes)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (day_start);
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                   g_date_time_get_month (day),
                                                   g_date_time_get_day_of_month (day),
                                                   minutes / 60, minutes % 60, 0);

  return g_date_time_to_unix (at);
}

char *
dt_check_entry_times (gint64      day_start,
                      const char *start_text,
                      const char *end_text,
                      gboolean    allow_running,
                      gint64     *out_start,
                      gint64     *out_end)
{
  g_autofree char *end_trimmed = trimmed (end_text);
  int start_minutes = 0, end_minutes = 0;
  gint64 start, end;
  char *message;

  if ((message = dt_check_time_of_day (start_text, &start_minutes)) != NULL)
    return message;
  start = instant_on_day (day_start, start_minutes);
  if (*end_trimmed == '\0' && allow_running)
    end = 0;
  else
    {
      if ((message = dt_check_time_of_day (end_text, &end_minutes)) != NULL)
        return message;
      if (end_minutes == start_minutes)
        return g_strdup (_("The end must be after the start"));
      end = end_minutes > start_minutes
            ? instant_on_day (day_start, end_minutes)
            : instant_on_day (dt_time_local_day_add (day_start, 1), end_minutes);
    }
  if (out_start)
    *out_start = start;
  if (out_end)
    *out_end = end;
  return NULL;
}

GStrv
dt_split_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      char *folded;

      if (*name == '\0')
        continue;
      folded = g_utf8_casefold (name, -1);
      if (g_hash_table_contains (seen, folded))
        {
          g_free (folded);
          continue;
        }
      g_hash_table_add (seen, folded);
      g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

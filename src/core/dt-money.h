/* dt-money.h: money as integer minor units of an ISO 4217 currency; no floating point. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Digits after the decimal point (EUR 2, JPY 0, KWD 3); -1 for a code we do not know. */
int       dt_money_currency_exponent (const char  *currency);
gboolean  dt_money_currency_valid    (const char  *currency,
                                      GError     **error);
/* The codes of the currencies the app knows by symbol and decimals, NULL-terminated. */
const char * const *dt_money_known_currencies (void);

/* a * b / c rounded half away from zero, without overflow for any realistic amount.
 * Returns FALSE (and leaves @out alone) on division by zero or overflow of gint64. */
gboolean  dt_money_mul_div_round     (gint64       a,
                                      gint64       b,
                                      gint64       c,
                                      gint64      *out);

/* Amount for @minutes at @rate_per_hour (minor units per hour), rounded once, half up. */
gint64    dt_money_for_minutes       (gint64       minutes,
                                      gint64       rate_per_hour);
/* @amount × @basis_points / 10000, rounded half away from zero (taxes, percentage discounts). */
gint64    dt_money_percent_bp        (gint64       amount,
                                      gint64       basis_points);

/* "1250.00" (no symbol, '.' separator) — for CSV, JSON and plain text. */
char     *dt_money_format_plain      (gint64       minor,
                                      const char  *currency);
/* Appends what dt_money_format_plain gives. */
void      dt_money_append_plain      (GString     *out,
                                      gint64       minor,
                                      const char  *currency);
/* "€1,250.00", "1.250,00 €", "¥1,250" — for people, following the current locale's
 * grouping and decimal mark. */
char     *dt_money_format            (gint64       minor,
                                      const char  *currency);
/* Parses "1250", "1250.5", "1,250.50" (plain, no symbol) into minor units; refuses more
 * decimals than the currency has. */
gboolean  dt_money_parse             (const char  *text,
                                      const char  *currency,
                                      gint64      *out_minor,
                                      GError     **error);

G_END_DECLS

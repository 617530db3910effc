/* fuzz-values.c: the parsers of the values apps send most, amounts and dates, and the one
 * rounding every amount goes through. The first byte picks the check:
 *   0: an amount in one of four currencies parses to minor units that read back the same;
 *   1: a * b / c rounds to the nearest integer, half away from zero, or says it cannot;
 *   2: a date or instant parses to an instant whose local ISO text reads back the same. */
/* The local zone is the fuzzer's (TZ), usually UTC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-money.h"
#include "dt-time.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_amount (const char *currency,
              const char *text)
{
  g_autofree char *plain = NULL;
  gint64 minor = 0, again = 0;

  if (!dt_money_parse (text, currency, &minor, NULL))
    return;
  plain = dt_money_format_plain (minor, currency);
  if (!dt_money_parse (plain, currency, &again, NULL) || again != minor)
    abort ();
}

static void
check_rounding (const uint8_t *data,
                size_t         size)
{
  gint64 a, b, c, q = 0;
  __int128 product, divisor, error;

  if (size < 24)
    return;
  memcpy (&a, data, 8);
  memcpy (&b, data + 8, 8);
  memcpy (&c, data + 16, 8);
  if (!dt_money_mul_div_round (a, b, c, &q))
    {
      /* Refused only for a zero divisor or a result beyond gint64. */
      if (c != 0)
        {
          __int128 exact = ((__int128) a * b) / c;

          if (exact > G_MININT64 + 1 && exact < G_MAXINT64 - 1)
            abort ();
        }
      return;
    }
  /* |a·b − q·c| ≤ |c| / 2, and a tie goes away from zero. */
  product = (__int128) a * b;
  divisor = c < 0 ? -(__int128) c : (__int128) c;
  error = product - (__int128) q * c;
  if (error < 0)
    error = -error;
  if (error * 2 > divisor)
    abort ();
  if (error * 2 == divisor && error != 0)
    {
      __int128 rounded = (__int128) q * c;

      /* A tie rounds away from zero: |q·c| is the larger of the two neighbours. */
      if ((rounded < 0 ? -rounded : rounded) < (product < 0 ? -product : product))
        abort ();
    }
}

static void
check_instant (const char *text)
{
  DtTimeTexts texts;
  gint64 instant = 0, again = 0;

  if (!dt_time_parse_iso (text, &instant, NULL))
    return;
  dt_time_texts (instant, &texts);
  if (!dt_time_parse_iso (texts.local, &again, NULL))
    {
      /* Only an input at the edge of the accepted years, shifted by its offset across New
       * Year, gives a local text outside them ("1900-01-01T00:00+05:30" is 1899 in UTC). */
      int year = atoi (texts.local);

      if (year >= DT_TIME_MIN_YEAR && year <= DT_TIME_MAX_YEAR)
        abort ();
      return;
    }
  if (again != instant)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const currencies[] = { "EUR", "JPY", "KWD", "USD" };
  g_autofree char *text = NULL;

  if (size < 1)
    return 0;
  text = g_strndup ((const char *) data + 1, size - 1);
  switch (data[0] % 3)
    {
    case 0:
      check_amount (currencies[(data[0] / 3) % G_N_ELEMENTS (currencies)], text);
      break;
    case 1:
      check_rounding (data + 1, size - 1);
      break;
    default:
      check_instant (text);
      break;
    }
  return 0;
}

/* dt-money.c: integer money arithmetic, formatting and parsing. */
#define G_LOG_DOMAIN "dt-money"

#include "dt-money.h"
#include "dt-error.h"

#include <locale.h>
#include <string.h>

typedef struct
{
  const char *code;
  int         exponent;
  const char *symbol;
} Currency;

/* The currencies a freelancer is likely to bill in; others by code with two decimals. */
static const Currency currencies[] = {
  { "AUD", 2, "A$" }, { "BGN", 2, "лв" }, { "BHD", 3, "BD" }, { "BRL", 2, "R$" },
  { "CAD", 2, "CA$" }, { "CHF", 2, "CHF" }, { "CLP", 0, "CLP$" }, { "CNY", 2, "CN¥" },
  { "CZK", 2, "Kč" }, { "DKK", 2, "kr." }, { "EUR", 2, "€" }, { "GBP", 2, "£" },
  { "HKD", 2, "HK$" }, { "HUF", 2, "Ft" }, { "IDR", 2, "Rp" }, { "ILS", 2, "₪" },
  { "INR", 2, "₹" }, { "ISK", 0, "kr" }, { "JOD", 3, "JD" }, { "JPY", 0, "¥" },
  { "KRW", 0, "₩" }, { "KWD", 3, "KD" }, { "MXN", 2, "MX$" }, { "NOK", 2, "kr" },
  { "NZD", 2, "NZ$" }, { "OMR", 3, "OMR" }, { "PHP", 2, "₱" }, { "PLN", 2, "zł" },
  { "RON", 2, "lei" }, { "SEK", 2, "kr" }, { "SGD", 2, "S$" }, { "THB", 2, "฿" },
  { "TND", 3, "DT" }, { "TRY", 2, "₺" }, { "TWD", 2, "NT$" }, { "UAH", 2, "₴" },
  { "USD", 2, "$" }, { "VND", 0, "₫" }, { "ZAR", 2, "R" },
};

const char * const *
dt_money_known_currencies (void)
{
  static const char **codes;

  if (g_once_init_enter (&codes))
    {
      const char **built = g_new0 (const char *, G_N_ELEMENTS (currencies) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
        built[i] = currencies[i].code;
      g_once_init_leave (&codes, built);
    }
  return codes;
}

static const Currency *
find_currency (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (currencies[i].code, code) == 0)
      return &currencies[i];
  return NULL;
}

static gboolean
looks_like_code (const char *code)
{
  return code != NULL && strlen (code) == 3 &&
         g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) && g_ascii_isupper (code[2]);
}

int
dt_money_currency_exponent (const char *currency)
{
  const Currency *c = find_currency (currency);

  if (c != NULL)
    return c->exponent;
  return looks_like_code (currency) ? 2 : -1;
}

gboolean
dt_money_currency_valid (const char  *currency,
                         GError     **error)
{
  if (looks_like_code (currency))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "“%s” is not a currency code; use three capital letters such as EUR, USD or GBP",
               currency ? currency : "");
  return FALSE;
}

gboolean
dt_money_mul_div_round (gint64  a,
                        gint64  b,
                        gint64  c,
                        gint64 *out)
{
  __int128 product, divisor, quotient, remainder;
  gboolean negative;

  if (c == 0)
    return FALSE;

  product = (__int128) a * b;
  negative = (product < 0) != (c < 0);
  if (product < 0)
    product = -product;
  /* In 128 bits: negating G_MININT64 in 64 bits overflows (found by fuzz-values). */
  divisor = c < 0 ? -(__int128) c : (__int128) c;

  quotient = product / divisor;
  remainder = product % divisor;
  if (remainder * 2 >= divisor)
    quotient++;
  if (quotient > G_MAXINT64)
    return FALSE;

  *out = negative ? -(gint64) quotient : (gint64) quotient;
  return TRUE;
}

gint64
dt_money_for_minutes (gint64 minutes,
                      gint64 rate_per_hour)
{
  gint64 amount = 0;

  if (!dt_money_mul_div_round (minutes, rate_per_hour, 60, &amount))
    g_return_val_if_reached (0);
  return amount;
}

gint64
dt_money_percent_bp (gint64 amount,
                     gint64 basis_points)
{
  gint64 result = 0;

  if (!dt_money_mul_div_round (amount, basis_points, 10000, &result))
    g_return_val_if_reached (0);
  return result;
}

static gint64
pow10_int (int exponent)
{
  gint64 p = 1;

  for (int i = 0; i < exponent; i++)
    p *= 10;
  return p;
}

void
dt_money_append_plain (GString    *out,
                       gint64      minor,
                       const char *currency)
{
  int exponent = MAX (dt_money_currency_exponent (currency), 0);
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
  char buffer[48];
  char *end = buffer + sizeof buffer;
  char *p = end;
  int digits = 0;

  /* Digits from the right, the point after the minor unit's; at least one digit before it.
   * Lists write six amounts per invoice, and printf was most of their cost. */
  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
      if (++digits == exponent)
        *--p = '.';
    }
  while (magnitude != 0 || digits <= exponent);
  if (minor < 0)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

char *
dt_money_format_plain (gint64      minor,
                       const char *currency)
{
  GString *out = g_string_sized_new (24);

  dt_money_append_plain (out, minor, currency);
  return g_string_free (out, FALSE);
}

static char *
group_digits (guint64     value,
              const char *separator)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
dt_money_format (gint64      minor,
                 const char *currency)
{
  const Currency *c = find_currency (currency);
  int exponent = MAX (dt_money_currency_exponent (currency), 0);
  gint64 scale = pow10_int (exponent);
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
  struct lconv *lc = localeconv ();
  const char *decimal = (lc->mon_decimal_point && *lc->mon_decimal_point) ? lc->mon_decimal_point : ".";
  const char *thousands = (lc->mon_thousands_sep && *lc->mon_thousands_sep) ? lc->mon_thousands_sep
                          : (g_str_equal (decimal, ",") ? "." : ",");
  g_autofree char *whole = group_digits (magnitude / scale, thousands);
  g_autofree char *number = NULL;
  const char *symbol = c ? c->symbol : currency;
  gboolean symbol_after = lc->p_cs_precedes == 0;

  if (exponent > 0)
    number = g_strdup_printf ("%s%s%0*" G_GUINT64_FORMAT, whole, decimal, exponent,
                              magnitude % scale);
  else
    number = g_strdup (whole);

  if (symbol_after)
    return g_strdup_printf ("%s%s %s", minor < 0 ? "−" : "", number, symbol);
  return g_strdup_printf ("%s%s%s", minor < 0 ? "−" : "", symbol, number);
}

gboolean
dt_money_parse (const char  *text,
                const char  *currency,
                gint64      *out_minor,
                GError     **error)
{
  int exponent = dt_money_currency_exponent (currency);
  gboolean negative = FALSE;
  guint64 whole = 0, fraction = 0;
  int fraction_digits = 0;
  gboolean seen_digit = FALSE, in_fraction = FALSE;
  const char *p = text;

  g_return_val_if_fail (out_minor != NULL, FALSE);

  if (exponent < 0)
    return dt_money_currency_valid (currency, error);

  if (p != NULL && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; p != NULL && *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          seen_digit = TRUE;
          if (in_fraction)
            {
              if (++fraction_digits > exponent)
                goto too_precise;
              fraction = fraction * 10 + (*p - '0');
            }
          else
            {
              if (whole > G_MAXINT64 / 1000)
                goto invalid;
              whole = whole * 10 + (*p - '0');
            }
        }
      else if (*p == '.' && !in_fraction)
        in_fraction = TRUE;
      else if (*p == ',' && !in_fraction)
        continue;
      else
        goto invalid;
    }
  if (!seen_digit)
    goto invalid;

  while (fraction_digits < exponent)
    {
      fraction *= 10;
      fraction_digits++;
    }
  *out_minor = (gint64) (whole * (guint64) pow10_int (exponent) + fraction);
  if (negative)
    *out_minor = -*out_minor;
  return TRUE;

too_precise:
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "“%s” has more decimals than %s allows (%d)", text, currency, exponent);
  return FALSE;

invalid:
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "“%s” is not an amount; write it like 1250.50", text ? text : "");
  return FALSE;
}

/* test-money.c: integer money: rounding, parsing and plain formatting, at the edges. */
#include <glib.h>

#include "dt-error.h"
#include "dt-money.h"

static void
test_rounding (void)
{
  static const struct { gint64 a, b, c, expected; } cases[] = {
    { 15, 1, 10, 2 },            /* 1.5 → 2 */
    { -15, 1, 10, -2 },          /* −1.5 → −2: half away from zero */
    { 15, 1, -10, -2 },
    { -15, -1, -10, -2 },
    { 14, 1, 10, 1 },
    { 25, 58, -4, -363 },        /* −362.5 → −363 */
    { 150, 9000, 60, 22500 },    /* 2.5 h at 90.00 */
    { 7, 3, G_MININT64, 0 },     /* the divisor at the edge of gint64 */
    { G_MININT64, 1, G_MININT64, 1 },
    { G_MAXINT64, 1, 1, G_MAXINT64 },
  };
  gint64 out = 42;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (dt_money_mul_div_round (cases[i].a, cases[i].b, cases[i].c, &out));
      g_assert_cmpint (out, ==, cases[i].expected);
    }
  /* No answer, and @out untouched, for a zero divisor or a result beyond gint64. */
  out = 42;
  g_assert_false (dt_money_mul_div_round (1, 1, 0, &out));
  g_assert_false (dt_money_mul_div_round (G_MAXINT64, 2, 1, &out));
  g_assert_false (dt_money_mul_div_round (G_MININT64, -1, 1, &out));
  g_assert_cmpint (out, ==, 42);
}

/* The plain format against printf, at the edges of each exponent and of gint64. */
static void
test_format_plain_edges (void)
{
  static const char * const currencies[] = { "EUR", "JPY", "KWD" };
  static const gint64 values[] = { 0, 1, -1, 9, 10, 99, 100, 101, -100, 999, 1000, -1001,
                                   123456789, G_MAXINT64, G_MININT64, G_MININT64 + 1 };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint v = 0; v < G_N_ELEMENTS (values); v++)
      {
        int exponent = dt_money_currency_exponent (currencies[c]);
        guint64 scale = exponent == 0 ? 1 : exponent == 2 ? 100 : 1000;
        gint64 minor = values[v];
        guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
        g_autofree char *expected = exponent == 0
          ? g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude)
          : g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                             minor < 0 ? "-" : "", magnitude / scale, exponent,
                             magnitude % scale);
        g_autofree char *plain = dt_money_format_plain (minor, currencies[c]);
        g_autoptr(GString) appended = g_string_new ("x");

        g_assert_cmpint (exponent, ==, c == 0 ? 2 : c == 1 ? 0 : 3);
        g_assert_cmpstr (plain, ==, expected);
        dt_money_append_plain (appended, minor, currencies[c]);
        g_assert_cmpstr (appended->str + 1, ==, expected);
      }
}

static void
test_parse_and_format (void)
{
  static const struct { const char *currency, *text; gint64 minor; const char *plain; } ok[] = {
    { "EUR", "1250", 125000, "1250.00" },
    { "EUR", "1,250.5", 125050, "1250.50" },
    { "EUR", "-0.01", -1, "-0.01" },
    { "JPY", "1,250", 1250, "1250" },
    { "KWD", "0.125", 125, "0.125" },
  };
  static const struct { const char *currency, *text; } refused[] = {
    { "EUR", "1.234" },          /* more decimals than the currency has */
    { "JPY", "1.5" },
    { "EUR", "" },
    { "EUR", "12a" },
    { "EUR", "€12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *plain = NULL;
      gint64 minor = 0, again = 0;

      g_assert_true (dt_money_parse (ok[i].text, ok[i].currency, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, ok[i].minor);
      plain = dt_money_format_plain (minor, ok[i].currency);
      g_assert_cmpstr (plain, ==, ok[i].plain);
      g_assert_true (dt_money_parse (plain, ok[i].currency, &again, NULL));
      g_assert_cmpint (again, ==, minor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 0;

      g_assert_false (dt_money_parse (refused[i].text, refused[i].currency, &minor, &error));
      g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/money/rounding", test_rounding);
  g_test_add_func ("/core/money/parse-and-format", test_parse_and_format);
  g_test_add_func ("/core/money/format-plain-edges", test_format_plain_edges);

  return g_test_run ();
}

/* test-form-checks.c: what each form field accepts and the message it shows otherwise. */
#include "config.h"

#include <string.h>

#include "dt-form-checks.h"
#include "dt-time.h"

static void
test_name (void)
{
  g_autofree char *blank = dt_check_name ("   ", 10);
  g_autofree char *long_name = dt_check_name ("Acme Corporation", 10);

  g_assert_null (dt_check_name (" Acme ", 10));
  g_assert_cmpstr (blank, ==, "Enter a name");
  g_assert_cmpstr (long_name, ==, "Use at most 10 characters");
}

static void
test_email (void)
{
  const char *bad[] = { "acme", "@acme.example", "a@b", "a@.example", "a b@c.de", "a@b@c.de" };

  g_assert_null (dt_check_email ("billing@acme.example", TRUE, FALSE));
  g_assert_null (dt_check_email ("", FALSE, FALSE));
  g_assert_null (dt_check_email ("a@x.example, b@y.example", TRUE, TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *msg = dt_check_email (bad[i], TRUE, FALSE);
      g_assert_nonnull (msg);
      g_assert_nonnull (strstr (msg, "name@example.com"));
    }
  {
    g_autofree char *msg = dt_check_email ("", TRUE, FALSE);
    g_assert_cmpstr (msg, ==, "Enter an e-mail address");
  }
  {
    g_autofree char *msg = dt_check_email ("a@x.example, b@y.example", TRUE, FALSE);
    g_assert_nonnull (msg);
  }
}

static void
test_money (void)
{
  gint64 minor = 0;
  g_autofree char *decimals = NULL;
  g_autofree char *yen = NULL;
  g_autofree char *empty = NULL;

  g_assert_null (dt_check_money ("80.50", "EUR", FALSE, &minor));
  g_assert_cmpint (minor, ==, 8050);
  g_assert_null (dt_check_money ("", "EUR", TRUE, &minor));
  g_assert_cmpint (minor, ==, -1);
  empty = dt_check_money ("", "EUR", FALSE, &minor);
  g_assert_cmpstr (empty, ==, "Enter an amount");
  decimals = dt_check_money ("80.505", "EUR", FALSE, &minor);
  g_assert_cmpstr (decimals, ==, "Enter an amount with at most 2 decimals, like 80.50");
  yen = dt_check_money ("12.5", "JPY", FALSE, &minor);
  g_assert_cmpstr (yen, ==, "Enter a whole amount of JPY, like 1250");
}

static void
test_duration (void)
{
  struct { const char *text; gint64 seconds; } good[] = {
    { "1:30", 5400 }, { "0:05", 300 }, { "1.5", 5400 }, { "1,25", 4500 }, { "2h", 7200 },
    { "90m", 5400 }, { "45 min", 2700 }, { "1h 30m", 5400 }, { "8", 28800 },
  };
  const char *bad[] = { "abc", "1:5", "1:60", "-1", "1h x", "5 5", ":30" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 seconds = -2;
      g_assert_null (dt_check_duration (good[i].text, FALSE, &seconds));
      g_assert_cmpint (seconds, ==, good[i].seconds);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *msg = dt_check_duration (bad[i], FALSE, NULL);
      g_assert_cmpstr (msg, ==, "Enter a duration like 1:30, 1.5 or 1h 30m");
    }
}

static void
test_time_of_day (void)
{
  struct { const char *text; int minutes; } good[] = {
    { "9:30", 570 }, { "09:30", 570 }, { "930", 570 }, { "17", 1020 }, { "0:00", 0 },
    { "23.59", 1439 },
  };
  const char *bad[] = { "24:00", "9:3", "12345", "", "9:60", "ab" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int minutes = -1;
      g_assert_null (dt_check_time_of_day (good[i].text, &minutes));
      g_assert_cmpint (minutes, ==, good[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *msg = dt_check_time_of_day (bad[i], NULL);
      g_assert_nonnull (msg);
    }
}

static void
test_misc (void)
{
  guint port = 0;
  gint64 bp = 0;
  int days = 0;
  g_autofree char *low_port = dt_check_port ("80", &port);
  g_autofree char *range = dt_check_time_range (100, 100);
  g_autofree char *pct = dt_check_percent ("7.555", &bp);
  g_autofree char *cur = dt_check_currency ("EURO");

  g_assert_null (dt_check_port ("7313", &port));
  g_assert_cmpuint (port, ==, 7313);
  g_assert_cmpstr (low_port, ==, "Choose a port between 1024 and 65535");
  g_assert_null (dt_check_time_range (100, 101));
  g_assert_cmpstr (range, ==, "The end must be after the start");
  g_assert_null (dt_check_percent ("19", &bp));
  g_assert_cmpint (bp, ==, 1900);
  g_assert_null (dt_check_percent ("7.5 %", &bp));
  g_assert_cmpint (bp, ==, 750);
  g_assert_nonnull (pct);
  {
    gint64 units = 0;
    g_autofree char *zero = dt_check_units ("0", &units);
    g_autofree char *four = dt_check_units ("1.2345", &units);
    g_autofree char *word = dt_check_units ("two", &units);
    g_autofree char *huge = dt_check_units ("1000001", &units);

    g_assert_null (dt_check_units ("1.5", &units));
    g_assert_cmpint (units, ==, 1500);
    g_assert_null (dt_check_units (" 3 ", &units));
    g_assert_cmpint (units, ==, 3000);
    g_assert_null (dt_check_units ("0,125", &units));
    g_assert_cmpint (units, ==, 125);
    g_assert_null (dt_check_units ("1000000", &units));
    g_assert_cmpint (units, ==, 1000000000);
    /* Refused, and the value given before is left alone. */
    g_assert_cmpstr (zero, ==, "Enter a quantity above 0 with up to three decimals, like 3 or 1.5");
    g_assert_nonnull (four);
    g_assert_nonnull (word);
    g_assert_nonnull (huge);
    g_assert_cmpint (units, ==, 1000000000);
  }
  g_assert_null (dt_check_days ("30", &days));
  g_assert_cmpint (days, ==, 30);
  g_assert_null (dt_check_currency ("EUR"));
  g_assert_cmpstr (cur, ==, "“EURO” is not a currency code like EUR or USD");
}

static void
test_entry_times (void)
{
  gint64 day = dt_time_local_midnight (2026, 11, 27);
  gint64 dst_day = dt_time_local_midnight (2026, 10, 25);  /* 25 hours in Berlin */
  gint64 start = 0, end = -1;
  g_autofree char *same = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing_end = NULL;

  g_assert_null (dt_check_entry_times (day, "9:00", "17:30", FALSE, &start, &end));
  g_assert_cmpint (start, ==, day + 9 * 3600);
  g_assert_cmpint (end, ==, day + 17 * 3600 + 1800);

  /* Over midnight: the end is on the next day. */
  g_assert_null (dt_check_entry_times (day, "23:00", "1:00", FALSE, &start, &end));
  g_assert_cmpint (end - start, ==, 2 * 3600);

  /* On the long day, 01:00 to 05:00 lasts five hours. */
  g_assert_null (dt_check_entry_times (dst_day, "1:00", "5:00", FALSE, &start, &end));
  g_assert_cmpint (end - start, ==, 5 * 3600);

  g_assert_null (dt_check_entry_times (day, "9:00", "", TRUE, &start, &end));
  g_assert_cmpint (end, ==, 0);
  missing_end = dt_check_entry_times (day, "9:00", "", FALSE, &start, &end);
  g_assert_cmpstr (missing_end, ==, "Enter a time like 9:30 or 17:05");
  same = dt_check_entry_times (day, "9:00", "09:00", FALSE, &start, &end);
  g_assert_cmpstr (same, ==, "The end must be after the start");
  bad = dt_check_entry_times (day, "nine", "10:00", FALSE, &start, &end);
  g_assert_cmpstr (bad, ==, "Enter a time like 9:30 or 17:05");
}

static void
test_split_tags (void)
{
  g_auto(GStrv) tags = dt_split_tags (" design, Client call,,DESIGN , client call,x");
  g_auto(GStrv) none = dt_split_tags ("  ");

  g_assert_cmpuint (g_strv_length (tags), ==, 3);
  g_assert_cmpstr (tags[0], ==, "design");
  g_assert_cmpstr (tags[1], ==, "Client call");
  g_assert_cmpstr (tags[2], ==, "x");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/form-checks/name", test_name);
  g_test_add_func ("/gui/form-checks/email", test_email);
  g_test_add_func ("/gui/form-checks/money", test_money);
  g_test_add_func ("/gui/form-checks/duration", test_duration);
  g_test_add_func ("/gui/form-checks/time-of-day", test_time_of_day);
  g_test_add_func ("/gui/form-checks/misc", test_misc);
  g_test_add_func ("/gui/form-checks/entry-times", test_entry_times);
  g_test_add_func ("/gui/form-checks/split-tags", test_split_tags);

  return g_test_run ();
}

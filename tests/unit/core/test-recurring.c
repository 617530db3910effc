/* test-recurring.c: recurring invoices — schedules, amounts, one draft per period. */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-recurring.h"
#include "dt-invoice-store.h"
#include "dt-settings-store.h"

#include <string.h>

static DtRecurringTemplate *
monthly_template (gint64      client_id,
                  int         day,
                  const char *start,
                  const char *end)
{
  DtRecurringTemplate *template = dt_recurring_template_new ();
  DtRecurringLine *line = dt_recurring_line_new ("Retainer", 1000, 120000);

  template->client_id = client_id;
  template->name = g_strdup ("Monthly retainer");
  template->frequency = DT_RECURRING_MONTHLY;
  template->day_of_month = day;
  template->start_date = g_strdup (start);
  template->end_date = g_strdup (end);
  line->tax_rate_bp = 1900;
  g_ptr_array_add (template->lines, line);
  return template;
}

static char *
joined (GPtrArray *periods)
{
  g_ptr_array_add (periods, NULL);
  return g_strjoinv (",", (char **) periods->pdata);
}

static void
assert_periods (const DtRecurringTemplate *template,
                const char                *today,
                const char                *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = dt_recurring_due_periods (template, today, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = joined (periods);
  g_assert_cmpstr (text, ==, expected);
}

/* Draft days past a month's end fall on its last day; the start and end bound them. */
static void
test_due_periods (void)
{
  g_autoptr(DtRecurringTemplate) last_day = monthly_template (1, 31, "2026-01-15", NULL);
  g_autoptr(DtRecurringTemplate) late_start = monthly_template (1, 10, "2026-01-15",
                                                                 "2026-05-09");
  g_autoptr(DtRecurringTemplate) quarterly = monthly_template (1, 1, "2026-02-01", NULL);
  g_autoptr(DtRecurringTemplate) yearly = monthly_template (1, 29, "2024-02-01", NULL);

  assert_periods (last_day, "2026-01-30", "");
  assert_periods (last_day, "2026-01-31", "2026-01");
  assert_periods (last_day, "2026-02-28", "2026-01,2026-02");
  assert_periods (last_day, "2026-04-29", "2026-01,2026-02,2026-03");
  /* Day 10 of January is before the start: February is the first period, April the last
   * before the end. */
  assert_periods (late_start, "2027-01-01", "2026-02,2026-03,2026-04");
  quarterly->frequency = DT_RECURRING_QUARTERLY;
  assert_periods (quarterly, "2026-11-01", "2026-02,2026-05,2026-08,2026-11");
  /* 29 February exists in 2024 and 2028 only: the 28th in between. */
  yearly->frequency = DT_RECURRING_YEARLY;
  assert_periods (yearly, "2028-02-29", "2024-02,2025-02,2026-02,2027-02,2028-02");
  assert_periods (yearly, "2028-02-28", "2024-02,2025-02,2026-02,2027-02");
}

static void
assert_refused (DtTestFixture       *f,
                DtRecurringTemplate *template,
                const char          *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecurringTemplate) saved = dt_recurring_create (f->db, template, &error);

  g_assert_null (saved);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM recurring_templates"), ==, 0);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM recurring_template_lines"),
                   ==, 0);
}

/* Impossible schedules are refused with what is wrong named, and nothing is stored. */
static void
test_impossible_schedules (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtRecurringFrequency frequency;
  g_autoptr(DtRecurringTemplate) day_zero = NULL;
  g_autoptr(DtRecurringTemplate) day_32 = NULL;
  g_autoptr(DtRecurringTemplate) backwards = NULL;
  g_autoptr(DtRecurringTemplate) no_period = NULL;
  g_autoptr(DtRecurringTemplate) bad_date = NULL;
  g_autoptr(DtRecurringTemplate) no_lines = NULL;
  g_autoptr(DtRecurringTemplate) bad_price = NULL;

  dt_test_fixture_seed (f);
  day_zero = monthly_template (f->client_id, 0, "2026-01-01", NULL);
  assert_refused (f, day_zero, "day_of_month 0");
  day_32 = monthly_template (f->client_id, 32, "2026-01-01", NULL);
  assert_refused (f, day_32, "day_of_month 32");
  backwards = monthly_template (f->client_id, 1, "2026-06-01", "2026-05-31");
  assert_refused (f, backwards, "before start_date");
  /* February's last day, the 28th, is after the end: no period at all. */
  no_period = monthly_template (f->client_id, 31, "2026-02-01", "2026-02-20");
  assert_refused (f, no_period, "makes no draft");
  bad_date = monthly_template (f->client_id, 1, "2026-02-30", NULL);
  assert_refused (f, bad_date, "start_date");
  no_lines = monthly_template (f->client_id, 1, "2026-01-01", NULL);
  g_ptr_array_set_size (no_lines->lines, 0);
  assert_refused (f, no_lines, "at least one line");
  bad_price = monthly_template (f->client_id, 1, "2026-01-01", NULL);
  ((DtRecurringLine *) bad_price->lines->pdata[0])->unit_price = -5;
  assert_refused (f, bad_price, "lines[0].unit_price");
  g_assert_false (dt_recurring_frequency_from_string ("fortnightly", &frequency, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

/* A draft carries the template's lines to the cent, the period as its service period, and
 * a period's second draft is refused with nothing written — also after the first was
 * deleted. */
static void
test_one_draft_per_period (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecurringTemplate) input = NULL;
  g_autoptr(DtRecurringTemplate) template = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DtRecurringLine *hosting;

  dt_test_fixture_seed (f);
  input = monthly_template (f->client_id, 1, "2026-01-01", NULL);
  /* 1.5 × 49.99 = 74.985 → 74.99; with 1 × 1,200.00, both at 19 %: tax 242.2481 → 242.25 on
   * 1,274.99. */
  hosting = dt_recurring_line_new ("Hosting", 1500, 4999);
  hosting->tax_rate_bp = -1;
  g_ptr_array_add (input->lines, hosting);
  g_assert_true (dt_settings_set (f->db, DT_SETTING_DEFAULT_TAX_RATE_BP, "1900", &error));
  template = dt_recurring_create (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (template->lines->len, ==, 2);

  draft = dt_recurring_create_draft (f->db, template->id, "2026-03", &error);
  g_assert_no_error (error);
  g_assert_cmpint (draft->status, ==, DT_INVOICE_DRAFT);
  g_assert_cmpuint (draft->lines->len, ==, 2);
  g_assert_cmpint (((DtInvoiceLine *) draft->lines->pdata[0])->amount, ==, 120000);
  g_assert_cmpint (((DtInvoiceLine *) draft->lines->pdata[1])->amount, ==, 7499);
  g_assert_cmpint (draft->subtotal, ==, 127499);
  g_assert_cmpint (draft->tax_total, ==, 24225);
  g_assert_cmpint (draft->total, ==, 151724);
  g_assert_cmpstr (draft->period_from, ==, "2026-03-01");
  g_assert_cmpstr (draft->period_to, ==, "2026-03-31");

  before = dt_test_checksum (f->db);
  again = dt_recurring_create_draft (f->db, template->id, "2026-03", &error);
  g_assert_null (again);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (dt_invoice_store_delete_draft (f->db, draft->id, &error));
  g_assert_no_error (error);
  again = dt_recurring_create_draft (f->db, template->id, "2026-03", &error);
  g_assert_null (again);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Not one of its periods: refused, named. */
  again = dt_recurring_create_draft (f->db, template->id, "2025-12", &error);
  g_assert_null (again);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM invoices"), ==, 0);
}

static char *
day_text (GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Random schedules over ten simulated years: the app catches up at random days, the clock
 * jumps back and forth, the app restarts, and two connections (the window and the server)
 * take turns. However it goes, each due (template, period) has exactly one draft. */
static void
test_property_one_draft (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dt_recurring_template_free);
  g_autoptr(GDate) clock = g_date_new_dmy (1, G_DATE_JANUARY, 2020);
  g_autoptr(GDate) latest = g_date_new_dmy (1, G_DATE_JANUARY, 2020);
  g_autoptr(GDate) stop = g_date_new_dmy (1, G_DATE_JANUARY, 2030);
  DtDb *other = NULL;
  guint made = 0, restarts = 0, jumps = 0;

  dt_test_fixture_seed (f);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *start = g_strdup_printf ("%04d-%02d-%02d",
                                                g_rand_int_range (rand, 2020, 2026),
                                                g_rand_int_range (rand, 1, 13),
                                                g_rand_int_range (rand, 1, 29));
      g_autofree char *end = g_rand_boolean (rand)
                             ? g_strdup_printf ("%04d-12-31", g_rand_int_range (rand, 2026, 2031))
                             : NULL;
      g_autoptr(DtRecurringTemplate) input =
        monthly_template (i % 2 ? f->client_id : f->other_client_id,
                          g_rand_int_range (rand, 1, 32), start, end);
      DtRecurringTemplate *template;

      input->frequency = (DtRecurringFrequency) g_rand_int_range (rand, 0, 3);
      template = dt_recurring_create (f->db, input, &error);
      g_assert_no_error (error);
      g_ptr_array_add (templates, template);
    }

  other = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  while (g_date_compare (clock, stop) < 0)
    {
      g_autofree char *today = day_text (clock);
      DtDb *db = g_rand_boolean (rand) ? f->db : other;
      g_autoptr(GPtrArray) drafts = dt_recurring_catch_up (db, today, &error);

      g_assert_no_error (error);
      made += drafts->len;
      if (g_date_compare (clock, latest) > 0)
        *latest = *clock;

      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0: /* the clock set back, up to half a year */
          g_date_subtract_days (clock, g_rand_int_range (rand, 1, 183));
          jumps++;
          break;
        case 1: /* closed for months */
          g_date_add_days (clock, g_rand_int_range (rand, 60, 400));
          jumps++;
          break;
        case 2: /* a restart: the server's connection is closed and opened again */
          g_clear_object (&other);
          other = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
          restarts++;
          G_GNUC_FALLTHROUGH;
        default:
          g_date_add_days (clock, g_rand_int_range (rand, 1, 20));
          break;
        }
    }
  g_clear_object (&other);

  {
    g_autofree char *last = day_text (latest);
    guint expected = 0;

    for (guint i = 0; i < templates->len; i++)
      {
        const DtRecurringTemplate *template = templates->pdata[i];
        g_autoptr(GPtrArray) due = dt_recurring_due_periods (template, last, &error);
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM recurring_drafts WHERE "
                                                "template_id = %" G_GINT64_FORMAT, template->id);

        g_assert_no_error (error);
        g_assert_cmpint (dt_test_query_int (f->db, sql), ==, due->len);
        expected += due->len;
      }
    g_test_message ("%u drafts, %u restarts, %u clock jumps", made, restarts, jumps);
    g_assert_cmpuint (made, ==, expected);
    g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM invoices"), ==, expected);
    /* Every draft is linked to its period once. */
    g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(DISTINCT invoice_id) FROM "
                                        "recurring_drafts"), ==, expected);
  }
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  g_test_add_func ("/core/recurring/due-periods", test_due_periods);
  ADD ("/core/recurring/impossible-schedules", test_impossible_schedules);
  ADD ("/core/recurring/one-draft-per-period", test_one_draft_per_period);
  ADD ("/core/recurring/property-one-draft", test_property_one_draft);
#undef ADD

  return g_test_run ();
}

/* test-reminders.c: payment reminders — levels, what is due when, fees and interest to the
 * cent, each level sent once. */
#include "dt-test-core.h"

#include <string.h>

#include "dt-billing-hub.h"
#include "dt-error.h"
#include "dt-invoicing.h"
#include "dt-payment-store.h"
#include "dt-reminders.h"
#include "dt-time.h"

/* Interest is the balance × rate × days / 365, rounded once, half away from zero. */
static void
test_interest (void)
{
  /* 1,190.00 at 10.27 % for 30 days: 10.0449… */
  g_assert_cmpint (dt_reminders_interest (119000, 1027, 30), ==, 1004);
  /* 1,000.00 at 9 % for a year: 90.00 exactly. */
  g_assert_cmpint (dt_reminders_interest (100000, 900, 365), ==, 9000);
  /* 912.50 at 1 % for a day: 0.025 → 0.03. */
  g_assert_cmpint (dt_reminders_interest (91250, 100, 1), ==, 3);
  g_assert_cmpint (dt_reminders_interest (91249, 100, 1), ==, 2);
  g_assert_cmpint (dt_reminders_interest (100000, 0, 30), ==, 0);
  g_assert_cmpint (dt_reminders_interest (0, 900, 30), ==, 0);
}

static GArray *
levels_of (const DtReminderLevel *items,
           guint                  n)
{
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (DtReminderLevel));

  g_array_append_vals (levels, items, n);
  return levels;
}

static void
assert_nothing_due (DtTestFixture *f,
                    gint64         invoice_id,
                    const char    *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReminderDue) due = dt_reminders_due_for (f->db, invoice_id, today, &error);

  g_assert_null (due);
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
}

/* An invoice due on 30 November: nothing before the first level's day; then each level as
 * its day comes, with its fee and interest; a level sent once; nothing once paid. */
static void
test_levels_over_time (DtTestFixture *f,
                       gconstpointer  data)
{
  static const DtReminderLevel firm[] = {
    { 1, 7, 0, 0 },
    { 2, 14, 500, 0 },
    { 3, 28, 1000, 1027 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) levels = levels_of (firm, G_N_ELEMENTS (firm));
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtReminderDue) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(DtPayment) payment = dt_payment_new ();
  g_autoptr(DtPayment) paid = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 interest;

  dt_test_fixture_seed (f);
  g_assert_true (dt_reminders_set_levels (f->db, 0, levels, &error));
  g_assert_no_error (error);
  dt_time_set_fake_now (dt_test_local (2026, 10, 31, 12, 0));
  draft = dt_test_add_draft (f, 1900);
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent->due_date, ==, "2026-11-30");

  /* A draft and an invoice not yet late are due for nothing. */
  assert_nothing_due (f, sent->id, "2026-11-30");
  assert_nothing_due (f, sent->id, "2026-12-06");

  due = dt_reminders_due_for (f->db, sent->id, "2026-12-07", &error);
  g_assert_no_error (error);
  g_assert_cmpint (due->level, ==, 1);
  g_assert_cmpint (due->days_overdue, ==, 7);
  g_assert_cmpint (due->fee, ==, 0);
  g_assert_cmpint (due->interest, ==, 0);
  g_assert_cmpint (due->total, ==, sent->total);
  g_clear_pointer (&due, dt_reminder_due_free);
  g_assert_true (dt_reminders_record (f->db, sent->id, 1, "2026-12-07", &error));
  g_assert_no_error (error);

  /* Sent once: again is refused, and so is a level not yet due; nothing changes. */
  before = dt_test_checksum (f->db);
  g_assert_false (dt_reminders_record (f->db, sent->id, 1, "2026-12-08", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (dt_reminders_record (f->db, sent->id, 2, "2026-12-08", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
  assert_nothing_due (f, sent->id, "2026-12-13");

  due = dt_reminders_due_for (f->db, sent->id, "2026-12-14", &error);
  g_assert_no_error (error);
  g_assert_cmpint (due->level, ==, 2);
  g_assert_cmpint (due->fee, ==, 500);
  g_assert_cmpint (due->total, ==, sent->total + 500);
  /* The Billing Hub says which reminder the late invoice is due for. */
  {
    g_autoptr(DtBillingHub) hub = NULL;
    const DtAttentionItem *late = NULL;

    dt_time_set_fake_now (dt_test_local (2026, 12, 14, 12, 0));
    hub = dt_billing_hub_get (f->db, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < hub->attention->len; i++)
      if (((DtAttentionItem *) hub->attention->pdata[i])->invoice_id == sent->id)
        late = hub->attention->pdata[i];
    g_assert_nonnull (late);
    g_assert_cmpint (late->kind, ==, DT_ATTENTION_OVERDUE);
    if (strstr (late->message, "the first reminder is due") == NULL)
      g_error ("“%s” does not name the reminder due", late->message);
  }
  /* Asking for the final reminder while the first is due: refused, named. */
  g_clear_pointer (&due, dt_reminder_due_free);
  g_assert_false (dt_reminders_record (f->db, sent->id, 3, "2026-12-14", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);

  /* Level 2 never sent: at 28 days the final one is due, with 10.27 % a year for 28 days. */
  interest = (sent->total * 1027 * 28 * 2 + 10000 * 365) / (10000 * 365 * 2);
  all = dt_reminders_due (f->db, "2026-12-28", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  due = g_ptr_array_steal_index (all, 0);
  g_assert_cmpint (due->level, ==, 3);
  g_assert_cmpint (due->last_level, ==, 1);
  g_assert_cmpint (due->fee, ==, 1000);
  g_assert_cmpint (due->interest, ==, interest);
  g_assert_cmpint (due->total, ==, sent->total + 1000 + interest);
  g_assert_true (dt_reminders_record (f->db, sent->id, 3, "2026-12-28", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT sum (fee + interest) FROM "
                                      "invoice_reminders"), ==, 1000 + interest);

  /* Paid in full: nothing is due any more. */
  payment->invoice_id = sent->id;
  payment->amount = sent->total;
  paid = dt_payment_store_record (f->db, payment, &error);
  g_assert_no_error (error);
  all = (g_ptr_array_unref (all), dt_reminders_due (f->db, "2027-03-01", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  dt_time_set_fake_now (0);
}

/* A client's own levels replace the defaults for its invoices; bad levels change nothing. */
static void
test_client_levels (DtTestFixture *f,
                    gconstpointer  data)
{
  static const DtReminderLevel quick[] = { { 1, 3, 250, 0 } };
  static const DtReminderLevel backwards[] = { { 1, 14, 0, 0 }, { 2, 7, 0, 0 } };
  static const DtReminderLevel gap[] = { { 1, 7, 0, 0 }, { 3, 28, 0, 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) own = levels_of (quick, G_N_ELEMENTS (quick));
  g_autoptr(GArray) bad = levels_of (backwards, G_N_ELEMENTS (backwards));
  g_autoptr(GArray) skipped = levels_of (gap, G_N_ELEMENTS (gap));
  g_autoptr(GArray) none = levels_of (NULL, 0);
  g_autoptr(GArray) read = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  dt_test_fixture_seed (f);
  read = dt_reminders_levels (f->db, f->client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 3);
  g_assert_cmpint (g_array_index (read, DtReminderLevel, 2).after_days, ==, 28);
  g_clear_pointer (&read, g_array_unref);

  g_assert_true (dt_reminders_set_levels (f->db, f->client_id, own, &error));
  g_assert_no_error (error);
  read = dt_reminders_levels (f->db, f->client_id, &error);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpint (g_array_index (read, DtReminderLevel, 0).fee, ==, 250);
  g_clear_pointer (&read, g_array_unref);
  read = dt_reminders_levels (f->db, f->other_client_id, &error);
  g_assert_cmpuint (read->len, ==, 3);
  g_clear_pointer (&read, g_array_unref);

  before = dt_test_checksum (f->db);
  g_assert_false (dt_reminders_set_levels (f->db, f->client_id, bad, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "level 2"));
  g_clear_error (&error);
  g_assert_false (dt_reminders_set_levels (f->db, f->client_id, skipped, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dt_reminders_set_levels (f->db, 0, none, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dt_reminders_set_levels (f->db, 999, own, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  /* Empty: back to the defaults. */
  g_assert_true (dt_reminders_set_levels (f->db, f->client_id, none, &error));
  read = dt_reminders_levels (f->db, f->client_id, &error);
  g_assert_cmpuint (read->len, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  g_test_add_func ("/core/reminders/interest", test_interest);
  ADD ("/core/reminders/levels-over-time", test_levels_over_time);
  ADD ("/core/reminders/client-levels", test_client_levels);
#undef ADD

  return g_test_run ();
}

/* test-invoice-words.c: how the invoices page words an invoice: its status, title, dates,
 * percentages and quantities, computed from values without a display. */
#include "config.h"

#include <locale.h>

#include "dt-invoice-words.h"

static void
test_percent_and_units (void)
{
  const struct { gint64 value; const char *percent; const char *units; } cases[] = {
    { 1900, "19", "1.9" },
    { 750, "7.5", "0.75" },
    { 725, "7.25", "0.725" },
    { 0, "0", "0" },
    { 2000, "20", "2" },
    { 1500, "15", "1.5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *percent = dt_invoice_words_percent (cases[i].value);
      g_autofree char *units = dt_invoice_words_units (cases[i].value);

      g_assert_cmpstr (percent, ==, cases[i].percent);
      g_assert_cmpstr (units, ==, cases[i].units);
    }
}

static void
test_status_title_dates (void)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_new ();
  g_autofree char *title = NULL;
  g_autofree char *dates = NULL;

  g_assert_cmpstr (dt_invoice_words_status (invoice), ==, "Draft");
  title = dt_invoice_words_title (invoice, NULL);
  g_assert_cmpstr (title, ==, "Draft · ?");
  dates = dt_invoice_words_dates (invoice);
  g_assert_cmpstr (dates, ==, "Not sent yet");

  invoice->status = DT_INVOICE_SENT;
  invoice->number = g_strdup ("INV-2026-0014");
  invoice->issue_date = g_strdup ("2026-11-27");
  invoice->due_date = g_strdup ("2026-12-27");
  g_clear_pointer (&title, g_free);
  title = dt_invoice_words_title (invoice, "Acme");
  g_assert_cmpstr (title, ==, "INV-2026-0014 · Acme");
  g_assert_cmpstr (dt_invoice_words_status (invoice), ==, "Sent");
  g_clear_pointer (&dates, g_free);
  dates = dt_invoice_words_dates (invoice);
  g_assert_cmpstr (dates, ==, "Issued 2026-11-27 · due 2026-12-27");

  /* Overdue wins over the status, and says by how much. */
  invoice->days_overdue = 3;
  g_assert_cmpstr (dt_invoice_words_status (invoice), ==, "Overdue");
  g_clear_pointer (&dates, g_free);
  dates = dt_invoice_words_dates (invoice);
  g_assert_cmpstr (dates, ==, "Due 2026-12-27 — 3 days overdue");

  /* Once paid, the due date no longer matters. */
  invoice->days_overdue = 0;
  invoice->status = DT_INVOICE_PAID;
  g_clear_pointer (&dates, g_free);
  dates = dt_invoice_words_dates (invoice);
  g_assert_cmpstr (dates, ==, "Issued 2026-11-27");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/invoice-words/percent-and-units", test_percent_and_units);
  g_test_add_func ("/gui/invoice-words/status-title-dates", test_status_title_dates);
  return g_test_run ();
}

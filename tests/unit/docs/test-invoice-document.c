/* test-invoice-document.c: line amounts, discount sharing, tax summary and totals. */
#include "dt-invoice-document.h"
#include "dt-error.h"

#include <locale.h>
#include <string.h>

static void
test_line_amount (void)
{
  gint64 amount = 0;

  /* 20 minutes at 100.00/h is 33.333… → 33.33, rounded once. */
  g_assert_true (dt_invoice_line_amount (20, DT_INVOICE_UNIT_MINUTES, 10000, &amount));
  g_assert_cmpint (amount, ==, 3333);
  /* Half a cent rounds away from zero: 1 minute at 0.30/h = 0.005 → 0.01. */
  g_assert_true (dt_invoice_line_amount (1, DT_INVOICE_UNIT_MINUTES, 30, &amount));
  g_assert_cmpint (amount, ==, 1);
  g_assert_true (dt_invoice_line_amount (-1, DT_INVOICE_UNIT_MINUTES, 30, &amount));
  g_assert_cmpint (amount, ==, -1);
  /* 1.5 units at 80.00 = 120.00; 0.125 units at 10.00 = 1.25. */
  g_assert_true (dt_invoice_line_amount (1500, DT_INVOICE_UNIT_MILLIUNITS, 8000, &amount));
  g_assert_cmpint (amount, ==, 12000);
  g_assert_true (dt_invoice_line_amount (125, DT_INVOICE_UNIT_MILLIUNITS, 1000, &amount));
  g_assert_cmpint (amount, ==, 125);
  g_assert_false (dt_invoice_line_amount (G_MAXINT64, DT_INVOICE_UNIT_MILLIUNITS, G_MAXINT64,
                                          &amount));
}

/* Three lines of 20 minutes at 100.00/h: each rounded once (33.33), so the invoice says
 * 99.99 — the sum of what is printed — and never 100.00 from the unrounded hour. */
static void
test_per_line_drift (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      gint64 amount = 0;

      g_assert_true (dt_invoice_line_amount (20, DT_INVOICE_UNIT_MINUTES, 10000, &amount));
      dt_invoice_document_add_line (doc, "Review", 20, DT_INVOICE_UNIT_MINUTES, NULL, 10000,
                                    amount, 0);
    }
  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (doc->subtotal, ==, 9999);
  g_assert_cmpint (doc->discount, ==, 0);
  g_assert_cmpint (doc->tax_total, ==, 0);
  g_assert_cmpint (doc->total, ==, 9999);
  g_assert_cmpuint (doc->tax_groups->len, ==, 1);
}

static void
test_tax_summary (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GError) error = NULL;
  const DtInvoiceTaxGroup *g;

  dt_invoice_document_add_line (doc, "Design", 600, DT_INVOICE_UNIT_MINUTES, NULL, 9000,
                                90000, 2000);
  dt_invoice_document_add_line (doc, "Book", 1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 3333,
                                3333, 700);
  dt_invoice_document_add_line (doc, "Support", 90, DT_INVOICE_UNIT_MINUTES, NULL, 9000,
                                13500, 2000);
  dt_invoice_document_add_line (doc, "Export", 1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 5000,
                                5000, 0);
  doc->paid = 10000;

  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_no_error (error);

  g_assert_cmpint (doc->subtotal, ==, 90000 + 3333 + 13500 + 5000);
  g_assert_cmpuint (doc->tax_groups->len, ==, 3);
  /* Sorted by rate. */
  g = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, 0);
  g_assert_cmpint (g->rate_bp, ==, 0);
  g_assert_cmpint (g->base, ==, 5000);
  g_assert_cmpint (g->tax, ==, 0);
  g = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, 1);
  g_assert_cmpint (g->rate_bp, ==, 700);
  g_assert_cmpint (g->base, ==, 3333);
  g_assert_cmpint (g->tax, ==, 233); /* 233.31 → 233 */
  g = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, 2);
  g_assert_cmpint (g->rate_bp, ==, 2000);
  g_assert_cmpint (g->base, ==, 103500);
  g_assert_cmpint (g->tax, ==, 20700);
  g_assert_cmpint (doc->tax_total, ==, 20933);
  g_assert_cmpint (doc->total, ==, 111833 + 20933);
  g_assert_cmpint (doc->balance, ==, doc->total - 10000);
}

static void
test_discount_shared (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GError) error = NULL;
  gint64 bases = 0;

  /* Three equal groups share a discount of 100 that does not divide by three. */
  dt_invoice_document_add_line (doc, "a", 1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 1000, 1000, 0);
  dt_invoice_document_add_line (doc, "b", 1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 1000, 1000, 1000);
  dt_invoice_document_add_line (doc, "c", 1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 1001, 1001, 2000);
  doc->discount_fixed = 100;
  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (doc->discount, ==, 100);
  for (guint i = 0; i < doc->tax_groups->len; i++)
    bases += g_array_index (doc->tax_groups, DtInvoiceTaxGroup, i).base;
  /* The shares add up to the discount exactly. */
  g_assert_cmpint (bases, ==, doc->subtotal - doc->discount);
  g_assert_cmpint (doc->total, ==, doc->subtotal - doc->discount + doc->tax_total);

  /* 10 % plus 5.00 on 30.01. */
  doc->discount_fixed = 500;
  doc->discount_bp = 1000;
  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_cmpint (doc->discount, ==, 300 + 500);

  /* Never beyond the subtotal. */
  doc->discount_fixed = 1000000;
  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_cmpint (doc->discount, ==, doc->subtotal);
  g_assert_cmpint (doc->total, ==, 0);
  g_assert_cmpint (doc->tax_total, ==, 0);
}

static void
test_credit_note (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GError) error = NULL;

  doc->kind = DT_INVOICE_KIND_CREDIT_NOTE;
  dt_invoice_document_add_line (doc, "Correction", -60, DT_INVOICE_UNIT_MINUTES, NULL, 10000,
                                -10000, 2000);
  doc->discount_bp = 1000;
  g_assert_true (dt_invoice_document_compute_totals (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (doc->subtotal, ==, -10000);
  g_assert_cmpint (doc->discount, ==, -1000);
  g_assert_cmpint (doc->tax_total, ==, -1800);
  g_assert_cmpint (doc->total, ==, -10800);
  g_assert_cmpstr (dt_invoice_document_title (doc), ==, "Credit note");
}

static void
test_invalid (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GError) error = NULL;

  dt_invoice_document_add_line (doc, "x", 60, DT_INVOICE_UNIT_MINUTES, NULL, 100, 100, 10001);
  g_assert_false (dt_invoice_document_compute_totals (doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "10001"));
  g_clear_error (&error);

  g_ptr_array_set_size (doc->lines, 0);
  doc->discount_bp = -5;
  g_assert_false (dt_invoice_document_compute_totals (doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);

  doc->discount_bp = 0;
  doc->discount_fixed = -1;
  g_assert_false (dt_invoice_document_compute_totals (doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);

  doc->discount_fixed = 0;
  dt_invoice_document_add_line (doc, "a", 1, DT_INVOICE_UNIT_MILLIUNITS, NULL, 1, G_MAXINT64, 0);
  dt_invoice_document_add_line (doc, "b", 1, DT_INVOICE_UNIT_MILLIUNITS, NULL, 1, G_MAXINT64, 0);
  g_assert_false (dt_invoice_document_compute_totals (doc, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_formatting (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  DtInvoiceDocumentLine *line;
  g_autofree char *date = dt_invoice_format_date ("2026-11-27");
  g_autofree char *bad = dt_invoice_format_date ("someday");
  char *s;

  g_assert_cmpstr (date, ==, "27 November 2026");
  g_assert_cmpstr (bad, ==, "someday");
  g_assert_null (dt_invoice_format_date (NULL));

  g_assert_cmpstr (dt_invoice_document_display_number (doc), ==, "Draft");
  g_assert_cmpstr (dt_invoice_document_title (doc), ==, "Invoice");
  doc->number = g_strdup ("INV-2026-0001");
  g_assert_cmpstr (dt_invoice_document_display_number (doc), ==, "INV-2026-0001");
  g_assert_cmpstr (dt_invoice_document_seller_title (doc), ==, "");
  doc->seller.name = g_strdup ("Ada");
  g_assert_cmpstr (dt_invoice_document_seller_title (doc), ==, "Ada");
  doc->seller.business_name = g_strdup ("Ada Consulting");
  g_assert_cmpstr (dt_invoice_document_seller_title (doc), ==, "Ada Consulting");

  line = dt_invoice_document_add_line (doc, "x", 90, DT_INVOICE_UNIT_MINUTES, NULL, 0, 0, 0);
  s = dt_invoice_format_quantity (line);
  g_assert_cmpstr (s, ==, "1:30 h");
  g_free (s);
  line->quantity = 5;
  s = dt_invoice_format_quantity (line);
  g_assert_cmpstr (s, ==, "0:05 h");
  g_free (s);
  line = dt_invoice_document_add_line (doc, "y", 1500, DT_INVOICE_UNIT_MILLIUNITS, "pages", 0,
                                       0, 0);
  s = dt_invoice_format_quantity (line);
  g_assert_cmpstr (s, ==, "1.5 pages");
  g_free (s);
  line->quantity = 2000;
  g_clear_pointer (&line->unit_label, g_free);
  s = dt_invoice_format_quantity (line);
  g_assert_cmpstr (s, ==, "2");
  g_free (s);
  line->quantity = 125;
  s = dt_invoice_format_quantity (line);
  g_assert_cmpstr (s, ==, "0.125");
  g_free (s);

  s = dt_invoice_format_rate (2000);
  g_assert_cmpstr (s, ==, "20%");
  g_free (s);
  s = dt_invoice_format_rate (750);
  g_assert_cmpstr (s, ==, "7.5%");
  g_free (s);
  s = dt_invoice_format_rate (1225);
  g_assert_cmpstr (s, ==, "12.25%");
  g_free (s);
  s = dt_invoice_format_rate (0);
  g_assert_cmpstr (s, ==, "0%");
  g_free (s);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/invoice-document/line-amount", test_line_amount);
  g_test_add_func ("/invoice-document/per-line-drift", test_per_line_drift);
  g_test_add_func ("/invoice-document/tax-summary", test_tax_summary);
  g_test_add_func ("/invoice-document/discount-shared", test_discount_shared);
  g_test_add_func ("/invoice-document/credit-note", test_credit_note);
  g_test_add_func ("/invoice-document/invalid", test_invalid);
  g_test_add_func ("/invoice-document/formatting", test_formatting);
  return g_test_run ();
}

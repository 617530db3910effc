/* test-invoice-text.c: the plain-text invoice, its columns aligned by display width. */
#include "dt-invoice-text.h"
#include "dt-money.h"
#include "dt-sample-invoice.h"

#include <locale.h>
#include <string.h>

static void
test_display_width (void)
{
  g_assert_cmpuint (dt_invoice_text_display_width (NULL), ==, 0);
  g_assert_cmpuint (dt_invoice_text_display_width ("abc"), ==, 3);
  g_assert_cmpuint (dt_invoice_text_display_width ("株式会社"), ==, 8);
  g_assert_cmpuint (dt_invoice_text_display_width ("Привет"), ==, 6);
  /* e + combining acute accent is one column. */
  g_assert_cmpuint (dt_invoice_text_display_width ("e\xcc\x81"), ==, 1);
  g_assert_cmpuint (dt_invoice_text_display_width ("€90.00"), ==, 6);
}

/* Every line that carries an amount ends exactly at the right edge. */
static void
check_aligned (const char *text,
               guint       width,
               const char *currency_symbol)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint amounts = 0;

  for (guint i = 0; lines[i]; i++)
    {
      gsize w = dt_invoice_text_display_width (lines[i]);

      g_assert_cmpuint (w, <=, width);
      if (strstr (lines[i], currency_symbol) && g_str_has_suffix (lines[i], "0") &&
          !g_str_has_prefix (lines[i], " "))
        {
          /* A table row: description, then the figures, the amount last. */
          g_assert_cmpuint (w, ==, width);
          amounts++;
        }
      else if (g_str_has_prefix (lines[i], "       ") && strstr (lines[i], currency_symbol))
        {
          /* A totals row. */
          g_assert_cmpuint (w, ==, width);
          amounts++;
        }
    }
  g_assert_cmpuint (amounts, >, 0);
}

static void
test_render (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (6);
  g_autofree char *text = dt_invoice_text_render (doc, 0);
  g_autofree char *total = dt_money_format (doc->total, "EUR");

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Invoice INV-2026-0042\n"));
  g_assert_nonnull (strstr (text, "Due date:"));
  g_assert_nonnull (strstr (text, "27 December 2026"));
  g_assert_nonnull (strstr (text, "株式会社山田製作所"));
  g_assert_nonnull (strstr (text, "Lindqvist Design Studio"));
  g_assert_nonnull (strstr (text, "Tax 25% on"));
  g_assert_nonnull (strstr (text, "Tax 12% on"));
  g_assert_nonnull (strstr (text, total));
  g_assert_nonnull (strstr (text, "Balance due"));
  g_assert_nonnull (strstr (text, "Payment terms"));
  check_aligned (text, 78, "€");
}

static void
test_narrow_and_wide_text (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (6);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean cjk_row = FALSE;

  /* A description all in CJK, wider than the column: it must wrap on character bounds. */
  g_free (((DtInvoiceDocumentLine *) g_ptr_array_index (doc->lines, 0))->description);
  ((DtInvoiceDocumentLine *) g_ptr_array_index (doc->lines, 0))->description =
    g_strdup ("ウェブサイトの翻訳とローカリゼーションおよび品質保証テストと修正作業");
  text = dt_invoice_text_render (doc, 60);
  g_test_message ("%s", text);
  check_aligned (text, 60, "€");

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "ウェブサイト"))
      {
        cjk_row = TRUE;
        g_assert_cmpuint (dt_invoice_text_display_width (lines[i]), ==, 60);
        /* Its continuation follows on the next line, starting where it stopped. */
        g_assert_nonnull (lines[i + 1]);
        g_assert_cmpuint (dt_invoice_text_display_width (lines[i + 1]), >, 0);
      }
  g_assert_true (cjk_row);
}

static void
test_draft_credit_note (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autofree char *text = NULL;

  doc->kind = DT_INVOICE_KIND_CREDIT_NOTE;
  doc->corrects_number = g_strdup ("INV-2026-0042");
  doc->currency = g_strdup ("JPY");
  doc->bill_to.name = g_strdup ("Ada");
  dt_invoice_document_add_line (doc, "Refund", -1000, DT_INVOICE_UNIT_MILLIUNITS, NULL, 5000,
                                -5000, 0);
  g_assert_true (dt_invoice_document_compute_totals (doc, NULL));
  text = dt_invoice_text_render (doc, 50);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Credit note Draft\n"));
  g_assert_nonnull (strstr (text, "Corrects invoice: INV-2026-0042"));
  g_assert_nonnull (strstr (text, "−¥5,000"));
  /* No tax summary when nothing is taxed. */
  g_assert_null (strstr (text, "Tax 0%"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/invoice-text/display-width", test_display_width);
  g_test_add_func ("/invoice-text/render", test_render);
  g_test_add_func ("/invoice-text/narrow-wide", test_narrow_and_wide_text);
  g_test_add_func ("/invoice-text/draft-credit-note", test_draft_credit_note);
  return g_test_run ();
}

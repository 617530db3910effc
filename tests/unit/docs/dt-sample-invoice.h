/* dt-sample-invoice.h: a realistic invoice for the rendering and sending tests. */
#pragma once

#include "dt-invoice-document.h"

/* An invoice from a small studio to a Japanese client with @n_lines lines in several
 * scripts and tax rates, totals computed; the first lines are always the same. */
static inline DtInvoiceDocument *
dt_sample_invoice_new (guint n_lines)
{
  static const char *const descriptions[] = {
    "Design of the booking flow: wireframes, two rounds of revisions with the product team, "
    "and the final high-fidelity mock-ups for desktop and mobile",
    "Разработка API для мобильного приложения",
    "ウェブサイトの翻訳とローカリゼーション（日本語）",
    "Code review",
    "Hosting and maintenance, monthly flat fee",
    "Workshop preparation — עברית ו-English",
  };
  DtInvoiceDocument *doc = dt_invoice_document_new ();

  doc->number = g_strdup ("INV-2026-0042");
  doc->status = g_strdup ("sent");
  doc->issue_date = g_strdup ("2026-11-27");
  doc->due_date = g_strdup ("2026-12-27");
  doc->period_from = g_strdup ("2026-11-01");
  doc->period_to = g_strdup ("2026-11-30");
  doc->currency = g_strdup ("EUR");

  doc->seller.business_name = g_strdup ("Lindqvist Design Studio");
  doc->seller.name = g_strdup ("Maja Lindqvist");
  doc->seller.address = g_strdup ("Storgatan 12\n114 51 Stockholm\nSweden");
  doc->seller.email = g_strdup ("maja@lindqvist.example");
  doc->seller.tax_id = g_strdup ("SE556677889901");
  doc->seller.footer = g_strdup ("IBAN SE45 5000 0000 0583 9825 7466 · BIC ESSESESS · "
                                 "Registered in Sweden, org. no. 556677-8899");

  doc->bill_to.name = g_strdup ("株式会社山田製作所");
  doc->bill_to.address = g_strdup ("東京都千代田区丸の内1-1-1\n100-0005 Tokyo\nJapan");
  doc->bill_to.emails = g_strsplit ("billing@yamada.example,keiri@yamada.example", ",", -1);
  doc->bill_to.tax_id = g_strdup ("T1234567890123");

  for (guint i = 0; i < n_lines; i++)
    {
      const char *description = descriptions[i % G_N_ELEMENTS (descriptions)];
      gboolean hourly = i % 6 != 4;
      gint64 quantity = hourly ? 20 + (gint64) (i * 37 % 600) : 1000;
      gint64 price = hourly ? 9500 : 15000;
      gint64 amount = 0;

      g_assert_true (dt_invoice_line_amount (quantity, hourly ? DT_INVOICE_UNIT_MINUTES
                                                              : DT_INVOICE_UNIT_MILLIUNITS,
                                             price, &amount));
      dt_invoice_document_add_line (doc, description, quantity,
                                    hourly ? DT_INVOICE_UNIT_MINUTES : DT_INVOICE_UNIT_MILLIUNITS,
                                    hourly ? NULL : "month", price, amount,
                                    i % 6 == 3 ? 1200 : 2500);
    }
  doc->discount_bp = 500;
  doc->paid = 10000;
  doc->notes = g_strdup ("Thank you for your business. ご利用ありがとうございます。");
  doc->terms = g_strdup ("Payable within 30 days by bank transfer. Please quote the invoice "
                         "number with your payment.");
  g_assert_true (dt_invoice_document_compute_totals (doc, NULL));
  return doc;
}

/* dt-invoice-document.c: the printable invoice as plain data, and its totals in integers. */
#define G_LOG_DOMAIN "dt-invoice"

#include "config.h"

#include "dt-invoice-document.h"
#include "dt-error.h"
#include "dt-money.h"
#include "dt-time.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

static void
line_free (gpointer data)
{
  DtInvoiceDocumentLine *line = data;

  g_free (line->description);
  g_free (line->unit_label);
  g_free (line);
}

DtInvoiceDocument *
dt_invoice_document_new (void)
{
  DtInvoiceDocument *doc = g_new0 (DtInvoiceDocument, 1);

  doc->kind = DT_INVOICE_KIND_INVOICE;
  doc->lines = g_ptr_array_new_with_free_func (line_free);
  doc->tax_groups = g_array_new (FALSE, TRUE, sizeof (DtInvoiceTaxGroup));
  return doc;
}

void
dt_invoice_document_free (DtInvoiceDocument *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->number);
  g_free (doc->corrects_number);
  g_free (doc->status);
  g_free (doc->issue_date);
  g_free (doc->due_date);
  g_free (doc->period_from);
  g_free (doc->period_to);
  g_free (doc->currency);

  g_free (doc->seller.business_name);
  g_free (doc->seller.name);
  g_free (doc->seller.address);
  g_free (doc->seller.email);
  g_free (doc->seller.tax_id);
  g_free (doc->seller.footer);

  g_free (doc->bill_to.name);
  g_free (doc->bill_to.address);
  g_strfreev (doc->bill_to.emails);
  g_free (doc->bill_to.tax_id);

  g_clear_pointer (&doc->lines, g_ptr_array_unref);
  g_clear_pointer (&doc->tax_groups, g_array_unref);
  g_free (doc->notes);
  g_free (doc->terms);
  g_clear_pointer (&doc->logo_png, g_bytes_unref);
  g_free (doc);
}

DtInvoiceDocumentLine *
dt_invoice_document_add_line (DtInvoiceDocument *doc,
                              const char        *description,
                              gint64             quantity,
                              DtInvoiceUnit      unit,
                              const char        *unit_label,
                              gint64             unit_price,
                              gint64             amount,
                              int                tax_rate_bp)
{
  DtInvoiceDocumentLine *line;

  g_return_val_if_fail (doc != NULL, NULL);

  line = g_new0 (DtInvoiceDocumentLine, 1);
  line->description = g_strdup (description ? description : "");
  line->quantity = quantity;
  line->unit = unit;
  line->unit_label = g_strdup (unit_label);
  line->unit_price = unit_price;
  line->amount = amount;
  line->tax_rate_bp = tax_rate_bp;
  g_ptr_array_add (doc->lines, line);
  return line;
}

gboolean
dt_invoice_line_amount (gint64         quantity,
                        DtInvoiceUnit  unit,
                        gint64         unit_price,
                        gint64        *out_amount)
{
  g_return_val_if_fail (out_amount != NULL, FALSE);

  return dt_money_mul_div_round (quantity, unit_price,
                                 unit == DT_INVOICE_UNIT_MINUTES ? 60 : 1000, out_amount);
}

static gboolean
checked_add (gint64  a,
             gint64  b,
             gint64 *out)
{
  return !__builtin_add_overflow (a, b, out);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const DtInvoiceTaxGroup *ga = a, *gb = b;

  return (ga->rate_bp > gb->rate_bp) - (ga->rate_bp < gb->rate_bp);
}

gboolean
dt_invoice_document_compute_totals (DtInvoiceDocument  *doc,
                                    GError            **error)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (DtInvoiceTaxGroup));
  gint64 subtotal = 0, discount = 0, percent_part = 0, shared = 0, tax_total = 0;
  gint64 total = 0, balance = 0;
  gint64 magnitude;
  guint largest = 0;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (doc->discount_bp < 0 || doc->discount_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a discount of %d basis points is out of range; use 0 to 10000 (0 %% to 100 %%)",
                   doc->discount_bp);
      return FALSE;
    }
  if (doc->discount_fixed < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a fixed discount cannot be negative (%" G_GINT64_FORMAT ")",
                   doc->discount_fixed);
      return FALSE;
    }

  /* 1 and 3: the subtotal, and the amount per tax rate. */
  for (guint i = 0; i < doc->lines->len; i++)
    {
      const DtInvoiceDocumentLine *line = g_ptr_array_index (doc->lines, i);
      DtInvoiceTaxGroup *group = NULL;

      if (line->tax_rate_bp < 0 || line->tax_rate_bp > 10000)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u has a tax rate of %d basis points; use 0 to 10000", i + 1,
                       line->tax_rate_bp);
          return FALSE;
        }
      if (!checked_add (subtotal, line->amount, &subtotal))
        goto overflow;

      for (guint g = 0; g < groups->len; g++)
        if (g_array_index (groups, DtInvoiceTaxGroup, g).rate_bp == line->tax_rate_bp)
          group = &g_array_index (groups, DtInvoiceTaxGroup, g);
      if (group == NULL)
        {
          DtInvoiceTaxGroup fresh = { line->tax_rate_bp, 0, 0 };

          g_array_append_val (groups, fresh);
          group = &g_array_index (groups, DtInvoiceTaxGroup, groups->len - 1);
        }
      if (!checked_add (group->base, line->amount, &group->base))
        goto overflow;
    }
  g_array_sort (groups, compare_groups);

  /* 2: the discount, with the subtotal's sign, never beyond it. */
  if (!dt_money_mul_div_round (subtotal, doc->discount_bp, 10000, &percent_part))
    goto overflow;
  magnitude = ABS (percent_part);
  if (!checked_add (magnitude, doc->discount_fixed, &magnitude))
    goto overflow;
  magnitude = MIN (magnitude, ABS (subtotal));
  discount = subtotal < 0 ? -magnitude : magnitude;

  /* 3: each rate's share of the discount, proportional; the remainder goes to the largest. */
  for (guint g = 0; g < groups->len; g++)
    if (ABS (g_array_index (groups, DtInvoiceTaxGroup, g).base) >
        ABS (g_array_index (groups, DtInvoiceTaxGroup, largest).base))
      largest = g;
  for (guint g = 0; g < groups->len && discount != 0; g++)
    {
      DtInvoiceTaxGroup *group = &g_array_index (groups, DtInvoiceTaxGroup, g);
      gint64 share = 0;

      if (!dt_money_mul_div_round (discount, group->base, subtotal, &share))
        goto overflow;
      group->base -= share;
      shared += share;
    }
  if (groups->len > 0)
    g_array_index (groups, DtInvoiceTaxGroup, largest).base -= discount - shared;

  /* 4 and 5: tax once per rate, then the totals. */
  for (guint g = 0; g < groups->len; g++)
    {
      DtInvoiceTaxGroup *group = &g_array_index (groups, DtInvoiceTaxGroup, g);

      if (!dt_money_mul_div_round (group->base, group->rate_bp, 10000, &group->tax) ||
          !checked_add (tax_total, group->tax, &tax_total))
        goto overflow;
    }
  if (!checked_add (subtotal - discount, tax_total, &total) ||
      __builtin_sub_overflow (total, doc->paid, &balance))
    goto overflow;

  g_array_unref (doc->tax_groups);
  doc->tax_groups = g_steal_pointer (&groups);
  doc->subtotal = subtotal;
  doc->discount = discount;
  doc->tax_total = tax_total;
  doc->total = total;
  doc->balance = balance;
  return TRUE;

overflow:
  g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                       "the invoice amounts are too large to add up");
  return FALSE;
}

const char *
dt_invoice_document_title (const DtInvoiceDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (doc->kind == DT_INVOICE_KIND_CREDIT_NOTE)
    return _("Credit note");
  return _("Invoice");
}

const char *
dt_invoice_document_display_number (const DtInvoiceDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (doc->number == NULL || *doc->number == '\0')
    /* Translators: printed instead of the invoice number on a preview not yet issued. */
    return _("Draft");
  return doc->number;
}

const char *
dt_invoice_document_seller_title (const DtInvoiceDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (doc->seller.business_name != NULL && *doc->seller.business_name != '\0')
    return doc->seller.business_name;
  return doc->seller.name ? doc->seller.name : "";
}

char *
dt_invoice_format_date (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day;

  if (date == NULL)
    return NULL;
  if (!dt_time_parse_date (date, &year, &month, &day, NULL))
    return g_strdup (date);

  /* Noon, so no time zone can move the day. */
  dt = g_date_time_new_utc (year, month, day, 12, 0, 0);
  if (dt == NULL)
    return g_strdup (date);
  /* Translators: how a date is printed on an invoice, in g_date_time_format() syntax:
   * %-d day, %B month name, %Y year. For example "%B %-d, %Y" gives "November 27, 2026". */
  return g_date_time_format (dt, _("%-d %B %Y"));
}

static const char *
decimal_point (void)
{
  struct lconv *lc = localeconv ();

  return (lc->decimal_point && *lc->decimal_point) ? lc->decimal_point : ".";
}

char *
dt_invoice_format_quantity (const DtInvoiceDocumentLine *line)
{
  guint64 magnitude;
  const char *sign;

  g_return_val_if_fail (line != NULL, NULL);

  magnitude = line->quantity < 0 ? -(guint64) line->quantity : (guint64) line->quantity;
  sign = line->quantity < 0 ? "−" : "";

  if (line->unit == DT_INVOICE_UNIT_MINUTES)
    {
      const char *label = (line->unit_label && *line->unit_label) ? line->unit_label
                          /* Translators: the unit after a duration such as "1:30 h". */
                          : C_("hours unit", "h");

      return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02u %s", sign, magnitude / 60,
                              (guint) (magnitude % 60), label);
    }
  else
    {
      g_autoptr(GString) out = g_string_new (sign);
      guint fraction = magnitude % 1000;

      g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude / 1000);
      if (fraction != 0)
        {
          char digits[4];

          g_snprintf (digits, sizeof digits, "%03u", fraction);
          for (int i = 2; i > 0 && digits[i] == '0'; i--)
            digits[i] = '\0';
          g_string_append_printf (out, "%s%s", decimal_point (), digits);
        }
      if (line->unit_label && *line->unit_label)
        g_string_append_printf (out, " %s", line->unit_label);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
}

char *
dt_invoice_format_rate (int rate_bp)
{
  int whole = ABS (rate_bp) / 100, fraction = ABS (rate_bp) % 100;
  const char *sign = rate_bp < 0 ? "−" : "";

  if (fraction == 0)
    return g_strdup_printf ("%s%d%%", sign, whole);
  if (fraction % 10 == 0)
    return g_strdup_printf ("%s%d%s%d%%", sign, whole, decimal_point (), fraction / 10);
  return g_strdup_printf ("%s%d%s%02d%%", sign, whole, decimal_point (), fraction);
}

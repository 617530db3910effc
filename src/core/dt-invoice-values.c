/* dt-invoice-values.c: invoices and their lines as plain values: names, copies, totals, dates. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-invoice-store-private.h"
#include "dt-error.h"
#include "dt-time.h"

static const char *const statuses[] = { "draft", "sent", "partially_paid", "paid", "void", NULL };
static const char *const line_kinds[] = { "time", "hourly", "fixed", NULL };

const char *
dt_invoice_status_to_string (DtInvoiceStatus status)
{
  g_return_val_if_fail (status <= DT_INVOICE_VOID, NULL);
  return statuses[status];
}

gboolean
dt_invoice_status_from_string (const char       *text,
                               DtInvoiceStatus  *out,
                               GError          **error)
{
  for (guint i = 0; text != NULL && statuses[i] != NULL; i++)
    if (g_str_equal (statuses[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice status “%s” is not known; use draft, sent, partially_paid, paid or "
                   "void", shown);
    }
  return FALSE;
}

const char *
dt_line_kind_to_string (DtLineKind kind)
{
  g_return_val_if_fail (kind <= DT_LINE_FIXED, NULL);
  return line_kinds[kind];
}

gboolean
dt_line_kind_from_string (const char  *text,
                          DtLineKind  *out,
                          GError     **error)
{
  for (guint i = 0; text != NULL && line_kinds[i] != NULL; i++)
    if (g_str_equal (line_kinds[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line kind “%s” is not known; use time, hourly or fixed", shown);
    }
  return FALSE;
}

DtInvoiceLine *
dt_invoice_line_new (DtLineKind kind)
{
  DtInvoiceLine *line = g_new0 (DtInvoiceLine, 1);

  line->kind = kind;
  line->description = g_strdup ("");
  line->rule_note = g_strdup ("");
  line->unit_code = g_strdup ("");
  line->vat_category = g_strdup ("");
  line->raw_minutes = DT_NO_VALUE;
  line->entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return line;
}

DtInvoiceLine *
dt_invoice_line_copy (const DtInvoiceLine *line)
{
  DtInvoiceLine *copy;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_memdup2 (line, sizeof *line);
  copy->description = g_strdup (line->description);
  copy->rule_note = g_strdup (line->rule_note);
  copy->unit_code = g_strdup (line->unit_code);
  copy->vat_category = g_strdup (line->vat_category);
  copy->entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (line->entry_ids != NULL)
    g_array_append_vals (copy->entry_ids, line->entry_ids->data, line->entry_ids->len);
  return copy;
}

void
dt_invoice_line_free (DtInvoiceLine *line)
{
  if (line == NULL)
    return;
  g_free (line->description);
  g_free (line->rule_note);
  g_free (line->unit_code);
  g_free (line->vat_category);
  g_clear_pointer (&line->entry_ids, g_array_unref);
  g_free (line);
}

DtInvoiceUnit
dt_invoice_line_get_unit (const DtInvoiceLine *line)
{
  return line->kind == DT_LINE_FIXED ? DT_INVOICE_UNIT_MILLIUNITS : DT_INVOICE_UNIT_MINUTES;
}

gboolean
dt_invoice_line_compute_amount (const DtInvoiceLine *line,
                                gint64              *out_amount)
{
  g_return_val_if_fail (line != NULL, FALSE);

  return dt_invoice_line_amount (line->quantity, dt_invoice_line_get_unit (line),
                                 line->unit_price, out_amount);
}

DtInvoice *
dt_invoice_new (void)
{
  DtInvoice *invoice = g_new0 (DtInvoice, 1);

  invoice->notes = g_strdup ("");
  invoice->terms = g_strdup ("");
  invoice->order_reference = g_strdup ("");
  invoice->vat_category = g_strdup ("");
  invoice->vat_exemption_reason = g_strdup ("");
  invoice->vat_exemption_code = g_strdup ("");
  invoice->bill_to = g_strdup ("{}");
  invoice->seller = g_strdup ("{}");
  invoice->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  invoice->tax_groups = g_array_new (FALSE, TRUE, sizeof (DtInvoiceTaxGroup));
  return invoice;
}

void
dt_invoice_free (DtInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->currency);
  g_free (invoice->issue_date);
  g_free (invoice->due_date);
  g_free (invoice->period_from);
  g_free (invoice->period_to);
  g_free (invoice->notes);
  g_free (invoice->terms);
  g_free (invoice->order_reference);
  g_free (invoice->vat_category);
  g_free (invoice->vat_exemption_reason);
  g_free (invoice->vat_exemption_code);
  g_free (invoice->bill_to);
  g_free (invoice->seller);
  g_free (invoice->sent_to);
  g_free (invoice->send_error);
  g_free (invoice->credit_for_number);
  g_clear_pointer (&invoice->lines, g_ptr_array_unref);
  g_clear_pointer (&invoice->tax_groups, g_array_unref);
  g_free (invoice);
}

gboolean
dt_invoice_compute_totals (DtInvoice  *invoice,
                           GError    **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();

  g_return_val_if_fail (invoice != NULL, FALSE);

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = invoice->lines->pdata[i];

      if (!dt_invoice_line_compute_amount (line, &line->amount))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "the amount of line %u (“%s”) is too large", i + 1, line->description);
          return FALSE;
        }
      dt_invoice_document_add_line (doc, NULL, line->quantity, dt_invoice_line_get_unit (line),
                                    NULL, line->unit_price, line->amount, line->tax_rate_bp);
    }
  doc->discount_bp = invoice->discount_bp;
  doc->discount_fixed = invoice->discount_fixed;
  doc->paid = invoice->paid;
  if (!dt_invoice_document_compute_totals (doc, error))
    return FALSE;
  invoice->subtotal = doc->subtotal;
  invoice->discount = doc->discount;
  invoice->tax_total = doc->tax_total;
  invoice->total = doc->total;
  invoice->balance = doc->balance;
  g_array_set_size (invoice->tax_groups, 0);
  g_array_append_vals (invoice->tax_groups, doc->tax_groups->data, doc->tax_groups->len);
  return TRUE;
}

char *
dt_invoice_store_add_days (const char *date,
                           int         days)
{
  int y, m, d;
  GDate day;
  char buffer[16];

  if (!dt_time_parse_date (date, &y, &m, &d, NULL))
    return NULL;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, d, m, y);
  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  g_snprintf (buffer, sizeof buffer, "%04d-%02d-%02d", g_date_get_year (&day),
              g_date_get_month (&day), g_date_get_day (&day));
  return g_strdup (buffer);
}

int
dt_invoice_store_days_between (const char *from,
                               const char *to)
{
  int y, m, d;
  GDate a, b;

  if (!dt_time_parse_date (from, &y, &m, &d, NULL))
    return 0;
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, d, m, y);
  if (!dt_time_parse_date (to, &y, &m, &d, NULL))
    return 0;
  g_date_clear (&b, 1);
  g_date_set_dmy (&b, d, m, y);
  return g_date_days_between (&a, &b);
}

/* dt-invoice-words.c: the words the invoices page shows for an invoice and its lines. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-format.h"
#include "dt-invoice-words.h"

const char *
dt_invoice_words_status (const DtInvoice *invoice)
{
  if (invoice->days_overdue > 0)
    return _("Overdue");
  switch (invoice->status)
    {
    case DT_INVOICE_DRAFT:
      return _("Draft");
    case DT_INVOICE_SENT:
      return _("Sent");
    case DT_INVOICE_PARTIALLY_PAID:
      return _("Partly paid");
    case DT_INVOICE_PAID:
      return _("Paid");
    case DT_INVOICE_VOID:
      return _("Void");
    default:
      return "";
    }
}

char *
dt_invoice_words_title (const DtInvoice *invoice,
                        const char      *client_name)
{
  const char *number = invoice->number != NULL ? invoice->number
                       : (invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE ? _("Credit note")
                                                                      : _("Draft"));

  return g_strdup_printf ("%s · %s", number, client_name != NULL ? client_name : "?");
}

char *
dt_invoice_words_dates (const DtInvoice *invoice)
{
  if (invoice->status == DT_INVOICE_DRAFT)
    return invoice->send_error != NULL
           /* Translators: why the last e-mail failed */
           ? g_strdup_printf (_("Not sent: %s"), invoice->send_error)
           : g_strdup (_("Not sent yet"));
  if (invoice->days_overdue > 0)
    return g_strdup_printf (ngettext ("Due %s — %d day overdue", "Due %s — %d days overdue",
                                      invoice->days_overdue),
                            invoice->due_date, invoice->days_overdue);
  if (invoice->due_date != NULL && invoice->status != DT_INVOICE_PAID &&
      invoice->status != DT_INVOICE_VOID)
    /* Translators: "Issued 2026-11-27 · due 2026-12-27" */
    return g_strdup_printf (_("Issued %s · due %s"), invoice->issue_date, invoice->due_date);
  return g_strdup_printf (_("Issued %s"), invoice->issue_date != NULL ? invoice->issue_date : "");
}

char *
dt_invoice_words_percent (gint64 bp)
{
  if (bp % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, bp / 100);
  if (bp % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%d", bp / 100, (int) (bp % 100 / 10));
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", bp / 100, (int) (bp % 100));
}

/* A fixed line's units, held in thousandths: 1500 reads "1.5", 2000 "2". */
char *
dt_invoice_words_units (gint64 thousandths)
{
  char *units = thousandths % 1000 == 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT, thousandths / 1000)
    : g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", thousandths / 1000,
                       (int) (thousandths % 1000));

  if (strchr (units, '.') != NULL)
    while (g_str_has_suffix (units, "0"))
      units[strlen (units) - 1] = '\0';
  return units;
}

/* "2 h 30 min × €90.00/h", "1.5 × €40.00" or the like: what a line bills, before tax. */
char *
dt_invoice_words_line_quantity (const DtInvoiceLine *line,
                                const char          *currency)
{
  g_autofree char *price = NULL;

  if (line->kind == DT_LINE_FIXED)
    {
      g_autofree char *units = dt_invoice_words_units (line->quantity);

      price = dt_format_money (line->unit_price, currency);
      /* Translators: units × price per unit, for example "1.5 × €40.00" */
      return g_strdup_printf (_("%s × %s"), units, price);
    }
  else
    {
      g_autofree char *duration = dt_format_duration_words (line->quantity * 60);

      price = dt_format_rate (line->unit_price, currency);
      /* Translators: time × rate, for example "2 h 30 min × €90.00/h" */
      return g_strdup_printf (_("%s × %s"), duration, price);
    }
}

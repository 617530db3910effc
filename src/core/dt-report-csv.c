/* dt-report-csv.c: a report as RFC 4180 CSV. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-reports.h"
#include "dt-money.h"

#include <string.h>

static void
append_field (GString    *out,
              const char *text)
{
  /* A name starting like a formula is shown as text by spreadsheets, not evaluated. */
  gboolean formula = strchr ("=+-@", text[0]) != NULL && text[0] != '\0';

  if (strpbrk (text, ",\"\r\n") == NULL && !formula)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_hours (GString *out,
              gint64   seconds)
{
  gint64 hundredths = (seconds * 100 + 1800) / 3600;

  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%02d", hundredths / 100,
                          (int) (hundredths % 100));
}

static void
append_row (GString           *out,
            const char        *group,
            const DtReportRow *row)
{
  g_autofree char *amount = dt_money_format_plain (row->amount, row->currency);
  g_autofree char *invoiced = dt_money_format_plain (row->invoiced_amount, row->currency);

  append_field (out, group);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", row->id);
  append_field (out, row->label);
  g_string_append_printf (out, ",%s,%u,", row->currency, row->entries);
  append_hours (out, row->seconds);
  g_string_append_c (out, ',');
  append_hours (out, row->billable_seconds);
  g_string_append_c (out, ',');
  append_hours (out, row->non_billable_seconds);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%s,%s\r\n",
                          row->raw_minutes, row->billed_minutes, amount, invoiced);
}

char *
dt_report_to_csv (const DtReport *report)
{
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new ("group,id,label,currency,entries,hours,billable_hours,non_billable_hours,"
                      "raw_minutes,billed_minutes,amount,invoiced_amount\r\n");
  for (guint i = 0; i < report->rows->len; i++)
    append_row (out, dt_report_grouping_to_string (report->query.group_by), report->rows->pdata[i]);
  for (guint i = 0; i < report->totals->len; i++)
    append_row (out, "total", report->totals->pdata[i]);
  return g_string_free (out, FALSE);
}

/* dt-invoicing-numbers.c: invoice and credit note numbers, from their patterns, never given twice. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-settings-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

char *
dt_invoicing_format_number (const char *pattern,
                            int         year,
                            int         month,
                            gint64      counter)
{
  GString *out;

  g_return_val_if_fail (pattern != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = pattern; *p; )
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;

      if (close == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (strncmp (p, "{YYYY}", 6) == 0)
        g_string_append_printf (out, "%04d", year);
      else if (strncmp (p, "{YY}", 4) == 0)
        g_string_append_printf (out, "%02d", year % 100);
      else if (strncmp (p, "{MM}", 4) == 0)
        g_string_append_printf (out, "%02d", month);
      else if (p[1] == 'N')
        g_string_append_printf (out, "%0*" G_GINT64_FORMAT, (int) (close - p - 1), counter);
      else
        g_string_append_len (out, p, close - p + 1);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

gboolean
dt_invoicing_find_number (DtDb           *db,
                          DtInvoiceKind   kind,
                          const char     *issue_date,
                          DtNumberSlot   *slot,
                          GError        **error)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int y, m, d;

  if (!dt_time_parse_date (issue_date, &y, &m, &d, error))
    return FALSE;
  pattern = dt_settings_get (db, kind == DT_INVOICE_KIND_CREDIT_NOTE
                                 ? DT_SETTING_CREDIT_NOTE_PATTERN : DT_SETTING_NUMBER_PATTERN,
                             error);
  if (pattern == NULL || !dt_settings_check_number_pattern (pattern, error))
    return FALSE;
  slot->series = kind == DT_INVOICE_KIND_CREDIT_NOTE ? "CN" : "INV";
  slot->year = y;
  slot->counter = 1;
  stmt = dt_db_prepare (db, "SELECT next FROM invoice_counters WHERE series = ? AND year = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slot->series, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, y);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    slot->counter = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* A pattern changed by hand may meet numbers already given: skip them, never reuse. */
  for (;;)
    {
      gboolean taken;

      g_free (slot->number);
      slot->number = dt_invoicing_format_number (pattern, y, m, slot->counter);
      stmt = dt_db_prepare (db, "SELECT 1 FROM invoices WHERE number = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, slot->number, -1, SQLITE_TRANSIENT);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!taken)
        return TRUE;
      slot->counter++;
    }
}

gboolean
dt_invoicing_take_number (DtDb          *db,
                          DtNumberSlot  *slot,
                          GError       **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "INSERT INTO invoice_counters (series, year, next) "
                                      "VALUES (?1, ?2, ?3) ON CONFLICT (series, year) "
                                      "DO UPDATE SET next = excluded.next", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slot->series, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, slot->year);
  sqlite3_bind_int64 (stmt, 3, slot->counter + 1);
  return dt_store_step_done (db, stmt, "Could not advance the invoice numbers", error);
}

char *
dt_invoicing_peek_number (DtDb           *db,
                          DtInvoiceKind   kind,
                          const char     *issue_date,
                          GError        **error)
{
  DtNumberSlot slot = { 0 };
  g_autofree char *today = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (issue_date == NULL)
    issue_date = today = dt_time_local_date (dt_time_now ());
  if (!dt_invoicing_find_number (db, kind, issue_date, &slot, error))
    {
      g_free (slot.number);
      return NULL;
    }
  return slot.number;
}

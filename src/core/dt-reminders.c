/* dt-reminders.c: payment reminder levels, what is due, and the reminders sent. */
#define G_LOG_DOMAIN "dt-reminders"

#include "dt-reminders.h"
#include "dt-error.h"
#include "dt-invoice-store-private.h"
#include "dt-money.h"
#include "dt-store-events.h"
#include "dt-store-private.h"
#include "dt-time.h"

GArray *
dt_reminders_levels (DtDb    *db,
                     gint64   client_id,
                     GError **error)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, TRUE, sizeof (DtReminderLevel));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT level, after_days, fee, interest_bp FROM reminder_levels "
                        "WHERE client_id = ?1 OR (client_id = 0 AND NOT EXISTS (SELECT 1 FROM "
                        "reminder_levels WHERE client_id = ?1)) ORDER BY level", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtReminderLevel level = {
        .level = sqlite3_column_int (stmt, 0),
        .after_days = sqlite3_column_int (stmt, 1),
        .fee = sqlite3_column_int64 (stmt, 2),
        .interest_bp = sqlite3_column_int (stmt, 3),
      };
      g_array_append_val (levels, level);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the reminder levels");
      return NULL;
    }
  return g_steal_pointer (&levels);
}

static gboolean
check_levels (const GArray  *levels,
              GError       **error)
{
  for (guint i = 0; i < levels->len; i++)
    {
      const DtReminderLevel *level = &g_array_index (levels, DtReminderLevel, i);

      if (level->level != (int) i + 1)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "reminder levels must be 1, 2, 3 in order; item %u is level %d", i + 1,
                       level->level);
          return FALSE;
        }
      if (level->level > DT_REMINDER_MAX_LEVEL)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "there are at most %d reminder levels", DT_REMINDER_MAX_LEVEL);
          return FALSE;
        }
      if (level->after_days < 1 || level->after_days > 3650 ||
          (i > 0 && level->after_days <= g_array_index (levels, DtReminderLevel,
                                                        i - 1).after_days))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "level %d: after_days %d must be 1 to 3650 and later than the level "
                       "before", level->level, level->after_days);
          return FALSE;
        }
      if (level->fee < 0 || level->interest_bp < 0 || level->interest_bp > 10000)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "level %d: the fee must not be negative and the interest must be 0 to "
                       "10000 basis points (100 %%)", level->level);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
dt_reminders_set_levels (DtDb          *db,
                         gint64         client_id,
                         const GArray  *levels,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (levels != NULL, FALSE);

  if (!check_levels (levels, error))
    return FALSE;
  if (client_id == 0 && levels->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the default reminder levels cannot be "
                   "empty");
      return FALSE;
    }
  if (!dt_db_begin (db, error))
    return FALSE;
  if (client_id != 0 && !dt_store_require_client (db, client_id, FALSE, error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM reminder_levels WHERE client_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (!dt_store_step_done (db, stmt, "Could not change the reminder levels", error))
    goto fail;
  for (guint i = 0; i < levels->len; i++)
    {
      const DtReminderLevel *level = &g_array_index (levels, DtReminderLevel, i);

      stmt = dt_db_prepare (db, "INSERT INTO reminder_levels (client_id, level, after_days, "
                            "fee, interest_bp) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, client_id);
      sqlite3_bind_int (stmt, 2, level->level);
      sqlite3_bind_int (stmt, 3, level->after_days);
      sqlite3_bind_int64 (stmt, 4, level->fee);
      sqlite3_bind_int (stmt, 5, level->interest_bp);
      if (!dt_store_step_done (db, stmt, "Could not change the reminder levels", error))
        goto fail;
    }
  dt_db_note_change (db, DT_ENTITY_SETTING, 0);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

gint64
dt_reminders_interest (gint64 balance,
                       int    interest_bp,
                       int    days)
{
  gint64 interest = 0;

  if (balance <= 0 || interest_bp <= 0 || days <= 0)
    return 0;
  if (!dt_money_mul_div_round (balance * days, interest_bp, 10000 * 365, &interest))
    return 0;
  return interest;
}

void
dt_reminder_due_free (DtReminderDue *due)
{
  if (due == NULL)
    return;
  g_free (due->number);
  g_free (due->currency);
  g_free (due->due_date);
  g_free (due);
}

/* The terms of invoices_open, so that SQLite reads the open invoices alone. */
#define LATE_INVOICES \
  "SELECT i.id, i.client_id, i.number, i.currency, i.due_date, i.total - i.paid, " \
  "coalesce ((SELECT max (r.level) FROM invoice_reminders r WHERE r.invoice_id = i.id), 0) " \
  "FROM invoices i WHERE i.status IN ('draft', 'sent', 'partially_paid') " \
  "AND i.kind = 'invoice' AND i.status <> 'draft' AND i.due_date < ?1 AND i.total > i.paid"

/* What the invoice of the current row is due for, or NULL (nothing, or only what was sent). */
static DtReminderDue *
due_from_row (DtDb         *db,
              sqlite3_stmt *stmt,
              const char   *today,
              GHashTable   *levels_by_client,
              GError      **error)
{
  g_autoptr(DtReminderDue) due = g_new0 (DtReminderDue, 1);
  GArray *levels;
  const DtReminderLevel *reached = NULL;

  due->invoice_id = sqlite3_column_int64 (stmt, 0);
  due->client_id = sqlite3_column_int64 (stmt, 1);
  due->number = dt_store_column_dup (stmt, 2);
  due->currency = dt_store_column_dup (stmt, 3);
  due->due_date = dt_store_column_dup (stmt, 4);
  due->balance = sqlite3_column_int64 (stmt, 5);
  due->last_level = sqlite3_column_int (stmt, 6);
  due->days_overdue = dt_invoice_store_days_between (due->due_date, today);

  levels = g_hash_table_lookup (levels_by_client, &due->client_id);
  if (levels == NULL)
    {
      levels = dt_reminders_levels (db, due->client_id, error);
      if (levels == NULL)
        return NULL;
      g_hash_table_insert (levels_by_client, g_memdup2 (&due->client_id, sizeof (gint64)),
                           levels);
    }
  for (guint i = 0; i < levels->len; i++)
    if (due->days_overdue >= g_array_index (levels, DtReminderLevel, i).after_days)
      reached = &g_array_index (levels, DtReminderLevel, i);
  if (reached == NULL || reached->level <= due->last_level)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "invoice %" G_GINT64_FORMAT " is due "
                   "for no reminder on %s", due->invoice_id, today);
      return NULL;
    }
  due->level = reached->level;
  due->fee = reached->fee;
  due->interest = dt_reminders_interest (due->balance, reached->interest_bp, due->days_overdue);
  due->total = due->balance + due->fee + due->interest;
  return g_steal_pointer (&due);
}

static GPtrArray *
read_due (DtDb        *db,
          const char  *today,
          gint64       invoice_id,
          GError     **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                             dt_reminder_due_free);
  g_autoptr(GHashTable) levels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  sqlite3_stmt *stmt;
  int year, month, day, rc;

  if (today == NULL || !dt_time_parse_date (today, &year, &month, &day, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "today “%s” is not a date (YYYY-MM-DD)",
                   today ? today : "");
      return NULL;
    }
  stmt = dt_db_prepare (db, invoice_id != 0 ? LATE_INVOICES " AND i.id = ?2"
                                            : LATE_INVOICES " ORDER BY i.due_date, i.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  if (invoice_id != 0)
    sqlite3_bind_int64 (stmt, 2, invoice_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local = NULL;
      DtReminderDue *one = due_from_row (db, stmt, today, levels, &local);

      if (one != NULL)
        g_ptr_array_add (due, one);
      else if (!g_error_matches (local, DT_ERROR, DT_ERROR_NOT_FOUND))
        {
          sqlite3_reset (stmt);
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the late invoices");
      return NULL;
    }
  return g_steal_pointer (&due);
}

GPtrArray *
dt_reminders_due (DtDb        *db,
                  const char  *today,
                  GError     **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  return read_due (db, today, 0, error);
}

DtReminderDue *
dt_reminders_due_for (DtDb        *db,
                      gint64       invoice_id,
                      const char  *today,
                      GError     **error)
{
  g_autoptr(GPtrArray) due = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  due = read_due (db, today, invoice_id, error);
  if (due == NULL)
    return NULL;
  if (due->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "invoice %" G_GINT64_FORMAT " is due for no reminder on %s (not sent, paid, "
                   "not late enough, or its level was sent)", invoice_id, today);
      return NULL;
    }
  return g_ptr_array_steal_index (due, 0);
}

gboolean
dt_reminders_record (DtDb        *db,
                     gint64       invoice_id,
                     int          level,
                     const char  *today,
                     GError     **error)
{
  g_autoptr(DtReminderDue) due = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  stmt = dt_db_prepare (db, "SELECT 1 FROM invoice_reminders WHERE invoice_id = ? AND "
                        "level = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int (stmt, 2, level);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "reminder %d of invoice %"
                   G_GINT64_FORMAT " was already sent", level, invoice_id);
      goto fail;
    }
  sqlite3_reset (stmt);
  due = dt_reminders_due_for (db, invoice_id, today, error);
  if (due == NULL)
    goto fail;
  if (due->level != level)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "invoice %" G_GINT64_FORMAT " is due "
                   "for reminder %d on %s, not %d", invoice_id, due->level, today, level);
      goto fail;
    }
  stmt = dt_db_prepare (db, "INSERT INTO invoice_reminders (invoice_id, level, sent_on, fee, "
                        "interest, created_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int (stmt, 2, level);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, due->fee);
  sqlite3_bind_int64 (stmt, 5, due->interest);
  sqlite3_bind_int64 (stmt, 6, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not record the reminder", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

/* dt-expense-billing.c: expenses in reports and on invoice lines: totals, profit, the
 * re-billable ones, and linking and releasing them. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-expenses-private.h"

#include <string.h>

#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

void
dt_expense_totals_free (DtExpenseTotals *totals)
{
  if (totals == NULL)
    return;
  g_free (totals->currency);
  g_free (totals);
}

GPtrArray *
dt_expense_store_totals (DtDb    *db,
                         gint64   from,
                         gint64   to,
                         gint64   client_id,
                         gint64   project_id,
                         GError **error)
{
  g_autoptr(GPtrArray) totals = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  sqlite3_stmt *stmt;
  DtExpenseTotals *current = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (to <= from)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, "the range ends before it starts");
      return NULL;
    }
  from_day = dt_time_local_date (from);
  to_day = dt_time_local_date (to - 1);
  stmt = dt_db_prepare (db,
                        "SELECT currency, amount, input_vat, billable, markup_bp, "
                        "invoice_line_id IS NOT NULL FROM expenses "
                        "WHERE spent_on >= ?1 AND spent_on <= ?2 AND (?3 = 0 OR client_id = ?3) "
                        "AND (?4 = 0 OR project_id = ?4) ORDER BY currency", error);
  if (stmt == NULL)
    return NULL;
  dt_store_bind_text (stmt, 1, from_day);
  dt_store_bind_text (stmt, 2, to_day);
  sqlite3_bind_int64 (stmt, 3, client_id);
  sqlite3_bind_int64 (stmt, 4, project_id);
  totals = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_expense_totals_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 0);
      DtExpense expense = {
        .amount = sqlite3_column_int64 (stmt, 1),
        .markup_bp = sqlite3_column_int (stmt, 4),
      };
      gint64 billed = 0;

      if (current == NULL || g_strcmp0 (current->currency, currency) != 0)
        {
          current = g_new0 (DtExpenseTotals, 1);
          current->currency = g_strdup (currency);
          g_ptr_array_add (totals, current);
        }
      current->expenses++;
      current->amount += expense.amount;
      current->input_vat += sqlite3_column_int64 (stmt, 2);
      if (sqlite3_column_int (stmt, 3) != 0 && dt_expense_billed_amount (&expense, &billed))
        {
          current->billable_amount += billed;
          if (sqlite3_column_int (stmt, 5) != 0)
            current->invoiced_amount += billed;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the expenses");
      return NULL;
    }
  return g_steal_pointer (&totals);
}

gint64
dt_expense_profit (gint64                 work_amount,
                   const DtExpenseTotals *totals)
{
  if (totals == NULL)
    return work_amount;
  return work_amount + totals->billable_amount - totals->amount;
}

/* ---- invoicing ------------------------------------------------------------------------ */

GPtrArray *
dt_expense_store_list_billable (DtDb        *db,
                                gint64       client_id,
                                const char  *currency,
                                const char  *from_day,
                                const char  *to_day,
                                GHashTable  *only,
                                GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db,
                        "SELECT " EXPENSE_COLUMNS EXPENSE_FROM "WHERE x.client_id = ?1 "
                        "AND x.currency = ?2 AND x.spent_on >= ?3 AND x.spent_on <= ?4 "
                        "AND x.billable = 1 AND x.invoice_line_id IS NULL "
                        "ORDER BY x.spent_on, x.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  dt_store_bind_text (stmt, 2, currency);
  dt_store_bind_text (stmt, 3, from_day);
  dt_store_bind_text (stmt, 4, to_day);
  all = dt_store_collect (db, stmt, (DtStoreRowFunc) dt_expense_from_row,
                          (GDestroyNotify) dt_expense_free, "Could not read the expenses", error);
  if (all == NULL || only == NULL)
    return g_steal_pointer (&all);
  kept = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_expense_free);
  for (guint i = 0; i < all->len; i++)
    {
      DtExpense *expense = all->pdata[i];

      if (g_hash_table_contains (only, &expense->id))
        g_ptr_array_add (kept, g_steal_pointer (&all->pdata[i]));
    }
  return g_steal_pointer (&kept);
}

gboolean
dt_expense_store_link (DtDb    *db,
                       gint64   id,
                       gint64   line_id,
                       GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  stmt = dt_db_prepare (db, "UPDATE expenses SET invoice_line_id = ?2, version = version + 1, "
                        "updated_at = max(updated_at, ?3) WHERE id = ?1 AND invoice_line_id IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, line_id);
  sqlite3_bind_int64 (stmt, 3, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not bill the expense", error))
    return FALSE;
  if (sqlite3_changes (dt_db_get_handle (db)) != 1)
    {
      g_autoptr(DtExpense) current = dt_expense_store_get (db, id, error);

      if (current != NULL)
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "expense %" G_GINT64_FORMAT " is already billed on invoice %" G_GINT64_FORMAT,
                     id, current->invoice_id);
      return FALSE;
    }
  dt_db_note_change (db, DT_ENTITY_EXPENSE, id);
  return TRUE;
}

static gboolean
release_where (DtDb        *db,
               const char  *select_sql,
               gint64       key,
               GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = dt_db_prepare (db, select_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the billed expenses");
  for (guint i = 0; i < ids->len; i++)
    {
      stmt = dt_db_prepare (db, "UPDATE expenses SET invoice_line_id = NULL, "
                            "version = version + 1, updated_at = max(updated_at, ?2) WHERE id = ?1",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_int64 (stmt, 2, dt_time_now ());
      if (!dt_store_step_done (db, stmt, "Could not release an expense", error))
        return FALSE;
      dt_db_note_change (db, DT_ENTITY_EXPENSE, g_array_index (ids, gint64, i));
    }
  return TRUE;
}

gboolean
dt_expense_store_release_line (DtDb    *db,
                               gint64   line_id,
                               GError **error)
{
  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  return release_where (db, "SELECT id FROM expenses WHERE invoice_line_id = ?", line_id, error);
}

gboolean
dt_expense_store_release_invoice (DtDb    *db,
                                  gint64   invoice_id,
                                  GError **error)
{
  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  return release_where (db, "SELECT x.id FROM expenses x JOIN invoice_lines l "
                        "ON l.id = x.invoice_line_id WHERE l.invoice_id = ?", invoice_id, error);
}

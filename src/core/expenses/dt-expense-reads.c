/* dt-expense-reads.c: expenses listed, paged and searched. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-expenses-private.h"

#include <string.h>

#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

GPtrArray *
dt_expense_store_list (DtDb               *db,
                       const DtListQuery  *query,
                       gboolean           *out_has_more,
                       GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt;
  guint limit;
  int status = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->status != NULL)
    {
      if (g_str_equal (query->status, "open"))
        status = 1;
      else if (g_str_equal (query->status, "invoiced"))
        status = 2;
      else
        {
          g_autofree char *shown = g_utf8_make_valid (query->status, -1);
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "expense status “%s” is not known; use open or invoiced", shown);
          return NULL;
        }
    }
  if (query->from != 0)
    from = dt_time_local_date (query->from);
  if (query->to != 0)
    to = dt_time_local_date (query->to - 1);
  stmt = dt_db_prepare (db,
                        "SELECT " EXPENSE_COLUMNS EXPENSE_FROM "WHERE x.id > ?1 "
                        "AND (?2 = 0 OR x.client_id = ?2) AND (?3 = 0 OR x.project_id = ?3) "
                        "AND (?4 IS NULL OR x.spent_on >= ?4) AND (?5 IS NULL OR x.spent_on <= ?5) "
                        "AND (?6 = 0 OR x.billable = (?6 = 1)) "
                        "AND (?7 = 0 OR (x.invoice_line_id IS NULL) = (?7 = 1)) "
                        "AND (?8 IS NULL OR x.description LIKE ?8 ESCAPE '\\' "
                        "     OR x.category LIKE ?8 ESCAPE '\\') "
                        "ORDER BY x.id LIMIT ?9", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int64 (stmt, 3, query->project_id);
  if (from != NULL)
    sqlite3_bind_text (stmt, 4, from, -1, SQLITE_TRANSIENT);
  if (to != NULL)
    sqlite3_bind_text (stmt, 5, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, query->billable == DT_BILLABLE_ONLY ? 1
                             : query->billable == DT_BILLABLE_NON ? 2 : 0);
  sqlite3_bind_int (stmt, 7, status);
  dt_store_bind_like (stmt, 8, query->text);
  sqlite3_bind_int (stmt, 9, (int) limit);
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) dt_expense_from_row,
                            (GDestroyNotify) dt_expense_free, "Could not list the expenses", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

#define MATCHING \
  "WHERE (?1 = 0 OR x.client_id = ?1) AND (?2 = 0 OR x.project_id = ?2) " \
  "AND (?3 = 0 OR (x.invoice_line_id IS NULL) = (?3 = 1)) " \
  "AND (?4 IS NULL OR x.description LIKE ?4 ESCAPE '\\' OR x.category LIKE ?4 ESCAPE '\\') "

static gboolean
bind_matching (sqlite3_stmt       *stmt,
               const DtListQuery  *query,
               GError            **error)
{
  int status = 0;

  if (query->status != NULL)
    {
      if (g_str_equal (query->status, "open"))
        status = 1;
      else if (g_str_equal (query->status, "invoiced"))
        status = 2;
      else
        {
          g_autofree char *shown = g_utf8_make_valid (query->status, -1);
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "expense status “%s” is not known; use open or invoiced", shown);
          return FALSE;
        }
    }
  if (query->text != NULL && !dt_store_check_text ("the search text", query->text, 0, 200, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->client_id);
  sqlite3_bind_int64 (stmt, 2, query->project_id);
  sqlite3_bind_int (stmt, 3, status);
  dt_store_bind_like (stmt, 4, query->text);
  return TRUE;
}

gint64
dt_expense_store_count_matching (DtDb               *db,
                                 const DtListQuery  *query,
                                 GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = dt_db_prepare (db, "SELECT count(*) FROM expenses x " MATCHING, error);
  if (stmt == NULL)
    return -1;
  if (!bind_matching (stmt, query, error))
    {
      sqlite3_reset (stmt);
      return -1;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    dt_db_set_error (db, error, "Could not count the expenses");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_expense_store_list_newest (DtDb               *db,
                              const DtListQuery  *query,
                              guint               offset,
                              guint               limit,
                              GError            **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = dt_db_prepare (db, "SELECT " EXPENSE_COLUMNS EXPENSE_FROM MATCHING
                        "ORDER BY x.spent_on DESC, x.id DESC LIMIT ?5 OFFSET ?6", error);
  if (stmt == NULL)
    return NULL;
  if (!bind_matching (stmt, query, error))
    {
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 5, limit);
  sqlite3_bind_int64 (stmt, 6, offset);
  return dt_store_collect (db, stmt, (DtStoreRowFunc) dt_expense_from_row,
                           (GDestroyNotify) dt_expense_free, "Could not list the expenses", error);
}

/* dt-payment-store.c: payments received against issued invoices. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-payment-store.h"
#include "dt-invoice-store.h"
#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define PAYMENT_COLUMNS \
  "p.id, p.invoice_id, p.amount, p.paid_on, p.method, p.note, p.created_at, i.client_id, " \
  "i.currency, i.number"
#define PAYMENT_FROM " FROM payments p JOIN invoices i ON i.id = p.invoice_id "

DtPayment *
dt_payment_new (void)
{
  DtPayment *payment = g_new0 (DtPayment, 1);

  payment->method = g_strdup ("");
  payment->note = g_strdup ("");
  return payment;
}

void
dt_payment_free (DtPayment *payment)
{
  if (payment == NULL)
    return;
  g_free (payment->paid_on);
  g_free (payment->method);
  g_free (payment->note);
  g_free (payment->currency);
  g_free (payment->invoice_number);
  g_free (payment);
}

static DtPayment *
payment_from_row (sqlite3_stmt *stmt)
{
  DtPayment *payment = g_new0 (DtPayment, 1);

  payment->id = sqlite3_column_int64 (stmt, 0);
  payment->invoice_id = sqlite3_column_int64 (stmt, 1);
  payment->amount = sqlite3_column_int64 (stmt, 2);
  payment->paid_on = dt_store_column_dup (stmt, 3);
  payment->method = dt_store_column_dup (stmt, 4);
  payment->note = dt_store_column_dup (stmt, 5);
  payment->created_at = sqlite3_column_int64 (stmt, 6);
  payment->client_id = sqlite3_column_int64 (stmt, 7);
  payment->currency = dt_store_column_dup (stmt, 8);
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    payment->invoice_number = dt_store_column_dup (stmt, 9);
  return payment;
}

DtPayment *
dt_payment_store_get (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt;
  DtPayment *payment = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " PAYMENT_COLUMNS PAYMENT_FROM "WHERE p.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    payment = payment_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "payment %" G_GINT64_FORMAT " does not exist",
                 id);
  else
    dt_db_set_error (db, error, "Could not read the payment");
  sqlite3_reset (stmt);
  return payment;
}

/* Sets paid and status of @invoice_id from its payments. */
static gboolean
settle (DtDb    *db,
        gint64   invoice_id,
        GError **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "UPDATE invoices SET "
                                      "paid = (SELECT coalesce (sum (amount), 0) FROM payments "
                                      "        WHERE invoice_id = ?1), "
                                      "updated_at = max(updated_at, ?2), version = version + 1 "
                                      "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int64 (stmt, 2, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not update the invoice", error))
    return FALSE;
  stmt = dt_db_prepare (db,
                        "UPDATE invoices SET status = CASE WHEN paid >= total THEN 'paid' "
                        "  WHEN paid > 0 THEN 'partially_paid' ELSE 'sent' END "
                        "WHERE id = ?1 AND status IN ('sent', 'partially_paid', 'paid')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not update the invoice", error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return TRUE;
}

DtPayment *
dt_payment_store_record (DtDb             *db,
                         const DtPayment  *input,
                         GError          **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autofree char *paid_on = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int y, m, d;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (input->amount <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a payment must be more than 0 (got %" G_GINT64_FORMAT ")", input->amount);
      return NULL;
    }
  paid_on = input->paid_on ? g_strdup (input->paid_on) : dt_time_local_date (dt_time_now ());
  if (!dt_time_parse_date (paid_on, &y, &m, &d, error) ||
      !dt_store_check_text ("the payment method", input->method, 0, 100, error) ||
      !dt_store_check_text ("the note", input->note, 0, 2000, error))
    return NULL;

  if (!dt_db_begin (db, error))
    return NULL;
  invoice = dt_invoice_store_get (db, input->invoice_id, error);
  if (invoice == NULL)
    goto fail;
  if (invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "%s is a credit note; payments are recorded on invoices",
                   invoice->number ? invoice->number : "this");
      goto fail;
    }
  if (invoice->status == DT_INVOICE_DRAFT || invoice->status == DT_INVOICE_VOID)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   invoice->status == DT_INVOICE_DRAFT
                   ? "invoice %" G_GINT64_FORMAT " is a draft; send it or mark it sent before "
                     "recording a payment"
                   : "invoice %" G_GINT64_FORMAT " is void; it takes no payments",
                   invoice->id);
      goto fail;
    }
  if (invoice->balance <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s is already paid in full",
                   invoice->number);
      goto fail;
    }
  if (input->amount > invoice->balance)
    {
      g_autofree char *amount = dt_money_format_plain (input->amount, invoice->currency);
      g_autofree char *balance = dt_money_format_plain (invoice->balance, invoice->currency);
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "a payment of %s %s is more than the balance of %s %s on invoice %s; record "
                   "at most the balance", amount, invoice->currency, balance, invoice->currency,
                   invoice->number);
      goto fail;
    }

  stmt = dt_db_prepare (db, "INSERT INTO payments (invoice_id, amount, paid_on, method, note, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, input->invoice_id);
  sqlite3_bind_int64 (stmt, 2, input->amount);
  sqlite3_bind_text (stmt, 3, paid_on, -1, SQLITE_TRANSIENT);
  dt_store_bind_text (stmt, 4, input->method);
  dt_store_bind_text (stmt, 5, input->note);
  sqlite3_bind_int64 (stmt, 6, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not save the payment", error))
    goto fail;
  id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  dt_db_note_change (db, DT_ENTITY_PAYMENT, id);
  if (!settle (db, input->invoice_id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_payment_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_payment_store_delete (DtDb    *db,
                         gint64   id,
                         GError **error)
{
  g_autoptr(DtPayment) payment = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  payment = dt_payment_store_get (db, id, error);
  if (payment == NULL)
    goto fail;
  invoice = dt_invoice_store_get (db, payment->invoice_id, error);
  if (invoice == NULL)
    goto fail;
  if (invoice->status == DT_INVOICE_VOID)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                   "invoice %s is void; its payments stay as a record", invoice->number);
      goto fail;
    }
  stmt = dt_db_prepare (db, "DELETE FROM payments WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the payment", error) ||
      !settle (db, payment->invoice_id, error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_PAYMENT, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_payment_store_list (DtDb               *db,
                       const DtListQuery  *query,
                       gboolean           *out_has_more,
                       GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt;
  guint limit;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->from != 0)
    from = dt_time_local_date (query->from);
  if (query->to != 0)
    to = dt_time_local_date (query->to - 1);
  stmt = dt_db_prepare (db,
                        "SELECT " PAYMENT_COLUMNS PAYMENT_FROM "WHERE p.id > ?1 "
                        "AND (?2 = 0 OR i.client_id = ?2) AND (?3 = 0 OR p.invoice_id = ?3) "
                        "AND (?4 IS NULL OR p.paid_on >= ?4) AND (?5 IS NULL OR p.paid_on <= ?5) "
                        "ORDER BY p.id LIMIT ?6", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int64 (stmt, 3, query->invoice_id);
  if (from != NULL)
    sqlite3_bind_text (stmt, 4, from, -1, SQLITE_TRANSIENT);
  if (to != NULL)
    sqlite3_bind_text (stmt, 5, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, (int) limit);
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) payment_from_row,
                            (GDestroyNotify) dt_payment_free, "Could not list the payments", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

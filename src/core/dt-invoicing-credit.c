/* dt-invoicing-credit.c: taking an issued invoice back: voiding it or issuing a credit note. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-invoice-store-private.h"
#include "dt-money.h"
#include "dt-payment-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

static gboolean
set_status (DtDb        *db,
            gint64       invoice_id,
            const char  *status,
            GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE invoices SET status = ?, voided_at = "
                                      "CASE WHEN ?1 = 'void' THEN ?3 ELSE voided_at END, "
                                      "updated_at = max(updated_at, ?3), version = version + 1 "
                                      "WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  sqlite3_bind_int64 (stmt, 3, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not change the invoice", error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return TRUE;
}

DtInvoice *
dt_invoicing_void (DtDb    *db,
                   gint64   invoice_id,
                   GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    goto fail;
  switch (invoice->status)
    {
    case DT_INVOICE_DRAFT:
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " is a draft; delete it instead of voiding it",
                   invoice_id);
      goto fail;
    case DT_INVOICE_VOID:
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s is already void",
                   invoice->number);
      goto fail;
    case DT_INVOICE_PAID:
    case DT_INVOICE_PARTIALLY_PAID:
      {
        g_autofree char *paid = dt_money_format_plain (invoice->paid, invoice->currency);
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "invoice %s has payments of %s %s (%s); it cannot be voided — issue a "
                     "credit note instead", invoice->number, paid, invoice->currency,
                     dt_invoice_status_to_string (invoice->status));
        goto fail;
      }
    case DT_INVOICE_SENT:
    default:
      break;
    }
  if (invoice->paid != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "invoice %s has payments; issue a credit note instead", invoice->number);
      goto fail;
    }
  if (!set_status (db, invoice_id, "void", error) ||
      !dt_invoice_store_release_entries (db, invoice_id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, invoice_id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtInvoice *
dt_invoicing_create_credit_note (DtDb        *db,
                                 gint64       invoice_id,
                                 const char  *reason,
                                 GError     **error)
{
  g_autoptr(DtInvoice) original = NULL;
  g_autoptr(DtInvoice) header = dt_invoice_new ();
  g_autoptr(DtInvoice) credit = NULL;
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *bill_to = NULL;
  DtNumberSlot slot = { 0 };
  sqlite3_stmt *stmt;
  gint64 id, applied;
  int terms;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_store_check_text ("the reason", reason, 0, 2000, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  original = dt_invoice_store_get (db, invoice_id, error);
  if (original == NULL)
    goto fail;
  if (original->kind != DT_INVOICE_KIND_INVOICE || original->status == DT_INVOICE_DRAFT ||
      original->status == DT_INVOICE_VOID)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "only an issued invoice can be credited; %" G_GINT64_FORMAT " is %s %s",
                   invoice_id, original->kind == DT_INVOICE_KIND_CREDIT_NOTE ? "a credit note"
                                                                             : "an invoice",
                   dt_invoice_status_to_string (original->status));
      goto fail;
    }
  if (dt_store_exists (db, "SELECT 1 FROM invoices WHERE credit_for_id = ?", invoice_id))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s already has a credit note",
                   original->number);
      goto fail;
    }

  header->client_id = original->client_id;
  header->discount_bp = original->discount_bp;
  header->discount_fixed = original->discount_fixed;
  header->period_from = g_strdup (original->period_from);
  header->period_to = g_strdup (original->period_to);
  g_free (header->order_reference);
  header->order_reference = g_strdup (original->order_reference);
  g_free (header->vat_category);
  header->vat_category = g_strdup (original->vat_category);
  g_free (header->vat_exemption_reason);
  header->vat_exemption_reason = g_strdup (original->vat_exemption_reason);
  g_free (header->vat_exemption_code);
  header->vat_exemption_code = g_strdup (original->vat_exemption_code);
  g_free (header->notes);
  header->notes = reason && *reason
                  ? g_strdup_printf ("Credit note for invoice %s: %s", original->number, reason)
                  : g_strdup_printf ("Credit note for invoice %s", original->number);
  if (!dt_invoice_store_insert_header (db, header, DT_INVOICE_KIND_CREDIT_NOTE, invoice_id, &id,
                                       error))
    goto fail;
  for (guint i = 0; i < original->lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (original->lines->pdata[i]);

      line->id = 0;
      line->unit_price = -line->unit_price;
      g_array_set_size (line->entry_ids, 0);
      if (!dt_invoice_store_insert_line (db, id, original->client_id, line, error))
        goto fail;
    }
  if (!dt_invoice_store_refresh_totals (db, id, error))
    goto fail;

  /* Issued at once, in its own series. */
  bill_to = dt_invoicing_snapshot_client (db, original->client_id, &terms, error);
  if (bill_to == NULL ||
      !dt_invoicing_find_number (db, DT_INVOICE_KIND_CREDIT_NOTE, today, &slot, error) ||
      !dt_invoicing_take_number (db, &slot, error))
    goto fail;
  /* The credit settles what is open on the original; the rest is owed back. */
  applied = CLAMP (original->balance, 0, original->total);
  stmt = dt_db_prepare (db, "UPDATE invoices SET number = ?, status = ?, issue_date = ?, "
                        "due_date = ?3, bill_to = ?, sent_at = ?, paid = ?, "
                        "updated_at = max(updated_at, ?5), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, slot.number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, applied >= original->total ? "paid" : "sent", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, bill_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  sqlite3_bind_int64 (stmt, 6, -applied);
  sqlite3_bind_int64 (stmt, 7, id);
  if (!dt_store_step_done (db, stmt, "Could not issue the credit note", error) ||
      !dt_invoicing_freeze_seller (db, id, error))
    goto fail;
  if (applied > 0)
    {
      g_autoptr(DtPayment) payment = dt_payment_new ();
      g_autoptr(DtPayment) recorded = NULL;

      payment->invoice_id = invoice_id;
      payment->amount = applied;
      payment->paid_on = g_strdup (today);
      g_free (payment->method);
      payment->method = g_strdup ("credit_note");
      g_free (payment->note);
      payment->note = g_strdup (slot.number);
      recorded = dt_payment_store_record (db, payment, error);
      if (recorded == NULL)
        goto fail;
    }
  if (!dt_invoice_store_release_entries (db, invoice_id, error) ||
      !dt_invoicing_check_printable (db, id, error))
    goto fail;
  g_clear_pointer (&slot.number, g_free);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, id, error);

fail:
  g_free (slot.number);
  dt_db_rollback (db);
  return NULL;
}

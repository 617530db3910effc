/* dt-invoicing-issue.c: issuing a draft, at once or as a prepared send, and failed sends. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-store-private.h"
#include "dt-store-private.h"
#include "dt-time.h"

gboolean
dt_invoicing_check_printable (DtDb    *db,
                              gint64   invoice_id,
                              GError **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (db, invoice_id, error);

  return doc != NULL && dt_invoice_pdf_check_glyphs (doc, error);
}

DtInvoice *
dt_invoicing_mark_sent (DtDb         *db,
                        gint64        invoice_id,
                        const char   *sent_to,
                        const char   *expected_number,
                        gint64        expected_version,
                        GError      **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *bill_to = NULL;
  g_autofree char *due = NULL;
  DtNumberSlot slot = { 0 };
  sqlite3_stmt *stmt;
  int terms = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (sent_to != NULL && !dt_store_check_text ("the recipients", sent_to, 0, 2000, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM invoices WHERE id = ?", "invoice",
                               invoice_id, expected_version, error))
    goto fail;
  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    goto fail;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s was already issued (%s)",
                   invoice->number ? invoice->number : "?",
                   dt_invoice_status_to_string (invoice->status));
      goto fail;
    }
  if (invoice->lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " has no lines; add something to bill first",
                   invoice_id);
      goto fail;
    }
  if (!dt_invoicing_check_printable (db, invoice_id, error) ||
      !dt_invoicing_find_number (db, invoice->kind, today, &slot, error))
    goto fail;
  if (expected_number != NULL && g_strcmp0 (expected_number, slot.number) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "the next number is now %s, not %s (another invoice was issued meanwhile); "
                   "prepare the invoice again", slot.number, expected_number);
      goto fail;
    }
  bill_to = dt_invoicing_snapshot_client (db, invoice->client_id, &terms, error);
  if (bill_to == NULL || !dt_invoicing_take_number (db, &slot, error))
    goto fail;
  due = invoice->due_date ? g_strdup (invoice->due_date) : dt_invoice_store_add_days (today, terms);
  if (g_strcmp0 (due, today) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the due date %s is before the issue date %s; change the draft's due date",
                   due, today);
      goto fail;
    }

  stmt = dt_db_prepare (db, "UPDATE invoices SET number = ?, status = 'sent', issue_date = ?, "
                        "due_date = ?, bill_to = ?, sent_at = ?, sent_to = ?, send_error = NULL, "
                        "updated_at = max(updated_at, ?5), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, slot.number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, due, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, bill_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  sqlite3_bind_text (stmt, 6, sent_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not issue the invoice", error) ||
      !dt_invoicing_freeze_seller (db, invoice_id, error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  g_clear_pointer (&slot.number, g_free);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, invoice_id, error);

fail:
  g_free (slot.number);
  dt_db_rollback (db);
  return NULL;
}

void
dt_send_plan_free (DtSendPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->number);
  g_free (plan->issue_date);
  g_free (plan->due_date);
  g_clear_pointer (&plan->document, dt_invoice_document_free);
  g_free (plan);
}

DtSendPlan *
dt_invoicing_prepare_send (DtDb    *db,
                           gint64   invoice_id,
                           GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtSendPlan) plan = g_new0 (DtSendPlan, 1);

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s was already issued (%s)",
                   invoice->number ? invoice->number : "?",
                   dt_invoice_status_to_string (invoice->status));
      return NULL;
    }
  if (invoice->lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " has no lines; add something to bill first",
                   invoice_id);
      return NULL;
    }
  plan->invoice_id = invoice_id;
  plan->version = invoice->version;
  plan->issue_date = dt_time_local_date (dt_time_now ());
  plan->due_date = invoice->due_date
                   ? g_strdup (invoice->due_date)
                   : dt_invoice_store_add_days (plan->issue_date,
                                                dt_invoicing_client_terms (db,
                                                                           invoice->client_id));
  if (g_strcmp0 (plan->due_date, plan->issue_date) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the due date %s is before the issue date %s; change the draft's due date",
                   plan->due_date, plan->issue_date);
      return NULL;
    }
  plan->number = dt_invoicing_peek_number (db, invoice->kind, plan->issue_date, error);
  if (plan->number == NULL)
    return NULL;
  plan->document = dt_invoicing_build_document (db, invoice_id, error);
  if (plan->document == NULL)
    return NULL;
  /* Rendered as it will be issued. */
  g_free (plan->document->number);
  plan->document->number = g_strdup (plan->number);
  g_free (plan->document->issue_date);
  plan->document->issue_date = g_strdup (plan->issue_date);
  g_free (plan->document->due_date);
  plan->document->due_date = g_strdup (plan->due_date);
  g_free (plan->document->status);
  plan->document->status = g_strdup ("sent");
  if (!dt_invoice_pdf_check_glyphs (plan->document, error))
    return NULL;
  return g_steal_pointer (&plan);
}

DtInvoice *
dt_invoicing_commit_send (DtDb              *db,
                          const DtSendPlan  *plan,
                          const char        *sent_to,
                          GError           **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  return dt_invoicing_mark_sent (db, plan->invoice_id, sent_to, plan->number, plan->version,
                                 error);
}

gboolean
dt_invoicing_record_send_failure (DtDb        *db,
                                  gint64       invoice_id,
                                  const char  *reason,
                                  GError     **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  text = g_utf8_make_valid (reason ? reason : "unknown failure", -1);
  if (g_utf8_strlen (text, -1) > 1000)
    {
      char *cut = g_utf8_substring (text, 0, 1000);
      g_free (text);
      text = cut;
    }
  if (!dt_db_begin (db, error))
    return FALSE;
  /* Only a draft: a send that failed never changes an issued invoice. The version stays, so
   * a prepared send can still be committed after a retry. */
  stmt = dt_db_prepare (db, "UPDATE invoices SET send_error = ? WHERE id = ? AND status = 'draft'",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not record the failed send", error))
    goto fail;
  if (sqlite3_changes (dt_db_get_handle (db)) != 1)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "invoice %" G_GINT64_FORMAT " is not a draft", invoice_id);
      goto fail;
    }
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

/* dt-invoice-store-drafts.c: editing drafts: creating, updating and deleting them. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-invoice-store-private.h"
#include "dt-store-private.h"
#include "dt-time.h"
#include "expenses/dt-expenses.h"

gboolean
dt_invoice_store_require_draft (const DtInvoice  *invoice,
                                GError          **error)
{
  if (invoice->status == DT_INVOICE_DRAFT)
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
               "%s %s is %s and cannot change; %s",
               invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE ? "credit note" : "invoice",
               invoice->number ? invoice->number : "(unnumbered)",
               dt_invoice_status_to_string (invoice->status),
               invoice->status == DT_INVOICE_VOID ? "it stays as a record"
               : "correct it with a credit note");
  return FALSE;
}

DtInvoice *
dt_invoice_store_create_draft (DtDb             *db,
                               const DtInvoice  *input,
                               GError          **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_invoice_store_insert_header (db, input, DT_INVOICE_KIND_INVOICE, 0, &id, error))
    goto fail;
  for (guint i = 0; input->lines != NULL && i < input->lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (input->lines->pdata[i]);

      if (line->kind == DT_LINE_TIME)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u is a time line; tracked time is added from invoice candidates",
                       i + 1);
          goto fail;
        }
      g_array_set_size (line->entry_ids, 0);
      line->position = (int) i;
      if (!dt_invoice_store_insert_line (db, id, input->client_id, line, error))
        goto fail;
    }
  if (!dt_invoice_store_refresh_totals (db, id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

static DtInvoiceLine *
find_line (GPtrArray *lines,
           gint64     id)
{
  for (guint i = 0; i < lines->len; i++)
    if (((DtInvoiceLine *) lines->pdata[i])->id == id)
      return lines->pdata[i];
  return NULL;
}

DtInvoice *
dt_invoice_store_update_draft (DtDb             *db,
                               const DtInvoice  *invoice,
                               gint64            expected_version,
                               GError          **error)
{
  g_autoptr(DtInvoice) current = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (invoice != NULL, NULL);

  if (!dt_invoice_store_validate_header (invoice, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM invoices WHERE id = ?", "invoice",
                               invoice->id, expected_version, error))
    goto fail;
  current = dt_invoice_store_get (db, invoice->id, error);
  if (current == NULL || !dt_invoice_store_require_draft (current, error))
    goto fail;

  /* Lines left out go first (a time line releases its entries). */
  for (guint i = 0; i < current->lines->len; i++)
    {
      DtInvoiceLine *old = current->lines->pdata[i];

      if (invoice->lines != NULL && find_line (invoice->lines, old->id) != NULL)
        continue;
      stmt = dt_db_prepare (db, "UPDATE time_entries SET invoice_line_id = NULL, "
                            "version = version + 1 WHERE invoice_line_id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, old->id);
      if (!dt_store_step_done (db, stmt, "Could not release the entries", error))
        goto fail;
      for (guint e = 0; e < old->entry_ids->len; e++)
        dt_db_note_change (db, DT_ENTITY_TIME_ENTRY, g_array_index (old->entry_ids, gint64, e));
      if (!dt_expense_store_release_line (db, old->id, error))
        goto fail;
      stmt = dt_db_prepare (db, "DELETE FROM invoice_lines WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, old->id);
      if (!dt_store_step_done (db, stmt, "Could not remove an invoice line", error))
        goto fail;
    }

  for (guint i = 0; invoice->lines != NULL && i < invoice->lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (invoice->lines->pdata[i]);

      line->position = (int) i;
      if (line->id == 0)
        {
          if (line->kind == DT_LINE_TIME)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u is a new time line; tracked time is added from invoice "
                           "candidates", i + 1);
              goto fail;
            }
          g_array_set_size (line->entry_ids, 0);
          if (!dt_invoice_store_insert_line (db, invoice->id, current->client_id, line, error))
            goto fail;
        }
      else
        {
          DtInvoiceLine *old = find_line (current->lines, line->id);

          if (old == NULL)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                           "line %" G_GINT64_FORMAT " is not a line of invoice %" G_GINT64_FORMAT,
                           line->id, invoice->id);
              goto fail;
            }
          if (old->kind == DT_LINE_TIME)
            {
              /* Tracked time keeps what was measured; the price and wording may change. */
              line->kind = DT_LINE_TIME;
              line->quantity = old->quantity;
              line->raw_minutes = old->raw_minutes;
              line->project_id = old->project_id;
              line->task_id = old->task_id;
            }
          else if (line->kind == DT_LINE_TIME)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u cannot become a time line", i + 1);
              goto fail;
            }
          if (!dt_invoice_store_validate_line (db, line, i + 1, current->client_id, FALSE,
                                               error) ||
              !dt_invoice_store_write_line (db, invoice->id, line, FALSE, error))
            goto fail;
        }
    }

  stmt = dt_db_prepare (db, "UPDATE invoices SET due_date = ?, period_from = ?, period_to = ?, "
                        "discount_bp = ?, discount_fixed = ?, notes = ?, terms = ?, "
                        "order_reference = ?, vat_category = ?, vat_exemption_reason = ?, "
                        "vat_exemption_code = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, invoice->due_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, invoice->period_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, invoice->period_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, invoice->discount_bp);
  sqlite3_bind_int64 (stmt, 5, invoice->discount_fixed);
  dt_store_bind_text (stmt, 6, invoice->notes);
  dt_store_bind_text (stmt, 7, invoice->terms);
  dt_store_bind_text (stmt, 8, invoice->order_reference);
  dt_store_bind_text (stmt, 9, invoice->vat_category);
  dt_store_bind_text (stmt, 10, invoice->vat_exemption_reason);
  dt_store_bind_text (stmt, 11, invoice->vat_exemption_code);
  sqlite3_bind_int64 (stmt, 12, invoice->id);
  if (!dt_store_step_done (db, stmt, "Could not save the invoice", error) ||
      !dt_invoice_store_refresh_totals (db, invoice->id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, invoice->id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_invoice_store_delete_draft (DtDb    *db,
                               gint64   id,
                               GError **error)
{
  g_autoptr(DtInvoice) current = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  current = dt_invoice_store_get (db, id, error);
  if (current == NULL || !dt_invoice_store_require_draft (current, error) ||
      !dt_invoice_store_release_entries (db, id, error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM invoices WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the draft", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_INVOICE, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

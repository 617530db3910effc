/* dt-invoice-store-write.c: what every change to an invoice goes through: its checks, the
 * writes of header and lines, billing and releasing entries, and the stored totals. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-invoice-store-private.h"
#include "dt-einvoice-codes.h"
#include "dt-store-private.h"
#include "dt-time.h"
#include "expenses/dt-expenses.h"

static gboolean
check_date (const char  *what,
            const char  *date,
            GError     **error)
{
  int y, m, d;
  g_autoptr(GError) local_error = NULL;

  if (date == NULL || dt_time_parse_date (date, &y, &m, &d, &local_error))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s: %s", what, local_error->message);
  return FALSE;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

gboolean
dt_invoice_store_validate_header (const DtInvoice  *invoice,
                                  GError          **error)
{
  if (!dt_store_check_text ("the notes", invoice->notes, 0, 10000, error) ||
      !dt_store_check_text ("the terms", invoice->terms, 0, 4000, error) ||
      !check_date ("the due date", invoice->due_date, error) ||
      !check_date ("the period start", invoice->period_from, error) ||
      !check_date ("the period end", invoice->period_to, error) ||
      !dt_store_check_text ("the order reference", or_empty (invoice->order_reference), 0, 200,
                            error) ||
      !dt_einvoice_check_vat_category ("the invoice's VAT category",
                                       or_empty (invoice->vat_category), TRUE, error) ||
      !dt_store_check_text ("the VAT exemption reason", or_empty (invoice->vat_exemption_reason),
                            0, 1000, error) ||
      !dt_einvoice_check_vatex ("the invoice's VAT exemption code",
                                or_empty (invoice->vat_exemption_code), error))
    return FALSE;
  if (invoice->period_from != NULL && invoice->period_to != NULL &&
      g_strcmp0 (invoice->period_to, invoice->period_from) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the period ends (%s) before it starts (%s)",
                   invoice->period_to, invoice->period_from);
      return FALSE;
    }
  if (invoice->discount_bp < 0 || invoice->discount_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a discount of %d basis points is out of range; use 0 to 10000",
                   invoice->discount_bp);
      return FALSE;
    }
  if (invoice->discount_fixed < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a fixed discount cannot be negative (%" G_GINT64_FORMAT ")",
                   invoice->discount_fixed);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_invoice_store_validate_line (DtDb                 *db,
                                const DtInvoiceLine  *line,
                                guint                 number,
                                gint64                client_id,
                                gboolean              credit,
                                GError              **error)
{
  g_autofree char *what = g_strdup_printf ("the description of line %u", number);

  if (line->kind > DT_LINE_FIXED)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "line %u has an unknown kind", number);
      return FALSE;
    }
  if (!dt_store_check_text (what, line->description, 1, 2000, error))
    return FALSE;
  if (line->quantity <= 0 || line->quantity > G_GINT64_CONSTANT (1000000000))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line %u has a quantity of %" G_GINT64_FORMAT "; it must be above 0 (%s)",
                   number, line->quantity,
                   line->kind == DT_LINE_FIXED ? "in thousandths: 1000 is one unit" : "in minutes");
      return FALSE;
    }
  /* Only a credit note carries negative prices: it negates the invoice it corrects. */
  if ((line->unit_price < 0 && !credit) || ABS (line->unit_price) > G_GINT64_CONSTANT (1000000000000))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line %u has a unit price of %" G_GINT64_FORMAT "; it must be 0 or more",
                   number, line->unit_price);
      return FALSE;
    }
  if (line->tax_rate_bp < 0 || line->tax_rate_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line %u has a tax rate of %d basis points; use 0 to 10000", number,
                   line->tax_rate_bp);
      return FALSE;
    }
  if (!dt_einvoice_check_unit_code (or_empty (line->unit_code), error))
    {
      g_prefix_error (error, "line %u: ", number);
      return FALSE;
    }
  if (!dt_einvoice_check_vat_category ("the VAT category", or_empty (line->vat_category), TRUE,
                                       error))
    {
      g_prefix_error (error, "line %u: ", number);
      return FALSE;
    }
  if (line->project_id != 0)
    {
      gint64 owner = 0;

      if (!dt_store_require_project (db, line->project_id, FALSE, &owner, error))
        return FALSE;
      if (owner != client_id)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "project %" G_GINT64_FORMAT " belongs to client %" G_GINT64_FORMAT
                       ", not client %" G_GINT64_FORMAT, line->project_id, owner, client_id);
          return FALSE;
        }
    }
  if (line->task_id != 0 &&
      !dt_store_require_task (db, line->task_id, line->project_id, error))
    return FALSE;
  return TRUE;
}

gboolean
dt_invoice_store_write_line (DtDb           *db,
                             gint64          invoice_id,
                             DtInvoiceLine  *line,
                             gboolean        insert,
                             GError        **error)
{
  sqlite3_stmt *stmt;

  if (!dt_invoice_line_compute_amount (line, &line->amount))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the amount of line “%s” is too large",
                   line->description);
      return FALSE;
    }
  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO invoice_lines (invoice_id, position, kind, description, "
                          "project_id, task_id, quantity, unit, raw_minutes, unit_price, amount, "
                          "tax_rate_bp, rule_note, unit_code, vat_category) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE invoice_lines SET invoice_id = ?, position = ?, kind = ?, "
                          "description = ?, project_id = ?, task_id = ?, quantity = ?, unit = ?, "
                          "raw_minutes = ?, unit_price = ?, amount = ?, tax_rate_bp = ?, "
                          "rule_note = ?, unit_code = ?, vat_category = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int (stmt, 2, line->position);
  sqlite3_bind_text (stmt, 3, dt_line_kind_to_string (line->kind), -1, SQLITE_STATIC);
  dt_store_bind_text (stmt, 4, line->description);
  dt_store_bind_id (stmt, 5, line->project_id);
  dt_store_bind_id (stmt, 6, line->task_id);
  sqlite3_bind_int64 (stmt, 7, line->quantity);
  sqlite3_bind_text (stmt, 8, line->kind == DT_LINE_FIXED ? "milliunits" : "minutes", -1,
                     SQLITE_STATIC);
  dt_store_bind_opt (stmt, 9, line->kind == DT_LINE_TIME ? line->raw_minutes : DT_NO_VALUE);
  sqlite3_bind_int64 (stmt, 10, line->unit_price);
  sqlite3_bind_int64 (stmt, 11, line->amount);
  sqlite3_bind_int (stmt, 12, line->tax_rate_bp);
  dt_store_bind_text (stmt, 13, line->rule_note);
  dt_store_bind_text (stmt, 14, line->kind == DT_LINE_FIXED ? or_empty (line->unit_code) : "");
  dt_store_bind_text (stmt, 15, or_empty (line->vat_category));
  if (!insert)
    sqlite3_bind_int64 (stmt, 16, line->id);
  if (!dt_store_step_done (db, stmt, "Could not save an invoice line", error))
    return FALSE;
  if (insert)
    line->id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  return TRUE;
}

static gboolean
describe_billed (DtDb    *db,
                 gint64   entry_id,
                 GError **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "SELECT e.invoice_line_id, i.id, i.number FROM time_entries e "
                                      "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id "
                                      "LEFT JOIN invoices i ON i.id = l.invoice_id WHERE e.id = ?",
                                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                 "time entry %" G_GINT64_FORMAT " does not exist", entry_id);
  else if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      const char *number = (const char *) sqlite3_column_text (stmt, 2);
      if (number != NULL)
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "time entry %" G_GINT64_FORMAT " is already billed on invoice %s",
                     entry_id, number);
      else
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "time entry %" G_GINT64_FORMAT " is already billed on draft invoice %"
                     G_GINT64_FORMAT, entry_id, (gint64) sqlite3_column_int64 (stmt, 1));
    }
  else
    g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                 "time entry %" G_GINT64_FORMAT " cannot be billed", entry_id);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
dt_invoice_store_insert_line (DtDb           *db,
                              gint64          invoice_id,
                              gint64          client_id,
                              DtInvoiceLine  *line,
                              GError        **error)
{
  gboolean credit = dt_store_exists (db, "SELECT 1 FROM invoices WHERE id = ? "
                                     "AND kind = 'credit_note'", invoice_id);

  if (!dt_invoice_store_validate_line (db, line, line->position + 1, client_id, credit,
                                       error) ||
      !dt_invoice_store_write_line (db, invoice_id, line, TRUE, error))
    return FALSE;

  for (guint i = 0; line->entry_ids != NULL && i < line->entry_ids->len; i++)
    {
      gint64 entry_id = g_array_index (line->entry_ids, gint64, i);
      /* The guard in the WHERE clause is what makes billing twice impossible, even for two
       * drafts built at the same time from the same candidates. */
      sqlite3_stmt *stmt = dt_db_prepare (db,
                                          "UPDATE time_entries SET invoice_line_id = ?1, "
                                          "version = version + 1, updated_at = max(updated_at, ?3) "
                                          "WHERE id = ?2 AND invoice_line_id IS NULL "
                                          "AND end_at IS NOT NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, line->id);
      sqlite3_bind_int64 (stmt, 2, entry_id);
      sqlite3_bind_int64 (stmt, 3, dt_time_now ());
      if (!dt_store_step_done (db, stmt, "Could not bill a time entry", error))
        return FALSE;
      if (sqlite3_changes (dt_db_get_handle (db)) != 1)
        return describe_billed (db, entry_id, error);
      dt_db_note_change (db, DT_ENTITY_TIME_ENTRY, entry_id);
    }
  return TRUE;
}

gboolean
dt_invoice_store_release_entries (DtDb    *db,
                                  gint64   invoice_id,
                                  GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = dt_db_prepare (db, "SELECT e.id FROM time_entries e JOIN invoice_lines l "
                        "ON l.id = e.invoice_line_id WHERE l.invoice_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the billed entries");

  for (guint i = 0; i < ids->len; i++)
    {
      stmt = dt_db_prepare (db, "UPDATE time_entries SET invoice_line_id = NULL, "
                            "version = version + 1, updated_at = max(updated_at, ?2) WHERE id = ?1",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_int64 (stmt, 2, dt_time_now ());
      if (!dt_store_step_done (db, stmt, "Could not release a time entry", error))
        return FALSE;
      dt_db_note_change (db, DT_ENTITY_TIME_ENTRY, g_array_index (ids, gint64, i));
    }
  return dt_expense_store_release_invoice (db, invoice_id, error);
}

gboolean
dt_invoice_store_refresh_totals (DtDb    *db,
                                 gint64   invoice_id,
                                 GError **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, error);
  sqlite3_stmt *stmt;

  if (invoice == NULL || !dt_invoice_compute_totals (invoice, error))
    return FALSE;
  stmt = dt_db_prepare (db, "UPDATE invoices SET subtotal = ?, discount = ?, tax_total = ?, "
                        "total = ?, updated_at = max(updated_at, ?), version = version + 1 "
                        "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice->subtotal);
  sqlite3_bind_int64 (stmt, 2, invoice->discount);
  sqlite3_bind_int64 (stmt, 3, invoice->tax_total);
  sqlite3_bind_int64 (stmt, 4, invoice->total);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  sqlite3_bind_int64 (stmt, 6, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not save the invoice totals", error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return TRUE;
}

gboolean
dt_invoice_store_insert_header (DtDb             *db,
                                const DtInvoice  *input,
                                DtInvoiceKind     kind,
                                gint64            credit_for_id,
                                gint64           *out_id,
                                GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  g_autofree char *currency = NULL;

  if (!dt_invoice_store_validate_header (input, error) ||
      !dt_store_require_client (db, input->client_id, kind == DT_INVOICE_KIND_INVOICE, error))
    return FALSE;
  stmt = dt_db_prepare (db, "SELECT currency FROM clients WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, input->client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    currency = dt_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  stmt = dt_db_prepare (db, "INSERT INTO invoices (kind, credit_for_id, client_id, currency, "
                        "due_date, period_from, period_to, discount_bp, discount_fixed, notes, "
                        "terms, created_at, updated_at, order_reference, vat_category, "
                        "vat_exemption_reason, vat_exemption_code) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind == DT_INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice", -1,
                     SQLITE_STATIC);
  dt_store_bind_id (stmt, 2, credit_for_id);
  sqlite3_bind_int64 (stmt, 3, input->client_id);
  dt_store_bind_text (stmt, 4, currency);
  sqlite3_bind_text (stmt, 5, input->due_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, input->period_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, input->period_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, input->discount_bp);
  sqlite3_bind_int64 (stmt, 9, input->discount_fixed);
  dt_store_bind_text (stmt, 10, input->notes);
  dt_store_bind_text (stmt, 11, input->terms);
  sqlite3_bind_int64 (stmt, 12, now);
  sqlite3_bind_int64 (stmt, 13, now);
  dt_store_bind_text (stmt, 14, input->order_reference);
  dt_store_bind_text (stmt, 15, input->vat_category);
  dt_store_bind_text (stmt, 16, input->vat_exemption_reason);
  dt_store_bind_text (stmt, 17, input->vat_exemption_code);
  if (!dt_store_step_done (db, stmt, "Could not save the invoice", error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  dt_db_note_change (db, DT_ENTITY_INVOICE, *out_id);
  return TRUE;
}

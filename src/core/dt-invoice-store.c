/* dt-invoice-store.c: reading invoices: one with its lines, the lists, counts and tallies. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-invoice-store-private.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define INVOICE_COLUMNS \
  "i.id, i.number, i.kind, i.credit_for_id, i.client_id, i.status, i.currency, i.issue_date, " \
  "i.due_date, i.period_from, i.period_to, i.discount_bp, i.discount_fixed, i.subtotal, " \
  "i.discount, i.tax_total, i.total, i.paid, i.notes, i.terms, i.bill_to, i.sent_at, " \
  "i.sent_to, i.voided_at, i.send_error, i.created_at, i.updated_at, i.version, c.number, " \
  "i.seller, i.order_reference, i.vat_category, i.vat_exemption_reason, i.vat_exemption_code"
#define INVOICE_FROM " FROM invoices i LEFT JOIN invoices c ON c.id = i.credit_for_id "
#define LINE_COLUMNS \
  "id, invoice_id, position, kind, description, project_id, task_id, quantity, raw_minutes, " \
  "unit_price, amount, tax_rate_bp, rule_note, unit_code, vat_category"

static char *
column_date (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text ? g_strdup (text) : NULL;
}

static DtInvoice *
invoice_from_row (sqlite3_stmt *stmt,
                  const char   *today)
{
  DtInvoice *invoice = dt_invoice_new ();
  DtInvoiceStatus status = DT_INVOICE_DRAFT;

  invoice->id = sqlite3_column_int64 (stmt, 0);
  invoice->number = column_date (stmt, 1);
  invoice->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "credit_note") == 0
                  ? DT_INVOICE_KIND_CREDIT_NOTE : DT_INVOICE_KIND_INVOICE;
  invoice->credit_for_id = dt_store_column_id (stmt, 3);
  invoice->client_id = sqlite3_column_int64 (stmt, 4);
  dt_invoice_status_from_string ((const char *) sqlite3_column_text (stmt, 5), &status, NULL);
  invoice->status = status;
  invoice->currency = dt_store_column_dup (stmt, 6);
  invoice->issue_date = column_date (stmt, 7);
  invoice->due_date = column_date (stmt, 8);
  invoice->period_from = column_date (stmt, 9);
  invoice->period_to = column_date (stmt, 10);
  invoice->discount_bp = sqlite3_column_int (stmt, 11);
  invoice->discount_fixed = sqlite3_column_int64 (stmt, 12);
  invoice->subtotal = sqlite3_column_int64 (stmt, 13);
  invoice->discount = sqlite3_column_int64 (stmt, 14);
  invoice->tax_total = sqlite3_column_int64 (stmt, 15);
  invoice->total = sqlite3_column_int64 (stmt, 16);
  invoice->paid = sqlite3_column_int64 (stmt, 17);
  invoice->balance = invoice->total - invoice->paid;
  g_free (invoice->notes);
  invoice->notes = dt_store_column_dup (stmt, 18);
  g_free (invoice->terms);
  invoice->terms = dt_store_column_dup (stmt, 19);
  g_free (invoice->bill_to);
  invoice->bill_to = dt_store_column_dup (stmt, 20);
  invoice->sent_at = dt_store_column_id (stmt, 21);
  invoice->sent_to = column_date (stmt, 22);
  invoice->voided_at = dt_store_column_id (stmt, 23);
  invoice->send_error = column_date (stmt, 24);
  invoice->created_at = sqlite3_column_int64 (stmt, 25);
  invoice->updated_at = sqlite3_column_int64 (stmt, 26);
  invoice->version = sqlite3_column_int64 (stmt, 27);
  invoice->credit_for_number = column_date (stmt, 28);
  g_free (invoice->seller);
  invoice->seller = dt_store_column_dup (stmt, 29);
  g_free (invoice->order_reference);
  invoice->order_reference = dt_store_column_dup (stmt, 30);
  g_free (invoice->vat_category);
  invoice->vat_category = dt_store_column_dup (stmt, 31);
  g_free (invoice->vat_exemption_reason);
  invoice->vat_exemption_reason = dt_store_column_dup (stmt, 32);
  g_free (invoice->vat_exemption_code);
  invoice->vat_exemption_code = dt_store_column_dup (stmt, 33);
  if ((invoice->status == DT_INVOICE_SENT || invoice->status == DT_INVOICE_PARTIALLY_PAID) &&
      invoice->balance > 0 && invoice->due_date != NULL &&
      g_strcmp0 (invoice->due_date, today) < 0)
    invoice->days_overdue = dt_invoice_store_days_between (invoice->due_date, today);
  return invoice;
}

static gboolean
load_lines (DtDb       *db,
            DtInvoice  *invoice,
            GError    **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT " LINE_COLUMNS " FROM invoice_lines "
                                      "WHERE invoice_id = ? ORDER BY position, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtLineKind kind = DT_LINE_FIXED;
      DtInvoiceLine *line;

      dt_line_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &kind, NULL);
      line = dt_invoice_line_new (kind);
      line->id = sqlite3_column_int64 (stmt, 0);
      line->invoice_id = sqlite3_column_int64 (stmt, 1);
      line->position = sqlite3_column_int (stmt, 2);
      g_free (line->description);
      line->description = dt_store_column_dup (stmt, 4);
      line->project_id = dt_store_column_id (stmt, 5);
      line->task_id = dt_store_column_id (stmt, 6);
      line->quantity = sqlite3_column_int64 (stmt, 7);
      line->raw_minutes = dt_store_column_opt (stmt, 8);
      line->unit_price = sqlite3_column_int64 (stmt, 9);
      line->amount = sqlite3_column_int64 (stmt, 10);
      line->tax_rate_bp = sqlite3_column_int (stmt, 11);
      g_free (line->rule_note);
      line->rule_note = dt_store_column_dup (stmt, 12);
      g_free (line->unit_code);
      line->unit_code = dt_store_column_dup (stmt, 13);
      g_free (line->vat_category);
      line->vat_category = dt_store_column_dup (stmt, 14);
      g_ptr_array_add (invoice->lines, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the invoice lines");

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = invoice->lines->pdata[i];

      if (line->kind != DT_LINE_TIME)
        continue;
      stmt = dt_db_prepare (db, "SELECT id FROM time_entries WHERE invoice_line_id = ? "
                            "ORDER BY id", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, line->id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (line->entry_ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return dt_db_set_error (db, error, "Could not read the billed entries");
    }
  return TRUE;
}

static DtInvoice *
get_invoice (DtDb     *db,
             gint64    id,
             gboolean  with_lines,
             GError  **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autoptr(DtInvoice) invoice = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = dt_db_prepare (db, "SELECT " INVOICE_COLUMNS INVOICE_FROM "WHERE i.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    invoice = invoice_from_row (stmt, today);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                 "invoice %" G_GINT64_FORMAT " does not exist", id);
  else
    dt_db_set_error (db, error, "Could not read the invoice");
  sqlite3_reset (stmt);
  if (invoice == NULL)
    return NULL;
  if (with_lines)
    {
      g_autoptr(GError) ignored = NULL;

      if (!load_lines (db, invoice, error))
        return NULL;
      /* The tax groups are derived from the stored lines; the stored totals stay as written. */
      {
        g_autoptr(DtInvoice) scratch = dt_invoice_new ();
        for (guint i = 0; i < invoice->lines->len; i++)
          g_ptr_array_add (scratch->lines, dt_invoice_line_copy (invoice->lines->pdata[i]));
        scratch->discount_bp = invoice->discount_bp;
        scratch->discount_fixed = invoice->discount_fixed;
        if (dt_invoice_compute_totals (scratch, &ignored))
          g_array_append_vals (invoice->tax_groups, scratch->tax_groups->data,
                               scratch->tax_groups->len);
      }
    }
  return g_steal_pointer (&invoice);
}

DtInvoice *
dt_invoice_store_get (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  return get_invoice (db, id, TRUE, error);
}

GPtrArray *
dt_invoice_store_list (DtDb               *db,
                       const DtListQuery  *query,
                       gboolean           *out_has_more,
                       GError            **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) items = NULL;
  DtInvoiceStatus status = DT_INVOICE_DRAFT;
  sqlite3_stmt *stmt;
  guint limit;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->status != NULL && !dt_invoice_status_from_string (query->status, &status, error))
    return NULL;
  /* Issue dates are local calendar days: [from, to) becomes the days from's day … to's. */
  if (query->from != 0)
    from = dt_time_local_date (query->from);
  if (query->to != 0)
    to = dt_time_local_date (query->to - 1);

  stmt = dt_db_prepare (db,
                        "SELECT " INVOICE_COLUMNS INVOICE_FROM "WHERE i.id > ?1 "
                        "AND (?2 = 0 OR i.client_id = ?2) AND (?3 IS NULL OR i.status = ?3) "
                        "AND (?4 IS NULL OR i.issue_date >= ?4) "
                        "AND (?5 IS NULL OR i.issue_date <= ?5) "
                        "AND (?6 IS NULL OR i.number LIKE ?6 ESCAPE '\\' "
                        "     OR i.notes LIKE ?6 ESCAPE '\\') "
                        "ORDER BY i.id LIMIT ?7", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 3, dt_invoice_status_to_string (status), -1, SQLITE_STATIC);
  if (from != NULL)
    sqlite3_bind_text (stmt, 4, from, -1, SQLITE_TRANSIENT);
  if (to != NULL)
    sqlite3_bind_text (stmt, 5, to, -1, SQLITE_TRANSIENT);
  dt_store_bind_like (stmt, 6, query->text);
  sqlite3_bind_int (stmt, 7, (int) limit);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, invoice_from_row (stmt, today));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not list the invoices");
      return NULL;
    }
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

/* The filter of the newest-first list; ?1 … ?5 are bound by bind_matching. */
#define INVOICE_MATCHING \
  "(?1 = 0 OR i.client_id = ?1) AND (?2 IS NULL OR i.status = ?2) " \
  "AND (?3 IS NULL OR i.issue_date >= ?3) AND (?4 IS NULL OR i.issue_date <= ?4) " \
  "AND (?5 IS NULL OR i.number LIKE ?5 ESCAPE '\\' OR i.notes LIKE ?5 ESCAPE '\\' " \
  "     OR EXISTS (SELECT 1 FROM clients cl WHERE cl.id = i.client_id " \
  "                AND cl.name LIKE ?5 ESCAPE '\\')) "

static gboolean
bind_matching (sqlite3_stmt       *stmt,
               const DtListQuery  *query,
               GError            **error)
{
  DtInvoiceStatus status = DT_INVOICE_DRAFT;

  if (query->status != NULL && !dt_invoice_status_from_string (query->status, &status, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->client_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 2, dt_invoice_status_to_string (status), -1, SQLITE_STATIC);
  /* Issue dates are local calendar days, as in dt_invoice_store_list. */
  if (query->from != 0)
    sqlite3_bind_text (stmt, 3, dt_time_local_date (query->from), -1, g_free);
  if (query->to != 0)
    sqlite3_bind_text (stmt, 4, dt_time_local_date (query->to - 1), -1, g_free);
  dt_store_bind_like (stmt, 5, query->text);
  return TRUE;
}

gint64
dt_invoice_store_count_matching (DtDb               *db,
                                 const DtListQuery  *query,
                                 GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = dt_db_prepare (db, "SELECT count(*) FROM invoices i WHERE " INVOICE_MATCHING, error);
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
    dt_db_set_error (db, error, "Could not count the invoices");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_invoice_store_list_newest (DtDb               *db,
                              const DtListQuery  *query,
                              guint               offset,
                              guint               limit,
                              GError            **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = dt_db_prepare (db,
                        "SELECT " INVOICE_COLUMNS INVOICE_FROM "WHERE " INVOICE_MATCHING
                        "ORDER BY i.id DESC LIMIT ?6 OFFSET ?7", error);
  if (stmt == NULL)
    return NULL;
  if (!bind_matching (stmt, query, error))
    {
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 6, limit);
  sqlite3_bind_int64 (stmt, 7, offset);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, invoice_from_row (stmt, today));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not list the invoices");
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
dt_invoice_store_tally (DtDb            *db,
                        DtInvoiceTally  *out,
                        GError         **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* Overdue as invoice_from_row decides it: sent, something owed, due before today. */
  stmt = dt_db_prepare (db,
                        "SELECT count(*), coalesce(sum(status = 'draft'), 0), "
                        "coalesce(sum(status IN ('sent', 'partially_paid') AND total > paid "
                        "             AND due_date IS NOT NULL AND due_date < ?1), 0) "
                        "FROM invoices", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->total = (guint) sqlite3_column_int64 (stmt, 0);
      out->drafts = (guint) sqlite3_column_int64 (stmt, 1);
      out->overdue = (guint) sqlite3_column_int64 (stmt, 2);
    }
  else
    dt_db_set_error (db, error, "Could not count the invoices");
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* dt-invoice-store.c: invoices, their lines and totals; editing drafts. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-invoice-store-private.h"
#include "dt-einvoice-codes.h"
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

static const char *const statuses[] = { "draft", "sent", "partially_paid", "paid", "void", NULL };
static const char *const line_kinds[] = { "time", "hourly", "fixed", NULL };

const char *
dt_invoice_status_to_string (DtInvoiceStatus status)
{
  g_return_val_if_fail (status <= DT_INVOICE_VOID, NULL);
  return statuses[status];
}

gboolean
dt_invoice_status_from_string (const char       *text,
                               DtInvoiceStatus  *out,
                               GError          **error)
{
  for (guint i = 0; text != NULL && statuses[i] != NULL; i++)
    if (g_str_equal (statuses[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice status “%s” is not known; use draft, sent, partially_paid, paid or "
                   "void", shown);
    }
  return FALSE;
}

const char *
dt_line_kind_to_string (DtLineKind kind)
{
  g_return_val_if_fail (kind <= DT_LINE_FIXED, NULL);
  return line_kinds[kind];
}

gboolean
dt_line_kind_from_string (const char  *text,
                          DtLineKind  *out,
                          GError     **error)
{
  for (guint i = 0; text != NULL && line_kinds[i] != NULL; i++)
    if (g_str_equal (line_kinds[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line kind “%s” is not known; use time, hourly or fixed", shown);
    }
  return FALSE;
}

DtInvoiceLine *
dt_invoice_line_new (DtLineKind kind)
{
  DtInvoiceLine *line = g_new0 (DtInvoiceLine, 1);

  line->kind = kind;
  line->description = g_strdup ("");
  line->rule_note = g_strdup ("");
  line->unit_code = g_strdup ("");
  line->vat_category = g_strdup ("");
  line->raw_minutes = DT_NO_VALUE;
  line->entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return line;
}

DtInvoiceLine *
dt_invoice_line_copy (const DtInvoiceLine *line)
{
  DtInvoiceLine *copy;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_memdup2 (line, sizeof *line);
  copy->description = g_strdup (line->description);
  copy->rule_note = g_strdup (line->rule_note);
  copy->unit_code = g_strdup (line->unit_code);
  copy->vat_category = g_strdup (line->vat_category);
  copy->entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (line->entry_ids != NULL)
    g_array_append_vals (copy->entry_ids, line->entry_ids->data, line->entry_ids->len);
  return copy;
}

void
dt_invoice_line_free (DtInvoiceLine *line)
{
  if (line == NULL)
    return;
  g_free (line->description);
  g_free (line->rule_note);
  g_free (line->unit_code);
  g_free (line->vat_category);
  g_clear_pointer (&line->entry_ids, g_array_unref);
  g_free (line);
}

DtInvoiceUnit
dt_invoice_line_get_unit (const DtInvoiceLine *line)
{
  return line->kind == DT_LINE_FIXED ? DT_INVOICE_UNIT_MILLIUNITS : DT_INVOICE_UNIT_MINUTES;
}

gboolean
dt_invoice_line_compute_amount (const DtInvoiceLine *line,
                                gint64              *out_amount)
{
  g_return_val_if_fail (line != NULL, FALSE);

  return dt_invoice_line_amount (line->quantity, dt_invoice_line_get_unit (line),
                                 line->unit_price, out_amount);
}

DtInvoice *
dt_invoice_new (void)
{
  DtInvoice *invoice = g_new0 (DtInvoice, 1);

  invoice->notes = g_strdup ("");
  invoice->terms = g_strdup ("");
  invoice->order_reference = g_strdup ("");
  invoice->vat_category = g_strdup ("");
  invoice->vat_exemption_reason = g_strdup ("");
  invoice->vat_exemption_code = g_strdup ("");
  invoice->bill_to = g_strdup ("{}");
  invoice->seller = g_strdup ("{}");
  invoice->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  invoice->tax_groups = g_array_new (FALSE, TRUE, sizeof (DtInvoiceTaxGroup));
  return invoice;
}

void
dt_invoice_free (DtInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->currency);
  g_free (invoice->issue_date);
  g_free (invoice->due_date);
  g_free (invoice->period_from);
  g_free (invoice->period_to);
  g_free (invoice->notes);
  g_free (invoice->terms);
  g_free (invoice->order_reference);
  g_free (invoice->vat_category);
  g_free (invoice->vat_exemption_reason);
  g_free (invoice->vat_exemption_code);
  g_free (invoice->bill_to);
  g_free (invoice->seller);
  g_free (invoice->sent_to);
  g_free (invoice->send_error);
  g_free (invoice->credit_for_number);
  g_clear_pointer (&invoice->lines, g_ptr_array_unref);
  g_clear_pointer (&invoice->tax_groups, g_array_unref);
  g_free (invoice);
}

gboolean
dt_invoice_compute_totals (DtInvoice  *invoice,
                           GError    **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();

  g_return_val_if_fail (invoice != NULL, FALSE);

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = invoice->lines->pdata[i];

      if (!dt_invoice_line_compute_amount (line, &line->amount))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "the amount of line %u (“%s”) is too large", i + 1, line->description);
          return FALSE;
        }
      dt_invoice_document_add_line (doc, NULL, line->quantity, dt_invoice_line_get_unit (line),
                                    NULL, line->unit_price, line->amount, line->tax_rate_bp);
    }
  doc->discount_bp = invoice->discount_bp;
  doc->discount_fixed = invoice->discount_fixed;
  doc->paid = invoice->paid;
  if (!dt_invoice_document_compute_totals (doc, error))
    return FALSE;
  invoice->subtotal = doc->subtotal;
  invoice->discount = doc->discount;
  invoice->tax_total = doc->tax_total;
  invoice->total = doc->total;
  invoice->balance = doc->balance;
  g_array_set_size (invoice->tax_groups, 0);
  g_array_append_vals (invoice->tax_groups, doc->tax_groups->data, doc->tax_groups->len);
  return TRUE;
}

static char *
column_date (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text ? g_strdup (text) : NULL;
}

char *
dt_invoice_store_add_days (const char *date,
                           int         days)
{
  int y, m, d;
  GDate day;
  char buffer[16];

  if (!dt_time_parse_date (date, &y, &m, &d, NULL))
    return NULL;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, d, m, y);
  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  g_snprintf (buffer, sizeof buffer, "%04d-%02d-%02d", g_date_get_year (&day),
              g_date_get_month (&day), g_date_get_day (&day));
  return g_strdup (buffer);
}

int
dt_invoice_store_days_between (const char *from,
                               const char *to)
{
  int y, m, d;
  GDate a, b;

  if (!dt_time_parse_date (from, &y, &m, &d, NULL))
    return 0;
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, d, m, y);
  if (!dt_time_parse_date (to, &y, &m, &d, NULL))
    return 0;
  g_date_clear (&b, 1);
  g_date_set_dmy (&b, d, m, y);
  return g_date_days_between (&a, &b);
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
    sqlite3_bind_text (stmt, 3, statuses[status], -1, SQLITE_STATIC);
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
    sqlite3_bind_text (stmt, 2, statuses[status], -1, SQLITE_STATIC);
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
               statuses[invoice->status],
               invoice->status == DT_INVOICE_VOID ? "it stays as a record"
               : "correct it with a credit note");
  return FALSE;
}

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

static gboolean
validate_header (const DtInvoice  *invoice,
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

static gboolean
validate_line (DtDb                 *db,
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

static gboolean
write_line (DtDb           *db,
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
  sqlite3_bind_text (stmt, 3, line_kinds[line->kind], -1, SQLITE_STATIC);
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

  if (!validate_line (db, line, line->position + 1, client_id, credit, error) ||
      !write_line (db, invoice_id, line, TRUE, error))
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
  return TRUE;
}

gboolean
dt_invoice_store_refresh_totals (DtDb    *db,
                                 gint64   invoice_id,
                                 GError **error)
{
  g_autoptr(DtInvoice) invoice = get_invoice (db, invoice_id, TRUE, error);
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

  if (!validate_header (input, error) ||
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

  if (!validate_header (invoice, error))
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
          if (!validate_line (db, line, i + 1, current->client_id, FALSE, error) ||
              !write_line (db, invoice->id, line, FALSE, error))
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

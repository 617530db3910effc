/* dt-expenses.c: expenses paid for a client, their receipts, and their link to invoices. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-expenses.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define EXPENSE_COLUMNS \
  "x.id, x.spent_on, x.client_id, x.project_id, x.category, x.description, x.amount, " \
  "x.currency, x.vat_rate_bp, x.input_vat, x.billable, x.markup_bp, x.receipt_sha256, " \
  "x.receipt_type, x.receipt_size, x.receipt_name, x.invoice_line_id, l.invoice_id, " \
  "i.number, x.created_at, x.updated_at, x.version"
#define EXPENSE_FROM \
  " FROM expenses x LEFT JOIN invoice_lines l ON l.id = x.invoice_line_id " \
  "LEFT JOIN invoices i ON i.id = l.invoice_id "

#define MAX_MARKUP_BP 100000

DtExpense *
dt_expense_new (void)
{
  DtExpense *expense = g_new0 (DtExpense, 1);

  expense->category = g_strdup ("");
  expense->description = g_strdup ("");
  expense->receipt_name = g_strdup ("");
  expense->input_vat = DT_NO_VALUE;
  expense->billable = TRUE;
  return expense;
}

void
dt_expense_free (DtExpense *expense)
{
  if (expense == NULL)
    return;
  g_free (expense->date);
  g_free (expense->category);
  g_free (expense->description);
  g_free (expense->currency);
  g_free (expense->receipt_sha256);
  g_free (expense->receipt_type);
  g_free (expense->receipt_name);
  g_free (expense->invoice_number);
  g_free (expense);
}

gboolean
dt_expense_billed_amount (const DtExpense *expense,
                          gint64          *out_amount)
{
  g_return_val_if_fail (expense != NULL, FALSE);
  g_return_val_if_fail (out_amount != NULL, FALSE);

  return dt_money_mul_div_round (expense->amount, 10000 + (gint64) expense->markup_bp, 10000,
                                 out_amount);
}

static DtExpense *
expense_from_row (sqlite3_stmt *stmt)
{
  DtExpense *expense = g_new0 (DtExpense, 1);

  expense->id = sqlite3_column_int64 (stmt, 0);
  expense->date = dt_store_column_dup (stmt, 1);
  expense->client_id = sqlite3_column_int64 (stmt, 2);
  expense->project_id = dt_store_column_id (stmt, 3);
  expense->category = dt_store_column_dup (stmt, 4);
  expense->description = dt_store_column_dup (stmt, 5);
  expense->amount = sqlite3_column_int64 (stmt, 6);
  expense->currency = dt_store_column_dup (stmt, 7);
  expense->vat_rate_bp = sqlite3_column_int (stmt, 8);
  expense->input_vat = sqlite3_column_int64 (stmt, 9);
  expense->billable = sqlite3_column_int (stmt, 10) != 0;
  expense->markup_bp = sqlite3_column_int (stmt, 11);
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    {
      expense->receipt_sha256 = dt_store_column_dup (stmt, 12);
      expense->receipt_type = dt_store_column_dup (stmt, 13);
      expense->receipt_size = sqlite3_column_int64 (stmt, 14);
    }
  expense->receipt_name = dt_store_column_dup (stmt, 15);
  expense->invoice_line_id = dt_store_column_id (stmt, 16);
  expense->invoice_id = dt_store_column_id (stmt, 17);
  if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
    expense->invoice_number = dt_store_column_dup (stmt, 18);
  expense->created_at = sqlite3_column_int64 (stmt, 19);
  expense->updated_at = sqlite3_column_int64 (stmt, 20);
  expense->version = sqlite3_column_int64 (stmt, 21);
  return expense;
}

DtExpense *
dt_expense_store_get (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt;
  DtExpense *expense = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " EXPENSE_COLUMNS EXPENSE_FROM "WHERE x.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    expense = expense_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "expense %" G_GINT64_FORMAT " does not exist",
                 id);
  else
    dt_db_set_error (db, error, "Could not read the expense");
  sqlite3_reset (stmt);
  return expense;
}

/* ---- receipts ------------------------------------------------------------------------- */

const char *
dt_expense_receipt_check (GBytes  *bytes,
                          GError **error)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, "the receipt is empty");
      return NULL;
    }
  if (size > DT_EXPENSE_RECEIPT_MAX_SIZE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the receipt is %" G_GSIZE_FORMAT " bytes; a receipt may be at most %d bytes "
                   "(10 MiB)", size, DT_EXPENSE_RECEIPT_MAX_SIZE);
      return NULL;
    }
  if (size >= 8 && memcmp (data, "%PDF-", 5) == 0 && g_ascii_isdigit (data[5]))
    return "application/pdf";
  /* The signature, then the IHDR chunk every PNG starts with. */
  if (size >= 24 && memcmp (data, png, sizeof png) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    return "image/png";
  /* SOI, then the first marker. */
  if (size >= 4 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                       "the receipt is not a PDF, PNG or JPEG file (its content says so, "
                       "whatever its name or stated type)");
  return NULL;
}

static const char *
extension_of (const char *type)
{
  if (g_strcmp0 (type, "application/pdf") == 0)
    return ".pdf";
  if (g_strcmp0 (type, "image/png") == 0)
    return ".png";
  return ".jpg";
}

static char *
receipt_path (DtDb       *db,
              const char *sha256,
              const char *type)
{
  g_autofree char *data_dir = g_path_get_dirname (dt_db_get_path (db));
  g_autofree char *name = g_strconcat (sha256, extension_of (type), NULL);

  return g_build_filename (data_dir, DT_EXPENSE_RECEIPTS_DIR, name, NULL);
}

char *
dt_expense_store_receipt_path (DtDb            *db,
                               const DtExpense *expense)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (expense != NULL, NULL);

  if (expense->receipt_sha256 == NULL)
    return NULL;
  return receipt_path (db, expense->receipt_sha256, expense->receipt_type);
}

/* A receipt checked and about to be kept: where, and whether this call wrote the file (only
 * then may a failure remove it: the same receipt may belong to another expense). */
typedef struct
{
  const char *type;
  char       *sha256;
  char       *path;
  gsize       size;
  gboolean    written;
} Receipt;

static void
receipt_clear (Receipt *receipt)
{
  g_clear_pointer (&receipt->sha256, g_free);
  g_clear_pointer (&receipt->path, g_free);
}

/* Checks @bytes and writes the file (0600, in a 0700 folder) through a temporary file renamed
 * into place, so no half-written receipt is ever under its name. */
static gboolean
receipt_keep (DtDb     *db,
              GBytes   *bytes,
              Receipt  *out,
              GError  **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) local = NULL;

  out->type = dt_expense_receipt_check (bytes, error);
  if (out->type == NULL)
    return FALSE;
  out->size = g_bytes_get_size (bytes);
  out->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  out->path = receipt_path (db, out->sha256, out->type);
  if (g_file_test (out->path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  dir = g_path_get_dirname (out->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, DT_ERROR, saved == ENOSPC ? DT_ERROR_NO_SPACE : DT_ERROR_IO,
                   "could not create the folder for receipts: %s", g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (out->path, g_bytes_get_data (bytes, NULL), out->size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, DT_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ? DT_ERROR_NO_SPACE
                                                                             : DT_ERROR_IO,
                   "could not keep the receipt: %s", local->message);
      return FALSE;
    }
  out->written = TRUE;
  return TRUE;
}

static void
receipt_undo (Receipt *receipt)
{
  if (receipt->written && receipt->path != NULL)
    g_unlink (receipt->path);
}

/* Removes a receipt file no expense names any more, after the commit that let it go. Inside
 * a caller's transaction, which may still roll back, the file stays: a file no row names
 * costs some disk, a row whose file is gone loses the receipt. */
static void
forget_receipt (DtDb       *db,
                const char *sha256,
                const char *type)
{
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gboolean used = TRUE;

  if (sha256 == NULL || !sqlite3_get_autocommit (dt_db_get_handle (db)))
    return;
  stmt = dt_db_prepare (db, "SELECT 1 FROM expenses WHERE receipt_sha256 = ?", NULL);
  if (stmt == NULL)
    return;
  dt_store_bind_text (stmt, 1, sha256);
  used = sqlite3_step (stmt) != SQLITE_DONE;
  sqlite3_reset (stmt);
  if (used)
    return;
  path = receipt_path (db, sha256, type);
  g_unlink (path);
}

GBytes *
dt_expense_store_read_receipt (DtDb            *db,
                               const DtExpense *expense,
                               GError         **error)
{
  g_autofree char *path = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data = NULL;
  gsize size = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (expense != NULL, NULL);

  if (expense->receipt_sha256 == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "expense %" G_GINT64_FORMAT " has no receipt", expense->id);
      return NULL;
    }
  path = receipt_path (db, expense->receipt_sha256, expense->receipt_type);
  if (!g_file_get_contents (path, &data, &size, &local))
    {
      g_set_error (error, DT_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? DT_ERROR_NOT_FOUND
                                                                             : DT_ERROR_IO,
                   "the receipt of expense %" G_GINT64_FORMAT " cannot be read: %s",
                   expense->id, local->message);
      return NULL;
    }
  bytes = g_bytes_new_take (data, size);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (digest, expense->receipt_sha256) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CORRUPT,
                   "the receipt of expense %" G_GINT64_FORMAT " changed since it was kept (its "
                   "SHA-256 differs), so it is not shown", expense->id);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* ---- checks --------------------------------------------------------------------------- */

/* Checks @input's own fields and its client and project, and fills in what it leaves to
 * the store: today's date, the client's currency, the VAT computed from the rate. */
static DtExpense *
checked_copy (DtDb             *db,
              const DtExpense  *input,
              GError          **error)
{
  g_autoptr(DtExpense) checked = dt_expense_new ();
  g_autofree char *client_currency = NULL;
  sqlite3_stmt *stmt;
  int y, m, d, rc;

  checked->id = input->id;
  checked->date = input->date ? g_strdup (input->date) : dt_time_local_date (dt_time_now ());
  if (!dt_time_parse_date (checked->date, &y, &m, &d, error))
    return NULL;
  if (!dt_store_check_text ("the category", input->category, 0, 100, error) ||
      !dt_store_check_text ("the description", input->description, 1, 2000, error))
    return NULL;
  if (input->amount <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "an expense's amount must be more than 0 (got %" G_GINT64_FORMAT ")",
                   input->amount);
      return NULL;
    }
  if (input->vat_rate_bp < 0 || input->vat_rate_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a VAT rate of %d basis points is out of range; use 0 to 10000 (0 %% to "
                   "100 %%)", input->vat_rate_bp);
      return NULL;
    }
  if (input->markup_bp < 0 || input->markup_bp > MAX_MARKUP_BP)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a markup of %d basis points is out of range; use 0 to %d (0 %% to "
                   "1000 %%)", input->markup_bp, MAX_MARKUP_BP);
      return NULL;
    }

  stmt = dt_db_prepare (db, "SELECT currency FROM clients WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, input->client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    client_currency = dt_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "client %" G_GINT64_FORMAT " does not exist", input->client_id);
      else
        dt_db_set_error (db, error, "Could not read the client");
      return NULL;
    }
  if (input->project_id != 0)
    {
      gint64 project_client = 0;

      if (!dt_store_require_project (db, input->project_id, FALSE, &project_client, error))
        return NULL;
      if (project_client != input->client_id)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "project %" G_GINT64_FORMAT " belongs to client %" G_GINT64_FORMAT
                       ", not client %" G_GINT64_FORMAT, input->project_id, project_client,
                       input->client_id);
          return NULL;
        }
    }
  checked->currency = g_strdup (input->currency ? input->currency : client_currency);
  if (!dt_money_currency_valid (checked->currency, error))
    return NULL;
  if (input->billable && !g_str_equal (checked->currency, client_currency))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a re-billable expense is billed in its client's currency, %s; this one is "
                   "in %s (record it as not billable, or in %s)", client_currency,
                   checked->currency, client_currency);
      return NULL;
    }
  if (input->input_vat == DT_NO_VALUE)
    checked->input_vat = dt_money_percent_bp (input->amount, input->vat_rate_bp);
  else if (input->input_vat < 0 || input->input_vat > input->amount)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the input VAT (%" G_GINT64_FORMAT ") must be between 0 and the net amount (%"
                   G_GINT64_FORMAT ")", input->input_vat, input->amount);
      return NULL;
    }
  else
    checked->input_vat = input->input_vat;
  checked->client_id = input->client_id;
  checked->project_id = input->project_id;
  g_free (checked->category);
  checked->category = g_strdup (input->category ? input->category : "");
  g_free (checked->description);
  checked->description = g_strdup (input->description);
  checked->amount = input->amount;
  checked->vat_rate_bp = input->vat_rate_bp;
  checked->billable = input->billable;
  checked->markup_bp = input->markup_bp;
  {
    gint64 billed;

    if (!dt_expense_billed_amount (checked, &billed))
      {
        g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                             "the amount with its markup is too large");
        return NULL;
      }
  }
  return g_steal_pointer (&checked);
}

static gboolean
require_unbilled (const DtExpense  *expense,
                  const char       *what,
                  GError          **error)
{
  if (expense->invoice_line_id == 0)
    return TRUE;
  if (expense->invoice_number != NULL)
    g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                 "expense %" G_GINT64_FORMAT " is billed on invoice %s and cannot be %s; void "
                 "the invoice or issue a credit note first", expense->id,
                 expense->invoice_number, what);
  else
    g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                 "expense %" G_GINT64_FORMAT " is billed on draft invoice %" G_GINT64_FORMAT
                 " and cannot be %s; remove its line from the draft or delete the draft first",
                 expense->id, expense->invoice_id, what);
  return FALSE;
}

static void
bind_fields (sqlite3_stmt    *stmt,
             const DtExpense *expense)
{
  sqlite3_bind_text (stmt, 1, expense->date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, expense->client_id);
  dt_store_bind_id (stmt, 3, expense->project_id);
  dt_store_bind_text (stmt, 4, expense->category);
  dt_store_bind_text (stmt, 5, expense->description);
  sqlite3_bind_int64 (stmt, 6, expense->amount);
  dt_store_bind_text (stmt, 7, expense->currency);
  sqlite3_bind_int (stmt, 8, expense->vat_rate_bp);
  sqlite3_bind_int64 (stmt, 9, expense->input_vat);
  sqlite3_bind_int (stmt, 10, expense->billable ? 1 : 0);
  sqlite3_bind_int (stmt, 11, expense->markup_bp);
  sqlite3_bind_int64 (stmt, 12, dt_time_now ());
}

static gboolean
set_receipt (DtDb           *db,
             gint64          id,
             const Receipt  *receipt,
             const char     *name,
             GError        **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "UPDATE expenses SET receipt_sha256 = ?2, receipt_type = ?3, "
                                      "receipt_size = ?4, receipt_name = ?5 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  dt_store_bind_text (stmt, 2, receipt->sha256);
  dt_store_bind_text (stmt, 3, receipt->type);
  sqlite3_bind_int64 (stmt, 4, (gint64) receipt->size);
  dt_store_bind_text (stmt, 5, name);
  return dt_store_step_done (db, stmt, "Could not save the receipt", error);
}

static char *
plain_name (const char  *name,
            GError     **error)
{
  if (name == NULL)
    return g_strdup ("");
  if (!dt_store_check_text ("the receipt's file name", name, 0, 255, error))
    return NULL;
  if (name[0] == '\0')
    return g_strdup ("");
  return g_path_get_basename (name);
}

/* ---- writes --------------------------------------------------------------------------- */

DtExpense *
dt_expense_store_create (DtDb             *db,
                         const DtExpense  *input,
                         GBytes           *receipt,
                         const char       *receipt_name,
                         GError          **error)
{
  g_autoptr(DtExpense) checked = NULL;
  g_autofree char *name = NULL;
  Receipt kept = { 0 };
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  /* Everything is checked before the file is written and the file before the row. */
  if (!dt_db_begin (db, error))
    return NULL;
  checked = checked_copy (db, input, error);
  if (checked == NULL)
    goto fail;
  if (receipt != NULL)
    {
      name = plain_name (receipt_name, error);
      if (name == NULL || !receipt_keep (db, receipt, &kept, error))
        goto fail;
    }
  stmt = dt_db_prepare (db, "INSERT INTO expenses (spent_on, client_id, project_id, category, "
                        "description, amount, currency, vat_rate_bp, input_vat, billable, "
                        "markup_bp, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)", error);
  if (stmt == NULL)
    goto fail;
  bind_fields (stmt, checked);
  if (!dt_store_step_done (db, stmt, "Could not save the expense", error))
    goto fail;
  id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  if (receipt != NULL && !set_receipt (db, id, &kept, name, error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_EXPENSE, id);
  if (!dt_db_commit (db, error))
    {
      receipt_undo (&kept);
      receipt_clear (&kept);
      return NULL;
    }
  receipt_clear (&kept);
  return dt_expense_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  receipt_undo (&kept);
  receipt_clear (&kept);
  return NULL;
}

DtExpense *
dt_expense_store_update (DtDb             *db,
                         const DtExpense  *input,
                         gint64            expected_version,
                         GError          **error)
{
  g_autoptr(DtExpense) current = NULL;
  g_autoptr(DtExpense) checked = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM expenses WHERE id = ?", "expense",
                               input->id, expected_version, error))
    goto fail;
  current = dt_expense_store_get (db, input->id, error);
  if (current == NULL || !require_unbilled (current, "changed", error))
    goto fail;
  checked = checked_copy (db, input, error);
  if (checked == NULL)
    goto fail;
  stmt = dt_db_prepare (db, "UPDATE expenses SET spent_on = ?1, client_id = ?2, project_id = ?3, "
                        "category = ?4, description = ?5, amount = ?6, currency = ?7, "
                        "vat_rate_bp = ?8, input_vat = ?9, billable = ?10, markup_bp = ?11, "
                        "updated_at = max(updated_at, ?12), version = version + 1 "
                        "WHERE id = ?13 AND invoice_line_id IS NULL", error);
  if (stmt == NULL)
    goto fail;
  bind_fields (stmt, checked);
  sqlite3_bind_int64 (stmt, 13, input->id);
  if (!dt_store_step_done (db, stmt, "Could not save the expense", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_EXPENSE, input->id);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_expense_store_get (db, input->id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_expense_store_delete (DtDb    *db,
                         gint64   id,
                         GError **error)
{
  g_autoptr(DtExpense) current = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  current = dt_expense_store_get (db, id, error);
  if (current == NULL || !require_unbilled (current, "deleted", error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM expenses WHERE id = ? AND invoice_line_id IS NULL",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the expense", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_EXPENSE, id);
  if (!dt_db_commit (db, error))
    return FALSE;
  forget_receipt (db, current->receipt_sha256, current->receipt_type);
  return TRUE;

fail:
  dt_db_rollback (db);
  return FALSE;
}

DtExpense *
dt_expense_store_attach_receipt (DtDb        *db,
                                 gint64       id,
                                 GBytes      *receipt,
                                 const char  *receipt_name,
                                 GError     **error)
{
  g_autoptr(DtExpense) current = NULL;
  g_autofree char *name = NULL;
  Receipt kept = { 0 };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (receipt != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  current = dt_expense_store_get (db, id, error);
  if (current == NULL || !require_unbilled (current, "changed", error))
    goto fail;
  name = plain_name (receipt_name, error);
  if (name == NULL || !receipt_keep (db, receipt, &kept, error))
    goto fail;
  if (!set_receipt (db, id, &kept, name, error))
    goto fail;
  stmt = dt_db_prepare (db, "UPDATE expenses SET updated_at = max(updated_at, ?2), "
                        "version = version + 1 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not save the expense", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_EXPENSE, id);
  if (!dt_db_commit (db, error))
    {
      receipt_undo (&kept);
      receipt_clear (&kept);
      return NULL;
    }
  if (g_strcmp0 (current->receipt_sha256, kept.sha256) != 0)
    forget_receipt (db, current->receipt_sha256, current->receipt_type);
  receipt_clear (&kept);
  return dt_expense_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  receipt_undo (&kept);
  receipt_clear (&kept);
  return NULL;
}

/* ---- reads ---------------------------------------------------------------------------- */

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
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) expense_from_row,
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
  return dt_store_collect (db, stmt, (DtStoreRowFunc) expense_from_row,
                           (GDestroyNotify) dt_expense_free, "Could not list the expenses", error);
}

/* ---- reports -------------------------------------------------------------------------- */

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
  all = dt_store_collect (db, stmt, (DtStoreRowFunc) expense_from_row,
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

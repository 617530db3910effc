/* dt-expenses.c: expenses paid for a client and their receipts: checks and writes. Lists:
 * dt-expense-reads.c; totals and invoice lines: dt-expense-billing.c. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-expenses.h"
#include "dt-expenses-private.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

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

DtExpense *
dt_expense_from_row (sqlite3_stmt *stmt)
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
    expense = dt_expense_from_row (stmt);
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

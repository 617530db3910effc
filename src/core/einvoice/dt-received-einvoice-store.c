/* dt-received-einvoice-store.c: received e-invoices, the file kept by its hash. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-received-einvoice-store.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "dt-error.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define RECEIVED_COLUMNS \
  "id, sha256, file_name, content_type, size, syntax, number, seller_name, issue_date, " \
  "currency, payable, received_at"

void
dt_received_einvoice_free (DtReceivedEinvoice *received)
{
  if (received == NULL)
    return;
  g_free (received->sha256);
  g_free (received->file_name);
  g_free (received->content_type);
  g_free (received->syntax);
  g_free (received->number);
  g_free (received->seller_name);
  g_free (received->issue_date);
  g_free (received->currency);
  g_free (received);
}

static DtReceivedEinvoice *
received_from_row (sqlite3_stmt *stmt)
{
  DtReceivedEinvoice *received = g_new0 (DtReceivedEinvoice, 1);

  received->id = sqlite3_column_int64 (stmt, 0);
  received->sha256 = dt_store_column_dup (stmt, 1);
  received->file_name = dt_store_column_dup (stmt, 2);
  received->content_type = dt_store_column_dup (stmt, 3);
  received->size = sqlite3_column_int64 (stmt, 4);
  received->syntax = dt_store_column_dup (stmt, 5);
  received->number = dt_store_column_dup (stmt, 6);
  received->seller_name = dt_store_column_dup (stmt, 7);
  received->issue_date = dt_store_column_dup (stmt, 8);
  received->currency = dt_store_column_dup (stmt, 9);
  received->payable = sqlite3_column_int64 (stmt, 10);
  received->received_at = sqlite3_column_int64 (stmt, 11);
  return received;
}

static DtReceivedEinvoice *
get_by (DtDb        *db,
        const char  *sql,
        gint64       id,
        const char  *sha256,
        GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, error);
  DtReceivedEinvoice *received = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (sha256 != NULL)
    dt_store_bind_text (stmt, 1, sha256);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    received = received_from_row (stmt);
  else if (rc == SQLITE_DONE && sha256 == NULL)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                 "received e-invoice %" G_GINT64_FORMAT " does not exist", id);
  else if (rc != SQLITE_DONE)
    dt_db_set_error (db, error, "reading a received e-invoice");
  sqlite3_reset (stmt);
  return received;
}

DtReceivedEinvoice *
dt_received_einvoice_store_get (DtDb    *db,
                                gint64   id,
                                GError **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);

  return get_by (db, "SELECT " RECEIVED_COLUMNS " FROM received_einvoices WHERE id = ?", id,
                 NULL, error);
}

static char *
kept_path (DtDb       *db,
           const char *sha256,
           const char *content_type)
{
  g_autofree char *data_dir = g_path_get_dirname (dt_db_get_path (db));
  g_autofree char *name = g_strconcat (sha256, g_str_equal (content_type, "application/pdf")
                                               ? ".pdf" : ".xml", NULL);

  return g_build_filename (data_dir, DT_RECEIVED_EINVOICES_DIR, name, NULL);
}

/* Writes the file (0600, in a 0700 folder) unless it is there already from an earlier
 * attempt whose row was not written: same name, same bytes. */
static gboolean
keep_file (const char  *path,
           GBytes      *file,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, DT_ERROR, saved == ENOSPC ? DT_ERROR_NO_SPACE : DT_ERROR_IO,
                   "could not create the folder for received e-invoices: %s",
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (file, NULL), g_bytes_get_size (file),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, DT_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ? DT_ERROR_NO_SPACE
                                                                             : DT_ERROR_IO,
                   "could not keep the received e-invoice: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

DtReceivedEinvoice *
dt_received_einvoice_store_add (DtDb               *db,
                                GBytes             *file,
                                const char         *file_name,
                                DtReceivedInvoice **out_invoice,
                                gboolean           *out_duplicate,
                                GError            **error)
{
  g_autoptr(DtReceivedInvoice) invoice = NULL;
  g_autoptr(DtReceivedEinvoice) existing = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  const char *content_type;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  if (out_duplicate != NULL)
    *out_duplicate = FALSE;
  /* Read first: a refused file leaves no trace, neither row nor file. */
  invoice = dt_einvoice_import (file, error);
  if (invoice == NULL)
    return NULL;
  if (file_name != NULL &&
      !dt_store_check_text ("the file name", file_name, 0, 255, error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  content_type = invoice->from_pdf ? "application/pdf" : "application/xml";
  existing = get_by (db, "SELECT " RECEIVED_COLUMNS " FROM received_einvoices WHERE sha256 = ?",
                     0, sha256, error);
  if (existing != NULL)
    {
      if (out_duplicate != NULL)
        *out_duplicate = TRUE;
      if (out_invoice != NULL)
        *out_invoice = g_steal_pointer (&invoice);
      return g_steal_pointer (&existing);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  path = kept_path (db, sha256, content_type);
  if (!keep_file (path, file, error))
    return NULL;
  stmt = dt_db_prepare (db, "INSERT INTO received_einvoices (sha256, file_name, content_type, "
                        "size, syntax, number, seller_name, issue_date, currency, payable, "
                        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      g_unlink (path);
      return NULL;
    }
  dt_store_bind_text (stmt, 1, sha256);
  dt_store_bind_text (stmt, 2, file_name);
  dt_store_bind_text (stmt, 3, content_type);
  sqlite3_bind_int64 (stmt, 4, (gint64) g_bytes_get_size (file));
  dt_store_bind_text (stmt, 5, dt_einvoice_syntax_name (invoice->syntax));
  dt_store_bind_text (stmt, 6, invoice->number);
  dt_store_bind_text (stmt, 7, invoice->seller.name);
  dt_store_bind_text (stmt, 8, invoice->issue_date);
  dt_store_bind_text (stmt, 9, invoice->currency);
  sqlite3_bind_int64 (stmt, 10, invoice->payable);
  sqlite3_bind_int64 (stmt, 11, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "keeping a received e-invoice", error))
    {
      g_unlink (path);
      return NULL;
    }
  id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  if (out_invoice != NULL)
    *out_invoice = g_steal_pointer (&invoice);
  return dt_received_einvoice_store_get (db, id, error);
}

GBytes *
dt_received_einvoice_store_read (DtDb                     *db,
                                 const DtReceivedEinvoice *received,
                                 GError                  **error)
{
  g_autofree char *path = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data = NULL;
  gsize size = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (received != NULL, NULL);

  path = kept_path (db, received->sha256, received->content_type);
  if (!g_file_get_contents (path, &data, &size, &local))
    {
      g_set_error (error, DT_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? DT_ERROR_NOT_FOUND
                                                                             : DT_ERROR_IO,
                   "the file of received e-invoice %" G_GINT64_FORMAT " cannot be read: %s",
                   received->id, local->message);
      return NULL;
    }
  bytes = g_bytes_new_take (data, size);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (digest, received->sha256) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CORRUPT,
                   "the file of received e-invoice %" G_GINT64_FORMAT " changed since it was "
                   "received (its SHA-256 differs), so it is not shown", received->id);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

gint64
dt_received_einvoice_store_count (DtDb *db)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (DT_IS_DB (db), -1);

  stmt = dt_db_prepare (db, "SELECT count(*) FROM received_einvoices", NULL);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

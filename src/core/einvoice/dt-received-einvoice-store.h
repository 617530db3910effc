/* dt-received-einvoice-store.h: e-invoices received from suppliers, kept as they came (the
 * file beside the database, named by its SHA-256) with a row that finds them again. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"
#include "dt-einvoice-import.h"

G_BEGIN_DECLS

/* The folder inside the data directory the files are kept in. */
#define DT_RECEIVED_EINVOICES_DIR "received-einvoices"

typedef struct
{
  gint64    id;
  char     *sha256;        /* of the file, lower-case hex */
  char     *file_name;     /* as the sender named it, or "" */
  char     *content_type;  /* "application/xml" or "application/pdf" */
  gint64    size;
  char     *syntax;        /* dt_einvoice_syntax_name of the XML */
  char     *number;        /* BT-1 */
  char     *seller_name;   /* BT-27 */
  char     *issue_date;    /* BT-2 */
  char     *currency;      /* BT-5 */
  gint64    payable;       /* BT-115, minor units */
  gint64    received_at;   /* when first received */
} DtReceivedEinvoice;

void                dt_received_einvoice_free (DtReceivedEinvoice *received);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtReceivedEinvoice, dt_received_einvoice_free)

/*
 * Reads @file (dt_einvoice_import: CII or UBL XML, or a Factur-X / ZUGFeRD PDF) and keeps
 * it: the file under @db's data directory, then the row. Nothing is kept when the file is
 * refused (malformed or hostile XML, no e-invoice in the PDF: the import's error). The same
 * file received again is not kept twice: its first row comes back with @out_duplicate
 * TRUE. @file_name may be NULL. The parsed invoice comes back in @out_invoice (may be NULL).
 */
DtReceivedEinvoice *dt_received_einvoice_store_add  (DtDb               *db,
                                                     GBytes             *file,
                                                     const char         *file_name,
                                                     DtReceivedInvoice **out_invoice,
                                                     gboolean           *out_duplicate,
                                                     GError            **error);
DtReceivedEinvoice *dt_received_einvoice_store_get  (DtDb               *db,
                                                     gint64              id,
                                                     GError            **error);
/* The kept file of @received, checked against its hash: a file changed or gone since is
 * DT_ERROR_CORRUPT or DT_ERROR_NOT_FOUND, never shown as if it were what came. */
GBytes             *dt_received_einvoice_store_read (DtDb                     *db,
                                                     const DtReceivedEinvoice *received,
                                                     GError                  **error);
/* How many are kept (for tests and the data check); -1 on error. */
gint64              dt_received_einvoice_store_count (DtDb                    *db);

G_END_DECLS

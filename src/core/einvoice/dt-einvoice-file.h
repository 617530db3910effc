/* dt-einvoice-file.h: one invoice as the e-invoice file a client or assistant asks for —
 * Factur-X PDF, XRechnung CII or UBL, plain EN 16931 CII or UBL — made only when the
 * readiness check finds nothing that would make it invalid. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"
#include "dt-einvoice-check.h"

G_BEGIN_DECLS

typedef enum
{
  DT_EINVOICE_FILE_FACTURX,        /* the invoice PDF as PDF/A-3b with its CII inside */
  DT_EINVOICE_FILE_XRECHNUNG_CII,
  DT_EINVOICE_FILE_XRECHNUNG_UBL,
  DT_EINVOICE_FILE_EN16931_CII,
  DT_EINVOICE_FILE_EN16931_UBL,
} DtEinvoiceFileFormat;

/* "facturx", "xrechnung-cii", "xrechnung-ubl", "en16931-cii", "en16931-ubl". */
const char       *dt_einvoice_file_format_to_string   (DtEinvoiceFileFormat  format);
gboolean          dt_einvoice_file_format_from_string (const char           *text,
                                                       DtEinvoiceFileFormat *out,
                                                       GError              **error);
DtEinvoiceProfile dt_einvoice_file_format_profile     (DtEinvoiceFileFormat  format);
/* What a client's preferred format (DtClient.einvoice_format) asks for: FALSE for "pdf"
 * (no e-invoice), else TRUE with the file format in @out. */
gboolean          dt_einvoice_file_format_for_client  (const char           *client_format,
                                                       DtEinvoiceFileFormat *out);

/* The readiness list of invoice @invoice_id under @format (dt_einvoice_check), errors
 * first; empty when ready. NULL with @error only when the invoice cannot be read. */
GPtrArray        *dt_einvoice_file_check              (DtDb                 *db,
                                                       gint64                invoice_id,
                                                       DtEinvoiceFileFormat  format,
                                                       GError              **error);

/* One line per blocking problem, "BT-10 (client.buyer_reference, BR-DE-15): …". */
char             *dt_einvoice_problems_describe       (GPtrArray            *problems);

typedef struct
{
  DtEinvoiceFileFormat  format;
  GBytes               *data;
  char                 *content_type;  /* "application/xml" or "application/pdf" */
  char                 *file_name;     /* "INV-2026-0001.xml", "…-xrechnung.xml", "….pdf" */
  GPtrArray            *problems;      /* what the check found: warnings only */
} DtEinvoiceFile;

void              dt_einvoice_file_free               (DtEinvoiceFile       *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtEinvoiceFile, dt_einvoice_file_free)

/*
 * Invoice @invoice_id as @format. An invoice the check finds not ready is refused with
 * DT_ERROR_CONFLICT, the message listing each blocking problem (dt_einvoice_problems_describe),
 * and its problems in @out_problems when not NULL. Factur-X carries the XML in @pdf (the
 * invoice's PDF as it will be sent), or, when @pdf is NULL, in the PDF rendered now.
 */
DtEinvoiceFile   *dt_einvoice_file_make               (DtDb                 *db,
                                                       gint64                invoice_id,
                                                       DtEinvoiceFileFormat  format,
                                                       GBytes               *pdf,
                                                       GPtrArray           **out_problems,
                                                       GError              **error);

/* The e-invoice sending invoice @invoice_id attaches, as its client prefers: NULL without
 * an error for a client that takes the PDF alone; else a Factur-X file (which replaces
 * @pdf, the PDF to be sent) or an XRechnung XML (sent beside it). An invoice that is not
 * ready is refused as dt_einvoice_file_make refuses it. */
DtEinvoiceFile   *dt_einvoice_file_for_sending        (DtDb                 *db,
                                                       gint64                invoice_id,
                                                       GBytes               *pdf,
                                                       GError              **error);
/* For a send whose PDF is drawn on a worker thread (dt_invoicing_send_async): the e-invoice
 * the client of @invoice_id wants, made now up to the PDF — @out_file holds the XRechnung
 * XML, or for Factur-X the CII XML dt_einvoice_file_carry then puts into the PDF. TRUE with
 * @out_file NULL for a client that takes the PDF alone; FALSE with the refusal of
 * dt_einvoice_file_make for an invoice that is not ready. */
gboolean          dt_einvoice_file_prepare_sending    (DtDb                 *db,
                                                       gint64                invoice_id,
                                                       DtEinvoiceFile      **out_file,
                                                       GError              **error);
/* For a prepared Factur-X @file: the CII it holds carried by @pdf, which then becomes its
 * data. Safe on any thread (no database). Other formats are left as they are. */
gboolean          dt_einvoice_file_carry              (DtEinvoiceFile       *file,
                                                       GBytes               *pdf,
                                                       GError              **error);
/* The same check without making the file, before the user is asked to confirm the send:
 * FALSE with that refusal when the client wants an e-invoice this invoice cannot be yet. */
gboolean          dt_einvoice_file_check_sending      (DtDb                 *db,
                                                       gint64                invoice_id,
                                                       GError              **error);

G_END_DECLS

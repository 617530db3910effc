/* dt-invoice-export.h: one invoice in any of the files it can be sent as — the printed PDF,
 * Factur-X, XRechnung in CII or UBL, plain EN 16931 UBL — and the readiness check for each.
 * No GTK: the Export… action and the readiness panel both use it. */
#pragma once

#include "dt-db.h"
#include "dt-einvoice-check.h"

G_BEGIN_DECLS

typedef enum
{
  DT_EXPORT_PDF,
  DT_EXPORT_FACTURX,
  DT_EXPORT_XRECHNUNG_CII,
  DT_EXPORT_XRECHNUNG_UBL,
  DT_EXPORT_EN16931_UBL,
  DT_N_EXPORTS,
} DtExportFormat;

/* "pdf", "facturx", "xrechnung-cii", "xrechnung-ubl", "en16931-ubl". */
const char *dt_export_format_to_string   (DtExportFormat  format);
gboolean    dt_export_format_from_string (const char     *text,
                                          DtExportFormat *out);
/* "PDF", "Factur-X", "XRechnung (CII)", "XRechnung (UBL)", "EN 16931 (UBL)", translated. */
const char *dt_export_format_name        (DtExportFormat  format);
/* What a client's preferred format (DtClient.einvoice_format) is as an export. */
DtExportFormat dt_export_format_for_client (const char   *einvoice_format);
/* The EN 16931 profile a format is checked and written under; FALSE for the plain PDF. */
gboolean    dt_export_format_profile     (DtExportFormat     format,
                                          DtEinvoiceProfile *out_profile);

/* The readiness list of invoice @invoice_id as @format (a format with no profile: an empty
 * list). NULL with @error when the invoice cannot be read as an e-invoice at all. */
GPtrArray  *dt_export_check              (DtDb           *db,
                                          gint64          invoice_id,
                                          DtExportFormat  format,
                                          GError        **error);

/* The file for invoice @invoice_id as @format. An e-invoice the check blocks is refused
 * (DT_ERROR_INVALID, "Not ready as XRechnung (CII): …", naming the first problem), so no
 * file the official rules reject leaves the machine. @out_name gets a file name for it
 * ("INV-2026-0001-xrechnung-cii.xml", "INV-2026-0001-facturx.pdf"). */
GBytes     *dt_export_invoice            (DtDb           *db,
                                          gint64          invoice_id,
                                          DtExportFormat  format,
                                          char          **out_name,
                                          GError        **error);

G_END_DECLS

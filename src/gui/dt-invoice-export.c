/* dt-invoice-export.c: an invoice as the PDF or one of the e-invoices, made by the core
 * exactly as the server and sending make them, after the readiness check for that format. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-einvoice-file.h"
#include "dt-error.h"
#include "dt-invoice-export.h"
#include "dt-invoice-pdf.h"
#include "dt-invoicing.h"

static const char *const format_ids[DT_N_EXPORTS] = {
  "pdf", "facturx", "xrechnung-cii", "xrechnung-ubl", "en16931-ubl",
};

const char *
dt_export_format_to_string (DtExportFormat format)
{
  g_return_val_if_fail (format < DT_N_EXPORTS, NULL);
  return format_ids[format];
}

gboolean
dt_export_format_from_string (const char     *text,
                              DtExportFormat *out)
{
  for (guint i = 0; i < DT_N_EXPORTS; i++)
    if (g_strcmp0 (text, format_ids[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
dt_export_format_name (DtExportFormat format)
{
  switch (format)
    {
    case DT_EXPORT_PDF:
      return _("PDF");
    case DT_EXPORT_FACTURX:
      return _("Factur-X");
    case DT_EXPORT_XRECHNUNG_CII:
      return _("XRechnung (CII)");
    case DT_EXPORT_XRECHNUNG_UBL:
      return _("XRechnung (UBL)");
    case DT_EXPORT_EN16931_UBL:
      return _("EN 16931 (UBL)");
    case DT_N_EXPORTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

DtExportFormat
dt_export_format_for_client (const char *einvoice_format)
{
  DtExportFormat format;

  if (dt_export_format_from_string (einvoice_format, &format))
    return format;
  return DT_EXPORT_PDF;
}

/* The core's file format of an e-invoice export; FALSE for the plain PDF. */
static gboolean
file_format (DtExportFormat        format,
             DtEinvoiceFileFormat *out)
{
  switch (format)
    {
    case DT_EXPORT_FACTURX:
      *out = DT_EINVOICE_FILE_FACTURX;
      return TRUE;
    case DT_EXPORT_XRECHNUNG_CII:
      *out = DT_EINVOICE_FILE_XRECHNUNG_CII;
      return TRUE;
    case DT_EXPORT_XRECHNUNG_UBL:
      *out = DT_EINVOICE_FILE_XRECHNUNG_UBL;
      return TRUE;
    case DT_EXPORT_EN16931_UBL:
      *out = DT_EINVOICE_FILE_EN16931_UBL;
      return TRUE;
    case DT_EXPORT_PDF:
    case DT_N_EXPORTS:
    default:
      return FALSE;
    }
}

gboolean
dt_export_format_profile (DtExportFormat     format,
                          DtEinvoiceProfile *out_profile)
{
  DtEinvoiceFileFormat file;

  if (!file_format (format, &file))
    return FALSE;
  *out_profile = dt_einvoice_file_format_profile (file);
  return TRUE;
}

GPtrArray *
dt_export_check (DtDb            *db,
                 gint64           invoice_id,
                 DtExportFormat   format,
                 GError         **error)
{
  DtEinvoiceFileFormat file;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!file_format (format, &file))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dt_einvoice_problem_free);
  return dt_einvoice_file_check (db, invoice_id, file, error);
}

/* The same files the server and sending make (dt-einvoice-file.h); the window's refusal
 * names the format and the first thing to fix, as the readiness panel beside it does. */
GBytes *
dt_export_invoice (DtDb            *db,
                   gint64           invoice_id,
                   DtExportFormat   format,
                   char           **out_name,
                   GError         **error)
{
  g_autoptr(DtEinvoiceFile) file = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) local = NULL;
  DtEinvoiceFileFormat file_kind;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (format < DT_N_EXPORTS, NULL);

  if (!file_format (format, &file_kind))
    {
      g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (db, invoice_id, error);
      GBytes *pdf = doc != NULL ? dt_invoice_pdf_render (doc, DT_PAPER_AUTO, error) : NULL;

      if (pdf != NULL && out_name != NULL)
        *out_name = dt_invoice_pdf_file_name (doc);
      return pdf;
    }
  file = dt_einvoice_file_make (db, invoice_id, file_kind, NULL, &problems, &local);
  if (file == NULL)
    {
      if (problems != NULL && dt_einvoice_problems_block (problems))
        {
          const DtEinvoiceProblem *first = g_ptr_array_index (problems, 0);

          /* Translators: "Not ready as XRechnung (CII): XRechnung needs the client's buyer
           * reference …" */
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, _("Not ready as %s: %s"),
                       dt_export_format_name (format), first->message);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (out_name != NULL)
    *out_name = g_strdup (file->file_name);
  return g_bytes_ref (file->data);
}

/* dt-invoice-export.c: an invoice as the PDF or one of the e-invoices, through the core's
 * writers, after the readiness check for that format. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-einvoice-cii.h"
#include "dt-einvoice-ubl.h"
#include "dt-error.h"
#include "dt-facturx.h"
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

gboolean
dt_export_format_profile (DtExportFormat     format,
                          DtEinvoiceProfile *out_profile)
{
  switch (format)
    {
    case DT_EXPORT_FACTURX:
    case DT_EXPORT_EN16931_UBL:
      *out_profile = DT_EINVOICE_PROFILE_EN16931;
      return TRUE;
    case DT_EXPORT_XRECHNUNG_CII:
    case DT_EXPORT_XRECHNUNG_UBL:
      *out_profile = DT_EINVOICE_PROFILE_XRECHNUNG;
      return TRUE;
    case DT_EXPORT_PDF:
    case DT_N_EXPORTS:
    default:
      return FALSE;
    }
}

GPtrArray *
dt_export_check (DtDb            *db,
                 gint64           invoice_id,
                 DtExportFormat   format,
                 GError         **error)
{
  g_autoptr(DtEinvoice) einvoice = NULL;
  DtEinvoiceProfile profile;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_export_format_profile (format, &profile))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dt_einvoice_problem_free);
  einvoice = dt_einvoice_build (db, invoice_id, error);
  if (einvoice == NULL)
    return NULL;
  return dt_einvoice_check (einvoice, profile);
}

/* "INV-2026-0001.pdf" → "INV-2026-0001<suffix>". */
static char *
file_name (const DtInvoiceDocument *doc,
           const char              *suffix)
{
  g_autofree char *pdf = dt_invoice_pdf_file_name (doc);

  if (g_str_has_suffix (pdf, ".pdf"))
    pdf[strlen (pdf) - strlen (".pdf")] = '\0';
  return g_strconcat (pdf, suffix, NULL);
}

GBytes *
dt_export_invoice (DtDb            *db,
                   gint64           invoice_id,
                   DtExportFormat   format,
                   char           **out_name,
                   GError         **error)
{
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) cii = NULL;
  GBytes *file = NULL;
  DtEinvoiceProfile profile;
  const char *suffix;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (format < DT_N_EXPORTS, NULL);

  doc = dt_invoicing_build_document (db, invoice_id, error);
  if (doc == NULL)
    return NULL;
  if (format == DT_EXPORT_PDF)
    {
      pdf = dt_invoice_pdf_render (doc, DT_PAPER_AUTO, error);
      if (pdf != NULL && out_name != NULL)
        *out_name = dt_invoice_pdf_file_name (doc);
      return g_steal_pointer (&pdf);
    }

  dt_export_format_profile (format, &profile);
  einvoice = dt_einvoice_build (db, invoice_id, error);
  if (einvoice == NULL)
    return NULL;
  problems = dt_einvoice_check (einvoice, profile);
  if (dt_einvoice_problems_block (problems))
    {
      const DtEinvoiceProblem *first = g_ptr_array_index (problems, 0);

      /* Translators: "Not ready as XRechnung (CII): XRechnung needs the client's buyer
       * reference …" */
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, _("Not ready as %s: %s"),
                   dt_export_format_name (format), first->message);
      return NULL;
    }

  switch (format)
    {
    case DT_EXPORT_FACTURX:
      cii = dt_einvoice_write_cii (einvoice, profile, error);
      if (cii != NULL)
        pdf = dt_invoice_pdf_render (doc, DT_PAPER_AUTO, error);
      if (pdf != NULL)
        file = dt_facturx_make (pdf, cii, NULL, error);
      suffix = "-facturx.pdf";
      break;
    case DT_EXPORT_XRECHNUNG_CII:
      file = dt_einvoice_write_cii (einvoice, profile, error);
      suffix = "-xrechnung-cii.xml";
      break;
    case DT_EXPORT_XRECHNUNG_UBL:
      file = dt_einvoice_write_ubl (einvoice, profile, error);
      suffix = "-xrechnung-ubl.xml";
      break;
    case DT_EXPORT_EN16931_UBL:
      file = dt_einvoice_write_ubl (einvoice, profile, error);
      suffix = "-en16931-ubl.xml";
      break;
    case DT_EXPORT_PDF:
    case DT_N_EXPORTS:
    default:
      g_assert_not_reached ();
    }
  if (file != NULL && out_name != NULL)
    *out_name = file_name (doc, suffix);
  return file;
}

/* dt-einvoice-file.c: an invoice as an e-invoice file, after the readiness check. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "config.h"

#include "dt-einvoice-file.h"

#include <glib/gi18n-lib.h>

#include "dt-einvoice-cii.h"
#include "dt-einvoice-ubl.h"
#include "dt-error.h"
#include "dt-facturx.h"
#include "dt-invoice-pdf.h"
#include "dt-client-store.h"
#include "dt-invoice-store.h"
#include "dt-invoicing.h"

static const char *const format_names[] = {
  [DT_EINVOICE_FILE_FACTURX] = "facturx",
  [DT_EINVOICE_FILE_XRECHNUNG_CII] = "xrechnung-cii",
  [DT_EINVOICE_FILE_XRECHNUNG_UBL] = "xrechnung-ubl",
  [DT_EINVOICE_FILE_EN16931_CII] = "en16931-cii",
  [DT_EINVOICE_FILE_EN16931_UBL] = "en16931-ubl",
};

const char *
dt_einvoice_file_format_to_string (DtEinvoiceFileFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
dt_einvoice_file_format_from_string (const char           *text,
                                     DtEinvoiceFileFormat *out,
                                     GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *out = (DtEinvoiceFileFormat) i;
        return TRUE;
      }
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the e-invoice format \"%s\" is not one of facturx, xrechnung-cii, "
               "xrechnung-ubl, en16931-cii or en16931-ubl", text != NULL ? text : "");
  return FALSE;
}

DtEinvoiceProfile
dt_einvoice_file_format_profile (DtEinvoiceFileFormat format)
{
  return format == DT_EINVOICE_FILE_XRECHNUNG_CII || format == DT_EINVOICE_FILE_XRECHNUNG_UBL
         ? DT_EINVOICE_PROFILE_XRECHNUNG : DT_EINVOICE_PROFILE_EN16931;
}

gboolean
dt_einvoice_file_format_for_client (const char           *client_format,
                                    DtEinvoiceFileFormat *out)
{
  if (g_strcmp0 (client_format, "pdf") == 0 || client_format == NULL || *client_format == '\0')
    return FALSE;
  return dt_einvoice_file_format_from_string (client_format, out, NULL);
}

static gboolean
is_cii (DtEinvoiceFileFormat format)
{
  return format == DT_EINVOICE_FILE_FACTURX || format == DT_EINVOICE_FILE_XRECHNUNG_CII ||
         format == DT_EINVOICE_FILE_EN16931_CII;
}

GPtrArray *
dt_einvoice_file_check (DtDb                 *db,
                        gint64                invoice_id,
                        DtEinvoiceFileFormat  format,
                        GError              **error)
{
  g_autoptr(DtEinvoice) einvoice = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  einvoice = dt_einvoice_build (db, invoice_id, error);
  if (einvoice == NULL)
    return NULL;
  return dt_einvoice_check (einvoice, dt_einvoice_file_format_profile (format));
}

char *
dt_einvoice_problems_describe (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = problems->pdata[i];

      if (problem->severity != DT_EINVOICE_ERROR)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s (%s%s%s): %s", problem->business_term,
                              problem->field[0] != '\0' ? problem->field : "",
                              problem->field[0] != '\0' ? ", " : "", problem->rule,
                              problem->message);
    }
  return g_string_free (out, FALSE);
}

void
dt_einvoice_file_free (DtEinvoiceFile *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->data, g_bytes_unref);
  g_free (file->content_type);
  g_free (file->file_name);
  g_clear_pointer (&file->problems, g_ptr_array_unref);
  g_free (file);
}

/* The file name the invoice number gives, safe on every file system. */
static char *
file_name_for (const DtEinvoice     *einvoice,
               DtEinvoiceFileFormat  format)
{
  g_autofree char *base = g_strdup (einvoice->number[0] != '\0' ? einvoice->number : "draft");
  static const char *const suffixes[] = {
    [DT_EINVOICE_FILE_FACTURX] = ".pdf",
    [DT_EINVOICE_FILE_XRECHNUNG_CII] = "-xrechnung-cii.xml",
    [DT_EINVOICE_FILE_XRECHNUNG_UBL] = "-xrechnung-ubl.xml",
    [DT_EINVOICE_FILE_EN16931_CII] = "-cii.xml",
    [DT_EINVOICE_FILE_EN16931_UBL] = "-ubl.xml",
  };

  g_strcanon (base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", '_');
  return g_strconcat (base, suffixes[format], NULL);
}

static GBytes *
render_pdf (DtDb    *db,
            gint64   invoice_id,
            GError **error)
{
  DtInvoiceDocument *document = dt_invoicing_build_document (db, invoice_id, error);
  GBytes *pdf;

  if (document == NULL)
    return NULL;
  pdf = dt_invoice_pdf_render (document, dt_invoice_pdf_paper_for_currency (document->currency),
                               error);
  dt_invoice_document_free (document);
  return pdf;
}

gboolean
dt_einvoice_file_carry (DtEinvoiceFile  *file,
                        GBytes          *pdf,
                        GError         **error)
{
  GBytes *carried;

  g_return_val_if_fail (file != NULL && pdf != NULL, FALSE);

  if (file->format != DT_EINVOICE_FILE_FACTURX || g_str_equal (file->content_type,
                                                               "application/pdf"))
    return TRUE;
  carried = dt_facturx_make (pdf, file->data, NULL, error);
  if (carried == NULL)
    return FALSE;
  g_bytes_unref (file->data);
  file->data = carried;
  g_free (file->content_type);
  file->content_type = g_strdup ("application/pdf");
  return TRUE;
}

static DtEinvoiceFile *
make_file (DtDb                 *db,
           gint64                invoice_id,
           DtEinvoiceFileFormat  format,
           GBytes               *pdf,
           gboolean              prepare_only,
           GPtrArray           **out_problems,
           GError              **error)
{
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DtEinvoiceFile) file = NULL;
  g_autoptr(GBytes) xml = NULL;
  DtEinvoiceProfile profile = dt_einvoice_file_format_profile (format);

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);

  einvoice = dt_einvoice_build (db, invoice_id, error);
  if (einvoice == NULL)
    return NULL;
  problems = dt_einvoice_check (einvoice, profile);
  if (dt_einvoice_problems_block (problems))
    {
      g_autofree char *list = dt_einvoice_problems_describe (problems);

      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   _("Invoice %s is not ready as a %s e-invoice:\n%s"),
                   einvoice->number[0] != '\0' ? einvoice->number : _("(draft)"),
                   format_names[format], list);
      if (out_problems != NULL)
        *out_problems = g_steal_pointer (&problems);
      return NULL;
    }
  xml = is_cii (format) ? dt_einvoice_write_cii (einvoice, profile, error)
                        : dt_einvoice_write_ubl (einvoice, profile, error);
  if (xml == NULL)
    return NULL;

  file = g_new0 (DtEinvoiceFile, 1);
  file->format = format;
  file->file_name = file_name_for (einvoice, format);
  file->data = g_steal_pointer (&xml);
  file->content_type = g_strdup ("application/xml");
  if (format == DT_EINVOICE_FILE_FACTURX && !prepare_only)
    {
      g_autoptr(GBytes) rendered = pdf != NULL ? g_bytes_ref (pdf)
                                               : render_pdf (db, invoice_id, error);

      if (rendered == NULL || !dt_einvoice_file_carry (file, rendered, error))
        return NULL;
    }
  file->problems = g_steal_pointer (&problems);
  if (out_problems != NULL)
    *out_problems = g_ptr_array_ref (file->problems);
  return g_steal_pointer (&file);
}

DtEinvoiceFile *
dt_einvoice_file_make (DtDb                 *db,
                       gint64                invoice_id,
                       DtEinvoiceFileFormat  format,
                       GBytes               *pdf,
                       GPtrArray           **out_problems,
                       GError              **error)
{
  return make_file (db, invoice_id, format, pdf, FALSE, out_problems, error);
}

/* The format the client of @invoice_id wants sent; FALSE (no error) for the PDF alone. */
static gboolean
sending_format (DtDb                 *db,
                gint64                invoice_id,
                DtEinvoiceFileFormat *out,
                GError              **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, error);
  g_autoptr(DtClient) client = NULL;

  if (invoice == NULL)
    return FALSE;
  client = dt_client_store_get (db, invoice->client_id, error);
  if (client == NULL)
    return FALSE;
  return dt_einvoice_file_format_for_client (client->einvoice_format, out);
}

DtEinvoiceFile *
dt_einvoice_file_for_sending (DtDb    *db,
                              gint64   invoice_id,
                              GBytes  *pdf,
                              GError **error)
{
  DtEinvoiceFileFormat format;
  GError *local = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  if (!sending_format (db, invoice_id, &format, &local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return NULL;
    }
  return dt_einvoice_file_make (db, invoice_id, format, pdf, NULL, error);
}

gboolean
dt_einvoice_file_prepare_sending (DtDb            *db,
                                  gint64           invoice_id,
                                  DtEinvoiceFile **out_file,
                                  GError         **error)
{
  DtEinvoiceFileFormat format;
  GError *local = NULL;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (out_file != NULL, FALSE);

  *out_file = NULL;
  if (!sending_format (db, invoice_id, &format, &local))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, local);
      return FALSE;
    }
  *out_file = make_file (db, invoice_id, format, NULL, TRUE, NULL, error);
  return *out_file != NULL;
}

gboolean
dt_einvoice_file_check_sending (DtDb    *db,
                                gint64   invoice_id,
                                GError **error)
{
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *list = NULL;
  DtEinvoiceFileFormat format;
  GError *local = NULL;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!sending_format (db, invoice_id, &format, &local))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, local);
      return FALSE;
    }
  einvoice = dt_einvoice_build (db, invoice_id, error);
  if (einvoice == NULL)
    return FALSE;
  problems = dt_einvoice_check (einvoice, dt_einvoice_file_format_profile (format));
  if (!dt_einvoice_problems_block (problems))
    return TRUE;
  list = dt_einvoice_problems_describe (problems);
  g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
               _("Invoice %s is not ready as a %s e-invoice:\n%s"),
               einvoice->number[0] != '\0' ? einvoice->number : _("(draft)"),
               format_names[format], list);
  return FALSE;
}

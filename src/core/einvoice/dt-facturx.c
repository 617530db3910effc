/* dt-facturx.c: Factur-X policy — what goes into the PDF/A-3b file and what it must say;
 * dt-facturx-qpdf.cpp does the PDF structure work with libqpdf. */
#define G_LOG_DOMAIN "dt-facturx"

#include "dt-facturx.h"

#include "dt-error.h"
#include "dt-einvoice-resources.h"
#include "dt-einvoice-xml.h"
#include "dt-facturx-qpdf.h"

#include <stdlib.h>
#include <string.h>

#define PRODUCER "DoubleTime"
#define ICC_RESOURCE "/io/github/doubletime/DoubleTime/einvoice/sRGB.icc"
#define ICC_IDENTIFIER "sRGB IEC61966-2.1"

/* The other names ZUGFeRD 2.x and XRechnung-in-PDF senders use for the same attachment. */
static const char *const xml_names[] = { DT_FACTURX_XML_NAME, "zugferd-invoice.xml",
                                         "xrechnung.xml", NULL };

static void
take_qpdf_error (GError    **error,
                 DtErrorCode code,
                 const char *what,
                 char       *message)
{
  g_set_error (error, DT_ERROR, code, "%s: %s", what, message != NULL ? message : "unknown error");
  free (message);
}

/* The XMP packet PDF/A-3 and Factur-X ask for: PDF/A identification, the Factur-X extension
 * schema described in pdfaExtension terms (PDF/A-3 6.6.2.3.3 forbids undeclared schemas),
 * and the Info dictionary's entries restated (6.6.2.3.1). */
static char *
build_xmp (const DtFacturxPdfInfo *info,
           const char             *xmp_date)
{
  g_autofree char *title = g_markup_escape_text (info->title, -1);
  g_autofree char *author = g_markup_escape_text (info->author, -1);
  g_autofree char *creator = g_markup_escape_text (info->creator, -1);
  GString *xmp = g_string_new (NULL);

  g_string_append (xmp,
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
    "   <pdfaid:part>3</pdfaid:part>\n"
    "   <pdfaid:conformance>B</pdfaid:conformance>\n"
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  if (*title != '\0')
    g_string_append_printf (xmp,
      "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n",
      title);
  if (*author != '\0')
    g_string_append_printf (xmp,
      "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", author);
  g_string_append (xmp,
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
  g_string_append_printf (xmp,
    "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", xmp_date, xmp_date);
  if (*creator != '\0')
    g_string_append_printf (xmp, "   <xmp:CreatorTool>%s</xmp:CreatorTool>\n", creator);
  g_string_append (xmp,
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
    "   <pdf:Producer>" PRODUCER "</pdf:Producer>\n"
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:fx=\"urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#\">\n"
    "   <fx:DocumentType>INVOICE</fx:DocumentType>\n"
    "   <fx:DocumentFileName>" DT_FACTURX_XML_NAME "</fx:DocumentFileName>\n"
    "   <fx:Version>1.0</fx:Version>\n"
    "   <fx:ConformanceLevel>" DT_FACTURX_CONFORMANCE_LEVEL "</fx:ConformanceLevel>\n"
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "   <pdfaExtension:schemas>\n"
    "    <rdf:Bag>\n"
    "     <rdf:li rdf:parseType=\"Resource\">\n"
    "      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n"
    "      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
    "</pdfaSchema:namespaceURI>\n"
    "      <pdfaSchema:prefix>fx</pdfaSchema:prefix>\n"
    "      <pdfaSchema:property>\n"
    "       <rdf:Seq>\n");
  {
    static const char *const properties[][2] = {
      { "DocumentFileName", "The name of the embedded XML document" },
      { "DocumentType",
        "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER" },
      { "Version", "The actual version of the standard applying to the embedded XML document" },
      { "ConformanceLevel", "The conformance level of the embedded XML document" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS (properties); i++)
      g_string_append_printf (xmp,
        "        <rdf:li rdf:parseType=\"Resource\">\n"
        "         <pdfaProperty:name>%s</pdfaProperty:name>\n"
        "         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
        "         <pdfaProperty:category>external</pdfaProperty:category>\n"
        "         <pdfaProperty:description>%s</pdfaProperty:description>\n"
        "        </rdf:li>\n", properties[i][0], properties[i][1]);
  }
  g_string_append (xmp,
    "       </rdf:Seq>\n"
    "      </pdfaSchema:property>\n"
    "     </rdf:li>\n"
    "    </rdf:Bag>\n"
    "   </pdfaExtension:schemas>\n"
    "  </rdf:Description>\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
    "<?xpacket end=\"w\"?>");
  return g_string_free (xmp, FALSE);
}

/* The XML must parse (with the same hardening as a received one) into a CII invoice, so a
 * PDF is never made around anything else; whether it is a valid one is the validator's. */
static gboolean
check_cii (GBytes  *xml,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  DtEinvoiceSyntax syntax;
  gsize len;
  const char *data = g_bytes_get_data (xml, &len);

  doc = dt_einvoice_xml_read (data, len, &syntax, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "cannot embed the XML: %s",
                   local_error->message);
      return FALSE;
    }
  if (syntax != DT_EINVOICE_SYNTAX_CII)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the XML to embed is a %s, not a CII CrossIndustryInvoice (Factur-X "
                   "carries CII only)", dt_einvoice_syntax_name (syntax));
      return FALSE;
    }
  return TRUE;
}

GBytes *
dt_facturx_make (GBytes     *invoice_pdf,
                 GBytes     *cii_xml,
                 GDateTime  *when,
                 GError    **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GBytes) icc = NULL;
  g_autofree char *pdf_date = NULL;
  g_autofree char *xmp_date = NULL;
  g_autofree char *xmp = NULL;
  DtFacturxPdfInfo info = { 0 };
  DtFacturxParts parts = { 0 };
  const unsigned char *pdf;
  gsize pdf_len;
  unsigned char *out = NULL;
  size_t out_len = 0;
  char *message = NULL;

  g_return_val_if_fail (invoice_pdf != NULL, NULL);
  g_return_val_if_fail (cii_xml != NULL, NULL);

  if (!check_cii (cii_xml, error))
    return NULL;

  pdf = g_bytes_get_data (invoice_pdf, &pdf_len);
  if (pdf_len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the invoice PDF is empty");
      return NULL;
    }
  if (dt_facturx_qpdf_read_info (pdf, pdf_len, &info, &message) != 0)
    {
      take_qpdf_error (error, DT_ERROR_INVALID, "the invoice PDF cannot be read", message);
      return NULL;
    }
  if (info.encrypted)
    {
      dt_facturx_qpdf_info_clear (&info);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the invoice PDF is encrypted, which PDF/A forbids");
      return NULL;
    }

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (when);
  pdf_date = g_date_time_format (utc, "D:%Y%m%d%H%M%SZ");
  xmp_date = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  xmp = build_xmp (&info, xmp_date);
  dt_facturx_qpdf_info_clear (&info);

  icc = g_resource_lookup_data (dt_einvoice_get_resource (), ICC_RESOURCE,
                                G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (icc != NULL);

  parts.xml = g_bytes_get_data (cii_xml, &parts.xml_len);
  parts.xml_name = DT_FACTURX_XML_NAME;
  parts.xml_description = "Factur-X invoice (EN 16931)";
  parts.icc = g_bytes_get_data (icc, &parts.icc_len);
  parts.icc_identifier = ICC_IDENTIFIER;
  parts.xmp = xmp;
  parts.producer = PRODUCER;
  parts.pdf_date = pdf_date;

  if (dt_facturx_qpdf_assemble (pdf, pdf_len, &parts, &out, &out_len, &message) != 0)
    {
      take_qpdf_error (error, DT_ERROR_INVALID, "could not make the Factur-X PDF", message);
      return NULL;
    }
  return g_bytes_new_with_free_func (out, out_len, free, out);
}

GBytes *
dt_facturx_extract_xml (GBytes  *pdf,
                        GError **error)
{
  const unsigned char *data;
  gsize len;

  g_return_val_if_fail (pdf != NULL, NULL);

  data = g_bytes_get_data (pdf, &len);
  if (len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the PDF is empty");
      return NULL;
    }
  for (gsize i = 0; xml_names[i] != NULL; i++)
    {
      unsigned char *xml = NULL;
      size_t xml_len = 0;
      char *relationship = NULL;
      char *message = NULL;

      if (dt_facturx_qpdf_extract (data, len, xml_names[i], DT_EINVOICE_XML_MAX_SIZE, &xml,
                                   &xml_len, &relationship, &message) != 0)
        {
          take_qpdf_error (error, DT_ERROR_INVALID, "the PDF cannot be read", message);
          return NULL;
        }
      free (relationship);
      if (xml != NULL)
        return g_bytes_new_with_free_func (xml, xml_len, free, xml);
    }
  g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
               "the PDF carries no factur-x.xml (it is not a Factur-X or ZUGFeRD invoice)");
  return NULL;
}

/* dt-einvoice-xml-writer.c: the xmlTextWriter helpers the CII and UBL writers share. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-xml-private.h"
#include "dt-error.h"

gboolean
dt_einvoice_xml_begin (DtEinvoiceXml     *xml,
                       const DtEinvoice  *einvoice,
                       GError           **error)
{
  *xml = (DtEinvoiceXml) { 0 };
  if (einvoice->currency_digits < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s has more than two decimals, which EN 16931 e-invoices cannot carry",
                   einvoice->currency);
      return FALSE;
    }
  xml->digits = einvoice->currency_digits;
  xml->buffer = xmlBufferCreate ();
  xml->writer = xmlNewTextWriterMemory (xml->buffer, 0);
  if (xml->writer == NULL)
    {
      xmlBufferFree (xml->buffer);
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "Could not start the XML document");
      return FALSE;
    }
  xmlTextWriterSetIndent (xml->writer, 1);
  xmlTextWriterSetIndentString (xml->writer, BAD_CAST "  ");
  xml->failed = xmlTextWriterStartDocument (xml->writer, "1.0", "UTF-8", NULL) < 0;
  return TRUE;
}

GBytes *
dt_einvoice_xml_finish (DtEinvoiceXml  *xml,
                        GError        **error)
{
  GBytes *bytes = NULL;

  if (xmlTextWriterEndDocument (xml->writer) < 0)
    xml->failed = TRUE;
  xmlFreeTextWriter (xml->writer);
  if (!xml->failed)
    bytes = g_bytes_new (xmlBufferContent (xml->buffer), (gsize) xmlBufferLength (xml->buffer));
  else
    g_set_error (error, DT_ERROR, DT_ERROR_IO,
                 "Could not write the XML document (a text was not valid UTF-8?)");
  xmlBufferFree (xml->buffer);
  *xml = (DtEinvoiceXml) { 0 };
  return bytes;
}

static void
check (DtEinvoiceXml *xml,
       int            rc)
{
  if (rc < 0)
    xml->failed = TRUE;
}

void
dt_einvoice_xml_start (DtEinvoiceXml *xml,
                       const char    *name)
{
  check (xml, xmlTextWriterStartElement (xml->writer, BAD_CAST name));
}

void
dt_einvoice_xml_end (DtEinvoiceXml *xml)
{
  check (xml, xmlTextWriterEndElement (xml->writer));
}

void
dt_einvoice_xml_attribute (DtEinvoiceXml *xml,
                           const char    *name,
                           const char    *value)
{
  check (xml, xmlTextWriterWriteAttribute (xml->writer, BAD_CAST name, BAD_CAST value));
}

void
dt_einvoice_xml_text_with (DtEinvoiceXml *xml,
                           const char    *name,
                           const char    *text,
                           const char    *attribute,
                           const char    *value)
{
  if (text == NULL || *text == '\0')
    return;
  dt_einvoice_xml_start (xml, name);
  if (attribute != NULL && value != NULL)
    dt_einvoice_xml_attribute (xml, attribute, value);
  check (xml, xmlTextWriterWriteString (xml->writer, BAD_CAST text));
  dt_einvoice_xml_end (xml);
}

void
dt_einvoice_xml_text (DtEinvoiceXml *xml,
                      const char    *name,
                      const char    *text)
{
  dt_einvoice_xml_text_with (xml, name, text, NULL, NULL);
}

void
dt_einvoice_xml_amount (DtEinvoiceXml *xml,
                        const char    *name,
                        gint64         minor,
                        const char    *currency)
{
  g_autofree char *text = dt_einvoice_format_amount (minor, xml->digits);

  dt_einvoice_xml_text_with (xml, name, text, currency != NULL ? "currencyID" : NULL, currency);
}

char *
dt_einvoice_xml_date_102 (const char *date)
{
  GString *out = g_string_new (NULL);

  for (const char *p = date != NULL ? date : ""; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* dt-einvoice-xml-private.h: what the CII and UBL writers share: an xmlTextWriter into
 * memory and elements that skip themselves when empty. */
#pragma once

#include "dt-einvoice-model.h"

#include <libxml/xmlwriter.h>

G_BEGIN_DECLS

typedef struct
{
  xmlBufferPtr      buffer;
  xmlTextWriterPtr  writer;
  int               digits;  /* the currency's decimals */
  gboolean          failed;
} DtEinvoiceXml;

/* Starts a UTF-8 document, indented. FALSE with DT_ERROR_INVALID when @einvoice's currency
 * has more than two decimals (EN 16931 allows no more). */
gboolean  dt_einvoice_xml_begin     (DtEinvoiceXml     *xml,
                                     const DtEinvoice  *einvoice,
                                     GError           **error);
/* Ends the document and returns its bytes; NULL with @error when libxml2 failed. */
GBytes   *dt_einvoice_xml_finish    (DtEinvoiceXml     *xml,
                                     GError           **error);
void      dt_einvoice_xml_start     (DtEinvoiceXml     *xml,
                                     const char        *name);
void      dt_einvoice_xml_end       (DtEinvoiceXml     *xml);
void      dt_einvoice_xml_attribute (DtEinvoiceXml     *xml,
                                     const char        *name,
                                     const char        *value);
/* <name>text</name>, nothing when @text is NULL or "". */
void      dt_einvoice_xml_text      (DtEinvoiceXml     *xml,
                                     const char        *name,
                                     const char        *text);
/* <name attribute="value">text</name>, nothing when @text is NULL or "". */
void      dt_einvoice_xml_text_with (DtEinvoiceXml     *xml,
                                     const char        *name,
                                     const char        *text,
                                     const char        *attribute,
                                     const char        *value);
/* An amount in the currency's decimals, with currencyID when @currency is not NULL. */
void      dt_einvoice_xml_amount    (DtEinvoiceXml     *xml,
                                     const char        *name,
                                     gint64             minor,
                                     const char        *currency);
/* "YYYY-MM-DD" as "YYYYMMDD" (CII's format 102). */
char     *dt_einvoice_xml_date_102  (const char        *date);

G_END_DECLS

/* dt-facturx.h: Factur-X 1.0 / ZUGFeRD 2.x (profile EN 16931): an invoice PDF made PDF/A-3b
 * with its CII XML embedded as factur-x.xml, and the way back (the XML out of such a PDF). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_FACTURX_XML_NAME "factur-x.xml"
/* The profile we write, as the XMP fx:ConformanceLevel states it. */
#define DT_FACTURX_CONFORMANCE_LEVEL "EN 16931"

/* Turns @invoice_pdf (as dt_invoice_pdf_render makes it) into a PDF/A-3b file carrying
 * @cii_xml as factur-x.xml (AFRelationship Alternative), an sRGB output intent and XMP
 * metadata with the Factur-X extension schema. @when is the creation and modification
 * time both the Info dictionary and the XMP state (NULL: now). Refuses an encrypted PDF, an
 * empty XML or one whose root is not a CII CrossIndustryInvoice with DT_ERROR_INVALID. */
GBytes  *dt_facturx_make         (GBytes     *invoice_pdf,
                                  GBytes     *cii_xml,
                                  GDateTime  *when,
                                  GError    **error);

/* The factur-x.xml (or ZUGFeRD 2.x's zugferd-invoice.xml / xrechnung.xml) a PDF carries,
 * byte for byte. DT_ERROR_NOT_FOUND when the PDF has none, DT_ERROR_INVALID when it is not
 * a readable PDF. */
GBytes  *dt_facturx_extract_xml  (GBytes     *pdf,
                                  GError    **error);

G_END_DECLS

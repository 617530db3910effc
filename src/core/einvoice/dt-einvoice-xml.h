/* dt-einvoice-xml.h: an e-invoice's XML read with libxml2 the safe way, and which of the
 * syntaxes EN 16931 allows (CII, UBL Invoice, UBL CreditNote) it is. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Larger than any real invoice (the XRechnung samples are under 100 kB; ten thousand lines
 * are a few MB), small enough that a hostile file costs little. */
#define DT_EINVOICE_XML_MAX_SIZE (16 * 1024 * 1024)

typedef enum
{
  DT_EINVOICE_SYNTAX_CII,              /* UN/CEFACT CrossIndustryInvoice D16B */
  DT_EINVOICE_SYNTAX_UBL_INVOICE,      /* OASIS UBL 2.1 Invoice */
  DT_EINVOICE_SYNTAX_UBL_CREDIT_NOTE,  /* OASIS UBL 2.1 CreditNote */
} DtEinvoiceSyntax;

/* "CII CrossIndustryInvoice", "UBL Invoice", "UBL CreditNote": for messages. */
const char *dt_einvoice_syntax_name (DtEinvoiceSyntax syntax);

/* Parses @data without touching the network or the file system: no DTD of any kind (a
 * DOCTYPE is refused before its internal subset is read, so no entity is ever declared,
 * let alone expanded — XXE, billion laughs and external DTDs all stop there), no entity
 * substitution, libxml2's default depth and size limits, and at most
 * DT_EINVOICE_XML_MAX_SIZE bytes. The root element must be one of the three syntaxes.
 * Each refusal is DT_ERROR_INVALID with a message that says what was wrong. */
xmlDoc     *dt_einvoice_xml_read    (const char        *data,
                                     gsize              len,
                                     DtEinvoiceSyntax  *out_syntax,
                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS

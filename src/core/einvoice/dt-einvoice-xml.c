/* dt-einvoice-xml.c: hardened libxml2 parsing of e-invoice XML and the syntax of its root. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-xml.h"

#include "dt-error.h"

#include <libxml/parser.h>
#include <string.h>

#define CII_NS "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define UBL_INVOICE_NS "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define UBL_CREDIT_NOTE_NS "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

/* What the DOCTYPE callback saw, for the message. */
typedef struct
{
  gboolean  seen;
  char     *external;  /* the public or system id of an external DTD, if any */
} DoctypeSeen;

const char *
dt_einvoice_syntax_name (DtEinvoiceSyntax syntax)
{
  switch (syntax)
    {
    case DT_EINVOICE_SYNTAX_CII:
      return "CII CrossIndustryInvoice";
    case DT_EINVOICE_SYNTAX_UBL_INVOICE:
      return "UBL Invoice";
    case DT_EINVOICE_SYNTAX_UBL_CREDIT_NOTE:
      return "UBL CreditNote";
    }
  g_assert_not_reached ();
}

/* Called as soon as "<!DOCTYPE name ExternalID" is read, before "[": stopping here means the
 * internal subset, where entities would be declared, is never parsed. */
static void
on_doctype_cb (void          *user_data,
               const xmlChar *name,
               const xmlChar *external_id,
               const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = user_data;
  DoctypeSeen *seen = ctxt->_private;

  seen->seen = TRUE;
  if (system_id != NULL || external_id != NULL)
    seen->external = g_strdup ((const char *) (system_id != NULL ? system_id : external_id));
  xmlStopParser (ctxt);
}

static gboolean
root_syntax (xmlNode           *root,
             DtEinvoiceSyntax  *out_syntax,
             GError           **error)
{
  static const struct
  {
    const char       *ns;
    const char       *name;
    DtEinvoiceSyntax  syntax;
  } roots[] = {
    { CII_NS, "CrossIndustryInvoice", DT_EINVOICE_SYNTAX_CII },
    { UBL_INVOICE_NS, "Invoice", DT_EINVOICE_SYNTAX_UBL_INVOICE },
    { UBL_CREDIT_NOTE_NS, "CreditNote", DT_EINVOICE_SYNTAX_UBL_CREDIT_NOTE },
  };
  const char *ns = root->ns != NULL ? (const char *) root->ns->href : "";
  g_autofree char *shown_name = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++)
    if (strcmp (ns, roots[i].ns) == 0 && strcmp ((const char *) root->name, roots[i].name) == 0)
      {
        *out_syntax = roots[i].syntax;
        return TRUE;
      }

  shown_name = g_utf8_make_valid ((const char *) root->name,
                                  MIN (strlen ((const char *) root->name), 80));
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the XML is not an e-invoice: its root element is <%s>%s%s%s, not a CII "
               "CrossIndustryInvoice, a UBL Invoice or a UBL CreditNote", shown_name,
               *ns != '\0' ? " in namespace \"" : " in no namespace", ns,
               *ns != '\0' ? "\"" : "");
  return FALSE;
}

xmlDoc *
dt_einvoice_xml_read (const char        *data,
                      gsize              len,
                      DtEinvoiceSyntax  *out_syntax,
                      GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlParserCtxt *ctxt;
  DoctypeSeen seen = { 0 };
  DtEinvoiceSyntax syntax;
  xmlNode *root;

  static gsize initialised = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* libxml2 2.9 sets up its globals on first use, which is not safe from two threads. */
  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }

  if (len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the XML is empty");
      return NULL;
    }
  if (len > DT_EINVOICE_XML_MAX_SIZE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the XML is %" G_GSIZE_FORMAT " bytes, more than the %d an e-invoice may "
                   "have here", len, DT_EINVOICE_XML_MAX_SIZE);
      return NULL;
    }
  /* libxml2 takes an int length. */
  G_STATIC_ASSERT (DT_EINVOICE_XML_MAX_SIZE < G_MAXINT);

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "out of memory reading the XML");
      return NULL;
    }
  ctxt->_private = &seen;
  ctxt->sax->internalSubset = on_doctype_cb;
  /* No XML_PARSE_NOENT (substitution), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) len, "invoice.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                           | XML_PARSE_NOCDATA);
  if (seen.seen)
    {
      if (seen.external != NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (seen.external,
                                                      MIN (strlen (seen.external), 120));
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "the XML has a DOCTYPE that refers to an external DTD (\"%s\"); "
                       "e-invoices have none, and it is not loaded", shown);
        }
      else
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "the XML has a DOCTYPE; e-invoices have none, and the entities a DTD "
                     "declares can read local files or expand without bound, so it is refused");
      g_free (seen.external);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);
      /* libxml2 quotes names from the input byte for byte, valid UTF-8 or not. */
      g_autofree char *reason = g_utf8_make_valid (last != NULL && last->message != NULL
                                                     ? last->message : "it could not be parsed",
                                                   -1);

      g_strstrip (reason);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the file is not well-formed XML "
                   "(line %d: %s)", last != NULL ? last->line : 0, reason);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !root_syntax (root, &syntax, error))
    {
      if (root == NULL)
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the XML has no root element");
      return NULL;
    }
  if (out_syntax != NULL)
    *out_syntax = syntax;
  return g_steal_pointer (&doc);
}

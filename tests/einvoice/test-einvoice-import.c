/* test-einvoice-import.c: received e-invoices read from the official CEN samples (CII, UBL
 * invoice and credit note, and CII inside a Factur-X PDF), their human-readable view, and
 * each kind of hostile or broken file refused with the reason. */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-einvoice-import.h"
#include "dt-einvoice-view.h"
#include "dt-facturx.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pango.h>
#include <string.h>

static DtReceivedInvoice *
import_data (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = dt_test_read_data (name);
  DtReceivedInvoice *inv = dt_einvoice_import (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (inv);
  return inv;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF as a supplier's tool might make it (not ours: cairo directly). */
static GBytes *
small_pdf (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, out, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 50, 50, 200, 20);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static gint64
sum_of_lines (const DtReceivedInvoice *inv)
{
  gint64 sum = 0;

  for (guint i = 0; i < inv->lines->len; i++)
    sum += ((DtReceivedLine *) inv->lines->pdata[i])->net;
  return sum;
}

/* CEN's CII_example1: a Dutch wholesaler's 20-line invoice, VAT at 6 % and 21 %. */
static void
assert_cii_example1 (const DtReceivedInvoice *inv)
{
  const DtReceivedLine *first = inv->lines->pdata[0];
  const DtReceivedVat *low, *high;

  g_assert_cmpint (inv->syntax, ==, DT_EINVOICE_SYNTAX_CII);
  g_assert_cmpstr (inv->number, ==, "12115118");
  g_assert_cmpstr (inv->type_code, ==, "380");
  g_assert_cmpstr (inv->issue_date, ==, "2015-01-09");
  g_assert_cmpstr (inv->due_date, ==, "2015-01-09");
  g_assert_cmpstr (inv->currency, ==, "EUR");
  g_assert_cmpstr (inv->seller.name, ==, "De Koksmaat");
  g_assert_cmpstr (inv->seller.address, ==, "Postbus 7l\n1950 AB Velsen-Noord\nNL");
  g_assert_cmpstr (inv->seller.vat_id, ==, "NL8200.98.395.B.01");
  g_assert_cmpstr (inv->buyer.name, ==, "ODIN 59");
  g_assert_cmpstr (inv->buyer.address, ==, "POSTBUS 367\n1960 AJ HEEMSKERK\nNL");
  g_assert_null (inv->buyer.vat_id);
  g_assert_cmpstr (inv->iban, ==, "NL57 RABO 0107307510");

  g_assert_cmpuint (inv->lines->len, ==, 20);
  g_assert_cmpstr (first->id, ==, "1");
  g_assert_cmpstr (first->name, ==, "PATAT FRITES 10MM 10KG");
  g_assert_cmpstr (first->quantity, ==, "2");
  g_assert_cmpstr (first->unit, ==, "H87");
  g_assert_cmpstr (first->unit_price, ==, "9.95");
  g_assert_cmpint (first->net, ==, 1990);
  g_assert_cmpstr (first->vat_category, ==, "S");
  g_assert_cmpstr (first->vat_rate, ==, "6");

  g_assert_cmpuint (inv->vat->len, ==, 2);
  low = inv->vat->pdata[0];
  high = inv->vat->pdata[1];
  g_assert_cmpstr (low->category, ==, "S");
  g_assert_cmpstr (low->rate, ==, "6");
  g_assert_cmpint (low->base, ==, 18323);
  g_assert_cmpint (low->tax, ==, 1099);
  g_assert_cmpstr (high->rate, ==, "21");
  g_assert_cmpint (high->base, ==, 4637);
  g_assert_cmpint (high->tax, ==, 974);

  g_assert_cmpint (inv->line_total, ==, 22960);
  g_assert_cmpint (sum_of_lines (inv), ==, inv->line_total);
  g_assert_cmpint (inv->tax_exclusive, ==, 22960);
  g_assert_cmpint (inv->tax_total, ==, 2073);
  g_assert_cmpint (inv->tax_inclusive, ==, 25033);
  g_assert_cmpint (inv->prepaid, ==, 0);
  g_assert_cmpint (inv->payable, ==, 25033);
}

static void
test_cii (void)
{
  g_autoptr(DtReceivedInvoice) inv = import_data ("CII_example1.xml");

  assert_cii_example1 (inv);
  g_assert_false (inv->from_pdf);
}

/* The same invoice inside a Factur-X PDF reads the same, and says where it came from. */
static void
test_facturx_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cii = dt_test_read_data ("CII_example1.xml");
  g_autoptr(GBytes) plain = small_pdf ();
  g_autoptr(GBytes) pdf = dt_facturx_make (plain, cii, NULL, &error);
  g_autoptr(DtReceivedInvoice) inv = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  inv = dt_einvoice_import (pdf, &error);
  g_assert_no_error (error);
  assert_cii_example1 (inv);
  g_assert_true (inv->from_pdf);
  text = dt_received_invoice_to_text (inv);
  g_assert_nonnull (strstr (text, "Format: CII CrossIndustryInvoice, inside a Factur-X/ZUGFeRD "
                                  "PDF\n"));
}

/* CEN's ubl-tc434-example1: the same Dutch invoice in UBL. */
static void
test_ubl_invoice (void)
{
  g_autoptr(DtReceivedInvoice) inv = import_data ("ubl-tc434-example1.xml");
  const DtReceivedLine *second;

  g_assert_cmpint (inv->syntax, ==, DT_EINVOICE_SYNTAX_UBL_INVOICE);
  g_assert_cmpstr (inv->number, ==, "12115118");
  g_assert_cmpstr (inv->type_code, ==, "380");
  g_assert_cmpstr (inv->issue_date, ==, "2015-01-09");
  g_assert_cmpstr (inv->due_date, ==, "2015-01-09");
  g_assert_cmpstr (inv->currency, ==, "EUR");
  g_assert_cmpstr (inv->seller.name, ==, "De Koksmaat");
  g_assert_cmpstr (inv->seller.address, ==, "Postbus 7l\n1950 AB Velsen-Noord\nNL");
  g_assert_cmpstr (inv->seller.vat_id, ==, "NL8200.98.395.B.01");
  g_assert_cmpstr (inv->buyer.name, ==, "ODIN 59");
  g_assert_cmpstr (inv->iban, ==, "NL57 RABO 0107307510");

  g_assert_cmpuint (inv->lines->len, ==, 20);
  second = inv->lines->pdata[1];
  g_assert_cmpstr (second->id, ==, "2");
  g_assert_cmpstr (second->name, ==, "PKAAS 50PL. JONG BEL. 1KG");
  g_assert_cmpstr (second->quantity, ==, "1");
  g_assert_cmpstr (second->unit, ==, "EA");
  g_assert_cmpstr (second->unit_price, ==, "9.85");
  g_assert_cmpint (second->net, ==, 985);

  g_assert_cmpuint (inv->vat->len, ==, 2);
  g_assert_cmpint (((DtReceivedVat *) inv->vat->pdata[0])->tax, ==, 1099);
  g_assert_cmpint (((DtReceivedVat *) inv->vat->pdata[1])->base, ==, 4637);
  g_assert_cmpint (inv->line_total, ==, 22960);
  g_assert_cmpint (sum_of_lines (inv), ==, inv->line_total);
  g_assert_cmpint (inv->tax_total, ==, 2073);
  g_assert_cmpint (inv->tax_inclusive, ==, 25033);
  g_assert_cmpint (inv->payable, ==, 25033);
}

/* CEN's ubl-tc434-creditnote1: a Belgian credit note, VAT-exempt with a reason. */
static void
test_ubl_credit_note (void)
{
  g_autoptr(DtReceivedInvoice) inv = import_data ("ubl-tc434-creditnote1.xml");
  const DtReceivedLine *line;
  const DtReceivedVat *vat;

  g_assert_cmpint (inv->syntax, ==, DT_EINVOICE_SYNTAX_UBL_CREDIT_NOTE);
  g_assert_cmpstr (inv->number, ==, "018304 / 28865");
  g_assert_cmpstr (inv->type_code, ==, "381");
  g_assert_cmpstr (inv->issue_date, ==, "2019-09-23");
  g_assert_cmpstr (inv->buyer_reference, ==, "018304 / 28865");
  g_assert_cmpstr (inv->period_from, ==, "2019-02-01");
  g_assert_cmpstr (inv->period_to, ==, "2019-02-28");
  g_assert_cmpstr (inv->seller.name, ==, "My Supplier Company");
  g_assert_cmpstr (inv->seller.address, ==, "De Grote Meir 22\n2000 ANTWERPEN\nBE");
  g_assert_cmpstr (inv->seller.vat_id, ==, "BE0000000196");
  g_assert_cmpstr (inv->seller.endpoint, ==, "0000000196");
  g_assert_cmpstr (inv->seller.endpoint_scheme, ==, "0201");
  g_assert_cmpstr (inv->buyer.name, ==, "My Customer Company");
  g_assert_cmpstr (inv->buyer.vat_id, ==, "BE0000000295");
  g_assert_cmpstr (inv->iban, ==, "BE91000000143476");

  g_assert_cmpuint (inv->lines->len, ==, 1);
  line = inv->lines->pdata[0];
  g_assert_cmpstr (line->name, ==, "Exonération du versement du PP");
  g_assert_cmpstr (line->quantity, ==, "1.00");
  g_assert_cmpstr (line->unit, ==, "C62");
  g_assert_cmpint (line->net, ==, 10011);
  g_assert_cmpstr (line->vat_category, ==, "E");

  g_assert_cmpuint (inv->vat->len, ==, 1);
  vat = inv->vat->pdata[0];
  g_assert_cmpstr (vat->category, ==, "E");
  g_assert_cmpstr (vat->rate, ==, "0.00");
  g_assert_cmpint (vat->base, ==, 10011);
  g_assert_cmpint (vat->tax, ==, 0);
  g_assert_cmpstr (vat->exemption_reason, ==, "Taxes are not applicable");
  g_assert_cmpint (inv->tax_total, ==, 0);
  g_assert_cmpint (inv->payable, ==, 10011);
}

static DtReceivedInvoice *
import_seed (const char *name)
{
  g_autofree char *path = g_build_filename ("..", "..", "fuzz", "corpus", "einvoice-xml", name,
                                        NULL);

  return import_data (path);
}

/* The fuzz target's hand-written seeds, which use what the samples do not: a Leitweg-ID,
 * an e-mail endpoint, a billing period, a partial prepayment, and a currency without
 * decimals with an export (G) exemption. */
static void
test_cii_prepaid (void)
{
  g_autoptr(DtReceivedInvoice) inv = import_seed ("minimal-cii.xml");
  const DtReceivedLine *line = inv->lines->pdata[0];

  g_assert_cmpstr (inv->buyer_reference, ==, "04011000-12345-67");
  g_assert_cmpstr (inv->seller.endpoint, ==, "ana@souza.example");
  g_assert_cmpstr (inv->seller.endpoint_scheme, ==, "EM");
  g_assert_cmpstr (inv->seller.vat_id, ==, "DE123456789");
  g_assert_cmpstr (inv->period_from, ==, "2026-10-01");
  g_assert_cmpstr (inv->period_to, ==, "2026-10-31");
  g_assert_cmpstr (inv->due_date, ==, "2026-11-16");
  g_assert_cmpstr (inv->payment_terms, ==, "14 days");
  g_assert_cmpstr (inv->iban, ==, "DE02120300000000202051");
  g_assert_cmpstr (line->quantity, ==, "2.5");
  g_assert_cmpstr (line->unit, ==, "HUR");
  g_assert_cmpint (line->net, ==, 22500);
  g_assert_cmpint (inv->tax_total, ==, 4275);
  g_assert_cmpint (inv->tax_inclusive, ==, 26775);
  g_assert_cmpint (inv->prepaid, ==, 10000);
  g_assert_cmpint (inv->payable, ==, 16775);
}

static void
test_ubl_yen_export (void)
{
  g_autoptr(DtReceivedInvoice) inv = import_seed ("minimal-ubl-invoice.xml");
  g_autofree char *text = dt_received_invoice_to_text (inv);
  const DtReceivedVat *vat = inv->vat->pdata[0];

  g_assert_cmpstr (inv->currency, ==, "JPY");
  g_assert_cmpstr (inv->buyer.name, ==, "東京商事");
  g_assert_cmpint (inv->payable, ==, 30000);
  g_assert_cmpint (((DtReceivedLine *) inv->lines->pdata[0])->net, ==, 30000);
  g_assert_cmpstr (vat->category, ==, "G");
  g_assert_cmpstr (vat->exemption_reason, ==, "Export outside the EU");
  g_assert_nonnull (strstr (text, "Amount due: 30000 JPY\n"));
  g_assert_nonnull (strstr (text, "Name: 東京商事\n"));
}

/* The view groups as KoSIT's does, in that order, and its markup is valid Pango markup with
 * the same words. */
static void
test_view (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReceivedInvoice) inv = import_data ("ubl-tc434-creditnote1.xml");
  g_autofree char *text = dt_received_invoice_to_text (inv);
  g_autofree char *markup = dt_received_invoice_to_markup (inv);
  g_autofree char *markup_text = NULL;
  static const char *const in_order[] = {
    "Overview\n--------\n",
    "Invoice number: 018304 / 28865\n",
    "Type: Credit note (381)\n",
    "Issue date: 2019-09-23\n",
    "Service period: 2019-02-01 – 2019-02-28\n",
    "Format: UBL CreditNote\n",
    "Seller\n------\n",
    "Name: My Supplier Company\n",
    "Address: De Grote Meir 22\n    2000 ANTWERPEN\n    BE\n",
    "VAT ID: BE0000000196\n",
    "Electronic address: 0000000196 (0201)\n",
    "Buyer\n-----\n",
    "Name: My Customer Company\n",
    "Invoice lines\n-------------\n",
    "Line 1: Exonération du versement du PP\n    1.00 C62 × 100.11 = 100.11 EUR, VAT E 0.00 %\n",
    "VAT breakdown\n-------------\n",
    "E 0.00 %: 100.11 EUR taxable, 0.00 EUR VAT\n    Taxes are not applicable\n",
    "Totals\n------\n",
    "Total with VAT: 100.11 EUR\n",
    "Amount due: 100.11 EUR\n",
    "Payment\n-------\n",
    "IBAN: BE91000000143476\n",
  };
  const char *at = text;

  g_test_message ("%s", text);
  for (gsize i = 0; i < G_N_ELEMENTS (in_order); i++)
    {
      const char *found = strstr (at, in_order[i]);

      if (found == NULL)
        g_error ("\"%s\" is missing or out of order in:\n%s", in_order[i], text);
      at = found + strlen (in_order[i]);
    }

  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &markup_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (markup, "<b>Seller</b>\n"));
  g_assert_nonnull (strstr (markup_text, "Name: My Supplier Company\n"));
  g_assert_nonnull (strstr (markup_text, "Amount due: 100.11 EUR\n"));
}

/* Values are escaped in markup: a seller called "<b>&" cannot change the layout. */
static void
test_view_escapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ubl = dt_test_read_data ("ubl-tc434-creditnote1.xml");
  g_autofree char *xml = g_strndup (g_bytes_get_data (ubl, NULL), g_bytes_get_size (ubl));
  g_autofree char *hostile = NULL;
  g_autoptr(DtReceivedInvoice) inv = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *markup_text = NULL;
  char *at = strstr (xml, "My Supplier Company<");

  g_assert_nonnull (at);
  *at = '\0';
  hostile = g_strconcat (xml, "&lt;span size=\"99999\"&gt;Evil &amp;amp; Co&lt;/span&gt;",
                         at + strlen ("My Supplier Company"), NULL);
  inv = dt_einvoice_import_xml (hostile, strlen (hostile), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (inv->seller.name, ==, "<span size=\"99999\">Evil &amp; Co</span>");
  markup = dt_received_invoice_to_markup (inv);
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &markup_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (markup_text, "Name: <span size=\"99999\">Evil &amp; Co</span>\n"));
}

typedef struct
{
  const char *name;
  const char *xml;
  const char *expected_words;
} Refusal;

/* A file that the XXE entity would read; its words must never come back. */
#define SECRET_WORDS "the-secret-the-parser-must-not-read"

static const Refusal refusals[] = {
  { "xxe-file-entity",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file://@SECRET@\">]>\n"
    "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:"
    "CrossIndustryInvoice:100\">&xxe;</rsm:CrossIndustryInvoice>",
    "has a DOCTYPE" },
  { "billion-laughs",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&lol9;"
    "</Invoice>",
    "has a DOCTYPE" },
  { "external-dtd",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE Invoice SYSTEM \"http://127.0.0.1:9/invoice.dtd\">\n"
    "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
    "refers to an external DTD (\"http://127.0.0.1:9/invoice.dtd\")" },
  { "external-parameter-entity",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % remote SYSTEM \"file://@SECRET@\"> "
    "%remote;]>\n<r/>",
    "has a DOCTYPE" },
  { "undeclared-entity",
    "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&xxe;"
    "</Invoice>",
    "not well-formed XML (line 1: Entity 'xxe' not defined)" },
  { "not-xml", "%!PS-Adobe-3.0\nthis is PostScript, not an invoice\n",
    "not well-formed XML (line 1: Start tag expected" },
  { "truncated", "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">"
    "<cbc:ID", "not well-formed XML" },
  { "empty", "", "the XML is empty" },
  /* libxml2 quotes the name as the bytes were: the message is still valid UTF-8. */
  { "invalid-utf8-name",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><Payme\xe9tTerms></PaymentTerms></a>",
    "Opening and ending tag mismatch: Payme\xef\xbf\xbdtTerms line 2 and PaymentTerms" },
  { "wrong-root",
    "<?xml version=\"1.0\"?>\n<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"
    "Order-2\"/>",
    "root element is <Order> in namespace \"urn:oasis:names:specification:ubl:schema:xsd:"
    "Order-2\", not a CII CrossIndustryInvoice, a UBL Invoice or a UBL CreditNote" },
  { "right-name-wrong-namespace", "<Invoice/>", "root element is <Invoice> in no namespace" },
};

static void
assert_refused_with (GBytes              *file,
                     int                  code,
                     const char          *expected_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReceivedInvoice) inv = dt_einvoice_import (file, &error);

  g_assert_null (inv);
  g_assert_error (error, DT_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, expected_words) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, expected_words);
  g_assert_null (strstr (error->message, SECRET_WORDS));
}

static char *
secret_file (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), "dt-einvoice-secret-XXXXXX", NULL);
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, SECRET_WORDS, -1, &error));
  return path;
}

static void
test_refuse (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autofree char *secret = secret_file ();
  g_autoptr(GString) xml = g_string_new (refusal->xml);
  g_autoptr(GBytes) file = NULL;

  g_string_replace (xml, "@SECRET@", secret, 0);
  file = g_bytes_new (xml->str, xml->len);
  assert_refused_with (file, DT_ERROR_INVALID, refusal->expected_words);
  g_unlink (secret);
}

/* Encoded as UTF-16 the DOCTYPE has no "<!DOCTYPE" bytes; the parser still sees it. */
static void
test_refuse_utf16_doctype (void)
{
  const char *xml = refusals[1].xml;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *utf16 = g_convert (xml, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GBytes) file = NULL;

  g_assert_no_error (error);
  g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  g_byte_array_append (bytes, (const guint8 *) utf16, len);
  file = g_bytes_new (bytes->data, bytes->len);
  assert_refused_with (file, DT_ERROR_INVALID, "has a DOCTYPE");
}

static void
test_refuse_oversize (void)
{
  gsize len = DT_EINVOICE_XML_MAX_SIZE + 1;
  char *xml = g_malloc (len);
  g_autoptr(GBytes) file = NULL;

  memset (xml, ' ', len);
  memcpy (xml, "<Invoice>", 9);
  file = g_bytes_new_take (xml, len);
  assert_refused_with (file, DT_ERROR_INVALID, "16777217 bytes, more than the 16777216");
}

/* Well-formed invoices whose content is unusable: the message names the business term. */
static void
test_refuse_bad_content (void)
{
  g_autoptr(GBytes) ubl = dt_test_read_data ("ubl-tc434-example1.xml");
  g_autoptr(GBytes) cii = dt_test_read_data ("CII_example1.xml");
  static const struct
  {
    gboolean    cii;
    const char *from;
    const char *to;
    const char *expected_words;
  } cases[] = {
    { FALSE, "<cbc:PayableAmount currencyID=\"EUR\">250.33<",
      "<cbc:PayableAmount currencyID=\"EUR\">250,33<",
      "amount due (BT-115) is \"250,33\", not an amount in EUR" },
    { FALSE, "<cbc:PayableAmount currencyID=\"EUR\">250.33<",
      "<cbc:PayableAmount currencyID=\"EUR\">250.335<",
      "at most 2 decimals" },
    { FALSE, "<cbc:ID>12115118</cbc:ID>", "", "no number (BT-1)" },
    { FALSE, "<cbc:IssueDate>2015-01-09<", "<cbc:IssueDate>2015-02-30<",
      "issue date (BT-2) is \"2015-02-30\", not a date" },
    { FALSE, "<cbc:DocumentCurrencyCode>EUR<", "<cbc:DocumentCurrencyCode>E'R<",
      "currency (BT-5) is \"E'R\", not an ISO 4217 code" },
    { FALSE, "<cbc:InvoicedQuantity unitCode=\"EA\">2<",
      "<cbc:InvoicedQuantity unitCode=\"EA\">two<",
      "quantity (BT-129) is \"two\", not a decimal number" },
    { TRUE, "<ram:Name>ODIN 59</ram:Name>", "", "does not name the buyer (BT-44)" },
    { TRUE, "<ram:DuePayableAmount>250.33<", "<ram:DuePayableAmount>1e3<",
      "amount due (BT-115) is \"1e3\"" },
    { TRUE, "<ram:GrandTotalAmount>250.33</ram:GrandTotalAmount>", "",
      "no total with VAT (BT-112)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GBytes *source = cases[i].cii ? cii : ubl;
      g_autoptr(GString) xml = g_string_new_len (g_bytes_get_data (source, NULL),
                                                 g_bytes_get_size (source));
      g_autoptr(GBytes) file = NULL;

      g_assert_cmpuint (g_string_replace (xml, cases[i].from, cases[i].to, 1), ==, 1);
      file = g_bytes_new (xml->str, xml->len);
      assert_refused_with (file, DT_ERROR_INVALID, cases[i].expected_words);
    }
}

/* A PDF with no e-invoice in it, and one carrying a hostile XML (attached by qpdf, since
 * dt_facturx_make refuses to embed it): the PDF path applies the same rules. */
static void
test_refuse_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = small_pdf ();
  g_autofree char *dir = g_dir_make_tmp ("dt-einvoice-XXXXXX", &error);
  g_autofree char *plain_path = g_build_filename (dir, "plain.pdf", NULL);
  g_autofree char *xml_path = g_build_filename (dir, "factur-x.xml", NULL);
  g_autofree char *out_path = g_build_filename (dir, "hostile.pdf", NULL);
  g_autoptr(GBytes) hostile = NULL;
  const char *argv[] = { "qpdf", plain_path, "--add-attachment", xml_path, "--", out_path,
                         NULL };
  char *contents = NULL;
  gsize len = 0;
  int status = 0;

  g_assert_no_error (error);
  assert_refused_with (plain, DT_ERROR_NOT_FOUND, "carries no factur-x.xml");

  g_assert_true (g_file_set_contents (plain_path, g_bytes_get_data (plain, NULL),
                                      g_bytes_get_size (plain), &error));
  g_assert_true (g_file_set_contents (xml_path, refusals[1].xml, -1, &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (out_path, &contents, &len, &error));
  hostile = g_bytes_new_take (contents, len);
  assert_refused_with (hostile, DT_ERROR_INVALID, "has a DOCTYPE");

  g_unlink (plain_path);
  g_unlink (xml_path);
  g_unlink (out_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/einvoice-import/cii", test_cii);
  g_test_add_func ("/einvoice-import/facturx-pdf", test_facturx_pdf);
  g_test_add_func ("/einvoice-import/ubl-invoice", test_ubl_invoice);
  g_test_add_func ("/einvoice-import/ubl-credit-note", test_ubl_credit_note);
  g_test_add_func ("/einvoice-import/cii-prepaid", test_cii_prepaid);
  g_test_add_func ("/einvoice-import/ubl-yen-export", test_ubl_yen_export);
  g_test_add_func ("/einvoice-import/view", test_view);
  g_test_add_func ("/einvoice-import/view-escapes", test_view_escapes);
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/einvoice-import/refuse/%s", refusals[i].name);
      g_test_add_data_func (path, &refusals[i], test_refuse);
    }
  g_test_add_func ("/einvoice-import/refuse/utf16-doctype", test_refuse_utf16_doctype);
  g_test_add_func ("/einvoice-import/refuse/oversize", test_refuse_oversize);
  g_test_add_func ("/einvoice-import/refuse/bad-content", test_refuse_bad_content);
  g_test_add_func ("/einvoice-import/refuse/pdf", test_refuse_pdf);

  return g_test_run ();
}

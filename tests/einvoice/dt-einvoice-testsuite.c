/* dt-einvoice-testsuite.c: re-expresses the official XRechnung test suite's invoices through
 * DoubleTime — each file read with the app's own importer, each case it can express made
 * again through the store's API in a fresh database, issued, written as XRechnung CII and UBL
 * and as EN 16931 UBL into --out, and its money compared with the original's. Cases with
 * what DoubleTime does not model are skipped, each with its reasons.
 *
 * usage: dt-einvoice-testsuite --out DIR [--min-expressed N] FILE|DIR…
 * Exits non-zero when a case it expresses cannot be made or written, is not ready by the
 * core check, or differs in any amount from the original; when the CII and UBL files of one
 * case are judged differently; and when fewer than N files are expressed. */
#include "dt-einvoice-scenarios.h"

#include "dt-client-store.h"
#include "dt-einvoice-check.h"
#include "dt-einvoice-cii.h"
#include "dt-einvoice-codes.h"
#include "dt-einvoice-import.h"
#include "dt-einvoice-model.h"
#include "dt-einvoice-ubl.h"
#include "dt-einvoice-xml.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-invoicing.h"
#include "dt-money.h"
#include "dt-profile-store.h"
#include "dt-time.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <locale.h>
#include <string.h>

#define SET(field, value) G_STMT_START { g_free (field); field = g_strdup (value); } G_STMT_END

/* One XPath per syntax, from the root element. */
typedef struct
{
  const char *cii;
  const char *ubl;
} Path;

/* What the norm lets an invoice say that DoubleTime has no place for: a case with any of it
 * is skipped, since making it without would be another invoice. */
static const struct
{
  const char *reason;
  Path        path;
} unexpressible[] = {
  { "document-level charges (BG-21)",
    { "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge"
      "[ram:ChargeIndicator/udt:Indicator='true']",
      "cac:AllowanceCharge[cbc:ChargeIndicator='true']" } },
  { "line-level allowances or charges (BG-27, BG-28)",
    { "//ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge",
      "cac:InvoiceLine/cac:AllowanceCharge | cac:CreditNoteLine/cac:AllowanceCharge" } },
  /* CII gives a gross price even without a discount: only one that differs counts. */
  { "a gross price or price discount (BT-147, BT-148)",
    { "//ram:SpecifiedLineTradeAgreement[ram:GrossPriceProductTradePrice and"
      " number(ram:GrossPriceProductTradePrice/ram:ChargeAmount)"
      " != number(ram:NetPriceProductTradePrice/ram:ChargeAmount)]"
      " | //ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge",
      "//cac:Price/cac:AllowanceCharge" } },
  { "a payee other than the seller (BG-10)",
    { "//ram:PayeeTradeParty", "cac:PayeeParty" } },
  { "a seller tax representative (BG-11)",
    { "//ram:SellerTaxRepresentativeTradeParty", "cac:TaxRepresentativeParty" } },
  { "a deliver-to party or address (BG-13, BG-15)",
    { "//ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty",
      "cac:Delivery/cac:DeliveryLocation | cac:Delivery/cac:DeliveryParty" } },
  { "an actual delivery date (BT-72)",
    { "//ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent",
      "cac:Delivery/cbc:ActualDeliveryDate" } },
  { "supporting documents, a tender or an invoiced object reference (BG-24, BT-17, BT-18)",
    { "//ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument",
      "cac:AdditionalDocumentReference | cac:OriginatorDocumentReference" } },
  { "a preceding invoice reference (BG-3) on an invoice",
    { "//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument",
      "cac:BillingReference" } },
  { "a rounding amount (BT-114)",
    { "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:RoundingAmount[number(.) != 0]",
      "cac:LegalMonetaryTotal/cbc:PayableRoundingAmount[number(.) != 0]" } },
  { "a VAT accounting currency (BT-6)",
    { "//ram:ApplicableHeaderTradeSettlement/ram:TaxCurrencyCode", "cbc:TaxCurrencyCode" } },
  { "several payment instructions (BG-16): DoubleTime keeps one account",
    { "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementPaymentMeans[2]",
      "cac:PaymentMeans[2]" } },
  { "a price per base quantity other than 1 (BT-149)",
    { "//ram:NetPriceProductTradePrice/ram:BasisQuantity[number(.) != 1]",
      "//cac:Price/cbc:BaseQuantity[number(.) != 1]" } },
};

/* What the re-expressed invoice leaves out without changing what it bills: references and
 * identifiers DoubleTime keeps no field for. Listed per case, for the reader. */
static const struct
{
  const char *what;
  Path        path;
} left_out[] = {
  { "BT-11 project reference",
    { "//ram:ApplicableHeaderTradeAgreement/ram:SpecifiedProcuringProject",
      "cac:ProjectReference" } },
  { "BT-12 contract reference",
    { "//ram:ApplicableHeaderTradeAgreement/ram:ContractReferencedDocument",
      "cac:ContractDocumentReference" } },
  { "BT-14 sales order reference",
    { "//ram:ApplicableHeaderTradeAgreement/ram:SellerOrderReferencedDocument",
      "cac:OrderReference/cbc:SalesOrderID" } },
  { "BT-19 buyer accounting reference",
    { "//ram:ReceivableSpecifiedTradeAccountingAccount", "cbc:AccountingCost" } },
  { "BT-21 note subject codes",
    { "rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode",
      "cbc:Note[starts-with(., '#')]" } },
  { "BT-29 seller identifier",
    { "//ram:SellerTradeParty/ram:ID | //ram:SellerTradeParty/ram:GlobalID",
      "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification" } },
  { "BT-30 seller legal registration",
    { "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID",
      "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID" } },
  { "BT-33 seller legal information",
    { "//ram:SellerTradeParty/ram:Description",
      "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm" } },
  { "BT-46 buyer identifier",
    { "//ram:BuyerTradeParty/ram:ID | //ram:BuyerTradeParty/ram:GlobalID",
      "cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification" } },
  { "BT-47 buyer legal registration",
    { "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID",
      "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID" } },
  { "BT-56–58 buyer contact",
    { "//ram:BuyerTradeParty/ram:DefinedTradeContact",
      "cac:AccountingCustomerParty/cac:Party/cac:Contact" } },
  { "BT-83 remittance information",
    { "//ram:ApplicableHeaderTradeSettlement/ram:PaymentReference",
      "cac:PaymentMeans/cbc:PaymentID" } },
  { "BT-85 payment account name",
    { "//ram:PayeePartyCreditorFinancialAccount/ram:AccountName",
      "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:Name" } },
  { "BT-127 line notes",
    { "//ram:AssociatedDocumentLineDocument/ram:IncludedNote",
      "cac:InvoiceLine/cbc:Note | cac:CreditNoteLine/cbc:Note" } },
  { "BT-132 order line references",
    { "//ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument",
      "//cac:OrderLineReference" } },
  { "BT-155–158 item identifiers and classification",
    { "//ram:SpecifiedTradeProduct/ram:SellerAssignedID"
      " | //ram:SpecifiedTradeProduct/ram:BuyerAssignedID"
      " | //ram:SpecifiedTradeProduct/ram:GlobalID"
      " | //ram:SpecifiedTradeProduct/ram:DesignatedProductClassification",
      "//cac:Item/cac:SellersItemIdentification | //cac:Item/cac:BuyersItemIdentification"
      " | //cac:Item/cac:StandardItemIdentification | //cac:Item/cac:CommodityClassification" } },
  { "BT-159 item country of origin",
    { "//ram:SpecifiedTradeProduct/ram:OriginTradeCountry", "//cac:Item/cac:OriginCountry" } },
  { "BG-32 item attributes",
    { "//ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic",
      "//cac:Item/cac:AdditionalItemProperty" } },
};

/* The parts of a party the importer does not split out. */
static const struct
{
  Path street[3];
  Path city;
  Path postcode;
  Path country;
  Path tax_number;
  Path contact_name;
  Path contact_phone;
  Path contact_email;
} party_paths = {
  { { "ram:PostalTradeAddress/ram:LineOne", "cac:PostalAddress/cbc:StreetName" },
    { "ram:PostalTradeAddress/ram:LineTwo", "cac:PostalAddress/cbc:AdditionalStreetName" },
    { "ram:PostalTradeAddress/ram:LineThree", "cac:PostalAddress/cac:AddressLine/cbc:Line" } },
  { "ram:PostalTradeAddress/ram:CityName", "cac:PostalAddress/cbc:CityName" },
  { "ram:PostalTradeAddress/ram:PostcodeCode", "cac:PostalAddress/cbc:PostalZone" },
  { "ram:PostalTradeAddress/ram:CountryID",
    "cac:PostalAddress/cac:Country/cbc:IdentificationCode" },
  { "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']",
    "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID != 'VAT']/cbc:CompanyID" },
  { "ram:DefinedTradeContact/ram:PersonName | ram:DefinedTradeContact/ram:DepartmentName",
    "cac:Contact/cbc:Name" },
  { "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    "cac:Contact/cbc:Telephone" },
  { "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID",
    "cac:Contact/cbc:ElectronicMail" },
};

static const Path seller_path = { "//ram:SellerTradeParty",
                                  "cac:AccountingSupplierParty/cac:Party" };
static const Path buyer_path = { "//ram:BuyerTradeParty", "cac:AccountingCustomerParty/cac:Party" };
static const Path lines_path = { "//ram:IncludedSupplyChainTradeLineItem",
                                 "cac:InvoiceLine | cac:CreditNoteLine" };

/* Everything else the re-expression needs, beyond DtReceivedInvoice. */
static const struct
{
  Path order_reference;
  Path notes;
  Path payment_means;
  Path bic;
  Path mandate;
  Path creditor_id;
  Path debited_iban;
  Path allowances;
  Path allowance_total;
  Path line_description;
  Path line_period_start;
  Path line_period_end;
  Path vat_rows;
  Path exemption_code;
} paths = {
  { "//ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
    "cac:OrderReference/cbc:ID" },
  { "rsm:ExchangedDocument/ram:IncludedNote/ram:Content", "cbc:Note" },
  { "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode",
    "cac:PaymentMeans/cbc:PaymentMeansCode" },
  { "//ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
    "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID" },
  { "//ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID",
    "cac:PaymentMeans/cac:PaymentMandate/cbc:ID" },
  { "//ram:ApplicableHeaderTradeSettlement/ram:CreditorReferenceID",
    "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']" },
  { "//ram:PayerPartyDebtorFinancialAccount/ram:IBANID",
    "cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID" },
  { "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge"
    "[ram:ChargeIndicator/udt:Indicator='false']",
    "cac:AllowanceCharge[cbc:ChargeIndicator='false']" },
  { "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:AllowanceTotalAmount",
    "cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount" },
  { "ram:SpecifiedTradeProduct/ram:Description", "cac:Item/cbc:Description" },
  { "ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime",
    "cac:InvoicePeriod/cbc:StartDate" },
  { "ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:EndDateTime",
    "cac:InvoicePeriod/cbc:EndDate" },
  { "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax",
    "cac:TaxTotal/cac:TaxSubtotal" },
  { "ram:ExemptionReasonCode", "cac:TaxCategory/cbc:TaxExemptionReasonCode" },
};

typedef struct
{
  char              *name;      /* the file's name without .xml */
  char              *key;       /* the case, the same for its CII and UBL file */
  DtEinvoiceSyntax   syntax;
  DtReceivedInvoice *original;
  xmlDoc            *doc;
  xmlXPathContext   *xpath;
  int                digits;    /* of the currency */
  GPtrArray         *skips;     /* char*: why DoubleTime cannot express it */
  GPtrArray         *left_out;  /* char*: what the re-expression does not carry */
} Case;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_free (c->key);
  dt_received_invoice_free (c->original);
  if (c->xpath != NULL)
    xmlXPathFreeContext (c->xpath);
  if (c->doc != NULL)
    xmlFreeDoc (c->doc);
  g_ptr_array_unref (c->skips);
  g_ptr_array_unref (c->left_out);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

static const char *
path_for (const Case *c,
          const Path *path)
{
  return c->syntax == DT_EINVOICE_SYNTAX_CII ? path->cii : path->ubl;
}

/* The nodes @path selects from @node (the root when NULL), borrowed; never NULL. */
static GPtrArray *
nodes_at (const Case *c,
          xmlNode    *node,
          const Path *path)
{
  xmlXPathObject *result;
  GPtrArray *nodes = g_ptr_array_new ();

  result = xmlXPathNodeEval (node != NULL ? node : xmlDocGetRootElement (c->doc),
                             (const xmlChar *) path_for (c, path), c->xpath);
  if (result != NULL && result->type == XPATH_NODESET && result->nodesetval != NULL)
    for (int i = 0; i < result->nodesetval->nodeNr; i++)
      g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (result);
  return nodes;
}

static gboolean
has (const Case *c,
     xmlNode    *node,
     const Path *path)
{
  g_autoptr(GPtrArray) nodes = nodes_at (c, node, path);

  return nodes->len > 0;
}

/* The trimmed text of the first node @path selects; "" when there is none. */
static char *
text_at (const Case *c,
         xmlNode    *node,
         const Path *path)
{
  g_autoptr(GPtrArray) nodes = nodes_at (c, node, path);
  xmlChar *content;
  char *text;

  if (nodes->len == 0 || (content = xmlNodeGetContent (nodes->pdata[0])) == NULL)
    return g_strdup ("");
  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);
  return text;
}

/* A decimal as a fixed-point integer with @decimals decimals, when it is exactly one. */
static gboolean
parse_fixed (const char *text,
             int         decimals,
             gint64     *out)
{
  const char *p = text != NULL ? text : "";
  gboolean negative = FALSE, digits = FALSE;
  gint64 value = 0;
  int fraction = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++, digits = TRUE)
    {
      if (value > G_MAXINT64 / 100)
        return FALSE;
      value = value * 10 + (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, digits = TRUE, fraction++)
      {
        if (fraction >= decimals && *p != '0')
          return FALSE;
        if (fraction < decimals)
          value = value * 10 + (*p - '0');
      }
  if (!digits || *p != '\0')
    return FALSE;
  for (; fraction < decimals; fraction++)
    value *= 10;
  *out = negative ? -value : value;
  return TRUE;
}

static void
skip (Case       *c,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
skip (Case       *c,
      const char *format,
      ...)
{
  va_list args;
  char *reason;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < c->skips->len; i++)
    if (g_str_equal (c->skips->pdata[i], reason))
      {
        g_free (reason);
        return;
      }
  g_ptr_array_add (c->skips, reason);
}

/* "2016-06-01" from CII's "20160601" or UBL's own. */
static char *
iso_date (const char *text)
{
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    return g_strdup_printf ("%.4s-%.2s-%.2s", text, text + 4, text + 6);
  return g_strdup (text);
}

static Case *
case_read (const char  *path,
           GError     **error)
{
  static const char *const namespaces[][2] = {
    { "rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" },
    { "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" },
    { "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" },
    { "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" },
    { "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" },
  };
  g_autoptr(Case) c = g_new0 (Case, 1);
  g_autofree char *data = NULL;
  g_autofree char *base = g_path_get_basename (path);
  char *underscore;
  gsize len;

  c->skips = g_ptr_array_new_with_free_func (g_free);
  c->left_out = g_ptr_array_new_with_free_func (g_free);
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  c->name = g_strndup (base, strlen (base) - (g_str_has_suffix (base, ".xml") ? 4 : 0));
  /* "01.07a-INVOICE_ubl" and "01.07a-INVOICE_uncefact" are one case in two syntaxes. */
  c->key = g_strdup (c->name);
  if ((underscore = strrchr (c->key, '_')) != NULL)
    *underscore = '\0';
  c->original = dt_einvoice_import_xml (data, len, error);
  if (c->original == NULL)
    return NULL;
  c->doc = dt_einvoice_xml_read (data, len, &c->syntax, error);
  if (c->doc == NULL)
    return NULL;
  c->xpath = xmlXPathNewContext (c->doc);
  for (gsize i = 0; i < G_N_ELEMENTS (namespaces); i++)
    xmlXPathRegisterNs (c->xpath, (const xmlChar *) namespaces[i][0],
                        (const xmlChar *) namespaces[i][1]);
  c->digits = dt_money_currency_exponent (c->original->currency);
  return g_steal_pointer (&c);
}

/* ---- what DoubleTime can express ------------------------------------------------------ */

static void
judge (Case *c)
{
  const DtReceivedInvoice *o = c->original;
  g_autoptr(GPtrArray) lines = nodes_at (c, NULL, &lines_path);
  g_autoptr(GPtrArray) exempt = g_ptr_array_new ();
  g_autofree char *means = text_at (c, NULL, &paths.payment_means);

  if (g_strcmp0 (o->type_code, DT_EINVOICE_TYPE_INVOICE) != 0)
    skip (c, "document type %s (BT-3): DoubleTime issues invoices (380) and credit notes of "
          "its own invoices (381)", o->type_code);
  if (c->digits != 0 && c->digits != 2)
    skip (c, "currency %s (BT-5)", o->currency);
  for (gsize i = 0; i < G_N_ELEMENTS (unexpressible); i++)
    if (has (c, NULL, &unexpressible[i].path))
      skip (c, "%s", unexpressible[i].reason);
  if (!dt_einvoice_check_payment_means (means, NULL))
    skip (c, "payment means %s (BT-81): DoubleTime offers 30, 58 and 59",
          *means != '\0' ? means : "none");

  for (guint i = 0; i < o->lines->len; i++)
    {
      const DtReceivedLine *line = o->lines->pdata[i];
      gint64 quantity = 0, price = 0, amount = 0, rate = 0;
      DtVatCategory category;
      gboolean priced = TRUE;

      if (!dt_einvoice_check_unit_code (line->unit != NULL ? line->unit : "", NULL))
        skip (c, "unit %s (BT-130) is not one of DoubleTime's", line->unit);
      if (!parse_fixed (line->quantity, 3, &quantity))
        {
          skip (c, "a quantity (BT-129) finer than thousandths");
          priced = FALSE;
        }
      else if (quantity <= 0)
        skip (c, "a line of quantity 0 or below (BT-129): an invoice's lines are positive");
      if (!parse_fixed (line->unit_price, MAX (c->digits, 0), &price))
        {
          skip (c, "a unit price (BT-146) finer than the currency's minor unit");
          priced = FALSE;
        }
      if (!dt_vat_category_from_string (line->vat_category, &category, NULL))
        skip (c, "VAT category %s (BT-151)", line->vat_category);
      if (!parse_fixed (line->vat_rate != NULL ? line->vat_rate : "0", 2, &rate))
        skip (c, "a VAT rate (BT-152) finer than hundredths of a percent");
      if (priced &&
          (!dt_invoice_line_amount (quantity, DT_INVOICE_UNIT_MILLIUNITS, price, &amount) ||
           amount != line->net))
        skip (c, "a line amount (BT-131) other than its quantity × price rounded once");
    }
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *start = text_at (c, lines->pdata[i], &paths.line_period_start);
      g_autofree char *end = text_at (c, lines->pdata[i], &paths.line_period_end);
      g_autofree char *start_date = iso_date (start);
      g_autofree char *end_date = iso_date (end);

      /* The invoice's own period says it for every line. */
      if ((*start != '\0' || *end != '\0') &&
          (g_strcmp0 (start_date, o->period_from) != 0 || g_strcmp0 (end_date, o->period_to) != 0))
        skip (c, "a line period (BG-26) other than the invoice's (BG-14)");
    }

  for (guint i = 0; i < o->vat->len; i++)
    {
      const DtReceivedVat *vat = o->vat->pdata[i];
      DtVatCategory category;
      gint64 rate;

      if (!dt_vat_category_from_string (vat->category, &category, NULL) ||
          !parse_fixed (vat->rate != NULL ? vat->rate : "0", 2, &rate))
        continue;   /* the lines said it */
      if (dt_money_percent_bp (vat->base, (int) rate) != vat->tax)
        skip (c, "VAT of category %s (BT-117) other than its taxable amount × rate rounded once",
              vat->category);
      if (category != DT_VAT_STANDARD && category != DT_VAT_ZERO_RATED)
        g_ptr_array_add (exempt, (gpointer) vat);
    }
  /* The exemption is the invoice's: one category and reason. */
  if (exempt->len > 1)
    skip (c, "exemption reasons for %u VAT categories (BT-120): DoubleTime keeps one an "
          "invoice", exempt->len);
  if (has (c, NULL, &paths.allowances) && o->vat->len > 1)
    skip (c, "document-level allowances (BG-20) beside several VAT rows: DoubleTime shares "
          "one discount among them in proportion");
  if (o->prepaid < 0 || o->prepaid > o->tax_inclusive)
    skip (c, "a paid amount (BT-113) outside 0 and the total");

  for (gsize i = 0; i < G_N_ELEMENTS (left_out); i++)
    if (has (c, NULL, &left_out[i].path))
      g_ptr_array_add (c->left_out, g_strdup (left_out[i].what));
}

/* ---- making it again through the store ------------------------------------------------- */

typedef struct
{
  char *street[3];
  char *city;
  char *postcode;
  char *country;
  char *tax_number;
  char *contact_name;
  char *contact_phone;
  char *contact_email;
} PartyText;

static void
party_text_clear (PartyText *p)
{
  for (int i = 0; i < 3; i++)
    g_free (p->street[i]);
  g_free (p->city);
  g_free (p->postcode);
  g_free (p->country);
  g_free (p->tax_number);
  g_free (p->contact_name);
  g_free (p->contact_phone);
  g_free (p->contact_email);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PartyText, party_text_clear)

static void
read_party (const Case *c,
            const Path *where,
            PartyText  *out)
{
  g_autoptr(GPtrArray) found = nodes_at (c, NULL, where);
  xmlNode *party = found->len > 0 ? found->pdata[0] : NULL;

  g_assert (party != NULL);
  for (int i = 0; i < 3; i++)
    out->street[i] = text_at (c, party, &party_paths.street[i]);
  out->city = text_at (c, party, &party_paths.city);
  out->postcode = text_at (c, party, &party_paths.postcode);
  out->country = text_at (c, party, &party_paths.country);
  out->tax_number = text_at (c, party, &party_paths.tax_number);
  out->contact_name = text_at (c, party, &party_paths.contact_name);
  out->contact_phone = text_at (c, party, &party_paths.contact_phone);
  out->contact_email = text_at (c, party, &party_paths.contact_email);
}

static char *
street_lines (const PartyText *p)
{
  const char *parts[4] = { NULL };
  guint n = 0;

  for (int i = 0; i < 3; i++)
    if (*p->street[i] != '\0')
      parts[n++] = p->street[i];
  return g_strjoinv ("\n", (char **) parts);
}

/* A party's trading name, "" when it gives none or only repeats the legal name (DoubleTime
 * then writes none). */
static const char *
trading_name (const DtReceivedParty *party)
{
  return party->trading_name != NULL && g_strcmp0 (party->trading_name, party->name) != 0
         ? party->trading_name : "";
}

/* The seller as the user fills in the business profile. */
static gboolean
set_profile (DtDb        *db,
             const Case  *c,
             GError     **error)
{
  const DtReceivedInvoice *o = c->original;
  g_auto(PartyText) seller = { 0 };
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, error);
  g_autoptr(DtProfile) saved = NULL;
  g_autofree char *means = text_at (c, NULL, &paths.payment_means);
  g_autofree char *bic = text_at (c, NULL, &paths.bic);
  g_autofree char *creditor = text_at (c, NULL, &paths.creditor_id);

  if (profile == NULL)
    return FALSE;
  read_party (c, &seller_path, &seller);
  /* The contact person is the freelancer, the seller's name the business. */
  SET (profile->name, *seller.contact_name != '\0' ? seller.contact_name : o->seller.name);
  SET (profile->business_name, o->seller.name);
  SET (profile->trading_name, trading_name (&o->seller));
  g_free (profile->address);
  profile->address = street_lines (&seller);
  SET (profile->city, seller.city);
  SET (profile->postcode, seller.postcode);
  SET (profile->country, seller.country);
  SET (profile->email, seller.contact_email);
  SET (profile->phone, seller.contact_phone);
  SET (profile->vat_id, o->seller.vat_id != NULL ? o->seller.vat_id : "");
  SET (profile->tax_number, seller.tax_number);
  SET (profile->iban, o->iban != NULL ? o->iban : "");
  SET (profile->bic, bic);
  SET (profile->creditor_id, creditor);
  SET (profile->payment_means, means);
  SET (profile->electronic_address, o->seller.endpoint != NULL ? o->seller.endpoint : "");
  SET (profile->electronic_address_scheme,
       o->seller.endpoint_scheme != NULL ? o->seller.endpoint_scheme : "EM");
  SET (profile->vat_category, "S");
  SET (profile->vat_exemption_reason, "");
  SET (profile->vat_exemption_code, "");
  saved = dt_profile_store_update (db, profile, 0, error);
  if (saved == NULL)
    g_prefix_error (error, "the business profile: ");
  return saved != NULL;
}

/* The buyer as the user enters the client. */
static gint64
make_client (DtDb        *db,
             const Case  *c,
             GError     **error)
{
  const DtReceivedInvoice *o = c->original;
  g_auto(PartyText) buyer = { 0 };
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  g_autofree char *mandate = text_at (c, NULL, &paths.mandate);
  g_autofree char *debited = text_at (c, NULL, &paths.debited_iban);
  const char *email;

  read_party (c, &buyer_path, &buyer);
  /* Where invoices go: the buyer's contact e-mail, else an e-mail endpoint. */
  email = *buyer.contact_email != '\0' ? buyer.contact_email
          : g_strcmp0 (o->buyer.endpoint_scheme, "EM") == 0 ? o->buyer.endpoint : "";
  SET (input->name, o->buyer.name);
  input->currency = g_strdup (o->currency);
  SET (input->email, email);
  g_free (input->address);
  input->address = street_lines (&buyer);
  SET (input->city, buyer.city);
  SET (input->postcode, buyer.postcode);
  SET (input->country, buyer.country);
  SET (input->vat_id, o->buyer.vat_id != NULL ? o->buyer.vat_id : "");
  SET (input->buyer_reference, o->buyer_reference != NULL ? o->buyer_reference : "");
  SET (input->electronic_address, o->buyer.endpoint != NULL ? o->buyer.endpoint : "");
  SET (input->electronic_address_scheme,
       o->buyer.endpoint_scheme != NULL ? o->buyer.endpoint_scheme : "EM");
  SET (input->einvoice_format, c->syntax == DT_EINVOICE_SYNTAX_CII ? "xrechnung-cii"
                                                                    : "xrechnung-ubl");
  SET (input->iban, debited);
  SET (input->mandate_reference, mandate);
  input->payment_terms_days = 14;
  client = dt_client_store_create (db, input, error);
  if (client == NULL)
    {
      g_prefix_error (error, "the client: ");
      return 0;
    }
  return client->id;
}

/* Noon of @date, local: the day the invoice is issued. */
static gint64
noon_of (const char *date)
{
  int year = 0, month = 0, day = 0;

  sscanf (date, "%d-%d-%d", &year, &month, &day);
  return dt_time_local_midnight (year, month, day) + 12 * 3600;
}

static DtInvoiceLine *
line_for (const Case     *c,
          xmlNode        *node,
          DtReceivedLine *original)
{
  g_autofree char *description = text_at (c, node, &paths.line_description);
  g_autofree char *text = NULL;
  gint64 quantity = 0, price = 0, rate = 0;

  parse_fixed (original->quantity, 3, &quantity);
  parse_fixed (original->unit_price, MAX (c->digits, 0), &price);
  parse_fixed (original->vat_rate != NULL ? original->vat_rate : "0", 2, &rate);
  /* The description's first line is the item's name (BT-153), the rest its description. */
  text = *description != '\0' ? g_strconcat (original->name, "\n", description, NULL)
                              : g_strdup (original->name);
  /* Hours in whole 3-minute steps are what the hourly line keeps; other hours a fixed one. */
  if (g_strcmp0 (original->unit, "HUR") == 0 && quantity * 60 % 1000 == 0 &&
      quantity * 60 / 1000 % 3 == 0)
    return dt_einvoice_scenario_line (DT_LINE_HOURLY, text, quantity * 60 / 1000, price,
                                      (int) rate, original->vat_category, NULL);
  return dt_einvoice_scenario_line (DT_LINE_FIXED, text, quantity, price, (int) rate,
                                    original->vat_category, original->unit);
}

/* The original's notes as one text; UBL's "#ADU#" subject code prefixes are left out. */
static char *
notes_of (const Case *c)
{
  g_autoptr(GPtrArray) notes = nodes_at (c, NULL, &paths.notes);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < notes->len; i++)
    {
      xmlChar *content = xmlNodeGetContent (notes->pdata[i]);
      g_autofree char *text = g_strstrip (g_strdup ((const char *) content));
      const char *body = text;

      xmlFree (content);
      if (c->syntax != DT_EINVOICE_SYNTAX_CII && text[0] == '#' && strlen (text) > 5 &&
          text[4] == '#')
        body = text + 5;
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, body);
    }
  return g_string_free (out, FALSE);
}

/* Makes the case in @db as a user would and returns the issued invoice's id (0 + @error). */
static gint64
make_invoice (DtDb        *db,
              const Case  *c,
              GError     **error)
{
  const DtReceivedInvoice *o = c->original;
  g_autoptr(GPtrArray) line_nodes = nodes_at (c, NULL, &lines_path);
  g_autoptr(GPtrArray) vat_rows = nodes_at (c, NULL, &paths.vat_rows);
  g_autoptr(DtInvoice) input = dt_invoice_new ();
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) issued = NULL;
  g_autofree char *allowances = text_at (c, NULL, &paths.allowance_total);
  gint64 client_id;

  dt_time_set_fake_now (noon_of (o->issue_date));
  if (!set_profile (db, c, error) || (client_id = make_client (db, c, error)) == 0)
    return 0;

  input->client_id = client_id;
  g_free (input->notes);
  input->notes = notes_of (c);
  SET (input->terms, o->payment_terms != NULL ? o->payment_terms : "");
  SET (input->due_date, o->due_date);
  SET (input->period_from, o->period_from);
  SET (input->period_to, o->period_to);
  g_free (input->order_reference);
  input->order_reference = text_at (c, NULL, &paths.order_reference);
  if (*allowances != '\0' && !parse_fixed (allowances, MAX (c->digits, 0),
                                           &input->discount_fixed))
    input->discount_fixed = 0;
  for (guint i = 0; i < o->vat->len; i++)
    {
      const DtReceivedVat *vat = o->vat->pdata[i];
      DtVatCategory category;

      dt_vat_category_from_string (vat->category, &category, NULL);
      if (category == DT_VAT_STANDARD || category == DT_VAT_ZERO_RATED)
        continue;
      /* judge() let one exempt category through, with its reason. */
      SET (input->vat_category, vat->category);
      SET (input->vat_exemption_reason,
           vat->exemption_reason != NULL ? vat->exemption_reason : "");
      g_free (input->vat_exemption_code);
      input->vat_exemption_code = text_at (c, vat_rows->pdata[i], &paths.exemption_code);
    }
  g_assert (line_nodes->len == o->lines->len);
  for (guint i = 0; i < o->lines->len; i++)
    g_ptr_array_add (input->lines, line_for (c, line_nodes->pdata[i], o->lines->pdata[i]));

  draft = dt_invoice_store_create_draft (db, input, error);
  if (draft == NULL)
    {
      g_prefix_error (error, "the draft: ");
      return 0;
    }
  issued = dt_invoicing_mark_sent (db, draft->id, NULL, NULL, 0, error);
  if (issued == NULL)
    {
      g_prefix_error (error, "issuing: ");
      return 0;
    }
  if (o->prepaid > 0 && !dt_einvoice_scenario_pay (db, issued->id, o->prepaid, error))
    {
      g_prefix_error (error, "the payment: ");
      return 0;
    }
  return issued->id;
}

/* ---- the money, ours against the original's ------------------------------------------- */

static void
differ (GString    *out,
        const Case *c,
        const char *written,
        const char *field,
        gint64      ours,
        gint64      theirs)
{
  g_autofree char *a = NULL, *b = NULL;

  if (ours == theirs)
    return;
  a = dt_einvoice_format_amount (ours, MAX (c->digits, 0));
  b = dt_einvoice_format_amount (theirs, MAX (c->digits, 0));
  g_string_append_printf (out, "%s (%s): %s is %s, the original's %s\n", c->name, written,
                          field, a, b);
}

static const DtReceivedVat *
vat_row (const DtReceivedInvoice *invoice,
         const char              *category,
         const char              *rate)
{
  gint64 wanted = 0, found = -1;

  parse_fixed (rate != NULL ? rate : "0", 2, &wanted);
  for (guint i = 0; i < invoice->vat->len; i++)
    {
      const DtReceivedVat *vat = invoice->vat->pdata[i];

      if (g_strcmp0 (vat->category, category) == 0 &&
          parse_fixed (vat->rate != NULL ? vat->rate : "0", 2, &found) && found == wanted)
        return vat;
    }
  return NULL;
}

/* Every amount of the file we wrote, read back with the importer, against the original, and
 * the seller's trading name (BT-28), the one name the profile gives beyond BT-27. */
static void
compare (const Case              *c,
         const char              *written,
         const DtReceivedInvoice *ours,
         GString                 *out)
{
  const DtReceivedInvoice *o = c->original;

  differ (out, c, written, "BT-106 sum of line net amounts", ours->line_total, o->line_total);
  differ (out, c, written, "BT-109 total without VAT", ours->tax_exclusive, o->tax_exclusive);
  differ (out, c, written, "BT-110 total VAT", ours->tax_total, o->tax_total);
  differ (out, c, written, "BT-112 total with VAT", ours->tax_inclusive, o->tax_inclusive);
  differ (out, c, written, "BT-113 paid amount", ours->prepaid, o->prepaid);
  differ (out, c, written, "BT-115 amount due", ours->payable, o->payable);
  if (g_strcmp0 (trading_name (&ours->seller), trading_name (&o->seller)) != 0)
    g_string_append_printf (out, "%s (%s): BT-28 seller trading name \"%s\", the original "
                            "\"%s\"\n", c->name, written, trading_name (&ours->seller),
                            trading_name (&o->seller));
  if (ours->lines->len != o->lines->len)
    g_string_append_printf (out, "%s (%s): %u lines, the original %u\n", c->name, written,
                            ours->lines->len, o->lines->len);
  for (guint i = 0; i < MIN (ours->lines->len, o->lines->len); i++)
    {
      g_autofree char *field = g_strdup_printf ("line %u BT-131 net amount", i + 1);
      differ (out, c, written, field, ((DtReceivedLine *) ours->lines->pdata[i])->net,
              ((DtReceivedLine *) o->lines->pdata[i])->net);
    }
  if (ours->vat->len != o->vat->len)
    g_string_append_printf (out, "%s (%s): %u VAT breakdown rows, the original %u\n", c->name,
                            written, ours->vat->len, o->vat->len);
  for (guint i = 0; i < o->vat->len; i++)
    {
      const DtReceivedVat *theirs = o->vat->pdata[i];
      const DtReceivedVat *mine = vat_row (ours, theirs->category, theirs->rate);
      g_autofree char *base = g_strdup_printf ("BT-116 taxable amount of %s %s %%",
                                               theirs->category, theirs->rate);
      g_autofree char *tax = g_strdup_printf ("BT-117 VAT of %s %s %%", theirs->category,
                                              theirs->rate);

      if (mine == NULL)
        {
          g_string_append_printf (out, "%s (%s): no VAT breakdown row for %s %s %%\n", c->name,
                                  written, theirs->category, theirs->rate);
          continue;
        }
      differ (out, c, written, base, mine->base, theirs->base);
      differ (out, c, written, tax, mine->tax, theirs->tax);
    }
}

/* Writes the invoice in each syntax and profile, reads each back, and compares. */
static gboolean
write_and_compare (DtDb        *db,
                   gint64       invoice_id,
                   const Case  *c,
                   const char  *dir,
                   GString     *differences,
                   GError     **error)
{
  static const struct
  {
    const char        *suffix;
    gboolean           cii;
    DtEinvoiceProfile  profile;
  } outputs[] = {
    { "xrechnung.cii", TRUE, DT_EINVOICE_PROFILE_XRECHNUNG },
    { "xrechnung.ubl", FALSE, DT_EINVOICE_PROFILE_XRECHNUNG },
    { "en16931.ubl", FALSE, DT_EINVOICE_PROFILE_EN16931 },
  };
  g_autoptr(DtEinvoice) einvoice = dt_einvoice_build (db, invoice_id, error);
  g_autoptr(GPtrArray) problems = NULL;
  gboolean blocked;

  if (einvoice == NULL)
    return FALSE;
  problems = dt_einvoice_check (einvoice, DT_EINVOICE_PROFILE_XRECHNUNG);
  for (guint i = 0; i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = problems->pdata[i];
      g_printerr ("%s: the readiness check: %s %s: %s\n", c->name,
                  problem->severity == DT_EINVOICE_ERROR ? "error" : "warning",
                  problem->business_term, problem->message);
    }
  blocked = dt_einvoice_problems_block (problems);
  if (problems->len > 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s is not%s ready as an XRechnung",
                   c->name, blocked ? "" : " quite");
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autoptr(GBytes) xml = outputs[i].cii
                              ? dt_einvoice_write_cii (einvoice, outputs[i].profile, error)
                              : dt_einvoice_write_ubl (einvoice, outputs[i].profile, error);
      g_autofree char *path = NULL;
      g_autoptr(DtReceivedInvoice) back = NULL;
      gsize len;
      const char *data;

      if (xml == NULL)
        return FALSE;
      data = g_bytes_get_data (xml, &len);
      path = g_strdup_printf ("%s/%s.%s.xml", dir, c->name, outputs[i].suffix);
      if (!g_file_set_contents (path, data, len, error))
        return FALSE;
      back = dt_einvoice_import_xml (data, len, error);
      if (back == NULL)
        {
          g_prefix_error (error, "%s as %s, read back: ", c->name, outputs[i].suffix);
          return FALSE;
        }
      compare (c, outputs[i].suffix, back, differences);
    }
  return TRUE;
}

/* One case in a database of its own, as a new user of the app would make it. */
static gboolean
express (const Case  *c,
         const char  *dir,
         GString     *differences,
         GError     **error)
{
  g_autofree char *store_dir = g_dir_make_tmp ("dt-einvoice-testsuite-XXXXXX", error);
  g_autofree char *store_path = NULL;
  g_autoptr(DtDb) db = NULL;
  gboolean ok = FALSE;
  gint64 id;

  if (store_dir == NULL)
    return FALSE;
  store_path = g_build_filename (store_dir, "doubletime.db", NULL);
  db = dt_db_open (store_path, DT_DB_OPEN_DEFAULT, error);
  if (db != NULL && (id = make_invoice (db, c, error)) != 0)
    ok = write_and_compare (db, id, c, dir, differences, error);
  g_clear_object (&db);
  dt_time_set_fake_now (0);
  dt_einvoice_scenario_remove_store (store_dir);
  if (!ok)
    g_prefix_error (error, "%s: ", c->name);
  return ok;
}

/* ---- main ------------------------------------------------------------------------------ */

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* @path, or the XML files under it, in name order. */
static void
add_inputs (GPtrArray  *files,
            const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (names->pdata[i], G_FILE_TEST_IS_DIR) ||
        g_str_has_suffix (names->pdata[i], ".xml"))
      add_inputs (files, names->pdata[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) inputs = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  g_autoptr(GString) differences = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  int min_expressed = 0, expressed = 0, skipped = 0, failed = 0;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder to write into (made if missing)", "DIR" },
    { "min-expressed", 'm', 0, G_OPTION_ARG_INT, &min_expressed,
      "Fail when fewer files are expressed", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE|DIR…" },
    { NULL },
  };

  setlocale (LC_ALL, "");
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  context = g_option_context_new ("— re-express the XRechnung test suite's invoices");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (out == NULL || inputs == NULL)
    {
      g_printerr ("--out DIR and at least one FILE or DIR are required\n");
      return 2;
    }
  if (g_mkdir_with_parents (out, 0700) != 0)
    {
      g_printerr ("cannot make %s\n", out);
      return 1;
    }
  for (guint i = 0; inputs[i] != NULL; i++)
    add_inputs (files, inputs[i]);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) local = NULL;
      Case *c = case_read (files->pdata[i], &local);
      gpointer earlier;

      if (c == NULL)
        {
          g_print ("FAIL %s: %s\n", (char *) files->pdata[i], local->message);
          failed++;
          continue;
        }
      g_ptr_array_add (cases, c);
      judge (c);
      if (c->skips->len > 0)
        {
          g_print ("skipped %s:\n", c->name);
          skipped++;
          for (guint r = 0; r < c->skips->len; r++)
            {
              const char *reason = c->skips->pdata[r];
              g_print ("  - %s\n", reason);
              g_hash_table_insert (reasons, (gpointer) reason,
                                   GINT_TO_POINTER (GPOINTER_TO_INT (
                                     g_hash_table_lookup (reasons, reason)) + 1));
            }
        }
      else if (!express (c, out, differences, &local))
        {
          g_print ("FAIL %s\n", local->message);
          failed++;
        }
      else
        {
          g_autofree char *left = NULL;

          g_ptr_array_add (c->left_out, NULL);
          left = g_strjoinv (", ", (char **) c->left_out->pdata);
          g_ptr_array_remove_index (c->left_out, c->left_out->len - 1);
          g_print ("expressed %s as XRechnung CII and UBL and EN 16931 UBL%s%s\n", c->name,
                   *left != '\0' ? "; left out: " : "", left);
          expressed++;
        }
      /* The CII and the UBL file of a case say the same: they must be judged alike. */
      if (g_hash_table_lookup_extended (verdicts, c->key, NULL, &earlier) &&
          GPOINTER_TO_INT (earlier) != (c->skips->len == 0))
        {
          g_print ("FAIL %s: judged otherwise than the other syntax of %s\n", c->name, c->key);
          failed++;
        }
      g_hash_table_insert (verdicts, g_strdup (c->key), GINT_TO_POINTER (c->skips->len == 0));
    }

  g_print ("\n%d of %u files expressed, %d skipped", expressed, files->len,
           skipped);
  if (g_hash_table_size (reasons) > 0)
    g_print (", for:\n");
  keys = g_hash_table_get_keys (reasons);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *k = keys; k != NULL; k = k->next)
    g_print ("  %2d × %s\n", GPOINTER_TO_INT (g_hash_table_lookup (reasons, k->data)),
             (char *) k->data);
  g_print ("\n");
  if (differences->len > 0)
    {
      g_print ("money that differs from the original:\n%s", differences->str);
      failed++;
    }
  if (expressed < min_expressed)
    {
      g_print ("FAIL: %d files expressed, fewer than the %d expected: something DoubleTime "
               "expressed before is skipped now\n", expressed, min_expressed);
      failed++;
    }
  return failed > 0 ? 1 : 0;
}

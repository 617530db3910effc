/* dt-einvoice-import.c: a received e-invoice, CII or UBL (or a PDF carrying CII), read with
 * XPath from the hardened parse into DtReceivedInvoice; one reader per syntax. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-import.h"

#include "dt-error.h"
#include "dt-facturx.h"
#include "dt-money.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

/* What an amount may have before the decimal point: far beyond any invoice, far below the
 * 9.2e18 of a gint64 in minor units. */
#define MAX_INTEGER_DIGITS 15

typedef struct
{
  xmlXPathContext  *xpath;
  int               exponent;   /* of the invoice currency */
  const char       *currency;
  GError          **error;
  gboolean          failed;     /* *error is set: the first problem found is the one told */
} Reader;

static void
party_clear (DtReceivedParty *party)
{
  g_free (party->name);
  g_free (party->trading_name);
  g_free (party->address);
  g_free (party->vat_id);
  g_free (party->endpoint);
  g_free (party->endpoint_scheme);
}

static void
line_free (gpointer data)
{
  DtReceivedLine *line = data;

  g_free (line->id);
  g_free (line->name);
  g_free (line->quantity);
  g_free (line->unit);
  g_free (line->unit_price);
  g_free (line->vat_category);
  g_free (line->vat_rate);
  g_free (line);
}

static void
vat_free (gpointer data)
{
  DtReceivedVat *vat = data;

  g_free (vat->category);
  g_free (vat->rate);
  g_free (vat->exemption_reason);
  g_free (vat);
}

void
dt_received_invoice_free (DtReceivedInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->type_code);
  g_free (invoice->issue_date);
  g_free (invoice->due_date);
  g_free (invoice->currency);
  g_free (invoice->buyer_reference);
  g_free (invoice->period_from);
  g_free (invoice->period_to);
  party_clear (&invoice->seller);
  party_clear (&invoice->buyer);
  g_clear_pointer (&invoice->lines, g_ptr_array_unref);
  g_clear_pointer (&invoice->vat, g_ptr_array_unref);
  g_free (invoice->iban);
  g_free (invoice->payment_terms);
  g_free (invoice);
}

static void
reader_fail (Reader     *r,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
reader_fail (Reader     *r,
             const char *format,
             ...)
{
  va_list args;

  if (r->failed)
    return;
  r->failed = TRUE;
  va_start (args, format);
  if (r->error != NULL)
    *r->error = g_error_new_valist (DT_ERROR, DT_ERROR_INVALID, format, args);
  va_end (args);
}

/* The nodes @expr selects from @node (borrowed, in document order); never NULL. */
static GPtrArray *
nodes_at (Reader     *r,
          xmlNode    *node,
          const char *expr)
{
  xmlXPathObject *result = xmlXPathNodeEval (node, (const xmlChar *) expr, r->xpath);
  GPtrArray *nodes = g_ptr_array_new ();

  if (result != NULL && result->type == XPATH_NODESET && result->nodesetval != NULL)
    for (int i = 0; i < result->nodesetval->nodeNr; i++)
      g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (result);
  return nodes;
}

/* At most 40 characters of @text for a message, never cut inside a character. */
static char *
shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);
  start = g_utf8_substring (valid, 0, 39);
  return g_strconcat (start, "…", NULL);
}

/* The first node @expr selects, or NULL. */
static xmlNode *
first_at (Reader     *r,
          xmlNode    *node,
          const char *expr)
{
  g_autoptr(GPtrArray) nodes = nodes_at (r, node, expr);

  return nodes->len > 0 ? nodes->pdata[0] : NULL;
}

/* The trimmed text of the first node @expr selects, or NULL if none or empty. */
static char *
text_at (Reader     *r,
         xmlNode    *node,
         const char *expr)
{
  g_autoptr(GPtrArray) nodes = nodes_at (r, node, expr);
  xmlChar *content;
  char *text;

  if (nodes->len == 0)
    return NULL;
  content = xmlNodeGetContent (nodes->pdata[0]);
  if (content == NULL)
    return NULL;
  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* xsd:decimal as EN 16931 uses it: an optional sign, digits, optionally '.' and digits. */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  return digits && *p == '\0';
}

/* "1234.5" in a currency of @exponent decimals → 123450; refuses more decimals than the
 * currency has unless they are zeros, and more than MAX_INTEGER_DIGITS before the point. */
static gboolean
parse_amount (const char *text,
              int         exponent,
              gint64     *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 value = 0;
  int integer_digits = 0;
  int fraction_digits = 0;

  if (!is_decimal (text))
    return FALSE;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++)
    {
      if (value == 0 && *p == '0')
        continue;
      if (++integer_digits > MAX_INTEGER_DIGITS)
        return FALSE;
      value = value * 10 + (*p - '0');
    }
  if (*p == '.')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (fraction_digits < exponent)
        value = value * 10 + (*p - '0');
      else if (*p != '0')
        return FALSE;
      fraction_digits++;
    }
  for (; fraction_digits < exponent; fraction_digits++)
    value *= 10;
  *out = negative ? -value : value;
  return TRUE;
}

static void
amount_at (Reader     *r,
           xmlNode    *node,
           const char *expr,
           const char *what,
           gboolean    required,
           gint64     *out)
{
  g_autofree char *text = text_at (r, node, expr);

  *out = 0;
  if (text == NULL)
    {
      if (required)
        reader_fail (r, "the invoice has no %s", what);
      return;
    }
  if (!parse_amount (text, r->exponent, out))
    {
      g_autofree char *shown = shorten (text);
      reader_fail (r, "%s is \"%s\", not an amount in %s (a decimal with at most %d "
                   "decimals)", what, shown, r->currency, r->exponent);
    }
}

/* Quantities, prices and rates stay text, but must be decimals. */
static char *
decimal_at (Reader     *r,
            xmlNode    *node,
            const char *expr,
            const char *what)
{
  char *text = text_at (r, node, expr);

  if (text != NULL && !is_decimal (text))
    {
      g_autofree char *shown = shorten (text);
      reader_fail (r, "%s is \"%s\", not a decimal number", what, shown);
      g_clear_pointer (&text, g_free);
    }
  return text;
}

/* @digits are "YYYYMMDD" (CII format 102) or "YYYY-MM-DD" (UBL); returns "YYYY-MM-DD". */
static char *
date_at (Reader     *r,
         xmlNode    *node,
         const char *expr,
         const char *what,
         gboolean    required)
{
  g_autofree char *text = text_at (r, node, expr);
  int year, month, day;
  char rest;

  if (text == NULL)
    {
      if (required)
        reader_fail (r, "the invoice has no %s", what);
      return NULL;
    }
  if ((sscanf (text, "%4d%2d%2d%c", &year, &month, &day, &rest) == 3 && strlen (text) == 8
       && strspn (text, "0123456789") == 8)
      || (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3
          && strlen (text) == 10 && text[4] == '-' && text[7] == '-'
          && strspn (text, "0123456789") == 4))
    {
      if (g_date_valid_dmy (day, month, year))
        return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }
  {
    g_autofree char *shown = shorten (text);
    reader_fail (r, "%s is \"%s\", not a date", what, shown);
  }
  return NULL;
}

/* Non-empty parts, one a line. */
static char *
join_lines (char **parts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, parts[i]);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
address_from (char *line_one,
              char *line_two,
              char *postcode,
              char *city,
              char *country)
{
  g_autofree char *place = g_strjoin (" ", postcode ? postcode : "", city ? city : "", NULL);
  char *parts[] = { line_one ? line_one : "", line_two ? line_two : "", g_strstrip (place),
                    country ? country : "", NULL };
  char *address = join_lines (parts);

  g_free (line_one);
  g_free (line_two);
  g_free (postcode);
  g_free (city);
  g_free (country);
  return address;
}

static gboolean
currency_ok (Reader     *r,
             const char *currency)
{
  if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) || !g_ascii_isupper (currency[1])
      || !g_ascii_isupper (currency[2]))
    {
      g_autofree char *shown = shorten (currency);
      reader_fail (r, "the invoice currency (BT-5) is \"%s\", not an ISO 4217 code", shown);
      return FALSE;
    }
  r->currency = currency;
  r->exponent = dt_money_currency_exponent (currency);
  /* A code the app does not know by name: EN 16931 allows two decimals for any amount. */
  if (r->exponent < 0)
    r->exponent = 2;
  return TRUE;
}

/* ---- CII ------------------------------------------------------------------------------ */

static void
read_cii_party (Reader          *r,
                xmlNode         *party,
                DtReceivedParty *out)
{
  out->name = text_at (r, party, "ram:Name");
  out->trading_name = text_at (r, party, "ram:SpecifiedLegalOrganization/"
                               "ram:TradingBusinessName");
  out->address = address_from (text_at (r, party, "ram:PostalTradeAddress/ram:LineOne"),
                               text_at (r, party, "ram:PostalTradeAddress/ram:LineTwo"),
                               text_at (r, party, "ram:PostalTradeAddress/ram:PostcodeCode"),
                               text_at (r, party, "ram:PostalTradeAddress/ram:CityName"),
                               text_at (r, party, "ram:PostalTradeAddress/ram:CountryID"));
  out->vat_id = text_at (r, party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']");
  out->endpoint = text_at (r, party, "ram:URIUniversalCommunication/ram:URIID");
  out->endpoint_scheme = text_at (r, party, "ram:URIUniversalCommunication/ram:URIID/@schemeID");
}

static void
read_cii (Reader            *r,
          xmlNode           *root,
          DtReceivedInvoice *inv)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) taxes = NULL;
  g_autofree char *tax_expr = NULL;
  xmlNode *t, *agreement, *settlement, *sums, *seller, *buyer;

  inv->number = text_at (r, root, "rsm:ExchangedDocument/ram:ID");
  inv->type_code = text_at (r, root, "rsm:ExchangedDocument/ram:TypeCode");
  inv->issue_date = date_at (r, root, "rsm:ExchangedDocument/ram:IssueDateTime/"
                             "udt:DateTimeString", "issue date (BT-2)", TRUE);
  t = first_at (r, root, "rsm:SupplyChainTradeTransaction");
  agreement = t ? first_at (r, t, "ram:ApplicableHeaderTradeAgreement") : NULL;
  settlement = t ? first_at (r, t, "ram:ApplicableHeaderTradeSettlement") : NULL;
  sums = settlement ? first_at (r, settlement,
                                "ram:SpecifiedTradeSettlementHeaderMonetarySummation") : NULL;
  if (agreement == NULL || settlement == NULL || sums == NULL)
    {
      reader_fail (r, "the invoice lacks its trade agreement, settlement or totals (BG-22)");
      return;
    }

  inv->currency = text_at (r, settlement, "ram:InvoiceCurrencyCode");
  if (inv->currency == NULL)
    {
      reader_fail (r, "the invoice has no currency (BT-5)");
      return;
    }
  if (!currency_ok (r, inv->currency))
    return;

  inv->buyer_reference = text_at (r, agreement, "ram:BuyerReference");
  if ((seller = first_at (r, agreement, "ram:SellerTradeParty")) != NULL)
    read_cii_party (r, seller, &inv->seller);
  if ((buyer = first_at (r, agreement, "ram:BuyerTradeParty")) != NULL)
    read_cii_party (r, buyer, &inv->buyer);
  inv->period_from = date_at (r, settlement, "ram:BillingSpecifiedPeriod/"
                              "ram:StartDateTime/udt:DateTimeString", "period start (BT-73)",
                              FALSE);
  inv->period_to = date_at (r, settlement, "ram:BillingSpecifiedPeriod/"
                            "ram:EndDateTime/udt:DateTimeString", "period end (BT-74)", FALSE);
  inv->due_date = date_at (r, settlement, "ram:SpecifiedTradePaymentTerms/"
                           "ram:DueDateDateTime/udt:DateTimeString", "due date (BT-9)", FALSE);
  inv->payment_terms = text_at (r, settlement, "ram:SpecifiedTradePaymentTerms/ram:Description");
  inv->iban = text_at (r, settlement, "ram:SpecifiedTradeSettlementPaymentMeans/"
                       "ram:PayeePartyCreditorFinancialAccount/ram:IBANID");

  items = nodes_at (r, t, "ram:IncludedSupplyChainTradeLineItem");
  for (guint i = 0; i < items->len && !r->failed; i++)
    {
      xmlNode *item = items->pdata[i];
      DtReceivedLine *line = g_new0 (DtReceivedLine, 1);

      g_ptr_array_add (inv->lines, line);
      line->id = text_at (r, item, "ram:AssociatedDocumentLineDocument/ram:LineID");
      line->name = text_at (r, item, "ram:SpecifiedTradeProduct/ram:Name");
      line->quantity = decimal_at (r, item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
                                   "a line's quantity (BT-129)");
      line->unit = text_at (r, item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode");
      line->unit_price = decimal_at (r, item, "ram:SpecifiedLineTradeAgreement/"
                                     "ram:NetPriceProductTradePrice/ram:ChargeAmount",
                                     "a line's net price (BT-146)");
      line->vat_category = text_at (r, item, "ram:SpecifiedLineTradeSettlement/"
                                    "ram:ApplicableTradeTax/ram:CategoryCode");
      line->vat_rate = decimal_at (r, item, "ram:SpecifiedLineTradeSettlement/"
                                   "ram:ApplicableTradeTax/ram:RateApplicablePercent",
                                   "a line's VAT rate (BT-152)");
      amount_at (r, item, "ram:SpecifiedLineTradeSettlement/"
                 "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
                 "line net amount (BT-131)", TRUE, &line->net);
    }

  taxes = nodes_at (r, settlement, "ram:ApplicableTradeTax");
  for (guint i = 0; i < taxes->len && !r->failed; i++)
    {
      xmlNode *tax = taxes->pdata[i];
      DtReceivedVat *vat = g_new0 (DtReceivedVat, 1);

      g_ptr_array_add (inv->vat, vat);
      vat->category = text_at (r, tax, "ram:CategoryCode");
      vat->rate = decimal_at (r, tax, "ram:RateApplicablePercent", "a VAT rate (BT-119)");
      vat->exemption_reason = text_at (r, tax, "ram:ExemptionReason");
      amount_at (r, tax, "ram:BasisAmount", "VAT category taxable amount (BT-116)", TRUE,
                 &vat->base);
      amount_at (r, tax, "ram:CalculatedAmount", "VAT category tax amount (BT-117)", TRUE,
                 &vat->tax);
    }

  amount_at (r, sums, "ram:LineTotalAmount", "sum of line net amounts (BT-106)", TRUE,
             &inv->line_total);
  amount_at (r, sums, "ram:TaxBasisTotalAmount", "total without VAT (BT-109)", TRUE,
             &inv->tax_exclusive);
  /* BT-110 is the one in the invoice currency; BT-111 (accounting currency) may follow. */
  tax_expr = g_strdup_printf ("ram:TaxTotalAmount[@currencyID='%s']", inv->currency);
  amount_at (r, sums, tax_expr, "total VAT (BT-110)", FALSE, &inv->tax_total);
  amount_at (r, sums, "ram:GrandTotalAmount", "total with VAT (BT-112)", TRUE,
             &inv->tax_inclusive);
  amount_at (r, sums, "ram:TotalPrepaidAmount", "paid amount (BT-113)", FALSE, &inv->prepaid);
  amount_at (r, sums, "ram:DuePayableAmount", "amount due (BT-115)", TRUE, &inv->payable);
}

/* ---- UBL ------------------------------------------------------------------------------ */

static void
read_ubl_party (Reader          *r,
                xmlNode         *party,
                DtReceivedParty *out)
{
  out->name = text_at (r, party, "cac:PartyLegalEntity/cbc:RegistrationName");
  out->trading_name = text_at (r, party, "cac:PartyName/cbc:Name");
  /* BR-6 wants the legal name; an invoice without one is still shown under the other. */
  if (out->name == NULL)
    out->name = g_strdup (out->trading_name);
  out->address = address_from (text_at (r, party, "cac:PostalAddress/cbc:StreetName"),
                               text_at (r, party, "cac:PostalAddress/cbc:AdditionalStreetName"),
                               text_at (r, party, "cac:PostalAddress/cbc:PostalZone"),
                               text_at (r, party, "cac:PostalAddress/cbc:CityName"),
                               text_at (r, party, "cac:PostalAddress/cac:Country/"
                                        "cbc:IdentificationCode"));
  out->vat_id = text_at (r, party, "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/"
                         "cbc:CompanyID");
  out->endpoint = text_at (r, party, "cbc:EndpointID");
  out->endpoint_scheme = text_at (r, party, "cbc:EndpointID/@schemeID");
}

static void
read_ubl (Reader            *r,
          xmlNode           *root,
          gboolean           credit_note,
          DtReceivedInvoice *inv)
{
  g_autoptr(GPtrArray) sums = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) taxes = NULL;
  g_autofree char *tax_total_expr = NULL;
  g_autofree char *subtotal_expr = NULL;
  xmlNode *party;

  inv->number = text_at (r, root, "cbc:ID");
  inv->type_code = text_at (r, root, credit_note ? "cbc:CreditNoteTypeCode"
                                                 : "cbc:InvoiceTypeCode");
  inv->issue_date = date_at (r, root, "cbc:IssueDate", "issue date (BT-2)", TRUE);
  inv->due_date = date_at (r, root, credit_note ? "cac:PaymentMeans/cbc:PaymentDueDate"
                                                : "cbc:DueDate", "due date (BT-9)", FALSE);
  inv->currency = text_at (r, root, "cbc:DocumentCurrencyCode");
  if (inv->currency == NULL)
    {
      reader_fail (r, "the invoice has no currency (BT-5)");
      return;
    }
  if (!currency_ok (r, inv->currency))
    return;
  inv->buyer_reference = text_at (r, root, "cbc:BuyerReference");
  inv->period_from = date_at (r, root, "cac:InvoicePeriod/cbc:StartDate",
                              "period start (BT-73)", FALSE);
  inv->period_to = date_at (r, root, "cac:InvoicePeriod/cbc:EndDate", "period end (BT-74)",
                            FALSE);

  if ((party = first_at (r, root, "cac:AccountingSupplierParty/cac:Party")) != NULL)
    read_ubl_party (r, party, &inv->seller);
  if ((party = first_at (r, root, "cac:AccountingCustomerParty/cac:Party")) != NULL)
    read_ubl_party (r, party, &inv->buyer);

  inv->iban = text_at (r, root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID");
  inv->payment_terms = text_at (r, root, "cac:PaymentTerms/cbc:Note");

  items = nodes_at (r, root, credit_note ? "cac:CreditNoteLine" : "cac:InvoiceLine");
  for (guint i = 0; i < items->len && !r->failed; i++)
    {
      xmlNode *item = items->pdata[i];
      DtReceivedLine *line = g_new0 (DtReceivedLine, 1);
      const char *quantity = credit_note ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
      g_autofree char *unit_expr = g_strconcat (quantity, "/@unitCode", NULL);

      g_ptr_array_add (inv->lines, line);
      line->id = text_at (r, item, "cbc:ID");
      line->name = text_at (r, item, "cac:Item/cbc:Name");
      line->quantity = decimal_at (r, item, quantity, "a line's quantity (BT-129)");
      line->unit = text_at (r, item, unit_expr);
      line->unit_price = decimal_at (r, item, "cac:Price/cbc:PriceAmount",
                                     "a line's net price (BT-146)");
      line->vat_category = text_at (r, item, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID");
      line->vat_rate = decimal_at (r, item, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
                                   "a line's VAT rate (BT-152)");
      amount_at (r, item, "cbc:LineExtensionAmount", "line net amount (BT-131)", TRUE,
                 &line->net);
    }

  /* The tax total in the invoice currency (BT-110) and its breakdown; another one may give
   * the VAT in the accounting currency (BT-111) without a breakdown. */
  tax_total_expr = g_strdup_printf ("cac:TaxTotal/cbc:TaxAmount[@currencyID='%s']",
                                    inv->currency);
  amount_at (r, root, tax_total_expr, "total VAT (BT-110)", FALSE, &inv->tax_total);
  subtotal_expr = g_strdup_printf ("cac:TaxTotal[cbc:TaxAmount/@currencyID='%s']/"
                                   "cac:TaxSubtotal", inv->currency);
  taxes = nodes_at (r, root, subtotal_expr);
  for (guint i = 0; i < taxes->len && !r->failed; i++)
    {
      xmlNode *tax = taxes->pdata[i];
      DtReceivedVat *vat = g_new0 (DtReceivedVat, 1);

      g_ptr_array_add (inv->vat, vat);
      vat->category = text_at (r, tax, "cac:TaxCategory/cbc:ID");
      vat->rate = decimal_at (r, tax, "cac:TaxCategory/cbc:Percent", "a VAT rate (BT-119)");
      vat->exemption_reason = text_at (r, tax, "cac:TaxCategory/cbc:TaxExemptionReason");
      amount_at (r, tax, "cbc:TaxableAmount", "VAT category taxable amount (BT-116)", TRUE,
                 &vat->base);
      amount_at (r, tax, "cbc:TaxAmount", "VAT category tax amount (BT-117)", TRUE,
                 &vat->tax);
    }

  sums = nodes_at (r, root, "cac:LegalMonetaryTotal");
  if (sums->len == 0)
    {
      reader_fail (r, "the invoice has no totals (BG-22)");
      return;
    }
  amount_at (r, sums->pdata[0], "cbc:LineExtensionAmount", "sum of line net amounts (BT-106)",
             TRUE, &inv->line_total);
  amount_at (r, sums->pdata[0], "cbc:TaxExclusiveAmount", "total without VAT (BT-109)", TRUE,
             &inv->tax_exclusive);
  amount_at (r, sums->pdata[0], "cbc:TaxInclusiveAmount", "total with VAT (BT-112)", TRUE,
             &inv->tax_inclusive);
  amount_at (r, sums->pdata[0], "cbc:PrepaidAmount", "paid amount (BT-113)", FALSE,
             &inv->prepaid);
  amount_at (r, sums->pdata[0], "cbc:PayableAmount", "amount due (BT-115)", TRUE,
             &inv->payable);
}

/* ---- Entry points ----------------------------------------------------------------------- */

static void
check_mandatory (Reader                  *r,
                 const DtReceivedInvoice *inv)
{
  if (inv->number == NULL)
    reader_fail (r, "the invoice has no number (BT-1)");
  else if (inv->seller.name == NULL)
    reader_fail (r, "the invoice does not name the seller (BT-27)");
  else if (inv->buyer.name == NULL)
    reader_fail (r, "the invoice does not name the buyer (BT-44)");
  else if (inv->lines->len == 0)
    reader_fail (r, "the invoice has no lines (BG-25)");
}

DtReceivedInvoice *
dt_einvoice_import_xml (const char  *data,
                        gsize        len,
                        GError     **error)
{
  static const char *const namespaces[][2] = {
    { "rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" },
    { "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" },
    { "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" },
    { "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" },
    { "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" },
  };
  g_autoptr(DtReceivedInvoice) inv = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  DtEinvoiceSyntax syntax;
  Reader r = { 0 };

  doc = dt_einvoice_xml_read (data, len, &syntax, error);
  if (doc == NULL)
    return NULL;

  r.xpath = xmlXPathNewContext (doc);
  if (r.xpath == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "out of memory reading the XML");
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (namespaces); i++)
    xmlXPathRegisterNs (r.xpath, (const xmlChar *) namespaces[i][0],
                        (const xmlChar *) namespaces[i][1]);
  r.error = error;

  inv = g_new0 (DtReceivedInvoice, 1);
  inv->syntax = syntax;
  inv->lines = g_ptr_array_new_with_free_func (line_free);
  inv->vat = g_ptr_array_new_with_free_func (vat_free);
  if (syntax == DT_EINVOICE_SYNTAX_CII)
    read_cii (&r, xmlDocGetRootElement (doc), inv);
  else
    read_ubl (&r, xmlDocGetRootElement (doc), syntax == DT_EINVOICE_SYNTAX_UBL_CREDIT_NOTE, inv);
  if (!r.failed)
    check_mandatory (&r, inv);
  xmlXPathFreeContext (r.xpath);
  if (r.failed)
    return NULL;
  return g_steal_pointer (&inv);
}

DtReceivedInvoice *
dt_einvoice_import (GBytes  *file,
                    GError **error)
{
  g_autoptr(GBytes) xml = NULL;
  DtReceivedInvoice *inv;
  gsize len;
  const char *data;

  g_return_val_if_fail (file != NULL, NULL);

  data = g_bytes_get_data (file, &len);
  /* A PDF may have bytes before its header; readers look in the first 1024 (ISO 32000-1
   * 7.5.2 note), so do we. */
  if (len == 0 || g_strstr_len (data, MIN (len, 1024), "%PDF-") == NULL)
    return dt_einvoice_import_xml (data, len, error);

  if (len > DT_EINVOICE_IMPORT_MAX_PDF_SIZE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the PDF is %" G_GSIZE_FORMAT " bytes, more than the %d an e-invoice may "
                   "have here", len, DT_EINVOICE_IMPORT_MAX_PDF_SIZE);
      return NULL;
    }
  xml = dt_facturx_extract_xml (file, error);
  if (xml == NULL)
    return NULL;
  data = g_bytes_get_data (xml, &len);
  inv = dt_einvoice_import_xml (data, len, error);
  if (inv != NULL)
    inv->from_pdf = TRUE;
  return inv;
}

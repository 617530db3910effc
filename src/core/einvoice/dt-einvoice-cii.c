/* dt-einvoice-cii.c: the CII D16B writer. Element order follows the D16B schema; which
 * elements appear follows the EN 16931 CII binding. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-cii.h"
#include "dt-einvoice-xml-private.h"

#define NS_RSM "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define NS_RAM "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
#define NS_UDT "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
#define NS_QDT "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

static void
date_time (DtEinvoiceXml *xml,
           const char    *name,
           const char    *date)
{
  g_autofree char *compact = dt_einvoice_xml_date_102 (date);

  dt_einvoice_xml_start (xml, name);
  dt_einvoice_xml_text_with (xml, "udt:DateTimeString", compact, "format", "102");
  dt_einvoice_xml_end (xml);
}

static void
address (DtEinvoiceXml         *xml,
         const DtEinvoiceParty *party)
{
  dt_einvoice_xml_start (xml, "ram:PostalTradeAddress");
  dt_einvoice_xml_text (xml, "ram:PostcodeCode", party->postcode);
  dt_einvoice_xml_text (xml, "ram:LineOne", party->address_lines[0]);
  dt_einvoice_xml_text (xml, "ram:LineTwo", party->address_lines[1]);
  dt_einvoice_xml_text (xml, "ram:LineThree", party->address_lines[2]);
  dt_einvoice_xml_text (xml, "ram:CityName", party->city);
  dt_einvoice_xml_text (xml, "ram:CountryID", party->country);
  dt_einvoice_xml_end (xml);
}

static void
trade_party (DtEinvoiceXml         *xml,
             const char            *element,
             const DtEinvoiceParty *party)
{
  gboolean contact = *party->contact_name != '\0' || *party->contact_phone != '\0' ||
                     *party->contact_email != '\0';

  dt_einvoice_xml_start (xml, element);
  dt_einvoice_xml_text (xml, "ram:ID", party->id);
  dt_einvoice_xml_text (xml, "ram:Name", party->name);
  if (*party->trading_name != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:SpecifiedLegalOrganization");
      dt_einvoice_xml_text (xml, "ram:TradingBusinessName", party->trading_name);
      dt_einvoice_xml_end (xml);
    }
  if (contact)
    {
      dt_einvoice_xml_start (xml, "ram:DefinedTradeContact");
      dt_einvoice_xml_text (xml, "ram:PersonName", party->contact_name);
      if (*party->contact_phone != '\0')
        {
          dt_einvoice_xml_start (xml, "ram:TelephoneUniversalCommunication");
          dt_einvoice_xml_text (xml, "ram:CompleteNumber", party->contact_phone);
          dt_einvoice_xml_end (xml);
        }
      if (*party->contact_email != '\0')
        {
          dt_einvoice_xml_start (xml, "ram:EmailURIUniversalCommunication");
          dt_einvoice_xml_text (xml, "ram:URIID", party->contact_email);
          dt_einvoice_xml_end (xml);
        }
      dt_einvoice_xml_end (xml);
    }
  address (xml, party);
  if (*party->electronic_address != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:URIUniversalCommunication");
      dt_einvoice_xml_text_with (xml, "ram:URIID", party->electronic_address, "schemeID",
                                 party->electronic_address_scheme);
      dt_einvoice_xml_end (xml);
    }
  if (*party->vat_id != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:SpecifiedTaxRegistration");
      dt_einvoice_xml_text_with (xml, "ram:ID", party->vat_id, "schemeID", "VA");
      dt_einvoice_xml_end (xml);
    }
  if (*party->tax_number != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:SpecifiedTaxRegistration");
      dt_einvoice_xml_text_with (xml, "ram:ID", party->tax_number, "schemeID", "FC");
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_end (xml);
}

static void
category_tax (DtEinvoiceXml *xml,
              const char    *element,
              DtVatCategory  category,
              int            rate_bp)
{
  g_autofree char *rate = dt_einvoice_format_rate (rate_bp);

  dt_einvoice_xml_start (xml, element);
  dt_einvoice_xml_text (xml, "ram:TypeCode", "VAT");
  dt_einvoice_xml_text (xml, "ram:CategoryCode", dt_vat_category_to_string (category));
  /* O (not subject to VAT) carries no rate (BR-O-05). */
  if (category != DT_VAT_OUT_OF_SCOPE)
    dt_einvoice_xml_text (xml, "ram:RateApplicablePercent", rate);
  dt_einvoice_xml_end (xml);
}

static void
line_item (DtEinvoiceXml        *xml,
           const DtEinvoiceLine *line)
{
  g_autofree char *quantity = dt_einvoice_format_decimal (line->quantity, line->quantity_decimals);
  g_autofree char *base = g_strdup_printf ("%" G_GINT64_FORMAT, line->base_quantity);
  g_autofree char *price = dt_einvoice_format_amount (line->price,
                                                      xml->digits + line->price_decimals);

  dt_einvoice_xml_start (xml, "ram:IncludedSupplyChainTradeLineItem");
  dt_einvoice_xml_start (xml, "ram:AssociatedDocumentLineDocument");
  dt_einvoice_xml_text (xml, "ram:LineID", line->id);
  dt_einvoice_xml_end (xml);

  dt_einvoice_xml_start (xml, "ram:SpecifiedTradeProduct");
  dt_einvoice_xml_text (xml, "ram:Name", line->name);
  dt_einvoice_xml_text (xml, "ram:Description", line->description);
  dt_einvoice_xml_end (xml);

  dt_einvoice_xml_start (xml, "ram:SpecifiedLineTradeAgreement");
  dt_einvoice_xml_start (xml, "ram:NetPriceProductTradePrice");
  dt_einvoice_xml_text (xml, "ram:ChargeAmount", price);
  if (line->base_quantity != 1)
    dt_einvoice_xml_text_with (xml, "ram:BasisQuantity", base, "unitCode", line->unit_code);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);

  dt_einvoice_xml_start (xml, "ram:SpecifiedLineTradeDelivery");
  dt_einvoice_xml_text_with (xml, "ram:BilledQuantity", quantity, "unitCode", line->unit_code);
  dt_einvoice_xml_end (xml);

  dt_einvoice_xml_start (xml, "ram:SpecifiedLineTradeSettlement");
  category_tax (xml, "ram:ApplicableTradeTax", line->vat_category, line->vat_rate_bp);
  dt_einvoice_xml_start (xml, "ram:SpecifiedTradeSettlementLineMonetarySummation");
  dt_einvoice_xml_amount (xml, "ram:LineTotalAmount", line->net_amount, NULL);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);
}

static void
payment_means (DtEinvoiceXml    *xml,
               const DtEinvoice *e)
{
  gboolean debit = g_strcmp0 (e->payment_means, "59") == 0;

  dt_einvoice_xml_start (xml, "ram:SpecifiedTradeSettlementPaymentMeans");
  dt_einvoice_xml_text (xml, "ram:TypeCode", e->payment_means);
  if (debit && *e->debited_iban != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:PayerPartyDebtorFinancialAccount");
      dt_einvoice_xml_text (xml, "ram:IBANID", e->debited_iban);
      dt_einvoice_xml_end (xml);
    }
  if (!debit && *e->iban != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:PayeePartyCreditorFinancialAccount");
      dt_einvoice_xml_text (xml, "ram:IBANID", e->iban);
      dt_einvoice_xml_text (xml, "ram:AccountName", e->account_name);
      dt_einvoice_xml_end (xml);
      if (*e->bic != '\0')
        {
          dt_einvoice_xml_start (xml, "ram:PayeeSpecifiedCreditorFinancialInstitution");
          dt_einvoice_xml_text (xml, "ram:BICID", e->bic);
          dt_einvoice_xml_end (xml);
        }
    }
  dt_einvoice_xml_end (xml);
}

static void
settlement (DtEinvoiceXml    *xml,
            const DtEinvoice *e)
{
  const char *cur = e->currency;

  dt_einvoice_xml_start (xml, "ram:ApplicableHeaderTradeSettlement");
  if (g_strcmp0 (e->payment_means, "59") == 0)
    dt_einvoice_xml_text (xml, "ram:CreditorReferenceID", e->creditor_id);
  dt_einvoice_xml_text (xml, "ram:PaymentReference", e->remittance);
  dt_einvoice_xml_text (xml, "ram:InvoiceCurrencyCode", cur);
  payment_means (xml, e);

  for (guint i = 0; i < e->vat_groups->len; i++)
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[i];
      g_autofree char *rate = dt_einvoice_format_rate (group->vat_rate_bp);

      dt_einvoice_xml_start (xml, "ram:ApplicableTradeTax");
      dt_einvoice_xml_amount (xml, "ram:CalculatedAmount", group->tax, NULL);
      dt_einvoice_xml_text (xml, "ram:TypeCode", "VAT");
      dt_einvoice_xml_text (xml, "ram:ExemptionReason", group->exemption_reason);
      dt_einvoice_xml_amount (xml, "ram:BasisAmount", group->taxable, NULL);
      dt_einvoice_xml_text (xml, "ram:CategoryCode", dt_vat_category_to_string (group->vat_category));
      dt_einvoice_xml_text (xml, "ram:ExemptionReasonCode", group->exemption_code);
      /* The breakdown always has its rate, 0 for O too (BR-DE-14; the lines and allowances
       * of category O have none). */
      dt_einvoice_xml_text (xml, "ram:RateApplicablePercent", rate);
      dt_einvoice_xml_end (xml);
    }

  if (*e->period_start != '\0' || *e->period_end != '\0')
    {
      dt_einvoice_xml_start (xml, "ram:BillingSpecifiedPeriod");
      if (*e->period_start != '\0')
        date_time (xml, "ram:StartDateTime", e->period_start);
      if (*e->period_end != '\0')
        date_time (xml, "ram:EndDateTime", e->period_end);
      dt_einvoice_xml_end (xml);
    }

  for (guint i = 0; i < e->allowances->len; i++)
    {
      const DtEinvoiceAllowance *allowance = e->allowances->pdata[i];

      dt_einvoice_xml_start (xml, "ram:SpecifiedTradeAllowanceCharge");
      dt_einvoice_xml_start (xml, "ram:ChargeIndicator");
      dt_einvoice_xml_text (xml, "udt:Indicator", "false");
      dt_einvoice_xml_end (xml);
      dt_einvoice_xml_amount (xml, "ram:ActualAmount", allowance->amount, NULL);
      dt_einvoice_xml_text (xml, "ram:ReasonCode", allowance->reason_code);
      dt_einvoice_xml_text (xml, "ram:Reason", allowance->reason);
      category_tax (xml, "ram:CategoryTradeTax", allowance->vat_category, allowance->vat_rate_bp);
      dt_einvoice_xml_end (xml);
    }

  if (*e->payment_terms != '\0' || *e->due_date != '\0' ||
      (g_strcmp0 (e->payment_means, "59") == 0 && *e->mandate_reference != '\0'))
    {
      dt_einvoice_xml_start (xml, "ram:SpecifiedTradePaymentTerms");
      dt_einvoice_xml_text (xml, "ram:Description", e->payment_terms);
      if (*e->due_date != '\0')
        date_time (xml, "ram:DueDateDateTime", e->due_date);
      if (g_strcmp0 (e->payment_means, "59") == 0)
        dt_einvoice_xml_text (xml, "ram:DirectDebitMandateID", e->mandate_reference);
      dt_einvoice_xml_end (xml);
    }

  dt_einvoice_xml_start (xml, "ram:SpecifiedTradeSettlementHeaderMonetarySummation");
  dt_einvoice_xml_amount (xml, "ram:LineTotalAmount", e->line_total, NULL);
  if (e->charge_total != 0)
    dt_einvoice_xml_amount (xml, "ram:ChargeTotalAmount", e->charge_total, NULL);
  if (e->allowances->len > 0)
    dt_einvoice_xml_amount (xml, "ram:AllowanceTotalAmount", e->allowance_total, NULL);
  dt_einvoice_xml_amount (xml, "ram:TaxBasisTotalAmount", e->tax_exclusive, NULL);
  dt_einvoice_xml_amount (xml, "ram:TaxTotalAmount", e->tax_total, cur);
  if (e->rounding != 0)
    dt_einvoice_xml_amount (xml, "ram:RoundingAmount", e->rounding, NULL);
  dt_einvoice_xml_amount (xml, "ram:GrandTotalAmount", e->tax_inclusive, NULL);
  if (e->prepaid != 0)
    dt_einvoice_xml_amount (xml, "ram:TotalPrepaidAmount", e->prepaid, NULL);
  dt_einvoice_xml_amount (xml, "ram:DuePayableAmount", e->due, NULL);
  dt_einvoice_xml_end (xml);

  if (*e->preceding_number != '\0')
    {
      g_autofree char *compact = dt_einvoice_xml_date_102 (e->preceding_date);

      dt_einvoice_xml_start (xml, "ram:InvoiceReferencedDocument");
      dt_einvoice_xml_text (xml, "ram:IssuerAssignedID", e->preceding_number);
      if (*compact != '\0')
        {
          dt_einvoice_xml_start (xml, "ram:FormattedIssueDateTime");
          dt_einvoice_xml_text_with (xml, "qdt:DateTimeString", compact, "format", "102");
          dt_einvoice_xml_end (xml);
        }
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_end (xml);
}

GBytes *
dt_einvoice_write_cii (const DtEinvoice   *e,
                       DtEinvoiceProfile   profile,
                       GError            **error)
{
  DtEinvoiceXml xml;

  g_return_val_if_fail (e != NULL, NULL);

  if (!dt_einvoice_xml_begin (&xml, e, error))
    return NULL;
  dt_einvoice_xml_start (&xml, "rsm:CrossIndustryInvoice");
  dt_einvoice_xml_attribute (&xml, "xmlns:rsm", NS_RSM);
  dt_einvoice_xml_attribute (&xml, "xmlns:ram", NS_RAM);
  dt_einvoice_xml_attribute (&xml, "xmlns:udt", NS_UDT);
  dt_einvoice_xml_attribute (&xml, "xmlns:qdt", NS_QDT);

  dt_einvoice_xml_start (&xml, "rsm:ExchangedDocumentContext");
  if (dt_einvoice_profile_process (profile) != NULL)
    {
      dt_einvoice_xml_start (&xml, "ram:BusinessProcessSpecifiedDocumentContextParameter");
      dt_einvoice_xml_text (&xml, "ram:ID", dt_einvoice_profile_process (profile));
      dt_einvoice_xml_end (&xml);
    }
  dt_einvoice_xml_start (&xml, "ram:GuidelineSpecifiedDocumentContextParameter");
  dt_einvoice_xml_text (&xml, "ram:ID", dt_einvoice_profile_guideline (profile));
  dt_einvoice_xml_end (&xml);
  dt_einvoice_xml_end (&xml);

  dt_einvoice_xml_start (&xml, "rsm:ExchangedDocument");
  dt_einvoice_xml_text (&xml, "ram:ID", e->number);
  dt_einvoice_xml_text (&xml, "ram:TypeCode", e->type_code);
  date_time (&xml, "ram:IssueDateTime", e->issue_date);
  if (*e->note != '\0')
    {
      dt_einvoice_xml_start (&xml, "ram:IncludedNote");
      dt_einvoice_xml_text (&xml, "ram:Content", e->note);
      dt_einvoice_xml_end (&xml);
    }
  dt_einvoice_xml_end (&xml);

  dt_einvoice_xml_start (&xml, "rsm:SupplyChainTradeTransaction");
  for (guint i = 0; i < e->lines->len; i++)
    line_item (&xml, e->lines->pdata[i]);

  dt_einvoice_xml_start (&xml, "ram:ApplicableHeaderTradeAgreement");
  dt_einvoice_xml_text (&xml, "ram:BuyerReference", e->buyer_reference);
  trade_party (&xml, "ram:SellerTradeParty", &e->seller);
  trade_party (&xml, "ram:BuyerTradeParty", &e->buyer);
  if (*e->order_reference != '\0')
    {
      dt_einvoice_xml_start (&xml, "ram:BuyerOrderReferencedDocument");
      dt_einvoice_xml_text (&xml, "ram:IssuerAssignedID", e->order_reference);
      dt_einvoice_xml_end (&xml);
    }
  dt_einvoice_xml_end (&xml);

  dt_einvoice_xml_start (&xml, "ram:ApplicableHeaderTradeDelivery");
  if (*e->deliver_to_country != '\0')
    {
      dt_einvoice_xml_start (&xml, "ram:ShipToTradeParty");
      address (&xml, &e->buyer);
      dt_einvoice_xml_end (&xml);
    }
  dt_einvoice_xml_end (&xml);

  settlement (&xml, e);
  dt_einvoice_xml_end (&xml);
  dt_einvoice_xml_end (&xml);
  return dt_einvoice_xml_finish (&xml, error);
}

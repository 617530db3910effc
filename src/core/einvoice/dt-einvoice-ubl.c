/* dt-einvoice-ubl.c: the UBL 2.1 writer. Element order follows the UBL 2.1 Invoice and
 * CreditNote schemas, which differ in a few places (due date, allowances, line names). */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-ubl.h"
#include "dt-einvoice-xml-private.h"

#define NS_INVOICE     "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_CREDIT_NOTE "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

static void
tax_scheme (DtEinvoiceXml *xml,
            const char    *id)
{
  dt_einvoice_xml_start (xml, "cac:TaxScheme");
  dt_einvoice_xml_text (xml, "cbc:ID", id);
  dt_einvoice_xml_end (xml);
}

static void
address (DtEinvoiceXml         *xml,
         const char            *element,
         const DtEinvoiceParty *party)
{
  dt_einvoice_xml_start (xml, element);
  dt_einvoice_xml_text (xml, "cbc:StreetName", party->address_lines[0]);
  dt_einvoice_xml_text (xml, "cbc:AdditionalStreetName", party->address_lines[1]);
  dt_einvoice_xml_text (xml, "cbc:CityName", party->city);
  dt_einvoice_xml_text (xml, "cbc:PostalZone", party->postcode);
  if (*party->address_lines[2] != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:AddressLine");
      dt_einvoice_xml_text (xml, "cbc:Line", party->address_lines[2]);
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_start (xml, "cac:Country");
  dt_einvoice_xml_text (xml, "cbc:IdentificationCode", party->country);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);
}

static void
party (DtEinvoiceXml         *xml,
       const char            *element,
       const DtEinvoiceParty *p,
       const char            *creditor_id)
{
  dt_einvoice_xml_start (xml, element);
  dt_einvoice_xml_start (xml, "cac:Party");
  dt_einvoice_xml_text_with (xml, "cbc:EndpointID", p->electronic_address, "schemeID",
                             p->electronic_address_scheme);
  if (*p->id != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PartyIdentification");
      dt_einvoice_xml_text (xml, "cbc:ID", p->id);
      dt_einvoice_xml_end (xml);
    }
  if (creditor_id != NULL && *creditor_id != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PartyIdentification");
      dt_einvoice_xml_text_with (xml, "cbc:ID", creditor_id, "schemeID", "SEPA");
      dt_einvoice_xml_end (xml);
    }
  if (*p->trading_name != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PartyName");
      dt_einvoice_xml_text (xml, "cbc:Name", p->trading_name);
      dt_einvoice_xml_end (xml);
    }
  address (xml, "cac:PostalAddress", p);
  if (*p->vat_id != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PartyTaxScheme");
      dt_einvoice_xml_text (xml, "cbc:CompanyID", p->vat_id);
      tax_scheme (xml, "VAT");
      dt_einvoice_xml_end (xml);
    }
  if (*p->tax_number != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PartyTaxScheme");
      dt_einvoice_xml_text (xml, "cbc:CompanyID", p->tax_number);
      tax_scheme (xml, "FC");
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_start (xml, "cac:PartyLegalEntity");
  dt_einvoice_xml_text (xml, "cbc:RegistrationName", p->name);
  dt_einvoice_xml_end (xml);
  if (*p->contact_name != '\0' || *p->contact_phone != '\0' || *p->contact_email != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:Contact");
      dt_einvoice_xml_text (xml, "cbc:Name", p->contact_name);
      dt_einvoice_xml_text (xml, "cbc:Telephone", p->contact_phone);
      dt_einvoice_xml_text (xml, "cbc:ElectronicMail", p->contact_email);
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);
}

static void
tax_category (DtEinvoiceXml *xml,
              const char    *element,
              DtVatCategory  category,
              int            rate_bp,
              gboolean       breakdown,
              const char    *exemption_code,
              const char    *exemption_reason)
{
  g_autofree char *rate = dt_einvoice_format_rate (rate_bp);

  dt_einvoice_xml_start (xml, element);
  dt_einvoice_xml_text (xml, "cbc:ID", dt_vat_category_to_string (category));
  /* Lines and allowances of category O carry no rate (BR-O-05, BR-O-06); the breakdown
   * always does, 0 for O (BR-DE-14). */
  if (category != DT_VAT_OUT_OF_SCOPE || breakdown)
    dt_einvoice_xml_text (xml, "cbc:Percent", rate);
  dt_einvoice_xml_text (xml, "cbc:TaxExemptionReasonCode", exemption_code);
  dt_einvoice_xml_text (xml, "cbc:TaxExemptionReason", exemption_reason);
  tax_scheme (xml, "VAT");
  dt_einvoice_xml_end (xml);
}

static void
payment_means (DtEinvoiceXml    *xml,
               const DtEinvoice *e)
{
  gboolean debit = g_strcmp0 (e->payment_means, "59") == 0;

  dt_einvoice_xml_start (xml, "cac:PaymentMeans");
  dt_einvoice_xml_text (xml, "cbc:PaymentMeansCode", e->payment_means);
  if (e->is_credit_note)
    dt_einvoice_xml_text (xml, "cbc:PaymentDueDate", e->due_date);
  dt_einvoice_xml_text (xml, "cbc:PaymentID", e->remittance);
  if (!debit && *e->iban != '\0')
    {
      dt_einvoice_xml_start (xml, "cac:PayeeFinancialAccount");
      dt_einvoice_xml_text (xml, "cbc:ID", e->iban);
      dt_einvoice_xml_text (xml, "cbc:Name", e->account_name);
      if (*e->bic != '\0')
        {
          dt_einvoice_xml_start (xml, "cac:FinancialInstitutionBranch");
          dt_einvoice_xml_text (xml, "cbc:ID", e->bic);
          dt_einvoice_xml_end (xml);
        }
      dt_einvoice_xml_end (xml);
    }
  if (debit && (*e->mandate_reference != '\0' || *e->debited_iban != '\0'))
    {
      dt_einvoice_xml_start (xml, "cac:PaymentMandate");
      dt_einvoice_xml_text (xml, "cbc:ID", e->mandate_reference);
      if (*e->debited_iban != '\0')
        {
          dt_einvoice_xml_start (xml, "cac:PayerFinancialAccount");
          dt_einvoice_xml_text (xml, "cbc:ID", e->debited_iban);
          dt_einvoice_xml_end (xml);
        }
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_end (xml);
}

static void
allowances (DtEinvoiceXml    *xml,
            const DtEinvoice *e)
{
  for (guint i = 0; i < e->allowances->len; i++)
    {
      const DtEinvoiceAllowance *allowance = e->allowances->pdata[i];

      dt_einvoice_xml_start (xml, "cac:AllowanceCharge");
      dt_einvoice_xml_text (xml, "cbc:ChargeIndicator", "false");
      dt_einvoice_xml_text (xml, "cbc:AllowanceChargeReasonCode", allowance->reason_code);
      dt_einvoice_xml_text (xml, "cbc:AllowanceChargeReason", allowance->reason);
      dt_einvoice_xml_amount (xml, "cbc:Amount", allowance->amount, e->currency);
      tax_category (xml, "cac:TaxCategory", allowance->vat_category, allowance->vat_rate_bp,
                    FALSE, NULL, NULL);
      dt_einvoice_xml_end (xml);
    }
}

static void
totals (DtEinvoiceXml    *xml,
        const DtEinvoice *e)
{
  const char *cur = e->currency;

  dt_einvoice_xml_start (xml, "cac:TaxTotal");
  dt_einvoice_xml_amount (xml, "cbc:TaxAmount", e->tax_total, cur);
  for (guint i = 0; i < e->vat_groups->len; i++)
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[i];

      dt_einvoice_xml_start (xml, "cac:TaxSubtotal");
      dt_einvoice_xml_amount (xml, "cbc:TaxableAmount", group->taxable, cur);
      dt_einvoice_xml_amount (xml, "cbc:TaxAmount", group->tax, cur);
      tax_category (xml, "cac:TaxCategory", group->vat_category, group->vat_rate_bp, TRUE,
                    group->exemption_code, group->exemption_reason);
      dt_einvoice_xml_end (xml);
    }
  dt_einvoice_xml_end (xml);

  dt_einvoice_xml_start (xml, "cac:LegalMonetaryTotal");
  dt_einvoice_xml_amount (xml, "cbc:LineExtensionAmount", e->line_total, cur);
  dt_einvoice_xml_amount (xml, "cbc:TaxExclusiveAmount", e->tax_exclusive, cur);
  dt_einvoice_xml_amount (xml, "cbc:TaxInclusiveAmount", e->tax_inclusive, cur);
  if (e->allowances->len > 0)
    dt_einvoice_xml_amount (xml, "cbc:AllowanceTotalAmount", e->allowance_total, cur);
  if (e->charge_total != 0)
    dt_einvoice_xml_amount (xml, "cbc:ChargeTotalAmount", e->charge_total, cur);
  if (e->prepaid != 0)
    dt_einvoice_xml_amount (xml, "cbc:PrepaidAmount", e->prepaid, cur);
  if (e->rounding != 0)
    dt_einvoice_xml_amount (xml, "cbc:PayableRoundingAmount", e->rounding, cur);
  dt_einvoice_xml_amount (xml, "cbc:PayableAmount", e->due, cur);
  dt_einvoice_xml_end (xml);
}

static void
line (DtEinvoiceXml        *xml,
      const DtEinvoice     *e,
      const DtEinvoiceLine *l)
{
  g_autofree char *quantity = dt_einvoice_format_decimal (l->quantity, l->quantity_decimals);
  g_autofree char *base = g_strdup_printf ("%" G_GINT64_FORMAT, l->base_quantity);
  g_autofree char *price = dt_einvoice_format_amount (l->price, xml->digits + l->price_decimals);

  dt_einvoice_xml_start (xml, e->is_credit_note ? "cac:CreditNoteLine" : "cac:InvoiceLine");
  dt_einvoice_xml_text (xml, "cbc:ID", l->id);
  dt_einvoice_xml_text_with (xml, e->is_credit_note ? "cbc:CreditedQuantity"
                                                    : "cbc:InvoicedQuantity",
                             quantity, "unitCode", l->unit_code);
  dt_einvoice_xml_amount (xml, "cbc:LineExtensionAmount", l->net_amount, e->currency);
  dt_einvoice_xml_start (xml, "cac:Item");
  dt_einvoice_xml_text (xml, "cbc:Description", l->description);
  dt_einvoice_xml_text (xml, "cbc:Name", l->name);
  tax_category (xml, "cac:ClassifiedTaxCategory", l->vat_category, l->vat_rate_bp, FALSE, NULL, NULL);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_start (xml, "cac:Price");
  dt_einvoice_xml_text_with (xml, "cbc:PriceAmount", price, "currencyID", e->currency);
  if (l->base_quantity != 1)
    dt_einvoice_xml_text_with (xml, "cbc:BaseQuantity", base, "unitCode", l->unit_code);
  dt_einvoice_xml_end (xml);
  dt_einvoice_xml_end (xml);
}

GBytes *
dt_einvoice_write_ubl (const DtEinvoice   *e,
                       DtEinvoiceProfile   profile,
                       GError            **error)
{
  DtEinvoiceXml xml;
  gboolean credit;

  g_return_val_if_fail (e != NULL, NULL);

  if (!dt_einvoice_xml_begin (&xml, e, error))
    return NULL;
  credit = e->is_credit_note;
  dt_einvoice_xml_start (&xml, credit ? "CreditNote" : "Invoice");
  dt_einvoice_xml_attribute (&xml, "xmlns", credit ? NS_CREDIT_NOTE : NS_INVOICE);
  dt_einvoice_xml_attribute (&xml, "xmlns:cac", NS_CAC);
  dt_einvoice_xml_attribute (&xml, "xmlns:cbc", NS_CBC);

  dt_einvoice_xml_text (&xml, "cbc:CustomizationID", dt_einvoice_profile_guideline (profile));
  if (dt_einvoice_profile_process (profile) != NULL)
    dt_einvoice_xml_text (&xml, "cbc:ProfileID", dt_einvoice_profile_process (profile));
  dt_einvoice_xml_text (&xml, "cbc:ID", e->number);
  dt_einvoice_xml_text (&xml, "cbc:IssueDate", e->issue_date);
  if (!credit)
    dt_einvoice_xml_text (&xml, "cbc:DueDate", e->due_date);
  dt_einvoice_xml_text (&xml, credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode",
                        e->type_code);
  dt_einvoice_xml_text (&xml, "cbc:Note", e->note);
  dt_einvoice_xml_text (&xml, "cbc:DocumentCurrencyCode", e->currency);
  dt_einvoice_xml_text (&xml, "cbc:BuyerReference", e->buyer_reference);
  if (*e->period_start != '\0' || *e->period_end != '\0')
    {
      dt_einvoice_xml_start (&xml, "cac:InvoicePeriod");
      dt_einvoice_xml_text (&xml, "cbc:StartDate", e->period_start);
      dt_einvoice_xml_text (&xml, "cbc:EndDate", e->period_end);
      dt_einvoice_xml_end (&xml);
    }
  if (*e->order_reference != '\0')
    {
      dt_einvoice_xml_start (&xml, "cac:OrderReference");
      dt_einvoice_xml_text (&xml, "cbc:ID", e->order_reference);
      dt_einvoice_xml_end (&xml);
    }
  if (*e->preceding_number != '\0')
    {
      dt_einvoice_xml_start (&xml, "cac:BillingReference");
      dt_einvoice_xml_start (&xml, "cac:InvoiceDocumentReference");
      dt_einvoice_xml_text (&xml, "cbc:ID", e->preceding_number);
      dt_einvoice_xml_text (&xml, "cbc:IssueDate", e->preceding_date);
      dt_einvoice_xml_end (&xml);
      dt_einvoice_xml_end (&xml);
    }

  party (&xml, "cac:AccountingSupplierParty", &e->seller,
         g_strcmp0 (e->payment_means, "59") == 0 ? e->creditor_id : NULL);
  party (&xml, "cac:AccountingCustomerParty", &e->buyer, NULL);
  if (*e->deliver_to_country != '\0')
    {
      dt_einvoice_xml_start (&xml, "cac:Delivery");
      dt_einvoice_xml_start (&xml, "cac:DeliveryLocation");
      address (&xml, "cac:Address", &e->buyer);
      dt_einvoice_xml_end (&xml);
      dt_einvoice_xml_end (&xml);
    }
  payment_means (&xml, e);
  if (*e->payment_terms != '\0')
    {
      dt_einvoice_xml_start (&xml, "cac:PaymentTerms");
      dt_einvoice_xml_text (&xml, "cbc:Note", e->payment_terms);
      dt_einvoice_xml_end (&xml);
    }
  allowances (&xml, e);
  totals (&xml, e);
  for (guint i = 0; i < e->lines->len; i++)
    line (&xml, e, e->lines->pdata[i]);
  dt_einvoice_xml_end (&xml);
  return dt_einvoice_xml_finish (&xml, error);
}

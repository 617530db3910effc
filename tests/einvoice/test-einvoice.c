/* test-einvoice.c: the e-invoice model, the CII and UBL writers and the readiness check, on
 * invoices made through the store: the six scenarios of issue 19, what issuing keeps, what
 * is refused, and each readiness rule made to fire. */
#include "dt-test-core.h"
#include "dt-einvoice-scenarios.h"

#include "dt-client-store.h"
#include "dt-einvoice-check.h"
#include "dt-einvoice-cii.h"
#include "dt-einvoice-model.h"
#include "dt-einvoice-ubl.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-invoicing.h"
#include "dt-money.h"
#include "dt-profile-store.h"
#include "dt-time.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#define SET(field, value) G_STMT_START { g_free (field); field = g_strdup (value); } G_STMT_END

/* The text of the first node @path selects in @bytes (CII or UBL prefixes), or NULL. */
static char *
xpath_text (GBytes     *bytes,
            const char *path)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlDocPtr doc = xmlReadMemory (data, (int) size, "einvoice.xml", "UTF-8", XML_PARSE_NONET);
  xmlXPathContextPtr context;
  xmlXPathObjectPtr result;
  char *text = NULL;

  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, BAD_CAST "rsm",
                      BAD_CAST "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
  xmlXPathRegisterNs (context, BAD_CAST "ram", BAD_CAST "urn:un:unece:uncefact:data:standard:"
                      "ReusableAggregateBusinessInformationEntity:100");
  xmlXPathRegisterNs (context, BAD_CAST "inv",
                      BAD_CAST "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
  xmlXPathRegisterNs (context, BAD_CAST "cn",
                      BAD_CAST "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
  xmlXPathRegisterNs (context, BAD_CAST "cac", BAD_CAST "urn:oasis:names:specification:ubl:"
                      "schema:xsd:CommonAggregateComponents-2");
  xmlXPathRegisterNs (context, BAD_CAST "cbc", BAD_CAST "urn:oasis:names:specification:ubl:"
                      "schema:xsd:CommonBasicComponents-2");
  result = xmlXPathEvalExpression (BAD_CAST path, context);
  if (result != NULL && result->nodesetval != NULL && result->nodesetval->nodeNr > 0)
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);
      text = g_strdup ((const char *) content);
      xmlFree (content);
    }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return text;
}

static void
assert_xpath (GBytes     *bytes,
              const char *path,
              const char *expected)
{
  g_autofree char *text = xpath_text (bytes, path);

  if (g_strcmp0 (text, expected) != 0)
    g_error ("%s is “%s”, not “%s”", path, text != NULL ? text : "(none)", expected);
}

static void
assert_ready (const DtEinvoice *e)
{
  for (guint p = DT_EINVOICE_PROFILE_EN16931; p <= DT_EINVOICE_PROFILE_XRECHNUNG; p++)
    {
      g_autoptr(GPtrArray) problems = dt_einvoice_check (e, p);

      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s: %s", ((DtEinvoiceProblem *) problems->pdata[i])->rule,
                        ((DtEinvoiceProblem *) problems->pdata[i])->message);
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

/* ---- the six scenarios -------------------------------------------------------------------- */

static void
test_scenario (DtTestFixture *f,
               gconstpointer  data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtEinvoice) e = NULL;
  g_autoptr(GBytes) cii = NULL;
  g_autoptr(GBytes) ubl = NULL;
  g_autofree char *due = NULL;
  gint64 id = dt_einvoice_scenario_make (f->db, name, &error);
  gint64 allowances = 0;

  g_assert_no_error (error);
  e = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  assert_ready (e);
  cii = dt_einvoice_write_cii (e, DT_EINVOICE_PROFILE_XRECHNUNG, &error);
  g_assert_no_error (error);
  ubl = dt_einvoice_write_ubl (e, DT_EINVOICE_PROFILE_XRECHNUNG, &error);
  g_assert_no_error (error);

  g_assert_false (e->is_draft);
  g_assert_cmpint (e->currency_digits, ==, g_strcmp0 (e->currency, "JPY") == 0 ? 0 : 2);
  g_assert_cmpuint (e->lines->len, ==, 3);  /* one time line, a fixed and an hourly line */
  /* 90 + 125 + 47 minutes: not a whole number of hundredths of an hour, so minutes. */
  g_assert_cmpstr (((DtEinvoiceLine *) e->lines->pdata[0])->unit_code, ==, "MIN");
  g_assert_cmpint (((DtEinvoiceLine *) e->lines->pdata[0])->quantity, ==, 262);
  g_assert_cmpstr (((DtEinvoiceLine *) e->lines->pdata[1])->unit_code, ==, "LS");
  g_assert_cmpstr (((DtEinvoiceLine *) e->lines->pdata[2])->unit_code, ==, "HUR");
  g_assert_cmpint (((DtEinvoiceLine *) e->lines->pdata[2])->quantity, ==, 250); /* 2.5 h */
  for (guint i = 0; i < e->allowances->len; i++)
    allowances += ((DtEinvoiceAllowance *) e->allowances->pdata[i])->amount;
  g_assert_cmpint (allowances, ==, e->allowance_total);
  g_assert_cmpint (e->due, ==, e->tax_inclusive - e->prepaid);
  due = dt_einvoice_format_amount (e->due, e->currency_digits);
  assert_xpath (cii, "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount",
                due);
  assert_xpath (cii, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
                "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
  assert_xpath (cii, "//ram:SellerTradeParty/ram:PostalTradeAddress/ram:CityName", "Berlin");

  if (g_str_equal (name, "public-sector"))
    {
      g_assert_cmpstr (e->buyer_reference, ==, "04011000-12345-03");
      g_assert_cmpstr (e->order_reference, ==, "4500012345");
      g_assert_cmpstr (e->buyer.electronic_address_scheme, ==, "0204");
      g_assert_cmpuint (e->vat_groups->len, ==, 1);
      assert_xpath (cii, "//ram:BuyerReference", "04011000-12345-03");
      assert_xpath (ubl, "/inv:Invoice/cbc:BuyerReference", "04011000-12345-03");
      assert_xpath (ubl, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID", "0204");
      assert_xpath (ubl, "//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent", "19");
      g_assert_cmpint (e->tax_total, ==, dt_money_percent_bp (e->tax_exclusive, 1900));
    }
  else if (g_str_equal (name, "small-business"))
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[0];

      g_assert_cmpint (e->vat_category, ==, DT_VAT_EXEMPT);
      g_assert_cmpstr (e->seller.vat_id, ==, "");
      g_assert_cmpstr (e->seller.id, ==, "12/345/67890");
      g_assert_cmpstr (group->exemption_reason, ==, DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS);
      g_assert_cmpint (e->tax_total, ==, 0);
      assert_xpath (cii, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
                    "ram:CategoryCode", "E");
      assert_xpath (ubl, "//cac:TaxSubtotal//cbc:TaxExemptionReason",
                    DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS);
    }
  else if (g_str_equal (name, "reverse-charge"))
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[0];

      g_assert_cmpint (group->vat_category, ==, DT_VAT_REVERSE_CHARGE);
      g_assert_cmpstr (group->exemption_code, ==, "VATEX-EU-AE");
      g_assert_cmpstr (e->buyer.vat_id, ==, "ATU12345678");
      g_assert_cmpstr (e->seller.vat_id, ==, "DE123456789");
      assert_xpath (ubl, "//cac:AccountingCustomerParty//cac:PartyTaxScheme/cbc:CompanyID",
                    "ATU12345678");
      assert_xpath (cii, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
                    "ram:ExemptionReasonCode", "VATEX-EU-AE");
    }
  else if (g_str_equal (name, "export"))
    {
      g_assert_cmpint (((DtEinvoiceVatGroup *) e->vat_groups->pdata[0])->vat_category, ==,
                       DT_VAT_EXPORT);
      g_assert_cmpstr (e->currency, ==, "USD");
      assert_xpath (cii, "//ram:InvoiceCurrencyCode", "USD");
      assert_xpath (ubl, "//cac:TaxSubtotal//cbc:TaxExemptionReasonCode", "VATEX-EU-G");
    }
  else if (g_str_equal (name, "credit-note"))
    {
      g_autoptr(DtInvoice) credit = dt_invoice_store_get (f->db, id, &error);

      g_assert_true (e->is_credit_note);
      g_assert_cmpstr (e->type_code, ==, "381");
      g_assert_cmpstr (e->preceding_number, ==, credit->credit_for_number);
      g_assert_cmpint (e->tax_inclusive, ==, -credit->total);
      g_assert_cmpint (e->line_total, >, 0);
      /* 100.00 was paid on the original: that much is owed back, the rest settled it. */
      g_assert_cmpint (e->due, ==, 10000);
      g_assert_cmpint (e->prepaid, ==, e->tax_inclusive - 10000);
      assert_xpath (cii, "//ram:TypeCode[parent::rsm:ExchangedDocument]", "381");
      assert_xpath (cii, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
                    credit->credit_for_number);
      assert_xpath (ubl, "/cn:CreditNote/cbc:CreditNoteTypeCode", "381");
      assert_xpath (ubl, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
                    credit->credit_for_number);
      assert_xpath (ubl, "/cn:CreditNote/cac:LegalMonetaryTotal/cbc:PayableAmount", "100.00");
    }
  else if (g_str_equal (name, "partially-paid"))
    {
      g_assert_cmpint (e->prepaid, ==, 30000);
      g_assert_cmpint (e->due, ==, e->tax_inclusive - 30000);
      g_assert_cmpuint (e->allowances->len, ==, 1);
      assert_xpath (cii, "//ram:TotalPrepaidAmount", "300.00");
      assert_xpath (ubl, "//cac:LegalMonetaryTotal/cbc:PrepaidAmount", "300.00");
      assert_xpath (ubl, "/inv:Invoice/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", "95");
    }
}

/* ---- what issuing keeps; what is refused -------------------------------------------------- */

static void
test_issued_keeps_parties (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 draft_id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtInvoice) draft = dt_invoice_store_get (f->db, draft_id, &error);
  g_autoptr(DtInvoice) issued = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtClient) saved_client = NULL;
  g_autoptr(DtEinvoice) before = NULL;
  g_autoptr(DtEinvoice) after = NULL;

  g_assert_no_error (error);
  before = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_true (before->is_draft);
  g_assert_nonnull (before->number);
  g_assert_cmpstr (before->number, !=, "");
  issued = dt_invoicing_mark_sent (f->db, draft_id, NULL, NULL, 0, &error);
  g_assert_no_error (error);

  profile = dt_profile_store_get (f->db, &error);
  SET (profile->iban, "GB33BUKB20201555555555");
  SET (profile->vat_id, "DE999999999");
  SET (profile->city, "Hamburg");
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
  client = dt_client_store_get (f->db, draft->client_id, &error);
  SET (client->buyer_reference, "CHANGED");
  SET (client->vat_category, "AE");
  saved_client = dt_client_store_update (f->db, client, 0, &error);
  g_assert_no_error (error);

  after = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_no_error (error);
  g_assert_false (after->is_draft);
  g_assert_cmpstr (after->number, ==, issued->number);
  g_assert_cmpstr (after->iban, ==, "DE89370400440532013000");
  g_assert_cmpstr (after->seller.vat_id, ==, "DE123456789");
  g_assert_cmpstr (after->seller.city, ==, "Berlin");
  g_assert_cmpstr (after->buyer_reference, ==, "KD-1001");
  g_assert_cmpint (after->vat_category, ==, DT_VAT_STANDARD);
  assert_ready (after);
}

#define CII_TRADING_NAME \
  "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:TradingBusinessName"
#define UBL_TRADING_NAME "//cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name"

/* Writes @e in both syntaxes and checks BT-28 in each: @expected, or no element for NULL. */
static void
assert_trading_name (const DtEinvoice *e,
                     const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cii = dt_einvoice_write_cii (e, DT_EINVOICE_PROFILE_XRECHNUNG, &error);
  g_autoptr(GBytes) ubl = NULL;
  g_autofree char *cii_name = NULL;
  g_autofree char *ubl_name = NULL;

  g_assert_no_error (error);
  ubl = dt_einvoice_write_ubl (e, DT_EINVOICE_PROFILE_XRECHNUNG, &error);
  g_assert_no_error (error);
  cii_name = xpath_text (cii, CII_TRADING_NAME);
  ubl_name = xpath_text (ubl, UBL_TRADING_NAME);
  g_assert_cmpstr (cii_name, ==, expected);
  g_assert_cmpstr (ubl_name, ==, expected);
  g_assert_null (xpath_text (cii, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization"
                             "[not(ram:TradingBusinessName)]"));
}

/* The profile's trading name is BT-28 in both syntaxes, none when empty or the same as the
 * business name, and an issued invoice keeps the one it was issued with. */
static void
test_trading_name (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 draft_id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtProfile) renamed = NULL;
  g_autoptr(DtProfile) same = NULL;
  g_autoptr(DtInvoice) issued = NULL;
  g_autoptr(DtEinvoice) plain = NULL;
  g_autoptr(DtEinvoice) named = NULL;
  g_autoptr(DtEinvoice) repeated = NULL;
  g_autoptr(DtEinvoice) kept = NULL;

  g_assert_no_error (error);
  plain = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain->seller.trading_name, ==, "");
  assert_trading_name (plain, NULL);

  profile = dt_profile_store_get (f->db, &error);
  g_assert_no_error (error);
  SET (profile->trading_name, "Studio Nord");
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->trading_name, ==, "Studio Nord");
  named = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_no_error (error);
  assert_ready (named);
  assert_trading_name (named, "Studio Nord");

  issued = dt_invoicing_mark_sent (f->db, draft_id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  SET (saved->trading_name, saved->business_name);
  same = dt_profile_store_update (f->db, saved, 0, &error);
  g_assert_no_error (error);
  kept = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_no_error (error);
  assert_trading_name (kept, "Studio Nord");

  /* A new draft reads the profile, whose trading name now only repeats the business name. */
  draft_id = dt_einvoice_scenario_draft (f->db, &error);
  g_assert_no_error (error);
  repeated = dt_einvoice_build (f->db, draft_id, &error);
  g_assert_no_error (error);
  assert_trading_name (repeated, NULL);

  {
    g_autofree char *long_name = g_strnfill (201, 'x');
    g_autoptr(DtProfile) refused = NULL;

    SET (same->trading_name, long_name);
    refused = dt_profile_store_update (f->db, same, 0, &error);
    g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    g_assert_null (refused);
  }
}

static void
test_refused (DtTestFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtEinvoice) missing = dt_einvoice_build (f->db, 4242, &error);
  gint64 id;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_null (missing);
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Totals that the lines do not give are not written into an e-invoice. */
  id = dt_einvoice_scenario_draft (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (dt_db_exec (f->db, "UPDATE invoices SET total = total + 1", &error));
  before = dt_test_checksum (f->db);
  missing = dt_einvoice_build (f->db, id, &error);
  g_assert_null (missing);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "totals"));
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_three_decimal_currency (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtEinvoice) e = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) cii = NULL;
  g_autoptr(GBytes) ubl = NULL;

  g_assert_no_error (error);
  /* A client billed in Kuwaiti dinar (three decimals), as a database could hold it. */
  g_assert_true (dt_db_exec (f->db, "UPDATE invoices SET currency = 'KWD'", &error));
  e = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->currency_digits, ==, -1);
  problems = dt_einvoice_check (e, DT_EINVOICE_PROFILE_EN16931);
  g_assert_nonnull (dt_einvoice_problems_find (problems, "BR-DEC"));
  g_assert_true (dt_einvoice_problems_block (problems));
  cii = dt_einvoice_write_cii (e, DT_EINVOICE_PROFILE_EN16931, &error);
  g_assert_null (cii);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "KWD"));
  g_clear_error (&error);
  ubl = dt_einvoice_write_ubl (e, DT_EINVOICE_PROFILE_EN16931, &error);
  g_assert_null (ubl);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_formatting (void)
{
  g_autofree char *a = dt_einvoice_format_amount (123456, 2);
  g_autofree char *b = dt_einvoice_format_amount (-5, 2);
  g_autofree char *c = dt_einvoice_format_amount (1250, 0);
  g_autofree char *d = dt_einvoice_format_decimal (1500, 3);
  g_autofree char *g = dt_einvoice_format_decimal (2000, 3);
  g_autofree char *r = dt_einvoice_format_rate (750);
  g_autofree char *z = dt_einvoice_format_rate (0);

  g_assert_cmpstr (a, ==, "1234.56");
  g_assert_cmpstr (b, ==, "-0.05");
  g_assert_cmpstr (c, ==, "1250");
  g_assert_cmpstr (d, ==, "1.5");
  g_assert_cmpstr (g, ==, "2");
  g_assert_cmpstr (r, ==, "7.5");
  g_assert_cmpstr (z, ==, "0");
}

/* ---- each readiness rule, made to fire -------------------------------------------------- */

typedef void (*BreakFunc) (DtDb *db, gint64 invoice_id);

typedef struct
{
  const char        *rule;
  const char        *field;
  DtEinvoiceProfile  profile;
  BreakFunc          breaks;
} RuleCase;

static DtProfile *
profile_of (DtDb *db)
{
  return dt_profile_store_get (db, NULL);
}

static void
save_profile (DtDb      *db,
              DtProfile *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) saved = dt_profile_store_update (db, profile, 0, &error);

  g_assert_no_error (error);
  dt_profile_free (profile);
}

static DtClient *
client_of (DtDb   *db,
           gint64  invoice_id)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, NULL);

  return dt_client_store_get (db, invoice->client_id, NULL);
}

static void
save_client (DtDb     *db,
             DtClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) saved = dt_client_store_update (db, client, 0, &error);

  g_assert_no_error (error);
  dt_client_free (client);
}

/* Sets every line's tax rate (and, when not NULL, VAT category). */
static void
set_lines (DtDb       *db,
           gint64      invoice_id,
           int         rate_bp,
           const char *category)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, &error);
  g_autoptr(DtInvoice) saved = NULL;

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = invoice->lines->pdata[i];
      line->tax_rate_bp = rate_bp;
      if (category != NULL)
        SET (line->vat_category, category);
    }
  saved = dt_invoice_store_update_draft (db, invoice, 0, &error);
  g_assert_no_error (error);
}

#define PROFILE_BREAK(fn, ...) \
  static void fn (DtDb *db, gint64 id) { DtProfile *p = profile_of (db); __VA_ARGS__; save_profile (db, p); }
#define CLIENT_BREAK(fn, ...) \
  static void fn (DtDb *db, gint64 id) { DtClient *c = client_of (db, id); __VA_ARGS__; save_client (db, c); }

PROFILE_BREAK (no_business_name, SET (p->business_name, ""); SET (p->name, ""))
PROFILE_BREAK (no_country, SET (p->country, ""))
PROFILE_BREAK (no_city, SET (p->city, ""))
PROFILE_BREAK (no_postcode, SET (p->postcode, ""))
PROFILE_BREAK (no_phone, SET (p->phone, ""))
PROFILE_BREAK (short_phone, SET (p->phone, "call me"))
PROFILE_BREAK (no_email, SET (p->email, ""); SET (p->electronic_address, ""))
PROFILE_BREAK (no_iban, SET (p->iban, ""))
PROFILE_BREAK (no_tax_ids, SET (p->vat_id, ""); SET (p->tax_number, ""))
PROFILE_BREAK (direct_debit_bare, SET (p->payment_means, "59"); SET (p->creditor_id, ""))
CLIENT_BREAK (client_no_country, SET (c->country, ""))
CLIENT_BREAK (client_no_city, SET (c->city, ""))
CLIENT_BREAK (client_no_postcode, SET (c->postcode, ""))
CLIENT_BREAK (client_no_reference, SET (c->buyer_reference, ""))
CLIENT_BREAK (client_no_address, SET (c->email, ""); SET (c->electronic_address, ""))
CLIENT_BREAK (client_no_debit_details, SET (c->iban, ""); SET (c->mandate_reference, ""))

static void
direct_debit_no_client_iban (DtDb *db, gint64 id)
{
  direct_debit_bare (db, id);
  client_no_debit_details (db, id);
}

static void
standard_at_zero (DtDb *db, gint64 id)
{
  set_lines (db, id, 0, NULL);
}

static void
reverse_charge_with_vat (DtDb *db, gint64 id)
{
  DtClient *c = client_of (db, id);
  SET (c->vat_category, "AE");
  save_client (db, c);
}

static void
reverse_charge_no_buyer_vat (DtDb *db, gint64 id)
{
  DtClient *c = client_of (db, id);
  SET (c->vat_category, "AE");
  SET (c->vat_id, "");
  save_client (db, c);
  set_lines (db, id, 0, NULL);
}

static void
intra_eu_no_ids (DtDb *db, gint64 id)
{
  DtProfile *p = profile_of (db);
  DtClient *c = client_of (db, id);
  SET (p->vat_id, "");
  save_profile (db, p);
  SET (c->vat_id, "");
  SET (c->country, "");
  SET (c->vat_category, "K");
  save_client (db, c);
  set_lines (db, id, 0, NULL);
}

static void
export_no_seller_vat (DtDb *db, gint64 id)
{
  DtProfile *p = profile_of (db);
  SET (p->vat_id, "");
  save_profile (db, p);
  set_lines (db, id, 0, "G");
}

static void
out_of_scope_with_ids_and_mix (DtDb *db, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, id, &error);
  g_autoptr(DtInvoice) saved = NULL;

  SET (invoice->vat_category, "O");
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      DtInvoiceLine *line = invoice->lines->pdata[i];
      /* The last line stays at the standard rate: O cannot mix with it. */
      if (i + 1 < invoice->lines->len)
        line->tax_rate_bp = 0;
      else
        SET (line->vat_category, "S");
    }
  saved = dt_invoice_store_update_draft (db, invoice, 0, &error);
  g_assert_no_error (error);
}

static void
exempt_abroad_without_reason (DtDb *db, gint64 id)
{
  DtProfile *p = profile_of (db);
  SET (p->country, "AT");
  SET (p->vat_category, "E");
  SET (p->vat_exemption_reason, "");
  save_profile (db, p);
  set_lines (db, id, 0, NULL);
}

static void
no_lines (DtDb *db, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, id, &error);
  g_autoptr(DtInvoice) saved = NULL;

  g_ptr_array_set_size (invoice->lines, 0);
  saved = dt_invoice_store_update_draft (db, invoice, 0, &error);
  g_assert_no_error (error);
}

static void
intra_eu_without_period (DtDb *db, gint64 id)
{
  DtClient *c = client_of (db, id);
  SET (c->vat_id, "ATU12345678");
  SET (c->vat_category, "K");
  save_client (db, c);
  /* Only the manual line is left: no tracked work gives a period. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, id, &error);
    g_autoptr(DtInvoice) saved = NULL;

    g_ptr_array_remove_index (invoice->lines, 0);
    ((DtInvoiceLine *) invoice->lines->pdata[0])->tax_rate_bp = 0;
    g_clear_pointer (&invoice->period_from, g_free);
    g_clear_pointer (&invoice->period_to, g_free);
    saved = dt_invoice_store_update_draft (db, invoice, 0, &error);
    g_assert_no_error (error);
  }
}

static const RuleCase rule_cases[] = {
  { "BR-6", "profile.business_name", DT_EINVOICE_PROFILE_EN16931, no_business_name },
  { "BR-9", "profile.country", DT_EINVOICE_PROFILE_EN16931, no_country },
  { "BR-11", "client.country", DT_EINVOICE_PROFILE_EN16931, client_no_country },
  { "BR-DE-3", "profile.city", DT_EINVOICE_PROFILE_XRECHNUNG, no_city },
  { "BR-DE-4", "profile.postcode", DT_EINVOICE_PROFILE_XRECHNUNG, no_postcode },
  { "BR-DE-5", "profile.name", DT_EINVOICE_PROFILE_XRECHNUNG, no_business_name },
  { "BR-DE-6", "profile.phone", DT_EINVOICE_PROFILE_XRECHNUNG, no_phone },
  { "BR-DE-27", "profile.phone", DT_EINVOICE_PROFILE_XRECHNUNG, short_phone },
  { "BR-DE-7", "profile.email", DT_EINVOICE_PROFILE_XRECHNUNG, no_email },
  { "BR-DE-SELLER-EADDRESS", "profile.electronic_address", DT_EINVOICE_PROFILE_XRECHNUNG, no_email },
  { "BR-DE-8", "client.city", DT_EINVOICE_PROFILE_XRECHNUNG, client_no_city },
  { "BR-DE-9", "client.postcode", DT_EINVOICE_PROFILE_XRECHNUNG, client_no_postcode },
  { "BR-DE-15", "client.buyer_reference", DT_EINVOICE_PROFILE_XRECHNUNG, client_no_reference },
  { "BR-DE-BUYER-EADDRESS", "client.electronic_address", DT_EINVOICE_PROFILE_XRECHNUNG, client_no_address },
  { "BR-61", "profile.iban", DT_EINVOICE_PROFILE_EN16931, no_iban },
  { "BR-DE-30", "profile.creditor_id", DT_EINVOICE_PROFILE_XRECHNUNG, direct_debit_bare },
  { "BR-DE-31", "client.iban", DT_EINVOICE_PROFILE_XRECHNUNG, direct_debit_no_client_iban },
  { "BG-19-MANDATE", "client.mandate_reference", DT_EINVOICE_PROFILE_XRECHNUNG, direct_debit_no_client_iban },
  { "BR-S-02", "profile.vat_id", DT_EINVOICE_PROFILE_EN16931, no_tax_ids },
  { "BR-CO-26", "profile.vat_id", DT_EINVOICE_PROFILE_EN16931, no_tax_ids },
  { "BR-S-05", "line.1.tax_rate", DT_EINVOICE_PROFILE_EN16931, standard_at_zero },
  { "BR-CAT-05", "line.1.tax_rate", DT_EINVOICE_PROFILE_EN16931, reverse_charge_with_vat },
  { "BR-AE-02", "client.vat_id", DT_EINVOICE_PROFILE_EN16931, reverse_charge_no_buyer_vat },
  { "BR-IC-02", "profile.vat_id", DT_EINVOICE_PROFILE_EN16931, intra_eu_no_ids },
  { "BR-IC-12", "client.country", DT_EINVOICE_PROFILE_EN16931, intra_eu_no_ids },
  { "BR-IC-11", "invoice.period", DT_EINVOICE_PROFILE_EN16931, intra_eu_without_period },
  { "BR-G-02", "profile.vat_id", DT_EINVOICE_PROFILE_EN16931, export_no_seller_vat },
  { "BR-O-11", "invoice.vat_category", DT_EINVOICE_PROFILE_EN16931, out_of_scope_with_ids_and_mix },
  { "BR-O-02", "profile.vat_id", DT_EINVOICE_PROFILE_EN16931, out_of_scope_with_ids_and_mix },
  { "BR-E-10", "invoice.vat_exemption_reason", DT_EINVOICE_PROFILE_EN16931, exempt_abroad_without_reason },
  { "BR-16", "invoice.lines", DT_EINVOICE_PROFILE_EN16931, no_lines },
};

static void
test_rule_fires (DtTestFixture *f,
                 gconstpointer  data)
{
  const RuleCase *c = data;
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtEinvoice) ready = NULL;
  g_autoptr(DtEinvoice) broken = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) other = NULL;
  const DtEinvoiceProblem *problem;

  g_assert_no_error (error);
  ready = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  assert_ready (ready);

  c->breaks (f->db, id);
  broken = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  problems = dt_einvoice_check (broken, c->profile);
  problem = dt_einvoice_problems_find (problems, c->rule);
  if (problem == NULL)
    g_error ("%s did not fire (%u other problems)", c->rule, problems->len);
  g_test_message ("%s %s (%s): %s", problem->rule, problem->business_term, problem->field,
                  problem->message);
  g_assert_cmpstr (problem->field, ==, c->field);
  g_assert_cmpstr (problem->business_term, !=, "");
  g_assert_cmpstr (problem->message, !=, "");
  if (problem->severity == DT_EINVOICE_ERROR)
    g_assert_true (dt_einvoice_problems_block (problems));
  /* XRechnung's own rules do not fire on a plain EN 16931 invoice. */
  if (c->profile == DT_EINVOICE_PROFILE_XRECHNUNG)
    {
      other = dt_einvoice_check (broken, DT_EINVOICE_PROFILE_EN16931);
      g_assert_null (dt_einvoice_problems_find (other, c->rule));
    }
}

/* ---- the arithmetic, re-checked on a model that was tampered with ------------------------ */

typedef struct
{
  const char *rule;
  void      (*tamper) (DtEinvoice *e);
} ArithmeticCase;

static void more_line_total (DtEinvoice *e) { e->line_total += 1; }
static void more_allowance_total (DtEinvoice *e) { e->allowance_total += 1; }
static void less_tax_exclusive (DtEinvoice *e) { e->tax_exclusive -= 1; }
static void more_tax_total (DtEinvoice *e) { e->tax_total += 1; }
static void more_tax_inclusive (DtEinvoice *e) { e->tax_inclusive += 1; }
static void less_due (DtEinvoice *e) { e->due -= 1; }
static void
more_taxable (DtEinvoice *e)
{
  ((DtEinvoiceVatGroup *) e->vat_groups->pdata[0])->taxable += 100;
}
static void
more_group_tax (DtEinvoice *e)
{
  ((DtEinvoiceVatGroup *) e->vat_groups->pdata[0])->tax += 1;
  e->tax_total += 1;
}
static void
dearer_price (DtEinvoice *e)
{
  ((DtEinvoiceLine *) e->lines->pdata[0])->price += 100;
}

static const ArithmeticCase arithmetic_cases[] = {
  { "BR-CO-10", more_line_total },
  { "BR-CO-11", more_allowance_total },
  { "BR-CO-13", less_tax_exclusive },
  { "BR-CO-14", more_tax_total },
  { "BR-CO-15", more_tax_inclusive },
  { "BR-CO-16", less_due },
  { "BR-S-08", more_taxable },
  { "BR-CO-17", more_group_tax },
  { "BR-LIN-NET", dearer_price },
};

static void
test_arithmetic_rule (DtTestFixture *f,
                      gconstpointer  data)
{
  const ArithmeticCase *c = data;
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_make (f->db, "partially-paid", &error);
  g_autoptr(DtEinvoice) e = dt_einvoice_build (f->db, id, &error);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  assert_ready (e);
  c->tamper (e);
  problems = dt_einvoice_check (e, DT_EINVOICE_PROFILE_EN16931);
  if (dt_einvoice_problems_find (problems, c->rule) == NULL)
    g_error ("%s did not fire", c->rule);
  g_assert_true (dt_einvoice_problems_block (problems));
}

int
main (int   argc,
      char *argv[])
{
  const char * const *names = dt_einvoice_scenario_names ();

  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/einvoice/scenario/%s", names[i]);
      g_test_add (path, DtTestFixture, names[i], dt_test_fixture_setup, test_scenario,
                  dt_test_fixture_teardown);
    }
  g_test_add ("/einvoice/issued-keeps-parties", DtTestFixture, NULL, dt_test_fixture_setup,
              test_issued_keeps_parties, dt_test_fixture_teardown);
  g_test_add ("/einvoice/trading-name", DtTestFixture, NULL, dt_test_fixture_setup,
              test_trading_name, dt_test_fixture_teardown);
  g_test_add ("/einvoice/refused", DtTestFixture, NULL, dt_test_fixture_setup, test_refused,
              dt_test_fixture_teardown);
  g_test_add ("/einvoice/three-decimal-currency", DtTestFixture, NULL, dt_test_fixture_setup,
              test_three_decimal_currency, dt_test_fixture_teardown);
  g_test_add_func ("/einvoice/formatting", test_formatting);
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/einvoice/rule/%s/%s", rule_cases[i].rule,
                                               rule_cases[i].field);
      g_test_add (path, DtTestFixture, &rule_cases[i], dt_test_fixture_setup, test_rule_fires,
                  dt_test_fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (arithmetic_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/einvoice/arithmetic/%s", arithmetic_cases[i].rule);
      g_test_add (path, DtTestFixture, &arithmetic_cases[i], dt_test_fixture_setup,
                  test_arithmetic_rule, dt_test_fixture_teardown);
    }
  return g_test_run ();
}

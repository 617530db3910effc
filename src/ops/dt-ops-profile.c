/* dt-ops-profile.c: the freelancer's business profile — what invoices print about the
 * seller, and what e-invoices need of them (EN 16931 BG-4, BG-16). */
#define G_LOG_DOMAIN "dt-ops"

#include "config.h"

#include "dt-ops-private.h"

#include <glib/gi18n-lib.h>

#include "dt-profile-store.h"

static const DtOpsTextField profile_fields[] = {
  { "name", G_STRUCT_OFFSET (DtProfile, name), DT_OPS_TEXT_PLAIN },
  { "business_name", G_STRUCT_OFFSET (DtProfile, business_name), DT_OPS_TEXT_PLAIN },
  { "trading_name", G_STRUCT_OFFSET (DtProfile, trading_name), DT_OPS_TEXT_PLAIN },
  { "address", G_STRUCT_OFFSET (DtProfile, address), DT_OPS_TEXT_PLAIN },
  { "email", G_STRUCT_OFFSET (DtProfile, email), DT_OPS_TEXT_PLAIN },
  { "tax_id", G_STRUCT_OFFSET (DtProfile, tax_id), DT_OPS_TEXT_PLAIN },
  { "currency", G_STRUCT_OFFSET (DtProfile, currency), DT_OPS_TEXT_PLAIN },
  { "invoice_footer", G_STRUCT_OFFSET (DtProfile, invoice_footer), DT_OPS_TEXT_PLAIN },
  /* The seller's e-invoice fields. */
  { "vat_id", G_STRUCT_OFFSET (DtProfile, vat_id), DT_OPS_TEXT_VAT_ID },
  { "tax_number", G_STRUCT_OFFSET (DtProfile, tax_number), DT_OPS_TEXT_PLAIN },
  { "phone", G_STRUCT_OFFSET (DtProfile, phone), DT_OPS_TEXT_PLAIN },
  { "city", G_STRUCT_OFFSET (DtProfile, city), DT_OPS_TEXT_PLAIN },
  { "postcode", G_STRUCT_OFFSET (DtProfile, postcode), DT_OPS_TEXT_PLAIN },
  { "country", G_STRUCT_OFFSET (DtProfile, country), DT_OPS_TEXT_COUNTRY },
  { "iban", G_STRUCT_OFFSET (DtProfile, iban), DT_OPS_TEXT_IBAN },
  { "bic", G_STRUCT_OFFSET (DtProfile, bic), DT_OPS_TEXT_BIC },
  { "creditor_id", G_STRUCT_OFFSET (DtProfile, creditor_id), DT_OPS_TEXT_PLAIN },
  { "payment_means", G_STRUCT_OFFSET (DtProfile, payment_means), DT_OPS_TEXT_PAYMENT_MEANS },
  { "electronic_address", G_STRUCT_OFFSET (DtProfile, electronic_address), DT_OPS_TEXT_PLAIN },
  { "electronic_address_scheme", G_STRUCT_OFFSET (DtProfile, electronic_address_scheme),
    DT_OPS_TEXT_EAS },
  { "vat_category", G_STRUCT_OFFSET (DtProfile, vat_category), DT_OPS_TEXT_VAT_CATEGORY },
  { "vat_exemption_reason", G_STRUCT_OFFSET (DtProfile, vat_exemption_reason),
    DT_OPS_TEXT_PLAIN },
  { "vat_exemption_code", G_STRUCT_OFFSET (DtProfile, vat_exemption_code), DT_OPS_TEXT_VATEX },
};

#define PROFILE_OUT \
  "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}," \
  "\"business_name\":{\"type\":\"string\"},\"trading_name\":{\"type\":\"string\"}," \
  "\"address\":{\"type\":\"string\"}," \
  "\"email\":{\"type\":\"string\"},\"tax_id\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"},\"invoice_footer\":{\"type\":\"string\"}," \
  "\"vat_id\":{\"type\":\"string\"},\"tax_number\":{\"type\":\"string\"}," \
  "\"phone\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}," \
  "\"postcode\":{\"type\":\"string\"},\"country\":{\"type\":\"string\"}," \
  "\"iban\":{\"type\":\"string\"},\"bic\":{\"type\":\"string\"}," \
  "\"creditor_id\":{\"type\":\"string\"},\"payment_means\":{\"type\":\"string\"}," \
  "\"electronic_address\":{\"type\":\"string\"}," \
  "\"electronic_address_scheme\":{\"type\":\"string\"}," \
  "\"vat_category\":{\"type\":\"string\"},\"vat_exemption_reason\":{\"type\":\"string\"}," \
  "\"vat_exemption_code\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("hourly_rate") "," \
  "\"has_logo\":{\"type\":\"boolean\"},\"version\":{\"type\":\"integer\"}}," \
  "\"required\":[\"currency\",\"version\"]}"

#define PROFILE_IN \
  "{\"type\":\"object\",\"properties\":{" \
  "\"name\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"The freelancer's own " \
  "name\"}," \
  "\"business_name\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-27 when " \
  "given: the name invoices are issued under\"}," \
  "\"trading_name\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-28: " \
  "the name the seller trades under, when not the business name (empty: none)\"}," \
  "\"address\":{\"type\":\"string\",\"maxLength\":2000,\"description\":\"Street lines; " \
  "city, post code and country below\"}," \
  "\"email\":{\"type\":\"string\",\"maxLength\":320,\"description\":\"BT-43, and the " \
  "electronic address when none is given\"}," \
  "\"tax_id\":{\"type\":\"string\",\"maxLength\":100,\"description\":\"As printed on the " \
  "PDF\"}," \
  "\"currency\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\",\"description\":\"Default " \
  "currency of new clients (ISO 4217)\"}," \
  "\"hourly_rate\":" DT_OPS_MONEY_IN ("The last fallback hourly rate, in the profile " \
  "currency") "," \
  "\"invoice_footer\":{\"type\":\"string\",\"maxLength\":2000}," \
  "\"vat_id\":{\"type\":\"string\",\"maxLength\":20,\"description\":\"BT-31: the seller's " \
  "VAT ID like DE123456789\"}," \
  "\"tax_number\":{\"type\":\"string\",\"maxLength\":50,\"description\":\"BT-32: the " \
  "national tax number (Steuernummer), when there is no VAT ID\"}," \
  "\"phone\":{\"type\":\"string\",\"maxLength\":50,\"description\":\"BT-42: XRechnung " \
  "requires a contact telephone\"}," \
  "\"city\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-37\"}," \
  "\"postcode\":{\"type\":\"string\",\"maxLength\":50,\"description\":\"BT-38\"}," \
  "\"country\":" DT_OPS_COUNTRY_IN ("BT-40: the seller's country") "," \
  "\"iban\":{\"type\":\"string\",\"maxLength\":42,\"description\":\"BT-84: the account " \
  "clients pay into (spaces are dropped)\"}," \
  "\"bic\":{\"type\":\"string\",\"maxLength\":11,\"description\":\"BT-86\"}," \
  "\"creditor_id\":{\"type\":\"string\",\"maxLength\":35,\"description\":\"BT-90: the SEPA " \
  "creditor identifier (direct debit only)\"}," \
  "\"payment_means\":{\"type\":\"string\",\"enum\":[\"58\",\"30\",\"59\"],\"description\":" \
  "\"BT-81 (UNTDID 4461): 58 SEPA credit transfer (default), 30 credit transfer, 59 SEPA " \
  "direct debit\"}," \
  "\"electronic_address\":{\"type\":\"string\",\"maxLength\":320,\"description\":\"BT-34: " \
  "where the seller receives e-invoice replies (empty: the e-mail)\"}," \
  "\"electronic_address_scheme\":" DT_OPS_EAS_IN ("that address") "," \
  "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("The seller's default VAT category") "," \
  DT_OPS_VAT_EXEMPTION_IN "," DT_OPS_EXPECTED_VERSION "}," \
  "\"additionalProperties\":false}"

static JsonObject *
profile_to_json (const DtProfile *profile)
{
  JsonObject *out = json_object_new ();

  dt_ops_set_text_fields (out, profile, profile_fields, G_N_ELEMENTS (profile_fields));
  dt_ops_set_money (out, "hourly_rate", profile->hourly_rate, profile->currency);
  json_object_set_boolean_member (out, "has_logo", profile->logo != NULL);
  json_object_set_int_member (out, "version", profile->version);
  return out;
}

static JsonObject *
get_profile (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  g_autoptr(DtProfile) profile = dt_profile_store_get (ctx->db, error);

  dt_op_context_set_object (ctx, "profile");
  return profile ? profile_to_json (profile) : NULL;
}

static JsonObject *
update_profile (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) stored = NULL;

  dt_op_context_set_object (ctx, "profile");
  profile = dt_profile_store_get (ctx->db, error);
  if (profile == NULL ||
      !dt_ops_take_text_fields (input, profile, profile_fields, G_N_ELEMENTS (profile_fields),
                                error))
    return NULL;
  /* The rate is in the currency the profile has after this change. */
  if (dt_ops_has (input, "hourly_rate") &&
      !dt_ops_get_money (input, "hourly_rate", profile->currency, &profile->hourly_rate, error))
    return NULL;
  if (profile->hourly_rate == DT_NO_VALUE)
    profile->hourly_rate = 0;
  stored = dt_profile_store_update (ctx->db, profile,
                                    dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? profile_to_json (stored) : NULL;
}

static const DtOp profile_ops[] = {
  {
    "get_profile", N_("Get the business profile"), "profile", "profile:read",
    "Returns the freelancer's own details as printed on invoices: name, business name, "
    "address, e-mail, tax id, default currency and default hourly rate; and what e-invoices "
    "need of the seller: VAT ID or tax number, telephone, city, post code and country, IBAN "
    "and BIC, payment means, electronic address, default VAT category and exemption.",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    PROFILE_OUT, DT_OP_READ_ONLY, "GET", "/profile", 200, get_profile, NULL,
  },
  {
    "update_profile", N_("Update the business profile"), "profile", "profile:write",
    "Changes the fields given of the freelancer's profile and keeps the others. Invoices "
    "already issued keep the details they were issued with. For e-invoices set at least the "
    "VAT ID (or tax number), country, city, post code and IBAN; check_einvoice names what "
    "a given invoice still lacks. Pass expected_version (from get_profile) to make sure "
    "nobody changed it in between.",
    PROFILE_IN, PROFILE_OUT, DT_OP_IDEMPOTENT, "PATCH", "/profile", 200, update_profile, NULL,
  },
};

void
dt_ops_register_profile (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (profile_ops); i++)
    dt_op_registry_add (registry, &profile_ops[i]);
}

/* dt-ops-clients.c: the client operations (list, get, create, update, archive). */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"
#include "dt-json-writer.h"

#include "dt-client-store.h"
#include "dt-profile-store.h"

/* The buyer's e-invoice fields (EN 16931 BG-7), in einvoice_fields' order. */
#define DT_OPS_CLIENT_EINVOICE_OUT \
  "\"buyer_reference\":{\"type\":\"string\"},\"vat_id\":{\"type\":\"string\"}," \
  "\"city\":{\"type\":\"string\"},\"postcode\":{\"type\":\"string\"}," \
  "\"country\":{\"type\":\"string\"},\"electronic_address\":{\"type\":\"string\"}," \
  "\"electronic_address_scheme\":{\"type\":\"string\"}," \
  "\"einvoice_format\":{\"type\":\"string\",\"enum\":[\"pdf\",\"facturx\"," \
  "\"xrechnung-cii\",\"xrechnung-ubl\"]},\"vat_category\":{\"type\":\"string\"}," \
  "\"vat_exemption_reason\":{\"type\":\"string\"}," \
  "\"vat_exemption_code\":{\"type\":\"string\"},\"iban\":{\"type\":\"string\"}," \
  "\"mandate_reference\":{\"type\":\"string\"}"

#define DT_OPS_CLIENT_EINVOICE_FIELDS \
  "\"buyer_reference\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-10: " \
  "the reference the buyer wants on every invoice; for German public-sector clients their " \
  "Leitweg-ID, e.g. 04011000-1234512345-06 (XRechnung requires it)\"}," \
  "\"vat_id\":{\"type\":\"string\",\"maxLength\":20,\"description\":\"BT-48: the " \
  "client's VAT ID like FR12345678901 (needed for reverse charge and intra-EU supplies)\"}," \
  "\"city\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-52\"}," \
  "\"postcode\":{\"type\":\"string\",\"maxLength\":50,\"description\":\"BT-53\"}," \
  "\"country\":" DT_OPS_COUNTRY_IN ("BT-55: the client's country") "," \
  "\"electronic_address\":{\"type\":\"string\",\"maxLength\":320,\"description\":" \
  "\"BT-49: where the client receives e-invoices (empty: the first billing e-mail)\"}," \
  "\"electronic_address_scheme\":" DT_OPS_EAS_IN ("that address") "," \
  "\"einvoice_format\":{\"type\":\"string\",\"enum\":[\"pdf\",\"facturx\"," \
  "\"xrechnung-cii\",\"xrechnung-ubl\"],\"description\":\"What send_invoice attaches: " \
  "pdf (the printed PDF only, default), facturx (a Factur-X PDF with the e-invoice inside " \
  "instead), xrechnung-cii or xrechnung-ubl (the XRechnung XML beside the PDF)\"}," \
  "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("This client's VAT treatment; empty: the " \
  "profile's") "," DT_OPS_VAT_EXEMPTION_IN "," \
  "\"iban\":{\"type\":\"string\",\"maxLength\":42,\"description\":\"BT-91: the " \
  "client's account to debit (direct debit only)\"}," \
  "\"mandate_reference\":{\"type\":\"string\",\"maxLength\":35,\"description\":" \
  "\"BT-89: the SEPA mandate (direct debit only)\"}"

#define CLIENT_OUT \
  "{\"type\":\"object\",\"properties\":{" \
  "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}," \
  "\"email\":{\"type\":\"string\"},\"address\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"},\"tax_id\":{\"type\":\"string\"}," \
  "\"payment_terms_days\":{\"type\":\"integer\"}," DT_OPS_MONEY_OUT ("rate") "," \
  "\"notes\":{\"type\":\"string\"},\"archived\":{\"type\":\"boolean\"}," \
  DT_OPS_CLIENT_EINVOICE_OUT "," DT_OPS_INSTANT_OUT ("created_at") "," DT_OPS_INSTANT_OUT ("updated_at") "," \
  "\"version\":{\"type\":\"integer\"}}," \
  "\"required\":[\"id\",\"name\",\"currency\",\"archived\",\"version\"]}"

#define CLIENT_FIELDS \
  "\"email\":{\"type\":\"string\",\"maxLength\":500,\"description\":\"Billing e-mail " \
  "address(es), comma separated\"}," \
  "\"address\":{\"type\":\"string\",\"maxLength\":2000,\"description\":\"Postal address, " \
  "several lines\"}," \
  "\"tax_id\":{\"type\":\"string\",\"maxLength\":100}," \
  "\"payment_terms_days\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":365," \
  "\"description\":\"Days until an invoice is due (default 30)\"}," \
  "\"rate\":" DT_OPS_MONEY_IN ("Default hourly rate for this client") "," \
  "\"notes\":{\"type\":\"string\",\"maxLength\":5000}," \
  DT_OPS_CLIENT_EINVOICE_FIELDS

/* The buyer's e-invoice fields, named in the API as in the store. */
static const DtOpsTextField einvoice_fields[] = {
  { "buyer_reference", G_STRUCT_OFFSET (DtClient, buyer_reference), DT_OPS_TEXT_PLAIN },
  { "vat_id", G_STRUCT_OFFSET (DtClient, vat_id), DT_OPS_TEXT_VAT_ID },
  { "city", G_STRUCT_OFFSET (DtClient, city), DT_OPS_TEXT_PLAIN },
  { "postcode", G_STRUCT_OFFSET (DtClient, postcode), DT_OPS_TEXT_PLAIN },
  { "country", G_STRUCT_OFFSET (DtClient, country), DT_OPS_TEXT_COUNTRY },
  { "electronic_address", G_STRUCT_OFFSET (DtClient, electronic_address), DT_OPS_TEXT_PLAIN },
  { "electronic_address_scheme", G_STRUCT_OFFSET (DtClient, electronic_address_scheme),
    DT_OPS_TEXT_EAS },
  { "einvoice_format", G_STRUCT_OFFSET (DtClient, einvoice_format),
    DT_OPS_TEXT_EINVOICE_FORMAT },
  { "vat_category", G_STRUCT_OFFSET (DtClient, vat_category), DT_OPS_TEXT_VAT_CATEGORY },
  { "vat_exemption_reason", G_STRUCT_OFFSET (DtClient, vat_exemption_reason),
    DT_OPS_TEXT_PLAIN },
  { "vat_exemption_code", G_STRUCT_OFFSET (DtClient, vat_exemption_code), DT_OPS_TEXT_VATEX },
  { "iban", G_STRUCT_OFFSET (DtClient, iban), DT_OPS_TEXT_IBAN },
  { "mandate_reference", G_STRUCT_OFFSET (DtClient, mandate_reference), DT_OPS_TEXT_PLAIN },
};

JsonObject *
dt_ops_client_to_json (const DtClient *client)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", client->id);
  dt_ops_set_string (out, "name", client->name);
  dt_ops_set_string (out, "email", client->email);
  dt_ops_set_string (out, "address", client->address);
  dt_ops_set_string (out, "currency", client->currency);
  dt_ops_set_string (out, "tax_id", client->tax_id);
  json_object_set_int_member (out, "payment_terms_days", client->payment_terms_days);
  dt_ops_set_money (out, "rate", client->rate, client->currency);
  dt_ops_set_string (out, "notes", client->notes);
  json_object_set_boolean_member (out, "archived", client->archived);
  dt_ops_set_text_fields (out, client, einvoice_fields, G_N_ELEMENTS (einvoice_fields));
  dt_ops_set_instant (out, "created_at", client->created_at);
  dt_ops_set_instant (out, "updated_at", client->updated_at);
  json_object_set_int_member (out, "version", client->version);
  return out;
}

/* The text dt_ops_client_to_json's object gives, written without the tree (test-ops checks
 * both give the same text). */
void
dt_ops_client_write (GString        *out,
                     const DtClient *client)
{
  g_string_append (out, "{\"id\":");
  dt_json_write_int (out, client->id);
  dt_ops_put_string (out, "name", client->name);
  dt_ops_put_string (out, "email", client->email);
  dt_ops_put_string (out, "address", client->address);
  dt_ops_put_string (out, "currency", client->currency);
  dt_ops_put_string (out, "tax_id", client->tax_id);
  dt_ops_put_int (out, "payment_terms_days", client->payment_terms_days);
  dt_ops_put_money (out, "rate", client->rate, client->currency);
  dt_ops_put_string (out, "notes", client->notes);
  dt_ops_put_bool (out, "archived", client->archived);
  dt_ops_put_text_fields (out, client, einvoice_fields, G_N_ELEMENTS (einvoice_fields));
  dt_ops_put_instant (out, "created_at", client->created_at);
  dt_ops_put_instant (out, "updated_at", client->updated_at);
  dt_ops_put_int (out, "version", client->version);
  g_string_append_c (out, '}');
}

static JsonObject *
list_clients (DtOpContext *ctx,
              JsonObject  *input,
              GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) clients = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error))
    return NULL;
  query.archived = dt_ops_get_archived (input);
  query.text = dt_ops_get_string (input, "text");
  clients = dt_client_store_list (ctx->db, &query, &has_more, error);
  if (clients == NULL)
    return NULL;
  if (ctx->text_out != NULL)
    {
      /* The caller takes text: the same page, written directly. */
      dt_ops_write_page_start (ctx->text_out);
      for (guint i = 0; i < clients->len; i++)
        {
          DtClient *client = g_ptr_array_index (clients, i);

          if (i > 0)
            g_string_append_c (ctx->text_out, ',');
          dt_ops_client_write (ctx->text_out, client);
          last = client->id;
        }
      dt_ops_write_page_end (ctx->text_out, has_more, last);
      return json_object_new ();
    }
  items = json_array_new ();
  for (guint i = 0; i < clients->len; i++)
    {
      DtClient *client = g_ptr_array_index (clients, i);

      json_array_add_object_element (items, dt_ops_client_to_json (client));
      last = client->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
get_client (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  g_autoptr(DtClient) client = dt_client_store_get (ctx->db, dt_ops_get_int (input, "id", 0),
                                                    error);

  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, dt_ops_get_int (input, "id", 0));
  return client ? dt_ops_client_to_json (client) : NULL;
}

/* Applies the fields present in @input to @client; the currency must be settled first. */
static gboolean
apply_fields (DtClient   *client,
              JsonObject *input,
              GError    **error)
{
  const char *text;

#define TAKE_STRING(field)                                  \
  if ((text = dt_ops_get_string (input, #field)) != NULL)   \
    {                                                       \
      g_free (client->field);                               \
      client->field = g_strdup (text);                      \
    }
  TAKE_STRING (name);
  TAKE_STRING (email);
  TAKE_STRING (address);
  TAKE_STRING (tax_id);
  TAKE_STRING (notes);
#undef TAKE_STRING
  if (!dt_ops_take_text_fields (input, client, einvoice_fields, G_N_ELEMENTS (einvoice_fields),
                                error))
    return FALSE;
  if (dt_ops_has (input, "payment_terms_days"))
    client->payment_terms_days = (int) dt_ops_get_int (input, "payment_terms_days", 30);
  if (dt_ops_has (input, "rate") &&
      !dt_ops_get_money (input, "rate", client->currency, &client->rate, error))
    return FALSE;
  return TRUE;
}

static JsonObject *
create_client (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  g_autoptr(DtClient) client = dt_client_new_with_defaults (ctx->db);
  g_autoptr(DtClient) stored = NULL;
  const char *currency = dt_ops_get_string (input, "currency");

  if (currency != NULL)
    {
      g_free (client->currency);
      client->currency = g_strdup (currency);
    }
  if (!apply_fields (client, input, error))
    return NULL;
  stored = dt_client_store_create (ctx->db, client, error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, stored->id);
  return dt_ops_client_to_json (stored);
}

static JsonObject *
update_client (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtClient) stored = NULL;
  const char *currency = dt_ops_get_string (input, "currency");

  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, id);
  client = dt_client_store_get (ctx->db, id, error);
  if (client == NULL)
    return NULL;
  if (currency != NULL)
    {
      g_free (client->currency);
      client->currency = g_strdup (currency);
    }
  if (!apply_fields (client, input, error))
    return NULL;
  stored = dt_client_store_update (ctx->db, client,
                                   dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? dt_ops_client_to_json (stored) : NULL;
}

static JsonObject *
archive_client (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtClient) stored = NULL;

  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, id);
  stored = dt_client_store_set_archived (ctx->db, id, dt_ops_get_bool (input, "archived", TRUE),
                                         error);
  return stored ? dt_ops_client_to_json (stored) : NULL;
}

static const DtOp client_ops[] = {
  {
    "list_clients", "List clients", "clients", "clients:read",
    "Lists the freelancer's clients (active ones unless asked otherwise), oldest first, 50 "
    "per page by default. Use it to find a client's id by name before calling tools that "
    "need client_id. Pass next_cursor back as cursor for the next page.",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_TEXT_PROP "," DT_OPS_ARCHIVED_PROP ","
    DT_OPS_PAGE_PROPS "},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (CLIENT_OUT),
    DT_OP_READ_ONLY, "GET", "/clients", 200, list_clients, NULL,
  },
  {
    "get_client", "Get a client", "clients", "clients:read",
    "Returns one client: contact and billing details, currency, payment terms, default "
    "hourly rate, and what e-invoices to them need: buyer reference (Leitweg-ID), VAT ID, "
    "city, post code and country, electronic address, preferred e-invoice format and VAT "
    "treatment.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The client's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    CLIENT_OUT, DT_OP_READ_ONLY, "GET", "/clients/{id}", 200, get_client, NULL,
  },
  {
    "create_client", "Create a client", "clients", "clients:write",
    "Creates a client. Only the name is required; the currency defaults to the freelancer's "
    "(profile) currency and cannot change once the client has invoices. For e-invoices give "
    "the buyer's VAT ID, country, city and post code, and for German public-sector clients "
    "the Leitweg-ID as buyer_reference; einvoice_format says what send_invoice attaches. "
    "Returns the client with its id.",
    "{\"type\":\"object\",\"properties\":{"
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200,\"description\":\"The "
    "client's name as it appears on invoices\"},"
    "\"currency\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\",\"description\":\"ISO 4217 "
    "code like EUR or USD\"}," CLIENT_FIELDS "},"
    "\"required\":[\"name\"],\"additionalProperties\":false}",
    CLIENT_OUT, 0, "POST", "/clients", 201, create_client, NULL,
  },
  {
    "update_client", "Update a client", "clients", "clients:write",
    "Changes the fields given and keeps the others. Pass expected_version (from get_client) "
    "to make sure nobody changed the client in between.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The client's id") ","
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200},"
    "\"currency\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}," CLIENT_FIELDS ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    CLIENT_OUT, DT_OP_IDEMPOTENT, "PATCH", "/clients/{id}", 200, update_client, NULL,
  },
  {
    "archive_client", "Archive a client", "clients", "clients:write",
    "Archives a client (hides it from lists and pickers; its history stays), or restores it "
    "with archived=false.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The client's id") ","
    "\"archived\":{\"type\":\"boolean\",\"description\":\"true to archive (default), false "
    "to restore\"}},\"required\":[\"id\"],\"additionalProperties\":false}",
    CLIENT_OUT, DT_OP_IDEMPOTENT, "POST", "/clients/{id}/archive", 200, archive_client, NULL,
  },
};

void
dt_ops_register_clients (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (client_ops); i++)
    dt_op_registry_add (registry, &client_ops[i]);
}

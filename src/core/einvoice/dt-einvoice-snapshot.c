/* dt-einvoice-snapshot.c: the seller's and buyer's e-invoice details kept at issue. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-snapshot.h"

#include <stddef.h>

typedef struct
{
  const char *key;
  gsize       offset;
} Field;

#define PROFILE_FIELD(name) { #name, offsetof (DtProfile, name) }
#define CLIENT_FIELD(name) { #name, offsetof (DtClient, name) }

static const Field seller_fields[] = {
  PROFILE_FIELD (vat_id), PROFILE_FIELD (tax_number), PROFILE_FIELD (phone),
  PROFILE_FIELD (city), PROFILE_FIELD (postcode), PROFILE_FIELD (country),
  PROFILE_FIELD (iban), PROFILE_FIELD (bic), PROFILE_FIELD (creditor_id),
  PROFILE_FIELD (payment_means), PROFILE_FIELD (electronic_address),
  PROFILE_FIELD (electronic_address_scheme), PROFILE_FIELD (vat_category),
  PROFILE_FIELD (vat_exemption_reason), PROFILE_FIELD (vat_exemption_code),
  PROFILE_FIELD (trading_name),
};

/* What the printed invoice already keeps, under its own keys. */
static const Field seller_printed[] = {
  PROFILE_FIELD (business_name), PROFILE_FIELD (name), PROFILE_FIELD (address),
  PROFILE_FIELD (email), PROFILE_FIELD (tax_id),
};

static const Field buyer_fields[] = {
  CLIENT_FIELD (buyer_reference), CLIENT_FIELD (vat_id), CLIENT_FIELD (city),
  CLIENT_FIELD (postcode), CLIENT_FIELD (country), CLIENT_FIELD (electronic_address),
  CLIENT_FIELD (electronic_address_scheme), CLIENT_FIELD (einvoice_format),
  CLIENT_FIELD (vat_category), CLIENT_FIELD (vat_exemption_reason),
  CLIENT_FIELD (vat_exemption_code), CLIENT_FIELD (iban), CLIENT_FIELD (mandate_reference),
};

static const Field buyer_printed[] = {
  CLIENT_FIELD (name), CLIENT_FIELD (address), CLIENT_FIELD (email), CLIENT_FIELD (tax_id),
};

static char **
field_in (gconstpointer  record,
          const Field   *field)
{
  return (char **) ((const guint8 *) record + field->offset);
}

static JsonNode *
snapshot (gconstpointer  record,
          const Field   *fields,
          gsize          n_fields)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (gsize i = 0; i < n_fields; i++)
    {
      const char *value = *field_in (record, &fields[i]);
      json_object_set_string_member (object, fields[i].key, value != NULL ? value : "");
    }
  json_node_take_object (node, object);
  return node;
}

static void
overlay (JsonObject   *from,
         gpointer      record,
         const Field  *fields,
         gsize         n_fields)
{
  for (gsize i = 0; from != NULL && i < n_fields; i++)
    {
      JsonNode *node = json_object_get_member (from, fields[i].key);
      char **slot;

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      slot = field_in (record, &fields[i]);
      g_free (*slot);
      *slot = g_strdup (json_node_get_string (node));
    }
}

static void
apply (const char   *kept_json,
       gpointer      record,
       const Field  *printed,
       gsize         n_printed,
       const Field  *fields,
       gsize         n_fields)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *einvoice = NULL;
  JsonNode *member;

  if (kept_json == NULL || !json_parser_load_from_data (parser, kept_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_size (root) == 0)
    return;
  overlay (root, record, printed, n_printed);
  member = json_object_get_member (root, "einvoice");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    einvoice = json_node_get_object (member);
  overlay (einvoice, record, fields, n_fields);
}

JsonNode *
dt_einvoice_snapshot_seller (const DtProfile *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);
  return snapshot (profile, seller_fields, G_N_ELEMENTS (seller_fields));
}

JsonNode *
dt_einvoice_snapshot_buyer (const DtClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  return snapshot (client, buyer_fields, G_N_ELEMENTS (buyer_fields));
}

void
dt_einvoice_snapshot_apply_seller (const char *kept_json,
                                   DtProfile  *profile)
{
  g_return_if_fail (profile != NULL);
  apply (kept_json, profile, seller_printed, G_N_ELEMENTS (seller_printed), seller_fields,
         G_N_ELEMENTS (seller_fields));
}

void
dt_einvoice_snapshot_apply_buyer (const char *kept_json,
                                  DtClient   *client)
{
  g_return_if_fail (client != NULL);
  apply (kept_json, client, buyer_printed, G_N_ELEMENTS (buyer_printed), buyer_fields,
         G_N_ELEMENTS (buyer_fields));
}

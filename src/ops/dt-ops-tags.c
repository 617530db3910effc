/* dt-ops-tags.c: tags and the freelancer's profile. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-profile-store.h"
#include "dt-tag-store.h"

#define TAG_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"name\":{\"type\":\"string\"},\"color\":{\"type\":\"string\"}," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"name\",\"version\"]}"

static JsonObject *
tag_to_json (const DtTag *tag)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", tag->id);
  dt_ops_set_string (out, "name", tag->name);
  dt_ops_set_string (out, "color", tag->color);
  json_object_set_int_member (out, "version", tag->version);
  return out;
}

static JsonObject *
list_tags (DtOpContext *ctx,
           JsonObject  *input,
           GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) tags = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error))
    return NULL;
  query.text = dt_ops_get_string (input, "text");
  tags = dt_tag_store_list (ctx->db, &query, &has_more, error);
  if (tags == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < tags->len; i++)
    {
      DtTag *tag = g_ptr_array_index (tags, i);

      json_array_add_object_element (items, tag_to_json (tag));
      last = tag->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
create_tag (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  g_autoptr(DtTag) tag = dt_tag_new ();
  g_autoptr(DtTag) stored = NULL;

  g_free (tag->name);
  tag->name = g_strdup (dt_ops_get_string (input, "name"));
  if (dt_ops_get_string (input, "color"))
    {
      g_free (tag->color);
      tag->color = g_strdup (dt_ops_get_string (input, "color"));
    }
  stored = dt_tag_store_create (ctx->db, tag, error);
  if (stored)
    dt_op_context_set_object (ctx, "tag %" G_GINT64_FORMAT, stored->id);
  return stored ? tag_to_json (stored) : NULL;
}

static JsonObject *
update_tag (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtTag) tag = NULL;
  g_autoptr(DtTag) stored = NULL;

  dt_op_context_set_object (ctx, "tag %" G_GINT64_FORMAT, id);
  tag = dt_tag_store_get (ctx->db, id, error);
  if (tag == NULL)
    return NULL;
  if (dt_ops_get_string (input, "name"))
    {
      g_free (tag->name);
      tag->name = g_strdup (dt_ops_get_string (input, "name"));
    }
  if (dt_ops_get_string (input, "color"))
    {
      g_free (tag->color);
      tag->color = g_strdup (dt_ops_get_string (input, "color"));
    }
  stored = dt_tag_store_update (ctx->db, tag, dt_ops_get_int (input, "expected_version", 0),
                                error);
  return stored ? tag_to_json (stored) : NULL;
}

static JsonObject *
get_profile (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  g_autoptr(DtProfile) profile = dt_profile_store_get (ctx->db, error);
  JsonObject *out;

  if (profile == NULL)
    return NULL;
  out = json_object_new ();
  dt_ops_set_string (out, "name", profile->name);
  dt_ops_set_string (out, "business_name", profile->business_name);
  dt_ops_set_string (out, "address", profile->address);
  dt_ops_set_string (out, "email", profile->email);
  dt_ops_set_string (out, "tax_id", profile->tax_id);
  dt_ops_set_string (out, "currency", profile->currency);
  dt_ops_set_money (out, "hourly_rate", profile->hourly_rate, profile->currency);
  dt_ops_set_string (out, "invoice_footer", profile->invoice_footer);
  json_object_set_boolean_member (out, "has_logo", profile->logo != NULL);
  json_object_set_int_member (out, "version", profile->version);
  return out;
}

#define TAG_IN_FIELDS \
  "\"color\":{\"type\":\"string\",\"pattern\":\"^(#[0-9a-fA-F]{6})?$\",\"description\":" \
  "\"Colour like #e01b24, or empty\"}"

static const DtOp tag_ops[] = {
  {
    "get_profile", "Get the business profile", "profile", "profile:read",
    "Returns the freelancer's own details as printed on invoices: name, business name, "
    "address, e-mail, tax id, default currency and default hourly rate.",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
    "\"business_name\":{\"type\":\"string\"},\"address\":{\"type\":\"string\"},"
    "\"email\":{\"type\":\"string\"},\"tax_id\":{\"type\":\"string\"},"
    "\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("hourly_rate") ","
    "\"invoice_footer\":{\"type\":\"string\"},\"has_logo\":{\"type\":\"boolean\"},"
    "\"version\":{\"type\":\"integer\"}},\"required\":[\"currency\",\"version\"]}",
    DT_OP_READ_ONLY, "GET", "/profile", 200, get_profile, NULL,
  },
  {
    "list_tags", "List tags", "tags", "tags:read",
    "Lists the tags that can be put on time entries (and matched by rate rules).",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_TEXT_PROP "," DT_OPS_PAGE_PROPS "},"
    "\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (TAG_OUT), DT_OP_READ_ONLY, "GET", "/tags", 200, list_tags, NULL,
  },
  {
    "create_tag", "Create a tag", "tags", "tags:write",
    "Creates a tag; names are unique regardless of case.",
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1,"
    "\"maxLength\":100}," TAG_IN_FIELDS "},\"required\":[\"name\"],"
    "\"additionalProperties\":false}",
    TAG_OUT, 0, "POST", "/tags", 201, create_tag, NULL,
  },
  {
    "update_tag", "Rename or recolour a tag", "tags", "tags:write",
    "Changes a tag's name or colour.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The tag's id") ","
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":100}," TAG_IN_FIELDS ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    TAG_OUT, DT_OP_IDEMPOTENT, "PATCH", "/tags/{id}", 200, update_tag, NULL,
  },
};

void
dt_ops_register_profile (DtOpRegistry *registry)
{
  dt_op_registry_add (registry, &tag_ops[0]);
}

void
dt_ops_register_tags (DtOpRegistry *registry)
{
  for (guint i = 1; i < G_N_ELEMENTS (tag_ops); i++)
    dt_op_registry_add (registry, &tag_ops[i]);
}

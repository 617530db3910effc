/* dt-ops-tags.c: tags. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

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

#define TAG_IN_FIELDS \
  "\"color\":{\"type\":\"string\",\"pattern\":\"^(#[0-9a-fA-F]{6})?$\",\"description\":" \
  "\"Colour like #e01b24, or empty\"}"

static const DtOp tag_ops[] = {
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
dt_ops_register_tags (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (tag_ops); i++)
    dt_op_registry_add (registry, &tag_ops[i]);
}

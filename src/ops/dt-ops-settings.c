/* dt-ops-settings.c: billing rules (rates and rounding) and settings. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-client-store.h"
#include "dt-profile-store.h"
#include "dt-rule-store.h"
#include "dt-settings-store.h"

#define RULE_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"kind\":{\"type\":\"string\",\"enum\":[\"rate\",\"rounding\"]},\"name\":{\"type\":\"string\"}," \
  "\"client_id\":{\"type\":[\"integer\",\"null\"]},\"project_id\":{\"type\":[\"integer\",\"null\"]}," \
  "\"task_id\":{\"type\":[\"integer\",\"null\"]},\"tag_id\":{\"type\":[\"integer\",\"null\"]}," \
  "\"priority\":{\"type\":\"integer\"},\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("rate") "," \
  "\"increment_minutes\":{\"type\":\"integer\"},\"direction\":{\"type\":\"string\"}," \
  "\"apply_to\":{\"type\":\"string\"},\"minimum_minutes\":{\"type\":\"integer\"}," \
  "\"active\":{\"type\":\"boolean\"},\"version\":{\"type\":\"integer\"}}," \
  "\"required\":[\"id\",\"kind\",\"active\",\"version\"]}"

#define RULE_FIELDS \
  "\"name\":{\"type\":\"string\",\"maxLength\":200}," \
  "\"client_id\":{\"type\":[\"integer\",\"null\"],\"minimum\":1,\"description\":\"Only work " \
  "for this client\"}," \
  "\"project_id\":{\"type\":[\"integer\",\"null\"],\"minimum\":1}," \
  "\"task_id\":{\"type\":[\"integer\",\"null\"],\"minimum\":1}," \
  "\"tag_id\":{\"type\":[\"integer\",\"null\"],\"minimum\":1,\"description\":\"Rate rules: " \
  "entries with this tag\"}," \
  "\"priority\":{\"type\":\"integer\",\"minimum\":-1000,\"maximum\":1000}," \
  "\"rate\":" DT_OPS_MONEY_IN ("Rate rules: the hourly rate") "," \
  "\"increment_minutes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":60,\"description\":" \
  "\"Rounding rules: round to this many minutes\"}," \
  "\"direction\":{\"type\":\"string\",\"enum\":[\"up\",\"nearest\",\"down\"]}," \
  "\"apply_to\":{\"type\":\"string\",\"enum\":[\"entry\",\"line\"]}," \
  "\"minimum_minutes\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":1440}," \
  "\"active\":{\"type\":\"boolean\"}"

/* A rule's money is in its client's currency, or the profile's for rules of no client. */
static char *
rule_currency (DtDb   *db,
               gint64  client_id)
{
  if (client_id != 0)
    {
      g_autoptr(DtClient) client = dt_client_store_get (db, client_id, NULL);

      if (client != NULL)
        return g_strdup (client->currency);
    }
  {
    g_autoptr(DtProfile) profile = dt_profile_store_get (db, NULL);

    return g_strdup (profile ? profile->currency : "EUR");
  }
}

static JsonObject *
rule_to_json (DtDb         *db,
              const DtRule *rule)
{
  JsonObject *out = json_object_new ();
  g_autofree char *currency = rule_currency (db, rule->client_id);

  json_object_set_int_member (out, "id", rule->id);
  json_object_set_string_member (out, "kind", dt_rule_kind_to_string (rule->kind));
  dt_ops_set_string (out, "name", rule->name);
  dt_ops_set_optional_int (out, "client_id", rule->client_id);
  dt_ops_set_optional_int (out, "project_id", rule->project_id);
  dt_ops_set_optional_int (out, "task_id", rule->task_id);
  dt_ops_set_optional_int (out, "tag_id", rule->tag_id);
  json_object_set_int_member (out, "priority", rule->priority);
  dt_ops_set_string (out, "currency", currency);
  dt_ops_set_money (out, "rate", rule->kind == DT_RULE_RATE ? rule->rate : DT_NO_VALUE,
                    currency);
  json_object_set_int_member (out, "increment_minutes", rule->increment_minutes);
  json_object_set_string_member (out, "direction", dt_round_direction_to_string (rule->direction));
  json_object_set_string_member (out, "apply_to", dt_round_apply_to_to_string (rule->apply_to));
  json_object_set_int_member (out, "minimum_minutes", rule->minimum_minutes);
  json_object_set_boolean_member (out, "active", rule->active);
  json_object_set_int_member (out, "version", rule->version);
  return out;
}

static gboolean
apply_rule (DtDb       *db,
            DtRule     *rule,
            JsonObject *input,
            GError    **error)
{
  const char *text;

  if ((text = dt_ops_get_string (input, "name")) != NULL)
    {
      g_free (rule->name);
      rule->name = g_strdup (text);
    }
#define TAKE_ID(field) \
  if (dt_ops_has (input, #field)) rule->field = dt_ops_get_int (input, #field, 0);
  TAKE_ID (client_id);
  TAKE_ID (project_id);
  TAKE_ID (task_id);
  TAKE_ID (tag_id);
#undef TAKE_ID
  if (dt_ops_has (input, "priority"))
    rule->priority = (int) dt_ops_get_int (input, "priority", 0);
  if (dt_ops_has (input, "increment_minutes"))
    rule->increment_minutes = (int) dt_ops_get_int (input, "increment_minutes", 1);
  if (dt_ops_has (input, "minimum_minutes"))
    rule->minimum_minutes = (int) dt_ops_get_int (input, "minimum_minutes", 0);
  if (dt_ops_has (input, "active"))
    rule->active = dt_ops_get_bool (input, "active", TRUE);
  if ((text = dt_ops_get_string (input, "direction")) != NULL &&
      !dt_round_direction_from_string (text, &rule->direction, error))
    return FALSE;
  if ((text = dt_ops_get_string (input, "apply_to")) != NULL &&
      !dt_round_apply_to_from_string (text, &rule->apply_to, error))
    return FALSE;
  if (dt_ops_has (input, "rate"))
    {
      g_autofree char *currency = rule_currency (db, rule->client_id);

      if (!dt_ops_get_money (input, "rate", currency, &rule->rate, error))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
list_rules (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) rules = NULL;
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.status = dt_ops_get_string (input, "kind");
  query.archived = dt_ops_get_bool (input, "include_inactive", FALSE) ? DT_ARCHIVED_INCLUDE
                                                                      : DT_ARCHIVED_EXCLUDE;
  rules = dt_rule_store_list (ctx->db, &query, &has_more, error);
  if (rules == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < rules->len; i++)
    {
      DtRule *rule = g_ptr_array_index (rules, i);

      json_array_add_object_element (items, rule_to_json (ctx->db, rule));
      last = rule->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
create_rule (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  DtRuleKind kind;
  g_autoptr(DtRule) rule = NULL;
  g_autoptr(DtRule) stored = NULL;

  if (!dt_rule_kind_from_string (dt_ops_get_string (input, "kind"), &kind, error))
    return NULL;
  rule = dt_rule_new (kind);
  if (!apply_rule (ctx->db, rule, input, error))
    return NULL;
  stored = dt_rule_store_create (ctx->db, rule, error);
  if (stored)
    dt_op_context_set_object (ctx, "rule %" G_GINT64_FORMAT, stored->id);
  return stored ? rule_to_json (ctx->db, stored) : NULL;
}

static JsonObject *
update_rule (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtRule) rule = NULL;
  g_autoptr(DtRule) stored = NULL;

  dt_op_context_set_object (ctx, "rule %" G_GINT64_FORMAT, id);
  rule = dt_rule_store_get (ctx->db, id, error);
  if (rule == NULL || !apply_rule (ctx->db, rule, input, error))
    return NULL;
  stored = dt_rule_store_update (ctx->db, rule, dt_ops_get_int (input, "expected_version", 0),
                                 error);
  return stored ? rule_to_json (ctx->db, stored) : NULL;
}

static JsonObject *
get_settings (DtOpContext *ctx,
              JsonObject  *input,
              GError     **error)
{
  g_autoptr(GPtrArray) settings = dt_settings_list (ctx->db, error);
  JsonObject *out, *values;
  JsonArray *items;

  if (settings == NULL)
    return NULL;
  out = json_object_new ();
  values = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < settings->len; i++)
    {
      DtSetting *setting = g_ptr_array_index (settings, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "key", setting->key);
      dt_ops_set_string (item, "value", setting->value);
      json_object_set_boolean_member (item, "is_default", setting->is_default);
      if (setting->description)
        json_object_set_string_member (item, "description", setting->description);
      json_array_add_object_element (items, item);
      json_object_set_string_member (values, setting->key, setting->value ? setting->value : "");
    }
  json_object_set_array_member (out, "settings", items);
  json_object_set_object_member (out, "values", values);
  return out;
}

static JsonObject *
update_settings (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  JsonObject *values = json_object_get_object_member (input, "values");
  g_autoptr(GList) keys = json_object_get_members (values);
  g_autoptr(GPtrArray) set_keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) set_values = g_ptr_array_new ();

  for (GList *l = keys; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (values, l->data);

      /* null restores the default. */
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (!dt_settings_set (ctx->db, l->data, NULL, error))
            return NULL;
          continue;
        }
      g_ptr_array_add (set_keys, l->data);
      g_ptr_array_add (set_values, (gpointer) json_node_get_string (node));
    }
  g_ptr_array_add (set_keys, NULL);
  g_ptr_array_add (set_values, NULL);
  if (set_keys->len > 1 &&
      !dt_settings_set_many (ctx->db, (const char * const *) set_keys->pdata,
                             (const char * const *) set_values->pdata, error))
    return NULL;
  dt_op_context_set_object (ctx, "settings");
  return get_settings (ctx, input, error);
}

#define SETTINGS_OUT \
  "{\"type\":\"object\",\"properties\":{\"settings\":{\"type\":\"array\",\"items\":" \
  "{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"},\"value\":" \
  "{\"type\":\"string\"},\"is_default\":{\"type\":\"boolean\"}}}},\"values\":" \
  "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}," \
  "\"required\":[\"settings\",\"values\"]}"

static const DtOp settings_ops[] = {
  {
    "list_rules", "List billing rules", "rules", "rules:read",
    "Lists the rate rules (which hourly rate applies: task > project > client > profile, tag "
    "rules by priority) and rounding rules (increment, direction, per entry or per line, "
    "minimum), active ones unless include_inactive.",
    "{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"rate\","
    "\"rounding\"]},\"client_id\":" DT_OPS_ID ("Rules naming this client") ","
    "\"project_id\":" DT_OPS_ID ("Rules naming this project") ","
    "\"include_inactive\":{\"type\":\"boolean\"}," DT_OPS_PAGE_PROPS "},"
    "\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (RULE_OUT), DT_OP_READ_ONLY, "GET", "/rules", 200, list_rules, NULL,
  },
  {
    "create_rule", "Create a billing rule", "rules", "rules:write",
    "Creates a rate rule (kind=rate, rate, and optionally client/project/task/tag it applies "
    "to) or a rounding rule (kind=rounding, increment_minutes, direction, apply_to). "
    "Changing rules never re-prices work already invoiced.",
    "{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"rate\","
    "\"rounding\"]}," RULE_FIELDS "},\"required\":[\"kind\"],\"additionalProperties\":false}",
    RULE_OUT, 0, "POST", "/rules", 201, create_rule, NULL,
  },
  {
    "update_rule", "Update a billing rule", "rules", "rules:write",
    "Changes the fields given of a rule (its kind cannot change); active=false turns it off.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The rule's id") "," RULE_FIELDS
    "," DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    RULE_OUT, DT_OP_IDEMPOTENT, "PATCH", "/rules/{id}", 200, update_rule, NULL,
  },
  {
    "get_settings", "Get settings", "settings", "settings:read",
    "Returns every setting with its effective value: invoice numbering pattern, default "
    "terms and tax rate, invoice terms text, SMTP server (never the password), consent "
    "policy, backups.",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    SETTINGS_OUT, DT_OP_READ_ONLY, "GET", "/settings", 200, get_settings, NULL,
  },
  {
    "update_settings", "Update settings", "settings", "settings:write",
    "Sets several settings at once, all or nothing, e.g. {\"values\":{\"invoice."
    "default_tax_rate_bp\":\"1900\"}}; null restores a setting's default. The SMTP password "
    "is not a setting: the user enters it in DoubleTime.",
    "{\"type\":\"object\",\"properties\":{\"values\":{\"type\":\"object\",\"minProperties\":1,"
    "\"additionalProperties\":{\"type\":[\"string\",\"null\"],\"maxLength\":2000},"
    "\"description\":\"Setting key → new value (text) or null for the default\"}},"
    "\"required\":[\"values\"],\"additionalProperties\":false}",
    SETTINGS_OUT, DT_OP_IDEMPOTENT, "PATCH", "/settings", 200, update_settings, NULL,
  },
};

void
dt_ops_register_settings (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings_ops); i++)
    dt_op_registry_add (registry, &settings_ops[i]);
}

/* dt-json-schema.c: a small JSON Schema 2020-12 validator with messages that say what to do. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-json-schema.h"

#include <math.h>
#include <string.h>

#include "dt-error.h"
#include "dt-time.h"

#define MAX_PROBLEMS 10

typedef struct
{
  JsonObject *root;
  GPtrArray  *problems;
} Validation;

static void validate (Validation *v, JsonObject *schema, JsonNode *node, const char *path);

static void
problem (Validation *v,
         const char *path,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (Validation *v,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (v->problems->len >= MAX_PROBLEMS)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (path != NULL && *path != '\0')
    g_ptr_array_add (v->problems, g_strdup_printf ("“%s”: %s", path, text));
  else
    g_ptr_array_add (v->problems, g_steal_pointer (&text));
}

static const char *
type_of (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "string";
    case G_TYPE_BOOLEAN:
      return "boolean";
    case G_TYPE_INT64:
      return "integer";
    default:
      return "number";
    }
}

static gboolean
type_matches (const char *wanted,
              JsonNode   *node)
{
  const char *actual = type_of (node);

  if (g_str_equal (wanted, actual))
    return TRUE;
  if (g_str_equal (wanted, "number") && g_str_equal (actual, "integer"))
    return TRUE;
  /* 3.0 is an integer in JSON Schema. */
  if (g_str_equal (wanted, "integer") && g_str_equal (actual, "number"))
    {
      double d = json_node_get_double (node);
      return d == floor (d) && fabs (d) < 9007199254740992.0;
    }
  return FALSE;
}

static double
number_of (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static char *
short_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 37);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static char *
describe_enum (JsonArray *values)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      g_autofree char *item = short_json (json_array_get_element (values, i));

      if (i > 0)
        g_string_append (text, i + 1 == json_array_get_length (values) ? " or " : ", ");
      g_string_append (text, item);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonObject *
resolve_ref (Validation *v,
             const char *ref)
{
  JsonNode *defs;
  JsonNode *target;

  if (!g_str_has_prefix (ref, "#/$defs/"))
    return NULL;
  defs = json_object_get_member (v->root, "$defs");
  if (defs == NULL || !JSON_NODE_HOLDS_OBJECT (defs))
    return NULL;
  target = json_object_get_member (json_node_get_object (defs), ref + strlen ("#/$defs/"));
  return target && JSON_NODE_HOLDS_OBJECT (target) ? json_node_get_object (target) : NULL;
}

static gboolean
email_valid (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '.') != NULL && strchr (text, ' ') == NULL &&
         at[1] != '.' && text[strlen (text) - 1] != '.';
}

static void
check_format (Validation *v,
              const char *format,
              const char *text,
              const char *path)
{
  if (g_str_equal (format, "date"))
    {
      int y, m, d;

      if (!dt_time_parse_date (text, &y, &m, &d, NULL))
        problem (v, path, "expected a calendar date like 2026-11-01 (YYYY-MM-DD), got “%s”",
                 text);
    }
  else if (g_str_equal (format, "date-time"))
    {
      gint64 instant;

      if (!dt_time_parse_iso (text, &instant, NULL))
        problem (v, path, "expected an ISO 8601 date and time like 2026-11-01T09:30:00Z "
                          "(or a date like 2026-11-01), got “%s”", text);
    }
  else if (g_str_equal (format, "email"))
    {
      if (!email_valid (text))
        problem (v, path, "expected an e-mail address like name@example.com, got “%s”", text);
    }
  else if (g_str_equal (format, "uri"))
    {
      if (!g_uri_is_valid (text, G_URI_FLAGS_NONE, NULL))
        problem (v, path, "expected an absolute URI, got “%s”", text);
    }
}

static void
validate_string (Validation *v,
                 JsonObject *schema,
                 const char *text,
                 const char *path)
{
  glong length = g_utf8_strlen (text, -1);

  if (json_object_has_member (schema, "minLength") &&
      length < json_object_get_int_member (schema, "minLength"))
    {
      if (json_object_get_int_member (schema, "minLength") == 1)
        problem (v, path, "must not be empty");
      else
        problem (v, path, "must be at least %" G_GINT64_FORMAT " characters long",
                 json_object_get_int_member (schema, "minLength"));
    }
  if (json_object_has_member (schema, "maxLength") &&
      length > json_object_get_int_member (schema, "maxLength"))
    problem (v, path, "must be at most %" G_GINT64_FORMAT " characters long (it has %ld)",
             json_object_get_int_member (schema, "maxLength"), length);
  if (json_object_has_member (schema, "pattern"))
    {
      const char *pattern = json_object_get_string_member (schema, "pattern");

      if (!g_regex_match_simple (pattern, text, 0, 0))
        problem (v, path, "“%s” does not have the expected form (%s)", text, pattern);
    }
  if (json_object_has_member (schema, "format"))
    check_format (v, json_object_get_string_member (schema, "format"), text, path);
}

static void
validate_number (Validation *v,
                 JsonObject *schema,
                 JsonNode   *node,
                 const char *path)
{
  double value = number_of (node);

  if (json_object_has_member (schema, "minimum") &&
      value < json_object_get_double_member (schema, "minimum"))
    problem (v, path, "must be at least %g, got %g",
             json_object_get_double_member (schema, "minimum"), value);
  if (json_object_has_member (schema, "exclusiveMinimum") &&
      value <= json_object_get_double_member (schema, "exclusiveMinimum"))
    problem (v, path, "must be more than %g, got %g",
             json_object_get_double_member (schema, "exclusiveMinimum"), value);
  if (json_object_has_member (schema, "maximum") &&
      value > json_object_get_double_member (schema, "maximum"))
    problem (v, path, "must be at most %g, got %g",
             json_object_get_double_member (schema, "maximum"), value);
}

static void
validate_object (Validation *v,
                 JsonObject *schema,
                 JsonObject *object,
                 const char *path)
{
  JsonNode *properties_node = json_object_get_member (schema, "properties");
  JsonObject *properties = properties_node && JSON_NODE_HOLDS_OBJECT (properties_node)
                           ? json_node_get_object (properties_node) : NULL;
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonNode *required = json_object_get_member (schema, "required");
  g_autoptr(GList) members = json_object_get_members (object);

  if (required != NULL && JSON_NODE_HOLDS_ARRAY (required))
    {
      JsonArray *names = json_node_get_array (required);

      for (guint i = 0; i < json_array_get_length (names); i++)
        {
          const char *name = json_array_get_string_element (names, i);

          if (!json_object_has_member (object, name))
            {
              g_autofree char *child = *path ? g_strdup_printf ("%s.%s", path, name)
                                             : g_strdup (name);
              JsonNode *prop = properties ? json_object_get_member (properties, name) : NULL;
              const char *hint = NULL;

              if (prop && JSON_NODE_HOLDS_OBJECT (prop))
                hint = json_object_get_string_member_with_default (json_node_get_object (prop),
                                                                   "description", NULL);
              if (hint)
                problem (v, child, "is required (%s)", hint);
              else
                problem (v, child, "is required");
            }
        }
    }

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *child = *path ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
      JsonNode *prop = properties ? json_object_get_member (properties, name) : NULL;

      if (prop != NULL && JSON_NODE_HOLDS_OBJECT (prop))
        validate (v, json_node_get_object (prop), json_object_get_member (object, name), child);
      else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
               !json_node_get_boolean (additional))
        {
          g_autoptr(GString) known = g_string_new (NULL);

          if (properties)
            {
              g_autoptr(GList) names = json_object_get_members (properties);

              for (GList *k = names; k; k = k->next)
                g_string_append_printf (known, "%s%s", known->len ? ", " : "",
                                        (const char *) k->data);
            }
          if (known->len)
            problem (v, child, "is not a known field; the fields are: %s", known->str);
          else
            problem (v, child, "is not a known field; this takes no arguments");
        }
      else if (additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
        validate (v, json_node_get_object (additional), json_object_get_member (object, name),
                  child);
    }
}

static void
validate_array (Validation *v,
                JsonObject *schema,
                JsonArray  *array,
                const char *path)
{
  guint length = json_array_get_length (array);
  JsonNode *items = json_object_get_member (schema, "items");

  if (json_object_has_member (schema, "minItems") &&
      length < json_object_get_int_member (schema, "minItems"))
    problem (v, path, "needs at least %" G_GINT64_FORMAT " items",
             json_object_get_int_member (schema, "minItems"));
  if (json_object_has_member (schema, "maxItems") &&
      length > json_object_get_int_member (schema, "maxItems"))
    problem (v, path, "takes at most %" G_GINT64_FORMAT " items (it has %u)",
             json_object_get_int_member (schema, "maxItems"), length);
  if (items != NULL && JSON_NODE_HOLDS_OBJECT (items))
    for (guint i = 0; i < length; i++)
      {
        g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

        validate (v, json_node_get_object (items), json_array_get_element (array, i), child);
      }
  if (json_object_get_boolean_member_with_default (schema, "uniqueItems", FALSE))
    for (guint i = 0; i < length; i++)
      for (guint j = i + 1; j < length; j++)
        if (json_node_equal (json_array_get_element (array, i), json_array_get_element (array, j)))
          {
            problem (v, path, "lists the same value twice (items %u and %u)", i, j);
            return;
          }
}

static gboolean
matches (Validation *v,
         JsonObject *schema,
         JsonNode   *node)
{
  Validation inner = { v->root, g_ptr_array_new_with_free_func (g_free) };
  gboolean ok;

  validate (&inner, schema, node, "");
  ok = inner.problems->len == 0;
  g_ptr_array_unref (inner.problems);
  return ok;
}

static void
validate (Validation *v,
          JsonObject *schema,
          JsonNode   *node,
          const char *path)
{
  JsonNode *type = json_object_get_member (schema, "type");
  const char *ref = json_object_get_string_member_with_default (schema, "$ref", NULL);

  if (ref != NULL)
    {
      JsonObject *target = resolve_ref (v, ref);

      if (target != NULL)
        validate (v, target, node, path);
      return;
    }

  if (type != NULL)
    {
      gboolean ok = FALSE;
      g_autoptr(GString) wanted = g_string_new (NULL);

      if (JSON_NODE_HOLDS_ARRAY (type))
        {
          JsonArray *types = json_node_get_array (type);

          for (guint i = 0; i < json_array_get_length (types); i++)
            {
              const char *t = json_array_get_string_element (types, i);

              ok = ok || type_matches (t, node);
              g_string_append_printf (wanted, "%s%s", i ? " or " : "", t);
            }
        }
      else
        {
          ok = type_matches (json_node_get_string (type), node);
          g_string_append (wanted, json_node_get_string (type));
        }
      if (!ok)
        {
          g_autofree char *value = short_json (node);

          problem (v, path, "expected %s %s, got %s %s",
                   strchr ("aeiou", wanted->str[0]) ? "an" : "a", wanted->str,
                   type_of (node), value);
          return;
        }
    }

  if (json_object_has_member (schema, "const") &&
      !json_node_equal (json_object_get_member (schema, "const"), node))
    {
      g_autofree char *value = short_json (json_object_get_member (schema, "const"));
      problem (v, path, "must be %s", value);
    }
  if (json_object_has_member (schema, "enum"))
    {
      JsonArray *values = json_object_get_array_member (schema, "enum");
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (values) && !found; i++)
        found = json_node_equal (json_array_get_element (values, i), node);
      if (!found)
        {
          g_autofree char *value = short_json (node);
          g_autofree char *valid = describe_enum (values);

          problem (v, path, "%s is not one of the valid values: %s", value, valid);
        }
    }
  if (json_object_has_member (schema, "anyOf") || json_object_has_member (schema, "oneOf"))
    {
      JsonArray *options = json_object_has_member (schema, "anyOf")
                           ? json_object_get_array_member (schema, "anyOf")
                           : json_object_get_array_member (schema, "oneOf");
      guint n_match = 0;

      for (guint i = 0; i < json_array_get_length (options); i++)
        {
          JsonNode *option = json_array_get_element (options, i);

          if (JSON_NODE_HOLDS_OBJECT (option) && matches (v, json_node_get_object (option), node))
            n_match++;
        }
      if (n_match == 0 || (json_object_has_member (schema, "oneOf") && n_match > 1))
        {
          const char *description =
            json_object_get_string_member_with_default (schema, "description", NULL);

          if (description)
            problem (v, path, "does not match what is expected: %s", description);
          else
            problem (v, path, "does not match any of the accepted forms");
        }
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    validate_object (v, schema, json_node_get_object (node), path);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    validate_array (v, schema, json_node_get_array (node), path);
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        validate_string (v, schema, json_node_get_string (node), path);
      else if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        validate_number (v, schema, node, path);
    }
}

gboolean
dt_json_schema_validate (JsonObject *schema,
                         JsonNode   *instance,
                         GError    **error)
{
  Validation v = { schema, g_ptr_array_new_with_free_func (g_free) };
  gboolean ok;

  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);

  validate (&v, schema, instance, "");
  ok = v.problems->len == 0;
  if (!ok)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (v.problems, NULL);
      joined = g_strjoinv ("\n", (char **) v.problems->pdata);
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, joined);
    }
  g_ptr_array_unref (v.problems);
  return ok;
}

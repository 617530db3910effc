/* dt-json-schema.h: validates operation input against its JSON Schema (the 2020-12 subset
 * the operations use) and says, in words a person or a model can act on, what is wrong and
 * what would be valid. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Supported keywords: type (one or several), properties, required, additionalProperties
 * (false or a schema), enum, const, minimum, maximum, exclusiveMinimum, minLength,
 * maxLength, pattern, format (date, date-time, email, uri), items, minItems, maxItems,
 * uniqueItems, anyOf, oneOf, $ref to "#/$defs/…", description/title/default/examples
 * (ignored). Fails with DT_ERROR_INVALID naming the field ("client_id") and what it
 * expected; all problems are listed, one per line, at most ten. */
gboolean dt_json_schema_validate (JsonObject  *schema,
                                  JsonNode    *instance,
                                  GError     **error);

G_END_DECLS

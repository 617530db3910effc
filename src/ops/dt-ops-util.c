/* dt-ops-util.c: reading operation input and writing output in the API's conventions. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"
#include "dt-json-writer.h"

#include <string.h>

const char *
dt_ops_get_string (JsonObject *input,
                   const char *name)
{
  JsonNode *node = json_object_get_member (input, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
dt_ops_get_int (JsonObject *input,
                const char *name,
                gint64      fallback)
{
  JsonNode *node = json_object_get_member (input, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

gboolean
dt_ops_get_bool (JsonObject *input,
                 const char *name,
                 gboolean    fallback)
{
  JsonNode *node = json_object_get_member (input, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

gboolean
dt_ops_has (JsonObject *input,
            const char *name)
{
  return json_object_has_member (input, name);
}

gboolean
dt_ops_is_null (JsonObject *input,
                const char *name)
{
  JsonNode *node = json_object_get_member (input, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

gboolean
dt_ops_get_instant (JsonObject *input,
                    const char *name,
                    gint64     *out,
                    GError    **error)
{
  const char *text = dt_ops_get_string (input, name);
  g_autoptr(GError) local = NULL;

  if (text == NULL)
    return TRUE;
  if (!dt_time_parse_iso (text, out, &local))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: expected an ISO 8601 date and time like 2026-11-27T09:30:00Z or a "
                   "date like 2026-11-27, got “%s”", name, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_ops_get_range (JsonObject *input,
                  gint64     *from,
                  gint64     *to,
                  GError    **error)
{
  const char *to_text = dt_ops_get_string (input, "to");

  *from = 0;
  *to = 0;
  if (!dt_ops_get_instant (input, "from", from, error) ||
      !dt_ops_get_instant (input, "to", to, error))
    return FALSE;
  /* A bare date as the end means the whole of that day. */
  if (to_text != NULL && strlen (to_text) == 10)
    *to = dt_time_local_day_add (*to, 1);
  if (*from != 0 && *to != 0 && *to <= *from)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“to” (%s) is before “from” (%s); give the end of the range after its "
                   "start", to_text, dt_ops_get_string (input, "from"));
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_ops_get_period (JsonObject *input,
                   gint64     *from,
                   gint64     *to,
                   GError    **error)
{
  if (!dt_ops_get_range (input, from, to, error))
    return FALSE;
  if (*from == 0 || *to == 0)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "give both “from” and “to”, e.g. from 2026-11-01 to 2026-11-30");
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_ops_get_money (JsonObject *input,
                  const char *name,
                  const char *currency,
                  gint64     *out,
                  GError    **error)
{
  JsonNode *node = json_object_get_member (input, name);
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  *out = DT_NO_VALUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g",
                                        json_node_get_double (node)));
    }
  if (!dt_money_parse (text, currency, out, &local))
    {
      int exponent = dt_money_currency_exponent (currency);

      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: “%s” is not an amount in %s; give a decimal like \"85.%.*s\" "
                   "(%d decimals at most)", name, text, currency, MAX (exponent, 0), "00000",
                   MAX (exponent, 0));
      return FALSE;
    }
  if (*out < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: the amount must not be negative, got %s", name, text);
      return FALSE;
    }
  return TRUE;
}

char *
dt_ops_cursor_encode (gint64 after_id)
{
  g_autofree char *plain = g_strdup_printf ("after:%" G_GINT64_FORMAT, after_id);
  char *text = g_base64_encode ((const guchar *) plain, strlen (plain));

  /* URL-safe, so it can go in a query string as it is. */
  for (char *p = text; *p; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
    else if (*p == '=')
      *p = '\0';
  return text;
}

static gboolean
cursor_decode (const char *cursor,
               gint64     *after_id)
{
  g_autoptr(GString) padded = g_string_new (cursor);
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  if (strlen (cursor) == 0 || strlen (cursor) > 64)
    return FALSE;
  for (char *p = padded->str; *p; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p))
        return FALSE;
    }
  while (padded->len % 4)
    g_string_append_c (padded, '=');
  plain = g_base64_decode (padded->str, &len);
  text = g_strndup ((const char *) plain, len);
  return g_str_has_prefix (text, "after:") &&
         g_ascii_string_to_signed (text + 6, 10, 0, G_MAXINT64, after_id, NULL);
}

gboolean
dt_ops_get_page (JsonObject  *input,
                 DtListQuery *query,
                 GError     **error)
{
  const char *cursor = dt_ops_get_string (input, "cursor");

  query->limit = (guint) dt_ops_get_int (input, "limit", DT_LIST_DEFAULT_LIMIT);
  if (cursor != NULL && !cursor_decode (cursor, &query->after_id))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "“cursor”: not a cursor this server gave; pass next_cursor from "
                           "the previous page, or leave it out for the first page");
      return FALSE;
    }
  return TRUE;
}

DtArchivedFilter
dt_ops_get_archived (JsonObject *input)
{
  const char *value = dt_ops_get_string (input, "archived");

  if (g_strcmp0 (value, "only") == 0)
    return DT_ARCHIVED_ONLY;
  if (g_strcmp0 (value, "include") == 0)
    return DT_ARCHIVED_INCLUDE;
  return DT_ARCHIVED_EXCLUDE;
}

void
dt_ops_set_instant (JsonObject *out,
                    const char *name,
                    gint64      instant)
{
  char local_name[64];
  char day_name[64];
  DtTimeTexts texts;

  /* Every listed entry has three instants: no allocation beyond the members themselves. */
  g_snprintf (local_name, sizeof local_name, "%s_local", name);
  g_snprintf (day_name, sizeof day_name, "%s_day", name);
  if (instant == 0)
    {
      json_object_set_null_member (out, name);
      json_object_set_null_member (out, local_name);
      json_object_set_null_member (out, day_name);
      return;
    }
  dt_time_texts (instant, &texts);
  json_object_set_string_member (out, name, texts.utc);
  json_object_set_string_member (out, local_name, texts.local);
  json_object_set_string_member (out, day_name, texts.day);
}

void
dt_ops_set_money (JsonObject *out,
                  const char *name,
                  gint64      minor,
                  const char *currency)
{
  g_autofree char *minor_name = g_strconcat (name, "_minor", NULL);

  if (minor == DT_NO_VALUE || currency == NULL)
    {
      json_object_set_null_member (out, name);
      json_object_set_null_member (out, minor_name);
      return;
    }
  {
    g_autofree char *text = dt_money_format_plain (minor, currency);

    json_object_set_string_member (out, name, text);
    json_object_set_int_member (out, minor_name, minor);
  }
}

void
dt_ops_set_optional_int (JsonObject *out,
                         const char *name,
                         gint64      value)
{
  if (value == DT_NO_VALUE || value == 0)
    json_object_set_null_member (out, name);
  else
    json_object_set_int_member (out, name, value);
}

void
dt_ops_set_string (JsonObject *out,
                   const char *name,
                   const char *value)
{
  json_object_set_string_member (out, name, value ? value : "");
}

JsonObject *
dt_ops_page (JsonArray *items,
             gboolean   has_more,
             gint64     last_id)
{
  JsonObject *out = json_object_new ();

  json_object_set_array_member (out, "items", items);
  if (has_more)
    {
      g_autofree char *cursor = dt_ops_cursor_encode (last_id);
      json_object_set_string_member (out, "next_cursor", cursor);
    }
  else
    json_object_set_null_member (out, "next_cursor");
  return out;
}

void
dt_ops_write_page_start (GString *out)
{
  g_string_append (out, "{\"items\":[");
}

void
dt_ops_write_page_end (GString  *out,
                       gboolean  has_more,
                       gint64    last_id)
{
  g_string_append (out, "],\"next_cursor\":");
  if (has_more)
    {
      g_autofree char *cursor = dt_ops_cursor_encode (last_id);

      dt_json_write_string (out, cursor);
    }
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

/* ---- output written as text (see ctx->text_out) ------------------------------------------ */

void
dt_ops_put_name (GString    *out,
                 const char *name,
                 const char *suffix)
{
  g_string_append (out, ",\"");
  g_string_append (out, name);
  g_string_append (out, suffix);
  g_string_append (out, "\":");
}

void
dt_ops_put_int (GString    *out,
                const char *name,
                gint64      value)
{
  dt_ops_put_name (out, name, "");
  dt_json_write_int (out, value);
}

void
dt_ops_put_bool (GString    *out,
                 const char *name,
                 gboolean    value)
{
  dt_ops_put_name (out, name, "");
  g_string_append (out, value ? "true" : "false");
}

void
dt_ops_put_money (GString    *out,
                  const char *name,
                  gint64      minor,
                  const char *currency)
{
  dt_ops_put_name (out, name, "");
  if (minor == DT_NO_VALUE || currency == NULL)
    {
      g_string_append (out, "null");
      dt_ops_put_name (out, name, "_minor");
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  dt_money_append_plain (out, minor, currency);
  g_string_append_c (out, '"');
  dt_ops_put_name (out, name, "_minor");
  dt_json_write_int (out, minor);
}

static void
put_suffixed_text (GString    *out,
                   const char *name,
                   const char *suffix,
                   const char *text)
{
  dt_ops_put_name (out, name, suffix);
  if (text != NULL)
    dt_json_write_string (out, text);
  else
    g_string_append (out, "null");
}

void
dt_ops_put_text (GString    *out,
                 const char *name,
                 const char *text)
{
  put_suffixed_text (out, name, "", text);
}

void
dt_ops_put_string (GString    *out,
                   const char *name,
                   const char *text)
{
  put_suffixed_text (out, name, "", text != NULL ? text : "");
}

void
dt_ops_put_optional_int (GString    *out,
                         const char *name,
                         gint64      value)
{
  if (value == DT_NO_VALUE || value == 0)
    put_suffixed_text (out, name, "", NULL);
  else
    dt_ops_put_int (out, name, value);
}

void
dt_ops_put_instant (GString    *out,
                    const char *name,
                    gint64      instant)
{
  DtTimeTexts texts;

  if (instant != 0)
    dt_time_texts (instant, &texts);
  put_suffixed_text (out, name, "", instant != 0 ? texts.utc : NULL);
  put_suffixed_text (out, name, "_local", instant != 0 ? texts.local : NULL);
  put_suffixed_text (out, name, "_day", instant != 0 ? texts.day : NULL);
}

JsonObject *
dt_ops_answer_written (DtOpContext   *ctx,
                       DtOpsWriter    writer,
                       gconstpointer  data,
                       GError       **error)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (ctx->text_out != NULL)
    {
      writer (ctx->text_out, data);
      return json_object_new ();
    }
  text = g_string_sized_new (4096);
  writer (text, data);
  node = json_from_string (text->str, error);
  if (node == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

gboolean
dt_ops_read_percent_bp (JsonObject *input,
                        const char *name,
                        int        *out_bp,
                        GError    **error)
{
  const char *text = dt_ops_get_string (input, name);
  gint64 value;

  if (text == NULL)
    return TRUE;
  /* "19" or "7.5" percent → basis points, with the money parser's exactness (2 decimals). */
  if (!dt_money_parse (text, "EUR", &value, NULL) || value < 0 || value > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: expected a percentage between 0 and 100 like \"19\" or \"7.5\", "
                   "got “%s”", name, text);
      return FALSE;
    }
  *out_bp = (int) value;
  return TRUE;
}

/* "2", "1.5" or "0.250" units → thousandths. */
gboolean
dt_ops_read_units (JsonObject *item,
                   guint       number,
                   gint64     *out,
                   GError    **error)
{
  const char *text = dt_ops_get_string (item, "quantity_units");
  gint64 whole = 0, thousandths = 0;
  const char *p = text;
  int decimals = 0;

  for (; p != NULL && g_ascii_isdigit (*p) && whole < G_GINT64_CONSTANT (1000000000); p++)
    whole = whole * 10 + (*p - '0');
  if (p != NULL && p != text && *p == '.')
    for (p++; g_ascii_isdigit (*p) && decimals < 3; p++, decimals++)
      thousandths = thousandths * 10 + (*p - '0');
  if (p == NULL || p == text || *p != '\0' || (decimals == 0 && p[-1] == '.'))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line %u: “quantity_units” must be a number of units with at most three "
                   "decimals, like \"1\" or \"2.5\", got “%s”", number, text ? text : "");
      return FALSE;
    }
  for (; decimals < 3; decimals++)
    thousandths *= 10;
  *out = whole * 1000 + thousandths;
  return TRUE;
}

GBytes *
dt_ops_decode_base64 (const char  *member,
                      const char  *base64,
                      gsize        max_size,
                      GError     **error)
{
  gsize length = base64 != NULL ? strlen (base64) : 0;
  gsize size = 0;
  guchar *data;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (base64[i]) && base64[i] != '+' && base64[i] != '/' &&
        !(base64[i] == '=' && i + 2 >= length))
      {
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "“%s”: not base64 (character %" G_GSIZE_FORMAT " is not one of A–Z, a–z, "
                     "0–9, + and /)", member, i + 1);
        return NULL;
      }
  if (length == 0 || length % 4 != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: not base64 (its length must be a non-zero multiple of 4)", member);
      return NULL;
    }
  data = g_base64_decode (base64, &size);
  if (size > max_size)
    {
      g_free (data);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: the file has %" G_GSIZE_FORMAT " bytes; at most %" G_GSIZE_FORMAT
                   " are taken this way", member, size, max_size);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

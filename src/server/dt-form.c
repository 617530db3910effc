/* dt-form.c: the strict query/form parser every request goes through. */
#define G_LOG_DOMAIN "dt-server"

#include "dt-form.h"
#include "dt-error.h"

#include <string.h>

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes one component; NULL with @error set when it is not acceptable. */
static char *
decode_component (const char  *data,
                  gsize        len,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (len + 1);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '+')
        g_string_append_c (out, ' ');
      else if (c == '%')
        {
          int hi, lo;

          if (i + 2 >= len)
            hi = lo = -1;
          else
            {
              hi = hex_value (data[i + 1]);
              lo = hex_value (data[i + 2]);
            }
          if (hi < 0 || lo < 0)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "The %s has a malformed percent-escape: “%%” must be followed by "
                           "two hexadecimal digits", what);
              return NULL;
            }
          g_string_append_c (out, (char) (hi * 16 + lo));
          i += 2;
        }
      else
        g_string_append_c (out, c);
    }

  if (memchr (out->str, '\0', out->len) != NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "The %s contains a NUL byte", what);
      return NULL;
    }
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "The %s is not valid UTF-8", what);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GHashTable *
dt_form_parse (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize start = 0;
  guint count = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0)
    return g_steal_pointer (&table);

  while (start <= len)
    {
      const char *pair = data + start;
      const char *end = memchr (pair, '&', len - start);
      gsize pair_len = end != NULL ? (gsize) (end - pair) : len - start;
      const char *eq = memchr (pair, '=', pair_len);
      gsize name_len = eq != NULL ? (gsize) (eq - pair) : pair_len;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (pair_len == 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "The parameters contain an empty pair (“&&”, or “&” at the start or end)");
          return NULL;
        }
      if (++count > DT_FORM_MAX_PARAMS)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "Too many parameters: at most %d are accepted", DT_FORM_MAX_PARAMS);
          return NULL;
        }
      if (name_len == 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "A parameter has an empty name");
          return NULL;
        }

      name = decode_component (pair, name_len, "parameter name", error);
      if (name == NULL)
        return NULL;
      if (*name == '\0')
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "A parameter has an empty name");
          return NULL;
        }

      if (eq != NULL)
        {
          g_autofree char *what = g_strdup_printf ("value of “%s”", name);
          value = decode_component (eq + 1, pair_len - name_len - 1, what, error);
          if (value == NULL)
            return NULL;
        }
      else
        value = g_strdup ("");

      if (g_hash_table_contains (table, name))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "The parameter “%s” is given more than once", name);
          return NULL;
        }
      g_hash_table_insert (table, g_steal_pointer (&name), g_steal_pointer (&value));

      if (end == NULL)
        break;
      start += pair_len + 1;
    }

  return g_steal_pointer (&table);
}

char *
dt_form_decode (const char  *data,
                gsize        len,
                GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  return decode_component (data != NULL ? data : "", len, "value", error);
}

char *
dt_form_encode (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

gboolean
dt_form_parse_basic (const char  *header,
                     char       **out_id,
                     char       **out_secret)
{
  const char *encoded;
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  gsize len = 0;
  const char *colon;

  g_return_val_if_fail (out_id != NULL && out_secret != NULL, FALSE);

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  encoded = header + 6;
  while (*encoded == ' ')
    encoded++;
  if (*encoded == '\0' || strlen (encoded) > 4096)
    return FALSE;
  for (const char *p = encoded; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  if (strlen (encoded) % 4 != 0)
    return FALSE;
  decoded = g_base64_decode (encoded, &len);
  if (decoded == NULL || len == 0 || memchr (decoded, '\0', len) != NULL)
    return FALSE;
  text = g_strndup ((const char *) decoded, len);
  colon = strchr (text, ':');
  if (colon == NULL || colon == text)
    return FALSE;
  id = dt_form_decode (text, colon - text, NULL);
  secret = dt_form_decode (colon + 1, strlen (colon + 1), NULL);
  if (id == NULL || secret == NULL || *id == '\0')
    return FALSE;
  *out_id = g_steal_pointer (&id);
  *out_secret = g_steal_pointer (&secret);
  return TRUE;
}

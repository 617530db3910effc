/* dt-json-reader.c: one JSON text read into a json-glib tree, strictly.
 *
 * json-glib's JsonParser builds a GScanner and a GObject for every text, which made parsing
 * a request's 150-byte body the largest single cost on the server's thread after sending,
 * and it keeps the last of two equal keys without a word. This reader walks the text once,
 * builds the same tree, and refuses what RFC 8259 does not allow. */
#define G_LOG_DOMAIN "dt-json"

#include <math.h>
#include <string.h>

#include "dt-json-reader.h"

G_DEFINE_QUARK (dt-json-read-error-quark, dt_json_read_error)

typedef struct
{
  const char  *start;
  const char  *p;          /* the next byte to read */
  const char  *end;
  guint        depth;
  guint        max_depth;
  GString     *scratch;    /* the last string read */
  GError     **error;
} Reader;

static JsonNode *read_value (Reader *r);

static gsize
offset (Reader     *r,
        const char *at)
{
  return (gsize) (at - r->start);
}

static gpointer
fail (Reader          *r,
      DtJsonReadError  code,
      const char      *format,
      ...) G_GNUC_PRINTF (3, 4);

static gpointer
fail (Reader          *r,
      DtJsonReadError  code,
      const char      *format,
      ...)
{
  va_list args;

  if (r->error == NULL)
    return NULL;
  va_start (args, format);
  *r->error = g_error_new_valist (DT_JSON_READ_ERROR, code, format, args);
  va_end (args);
  return NULL;
}

/* What stands at @at, for a message: the character, or that the text ended. */
static char *
describe (Reader     *r,
          const char *at)
{
  if (at >= r->end)
    return g_strdup ("the end of the text");
  if ((guchar) *at < 0x20 || (guchar) *at >= 0x7f)
    {
      gunichar c = g_utf8_get_char (at);

      return g_strdup_printf ("U+%04X", c);
    }
  return g_strdup_printf ("“%c”", *at);
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* Reads the string literal whose opening quote is at r->p into r->scratch. */
static gboolean
read_string (Reader *r)
{
  const char *opening = r->p;

  g_string_truncate (r->scratch, 0);
  r->p++;
  for (;;)
    {
      const char *run = r->p;
      const char *escape;
      gunichar c, low;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (r->scratch, run, r->p - run);
      if (r->p < r->end && *r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      if (r->p < r->end && *r->p != '\\')
        {
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "a control character (U+%04X) stands unescaped "
                "in a string at byte %" G_GSIZE_FORMAT, (guint) (guchar) *r->p,
                offset (r, r->p));
          return FALSE;
        }
      if (r->end - r->p < 2)
        {
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "the string at byte %" G_GSIZE_FORMAT
                " is not closed", offset (r, opening));
          return FALSE;
        }

      escape = r->p++;
      switch (*r->p++)
        {
        case '"': g_string_append_c (r->scratch, '"'); continue;
        case '\\': g_string_append_c (r->scratch, '\\'); continue;
        case '/': g_string_append_c (r->scratch, '/'); continue;
        case 'b': g_string_append_c (r->scratch, '\b'); continue;
        case 'f': g_string_append_c (r->scratch, '\f'); continue;
        case 'n': g_string_append_c (r->scratch, '\n'); continue;
        case 'r': g_string_append_c (r->scratch, '\r'); continue;
        case 't': g_string_append_c (r->scratch, '\t'); continue;
        case 'u': break;
        default:
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "the escape at byte %" G_GSIZE_FORMAT " is not "
                "one JSON knows (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                offset (r, escape));
          return FALSE;
        }

      if (!read_hex4 (r, &c))
        {
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "the escape at byte %" G_GSIZE_FORMAT " needs "
                "four hexadecimal digits after \\u", offset (r, escape));
          return FALSE;
        }
      if (c >= 0xd800 && c <= 0xdbff)
        {
          /* A character beyond the Basic Multilingual Plane comes as a surrogate pair. */
          gboolean paired = r->end - r->p >= 2 && r->p[0] == '\\' && r->p[1] == 'u';

          if (paired)
            {
              r->p += 2;
              paired = read_hex4 (r, &low) && low >= 0xdc00 && low <= 0xdfff;
            }
          if (!paired)
            {
              fail (r, DT_JSON_READ_ERROR_SYNTAX, "the escape at byte %" G_GSIZE_FORMAT " is "
                    "the first half of a surrogate pair, and the second (\\uDC00 to \\uDFFF) "
                    "does not follow it", offset (r, escape));
              return FALSE;
            }
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        }
      else if (c >= 0xdc00 && c <= 0xdfff)
        {
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "the escape at byte %" G_GSIZE_FORMAT " is the "
                "second half of a surrogate pair without the first", offset (r, escape));
          return FALSE;
        }
      else if (c == 0)
        {
          fail (r, DT_JSON_READ_ERROR_SYNTAX, "the escape at byte %" G_GSIZE_FORMAT " is a "
                "NUL character (\\u0000), which no text here may hold", offset (r, escape));
          return FALSE;
        }
      g_string_append_unichar (r->scratch, c);
    }
}

static gboolean
at_digit (Reader *r)
{
  return r->p < r->end && g_ascii_isdigit (*r->p);
}

/* A number in a tree: an integer that fits in 64 bits, else a double. */
static JsonNode *
number_node (const char *begin,
             const char *end,
             gboolean    integral)
{
  g_autofree char *literal = NULL;
  double value;

  if (integral)
    {
      gboolean negative = *begin == '-';
      guint64 magnitude = 0;
      gboolean fits = TRUE;

      for (const char *d = begin + negative; d < end && fits; d++)
        {
          guint digit = (guint) (*d - '0');

          if (magnitude > (G_MAXUINT64 - digit) / 10)
            fits = FALSE;
          else
            magnitude = magnitude * 10 + digit;
        }
      if (fits && !negative && magnitude <= (guint64) G_MAXINT64)
        return json_node_init_int (json_node_alloc (), (gint64) magnitude);
      if (fits && negative && magnitude <= (guint64) G_MAXINT64 + 1)
        return json_node_init_int (json_node_alloc (),
                                   magnitude == 0 ? 0 : -(gint64) (magnitude - 1) - 1);
    }
  literal = g_strndup (begin, (gsize) (end - begin));
  value = g_ascii_strtod (literal, NULL);
  return isfinite (value) ? json_node_init_double (json_node_alloc (), value) : NULL;
}

static JsonNode *
read_number (Reader *r)
{
  const char *begin = r->p;
  gboolean integral = TRUE;
  JsonNode *node;

  if (*r->p == '-')
    r->p++;
  if (!at_digit (r))
    return fail (r, DT_JSON_READ_ERROR_SYNTAX, "the number at byte %" G_GSIZE_FORMAT
                 " needs a digit after its minus sign", offset (r, begin));
  if (*r->p == '0' && r->p + 1 < r->end && g_ascii_isdigit (r->p[1]))
    return fail (r, DT_JSON_READ_ERROR_SYNTAX, "the number at byte %" G_GSIZE_FORMAT
                 " starts with a zero; JSON numbers have no leading zeros",
                 offset (r, begin));
  while (at_digit (r))
    r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integral = FALSE;
      r->p++;
      if (!at_digit (r))
        return fail (r, DT_JSON_READ_ERROR_SYNTAX, "the number at byte %" G_GSIZE_FORMAT
                     " needs digits after its decimal point", offset (r, begin));
      while (at_digit (r))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integral = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!at_digit (r))
        return fail (r, DT_JSON_READ_ERROR_SYNTAX, "the number at byte %" G_GSIZE_FORMAT
                     " needs digits in its exponent", offset (r, begin));
      while (at_digit (r))
        r->p++;
    }
  node = number_node (begin, r->p, integral);
  if (node == NULL)
    return fail (r, DT_JSON_READ_ERROR_SYNTAX, "the number at byte %" G_GSIZE_FORMAT
                 " is too large for a double", offset (r, begin));
  return node;
}

static JsonNode *
unexpected (Reader     *r,
            const char *expected)
{
  g_autofree char *found = describe (r, r->p);

  return fail (r, DT_JSON_READ_ERROR_SYNTAX, "expected %s at byte %" G_GSIZE_FORMAT
               " but found %s", expected, offset (r, r->p), found);
}

static JsonNode *
read_literal (Reader     *r,
              const char *word,
              JsonNode   *node)
{
  gsize length = strlen (word);

  if ((gsize) (r->end - r->p) < length || memcmp (r->p, word, length) != 0)
    {
      json_node_unref (node);
      return unexpected (r, "a value");
    }
  r->p += length;
  return node;
}

/* Steps into an array or object at r->p. */
static gboolean
enter (Reader *r)
{
  if (++r->depth > r->max_depth)
    {
      fail (r, DT_JSON_READ_ERROR_TOO_DEEP, "The JSON nests arrays and objects deeper than "
            "%u levels (at byte %" G_GSIZE_FORMAT ")", r->max_depth, offset (r, r->p));
      return FALSE;
    }
  r->p++;
  skip_space (r);
  return TRUE;
}

/* Steps over @closing when it stands next, leaving the array or object. */
static gboolean
leave (Reader *r,
       char    closing)
{
  if (r->p < r->end && *r->p == closing)
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  return FALSE;
}

/* After a member or an element: TRUE when another follows, FALSE at @closing (stepped over)
 * or on an error. */
static gboolean
next_item (Reader   *r,
           char      closing,
           gboolean *failed)
{
  skip_space (r);
  if (r->p < r->end && *r->p == ',')
    {
      r->p++;
      return TRUE;
    }
  if (leave (r, closing))
    return FALSE;
  unexpected (r, closing == '}' ? "“,” or “}”" : "“,” or “]”");
  *failed = TRUE;
  return FALSE;
}

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean failed = FALSE;

  if (!enter (r))
    return NULL;
  if (!leave (r, '}'))
    do
      {
        g_autofree char *name = NULL;
        JsonNode *member;

        skip_space (r);
        if (r->p == r->end || *r->p != '"')
          return unexpected (r, "a key in double quotes");
        if (!read_string (r))
          return NULL;
        if (json_object_has_member (object, r->scratch->str))
          return fail (r, DT_JSON_READ_ERROR_DUPLICATE_KEY, "The key “%s” appears twice in "
                       "one object; each key may appear once", r->scratch->str);
        name = g_strndup (r->scratch->str, r->scratch->len);
        skip_space (r);
        if (r->p == r->end || *r->p != ':')
          return unexpected (r, "“:” after a key");
        r->p++;
        member = read_value (r);
        if (member == NULL)
          return NULL;
        json_object_set_member (object, name, member);
      }
    while (next_item (r, '}', &failed));
  if (failed)
    return NULL;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean failed = FALSE;

  if (!enter (r))
    return NULL;
  if (!leave (r, ']'))
    do
      {
        JsonNode *element = read_value (r);

        if (element == NULL)
          return NULL;
        json_array_add_element (array, element);
      }
    while (next_item (r, ']', &failed));
  if (failed)
    return NULL;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (Reader *r)
{
  skip_space (r);
  if (r->p == r->end)
    return unexpected (r, "a value");
  switch (*r->p)
    {
    case '{':
      return read_object (r);
    case '[':
      return read_array (r);
    case '"':
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->scratch->str);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r);
    case 't':
      return read_literal (r, "true", json_node_init_boolean (json_node_alloc (), TRUE));
    case 'f':
      return read_literal (r, "false", json_node_init_boolean (json_node_alloc (), FALSE));
    case 'n':
      return read_literal (r, "null", json_node_init_null (json_node_alloc ()));
    default:
      return unexpected (r, "a value");
    }
}

JsonNode *
dt_json_read (const char  *data,
              gsize        length,
              guint        max_depth,
              GError     **error)
{
  g_autoptr(GString) scratch = NULL;
  Reader r = { data, data, data + length, 0, max_depth, NULL, error };
  const char *invalid = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > 0 && !g_utf8_validate_len (data, length, &invalid))
    {
      if (*invalid == '\0')
        return fail (&r, DT_JSON_READ_ERROR_NOT_UTF8, "The text holds a NUL byte (at byte %"
                     G_GSIZE_FORMAT ")", offset (&r, invalid));
      return fail (&r, DT_JSON_READ_ERROR_NOT_UTF8, "The text is not valid UTF-8 (at byte %"
                   G_GSIZE_FORMAT ")", offset (&r, invalid));
    }
  skip_space (&r);
  if (r.p == r.end)
    return fail (&r, DT_JSON_READ_ERROR_EMPTY, "The text is empty");
  r.scratch = scratch = g_string_sized_new (64);
  root = read_value (&r);
  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    {
      g_autofree char *found = describe (&r, r.p);

      json_node_unref (root);
      return fail (&r, DT_JSON_READ_ERROR_SYNTAX, "%s follows the value at byte %"
                   G_GSIZE_FORMAT "; a JSON text holds one value", found, offset (&r, r.p));
    }
  return root;
}

JsonNode *
dt_json_read_body (const char  *data,
                   gsize        length,
                   guint        max_depth,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = dt_json_read (data, length, max_depth, &local_error);

  if (root != NULL)
    return root;
  switch ((DtJsonReadError) local_error->code)
    {
    case DT_JSON_READ_ERROR_EMPTY:
      g_set_error_literal (error, DT_JSON_READ_ERROR, local_error->code,
                           "The body is empty; a JSON value is needed");
      break;
    case DT_JSON_READ_ERROR_SYNTAX:
      g_set_error (error, DT_JSON_READ_ERROR, local_error->code,
                   "The body is not valid JSON: %s", local_error->message);
      break;
    case DT_JSON_READ_ERROR_NOT_UTF8:
    case DT_JSON_READ_ERROR_TOO_DEEP:
    case DT_JSON_READ_ERROR_DUPLICATE_KEY:
    default:
      g_set_error (error, DT_JSON_READ_ERROR, local_error->code,
                   "The JSON body was refused. %s", local_error->message);
      break;
    }
  return NULL;
}

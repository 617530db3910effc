/* dt-json-writer.c: JSON text from a json-glib tree, written in one pass.
 *
 * JsonGenerator walks the tree through a member list it allocates for every object and
 * escapes strings a character at a time; a page of 100 time entries is about 2,000 nodes, and
 * a tool result used to be written twice. This writer copies runs of plain characters at once
 * and never allocates beyond the output. */
#define G_LOG_DOMAIN "dt-json"

#include <string.h>

#include "dt-json-writer.h"

/* 0: copy as is; otherwise the character after the backslash ('u' for \u00XX). */
static const char escapes[256] = {
  ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
  [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
  [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
  [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
  [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
  [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u',
  ['"'] = '"', ['\\'] = '\\',
};

/* Whether any of the 8 bytes at @p needs escaping: below 0x20, a quote or a backslash. The
 * usual word-at-a-time tests ("has a byte less than", "has a zero byte"); exact as a yes or
 * no, which is all that is asked. */
static inline gboolean
word_has_escape (const guchar *p)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 w, quote, backslash;

  memcpy (&w, p, sizeof w);
  quote = w ^ (ones * '"');
  backslash = w ^ (ones * '\\');
  return ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
           ((backslash - ones) & ~backslash)) & highs) != 0;
}

/* Any string: control characters escaped too. */
static void
write_string_with_controls (GString      *out,
                            const guchar *in,
                            gsize         length)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *run = in;
  gsize grown = length + 2;
  gsize at = out->len;
  gsize i = 0;
  char *p;

  /* Measured first and written straight into the buffer, eight plain bytes at a time. */
  while (i < length)
    {
      if (i + 8 <= length && !word_has_escape (in + i))
        {
          i += 8;
          continue;
        }
      grown += escapes[in[i]] == 0 ? 0 : escapes[in[i]] == 'u' ? 5 : 1;
      i++;
    }
  g_string_set_size (out, at + grown);
  p = out->str + at;
  *p++ = '"';
  for (i = 0; i < length;)
    {
      char escape;

      if (i + 8 <= length && !word_has_escape (in + i))
        {
          i += 8;
          continue;
        }
      escape = escapes[in[i]];
      if (escape == 0)
        {
          i++;
          continue;
        }
      memcpy (p, run, in + i - run);
      p += in + i - run;
      run = in + i + 1;
      *p++ = '\\';
      *p++ = escape;
      if (escape == 'u')
        {
          *p++ = '0';
          *p++ = '0';
          *p++ = hex[in[i] >> 4];
          *p++ = hex[in[i] & 0xf];
        }
      i++;
    }
  memcpy (p, run, in + length - run);
  p += in + length - run;
  *p++ = '"';
  g_assert (p == out->str + out->len);
}

/* 1 for the two characters written after a backslash as they are. */
static const guchar backslashed[256] = { ['"'] = 1, ['\\'] = 1 };

/* Writes @in with a backslash before quotes and backslashes, into room for the worst case;
 * returns the end, and whether a control character was seen in @controls. Branch-free: JSON
 * text has a quote every few characters, so a branch per quote would mostly guess wrong. */
static inline char *
put_backslashed (char         *p,
                 const guchar *in,
                 gsize         length,
                 guchar       *controls)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = in[i];

      *p = '\\';
      p += backslashed[c];
      *p++ = (char) c;
      *controls |= c < 0x20;
    }
  return p;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* The same, sixteen bytes at a time: each block is copied whole, then again from after each
 * quote or backslash it holds, behind the backslash. Every copy is sixteen bytes, so @p needs
 * sixteen bytes of room beyond the worst case, and @in is read sixteen bytes ahead: the last
 * 31 bytes are left to put_backslashed. */
static inline char *
put_backslashed_wide (char         *p,
                      const guchar *in,
                      gsize         length,
                      guchar       *controls)
{
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i below_space = _mm_set1_epi8 (0x1f);
  gsize i = 0;

  for (; i + 32 <= length; i += 16)
    {
      __m128i block = _mm_loadu_si128 ((const __m128i *) (in + i));
      /* Bytes up to 0x1f are the ones the unsigned minimum with 0x1f leaves unchanged. */
      __m128i special = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (block, quote),
                                                    _mm_cmpeq_epi8 (block, backslash)),
                                      _mm_cmpeq_epi8 (_mm_min_epu8 (block, below_space),
                                                      block));
      guint mask = (guint) _mm_movemask_epi8 (special);
      guint from = 0;

      while (mask != 0)
        {
          guint at = (guint) __builtin_ctz (mask);

          _mm_storeu_si128 ((__m128i *) p, _mm_loadu_si128 ((const __m128i *) (in + i + from)));
          p += at - from;
          *controls |= in[i + at] < 0x20;
          p[0] = '\\';
          p[1] = (char) in[i + at];
          p += 2;
          from = at + 1;
          mask &= mask - 1;
        }
      _mm_storeu_si128 ((__m128i *) p, _mm_loadu_si128 ((const __m128i *) (in + i + from)));
      p += 16 - from;
    }
  return put_backslashed (p, in + i, length - i, controls);
}
#else
#define put_backslashed_wide put_backslashed
#endif

void
dt_json_write_string_len (GString    *out,
                          const char *text,
                          gsize       length)
{
  const guchar *in = (const guchar *) text;
  gsize at = out->len;
  guchar controls = 0;
  char *p;

  /* Text without control characters (all JSON text: a tool result's text block is a page
   * of entries, a quote every few characters) needs a backslash before quotes and
   * backslashes only. One pass writes that into room for the worst case; text with a control
   * character is written again the exact way. */
  g_string_set_size (out, at + 2 * length + 2 + 16);
  p = out->str + at;
  *p++ = '"';
  p = put_backslashed_wide (p, in, length, &controls);
  *p++ = '"';
  g_string_truncate (out, p - out->str);
  if (G_UNLIKELY (controls))
    {
      g_string_truncate (out, at);
      write_string_with_controls (out, in, length);
    }
}

void
dt_json_write_string (GString    *out,
                      const char *text)
{
  if (text == NULL)
    text = "";
  dt_json_write_string_len (out, text, strlen (text));
}

/* 10^0 to 10^19, the largest power of ten a guint64 holds. */
static const guint64 powers_of_ten[20] = {
  G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (10), G_GUINT64_CONSTANT (100),
  G_GUINT64_CONSTANT (1000), G_GUINT64_CONSTANT (10000), G_GUINT64_CONSTANT (100000),
  G_GUINT64_CONSTANT (1000000), G_GUINT64_CONSTANT (10000000),
  G_GUINT64_CONSTANT (100000000), G_GUINT64_CONSTANT (1000000000),
  G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
  G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
  G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
  G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
  G_GUINT64_CONSTANT (1000000000000000000), G_GUINT64_CONSTANT (10000000000000000000),
};

char *
dt_json_put_int (char   *p,
                 gint64  value)
{
  /* Through an unsigned magnitude, so G_MININT64 is written right. */
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  int n_digits = 1;
  char *digit;

  /* Counted first, so the digits go straight to their places, last one first. */
  while (n_digits < (int) G_N_ELEMENTS (powers_of_ten) && magnitude >= powers_of_ten[n_digits])
    n_digits++;
  if (value < 0)
    *p++ = '-';
  digit = p + n_digits;
  do
    {
      *--digit = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  return p + n_digits;
}

void
dt_json_write_int (GString *out,
                   gint64   value)
{
  char buffer[DT_JSON_INT_MAX];

  g_string_append_len (out, buffer, dt_json_put_int (buffer, value) - buffer);
}

static void
write_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinity. */
  if (value != value || value > G_MAXDOUBLE || value < -G_MAXDOUBLE)
    {
      g_string_append (out, "null");
      return;
    }
  /* The shortest text that reads back as the same double: 0.1, not 0.10000000000000001. */
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_node (GString    *out,
            JsonNode   *node,
            JsonObject *known_object,
            const char *known_text);

static void
write_object (GString    *out,
              JsonObject *object,
              JsonObject *known_object,
              const char *known_text)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  if (object == known_object && known_text != NULL)
    {
      g_string_append (out, known_text);
      return;
    }
  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      dt_json_write_string (out, name);
      g_string_append_c (out, ':');
      write_node (out, member, known_object, known_text);
    }
  g_string_append_c (out, '}');
}

static void
write_array (GString    *out,
             JsonArray  *array,
             JsonObject *known_object,
             const char *known_text)
{
  guint length = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_node (out, json_array_get_element (array, i), known_object, known_text);
    }
  g_string_append_c (out, ']');
}

static void
write_node (GString    *out,
            JsonNode   *node,
            JsonObject *known_object,
            const char *known_text)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), known_object, known_text);
      break;
    case JSON_NODE_ARRAY:
      write_array (out, json_node_get_array (node), known_object, known_text);
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          dt_json_write_int (out, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          dt_json_write_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

void
dt_json_write (GString    *out,
               JsonNode   *node,
               JsonObject *known_object,
               const char *known_text)
{
  g_return_if_fail (out != NULL);
  write_node (out, node, known_object, known_text);
}

char *
dt_json_to_text (JsonNode *node,
                 gsize    *length)
{
  GString *out = g_string_sized_new (1024);

  write_node (out, node, NULL, NULL);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
dt_json_to_text_object (JsonObject *object,
                        gsize      *length)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return dt_json_to_text (node, length);
}

/* test-json-writer.c: the one-pass JSON writer against json-glib's parser and generator. */
#include <string.h>

#include "dt-json-writer.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
generate (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
test_round_trip (void)
{
  static const char * const documents[] = {
    "{}", "[]", "null", "true", "0", "-1", "9223372036854775807", "-9223372036854775808",
    "\"\"", "\"plain\"", "\"a\\\"quote\\\\back\\/slash\"", "\"tab\\there\\nline\\r\\b\\f\"",
    "\"\\u0000\\u0001\\u001f\\u007f\"", "\"Grüße, 日本, 🙂\"", "1.5", "-0.25",
    "{\"b\":1,\"a\":[1,2,{\"c\":null}],\"z\":{\"y\":false,\"x\":\"\"}}",
    "[[[]],{},[{}],\"\\u2028\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) node = parse (documents[i]);
      g_autofree char *ours = dt_json_to_text (node, NULL);
      g_autofree char *theirs = generate (node);
      g_autoptr(JsonNode) back = parse (ours);

      /* What we write reads back as the same tree, and json-glib writes the same text. */
      g_assert_true (json_node_equal (node, back));
      g_assert_cmpstr (ours, ==, theirs);
    }
}

static void
test_every_ascii_character (void)
{
  char text[128];
  g_autoptr(GString) ours = g_string_new ("x");
  g_autoptr(JsonNode) back = NULL;

  for (int i = 1; i < 128; i++)
    text[i - 1] = (char) i;
  text[127] = '\0';
  /* Appended after what is there, and reading back as the same string. */
  dt_json_write_string_len (ours, text, 127);
  g_assert_cmpint (ours->str[0], ==, 'x');
  g_assert_cmpint (ours->len, ==, strlen (ours->str));
  back = parse (ours->str + 1);
  g_assert_cmpstr (json_node_get_string (back), ==, text);
  /* RFC 8259: every control character escaped (json-glib 1.6 leaves 0x1f raw), the short
   * forms where there are some, and nothing else. */
  for (gsize i = 0; i < ours->len; i++)
    g_assert_cmpint ((guchar) ours->str[i], >=, 0x20);
  g_assert_nonnull (strstr (ours->str, "\\u001e\\u001f !\\\"#"));
  g_assert_nonnull (strstr (ours->str, "\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e"));
  g_assert_nonnull (strstr (ours->str, "[\\\\]"));
  g_assert_nonnull (strstr (ours->str, "~\x7f\""));
}

/* The plain byte-at-a-time escaping the writer must agree with. */
static char *
reference_escape (const char *text,
                  gsize       length)
{
  GString *out = g_string_new ("\"");

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
        g_string_append_printf (out, "\\%c", "bfnrt"[strchr ("\b\f\n\r\t", c) - "\b\f\n\r\t"]);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
test_escape_positions (void)
{
  static const char specials[] = { '"', '\\', '\n', '\t', 0x01, 0x1f, 0x7f, ' ', 0x20 - 1 };

  /* Every special byte at every place in strings of every length around the eight- and
   * sixteen-byte steps and the last 31 bytes written one at a time, alone and followed by a
   * second one. */
  for (gsize length = 1; length <= 70; length++)
    for (gsize at = 0; at < length; at++)
      for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
        {
          g_autofree char *text = g_malloc (length + 1);
          g_autofree char *expected = NULL;
          g_autoptr(GString) ours = g_string_new (NULL);

          memset (text, 'a' + (int) (length % 26), length);
          text[length] = '\0';
          text[at] = specials[k];
          if (at + 9 < length)
            text[at + 9] = '"';
          expected = reference_escape (text, length);
          dt_json_write_string_len (ours, text, length);
          g_assert_cmpstr (ours->str, ==, expected);
        }
}

static void
test_escape_dense (void)
{
  static const char pattern[] = "\"\\a\"\"\\\\bc\"d";

  /* Quotes and backslashes side by side, many to a block, in every alignment. */
  for (gsize length = 1; length <= 100; length++)
    for (gsize shift = 0; shift < 11; shift++)
      {
        g_autofree char *text = g_malloc (length + 1);
        g_autofree char *escaped = NULL;
        g_autofree char *expected = NULL;
        g_autoptr(GString) ours = g_string_new ("prefix");

        for (gsize i = 0; i < length; i++)
          text[i] = pattern[(i + shift) % (sizeof pattern - 1)];
        text[length] = '\0';
        escaped = reference_escape (text, length);
        expected = g_strconcat ("prefix", escaped, NULL);
        dt_json_write_string_len (ours, text, length);
        g_assert_cmpstr (ours->str, ==, expected);
      }
}

static void
check_int (gint64 value)
{
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  char written[DT_JSON_INT_MAX + 1];
  char *end = dt_json_put_int (written, value);

  *end = '\0';
  g_assert_cmpstr (written, ==, expected);
}

static void
test_ints (void)
{
  guint64 power = 1;

  /* Around every power of ten (where the count of digits changes), both signs, and the ends. */
  check_int (0);
  check_int (G_MAXINT64);
  check_int (G_MININT64);
  for (int i = 0; i < 19; i++, power *= 10)
    for (gint64 delta = -1; delta <= 1; delta++)
      {
        check_int ((gint64) power + delta);
        check_int (-((gint64) power + delta));
      }
}

static void
test_doubles (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" }, { 1e300, "1e+300" }, { -2.5e-8, "-2.5e-08" },
    { 1.0 / 3.0, "0.3333333333333333" }, { 100.0, "100.0" }, { 0.0, "0.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), cases[i].value);
      g_autofree char *text = dt_json_to_text (node, NULL);
      g_autoptr(JsonNode) back = parse (text);

      /* The shortest text that reads back as the same double, always as a double. */
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (json_node_get_double (back), ==, cases[i].value);
    }
}

static void
test_member_order_and_doubles (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_object_set_int_member (object, "zeta", 1);
  json_object_set_double_member (object, "alpha", 2.0);
  json_object_set_double_member (object, "tenth", 0.1);
  json_object_set_double_member (object, "nan", 0.0 / 0.0);
  json_object_set_string_member (object, "bell", "\a");
  json_node_set_object (node, object);
  text = dt_json_to_text (node, NULL);
  /* Insertion order; a whole double keeps a fraction so it reads back as a double; NaN,
   * which JSON cannot say, is null. */
  g_assert_cmpstr (text, ==,
                   "{\"zeta\":1,\"alpha\":2.0,\"tenth\":0.1,\"nan\":null,\"bell\":\"\\u0007\"}");
}

static void
test_known_object (void)
{
  g_autoptr(JsonNode) structured = parse ("{\"items\":[{\"id\":1,\"note\":\"a \\\"b\\\"\"}]}");
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *known = dt_json_to_text (structured, NULL);
  g_autofree char *expected = NULL;
  JsonObject *result = json_object_new ();
  JsonObject *root = json_object_new ();

  json_object_set_string_member (result, "text", known);
  json_object_set_object_member (result, "structuredContent",
                                 json_object_ref (json_node_get_object (structured)));
  json_object_set_object_member (root, "result", result);
  message = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);

  /* A text that differs from the object's own proves the copy was used, not a new walk. */
  dt_json_write (out, message, json_node_get_object (structured), "{\"marker\":true}");
  g_assert_nonnull (strstr (out->str, "\"structuredContent\":{\"marker\":true}"));

  g_string_truncate (out, 0);
  dt_json_write (out, message, json_node_get_object (structured), known);
  expected = generate (message);
  g_assert_cmpstr (out->str, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-writer/round-trip", test_round_trip);
  g_test_add_func ("/json-writer/every-ascii-character", test_every_ascii_character);
  g_test_add_func ("/json-writer/escape-positions", test_escape_positions);
  g_test_add_func ("/json-writer/escape-dense", test_escape_dense);
  g_test_add_func ("/json-writer/ints", test_ints);
  g_test_add_func ("/json-writer/doubles", test_doubles);
  g_test_add_func ("/json-writer/member-order-and-doubles", test_member_order_and_doubles);
  g_test_add_func ("/json-writer/known-object", test_known_object);

  return g_test_run ();
}

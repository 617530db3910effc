/* test-json-reader.c: the strict JSON reader against json-glib's parser, and what it refuses. */
#include <string.h>

#include "dt-json-reader.h"
#include "dt-json-writer.h"

static char *
glib_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return dt_json_to_text (json_parser_get_root (parser), NULL);
}

static JsonNode *
read_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = dt_json_read (text, strlen (text), 64, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Every valid text gives the tree json-glib's parser gives, compared as written text. */
static void
test_same_tree_as_json_glib (void)
{
  static const char * const documents[] = {
    "{}", "[]", "null", "true", "false", "0", "-0", "-1", "42",
    "9223372036854775807", "-9223372036854775808", "1.5", "-0.25", "1e3", "1E+3", "2.5e-3",
    "\"\"", "\"plain\"", "\"a\\\"quote\\\\back\\/slash\"", "\"tab\\there\\nline\\r\\b\\f\"",
    "\"\\u00e9\\u65e5\\ud83d\\ude42\"", "\"Grüße, 日本, 🙂\"", "\"\\u001f\\u007f\"",
    " \t\r\n{ \"b\" : 1 , \"a\" : [ 1 , 2 , { \"c\" : null } ] , \"z\" : { } } \n",
    ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
     "\"list_time_entries\",\"arguments\":{\"limit\":100,\"from\":\"2026-01-01\"}}}"),
    "[[[]],{},[{}],\"\\u2028\",[true,false,null]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) node = read_ok (documents[i]);
      g_autofree char *ours = dt_json_to_text (node, NULL);
      g_autofree char *theirs = glib_text (documents[i]);

      g_assert_cmpstr (ours, ==, theirs);
    }
}

static void
test_numbers (void)
{
  static const struct { const char *text; gboolean is_int; gint64 i; double d; } cases[] = {
    { "0", TRUE, 0, 0 },
    { "-0", TRUE, 0, 0 },
    { "9223372036854775807", TRUE, G_MAXINT64, 0 },
    { "-9223372036854775808", TRUE, G_MININT64, 0 },
    /* One past either end of 64 bits, and far past: a double, not a wrapped integer. */
    { "9223372036854775808", FALSE, 0, 9223372036854775808.0 },
    { "-9223372036854775809", FALSE, 0, -9223372036854775809.0 },
    { "123456789012345678901234567890", FALSE, 0, 123456789012345678901234567890.0 },
    { "0.1", FALSE, 0, 0.1 },
    { "-2.5E-3", FALSE, 0, -2.5e-3 },
    { "1e308", FALSE, 0, 1e308 },
    { "4e-400", FALSE, 0, 0.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = read_ok (cases[i].text);

      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      if (cases[i].is_int)
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (node), ==, cases[i].i);
        }
      else
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
          g_assert_cmpfloat (json_node_get_double (node), ==, cases[i].d);
        }
    }
}

static void
test_strings (void)
{
  g_autoptr(JsonNode) pair = read_ok ("\"\\ud83d\\ude42 \\u00e9\\n\\/\"");
  g_autoptr(JsonNode) raw = read_ok ("\"🙂 é\"");
  g_autoptr(JsonNode) object = read_ok ("{\"k\\u00e9y\":\"v\",\"\":1}");

  g_assert_cmpstr (json_node_get_string (pair), ==, "🙂 é\n/");
  g_assert_cmpstr (json_node_get_string (raw), ==, "🙂 é");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (object), "kéy"), ==,
                   "v");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (object), ""), ==, 1);
}

static void
test_member_order (void)
{
  g_autoptr(JsonNode) node = read_ok ("{\"z\":1,\"a\":2,\"m\":{\"y\":3,\"b\":4}}");
  g_autofree char *text = dt_json_to_text (node, NULL);

  g_assert_cmpstr (text, ==, "{\"z\":1,\"a\":2,\"m\":{\"y\":3,\"b\":4}}");
}

/* Each refusal names the right kind of fault and the byte where the text went wrong. */
static void
test_refusals (void)
{
  static const struct { const char *text; DtJsonReadError code; const char *says; } cases[] = {
    { "", DT_JSON_READ_ERROR_EMPTY, "empty" },
    { " \n\t ", DT_JSON_READ_ERROR_EMPTY, "empty" },
    { "{\"a\":1,}", DT_JSON_READ_ERROR_SYNTAX, "expected a key in double quotes at byte 7" },
    { "[1,2,]", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 5" },
    { "[1 2]", DT_JSON_READ_ERROR_SYNTAX, "expected “,” or “]” at byte 3 but found “2”" },
    { "{\"a\" 1}", DT_JSON_READ_ERROR_SYNTAX, "expected “:” after a key at byte 5" },
    { "{\"a\":1", DT_JSON_READ_ERROR_SYNTAX, "expected “,” or “}” at byte 6 but found the end" },
    { "{'a':1}", DT_JSON_READ_ERROR_SYNTAX, "expected a key in double quotes at byte 1" },
    { "{a:1}", DT_JSON_READ_ERROR_SYNTAX, "expected a key in double quotes at byte 1" },
    { "01", DT_JSON_READ_ERROR_SYNTAX, "at byte 0 starts with a zero" },
    { "-", DT_JSON_READ_ERROR_SYNTAX, "needs a digit after its minus sign" },
    { "-a", DT_JSON_READ_ERROR_SYNTAX, "needs a digit after its minus sign" },
    { "1.", DT_JSON_READ_ERROR_SYNTAX, "needs digits after its decimal point" },
    { ".5", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "+1", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "1e", DT_JSON_READ_ERROR_SYNTAX, "needs digits in its exponent" },
    { "1e+", DT_JSON_READ_ERROR_SYNTAX, "needs digits in its exponent" },
    { "1e400", DT_JSON_READ_ERROR_SYNTAX, "too large for a double" },
    { "-1e400", DT_JSON_READ_ERROR_SYNTAX, "too large for a double" },
    { "NaN", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "Infinity", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "tru", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "nul", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "True", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "truex", DT_JSON_READ_ERROR_SYNTAX, "“x” follows the value at byte 4" },
    { "{} {}", DT_JSON_READ_ERROR_SYNTAX, "“{” follows the value at byte 3" },
    { "1 // note", DT_JSON_READ_ERROR_SYNTAX, "“/” follows the value at byte 2" },
    { "/* c */ 1", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0" },
    { "\"abc", DT_JSON_READ_ERROR_SYNTAX, "the string at byte 0 is not closed" },
    { "[\"abc\\", DT_JSON_READ_ERROR_SYNTAX, "the string at byte 1 is not closed" },
    { "\"a\tb\"", DT_JSON_READ_ERROR_SYNTAX, "control character (U+0009) stands unescaped "
                                              "in a string at byte 2" },
    { "\"a\nb\"", DT_JSON_READ_ERROR_SYNTAX, "(U+000A)" },
    { "\"\\x41\"", DT_JSON_READ_ERROR_SYNTAX, "the escape at byte 1 is not one JSON knows" },
    { "\"\\u12\"", DT_JSON_READ_ERROR_SYNTAX, "needs four hexadecimal digits" },
    { "\"\\u12g4\"", DT_JSON_READ_ERROR_SYNTAX, "needs four hexadecimal digits" },
    { "\"\\ud83d\"", DT_JSON_READ_ERROR_SYNTAX, "first half of a surrogate pair" },
    { "\"\\ud83dx\"", DT_JSON_READ_ERROR_SYNTAX, "first half of a surrogate pair" },
    { "\"\\ud83d\\u0041\"", DT_JSON_READ_ERROR_SYNTAX, "first half of a surrogate pair" },
    { "\"\\ude42\"", DT_JSON_READ_ERROR_SYNTAX, "second half of a surrogate pair" },
    { "\"\\u0000\"", DT_JSON_READ_ERROR_SYNTAX, "NUL character" },
    { "\xef\xbb\xbf{}", DT_JSON_READ_ERROR_SYNTAX, "expected a value at byte 0 but found U+FEFF" },
    { "{\"a\":1,\"b\":2,\"a\":3}", DT_JSON_READ_ERROR_DUPLICATE_KEY, "The key “a” appears twice" },
    { "{\"x\":{\"\\u0061\":1,\"a\":2}}", DT_JSON_READ_ERROR_DUPLICATE_KEY, "The key “a”" },
    { "\"caf\xc3\"", DT_JSON_READ_ERROR_NOT_UTF8, "not valid UTF-8 (at byte 4)" },
    { "\"\xed\xa0\x80\"", DT_JSON_READ_ERROR_NOT_UTF8, "not valid UTF-8 (at byte 1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = dt_json_read (cases[i].text, strlen (cases[i].text), 64,
                                               &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (node);
      g_assert_error (error, DT_JSON_READ_ERROR, (int) cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s” was refused with “%s”, which does not say “%s”", cases[i].text,
                 error->message, cases[i].says);
    }
}

/* Keys in different objects may repeat; only one object's keys must differ. */
static void
test_keys_repeat_across_objects (void)
{
  g_autoptr(JsonNode) node = read_ok ("[{\"a\":1},{\"a\":2,\"b\":{\"a\":3}}]");

  g_assert_cmpint (json_array_get_length (json_node_get_array (node)), ==, 2);
}

static void
test_nul_byte (void)
{
  static const char text[] = "{\"a\":\"b\0c\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dt_json_read (text, sizeof text - 1, 64, &error);

  g_assert_null (node);
  g_assert_error (error, DT_JSON_READ_ERROR, DT_JSON_READ_ERROR_NOT_UTF8);
  g_assert_nonnull (strstr (error->message, "NUL byte (at byte 7)"));
}

/* Only the bytes given are read: a text need not end in a NUL. */
static void
test_length_bounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dt_json_read ("[1,2]garbage", 5, 64, NULL);
  g_autoptr(JsonNode) cut = dt_json_read ("[1,2]", 4, 64, &error);
  g_autoptr(JsonNode) number = dt_json_read ("12345", 2, 64, NULL);

  g_assert_nonnull (node);
  g_assert_cmpint (json_array_get_length (json_node_get_array (node)), ==, 2);
  g_assert_null (cut);
  g_assert_error (error, DT_JSON_READ_ERROR, DT_JSON_READ_ERROR_SYNTAX);
  g_assert_cmpint (json_node_get_int (number), ==, 12);
}

/* Depth is counted as arrays and objects are entered, never brackets inside strings; far
 * deeper input than a stack would take is refused without recursing into it. */
static void
test_depth (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) strings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) huge_error = NULL;

  for (int i = 0; i < 64; i++)
    g_string_append (ok, i % 2 ? "{\"a\":" : "[");
  g_string_append_c (ok, '0');
  for (int i = 63; i >= 0; i--)
    g_string_append (ok, i % 2 ? "}" : "]");
  node = dt_json_read (ok->str, ok->len, 64, NULL);
  g_assert_nonnull (node);

  g_string_append_printf (deep, "[%s]", ok->str);
  g_assert_null (dt_json_read (deep->str, deep->len, 64, &error));
  g_assert_error (error, DT_JSON_READ_ERROR, DT_JSON_READ_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));

  strings = dt_json_read ("{\"a\":\"[[[[[[\\\"[[[[\"}", 20, 1, NULL);
  g_assert_nonnull (strings);

  for (int i = 0; i < 200000; i++)
    g_string_append_c (huge, '[');
  g_assert_null (dt_json_read (huge->str, huge->len, 64, &huge_error));
  g_assert_error (huge_error, DT_JSON_READ_ERROR, DT_JSON_READ_ERROR_TOO_DEEP);
}

/* A body's errors keep their kind and speak of the body. */
static void
test_body_messages (void)
{
  static const struct { const char *text; DtJsonReadError code; const char *message; } cases[] = {
    { " ", DT_JSON_READ_ERROR_EMPTY, "The body is empty; a JSON value is needed" },
    { "[1,]", DT_JSON_READ_ERROR_SYNTAX,
      "The body is not valid JSON: expected a value at byte 3 but found “]”" },
    { "{\"a\":1,\"a\":1}", DT_JSON_READ_ERROR_DUPLICATE_KEY,
      "The JSON body was refused. The key “a” appears twice in one object; each key may "
      "appear once" },
    { "[[[1]]]", DT_JSON_READ_ERROR_TOO_DEEP,
      "The JSON body was refused. The JSON nests arrays and objects deeper than 2 levels "
      "(at byte 2)" },
    { "\"\xff\"", DT_JSON_READ_ERROR_NOT_UTF8,
      "The JSON body was refused. The text is not valid UTF-8 (at byte 1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = dt_json_read_body (cases[i].text, strlen (cases[i].text), 2,
                                                    &error);

      g_assert_null (node);
      g_assert_error (error, DT_JSON_READ_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-reader/same-tree-as-json-glib", test_same_tree_as_json_glib);
  g_test_add_func ("/json-reader/numbers", test_numbers);
  g_test_add_func ("/json-reader/strings", test_strings);
  g_test_add_func ("/json-reader/member-order", test_member_order);
  g_test_add_func ("/json-reader/refusals", test_refusals);
  g_test_add_func ("/json-reader/keys-repeat-across-objects", test_keys_repeat_across_objects);
  g_test_add_func ("/json-reader/nul-byte", test_nul_byte);
  g_test_add_func ("/json-reader/length-bounds", test_length_bounds);
  g_test_add_func ("/json-reader/depth", test_depth);
  g_test_add_func ("/json-reader/body-messages", test_body_messages);
  return g_test_run ();
}

/* test-form.c: the strict query/form parser and the Basic credentials parser accept what
 * clients send and nothing ambiguous. */
#include <string.h>

#include "dt-error.h"
#include "dt-form.h"

typedef struct
{
  const char *input;
  gsize       len;        /* 0: strlen */
  const char *name;       /* a parameter expected afterwards, or NULL */
  const char *value;
} Accepted;

static const Accepted accepted[] = {
  { "", 0, NULL, NULL },
  { "a=1", 0, "a", "1" },
  { "a=1&b=2", 0, "b", "2" },
  { "a=two+words", 0, "a", "two words" },
  { "a=%2B%26%3D", 0, "a", "+&=" },
  { "flag", 0, "flag", "" },
  { "a=", 0, "a", "" },
  { "redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb", 0, "redirect_uri",
    "http://127.0.0.1:3000/cb" },
  { "name=%C3%A9t%C3%A9", 0, "name", "été" },
  { "a=%e2%82%ac", 0, "a", "€" },
  { "scope=clients:read%20invoices:read", 0, "scope", "clients:read invoices:read" },
};

static const char *const refused[] = {
  "a=1&a=2",            /* duplicates (RFC 6749 §3.1) */
  "a=1&b=2&a=1",
  "a=%00",              /* NUL */
  "a%00=1",
  "a=%",                /* bad escapes */
  "a=%4",
  "a=%zz",
  "a=%4g",
  "a=%FF",              /* not UTF-8 */
  "a=%C3%28",
  "a=%ED%A0%80",        /* a surrogate */
  "=1",                 /* empty name */
  "a=1&&b=2",           /* empty pair */
  "&a=1",
  "a=1&",
  "&",
  "%61=1&a=2",          /* duplicate after decoding */
};

static void
test_form_accepted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = accepted[i].len ? accepted[i].len : strlen (accepted[i].input);
      g_autoptr(GHashTable) table = dt_form_parse (accepted[i].input, len, &error);

      g_test_message ("input: %s", accepted[i].input);
      g_assert_no_error (error);
      g_assert_nonnull (table);
      if (accepted[i].name != NULL)
        g_assert_cmpstr (g_hash_table_lookup (table, accepted[i].name), ==, accepted[i].value);
    }
}

static void
test_form_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) table = dt_form_parse (refused[i], strlen (refused[i]), &error);

      g_test_message ("input: %s", refused[i]);
      g_assert_null (table);
      g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    }
}

static void
test_form_raw_nul (void)
{
  /* A literal NUL byte inside the data (not an escape) is refused too. */
  static const char input[] = { 'a', '=', '1', '\0', '2' };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = dt_form_parse (input, sizeof input, &error);

  g_assert_null (table);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_form_too_many (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = NULL;

  for (int i = 0; i <= DT_FORM_MAX_PARAMS; i++)
    g_string_append_printf (input, "%sp%d=1", i ? "&" : "", i);
  table = dt_form_parse (input->str, input->len, &error);
  g_assert_null (table);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_form_round_trip (void)
{
  const char *values[] = { "a b", "x&y=z", "€", "100%", "http://127.0.0.1:1/cb?x=1" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *encoded = dt_form_encode (values[i]);
      g_autofree char *input = g_strconcat ("v=", encoded, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) table = dt_form_parse (input, strlen (input), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (g_hash_table_lookup (table, "v"), ==, values[i]);
    }
}

static char *
basic (const char *credentials)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) credentials, strlen (credentials));

  return g_strconcat ("Basic ", b64, NULL);
}

static void
test_basic (void)
{
  static const struct { const char *credentials; const char *id; const char *secret; } ok[] = {
    { "app:secret", "app", "secret" },
    { "my%20app:s%3Acret", "my app", "s:cret" },   /* each part form-urlencoded (§2.3.1) */
    { "app+1:p%C3%A4ss", "app 1", "päss" },
    { "app:", "app", "" },
    { "app:a:b", "app", "a:b" },                    /* the first colon splits */
  };
  static const char *const refused_credentials[] = {
    ":secret",             /* no id */
    "nocolon",
    "app%00:x",            /* NUL, bad escapes, not UTF-8 */
    "app:%zz",
    "app:%FF",
  };
  static const char *const refused_headers[] = {
    "Bearer YXBwOnNlY3JldA==",
    "Basic ",
    "Basic YXBwOnNlY3JldA",      /* not padded */
    "Basic YXBw*nNlY3JldA==",
    "Basic YXBwAHNlY3JldA==",    /* "app\0secret" */
    "BasicYXBwOnNlY3JldA==",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *header = basic (ok[i].credentials);
      g_autofree char *id = NULL;
      g_autofree char *secret = NULL;

      g_assert_true (dt_form_parse_basic (header, &id, &secret));
      g_assert_cmpstr (id, ==, ok[i].id);
      g_assert_cmpstr (secret, ==, ok[i].secret);
    }
  /* The scheme is case-insensitive (RFC 9110 §11.1). */
  {
    g_autofree char *id = NULL;
    g_autofree char *secret = NULL;

    g_assert_true (dt_form_parse_basic ("basic YXBwOnNlY3JldA==", &id, &secret));
    g_assert_cmpstr (id, ==, "app");
  }
  for (guint i = 0; i < G_N_ELEMENTS (refused_credentials); i++)
    {
      g_autofree char *header = basic (refused_credentials[i]);
      char *id = NULL;
      char *secret = NULL;

      g_assert_false (dt_form_parse_basic (header, &id, &secret));
      g_assert_null (id);
      g_assert_null (secret);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused_headers); i++)
    {
      char *id = NULL;
      char *secret = NULL;

      g_assert_false (dt_form_parse_basic (refused_headers[i], &id, &secret));
      g_assert_null (id);
    }
  /* Longer than any client's credentials. */
  {
    g_autofree char *long_id = g_strnfill (4000, 'a');
    g_autofree char *credentials = g_strconcat (long_id, ":x", NULL);
    g_autofree char *header = basic (credentials);
    char *id = NULL;
    char *secret = NULL;

    g_assert_false (dt_form_parse_basic (header, &id, &secret));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/form/accepted", test_form_accepted);
  g_test_add_func ("/form/refused", test_form_refused);
  g_test_add_func ("/form/raw-nul", test_form_raw_nul);
  g_test_add_func ("/form/too-many", test_form_too_many);
  g_test_add_func ("/form/round-trip", test_form_round_trip);
  g_test_add_func ("/form/basic", test_basic);
  return g_test_run ();
}

/* test-redirect.c: redirect URI rules at registration and exact matching at authorization. */
#include "dt-error.h"
#include "dt-redirect.h"

static void
test_redirect_valid (void)
{
  const char *good[] = {
    "http://127.0.0.1:4711/cb", "http://127.0.0.1/cb", "http://[::1]:8080/callback",
    "http://localhost:43317/oauth/callback", "https://app.example.com/cb",
    "com.example.app:/oauth2redirect", "http://127.0.0.1:1/cb?x=1",
  };
  const char *bad[] = {
    "", "http://127.0.0.1:1/cb#x", "http://user@127.0.0.1/cb", "http://u:p@localhost/cb",
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd",
    "http://evil.example/cb", "http://127.0.0.1.evil.example/cb", "http://localhost.evil/cb",
    "myapp:/cb", "com.example.app://host/cb", "http://127.0.0.1/c b", "http://127.0.0.1/\\",
    "https:///cb", "vbscript:x", "about:blank", "http://127.0.0.1/é", "not a uri",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_test_message ("good: %s", good[i]);
      g_assert_true (dt_redirect_uri_valid (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_test_message ("bad: %s", bad[i]);
      g_assert_false (dt_redirect_uri_valid (bad[i], &error));
      g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    }
  {
    g_autofree char *long_uri = g_strnfill (DT_REDIRECT_MAX_LEN + 1, 'a');
    g_autofree char *uri = g_strconcat ("https://x.example/", long_uri, NULL);
    g_assert_false (dt_redirect_uri_valid (uri, NULL));
  }
}

static void
test_redirect_matches (void)
{
  static const struct
  {
    const char *registered;
    const char *requested;
    gboolean    matches;
  } cases[] = {
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/cb", TRUE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:5000/cb", TRUE },   /* RFC 8252 §7.3 */
    { "http://127.0.0.1/cb", "http://127.0.0.1:5000/cb", TRUE },
    { "http://[::1]:1/cb", "http://[::1]:2/cb", TRUE },
    { "http://localhost:4711/cb", "http://localhost:4711/cb", TRUE },
    { "http://localhost:4711/cb", "http://localhost:5000/cb", FALSE },  /* names: exact */
    { "http://localhost:4711/cb", "http://127.0.0.1:4711/cb", FALSE },  /* RFC 8252 §8.3 */
    { "http://127.0.0.1:4711/cb", "http://localhost:4711/cb", FALSE },
    { "http://127.0.0.1:4711/cb", "http://[::1]:4711/cb", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/cb/", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/CB", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/cb?x", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/cb#x", FALSE },
    { "http://127.0.0.1:4711/cb", "http://a@127.0.0.1:4711/cb", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:4711/c%62", FALSE },
    { "http://127.0.0.1:4711/a/b", "http://127.0.0.1:4711/a%2Fb", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:/cb", FALSE },
    { "http://127.0.0.1:4711/cb", "http://127.0.0.1:x/cb", FALSE },
    { "http://127.0.0.1:4711/cb", "https://127.0.0.1:4711/cb", FALSE },
    { "https://app.example.com/cb", "https://app.example.com:443/cb", FALSE },
    { "com.example.app:/cb", "com.example.app:/cb", TRUE },
    { "com.example.app:/cb", "com.example.app:/cb2", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s vs %s", cases[i].registered, cases[i].requested);
      g_assert_cmpint (dt_redirect_uri_matches (cases[i].registered, cases[i].requested), ==,
                       cases[i].matches);
    }
}

static void
test_redirect_host (void)
{
  g_autofree char *a = dt_redirect_uri_host ("http://127.0.0.1:1/cb");
  g_autofree char *b = dt_redirect_uri_host ("com.example.app:/cb");
  g_autofree char *c = dt_redirect_uri_host ("https://app.example.com/cb");

  g_assert_cmpstr (a, ==, "127.0.0.1");
  g_assert_cmpstr (b, ==, "com.example.app");
  g_assert_cmpstr (c, ==, "app.example.com");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/redirect/valid", test_redirect_valid);
  g_test_add_func ("/redirect/matches", test_redirect_matches);
  g_test_add_func ("/redirect/host", test_redirect_host);
  return g_test_run ();
}

/* test-search.c: the task picker's search-as-you-type rule. */
#include "config.h"

#include "dt-search.h"

static void
test_matches (void)
{
  g_autofree char *key = dt_search_key ("Café Müller › Website › Design review");

  g_assert_cmpstr (key, ==, "cafe muller > website > design review");
  g_assert_true (dt_search_matches (key, ""));
  g_assert_true (dt_search_matches (key, "  "));
  g_assert_true (dt_search_matches (key, "web"));
  g_assert_true (dt_search_matches (key, "MÜLLER design"));
  g_assert_true (dt_search_matches (key, "muller › web"));
  g_assert_true (dt_search_matches (key, "café rev"));
  g_assert_false (dt_search_matches (key, "acme"));
  g_assert_false (dt_search_matches (key, "web acme"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/search/matches", test_matches);
  return g_test_run ();
}

/* test-pkce.c: random tokens, hashes, constant-time comparison and PKCE (RFC 7636). */
#include <string.h>

#include "dt-auth-crypto.h"

static void
test_pkce_rfc7636_vector (void)
{
  /* RFC 7636 Appendix B. */
  g_assert_true (dt_pkce_verify ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                 "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  g_assert_false (dt_pkce_verify ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl",
                                  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  /* "plain" (verifier == challenge) never passes. */
  g_assert_false (dt_pkce_verify ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

static void
test_pkce_syntax (void)
{
  g_autofree char *v42 = g_strnfill (42, 'a');
  g_autofree char *v43 = g_strnfill (43, 'a');
  g_autofree char *v128 = g_strnfill (128, 'a');
  g_autofree char *v129 = g_strnfill (129, 'a');

  g_assert_false (dt_pkce_verifier_valid (NULL));
  g_assert_false (dt_pkce_verifier_valid (v42));
  g_assert_true (dt_pkce_verifier_valid (v43));
  g_assert_true (dt_pkce_verifier_valid (v128));
  g_assert_false (dt_pkce_verifier_valid (v129));
  g_assert_true (dt_pkce_verifier_valid ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"));
  g_assert_false (dt_pkce_verifier_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+"));
  g_assert_false (dt_pkce_verifier_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"));
  g_assert_false (dt_pkce_verifier_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "));
  g_assert_false (dt_pkce_verifier_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé"));
  g_assert_true (dt_pkce_challenge_valid ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  g_assert_false (dt_pkce_challenge_valid ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"));
  g_assert_false (dt_pkce_challenge_valid ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM="));
  g_assert_false (dt_pkce_challenge_valid ("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"));
  g_assert_false (dt_pkce_challenge_valid (NULL));
}

static void
test_random_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *token = dt_auth_random_token ("dt_at_", 32);
      g_assert_true (g_str_has_prefix (token, "dt_at_"));
      g_assert_cmpuint (strlen (token), ==, 6 + 43);
      for (const char *p = token + 6; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }
}

static void
test_hash_and_compare (void)
{
  guint8 a[DT_AUTH_HASH_LEN], b[DT_AUTH_HASH_LEN], c[DT_AUTH_HASH_LEN];
  /* SHA-256("abc") */
  static const guint8 expected[] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22,
    0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
    0x15, 0xad
  };

  dt_auth_hash ("abc", a);
  dt_auth_hash ("abc", b);
  dt_auth_hash ("abd", c);
  g_assert_cmpmem (a, sizeof a, expected, sizeof expected);
  g_assert_true (dt_auth_equal (a, b, sizeof a));
  g_assert_false (dt_auth_equal (a, c, sizeof a));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pkce/rfc7636-vector", test_pkce_rfc7636_vector);
  g_test_add_func ("/pkce/syntax", test_pkce_syntax);
  g_test_add_func ("/crypto/random-tokens", test_random_tokens);
  g_test_add_func ("/crypto/hash-and-compare", test_hash_and_compare);
  return g_test_run ();
}

/* dt-auth-crypto.c: the few cryptographic primitives the authorization server needs. */
#define G_LOG_DOMAIN "dt-auth"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "dt-auth-crypto.h"

void
dt_auth_random_bytes (guint8 *buf,
                      gsize   len)
{
  gsize done = 0;

  /* g_random_* is not a CSPRNG; tokens and codes come from the kernel only. */
  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("The system's random number generator failed: %s", g_strerror (errno));
        }
      done += (gsize) n;
    }
}

char *
dt_auth_base64url (const guint8 *data,
                   gsize         len)
{
  char *text = g_base64_encode (data, len);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

char *
dt_auth_random_token (const char *prefix,
                      gsize       n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  g_autofree char *text = NULL;

  dt_auth_random_bytes (bytes, n_bytes);
  text = dt_auth_base64url (bytes, n_bytes);
  memset (bytes, 0, n_bytes);
  return g_strconcat (prefix != NULL ? prefix : "", text, NULL);
}

void
dt_auth_hash (const char *text,
              guint8     *out)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = DT_AUTH_HASH_LEN;

  g_checksum_update (checksum, (const guchar *) text, strlen (text));
  g_checksum_get_digest (checksum, out, &len);
  g_assert (len == DT_AUTH_HASH_LEN);
}

gboolean
dt_auth_equal (const guint8 *a,
               const guint8 *b,
               gsize         len)
{
  volatile guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

gboolean
dt_pkce_verifier_valid (const char *verifier)
{
  gsize len;

  if (verifier == NULL)
    return FALSE;
  len = strlen (verifier);
  if (len < 43 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_unreserved (verifier[i]))
      return FALSE;
  return TRUE;
}

gboolean
dt_pkce_challenge_valid (const char *challenge)
{
  if (challenge == NULL || strlen (challenge) != 43)
    return FALSE;
  for (const char *p = challenge; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
dt_pkce_verify (const char *verifier,
                const char *challenge)
{
  guint8 digest[DT_AUTH_HASH_LEN];
  g_autofree char *computed = NULL;

  if (!dt_pkce_verifier_valid (verifier) || !dt_pkce_challenge_valid (challenge))
    return FALSE;
  dt_auth_hash (verifier, digest);
  computed = dt_auth_base64url (digest, sizeof digest);
  return strlen (computed) == 43 &&
         dt_auth_equal ((const guint8 *) computed, (const guint8 *) challenge, 43);
}

/* dt-auth-crypto.h: random tokens, SHA-256 hashes, constant-time comparison and PKCE. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_AUTH_HASH_LEN 32

/* Fills @buf from the kernel's CSPRNG (getrandom(2)); aborts if it cannot (never falls back to
 * a weaker generator). */
void      dt_auth_random_bytes       (guint8       *buf,
                                      gsize         len);
/* @prefix followed by @n_bytes random bytes in unpadded base64url: "dt_at_…" (43 characters
 * for 32 bytes). */
char     *dt_auth_random_token       (const char   *prefix,
                                      gsize         n_bytes);
/* SHA-256 of @text into @out (DT_AUTH_HASH_LEN bytes). */
void      dt_auth_hash               (const char   *text,
                                      guint8       *out);
/* Constant-time equality of two buffers of the same length. */
gboolean  dt_auth_equal              (const guint8 *a,
                                      const guint8 *b,
                                      gsize         len);
char     *dt_auth_base64url          (const guint8 *data,
                                      gsize         len);

/* RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
gboolean  dt_pkce_verifier_valid     (const char   *verifier);
/* An S256 challenge: exactly 43 characters of unpadded base64url. */
gboolean  dt_pkce_challenge_valid    (const char   *challenge);
/* BASE64URL(SHA256(verifier)) == challenge, compared in constant time. */
gboolean  dt_pkce_verify             (const char   *verifier,
                                      const char   *challenge);

G_END_DECLS

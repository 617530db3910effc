/* fuzz-basic.c: the Basic credentials parser (client authentication at the token endpoint)
 * accepts only a non-empty UTF-8 id and a UTF-8 secret, and what it accepts survives being
 * encoded again as a client would send it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-form.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *header = g_strndup ((const char *) data, size);
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *id_again = NULL;
  g_autofree char *secret_again = NULL;
  g_autofree char *encoded_id = NULL;
  g_autofree char *encoded_secret = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *again = NULL;

  if (!dt_form_parse_basic (header, &id, &secret))
    {
      /* Refused ⇒ nothing handed out. */
      if (id != NULL || secret != NULL)
        abort ();
      return 0;
    }
  if (id == NULL || secret == NULL || *id == '\0' || !g_utf8_validate (id, -1, NULL) ||
      !g_utf8_validate (secret, -1, NULL))
    abort ();

  /* Round trip: encoded the way a client encodes it, it parses to the same pair. */
  encoded_id = dt_form_encode (id);
  encoded_secret = dt_form_encode (secret);
  credentials = g_strconcat (encoded_id, ":", encoded_secret, NULL);
  b64 = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  again = g_strconcat ("Basic ", b64, NULL);
  if (strlen (b64) <= 4096 &&
      (!dt_form_parse_basic (again, &id_again, &secret_again) ||
       strcmp (id, id_again) != 0 || strcmp (secret, secret_again) != 0))
    abort ();
  return 0;
}

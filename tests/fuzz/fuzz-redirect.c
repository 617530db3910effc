/* fuzz-redirect.c: the redirect matcher against a reference model, and registration rules.
 * Input: REGISTERED "\n" REQUESTED. Accepting ⇒ identical strings, or http URIs on the same
 * loopback IP literal whose texts differ only in the port. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-redirect.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* "http://127.0.0.1:123/x" → "http://127.0.0.1/x"; NULL when not an http loopback literal. */
static char *
without_port (const char *uri)
{
  const char *hosts[] = { "http://127.0.0.1", "http://[::1]" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      gsize n = strlen (hosts[i]);
      const char *rest;

      if (strncmp (uri, hosts[i], n) != 0)
        continue;
      rest = uri + n;
      if (*rest == ':')
        {
          rest++;
          if (!g_ascii_isdigit (*rest))
            return NULL;
          while (g_ascii_isdigit (*rest))
            rest++;
        }
      if (*rest != '\0' && *rest != '/' && *rest != '?')
        return NULL;
      return g_strconcat (hosts[i], rest, NULL);
    }
  return NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *requested = strchr (text, '\n');
  const char *registered = text;

  if (requested == NULL)
    {
      g_autoptr(GError) error = NULL;
      if (dt_redirect_uri_valid (text, &error))
        {
          /* Never valid: fragments, userinfo, dangerous schemes. */
          if (strchr (text, '#') != NULL || strchr (text, '@') != NULL ||
              g_str_has_prefix (text, "javascript:") || g_str_has_prefix (text, "data:") ||
              g_str_has_prefix (text, "file:"))
            abort ();
        }
      return 0;
    }
  *requested++ = '\0';

  if (dt_redirect_uri_matches (registered, requested))
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (strcmp (registered, requested) == 0)
        return 0;
      a = without_port (registered);
      b = without_port (requested);
      if (a == NULL || b == NULL || strcmp (a, b) != 0)
        abort ();
      if (strchr (requested, '#') != NULL || strchr (requested, '@') != NULL)
        abort ();
    }
  return 0;
}

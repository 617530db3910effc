/* fuzz-host-origin.c: the Host and Origin guard accepts exactly its allowlist and nothing that
 * merely parses to the same address. Input: HOST "\n" ORIGIN. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-server-guard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
in_list (const char *value,
         const char *prefix)
{
  const char *hosts[] = { "127.0.0.1:7313", "localhost:7313", "[::1]:7313" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *expected = g_strconcat (prefix, hosts[i], NULL);
      if (strcmp (value, expected) == 0)
        return TRUE;
    }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *origin = strchr (text, '\n');

  if (origin != NULL)
    *origin++ = '\0';

  if (dt_guard_host_allowed (text, 7313) != in_list (text, ""))
    abort ();
  if (origin != NULL && dt_guard_origin_allowed (origin, 7313) != in_list (origin, "http://"))
    abort ();
  /* The same check on another port never lets this port's names through. */
  if (dt_guard_host_allowed (text, 7314) && in_list (text, ""))
    abort ();
  return 0;
}

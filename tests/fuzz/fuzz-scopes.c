/* fuzz-scopes.c: scope strings: what is accepted is in the catalog, closed under what each scope
 * implies, and stable when parsed again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-scopes.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) scopes = dt_scopes_parse (text, NULL);
  g_autofree char *joined = NULL;
  g_auto(GStrv) again = NULL;
  g_autofree char *joined_again = NULL;
  DtTarget target;

  (void) dt_target_from_resource (text, 7313, &target);
  if (scopes == NULL)
    return 0;

  for (guint i = 0; scopes[i] != NULL; i++)
    {
      const DtScopeInfo *info = dt_scope_lookup (scopes[i]);
      if (info == NULL)
        abort ();
      if (info->implies != NULL && !g_strv_contains ((const char * const *) scopes, info->implies))
        abort ();
      for (guint j = i + 1; scopes[j] != NULL; j++)
        if (strcmp (scopes[i], scopes[j]) == 0)
          abort ();
    }
  joined = dt_scopes_to_string ((const char * const *) scopes);
  again = dt_scopes_parse (joined, NULL);
  if (again == NULL)
    abort ();
  joined_again = dt_scopes_to_string ((const char * const *) again);
  if (strcmp (joined, joined_again) != 0)
    abort ();
  return 0;
}

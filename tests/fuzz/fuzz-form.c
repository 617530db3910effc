/* fuzz-form.c: the strict form parser never accepts what it must refuse, and what it accepts
 * survives a round trip through the encoder. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-form.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) table = dt_form_parse ((const char *) data, size, NULL);
  g_autoptr(GString) again = NULL;
  g_autoptr(GHashTable) reparsed = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (table == NULL)
    return 0;

  /* Accepted ⇒ names non-empty, everything UTF-8 without NUL, at most the limit. */
  if (g_hash_table_size (table) > DT_FORM_MAX_PARAMS)
    abort ();
  again = g_string_new (NULL);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *n = dt_form_encode (key);
      g_autofree char *v = dt_form_encode (value);

      if (*(const char *) key == '\0' || !g_utf8_validate (key, -1, NULL) ||
          !g_utf8_validate (value, -1, NULL))
        abort ();
      g_string_append_printf (again, "%s%s=%s", again->len ? "&" : "", n, v);
    }

  /* Round trip: the encoding of what was accepted parses to the same table. */
  reparsed = dt_form_parse (again->str, again->len, NULL);
  if (reparsed == NULL || g_hash_table_size (reparsed) != g_hash_table_size (table))
    abort ();
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (reparsed, key), value) != 0)
      abort ();
  return 0;
}

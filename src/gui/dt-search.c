/* dt-search.c: the matching rule of the task picker and the list searches. */
#define G_LOG_DOMAIN "dt-search"

#include "config.h"

#include <string.h>

#include "dt-search.h"

char *
dt_search_key (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL)
    return g_strdup ("");
  /* g_str_to_ascii transliterates ("ü" → "u", "ß" → "ss") in the C locale's way, which is
   * what a user typing without accents expects. */
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}

gboolean
dt_search_matches (const char *key,
                   const char *query)
{
  g_autofree char *folded = dt_search_key (query);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t›>/", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (key != NULL ? key : "", words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* dt-search.h: search as you type: case- and accent-insensitive, every word must match. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A form of @text to search in: case folded, accents dropped ("Café Müller" → "cafe muller"). */
char     *dt_search_key     (const char *text);
/* TRUE when every word of @query occurs in @key (a dt_search_key). An empty query matches. */
gboolean  dt_search_matches (const char *key,
                             const char *query);

G_END_DECLS

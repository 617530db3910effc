/* dt-list-update.h: puts a newer answer into a list store, changing only the rows that
 * changed. GTK 4.8's list view makes the widgets of every row a change replaces, some two
 * hundred at once; a report or hub read again that is mostly the same costs a few. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes @store hold @items (GObjects of its item type, not taken), keeping the rows at its
 * start and its end that @equal finds the same as the new ones. */
void dt_list_update (GListStore *store,
                     GPtrArray  *items,
                     GEqualFunc  equal);

G_END_DECLS

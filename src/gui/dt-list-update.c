/* dt-list-update.c: one splice for the changed middle of a list. */
#include "config.h"

#include "dt-list-update.h"

static gboolean
same_at (GListStore *store,
         guint       position,
         gpointer    item,
         GEqualFunc  equal)
{
  g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), position);

  return equal (old, item);
}

void
dt_list_update (GListStore *store,
                GPtrArray  *items,
                GEqualFunc  equal)
{
  guint n, start = 0, end = 0;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (items != NULL && equal != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  while (start < n && start < items->len &&
         same_at (store, start, g_ptr_array_index (items, start), equal))
    start++;
  while (end < n - start && end < items->len - start &&
         same_at (store, n - 1 - end, g_ptr_array_index (items, items->len - 1 - end), equal))
    end++;
  if (start + end < n || start + end < items->len)
    g_list_store_splice (store, start, n - start - end, items->pdata + start,
                         items->len - start - end);
}

/* dt-client-list.c: counts and pages of clients from dt-client-store. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-client-item.h"
#include "dt-client-list.h"
#include "dt-client-store.h"

struct _DtClientList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  gboolean     include_archived;
  char        *text;
};

G_DEFINE_FINAL_TYPE (DtClientList, dt_client_list, DT_TYPE_PAGED_LIST)

static void
fill_query (DtClientList *self,
            DtListQuery  *query)
{
  query->archived = self->include_archived ? DT_ARCHIVED_INCLUDE : DT_ARCHIVED_EXCLUDE;
  query->text = self->text;
}

static gint64
dt_client_list_count (DtPagedList  *list,
                      GError      **error)
{
  DtClientList *self = DT_CLIENT_LIST (list);
  DtListQuery query = { 0 };

  fill_query (self, &query);
  return dt_client_store_count_matching (self->db, &query, 0, error);
}

static GPtrArray *
dt_client_list_fetch (DtPagedList  *list,
                      guint         offset,
                      guint         limit,
                      GError      **error)
{
  DtClientList *self = DT_CLIENT_LIST (list);
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) clients = NULL;
  GPtrArray *items;

  fill_query (self, &query);
  clients = dt_client_store_list_range (self->db, &query, offset, limit, error);
  if (clients == NULL)
    return NULL;
  items = g_ptr_array_new_full (clients->len, g_object_unref);
  g_ptr_array_set_free_func (clients, NULL);
  for (guint i = 0; i < clients->len; i++)
    g_ptr_array_add (items, dt_client_item_new (g_ptr_array_index (clients, i)));
  return items;
}

static void
dt_client_list_finalize (GObject *object)
{
  DtClientList *self = DT_CLIENT_LIST (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->text, g_free);
  G_OBJECT_CLASS (dt_client_list_parent_class)->finalize (object);
}

static void
dt_client_list_class_init (DtClientListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_client_list_finalize;
  list_class->count = dt_client_list_count;
  list_class->fetch = dt_client_list_fetch;
}

static void
dt_client_list_init (DtClientList *self)
{
}

DtClientList *
dt_client_list_new_full (DtDb  *db,
                         guint  page_size,
                         guint  max_pages)
{
  DtClientList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_CLIENT_LIST,
                       "item-type", DT_TYPE_CLIENT_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  return self;
}

DtClientList *
dt_client_list_new (DtDb *db)
{
  return dt_client_list_new_full (db, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                  DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

void
dt_client_list_set_archived (DtClientList *self,
                             gboolean      include_archived)
{
  g_return_if_fail (DT_IS_CLIENT_LIST (self));

  if (self->include_archived == !!include_archived)
    return;
  self->include_archived = !!include_archived;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

void
dt_client_list_set_text (DtClientList *self,
                         const char   *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (DT_IS_CLIENT_LIST (self));

  trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  if (g_strcmp0 (self->text, trimmed) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&trimmed);
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

guint
dt_client_list_find (DtClientList *self,
                     gint64        id)
{
  DtListQuery query = { 0 };
  g_autoptr(DtClientItem) item = NULL;
  gint64 position;

  g_return_val_if_fail (DT_IS_CLIENT_LIST (self), G_MAXUINT);

  if (id <= 0)
    return G_MAXUINT;
  fill_query (self, &query);
  position = dt_client_store_count_matching (self->db, &query, id, NULL);
  if (position < 0 || position >= g_list_model_get_n_items (G_LIST_MODEL (self)))
    return G_MAXUINT;
  /* The rows before it are counted; whether it is itself in the list, its row says. */
  item = g_list_model_get_item (G_LIST_MODEL (self), (guint) position);
  return item != NULL && dt_client_item_get_id (item) == id ? (guint) position : G_MAXUINT;
}

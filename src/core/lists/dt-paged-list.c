/* dt-paged-list.c: the paging and the page cache behind every long list; subclasses only
 * count and read rows. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-paged-list.h"

typedef struct
{
  guint      index;  /* page number: rows [index × page size, …) */
  GPtrArray *items;  /* the rows' objects */
} Page;

typedef struct
{
  GType    item_type;
  guint    page_size;
  guint    max_pages;
  gboolean counted;    /* n_items is known */
  guint    n_items;
  GQueue   pages;      /* Page, most recently used first */
  guint    n_fetches;
} DtPagedListPrivate;

static void dt_paged_list_model_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (DtPagedList, dt_paged_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (DtPagedList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                         dt_paged_list_model_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
drop_pages (DtPagedListPrivate *priv)
{
  g_queue_clear_full (&priv->pages, page_free);
}

static guint
count_rows (DtPagedList *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n = DT_PAGED_LIST_GET_CLASS (self)->count (self, &error);

  if (n < 0)
    {
      g_warning ("Could not count the rows of a %s: %s", G_OBJECT_TYPE_NAME (self),
                 error != NULL ? error->message : "unknown error");
      return 0;
    }
  return (guint) MIN (n, (gint64) G_MAXUINT);
}

static guint
dt_paged_list_get_n_items (GListModel *model)
{
  DtPagedList *self = DT_PAGED_LIST (model);
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (self);

  if (!priv->counted)
    {
      priv->n_items = count_rows (self);
      priv->counted = TRUE;
    }
  return priv->n_items;
}

static GType
dt_paged_list_get_item_type (GListModel *model)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (DT_PAGED_LIST (model));

  return priv->item_type;
}

/* The page holding row @index, read now if it is not in memory; NULL when it cannot be read. */
static Page *
lookup_page (DtPagedList *self,
             guint        index)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  Page *page;

  for (GList *l = priv->pages.head; l != NULL; l = l->next)
    {
      page = l->data;
      if (page->index == index)
        {
          if (l != priv->pages.head)
            {
              g_queue_unlink (&priv->pages, l);
              g_queue_push_head_link (&priv->pages, l);
            }
          return page;
        }
    }

  items = DT_PAGED_LIST_GET_CLASS (self)->fetch (self, index * priv->page_size, priv->page_size,
                                                 &error);
  priv->n_fetches++;
  if (items == NULL)
    {
      g_warning ("Could not read rows of a %s: %s", G_OBJECT_TYPE_NAME (self),
                 error != NULL ? error->message : "unknown error");
      return NULL;
    }
  page = g_new0 (Page, 1);
  page->index = index;
  page->items = items;
  g_queue_push_head (&priv->pages, page);
  while (priv->pages.length > priv->max_pages)
    page_free (g_queue_pop_tail (&priv->pages));
  return page;
}

static gpointer
dt_paged_list_get_item (GListModel *model,
                        guint       position)
{
  DtPagedList *self = DT_PAGED_LIST (model);
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (self);
  Page *page;
  guint at;

  if (position >= dt_paged_list_get_n_items (model))
    return NULL;
  page = lookup_page (self, position / priv->page_size);
  at = position % priv->page_size;
  /* Fewer rows than counted: some were removed since, and the change is on its way. */
  if (page == NULL || at >= page->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page->items, at));
}

static void
dt_paged_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dt_paged_list_get_item_type;
  iface->get_n_items = dt_paged_list_get_n_items;
  iface->get_item = dt_paged_list_get_item;
}

void
dt_paged_list_invalidate (DtPagedList *self)
{
  DtPagedListPrivate *priv;
  guint removed;

  g_return_if_fail (DT_IS_PAGED_LIST (self));

  priv = dt_paged_list_get_instance_private (self);
  drop_pages (priv);
  /* Nobody has asked how long the list is: nobody shows it yet, so nobody needs telling. */
  if (!priv->counted)
    return;
  removed = priv->n_items;
  priv->n_items = count_rows (self);
  if (removed > 0 || priv->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, priv->n_items);
}

guint
dt_paged_list_get_page_size (DtPagedList *self)
{
  DtPagedListPrivate *priv;

  g_return_val_if_fail (DT_IS_PAGED_LIST (self), 0);
  priv = dt_paged_list_get_instance_private (self);
  return priv->page_size;
}

guint
dt_paged_list_get_n_cached (DtPagedList *self)
{
  DtPagedListPrivate *priv;
  guint n = 0;

  g_return_val_if_fail (DT_IS_PAGED_LIST (self), 0);
  priv = dt_paged_list_get_instance_private (self);
  for (GList *l = priv->pages.head; l != NULL; l = l->next)
    n += ((Page *) l->data)->items->len;
  return n;
}

guint
dt_paged_list_get_n_fetches (DtPagedList *self)
{
  DtPagedListPrivate *priv;

  g_return_val_if_fail (DT_IS_PAGED_LIST (self), 0);
  priv = dt_paged_list_get_instance_private (self);
  return priv->n_fetches;
}

static void
dt_paged_list_finalize (GObject *object)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (DT_PAGED_LIST (object));

  drop_pages (priv);
  G_OBJECT_CLASS (dt_paged_list_parent_class)->finalize (object);
}

static void
dt_paged_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (DT_PAGED_LIST (object));

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, priv->item_type);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, priv->page_size);
      break;
    case PROP_MAX_PAGES:
      g_value_set_uint (value, priv->max_pages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_paged_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (DT_PAGED_LIST (object));

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      priv->item_type = g_value_get_gtype (value);
      break;
    case PROP_PAGE_SIZE:
      priv->page_size = g_value_get_uint (value);
      break;
    case PROP_MAX_PAGES:
      priv->max_pages = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_paged_list_class_init (DtPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dt_paged_list_finalize;
  object_class->get_property = dt_paged_list_get_property;
  object_class->set_property = dt_paged_list_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 500, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 1, 64, DT_PAGED_LIST_DEFAULT_MAX_PAGES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dt_paged_list_init (DtPagedList *self)
{
  DtPagedListPrivate *priv = dt_paged_list_get_instance_private (self);

  priv->item_type = G_TYPE_OBJECT;
  priv->page_size = DT_PAGED_LIST_DEFAULT_PAGE_SIZE;
  priv->max_pages = DT_PAGED_LIST_DEFAULT_MAX_PAGES;
  g_queue_init (&priv->pages);
}

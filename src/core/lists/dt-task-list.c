/* dt-task-list.c: counts and pages of one project's open tasks from dt-task-store. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-task-item.h"
#include "dt-task-list.h"
#include "dt-task-store.h"

struct _DtTaskList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  gint64       project_id;
};

G_DEFINE_FINAL_TYPE (DtTaskList, dt_task_list, DT_TYPE_PAGED_LIST)

static void
fill_query (DtTaskList  *self,
            DtListQuery *query)
{
  query->project_id = self->project_id;
  query->status = "open";
}

static gint64
dt_task_list_count (DtPagedList  *list,
                    GError      **error)
{
  DtTaskList *self = DT_TASK_LIST (list);
  DtListQuery query = { 0 };

  if (self->project_id == 0)
    return 0;
  fill_query (self, &query);
  return dt_task_store_count_matching (self->db, &query, 0, error);
}

static GPtrArray *
dt_task_list_fetch (DtPagedList  *list,
                    guint         offset,
                    guint         limit,
                    GError      **error)
{
  DtTaskList *self = DT_TASK_LIST (list);
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) tasks = NULL;
  GPtrArray *items;

  fill_query (self, &query);
  tasks = dt_task_store_list_range (self->db, &query, offset, limit, error);
  if (tasks == NULL)
    return NULL;
  items = g_ptr_array_new_full (tasks->len, g_object_unref);
  g_ptr_array_set_free_func (tasks, NULL);
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (items, dt_task_item_new (g_ptr_array_index (tasks, i)));
  return items;
}

static void
dt_task_list_finalize (GObject *object)
{
  DtTaskList *self = DT_TASK_LIST (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (dt_task_list_parent_class)->finalize (object);
}

static void
dt_task_list_class_init (DtTaskListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_task_list_finalize;
  list_class->count = dt_task_list_count;
  list_class->fetch = dt_task_list_fetch;
}

static void
dt_task_list_init (DtTaskList *self)
{
}

DtTaskList *
dt_task_list_new_full (DtDb  *db,
                       guint  page_size,
                       guint  max_pages)
{
  DtTaskList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TASK_LIST,
                       "item-type", DT_TYPE_TASK_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  return self;
}

DtTaskList *
dt_task_list_new (DtDb *db)
{
  return dt_task_list_new_full (db, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

void
dt_task_list_set_project_id (DtTaskList *self,
                             gint64      project_id)
{
  g_return_if_fail (DT_IS_TASK_LIST (self));

  if (self->project_id == project_id)
    return;
  self->project_id = project_id;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

gint64
dt_task_list_get_project_id (DtTaskList *self)
{
  g_return_val_if_fail (DT_IS_TASK_LIST (self), 0);
  return self->project_id;
}

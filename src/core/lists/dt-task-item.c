/* dt-task-item.c: a task wrapped for a GListModel. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-task-item.h"

struct _DtTaskItem
{
  GObject  parent_instance;

  DtTask  *task;
};

G_DEFINE_FINAL_TYPE (DtTaskItem, dt_task_item, G_TYPE_OBJECT)

static void
dt_task_item_finalize (GObject *object)
{
  DtTaskItem *self = DT_TASK_ITEM (object);

  g_clear_pointer (&self->task, dt_task_free);
  G_OBJECT_CLASS (dt_task_item_parent_class)->finalize (object);
}

static void
dt_task_item_class_init (DtTaskItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_task_item_finalize;
}

static void
dt_task_item_init (DtTaskItem *self)
{
}

DtTaskItem *
dt_task_item_new (DtTask *task)
{
  DtTaskItem *self;

  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (DT_TYPE_TASK_ITEM, NULL);
  self->task = task;
  return self;
}

const DtTask *
dt_task_item_get_task (DtTaskItem *self)
{
  g_return_val_if_fail (DT_IS_TASK_ITEM (self), NULL);
  return self->task;
}

gint64
dt_task_item_get_id (DtTaskItem *self)
{
  g_return_val_if_fail (DT_IS_TASK_ITEM (self), 0);
  return self->task->id;
}

/* dt-task-item.h: one row of the tasks list: a task. */
#pragma once

#include <glib-object.h>

#include "dt-task-store.h"

G_BEGIN_DECLS

#define DT_TYPE_TASK_ITEM (dt_task_item_get_type ())
G_DECLARE_FINAL_TYPE (DtTaskItem, dt_task_item, DT, TASK_ITEM, GObject)

/* Takes @task. */
DtTaskItem   *dt_task_item_new      (DtTask     *task);
const DtTask *dt_task_item_get_task (DtTaskItem *self);
gint64        dt_task_item_get_id   (DtTaskItem *self);

G_END_DECLS

/* dt-task-list.h: the open tasks of one project in the order they were added, as a lazy
 * GListModel of DtTaskItem. */
#pragma once

#include "dt-db.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_TASK_LIST (dt_task_list_get_type ())
G_DECLARE_FINAL_TYPE (DtTaskList, dt_task_list, DT, TASK_LIST, DtPagedList)

DtTaskList *dt_task_list_new             (DtDb       *db);
DtTaskList *dt_task_list_new_full        (DtDb       *db,
                                          guint       page_size,
                                          guint       max_pages);
/* The project whose tasks are listed; 0 for an empty list. Invalidates when it changes. */
void        dt_task_list_set_project_id  (DtTaskList *self,
                                          gint64      project_id);
gint64      dt_task_list_get_project_id  (DtTaskList *self);

G_END_DECLS

/* dt-task-store.h: tasks inside a project. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  gint64    project_id;
  gint64    client_id;         /* read only: the project's client */
  char     *title;             /* 1–500 characters */
  char     *status;            /* "open" or "done" */
  gboolean  billable;          /* FALSE makes every entry of the task non-billable */
  gint64    rate;              /* or DT_NO_VALUE */
  gint64    estimate_minutes;  /* or DT_NO_VALUE */
  char     *notes;
  gint64    created_at;
  gint64    updated_at;
  gint64    version;
} DtTask;

/* Defaults: status "open", billable. */
DtTask    *dt_task_new            (void);
DtTask    *dt_task_copy           (const DtTask *task);
void       dt_task_free           (DtTask       *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTask, dt_task_free)

/* The project must exist and not be archived. */
DtTask    *dt_task_store_create   (DtDb         *db,
                                   const DtTask *input,
                                   GError      **error);
DtTask    *dt_task_store_get      (DtDb         *db,
                                   gint64        id,
                                   GError      **error);
/* Replaces every field; moving a task with time entries to another project is refused
 * (DT_ERROR_CONFLICT), its entries would no longer match. */
DtTask    *dt_task_store_update   (DtDb         *db,
                                   const DtTask *task,
                                   gint64        expected_version,
                                   GError      **error);
/* Only a task without time entries or invoice lines; otherwise DT_ERROR_CONFLICT (mark it
 * done instead). */
gboolean   dt_task_store_delete   (DtDb         *db,
                                   gint64        id,
                                   GError      **error);
/* Honours: client_id, project_id, status, billable, text (title, notes), after_id, limit. */
GPtrArray *dt_task_store_list     (DtDb              *db,
                                   const DtListQuery *query,
                                   gboolean          *out_has_more,
                                   GError           **error);

/* For lists that page by position, in id order: how many tasks of project
 * @query->project_id (required: an exact match, which tasks_project finds) @query matches
 * (status), or, when @before_id is not 0, how many of them come before task @before_id (its
 * position). -1 with @error on failure. */
gint64     dt_task_store_count_matching (DtDb              *db,
                                         const DtListQuery *query,
                                         gint64             before_id,
                                         GError           **error);
/* Rows [@offset, @offset + @limit) of that list, fewer at its end. Array of DtTask. */
GPtrArray *dt_task_store_list_range     (DtDb              *db,
                                         const DtListQuery *query,
                                         guint              offset,
                                         guint              limit,
                                         GError           **error);

G_END_DECLS

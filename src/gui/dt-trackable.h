/* dt-trackable.h: something the timer can run on — a project, or a task of a project — as
 * the task picker lists it ("Acme › Website › Design"). */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_TRACKABLE (dt_trackable_get_type ())
G_DECLARE_FINAL_TYPE (DtTrackable, dt_trackable, DT, TRACKABLE, GObject)

DtTrackable *dt_trackable_new             (gint64       project_id,
                                           gint64       task_id,
                                           const char  *client_name,
                                           const char  *project_name,
                                           const char  *task_title);
gint64       dt_trackable_get_project_id  (DtTrackable *self);
gint64       dt_trackable_get_task_id     (DtTrackable *self);
/* "Acme › Website › Design", or "Acme › Website" for the project itself. */
const char  *dt_trackable_get_label       (DtTrackable *self);
/* The task (or project) name alone, and what it belongs to ("Acme › Website"). */
const char  *dt_trackable_get_title       (DtTrackable *self);
const char  *dt_trackable_get_context     (DtTrackable *self);
gboolean     dt_trackable_matches         (DtTrackable *self,
                                           const char  *query);

/* Every active project and its open tasks, by client, project and task name. Small queries:
 * a freelancer has tens of projects, not thousands. */
GListStore  *dt_trackables_load           (DtDb        *db,
                                           GError     **error);
/* The label for a project/task pair, looked up in @db; NULL when it does not exist. */
char        *dt_trackables_describe       (DtDb        *db,
                                           gint64       project_id,
                                           gint64       task_id);

G_END_DECLS

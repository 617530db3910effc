/* dt-task-drop-down.h: a searchable drop-down of what time can be tracked on. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkDropDown over @trackables (DtTrackable) with search: its popup is a list view, so a
 * long list of tasks costs a screenful of rows. Selects @project_id/@task_id when listed,
 * nothing otherwise. */
GtkWidget *dt_task_drop_down_new    (GListModel  *trackables,
                                     gint64       project_id,
                                     gint64       task_id);
void       dt_task_drop_down_select (GtkDropDown *dropdown,
                                     gint64       project_id,
                                     gint64       task_id);

G_END_DECLS

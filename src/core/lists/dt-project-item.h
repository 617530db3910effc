/* dt-project-item.h: one row of a client's projects: a project, its client's currency and
 * how much of its budget the work so far uses, once that is known. */
#pragma once

#include <glib-object.h>

#include "dt-project-store.h"

G_BEGIN_DECLS

#define DT_TYPE_PROJECT_ITEM (dt_project_item_get_type ())
G_DECLARE_FINAL_TYPE (DtProjectItem, dt_project_item, DT, PROJECT_ITEM, GObject)

/* Takes @project. @used_seconds and @used_amount are the work tracked on it so far (all time,
 * its amount in @currency); -1 while they are being counted. */
DtProjectItem   *dt_project_item_new              (DtProject     *project,
                                                   const char    *currency,
                                                   gint64         used_seconds,
                                                   gint64         used_amount);
const DtProject *dt_project_item_get_project      (DtProjectItem *self);
gint64           dt_project_item_get_id           (DtProjectItem *self);
const char      *dt_project_item_get_currency     (DtProjectItem *self);
gint64           dt_project_item_get_used_seconds (DtProjectItem *self);
gint64           dt_project_item_get_used_amount  (DtProjectItem *self);

G_END_DECLS

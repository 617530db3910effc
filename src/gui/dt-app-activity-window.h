/* dt-app-activity-window.h: everything one connected app did, newest first, in a window of its
 * own: a list view over the audit log that reads a page at a time, however long the history. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_APP_ACTIVITY_WINDOW (dt_app_activity_window_get_type ())
G_DECLARE_FINAL_TYPE (DtAppActivityWindow, dt_app_activity_window, DT, APP_ACTIVITY_WINDOW,
                      AdwWindow)

/* The activity of the app @client_id, named @name in the title. */
DtAppActivityWindow *dt_app_activity_window_new        (DtDb       *db,
                                                        const char *client_id,
                                                        const char *name);
/* How many events the list holds (all of them, read or not). */
guint                dt_app_activity_window_get_n_events (DtAppActivityWindow *self);

G_END_DECLS

/* dt-change-monitor.h: hears the store's change events from any thread (the server writes on
 * its own) and repeats them on the main context, where widgets may act on them. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_CHANGE_MONITOR (dt_change_monitor_get_type ())
G_DECLARE_FINAL_TYPE (DtChangeMonitor, dt_change_monitor, DT, CHANGE_MONITOR, GObject)

/* Emitted as the entity when another connection committed something we were not told about
 * (the server's thread, the command line): anything may have changed. */
#define DT_CHANGE_ANY "any"

/* DtChangeMonitor::changed (DtChangeMonitor *monitor, const char *entity, gint64 id), always
 * emitted in the thread-default main context of the thread that created the monitor. */
DtChangeMonitor *dt_change_monitor_new     (DtDb            *db);
/* TRUE when @entity is @wanted or DT_CHANGE_ANY. */
gboolean         dt_change_monitor_matches (const char      *entity,
                                            const char      *wanted);

G_END_DECLS

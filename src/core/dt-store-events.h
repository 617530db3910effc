/* dt-store-events.h: tells listeners which stored objects changed, after each commit. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_STORE_EVENTS (dt_store_events_get_type ())
G_DECLARE_FINAL_TYPE (DtStoreEvents, dt_store_events, DT, STORE_EVENTS, GObject)

/* Entity names passed with "changed"; static strings, compare with g_str_equal. */
#define DT_ENTITY_PROFILE     "profile"
#define DT_ENTITY_CLIENT      "client"
#define DT_ENTITY_PROJECT     "project"
#define DT_ENTITY_TASK        "task"
#define DT_ENTITY_TIME_ENTRY  "time_entry"
#define DT_ENTITY_TAG         "tag"
#define DT_ENTITY_RULE        "rule"
#define DT_ENTITY_INVOICE     "invoice"
#define DT_ENTITY_PAYMENT     "payment"
#define DT_ENTITY_SETTING     "setting"
#define DT_ENTITY_RECURRING   "recurring_invoice"

/*
 * DtStoreEvents::changed (DtStoreEvents *events, const char *entity, gint64 id)
 *
 * Emitted once per changed object after the outermost transaction that changed it committed
 * (never for a rolled-back change). @id is 0 for the profile and for settings.
 *
 * The signal is emitted in the thread that wrote: a DtDb used by the HTTP server's thread
 * emits there. Several connections may share one DtStoreEvents (dt_db_set_events), so the
 * window hears the server's writes; a listener living in another thread marshals to its own
 * GMainContext (g_main_context_invoke) instead of touching widgets in the handler.
 */
DtStoreEvents *dt_store_events_new  (void);
void           dt_store_events_emit (DtStoreEvents *self,
                                     const char    *entity,
                                     gint64         id);

G_END_DECLS

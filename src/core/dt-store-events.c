/* dt-store-events.c: the "changed" signal that stores emit after a commit. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-store-events.h"

struct _DtStoreEvents
{
  GObject parent_instance;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtStoreEvents, dt_store_events, G_TYPE_OBJECT)

static void
dt_store_events_class_init (DtStoreEventsClass *klass)
{
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2,
                                   G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                                   G_TYPE_INT64);
}

static void
dt_store_events_init (DtStoreEvents *self)
{
}

DtStoreEvents *
dt_store_events_new (void)
{
  return g_object_new (DT_TYPE_STORE_EVENTS, NULL);
}

void
dt_store_events_emit (DtStoreEvents *self,
                      const char    *entity,
                      gint64         id)
{
  g_return_if_fail (DT_IS_STORE_EVENTS (self));
  g_return_if_fail (entity != NULL);

  g_signal_emit (self, signals[CHANGED], 0, entity, id);
}

/* dt-change-monitor.c: store change events marshalled to the UI thread, and a once-a-second
 * look at SQLite's data_version for writers that do not share the events object. */
#define G_LOG_DOMAIN "dt-change-monitor"

#include "config.h"

#include "dt-change-monitor.h"
#include "dt-store-events.h"

struct _DtChangeMonitor
{
  GObject        parent_instance;

  DtStoreEvents *events;
  GMainContext  *context;
  gulong         handler;
  DtDb          *db;
  gint64         data_version;
  guint          poll_id;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtChangeMonitor, dt_change_monitor, G_TYPE_OBJECT)

/* Shared by the handler (any thread) and the monitor: a weak reference, so a change heard
 * while the window closes never touches a finalized monitor. */
typedef struct
{
  GWeakRef monitor;
} Link;

typedef struct
{
  DtChangeMonitor *monitor;
  const char      *entity;  /* static DT_ENTITY_* string */
  gint64           id;
} Change;

static void
link_free (gpointer data,
           GClosure *closure)
{
  Link *link = data;

  g_weak_ref_clear (&link->monitor);
  g_free (link);
}

static gboolean
emit_on_main_cb (gpointer data)
{
  Change *change = data;

  g_signal_emit (change->monitor, signals[CHANGED], 0, change->entity, change->id);
  return G_SOURCE_REMOVE;
}

static void
change_free (gpointer data)
{
  Change *change = data;

  g_object_unref (change->monitor);
  g_free (change);
}

static void
on_events_changed_cb (DtStoreEvents *events,
                      const char    *entity,
                      gint64         id,
                      gpointer       user_data)
{
  Link *link = user_data;
  DtChangeMonitor *monitor = g_weak_ref_get (&link->monitor);
  Change *change;

  if (monitor == NULL)
    return;
  change = g_new0 (Change, 1);
  change->monitor = monitor;
  change->entity = g_intern_string (entity);
  change->id = id;
  g_main_context_invoke_full (monitor->context, G_PRIORITY_DEFAULT, emit_on_main_cb, change,
                              change_free);
}

/* PRAGMA data_version changes whenever another connection commits (and never for our own
 * commits, which the events object already announces). One tiny query a second keeps the
 * window right when a writer elsewhere (a connection that does not share our events object,
 * another process) changes the data. */
static gint64
read_data_version (DtDb *db)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

static gboolean
on_poll_cb (gpointer user_data)
{
  DtChangeMonitor *self = user_data;
  gint64 version = read_data_version (self->db);

  if (version != self->data_version)
    {
      self->data_version = version;
      g_signal_emit (self, signals[CHANGED], 0, DT_CHANGE_ANY, (gint64) 0);
    }
  return G_SOURCE_CONTINUE;
}

gboolean
dt_change_monitor_matches (const char *entity,
                           const char *wanted)
{
  return g_strcmp0 (entity, wanted) == 0 || g_strcmp0 (entity, DT_CHANGE_ANY) == 0;
}

static void
dt_change_monitor_dispose (GObject *object)
{
  DtChangeMonitor *self = DT_CHANGE_MONITOR (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->db);

  if (self->events != NULL && self->handler != 0)
    g_signal_handler_disconnect (self->events, self->handler);
  self->handler = 0;
  g_clear_object (&self->events);

  G_OBJECT_CLASS (dt_change_monitor_parent_class)->dispose (object);
}

static void
dt_change_monitor_finalize (GObject *object)
{
  DtChangeMonitor *self = DT_CHANGE_MONITOR (object);

  g_main_context_unref (self->context);

  G_OBJECT_CLASS (dt_change_monitor_parent_class)->finalize (object);
}

static void
dt_change_monitor_class_init (DtChangeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_change_monitor_dispose;
  object_class->finalize = dt_change_monitor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT64);
}

static void
dt_change_monitor_init (DtChangeMonitor *self)
{
  self->context = g_main_context_ref_thread_default ();
}

DtChangeMonitor *
dt_change_monitor_new (DtDb *db)
{
  DtChangeMonitor *self;
  Link *link;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_CHANGE_MONITOR, NULL);
  self->events = g_object_ref (dt_db_get_events (db));
  link = g_new0 (Link, 1);
  g_weak_ref_init (&link->monitor, self);
  self->handler = g_signal_connect_data (self->events, "changed",
                                         G_CALLBACK (on_events_changed_cb), link, link_free, 0);
  self->db = g_object_ref (db);
  self->data_version = read_data_version (db);
  self->poll_id = g_timeout_add_seconds (1, on_poll_cb, self);
  return self;
}

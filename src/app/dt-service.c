/* dt-service.c: owns the main-thread database connection and the loopback server. */
#define G_LOG_DOMAIN "dt-service"

#include "config.h"

#include "dt-oauth-clients.h"
#include "dt-app-routes.h"
#include "dt-oauth-endpoints.h"
#include "dt-oauth-metadata.h"
#include "dt-oauth-tokens.h"
#include "dt-service.h"
#include "dt-db-read.h"
#include "dt-recurring.h"
#include "dt-rollups.h"
#include "dt-help-page.h"
#include "dt-ops.h"
#include "dt-time.h"

struct _DtService
{
  GObject  parent_instance;

  char    *data_dir;
  guint     port;
  DtDb     *db;
  DtServer *server;
  DtConsentBroker *broker;
  gboolean  server_enabled;
  guint     tidy_id;
  guint     backup_id;
  gboolean  check_in_background;
  GCancellable *checking;       /* the background integrity check, or NULL */
  GCancellable *building;       /* the roll-ups' build, or NULL */
  double    rollups_fraction;   /* how much of it is done */
  gint64    rollups_began;      /* monotonic µs */
  char     *integrity_problem;  /* why it failed, or NULL */
};

enum {
  SIGNAL_INTEGRITY_FAILED,
  SIGNAL_ROLLUPS_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtService, dt_service, G_TYPE_OBJECT)

static void
dt_service_finalize (GObject *object)
{
  DtService *self = DT_SERVICE (object);

  dt_service_stop (self);
  g_clear_object (&self->broker);
  g_free (self->data_dir);
  g_free (self->integrity_problem);

  G_OBJECT_CLASS (dt_service_parent_class)->finalize (object);
}

static void
dt_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DtService *self = DT_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_service_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DtService *self = DT_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      if (self->data_dir == NULL)
        self->data_dir = dt_db_default_data_dir ();
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_service_class_init (DtServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dt_service_finalize;
  object_class->get_property = dt_service_get_property;
  object_class->set_property = dt_service_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, DEFAULT_PORT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The background integrity check failed; the argument says why. The server is stopped. */
  signals[SIGNAL_INTEGRITY_FAILED] =
    g_signal_new ("integrity-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The roll-ups' build: the fraction done, 1.0 when they are complete. */
  signals[SIGNAL_ROLLUPS_PROGRESS] =
    g_signal_new ("rollups-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
dt_service_init (DtService *self)
{
  self->server_enabled = TRUE;
}

DtService *
dt_service_new (const char *data_dir,
                guint       port)
{
  return g_object_new (DT_TYPE_SERVICE, "data-dir", data_dir, "port", port, NULL);
}

static gboolean
start_server (DtService  *self,
              GError    **error)
{
  /* The server opens its own connection on its own thread; WAL lets both work at once.
   * Other layers (REST, MCP) mount their routes on it here too. */
  self->server = dt_server_new (dt_db_get_path (self->db), self->port);
  dt_server_set_events (self->server, dt_db_get_events (self->db));
  dt_oauth_metadata_mount (self->server);
  dt_oauth_endpoints_mount (self->server, self->broker);
  dt_app_routes_mount (self->server, self->broker);
  {
    /* The help page at / describes the same operations the routes above serve. */
    g_autoptr(DtOpRegistry) help_ops = dt_op_registry_new ();
    dt_ops_register_all (help_ops);
    dt_help_page_mount (self->server, help_ops);
  }
  if (!dt_server_start (self->server, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  return TRUE;
}

static void
stop_server (DtService *self)
{
  /* Questions still waiting are withdrawn; their held requests are answered by the server
   * thread on its way out. */
  if (self->broker != NULL)
    dt_consent_broker_cancel_all (self->broker);
  if (self->server != NULL)
    dt_server_stop (self->server);
  g_clear_object (&self->server);
}

gboolean
dt_service_set_server_enabled (DtService  *self,
                               gboolean    enabled,
                               GError    **error)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), FALSE);

  self->server_enabled = enabled;
  if (self->db == NULL)
    return TRUE;
  if (!enabled)
    {
      stop_server (self);
      return TRUE;
    }
  if (self->server != NULL)
    return TRUE;
  return start_server (self, error);
}

static void make_recurring_drafts (DtService *self);

/* Unapproved registrations past their time, tokens and codes long expired, and the day's
 * recurring drafts. */
static gboolean
tidy_auth_cb (gpointer user_data)
{
  DtService *self = user_data;

  dt_oauth_clients_expire (self->db, dt_time_now () - DT_OAUTH_UNAPPROVED_TTL);
  dt_oauth_tokens_prune (self->db, dt_time_now ());
  make_recurring_drafts (self);
  return G_SOURCE_CONTINUE;
}

void
dt_service_set_check_in_background (DtService *self,
                                    gboolean   background)
{
  g_return_if_fail (DT_IS_SERVICE (self));
  self->check_in_background = background;
}

gboolean
dt_service_is_checking (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), FALSE);
  return self->checking != NULL;
}

const char *
dt_service_get_integrity_problem (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), NULL);
  return self->integrity_problem;
}

static gpointer
quick_check_cb (DtDb     *db,
                gpointer  data,
                GError  **error)
{
  return dt_db_integrity_check (db, TRUE, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DtService) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dt_db_read_finish (result, &error) != NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->checking);
      return;
    }
  g_clear_object (&self->checking);
  g_warning ("The database failed its check: %s", error->message);
  /* Apps must not write into a damaged file; the window stays to say so and to restore. */
  stop_server (self);
  g_free (self->integrity_problem);
  self->integrity_problem = g_strdup (error->message);
  g_signal_emit (self, signals[SIGNAL_INTEGRITY_FAILED], 0, error->message);
}

typedef struct
{
  DtService *service;
  double     fraction;
  gboolean   complete;
} BuildProgress;

static void
build_progress_free (BuildProgress *progress)
{
  g_object_unref (progress->service);
  g_free (progress);
}

static gboolean
report_progress_cb (gpointer data)
{
  BuildProgress *progress = data;
  DtService *self = progress->service;
  double seconds = (g_get_monotonic_time () - self->rollups_began) / 1e6;

  self->rollups_fraction = progress->complete ? 1.0 : progress->fraction;
  if (progress->complete)
    g_message ("Roll-ups built in %.1f s", seconds);
  else if (progress->fraction > 0)
    g_message ("Building roll-ups: %d%% (about %.0f s left)", (int) (progress->fraction * 100),
               seconds / progress->fraction - seconds);
  g_signal_emit (self, signals[SIGNAL_ROLLUPS_PROGRESS], 0, self->rollups_fraction);
  return G_SOURCE_REMOVE;
}

static void
build_progress_cb (const DtRollupsProgress *now,
                   gpointer                 data)
{
  BuildProgress *progress = g_new0 (BuildProgress, 1);

  progress->service = g_object_ref (data);
  progress->fraction = now->clients_total > 0
                       ? (double) now->clients_done / now->clients_total : 1.0;
  progress->complete = now->complete;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, report_progress_cb, progress,
                              (GDestroyNotify) build_progress_free);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open (data, DT_DB_OPEN_NO_QUICK_CHECK, &error);

  /* Its own connection: the window and the server read and write meanwhile, each step is a
   * short transaction of its own, and a stop (or a crash) loses nothing already built. */
  if (db == NULL || !dt_rollups_build (db, cancellable, build_progress_cb, source, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_built_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DtService *self = DT_SERVICE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The roll-ups could not be built (answers read the history instead): %s",
               error->message);
  g_clear_object (&self->building);
}

/* The recurring invoices' drafts due since the app last ran (all the months of a long
 * holiday), each made once, on a thread with its own connection so that a first catch-up
 * of years never holds the window. They wait in the Billing Hub; nothing is sent. */
static void
recurring_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open (data, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autoptr(GPtrArray) drafts = db != NULL ? dt_recurring_catch_up (db, today, &error) : NULL;

  if (drafts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, drafts->len);
}

static void
on_recurring_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gssize made = g_task_propagate_int (G_TASK (result), &error);

  if (made < 0)
    g_warning ("The recurring invoices' drafts could not be made: %s", error->message);
  else if (made > 0)
    g_message ("Made %" G_GSSIZE_FORMAT " recurring invoice drafts", made);
}

static void
make_recurring_drafts (DtService *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_recurring_cb, NULL);

  g_task_set_task_data (task, g_strdup (dt_db_get_path (self->db)), g_free);
  g_task_run_in_thread (task, recurring_thread);
}

/* A database from before the roll-ups, or from another time zone, has them built in the
 * background; until then answers read the history, as they did before. */
static void
build_rollups (DtService *self)
{
  g_autoptr(GTask) task = NULL;

  if (dt_rollups_ready (self->db))
    {
      self->rollups_fraction = 1.0;
      return;
    }
  self->building = g_cancellable_new ();
  self->rollups_began = g_get_monotonic_time ();
  task = g_task_new (self, self->building, on_built_cb, NULL);
  g_task_set_task_data (task, g_strdup (dt_db_get_path (self->db)), g_free);
  g_task_run_in_thread (task, build_thread);
}

double
dt_service_get_rollups_fraction (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), 0);
  return self->rollups_fraction;
}

gboolean
dt_service_start (DtService  *self,
                  GError    **error)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), FALSE);

  if (self->db != NULL)
    return TRUE;

  self->db = dt_db_open_in_data_dir (self->data_dir,
                                     self->check_in_background
                                     ? DT_DB_OPEN_DEFER_QUICK_CHECK : DT_DB_OPEN_DEFAULT,
                                     error);
  if (self->db == NULL)
    return FALSE;
  if (self->check_in_background)
    {
      self->checking = g_cancellable_new ();
      dt_db_read_async (self->db, quick_check_cb, NULL, NULL, NULL, self->checking,
                        on_checked_cb, g_object_ref (self));
    }
  g_debug ("Database open at %s", dt_db_get_path (self->db));

  tidy_auth_cb (self);
  build_rollups (self);
  /* The app may run for weeks in the background: tidy up daily, not only at start. */
  self->tidy_id = g_timeout_add_seconds (24 * 60 * 60, tidy_auth_cb, self);

  /* Questions for the user are answered on this (the main) thread. */
  if (self->broker == NULL)
    self->broker = dt_consent_broker_new ();

  if (!self->server_enabled)
    return TRUE;
  if (!start_server (self, error))
    {
      g_clear_handle_id (&self->tidy_id, g_source_remove);
      g_clear_object (&self->db);
      return FALSE;
    }
  return TRUE;
}

void
dt_service_stop (DtService *self)
{
  g_return_if_fail (DT_IS_SERVICE (self));

  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_cancellable_cancel (self->building);
  stop_server (self);
  g_clear_handle_id (&self->tidy_id, g_source_remove);
  g_clear_handle_id (&self->backup_id, g_source_remove);
  g_clear_object (&self->db);
}

gboolean
dt_service_is_started (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), FALSE);
  return self->db != NULL;
}

DtDb *
dt_service_get_db (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), NULL);
  return self->db;
}

const char *
dt_service_get_data_dir (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), NULL);
  return self->data_dir;
}

guint
dt_service_get_port (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), 0);
  if (self->server != NULL && dt_server_is_running (self->server))
    return dt_server_get_port (self->server);
  return self->port;
}

DtServer *
dt_service_get_server (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), NULL);
  return self->server;
}

DtConsentBroker *
dt_service_get_consent_broker (DtService *self)
{
  g_return_val_if_fail (DT_IS_SERVICE (self), NULL);
  return self->broker;
}

#define DT_SERVICE_BACKUPS_KEPT 14

/* One backup at a time: a day's may still be running when the next check comes. */
static gint backup_running;

static gpointer
daily_backup_thread (gpointer data)
{
  g_autofree char *db_path = data;
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *written = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = dt_db_open (db_path, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (db != NULL)
    written = dt_db_rotate_backups (db, backups, DT_SERVICE_BACKUPS_KEPT, &error);
  if (written == NULL)
    g_warning ("The daily backup failed: %s", error->message);
  else
    g_debug ("Daily backup written to %s", written);
  g_atomic_int_set (&backup_running, 0);
  return NULL;
}

static gboolean
backup_if_due_cb (gpointer user_data)
{
  DtService *self = user_data;
  g_autofree char *dir = g_path_get_dirname (dt_db_get_path (self->db));
  g_autofree char *day = dt_time_local_date (dt_time_now ());
  g_autofree char *name = g_strdup_printf ("doubletime-%s.db", day);
  g_autofree char *today = g_build_filename (dir, "backups", name, NULL);

  if (!g_file_test (today, G_FILE_TEST_EXISTS) &&
      g_atomic_int_compare_and_exchange (&backup_running, 0, 1))
    /* Its own connection on its own thread: VACUUM INTO a large database takes a while,
     * and neither the window nor the server should wait for it. */
    g_thread_unref (g_thread_new ("dt-daily-backup", daily_backup_thread,
                                  g_strdup (dt_db_get_path (self->db))));
  return G_SOURCE_CONTINUE;
}

void
dt_service_schedule_daily_backup (DtService *self)
{
  g_return_if_fail (DT_IS_SERVICE (self));
  g_return_if_fail (self->db != NULL);

  backup_if_due_cb (self);
  /* The app may run for days in the background: look again every hour, so each day that it
   * runs has its backup, not only the days it starts. */
  if (self->backup_id == 0)
    self->backup_id = g_timeout_add_seconds (60 * 60, backup_if_due_cb, self);
}

/* dt-db.c: the SQLite connection, schema migrations, integrity checks and backups. */
#define G_LOG_DOMAIN "dt-db"

#include "config.h"

#include "dt-db.h"
#include "dt-db-private.h"
#include "dt-error.h"
#include "dt-time.h"
#include "dt-rollups-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

struct _DtDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements; /* sql (borrowed static string or copy) → sqlite3_stmt* */
  guint       depth;      /* transaction nesting */
  guint       reading;    /* read snapshot nesting (dt_db_begin_read) */
  DtStoreEvents *events;
  GArray     *pending;    /* Change: noted in the open transaction, announced on commit */
  GArray     *marks;      /* guint per open level: pending->len when it began */
  gboolean    committing; /* between the commit hook and the end of that commit */
  gint64      snapshot;   /* commits finished when the read snapshot began; -1 unknown */
  DtRollupCapture *rollups; /* keeps the roll-ups exact in each write transaction */
};

/* Write commits by this process's connections: begun (the commit hook, as one starts) and
 * ended (as the statement that committed finishes, which SQLite reports through its profile
 * trace; a failed commit ends there too). A read snapshot taken while none is in flight, and
 * with none begun or ended while it was taken, holds exactly the commits ended so far: two
 * such snapshots with the same count are the same state of the database
 * (dt_db_get_snapshot). Writers outside the process would not be counted; there are none
 * (the app owns its database, and a second instance hands over to the first). */
static gint commits_begun;
static gint commits_ended;

static int
commit_hook_cb (void *data)
{
  DtDb *self = data;

  self->committing = TRUE;
  g_atomic_int_inc (&commits_begun);
  /* A COMMIT run by hand, not by dt_db_commit: what it changed was not summed yet. */
  if (self->rollups != NULL)
    dt_rollup_capture_committed (self->rollups);
  return 0;
}

static void
commit_ended (DtDb *self)
{
  if (self->committing)
    {
      self->committing = FALSE;
      g_atomic_int_inc (&commits_ended);
    }
}

void
dt_db_outside_write_begin (void)
{
  g_atomic_int_inc (&commits_begun);
}

void
dt_db_outside_write_end (void)
{
  g_atomic_int_inc (&commits_ended);
}

static int
statement_done_cb (unsigned  type,
                   void     *data,
                   void     *statement,
                   void     *nanoseconds)
{
  commit_ended (data);
  return 0;
}

typedef struct
{
  const char *entity;
  gint64      id;
} Change;

G_DEFINE_FINAL_TYPE (DtDb, dt_db, G_TYPE_OBJECT)

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
dt_db_finalize (GObject *object)
{
  DtDb *self = DT_DB (object);

  g_clear_pointer (&self->rollups, dt_rollup_capture_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->events);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  commit_ended (self);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);

  G_OBJECT_CLASS (dt_db_parent_class)->finalize (object);
}

static void
dt_db_class_init (DtDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_db_finalize;
}

static void
dt_db_init (DtDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->events = dt_store_events_new ();
  self->pending = g_array_new (FALSE, FALSE, sizeof (Change));
  self->marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->snapshot = -1;
}

DtStoreEvents *
dt_db_get_events (DtDb *self)
{
  g_return_val_if_fail (DT_IS_DB (self), NULL);
  return self->events;
}

void
dt_db_set_events (DtDb          *self,
                  DtStoreEvents *events)
{
  g_return_if_fail (DT_IS_DB (self));
  g_return_if_fail (DT_IS_STORE_EVENTS (events));
  g_set_object (&self->events, events);
}

void
dt_db_note_change (DtDb       *self,
                   const char *entity,
                   gint64      id)
{
  Change change = { entity, id };

  g_return_if_fail (DT_IS_DB (self));
  g_return_if_fail (entity != NULL);

  if (self->depth == 0)
    {
      dt_store_events_emit (self->events, entity, id);
      return;
    }
  for (guint i = 0; i < self->pending->len; i++)
    {
      Change *seen = &g_array_index (self->pending, Change, i);
      if (seen->id == id && g_str_equal (seen->entity, entity))
        return;
    }
  g_array_append_val (self->pending, change);
}

static void
announce_pending (DtDb *self)
{
  g_autoptr(GArray) changes = self->pending;
  g_autoptr(DtStoreEvents) events = g_object_ref (self->events);

  /* Handlers may write again (and note new changes): hand them a fresh queue. */
  self->pending = g_array_new (FALSE, FALSE, sizeof (Change));
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);
      dt_store_events_emit (events, change->entity, change->id);
    }
}

int
dt_db_schema_version (void)
{
  return dt_db_migrations_count ();
}

gboolean
dt_db_set_error (DtDb        *self,
                 GError     **error,
                 const char  *what)
{
  int code = sqlite3_extended_errcode (self->handle);
  DtErrorCode dt_code = DT_ERROR_DATABASE;

  if ((code & 0xff) == SQLITE_CONSTRAINT)
    dt_code = DT_ERROR_CONFLICT;
  else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
    dt_code = DT_ERROR_CORRUPT;
  else if ((code & 0xff) == SQLITE_FULL)
    dt_code = DT_ERROR_NO_SPACE;
  else if ((code & 0xff) == SQLITE_IOERR)
    dt_code = DT_ERROR_IO;

  if ((code & 0xff) == SQLITE_FULL)
    g_set_error (error, DT_ERROR, dt_code, "%s: the disk is full; nothing was saved", what);
  else
    g_set_error (error, DT_ERROR, dt_code, "%s: %s", what, sqlite3_errmsg (self->handle));
  return FALSE;
}

char *
dt_db_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "doubletime", NULL);
}

gboolean
dt_db_ensure_data_dir (const char  *data_dir,
                       GError     **error)
{
  g_return_val_if_fail (data_dir != NULL, FALSE);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DT_ERROR, DT_ERROR_IO,
                   "Could not create the data folder %s: %s", data_dir, g_strerror (saved));
      return FALSE;
    }
  /* The folder holds the whole business: nobody else may list it. */
  if (g_chmod (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DT_ERROR, DT_ERROR_IO,
                   "Could not restrict the data folder %s: %s", data_dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_db_exec (DtDb        *self,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (DT_IS_DB (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      gboolean ret = dt_db_set_error (self, error, "Database error");
      sqlite3_free (message);
      return ret;
    }
  return TRUE;
}

sqlite3_stmt *
dt_db_prepare (DtDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dt_db_set_error (self, error, "Could not prepare a query");
      g_critical ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->handle));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs a statement kept prepared: a read snapshot's BEGIN and COMMIT, once per request,
 * are not parsed again each time as sqlite3_exec would. */
static gboolean
exec_kept (DtDb        *self,
           const char  *sql,
           GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* A query's first row is enough. */
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    dt_db_set_error (self, error, "Database error");
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

gboolean
dt_db_begin_read (DtDb    *self,
                  GError **error)
{
  g_return_val_if_fail (DT_IS_DB (self), FALSE);

  /* Inside a transaction the reads already share its snapshot. */
  if (self->depth == 0 && self->reading == 0)
    {
      gint begun = g_atomic_int_get (&commits_begun);
      gint ended = g_atomic_int_get (&commits_ended);

      /* The snapshot is taken by the first read, here rather than by whichever statement
       * comes first, so it is known which commits it holds. */
      if (!exec_kept (self, "BEGIN DEFERRED", error))
        return FALSE;
      if (!exec_kept (self, "SELECT 1 FROM sqlite_schema LIMIT 1", error))
        {
          exec_kept (self, "COMMIT", NULL);
          return FALSE;
        }
      self->snapshot = begun == ended && g_atomic_int_get (&commits_begun) == begun &&
                       g_atomic_int_get (&commits_ended) == ended ? ended : -1;
    }
  self->reading++;
  return TRUE;
}

gint64
dt_db_get_snapshot (DtDb *self)
{
  g_return_val_if_fail (DT_IS_DB (self), -1);

  return self->reading > 0 && self->depth == 0 ? self->snapshot : -1;
}

void
dt_db_end_read (DtDb *self)
{
  g_return_if_fail (DT_IS_DB (self));
  g_return_if_fail (self->reading > 0);

  self->reading--;
  if (self->depth == 0 && self->reading == 0)
    {
      g_autoptr(GError) error = NULL;

      /* Nothing was written: ending the snapshot cannot lose anything. */
      if (!exec_kept (self, "COMMIT", &error))
        g_warning ("Could not end a read snapshot: %s", error->message);
    }
}

gboolean
dt_db_begin (DtDb    *self,
             GError **error)
{
  g_return_val_if_fail (DT_IS_DB (self), FALSE);
  /* A write inside a read snapshot could not take the write lock it needs up front. */
  g_return_val_if_fail (self->reading == 0 || self->depth > 0, FALSE);

  if (self->depth == 0)
    {
      if (self->rollups != NULL && !dt_rollup_capture_catch_up (self->rollups, error))
        return FALSE;
      /* IMMEDIATE takes the write lock up front, so two connections never deadlock on upgrade. */
      if (!dt_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("SAVEPOINT dt_%u", self->depth);
      if (!dt_db_exec (self, sql, error))
        return FALSE;
    }
  g_array_append_val (self->marks, self->pending->len);
  self->depth++;
  return TRUE;
}

gboolean
dt_db_commit (DtDb    *self,
              GError **error)
{
  g_return_val_if_fail (DT_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      /* The roll-ups change in the transaction that changed what they sum. */
      if (self->rollups != NULL && !dt_rollup_capture_flush (self->rollups, error))
        {
          dt_db_rollback (self);
          return FALSE;
        }
      if (!dt_db_exec (self, "COMMIT", error))
        {
          dt_db_rollback (self);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("RELEASE dt_%u", self->depth - 1);
      if (!dt_db_exec (self, sql, error))
        {
          dt_db_rollback (self);
          return FALSE;
        }
    }
  self->depth--;
  g_array_set_size (self->marks, self->depth);
  if (self->depth == 0 && self->pending->len > 0)
    announce_pending (self);
  return TRUE;
}

void
dt_db_rollback (DtDb *self)
{
  g_return_if_fail (DT_IS_DB (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    {
      if (sqlite3_get_autocommit (self->handle) == 0)
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      if (self->rollups != NULL)
        dt_rollup_capture_forget (self->rollups);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO dt_%u; RELEASE dt_%u",
                                              self->depth - 1, self->depth - 1);
      sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
    }
  self->depth--;
  /* What was noted since this level began never happened. */
  g_array_set_size (self->pending, g_array_index (self->marks, guint, self->depth));
  g_array_set_size (self->marks, self->depth);
}

static int
read_user_version (DtDb *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
dt_db_integrity_check (DtDb      *self,
                       gboolean   quick,
                       GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (DT_IS_DB (self), FALSE);

  if (sqlite3_prepare_v2 (self->handle, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check",
                          -1, &stmt, NULL) != SQLITE_OK)
    return dt_db_set_error (self, error, "Could not check the database");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return dt_db_set_error (self, error, "Could not check the database");

  if (problems->len > 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CORRUPT,
                   "The database %s is damaged (%s). Restore a backup from the backups folder.",
                   self->path, problems->str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
snapshot_before_migration (DtDb        *self,
                           int          from_version,
                           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *name = g_strdup_printf ("doubletime-before-v%d-%" G_GINT64_FORMAT ".db",
                                           from_version + 1, dt_time_now ());
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *dest = g_build_filename (backups, name, NULL);

  if (!dt_db_ensure_data_dir (backups, error))
    return FALSE;
  return dt_db_backup_to (self, dest, error);
}

static gboolean
check_foreign_keys (DtDb    *self,
                    GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return dt_db_set_error (self, error, "Could not check references");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    g_set_error (error, DT_ERROR, DT_ERROR_CORRUPT,
                 "a row of %s refers to a missing row of %s",
                 sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
refuse_newer (DtDb     *self,
              int       version,
              GError  **error)
{
  if (version <= dt_db_migrations_count ())
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_NEWER_SCHEMA,
               "The database %s was written by a newer version of DoubleTime "
               "(schema %d; this version understands up to %d). Update DoubleTime "
               "to open it; nothing was changed.",
               self->path, version, dt_db_migrations_count ());
  return FALSE;
}

static gboolean
migrate (DtDb          *self,
         DtDbOpenFlags  flags,
         GError       **error)
{
  int version = read_user_version (self);
  int target = dt_db_migrations_count ();

  if (version < 0)
    return dt_db_set_error (self, error, "Could not read the database version");

  if (!refuse_newer (self, version, error))
    return FALSE;

  /* A snapshot of real data first, so a failed or buggy migration can be undone by hand. */
  if (version > 0 && version < target && !(flags & DT_DB_OPEN_NO_MIGRATE_SNAPSHOT))
    {
      if (!snapshot_before_migration (self, version, error))
        return FALSE;
    }

  for (int v = version; v < target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      g_autoptr(GError) local_error = NULL;

      if (!dt_db_begin (self, error))
        return FALSE;
      if (!dt_db_exec (self, dt_db_migration_sql (v), &local_error) ||
          !dt_db_exec (self, bump, &local_error) ||
          !check_foreign_keys (self, &local_error))
        {
          dt_db_rollback (self);
          g_set_error (error, DT_ERROR, DT_ERROR_DATABASE,
                       "Could not upgrade the database to schema %d: %s", v + 1,
                       local_error->message);
          return FALSE;
        }
      if (!dt_db_commit (self, error))
        return FALSE;
      g_debug ("Migrated %s to schema %d", self->path, v + 1);
    }
  return TRUE;
}

gboolean
dt_db_migrate (DtDb    *self,
               GError **error)
{
  g_return_val_if_fail (DT_IS_DB (self), FALSE);
  /* The caller took its own safety copy: no second snapshot. */
  return migrate (self, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, error);
}

DtDb *
dt_db_open (const char     *path,
            DtDbOpenFlags   flags,
            GError        **error)
{
  g_autoptr(DtDb) self = NULL;
  gboolean in_memory;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  in_memory = g_str_equal (path, ":memory:");
  self = g_object_new (DT_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (!in_memory)
    {
      /* Created 0600 from the first byte: no window where another user could open it. */
      int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, DT_ERROR, DT_ERROR_IO,
                       "Could not open the database %s: %s", path, g_strerror (saved));
          return NULL;
        }
      fchmod (fd, 0600);
      close (fd);
    }

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "Could not open the database %s: %s",
                   path, self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  /* Refuse a newer schema before anything (even the journal mode) writes to the file. */
  if (read_user_version (self) > dt_db_migrations_count ())
    {
      migrate (self, flags, error); /* says which versions, as DT_ERROR_NEWER_SCHEMA */
      return NULL;
    }

  /* Before anything writes (even switching to WAL rewrites the header): a database from a
   * newer DoubleTime is left exactly as it was. */
  if (!refuse_newer (self, read_user_version (self), error))
    return NULL;

  /* synchronous=FULL: a revoked token or an acknowledged payment must survive a power cut. */
  if (!dt_db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !dt_db_exec (self, in_memory ? "PRAGMA journal_mode = MEMORY" : "PRAGMA journal_mode = WAL",
                   error) ||
      !dt_db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !dt_db_exec (self, "PRAGMA trusted_schema = OFF", error))
    {
      if (g_error_matches (*error, DT_ERROR, DT_ERROR_DATABASE) &&
          sqlite3_errcode (self->handle) == SQLITE_NOTADB)
        (*error)->code = DT_ERROR_CORRUPT;
      return NULL;
    }

  if (!in_memory)
    {
      sqlite3_commit_hook (self->handle, commit_hook_cb, self);
      sqlite3_trace_v2 (self->handle, SQLITE_TRACE_PROFILE, statement_done_cb, self);
    }

  /* A migration rewrites tables: never on a file not checked first. */
  if (!in_memory && !(flags & DT_DB_OPEN_NO_QUICK_CHECK) &&
      (!(flags & DT_DB_OPEN_DEFER_QUICK_CHECK) ||
       read_user_version (self) < dt_db_migrations_count ()) &&
      !dt_db_integrity_check (self, TRUE, error))
    return NULL;

  if (!migrate (self, flags, error))
    return NULL;
  self->rollups = dt_rollup_capture_new (self, error);
  if (self->rollups == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

DtRollupCapture *
dt_db_get_rollup_capture (DtDb *self)
{
  g_return_val_if_fail (DT_IS_DB (self), NULL);
  return self->rollups;
}

DtDb *
dt_db_open_in_data_dir (const char     *data_dir,
                        DtDbOpenFlags   flags,
                        GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (!dt_db_ensure_data_dir (data_dir, error))
    return NULL;
  path = g_build_filename (data_dir, "doubletime.db", NULL);
  return dt_db_open (path, flags, error);
}

const char *
dt_db_get_path (DtDb *self)
{
  g_return_val_if_fail (DT_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
dt_db_get_handle (DtDb *self)
{
  g_return_val_if_fail (DT_IS_DB (self), NULL);
  return self->handle;
}

gboolean
dt_db_backup_to (DtDb        *self,
                 const char  *dest_path,
                 GError     **error)
{
  g_autofree char *tmp = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(DtDb) copy = NULL;
  int fd;

  g_return_val_if_fail (DT_IS_DB (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  /* VACUUM INTO a temporary name, fsync, check, then rename: a reader never sees half a file. */
  tmp = g_strconcat (dest_path, ".partial", NULL);
  g_unlink (tmp);

  if (sqlite3_prepare_v2 (self->handle, "VACUUM INTO ?", -1, &stmt, NULL) != SQLITE_OK)
    return dt_db_set_error (self, error, "Could not back up the database");
  sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dt_db_set_error (self, error, "Could not back up the database");
      sqlite3_finalize (stmt);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  g_chmod (tmp, 0600);
  fd = g_open (tmp, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  copy = g_object_new (DT_TYPE_DB, NULL);
  copy->path = g_strdup (tmp);
  if (sqlite3_open_v2 (tmp, &copy->handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      !dt_db_integrity_check (copy, TRUE, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DT_ERROR, DT_ERROR_IO, "The backup %s could not be read back", tmp);
      g_unlink (tmp);
      return FALSE;
    }
  g_clear_object (&copy);

  if (g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "Could not save the backup %s: %s",
                   dest_path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

char *
dt_db_rotate_backups (DtDb        *self,
                      const char  *backup_dir,
                      guint        keep,
                      GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) daily = NULL;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  const char *entry;

  g_return_val_if_fail (DT_IS_DB (self), NULL);
  g_return_val_if_fail (backup_dir != NULL, NULL);
  g_return_val_if_fail (keep > 0, NULL);

  if (!dt_db_ensure_data_dir (backup_dir, error))
    return NULL;

  day = dt_time_local_date (dt_time_now ());
  name = g_strdup_printf ("doubletime-%s.db", day);
  dest = g_build_filename (backup_dir, name, NULL);
  if (!dt_db_backup_to (self, dest, error))
    return NULL;

  /* Daily names sort by date; drop the oldest beyond @keep. */
  dir = g_dir_open (backup_dir, 0, error);
  if (dir == NULL)
    return NULL;
  daily = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (entry, "doubletime-2") && g_str_has_suffix (entry, ".db") &&
          strlen (entry) == strlen ("doubletime-YYYY-MM-DD.db"))
        g_ptr_array_add (daily, g_strdup (entry));
    }
  g_ptr_array_sort (daily, compare_names);
  for (guint i = 0; i + keep < daily->len; i++)
    {
      g_autofree char *old = g_build_filename (backup_dir, daily->pdata[i], NULL);
      g_unlink (old);
    }

  return g_steal_pointer (&dest);
}

/* dt-db.h: one SQLite connection to the DoubleTime database, with migrations and backups. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "dt-store-events.h"

G_BEGIN_DECLS

#define DT_TYPE_DB (dt_db_get_type ())
G_DECLARE_FINAL_TYPE (DtDb, dt_db, DT, DB, GObject)

/* The schema version this build writes; a database above it is refused. */
#define DT_DB_SCHEMA_VERSION (dt_db_schema_version ())

typedef enum
{
  DT_DB_OPEN_DEFAULT = 0,
  DT_DB_OPEN_NO_MIGRATE_SNAPSHOT = 1 << 0, /* skip the VACUUM INTO snapshot (in-memory, fuzzing) */
  DT_DB_OPEN_NO_QUICK_CHECK = 1 << 1,      /* skip the start-up quick_check (second connections) */
  /* skip it unless a migration is due: the caller runs it on a worker instead, since it reads
   * the whole file (half a second on ten years of data, more from a cold disk) */
  DT_DB_OPEN_DEFER_QUICK_CHECK = 1 << 2,
} DtDbOpenFlags;

int          dt_db_schema_version     (void);

char        *dt_db_default_data_dir   (void);
gboolean     dt_db_ensure_data_dir    (const char   *data_dir,
                                       GError      **error);

DtDb        *dt_db_open               (const char   *path,
                                       DtDbOpenFlags flags,
                                       GError      **error);
DtDb        *dt_db_open_in_data_dir   (const char   *data_dir,
                                       DtDbOpenFlags flags,
                                       GError      **error);
const char  *dt_db_get_path           (DtDb         *self);
sqlite3     *dt_db_get_handle         (DtDb         *self);

/* Cached prepared statement, reset and with bindings cleared. Owned by @self. */
sqlite3_stmt *dt_db_prepare           (DtDb         *self,
                                       const char   *sql,
                                       GError      **error);

/* Nestable transactions (savepoints inside an outer BEGIN IMMEDIATE). Changes noted with
 * dt_db_note_change are announced on the events object after the outermost commit and
 * forgotten on rollback (of the savepoint they were noted in). */
/* A read snapshot (a deferred transaction): the statements until dt_db_end_read see one state
 * of the database and take the file's read lock once, not once each. Nestable; no writes
 * (dt_db_begin) inside one. */
gboolean     dt_db_begin_read         (DtDb         *self,
                                       GError      **error);
void         dt_db_end_read           (DtDb         *self);
/* Which state of the database @self's read snapshot sees: two connections to one file whose
 * snapshots have the same id see the same state, so work on one read can be split across
 * their threads. -1 outside a snapshot, and when it cannot be told (a commit was under way
 * as the snapshot began). */
gint64       dt_db_get_snapshot       (DtDb         *self);
/* Around a write that no commit hook sees (the backup API restoring a copy): it counts as a
 * commit in flight, so no snapshot taken across it is said to match another. */
void         dt_db_outside_write_begin (void);
void         dt_db_outside_write_end   (void);
gboolean     dt_db_begin              (DtDb         *self,
                                       GError      **error);
gboolean     dt_db_commit             (DtDb         *self,
                                       GError      **error);
void         dt_db_rollback           (DtDb         *self);

gboolean     dt_db_exec               (DtDb         *self,
                                       const char   *sql,
                                       GError      **error);

/* Sets @error from the connection's last SQLite error, prefixed by @what. */
gboolean     dt_db_set_error          (DtDb         *self,
                                       GError      **error,
                                       const char   *what);

/* Where this connection announces committed changes. Each connection starts with its own;
 * the service gives all its connections one shared object so every writer is heard. */
DtStoreEvents *dt_db_get_events       (DtDb         *self);
void         dt_db_set_events         (DtDb         *self,
                                       DtStoreEvents *events);
/* Queues "changed" (@entity, @id) for the end of the current transaction (at once outside
 * one). @entity is one of the static DT_ENTITY_* strings. */
void         dt_db_note_change        (DtDb         *self,
                                       const char   *entity,
                                       gint64        id);

gboolean     dt_db_backup_to          (DtDb         *self,
                                       const char   *dest_path,
                                       GError      **error);
char        *dt_db_rotate_backups     (DtDb         *self,
                                       const char   *backup_dir,
                                       guint         keep,
                                       GError      **error);
gboolean     dt_db_integrity_check    (DtDb         *self,
                                       gboolean      quick,
                                       GError      **error);

G_END_DECLS

/* dt-audit.c: appends to and reads from the audit_log table (append-only by trigger), at once
 * or through a writer thread that commits read-only requests' entries in batches. */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-audit.h"
#include "dt-audit-item.h"
#include "dt-time.h"

/* Header values are attacker-chosen: keep a short, printable prefix only. */
static char *
truncate_field (const char *text)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && out->len < 200; p++)
    g_string_append_c (out, ((guchar) *p >= 0x20 && (guchar) *p < 0x7f) ? *p : '?');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
insert_row (DtDb               *db,
            const DtAuditEntry *entry,
            gint64              at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *user_agent = NULL;
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db,
                        "INSERT INTO audit_log (at, event, outcome, client_id, client_name, "
                        "grant_id, token_id, target, scopes, object, detail, host, origin, "
                        "user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                        "?13, ?14)", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not write the audit log: %s", error->message);
      return;
    }
  host = truncate_field (entry->host);
  origin = truncate_field (entry->origin);
  user_agent = truncate_field (entry->user_agent);

  sqlite3_bind_int64 (stmt, 1, at);
  bind_text (stmt, 2, entry->event);
  bind_text (stmt, 3, entry->outcome != NULL ? entry->outcome : "ok");
  bind_text (stmt, 4, entry->client_id);
  bind_text (stmt, 5, entry->client_name);
  if (entry->grant_id > 0)
    sqlite3_bind_int64 (stmt, 6, entry->grant_id);
  if (entry->token_id > 0)
    sqlite3_bind_int64 (stmt, 7, entry->token_id);
  bind_text (stmt, 8, entry->target);
  bind_text (stmt, 9, entry->scopes);
  bind_text (stmt, 10, entry->object);
  bind_text (stmt, 11, entry->detail);
  bind_text (stmt, 12, host);
  bind_text (stmt, 13, origin);
  bind_text (stmt, 14, user_agent);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dt_db_set_error (db, &error, "Could not write the audit log");
      g_warning ("%s", error->message);
    }
  sqlite3_reset (stmt);
}

void
dt_audit_append (DtDb               *db,
                 const DtAuditEntry *entry)
{
  g_return_if_fail (DT_IS_DB (db));
  g_return_if_fail (entry != NULL && entry->event != NULL);

  insert_row (db, entry, dt_time_now ());
}

/* ---- deferred entries --------------------------------------------------------------- */

/* One writer per database file: a thread with its own connection that commits whatever has
 * queued in one transaction. With synchronous=FULL every commit is an fsync; a read-only
 * request used to wait for its own, on the server's only thread. The thread ends after a
 * while with nothing to write and is started again when needed. */
#define WRITER_IDLE_SECONDS 30
#define WRITER_BATCH 512
/* Entries gather this long before a commit: every commit also empties the page cache of
 * every other connection to the file (the server's, the read workers'), so a busy server
 * commits its audit a few times a second rather than once or more per request. */
#define WRITER_GATHER_USEC (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  DtAuditEntry entry;   /* every string owned */
  gint64       at;
} Row;

typedef struct
{
  char    *path;
  DtDb    *db;          /* the writer thread's own; NULL if it could not be opened */
  GQueue   rows;
  guint64  queued;
  guint64  written;
  guint64  wanted;      /* a reader of the log waits for everything up to here */
} Writer;

static GMutex writers_lock;
static GCond writers_cond;
static GHashTable *writers;   /* path → Writer */

static void
row_free (Row *row)
{
  g_free ((char *) row->entry.event);
  g_free ((char *) row->entry.outcome);
  g_free ((char *) row->entry.client_id);
  g_free ((char *) row->entry.client_name);
  g_free ((char *) row->entry.target);
  g_free ((char *) row->entry.scopes);
  g_free ((char *) row->entry.object);
  g_free ((char *) row->entry.detail);
  g_free ((char *) row->entry.host);
  g_free ((char *) row->entry.origin);
  g_free ((char *) row->entry.user_agent);
  g_free (row);
}

static Row *
row_new (const DtAuditEntry *entry)
{
  Row *row = g_new0 (Row, 1);

  row->at = dt_time_now ();
  row->entry.event = g_strdup (entry->event);
  row->entry.outcome = g_strdup (entry->outcome);
  row->entry.client_id = g_strdup (entry->client_id);
  row->entry.client_name = g_strdup (entry->client_name);
  row->entry.grant_id = entry->grant_id;
  row->entry.token_id = entry->token_id;
  row->entry.target = g_strdup (entry->target);
  row->entry.scopes = g_strdup (entry->scopes);
  row->entry.object = g_strdup (entry->object);
  row->entry.detail = g_strdup (entry->detail);
  row->entry.host = g_strdup (entry->host);
  row->entry.origin = g_strdup (entry->origin);
  row->entry.user_agent = g_strdup (entry->user_agent);
  return row;
}

static void
write_batch (Writer *writer,
             GQueue *batch)
{
  g_autoptr(GError) error = NULL;
  gboolean in_transaction = dt_db_begin (writer->db, &error);

  if (!in_transaction)
    g_warning ("The audit log is written entry by entry: %s", error->message);
  for (GList *l = batch->head; l != NULL; l = l->next)
    {
      Row *row = l->data;

      insert_row (writer->db, &row->entry, row->at);
    }
  /* A failed commit has rolled back. */
  if (in_transaction && !dt_db_commit (writer->db, &error))
    g_warning ("Could not write %u audit entries: %s", batch->length, error->message);
}

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;

  /* Opened here, not on the thread that queued the first entry (the server's). */
  writer->db = dt_db_open (writer->path,
                           DT_DB_OPEN_NO_QUICK_CHECK | DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  if (writer->db == NULL)
    g_warning ("The audit log cannot be written: %s", error->message);

  g_mutex_lock (&writers_lock);
  for (;;)
    {
      GQueue batch = G_QUEUE_INIT;

      while (g_queue_is_empty (&writer->rows))
        {
          gint64 deadline = g_get_monotonic_time () + WRITER_IDLE_SECONDS * G_TIME_SPAN_SECOND;

          if (!g_cond_wait_until (&writers_cond, &writers_lock, deadline) &&
              g_queue_is_empty (&writer->rows))
            {
              /* Idle: the next entry starts a new writer. */
              g_hash_table_remove (writers, writer->path);
              g_mutex_unlock (&writers_lock);
              g_clear_object (&writer->db);
              g_free (writer->path);
              g_free (writer);
              return NULL;
            }
        }
      {
        gint64 deadline = g_get_monotonic_time () + WRITER_GATHER_USEC;

        while (writer->wanted <= writer->written && writer->rows.length < WRITER_BATCH &&
               g_cond_wait_until (&writers_cond, &writers_lock, deadline))
          ;
      }
      while (!g_queue_is_empty (&writer->rows) && batch.length < WRITER_BATCH)
        g_queue_push_tail (&batch, g_queue_pop_head (&writer->rows));
      g_mutex_unlock (&writers_lock);

      if (writer->db != NULL)
        write_batch (writer, &batch);
      else
        g_warning ("%u audit entries were lost: the log cannot be written", batch.length);

      g_mutex_lock (&writers_lock);
      writer->written += batch.length;
      g_cond_broadcast (&writers_cond);
      g_queue_clear_full (&batch, (GDestroyNotify) row_free);
    }
}

/* The writer of @path, started if needed. */
static Writer *
writer_for (const char *path)
{
  Writer *writer;

  if (writers == NULL)
    writers = g_hash_table_new (g_str_hash, g_str_equal);
  writer = g_hash_table_lookup (writers, path);
  if (writer != NULL)
    return writer;

  writer = g_new0 (Writer, 1);
  writer->path = g_strdup (path);
  g_queue_init (&writer->rows);
  g_hash_table_insert (writers, writer->path, writer);
  g_thread_unref (g_thread_new ("dt-audit", writer_thread, writer));
  return writer;
}

void
dt_audit_append_deferred (DtDb               *db,
                          const DtAuditEntry *entry)
{
  const char *path;
  Writer *writer;

  g_return_if_fail (DT_IS_DB (db));
  g_return_if_fail (entry != NULL && entry->event != NULL);

  path = dt_db_get_path (db);
  /* An in-memory database has no second connection. */
  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    {
      dt_audit_append (db, entry);
      return;
    }
  g_mutex_lock (&writers_lock);
  writer = writer_for (path);
  g_queue_push_tail (&writer->rows, row_new (entry));
  writer->queued++;
  /* Wakes an idle writer; one that is gathering waits for its deadline. */
  if (writer->rows.length == 1 || writer->rows.length >= WRITER_BATCH)
    g_cond_broadcast (&writers_cond);
  g_mutex_unlock (&writers_lock);
}

void
dt_audit_flush (DtDb *db)
{
  const char *path;
  Writer *writer;
  guint64 target;

  g_return_if_fail (DT_IS_DB (db));

  path = dt_db_get_path (db);
  if (path == NULL)
    return;
  g_mutex_lock (&writers_lock);
  writer = writers ? g_hash_table_lookup (writers, path) : NULL;
  if (writer != NULL)
    {
      target = writer->queued;
      /* Asks the writer not to gather longer. It stays while it has rows, so @writer lives
       * until they are written. */
      writer->wanted = MAX (writer->wanted, target);
      g_cond_broadcast (&writers_cond);
      while (writer->written < target)
        g_cond_wait (&writers_cond, &writers_lock);
    }
  g_mutex_unlock (&writers_lock);
}

static void
add_column (JsonObject   *object,
            sqlite3_stmt *stmt,
            int           column,
            const char   *name)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_TEXT:
      json_object_set_string_member (object, name,
                                     (const char *) sqlite3_column_text (stmt, column));
      break;
    default:
      json_object_set_null_member (object, name);
      break;
    }
}

JsonArray *
dt_audit_recent (DtDb       *db,
                 const char *client_id,
                 guint       limit)
{
  static const char *const names[] = { "seq", "at", "event", "outcome", "client_id",
                                       "client_name", "target", "scopes", "object", "detail" };
  JsonArray *array = json_array_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), array);

  /* What was queued before this call is part of the answer. */
  dt_audit_flush (db);
  stmt = dt_db_prepare (db,
                        "SELECT seq, at, event, outcome, client_id, client_name, target, scopes, "
                        "object, detail FROM audit_log WHERE ?1 IS NULL OR client_id = ?1 "
                        "ORDER BY seq DESC LIMIT ?2", NULL);
  if (stmt == NULL)
    return array;
  bind_text (stmt, 1, client_id);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        add_column (object, stmt, (int) i, names[i]);
      json_array_add_object_element (array, object);
    }
  sqlite3_reset (stmt);
  return array;
}

gint64
dt_audit_count (DtDb        *db,
                const char  *client_id,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (DT_IS_DB (db), -1);

  dt_audit_flush (db);
  stmt = dt_db_prepare (db, "SELECT count(*) FROM audit_log WHERE ?1 IS NULL OR client_id = ?1",
                        error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    dt_db_set_error (db, error, "Could not count the activity");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_audit_page (DtDb        *db,
               const char  *client_id,
               guint        offset,
               guint        limit,
               GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  dt_audit_flush (db);
  /* Newest first along (client_id, seq) for one app, or the rowid for all. */
  stmt = dt_db_prepare (db,
                        "SELECT seq, at, event, outcome, client_name, object FROM audit_log "
                        "WHERE ?1 IS NULL OR client_id = ?1 ORDER BY seq DESC LIMIT ?2 OFFSET ?3",
                        error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, dt_audit_item_new (sqlite3_column_int64 (stmt, 0),
                                               sqlite3_column_int64 (stmt, 1),
                                               (const char *) sqlite3_column_text (stmt, 2),
                                               (const char *) sqlite3_column_text (stmt, 3),
                                               (const char *) sqlite3_column_text (stmt, 4),
                                               (const char *) sqlite3_column_text (stmt, 5)));
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the activity");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&items);
}

/* dt-rollup-capture.c: what each write touches, recorded as SQLite changes rows, and the
 * roll-ups brought up to date just before the transaction commits.
 *
 * SQLite's pre-update hook sees every row any statement changes — the stores' own writes,
 * foreign-key cascades, an import, a changeset applied by sync — with its old and new
 * values, so no write path can forget the roll-ups. The hook may not query, so it only
 * records keys: the (project, local day) of entries that changed, and "scopes" (an entry, a
 * line, a task, a project, a client, a tag, everything) whose entries a price change reaches.
 * At commit the scopes are resolved into days, each touched day is computed again from its
 * raw rows, its month from its days, and each touched project's unbilled work from its
 * unbilled entries: the same code that builds them, so maintenance cannot drift from it. */
#define G_LOG_DOMAIN "dt-rollups"

/* Debian's libsqlite3 is built with the hook (the session extension needs it); checked at
 * run time below. */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1

#include "dt-rollups-private.h"
#include "dt-error.h"
#include "dt-time.h"

#include <string.h>

typedef enum
{
  SCOPE_ENTRY,
  SCOPE_LINE,
  SCOPE_TASK,
  SCOPE_PROJECT,
  SCOPE_CLIENT,
  SCOPE_TAG,
  SCOPE_ALL,
} ScopeKind;

typedef struct
{
  ScopeKind kind;
  gint64    id;
  gboolean  unbilled_only;  /* a rate changed: invoiced work keeps its line's price */
} Scope;

typedef struct
{
  gint64 project_id;
  gint64 day;
} DayKey;

/* Column positions, read from the schema once: ALTER TABLE appends columns. */
typedef struct
{
  int entry_project, entry_task, entry_start, entry_end, entry_billable, entry_line;
  int tag_entry;
  int line_price;
  int task_project, task_billable, task_rate;
  int project_client, project_rate;
  int client_rate;
  int rule_kind, rule_client, rule_project, rule_task, rule_tag;
  int profile_rate;
} Columns;

struct _DtRollupCapture
{
  DtDb       *db;
  sqlite3    *handle;
  Columns     columns;
  GHashTable *days;      /* DayKey → itself */
  GHashTable *projects;  /* project id → itself: their unbilled work */
  GArray     *scopes;    /* Scope */
  gboolean    outside;   /* recorded from a write outside any transaction (a raw statement) */
  gint64      memo_day;  /* the last local day worked out, and its end */
  gint64      memo_next;
};

static guint
day_key_hash (gconstpointer data)
{
  const DayKey *key = data;

  return (guint) ((guint64) key->project_id * 0x9e3779b97f4a7c15ULL ^ (guint64) key->day);
}

static gboolean
day_key_equal (gconstpointer a,
               gconstpointer b)
{
  const DayKey *ka = a, *kb = b;

  return ka->project_id == kb->project_id && ka->day == kb->day;
}

static gint64
local_day (DtRollupCapture *self,
           gint64           instant)
{
  if (instant < self->memo_day || instant >= self->memo_next)
    {
      self->memo_day = dt_time_local_day_start (instant);
      self->memo_next = dt_time_local_day_add (self->memo_day, 1);
    }
  return self->memo_day;
}

static void
touch_project (DtRollupCapture *self,
               gint64           project_id)
{
  if (!g_hash_table_contains (self->projects, &project_id))
    g_hash_table_add (self->projects, g_memdup2 (&project_id, sizeof project_id));
}

static void
touch_day (DtRollupCapture *self,
           gint64           project_id,
           gint64           start)
{
  DayKey key = { project_id, local_day (self, start) };

  if (!g_hash_table_contains (self->days, &key))
    g_hash_table_add (self->days, g_memdup2 (&key, sizeof key));
  touch_project (self, project_id);
}

static void
add_scope (DtRollupCapture *self,
           ScopeKind        kind,
           gint64           id,
           gboolean         unbilled_only)
{
  Scope scope = { kind, id, unbilled_only };

  g_array_append_val (self->scopes, scope);
}

/* The value of column @column of the row's old (@old) or new image. */
static sqlite3_value *
image (DtRollupCapture *self,
       gboolean         old,
       int              column)
{
  sqlite3_value *value = NULL;

  if (column < 0)
    return NULL;
  if (old)
    sqlite3_preupdate_old (self->handle, column, &value);
  else
    sqlite3_preupdate_new (self->handle, column, &value);
  return value;
}

static gint64
image_int (DtRollupCapture *self,
           gboolean         old,
           int              column)
{
  sqlite3_value *value = image (self, old, column);

  return value != NULL ? sqlite3_value_int64 (value) : 0;
}

static gboolean
image_is_null (DtRollupCapture *self,
               gboolean         old,
               int              column)
{
  sqlite3_value *value = image (self, old, column);

  return value == NULL || sqlite3_value_type (value) == SQLITE_NULL;
}

/* TRUE when an UPDATE changed any of the @n columns. */
static gboolean
changed (DtRollupCapture *self,
         int              op,
         const int       *columns,
         guint            n)
{
  if (op != SQLITE_UPDATE)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_value *a = image (self, TRUE, columns[i]);
      sqlite3_value *b = image (self, FALSE, columns[i]);

      if (a == NULL || b == NULL)
        continue;
      if (sqlite3_value_type (a) != sqlite3_value_type (b) ||
          sqlite3_value_int64 (a) != sqlite3_value_int64 (b))
        return TRUE;
    }
  return FALSE;
}

static void
entry_changed (DtRollupCapture *self,
               int              op)
{
  const Columns *c = &self->columns;
  const int watched[] = { c->entry_project, c->entry_task, c->entry_start, c->entry_end,
                          c->entry_billable, c->entry_line };

  /* A note or a version bump changes no sum. */
  if (!changed (self, op, watched, G_N_ELEMENTS (watched)))
    return;
  for (int side = 0; side < 2; side++)
    {
      gboolean old = side == 0;

      if ((old && op == SQLITE_INSERT) || (!old && op == SQLITE_DELETE))
        continue;
      /* A running timer is in no roll-up: answers add it as it is now. */
      if (image_is_null (self, old, c->entry_end))
        continue;
      touch_day (self, image_int (self, old, c->entry_project),
                 image_int (self, old, c->entry_start));
    }
}

/* Both images of a rule: the work it priced before and the work it prices now. */
static void
rule_changed (DtRollupCapture *self,
              int              op)
{
  const Columns *c = &self->columns;

  for (int side = 0; side < 2; side++)
    {
      gboolean old = side == 0;
      sqlite3_value *kind;
      gboolean rate;

      if ((old && op == SQLITE_INSERT) || (!old && op == SQLITE_DELETE))
        continue;
      kind = image (self, old, c->rule_kind);
      rate = kind != NULL && g_strcmp0 ((const char *) sqlite3_value_text (kind), "rate") == 0;
      if (!image_is_null (self, old, c->rule_tag))
        add_scope (self, SCOPE_TAG, image_int (self, old, c->rule_tag), rate);
      else if (!image_is_null (self, old, c->rule_task))
        add_scope (self, SCOPE_TASK, image_int (self, old, c->rule_task), rate);
      else if (!image_is_null (self, old, c->rule_project))
        add_scope (self, SCOPE_PROJECT, image_int (self, old, c->rule_project), rate);
      else if (!image_is_null (self, old, c->rule_client))
        add_scope (self, SCOPE_CLIENT, image_int (self, old, c->rule_client), rate);
      else
        add_scope (self, SCOPE_ALL, 0, rate);
    }
}

static void
preupdate_cb (void          *data,
              sqlite3       *handle,
              int            op,
              const char    *database,
              const char    *table,
              sqlite3_int64  key,
              sqlite3_int64  new_key)
{
  DtRollupCapture *self = data;
  const Columns *c = &self->columns;
  gboolean old = op != SQLITE_INSERT;

  if (strcmp (database, "main") != 0)
    return;
  if (strcmp (table, "time_entries") != 0 && strcmp (table, "time_entry_tags") != 0 &&
      strcmp (table, "invoice_lines") != 0 && strcmp (table, "tasks") != 0 &&
      strcmp (table, "projects") != 0 && strcmp (table, "clients") != 0 &&
      strcmp (table, "rules") != 0 && strcmp (table, "profile") != 0)
    return;
  /* A statement in autocommit mode commits as it ends, with no moment to write the roll-ups
   * in: until the next transaction catches up with it, this connection reads raw rows. */
  if (sqlite3_get_autocommit (handle))
    self->outside = TRUE;
  if (strcmp (table, "time_entries") == 0)
    entry_changed (self, op);
  else if (strcmp (table, "time_entry_tags") == 0)
    add_scope (self, SCOPE_ENTRY, image_int (self, old, c->tag_entry), FALSE);
  else if (strcmp (table, "invoice_lines") == 0)
    {
      const int watched[] = { c->line_price };

      if (op != SQLITE_INSERT && changed (self, op, watched, 1))
        add_scope (self, SCOPE_LINE, key, FALSE);
    }
  else if (strcmp (table, "tasks") == 0)
    {
      const int placed[] = { c->task_project, c->task_billable };
      const int priced[] = { c->task_rate };

      if (op == SQLITE_UPDATE && changed (self, op, placed, G_N_ELEMENTS (placed)))
        add_scope (self, SCOPE_TASK, key, FALSE);
      else if (op == SQLITE_UPDATE && changed (self, op, priced, 1))
        add_scope (self, SCOPE_TASK, key, TRUE);
    }
  else if (strcmp (table, "projects") == 0)
    {
      const int placed[] = { c->project_client };
      const int priced[] = { c->project_rate };

      /* Its work is gone already (entries restrict the delete): so must its row be. */
      if (op == SQLITE_DELETE)
        touch_project (self, key);
      else if (op == SQLITE_UPDATE && changed (self, op, placed, 1))
        add_scope (self, SCOPE_PROJECT, key, FALSE);
      else if (op == SQLITE_UPDATE && changed (self, op, priced, 1))
        add_scope (self, SCOPE_PROJECT, key, TRUE);
    }
  else if (strcmp (table, "clients") == 0)
    {
      const int priced[] = { c->client_rate };

      if (op == SQLITE_UPDATE && changed (self, op, priced, 1))
        add_scope (self, SCOPE_CLIENT, key, TRUE);
    }
  else if (strcmp (table, "rules") == 0)
    rule_changed (self, op);
  else if (strcmp (table, "profile") == 0)
    {
      const int priced[] = { c->profile_rate };

      if (changed (self, op, priced, 1))
        add_scope (self, SCOPE_ALL, 0, TRUE);
    }
}

static int
column_of (DtDb       *db,
           const char *table,
           const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT cid FROM pragma_table_info ('%s') "
                                          "WHERE name = ?", table);
  sqlite3_stmt *stmt = NULL;
  int column = -1;

  if (sqlite3_prepare_v2 (dt_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    column = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return column;
}

DtRollupCapture *
dt_rollup_capture_new (DtDb    *db,
                       GError **error)
{
  DtRollupCapture *self;
  Columns *c;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!sqlite3_compileoption_used ("ENABLE_PREUPDATE_HOOK"))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATABASE,
                   "This SQLite library was built without the pre-update hook the roll-ups "
                   "are kept with");
      return NULL;
    }
  self = g_new0 (DtRollupCapture, 1);
  self->db = db;
  self->handle = dt_db_get_handle (db);
  self->days = g_hash_table_new_full (day_key_hash, day_key_equal, g_free, NULL);
  self->projects = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->scopes = g_array_new (FALSE, FALSE, sizeof (Scope));
  self->memo_next = G_MININT64;
  c = &self->columns;
  c->entry_project = column_of (db, "time_entries", "project_id");
  c->entry_task = column_of (db, "time_entries", "task_id");
  c->entry_start = column_of (db, "time_entries", "start_at");
  c->entry_end = column_of (db, "time_entries", "end_at");
  c->entry_billable = column_of (db, "time_entries", "billable");
  c->entry_line = column_of (db, "time_entries", "invoice_line_id");
  c->tag_entry = column_of (db, "time_entry_tags", "entry_id");
  c->line_price = column_of (db, "invoice_lines", "unit_price");
  c->task_project = column_of (db, "tasks", "project_id");
  c->task_billable = column_of (db, "tasks", "billable");
  c->task_rate = column_of (db, "tasks", "rate");
  c->project_client = column_of (db, "projects", "client_id");
  c->project_rate = column_of (db, "projects", "rate");
  c->client_rate = column_of (db, "clients", "rate");
  c->rule_kind = column_of (db, "rules", "kind");
  c->rule_client = column_of (db, "rules", "client_id");
  c->rule_project = column_of (db, "rules", "project_id");
  c->rule_task = column_of (db, "rules", "task_id");
  c->rule_tag = column_of (db, "rules", "tag_id");
  c->profile_rate = column_of (db, "profile", "hourly_rate");
  if (c->entry_project < 0 || c->entry_start < 0 || c->entry_end < 0 || c->tag_entry < 0 ||
      c->line_price < 0 || c->task_billable < 0 || c->project_client < 0 || c->rule_kind < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_DATABASE,
                   "The database lacks the columns the roll-ups are kept from");
      dt_rollup_capture_free (self);
      return NULL;
    }
  sqlite3_preupdate_hook (self->handle, preupdate_cb, self);
  return self;
}

void
dt_rollup_capture_free (DtRollupCapture *self)
{
  if (self == NULL)
    return;
  sqlite3_preupdate_hook (self->handle, NULL, NULL);
  g_hash_table_unref (self->days);
  g_hash_table_unref (self->projects);
  g_array_unref (self->scopes);
  g_free (self);
}

gboolean
dt_rollup_capture_behind (DtRollupCapture *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->outside;
}

void
dt_rollup_capture_committed (DtRollupCapture *self)
{
  g_return_if_fail (self != NULL);

  if (g_hash_table_size (self->days) > 0 || g_hash_table_size (self->projects) > 0 ||
      self->scopes->len > 0)
    self->outside = TRUE;
}

gboolean
dt_rollup_capture_catch_up (DtRollupCapture  *self,
                            GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->outside)
    return TRUE;
  if (!dt_db_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!dt_rollup_capture_flush (self, error))
    {
      dt_db_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  if (!dt_db_exec (self->db, "COMMIT", error))
    return FALSE;
  self->outside = FALSE;
  return TRUE;
}

void
dt_rollup_capture_forget (DtRollupCapture *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->days);
  g_hash_table_remove_all (self->projects);
  g_array_set_size (self->scopes, 0);
}

static const char *const scope_sql[] = {
  [SCOPE_ENTRY] = "SELECT project_id, start_at FROM time_entries "
                  "WHERE id = ?1 AND end_at IS NOT NULL AND ?2 >= 0",
  [SCOPE_LINE] = "SELECT project_id, start_at FROM time_entries "
                 "WHERE invoice_line_id = ?1 AND end_at IS NOT NULL AND ?2 >= 0",
  [SCOPE_TASK] = "SELECT project_id, start_at FROM time_entries WHERE task_id = ?1 "
                 "AND end_at IS NOT NULL AND (?2 = 0 OR invoice_line_id IS NULL)",
  [SCOPE_PROJECT] = "SELECT project_id, start_at FROM time_entries WHERE project_id = ?1 "
                    "AND end_at IS NOT NULL AND (?2 = 0 OR invoice_line_id IS NULL)",
  [SCOPE_CLIENT] = "SELECT project_id, start_at FROM time_entries "
                   "WHERE project_id IN (SELECT id FROM projects WHERE client_id = ?1) "
                   "AND end_at IS NOT NULL AND (?2 = 0 OR invoice_line_id IS NULL)",
  [SCOPE_TAG] = "SELECT project_id, start_at FROM time_entries "
                "WHERE id IN (SELECT entry_id FROM time_entry_tags WHERE tag_id = ?1) "
                "AND end_at IS NOT NULL AND (?2 = 0 OR invoice_line_id IS NULL)",
  [SCOPE_ALL] = "SELECT project_id, start_at FROM time_entries "
                "WHERE end_at IS NOT NULL AND (?2 = 0 OR invoice_line_id IS NULL) AND ?1 >= 0",
};

static gboolean
resolve_scopes (DtRollupCapture  *self,
                GError          **error)
{
  for (guint i = 0; i < self->scopes->len; i++)
    {
      const Scope *scope = &g_array_index (self->scopes, Scope, i);
      sqlite3_stmt *stmt = dt_db_prepare (self->db, scope_sql[scope->kind], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, scope->id);
      sqlite3_bind_int (stmt, 2, scope->unbilled_only);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        touch_day (self, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return dt_db_set_error (self->db, error, "Could not find the work a change touched");
    }
  g_array_set_size (self->scopes, 0);
  return TRUE;
}

/* While the roll-ups are being built, the clients not reached yet are left to the build. */
static gboolean
is_built (const DtRollupState *state,
          gint64               client_id)
{
  return state->complete || client_id == 0 || client_id <= state->built_through;
}

static gboolean
refresh_day (DtRollupCapture     *self,
             DtRollupContext     *context,
             const DayKey        *key,
             GHashTable          *months,
             GError             **error)
{
  g_autoptr(GHashTable) days = dt_work_buckets_new ();

  if (!dt_rollup_compute_days (context, key->project_id, key->day,
                               dt_time_local_day_add (key->day, 1), days, error))
    return FALSE;
  for (int invoiced = 0; invoiced <= 1; invoiced++)
    if (!dt_rollup_write_bucket (self->db, DT_ROLLUP_DAYS,
                                 dt_work_buckets_get (days, key->day, key->project_id, invoiced),
                                 error))
      return FALSE;
  dt_work_buckets_get (months, dt_time_local_month_start (key->day), key->project_id, FALSE);
  return TRUE;
}

/* Records the zone the roll-ups' days are in; @start_again also sets them to be built anew. */
static gboolean
record_zone (DtDb        *db,
             const char  *zone,
             gboolean     start_again,
             GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, start_again
                                      ? "UPDATE rollup_state SET zone = ?, built_through = 0, "
                                        "complete = 0"
                                      : "UPDATE rollup_state SET zone = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, zone, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not write the roll-ups' state");
  return TRUE;
}

gboolean
dt_rollup_capture_flush (DtRollupCapture  *self,
                         GError          **error)
{
  g_auto(DtRollupState) state = { 0 };
  g_autoptr(DtRollupContext) context = NULL;
  g_autoptr(GHashTable) months = NULL;
  g_autofree char *zone = NULL;
  GHashTableIter iter;
  gpointer item;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (g_hash_table_size (self->days) == 0 && g_hash_table_size (self->projects) == 0 &&
      self->scopes->len == 0)
    return TRUE;
  if (!dt_rollup_state_read (self->db, &state, error))
    goto out;
  zone = dt_rollup_zone_name ();
  if (state.zone[0] != '\0' && g_strcmp0 (state.zone, zone) != 0)
    {
      /* Days of another zone: what was built is no use here; build again. */
      ok = record_zone (self->db, zone, TRUE, error);
      goto out;
    }
  if (!state.complete && state.built_through == 0)
    {
      ok = TRUE;
      goto out;
    }
  if (state.zone[0] == '\0' && !record_zone (self->db, zone, FALSE, error))
    goto out;

  if (!resolve_scopes (self, error))
    goto out;
  context = dt_rollup_context_new (self->db);
  months = dt_work_buckets_new ();

  g_hash_table_iter_init (&iter, self->days);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const DayKey *key = item;

      if (!is_built (&state, dt_rollup_client_of (self->db, key->project_id)))
        continue;
      if (!refresh_day (self, context, key, months, error))
        goto out;
    }
  g_hash_table_iter_init (&iter, months);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const DtWorkBucket *month = item;

      if (!dt_rollup_refresh_month (self->db, month->project_id, month->start, error))
        goto out;
    }
  g_hash_table_iter_init (&iter, self->projects);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      gint64 project_id = *(gint64 *) item;
      DtUnbilledSum sum;

      if (!is_built (&state, dt_rollup_client_of (self->db, project_id)))
        continue;
      if (!dt_rollup_compute_unbilled (context, project_id, &sum, error) ||
          !dt_rollup_write_unbilled (self->db, project_id, &sum, error))
        goto out;
    }
  ok = TRUE;

out:
  dt_rollup_capture_forget (self);
  return ok;
}

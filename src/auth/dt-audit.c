/* dt-audit.c: appends to and reads from the audit_log table (append-only by trigger). */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-audit.h"
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

void
dt_audit_append (DtDb               *db,
                 const DtAuditEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *user_agent = NULL;
  sqlite3_stmt *stmt;

  g_return_if_fail (DT_IS_DB (db));
  g_return_if_fail (entry != NULL && entry->event != NULL);

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

  sqlite3_bind_int64 (stmt, 1, dt_time_now ());
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

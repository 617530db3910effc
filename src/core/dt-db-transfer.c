/* dt-db-transfer.c: restore from a backup (sqlite3_backup into the live file) and JSON export. */
#define G_LOG_DOMAIN "dt-db"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dt-db-private.h"
#include "dt-db-transfer.h"
#include "dt-error.h"
#include "dt-store-events.h"
#include "dt-time.h"

static gboolean
check_backup (const char  *backup_path,
              sqlite3    **out_source,
              GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  gboolean ours = FALSE;
  gboolean healthy = FALSE;

  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "There is no backup at %s", backup_path);
      return FALSE;
    }
  if (sqlite3_open_v2 (backup_path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto not_ours;

  if (sqlite3_prepare_v2 (source, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (sqlite3_prepare_v2 (source, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                  "('clients', 'time_entries', 'invoices')", -1, &stmt,
                          NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    ours = sqlite3_column_int (stmt, 0) == 3;
  sqlite3_finalize (stmt);
  if (version < 1 || !ours)
    goto not_ours;

  if (version > dt_db_schema_version ())
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NEWER_SCHEMA,
                   "The backup %s was written by a newer version of DoubleTime (schema %d; this "
                   "version understands up to %d); nothing was changed", backup_path, version,
                   dt_db_schema_version ());
      sqlite3_close (source);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (source, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    healthy = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!healthy)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CORRUPT,
                   "The backup %s is damaged; nothing was changed", backup_path);
      sqlite3_close (source);
      return FALSE;
    }

  *out_source = source;
  return TRUE;

not_ours:
  sqlite3_close (source);
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s is not a DoubleTime backup; nothing was changed", backup_path);
  return FALSE;
}

gboolean
dt_db_restore_from (DtDb        *self,
                    const char  *backup_path,
                    const char  *safety_dir,
                    char       **out_safety_path,
                    GError     **error)
{
  static const char *const entities[] = {
    DT_ENTITY_PROFILE, DT_ENTITY_CLIENT, DT_ENTITY_PROJECT, DT_ENTITY_TASK,
    DT_ENTITY_TIME_ENTRY, DT_ENTITY_TAG, DT_ENTITY_RULE, DT_ENTITY_INVOICE, DT_ENTITY_PAYMENT,
    DT_ENTITY_SETTING, DT_ENTITY_RECURRING,
  };
  g_autofree char *safety_name = NULL;
  g_autofree char *safety_path = NULL;
  sqlite3 *source = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (DT_IS_DB (self), FALSE);
  g_return_val_if_fail (backup_path != NULL && safety_dir != NULL, FALSE);

  if (!check_backup (backup_path, &source, error))
    return FALSE;

  /* Whatever happens next, today's data can be brought back. */
  safety_name = g_strdup_printf ("doubletime-before-restore-%" G_GINT64_FORMAT ".db",
                                 dt_time_now ());
  safety_path = g_build_filename (safety_dir, safety_name, NULL);
  if (!dt_db_ensure_data_dir (safety_dir, error) ||
      !dt_db_backup_to (self, safety_path, error))
    {
      sqlite3_close (source);
      return FALSE;
    }

  backup = sqlite3_backup_init (dt_db_get_handle (self), "main", source, "main");
  if (backup == NULL)
    {
      sqlite3_close (source);
      return dt_db_set_error (self, error, "Could not restore the backup");
    }
  dt_db_outside_write_begin ();
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  dt_db_outside_write_end ();
  sqlite3_close (source);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DT_ERROR, rc == SQLITE_BUSY || rc == SQLITE_LOCKED
                                    ? DT_ERROR_CONFLICT : DT_ERROR_DATABASE,
                   "Could not restore the backup (%s); your data is unchanged, and also saved "
                   "in %s", sqlite3_errstr (rc), safety_path);
      return FALSE;
    }

  if (!dt_db_migrate (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    dt_db_note_change (self, entities[i], 0);

  if (out_safety_path != NULL)
    *out_safety_path = g_steal_pointer (&safety_path);
  return TRUE;
}

/* Fixed queries, one per table of the business: the authorization tables stay out. */
static const struct
{
  const char *name;
  const char *sql;
} export_tables[] = {
  { "profile", "SELECT * FROM profile" },
  { "settings", "SELECT * FROM settings ORDER BY key" },
  { "clients", "SELECT * FROM clients ORDER BY id" },
  { "projects", "SELECT * FROM projects ORDER BY id" },
  { "tasks", "SELECT * FROM tasks ORDER BY id" },
  { "tags", "SELECT * FROM tags ORDER BY id" },
  { "time_entries", "SELECT * FROM time_entries ORDER BY id" },
  { "time_entry_tags", "SELECT * FROM time_entry_tags ORDER BY entry_id, tag_id" },
  { "rules", "SELECT * FROM rules ORDER BY id" },
  { "invoices", "SELECT * FROM invoices ORDER BY id" },
  { "invoice_lines", "SELECT * FROM invoice_lines ORDER BY invoice_id, position" },
  { "seller_logos", "SELECT * FROM seller_logos ORDER BY id" },
  { "payments", "SELECT * FROM payments ORDER BY id" },
  { "recurring_templates", "SELECT * FROM recurring_templates ORDER BY id" },
  { "recurring_template_lines",
    "SELECT * FROM recurring_template_lines ORDER BY template_id, position" },
  { "recurring_drafts", "SELECT * FROM recurring_drafts ORDER BY template_id, period" },
  { "expenses", "SELECT * FROM expenses ORDER BY id" },
  { "reminder_levels", "SELECT * FROM reminder_levels ORDER BY client_id, level" },
  { "invoice_reminders", "SELECT * FROM invoice_reminders ORDER BY invoice_id, level" },
};

static void
add_column_value (JsonBuilder  *builder,
                  sqlite3_stmt *stmt,
                  int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                    sqlite3_column_bytes (stmt, column));
        json_builder_add_string_value (builder, encoded);
      }
      break;
    default:
      json_builder_add_null_value (builder);
    }
}

char *
dt_db_export_json (DtDb    *self,
                   GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = dt_time_format_iso_utc (dt_time_now ());

  g_return_val_if_fail (DT_IS_DB (self), NULL);

  /* One read transaction: the export is a consistent snapshot even while the server writes. */
  if (!dt_db_exec (self, "BEGIN", error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "doubletime-export");
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, dt_db_schema_version ());
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "money");
  json_builder_add_string_value (builder, "integer minor units of each row's currency");
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);

  for (guint t = 0; t < G_N_ELEMENTS (export_tables); t++)
    {
      sqlite3_stmt *stmt = dt_db_prepare (self, export_tables[t].sql, error);
      int rc;

      if (stmt == NULL)
        {
          dt_db_exec (self, "ROLLBACK", NULL);
          return NULL;
        }
      json_builder_set_member_name (builder, export_tables[t].name);
      json_builder_begin_array (builder);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          json_builder_begin_object (builder);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              json_builder_set_member_name (builder, sqlite3_column_name (stmt, c));
              add_column_value (builder, stmt, c);
            }
          json_builder_end_object (builder);
        }
      sqlite3_reset (stmt);
      json_builder_end_array (builder);
      if (rc != SQLITE_DONE)
        {
          dt_db_set_error (self, error, "Could not export the data");
          dt_db_exec (self, "ROLLBACK", NULL);
          return NULL;
        }
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  dt_db_exec (self, "COMMIT", NULL);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* test-migrate-versions.c: a database from every earlier schema version, built from the
 * migration steps themselves and filled with data valid at that version, opened by the app:
 * migrated to the current version with every row kept, the same schema as a new database,
 * integrity_check and foreign_key_check clean, and readable through the stores. */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dt-client-store.h"
#include "dt-db-private.h"
#include "dt-db.h"
#include "dt-invoice-store.h"
#include "dt-time-entry-store.h"

#define T0 G_GINT64_CONSTANT (1767225600) /* 2026-01-01 */

static const char *const tables_v1[] = {
  "profile", "clients", "projects", "tasks", "tags", "invoices", "invoice_lines",
  "time_entries", "time_entry_tags", "rules", "invoice_counters", "payments", "settings", NULL,
};
static const char *const tables_v2[] = {
  "oauth_clients", "grants", "auth_codes", "tokens", "audit_log", NULL,
};

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s\nin: %.200s", message, sql);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What a user of that version would have had: clients, projects, tasks, tags, rules, an
 * invoice paid in part with its lines and billed entries, unbilled work, a running timer;
 * from version 2 on an approved app with a grant, a token family and audit records. */
static void
fill (sqlite3 *db,
      int      version)
{
  if (version >= 1)
    {
      exec_ok (db,
               "INSERT INTO clients (id, name, currency, created_at, updated_at)"
               "  VALUES (1, 'Acme', 'EUR', 1767225600, 1767225600),"
               "         (2, 'Globex', 'USD', 1767225600, 1767225600);"
               "INSERT INTO projects (id, client_id, name, rate, created_at, updated_at)"
               "  VALUES (1, 1, 'Website', 9000, 1767225600, 1767225600),"
               "         (2, 2, 'Audit', NULL, 1767225600, 1767225600);"
               "INSERT INTO tasks (id, project_id, title, created_at, updated_at)"
               "  VALUES (1, 1, 'Design', 1767225600, 1767225600),"
               "         (2, 2, 'Review', 1767225600, 1767225600);"
               "INSERT INTO tags (id, name, created_at, updated_at)"
               "  VALUES (1, 'urgent', 1767225600, 1767225600);"
               "INSERT INTO rules (kind, client_id, rate, created_at, updated_at)"
               "  VALUES ('rate', 2, 7000, 1767225600, 1767225600);"
               "INSERT INTO rules (kind, increment_minutes, direction, apply_to, created_at,"
               "  updated_at) VALUES ('rounding', 15, 'up', 'entry', 1767225600, 1767225600);"
               "INSERT INTO invoice_counters (series, year, next) VALUES ('INV', 2026, 2);"
               "INSERT INTO settings (key, value) VALUES ('invoice.series', 'INV');"
               "INSERT INTO invoices (id, number, client_id, status, currency, issue_date,"
               "  due_date, period_from, period_to, subtotal, total, paid, sent_at, sent_to,"
               "  created_at, updated_at)"
               "  VALUES (1, 'INV-2026-0001', 1, 'partially_paid', 'EUR', '2026-02-01',"
               "  '2026-03-03', '2026-01-01', '2026-01-31', 18000, 18000, 5000, 1769904000,"
               "  'billing@acme.example', 1769904000, 1769904000);"
               "INSERT INTO invoice_lines (id, invoice_id, position, kind, description,"
               "  project_id, task_id, quantity, unit, raw_minutes, unit_price, amount)"
               "  VALUES (1, 1, 1, 'time', 'Design', 1, 1, 120, 'minutes', 118, 9000, 18000);"
               "INSERT INTO payments (invoice_id, amount, paid_on, method, created_at)"
               "  VALUES (1, 5000, '2026-02-10', 'bank', 1770681600);");
      for (int i = 0; i < 60; i++)
        {
          g_autofree char *sql = NULL;
          g_autofree char *end = NULL;
          gint64 start = T0 + i * 86400 / 2;
          gboolean billed = i < 2;
          gboolean running = i == 59;

          end = running ? g_strdup ("NULL") : g_strdup_printf ("%" G_GINT64_FORMAT, start + 3540);

          sql = g_strdup_printf (
            "INSERT INTO time_entries (project_id, task_id, start_at, end_at, note, billable,"
            "  invoice_line_id, created_at, updated_at)"
            "  VALUES (%d, %d, %" G_GINT64_FORMAT ", %s, 'entry %d', %d, %s, %" G_GINT64_FORMAT
            ", %" G_GINT64_FORMAT ");",
            billed ? 1 : 1 + i % 2, billed ? 1 : 1 + i % 2, start,
            end,
            i, i % 7 != 3, billed ? "1" : "NULL", start, start);
          exec_ok (db, sql);
        }
      exec_ok (db, "INSERT INTO time_entry_tags (entry_id, tag_id) VALUES (1, 1), (5, 1);");
    }
  if (version >= 2)
    exec_ok (db,
             "INSERT INTO oauth_clients (id, client_id, kind, name, redirect_uris, created_at,"
             "  approved_at) VALUES (1, 'dt_c_fixture', 'public', 'Fixture app',"
             "  '[\"http://127.0.0.1:4712/cb\"]', 1767225600, 1767225600);"
             "INSERT INTO grants (id, client_id, target, scopes, approved_at, approved_via)"
             "  VALUES (1, 1, 'mcp', 'clients:read time_entries:read', 1767225600, 'cli');"
             "INSERT INTO tokens (token_hash, kind, grant_id, family_id, target, scopes,"
             "  created_at, expires_at, used_at)"
             "  VALUES (x'01', 'refresh', 1, 1, 'mcp', 'clients:read', 1767225600, 4102444800,"
             "          1767229200),"
             "         (x'02', 'refresh', 1, 1, 'mcp', 'clients:read', 1767229200, 4102444800,"
             "          NULL),"
             "         (x'03', 'access', 1, 1, 'mcp', 'clients:read', 1767229200, 4102444800,"
             "          NULL);"
             "INSERT INTO audit_log (at, event, client_id, client_name)"
             "  VALUES (1767225600, 'consent.granted', 'dt_c_fixture', 'Fixture app');");
}

/* A database file as version @version left it: the migration steps up to it, in one
 * transaction each as the app ran them, then its data. */
static char *
build_fixture (const char *dir,
               int         version)
{
  g_autofree char *name = g_strdup_printf ("v%d.db", version);
  char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA journal_mode = WAL;");
  for (int step = 0; step < version; step++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", step + 1);
      exec_ok (db, "BEGIN IMMEDIATE;");
      exec_ok (db, dt_db_migration_sql (step));
      exec_ok (db, set_version);
      exec_ok (db, "COMMIT;");
    }
  exec_ok (db, "PRAGMA foreign_keys = ON; BEGIN;");
  fill (db, version);
  exec_ok (db, "COMMIT;");
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return path;
}

static GHashTable *
count_rows (sqlite3 *db,
            int      version)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int pass = 1; pass <= 2 && pass <= version; pass++)
    for (const char *const *t = pass == 1 ? tables_v1 : tables_v2; *t != NULL; t++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", *t);
        g_hash_table_insert (counts, g_strdup (*t), GINT_TO_POINTER (query_int (db, sql)));
      }
  return counts;
}

/* The schema as sqlite_master holds it, one line per object, in a stable order. */
static char *
schema_of (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                                       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
test_migrate_from (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-migrate-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *fresh_path = NULL;
  g_autofree char *migrated_schema = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(DtDb) fresh = NULL;
  sqlite3 *raw = NULL;
  GHashTableIter iter;
  gpointer table, count;

  g_assert_no_error (error);
  path = build_fixture (dir, version);
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  before = count_rows (raw, version);
  sqlite3_close (raw);

  db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  raw = dt_db_get_handle (db);

  g_assert_cmpint (query_int (raw, "PRAGMA user_version"), ==, DT_DB_SCHEMA_VERSION);
  g_assert_true (dt_db_integrity_check (db, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (raw, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  after = count_rows (raw, version);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &table, &count))
    {
      if (GPOINTER_TO_INT (count) != GPOINTER_TO_INT (g_hash_table_lookup (after, table)))
        g_error ("from v%d: table %s had %d rows, has %d", version, (char *) table,
                 GPOINTER_TO_INT (count), GPOINTER_TO_INT (g_hash_table_lookup (after, table)));
    }

  /* The same schema as a database the current version creates. */
  fresh_path = g_build_filename (dir, "fresh.db", NULL);
  fresh = dt_db_open (fresh_path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  migrated_schema = schema_of (raw);
  fresh_schema = schema_of (dt_db_get_handle (fresh));
  g_assert_cmpstr (migrated_schema, ==, fresh_schema);

  if (version >= 1)
    {
      g_autoptr(DtClient) client = dt_client_store_get (db, 1, &error);
      g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, 1, &error);
      g_autoptr(DtTimeEntry) entry = dt_time_entry_store_get (db, 1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (client->name, ==, "Acme");
      g_assert_nonnull (invoice);
      g_assert_nonnull (entry);
      /* Every billed entry is on a line of an invoice that is not void. */
      g_assert_cmpint (query_int (raw, "SELECT count(*) FROM time_entries e "
                                       "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id "
                                       "LEFT JOIN invoices i ON i.id = l.invoice_id "
                                       "WHERE e.invoice_line_id IS NOT NULL "
                                       "AND (i.id IS NULL OR i.status = 'void')"), ==, 0);
      g_assert_cmpint (query_int (raw, "SELECT count(*) FROM time_entries "
                                       "WHERE invoice_line_id IS NOT NULL"), ==, 2);
    }
  if (version >= 2)
    g_assert_cmpint (query_int (raw, "SELECT count(*) FROM tokens WHERE kind = 'refresh' AND "
                                     "used_at IS NULL AND revoked_at IS NULL"), ==, 1);

  g_clear_object (&db);
  g_clear_object (&fresh);
  /* Opening the migrated file again is a no-op. */
  db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  g_printerr ("# v%d to v%d: migrated, rows kept, schema equal to a new database\n", version,
              DT_DB_SCHEMA_VERSION);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          {
            g_autoptr(GDir) sub = g_dir_open (child, 0, NULL);
            const char *inner;
            while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
              {
                g_autofree char *grandchild = g_build_filename (child, inner, NULL);
                g_unlink (grandchild);
              }
            g_rmdir (child);
          }
        else
          g_unlink (child);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int version = 0; version < DT_DB_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("/faults/migrate/from-v%d", version);
      g_test_add_data_func (name, GINT_TO_POINTER (version), test_migrate_from);
    }
  return g_test_run ();
}

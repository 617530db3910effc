/* test-transfer.c: restoring a backup into the open database, and the JSON export. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dt-client-store.h"
#include "dt-db-transfer.h"
#include "dt-error.h"

typedef struct
{
  char *dir;
  DtDb *db;
} Fixture;

static gint64
add_client (DtDb       *db,
            const char *name)
{
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) created = NULL;
  g_autoptr(GError) error = NULL;

  g_free (client->name);
  client->name = g_strdup (name);
  g_free (client->currency);
  client->currency = g_strdup ("EUR");
  created = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  return created->id;
}

static gint64
count_clients (DtDb *db)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT count(*) FROM clients", NULL);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dt-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->dir);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "saved.db", NULL);
  g_autofree char *safety_dir = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *safety = NULL;
  g_autoptr(DtDb) other = NULL;
  g_autoptr(DtDb) saved = NULL;
  g_autoptr(GError) error = NULL;

  add_client (f->db, "Kept Ltd");
  g_assert_true (dt_db_backup_to (f->db, backup, &error));
  add_client (f->db, "Later GmbH");
  /* A second connection, as the server thread has, sees the restore at its next read. */
  other = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_clients (other), ==, 2);

  g_assert_true (dt_db_restore_from (f->db, backup, safety_dir, &safety, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_clients (f->db), ==, 1);
  g_assert_cmpint (count_clients (other), ==, 1);
  g_assert_true (dt_db_integrity_check (f->db, FALSE, &error));

  /* What was there before the restore is kept, whole. */
  saved = dt_db_open (safety, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_clients (saved), ==, 2);
}

static void
test_restore_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *safety_dir = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  sqlite3 *raw = NULL;
  struct { const char *path; int code; const char *words; } cases[] = {
    { newer, DT_ERROR_NEWER_SCHEMA, "newer version" },
    { text, DT_ERROR_INVALID, "is not a DoubleTime backup" },
    { missing, DT_ERROR_NOT_FOUND, "There is no backup" },
  };

  add_client (f->db, "Untouched Ltd");
  g_assert_true (dt_db_backup_to (f->db, newer, NULL));
  g_assert_cmpint (sqlite3_open (newer, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 999", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (raw);
  g_assert_true (g_file_set_contents (text, "not a database at all", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *safety = NULL;

      g_assert_false (dt_db_restore_from (f->db, cases[i].path, safety_dir, &safety, &error));
      g_assert_error (error, DT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_null (safety);
      g_assert_cmpint (count_clients (f->db), ==, 1);
    }
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *tables;
  JsonArray *clients;

  add_client (f->db, "Export AB");
  add_client (f->db, "Zweite GmbH");
  json = dt_db_export_json (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "doubletime-export");
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==,
                   dt_db_schema_version ());
  tables = json_object_get_object_member (root, "tables");
  clients = json_object_get_array_member (tables, "clients");
  g_assert_cmpuint (json_array_get_length (clients), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (clients, 1),
                                                  "name"), ==, "Zweite GmbH");
  g_assert_true (json_object_has_member (tables, "time_entries"));
  g_assert_true (json_object_has_member (tables, "invoice_lines"));
  /* No apps, tokens or audit log: nothing an attacker could use leaves with an export. */
  g_assert_false (json_object_has_member (tables, "oauth_clients"));
  g_assert_false (json_object_has_member (tables, "tokens"));
  g_assert_null (strstr (json, "token_hash"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/transfer/restore", Fixture, NULL, fixture_set_up, test_restore,
              fixture_tear_down);
  g_test_add ("/core/transfer/restore-refusals", Fixture, NULL, fixture_set_up,
              test_restore_refusals, fixture_tear_down);
  g_test_add ("/core/transfer/export-json", Fixture, NULL, fixture_set_up, test_export_json,
              fixture_tear_down);

  return g_test_run ();
}

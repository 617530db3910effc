/* test-migrations.c: an old database is upgraded with a snapshot first and its data intact;
 * a newer one is refused untouched; backups are whole and rotate. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-profile-store.h"
#include "dt-rule-store.h"
#include "dt-settings-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <glib/gstdio.h>
#include <string.h>

static int
user_version (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return version;
}

static gboolean
integrity_ok (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return ok;
}

static void
build_from_sql (const char *path,
                const char *sql)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, "PRAGMA journal_mode = WAL", NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("fixture: %s", message);
  sqlite3_close (handle);
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_upgrade_from_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doubletime.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "schema-v1.sql",
                                                    NULL);
  g_autofree char *sql = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(DtClient) acme = NULL;
  g_autoptr(DtClient) old = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtTimeEntry) entry = NULL;
  g_autoptr(DtRule) rule = NULL;
  g_autofree char *pattern = NULL;
  const char *name;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, &error));
  build_from_sql (path, sql);
  g_assert_cmpint (user_version (path), ==, 1);

  db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (path), ==, DT_DB_SCHEMA_VERSION);
  g_test_message ("upgraded schema 1 → %d", DT_DB_SCHEMA_VERSION);
  /* 9 → 10: received e-invoices start empty, and the table keeps only what it describes. */
  g_assert_cmpint (dt_test_query_int (db, "SELECT count(*) FROM received_einvoices"), ==, 0);
  g_assert_false (dt_db_exec (db, "INSERT INTO received_einvoices (sha256, content_type, size, "
                              "syntax, received_at) VALUES (printf('%064d', 1), 'text/plain', "
                              "1, 'CII', 0)", NULL));
  g_assert_false (dt_db_exec (db, "INSERT INTO received_einvoices (sha256, content_type, size, "
                              "syntax, received_at) VALUES ('short', 'application/xml', 1, "
                              "'CII', 0)", NULL));

  acme = dt_client_store_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acme->name, ==, "Acme GmbH");
  g_assert_cmpint (acme->payment_terms_days, ==, 14);
  g_assert_cmpint (acme->rate, ==, 9500);
  old = dt_client_store_get (db, 2, &error);
  g_assert_true (old->archived);
  g_assert_cmpstr (old->currency, ==, "GBP");
  profile = dt_profile_store_get (db, &error);
  g_assert_cmpstr (profile->business_name, ==, "Souza Design");
  g_assert_cmpint (profile->hourly_rate, ==, 8000);
  entry = dt_time_entry_store_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->end_at - entry->start_at, ==, 7200);
  g_assert_cmpuint (entry->tag_ids->len, ==, 1);
  g_assert_cmpint (entry->invoice_line_id, ==, 0);
  rule = dt_rule_store_get (db, 1, &error);
  g_assert_cmpint (rule->rate, ==, 11000);
  pattern = dt_settings_get (db, DT_SETTING_NUMBER_PATTERN, &error);
  g_assert_cmpstr (pattern, ==, "AC-{YYYY}-{NNN}");
  g_assert_true (dt_db_integrity_check (db, FALSE, &error));

  /* The snapshot taken before the first step is the untouched version 1. */
  listing = g_dir_open (backups, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "doubletime-before-v2-") && g_str_has_suffix (name, ".db"))
      snapshot = g_build_filename (backups, name, NULL);
  g_assert_nonnull (snapshot);
  g_assert_cmpint (user_version (snapshot), ==, 1);
  g_assert_true (integrity_ok (snapshot));

  g_clear_object (&db);
  dt_test_remove_dir (dir);
}

static void
test_newer_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-newer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doubletime.db", NULL);
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE future (x); INSERT INTO future VALUES (1);"
                                          "PRAGMA user_version = %d;", DT_DB_SCHEMA_VERSION + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(DtDb) db = NULL;

  build_from_sql (path, sql);
  before = file_digest (path);
  db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, DT_ERROR, DT_ERROR_NEWER_SCHEMA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  after = file_digest (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (user_version (path), ==, DT_DB_SCHEMA_VERSION + 1);
  dt_test_remove_dir (dir);
}

/* Step 8 → 9 reads an existing tax id as a VAT ID when it looks like one (and takes its
 * country), else as the seller's tax number, and gives every e-invoice field its default. */
static void
test_einvoice_fields_from_tax_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doubletime.db", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "schema-v1.sql",
                                                    NULL);
  g_autofree char *sql = NULL;
  g_autofree char *with_ids = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtClient) acme = NULL;
  g_autoptr(DtClient) old = NULL;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, &error));
  with_ids = g_strconcat (sql, "UPDATE profile SET tax_id = '12/345/67890';"
                          "UPDATE clients SET tax_id = 'el 123 456 789' WHERE id = 1;"
                          "UPDATE clients SET tax_id = 'n/a' WHERE id = 2;", NULL);
  build_from_sql (path, with_ids);
  db = dt_db_open (path, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  profile = dt_profile_store_get (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->tax_id, ==, "12/345/67890");
  g_assert_cmpstr (profile->tax_number, ==, "12/345/67890");
  g_assert_cmpstr (profile->vat_id, ==, "");
  g_assert_cmpstr (profile->country, ==, "");
  g_assert_cmpstr (profile->payment_means, ==, "58");
  g_assert_cmpstr (profile->vat_category, ==, "S");
  g_assert_cmpstr (profile->electronic_address_scheme, ==, "EM");
  acme = dt_client_store_get (db, 1, &error);
  g_assert_cmpstr (acme->vat_id, ==, "EL123456789");
  g_assert_cmpstr (acme->country, ==, "GR");
  g_assert_cmpstr (acme->einvoice_format, ==, "pdf");
  g_assert_cmpstr (acme->vat_category, ==, "");
  old = dt_client_store_get (db, 2, &error);
  g_assert_cmpstr (old->vat_id, ==, "");
  g_assert_cmpstr (old->tax_id, ==, "n/a");
  /* What migrated is valid as it stands: saving it unchanged is accepted. */
  g_clear_pointer (&acme, dt_client_free);
  acme = dt_client_store_get (db, 1, &error);
  g_assert_nonnull (dt_client_store_update (db, acme, 0, &error));
  g_assert_no_error (error);
  g_assert_true (dt_db_integrity_check (db, FALSE, &error));

  g_clear_object (&db);
  dt_test_remove_dir (dir);
}

static void
test_backup_and_rotation (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *backups = g_build_filename (f->dir, "daily", NULL);
  g_autoptr(DtDb) reopened = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint count = 0;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 2, 2, 9, 0), 30);
  g_assert_true (dt_db_backup_to (f->db, copy, &error));
  g_assert_no_error (error);
  g_assert_true (integrity_ok (copy));
  reopened = dt_db_open (copy, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  client = dt_client_store_get (reopened, f->client_id, &error);
  g_assert_cmpstr (client->name, ==, "Acme GmbH");

  for (int day = 1; day <= 6; day++)
    {
      g_autofree char *written = NULL;
      dt_time_set_fake_now (dt_test_local (2026, 3, day, 20, 0));
      written = dt_db_rotate_backups (f->db, backups, 3, &error);
      g_assert_no_error (error);
      g_assert_true (integrity_ok (written));
    }
  listing = g_dir_open (backups, 0, &error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_true (g_str_equal (name, "doubletime-2026-03-04.db") ||
                     g_str_equal (name, "doubletime-2026-03-05.db") ||
                     g_str_equal (name, "doubletime-2026-03-06.db"));
      count++;
    }
  g_assert_cmpuint (count, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/migrations/upgrade-from-v1", test_upgrade_from_v1);
  g_test_add_func ("/core/migrations/newer-refused", test_newer_refused);
  g_test_add_func ("/core/migrations/einvoice-fields", test_einvoice_fields_from_tax_id);
  g_test_add ("/core/migrations/backup-rotation", DtTestFixture, NULL, dt_test_fixture_setup,
              test_backup_and_rotation, dt_test_fixture_teardown);
  return g_test_run ();
}

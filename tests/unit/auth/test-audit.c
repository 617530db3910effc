/* test-audit.c: the audit log, written at once and through the deferred writer. */
#include <glib/gstdio.h>

#include "dt-audit.h"
#include "dt-audit-item.h"
#include "dt-audit-list.h"
#include "dt-db.h"

typedef struct
{
  char *dir;
  DtDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("dt-audit-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "doubletime.db", NULL);
  f->db = dt_db_open (path, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (dt_db_get_path (f->db));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->db);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
count_rows (DtDb       *db,
            const char *event)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT count(*) FROM audit_log WHERE event = ?1",
                                      NULL);
  gint64 count;

  sqlite3_bind_text (stmt, 1, event, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

#define THREADS 4
#define PER_THREAD 500

static gpointer
append_many (gpointer data)
{
  DtDb *db = data;

  for (guint i = 0; i < PER_THREAD; i++)
    {
      g_autofree char *object = g_strdup_printf ("entry %u", i);

      dt_audit_append_deferred (db, &(DtAuditEntry) { .event = "rest.list_things",
                                                      .client_id = "app-1", .object = object,
                                                      .user_agent = "bad\x01agent" });
    }
  return NULL;
}

static void
test_deferred (Fixture       *f,
               gconstpointer  data)
{
  GThread *threads[THREADS];
  g_autoptr(JsonArray) recent = NULL;
  JsonObject *newest;

  /* Entries deferred from several threads at once (the server's and others), all kept. */
  for (guint i = 0; i < THREADS; i++)
    threads[i] = g_thread_new ("append", append_many, f->db);
  for (guint i = 0; i < THREADS; i++)
    g_thread_join (threads[i]);
  dt_audit_flush (f->db);
  g_assert_cmpint (count_rows (f->db, "rest.list_things"), ==, THREADS * PER_THREAD);

  /* A read of the log includes what was deferred just before, in order. */
  dt_audit_append (f->db, &(DtAuditEntry) { .event = "rest.create_thing", .client_id = "app-1" });
  dt_audit_append_deferred (f->db, &(DtAuditEntry) { .event = "rest.get_thing",
                                                     .client_id = "app-1", .outcome = "denied" });
  recent = dt_audit_recent (f->db, "app-1", 2);
  g_assert_cmpuint (json_array_get_length (recent), ==, 2);
  newest = json_array_get_object_element (recent, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "event"), ==, "rest.get_thing");
  g_assert_cmpstr (json_object_get_string_member (newest, "outcome"), ==, "denied");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (recent, 1),
                                                  "event"), ==, "rest.create_thing");
}

static void
test_deferred_fields (Fixture       *f,
                      gconstpointer  data)
{
  sqlite3_stmt *stmt;

  dt_audit_append_deferred (f->db, &(DtAuditEntry) {
    .event = "mcp.resources/read", .outcome = "ok", .client_id = "app-2", .client_name = "Two",
    .grant_id = 7, .token_id = 9, .target = "mcp", .scopes = "invoices:read",
    .object = "doubletime://invoices/1.pdf", .detail = "why", .host = "127.0.0.1:7313",
    .origin = "http://localhost", .user_agent = "ua\x7f" });
  dt_audit_flush (f->db);
  stmt = dt_db_prepare (f->db, "SELECT client_name, grant_id, token_id, target, scopes, object, "
                               "detail, host, origin, user_agent, at > 0 FROM audit_log "
                               "WHERE client_id = 'app-2'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Two");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 7);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 9);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "mcp");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, "invoices:read");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==,
                   "doubletime://invoices/1.pdf");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, "why");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, "127.0.0.1:7313");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 8), ==, "http://localhost");
  /* Attacker-chosen header text is kept printable, as for entries written at once. */
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 9), ==, "ua?");
  g_assert_cmpint (sqlite3_column_int (stmt, 10), ==, 1);
  sqlite3_reset (stmt);
}

static void
test_deferred_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);

  g_assert_no_error (error);
  /* No second connection can see an in-memory database: written at once. */
  dt_audit_append_deferred (db, &(DtAuditEntry) { .event = "rest.list_things" });
  g_assert_cmpint (count_rows (db, "rest.list_things"), ==, 1);
}

/* An app's whole activity, a page at a time: newest first, only its own events, the same
 * rows whether read in one go or in pages, and a list that holds a few pages at most. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(DtAuditList) list = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *object = g_strdup_printf ("invoice %u", i);

      dt_audit_append (f->db, &(DtAuditEntry) { .event = "tool.called", .client_id = "app-1",
                                                .client_name = "Claude", .object = object });
      if (i % 10 == 0)
        dt_audit_append (f->db, &(DtAuditEntry) { .event = "tool.called",
                                                  .client_id = "app-2", .object = object });
    }
  g_assert_cmpint (dt_audit_count (f->db, "app-1", &error), ==, 1000);
  g_assert_cmpint (dt_audit_count (f->db, "app-2", &error), ==, 100);
  g_assert_cmpint (dt_audit_count (f->db, NULL, &error), ==, 1100);
  g_assert_cmpint (dt_audit_count (f->db, "nobody", &error), ==, 0);

  first = dt_audit_page (f->db, "app-1", 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpstr (dt_audit_item_get_object (first->pdata[0]), ==, "invoice 999");
  g_assert_cmpstr (dt_audit_item_get_object (first->pdata[2]), ==, "invoice 997");
  g_assert_cmpstr (dt_audit_item_get_client_name (first->pdata[0]), ==, "Claude");
  g_assert_cmpstr (dt_audit_item_get_outcome (first->pdata[0]), ==, "ok");
  all = dt_audit_page (f->db, "app-1", 0, 2000, &error);
  g_assert_cmpuint (all->len, ==, 1000);

  list = dt_audit_list_new_full (f->db, "app-1", 64, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);
  for (guint i = 0; i < 1000; i += 37)
    {
      g_autoptr(DtAuditItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (dt_audit_item_get_seq (item), ==, dt_audit_item_get_seq (all->pdata[i]));
      g_assert_cmpuint (dt_paged_list_get_n_cached (DT_PAGED_LIST (list)), <=, 3 * 64);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/auth/audit/deferred", Fixture, NULL, fixture_set_up, test_deferred,
              fixture_tear_down);
  g_test_add ("/auth/audit/deferred-fields", Fixture, NULL, fixture_set_up,
              test_deferred_fields, fixture_tear_down);
  g_test_add_func ("/auth/audit/deferred-in-memory", test_deferred_in_memory);
  g_test_add ("/auth/audit/pages", Fixture, NULL, fixture_set_up, test_pages, fixture_tear_down);

  return g_test_run ();
}

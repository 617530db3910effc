/* test-entries-import.c: Toggl and Clockify exports read into DoubleTime. */
#include "config.h"

#include "dt-client-store.h"
#include "dt-entries-import.h"
#include "dt-error.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

static const char toggl[] =
  "\xEF\xBB\xBFUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
  "End date,End time,Duration,Tags,Amount ()\r\n"
  "Maja,maja@example.com,Acme,Website,Design,\"Wireframes, v2\",Yes,2026-11-02,09:00:00,"
  "2026-11-02,10:30:00,01:30:00,,\r\n"
  "Maja,maja@example.com,Acme,Website,,Call,No,2026-11-02,11:00:00,2026-11-02,11:15:00,"
  "00:15:00,,\r\n"
  "Maja,maja@example.com,Acme,,,No project,Yes,2026-11-02,12:00:00,2026-11-02,13:00:00,,,\r\n";

static const char clockify[] =
  "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
  "End Date,End Time,Duration (h),Duration (decimal)\n"
  "Menu cards,Café Müller,Print proofs,Layout,Maja,,m@example.com,,Yes,11/03/2026,"
  "02:00:00 PM,11/03/2026,04:30:00 PM,02:30:00,2.50\n";

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtImport) t = dt_import_parse (toggl, &error);
  g_autoptr(DtImport) c = NULL;
  DtImportRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (t->rows->len, ==, 2);
  g_assert_cmpuint (t->skipped, ==, 1);
  g_assert_nonnull (t->first_problem);
  row = g_ptr_array_index (t->rows, 0);
  g_assert_cmpstr (row->client, ==, "Acme");
  g_assert_cmpstr (row->task, ==, "Design");
  g_assert_cmpstr (row->note, ==, "Wireframes, v2");
  g_assert_true (row->billable);
  g_assert_cmpint (row->end_at - row->start_at, ==, 90 * 60);
  g_assert_false (((DtImportRow *) g_ptr_array_index (t->rows, 1))->billable);

  c = dt_import_parse (clockify, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (c->rows, 0);
  g_assert_cmpstr (row->client, ==, "Café Müller");
  g_assert_cmpint (row->start_at, ==, dt_time_local_midnight (2026, 11, 3) + 14 * 3600);
  g_assert_cmpint (row->end_at - row->start_at, ==, 150 * 60);
}

static void
test_refuses_other_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtImport) none = dt_import_parse ("name,amount\nx,1\n", &error);

  g_assert_null (none);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

static void
test_apply (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-import-XXXXXX", &error);
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (dir, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_autoptr(DtImport) t = dt_import_parse (toggl, &error);
  g_autoptr(DtImport) again = dt_import_parse (toggl, &error);
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  DtListQuery query = { 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (dt_import_apply (db, t, "EUR", &error), ==, 2);
  g_assert_no_error (error);
  /* Importing the same names again reuses the client, project and task. */
  g_assert_cmpuint (dt_import_apply (db, again, "EUR", &error), ==, 2);
  clients = dt_client_store_list (db, &query, NULL, NULL);
  g_assert_cmpuint (clients->len, ==, 1);
  entries = dt_time_entry_store_list (db, &query, NULL, NULL);
  g_assert_cmpuint (entries->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/entries-import/parse", test_parse);
  g_test_add_func ("/gui/entries-import/refuses-other-files", test_refuses_other_files);
  g_test_add_func ("/gui/entries-import/apply", test_apply);
  return g_test_run ();
}

/* test-entries-csv.c: the CSV export of tracked time: quoting and one line per entry. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dt-client-store.h"
#include "dt-entries-csv.h"
#include "dt-project-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

static void
test_field (void)
{
  g_autofree char *plain = dt_csv_field ("Website");
  g_autofree char *comma = dt_csv_field ("Design, review");
  g_autofree char *quote = dt_csv_field ("say \"hi\"\nbye");
  g_autofree char *none = dt_csv_field (NULL);

  g_assert_cmpstr (plain, ==, "Website");
  g_assert_cmpstr (comma, ==, "\"Design, review\"");
  g_assert_cmpstr (quote, ==, "\"say \"\"hi\"\"\nbye\"");
  g_assert_cmpstr (none, ==, "");
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-csv-XXXXXX", &error);
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (dir, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) c = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) p = NULL;
  g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) saved = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  g_free (client->name);
  client->name = g_strdup ("Acme, Inc.");
  g_free (client->currency);
  client->currency = g_strdup ("EUR");
  c = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  project->client_id = c->id;
  g_free (project->name);
  project->name = g_strdup ("Website");
  p = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  entry->project_id = p->id;
  entry->start_at = dt_time_local_midnight (2026, 11, 2) + 9 * 3600;
  entry->end_at = entry->start_at + 90 * 60;
  g_free (entry->note);
  entry->note = g_strdup ("Kick-off");
  saved = dt_time_entry_store_create (db, entry, &error);
  g_assert_no_error (error);

  csv = dt_entries_csv_export (db, &error);
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "date,start,end,minutes,client,project,task,note,billable,"
                                 "invoiced");
  g_assert_true (g_str_has_prefix (lines[1], "2026-11-02,2026-11-02T09:00"));
  g_assert_nonnull (strstr (lines[1], ",90,\"Acme, Inc.\",Website,,Kick-off,yes,no"));
  g_assert_cmpstr (lines[2], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/entries-csv/field", test_field);
  g_test_add_func ("/gui/entries-csv/export", test_export);
  return g_test_run ();
}

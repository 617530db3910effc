/* test-timer.c: one running timer, stop sets the end, resume, overlaps, locked entries and
 * local days across midnight and DST. */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-invoice-store-private.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <string.h>

static void
test_one_running (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) running = NULL;
  g_autoptr(DtTimeEntry) second = NULL;
  g_autoptr(DtTimeEntry) current = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;
  g_autoptr(DtTimeEntry) none = NULL;
  g_autoptr(DtTimeEntry) again = NULL;
  g_autoptr(DtTimeEntry) resumed = NULL;
  g_autoptr(DtTimeEntry) finished = NULL;
  g_autoptr(DtTimeEntry) revived = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 nine = dt_test_local (2026, 4, 14, 9, 0);

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (nine);
  input->project_id = f->project_id;
  input->task_id = f->task_id;
  g_free (input->note);
  input->note = g_strdup ("Homepage mock-ups");
  dt_time_entry_add_tag (input, f->tag_id);
  running = dt_time_entry_store_start_timer (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (running->start_at, ==, nine);
  g_assert_cmpint (running->end_at, ==, 0);

  before = dt_test_checksum (f->db);
  input->project_id = f->other_project_id;
  input->task_id = 0;
  second = dt_time_entry_store_start_timer (f->db, input, &error);
  g_assert_null (second);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "a timer is already running: entry"));
  g_assert_nonnull (strstr (error->message, "“Website” (Design) since 09:00"));
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  current = dt_time_entry_store_get_running (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->id, ==, running->id);

  dt_time_set_fake_now (nine + 25 * 60);
  stopped = dt_time_entry_store_stop_timer (f->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stopped->end_at, ==, nine + 25 * 60);
  g_assert_cmpint (stopped->version, ==, 2);

  none = dt_time_entry_store_get_running (f->db, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  again = dt_time_entry_store_stop_timer (f->db, 0, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  dt_time_set_fake_now (nine + 60 * 60);
  resumed = dt_time_entry_store_resume_last (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resumed->id, !=, stopped->id);
  g_assert_cmpint (resumed->project_id, ==, f->project_id);
  g_assert_cmpint (resumed->task_id, ==, f->task_id);
  g_assert_cmpstr (resumed->note, ==, "Homepage mock-ups");
  g_assert_cmpuint (resumed->tag_ids->len, ==, 1);
  g_assert_cmpint (resumed->start_at, ==, nine + 60 * 60);
  g_assert_cmpint (resumed->end_at, ==, 0);

  /* Turning a finished entry back into a timer is the same conflict. */
  finished = dt_time_entry_store_get (f->db, stopped->id, &error);
  finished->end_at = 0;
  revived = dt_time_entry_store_update (f->db, finished, 0, &error);
  g_assert_null (revived);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
}

static void
test_stop_before_start (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) running = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;
  gint64 ten = dt_test_local (2026, 4, 14, 10, 0);

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (ten);
  input->project_id = f->project_id;
  running = dt_time_entry_store_start_timer (f->db, input, &error);
  g_assert_no_error (error);
  stopped = dt_time_entry_store_stop_timer (f->db, ten - 3600, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "end 09:00 is before start 10:00");
  g_clear_error (&error);
  g_clear_pointer (&running, dt_time_entry_free);
  running = dt_time_entry_store_get_running (f->db, &error);
  g_assert_nonnull (running);
}

static void
test_overlaps (DtTestFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) running = NULL;
  gint64 a, b, c;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 4, 14, 18, 0));
  a = dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 4, 14, 9, 0), 60);
  b = dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 4, 14, 9, 30), 90);
  c = dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 4, 14, 12, 0), 60);

  found = dt_time_entry_store_list_overlapping (f->db, dt_test_local (2026, 4, 14, 9, 45),
                                                dt_test_local (2026, 4, 14, 10, 15), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (((DtTimeEntry *) found->pdata[0])->id, ==, a);
  g_assert_cmpint (((DtTimeEntry *) found->pdata[1])->id, ==, b);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* An entry checked against itself is not an overlap; touching ends are not either. */
  found = dt_time_entry_store_list_overlapping (f->db, dt_test_local (2026, 4, 14, 9, 30),
                                                dt_test_local (2026, 4, 14, 11, 0), b, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((DtTimeEntry *) found->pdata[0])->id, ==, a);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = dt_time_entry_store_list_overlapping (f->db, dt_test_local (2026, 4, 14, 11, 0),
                                                dt_test_local (2026, 4, 14, 12, 0), 0, &error);
  g_assert_cmpuint (found->len, ==, 0);

  /* A running timer lasts until now. */
  input->project_id = f->project_id;
  input->start_at = dt_test_local (2026, 4, 14, 16, 0);
  running = dt_time_entry_store_start_timer (f->db, input, &error);
  g_assert_no_error (error);
  later = dt_time_entry_store_list_overlapping (f->db, dt_test_local (2026, 4, 14, 17, 0),
                                                dt_test_local (2026, 4, 14, 17, 30), 0, &error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpint (((DtTimeEntry *) later->pdata[0])->id, ==, running->id);
  (void) c;
}

static void
test_billed_entries_are_locked (DtTestFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) header = dt_invoice_new ();
  g_autoptr(DtInvoiceLine) line = dt_invoice_line_new (DT_LINE_TIME);
  g_autoptr(DtTimeEntry) entry = NULL;
  g_autoptr(DtTimeEntry) changed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 invoice_id, entry_id;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 4, 30, 12, 0));
  entry_id = dt_test_add_entry (f->db, f->project_id, f->task_id,
                                dt_test_local (2026, 4, 14, 9, 0), 60);
  header->client_id = f->client_id;
  g_free (line->description);
  line->description = g_strdup ("Design");
  line->quantity = 60;
  line->unit_price = 9000;
  g_array_append_val (line->entry_ids, entry_id);

  g_assert_true (dt_db_begin (f->db, &error));
  g_assert_true (dt_invoice_store_insert_header (f->db, header, DT_INVOICE_KIND_INVOICE, 0,
                                                 &invoice_id, &error));
  g_assert_true (dt_invoice_store_insert_line (f->db, invoice_id, f->client_id, line, &error));
  g_assert_true (dt_db_commit (f->db, &error));

  entry = dt_time_entry_store_get (f->db, entry_id, &error);
  g_assert_cmpint (entry->invoice_id, ==, invoice_id);
  before = dt_test_checksum (f->db);
  entry->end_at += 60;
  changed = dt_time_entry_store_update (f->db, entry, 0, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (dt_time_entry_store_delete (f->db, entry_id, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  /* Billing it a second time is refused by the store itself. */
  {
    g_autoptr(DtInvoiceLine) twice = dt_invoice_line_copy (line);
    gint64 other;
    twice->id = 0;
    g_assert_true (dt_db_begin (f->db, &error));
    g_assert_true (dt_invoice_store_insert_header (f->db, header, DT_INVOICE_KIND_INVOICE, 0,
                                                   &other, &error));
    g_assert_false (dt_invoice_store_insert_line (f->db, other, f->client_id, twice, &error));
    g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    dt_db_rollback (f->db);
  }

  /* Deleting the draft releases it. */
  g_assert_true (dt_invoice_store_delete_draft (f->db, invoice_id, &error));
  g_assert_true (dt_time_entry_store_delete (f->db, entry_id, &error));
  g_assert_no_error (error);
}

static void
test_days_across_midnight_and_dst (DtTestFixture *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = NULL;
  DtDayTotal *sat, *sun, *mon;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 4, 1, 12, 0));
  /* Europe/Berlin skips 02:00–03:00 on 29 March 2026: 23:00 → 04:00 lasts four hours. */
  g_assert_cmpint (dt_test_local (2026, 3, 29, 4, 0) - dt_test_local (2026, 3, 28, 23, 0), ==,
                   4 * 3600);
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 28, 23, 0), 240);
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 29, 23, 30), 60);

  days = dt_time_entry_store_day_totals (f->db, dt_test_local (2026, 3, 28, 0, 0),
                                         dt_test_local (2026, 3, 31, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);
  sat = days->pdata[0];
  sun = days->pdata[1];
  mon = days->pdata[2];
  g_assert_cmpstr (sat->date, ==, "2026-03-28");
  g_assert_cmpstr (sun->date, ==, "2026-03-29");
  g_assert_cmpstr (mon->date, ==, "2026-03-30");
  g_assert_cmpint (mon->day_start - sun->day_start, ==, 23 * 3600);
  g_assert_cmpint (sat->seconds, ==, 3600);
  g_assert_cmpint (sun->seconds, ==, 3 * 3600 + 1800);
  g_assert_cmpint (mon->seconds, ==, 1800);
  g_assert_cmpint (sat->billable_seconds, ==, 3600);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/timer/one-running", test_one_running);
  ADD ("/core/timer/stop-before-start", test_stop_before_start);
  ADD ("/core/timer/overlaps", test_overlaps);
  ADD ("/core/timer/billed-locked", test_billed_entries_are_locked);
  ADD ("/core/timer/days-dst", test_days_across_midnight_and_dst);
#undef ADD

  return g_test_run ();
}

/* test-stores.c: every entity store writes what it reads back, versions, archives, lists,
 * pages, and announces committed changes. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-profile-store.h"
#include "dt-project-store.h"
#include "dt-rule-store.h"
#include "dt-settings-store.h"
#include "dt-tag-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <string.h>

static void
test_profile_round_trip (DtTestFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (f->db, &error);
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtProfile) stale = NULL;
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (profile->currency, ==, "EUR");
  g_free (profile->business_name);
  profile->business_name = g_strdup ("Müller Consulting – 東京");
  profile->hourly_rate = 8500;
  profile->logo = g_bytes_new_static (png, sizeof png);
  g_free (profile->currency);
  profile->currency = g_strdup ("CHF");
  /* A migrated or new profile starts from the e-invoice defaults. */
  g_assert_cmpstr (profile->payment_means, ==, "58");
  g_assert_cmpstr (profile->electronic_address_scheme, ==, "EM");
  g_assert_cmpstr (profile->vat_category, ==, "S");
  g_assert_cmpstr (profile->country, ==, "");
  g_free (profile->vat_id);
  profile->vat_id = g_strdup ("DE123456789");
  g_free (profile->iban);
  profile->iban = g_strdup ("de89 3704 0044 0532 0130 00");
  g_free (profile->country);
  profile->country = g_strdup ("DE");
  g_free (profile->city);
  profile->city = g_strdup ("Köln");
  g_free (profile->vat_category);
  profile->vat_category = g_strdup ("E");
  g_free (profile->vat_exemption_reason);
  profile->vat_exemption_reason = g_strdup ("§ 19 UStG");
  g_free (profile->payment_means);
  profile->payment_means = NULL; /* NULL stores the default */
  saved = dt_profile_store_update (f->db, profile, profile->version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->vat_id, ==, "DE123456789");
  g_assert_cmpstr (saved->iban, ==, "DE89370400440532013000");
  g_assert_cmpstr (saved->country, ==, "DE");
  g_assert_cmpstr (saved->city, ==, "Köln");
  g_assert_cmpstr (saved->vat_category, ==, "E");
  g_assert_cmpstr (saved->vat_exemption_reason, ==, "§ 19 UStG");
  g_assert_cmpstr (saved->payment_means, ==, "58");
  g_assert_cmpstr (saved->business_name, ==, "Müller Consulting – 東京");
  g_assert_cmpint (saved->hourly_rate, ==, 8500);
  g_assert_cmpstr (saved->currency, ==, "CHF");
  g_assert_cmpint (g_bytes_get_size (saved->logo), ==, sizeof png);
  g_assert_cmpint (saved->version, ==, profile->version + 1);

  /* The old version no longer matches. */
  stale = dt_profile_store_update (f->db, profile, profile->version, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_PRECONDITION);
  g_assert_null (stale);
}

static void
test_settings_round_trip (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *pattern = dt_settings_get (f->db, DT_SETTING_NUMBER_PATTERN, &error);
  g_autofree char *custom = NULL;
  const char *keys[] = { DT_SETTING_SMTP_HOST, DT_SETTING_SMTP_PORT, NULL };
  const char *values[] = { "smtp.example.org", "465", NULL };
  const char *bad_values[] = { "smtp.example.org", "99999", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (pattern, ==, "INV-{YYYY}-{NNNN}");
  g_assert_true (dt_settings_set (f->db, DT_SETTING_NUMBER_PATTERN, "F{YY}/{NNN}", &error) == FALSE);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (dt_settings_set (f->db, DT_SETTING_NUMBER_PATTERN, "F{YY}-{NNN}", &error));
  g_assert_no_error (error);
  g_clear_pointer (&pattern, g_free);
  pattern = dt_settings_get (f->db, DT_SETTING_NUMBER_PATTERN, &error);
  g_assert_cmpstr (pattern, ==, "F{YY}-{NNN}");

  g_assert_true (dt_settings_set_many (f->db, keys, values, &error));
  g_assert_cmpint (dt_settings_get_int (f->db, DT_SETTING_SMTP_PORT, 0), ==, 465);
  /* All or nothing: the bad port keeps the host unchanged as well. */
  g_assert_true (dt_settings_set (f->db, DT_SETTING_SMTP_HOST, "old.example.org", &error));
  g_assert_false (dt_settings_set_many (f->db, keys, bad_values, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  custom = dt_settings_get (f->db, DT_SETTING_SMTP_HOST, &error);
  g_assert_cmpstr (custom, ==, "old.example.org");
  g_clear_pointer (&custom, g_free);

  /* New clients start from the default payment terms and the profile's currency. */
  {
    g_autoptr(DtClient) fresh = NULL;

    g_assert_true (dt_settings_set (f->db, DT_SETTING_DEFAULT_TERMS_DAYS, "14", &error));
    fresh = dt_client_new_with_defaults (f->db);
    g_assert_cmpint (fresh->payment_terms_days, ==, 14);
    g_assert_nonnull (fresh->currency);
    g_assert_cmpuint (strlen (fresh->currency), ==, 3);
    g_assert_true (dt_settings_set (f->db, DT_SETTING_DEFAULT_TERMS_DAYS, NULL, &error));
  }

  /* A setting DoubleTime does not read is refused, by name, not kept to do nothing. */
  g_assert_false (dt_settings_set (f->db, "smtp.hots", "mail.example.org", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "smtp.hots"));
  g_assert_nonnull (strstr (error->message, "smtp.host"));
  g_clear_error (&error);
  g_assert_null (dt_settings_get (f->db, "smtp.hots", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* What an older version stored under a name no longer read can still be cleared. */
  g_assert_true (dt_db_exec (f->db, "INSERT INTO settings (key, value) VALUES "
                                    "('consent.confirm_sensitive', 'false')", &error));
  g_assert_true (dt_settings_set (f->db, "consent.confirm_sensitive", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (dt_settings_get (f->db, "consent.confirm_sensitive", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dt_settings_set (f->db, "Bad Key", "x", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dt_settings_get (f->db, "nothing.here", &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* NULL restores the default. */
  g_assert_true (dt_settings_set (f->db, DT_SETTING_NUMBER_PATTERN, NULL, &error));
  all = dt_settings_list (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      DtSetting *s = all->pdata[i];
      if (g_str_equal (s->key, DT_SETTING_NUMBER_PATTERN))
        {
          g_assert_true (s->is_default);
          g_assert_cmpstr (s->value, ==, "INV-{YYYY}-{NNNN}");
        }
      if (g_str_equal (s->key, "ui.last_page"))
        g_assert_cmpstr (s->value, ==, "reports");
    }
}

static void
test_client_round_trip (DtTestFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) created = NULL;
  g_autoptr(DtClient) read = NULL;
  g_autoptr(DtClient) updated = NULL;
  g_autoptr(DtClient) archived = NULL;
  g_autoptr(DtClient) stale = NULL;

  dt_time_set_fake_now (1764000000);
  g_free (input->name);
  input->name = g_strdup ("Société Générale d’Études");
  g_free (input->email);
  input->email = g_strdup ("billing@example.org");
  input->payment_terms_days = 14;
  input->rate = 11000;
  created = dt_client_store_create (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (created->id, >, 0);
  g_assert_cmpstr (created->currency, ==, "EUR"); /* the profile's */
  g_assert_cmpint (created->created_at, ==, 1764000000);
  g_assert_cmpint (created->version, ==, 1);

  g_assert_cmpstr (created->einvoice_format, ==, "pdf");
  g_assert_cmpstr (created->electronic_address_scheme, ==, "EM");
  g_assert_cmpstr (created->vat_category, ==, "");

  read = dt_client_store_get (f->db, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, "Société Générale d’Études");
  g_free (read->buyer_reference);
  read->buyer_reference = g_strdup ("04011000-12345-03");
  g_free (read->vat_id);
  read->vat_id = g_strdup ("FRXX123456789");
  g_free (read->country);
  read->country = g_strdup ("FR");
  g_free (read->einvoice_format);
  read->einvoice_format = g_strdup ("xrechnung-ubl");
  g_free (read->vat_category);
  read->vat_category = g_strdup ("AE");
  g_free (read->electronic_address);
  read->electronic_address = g_strdup ("04011000-12345-03");
  g_free (read->electronic_address_scheme);
  read->electronic_address_scheme = g_strdup ("0204");
  g_assert_cmpstr (read->email, ==, "billing@example.org");
  g_assert_cmpint (read->payment_terms_days, ==, 14);
  g_assert_cmpint (read->rate, ==, 11000);

  dt_time_set_fake_now (1764000100);
  read->rate = DT_NO_VALUE;
  g_free (read->notes);
  read->notes = g_strdup ("pays late");
  updated = dt_client_store_update (f->db, read, read->version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->rate, ==, DT_NO_VALUE);
  g_assert_cmpstr (updated->buyer_reference, ==, "04011000-12345-03");
  g_assert_cmpstr (updated->vat_id, ==, "FRXX123456789");
  g_assert_cmpstr (updated->country, ==, "FR");
  g_assert_cmpstr (updated->einvoice_format, ==, "xrechnung-ubl");
  g_assert_cmpstr (updated->vat_category, ==, "AE");
  g_assert_cmpstr (updated->electronic_address_scheme, ==, "0204");
  g_assert_cmpint (updated->version, ==, 2);
  g_assert_cmpint (updated->updated_at, ==, 1764000100);
  g_assert_cmpint (updated->created_at, ==, 1764000000);

  stale = dt_client_store_update (f->db, read, 1, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_PRECONDITION);
  g_clear_error (&error);

  archived = dt_client_store_set_archived (f->db, created->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (archived->archived);

  g_assert_true (dt_client_store_delete (f->db, created->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, dt_client_free);
  read = dt_client_store_get (f->db, created->id, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "client 1 does not exist");
}

static void
test_history_is_kept (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) archived = NULL;
  g_autoptr(DtProject) project = NULL;
  g_autoptr(DtTimeEntry) entry = NULL;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 3, 2, 9, 0), 60);

  g_assert_false (dt_client_store_delete (f->db, f->client_id, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "archive it instead"));
  g_clear_error (&error);
  g_assert_false (dt_project_store_delete (f->db, f->project_id, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (dt_task_store_delete (f->db, f->task_id, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Archived stays readable; new work on it is refused until restored. */
  archived = dt_client_store_set_archived (f->db, f->client_id, TRUE, &error);
  g_assert_no_error (error);
  project = dt_project_store_get (f->db, f->project_id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
    input->project_id = f->project_id;
    input->start_at = dt_test_local (2026, 3, 3, 9, 0);
    input->end_at = input->start_at + 600;
    entry = dt_time_entry_store_create (f->db, input, &error);
    g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
    g_assert_null (entry);
  }
}

static void
test_project_task_tag_round_trip (DtTestFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProject) project = NULL;
  g_autoptr(DtProject) moved = NULL;
  g_autoptr(DtTask) task = NULL;
  g_autoptr(DtTask) done = NULL;
  g_autoptr(DtTag) tag = NULL;
  g_autoptr(DtTag) input_tag = dt_tag_new ();
  g_autoptr(DtTag) duplicate = NULL;

  dt_test_fixture_seed (f);
  project = dt_project_store_get (f->db, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->name, ==, "Website");
  g_assert_cmpint (project->client_id, ==, f->client_id);
  g_assert_cmpint (project->rate, ==, DT_NO_VALUE);
  project->budget_minutes = 6000;
  project->rate = 9500;
  g_free (project->color);
  project->color = g_strdup ("#ff7800");
  /* A project without invoiced work may move to another client. */
  project->client_id = f->other_client_id;
  moved = dt_project_store_update (f->db, project, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->budget_minutes, ==, 6000);
  g_assert_cmpint (moved->client_id, ==, f->other_client_id);
  g_assert_cmpstr (moved->color, ==, "#ff7800");

  task = dt_task_store_get (f->db, f->task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (task->title, ==, "Design");
  g_assert_cmpstr (task->status, ==, "open");
  g_assert_true (task->billable);
  g_assert_cmpint (task->client_id, ==, f->other_client_id);
  g_free (task->status);
  task->status = g_strdup ("done");
  task->billable = FALSE;
  task->estimate_minutes = 240;
  done = dt_task_store_update (f->db, task, task->version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (done->status, ==, "done");
  g_assert_false (done->billable);
  g_assert_cmpint (done->estimate_minutes, ==, 240);

  tag = dt_tag_store_get (f->db, f->tag_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tag->name, ==, "urgent");
  g_free (input_tag->name);
  input_tag->name = g_strdup ("URGENT");
  duplicate = dt_tag_store_create (f->db, input_tag, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (dt_tag_store_delete (f->db, f->tag_id, &error));
  g_assert_no_error (error);
}

static void
test_time_entry_round_trip (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) created = NULL;
  g_autoptr(DtTimeEntry) updated = NULL;
  g_autoptr(DtTag) second_input = dt_tag_new ();
  g_autoptr(DtTag) second = NULL;

  dt_test_fixture_seed (f);
  g_free (second_input->name);
  second_input->name = g_strdup ("meeting");
  second = dt_tag_store_create (f->db, second_input, &error);
  g_assert_no_error (error);

  input->project_id = f->project_id;
  input->task_id = f->task_id;
  input->start_at = dt_test_local (2026, 5, 4, 9, 0);
  input->end_at = dt_test_local (2026, 5, 4, 10, 30);
  g_free (input->note);
  input->note = g_strdup ("Kick-off with “Acme”");
  dt_time_entry_add_tag (input, second->id);
  dt_time_entry_add_tag (input, f->tag_id);
  dt_time_entry_add_tag (input, f->tag_id);
  created = dt_time_entry_store_create (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (created->client_id, ==, f->client_id);
  g_assert_cmpint (created->task_id, ==, f->task_id);
  g_assert_cmpint (dt_time_entry_get_duration (created, 0), ==, 90 * 60);
  g_assert_cmpstr (created->note, ==, "Kick-off with “Acme”");
  g_assert_cmpuint (created->tag_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (created->tag_ids, gint64, 0), ==, f->tag_id);
  g_assert_cmpint (g_array_index (created->tag_ids, gint64, 1), ==, second->id);

  created->task_id = 0;
  created->billable = FALSE;
  g_array_set_size (created->tag_ids, 0);
  updated = dt_time_entry_store_update (f->db, created, created->version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->task_id, ==, 0);
  g_assert_false (updated->billable);
  g_assert_cmpuint (updated->tag_ids->len, ==, 0);
  g_assert_cmpint (updated->version, ==, 2);

  g_assert_true (dt_time_entry_store_delete (f->db, updated->id, &error));
  g_assert_no_error (error);
}

static void
assert_tags (const DtTimeEntry *entry,
             const gint64      *expected,
             guint              n_expected)
{
  g_assert_cmpuint (entry->tag_ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (entry->tag_ids, gint64, i), ==, expected[i]);
}

/* A page reads its tags in one query: every entry must still get exactly its own tags, by
 * tag id, whatever the order the tags were put on and whether a neighbour has none. */
static void
test_list_page_tags (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) second_page = NULL;
  g_autoptr(GPtrArray) overlapping = NULL;
  g_autoptr(DtTag) input = dt_tag_new ();
  gint64 tags[3], ids[4];
  gint64 start = dt_test_local (2026, 5, 4, 8, 0);
  gboolean more = FALSE;
  DtListQuery query = { .limit = 2 };

  dt_test_fixture_seed (f);
  tags[0] = f->tag_id;
  for (guint i = 1; i < 3; i++)
    {
      g_autoptr(DtTag) tag = NULL;

      g_free (input->name);
      input->name = g_strdup_printf ("tag %u", i);
      tag = dt_tag_store_create (f->db, input, &error);
      g_assert_no_error (error);
      tags[i] = tag->id;
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
      g_autoptr(DtTimeEntry) created = NULL;

      entry->project_id = f->project_id;
      entry->start_at = start + i * 3600;
      entry->end_at = entry->start_at + 1800;
      /* Put on in descending order: the store keeps them by id. */
      if (i == 0)
        for (guint t = 3; t > 0; t--)
          dt_time_entry_add_tag (entry, tags[t - 1]);
      else if (i == 2)
        dt_time_entry_add_tag (entry, tags[2]);
      else if (i == 3)
        {
          dt_time_entry_add_tag (entry, tags[1]);
          dt_time_entry_add_tag (entry, tags[0]);
        }
      created = dt_time_entry_store_create (f->db, entry, &error);
      g_assert_no_error (error);
      ids[i] = created->id;
    }

  page = dt_time_entry_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_true (more);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((DtTimeEntry *) page->pdata[0])->id, ==, ids[0]);
  assert_tags (page->pdata[0], tags, 3);
  assert_tags (page->pdata[1], NULL, 0);

  query.after_id = ids[1];
  query.limit = 0;
  second_page = dt_time_entry_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_false (more);
  g_assert_cmpuint (second_page->len, ==, 2);
  assert_tags (second_page->pdata[0], (gint64[]) { tags[2] }, 1);
  assert_tags (second_page->pdata[1], (gint64[]) { tags[0], tags[1] }, 2);

  overlapping = dt_time_entry_store_list_overlapping (f->db, start, start + 4 * 3600, ids[1],
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlapping->len, ==, 3);
  assert_tags (overlapping->pdata[0], tags, 3);
  assert_tags (overlapping->pdata[1], (gint64[]) { tags[2] }, 1);
  assert_tags (overlapping->pdata[2], (gint64[]) { tags[0], tags[1] }, 2);

  /* Entries far apart in id (a page of one project, 300 of another's in between) get their
   * tags by a list of their ids rather than by the range. */
  {
    g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
    g_autoptr(DtTimeEntry) late = NULL;
    g_autoptr(GPtrArray) by_project = NULL;
    DtListQuery of_project = { .project_id = f->project_id };

    for (guint i = 0; i < 300; i++)
      dt_test_add_entry (f->db, f->other_project_id, 0, start + 86400 + i * 3600, 30);
    entry->project_id = f->project_id;
    entry->start_at = start + 400 * 3600;
    entry->end_at = entry->start_at + 1800;
    dt_time_entry_add_tag (entry, tags[1]);
    late = dt_time_entry_store_create (f->db, entry, &error);
    g_assert_no_error (error);
    by_project = dt_time_entry_store_list (f->db, &of_project, &more, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (by_project->len, ==, 5);
    g_assert_cmpint (((DtTimeEntry *) by_project->pdata[4])->id, ==, late->id);
    g_assert_cmpint (late->id - ids[0], >, 300);
    assert_tags (by_project->pdata[0], tags, 3);
    assert_tags (by_project->pdata[1], NULL, 0);
    assert_tags (by_project->pdata[3], (gint64[]) { tags[0], tags[1] }, 2);
    assert_tags (by_project->pdata[4], (gint64[]) { tags[1] }, 1);
  }
}

static void
test_rule_round_trip (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRule) rate = dt_rule_new (DT_RULE_RATE);
  g_autoptr(DtRule) rounding = dt_rule_new (DT_RULE_ROUNDING);
  g_autoptr(DtRule) saved_rate = NULL;
  g_autoptr(DtRule) saved_rounding = NULL;
  g_autoptr(DtRule) changed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  DtListQuery query = { 0 };

  dt_test_fixture_seed (f);
  g_free (rate->name);
  rate->name = g_strdup ("Rush work");
  rate->tag_id = f->tag_id;
  rate->client_id = f->client_id;
  rate->priority = 5;
  rate->rate = 15000;
  saved_rate = dt_rule_store_create (f->db, rate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved_rate->kind, ==, DT_RULE_RATE);
  g_assert_cmpint (saved_rate->tag_id, ==, f->tag_id);
  g_assert_cmpint (saved_rate->rate, ==, 15000);
  g_assert_cmpint (saved_rate->priority, ==, 5);

  rounding->project_id = f->project_id;
  rounding->increment_minutes = 6;
  rounding->direction = DT_ROUND_NEAREST;
  rounding->apply_to = DT_ROUND_PER_LINE;
  rounding->minimum_minutes = 30;
  saved_rounding = dt_rule_store_create (f->db, rounding, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved_rounding->increment_minutes, ==, 6);
  g_assert_cmpint (saved_rounding->direction, ==, DT_ROUND_NEAREST);
  g_assert_cmpint (saved_rounding->apply_to, ==, DT_ROUND_PER_LINE);
  g_assert_cmpint (saved_rounding->minimum_minutes, ==, 30);

  saved_rounding->kind = DT_RULE_RATE;
  saved_rounding->rate = 1;
  changed = dt_rule_store_update (f->db, saved_rounding, 0, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);

  query.status = "rounding";
  list = dt_rule_store_list (f->db, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (dt_rule_store_delete (f->db, saved_rate->id, &error));
}

static void
test_invoice_draft_round_trip (DtTestFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) input = dt_invoice_new ();
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) edited = NULL;
  DtInvoiceLine *line;

  dt_test_fixture_seed (f);
  input->client_id = f->client_id;
  input->due_date = g_strdup ("2026-12-31");
  g_free (input->notes);
  input->notes = g_strdup ("Thank you!");
  line = dt_invoice_line_new (DT_LINE_FIXED);
  g_free (line->description);
  line->description = g_strdup ("Hosting, 12 months");
  line->quantity = 12000;
  line->unit_price = 1999;
  line->tax_rate_bp = 1900;
  g_ptr_array_add (input->lines, line);
  line = dt_invoice_line_new (DT_LINE_HOURLY);
  g_free (line->description);
  line->description = g_strdup ("Workshop");
  line->quantity = 90;
  line->unit_price = 10000;
  line->tax_rate_bp = 700;
  line->project_id = f->project_id;
  g_ptr_array_add (input->lines, line);

  draft = dt_invoice_store_create_draft (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (draft->status, ==, DT_INVOICE_DRAFT);
  g_assert_null (draft->number);
  g_assert_cmpstr (draft->currency, ==, "EUR");
  g_assert_cmpuint (draft->lines->len, ==, 2);
  g_assert_cmpint (((DtInvoiceLine *) draft->lines->pdata[0])->amount, ==, 23988);
  g_assert_cmpint (((DtInvoiceLine *) draft->lines->pdata[1])->amount, ==, 15000);
  g_assert_cmpint (draft->subtotal, ==, 38988);
  /* 19 % of 239.88 = 45.58 (45.5772), 7 % of 150.00 = 10.50 */
  g_assert_cmpint (draft->tax_total, ==, 4558 + 1050);
  g_assert_cmpint (draft->total, ==, 38988 + 5608);
  g_assert_cmpuint (draft->tax_groups->len, ==, 2);

  /* Drop the workshop, add 10 % off. */
  g_ptr_array_remove_index (draft->lines, 1);
  draft->discount_bp = 1000;
  edited = dt_invoice_store_update_draft (f->db, draft, draft->version, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edited->lines->len, ==, 1);
  g_assert_cmpint (edited->subtotal, ==, 23988);
  g_assert_cmpint (edited->discount, ==, 2399);
  g_assert_cmpint (edited->tax_total, ==, 4102); /* 19 % of 215.89 = 41.0191 */
  g_assert_cmpint (edited->total, ==, 23988 - 2399 + 4102);

  g_assert_true (dt_invoice_store_delete_draft (f->db, edited->id, &error));
  g_assert_no_error (error);
}

static void
test_list_filters_and_pages (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtListQuery query = { 0 };
  gboolean more = FALSE;
  gint64 day = dt_test_local (2026, 6, 1, 8, 0);
  guint seen = 0;

  dt_test_fixture_seed (f);
  for (int i = 0; i < 25; i++)
    dt_test_add_entry (f->db, i % 2 ? f->project_id : f->other_project_id, 0, day + i * 3600, 30);

  query.limit = 10;
  do
    {
      g_autoptr(GPtrArray) page = dt_time_entry_store_list (f->db, &query, &more, &error);
      g_assert_no_error (error);
      seen += page->len;
      if (page->len > 0)
        query.after_id = ((DtTimeEntry *) page->pdata[page->len - 1])->id;
      g_assert_true (page->len == 10 || !more);
    }
  while (more);
  g_assert_cmpuint (seen, ==, 25);

  {
    DtListQuery by_client = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    by_client.client_id = f->client_id;
    by_client.from = day;
    by_client.to = day + 10 * 3600;
    list = dt_time_entry_store_list (f->db, &by_client, &more, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 5);
    g_assert_false (more);
  }
  {
    DtListQuery text = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    text.text = "glob";
    list = dt_client_store_list (f->db, &text, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (((DtClient *) list->pdata[0])->name, ==, "Globex Inc.");
  }
  {
    DtListQuery wildcard = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    wildcard.text = "%";
    list = dt_client_store_list (f->db, &wildcard, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }
  {
    DtListQuery archived = { 0 };
    g_autoptr(GPtrArray) list = NULL;
    g_autoptr(DtProject) p = dt_project_store_set_archived (f->db, f->project_id, TRUE, &error);

    list = dt_project_store_list (f->db, &archived, NULL, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_clear_pointer (&list, g_ptr_array_unref);
    archived.archived = DT_ARCHIVED_INCLUDE;
    list = dt_project_store_list (f->db, &archived, NULL, &error);
    g_assert_cmpuint (list->len, ==, 2);
  }
}

typedef struct
{
  GPtrArray *seen;
} Recorder;

static void
on_changed_cb (DtStoreEvents *events,
               const char    *entity,
               gint64         id,
               gpointer       user_data)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->seen, g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, id));
}

static void
test_change_events (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtStoreEvents) shared = dt_store_events_new ();
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  Recorder recorder = { g_ptr_array_new_with_free_func (g_free) };

  dt_db_set_events (f->db, shared);
  g_signal_connect (shared, "changed", G_CALLBACK (on_changed_cb), &recorder);

  g_free (input->name);
  input->name = g_strdup ("Initech");
  client = dt_client_store_create (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.seen->len, ==, 1);
  g_assert_cmpstr (recorder.seen->pdata[0], ==, "client:1");

  /* Nothing is announced before the outer commit, and nothing for a rollback. */
  g_assert_true (dt_db_begin (f->db, &error));
  {
    g_autoptr(DtClient) inner = dt_client_store_create (f->db, input, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (recorder.seen->len, ==, 1);
  dt_db_rollback (f->db);
  g_assert_cmpuint (recorder.seen->len, ==, 1);

  g_assert_true (dt_db_begin (f->db, &error));
  {
    g_autoptr(DtClient) a = dt_client_store_create (f->db, input, &error);
    g_autoptr(DtClient) b = dt_client_store_set_archived (f->db, a->id, TRUE, &error);
    g_assert_no_error (error);
  }
  g_assert_true (dt_db_commit (f->db, &error));
  g_assert_cmpuint (recorder.seen->len, ==, 2); /* one per object, not per statement */

  g_signal_handlers_disconnect_by_data (shared, &recorder);
  g_ptr_array_unref (recorder.seen);
}

/* Two read snapshots are known to be the same state only when no commit fell between them;
 * what each then reads agrees. */
static void
test_same_snapshot (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) a = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtDb) b = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtTag) tag = dt_tag_new ();
  g_autoptr(DtTag) created = NULL;
  gint64 before;

  g_assert_no_error (error);
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), ==, dt_db_get_snapshot (b));
  dt_db_end_read (b);
  /* Not in a snapshot: nothing to compare. */
  g_assert_cmpint (dt_db_get_snapshot (b), ==, -1);

  /* A commit by a third connection between the two: b sees it, a does not. */
  before = dt_test_query_int (a, "SELECT count(*) FROM tags");
  g_free (tag->name);
  tag->name = g_strdup ("between");
  created = dt_tag_store_create (f->db, tag, &error);
  g_assert_no_error (error);
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (b), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), !=, dt_db_get_snapshot (b));
  g_assert_cmpint (dt_test_query_int (a, "SELECT count(*) FROM tags"), ==, before);
  g_assert_cmpint (dt_test_query_int (b, "SELECT count(*) FROM tags"), ==, before + 1);
  dt_db_end_read (a);
  dt_db_end_read (b);

  /* A commit that changed nothing (no WAL frame is written for it) does not leave them
   * unknown, in a transaction or of a single statement. */
  g_assert_true (dt_db_begin (f->db, &error));
  g_assert_true (dt_db_commit (f->db, &error));
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  dt_db_end_read (a);
  g_assert_true (dt_db_exec (f->db, "DELETE FROM tags WHERE id = -1", &error));

  /* After them, both again agree. */
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), ==, dt_db_get_snapshot (b));
  g_assert_cmpint (dt_test_query_int (a, "SELECT count(*) FROM tags"), ==,
                   dt_test_query_int (b, "SELECT count(*) FROM tags"));
  dt_db_end_read (a);
  dt_db_end_read (b);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/stores/profile", test_profile_round_trip);
  ADD ("/core/stores/settings", test_settings_round_trip);
  ADD ("/core/stores/client", test_client_round_trip);
  ADD ("/core/stores/history-kept", test_history_is_kept);
  ADD ("/core/stores/project-task-tag", test_project_task_tag_round_trip);
  ADD ("/core/stores/time-entry", test_time_entry_round_trip);
  ADD ("/core/stores/rule", test_rule_round_trip);
  ADD ("/core/stores/invoice-draft", test_invoice_draft_round_trip);
  ADD ("/core/stores/list-pages", test_list_filters_and_pages);
  ADD ("/core/stores/list-page-tags", test_list_page_tags);
  ADD ("/core/stores/events", test_change_events);
  ADD ("/core/stores/same-snapshot", test_same_snapshot);
#undef ADD

  return g_test_run ();
}

/* test-stores.c: every entity store writes what it reads back, versions and archives; lists,
 * pages and change events are in test-store-lists.c. */
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
#undef ADD

  return g_test_run ();
}

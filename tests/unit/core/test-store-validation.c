/* test-store-validation.c: bad input is refused with the right code and a message naming
 * the value, and leaves every table exactly as it was. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-payment-store.h"
#include "dt-profile-store.h"
#include "dt-project-store.h"
#include "dt-rule-store.h"
#include "dt-settings-store.h"
#include "dt-tag-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <string.h>

typedef gboolean (*BadCall) (DtTestFixture *f, GError **error);

typedef struct
{
  const char  *name;
  BadCall      call;
  DtErrorCode  code;
  const char  *message;  /* a part of the message that must be there */
} Case;

static gboolean
entry_project_missing (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = 4242;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_no_project (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_task_of_other_project (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = f->project_id;
  e->task_id = f->other_task_id;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_end_before_start (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = f->project_id;
  e->start_at = dt_test_local (2026, 1, 5, 10, 0);
  e->end_at = dt_test_local (2026, 1, 5, 9, 0);
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_too_long (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = f->project_id;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 40 * 86400;
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_unknown_tag (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = f->project_id;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  dt_time_entry_add_tag (e, f->tag_id);
  dt_time_entry_add_tag (e, 777);
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
entry_update_missing (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->id = 999;
  e->project_id = f->project_id;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  r = dt_time_entry_store_update (f->db, e, 0, error);
  return r != NULL;
}

static gboolean
entry_update_stale (DtTestFixture *f, GError **error)
{
  g_autoptr(GError) ignored = NULL;
  g_autoptr(DtTimeEntry) e = NULL;
  g_autoptr(DtTimeEntry) r = NULL;
  g_autoptr(GPtrArray) all = NULL;
  DtListQuery q = { 0 };

  all = dt_time_entry_store_list (f->db, &q, NULL, &ignored);
  e = dt_time_entry_copy (all->pdata[0]);
  g_free (e->note);
  e->note = g_strdup ("changed");
  r = dt_time_entry_store_update (f->db, e, e->version + 1, error);
  return r != NULL;
}

static gboolean
entry_note_too_long (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTimeEntry) e = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) r = NULL;
  e->project_id = f->project_id;
  e->start_at = dt_test_local (2026, 1, 5, 9, 0);
  e->end_at = e->start_at + 60;
  g_free (e->note);
  e->note = g_strnfill (10001, 'x');
  r = dt_time_entry_store_create (f->db, e, error);
  return r != NULL;
}

static gboolean
client_empty_name (DtTestFixture *f, GError **error)
{
  g_autoptr(DtClient) c = dt_client_new ();
  g_autoptr(DtClient) r = dt_client_store_create (f->db, c, error);
  return r != NULL;
}

static gboolean
client_bad_currency (DtTestFixture *f, GError **error)
{
  g_autoptr(DtClient) c = dt_client_new ();
  g_autoptr(DtClient) r = NULL;
  g_free (c->name);
  c->name = g_strdup ("X");
  c->currency = g_strdup ("euro");
  r = dt_client_store_create (f->db, c, error);
  return r != NULL;
}

static gboolean
client_bad_terms (DtTestFixture *f, GError **error)
{
  g_autoptr(DtClient) c = dt_client_store_get (f->db, f->client_id, NULL);
  g_autoptr(DtClient) r = NULL;
  c->payment_terms_days = 400;
  r = dt_client_store_update (f->db, c, 0, error);
  return r != NULL;
}

static gboolean
client_negative_rate (DtTestFixture *f, GError **error)
{
  g_autoptr(DtClient) c = dt_client_store_get (f->db, f->client_id, NULL);
  g_autoptr(DtClient) r = NULL;
  c->rate = -5;
  r = dt_client_store_update (f->db, c, 0, error);
  return r != NULL;
}

static gboolean
client_bad_utf8 (DtTestFixture *f, GError **error)
{
  g_autoptr(DtClient) c = dt_client_new ();
  g_autoptr(DtClient) r = NULL;
  g_free (c->name);
  c->name = g_strdup ("bad \xff name");
  r = dt_client_store_create (f->db, c, error);
  return r != NULL;
}

static gboolean
client_delete_with_history (DtTestFixture *f, GError **error)
{
  return dt_client_store_delete (f->db, f->client_id, error);
}

static gboolean
project_client_missing (DtTestFixture *f, GError **error)
{
  g_autoptr(DtProject) p = dt_project_new ();
  g_autoptr(DtProject) r = NULL;
  g_free (p->name);
  p->name = g_strdup ("P");
  p->client_id = 42;
  r = dt_project_store_create (f->db, p, error);
  return r != NULL;
}

static gboolean
project_bad_colour (DtTestFixture *f, GError **error)
{
  g_autoptr(DtProject) p = dt_project_store_get (f->db, f->project_id, NULL);
  g_autoptr(DtProject) r = NULL;
  g_free (p->color);
  p->color = g_strdup ("red");
  r = dt_project_store_update (f->db, p, 0, error);
  return r != NULL;
}

static gboolean
project_delete_with_history (DtTestFixture *f, GError **error)
{
  return dt_project_store_delete (f->db, f->project_id, error);
}

static gboolean
task_bad_status (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTask) t = dt_task_store_get (f->db, f->task_id, NULL);
  g_autoptr(DtTask) r = NULL;
  g_free (t->status);
  t->status = g_strdup ("waiting");
  r = dt_task_store_update (f->db, t, 0, error);
  return r != NULL;
}

static gboolean
task_move_with_entries (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTask) t = dt_task_store_get (f->db, f->task_id, NULL);
  g_autoptr(DtTask) r = NULL;
  t->project_id = f->other_project_id;
  r = dt_task_store_update (f->db, t, 0, error);
  return r != NULL;
}

static gboolean
tag_duplicate (DtTestFixture *f, GError **error)
{
  g_autoptr(DtTag) t = dt_tag_new ();
  g_autoptr(DtTag) r = NULL;
  g_free (t->name);
  t->name = g_strdup ("Urgent");
  r = dt_tag_store_create (f->db, t, error);
  return r != NULL;
}

static gboolean
rule_project_of_other_client (DtTestFixture *f, GError **error)
{
  g_autoptr(DtRule) rule = dt_rule_new (DT_RULE_RATE);
  g_autoptr(DtRule) r = NULL;
  rule->client_id = f->client_id;
  rule->project_id = f->other_project_id;
  rule->rate = 100;
  r = dt_rule_store_create (f->db, rule, error);
  return r != NULL;
}

static gboolean
rule_bad_increment (DtTestFixture *f, GError **error)
{
  g_autoptr(DtRule) rule = dt_rule_new (DT_RULE_ROUNDING);
  g_autoptr(DtRule) r = NULL;
  rule->increment_minutes = 61;
  r = dt_rule_store_create (f->db, rule, error);
  return r != NULL;
}

static gboolean
rule_rounding_on_tag (DtTestFixture *f, GError **error)
{
  g_autoptr(DtRule) rule = dt_rule_new (DT_RULE_ROUNDING);
  g_autoptr(DtRule) r = NULL;
  rule->tag_id = f->tag_id;
  r = dt_rule_store_create (f->db, rule, error);
  return r != NULL;
}

static gboolean
invoice_line_project_of_other_client (DtTestFixture *f, GError **error)
{
  g_autoptr(DtInvoice) inv = dt_invoice_new ();
  g_autoptr(DtInvoice) r = NULL;
  DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_HOURLY);

  inv->client_id = f->client_id;
  g_free (line->description);
  line->description = g_strdup ("Work");
  line->quantity = 60;
  line->unit_price = 100;
  line->project_id = f->other_project_id;
  g_ptr_array_add (inv->lines, line);
  r = dt_invoice_store_create_draft (f->db, inv, error);
  return r != NULL;
}

static gboolean
invoice_manual_time_line (DtTestFixture *f, GError **error)
{
  g_autoptr(DtInvoice) inv = dt_invoice_new ();
  g_autoptr(DtInvoice) r = NULL;
  DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_TIME);

  inv->client_id = f->client_id;
  g_free (line->description);
  line->description = g_strdup ("Work");
  line->quantity = 60;
  g_ptr_array_add (inv->lines, line);
  r = dt_invoice_store_create_draft (f->db, inv, error);
  return r != NULL;
}

static gboolean
invoice_bad_due_date (DtTestFixture *f, GError **error)
{
  g_autoptr(DtInvoice) inv = dt_invoice_new ();
  g_autoptr(DtInvoice) r = NULL;

  inv->client_id = f->client_id;
  inv->due_date = g_strdup ("2026-02-30");
  r = dt_invoice_store_create_draft (f->db, inv, error);
  return r != NULL;
}

static gboolean
payment_on_missing_invoice (DtTestFixture *f, GError **error)
{
  g_autoptr(DtPayment) p = dt_payment_new ();
  g_autoptr(DtPayment) r = NULL;
  p->invoice_id = 99;
  p->amount = 100;
  r = dt_payment_store_record (f->db, p, error);
  return r != NULL;
}

static gboolean
settings_bad_pattern (DtTestFixture *f, GError **error)
{
  return dt_settings_set (f->db, DT_SETTING_NUMBER_PATTERN, "INV-{YYYY}", error);
}

static gboolean
profile_bad_logo (DtTestFixture *f, GError **error)
{
  g_autoptr(DtProfile) p = dt_profile_store_get (f->db, NULL);
  g_autoptr(DtProfile) r = NULL;
  p->logo = g_bytes_new_static ("GIF89a....", 10);
  r = dt_profile_store_update (f->db, p, 0, error);
  return r != NULL;
}

/* The e-invoice fields: each bad value is refused by name. */
#define PROFILE_FIELD_CASE(fn, field, value)                       \
  static gboolean                                                  \
  fn (DtTestFixture *f, GError **error)                            \
  {                                                                \
    g_autoptr(DtProfile) p = dt_profile_store_get (f->db, NULL);   \
    g_autoptr(DtProfile) r = NULL;                                 \
    g_free (p->field);                                             \
    p->field = g_strdup (value);                                   \
    r = dt_profile_store_update (f->db, p, 0, error);              \
    return r != NULL;                                              \
  }
#define CLIENT_FIELD_CASE(fn, field, value)                                   \
  static gboolean                                                             \
  fn (DtTestFixture *f, GError **error)                                       \
  {                                                                           \
    g_autoptr(DtClient) c = dt_client_store_get (f->db, f->client_id, NULL);  \
    g_autoptr(DtClient) r = NULL;                                             \
    g_free (c->field);                                                        \
    c->field = g_strdup (value);                                              \
    r = dt_client_store_update (f->db, c, 0, error);                          \
    return r != NULL;                                                         \
  }

PROFILE_FIELD_CASE (profile_bad_iban_checksum, iban, "DE89 3704 0044 0532 0130 01")
PROFILE_FIELD_CASE (profile_bad_iban_shape, iban, "DE89-3704")
PROFILE_FIELD_CASE (profile_bad_country, country, "Germany")
PROFILE_FIELD_CASE (profile_unknown_country, country, "QQ")
PROFILE_FIELD_CASE (profile_bad_vat_category, vat_category, "X")
PROFILE_FIELD_CASE (profile_bad_vat_id, vat_id, "123456789")
PROFILE_FIELD_CASE (profile_bad_bic, bic, "COBA")
PROFILE_FIELD_CASE (profile_bad_payment_means, payment_means, "42")
PROFILE_FIELD_CASE (profile_bad_eas, electronic_address_scheme, "MAIL")
PROFILE_FIELD_CASE (profile_bad_vatex, vat_exemption_code, "VATEX-XX-1")
CLIENT_FIELD_CASE (client_bad_vat_id, vat_id, "ATU 1234")
CLIENT_FIELD_CASE (client_bad_country, country, "de")
CLIENT_FIELD_CASE (client_bad_format, einvoice_format, "zugferd")
CLIENT_FIELD_CASE (client_bad_vat_category, vat_category, "R")
CLIENT_FIELD_CASE (client_bad_iban, iban, "GB00WEST12345698765432")

static gboolean
invoice_bad_vat_category (DtTestFixture *f, GError **error)
{
  g_autoptr(DtInvoice) inv = dt_invoice_new ();
  g_autoptr(DtInvoice) r = NULL;

  inv->client_id = f->client_id;
  g_free (inv->vat_category);
  inv->vat_category = g_strdup ("standard");
  r = dt_invoice_store_create_draft (f->db, inv, error);
  return r != NULL;
}

static gboolean
invoice_line_bad_unit (DtTestFixture *f, GError **error)
{
  g_autoptr(DtInvoice) inv = dt_invoice_new ();
  g_autoptr(DtInvoice) r = NULL;
  DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_FIXED);

  inv->client_id = f->client_id;
  g_free (line->description);
  line->description = g_strdup ("Licence");
  line->quantity = 1000;
  line->unit_price = 5000;
  g_free (line->unit_code);
  line->unit_code = g_strdup ("pcs");
  g_ptr_array_add (inv->lines, line);
  r = dt_invoice_store_create_draft (f->db, inv, error);
  return r != NULL;
}

static gboolean
list_limit_too_large (DtTestFixture *f, GError **error)
{
  DtListQuery q = { 0 };
  g_autoptr(GPtrArray) r = NULL;
  q.limit = 100000;
  r = dt_time_entry_store_list (f->db, &q, NULL, error);
  return r != NULL;
}

static gboolean
list_range_reversed (DtTestFixture *f, GError **error)
{
  DtListQuery q = { 0 };
  g_autoptr(GPtrArray) r = NULL;
  q.from = 2000;
  q.to = 1000;
  r = dt_time_entry_store_list (f->db, &q, NULL, error);
  return r != NULL;
}

static const Case cases[] = {
  { "entry-project-missing", entry_project_missing, DT_ERROR_NOT_FOUND, "project 4242 does not exist" },
  { "entry-no-project", entry_no_project, DT_ERROR_INVALID, "needs a project" },
  { "entry-task-other-project", entry_task_of_other_project, DT_ERROR_INVALID, "belongs to project" },
  { "entry-end-before-start", entry_end_before_start, DT_ERROR_INVALID, "end 2026-01-05 09:00 is before start 2026-01-05 10:00" },
  { "entry-too-long", entry_too_long, DT_ERROR_INVALID, "40 days is too long" },
  { "entry-unknown-tag", entry_unknown_tag, DT_ERROR_NOT_FOUND, "tag 777 does not exist" },
  { "entry-update-missing", entry_update_missing, DT_ERROR_NOT_FOUND, "time entry 999 does not exist" },
  { "entry-update-stale", entry_update_stale, DT_ERROR_PRECONDITION, "reload it" },
  { "entry-note-too-long", entry_note_too_long, DT_ERROR_INVALID, "10001 characters" },
  { "client-empty-name", client_empty_name, DT_ERROR_INVALID, "the client name must not be empty" },
  { "client-bad-currency", client_bad_currency, DT_ERROR_INVALID, "“euro” is not a currency code" },
  { "client-bad-terms", client_bad_terms, DT_ERROR_INVALID, "400 days" },
  { "client-negative-rate", client_negative_rate, DT_ERROR_INVALID, "-5" },
  { "client-bad-utf8", client_bad_utf8, DT_ERROR_INVALID, "UTF-8" },
  { "client-delete-history", client_delete_with_history, DT_ERROR_CONFLICT, "archive it instead" },
  { "project-client-missing", project_client_missing, DT_ERROR_NOT_FOUND, "client 42 does not exist" },
  { "project-bad-colour", project_bad_colour, DT_ERROR_INVALID, "“red”" },
  { "project-delete-history", project_delete_with_history, DT_ERROR_CONFLICT, "archive it instead" },
  { "task-bad-status", task_bad_status, DT_ERROR_INVALID, "“waiting”" },
  { "task-move-with-entries", task_move_with_entries, DT_ERROR_CONFLICT, "cannot move" },
  { "tag-duplicate", tag_duplicate, DT_ERROR_CONFLICT, "already exists" },
  { "rule-project-other-client", rule_project_of_other_client, DT_ERROR_INVALID, "belongs to client" },
  { "rule-bad-increment", rule_bad_increment, DT_ERROR_INVALID, "61 minutes" },
  { "rule-rounding-tag", rule_rounding_on_tag, DT_ERROR_INVALID, "cannot match a tag" },
  { "invoice-line-other-client", invoice_line_project_of_other_client, DT_ERROR_INVALID, "belongs to client" },
  { "invoice-manual-time-line", invoice_manual_time_line, DT_ERROR_INVALID, "candidates" },
  { "invoice-bad-due-date", invoice_bad_due_date, DT_ERROR_INVALID, "2026-02-30" },
  { "payment-missing-invoice", payment_on_missing_invoice, DT_ERROR_NOT_FOUND, "invoice 99 does not exist" },
  { "settings-bad-pattern", settings_bad_pattern, DT_ERROR_INVALID, "INV-{YYYY}" },
  { "profile-bad-logo", profile_bad_logo, DT_ERROR_INVALID, "PNG or JPEG" },
  { "profile-bad-iban-checksum", profile_bad_iban_checksum, DT_ERROR_INVALID, "the IBAN \"DE89370400440532013001\" has wrong check digits" },
  { "profile-bad-iban-shape", profile_bad_iban_shape, DT_ERROR_INVALID, "the IBAN \"DE89-3704\" is not an IBAN" },
  { "profile-bad-country", profile_bad_country, DT_ERROR_INVALID, "the country \"Germany\" is not an ISO 3166-1" },
  { "profile-unknown-country", profile_unknown_country, DT_ERROR_INVALID, "the country \"QQ\"" },
  { "profile-bad-vat-category", profile_bad_vat_category, DT_ERROR_INVALID, "the default VAT category \"X\"" },
  { "profile-bad-vat-id", profile_bad_vat_id, DT_ERROR_INVALID, "the VAT ID \"123456789\"" },
  { "profile-bad-bic", profile_bad_bic, DT_ERROR_INVALID, "the BIC \"COBA\"" },
  { "profile-bad-payment-means", profile_bad_payment_means, DT_ERROR_INVALID, "the payment means \"42\"" },
  { "profile-bad-eas", profile_bad_eas, DT_ERROR_INVALID, "the electronic address scheme \"MAIL\"" },
  { "profile-bad-vatex", profile_bad_vatex, DT_ERROR_INVALID, "the VAT exemption code \"VATEX-XX-1\"" },
  { "client-bad-vat-id", client_bad_vat_id, DT_ERROR_INVALID, "the client's VAT ID \"ATU 1234\"" },
  { "client-bad-country", client_bad_country, DT_ERROR_INVALID, "the client's country \"de\"" },
  { "client-bad-format", client_bad_format, DT_ERROR_INVALID, "the e-invoice format \"zugferd\"" },
  { "client-bad-vat-category", client_bad_vat_category, DT_ERROR_INVALID, "the client's VAT category \"R\"" },
  { "client-bad-iban", client_bad_iban, DT_ERROR_INVALID, "the client's IBAN \"GB00WEST12345698765432\" has wrong check digits" },
  { "invoice-bad-vat-category", invoice_bad_vat_category, DT_ERROR_INVALID, "the invoice's VAT category \"standard\"" },
  { "invoice-line-bad-unit", invoice_line_bad_unit, DT_ERROR_INVALID, "line 1: the unit code \"pcs\"" },
  { "list-limit", list_limit_too_large, DT_ERROR_INVALID, "limit 100000" },
  { "list-range-reversed", list_range_reversed, DT_ERROR_INVALID, "is not after from" },
};

static void
test_refused (DtTestFixture *f,
              gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  dt_time_set_fake_now (dt_test_local (2026, 11, 27, 12, 0));
  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 1, 2, 9, 0), 45);
  before = dt_test_checksum (f->db);

  g_assert_false (c->call (f, &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_error (error, DT_ERROR, (int) c->code);
  if (strstr (error->message, c->message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, c->message);

  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/validation/%s", cases[i].name);
      g_test_add (path, DtTestFixture, &cases[i], dt_test_fixture_setup, test_refused,
                  dt_test_fixture_teardown);
    }
  return g_test_run ();
}

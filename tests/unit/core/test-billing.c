/* test-billing.c: rates, rounding, candidates, drafts, numbers, states, payments, credit
 * notes, sending, reports and the Billing Hub — with the traps freelancers get hurt by. */
#include "dt-test-core.h"

#include "dt-billing-facts-private.h"
#include "dt-billing-hub.h"
#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoicing.h"
#include "dt-payment-store.h"
#include "dt-profile-store.h"
#include "dt-project-store.h"
#include "dt-rates.h"
#include "dt-reports.h"
#include "dt-rule-store.h"
#include "dt-settings-store.h"
#include "dt-tag-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <string.h>

/* ---- helpers -------------------------------------------------------------------------- */

static gint64
add_rule (DtDb         *db,
          DtRuleKind    kind,
          gint64        client_id,
          gint64        project_id,
          gint64        task_id,
          gint64        tag_id,
          int           priority,
          gint64        rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRule) input = dt_rule_new (kind);
  g_autoptr(DtRule) rule = NULL;

  input->client_id = client_id;
  input->project_id = project_id;
  input->task_id = task_id;
  input->tag_id = tag_id;
  input->priority = priority;
  input->rate = rate;
  rule = dt_rule_store_create (db, input, &error);
  g_assert_no_error (error);
  return rule->id;
}

static gint64
add_rounding (DtDb             *db,
              gint64            project_id,
              int               increment,
              DtRoundDirection  direction,
              DtRoundApplyTo    apply_to,
              int               minimum)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRule) input = dt_rule_new (DT_RULE_ROUNDING);
  g_autoptr(DtRule) rule = NULL;

  input->project_id = project_id;
  input->increment_minutes = increment;
  input->direction = direction;
  input->apply_to = apply_to;
  input->minimum_minutes = minimum;
  rule = dt_rule_store_create (db, input, &error);
  g_assert_no_error (error);
  return rule->id;
}

static void
set_client_rate (DtDb   *db,
                 gint64  client_id,
                 gint64  rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (db, client_id, &error);
  g_autoptr(DtClient) saved = NULL;

  client->rate = rate;
  saved = dt_client_store_update (db, client, 0, &error);
  g_assert_no_error (error);
}

static DtInvoice *
draft_for (DtTestFixture     *f,
           gint64             client_id,
           gint64             from,
           gint64             to,
           DtInvoiceGrouping  grouping)
{
  g_autoptr(GError) error = NULL;
  DtDraftRequest request = { 0 };
  DtInvoice *draft;

  request.client_id = client_id;
  request.from = from;
  request.to = to;
  request.grouping = grouping;
  request.tax_rate_bp = -1;
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  return draft;
}

static DtInvoice *
issue (DtTestFixture *f,
       gint64         invoice_id)
{
  g_autoptr(GError) error = NULL;
  DtInvoice *sent = dt_invoicing_mark_sent (f->db, invoice_id, NULL, NULL, 0, &error);

  g_assert_no_error (error);
  return sent;
}

static gint64
pay (DtTestFixture *f,
     gint64         invoice_id,
     gint64         amount,
     GError       **error)
{
  g_autoptr(DtPayment) input = dt_payment_new ();
  g_autoptr(DtPayment) payment = NULL;

  input->invoice_id = invoice_id;
  input->amount = amount;
  payment = dt_payment_store_record (f->db, input, error);
  return payment ? payment->id : 0;
}

static DtInvoiceLine *
line_at (DtInvoice *invoice,
         guint      i)
{
  g_assert_cmpuint (i, <, invoice->lines->len);
  return invoice->lines->pdata[i];
}

/* ---- rates and rounding --------------------------------------------------------------- */

static void
test_rate_precedence (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtTag) other_input = dt_tag_new ();
  g_autoptr(DtTag) other = NULL;
  gint64 tags[2];
  DtRateContext context;
  gint64 tag_low, tag_high, task_rule;

  dt_test_fixture_seed (f);
  profile = dt_profile_store_get (f->db, &error);
  profile->hourly_rate = 5000;
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_free (other_input->name);
  other_input->name = g_strdup ("weekend");
  other = dt_tag_store_create (f->db, other_input, &error);
  tags[0] = f->tag_id;
  tags[1] = other->id;
  context = (DtRateContext) { f->client_id, f->project_id, f->task_id, tags, 2 };

#define EXPECT(rate_, source_) G_STMT_START {                                   \
    g_autoptr(DtRateBook) book = dt_rate_book_load (f->db, &error);             \
    DtRateChoice choice = dt_rate_book_choose (book, &context);                 \
    g_autofree char *why = dt_rate_book_explain (book, &choice);                \
    g_test_message ("%" G_GINT64_FORMAT " from %s", choice.rate, why);          \
    g_assert_cmpint (choice.rate, ==, rate_);                                   \
    g_assert_cmpint (choice.source, ==, source_);                               \
  } G_STMT_END

  set_client_rate (f->db, f->client_id, DT_NO_VALUE);
  EXPECT (5000, DT_RATE_FROM_PROFILE);
  add_rule (f->db, DT_RULE_RATE, 0, 0, 0, 0, 0, 5500);
  EXPECT (5500, DT_RATE_FROM_GLOBAL_RULE);
  set_client_rate (f->db, f->client_id, 9000);
  EXPECT (9000, DT_RATE_FROM_CLIENT);
  add_rule (f->db, DT_RULE_RATE, f->client_id, 0, 0, 0, 0, 9100);
  EXPECT (9100, DT_RATE_FROM_CLIENT_RULE);
  {
    g_autoptr(DtProject) p = dt_project_store_get (f->db, f->project_id, &error);
    g_autoptr(DtProject) q = NULL;
    p->rate = 9500;
    q = dt_project_store_update (f->db, p, 0, &error);
  }
  EXPECT (9500, DT_RATE_FROM_PROJECT);
  add_rule (f->db, DT_RULE_RATE, 0, f->project_id, 0, 0, 0, 9600);
  EXPECT (9600, DT_RATE_FROM_PROJECT_RULE);
  {
    g_autoptr(DtTask) t = dt_task_store_get (f->db, f->task_id, &error);
    g_autoptr(DtTask) u = NULL;
    t->rate = 10000;
    u = dt_task_store_update (f->db, t, 0, &error);
  }
  EXPECT (10000, DT_RATE_FROM_TASK);
  task_rule = add_rule (f->db, DT_RULE_RATE, 0, 0, f->task_id, 0, 0, 10500);
  EXPECT (10500, DT_RATE_FROM_TASK_RULE);
  /* Higher priority at the same level wins. */
  add_rule (f->db, DT_RULE_RATE, 0, 0, f->task_id, 0, 3, 10700);
  EXPECT (10700, DT_RATE_FROM_TASK_RULE);
  /* A tag rule for another client does not match; one for this client does, and wins. */
  add_rule (f->db, DT_RULE_RATE, f->other_client_id, 0, 0, other->id, 50, 1);
  EXPECT (10700, DT_RATE_FROM_TASK_RULE);
  tag_low = add_rule (f->db, DT_RULE_RATE, 0, 0, 0, f->tag_id, 1, 15000);
  EXPECT (15000, DT_RATE_FROM_TAG_RULE);
  tag_high = add_rule (f->db, DT_RULE_RATE, f->client_id, 0, 0, other->id, 2, 18000);
  EXPECT (18000, DT_RATE_FROM_TAG_RULE);
  /* Equal priority: the older rule (lower id) wins. */
  add_rule (f->db, DT_RULE_RATE, 0, 0, 0, f->tag_id, 2, 20000);
  EXPECT (18000, DT_RATE_FROM_TAG_RULE);
  (void) tag_low;
  (void) tag_high;
  (void) task_rule;
#undef EXPECT
}

typedef struct
{
  int               increment;
  DtRoundDirection  direction;
  int               minimum;
  gint64            minutes;
  gint64            expected;
} RoundCase;

static void
test_rounding_rules (void)
{
  static const RoundCase cases[] = {
    { 15, DT_ROUND_UP, 0, 30, 30 },      /* on a boundary: not rounded up again */
    { 15, DT_ROUND_UP, 0, 31, 45 },
    { 15, DT_ROUND_UP, 0, 1, 15 },
    { 15, DT_ROUND_UP, 0, 0, 0 },        /* nothing stays nothing, even with a minimum */
    { 15, DT_ROUND_NEAREST, 0, 37, 30 },
    { 15, DT_ROUND_NEAREST, 0, 38, 45 }, /* 7.5 rounds half up */
    { 15, DT_ROUND_DOWN, 0, 44, 30 },
    { 15, DT_ROUND_DOWN, 30, 10, 30 },   /* the minimum lifts a short entry */
    { 6, DT_ROUND_UP, 0, 61, 66 },
    { 60, DT_ROUND_UP, 0, 61, 120 },
    { 1, DT_ROUND_UP, 0, 59, 59 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DtRule) rule = dt_rule_new (DT_RULE_ROUNDING);
      rule->increment_minutes = cases[i].increment;
      rule->direction = cases[i].direction;
      rule->minimum_minutes = cases[i].minimum;
      g_assert_cmpint (dt_rounding_apply (rule, cases[i].minutes), ==, cases[i].expected);
    }
  g_assert_cmpint (dt_rounding_apply (NULL, 37), ==, 37);
  g_assert_cmpint (dt_rounding_minutes (29), ==, 0);
  g_assert_cmpint (dt_rounding_minutes (30), ==, 1);
  g_assert_cmpint (dt_rounding_minutes (1800 + 20), ==, 30);
  g_assert_cmpint (dt_rounding_minutes (1800 + 30), ==, 31);
}

/* ---- candidates and drafts ------------------------------------------------------------ */

static void
test_decimal_drift (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(DtInvoice) per_task = NULL;
  g_autoptr(DtInvoice) per_entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 day = dt_test_local (2026, 2, 2, 9, 0);

  dt_test_fixture_seed (f);
  set_client_rate (f->db, f->client_id, 10000); /* 100.00 per hour */
  for (int i = 0; i < 3; i++)
    dt_test_add_entry (f->db, f->project_id, f->task_id, day + i * 3600, 20);

  per_task = draft_for (f, f->client_id, dt_test_local (2026, 2, 1, 0, 0),
                        dt_test_local (2026, 3, 1, 0, 0), DT_GROUP_BY_TASK);
  g_assert_cmpuint (per_task->lines->len, ==, 1);
  g_assert_cmpint (line_at (per_task, 0)->quantity, ==, 60);
  /* One line priced once: 100.00, not 3 × 33.33 = 99.99. */
  g_assert_cmpint (line_at (per_task, 0)->amount, ==, 10000);
  g_assert_cmpint (per_task->total, ==, 10000);
  g_assert_cmpuint (line_at (per_task, 0)->entry_ids->len, ==, 3);
  g_assert_true (dt_invoice_store_delete_draft (f->db, per_task->id, &error));

  per_entry = draft_for (f, f->client_id, dt_test_local (2026, 2, 1, 0, 0),
                         dt_test_local (2026, 3, 1, 0, 0), DT_GROUP_BY_ENTRY);
  g_assert_cmpuint (per_entry->lines->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (line_at (per_entry, i)->amount, ==, 3333);
  g_assert_cmpint (per_entry->subtotal, ==, 9999);
}

static void
test_round_up_boundaries (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCandidates) per_entry = NULL;
  g_autoptr(DtCandidates) per_line = NULL;
  gint64 day = dt_test_local (2026, 2, 2, 9, 0);
  gint64 from = dt_test_local (2026, 2, 1, 0, 0), to = dt_test_local (2026, 3, 1, 0, 0);
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) with_seconds = NULL;
  gint64 rule_id;
  DtCandidateGroup *group;

  dt_test_fixture_seed (f);
  set_client_rate (f->db, f->client_id, 6000);
  rule_id = add_rounding (f->db, f->project_id, 15, DT_ROUND_UP, DT_ROUND_PER_ENTRY, 0);
  dt_test_add_entry (f->db, f->project_id, f->task_id, day, 30);          /* on a boundary */
  input->project_id = f->project_id;
  input->task_id = f->task_id;
  input->start_at = day + 3600;
  input->end_at = input->start_at + 30 * 60 + 20;                         /* 30 min 20 s */
  with_seconds = dt_time_entry_store_create (f->db, input, &error);
  dt_test_add_entry (f->db, f->project_id, f->task_id, day + 7200, 31);
  dt_test_add_entry (f->db, f->project_id, f->task_id, day + 10800, 7);

  per_entry = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK,
                                            &error);
  g_assert_no_error (error);
  group = per_entry->groups->pdata[0];
  g_assert_cmpint (((DtCandidateEntry *) group->entries->pdata[0])->billed_minutes, ==, 30);
  g_assert_cmpint (((DtCandidateEntry *) group->entries->pdata[1])->billed_minutes, ==, 30);
  g_assert_cmpint (((DtCandidateEntry *) group->entries->pdata[2])->billed_minutes, ==, 45);
  g_assert_cmpint (((DtCandidateEntry *) group->entries->pdata[3])->billed_minutes, ==, 15);
  g_assert_cmpint (group->raw_minutes, ==, 30 + 30 + 31 + 7);
  g_assert_cmpint (group->billed_minutes, ==, 120);
  g_assert_cmpint (group->amount, ==, 12000);
  g_test_message ("%s; %s", group->rate_explanation, group->rounding_explanation);
  g_assert_nonnull (strstr (group->rounding_explanation, "up to 15 min per entry"));

  /* The same rule per line rounds the sum once: 98 → 105. */
  {
    g_autoptr(DtRule) rule = dt_rule_store_get (f->db, rule_id, &error);
    g_autoptr(DtRule) saved = NULL;
    rule->apply_to = DT_ROUND_PER_LINE;
    saved = dt_rule_store_update (f->db, rule, 0, &error);
    g_assert_no_error (error);
  }
  per_line = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK,
                                           &error);
  group = per_line->groups->pdata[0];
  g_assert_cmpint (group->raw_minutes, ==, 98);
  g_assert_cmpint (group->billed_minutes, ==, 105);
  g_assert_cmpint (((DtCandidateEntry *) group->entries->pdata[2])->billed_minutes, ==, 31);
}

static void
test_midnight_and_dst (DtTestFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCandidates) saturday = NULL;
  g_autoptr(DtCandidates) sunday = NULL;
  g_autoptr(DtCandidates) autumn = NULL;

  dt_test_fixture_seed (f);
  set_client_rate (f->db, f->client_id, 6000);
  /* 23:00 → 04:00 across the spring-forward night is four hours, not five. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 28, 23, 0), 240);
  /* 00:30 → 02:30 across the fall-back night (25 October) is three hours. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 10, 25, 0, 30), 180);

  saturday = dt_invoicing_find_candidates (f->db, f->client_id, dt_test_local (2026, 3, 28, 0, 0),
                                           dt_test_local (2026, 3, 29, 0, 0), DT_GROUP_BY_TASK,
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saturday->n_entries, ==, 1);
  g_assert_cmpint (saturday->raw_minutes, ==, 240);
  g_assert_cmpint (saturday->amount, ==, 24000);
  sunday = dt_invoicing_find_candidates (f->db, f->client_id, dt_test_local (2026, 3, 29, 0, 0),
                                         dt_test_local (2026, 3, 30, 0, 0), DT_GROUP_BY_TASK,
                                         &error);
  g_assert_cmpuint (sunday->n_entries, ==, 0);
  autumn = dt_invoicing_find_candidates (f->db, f->client_id, dt_test_local (2026, 10, 25, 0, 0),
                                         dt_test_local (2026, 10, 26, 0, 0), DT_GROUP_BY_TASK,
                                         &error);
  g_assert_cmpint (autumn->raw_minutes, ==, 180);
  g_assert_cmpint (dt_test_local (2026, 10, 26, 0, 0) - dt_test_local (2026, 10, 25, 0, 0), ==,
                   25 * 3600);
}

static void
test_exclusions_and_double_billing (DtTestFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtCandidates) candidates = NULL;
  g_autoptr(DtCandidates) after = NULL;
  g_autoptr(DtInvoice) first = NULL;
  g_autoptr(DtInvoice) second = NULL;
  g_autoptr(DtTimeEntry) timer_input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) timer = NULL;
  g_autoptr(DtTask) unpaid_input = dt_task_new ();
  g_autoptr(DtTask) unpaid = NULL;
  g_autofree char *before = NULL;
  g_autofree char *unchanged = NULL;
  gint64 from = dt_test_local (2026, 5, 1, 0, 0), to = dt_test_local (2026, 6, 1, 0, 0);
  gint64 billable_id, free_id;
  DtDraftRequest request = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 5, 20, 12, 0));
  billable_id = dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 5, 4, 9, 0), 60);
  free_id = dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 5, 5, 9, 0), 60);
  {
    g_autoptr(DtTimeEntry) e = dt_time_entry_store_get (f->db, free_id, &error);
    g_autoptr(DtTimeEntry) s = NULL;
    e->billable = FALSE;
    s = dt_time_entry_store_update (f->db, e, 0, &error);
  }
  g_free (unpaid_input->title);
  unpaid_input->title = g_strdup ("Pro bono");
  unpaid_input->project_id = f->project_id;
  unpaid_input->billable = FALSE;
  unpaid = dt_task_store_create (f->db, unpaid_input, &error);
  dt_test_add_entry (f->db, f->project_id, unpaid->id, dt_test_local (2026, 5, 6, 9, 0), 60);
  timer_input->project_id = f->project_id;
  timer_input->start_at = dt_test_local (2026, 5, 20, 11, 0);
  timer = dt_time_entry_store_start_timer (f->db, timer_input, &error);
  g_assert_no_error (error);

  candidates = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->n_entries, ==, 1);
  g_assert_cmpuint (candidates->excluded_non_billable, ==, 2);
  g_assert_cmpuint (candidates->excluded_running, ==, 1);
  g_assert_cmpuint (candidates->excluded_billed, ==, 0);
  g_assert_cmpstr (candidates->currency, ==, "EUR");

  first = draft_for (f, f->client_id, from, to, DT_GROUP_BY_TASK);
  after = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK, &error);
  g_assert_cmpuint (after->n_entries, ==, 0);
  g_assert_cmpuint (after->excluded_billed, ==, 1);

  /* Billing the same work twice: nothing left, or the named entry is refused. */
  before = dt_test_checksum (f->db);
  request.client_id = f->client_id;
  request.from = from;
  request.to = to;
  request.tax_rate_bp = -1;
  second = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_null (second);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_array_append_val (ids, billable_id);
  request.entry_ids = ids;
  second = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_null (second);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  unchanged = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, unchanged);

  /* Deleting the draft releases the entry for billing again. */
  g_assert_true (dt_invoice_store_delete_draft (f->db, first->id, &error));
  second = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (line_at (second, 0)->entry_ids->len, ==, 1);
}

static void
test_draft_lines_taxes_and_terms (DtTestFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) edited = NULL;
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  DtDraftRequest request = { 0 };
  DtInvoiceLine *fixed, *hourly;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(DtTask) second_input = dt_task_new ();
  g_autoptr(DtTask) second = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 7, 1, 10, 0));
  set_client_rate (f->db, f->client_id, 9000);
  g_free (second_input->title);
  second_input->title = g_strdup ("Build");
  second_input->project_id = f->project_id;
  second = dt_task_store_create (f->db, second_input, &error);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 6, 2, 9, 0), 90);
  dt_test_add_entry (f->db, f->project_id, second->id, dt_test_local (2026, 6, 3, 9, 0), 45);

  fixed = dt_invoice_line_new (DT_LINE_FIXED);
  g_free (fixed->description);
  fixed->description = g_strdup ("Domain, 2 years");
  fixed->quantity = 2000;
  fixed->unit_price = 1500;
  fixed->tax_rate_bp = 700;
  g_ptr_array_add (extra, fixed);
  hourly = dt_invoice_line_new (DT_LINE_HOURLY);
  g_free (hourly->description);
  hourly->description = g_strdup ("Travel");
  hourly->quantity = 30;
  hourly->unit_price = 4000;
  hourly->tax_rate_bp = 1900;
  g_ptr_array_add (extra, hourly);

  request.client_id = f->client_id;
  request.from = dt_test_local (2026, 6, 1, 0, 0);
  request.to = dt_test_local (2026, 7, 1, 0, 0);
  request.grouping = DT_GROUP_BY_PROJECT;
  request.tax_rate_bp = 1900;
  request.extra_lines = extra;
  request.discount_bp = 500;
  request.notes = "Thanks for the good work together.";
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (draft->lines->len, ==, 3);
  /* Per project: 135 min at 90.00/h = 202.50 */
  g_assert_cmpint (line_at (draft, 0)->kind, ==, DT_LINE_TIME);
  g_assert_cmpint (line_at (draft, 0)->quantity, ==, 135);
  g_assert_cmpint (line_at (draft, 0)->amount, ==, 20250);
  g_assert_cmpstr (line_at (draft, 0)->description, ==, "Website");
  g_assert_nonnull (strstr (line_at (draft, 0)->rule_note, "rate of client"));
  g_assert_cmpint (line_at (draft, 1)->amount, ==, 3000);
  g_assert_cmpint (line_at (draft, 2)->amount, ==, 2000);
  g_assert_cmpint (draft->subtotal, ==, 25250);
  g_assert_cmpint (draft->discount, ==, 1263);       /* 5 % of 252.50 = 12.625 → 12.63 */
  g_assert_cmpuint (draft->tax_groups->len, ==, 2);  /* 7 % and 19 % */
  g_assert_cmpint (draft->total, ==, draft->subtotal - draft->discount + draft->tax_total);
  g_assert_cmpstr (draft->period_from, ==, "2026-06-01");
  g_assert_cmpstr (draft->period_to, ==, "2026-06-30");
  g_assert_null (draft->due_date);

  sent = issue (f, draft->id);
  g_assert_cmpstr (sent->issue_date, ==, "2026-07-01");
  g_assert_cmpstr (sent->due_date, ==, "2026-07-31"); /* 30 days, the client's terms */
  g_assert_nonnull (strstr (sent->bill_to, "Acme GmbH"));

  /* Sent is final. */
  edited = dt_invoice_store_update_draft (f->db, sent, 0, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (dt_invoice_store_delete_draft (f->db, sent->id, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
  (void) tasks;
}

static void
test_draft_edit_releases_time (DtTestFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) edited = NULL;
  g_autoptr(DtCandidates) before = NULL;
  g_autoptr(DtCandidates) after = NULL;
  g_autoptr(DtTimeEntry) entry = NULL;
  gint64 from = dt_test_local (2026, 9, 1, 0, 0), to = dt_test_local (2026, 10, 1, 0, 0);
  gint64 kept, dropped;
  DtInvoiceLine *line;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 10, 2, 9, 0));
  kept = dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 9, 7, 9, 0), 60);
  dropped = dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 9, 8, 9, 0), 30);
  draft = draft_for (f, f->client_id, from, to, DT_GROUP_BY_TASK);
  g_assert_cmpuint (draft->lines->len, ==, 2);
  before = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK, &error);
  g_assert_cmpuint (before->excluded_billed, ==, 2);

  /* Keep the task's line at a new price, drop the other, add a fixed fee. */
  for (guint i = 0; i < draft->lines->len; i++)
    if (line_at (draft, i)->task_id == 0)
      g_ptr_array_remove_index (draft->lines, i);
  line = line_at (draft, 0);
  line->unit_price = 12000;
  line->quantity = 999; /* measured time cannot be edited: ignored */
  line = dt_invoice_line_new (DT_LINE_FIXED);
  g_free (line->description);
  line->description = g_strdup ("Setup fee");
  line->quantity = 1000;
  line->unit_price = 5000;
  g_ptr_array_add (draft->lines, line);
  edited = dt_invoice_store_update_draft (f->db, draft, draft->version, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edited->lines->len, ==, 2);
  g_assert_cmpint (line_at (edited, 0)->quantity, ==, 60);
  g_assert_cmpint (line_at (edited, 0)->amount, ==, 12000);
  g_assert_cmpint (edited->subtotal, ==, 17000);

  after = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK, &error);
  g_assert_cmpuint (after->excluded_billed, ==, 1);
  g_assert_cmpuint (after->n_entries, ==, 1);
  entry = dt_time_entry_store_get (f->db, dropped, &error);
  g_assert_cmpint (entry->invoice_line_id, ==, 0);
  g_clear_pointer (&entry, dt_time_entry_free);
  entry = dt_time_entry_store_get (f->db, kept, &error);
  g_assert_cmpint (entry->invoice_id, ==, draft->id);
}

static void
test_multi_currency_and_rate_change (DtTestFixture *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) eur = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) again = NULL;
  g_autoptr(DtCandidates) usd = NULL;
  g_autoptr(DtReport) report = NULL;
  DtReportQuery query = { 0 };
  gint64 from = dt_test_local (2026, 8, 1, 0, 0), to = dt_test_local (2026, 9, 1, 0, 0);

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 9, 2, 10, 0));
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 8, 3, 9, 0), 60);
  dt_test_add_entry (f->db, f->other_project_id, f->other_task_id,
                     dt_test_local (2026, 8, 3, 14, 0), 90);

  usd = dt_invoicing_find_candidates (f->db, f->other_client_id, from, to, DT_GROUP_BY_TASK,
                                      &error);
  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_cmpint (usd->amount, ==, 18000); /* 1.5 h at 120.00 */
  eur = draft_for (f, f->client_id, from, to, DT_GROUP_BY_TASK);
  g_assert_cmpstr (eur->currency, ==, "EUR");
  sent = issue (f, eur->id);
  g_assert_cmpint (sent->total, ==, 9000);

  /* The rate changes after invoicing: the invoice and its work keep the old price. */
  set_client_rate (f->db, f->client_id, 20000);
  again = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (again->total, ==, 9000);
  g_assert_cmpint (line_at (again, 0)->unit_price, ==, 9000);

  query.from = from;
  query.to = to;
  query.group_by = DT_REPORT_BY_DAY;
  report = dt_report_run (f->db, &query, &error);
  g_assert_no_error (error);
  /* One day, two currencies: two rows, never added together. */
  g_assert_cmpuint (report->rows->len, ==, 2);
  g_assert_cmpuint (report->totals->len, ==, 2);
  for (guint i = 0; i < report->rows->len; i++)
    {
      DtReportRow *row = report->rows->pdata[i];
      g_assert_cmpstr (row->label, ==, "2026-08-03");
      if (g_str_equal (row->currency, "EUR"))
        {
          g_assert_cmpint (row->amount, ==, 9000);
          g_assert_cmpint (row->invoiced_amount, ==, 9000);
        }
      else
        {
          g_assert_cmpstr (row->currency, ==, "USD");
          g_assert_cmpint (row->amount, ==, 18000);
          g_assert_cmpint (row->invoiced_amount, ==, 0);
        }
    }
}

/* ---- numbers, states, payments, credit notes ------------------------------------------ */

static DtInvoice *
fixed_draft (DtTestFixture *f,
             gint64         amount)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) input = dt_invoice_new ();
  DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_FIXED);
  DtInvoice *draft;

  input->client_id = f->client_id;
  g_free (line->description);
  line->description = g_strdup ("Retainer");
  line->quantity = 1000;
  line->unit_price = amount;
  g_ptr_array_add (input->lines, line);
  draft = dt_invoice_store_create_draft (f->db, input, &error);
  g_assert_no_error (error);
  return draft;
}

static void
test_numbering_across_years (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *custom = dt_invoicing_format_number ("F{YY}/{MM}-{NNN}", 2027, 3, 7);
  g_autofree char *peek = NULL;
  g_autoptr(DtInvoice) a = NULL, b = NULL, c = NULL, d = NULL, voided = NULL, credit = NULL;
  g_autoptr(DtInvoice) da = NULL, db_ = NULL, dc = NULL, dd = NULL;

  g_assert_cmpstr (custom, ==, "F27/03-007");
  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 12, 31, 23, 30));
  peek = dt_invoicing_peek_number (f->db, DT_INVOICE_KIND_INVOICE, NULL, &error);
  g_assert_cmpstr (peek, ==, "INV-2026-0001");
  da = fixed_draft (f, 1000);
  db_ = fixed_draft (f, 2000);
  a = issue (f, da->id);
  b = issue (f, db_->id);
  g_assert_cmpstr (a->number, ==, "INV-2026-0001");
  g_assert_cmpstr (b->number, ==, "INV-2026-0002");

  /* Voided numbers are never given again. */
  voided = dt_invoicing_void (f->db, b->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (voided->status, ==, DT_INVOICE_VOID);
  g_assert_cmpstr (voided->number, ==, "INV-2026-0002");

  dt_time_set_fake_now (dt_test_local (2027, 1, 1, 0, 5));
  dc = fixed_draft (f, 3000);
  c = issue (f, dc->id);
  g_assert_cmpstr (c->number, ==, "INV-2027-0001");
  g_assert_cmpstr (c->issue_date, ==, "2027-01-01");
  dd = fixed_draft (f, 4000);
  d = issue (f, dd->id);
  g_assert_cmpstr (d->number, ==, "INV-2027-0002");

  /* Credit notes count in their own series. */
  credit = dt_invoicing_create_credit_note (f->db, a->id, "wrong rate", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credit->number, ==, "CN-2027-0001");
}

static void
test_states_and_payments (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) partial = NULL;
  g_autoptr(DtInvoice) paid = NULL;
  g_autoptr(DtInvoice) voided = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 payment_id;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 3, 2, 10, 0));
  draft = fixed_draft (f, 50000);
  g_assert_cmpint (pay (f, draft->id, 100, &error), ==, 0);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT); /* a draft takes no payment */
  g_clear_error (&error);
  sent = issue (f, draft->id);
  g_assert_cmpint (sent->status, ==, DT_INVOICE_SENT);
  g_assert_cmpint (sent->balance, ==, 50000);

  payment_id = pay (f, sent->id, 20000, &error);
  g_assert_no_error (error);
  partial = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (partial->status, ==, DT_INVOICE_PARTIALLY_PAID);
  g_assert_cmpint (partial->balance, ==, 30000);

  /* Over the balance: refused, nothing changes. */
  before = dt_test_checksum (f->db);
  g_assert_cmpint (pay (f, sent->id, 30001, &error), ==, 0);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "300.01 EUR is more than the balance of 300.00 EUR"));
  g_clear_error (&error);
  g_assert_cmpint (pay (f, sent->id, 0, &error), ==, 0);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  /* Voiding an invoice with payments is refused. */
  voided = dt_invoicing_void (f->db, sent->id, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);

  pay (f, sent->id, 30000, &error);
  g_assert_no_error (error);
  paid = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (paid->status, ==, DT_INVOICE_PAID);
  g_assert_cmpint (paid->balance, ==, 0);
  g_assert_cmpint (pay (f, sent->id, 1, &error), ==, 0);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Voiding a paid invoice is refused, with the way out named. */
  g_clear_pointer (&voided, dt_invoice_free);
  voided = dt_invoicing_void (f->db, sent->id, &error);
  g_assert_null (voided);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "credit note"));
  g_clear_error (&error);

  /* Removing a payment recorded by mistake reopens the balance. */
  g_assert_true (dt_payment_store_delete (f->db, payment_id, &error));
  g_clear_pointer (&paid, dt_invoice_free);
  paid = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (paid->status, ==, DT_INVOICE_PARTIALLY_PAID);
  g_assert_cmpint (paid->balance, ==, 20000);
}

/* An issued invoice shows the seller as they were when it was issued; a draft shows the
 * profile as it is now. */
/* Sets the profile's logo to @data (NULL for none). */
static void
set_logo (DtTestFixture *f,
          const char    *data,
          gsize          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (f->db, &error);
  g_autoptr(DtProfile) saved = NULL;

  g_assert_no_error (error);
  g_clear_pointer (&profile->logo, g_bytes_unref);
  if (data != NULL)
    profile->logo = g_bytes_new (data, size);
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
}

static void
assert_logo (DtTestFixture *f,
             gint64         invoice_id,
             const char    *data,
             gsize          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (f->db, invoice_id, &error);

  g_assert_no_error (error);
  if (data == NULL)
    {
      g_assert_null (doc->logo_png);
      return;
    }
  g_assert_nonnull (doc->logo_png);
  g_assert_cmpmem (g_bytes_get_data (doc->logo_png, NULL), g_bytes_get_size (doc->logo_png),
                   data, size);
}

/* The logo is part of the seller an issued invoice keeps: a new logo changes drafts, not
 * invoices already sent, and an invoice sent without a logo stays without one. */
static void
test_logo_frozen_at_issue (DtTestFixture *f,
                           gconstpointer  data)
{
  static const char old_logo[] = "\x89PNG\r\n\x1a\nold logo";
  static const char new_logo[] = "\x89PNG\r\n\x1a\nnew logo, larger";
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) plain = NULL;
  g_autoptr(DtInvoice) first = NULL;
  g_autoptr(DtInvoice) second = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) credit = NULL;
  DtDraftRequest request = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 5, 3, 10, 0));
  for (int day = 1; day <= 4; day++)
    dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 4, day * 5, 9, 0),
                       60);
  request.client_id = f->client_id;

  /* Sent with no logo at all. */
  request.from = dt_test_local (2026, 4, 1, 0, 0);
  request.to = dt_test_local (2026, 4, 8, 0, 0);
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  plain = issue (f, draft->id);
  g_clear_pointer (&draft, dt_invoice_free);

  /* Two sent with the same logo keep it once. */
  set_logo (f, old_logo, sizeof old_logo - 1);
  request.from = request.to;
  request.to = dt_test_local (2026, 4, 13, 0, 0);
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  first = issue (f, draft->id);
  g_clear_pointer (&draft, dt_invoice_free);
  request.from = request.to;
  request.to = dt_test_local (2026, 4, 18, 0, 0);
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  second = issue (f, draft->id);
  g_clear_pointer (&draft, dt_invoice_free);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM seller_logos"), ==, 1);

  /* A draft, then the business changes its logo. */
  request.from = request.to;
  request.to = dt_test_local (2026, 5, 1, 0, 0);
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  set_logo (f, new_logo, sizeof new_logo - 1);

  assert_logo (f, plain->id, NULL, 0);
  assert_logo (f, first->id, old_logo, sizeof old_logo - 1);
  assert_logo (f, second->id, old_logo, sizeof old_logo - 1);
  assert_logo (f, draft->id, new_logo, sizeof new_logo - 1);

  /* Sending the draft and crediting the first keep the logo as it is now. */
  sent = issue (f, draft->id);
  credit = dt_invoicing_create_credit_note (f->db, first->id, "wrong period", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM seller_logos"), ==, 2);

  /* Removing the logo changes none of them. */
  set_logo (f, NULL, 0);
  assert_logo (f, sent->id, new_logo, sizeof new_logo - 1);
  assert_logo (f, credit->id, new_logo, sizeof new_logo - 1);
  assert_logo (f, first->id, old_logo, sizeof old_logo - 1);

  /* Details kept before logos were (no "logo" member) show the profile's, as before. */
  g_assert_cmpint (sqlite3_exec (dt_db_get_handle (f->db),
                                 "UPDATE invoices SET seller = json_remove (seller, '$.logo')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  assert_logo (f, first->id, NULL, 0);
  set_logo (f, new_logo, sizeof new_logo - 1);
  assert_logo (f, first->id, new_logo, sizeof new_logo - 1);
  assert_logo (f, plain->id, new_logo, sizeof new_logo - 1);
}

static void
test_seller_frozen_at_issue (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) other = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) credit = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtInvoiceDocument) issued_doc = NULL;
  g_autoptr(DtInvoiceDocument) draft_doc = NULL;
  g_autoptr(DtInvoiceDocument) credit_doc = NULL;
  DtDraftRequest request = { 0 };

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 5, 3, 10, 0));
  profile = dt_profile_store_get (f->db, &error);
  g_free (profile->address);
  profile->address = g_strdup ("Old Street 1, Berlin");
  g_free (profile->tax_id);
  profile->tax_id = g_strdup ("DE111111111");
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profile, dt_profile_free);
  g_clear_pointer (&saved, dt_profile_free);

  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 4, 7, 9, 0), 100);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 4, 20, 9, 0), 60);
  request.client_id = f->client_id;
  request.from = dt_test_local (2026, 4, 1, 0, 0);
  request.to = dt_test_local (2026, 4, 15, 0, 0);
  draft = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);
  sent = issue (f, draft->id);
  request.from = request.to;
  request.to = dt_test_local (2026, 5, 1, 0, 0);
  other = dt_invoicing_create_draft (f->db, &request, &error);
  g_assert_no_error (error);

  /* The business moves. */
  profile = dt_profile_store_get (f->db, &error);
  g_free (profile->address);
  profile->address = g_strdup ("New Road 9, Hamburg");
  g_free (profile->tax_id);
  profile->tax_id = g_strdup ("DE999999999");
  saved = dt_profile_store_update (f->db, profile, 0, &error);
  g_assert_no_error (error);

  issued_doc = dt_invoicing_build_document (f->db, sent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (issued_doc->seller.address, ==, "Old Street 1, Berlin");
  g_assert_cmpstr (issued_doc->seller.tax_id, ==, "DE111111111");
  draft_doc = dt_invoicing_build_document (f->db, other->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft_doc->seller.address, ==, "New Road 9, Hamburg");
  /* A credit note issued now carries the seller as they are now. */
  credit = dt_invoicing_create_credit_note (f->db, sent->id, "wrong period", &error);
  g_assert_no_error (error);
  credit_doc = dt_invoicing_build_document (f->db, credit->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credit_doc->seller.tax_id, ==, "DE999999999");
}

static void
test_credit_note (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) credit = NULL;
  g_autoptr(DtInvoice) original = NULL;
  g_autoptr(DtInvoice) twice = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  g_autoptr(DtCandidates) released = NULL;
  gint64 from = dt_test_local (2026, 4, 1, 0, 0), to = dt_test_local (2026, 5, 1, 0, 0);

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 5, 3, 10, 0));
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 4, 7, 9, 0), 100);
  {
    DtDraftRequest request = { 0 };
    request.client_id = f->client_id;
    request.from = from;
    request.to = to;
    request.tax_rate_bp = 1900;
    request.discount_fixed = 1001;
    draft = dt_invoicing_create_draft (f->db, &request, &error);
    g_assert_no_error (error);
  }
  sent = issue (f, draft->id);
  pay (f, sent->id, 5000, &error);
  g_assert_no_error (error);

  credit = dt_invoicing_create_credit_note (f->db, sent->id, "rate agreed was lower", &error);
  g_assert_no_error (error);
  g_assert_cmpint (credit->kind, ==, DT_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (credit->credit_for_id, ==, sent->id);
  g_assert_cmpstr (credit->credit_for_number, ==, sent->number);
  g_assert_cmpint (credit->subtotal, ==, -sent->subtotal);
  g_assert_cmpint (credit->discount, ==, -sent->discount);
  g_assert_cmpint (credit->tax_total, ==, -sent->tax_total);
  g_assert_cmpint (credit->total, ==, -sent->total);
  for (guint i = 0; i < sent->lines->len; i++)
    g_assert_cmpint (line_at (credit, i)->amount, ==, -line_at (sent, i)->amount);
  /* The open balance is settled by the credit; what was paid is owed back. */
  original = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (original->status, ==, DT_INVOICE_PAID);
  g_assert_cmpint (original->balance, ==, 0);
  g_assert_cmpint (credit->balance, ==, -5000);

  doc = dt_invoicing_build_document (f->db, credit->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc->kind, ==, DT_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpstr (doc->corrects_number, ==, sent->number);
  g_assert_cmpint (doc->total, ==, credit->total);

  twice = dt_invoicing_create_credit_note (f->db, sent->id, NULL, &error);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The work is free to be invoiced again, correctly. */
  released = dt_invoicing_find_candidates (f->db, f->client_id, from, to, DT_GROUP_BY_TASK,
                                           &error);
  g_assert_cmpuint (released->n_entries, ==, 1);
}

static void
test_overdue (DtTestFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) later = NULL;
  g_autoptr(DtInvoice) on_time = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 1, 10, 10, 0));
  draft = fixed_draft (f, 10000);
  sent = issue (f, draft->id);
  g_assert_cmpstr (sent->due_date, ==, "2026-02-09");
  g_assert_cmpint (sent->days_overdue, ==, 0);
  dt_time_set_fake_now (dt_test_local (2026, 2, 9, 23, 0));
  on_time = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (on_time->days_overdue, ==, 0);
  dt_time_set_fake_now (dt_test_local (2026, 2, 21, 10, 0));
  later = dt_invoice_store_get (f->db, sent->id, &error);
  g_assert_cmpint (later->days_overdue, ==, 12);
}

/* ---- sending -------------------------------------------------------------------------- */

static void
test_send_flow (DtTestFixture *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) other = NULL;
  g_autoptr(DtInvoice) other_sent = NULL;
  g_autoptr(DtInvoice) failed = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) refused = NULL;
  g_autoptr(DtSendPlan) plan = NULL;
  g_autoptr(DtSendPlan) again = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 6, 15, 10, 0));
  draft = fixed_draft (f, 12345);
  doc = dt_invoicing_build_document (f->db, draft->id, &error);
  g_assert_no_error (error);
  g_assert_null (doc->number);
  g_assert_cmpstr (doc->status, ==, "draft");
  g_assert_cmpstr (doc->bill_to.name, ==, "Acme GmbH");
  g_assert_cmpint (doc->total, ==, 12345);
  g_assert_cmpuint (doc->lines->len, ==, 1);
  g_assert_cmpstr (doc->terms, ==, "Payable within 30 days.");

  plan = dt_invoicing_prepare_send (f->db, draft->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan->number, ==, "INV-2026-0001");
  g_assert_cmpstr (plan->document->number, ==, "INV-2026-0001");
  g_assert_cmpstr (plan->document->due_date, ==, "2026-07-15");

  /* The SMTP server said no: still a draft, with the reason. */
  g_assert_true (dt_invoicing_record_send_failure (f->db, draft->id,
                                                   "550 mailbox unavailable", &error));
  failed = dt_invoice_store_get (f->db, draft->id, &error);
  g_assert_cmpint (failed->status, ==, DT_INVOICE_DRAFT);
  g_assert_null (failed->number);
  g_assert_cmpstr (failed->send_error, ==, "550 mailbox unavailable");

  /* Another invoice took the number meanwhile: the old plan is refused. */
  other = fixed_draft (f, 100);
  other_sent = issue (f, other->id);
  refused = dt_invoicing_commit_send (f->db, plan, "billing@acme.example", &error);
  g_assert_null (refused);
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  again = dt_invoicing_prepare_send (f->db, draft->id, &error);
  g_assert_cmpstr (again->number, ==, "INV-2026-0002");
  sent = dt_invoicing_commit_send (f->db, again, "billing@acme.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent->number, ==, "INV-2026-0002");
  g_assert_cmpstr (sent->sent_to, ==, "billing@acme.example");
  g_assert_null (sent->send_error);
  g_assert_cmpint (sent->sent_at, ==, dt_test_local (2026, 6, 15, 10, 0));
}

static void
test_due_date_before_issue (DtTestFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) edited = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtSendPlan) plan = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 6, 15, 10, 0));
  draft = fixed_draft (f, 5000);
  draft->due_date = g_strdup ("2026-06-01");
  edited = dt_invoice_store_update_draft (f->db, draft, 0, &error);
  g_assert_no_error (error);
  before = dt_test_checksum (f->db);
  plan = dt_invoicing_prepare_send (f->db, draft->id, &error);
  g_assert_null (plan);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_clear_error (&error);
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_null (sent);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-06-01 is before the issue date 2026-06-15"));
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* ---- reports and the hub -------------------------------------------------------------- */

static void
test_reports (DtTestFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReport) by_client = NULL;
  g_autoptr(DtReport) by_tag = NULL;
  g_autoptr(DtReport) by_week = NULL;
  g_autoptr(DtReport) by_month = NULL;
  g_autofree char *csv = NULL;
  DtReportQuery query = { 0 };
  gint64 tagged;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 12, 1, 10, 0));
  set_client_rate (f->db, f->client_id, 6000);
  tagged = dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 3, 27, 10, 0), 60);
  {
    g_autoptr(DtTimeEntry) e = dt_time_entry_store_get (f->db, tagged, &error);
    g_autoptr(DtTimeEntry) s = NULL;
    dt_time_entry_add_tag (e, f->tag_id);
    s = dt_time_entry_store_update (f->db, e, 0, &error);
  }
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 28, 23, 0), 240);
  dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 3, 30, 9, 0), 30);
  {
    gint64 id = dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 4, 2, 9, 0), 45);
    g_autoptr(DtTimeEntry) e = dt_time_entry_store_get (f->db, id, &error);
    g_autoptr(DtTimeEntry) s = NULL;
    e->billable = FALSE;
    s = dt_time_entry_store_update (f->db, e, 0, &error);
  }

  query.from = dt_test_local (2026, 1, 1, 0, 0);
  query.to = dt_test_local (2027, 1, 1, 0, 0);
  query.group_by = DT_REPORT_BY_CLIENT;
  by_client = dt_report_run (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_client->rows->len, ==, 2);
  {
    DtReportRow *acme = by_client->rows->pdata[0];
    g_assert_cmpstr (acme->label, ==, "Acme GmbH");
    g_assert_cmpuint (acme->entries, ==, 3);
    g_assert_cmpint (acme->seconds, ==, (60 + 240 + 45) * 60);
    g_assert_cmpint (acme->non_billable_seconds, ==, 45 * 60);
    g_assert_cmpint (acme->raw_minutes, ==, 300);
    g_assert_cmpint (acme->amount, ==, 30000);
  }

  query.group_by = DT_REPORT_BY_TAG;
  by_tag = dt_report_run (f->db, &query, &error);
  g_assert_cmpuint (by_tag->rows->len, ==, 3); /* urgent/EUR, no tag/EUR, no tag/USD */

  query.group_by = DT_REPORT_BY_WEEK;
  query.billable = DT_BILLABLE_ONLY;
  by_week = dt_report_run (f->db, &query, &error);
  /* 27 and 28 March are week 13; 30 March starts week 14. */
  g_assert_cmpuint (by_week->rows->len, ==, 2);
  g_assert_cmpstr (((DtReportRow *) by_week->rows->pdata[0])->label, ==, "2026-W13");
  g_assert_cmpint (((DtReportRow *) by_week->rows->pdata[0])->seconds, ==, 300 * 60);
  g_assert_cmpstr (((DtReportRow *) by_week->rows->pdata[1])->label, ==, "2026-W14");

  query.group_by = DT_REPORT_BY_MONTH;
  query.billable = DT_BILLABLE_ANY;
  by_month = dt_report_run (f->db, &query, &error);
  csv = dt_report_to_csv (by_month);
  g_test_message ("%s", csv);
  g_assert_true (g_str_has_prefix (csv, "group,id,label,currency,entries,hours,"));
  g_assert_nonnull (strstr (csv, "month,0,2026-03,EUR,2,5.00,5.00,0.00,300,300,300.00,0.00\r\n"));
  g_assert_nonnull (strstr (csv, "total,0,Total,EUR,3,5.75,5.00,0.75,300,300,300.00,0.00\r\n"));
}

static void
test_billing_hub (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtBillingHub) hub = NULL;
  g_autoptr(DtInvoice) late_draft = NULL;
  g_autoptr(DtInvoice) late = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  DtHubClient *acme = NULL, *globex = NULL;

  dt_test_fixture_seed (f);
  set_client_rate (f->db, f->client_id, 6000);
  dt_time_set_fake_now (dt_test_local (2026, 1, 5, 10, 0));
  late_draft = fixed_draft (f, 40000);
  late = issue (f, late_draft->id);
  dt_time_set_fake_now (dt_test_local (2026, 2, 20, 10, 0));
  pay (f, late->id, 10000, &error);
  g_assert_no_error (error);
  draft = fixed_draft (f, 777);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 1, 12, 9, 0), 90);
  dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 2, 18, 9, 0), 30);

  dt_time_set_fake_now (dt_test_local (2026, 3, 10, 10, 0));
  hub = dt_billing_hub_get (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hub->today, ==, "2026-03-10");
  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *c = hub->clients->pdata[i];
      if (c->client_id == f->client_id)
        acme = c;
      if (c->client_id == f->other_client_id)
        globex = c;
    }
  g_assert_nonnull (acme);
  g_assert_nonnull (globex);
  g_assert_cmpuint (acme->unbilled_entries, ==, 1);
  g_assert_cmpint (acme->unbilled_minutes, ==, 90);
  g_assert_cmpint (acme->unbilled_amount, ==, 9000);
  g_assert_cmpuint (acme->drafts, ==, 1);
  g_assert_cmpint (acme->drafts_total, ==, 777);
  g_assert_cmpuint (acme->outstanding, ==, 1);
  g_assert_cmpint (acme->outstanding_amount, ==, 30000);
  g_assert_cmpuint (acme->overdue, ==, 1);
  g_assert_cmpint (acme->max_days_overdue, ==, 34); /* due 4 February */
  g_assert_cmpint (acme->paid_this_month, ==, 0);
  g_assert_cmpint (acme->paid_this_year, ==, 10000);
  g_assert_cmpstr (globex->currency, ==, "USD");
  g_assert_cmpint (globex->unbilled_amount, ==, 6000);

  g_assert_cmpuint (hub->attention->len, >=, 3);
  {
    DtAttentionItem *first = hub->attention->pdata[0];
    g_test_message ("%s", first->message);
    g_assert_cmpint (first->kind, ==, DT_ATTENTION_OVERDUE);
    g_assert_cmpint (first->days, ==, 34);
    g_assert_nonnull (strstr (first->message, "INV-2026-0001 to Acme GmbH is 34 days overdue"));
  }
  for (guint i = 0; i < hub->attention->len; i++)
    g_test_message ("attention: %s", ((DtAttentionItem *) hub->attention->pdata[i])->message);
}

static gint64
add_task (DtTestFixture *f,
          gint64         project_id,
          const char    *title,
          gboolean       billable,
          gint64         rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTask) input = dt_task_new ();
  g_autoptr(DtTask) task = NULL;

  g_free (input->title);
  input->title = g_strdup (title);
  input->project_id = project_id;
  input->billable = billable;
  input->rate = rate;
  task = dt_task_store_create (f->db, input, &error);
  g_assert_no_error (error);
  return task->id;
}

static gint64
add_tag (DtTestFixture *f,
         const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTag) input = dt_tag_new ();
  g_autoptr(DtTag) tag = NULL;

  g_free (input->name);
  input->name = g_strdup (name);
  tag = dt_tag_store_create (f->db, input, &error);
  g_assert_no_error (error);
  return tag->id;
}

static gint64
add_tagged_entry (DtTestFixture *f,
                  gint64         project_id,
                  gint64         task_id,
                  gint64         start_at,
                  gint64         minutes,
                  const gint64  *tags,
                  guint          n_tags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) entry = NULL;

  input->project_id = project_id;
  input->task_id = task_id;
  input->start_at = start_at;
  input->end_at = start_at + minutes * 60;
  for (guint i = 0; i < n_tags; i++)
    dt_time_entry_add_tag (input, tags[i]);
  entry = dt_time_entry_store_create (f->db, input, &error);
  g_assert_no_error (error);
  return entry->id;
}

static const DtReportRow *
report_row (const DtReport *report,
            const char     *label,
            const char     *currency)
{
  for (guint i = 0; i < report->rows->len; i++)
    {
      const DtReportRow *row = report->rows->pdata[i];
      if (g_str_equal (row->label, label) && g_str_equal (row->currency, currency))
        return row;
    }
  g_error ("no report row “%s” in %s", label, currency);
  return NULL;
}

static DtReport *
run_report (DtTestFixture    *f,
            DtReportGrouping  group_by)
{
  g_autoptr(GError) error = NULL;
  DtReportQuery query = { .from = dt_test_local (2026, 1, 1, 0, 0),
                          .to = dt_test_local (2027, 1, 1, 0, 0), .group_by = group_by };
  DtReport *report = dt_report_run (f->db, &query, &error);

  g_assert_no_error (error);
  return report;
}

/* A report read in parts (as the server splits a long one over two threads) and merged is
 * the report read whole, in every grouping, wherever the range is cut: at each month, at
 * both DST nights, inside a week and a day, and into one part that holds nothing. */
static void
check_report_parts (DtTestFixture *f)
{
  const gint64 from = dt_test_local (2026, 1, 1, 0, 0), to = dt_test_local (2027, 1, 1, 0, 0);
  const gint64 cuts[] = {
    from, dt_test_local (2026, 3, 29, 2, 30), dt_test_local (2026, 10, 25, 2, 30),
    dt_test_local (2026, 2, 4, 13, 0), dt_test_local (2026, 6, 17, 0, 0), to,
  };

  for (int g = DT_REPORT_BY_CLIENT; g <= DT_REPORT_BY_MONTH; g++)
    {
      g_autoptr(GError) error = NULL;
      DtReportQuery query = { .from = from, .to = to, .group_by = g };
      g_autoptr(DtReport) whole = dt_report_run (f->db, &query, &error);
      g_autofree char *expected = NULL;
      g_autofree char *monthly = NULL;
      g_autoptr(DtReport) by_month = NULL;

      g_assert_no_error (error);
      expected = dt_report_to_csv (whole);
      g_assert_cmpuint (whole->rows->len, >, 0);
      for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
        {
          g_autoptr(DtReport) merged = dt_report_run_part (f->db, &query, from, cuts[i], &error);
          g_autofree char *csv = NULL;

          g_assert_no_error (error);
          dt_report_merge (merged, dt_report_run_part (f->db, &query, cuts[i], to, &error));
          g_assert_no_error (error);
          csv = dt_report_to_csv (merged);
          g_assert_cmpstr (csv, ==, expected);
        }

      /* Twelve parts, a month each. */
      for (int m = 1; m <= 12; m++)
        {
          gint64 a = dt_test_local (2026, m, 1, 0, 0);
          gint64 b = m < 12 ? dt_test_local (2026, m + 1, 1, 0, 0) : to;
          DtReport *part = dt_report_run_part (f->db, &query, a, b, &error);

          g_assert_no_error (error);
          if (by_month == NULL)
            by_month = part;
          else
            dt_report_merge (by_month, part);
        }
      monthly = dt_report_to_csv (by_month);
      g_assert_cmpstr (monthly, ==, expected);
    }
}

/* Reports and the Billing Hub price a year of entries from tables read once, not per entry:
 * every rule that depends on the entry itself must still reach it — several tags of which
 * the higher-priority rule wins, a tag no rule names, a task's own rate, a non-billable task,
 * a project archived after the work, a per-entry rounding rule, an invoiced entry keeping its
 * line's rate after the client's rate changed, and days across midnight and both DST nights. */
static void
assert_hub_clients_equal (DtBillingHub *whole,
                          DtBillingHub *split)
{
  g_assert_cmpuint (split->clients->len, ==, whole->clients->len);
  for (guint i = 0; i < whole->clients->len; i++)
    {
      DtHubClient *a = whole->clients->pdata[i];
      DtHubClient *b = split->clients->pdata[i];

      g_assert_cmpint (b->client_id, ==, a->client_id);
      g_assert_cmpuint (b->unbilled_entries, ==, a->unbilled_entries);
      g_assert_cmpint (b->unbilled_minutes, ==, a->unbilled_minutes);
      g_assert_cmpint (b->unbilled_amount, ==, a->unbilled_amount);
      g_assert_cmpint (b->oldest_unbilled_at, ==, a->oldest_unbilled_at);
      g_assert_cmpint (b->outstanding_amount, ==, a->outstanding_amount);
    }
  g_assert_cmpuint (split->attention->len, ==, whole->attention->len);
  for (guint i = 0; i < whole->attention->len; i++)
    g_assert_cmpstr (((DtAttentionItem *) split->attention->pdata[i])->message, ==,
                     ((DtAttentionItem *) whole->attention->pdata[i])->message);
}

/* The hub read in two parts of the projects, cut before each project (and after the last),
 * is the hub read whole. */
static void
check_hub_parts (DtTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtBillingHub) whole = dt_billing_hub_get (f->db, &error);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  gint64 middle, last = 0;
  gboolean priced = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < whole->clients->len; i++)
    priced |= ((DtHubClient *) whole->clients->pdata[i])->unbilled_amount > 0;
  g_assert_true (priced);

  g_assert_cmpint (sqlite3_prepare_v2 (dt_db_get_handle (f->db),
                                       "SELECT id FROM projects ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      last = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (cuts, last);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (cuts->len, >=, 2);
  last++;
  g_array_append_val (cuts, last);
  middle = dt_billing_hub_middle_project (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (middle, >, g_array_index (cuts, gint64, 0));
  g_assert_cmpint (middle, <, last);
  g_array_append_val (cuts, middle);

  for (guint i = 0; i < cuts->len; i++)
    {
      gint64 cut = g_array_index (cuts, gint64, i);
      g_autoptr(DtHubUnbilled) unbilled = dt_billing_hub_read_unbilled (f->db, 0, cut, &error);
      g_autoptr(DtHubUnbilled) later = dt_billing_hub_read_unbilled (f->db, cut, 0, &error);
      g_autoptr(DtBillingHub) split = NULL;

      g_assert_no_error (error);
      dt_hub_unbilled_merge (unbilled, later);
      split = dt_billing_hub_get_with_unbilled (f->db, unbilled, &error);
      g_assert_no_error (error);
      assert_hub_clients_equal (whole, split);
    }
}

static void
test_report_and_hub_pricing (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReport) by_client = NULL;
  g_autoptr(DtReport) by_project = NULL;
  g_autoptr(DtReport) by_task = NULL;
  g_autoptr(DtReport) by_tag = NULL;
  g_autoptr(DtReport) by_day = NULL;
  g_autoptr(DtInvoice) february = NULL;
  g_autoptr(DtProject) legacy_input = dt_project_new ();
  g_autoptr(DtProject) legacy = NULL;
  g_autoptr(DtProject) archived = NULL;
  g_autoptr(DtTask) design = NULL;
  g_autoptr(DtTask) design_saved = NULL;
  g_autoptr(DtBillingHub) hub = NULL;
  g_autoptr(DtCandidates) acme_candidates = NULL;
  const DtReportRow *row;
  gint64 weekend, onsite, review, internal, all_three[3], urgent_only[1], onsite_only[1];
  DtHubClient *acme = NULL, *globex = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 12, 1, 10, 0));
  weekend = add_tag (f, "weekend");
  onsite = add_tag (f, "on site");
  add_rule (f->db, DT_RULE_RATE, 0, 0, 0, f->tag_id, 1, 15000);
  add_rule (f->db, DT_RULE_RATE, f->client_id, 0, 0, weekend, 2, 18000);
  add_rounding (f->db, f->project_id, 15, DT_ROUND_UP, DT_ROUND_PER_ENTRY, 0);
  design = dt_task_store_get (f->db, f->task_id, &error);
  design->rate = 10000;
  design_saved = dt_task_store_update (f->db, design, 0, &error);
  g_assert_no_error (error);
  review = add_task (f, f->project_id, "Review", TRUE, DT_NO_VALUE);
  internal = add_task (f, f->project_id, "Internal", FALSE, DT_NO_VALUE);
  g_free (legacy_input->name);
  legacy_input->name = g_strdup ("Legacy");
  legacy_input->client_id = f->client_id;
  legacy = dt_project_store_create (f->db, legacy_input, &error);
  g_assert_no_error (error);

  all_three[0] = f->tag_id;
  all_three[1] = weekend;
  all_three[2] = onsite;
  urgent_only[0] = f->tag_id;
  onsite_only[0] = onsite;
  /* Weekend (priority 2) beats urgent (1): 50 → 60 min at 180.00 = 180.00. */
  add_tagged_entry (f, f->project_id, f->task_id, dt_test_local (2026, 3, 2, 9, 0), 50,
                    all_three, 3);
  /* Urgent: 20 → 30 min at 150.00 = 75.00. */
  add_tagged_entry (f, f->project_id, f->task_id, dt_test_local (2026, 3, 3, 9, 0), 20,
                    urgent_only, 1);
  /* The task's own rate: 45 min at 100.00 = 75.00. */
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 3, 4, 9, 0), 45);
  /* A tag without a rule: the client's rate (99.00 by then): 10 → 15 min = 24.75. */
  add_tagged_entry (f, f->project_id, review, dt_test_local (2026, 3, 5, 9, 0), 10,
                    onsite_only, 1);
  /* Not billable through its task. */
  dt_test_add_entry (f->db, f->project_id, internal, dt_test_local (2026, 3, 5, 11, 0), 30);
  /* A project archived afterwards, without a rounding rule: 60 min at 99.00. */
  dt_test_add_entry (f->db, legacy->id, 0, dt_test_local (2026, 3, 6, 9, 0), 60);
  /* Globex, in USD: 30 min at 120.00. */
  dt_test_add_entry (f->db, f->other_project_id, f->other_task_id,
                     dt_test_local (2026, 3, 6, 10, 0), 30);
  /* Across the spring-forward night: four real hours, on the 28th. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 28, 23, 0), 240);
  /* Across midnight into the 25-hour day of 25 October, on the 24th; then on the 25th. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 10, 24, 23, 30), 60);
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 10, 25, 0, 30), 180);
  /* Invoiced at 90.00 in February, before the client's rate went up. */
  dt_test_add_entry (f->db, f->project_id, review, dt_test_local (2026, 2, 2, 9, 0), 60);
  february = draft_for (f, f->client_id, dt_test_local (2026, 2, 1, 0, 0),
                        dt_test_local (2026, 3, 1, 0, 0), DT_GROUP_BY_TASK);
  g_assert_cmpint (february->total, ==, 9000);
  set_client_rate (f->db, f->client_id, 9900);
  archived = dt_project_store_set_archived (f->db, legacy->id, TRUE, &error);
  g_assert_no_error (error);

  by_client = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_cmpuint (by_client->rows->len, ==, 2);
  row = report_row (by_client, "Acme GmbH", "EUR");
  g_assert_cmpuint (row->entries, ==, 10);
  g_assert_cmpint (row->seconds, ==, 755 * 60);
  g_assert_cmpint (row->non_billable_seconds, ==, 30 * 60);
  g_assert_cmpint (row->raw_minutes, ==, 725);
  g_assert_cmpint (row->billed_minutes, ==, 750);
  /* 180 + 75 + 75 + 24.75 + 99 (Legacy) + 396 + 99 + 297 (the three nights) + 90 (invoiced) */
  g_assert_cmpint (row->amount, ==, 133575);
  g_assert_cmpint (row->invoiced_amount, ==, 9000);
  row = report_row (by_client, "Globex Inc.", "USD");
  g_assert_cmpint (row->amount, ==, 6000);
  g_assert_cmpuint (by_client->totals->len, ==, 2);

  by_project = run_report (f, DT_REPORT_BY_PROJECT);
  g_assert_cmpint (report_row (by_project, "Legacy", "EUR")->amount, ==, 9900);
  g_assert_cmpint (report_row (by_project, "Website", "EUR")->amount, ==, 123675);

  by_task = run_report (f, DT_REPORT_BY_TASK);
  g_assert_cmpint (report_row (by_task, "Website — Design", "EUR")->amount, ==, 33000);
  g_assert_cmpint (report_row (by_task, "Website — Review", "EUR")->amount, ==, 11475);
  g_assert_cmpint (report_row (by_task, "Website — Review", "EUR")->invoiced_amount, ==, 9000);
  row = report_row (by_task, "Website — Internal", "EUR");
  g_assert_cmpint (row->amount, ==, 0);
  g_assert_cmpint (row->non_billable_seconds, ==, 30 * 60);
  row = report_row (by_task, "Website — (no task)", "EUR");
  g_assert_cmpint (row->id, ==, 0);
  g_assert_cmpint (row->amount, ==, 79200);
  g_assert_cmpint (report_row (by_task, "Legacy — (no task)", "EUR")->amount, ==, 9900);
  g_assert_cmpint (report_row (by_task, "Migration — Data import", "USD")->amount, ==, 6000);

  by_tag = run_report (f, DT_REPORT_BY_TAG);
  row = report_row (by_tag, "urgent", "EUR");
  g_assert_cmpuint (row->entries, ==, 2);
  g_assert_cmpint (row->amount, ==, 25500);
  g_assert_cmpint (report_row (by_tag, "weekend", "EUR")->amount, ==, 18000);
  g_assert_cmpint (report_row (by_tag, "on site", "EUR")->amount, ==, 20475);
  row = report_row (by_tag, "(no tag)", "EUR");
  g_assert_cmpuint (row->entries, ==, 7);
  g_assert_cmpint (row->amount, ==, 105600);
  /* The totals count a tagged entry once. */
  g_assert_cmpuint (((DtReportRow *) by_tag->totals->pdata[0])->entries, ==, 10);
  g_assert_cmpint (((DtReportRow *) by_tag->totals->pdata[0])->amount, ==, 133575);

  by_day = run_report (f, DT_REPORT_BY_DAY);
  row = report_row (by_day, "2026-03-28", "EUR");
  g_assert_cmpint (row->period_start, ==, dt_test_local (2026, 3, 28, 0, 0));
  g_assert_cmpint (row->seconds, ==, 240 * 60);
  g_assert_cmpint (row->amount, ==, 39600);
  row = report_row (by_day, "2026-10-24", "EUR");
  g_assert_cmpint (row->seconds, ==, 60 * 60);
  row = report_row (by_day, "2026-10-25", "EUR");
  g_assert_cmpint (row->period_start, ==, dt_test_local (2026, 10, 25, 0, 0));
  g_assert_cmpint (row->seconds, ==, 180 * 60);
  for (guint i = 0; i < by_day->rows->len; i++)
    g_assert_cmpstr (((DtReportRow *) by_day->rows->pdata[i])->label, !=, "2026-03-29");

  /* The hub prices unbilled work as drafts per task would: the same as the candidates. */
  hub = dt_billing_hub_get (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *c = hub->clients->pdata[i];
      if (c->client_id == f->client_id)
        acme = c;
      if (c->client_id == f->other_client_id)
        globex = c;
    }
  g_assert_nonnull (acme);
  g_assert_nonnull (globex);
  acme_candidates = dt_invoicing_find_candidates (f->db, f->client_id,
                                                  dt_test_local (2026, 1, 1, 0, 0),
                                                  dt_test_local (2027, 1, 1, 0, 0),
                                                  DT_GROUP_BY_TASK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acme->unbilled_entries, ==, 8);
  g_assert_cmpint (acme->unbilled_minutes, ==, 690);
  g_assert_cmpint (acme->unbilled_amount, ==, 124575);
  g_assert_cmpint (acme->oldest_unbilled_at, ==, dt_test_local (2026, 3, 2, 9, 0));
  g_assert_cmpuint (acme_candidates->n_entries, ==, acme->unbilled_entries);
  g_assert_cmpint (acme_candidates->billed_minutes, ==, acme->unbilled_minutes);
  g_assert_cmpint (acme_candidates->amount, ==, acme->unbilled_amount);
  g_assert_cmpuint (acme_candidates->groups->len, ==, 6);
  g_assert_cmpuint (globex->unbilled_entries, ==, 1);
  g_assert_cmpint (globex->unbilled_amount, ==, 6000);
  check_report_parts (f);
  check_hub_parts (f);
  dt_time_set_fake_now (0);
}

/* A report fetches the tags and invoice lines of a batch of entries by id range, or by a
 * list when the ids lie far apart (an entry backdated after many others, lines of invoices
 * drafted months apart); a project id far from the others is found through a hash. Every
 * way must give the same figures. */
static void
test_report_scattered_ids (DtTestFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) first = NULL;
  g_autoptr(DtInvoice) between_input = dt_invoice_new ();
  g_autoptr(DtInvoice) between = NULL;
  g_autoptr(DtInvoice) second = NULL;
  g_autoptr(DtReport) by_client = NULL;
  g_autoptr(DtReport) by_project = NULL;
  g_autoptr(DtReport) by_tag = NULL;
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 urgent[1] = { f->tag_id }, far_project = 5000000, a, b;
  g_autofree char *insert = NULL;
  const DtReportRow *row;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 12, 1, 10, 0));
  set_client_rate (f->db, f->client_id, 6000);
  urgent[0] = f->tag_id;
  add_rule (f->db, DT_RULE_RATE, 0, 0, 0, f->tag_id, 1, 12000);
  insert = g_strdup_printf ("INSERT INTO projects (id, client_id, name, created_at, updated_at) "
                            "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Far', 0, 0)",
                            far_project, f->client_id);
  g_assert_true (dt_db_exec (f->db, insert, &error));
  g_assert_no_error (error);

  a = add_tagged_entry (f, f->project_id, 0, dt_test_local (2026, 3, 2, 9, 0), 60, urgent, 1);
  /* 150 entries in between, gone again: the next id is far from a's. */
  g_assert_true (dt_db_begin (f->db, &error));
  for (guint i = 0; i < 150; i++)
    {
      gint64 id = dt_test_add_entry (f->db, f->project_id, 0,
                                     dt_test_local (2026, 6, 1, 0, 0) + i * 3600, 30);
      g_array_append_val (fillers, id);
    }
  g_assert_true (dt_db_commit (f->db, &error));
  b = add_tagged_entry (f, f->project_id, 0, dt_test_local (2026, 3, 3, 9, 0), 30, urgent, 1);
  g_assert_true (dt_db_begin (f->db, &error));
  for (guint i = 0; i < fillers->len; i++)
    g_assert_true (dt_time_entry_store_delete (f->db, g_array_index (fillers, gint64, i), &error));
  g_assert_true (dt_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (b - a, >, 100);
  dt_test_add_entry (f->db, far_project, 0, dt_test_local (2026, 3, 4, 9, 0), 60);
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 3, 5, 9, 0), 60);

  /* Invoice lines far apart too: a's line, 100 lines of another draft, then d's line. */
  first = draft_for (f, f->client_id, dt_test_local (2026, 3, 2, 0, 0),
                     dt_test_local (2026, 3, 3, 0, 0), DT_GROUP_BY_TASK);
  g_assert_cmpint (first->total, ==, 12000);
  between_input->client_id = f->client_id;
  for (guint i = 0; i < 100; i++)
    {
      DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_FIXED);

      g_free (line->description);
      line->description = g_strdup_printf ("Licence %u", i);
      line->quantity = 1000;
      line->unit_price = 100;
      g_ptr_array_add (between_input->lines, line);
    }
  between = dt_invoice_store_create_draft (f->db, between_input, &error);
  g_assert_no_error (error);
  second = draft_for (f, f->client_id, dt_test_local (2026, 3, 5, 0, 0),
                      dt_test_local (2026, 3, 6, 0, 0), DT_GROUP_BY_TASK);
  g_assert_cmpint (second->total, ==, 6000);
  /* A later rate does not touch what is invoiced. */
  set_client_rate (f->db, f->client_id, 9000);

  by_client = run_report (f, DT_REPORT_BY_CLIENT);
  row = report_row (by_client, "Acme GmbH", "EUR");
  g_assert_cmpuint (row->entries, ==, 4);
  /* a 120.00 (invoiced, tag rule) + b 60.00 (tag rule) + c 90.00 + d 60.00 (invoiced) */
  g_assert_cmpint (row->amount, ==, 33000);
  g_assert_cmpint (row->invoiced_amount, ==, 18000);

  by_project = run_report (f, DT_REPORT_BY_PROJECT);
  row = report_row (by_project, "Far", "EUR");
  g_assert_cmpint (row->id, ==, far_project);
  g_assert_cmpint (row->amount, ==, 9000);

  by_tag = run_report (f, DT_REPORT_BY_TAG);
  row = report_row (by_tag, "urgent", "EUR");
  g_assert_cmpuint (row->entries, ==, 2);
  g_assert_cmpint (row->amount, ==, 18000);

  /* The hub marks tagged entries in a bitmap over their ids; an id 30,000,000 makes it too
   * wide, and the hub searches instead: b and this one at the tag rule's 120.00 (60 min),
   * c at 90.00. */
  g_free (insert);
  insert = g_strdup_printf ("INSERT INTO time_entries (id, project_id, start_at, end_at, "
                            "created_at, updated_at) VALUES (30000000, %" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, 0);"
                            "INSERT INTO time_entry_tags (entry_id, tag_id) VALUES (30000000, %"
                            G_GINT64_FORMAT ")", f->project_id, dt_test_local (2026, 3, 7, 9, 0),
                            dt_test_local (2026, 3, 7, 9, 30), f->tag_id);
  g_assert_true (dt_db_exec (f->db, insert, &error));
  g_assert_no_error (error);
  {
    g_autoptr(DtBillingHub) hub = dt_billing_hub_get (f->db, &error);
    g_autoptr(DtCandidates) candidates = dt_invoicing_find_candidates (
      f->db, f->client_id, dt_test_local (2026, 1, 1, 0, 0), dt_test_local (2027, 1, 1, 0, 0),
      DT_GROUP_BY_TASK, &error);
    DtHubClient *acme = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < hub->clients->len; i++)
      if (((DtHubClient *) hub->clients->pdata[i])->client_id == f->client_id)
        acme = hub->clients->pdata[i];
    g_assert_nonnull (acme);
    g_assert_cmpuint (acme->unbilled_entries, ==, 3);
    g_assert_cmpint (acme->unbilled_amount, ==, 21000);
    g_assert_cmpint (candidates->amount, ==, 21000);
  }
  check_hub_parts (f);
  dt_time_set_fake_now (0);
}

/* A report keeps each task's price once; an entry whose task belongs to another project
 * (the store refuses to write one, an old import might have) must still be priced for its
 * own project and client, not take the other project's. */
static void
test_report_task_of_another_project (DtTestFixture *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTask) task = NULL;
  g_autoptr(DtTask) saved = NULL;
  g_autoptr(DtReport) by_client = NULL;
  g_autofree char *insert = NULL;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 12, 1, 10, 0));
  add_rounding (f->db, f->project_id, 15, DT_ROUND_UP, DT_ROUND_PER_ENTRY, 0);
  task = dt_task_store_get (f->db, f->other_task_id, &error);
  task->rate = 7000;
  saved = dt_task_store_update (f->db, task, 0, &error);
  g_assert_no_error (error);
  /* Globex's own entry on its task: 40 min at 70.00 USD, no rounding rule. */
  dt_test_add_entry (f->db, f->other_project_id, f->other_task_id,
                     dt_test_local (2026, 3, 2, 9, 0), 40);
  /* Acme's project with Globex's task: the task's rate, Acme's rounding: 40 → 45 min. */
  insert = g_strdup_printf ("INSERT INTO time_entries (project_id, task_id, start_at, end_at, "
                            "created_at, updated_at) VALUES (%" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, 0)",
                            f->project_id, f->other_task_id, dt_test_local (2026, 3, 3, 9, 0),
                            dt_test_local (2026, 3, 3, 9, 40));
  g_assert_true (dt_db_exec (f->db, insert, &error));
  g_assert_no_error (error);
  dt_test_add_entry (f->db, f->other_project_id, f->other_task_id,
                     dt_test_local (2026, 3, 4, 9, 0), 20);

  by_client = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_cmpint (report_row (by_client, "Acme GmbH", "EUR")->billed_minutes, ==, 45);
  g_assert_cmpint (report_row (by_client, "Acme GmbH", "EUR")->amount, ==, 5250);
  g_assert_cmpint (report_row (by_client, "Globex Inc.", "USD")->billed_minutes, ==, 60);
  g_assert_cmpint (report_row (by_client, "Globex Inc.", "USD")->amount, ==, 7000);
  dt_time_set_fake_now (0);
}

static void
rename_client (DtDb       *db,
               gint64      client_id,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (db, client_id, &error);
  g_autoptr(DtClient) saved = NULL;

  g_assert_no_error (error);
  g_free (client->name);
  client->name = g_strdup (name);
  saved = dt_client_store_update (db, client, 0, &error);
  g_assert_no_error (error);
}

/* A connection keeps the clients and projects it read for the next report: a rename through
 * the same connection, then through another one (the window beside the server), must show in
 * the very next report. */
static void
test_report_sees_renames (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) other = NULL;
  g_autoptr(DtReport) first = NULL;
  g_autoptr(DtReport) renamed = NULL;
  g_autoptr(DtReport) renamed_elsewhere = NULL;
  g_autoptr(DtReport) unchanged = NULL;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 3, 2, 9, 0), 60);

  first = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_cmpint (report_row (first, "Acme GmbH", "EUR")->entries, ==, 1);
  rename_client (f->db, f->client_id, "Acme Studio");
  renamed = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_nonnull (report_row (renamed, "Acme Studio", "EUR"));

  other = dt_db_open_in_data_dir (f->dir, DT_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  rename_client (other, f->client_id, "Acme Works");
  renamed_elsewhere = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_nonnull (report_row (renamed_elsewhere, "Acme Works", "EUR"));
  unchanged = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_nonnull (report_row (unchanged, "Acme Works", "EUR"));
}

/* Reports and the hub sort names by collation keys made once; the order must be
 * g_utf8_collate's, accents and case included. */
static void
test_sorted_by_collation (DtTestFixture *f,
                          gconstpointer  data)
{
  static const char *const names[] = { "Zebra AG", "apple", "Ölwerk", "éclair", "Émile",
                                       "Apple", "Äpfel" };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReport) by_client = NULL;
  g_autoptr(DtBillingHub) hub = NULL;

  dt_time_set_fake_now (dt_test_local (2026, 12, 1, 10, 0));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DtClient) client_input = dt_client_new ();
      g_autoptr(DtClient) client = NULL;
      g_autoptr(DtProject) project_input = dt_project_new ();
      g_autoptr(DtProject) project = NULL;

      g_free (client_input->name);
      client_input->name = g_strdup (names[i]);
      client_input->currency = g_strdup ("EUR");
      client_input->rate = 6000;
      client = dt_client_store_create (f->db, client_input, &error);
      g_assert_no_error (error);
      g_free (project_input->name);
      project_input->name = g_strdup ("Work");
      project_input->client_id = client->id;
      project = dt_project_store_create (f->db, project_input, &error);
      g_assert_no_error (error);
      dt_test_add_entry (f->db, project->id, 0, dt_test_local (2026, 3, 2 + i, 9, 0), 30);
    }

  by_client = run_report (f, DT_REPORT_BY_CLIENT);
  g_assert_cmpuint (by_client->rows->len, ==, G_N_ELEMENTS (names));
  for (guint i = 1; i < by_client->rows->len; i++)
    g_assert_cmpint (g_utf8_collate (((DtReportRow *) by_client->rows->pdata[i - 1])->label,
                                     ((DtReportRow *) by_client->rows->pdata[i])->label), <=, 0);
  hub = dt_billing_hub_get (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hub->clients->len, ==, G_N_ELEMENTS (names));
  for (guint i = 1; i < hub->clients->len; i++)
    g_assert_cmpint (g_utf8_collate (((DtHubClient *) hub->clients->pdata[i - 1])->client_name,
                                     ((DtHubClient *) hub->clients->pdata[i])->client_name),
                     <=, 0);
  dt_time_set_fake_now (0);
}

/* The lookup behind a report's tags and line prices: whatever order the keys are asked in
 * (ascending, repeated, backwards, missing, beyond either end), the first pair of the key. */
static void
test_pairs_find (void)
{
  static const DtFactPair pairs[] = { { 3, 1 }, { 3, 2 }, { 5, 7 }, { 9, 1 }, { 9, 4 }, { 9, 8 },
                                      { 20, 2 } };
  static const struct { gint64 key; gssize expected; } asks[] = {
    { 3, 0 }, { 3, 0 }, { 4, -1 }, { 5, 2 }, { 9, 3 }, { 20, 6 }, { 21, -1 }, { 9, 3 },
    { 1, -1 }, { 5, 2 }, { 2, -1 }, { 20, 6 }, { 3, 0 }, { 100, -1 }, { 0, -1 },
  };
  g_autoptr(GArray) array = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  guint hint = 0;

  g_array_append_vals (array, pairs, G_N_ELEMENTS (pairs));
  for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
    g_assert_cmpint (dt_fact_pairs_find (array, &hint, asks[i].key), ==, asks[i].expected);
  hint = 0;
  g_assert_cmpint (dt_fact_pairs_find (empty, &hint, 3), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/billing/rate-precedence", test_rate_precedence);
  g_test_add_func ("/core/billing/rounding-rules", test_rounding_rules);
  ADD ("/core/billing/decimal-drift", test_decimal_drift);
  ADD ("/core/billing/round-up-boundaries", test_round_up_boundaries);
  ADD ("/core/billing/midnight-dst", test_midnight_and_dst);
  ADD ("/core/billing/exclusions-double-billing", test_exclusions_and_double_billing);
  ADD ("/core/billing/draft-lines-taxes-terms", test_draft_lines_taxes_and_terms);
  ADD ("/core/billing/draft-edit-releases", test_draft_edit_releases_time);
  ADD ("/core/billing/multi-currency-rate-change", test_multi_currency_and_rate_change);
  ADD ("/core/billing/numbering-years", test_numbering_across_years);
  ADD ("/core/billing/states-payments", test_states_and_payments);
  ADD ("/core/billing/credit-note", test_credit_note);
  ADD ("/core/billing/seller-frozen-at-issue", test_seller_frozen_at_issue);
  ADD ("/core/billing/logo-frozen-at-issue", test_logo_frozen_at_issue);
  ADD ("/core/billing/overdue", test_overdue);
  ADD ("/core/billing/send-flow", test_send_flow);
  ADD ("/core/billing/due-before-issue", test_due_date_before_issue);
  ADD ("/core/billing/reports", test_reports);
  ADD ("/core/billing/hub", test_billing_hub);
  ADD ("/core/billing/report-hub-pricing", test_report_and_hub_pricing);
  ADD ("/core/billing/report-scattered-ids", test_report_scattered_ids);
  ADD ("/core/billing/report-task-of-another-project", test_report_task_of_another_project);
  ADD ("/core/billing/report-sees-renames", test_report_sees_renames);
  ADD ("/core/billing/sorted-by-collation", test_sorted_by_collation);
  g_test_add_func ("/core/billing/pairs-find", test_pairs_find);
#undef ADD

  return g_test_run ();
}

/* test-rollups.c: the roll-ups stay exact through 3,000 mixed writes (entries, tags,
 * rate and rounding rules, rates, invoices issued, voided and credited, payments), answers
 * read from them equal answers read from the raw rows, a damaged roll-up is found and
 * repaired, and a build stopped half way goes on where it stopped. */
#include "dt-test-core.h"

#include "dt-billing-hub.h"
#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-payment-store.h"
#include "dt-reports-private.h"
#include "dt-rollups.h"
#include "dt-rule-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

typedef struct
{
  DtTestFixture *f;
  GRand         *rand;
  GArray        *entries;   /* gint64 ids that may still exist */
  GArray        *rules;
  GArray        *invoices;  /* issued */
  gint64         projects[2];
  gint64         tasks[2];
  gint64         clients[2];
} World;

static void
assert_exact (DtDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRollupsCheck) check = dt_rollups_check (db, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < check->messages->len; i++)
    g_test_message ("%s", (char *) check->messages->pdata[i]);
  g_assert_cmpuint (check->differences, ==, 0);
}

static void
assert_same_rows (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      DtReportRow *ra = a->pdata[i], *rb = b->pdata[i];

      g_assert_cmpstr (ra->key, ==, rb->key);
      g_assert_cmpstr (ra->currency, ==, rb->currency);
      g_assert_cmpstr (ra->label, ==, rb->label);
      g_assert_cmpuint (ra->entries, ==, rb->entries);
      g_assert_cmpint (ra->seconds, ==, rb->seconds);
      g_assert_cmpint (ra->billable_seconds, ==, rb->billable_seconds);
      g_assert_cmpint (ra->non_billable_seconds, ==, rb->non_billable_seconds);
      g_assert_cmpint (ra->raw_minutes, ==, rb->raw_minutes);
      g_assert_cmpint (ra->billed_minutes, ==, rb->billed_minutes);
      g_assert_cmpint (ra->amount, ==, rb->amount);
      g_assert_cmpint (ra->invoiced_amount, ==, rb->invoiced_amount);
    }
}

/* Reports from the roll-ups equal reports from the raw rows, over ranges that cut days. */
static void
assert_answers_agree (World *w)
{
  DtDb *db = w->f->db;
  const DtReportGrouping groupings[] = { DT_REPORT_BY_CLIENT, DT_REPORT_BY_PROJECT,
                                         DT_REPORT_BY_DAY, DT_REPORT_BY_WEEK,
                                         DT_REPORT_BY_MONTH };

  g_assert_true (dt_rollups_ready (db));
  for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
    {
      g_autoptr(GError) error = NULL;
      DtReportQuery query = { .group_by = groupings[g] };
      g_autoptr(DtReport) fast = NULL;
      g_autoptr(DtReport) slow = NULL;

      query.from = dt_test_local (2026, 1, 1, 0, 0) + g_rand_int_range (w->rand, -3, 3) * 86400 +
                   (g_rand_boolean (w->rand) ? g_rand_int_range (w->rand, 0, 86400) : 0);
      query.to = dt_test_local (2026, 7, 1, 0, 0) + g_rand_int_range (w->rand, -40, 40) * 86400 +
                 (g_rand_boolean (w->rand) ? g_rand_int_range (w->rand, 0, 86400) : 0);
      query.client_id = g_rand_int_range (w->rand, 0, 3) == 0 ? w->clients[0] : 0;
      query.billable = g_rand_int_range (w->rand, 0, 3);
      fast = dt_report_run (db, &query, &error);
      g_assert_no_error (error);
      slow = dt_report_run_raw (db, &query, query.from, query.to, FALSE, &error);
      g_assert_no_error (error);
      dt_report_sort_rows (slow->rows);
      dt_report_sort_rows (slow->totals);
      assert_same_rows (fast->rows, slow->rows);
      assert_same_rows (fast->totals, slow->totals);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtHubUnbilled) full = dt_billing_hub_read_unbilled (db, 0, 0, &error);
    g_autoptr(DtHubUnbilled) rolled = dt_billing_hub_read_unbilled_rollup (db, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++)
      {
        guint ea = 0, eb = 0;
        gint64 ma, mb, aa, ab, oa, ob;

        dt_hub_unbilled_lookup (full, w->clients[i], &ea, &ma, &aa, &oa);
        dt_hub_unbilled_lookup (rolled, w->clients[i], &eb, &mb, &ab, &ob);
        g_assert_cmpuint (ea, ==, eb);
        if (ea > 0)
          {
            g_assert_cmpint (ma, ==, mb);
            g_assert_cmpint (aa, ==, ab);
            g_assert_cmpint (oa, ==, ob);
          }
      }
  }
}

static gint64
pick (World  *w,
      GArray *ids)
{
  return ids->len > 0 ? g_array_index (ids, gint64, g_rand_int_range (w->rand, 0, ids->len)) : 0;
}

static void
random_entry (World *w)
{
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) made = NULL;
  int side = g_rand_int_range (w->rand, 0, 2);
  gint64 start = dt_test_local (2026, 1, 1, 0, 0) +
                 (gint64) g_rand_int_range (w->rand, -20, 200) * 86400 +
                 g_rand_int_range (w->rand, 0, 86400);

  input->project_id = w->projects[side];
  input->task_id = g_rand_boolean (w->rand) ? w->tasks[side] : 0;
  input->start_at = start;
  input->end_at = start + g_rand_int_range (w->rand, 1, 6 * 3600);
  input->billable = g_rand_int_range (w->rand, 0, 5) != 0;
  if (g_rand_boolean (w->rand))
    dt_time_entry_add_tag (input, w->f->tag_id);
  made = dt_time_entry_store_create (w->f->db, input, NULL);
  if (made != NULL)
    g_array_append_val (w->entries, made->id);
}

static void
random_edit (World *w)
{
  gint64 id = pick (w, w->entries);
  g_autoptr(DtTimeEntry) entry = id ? dt_time_entry_store_get (w->f->db, id, NULL) : NULL;
  g_autoptr(DtTimeEntry) saved = NULL;

  if (entry == NULL || entry->invoice_line_id != 0)
    return;
  switch (g_rand_int_range (w->rand, 0, 4))
    {
    case 0:
      entry->end_at += g_rand_int_range (w->rand, -600, 3600);
      entry->end_at = MAX (entry->end_at, entry->start_at);
      break;
    case 1:
      entry->start_at += (gint64) g_rand_int_range (w->rand, -3, 3) * 86400;
      entry->end_at += entry->start_at - entry->start_at % 1;
      entry->end_at = entry->start_at + 1800;
      break;
    case 2:
      entry->billable = !entry->billable;
      break;
    default:
      if (entry->tag_ids->len > 0)
        g_array_set_size (entry->tag_ids, 0);
      else
        dt_time_entry_add_tag (entry, w->f->tag_id);
      break;
    }
  saved = dt_time_entry_store_update (w->f->db, entry, 0, NULL);
}

static void
random_rule (World *w)
{
  g_autoptr(DtRule) rule = NULL;
  g_autoptr(DtRule) saved = NULL;
  gint64 id = pick (w, w->rules);

  if (id != 0 && g_rand_int_range (w->rand, 0, 3) == 0)
    {
      dt_rule_store_delete (w->f->db, id, NULL);
      return;
    }
  if (id != 0 && g_rand_boolean (w->rand))
    {
      rule = dt_rule_store_get (w->f->db, id, NULL);
      if (rule == NULL)
        return;
      if (rule->kind == DT_RULE_RATE)
        rule->rate = g_rand_int_range (w->rand, 1000, 20000);
      else
        rule->increment_minutes = g_rand_int_range (w->rand, 1, 61);
      rule->active = g_rand_int_range (w->rand, 0, 4) != 0;
      saved = dt_rule_store_update (w->f->db, rule, 0, NULL);
      return;
    }
  rule = dt_rule_new (g_rand_boolean (w->rand) ? DT_RULE_RATE : DT_RULE_ROUNDING);
  switch (g_rand_int_range (w->rand, 0, 5))
    {
    case 0: rule->client_id = w->clients[g_rand_int_range (w->rand, 0, 2)]; break;
    case 1: rule->project_id = w->projects[g_rand_int_range (w->rand, 0, 2)]; break;
    case 2: rule->task_id = w->tasks[g_rand_int_range (w->rand, 0, 2)]; break;
    case 3: if (rule->kind == DT_RULE_RATE) rule->tag_id = w->f->tag_id; break;
    default: break;
    }
  rule->rate = g_rand_int_range (w->rand, 1000, 20000);
  rule->increment_minutes = g_rand_int_range (w->rand, 1, 61);
  rule->direction = g_rand_int_range (w->rand, 0, 3);
  rule->apply_to = g_rand_int_range (w->rand, 0, 2);
  rule->minimum_minutes = g_rand_int_range (w->rand, 0, 3) == 0 ? 30 : 0;
  saved = dt_rule_store_create (w->f->db, rule, NULL);
  if (saved != NULL)
    g_array_append_val (w->rules, saved->id);
}

static void
random_rate (World *w)
{
  g_autoptr(DtClient) client = dt_client_store_get (w->f->db,
                                                    w->clients[g_rand_int_range (w->rand, 0, 2)],
                                                    NULL);
  g_autoptr(DtClient) saved = NULL;

  client->rate = g_rand_int_range (w->rand, 3000, 15000);
  saved = dt_client_store_update (w->f->db, client, 0, NULL);
}

static void
random_invoice (World *w)
{
  int side = g_rand_int_range (w->rand, 0, 2);
  gint64 from = dt_test_local (2026, 1, 1, 0, 0) +
                (gint64) g_rand_int_range (w->rand, -20, 200) * 86400;
  DtDraftRequest request = {
    .client_id = w->clients[side], .from = from, .to = from + 14 * 86400,
    .grouping = g_rand_int_range (w->rand, 0, 3), .tax_rate_bp = -1,
  };
  g_autoptr(DtInvoice) draft = dt_invoicing_create_draft (w->f->db, &request, NULL);
  g_autoptr(DtInvoice) sent = NULL;

  if (draft == NULL)
    return;
  /* Some drafts are thrown away again: their entries come back as unbilled. */
  if (g_rand_int_range (w->rand, 0, 4) == 0)
    {
      g_assert_true (dt_invoice_store_delete_draft (w->f->db, draft->id, NULL));
      return;
    }
  sent = dt_invoicing_mark_sent (w->f->db, draft->id, NULL, NULL, 0, NULL);
  if (sent != NULL)
    g_array_append_val (w->invoices, sent->id);
}

static void
random_settle (World *w)
{
  gint64 id = pick (w, w->invoices);
  g_autoptr(DtInvoice) done = NULL;
  g_autoptr(DtPayment) input = dt_payment_new ();
  g_autoptr(DtPayment) paid = NULL;

  if (id == 0)
    return;
  switch (g_rand_int_range (w->rand, 0, 3))
    {
    case 0:
      done = dt_invoicing_void (w->f->db, id, NULL);
      break;
    case 1:
      done = dt_invoicing_create_credit_note (w->f->db, id, "test", NULL);
      break;
    default:
      input->invoice_id = id;
      input->amount = g_rand_int_range (w->rand, 1, 5000);
      paid = dt_payment_store_record (w->f->db, input, NULL);
      break;
    }
}

static void
random_delete (World *w)
{
  gint64 id = pick (w, w->entries);

  if (id != 0)
    dt_time_entry_store_delete (w->f->db, id, NULL);
}

static void
test_random_writes (DtTestFixture *f,
                    gconstpointer  data)
{
  World w = { .f = f };
  guint batches = g_test_slow () ? 100 : 30;

  dt_test_fixture_seed (f);
  w.rand = g_rand_new_with_seed (g_test_rand_int ());
  w.entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  w.rules = g_array_new (FALSE, FALSE, sizeof (gint64));
  w.invoices = g_array_new (FALSE, FALSE, sizeof (gint64));
  w.projects[0] = f->project_id;
  w.projects[1] = f->other_project_id;
  w.tasks[0] = f->task_id;
  w.tasks[1] = f->other_task_id;
  w.clients[0] = f->client_id;
  w.clients[1] = f->other_client_id;

  for (guint batch = 0; batch < batches; batch++)
    {
      for (int i = 0; i < 100; i++)
        {
          int what = g_rand_int_range (w.rand, 0, 100);

          if (what < 45)
            random_entry (&w);
          else if (what < 65)
            random_edit (&w);
          else if (what < 73)
            random_delete (&w);
          else if (what < 82)
            random_rule (&w);
          else if (what < 85)
            random_rate (&w);
          else if (what < 93)
            random_invoice (&w);
          else
            random_settle (&w);
        }
      assert_exact (f->db);
      assert_answers_agree (&w);
    }
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count (*) FROM work_days"), >, 50);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count (*) FROM invoices "
                                             "WHERE status = 'void'"), >, 0);
  g_array_unref (w.entries);
  g_array_unref (w.rules);
  g_array_unref (w.invoices);
  g_rand_free (w.rand);
}

/* A roll-up changed behind the store's back is found, named, and repaired; a check without
 * --repair changes nothing. */
static void
test_damage_found (DtTestFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRollupsCheck) found = NULL;
  g_autoptr(DtRollupsCheck) repaired = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *after_check = NULL;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 3, 2, 9, 0), 90);
  dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 3, 3, 9, 0), 45);
  assert_exact (f->db);

  g_assert_true (dt_db_exec (f->db, "BEGIN; UPDATE work_days SET amount = amount + 1 "
                             "WHERE project_id = (SELECT min (project_id) FROM work_days); "
                             "DELETE FROM work_months WHERE project_id = (SELECT max (project_id) "
                             "FROM work_months); UPDATE unbilled_work SET minutes = 7; COMMIT",
                             &error));
  g_assert_no_error (error);
  damaged = dt_test_checksum (f->db);
  found = dt_rollups_check (f->db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->differences, >=, 3);
  g_assert_false (found->repaired);
  g_assert_nonnull (strstr (found->messages->pdata[0], "work_days: project"));
  after_check = dt_test_checksum (f->db);
  g_assert_cmpstr (damaged, ==, after_check);

  repaired = dt_rollups_check (f->db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repaired->differences, ==, found->differences);
  g_assert_true (repaired->repaired);
  assert_exact (f->db);
}

/* A build stopped after one step goes on from there; until complete, answers read the raw
 * rows; once complete, the roll-ups hold exactly what the entries give. */
static void
test_build_resumes (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtRollupsProgress progress = { 0 };
  guint steps = 0;

  dt_test_fixture_seed (f);
  for (int day = 1; day <= 20; day++)
    {
      dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 4, day, 9, 0), 60);
      dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 4, day, 13, 0), 30);
    }
  /* As a database of the version before roll-ups meets them. */
  g_assert_true (dt_db_exec (f->db, "BEGIN; DELETE FROM work_days; DELETE FROM work_months; "
                             "DELETE FROM unbilled_work; UPDATE rollup_state SET complete = 0, "
                             "built_through = 0; COMMIT", &error));
  g_assert_no_error (error);
  g_assert_false (dt_rollups_ready (f->db));

  g_assert_true (dt_rollups_build_step (f->db, 1, &progress, &error));
  g_assert_no_error (error);
  g_assert_false (progress.complete);
  g_assert_cmpuint (progress.clients_done, ==, 1);
  g_assert_cmpuint (progress.clients_total, ==, 2);
  g_assert_false (dt_rollups_ready (f->db));
  /* A write meanwhile, to a client already built and to one not yet. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 4, 21, 9, 0), 15);
  dt_test_add_entry (f->db, f->other_project_id, 0, dt_test_local (2026, 4, 21, 9, 0), 15);

  while (!progress.complete && steps++ < 10)
    {
      g_assert_true (dt_rollups_build_step (f->db, 1, &progress, &error));
      g_assert_no_error (error);
    }
  g_assert_true (progress.complete);
  g_assert_true (dt_rollups_ready (f->db));
  assert_exact (f->db);
}

/* Writes that bypass dt_db_commit — a statement on its own, or BEGIN … COMMIT run by hand —
 * leave the roll-ups behind: this connection then reads the raw rows, and its next
 * transaction catches them up. */
static void
test_writes_by_hand (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *by_hand = NULL;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 5, 4, 9, 0), 60);
  g_assert_true (dt_rollups_ready (f->db));
  by_hand = g_strdup_printf ("BEGIN; INSERT INTO time_entries (project_id, start_at, end_at, "
                             "created_at, updated_at) VALUES (%" G_GINT64_FORMAT ", %"
                             G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, 0); COMMIT",
                             f->project_id, dt_test_local (2026, 5, 5, 9, 0),
                             dt_test_local (2026, 5, 5, 10, 0));
  g_assert_true (dt_db_exec (f->db, by_hand, &error));
  g_assert_no_error (error);
  g_assert_false (dt_rollups_ready (f->db));
  {
    DtReportQuery query = { .from = dt_test_local (2026, 5, 1, 0, 0),
                            .to = dt_test_local (2026, 6, 1, 0, 0),
                            .group_by = DT_REPORT_BY_CLIENT };
    g_autoptr(DtReport) report = dt_report_run (f->db, &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (((DtReportRow *) report->totals->pdata[0])->entries, ==, 2);
  }
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 5, 6, 9, 0), 30);
  g_assert_true (dt_rollups_ready (f->db));
  assert_exact (f->db);
}

/* Days are local: roll-ups built in one time zone are not read in another, a write there
 * sets them to be built again, and built again they are exact for the new zone. */
static void
test_other_zone (DtTestFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  dt_test_fixture_seed (f);
  /* 23:30 in Berlin is the next day in Tokyo. */
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 5, 4, 23, 30), 20);
  g_assert_true (dt_rollups_ready (f->db));
  before = g_strdup_printf ("%" G_GINT64_FORMAT,
                            dt_test_query_int (f->db, "SELECT min (day) FROM work_days"));

  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  g_assert_false (dt_rollups_ready (f->db));
  dt_test_add_entry (f->db, f->project_id, 0, dt_test_local (2026, 5, 6, 9, 0), 30);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT complete FROM rollup_state"), ==, 0);
  g_assert_true (dt_rollups_build (f->db, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dt_rollups_ready (f->db));
  assert_exact (f->db);
  g_assert_cmpint (g_ascii_strtoll (before, NULL, 10), !=,
                   dt_test_query_int (f->db, "SELECT min (day) FROM work_days"));
  g_setenv ("TZ", "Europe/Berlin", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/rollups/random-writes", DtTestFixture, NULL, dt_test_fixture_setup,
              test_random_writes, dt_test_fixture_teardown);
  g_test_add ("/core/rollups/damage-found", DtTestFixture, NULL, dt_test_fixture_setup,
              test_damage_found, dt_test_fixture_teardown);
  g_test_add ("/core/rollups/writes-by-hand", DtTestFixture, NULL, dt_test_fixture_setup,
              test_writes_by_hand, dt_test_fixture_teardown);
  g_test_add ("/core/rollups/other-zone", DtTestFixture, NULL, dt_test_fixture_setup,
              test_other_zone, dt_test_fixture_teardown);
  g_test_add ("/core/rollups/build-resumes", DtTestFixture, NULL, dt_test_fixture_setup,
              test_build_resumes, dt_test_fixture_teardown);
  return g_test_run ();
}

/* test-invoice-list.c: the lazy invoices model: counts from the filter, pages read on demand
 * and only a few kept, filters, and invalidation announced with items-changed. */
#include "dt-test-core.h"

#include "dt-invoice-item.h"
#include "dt-invoice-list.h"
#include "dt-invoice-store.h"
#include "dt-time.h"

#define N_INVOICES 1000

/* N_INVOICES invoices in one statement: even k for Acme (EUR), odd k for Globex (USD); every
 * fifth a draft, the one after it paid, the rest sent and due long ago. */
static void
seed_invoices (DtTestFixture *fixture)
{
  sqlite3 *handle = dt_db_get_handle (fixture->db);
  sqlite3_stmt *stmt = NULL;

  dt_test_fixture_seed (fixture);
  dt_time_set_fake_now (dt_test_local (2026, 11, 27, 12, 0));
  g_assert_cmpint (sqlite3_prepare_v2 (handle,
    "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?3) "
    "INSERT INTO invoices (id, client_id, status, currency, number, issue_date, due_date, "
    "                      total, subtotal, paid, notes, created_at, updated_at) "
    "SELECT k, CASE WHEN k % 2 = 0 THEN ?1 ELSE ?2 END, "
    "       CASE k % 5 WHEN 0 THEN 'draft' WHEN 1 THEN 'paid' ELSE 'sent' END, "
    "       CASE WHEN k % 2 = 0 THEN 'EUR' ELSE 'USD' END, "
    "       CASE WHEN k % 5 = 0 THEN NULL ELSE printf('INV-%04d', k) END, "
    "       CASE WHEN k % 5 = 0 THEN NULL ELSE '2026-01-15' END, "
    "       CASE WHEN k % 5 = 0 THEN NULL ELSE '2026-02-14' END, "
    "       10000, 10000, CASE WHEN k % 5 = 1 THEN 10000 ELSE 0 END, "
    "       printf('batch %d', k / 100), 0, 0 FROM n", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, fixture->client_id);
  sqlite3_bind_int64 (stmt, 2, fixture->other_client_id);
  sqlite3_bind_int (stmt, 3, N_INVOICES);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (dt_test_query_int (fixture->db, "SELECT count(*) FROM invoices"), ==,
                   N_INVOICES);
}

static gint64
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(DtInvoiceItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return dt_invoice_item_get_id (item);
}

static void
test_pages (DtTestFixture *fixture,
            gconstpointer  data)
{
  DtInvoiceList *list;
  GListModel *model;
  DtPagedList *paged;

  seed_invoices (fixture);
  list = dt_invoice_list_new_full (fixture->db, 50, 3);
  model = G_LIST_MODEL (list);
  paged = DT_PAGED_LIST (list);

  g_assert_true (g_list_model_get_item_type (model) == DT_TYPE_INVOICE_ITEM);
  /* Counting reads no rows. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, 0);
  g_assert_cmpuint (dt_paged_list_get_n_cached (paged), ==, 0);

  /* Newest first; the first row reads one page, the rest of that page comes from memory. */
  g_assert_cmpint (id_at (model, 0), ==, N_INVOICES);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, 1);
  g_assert_cmpuint (dt_paged_list_get_n_cached (paged), ==, 50);
  for (guint i = 1; i < 50; i++)
    g_assert_cmpint (id_at (model, i), ==, N_INVOICES - i);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, 1);
  g_assert_cmpint (id_at (model, 50), ==, N_INVOICES - 50);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, 2);

  /* The client's name comes with the row. */
  {
    g_autoptr(DtInvoiceItem) item = g_list_model_get_item (model, 0);
    g_assert_cmpstr (dt_invoice_item_get_client_name (item), ==, "Acme GmbH");
    g_assert_cmpstr (dt_invoice_item_get_invoice (item)->currency, ==, "EUR");
  }

  /* Scrolling through the whole list keeps at most three pages in memory; the first two
   * pages were still there. */
  for (guint i = 0; i < N_INVOICES; i++)
    {
      g_assert_cmpint (id_at (model, i), ==, N_INVOICES - i);
      g_assert_cmpuint (dt_paged_list_get_n_cached (paged), <=, 150);
    }
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, N_INVOICES / 50);
  g_assert_null (g_list_model_get_item (model, N_INVOICES));

  /* The last pages are still in memory, the first one is not. */
  g_assert_cmpint (id_at (model, N_INVOICES - 120), ==, 120);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, N_INVOICES / 50);
  g_assert_cmpint (id_at (model, 3), ==, N_INVOICES - 3);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (paged), ==, 1 + N_INVOICES / 50);

  g_assert_finalize_object (list);
}

static guint
count_matching (DtInvoiceList *list,
                gboolean     (*matches) (const DtInvoice *invoice, gpointer data),
                gpointer       data)
{
  GListModel *model = G_LIST_MODEL (list);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtInvoiceItem) item = g_list_model_get_item (model, i);
      g_assert_nonnull (item);
      g_assert_true (matches (dt_invoice_item_get_invoice (item), data));
    }
  return n;
}

static gboolean
is_draft (const DtInvoice *invoice,
          gpointer         data)
{
  return invoice->status == DT_INVOICE_DRAFT;
}

static gboolean
is_for_client (const DtInvoice *invoice,
               gpointer         data)
{
  return invoice->client_id == *(gint64 *) data;
}

static gboolean
is_draft_for_client (const DtInvoice *invoice,
                     gpointer         data)
{
  return is_draft (invoice, data) && is_for_client (invoice, data);
}

static void
test_filters (DtTestFixture *fixture,
              gconstpointer  data)
{
  DtInvoiceList *list;
  GListModel *model;

  seed_invoices (fixture);
  list = dt_invoice_list_new (fixture->db);
  model = G_LIST_MODEL (list);

  dt_invoice_list_set_status (list, DT_INVOICE_DRAFT);
  g_assert_cmpuint (count_matching (list, is_draft, NULL), ==, N_INVOICES / 5);
  dt_invoice_list_set_status (list, DT_INVOICE_LIST_ANY_STATUS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES);

  dt_invoice_list_set_client_id (list, fixture->client_id);
  g_assert_cmpuint (count_matching (list, is_for_client, &fixture->client_id), ==,
                    N_INVOICES / 2);
  dt_invoice_list_set_status (list, DT_INVOICE_DRAFT);
  g_assert_cmpuint (count_matching (list, is_draft_for_client, &fixture->client_id), ==,
                    N_INVOICES / 10);
  dt_invoice_list_set_status (list, DT_INVOICE_LIST_ANY_STATUS);
  dt_invoice_list_set_client_id (list, 0);

  /* Text: the number, the notes, the client's name; any case, blanks trimmed. */
  dt_invoice_list_set_text (list, " inv-0007 ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpint (id_at (model, 0), ==, 7);
  dt_invoice_list_set_text (list, "batch 3");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
  g_assert_cmpint (id_at (model, 0), ==, 399);
  dt_invoice_list_set_text (list, "GLOBEX");
  g_assert_cmpuint (count_matching (list, is_for_client, &fixture->other_client_id), ==,
                    N_INVOICES / 2);
  dt_invoice_list_set_text (list, "100%_");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));
  dt_invoice_list_set_text (list, "");
  g_assert_null (dt_invoice_list_get_text (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES);

  g_assert_finalize_object (list);
}

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Changes    *changes)
{
  changes->n_signals++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  /* Whoever hears the signal may read the list at once, and must see the new rows. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, added);
}

static void
test_invalidate (DtTestFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) input = dt_invoice_new ();
  g_autoptr(DtInvoice) draft = NULL;
  DtInvoiceList *list;
  GListModel *model;
  Changes changes = { 0 };
  guint fetches;

  seed_invoices (fixture);
  list = dt_invoice_list_new (fixture->db);
  model = G_LIST_MODEL (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);

  /* Before anyone counted, there is nobody to tell. */
  dt_paged_list_invalidate (DT_PAGED_LIST (list));
  g_assert_cmpuint (changes.n_signals, ==, 0);

  g_assert_cmpint (id_at (model, 0), ==, N_INVOICES);
  input->client_id = fixture->client_id;
  draft = dt_invoice_store_create_draft (fixture->db, input, &error);
  g_assert_no_error (error);

  /* The rows in memory are what was read: the new draft shows once the list is told. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES);
  g_assert_cmpint (id_at (model, 0), ==, N_INVOICES);
  fetches = dt_paged_list_get_n_fetches (DT_PAGED_LIST (list));
  dt_paged_list_invalidate (DT_PAGED_LIST (list));
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, N_INVOICES);
  g_assert_cmpuint (changes.added, ==, N_INVOICES + 1);
  g_assert_cmpuint (dt_paged_list_get_n_cached (DT_PAGED_LIST (list)), ==, 0);
  g_assert_cmpint (id_at (model, 0), ==, draft->id);
  g_assert_cmpuint (dt_paged_list_get_n_fetches (DT_PAGED_LIST (list)), ==, fetches + 1);

  /* A filter change is announced; setting the same filter again is not. */
  dt_invoice_list_set_status (list, DT_INVOICE_DRAFT);
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.removed, ==, N_INVOICES + 1);
  g_assert_cmpuint (changes.added, ==, N_INVOICES / 5 + 1);
  dt_invoice_list_set_status (list, DT_INVOICE_DRAFT);
  dt_invoice_list_set_text (list, NULL);
  dt_invoice_list_set_client_id (list, 0);
  g_assert_cmpuint (changes.n_signals, ==, 2);

  /* Rows deleted behind the list's back: the missing ones read as NULL, not as a crash. */
  g_assert_true (dt_db_exec (fixture->db, "DELETE FROM invoices WHERE id <= 500", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INVOICES / 5 + 1);
  g_assert_null (g_list_model_get_item (model, N_INVOICES / 5));
  dt_paged_list_invalidate (DT_PAGED_LIST (list));
  g_assert_cmpuint (changes.added, ==, N_INVOICES / 10 + 1);
  g_assert_nonnull (g_list_model_get_item (model, N_INVOICES / 10));

  g_assert_finalize_object (list);
}

static void
test_tally (DtTestFixture *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtInvoiceTally tally = { 0 };

  g_assert_true (dt_invoice_store_tally (fixture->db, &tally, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tally.total, ==, 0);
  seed_invoices (fixture);
  g_assert_true (dt_invoice_store_tally (fixture->db, &tally, &error));
  g_assert_cmpuint (tally.total, ==, N_INVOICES);
  g_assert_cmpuint (tally.drafts, ==, N_INVOICES / 5);
  g_assert_cmpuint (tally.overdue, ==, N_INVOICES * 3 / 5);
  /* Not yet due is not overdue. */
  dt_time_set_fake_now (dt_test_local (2026, 2, 1, 12, 0));
  g_assert_true (dt_invoice_store_tally (fixture->db, &tally, &error));
  g_assert_cmpuint (tally.overdue, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/invoice-list/pages", test_pages);
  ADD ("/core/invoice-list/filters", test_filters);
  ADD ("/core/invoice-list/invalidate", test_invalidate);
  ADD ("/core/invoice-list/tally", test_tally);
  return g_test_run ();
}

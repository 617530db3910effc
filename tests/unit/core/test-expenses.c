/* test-expenses.c: expenses — amounts, input VAT and markup to the cent, receipts checked by
 * their bytes and kept by their hash (nothing half-saved when refused), and billing them:
 * candidates, draft lines, locking while invoiced, release on deleting a draft or voiding. */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-invoicing.h"
#include "dt-reports.h"
#include "dt-time.h"
#include "expenses/dt-expenses.h"

#include <glib/gstdio.h>
#include <string.h>

/* The smallest PNG: signature, IHDR, IDAT, IEND (a 1×1 grey pixel). */
static const guint8 png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
  0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
  0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
  0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
static const char pdf_text[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const guint8 jpeg_bytes[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0 };

static guint
receipt_files (DtTestFixture *f)
{
  g_autofree char *dir = g_build_filename (f->dir, DT_EXPENSE_RECEIPTS_DIR, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static gint64
count_expenses (DtTestFixture *f)
{
  return dt_test_query_int (f->db, "SELECT count(*) FROM expenses");
}

static DtExpense *
expense_input (DtTestFixture *f,
               const char    *date,
               gint64         amount,
               int            vat_rate_bp,
               int            markup_bp)
{
  DtExpense *input = dt_expense_new ();

  input->client_id = f->client_id;
  input->date = g_strdup (date);
  g_free (input->description);
  input->description = g_strdup ("Train Berlin–Hamburg");
  g_free (input->category);
  input->category = g_strdup ("Travel");
  input->amount = amount;
  input->vat_rate_bp = vat_rate_bp;
  input->markup_bp = markup_bp;
  return input;
}

static DtExpense *
add_expense (DtTestFixture *f,
             const char    *date,
             gint64         amount,
             int            vat_rate_bp,
             int            markup_bp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) input = expense_input (f, date, amount, vat_rate_bp, markup_bp);
  DtExpense *stored = dt_expense_store_create (f->db, input, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

/* ---- amounts --------------------------------------------------------------------------- */

static void
test_amounts (DtTestFixture *f,
              gconstpointer  data)
{
  static const struct
  {
    gint64 amount;
    int    vat_rate_bp;
    int    markup_bp;
    gint64 input_vat;
    gint64 billed;
  } cases[] = {
    { 2000, 1900, 1000, 380, 2200 },     /* 20.00 + 19 % VAT; +10 % = 22.00 */
    { 1235, 700, 1250, 86, 1389 },       /* 0.8645 → 0.86; 13.89375 → 13.89 */
    { 10, 1900, 2500, 2, 13 },           /* 0.019 → 0.02; 0.125 → 0.13 (half away from 0) */
    { 99999, 0, 0, 0, 99999 },
    { 4999, 1900, 333, 950, 5165 },      /* 9.4981 → 9.50; 51.6546… → 51.65 */
  };

  dt_test_fixture_seed (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DtExpense) expense = add_expense (f, "2026-10-05", cases[i].amount,
                                                  cases[i].vat_rate_bp, cases[i].markup_bp);
      gint64 billed = 0;

      g_test_message ("case %u", i);
      g_assert_cmpint (expense->amount, ==, cases[i].amount);
      g_assert_cmpint (expense->input_vat, ==, cases[i].input_vat);
      g_assert_cmpstr (expense->currency, ==, "EUR");
      g_assert_true (dt_expense_billed_amount (expense, &billed));
      g_assert_cmpint (billed, ==, cases[i].billed);
    }

  /* VAT as printed on the receipt wins over the computed one; it cannot exceed the net. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtExpense) input = expense_input (f, "2026-10-06", 1000, 1900, 0);
    g_autoptr(DtExpense) stored = NULL;

    input->input_vat = 191;
    stored = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stored->input_vat, ==, 191);
    input->input_vat = 1001;
    g_clear_pointer (&stored, dt_expense_free);
    stored = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_null (stored);
    g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "input VAT"));
  }
}

/* ---- bad input -------------------------------------------------------------------------- */

static void
test_refused (DtTestFixture *f,
              gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const struct
  {
    const char *what;
    gint64      client;        /* 0: the seeded one; -1: another's project */
    const char *date;
    gint64      amount;
    int         vat_rate_bp;
    int         markup_bp;
    const char *currency;
    const char *description;
    DtErrorCode code;
    const char *says;
  } cases[] = {
    { "client", 999, "2026-10-05", 100, 0, 0, NULL, "x", DT_ERROR_NOT_FOUND,
      "client 999 does not exist" },
    { "project", -1, "2026-10-05", 100, 0, 0, NULL, "x", DT_ERROR_INVALID, "belongs to client" },
    { "zero", 0, "2026-10-05", 0, 0, 0, NULL, "x", DT_ERROR_INVALID, "more than 0" },
    { "negative", 0, "2026-10-05", -500, 0, 0, NULL, "x", DT_ERROR_INVALID, "more than 0" },
    { "date", 0, "2026-02-30", 100, 0, 0, NULL, "x", DT_ERROR_INVALID, "2026-02-30" },
    { "vat", 0, "2026-10-05", 100, 10001, 0, NULL, "x", DT_ERROR_INVALID, "VAT rate" },
    { "markup", 0, "2026-10-05", 100, 0, -1, NULL, "x", DT_ERROR_INVALID, "markup" },
    { "description", 0, "2026-10-05", 100, 0, 0, NULL, "", DT_ERROR_INVALID, "description" },
    { "currency", 0, "2026-10-05", 100, 0, 0, "USD", "x", DT_ERROR_INVALID,
      "client's currency, EUR" },
  };

  dt_test_fixture_seed (f);
  before = dt_test_checksum (f->db);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtExpense) input = expense_input (f, cases[i].date, cases[i].amount,
                                                  cases[i].vat_rate_bp, cases[i].markup_bp);
      g_autoptr(DtExpense) stored = NULL;

      g_test_message ("case %s", cases[i].what);
      if (cases[i].client > 0)
        input->client_id = cases[i].client;
      if (cases[i].client < 0)
        input->project_id = f->other_project_id;
      input->currency = g_strdup (cases[i].currency);
      g_free (input->description);
      input->description = g_strdup (cases[i].description);
      stored = dt_expense_store_create (f->db, input, NULL, NULL, &error);
      g_assert_null (stored);
      g_assert_error (error, DT_ERROR, (gint) cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %s: “%s” does not say “%s”", cases[i].what, error->message,
                 cases[i].says);
    }
  after = dt_test_checksum (f->db);
  g_assert_cmpstr (before, ==, after);

  /* Not billed, another currency is fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DtExpense) input = expense_input (f, "2026-10-05", 100, 0, 0);
    g_autoptr(DtExpense) stored = NULL;

    input->currency = g_strdup ("USD");
    input->billable = FALSE;
    stored = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stored->currency, ==, "USD");
  }
}

/* ---- receipts --------------------------------------------------------------------------- */

static void
test_receipts (DtTestFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, strlen (pdf_text));
  g_autoptr(GBytes) jpeg = g_bytes_new_static (jpeg_bytes, sizeof jpeg_bytes);
  g_autoptr(DtExpense) input = NULL;
  g_autoptr(DtExpense) first = NULL;
  g_autoptr(DtExpense) second = NULL;
  g_autoptr(DtExpense) replaced = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  g_autofree char *expected_path = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpstr (dt_expense_receipt_check (png, NULL), ==, "image/png");
  g_assert_cmpstr (dt_expense_receipt_check (pdf, NULL), ==, "application/pdf");
  g_assert_cmpstr (dt_expense_receipt_check (jpeg, NULL), ==, "image/jpeg");

  dt_test_fixture_seed (f);
  input = expense_input (f, "2026-10-05", 2000, 1900, 0);
  /* The name says JPEG; the bytes are a PNG, and the bytes decide. */
  first = dt_expense_store_create (f->db, input, png, "scan.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->receipt_type, ==, "image/png");
  g_assert_cmpstr (first->receipt_sha256, ==, sha);
  g_assert_cmpint (first->receipt_size, ==, sizeof png_bytes);
  g_assert_cmpstr (first->receipt_name, ==, "scan.jpg");
  expected_path = g_strdup_printf ("%s/%s/%s.png", f->dir, DT_EXPENSE_RECEIPTS_DIR, sha);
  path = dt_expense_store_receipt_path (f->db, first);
  g_assert_cmpstr (path, ==, expected_path);
  back = dt_expense_store_read_receipt (f->db, first, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, png));

  /* The same receipt twice is one file; it goes with the last expense that keeps it. */
  second = dt_expense_store_create (f->db, input, png, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (receipt_files (f), ==, 1);
  g_assert_true (dt_expense_store_delete (f->db, first->id, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (expected_path, G_FILE_TEST_IS_REGULAR));
  replaced = dt_expense_store_attach_receipt (f->db, second->id, pdf, "invoice.pdf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced->receipt_type, ==, "application/pdf");
  g_assert_false (g_file_test (expected_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (receipt_files (f), ==, 1);

  /* A file changed behind DoubleTime's back is not shown as the receipt. */
  g_clear_pointer (&path, g_free);
  path = dt_expense_store_receipt_path (f->db, replaced);
  g_assert_true (g_file_set_contents (path, "%PDF-1.4 changed", -1, NULL));
  g_clear_pointer (&back, g_bytes_unref);
  back = dt_expense_store_read_receipt (f->db, replaced, &error);
  g_assert_null (back);
  g_assert_error (error, DT_ERROR, DT_ERROR_CORRUPT);
}

static void
test_receipts_refused (DtTestFixture *f,
                       gconstpointer  data)
{
  static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!";
  static const char html[] = "<html><body>‰PNG</body></html>";
  /* A PNG signature without the IHDR chunk that must follow it. */
  static const guint8 fake_png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0,
                                     'J', 'U', 'N', 'K', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  g_autofree guint8 *big = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct
  {
    const char *what;
    GBytes     *bytes;
    const char *says;
  } cases[] = {
    { "gif named png", g_bytes_new_static (gif, sizeof gif - 1), "not a PDF, PNG or JPEG" },
    { "html", g_bytes_new_static (html, strlen (html)), "not a PDF, PNG or JPEG" },
    { "png signature only", g_bytes_new_static (fake_png, sizeof fake_png),
      "not a PDF, PNG or JPEG" },
    { "empty", g_bytes_new_static ("", 0), "empty" },
    { "oversize", NULL, "at most 10485760 bytes" },
  };

  /* A real PDF header, one byte more than the limit. */
  big = g_malloc0 (DT_EXPENSE_RECEIPT_MAX_SIZE + 1);
  memcpy (big, "%PDF-1.7\n", 9);
  cases[4].bytes = g_bytes_new_take (g_steal_pointer (&big), DT_EXPENSE_RECEIPT_MAX_SIZE + 1);

  dt_test_fixture_seed (f);
  {
    g_autoptr(DtExpense) kept = add_expense (f, "2026-10-04", 100, 0, 0);
    before = dt_test_checksum (f->db);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) attach_error = NULL;
        g_autoptr(DtExpense) input = expense_input (f, "2026-10-05", 2000, 1900, 0);
        g_autoptr(DtExpense) stored = NULL;
        g_autoptr(DtExpense) attached = NULL;

        g_test_message ("case %s", cases[i].what);
        stored = dt_expense_store_create (f->db, input, cases[i].bytes, "receipt.png", &error);
        g_assert_null (stored);
        g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
        if (strstr (error->message, cases[i].says) == NULL)
          g_error ("case %s: “%s” does not say “%s”", cases[i].what, error->message,
                   cases[i].says);
        attached = dt_expense_store_attach_receipt (f->db, kept->id, cases[i].bytes,
                                                    "receipt.png", &attach_error);
        g_assert_null (attached);
        g_assert_error (attach_error, DT_ERROR, DT_ERROR_INVALID);
        /* No row, no file, no change. */
        g_assert_cmpint (count_expenses (f), ==, 1);
        g_assert_cmpuint (receipt_files (f), ==, 0);
        g_bytes_unref (cases[i].bytes);
      }
    after = dt_test_checksum (f->db);
    g_assert_cmpstr (before, ==, after);
  }

  /* A refused expense with a good receipt leaves no file either. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
    g_autoptr(DtExpense) input = expense_input (f, "2026-10-05", 2000, 1900, 0);
    g_autoptr(DtExpense) stored = NULL;

    input->client_id = 999;
    stored = dt_expense_store_create (f->db, input, png, "receipt.png", &error);
    g_assert_null (stored);
    g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
    g_assert_cmpuint (receipt_files (f), ==, 0);
    g_assert_cmpint (count_expenses (f), ==, 1);
  }
}

/* ---- billing ---------------------------------------------------------------------------- */

static DtInvoice *
draft_for_october (DtTestFixture *f,
                   const GArray  *expense_ids,
                   GError       **error)
{
  DtDraftRequest request = { 0 };

  request.client_id = f->client_id;
  request.from = dt_test_local (2026, 10, 1, 0, 0);
  request.to = dt_test_local (2026, 11, 1, 0, 0);
  request.tax_rate_bp = 1900;
  request.expense_ids = expense_ids;
  return dt_invoicing_create_draft (f->db, &request, error);
}

static void
test_billing (DtTestFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) train = NULL;
  g_autoptr(DtExpense) hotel = NULL;
  g_autoptr(DtExpense) lunch = NULL;
  g_autoptr(DtExpense) november = NULL;
  g_autoptr(DtExpense) other_client = NULL;
  g_autoptr(DtCandidates) candidates = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) voided = NULL;
  g_autoptr(DtExpense) locked = NULL;
  g_autoptr(DtExpense) released = NULL;
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  DtInvoiceLine *line;

  dt_test_fixture_seed (f);
  train = add_expense (f, "2026-10-05", 1235, 700, 1250);   /* bills 13.89 */
  hotel = add_expense (f, "2026-10-31", 8900, 700, 0);      /* bills 89.00 */
  {
    g_autoptr(DtExpense) input = expense_input (f, "2026-10-12", 1450, 1900, 0);

    input->billable = FALSE;
    lunch = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&input, dt_expense_free);
    input = expense_input (f, "2026-11-01", 5000, 1900, 0);
    november = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&input, dt_expense_free);
    input = expense_input (f, "2026-10-05", 5000, 0, 0);
    input->client_id = f->other_client_id;
    other_client = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (other_client->currency, ==, "USD");
  }

  /* Only the re-billable ones of this client in October, by date. */
  candidates = dt_invoicing_find_candidates (f->db, f->client_id, dt_test_local (2026, 10, 1, 0, 0),
                                             dt_test_local (2026, 11, 1, 0, 0), DT_GROUP_BY_TASK,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->expenses->len, ==, 2);
  g_assert_cmpint (((DtExpense *) candidates->expenses->pdata[0])->id, ==, train->id);
  g_assert_cmpint (((DtExpense *) candidates->expenses->pdata[1])->id, ==, hotel->id);
  g_assert_cmpint (candidates->expenses_amount, ==, 1389 + 8900);
  g_assert_cmpint (candidates->amount, ==, 0);

  /* Expenses alone make a draft: one fixed line each, taxed with the output VAT of the draft
   * (19 %), never the input VAT of the receipts (7 %). */
  draft = draft_for_october (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (draft->lines->len, ==, 2);
  line = draft->lines->pdata[0];
  g_assert_cmpint (line->kind, ==, DT_LINE_FIXED);
  g_assert_cmpint (line->quantity, ==, 1000);
  g_assert_cmpint (line->unit_price, ==, 1389);
  g_assert_cmpint (line->amount, ==, 1389);
  g_assert_cmpint (line->tax_rate_bp, ==, 1900);
  g_assert_cmpstr (line->description, ==, "Travel: Train Berlin–Hamburg");
  g_assert_cmpint (draft->subtotal, ==, 10289);
  g_assert_cmpint (draft->tax_total, ==, 1955);             /* 102.89 × 19 % = 19.5491 */
  g_assert_cmpint (draft->total, ==, 12244);

  /* Billed: locked, and no longer a candidate. */
  locked = dt_expense_store_get (f->db, train->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (locked->invoice_id, ==, draft->id);
  g_assert_null (locked->invoice_number);
  {
    g_autoptr(DtExpense) changed = NULL;
    g_autoptr(DtExpense) attached = NULL;
    g_autofree char *before = dt_test_checksum (f->db);
    g_autofree char *after = NULL;

    locked->amount = 1;
    changed = dt_expense_store_update (f->db, locked, 0, &error);
    g_assert_null (changed);
    g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
    g_assert_nonnull (strstr (error->message, "draft invoice"));
    g_clear_error (&error);
    g_assert_false (dt_expense_store_delete (f->db, train->id, &error));
    g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
    g_clear_error (&error);
    attached = dt_expense_store_attach_receipt (f->db, train->id, png, NULL, &error);
    g_assert_null (attached);
    g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
    g_clear_error (&error);
    after = dt_test_checksum (f->db);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpuint (receipt_files (f), ==, 0);
  }
  g_clear_pointer (&candidates, dt_candidates_free);
  candidates = dt_invoicing_find_candidates (f->db, f->client_id, dt_test_local (2026, 10, 1, 0, 0),
                                             dt_test_local (2026, 11, 1, 0, 0), DT_GROUP_BY_TASK,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->expenses->len, ==, 0);
  {
    g_autoptr(DtInvoice) again = draft_for_october (f, NULL, &error);

    g_assert_null (again);
    g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* Asked for by id while billed: a double billing attempt. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(DtInvoice) again = NULL;

    g_array_append_val (ids, train->id);
    again = draft_for_october (f, ids, &error);
    g_assert_null (again);
    g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
    g_clear_error (&error);
  }

  /* Deleting the draft releases them. */
  g_assert_true (dt_invoice_store_delete_draft (f->db, draft->id, &error));
  g_assert_no_error (error);
  released = dt_expense_store_get (f->db, train->id, &error);
  g_assert_cmpint (released->invoice_line_id, ==, 0);
  g_clear_pointer (&draft, dt_invoice_free);

  /* Only the hotel this time; issued, it names the invoice's number. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_array_append_val (ids, hotel->id);
    draft = draft_for_october (f, ids, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (draft->lines->len, ==, 1);
  }
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&locked, dt_expense_free);
  locked = dt_expense_store_get (f->db, hotel->id, &error);
  g_assert_cmpstr (locked->invoice_number, ==, sent->number);
  {
    g_autoptr(DtExpense) changed = NULL;

    locked->markup_bp = 5000;
    changed = dt_expense_store_update (f->db, locked, 0, &error);
    g_assert_null (changed);
    g_assert_error (error, DT_ERROR, DT_ERROR_LOCKED);
    g_assert_nonnull (strstr (error->message, sent->number));
    g_clear_error (&error);
  }
  /* Removing an expense line from a draft unbills it; voiding releases it too. */
  voided = dt_invoicing_void (f->db, sent->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&released, dt_expense_free);
  released = dt_expense_store_get (f->db, hotel->id, &error);
  g_assert_cmpint (released->invoice_line_id, ==, 0);
  {
    g_autoptr(DtInvoice) again = draft_for_october (f, NULL, &error);
    g_autoptr(DtInvoice) edited = NULL;
    g_autoptr(DtExpense) train_now = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (again->lines->len, ==, 2);
    /* Keep only the hotel's line. */
    g_ptr_array_remove_index (again->lines, 0);
    edited = dt_invoice_store_update_draft (f->db, again, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (edited->lines->len, ==, 1);
    train_now = dt_expense_store_get (f->db, train->id, &error);
    g_assert_cmpint (train_now->invoice_line_id, ==, 0);
  }
}

/* A credit note releases the expenses of the invoice it corrects, as it releases its time;
 * its own lines bill nothing. */
static void
test_credit_note (DtTestFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) hotel = NULL;
  g_autoptr(DtExpense) billed = NULL;
  g_autoptr(DtExpense) released = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoice) credit = NULL;
  g_autoptr(DtInvoice) again = NULL;

  dt_test_fixture_seed (f);
  hotel = add_expense (f, "2026-10-20", 8900, 700, 1000);          /* bills 97.90 */
  draft = draft_for_october (f, NULL, &error);
  g_assert_no_error (error);
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->total, ==, 11650);                        /* 97.90 + 19 % = 116.501 */
  billed = dt_expense_store_get (f->db, hotel->id, &error);
  g_assert_cmpstr (billed->invoice_number, ==, sent->number);

  credit = dt_invoicing_create_credit_note (f->db, sent->id, "Wrong client", &error);
  g_assert_no_error (error);
  g_assert_cmpint (credit->total, ==, -11650);
  released = dt_expense_store_get (f->db, hotel->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (released->invoice_line_id, ==, 0);
  g_assert_cmpint (dt_test_query_int (f->db, "SELECT count(*) FROM expenses "
                                             "WHERE invoice_line_id IS NOT NULL"), ==, 0);

  /* Billed again on a new invoice, with the same amount. */
  again = draft_for_october (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->lines->len, ==, 1);
  g_assert_cmpint (again->total, ==, 11650);
}

static void
test_list (DtTestFixture *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) a = NULL;
  g_autoptr(DtExpense) b = NULL;
  g_autoptr(GPtrArray) page = NULL;
  DtListQuery query = { 0 };
  gboolean more = FALSE;

  dt_test_fixture_seed (f);
  a = add_expense (f, "2026-10-05", 100, 0, 0);
  b = add_expense (f, "2026-11-05", 200, 0, 0);
  query.from = dt_test_local (2026, 11, 1, 0, 0);
  page = dt_expense_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((DtExpense *) page->pdata[0])->id, ==, b->id);
  g_clear_pointer (&page, g_ptr_array_unref);

  query.from = 0;
  query.limit = 1;
  page = dt_expense_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_true (more);
  g_clear_pointer (&page, g_ptr_array_unref);

  query.limit = 0;
  query.status = "paid";
  page = dt_expense_store_list (f->db, &query, &more, &error);
  g_assert_null (page);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

/* The report's expenses and profit: work at 90/h plus what the expenses bill, less their
 * net cost; the input VAT is no cost; currencies are never added. */
static void
test_totals (DtTestFixture *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtExpense) train = NULL;
  g_autoptr(DtExpense) lunch = NULL;
  g_autoptr(DtExpense) abroad = NULL;
  g_autoptr(DtExpense) later = NULL;
  g_autoptr(GPtrArray) totals = NULL;
  g_autoptr(DtReport) report = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  DtReportQuery query = { 0 };
  DtExpenseTotals *eur, *usd;
  DtReportRow *work = NULL;

  dt_test_fixture_seed (f);
  dt_test_add_entry (f->db, f->project_id, f->task_id, dt_test_local (2026, 10, 5, 9, 0), 150);
  train = add_expense (f, "2026-10-05", 1235, 700, 1250);          /* bills 13.89 */
  {
    g_autoptr(DtExpense) input = expense_input (f, "2026-10-12", 1450, 1900, 0);

    input->billable = FALSE;
    lunch = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&input, dt_expense_free);
    input = expense_input (f, "2026-10-20", 5000, 0, 0);
    input->client_id = f->other_client_id;
    input->billable = FALSE;
    abroad = dt_expense_store_create (f->db, input, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  later = add_expense (f, "2026-11-01", 9999, 0, 0);

  query.from = dt_test_local (2026, 10, 1, 0, 0);
  query.to = dt_test_local (2026, 11, 1, 0, 0);
  query.group_by = DT_REPORT_BY_CLIENT;
  report = dt_report_run (f->db, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->totals->len; i++)
    if (g_str_equal (((DtReportRow *) report->totals->pdata[i])->currency, "EUR"))
      work = report->totals->pdata[i];
  g_assert_nonnull (work);
  g_assert_cmpint (work->amount, ==, 22500);

  totals = dt_expense_store_totals (f->db, query.from, query.to, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 2);
  eur = totals->pdata[0];
  usd = totals->pdata[1];
  g_assert_cmpstr (eur->currency, ==, "EUR");
  g_assert_cmpuint (eur->expenses, ==, 2);
  g_assert_cmpint (eur->amount, ==, 1235 + 1450);
  g_assert_cmpint (eur->input_vat, ==, 86 + 276);                  /* 14.50 × 19 % = 2.755 */
  g_assert_cmpint (eur->billable_amount, ==, 1389);
  g_assert_cmpint (eur->invoiced_amount, ==, 0);
  /* 225.00 + 13.89 − 26.85 = 212.04 */
  g_assert_cmpint (dt_expense_profit (work->amount, eur), ==, 21204);
  g_assert_cmpstr (usd->currency, ==, "USD");
  g_assert_cmpint (usd->amount, ==, 5000);
  g_assert_cmpint (dt_expense_profit (0, usd), ==, -5000);

  /* Invoiced, the same expense counts as invoiced; one client's only. */
  draft = draft_for_october (f, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&totals, g_ptr_array_unref);
  totals = dt_expense_store_totals (f->db, query.from, query.to, f->client_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 1);
  g_assert_cmpint (((DtExpenseTotals *) totals->pdata[0])->invoiced_amount, ==, 1389);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/expenses/amounts", test_amounts);
  ADD ("/core/expenses/refused", test_refused);
  ADD ("/core/expenses/receipts", test_receipts);
  ADD ("/core/expenses/receipts-refused", test_receipts_refused);
  ADD ("/core/expenses/billing", test_billing);
  ADD ("/core/expenses/credit-note", test_credit_note);
  ADD ("/core/expenses/list", test_list);
  ADD ("/core/expenses/totals", test_totals);
#undef ADD
  return g_test_run ();
}

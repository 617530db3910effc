/* test-invoice-pdf.c: the invoice PDF read back with poppler's tools: pages, text, paper. */
#include "dt-invoice-pdf.h"
#include "dt-money.h"
#include "dt-sample-invoice.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    {
      g_test_skip_printf ("%s is not available: %s", argv[0], error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

static char *
pdf_info (const char *path,
          const char *key)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = NULL;

  if (out == NULL)
    return NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (key) + 1));
  g_error ("pdfinfo printed no %s", key);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static char *
write_pdf (DtInvoiceDocument *doc,
           DtPaperSize        paper,
           const char        *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_test_build_filename (G_TEST_BUILT, "unit", "docs", name, NULL);

  g_assert_true (dt_invoice_pdf_write (doc, paper, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_render_bytes (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dt_invoice_pdf_render (doc, DT_PAPER_A4, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
}

static gpointer
render_in_thread (gpointer data)
{
  return dt_invoice_pdf_render (data, DT_PAPER_A4, NULL);
}

/* The app renders off the main thread (previews, sending): the result is the same PDF. */
static void
test_render_in_thread (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (12);
  g_autoptr(GBytes) here = dt_invoice_pdf_render (doc, DT_PAPER_A4, NULL);
  g_autoptr(GBytes) there = g_thread_join (g_thread_new ("render", render_in_thread, doc));

  g_assert_nonnull (there);
  /* Same size within the noise of the creation date in the metadata. */
  g_assert_cmpint (ABS ((gssize) g_bytes_get_size (here) - (gssize) g_bytes_get_size (there)), <, 64);
}

/* The sample for people to look at: written beside the test, with its first page as PNG. */
/* Every font in the PDF is embedded (pdffonts' "emb" column), so it prints as laid out on any
 * machine, whatever fonts the reader has. */
static void
assert_fonts_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = NULL;
  guint fonts = 0;
  int emb_column = -1;

  if (out == NULL)
    return;
  lines = g_strsplit (out, "\n", -1);
  g_assert_nonnull (lines[0]);
  emb_column = (int) (strstr (lines[0], "emb") - lines[0]);
  g_assert_cmpint (emb_column, >, 0);
  for (guint i = 2; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_assert_cmpint (strlen (lines[i]), >, emb_column + 3);
      g_assert_true (g_str_has_prefix (lines[i] + emb_column, "yes"));
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
}

static void
test_short_invoice (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (6);
  g_autofree char *path = write_pdf (doc, DT_PAPER_A4, "sample-invoice.pdf");
  g_autofree char *pages = pdf_info (path, "Pages");
  g_autofree char *paper = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = dt_money_format (doc->total, "EUR");
  g_autofree char *balance = dt_money_format (doc->balance, "EUR");
  g_autofree char *png_prefix = g_test_build_filename (G_TEST_BUILT, "unit", "docs",
                                                       "sample-invoice-1", NULL);
  g_autofree char *png = g_strconcat (png_prefix, ".png", NULL);
  const char *ppm_argv[] = { "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1",
                             "-singlefile", path, png_prefix, NULL };
  g_autofree char *ppm_out = NULL;

  if (pages == NULL)
    return;
  g_assert_cmpstr (pages, ==, "1");
  paper = pdf_info (path, "Page size");
  g_assert_nonnull (strstr (paper, "595.2"));
  g_assert_nonnull (strstr (paper, "841.8"));

  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Invoice"));
  g_assert_nonnull (strstr (text, "INV-2026-0042"));
  g_assert_nonnull (strstr (text, "Lindqvist Design Studio"));
  g_assert_nonnull (strstr (text, "株式会社山田製作所"));
  g_assert_nonnull (strstr (text, "ウェブサイトの翻訳"));
  g_assert_nonnull (strstr (text, "API для мобильного"));
  g_assert_nonnull (strstr (text, "27 November 2026"));
  g_assert_nonnull (strstr (text, "27 December 2026"));
  g_assert_nonnull (strstr (text, total));
  g_assert_nonnull (strstr (text, balance));
  g_assert_nonnull (strstr (text, "Balance due"));
  g_assert_nonnull (strstr (text, "Tax rate"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  /* The long description wrapped rather than ran off the page. */
  g_assert_nonnull (strstr (text, "high-fidelity"));
  assert_fonts_embedded (path);

  g_remove (png);
  ppm_out = run_tool (ppm_argv);
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  g_test_message ("sample invoice: %s (first page: %s)", path, png);
}

/* With the fonts tools/install-deps.sh installs, every script and every currency sign the
 * app offers has a glyph: nothing a user can type into a supported field prints as a box. */
static void
test_scripts_and_currencies (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (1);
  g_autoptr(GString) signs = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char * const *codes = dt_money_known_currencies ();

  g_assert_cmpuint (g_strv_length ((char **) codes), >, 30);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *amount = dt_money_format (123456, codes[i]);

      g_string_append_printf (signs, "%s %s\n", codes[i], amount);
    }
  g_free (doc->notes);
  doc->notes = g_string_free (g_steal_pointer (&signs), FALSE);
  g_assert_nonnull (strstr (doc->notes, "₹"));
  g_assert_nonnull (strstr (doc->notes, "₺"));
  g_assert_nonnull (strstr (doc->notes, "฿"));
  g_free (doc->terms);
  doc->terms = g_strdup ("Latin Ελληνικά Русский العربية עברית ไทย हिन्दी 日本語 中文 한국어");
  g_assert_true (dt_invoice_pdf_check_glyphs (doc, &error));
  g_assert_no_error (error);
}

static void
test_long_invoice (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (80);
  g_autofree char *path = write_pdf (doc, DT_PAPER_A4, "long-invoice.pdf");
  g_autofree char *pages = pdf_info (path, "Pages");
  g_autofree char *text = NULL;
  g_autofree char *total = dt_money_format (doc->total, "EUR");
  g_autofree char *last_page = NULL;
  guint n;

  if (pages == NULL)
    return;
  n = atoi (pages);
  g_assert_cmpuint (n, >=, 2);
  text = pdf_text (path);
  /* The table header repeats on every page that carries lines (the last may hold only the
   * notes, depending on the font's metrics), and every page says which of how many it is. */
  for (guint page = 1; page <= n; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path,
                             "-", NULL };
      g_autofree char *page_text = run_tool (argv);

      if (strstr (page_text, "Hosting and maintenance") != NULL)
        g_assert_nonnull (strstr (page_text, "Description"));
    }
  g_assert_cmpuint (count_occurrences (text, "Description"), >=, n - 1);
  g_assert_cmpuint (count_occurrences (text, "(continued)"), ==, n - 1);
  last_page = g_strdup_printf ("Page %u of %u", n, n);
  g_assert_nonnull (strstr (text, last_page));
  g_assert_nonnull (strstr (text, total));
  /* The footer is on each page. */
  g_assert_cmpuint (count_occurrences (text, "BIC ESSESESS"), ==, n);
  g_test_message ("80 lines: %u pages", n);
}

static void
test_letter_and_draft (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (3);
  g_autofree char *path = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_assert_cmpint (dt_invoice_pdf_paper_for_currency ("USD"), ==, DT_PAPER_LETTER);
  g_assert_cmpint (dt_invoice_pdf_paper_for_currency ("EUR"), ==, DT_PAPER_A4);
  g_assert_cmpint (dt_invoice_pdf_paper_for_currency (NULL), ==, DT_PAPER_A4);

  g_clear_pointer (&doc->number, g_free);
  g_free (doc->currency);
  doc->currency = g_strdup ("USD");
  name = dt_invoice_pdf_file_name (doc);
  g_assert_cmpstr (name, ==, "draft-invoice.pdf");

  path = write_pdf (doc, DT_PAPER_AUTO, "draft-letter.pdf");
  paper = pdf_info (path, "Page size");
  if (paper == NULL)
    return;
  g_assert_nonnull (strstr (paper, "612 x 792"));
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Draft"));
  g_assert_nonnull (strstr (text, "$"));
}

static void
test_credit_note (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  doc->kind = DT_INVOICE_KIND_CREDIT_NOTE;
  doc->number = g_strdup ("CN/2026 0003");
  doc->corrects_number = g_strdup ("INV-2026-0042");
  doc->currency = g_strdup ("EUR");
  doc->issue_date = g_strdup ("2026-11-28");
  doc->bill_to.name = g_strdup ("شركة النور للتجارة");
  doc->seller.name = g_strdup ("Maja Lindqvist");
  dt_invoice_document_add_line (doc, "Refund of code review", -60, DT_INVOICE_UNIT_MINUTES, NULL,
                                9500, -9500, 2500);
  g_assert_true (dt_invoice_document_compute_totals (doc, NULL));

  name = dt_invoice_pdf_file_name (doc);
  g_assert_cmpstr (name, ==, "CN-2026-0003.pdf");

  path = write_pdf (doc, DT_PAPER_A4, "credit-note.pdf");
  text = pdf_text (path);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Credit note"));
  g_assert_nonnull (strstr (text, "Corrects invoice"));
  g_assert_nonnull (strstr (text, "INV-2026-0042"));
  g_assert_nonnull (strstr (text, "Maja Lindqvist"));
  g_assert_nonnull (strstr (text, "−€118.75"));
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A logo is drawn (the page gets an image); a broken one is skipped, not fatal. */
static void
test_logo (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (2);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 40);
  cairo_t *cr = cairo_create (surface);
  GBytes *broken;
  g_autoptr(GBytes) pdf = NULL;

  cairo_set_source_rgb (cr, 0.2, 0.4, 0.8);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);

  doc->logo_png = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  path = write_pdf (doc, DT_PAPER_A4, "logo-invoice.pdf");
  {
    const char *argv[] = { "pdfimages", "-list", path, NULL };

    images = run_tool (argv);
  }
  if (images != NULL)
    g_assert_true (g_regex_match_simple ("image +120 +40 ", images, 0, 0));

  broken = g_bytes_new_static ("not a png", 9);
  g_bytes_unref (doc->logo_png);
  doc->logo_png = broken;
  pdf = dt_invoice_pdf_render (doc, DT_PAPER_A4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

/* The window's preview: the same pages as the PDF, each with ink on it, and page 1 drawn to
 * pixels the way the window does. */
static void
test_recorded_pages (void)
{
  g_autoptr(DtInvoiceDocument) doc = dt_sample_invoice_new (80);
  g_autofree char *path = write_pdf (doc, DT_PAPER_A4, "recorded-long-invoice.pdf");
  g_autofree char *pdf_pages = pdf_info (path, "Pages");
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *png = NULL;
  cairo_surface_t *image;
  cairo_t *cr;
  double w = 0, h = 0;

  pages = dt_invoice_pdf_record_pages (doc, DT_PAPER_AUTO, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 595.276, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 0.01);
  g_assert_cmpuint (pages->len, >=, 2);
  if (pdf_pages != NULL)
    g_assert_cmpuint (pages->len, ==, (guint) atoi (pdf_pages));

  for (guint i = 0; i < pages->len; i++)
    {
      double x0, y0, iw, ih;
      cairo_recording_surface_ink_extents (g_ptr_array_index (pages, i), &x0, &y0, &iw, &ih);
      /* Text from the top margin to the footer on every page, all inside the paper. */
      g_assert_cmpfloat (iw, >, w / 2);
      g_assert_cmpfloat (ih, >, h / 2);
      g_assert_cmpfloat (x0, >=, 0);
      g_assert_cmpfloat (x0 + iw, <=, w);
    }

  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cr = cairo_create (image);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, g_ptr_array_index (pages, 0), 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "recorded-page-1.png", NULL);
  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
  g_test_message ("preview page 1: %s", png);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/invoice-pdf/render-bytes", test_render_bytes);
  g_test_add_func ("/invoice-pdf/in-thread", test_render_in_thread);
  g_test_add_func ("/invoice-pdf/short", test_short_invoice);
  g_test_add_func ("/invoice-pdf/long", test_long_invoice);
  g_test_add_func ("/invoice-pdf/scripts-and-currencies", test_scripts_and_currencies);
  g_test_add_func ("/invoice-pdf/letter-draft", test_letter_and_draft);
  g_test_add_func ("/invoice-pdf/credit-note", test_credit_note);
  g_test_add_func ("/invoice-pdf/logo", test_logo);
  g_test_add_func ("/invoice-pdf/recorded-pages", test_recorded_pages);
  return g_test_run ();
}

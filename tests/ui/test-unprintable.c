/* test-unprintable.c: on a machine with only a Latin font, a draft for 株式会社山田製作所 shows
 * why it cannot be printed above its preview, and issuing it from the window is refused with
 * the same words, leaving it a draft without a number. */
#include "config.h"

#include <string.h>

#include "dt-client-store.h"
#include "dt-invoice-preview.h"
#include "dt-invoice-store.h"
#include "dt-invoices-page.h"
#include "dt-invoicing.h"
#include "dt-project-store.h"
#include "dt-test-latin-font.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"

#define H 3600
#define CJK_NAME "株式会社山田製作所"

static void
test_banner_and_refusal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  g_autoptr(DtService) service = dt_service_new (data_dir, 0);
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) c = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) p = NULL;
  g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) e = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) after = NULL;
  g_autofree char *shot = NULL;
  DtDraftRequest request = { 0 };
  DtInvoicePreview *preview;
  GtkWidget *banner;
  DtInvoicesPage *page;
  DtWindow *window;
  const char *problem;
  gint64 day;
  DtDb *db;

  g_assert_true (dt_service_start (service, &error));
  db = dt_service_get_db (service);
  dt_time_set_fake_now (dt_time_local_midnight (2026, 11, 27) + 15 * H);
  g_free (client->name);
  client->name = g_strdup (CJK_NAME);
  g_free (client->currency);
  client->currency = g_strdup ("JPY");
  client->rate = 12000;
  c = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  project->client_id = c->id;
  g_free (project->name);
  project->name = g_strdup ("Website");
  p = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  day = dt_time_local_midnight (2026, 11, 10);
  entry->project_id = p->id;
  entry->start_at = day + 9 * H;
  entry->end_at = day + 11 * H;
  entry->billable = TRUE;
  e = dt_time_entry_store_create (db, entry, &error);
  g_assert_no_error (error);
  request.client_id = c->id;
  request.from = dt_time_local_midnight (2026, 11, 1);
  request.to = dt_time_local_midnight (2026, 11, 28);
  draft = dt_invoicing_create_draft (db, &request, &error);
  g_assert_no_error (error);

  window = dt_window_new (NULL, service);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = DT_INVOICES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  dt_invoices_page_show_invoice (page, draft->id);
  dt_ui_test_iterate (200);

  /* Above the pages: what cannot be drawn and what to install. */
  preview = DT_INVOICE_PREVIEW (dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_INVOICE_PREVIEW, 0));
  problem = dt_invoice_preview_get_problem (preview);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, CJK_NAME));
  g_assert_nonnull (strstr (problem, "fonts-noto-cjk"));
  banner = gtk_widget_get_prev_sibling (GTK_WIDGET (preview));
  g_assert_true (GTK_IS_LABEL (banner));
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (banner)), ==, problem);
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "invoice-unprintable");

  /* Issuing from the window is refused: still a draft, no number taken. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.mark-sent", NULL));
  dt_ui_test_iterate (100);
  after = dt_invoice_store_get (db, draft->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, DT_INVOICE_DRAFT);
  g_assert_null (after->number);
  g_assert_cmpint (after->version, ==, draft->version);

  gtk_window_destroy (GTK_WINDOW (window));
  dt_time_set_fake_now (0);
  dt_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fonts_dir = dt_test_use_only_a_latin_font ();
  int status;

  dt_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/unprintable/banner-and-refusal", test_banner_and_refusal);
  status = g_test_run ();
  dt_test_remove_fonts_dir (fonts_dir);
  return status;
}

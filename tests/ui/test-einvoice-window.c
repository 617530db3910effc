/* test-einvoice-window.c: e-invoices in the window. The readiness panel beside the preview for the
 * six invoices of issue 19 (ready, and not ready with the missing field named; for a
 * client's field its button opens the client's form there), Export… refusing what the check blocks, Preferences'
 * E-Invoicing group checking at the field, the client form's e-invoice section, and a
 * received e-invoice shown — or refused with nothing else happening. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dt-client-store.h"
#include "dt-einvoice-readiness.h"
#include "dt-einvoice-scenarios.h"
#include "dt-einvoicing-group.h"
#include "dt-invoice-detail.h"
#include "dt-invoice-store.h"
#include "dt-invoices-page.h"
#include "dt-invoicing.h"
#include "dt-payment-store.h"
#include "dt-clients-page.h"
#include "dt-preferences-window.h"
#include "dt-profile-store.h"
#include "dt-received-invoice-window.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-window.h"

typedef struct
{
  char      *data_dir;
  DtService *service;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  g_assert_no_error (error);
  dt_time_set_fake_now (dt_time_local_midnight (2026, 11, 27) + 15 * 3600);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_time_set_fake_now (0);
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static DtDb *
fixture_db (Fixture *fixture)
{
  return dt_service_get_db (fixture->service);
}

/* The window on the Invoices page, showing invoice @invoice_id. */
static DtWindow *
open_invoice (Fixture          *fixture,
              gint64            invoice_id,
              DtInvoicesPage  **out_page)
{
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtInvoicesPage *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = DT_INVOICES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  g_assert_nonnull (page);
  dt_invoices_page_show_invoice (page, invoice_id);
  g_assert_cmpint (dt_invoices_page_get_shown (page), ==, invoice_id);
  *out_page = page;
  return window;
}

static DtEinvoiceReadiness *
page_readiness (DtInvoicesPage *page)
{
  GtkWidget *detail = dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_INVOICE_DETAIL, 0);

  return dt_invoice_detail_get_readiness (DT_INVOICE_DETAIL (detail));
}

/* The index of the problem naming @field, or -1. */
static int
find_problem (DtEinvoiceReadiness *readiness,
              const char          *field)
{
  for (guint i = 0; i < dt_einvoice_readiness_get_n_problems (readiness); i++)
    if (g_strcmp0 (dt_einvoice_readiness_get_field (readiness, i), field) == 0)
      return (int) i;
  return -1;
}

/* A new draft for the client of @issued_id, its one line and VAT like the issued one's. */
static gint64
make_draft_like (DtDb   *db,
                 gint64  issued_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) issued = dt_invoice_store_get (db, issued_id, &error);
  g_autoptr(DtInvoice) input = dt_invoice_new ();
  g_autoptr(DtInvoice) draft = NULL;
  const DtInvoiceLine *model;
  DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_HOURLY);

  g_assert_no_error (error);
  model = g_ptr_array_index (issued->lines, 0);
  input->client_id = issued->client_id;
  g_free (input->vat_category);
  input->vat_category = g_strdup (issued->vat_category);
  g_free (input->vat_exemption_reason);
  input->vat_exemption_reason = g_strdup (issued->vat_exemption_reason);
  g_free (input->period_from);
  input->period_from = g_strdup ("2026-11-01");
  g_free (input->period_to);
  input->period_to = g_strdup ("2026-11-30");
  g_free (line->description);
  line->description = g_strdup ("Consulting, December");
  line->quantity = 120;
  line->unit_price = 9000;
  line->tax_rate_bp = model->tax_rate_bp;
  g_free (line->vat_category);
  line->vat_category = g_strdup (model->vat_category);
  g_ptr_array_add (input->lines, line);
  draft = dt_invoice_store_create_draft (db, input, &error);
  g_assert_no_error (error);
  return draft->id;
}

static void
clear_client_field (DtDb       *db,
                    gint64      client_id,
                    const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (db, client_id, &error);
  g_autoptr(DtClient) saved = NULL;
  char **member = g_str_equal (field, "client.buyer_reference") ? &client->buyer_reference
                                                                : &client->vat_id;

  g_free (*member);
  *member = g_strdup ("");
  saved = dt_client_store_update (db, client, client->version, &error);
  g_assert_no_error (error);
}

static GtkWidget *
dialog_with_heading (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
is_ready (gpointer data)
{
  return dt_einvoice_readiness_is_ready (data);
}

/* Each scenario, issued, is ready as its client's format; the screenshot shows the panel
 * beside the preview. */
static void
test_scenario_ready (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_make (fixture_db (fixture), name, &error);
  DtInvoicesPage *page = NULL;
  DtWindow *window;
  DtEinvoiceReadiness *readiness;
  g_autofree char *shot_name = g_strconcat ("einvoice-ready-", name, NULL);
  g_autofree char *shot = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  window = open_invoice (fixture, id, &page);
  readiness = page_readiness (page);
  expected = g_strdup_printf ("Ready to send as %s",
                              dt_export_format_name (dt_einvoice_readiness_get_format (readiness)));
  g_assert_true (dt_einvoice_readiness_is_ready (readiness));
  g_assert_cmpstr (dt_einvoice_readiness_get_headline (readiness), ==, expected);
  /* Issued: the details are those kept at issue, so there is nothing to open. */
  for (guint i = 0; i < dt_einvoice_readiness_get_n_problems (readiness); i++)
    g_assert_null (dt_einvoice_readiness_get_fix_button (readiness, i));

  shot = dt_ui_test_screenshot (GTK_WIDGET (window), shot_name);
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
official_done (gpointer data)
{
  return !dt_einvoice_readiness_is_checking_official (data);
}

/* "Check with Official Rules" on the public-sector invoice, as XRechnung CII and UBL: the
 * window stays responsive while the JVM runs (the check is on a worker thread) and the panel
 * then says it is valid; the screenshot shows the verdict. */
static void
test_official (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_make (fixture_db (fixture), "public-sector", &error);
  const DtExportFormat formats[] = { DT_EXPORT_XRECHNUNG_CII, DT_EXPORT_XRECHNUNG_UBL };
  DtInvoicesPage *page = NULL;
  DtWindow *window;
  DtEinvoiceReadiness *readiness;
  g_autofree char *shot = NULL;

  g_assert_no_error (error);
  window = open_invoice (fixture, id, &page);
  readiness = page_readiness (page);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      gint64 started;

      dt_einvoice_readiness_set_format (readiness, formats[i]);
      g_assert_null (dt_einvoice_readiness_get_official_headline (readiness));
      started = g_get_monotonic_time ();
      g_assert_true (dt_einvoice_readiness_check_official (readiness));
      /* Returned at once, the JVM still starting: the main thread was not blocked. */
      g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
      g_assert_true (dt_einvoice_readiness_is_checking_official (readiness));
      g_assert_true (dt_ui_test_wait_for (official_done, readiness, 120000));
      g_assert_cmpstr (dt_einvoice_readiness_get_official_headline (readiness), ==,
                       "Valid under EN 16931 and XRechnung (official rules)");
      g_assert_cmpuint (dt_einvoice_readiness_get_n_official_problems (readiness), ==, 0);
    }
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "einvoice-official-valid");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* Another format clears the verdict: it was about the other file. */
  dt_einvoice_readiness_set_format (readiness, DT_EXPORT_FACTURX);
  g_assert_null (dt_einvoice_readiness_get_official_headline (readiness));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *scenario;
  const char *field;       /* cleared on the client, then named by the panel */
  const char *typed;       /* what the user types in the client form to fix it */
} NotReady;

static const NotReady not_ready_cases[] = {
  { "public-sector", "client.buyer_reference", "04011000-12345-03" },
  { "reverse-charge", "client.vat_id", "ATU12345678" },
};

/* A draft for the same client with a field cleared: not ready, the field named; its button
 * opens the client's form at the field; typing it there and saving makes the panel ready. */
static void
test_scenario_not_ready (Fixture       *fixture,
                         gconstpointer  data)
{
  const NotReady *spec = data;
  DtDb *db = fixture_db (fixture);
  g_autoptr(GError) error = NULL;
  gint64 issued = dt_einvoice_scenario_make (db, spec->scenario, &error);
  g_autoptr(DtInvoice) invoice = NULL;
  DtInvoicesPage *page = NULL;
  DtWindow *window;
  DtEinvoiceReadiness *readiness;
  GtkWidget *button, *dialog, *entry, *focus;
  g_autofree char *shot_name = g_strconcat ("einvoice-not-ready-", spec->scenario, NULL);
  g_autofree char *form_shot = g_strconcat ("einvoice-fix-", spec->scenario, NULL);
  g_autofree char *shot = NULL;
  g_autofree char *export_path = NULL;
  g_autoptr(GFile) export_file = NULL;
  gint64 draft;
  int nth;

  g_assert_no_error (error);
  draft = make_draft_like (db, issued);
  invoice = dt_invoice_store_get (db, draft, &error);
  g_assert_no_error (error);
  clear_client_field (db, invoice->client_id, spec->field);

  window = open_invoice (fixture, draft, &page);
  readiness = page_readiness (page);
  g_assert_false (dt_einvoice_readiness_is_ready (readiness));
  g_assert_true (g_str_has_prefix (dt_einvoice_readiness_get_headline (readiness),
                                   "Not ready as "));
  nth = find_problem (readiness, spec->field);
  g_assert_cmpint (nth, >=, 0);
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), shot_name);

  /* Export… refuses it, naming the problem, and writes nothing. */
  export_path = g_build_filename (fixture->data_dir, "refused.xml", NULL);
  export_file = g_file_new_for_path (export_path);
  g_assert_false (dt_invoices_page_export (page, dt_einvoice_readiness_get_format (readiness),
                                           export_file, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Not ready as "));
  g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The button opens the client's form with the field focused. */
  button = dt_einvoice_readiness_get_fix_button (readiness, nth);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  dt_ui_test_iterate (200);
  dialog = dialog_with_heading ("Edit Client");
  g_assert_nonnull (dialog);
  entry = dt_einvoicing_find_field (dialog, spec->field);
  g_assert_nonnull (entry);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), spec->typed);
  dt_ui_test_screenshot (dialog, form_shot);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");

  /* Saved through the store; the change monitor brings the panel round. */
  g_assert_true (dt_ui_test_wait_for (is_ready, readiness, 5000));
  g_assert_cmpint (find_problem (readiness, spec->field), ==, -1);
  {
    g_autoptr(DtClient) client = dt_client_store_get (db, invoice->client_id, &error);
    const char *kept = g_str_equal (spec->field, "client.buyer_reference")
                       ? client->buyer_reference : client->vat_id;
    g_assert_cmpstr (kept, ==, spec->typed);
  }
  g_assert_true (dt_invoices_page_export (page, dt_einvoice_readiness_get_format (readiness),
                                          export_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (export_path, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clear_profile_field (DtDb       *db,
                     const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, &error);
  g_autoptr(DtProfile) saved = NULL;
  char **member = g_str_equal (field, "profile.iban") ? &profile->iban : &profile->vat_id;

  g_assert_no_error (error);
  g_free (*member);
  *member = g_strdup ("");
  saved = dt_profile_store_update (db, profile, profile->version, &error);
  g_assert_no_error (error);
}

static gint64
issue (DtDb   *db,
       gint64  draft_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) issued = dt_invoicing_mark_sent (db, draft_id, NULL, NULL, 0, &error);

  g_assert_no_error (error);
  return issued->id;
}

/* § 19 UStG: a line that charges 19 % although the business charges no VAT (BR-CAT-05). */
static gint64
break_small_business (DtDb   *db,
                      gint64  issued_id)
{
  g_autoptr(GError) error = NULL;
  gint64 draft = make_draft_like (db, issued_id);
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, draft, &error);
  g_autoptr(DtInvoice) saved = NULL;

  g_assert_no_error (error);
  ((DtInvoiceLine *) invoice->lines->pdata[0])->tax_rate_bp = 1900;
  saved = dt_invoice_store_update_draft (db, invoice, invoice->version, &error);
  g_assert_no_error (error);
  return draft;
}

/* An export outside the EU without the seller's VAT ID (BR-G-02). */
static gint64
break_export (DtDb   *db,
              gint64  issued_id)
{
  gint64 draft = make_draft_like (db, issued_id);

  clear_profile_field (db, "profile.vat_id");
  return draft;
}

/* A credit note issued after the client's country was lost (BR-11): the check has no rule of
 * its own for credit notes (BT-25, the invoice credited, is always filled in), so the panel
 * shows what the credit note froze at issue. */
static gint64
break_credit_note (DtDb   *db,
                   gint64  credit_id)
{
  g_autoptr(GError) error = NULL;
  gint64 original = issue (db, make_draft_like (db, credit_id));
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, original, &error);
  g_autoptr(DtClient) client = dt_client_store_get (db, invoice->client_id, &error);
  g_autoptr(DtClient) saved = NULL;
  g_autoptr(DtInvoice) credit = NULL;

  g_assert_no_error (error);
  g_free (client->country);
  client->country = g_strdup ("");
  saved = dt_client_store_update (db, client, client->version, &error);
  g_assert_no_error (error);
  credit = dt_invoicing_create_credit_note (db, original, "Workshop cancelled", &error);
  g_assert_no_error (error);
  g_assert_cmpint (credit->kind, ==, DT_INVOICE_KIND_CREDIT_NOTE);
  return credit->id;
}

/* Paid in part, by credit transfer (58), issued without the seller's IBAN (BR-61). */
static gint64
break_partially_paid (DtDb   *db,
                      gint64  issued_id)
{
  g_autoptr(GError) error = NULL;
  gint64 draft = make_draft_like (db, issued_id);
  g_autoptr(DtPayment) payment = dt_payment_new ();
  g_autoptr(DtPayment) recorded = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, &error);
  gint64 id;

  g_assert_cmpstr (profile->payment_means, ==, "58");
  clear_profile_field (db, "profile.iban");
  id = issue (db, draft);
  payment->invoice_id = id;
  payment->amount = 5000;
  g_free (payment->method);
  payment->method = g_strdup ("bank transfer");
  recorded = dt_payment_store_record (db, payment, &error);
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  const char *scenario;
  const char *field;                       /* what the panel names */
  const char *rule;                        /* shown beside it */
  gint64    (*make) (DtDb *db, gint64 scenario_id);
  gboolean    issued;                      /* frozen: no button to fix it */
} Broken;

static const Broken broken_cases[] = {
  { "small-business", "line.1.tax_rate", "BR-CAT-05", break_small_business, FALSE },
  { "export", "profile.vat_id", "BR-G-02", break_export, FALSE },
  { "credit-note", "client.country", "BR-11", break_credit_note, TRUE },
  { "partially-paid", "profile.iban", "BR-61", break_partially_paid, TRUE },
};

/* The other four scenarios, each broken where the check looks for it: not ready, the field
 * and its rule named, Export… refusing and writing nothing. */
static void
test_scenario_broken (Fixture       *fixture,
                      gconstpointer  data)
{
  const Broken *spec = data;
  DtDb *db = fixture_db (fixture);
  g_autoptr(GError) error = NULL;
  gint64 made = dt_einvoice_scenario_make (db, spec->scenario, &error);
  g_autofree char *shot_name = g_strconcat ("einvoice-not-ready-", spec->scenario, NULL);
  g_autofree char *export_path = g_build_filename (fixture->data_dir, "refused.xml", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(DtInvoice) invoice = NULL;
  DtInvoicesPage *page = NULL;
  DtWindow *window;
  DtEinvoiceReadiness *readiness;
  GtkWidget *button;
  gint64 id;
  int nth;

  g_assert_no_error (error);
  id = spec->make (db, made);
  invoice = dt_invoice_store_get (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (invoice->status == DT_INVOICE_DRAFT, ==, !spec->issued);
  if (g_str_equal (spec->scenario, "partially-paid"))
    g_assert_true (invoice->balance > 0 && invoice->balance < invoice->total);

  window = open_invoice (fixture, id, &page);
  readiness = page_readiness (page);
  g_assert_false (dt_einvoice_readiness_is_ready (readiness));
  g_assert_true (g_str_has_prefix (dt_einvoice_readiness_get_headline (readiness),
                                   "Not ready as "));
  nth = find_problem (readiness, spec->field);
  g_assert_cmpint (nth, >=, 0);
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (readiness), spec->rule));
  button = dt_einvoice_readiness_get_fix_button (readiness, nth);
  if (spec->issued)
    g_assert_null (button);
  else
    g_assert_true (button != NULL && gtk_widget_is_sensitive (button));
  dt_ui_test_screenshot (GTK_WIDGET (window), shot_name);

  g_assert_false (dt_invoices_page_export (page, dt_einvoice_readiness_get_format (readiness),
                                           export_file, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Not ready as "));
  g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
row_has_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

/* Preferences → Business → E-Invoicing: a bad IBAN is named under the field and not saved;
 * a good one is kept compact; § 19 UStG is one choice with its text. */
static void
test_preferences_group (Fixture       *fixture,
                        gconstpointer  data)
{
  DtDb *db = fixture_db (fixture);
  g_autoptr(GError) error = NULL;
  DtPreferencesWindow *prefs = dt_preferences_window_new (NULL, fixture->service);
  GtkWidget *iban, *vat, *group, *message_row;
  g_autoptr(DtProfile) before = dt_profile_store_get (db, &error);
  g_autoptr(DtProfile) after = NULL;
  g_autoptr(DtProfile) kept = NULL;
  g_autoptr(DtProfile) small = NULL;
  const char *const *choices = dt_einvoicing_vat_choices ();
  guint small_index = 0;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 1600);
  dt_preferences_window_show_page (prefs, "profile");
  gtk_window_present (GTK_WINDOW (prefs));
  iban = dt_einvoicing_find_field (GTK_WIDGET (prefs), "profile.iban");
  g_assert_nonnull (iban);
  group = dt_ui_test_find (GTK_WIDGET (prefs), DT_TYPE_EINVOICING_GROUP, 0);
  g_assert_nonnull (group);

  /* A typing error in the check digits: said under the field, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (iban), "DE89 3704 0044 0532 0130 01");
  g_assert_true (dt_ui_test_wait_for (row_has_error, iban, 2000));
  message_row = g_object_get_data (G_OBJECT (iban), "dt-message-row");
  g_assert_true (gtk_widget_get_visible (message_row));
  g_assert_nonnull (dt_ui_test_find_text (message_row, "check digits"));
  g_signal_emit_by_name (iban, "apply");
  after = dt_profile_store_get (db, &error);
  g_assert_cmpstr (after->iban, ==, before->iban);
  g_assert_cmpint (after->version, ==, before->version);
  dt_ui_test_screenshot (group, "einvoice-preferences-bad-iban");

  /* The right one, typed with spaces, is kept compact. */
  gtk_editable_set_text (GTK_EDITABLE (iban), "de89 3704 0044 0532 0130 00");
  g_assert_false (gtk_widget_has_css_class (iban, "error"));
  g_signal_emit_by_name (iban, "apply");
  kept = dt_profile_store_get (db, &error);
  g_assert_cmpstr (kept->iban, ==, "DE89370400440532013000");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (iban)), ==, "DE89370400440532013000");

  /* The small-business rule. */
  vat = dt_einvoicing_find_field (GTK_WIDGET (prefs), "profile.vat_category");
  g_assert_nonnull (vat);
  while (!g_str_equal (choices[small_index], "E-19"))
    small_index++;
  adw_combo_row_set_selected (ADW_COMBO_ROW (vat), small_index);
  small = dt_profile_store_get (db, &error);
  g_assert_cmpstr (small->vat_category, ==, "E");
  g_assert_cmpstr (small->vat_exemption_reason, ==, DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dt_einvoicing_find_field (GTK_WIDGET (prefs), "profile.vat_exemption_reason"))),
                   ==, DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS);
  dt_ui_test_screenshot (group, "einvoice-preferences");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The client form's e-invoice section: a bad VAT ID is named at the field and keeps Save
 * off; the fields typed are what the store keeps. */
static void
test_client_form (Fixture       *fixture,
                  gconstpointer  data)
{
  DtDb *db = fixture_db (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_make (db, "public-sector", &error);
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, id, &error);
  g_autoptr(DtClient) before = dt_client_store_get (db, invoice->client_id, &error);
  g_autoptr(DtClient) after = NULL;
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtClientsPage *page;
  GtkWidget *dialog, *vat, *reference;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "clients");
  page = DT_CLIENTS_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_CLIENTS_PAGE, 0));
  dialog = dt_clients_page_edit_client_field (page, before->id, "client.vat_id");
  g_assert_nonnull (dialog);
  vat = dt_einvoicing_find_field (dialog, "client.vat_id");
  reference = dt_einvoicing_find_field (dialog, "client.buyer_reference");
  g_assert_nonnull (vat);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reference)), ==,
                   before->buyer_reference);

  gtk_editable_set_text (GTK_EDITABLE (vat), "12345");
  g_assert_true (gtk_widget_has_css_class (vat, "error"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  g_assert_nonnull (dt_ui_test_find_text (dialog, "is not a VAT identifier"));

  gtk_editable_set_text (GTK_EDITABLE (vat), "de 811 111 111");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  dt_ui_test_screenshot (dialog, "einvoice-client-form");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  dt_ui_test_iterate (100);
  after = dt_client_store_get (db, before->id, &error);
  g_assert_cmpstr (after->vat_id, ==, "DE811111111");
  g_assert_cmpstr (after->buyer_reference, ==, before->buyer_reference);
  g_assert_cmpstr (after->einvoice_format, ==, before->einvoice_format);
  g_assert_cmpstr (after->city, ==, before->city);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWindow *shown;
  GError    *error;
  gboolean   done;
} Opened;

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Opened *opened = user_data;

  opened->shown = dt_window_open_received_file_finish (DT_WINDOW (source), result,
                                                       &opened->error);
  opened->done = TRUE;
}

static gboolean
opened_done (gpointer data)
{
  return ((Opened *) data)->done;
}

static guint
n_toplevels (void)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ());
}

/* An XRechnung exported here, read back as if a supplier had sent it; a hostile file is one
 * toast and no window. */
static void
test_received (Fixture       *fixture,
               gconstpointer  data)
{
  DtDb *db = fixture_db (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_make (db, "public-sector", &error);
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, id, &error);
  DtInvoicesPage *page = NULL;
  DtWindow *window;
  g_autofree char *xml_path = g_build_filename (fixture->data_dir, "received.xml", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->data_dir, "hostile.xml", NULL);
  g_autoptr(GFile) xml = g_file_new_for_path (xml_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  Opened opened = { 0 };
  Opened refused = { 0 };
  const char *markup;
  guint before;

  g_assert_no_error (error);
  window = open_invoice (fixture, id, &page);
  g_assert_true (dt_invoices_page_export (page, DT_EXPORT_XRECHNUNG_CII, xml, &error));
  g_assert_no_error (error);

  dt_window_open_received_file (window, xml, NULL, on_opened_cb, &opened);
  g_assert_true (dt_ui_test_wait_for (opened_done, &opened, 5000));
  g_assert_no_error (opened.error);
  g_assert_true (DT_IS_RECEIVED_INVOICE_WINDOW (opened.shown));
  markup = dt_received_invoice_window_get_markup (DT_RECEIVED_INVOICE_WINDOW (opened.shown));
  g_assert_nonnull (strstr (markup, invoice->number));
  g_assert_nonnull (strstr (markup, "04011000-12345-03"));
  dt_ui_test_screenshot (GTK_WIDGET (opened.shown), "einvoice-received");
  gtk_window_destroy (opened.shown);

  /* An external entity: refused by the core, said in a toast, no window. */
  g_assert_true (g_file_set_contents (bad_path,
                                      "<?xml version=\"1.0\"?>\n"
                                      "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                                      "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:"
                                      "uncefact:data:standard:CrossIndustryInvoice:100\">&x;"
                                      "</rsm:CrossIndustryInvoice>\n", -1, NULL));
  dt_ui_test_iterate (100);
  before = n_toplevels ();
  dt_window_open_received_file (window, bad, NULL, on_opened_cb, &refused);
  g_assert_true (dt_ui_test_wait_for (opened_done, &refused, 5000));
  g_assert_null (refused.shown);
  g_assert_nonnull (refused.error);
  g_assert_cmpuint (n_toplevels (), ==, before);
  g_clear_error (&refused.error);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *const *names = dt_einvoice_scenario_names ();

  dt_ui_test_init (&argc, &argv);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/einvoice/ready/%s", names[i]);
      g_test_add (path, Fixture, names[i], fixture_set_up, test_scenario_ready,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_ready_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/einvoice/not-ready/%s",
                                               not_ready_cases[i].scenario);
      g_test_add (path, Fixture, &not_ready_cases[i], fixture_set_up, test_scenario_not_ready,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/einvoice/not-ready/%s",
                                               broken_cases[i].scenario);
      g_test_add (path, Fixture, &broken_cases[i], fixture_set_up, test_scenario_broken,
                  fixture_tear_down);
    }
  g_test_add ("/ui/einvoice/official", Fixture, NULL, fixture_set_up, test_official,
              fixture_tear_down);
  g_test_add ("/ui/einvoice/preferences", Fixture, NULL, fixture_set_up,
              test_preferences_group, fixture_tear_down);
  g_test_add ("/ui/einvoice/client-form", Fixture, NULL, fixture_set_up, test_client_form,
              fixture_tear_down);
  g_test_add ("/ui/einvoice/received", Fixture, NULL, fixture_set_up, test_received,
              fixture_tear_down);
  return g_test_run ();
}

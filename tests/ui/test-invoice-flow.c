/* test-invoice-flow.c: client + period → the candidates the billing engine finds, ticked in
 * the dialog → a draft whose totals are the core's → issued → a payment recorded. */
#include "config.h"

#include <string.h>

#include "dt-client-store.h"
#include "dt-invoice-store.h"
#include "dt-invoice-detail.h"
#include "dt-invoices-page.h"
#include "dt-billing-hub-page.h"
#include "dt-reports-page.h"
#include "dt-reports.h"
#include "dt-time-entry-row.h"
#include "dt-time-page.h"
#include "dt-invoicing.h"
#include "dt-settings-store.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"
#include "dt-ui-test.h"
#include "dt-invoice-preview.h"
#include "dt-window.h"

#define H 3600

typedef struct
{
  char      *data_dir;
  DtService *service;
  gint64     client_id;
} Fixture;

static gint64
add_task (DtDb       *db,
          gint64      project_id,
          const char *title)
{
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTask) saved = NULL;

  task->project_id = project_id;
  g_free (task->title);
  task->title = g_strdup (title);
  saved = dt_task_store_create (db, task, NULL);
  g_assert_nonnull (saved);
  return saved->id;
}

static void
add_entry (DtDb    *db,
           gint64   project_id,
           gint64   task_id,
           gint64   start,
           gint64   seconds,
           gboolean billable)
{
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) saved = NULL;

  input->project_id = project_id;
  input->task_id = task_id;
  input->start_at = start;
  input->end_at = start + seconds;
  input->billable = billable;
  saved = dt_time_entry_store_create (db, input, NULL);
  g_assert_nonnull (saved);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_new ();
  g_autoptr(DtClient) c = NULL;
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) p = NULL;
  gint64 design, build, day;
  DtDb *db;

  fixture->data_dir = g_dir_make_tmp ("dt-ui-XXXXXX", &error);
  fixture->service = dt_service_new (fixture->data_dir, 0);
  g_assert_true (dt_service_start (fixture->service, &error));
  db = dt_service_get_db (fixture->service);
  dt_time_set_fake_now (dt_time_local_midnight (2026, 11, 27) + 15 * H);

  g_free (client->name);
  client->name = g_strdup ("Acme Corporation");
  g_free (client->email);
  client->email = g_strdup ("billing@acme.example");
  g_free (client->currency);
  client->currency = g_strdup ("EUR");
  client->rate = 8000;
  c = dt_client_store_create (db, client, &error);
  g_assert_no_error (error);
  fixture->client_id = c->id;
  project->client_id = c->id;
  g_free (project->name);
  project->name = g_strdup ("Website");
  p = dt_project_store_create (db, project, &error);
  g_assert_no_error (error);
  design = add_task (db, p->id, "Design review");
  build = add_task (db, p->id, "Build");

  day = dt_time_local_midnight (2026, 11, 10);
  add_entry (db, p->id, design, day + 9 * H, 2 * H, TRUE);
  add_entry (db, p->id, build, day + 13 * H, 3 * H + 1800, TRUE);
  add_entry (db, p->id, build, day + 24 * H + 9 * H, 1 * H + 1234, TRUE);
  add_entry (db, p->id, build, day + 24 * H + 14 * H, H, FALSE);  /* not billable */
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

static gboolean
report_ready (gpointer data)
{
  return !dt_reports_page_is_loading (data);
}

static gboolean
hub_ready (gpointer data)
{
  return !dt_billing_hub_page_is_loading (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static GtkWidget *
dialog_with_heading (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

/* Descendants of @root of exactly @type (and with @css_class, unless NULL) that are shown,
 * not counting those inside one. */
static guint
count_shown (GtkWidget  *root,
             GType       type,
             const char *css_class)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (G_OBJECT_TYPE (child) == type &&
          (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
        n++;
      else
        n += count_shown (child, type, css_class);
    }
  return n;
}

/* The open invoice's part of the page. */
static GtkWidget *
page_detail (DtInvoicesPage *page)
{
  return dt_ui_test_find (GTK_WIDGET (page), DT_TYPE_INVOICE_DETAIL, 0);
}

static void
test_flow (Fixture       *fixture,
           gconstpointer  data)
{
  DtDb *db = dt_service_get_db (fixture->service);
  DtWindow *window = dt_window_new (NULL, fixture->service);
  DtInvoicesPage *page;
  GtkWidget *dialog, *check;
  g_autoptr(DtCandidates) core = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) paid = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dialog_shot = NULL;
  g_autofree char *draft_shot = NULL;
  g_autofree char *list_shot = NULL;
  gint64 from = dt_time_local_midnight (2026, 11, 1);
  gint64 to = dt_time_local_midnight (2026, 11, 28);
  gint64 expected = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = DT_INVOICES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  g_assert_cmpuint (dt_invoices_page_get_n_invoices (page), ==, 0);

  /* What the core finds for this client and month. */
  core = dt_invoicing_find_candidates (db, fixture->client_id, from, to, DT_GROUP_BY_TASK,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (core->groups->len, ==, 2);

  /* The dialog lists the same groups, all ticked; untick the second one. */
  dialog = dt_invoices_page_new_invoice (page, fixture->client_id);
  g_assert_nonnull (dt_ui_test_find (dialog, GTK_TYPE_CHECK_BUTTON, 1));
  g_assert_null (dt_ui_test_find (dialog, GTK_TYPE_CHECK_BUTTON, 2));
  for (guint i = 0; i < core->groups->len; i++)
    g_assert_nonnull (dt_ui_test_find_text (dialog, ((DtCandidateGroup *)
                                                     g_ptr_array_index (core->groups, i))
                                                    ->description));
  dialog_shot = dt_ui_test_screenshot (dialog, "invoice-new-from-candidates");
  check = dt_ui_test_find (dialog, GTK_TYPE_CHECK_BUTTON, 1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  expected = ((DtCandidateGroup *) g_ptr_array_index (core->groups, 0))->amount;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "create");

  /* The draft bills exactly the ticked group, priced as the core prices it. */
  g_assert_cmpint (dt_invoices_page_get_shown (page), !=, 0);
  draft = dt_invoice_store_get (db, dt_invoices_page_get_shown (page), &error);
  g_assert_no_error (error);
  g_assert_cmpint (draft->status, ==, DT_INVOICE_DRAFT);
  g_assert_cmpint (draft->subtotal, ==, expected);
  {
    g_autoptr(DtInvoice) again = dt_invoice_store_get (db, draft->id, NULL);
    g_assert_true (dt_invoice_compute_totals (again, NULL));
    g_assert_cmpint (again->total, ==, draft->total);
  }
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Total"));
  /* The preview is the PDF's own pages, drawn in the window. */
  {
    DtInvoicePreview *preview = DT_INVOICE_PREVIEW (
      gtk_widget_get_template_child (page_detail (page), DT_TYPE_INVOICE_DETAIL, "preview_pages"));
    g_assert_cmpuint (dt_invoice_preview_get_n_pages (preview), ==, 1);
    draft_shot = dt_ui_test_screenshot (GTK_WIDGET (window), "invoice-draft");
    /* Laid out as a page: as tall as A4 is for the width it got. */
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (preview)), >,
                     gtk_widget_get_width (GTK_WIDGET (preview)));
  }

  /* The unticked work is still ready to bill. */
  {
    g_autoptr(DtCandidates) left = dt_invoicing_find_candidates (db, fixture->client_id, from, to,
                                                                 DT_GROUP_BY_TASK, NULL);
    g_assert_cmpuint (left->groups->len, ==, 1);
    g_assert_cmpint (left->amount, ==, core->amount - expected);
  }

  /* On the Time page the billed entry is locked: shown, but without editors. */
  {
    DtTimePage *time_page = DT_TIME_PAGE (dt_ui_test_find (GTK_WIDGET (window),
                                                           DT_TYPE_TIME_PAGE, 0));
    g_autofree char *locked_shot = NULL;

    dt_window_show_page (window, "time");
    dt_time_page_show (time_page, dt_time_local_midnight (2026, 11, 10) + 12 * H, TRUE);
    g_assert_cmpuint (dt_time_page_get_n_entries (time_page), ==, 4);
    /* Rows are recycled: the one bound to the billed entry says so, the others do not. */
    g_assert_cmpuint (count_shown (GTK_WIDGET (time_page), DT_TYPE_TIME_ENTRY_ROW, NULL), ==, 4);
    g_assert_cmpuint (count_shown (GTK_WIDGET (time_page), DT_TYPE_TIME_ENTRY_ROW,
                                   "locked-entry"), ==, 1);
    locked_shot = dt_ui_test_screenshot (GTK_WIDGET (window), "time-with-billed-entry");
    dt_window_show_page (window, "invoices");
  }

  /* Preview: the PDF the client would get, drawn by the same code, in the cache folder. */
  {
    g_autofree char *preview = g_build_filename (g_get_user_cache_dir (), "doubletime",
                                                 "previews", "draft-invoice.pdf", NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.preview-pdf", NULL));
    g_assert_true (dt_ui_test_wait_for (file_exists, preview, 10000));
  }

  /* Edit the draft: a manual line of two hours at €100, then 19 % tax on every line. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.add-line", NULL));
  dialog = dialog_with_heading ("Add a Line");
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0)),
                         "Workshop");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 1)), "2");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 2)), "100");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.edit-draft", NULL));
  dialog = dialog_with_heading ("Edit Draft");
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0)), "19");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_clear_pointer (&draft, dt_invoice_free);
  draft = dt_invoice_store_get (db, dt_invoices_page_get_shown (page), NULL);
  g_assert_cmpuint (draft->lines->len, ==, 2);
  g_assert_cmpint (draft->subtotal, ==, expected + 20000);
  g_assert_cmpint (draft->total, ==, draft->subtotal + (draft->subtotal * 19 + 50) / 100);
  /* The plain-text rendering (behind its expander) follows the edit too. */
  {
    GtkLabel *text = GTK_LABEL (gtk_widget_get_template_child (page_detail (page),
                                                               DT_TYPE_INVOICE_DETAIL,
                                                               "preview_label"));
    g_assert_nonnull (strstr (gtk_label_get_text (text), "Workshop"));
  }
  {
    g_autofree char *edited_shot = dt_ui_test_screenshot (GTK_WIDGET (window),
                                                          "invoice-draft-edited");
  }

  /* Mark as sent, then record part of the payment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.mark-sent", NULL));
  g_clear_pointer (&draft, dt_invoice_free);
  draft = dt_invoice_store_get (db, dt_invoices_page_get_shown (page), NULL);
  g_assert_cmpint (draft->status, ==, DT_INVOICE_SENT);
  g_assert_true (g_str_has_prefix (draft->number, "INV-2026-"));

  dialog = dt_invoices_page_record_payment (page);
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0)), "100");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  paid = dt_invoice_store_get (db, draft->id, NULL);
  g_assert_cmpint (paid->status, ==, DT_INVOICE_PARTIALLY_PAID);
  g_assert_cmpint (paid->balance, ==, draft->total - 10000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.back", NULL));
  g_assert_cmpuint (dt_invoices_page_get_n_invoices (page), ==, 1);
  list_shot = dt_ui_test_screenshot (GTK_WIDGET (window), "invoices-list");

  /* The report of the month, by task: the chart and the table, and the core's CSV. */
  {
    DtReportsPage *reports;
    g_autofree char *csv = NULL;
    g_autofree char *shot = NULL;

    dt_window_show_page (window, "reports");
    reports = DT_REPORTS_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_REPORTS_PAGE, 0));
    dt_reports_page_set_query (reports, DT_REPORT_RANGE_THIS_MONTH, DT_REPORT_BY_TASK);
    /* Run on a worker: the page says so, then shows the answer. */
    g_assert_true (dt_reports_page_is_loading (reports));
    g_assert_true (dt_ui_test_wait_for (report_ready, reports, 10000));
    g_assert_cmpuint (dt_reports_page_get_n_rows (reports), ==, 2);
    csv = dt_reports_page_get_csv (reports);
    g_assert_true (g_str_has_prefix (csv, "group,"));
    g_assert_nonnull (strstr (csv, "Design review"));
    shot = dt_ui_test_screenshot (GTK_WIDGET (window), "reports");
  }

  /* The Billing Hub: the client's card with what is left to bill and what is owed. */
  {
    DtBillingHubPage *hub;
    g_autofree char *shot = NULL;

    dt_window_show_page (window, "billing");
    hub = DT_BILLING_HUB_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_BILLING_HUB_PAGE,
                                                0));
    dt_billing_hub_page_reload (hub);
    g_assert_true (dt_billing_hub_page_is_loading (hub));
    g_assert_true (dt_ui_test_wait_for (hub_ready, hub, 10000));
    g_assert_cmpuint (dt_billing_hub_page_get_n_clients (hub), ==, 1);
    g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (hub), "Ready to bill"));
    shot = dt_ui_test_screenshot (GTK_WIDGET (window), "billing-hub");

    /* One click from the card opens the new-invoice dialog for that client. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-invoice", "x",
                                               fixture->client_id));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
invoice_sent (gpointer data)
{
  gpointer *args = data;
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (args[0], GPOINTER_TO_SIZE (args[1]),
                                                       NULL);

  return invoice != NULL && invoice->status == DT_INVOICE_SENT;
}

static void
test_send_by_email (Fixture       *fixture,
                    gconstpointer  data)
{
  DtDb *db = dt_service_get_db (fixture->service);
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration", "docs",
                                                   "smtp-sink.py", NULL);
  g_autofree char *spool = g_dir_make_tmp ("dt-ui-smtp-XXXXXX", &error);
  g_autoptr(GSubprocess) sink = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port_line = NULL;
  g_autofree char *eml = NULL;
  g_autofree char *confirm_shot = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  DtDraftRequest request = { 0 };
  DtWindow *window;
  DtInvoicesPage *page;
  GtkWidget *dialog;
  gpointer args[2];

  sink = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "/usr/bin/python3", script, "--dir", spool, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sink));
  port_line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dt_settings_set (db, DT_SETTING_SMTP_HOST, "127.0.0.1", &error));
  g_assert_true (dt_settings_set (db, DT_SETTING_SMTP_PORT, port_line, &error));
  g_assert_true (dt_settings_set (db, DT_SETTING_SMTP_SECURITY, "none", &error));
  g_assert_true (dt_settings_set (db, DT_SETTING_SMTP_FROM, "maja@lindqvist.example", &error));
  g_assert_no_error (error);

  request.client_id = fixture->client_id;
  request.from = dt_time_local_midnight (2026, 11, 1);
  request.to = dt_time_local_midnight (2026, 11, 28);
  request.grouping = DT_GROUP_BY_TASK;
  request.tax_rate_bp = -1;
  draft = dt_invoicing_create_draft (db, &request, &error);
  g_assert_no_error (error);

  window = dt_window_new (NULL, fixture->service);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = DT_INVOICES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  dt_invoices_page_show_invoice (page, draft->id);

  /* Send asks first, naming the address and the amount. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.send", NULL));
  dialog = dialog_with_heading ("Send This Invoice?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "billing@acme.example"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  confirm_shot = dt_ui_test_screenshot (dialog, "invoice-send-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");

  /* The loopback SMTP server accepts it; only then is the invoice issued. */
  args[0] = db;
  args[1] = GSIZE_TO_POINTER (draft->id);
  g_assert_true (dt_ui_test_wait_for (invoice_sent, args, 20000));
  eml = g_build_filename (spool, "1.eml", NULL);
  g_assert_true (g_file_test (eml, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_output_stream_close (g_subprocess_get_stdin_pipe (sink), NULL, NULL);
  g_subprocess_wait (sink, NULL, NULL);
}

static GArray *
line_ids (DtDb   *db,
          gint64  invoice_id)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (invoice);
  for (guint i = 0; i < invoice->lines->len; i++)
    g_array_append_val (ids, ((DtInvoiceLine *) g_ptr_array_index (invoice->lines, i))->id);
  return ids;
}

/* The rows of the shown draft's lines. */
static GPtrArray *
page_rows (DtInvoicesPage *page)
{
  static GPtrArray *rows;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (
    gtk_widget_get_template_child (page_detail (page), DT_TYPE_INVOICE_DETAIL, "lines_group"));

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = g_ptr_array_new ();
  for (guint i = 0; ; i++)
    {
      GtkWidget *row = dt_ui_test_find (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, i);

      if (row == NULL)
        break;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
test_draft_lines (Fixture       *fixture,
                  gconstpointer  data)
{
  DtDb *db = dt_service_get_db (fixture->service);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) after = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) moved = NULL;
  g_autoptr(GArray) left = NULL;
  g_autoptr(DtCandidates) free_again = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *heading = NULL;
  DtDraftRequest request = { 0 };
  DtInvoiceLine *workshop;
  DtWindow *window;
  DtInvoicesPage *page;
  GtkWidget *dialog, *up, *down;
  gint64 time_line, total_before;

  /* A draft of two time lines (one per task) and a fixed line for a workshop. */
  request.client_id = fixture->client_id;
  request.from = dt_time_local_midnight (2026, 11, 1);
  request.to = dt_time_local_midnight (2026, 11, 28);
  request.grouping = DT_GROUP_BY_TASK;
  request.tax_rate_bp = 1900;
  draft = dt_invoicing_create_draft (db, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (draft->lines->len, ==, 2);
  workshop = dt_invoice_line_new (DT_LINE_FIXED);
  g_free (workshop->description);
  workshop->description = g_strdup ("Workshop <day one>");
  workshop->quantity = 1500;
  workshop->unit_price = 40000;
  workshop->tax_rate_bp = 700;
  g_ptr_array_add (draft->lines, workshop);
  after = dt_invoice_store_update_draft (db, draft, draft->version, &error);
  g_assert_no_error (error);
  before = line_ids (db, draft->id);
  g_assert_cmpuint (before->len, ==, 3);

  window = dt_window_new (NULL, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  dt_window_show_page (window, "invoices");
  page = DT_INVOICES_PAGE (dt_ui_test_find (GTK_WIDGET (window), DT_TYPE_INVOICES_PAGE, 0));
  dt_invoices_page_show_invoice (page, draft->id);

  /* One row per line, in print order; the first cannot go up, the last not down. The
   * description is shown as written, not read as markup. */
  g_assert_nonnull (dt_invoices_page_get_line_button (page, 2, 2));
  g_assert_null (dt_invoices_page_get_line_button (page, 3, 0));
  g_assert_false (gtk_widget_get_sensitive (dt_invoices_page_get_line_button (page, 0, 0)));
  g_assert_true (gtk_widget_get_sensitive (dt_invoices_page_get_line_button (page, 0, 1)));
  g_assert_true (gtk_widget_get_sensitive (dt_invoices_page_get_line_button (page, 2, 0)));
  g_assert_false (gtk_widget_get_sensitive (dt_invoices_page_get_line_button (page, 2, 1)));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "Workshop <day one>"));
  g_assert_nonnull (dt_ui_test_find_text (GTK_WIDGET (page), "1.5 × €400.00 · €600.00 · 7 % tax"));
  shot = dt_ui_test_screenshot (GTK_WIDGET (window), "invoice-draft-lines");

  /* The workshop moves up twice by its buttons, to the top; the time lines keep their order,
   * and the focus stays on the line that moved. */
  up = dt_invoices_page_get_line_button (page, 2, 0);
  gtk_widget_grab_focus (up);
  g_signal_emit_by_name (up, "clicked");
  up = dt_invoices_page_get_line_button (page, 1, 0);
  g_assert_true (gtk_widget_has_focus (up));
  g_signal_emit_by_name (up, "clicked");
  moved = line_ids (db, draft->id);
  g_assert_cmpint (g_array_index (moved, gint64, 0), ==, g_array_index (before, gint64, 2));
  g_assert_cmpint (g_array_index (moved, gint64, 1), ==, g_array_index (before, gint64, 0));
  g_assert_cmpint (g_array_index (moved, gint64, 2), ==, g_array_index (before, gint64, 1));
  /* At the top its up button is off, so the focus went to its down button. */
  down = dt_invoices_page_get_line_button (page, 0, 1);
  g_assert_true (gtk_widget_has_focus (down));
  /* Moving past the end changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.move-line", "(xi)",
                                             g_array_index (before, gint64, 2), -1));
  g_clear_pointer (&left, g_array_unref);
  left = line_ids (db, draft->id);
  g_assert_cmpmem (left->data, left->len * sizeof (gint64),
                   moved->data, moved->len * sizeof (gint64));

  /* Activating the workshop's row edits it: its units, price and tax rate. */
  g_signal_emit_by_name (g_ptr_array_index (page_rows (page), 0), "activate");
  dialog = dialog_with_heading ("Edit Line");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dt_ui_test_find (dialog,
                   ADW_TYPE_ENTRY_ROW, 1))), ==, "1.5");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 0)),
                         "Workshop, day one");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 1)), "2");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 2)), "350");
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 3)), "19");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&after, dt_invoice_free);
  after = dt_invoice_store_get (db, draft->id, NULL);
  workshop = g_ptr_array_index (after->lines, 0);
  g_assert_cmpstr (workshop->description, ==, "Workshop, day one");
  g_assert_cmpint (workshop->quantity, ==, 2000);
  g_assert_cmpint (workshop->unit_price, ==, 35000);
  g_assert_cmpint (workshop->amount, ==, 70000);
  g_assert_cmpint (workshop->tax_rate_bp, ==, 1900);

  /* A time line's form has no quantity: its time is what was tracked. A price that is not
   * money keeps the form from saving. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.edit-line", "x",
                                             g_array_index (moved, gint64, 1)));
  dialog = dialog_with_heading ("Edit Line");
  g_assert_nonnull (dialog);
  g_assert_nonnull (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 2));
  g_assert_null (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 3));
  gtk_editable_set_text (GTK_EDITABLE (dt_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, 1)), "lots");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Removing a time line asks first, naming it and its time; Cancel keeps it. */
  time_line = g_array_index (moved, gint64, 1);
  g_clear_pointer (&after, dt_invoice_free);
  after = dt_invoice_store_get (db, draft->id, NULL);
  total_before = after->total;
  heading = g_strdup_printf ("Remove “%s”?",
                             ((DtInvoiceLine *) g_ptr_array_index (after->lines, 1))->description);
  g_assert_nonnull (strstr (heading, "Design review"));
  g_signal_emit_by_name (dt_invoices_page_get_line_button (page, 1, 2), "clicked");
  dialog = dialog_with_heading (heading);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "2 h"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&left, g_array_unref);
  left = line_ids (db, draft->id);
  g_assert_cmpuint (left->len, ==, 3);

  /* Remove: the line goes, the total drops by its amount and tax, and its two hours are
   * ready to bill again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "invoices.remove-line", "x",
                                             time_line));
  dialog = dialog_with_heading (heading);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  g_clear_pointer (&left, g_array_unref);
  left = line_ids (db, draft->id);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (g_array_index (left, gint64, 0), ==, g_array_index (moved, gint64, 0));
  g_assert_cmpint (g_array_index (left, gint64, 1), ==, g_array_index (moved, gint64, 2));
  g_clear_pointer (&after, dt_invoice_free);
  after = dt_invoice_store_get (db, draft->id, NULL);
  g_assert_cmpint (after->total, ==, total_before - 16000 - 3040);
  free_again = dt_invoicing_find_candidates (db, fixture->client_id, request.from, request.to,
                                             DT_GROUP_BY_TASK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (free_again->groups->len, ==, 1);
  g_assert_cmpint (free_again->amount, ==, 16000);
  g_assert_null (dt_invoices_page_get_line_button (page, 2, 0));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);
  g_test_add ("/ui/invoice-flow/candidates-to-payment", Fixture, NULL, fixture_set_up,
              test_flow, fixture_tear_down);
  g_test_add ("/ui/invoice-flow/send-by-email", Fixture, NULL, fixture_set_up,
              test_send_by_email, fixture_tear_down);
  g_test_add ("/ui/invoice-flow/draft-lines", Fixture, NULL, fixture_set_up,
              test_draft_lines, fixture_tear_down);
  return g_test_run ();
}

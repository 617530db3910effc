/* dt-invoices-page-new.c: a new invoice from the work ready to bill: the user picks a client,
 * a period and a grouping, ticks the candidates the billing engine finds, and gets a draft. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-store.h"
#include "dt-format.h"
#include "dt-invoices-page-private.h"
#include "dt-invoicing.h"
#include "dt-time.h"

typedef struct
{
  DtInvoicesPage *page;
  GtkWidget      *dialog;
  GArray         *client_ids;
  AdwComboRow    *client;
  AdwEntryRow    *from;
  AdwEntryRow    *to;
  AdwComboRow    *grouping;
  GtkWidget      *candidates_group;
  GtkLabel       *total;
  GPtrArray      *rows;          /* the candidate rows shown (removed on refresh) */
  GPtrArray      *checks;        /* GtkCheckButton per candidate group */
  DtCandidates   *candidates;
  gint64          period_from;
  gint64          period_to;
} NewInvoice;

static void
new_invoice_free (gpointer data,
                  GClosure *closure)
{
  NewInvoice *form = data;

  g_object_unref (form->page);
  g_array_unref (form->client_ids);
  g_ptr_array_unref (form->rows);
  g_ptr_array_unref (form->checks);
  g_clear_pointer (&form->candidates, dt_candidates_free);
  g_free (form);
}

static gboolean
parse_day (AdwEntryRow *row,
           gint64      *out)
{
  int y, m, d;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!dt_time_parse_date (text, &y, &m, &d, NULL))
    return FALSE;
  *out = dt_time_local_midnight (y, m, d);
  return TRUE;
}

static void
update_total (NewInvoice *form)
{
  gint64 amount = 0, minutes = 0;
  gboolean any = FALSE;
  g_autofree char *money = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; form->candidates != NULL && i < form->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (form->checks, i)))
      {
        DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
        amount += group->amount;
        minutes += group->billed_minutes;
        any = TRUE;
      }
  money = dt_format_money (amount, form->candidates != NULL ? form->candidates->currency : NULL);
  time = dt_format_duration_words (minutes * 60);
  /* Translators: "12 h 30 min — €1,000.00 before tax" */
  text = g_strdup_printf (_("%s — %s before tax"), time, money);
  gtk_label_set_label (form->total, text);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create", any);
}

static void
refresh_candidates (NewInvoice *form)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (form->client);
  DtInvoiceGrouping grouping = adw_combo_row_get_selected (form->grouping) == 1
                               ? DT_GROUP_BY_PROJECT
                               : adw_combo_row_get_selected (form->grouping) == 2
                               ? DT_GROUP_BY_ENTRY : DT_GROUP_BY_TASK;
  gint64 from, to;

  for (guint i = 0; i < form->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (form->candidates_group),
                                  g_ptr_array_index (form->rows, i));
  g_ptr_array_set_size (form->rows, 0);
  g_ptr_array_set_size (form->checks, 0);
  g_clear_pointer (&form->candidates, dt_candidates_free);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= form->client_ids->len ||
      !parse_day (form->from, &from) || !parse_day (form->to, &to) || to < from)
    {
      gtk_label_set_label (form->total, _("Choose a client and a period like 2026-11-01 to "
                                          "2026-11-30"));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                               FALSE);
      return;
    }
  form->period_from = from;
  form->period_to = dt_time_local_day_add (to, 1);
  form->candidates = dt_invoicing_find_candidates (form->page->db,
                                                   g_array_index (form->client_ids, gint64,
                                                                  selected),
                                                   form->period_from, form->period_to,
                                                   grouping, &error);
  if (form->candidates == NULL)
    {
      gtk_label_set_label (form->total, error->message);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                               FALSE);
      return;
    }
  for (guint i = 0; i < form->candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *time = dt_format_raw_and_billed (group->raw_minutes * 60,
                                                        group->billed_minutes * 60);
      g_autofree char *rate = dt_format_rate (group->rate, form->candidates->currency);
      g_autofree char *amount = dt_format_money (group->amount, form->candidates->currency);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", time, rate);
      GtkWidget *amount_label = gtk_label_new (amount);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_total), form);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), group->description);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, group->rate_explanation);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_add_css_class (amount_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->candidates_group), row);
      g_ptr_array_add (form->rows, row);
      g_ptr_array_add (form->checks, check);
    }
  if (form->candidates->groups->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing ready to bill in this period"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->candidates_group), row);
      g_ptr_array_add (form->rows, row);
    }
  update_total (form);
}

static void
on_new_invoice_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            NewInvoice       *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DtInvoice) draft = NULL;
  DtDraftRequest request = { 0 };

  if (!g_str_equal (response, "create") || form->candidates == NULL)
    return;
  for (guint i = 0; i < form->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (form->checks, i)))
      {
        DtCandidateGroup *group = g_ptr_array_index (form->candidates->groups, i);
        for (guint e = 0; e < group->entries->len; e++)
          g_array_append_val (entry_ids,
                              ((DtCandidateEntry *) g_ptr_array_index (group->entries, e))->entry_id);
      }
  request.client_id = form->candidates->client_id;
  request.from = form->period_from;
  request.to = form->period_to;
  request.grouping = form->candidates->grouping;
  request.entry_ids = entry_ids;
  request.tax_rate_bp = -1;
  draft = dt_invoicing_create_draft (form->page->db, &request, &error);
  if (draft == NULL)
    {
      dt_invoices_page_toast (form->page, error->message);
      return;
    }
  dt_invoices_page_reload (form->page);
  dt_invoices_page_show_invoice (form->page, draft->id);
}

GtkWidget *
dt_invoices_page_new_invoice (DtInvoicesPage *self,
                              gint64          client_id)
{
  NewInvoice *form = g_new0 (NewInvoice, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *groupings[] = { NULL, NULL, NULL, NULL };
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) clients = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GtkWidget *box, *group;
  gint64 now = dt_time_now ();

  form->page = g_object_ref (self);
  form->client_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  form->rows = g_ptr_array_new ();
  form->checks = g_ptr_array_new ();

  query.limit = DT_LIST_MAX_LIMIT;
  clients = dt_client_store_list (self->db, &query, NULL, NULL);
  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      DtClient *c = g_ptr_array_index (clients, i);
      gtk_string_list_append (names, c->name);
      g_array_append_val (form->client_ids, c->id);
    }

  form->dialog = adw_message_dialog_new (dt_invoices_page_get_parent_window (self), _("New Invoice"),
                                         _("Tick the work to bill. The draft can still be "
                                           "changed or deleted before it is sent."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog), "cancel", _("_Cancel"),
                                    "create", _("C_reate Draft"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  form->client = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->client), _("Client"));
  adw_combo_row_set_model (form->client, G_LIST_MODEL (names));
  for (guint i = 0; i < form->client_ids->len; i++)
    if (g_array_index (form->client_ids, gint64, i) == client_id)
      adw_combo_row_set_selected (form->client, i);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->client));

  /* This month so far: the usual monthly invoice. */
  from = dt_time_local_date (dt_time_local_month_start (now));
  to = dt_time_local_date (now);
  form->from = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->from), _("From"));
  gtk_editable_set_text (GTK_EDITABLE (form->from), from);
  form->to = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->to), _("To (inclusive)"));
  gtk_editable_set_text (GTK_EDITABLE (form->to), to);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->from));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->to));

  groupings[0] = _("One line per task");
  groupings[1] = _("One line per project");
  groupings[2] = _("One line per entry");
  form->grouping = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->grouping), _("Lines"));
  adw_combo_row_set_model (form->grouping, G_LIST_MODEL (gtk_string_list_new (groupings)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->grouping));
  gtk_box_append (GTK_BOX (box), group);

  form->candidates_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (form->candidates_group),
                                   _("Ready to Bill"));
  gtk_box_append (GTK_BOX (box), form->candidates_group);
  form->total = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->total, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->total), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->total));

  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
    gtk_widget_set_size_request (scrolled, 440, -1);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), scrolled);
  }

  g_signal_connect_swapped (form->client, "notify::selected", G_CALLBACK (refresh_candidates),
                            form);
  g_signal_connect_swapped (form->grouping, "notify::selected", G_CALLBACK (refresh_candidates),
                            form);
  g_signal_connect_swapped (form->from, "changed", G_CALLBACK (refresh_candidates), form);
  g_signal_connect_swapped (form->to, "changed", G_CALLBACK (refresh_candidates), form);
  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_new_invoice_response_cb), form,
                         new_invoice_free, 0);
  refresh_candidates (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
}

static void
new_invoice_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_invoices_page_new_invoice (DT_INVOICES_PAGE (widget), 0);
}

void
dt_invoices_page_class_add_new_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "invoices.new-invoice", NULL,
                                   new_invoice_activated);
}

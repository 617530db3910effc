/* dt-clients-page.c: the Clients page: each client opens to its projects (rate, budget with
 * progress) and their tasks; forms check every field and say what is wrong next to it. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-change-monitor.h"
#include "dt-client-store.h"
#include "dt-clients-page.h"
#include "dt-form-checks.h"
#include "dt-form.h"
#include "dt-format.h"
#include "dt-money.h"
#include "dt-project-store.h"
#include "dt-reports.h"
#include "dt-search.h"
#include "dt-store-events.h"
#include "dt-task-store.h"
#include "dt-time.h"
#include "dt-window.h"

struct _DtClientsPage
{
  GtkWidget        parent_instance;

  DtDb            *db;
  DtChangeMonitor *monitor;
  guint            reload_id;
  guint            n_clients;
  GHashTable      *expanded;      /* client ids kept open across reloads */

  GtkWidget       *box;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *archived_toggle;
  GtkStack        *stack;
  GtkListBox      *clients_list;
};

G_DEFINE_FINAL_TYPE (DtClientsPage, dt_clients_page, GTK_TYPE_WIDGET)

static void
toast (DtClientsPage *self,
       const char    *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static GPtrArray *
list_everything (DtDb            *db,
                 GPtrArray     *(*list) (DtDb *, const DtListQuery *, gboolean *, GError **),
                 GDestroyNotify  free_func,
                 DtListQuery    *query)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (free_func);
  gboolean more = TRUE;

  query->limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = list (db, query, &more, NULL);

      if (page == NULL || page->len == 0)
        break;
      query->after_id = *(gint64 *) g_ptr_array_index (page, page->len - 1);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, page->pdata[i]);
      g_ptr_array_set_free_func (page, NULL);
    }
  return all;
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  return button;
}

static char *
client_subtitle (const DtClient *client)
{
  g_autofree char *rate = dt_format_rate (client->rate, client->currency);
  /* Translators: "EUR · €80.00/h · 30 days to pay" */
  return g_strdup_printf (ngettext ("%s · %s · %d day to pay", "%s · %s · %d days to pay",
                                    client->payment_terms_days),
                          client->currency != NULL ? client->currency : "",
                          client->rate >= 0 ? rate : _("Default rate"),
                          client->payment_terms_days);
}

static GtkWidget *
project_row (DtClientsPage   *self,
             const DtClient  *client,
             const DtProject *project,
             gint64           used_seconds,
             gint64           used_amount)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *rate = dt_format_rate (project->rate, client->currency);
  g_autofree char *budget = NULL;
  g_autofree char *subtitle = NULL;
  double fraction = 0;
  gboolean over = FALSE;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), project->name);
  if (project->budget_minutes >= 0)
    budget = dt_format_budget (used_seconds, project->budget_minutes * 60, FALSE, NULL,
                               &fraction, &over);
  else if (project->budget_amount >= 0)
    budget = dt_format_budget (used_amount, project->budget_amount, TRUE, client->currency,
                               &fraction, &over);
  subtitle = budget != NULL ? g_strdup_printf ("%s · %s", project->rate >= 0 ? rate
                                               : _("Client’s rate"), budget)
                            : g_strdup (project->rate >= 0 ? rate : _("Client’s rate"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("folder-symbolic"));
  if (budget != NULL)
    {
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), fraction);
      gtk_widget_set_size_request (bar, 96, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, 0.8);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, 0.95);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      budget, -1);
      if (over)
        gtk_widget_add_css_class (row, "over-budget");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("list-add-symbolic", _("Add a Task"),
                                          "clients.new-task", project->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("document-edit-symbolic", _("Edit Project"),
                                          "clients.edit-project", project->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button ("user-trash-symbolic", _("Archive Project"),
                                          "clients.archive-project", project->id));
  return row;
}

static GtkWidget *
task_row (const DtTask *task)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("› %s", task->title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (!task->billable)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not billable"));
  gtk_widget_set_margin_start (row, 24);
  return row;
}

static void
on_client_expanded_cb (AdwExpanderRow *row,
                       GParamSpec     *pspec,
                       DtClientsPage  *self)
{
  gpointer id = g_object_get_data (G_OBJECT (row), "client-id");

  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, id);
  else
    g_hash_table_remove (self->expanded, id);
}

void
dt_clients_page_reload (DtClientsPage *self)
{
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(DtReport) usage = NULL;
  g_autoptr(GHashTable) seconds = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) amounts = g_hash_table_new (g_int64_hash, g_int64_equal);
  DtListQuery query = { 0 };
  DtReportQuery report = { 0 };
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean archived = gtk_toggle_button_get_active (self->archived_toggle);
  GtkWidget *child;

  g_return_if_fail (DT_IS_CLIENTS_PAGE (self));

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->clients_list, 0))) != NULL)
    gtk_list_box_remove (self->clients_list, child);
  self->n_clients = 0;

  query.archived = archived ? DT_ARCHIVED_INCLUDE : DT_ARCHIVED_EXCLUDE;
  clients = list_everything (self->db, dt_client_store_list, (GDestroyNotify) dt_client_free,
                             &query);
  memset (&query, 0, sizeof query);
  query.archived = archived ? DT_ARCHIVED_INCLUDE : DT_ARCHIVED_EXCLUDE;
  projects = list_everything (self->db, dt_project_store_list, (GDestroyNotify) dt_project_free,
                              &query);
  memset (&query, 0, sizeof query);
  tasks = list_everything (self->db, dt_task_store_list, (GDestroyNotify) dt_task_free, &query);

  /* One report over all time gives every project's use of its budget. */
  report.from = 0;
  report.to = dt_time_now () + 1;
  report.group_by = DT_REPORT_BY_PROJECT;
  usage = dt_report_run (self->db, &report, NULL);
  for (guint i = 0; usage != NULL && i < usage->rows->len; i++)
    {
      DtReportRow *r = g_ptr_array_index (usage->rows, i);
      g_hash_table_insert (seconds, &r->id, &r->seconds);
      g_hash_table_insert (amounts, &r->id, &r->amount);
    }

  for (guint c = 0; c < clients->len; c++)
    {
      DtClient *client = g_ptr_array_index (clients, c);
      g_autofree char *key = dt_search_key (client->name);
      g_autofree char *subtitle = client_subtitle (client);
      GtkWidget *row;
      gpointer id = GSIZE_TO_POINTER (client->id);

      if (!dt_search_matches (key, search))
        continue;
      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), client->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), client->archived
                                     ? _("Archived") : subtitle);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   adw_avatar_new (32, client->name, TRUE));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   client->archived
                                   ? icon_button ("edit-undo-symbolic", _("Restore Client"),
                                                  "clients.restore-client", client->id)
                                   : icon_button ("user-trash-symbolic", _("Archive Client"),
                                                  "clients.archive-client", client->id));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   icon_button ("document-edit-symbolic", _("Edit Client"),
                                                "clients.edit-client", client->id));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   icon_button ("list-add-symbolic", _("Add a Project"),
                                                "clients.new-project", client->id));
      g_object_set_data (G_OBJECT (row), "client-id", id);

      for (guint p = 0; p < projects->len; p++)
        {
          DtProject *project = g_ptr_array_index (projects, p);
          gint64 *used = g_hash_table_lookup (seconds, &project->id);
          gint64 *amount = g_hash_table_lookup (amounts, &project->id);

          if (project->client_id != client->id)
            continue;
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    project_row (self, client, project, used ? *used : 0,
                                                 amount ? *amount : 0));
          for (guint t = 0; t < tasks->len; t++)
            {
              DtTask *task = g_ptr_array_index (tasks, t);
              if (task->project_id == project->id && g_strcmp0 (task->status, "done") != 0)
                adw_expander_row_add_row (ADW_EXPANDER_ROW (row), task_row (task));
            }
        }
      if (g_hash_table_contains (self->expanded, id))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      g_signal_connect (row, "notify::expanded", G_CALLBACK (on_client_expanded_cb), self);
      gtk_list_box_append (self->clients_list, row);
      self->n_clients++;
    }

  if (self->n_clients == 0 && *search != '\0')
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack,
                                                                              "empty")),
                                 _("No Matching Clients"));
    }
  else
    adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack,
                                                                            "empty")),
                               _("No Clients Yet"));
  gtk_stack_set_visible_child_name (self->stack, self->n_clients > 0 ? "list" : "empty");
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtClientsPage *self = user_data;

  self->reload_id = 0;
  dt_clients_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (DtClientsPage *self)
{
  if (self->reload_id == 0)
    /* Before the next layout and paint (GTK's are just below), not after every animation. */
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
}

static void
on_store_changed_cb (DtClientsPage *self,
                     const char    *entity,
                     gint64         id,
                     gpointer       monitor)
{
  if (dt_change_monitor_matches (entity, DT_ENTITY_CLIENT) ||
      g_str_equal (entity, DT_ENTITY_PROJECT) || g_str_equal (entity, DT_ENTITY_TASK) ||
      g_str_equal (entity, DT_ENTITY_TIME_ENTRY))
    schedule_reload (self);
}

static void
on_search_changed_cb (DtClientsPage *self)
{
  dt_clients_page_reload (self);
}

/* ---- forms ------------------------------------------------------------------------------ */

static char *
check_client_name (const char *text,
                   gpointer    data)
{
  return dt_check_name (text, 200);
}

static char *
check_emails (const char *text,
              gpointer    data)
{
  return dt_check_email (text, FALSE, TRUE);
}

static char *
check_currency (const char *text,
                gpointer    data)
{
  g_autofree char *upper = g_ascii_strup (text, -1);
  return dt_check_currency (upper);
}

static char *
check_rate (const char *text,
            gpointer    data)
{
  DtForm *form = data;
  g_autofree char *currency = g_ascii_strup (dt_form_get_text (form, "currency"), -1);

  return dt_check_money (text, dt_money_currency_exponent (currency) >= 0 ? currency : "EUR",
                         TRUE, NULL);
}

static char *
check_rate_eur (const char *text,
                gpointer    data)
{
  return dt_check_money (text, data, TRUE, NULL);
}

static char *
check_days (const char *text,
            gpointer    data)
{
  return dt_check_days (text, NULL);
}

static char *
check_hours (const char *text,
             gpointer    data)
{
  return dt_check_duration (text, TRUE, NULL);
}

typedef struct
{
  DtClientsPage *page;
  gint64         id;
  char          *currency;
  gint64         project_id;  /* the project edited, 0 for a new one */
} FormTarget;

static void
form_target_free (gpointer data)
{
  FormTarget *target = data;

  g_object_unref (target->page);
  g_free (target->currency);
  g_free (target);
}

static FormTarget *
form_target_new (DtClientsPage *page,
                 gint64         id,
                 const char    *currency)
{
  FormTarget *target = g_new0 (FormTarget, 1);

  target->page = g_object_ref (page);
  target->id = id;
  target->currency = g_strdup (currency);
  return target;
}

static void
on_client_done_cb (DtForm   *form,
                   gpointer  user_data)
{
  FormTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtClient) saved = NULL;
  gint64 rate = -1;

  if (target->id != 0)
    client = dt_client_store_get (target->page->db, target->id, &error);
  else
    client = dt_client_new ();
  if (client == NULL)
    {
      toast (target->page, error->message);
      return;
    }
  g_free (client->name);
  client->name = g_strstrip (g_strdup (dt_form_get_text (form, "name")));
  g_free (client->email);
  client->email = g_strstrip (g_strdup (dt_form_get_text (form, "email")));
  g_free (client->currency);
  client->currency = g_ascii_strup (dt_form_get_text (form, "currency"), -1);
  dt_check_money (dt_form_get_text (form, "rate"), client->currency, TRUE, &rate);
  client->rate = rate >= 0 ? rate : DT_NO_VALUE;
  dt_check_days (dt_form_get_text (form, "terms"), &client->payment_terms_days);

  saved = target->id != 0 ? dt_client_store_update (target->page->db, client, client->version,
                                                    &error)
                          : dt_client_store_create (target->page->db, client, &error);
  if (saved == NULL)
    toast (target->page, error->message);
  else
    g_hash_table_add (target->page->expanded, GSIZE_TO_POINTER (saved->id));
  dt_clients_page_reload (target->page);
}

GtkWidget *
dt_clients_page_edit_client (DtClientsPage *self,
                             gint64         client_id)
{
  g_autoptr(DtClient) client = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *terms = NULL;
  DtForm *form;

  g_return_val_if_fail (DT_IS_CLIENTS_PAGE (self), NULL);

  if (client_id != 0)
    {
      g_autoptr(GError) error = NULL;
      client = dt_client_store_get (self->db, client_id, &error);
      if (client == NULL)
        {
          toast (self, error->message);
          return NULL;
        }
    }
  else
    /* The form starts from the user's defaults (Preferences → Billing, the profile). */
    client = dt_client_new_with_defaults (self->db);
  rate = client->rate >= 0 ? dt_money_format_plain (client->rate, client->currency)
                           : g_strdup ("");
  terms = g_strdup_printf ("%d", client->payment_terms_days);

  form = dt_form_new (GTK_WIDGET (self), client_id != 0 ? _("Edit Client") : _("New Client"),
                      NULL, client_id != 0 ? _("_Save") : _("_Add"), on_client_done_cb,
                      form_target_new (self, client_id, NULL), form_target_free);
  dt_form_add_entry (form, "name", _("Name"), client->name, check_client_name, NULL);
  dt_form_add_entry (form, "email", _("Billing e-mail"), client->email, check_emails, NULL);
  dt_form_add_entry (form, "currency", _("Currency"), client->currency, check_currency, NULL);
  dt_form_add_entry (form, "rate", _("Hourly rate (empty: your default)"), rate, check_rate,
                     form);
  dt_form_add_entry (form, "terms", _("Days to pay"), terms, check_days, NULL);
  return dt_form_present (form);
}

static void
on_project_done_cb (DtForm   *form,
                    gpointer  user_data)
{
  FormTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProject) project = target->project_id != 0
                                  ? dt_project_store_get (target->page->db, target->project_id,
                                                          &error)
                                  : dt_project_new ();
  g_autoptr(DtProject) saved = NULL;
  gint64 rate = -1, budget = -1, budget_seconds = -1;

  if (project == NULL)
    {
      toast (target->page, error->message);
      return;
    }
  project->client_id = target->id;
  g_free (project->name);
  project->name = g_strstrip (g_strdup (dt_form_get_text (form, "name")));
  dt_check_money (dt_form_get_text (form, "rate"), target->currency, TRUE, &rate);
  project->rate = rate >= 0 ? rate : DT_NO_VALUE;
  dt_check_duration (dt_form_get_text (form, "budget-hours"), TRUE, &budget_seconds);
  project->budget_minutes = budget_seconds >= 0 ? budget_seconds / 60 : DT_NO_VALUE;
  dt_check_money (dt_form_get_text (form, "budget-amount"), target->currency, TRUE, &budget);
  project->budget_amount = budget >= 0 ? budget : DT_NO_VALUE;
  saved = target->project_id != 0
          ? dt_project_store_update (target->page->db, project, project->version, &error)
          : dt_project_store_create (target->page->db, project, &error);
  if (saved == NULL)
    toast (target->page, error->message);
  g_hash_table_add (target->page->expanded, GSIZE_TO_POINTER (target->id));
  dt_clients_page_reload (target->page);
}

static GtkWidget *
project_form (DtClientsPage *self,
              gint64         client_id,
              gint64         project_id);

GtkWidget *
dt_clients_page_new_project (DtClientsPage *self,
                             gint64         client_id)
{
  return project_form (self, client_id, 0);
}

static GtkWidget *
project_form (DtClientsPage *self,
              gint64         client_id,
              gint64         project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_get (self->db, client_id, &error);
  g_autoptr(DtProject) project = project_id != 0 ? dt_project_store_get (self->db, project_id,
                                                                         NULL) : NULL;
  g_autofree char *rate = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *body = NULL;
  FormTarget *target;
  DtForm *form;

  if (client == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  /* Translators: %s is a client's name */
  body = g_strdup_printf (_("For %s. Amounts are in %s."), client->name, client->currency);
  target = form_target_new (self, client_id, client->currency);
  target->project_id = project != NULL ? project->id : 0;
  if (project != NULL)
    {
      rate = project->rate >= 0 ? dt_money_format_plain (project->rate, client->currency) : NULL;
      hours = project->budget_minutes >= 0
              ? g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", project->budget_minutes / 60,
                                 (int) (project->budget_minutes % 60))
              : NULL;
      amount = project->budget_amount >= 0
               ? dt_money_format_plain (project->budget_amount, client->currency) : NULL;
    }
  form = dt_form_new (GTK_WIDGET (self), project != NULL ? _("Edit Project") : _("New Project"),
                      body, project != NULL ? _("_Save") : _("_Add"), on_project_done_cb,
                      target, form_target_free);
  dt_form_add_entry (form, "name", _("Name"), project != NULL ? project->name : NULL,
                     check_client_name, NULL);
  dt_form_add_entry (form, "rate", _("Hourly rate (empty: the client’s)"), rate,
                     check_rate_eur, target->currency);
  dt_form_add_entry (form, "budget-hours", _("Budget in hours (optional)"), hours, check_hours,
                     NULL);
  dt_form_add_entry (form, "budget-amount", _("Budget in money (optional)"), amount,
                     check_rate_eur, target->currency);
  return dt_form_present (form);
}

static void
on_task_done_cb (DtForm   *form,
                 gpointer  user_data)
{
  FormTarget *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTask) saved = NULL;
  g_autoptr(DtProject) project = dt_project_store_get (target->page->db, target->id, NULL);

  task->project_id = target->id;
  g_free (task->title);
  task->title = g_strstrip (g_strdup (dt_form_get_text (form, "title")));
  saved = dt_task_store_create (target->page->db, task, &error);
  if (saved == NULL)
    toast (target->page, error->message);
  if (project != NULL)
    g_hash_table_add (target->page->expanded, GSIZE_TO_POINTER (project->client_id));
  dt_clients_page_reload (target->page);
}

static char *
check_task_title (const char *text,
                  gpointer    data)
{
  return dt_check_name (text, 500);
}

GtkWidget *
dt_clients_page_new_task (DtClientsPage *self,
                          gint64         project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProject) project = dt_project_store_get (self->db, project_id, &error);
  g_autofree char *body = NULL;
  DtForm *form;

  if (project == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  /* Translators: %s is a project's name */
  body = g_strdup_printf (_("In %s."), project->name);
  form = dt_form_new (GTK_WIDGET (self), _("New Task"), body, _("_Add"), on_task_done_cb,
                      form_target_new (self, project_id, NULL), form_target_free);
  dt_form_add_entry (form, "title", _("Title"), NULL, check_task_title, NULL);
  return dt_form_present (form);
}

static void
new_client_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dt_clients_page_edit_client (DT_CLIENTS_PAGE (widget), 0);
}

static void
edit_client_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_clients_page_edit_client (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
new_project_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_clients_page_new_project (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
new_task_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  dt_clients_page_new_task (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
edit_project_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (widget);
  g_autoptr(DtProject) project = dt_project_store_get (self->db, g_variant_get_int64 (parameter),
                                                       NULL);

  if (project != NULL)
    project_form (self, project->client_id, project->id);
}

static void
set_client_archived (DtClientsPage *self,
                     gint64         id,
                     gboolean       archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_set_archived (self->db, id, archived, &error);

  if (client == NULL)
    toast (self, error->message);
  else
    toast (self, archived ? _("Client archived; its work and invoices stay")
                          : _("Client restored"));
  dt_clients_page_reload (self);
}

static void
archive_client_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_client_archived (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter), TRUE);
}

static void
restore_client_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_client_archived (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter), FALSE);
}

static void
archive_project_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProject) project = dt_project_store_set_archived (self->db,
                                                                g_variant_get_int64 (parameter),
                                                                TRUE, &error);

  toast (self, project != NULL ? _("Project archived") : error->message);
  dt_clients_page_reload (self);
}

static void
dt_clients_page_dispose (GObject *object)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CLIENTS_PAGE);
  g_clear_object (&self->monitor);
  g_clear_object (&self->db);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (dt_clients_page_parent_class)->dispose (object);
}

static void
dt_clients_page_class_init (DtClientsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_clients_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-clients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, box);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, archived_toggle);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, clients_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "clients.new-client", NULL,
                                   new_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.edit-client", "x",
                                   edit_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.new-project", "x",
                                   new_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.new-task", "x", new_task_activated);
  gtk_widget_class_install_action (widget_class, "clients.archive-project", "x",
                                   archive_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.edit-project", "x",
                                   edit_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.archive-client", "x",
                                   archive_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.restore-client", "x",
                                   restore_client_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "clients.new-client", NULL);
}

static void
dt_clients_page_init (DtClientsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->expanded = g_hash_table_new (NULL, NULL);
}

DtClientsPage *
dt_clients_page_new (DtDb *db)
{
  DtClientsPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_CLIENTS_PAGE, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  dt_clients_page_reload (self);
  return self;
}

guint
dt_clients_page_get_n_clients (DtClientsPage *self)
{
  g_return_val_if_fail (DT_IS_CLIENTS_PAGE (self), 0);
  return self->n_clients;
}

/* dt-clients-page-forms.c: the Clients page's forms for a client, a project and a task;
 * each checks every field and says what is wrong next to it. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-store.h"
#include "dt-clients-page-private.h"
#include "dt-form-checks.h"
#include "dt-form.h"
#include "dt-money.h"
#include "dt-project-store.h"
#include "dt-task-store.h"

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
      dt_clients_page_toast (target->page, error->message);
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
    dt_clients_page_toast (target->page, error->message);
  dt_clients_page_show_saved (target->page, saved != NULL ? saved->id : target->id, 0);
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
          dt_clients_page_toast (self, error->message);
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
      dt_clients_page_toast (target->page, error->message);
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
    dt_clients_page_toast (target->page, error->message);
  dt_clients_page_show_saved (target->page, target->id,
                              saved != NULL ? saved->id : target->project_id);
}

GtkWidget *
dt_clients_page_new_project (DtClientsPage *self,
                             gint64         client_id)
{
  g_return_val_if_fail (DT_IS_CLIENTS_PAGE (self), NULL);
  return dt_clients_page_edit_project (self, client_id, 0);
}

GtkWidget *
dt_clients_page_edit_project (DtClientsPage *self,
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
      dt_clients_page_toast (self, error->message);
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
    dt_clients_page_toast (target->page, error->message);
  if (project != NULL)
    dt_clients_page_show_saved (target->page, project->client_id, project->id);
  else
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
      dt_clients_page_toast (self, error->message);
      return NULL;
    }
  /* Translators: %s is a project's name */
  body = g_strdup_printf (_("In %s."), project->name);
  form = dt_form_new (GTK_WIDGET (self), _("New Task"), body, _("_Add"), on_task_done_cb,
                      form_target_new (self, project_id, NULL), form_target_free);
  dt_form_add_entry (form, "title", _("Title"), NULL, check_task_title, NULL);
  return dt_form_present (form);
}

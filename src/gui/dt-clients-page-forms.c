/* dt-clients-page-forms.c: the Clients page's forms for a client, a project and a task;
 * each checks every field and says what is wrong next to it. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-client-store.h"
#include "dt-clients-page-private.h"
#include "dt-einvoice-codes.h"
#include "dt-einvoicing-group.h"
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

/* Codes are typed as people write them ("de 123 456 789") and kept as the norm wants them. */
static char *
compact_code (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The core's own checks, so the field says exactly what saving would refuse. */
static char *
check_vat_id (const char *text,
              gpointer    data)
{
  g_autofree char *code = compact_code (text);
  g_autoptr(GError) error = NULL;

  return dt_einvoice_check_vat_id (_("The client’s VAT ID"), code, &error)
         ? NULL : g_strdup (error->message);
}

static char *
check_country (const char *text,
               gpointer    data)
{
  g_autofree char *code = compact_code (text);
  g_autoptr(GError) error = NULL;

  return dt_einvoice_check_country (_("The client’s country"), code, &error)
         ? NULL : g_strdup (error->message);
}

static char *
check_iban (const char *text,
            gpointer    data)
{
  g_autofree char *code = compact_code (text);
  g_autoptr(GError) error = NULL;

  return dt_einvoice_check_iban (_("The client’s IBAN"), code, &error)
         ? NULL : g_strdup (error->message);
}

/* The client's e-invoice fields: the form's keys are the DtClient members, and each row is
 * marked as the editor of "client.<key>", the name the readiness check gives. */
typedef struct
{
  const char *key;
  const char *title;
  DtFormCheck check;
} EinvoiceField;

static const EinvoiceField einvoice_fields[] = {
  { "buyer_reference", N_("Buyer reference or Leitweg-ID"), NULL },
  { "vat_id", N_("VAT ID"), check_vat_id },
  { "address", N_("Street address (lines separated by “; ”)"), NULL },
  { "postcode", N_("Post code"), NULL },
  { "city", N_("City"), NULL },
  { "country", N_("Country (two letters, e.g. DE)"), check_country },
  { "electronic_address", N_("Electronic address (empty: the billing e-mail)"), NULL },
  { "vat_exemption_reason", N_("VAT exemption reason"), NULL },
  { "iban", N_("Client’s IBAN (direct debit only)"), check_iban },
  { "mandate_reference", N_("SEPA mandate reference (direct debit only)"), NULL },
};

static char **
client_member (DtClient   *client,
               const char *key)
{
  if (g_str_equal (key, "buyer_reference"))
    return &client->buyer_reference;
  if (g_str_equal (key, "vat_id"))
    return &client->vat_id;
  if (g_str_equal (key, "address"))
    return &client->address;
  if (g_str_equal (key, "postcode"))
    return &client->postcode;
  if (g_str_equal (key, "city"))
    return &client->city;
  if (g_str_equal (key, "country"))
    return &client->country;
  if (g_str_equal (key, "electronic_address"))
    return &client->electronic_address;
  if (g_str_equal (key, "vat_exemption_reason"))
    return &client->vat_exemption_reason;
  if (g_str_equal (key, "iban"))
    return &client->iban;
  if (g_str_equal (key, "mandate_reference"))
    return &client->mandate_reference;
  g_return_val_if_reached (NULL);
}

/* The VAT treatments a client can have: "" takes the business's own. */
static const char *const client_vat_ids[] = { "", "S", "AE", "K", "G", "E", "Z", "O", NULL };

static void
read_einvoice_fields (DtForm   *form,
                      DtClient *client)
{
  for (guint i = 0; i < G_N_ELEMENTS (einvoice_fields); i++)
    {
      const char *key = einvoice_fields[i].key;
      const char *text = dt_form_get_text (form, key);
      char **member = client_member (client, key);

      g_free (*member);
      if (einvoice_fields[i].check != NULL)
        *member = compact_code (text);
      else if (g_str_equal (key, "address"))
        {
          g_auto(GStrv) parts = g_strsplit (text, "; ", -1);
          *member = g_strstrip (g_strjoinv ("\n", parts));
        }
      else
        *member = g_strstrip (g_strdup (text));
    }
  g_free (client->electronic_address_scheme);
  client->electronic_address_scheme = g_strdup (dt_form_get_choice (form, "electronic_address_scheme"));
  g_free (client->vat_category);
  client->vat_category = g_strdup (dt_form_get_choice (form, "vat_category"));
  g_free (client->einvoice_format);
  client->einvoice_format = g_strdup (dt_form_get_choice (form, "einvoice_format"));
}

static void
add_einvoice_fields (DtForm         *form,
                     const DtClient *client)
{
  const char *const *schemes = dt_einvoicing_schemes ();
  const char *const *formats = dt_einvoicing_formats ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *row;

  dt_form_begin_section (form, _("E-Invoicing"),
                         _("What XRechnung and Factur-X invoices need about this client"));
  for (guint i = 0; i < G_N_ELEMENTS (einvoice_fields); i++)
    {
      const char *key = einvoice_fields[i].key;
      g_autofree char *field = g_strconcat ("client.", key, NULL);
      g_autofree char *value = NULL;
      const char *stored = *client_member ((DtClient *) client, key);

      if (g_str_equal (key, "address"))
        {
          g_auto(GStrv) lines = g_strsplit (stored != NULL ? stored : "", "\n", -1);
          value = g_strjoinv ("; ", lines);
        }
      else
        value = g_strdup (stored);
      row = dt_form_add_entry (form, key, _(einvoice_fields[i].title), value,
                               einvoice_fields[i].check, NULL);
      dt_einvoicing_set_field (row, field);
      if (g_str_equal (key, "electronic_address"))
        {
          for (guint k = 0; schemes[k] != NULL; k++)
            g_ptr_array_add (labels, (gpointer) dt_einvoicing_scheme_label (schemes[k]));
          g_ptr_array_add (labels, NULL);
          row = dt_form_add_choice (form, "electronic_address_scheme",
                                    _("Kind of electronic address"), schemes,
                                    (const char *const *) labels->pdata,
                                    client->electronic_address_scheme);
          dt_einvoicing_set_field (row, "client.electronic_address_scheme");
          g_ptr_array_set_size (labels, 0);
        }
      if (g_str_equal (key, "country"))
        {
          g_ptr_array_add (labels, (gpointer) _("Your default"));
          for (guint k = 1; client_vat_ids[k] != NULL; k++)
            g_ptr_array_add (labels, (gpointer) dt_einvoicing_vat_choice_label (client_vat_ids[k]));
          g_ptr_array_add (labels, NULL);
          row = dt_form_add_choice (form, "vat_category", _("VAT treatment"), client_vat_ids,
                                    (const char *const *) labels->pdata, client->vat_category);
          dt_einvoicing_set_field (row, "client.vat_category");
          g_ptr_array_set_size (labels, 0);
        }
    }
  for (guint k = 0; formats[k] != NULL; k++)
    g_ptr_array_add (labels, (gpointer) dt_einvoicing_format_label (formats[k]));
  g_ptr_array_add (labels, NULL);
  row = dt_form_add_choice (form, "einvoice_format", _("Send invoices as"), formats,
                            (const char *const *) labels->pdata, client->einvoice_format);
  dt_einvoicing_set_field (row, "client.einvoice_format");
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
  read_einvoice_fields (form, client);

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
  return dt_clients_page_edit_client_field (self, client_id, NULL);
}

GtkWidget *
dt_clients_page_edit_client_field (DtClientsPage *self,
                                   gint64         client_id,
                                   const char    *field)
{
  g_autoptr(DtClient) client = NULL;
  GtkWidget *dialog;
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
  add_einvoice_fields (form, client);
  dialog = dt_form_present (form);
  if (field != NULL && g_str_has_prefix (field, "client."))
    {
      const char *key = field + strlen ("client.");

      /* The readiness check names what is missing: say so at the field at once. */
      dt_form_touch (form, key);
      dt_form_focus (form, key);
    }
  return dialog;
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

/* dt-einvoice-readiness.c: the readiness panel — the core's check of one invoice as one
 * e-invoice format, each problem a row naming the field with a button to where it is fixed;
 * and, where Java is installed, the file checked with the official rules on demand. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-store.h"
#include "dt-einvoice-cii.h"
#include "dt-einvoice-official.h"
#include "dt-einvoice-readiness.h"
#include "dt-einvoice-ubl.h"
#include "dt-invoice-store.h"

struct _DtEinvoiceReadiness
{
  GtkWidget            parent_instance;

  DtDb                *db;
  gint64               invoice_id;
  DtExportFormat       format;
  gboolean             ready;
  guint                syncing;        /* > 0 while the switcher is set from here */
  char                *headline;

  GtkWidget           *box;
  AdwComboRow         *format_row;
  AdwActionRow        *status_row;
  GtkImage            *status_icon;
  AdwPreferencesGroup *problems_group;
  GPtrArray           *problem_rows;   /* AdwActionRow*, in problems_group */
  GPtrArray           *fields;         /* char*, the field of each row */
  GPtrArray           *fix_buttons;    /* GtkWidget* or NULL, one per row */

  AdwActionRow        *official_row;   /* shown only where the official rules can run */
  GtkWidget           *official_button;
  GtkWidget           *official_spinner;
  AdwPreferencesGroup *official_group; /* the failed asserts */
  GPtrArray           *official_rows;  /* AdwActionRow*, in official_group */
  GCancellable        *official_cancellable;
  char                *official_headline;
};

G_DEFINE_FINAL_TYPE (DtEinvoiceReadiness, dt_einvoice_readiness, GTK_TYPE_WIDGET)

/* The switcher offers the e-invoices, in DtExportFormat order after the PDF. */
#define SWITCHER_FIRST DT_EXPORT_FACTURX

/* What a person calls the place and the field a problem names. */
static char *
describe_field (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "profile.name", N_("Preferences → Business → Your name") },
    { "profile.business_name", N_("Preferences → Business → Business name") },
    { "profile.email", N_("Preferences → Business → E-mail") },
    { "profile.vat_id", N_("Preferences → E-Invoicing → VAT ID") },
    { "profile.city", N_("Preferences → E-Invoicing → City") },
    { "profile.postcode", N_("Preferences → E-Invoicing → Post code") },
    { "profile.country", N_("Preferences → E-Invoicing → Country") },
    { "profile.phone", N_("Preferences → E-Invoicing → Telephone") },
    { "profile.iban", N_("Preferences → E-Invoicing → IBAN") },
    { "profile.creditor_id", N_("Preferences → E-Invoicing → SEPA creditor ID") },
    { "profile.electronic_address", N_("Preferences → E-Invoicing → Electronic address") },
    { "client.name", N_("Client → Name") },
    { "client.currency", N_("Client → Currency") },
    { "client.buyer_reference", N_("Client → Buyer reference or Leitweg-ID") },
    { "client.vat_id", N_("Client → VAT ID") },
    { "client.city", N_("Client → City") },
    { "client.postcode", N_("Client → Post code") },
    { "client.country", N_("Client → Country") },
    { "client.electronic_address", N_("Client → Electronic address") },
    { "client.iban", N_("Client → IBAN") },
    { "client.mandate_reference", N_("Client → SEPA mandate reference") },
    { "invoice.period", N_("Draft → Service period") },
    { "invoice.vat_category", N_("Draft → VAT category") },
    { "invoice.vat_exemption_reason", N_("Draft → VAT exemption reason") },
    { "invoice.lines", N_("Draft → Lines") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return g_strdup (_(labels[i].label));
  if (g_str_has_prefix (field, "line."))
    {
      g_auto(GStrv) parts = g_strsplit (field, ".", 3);

      /* Translators: %s is a line's position on the invoice, from 1 */
      return g_strdup_printf (_("Draft → Line %s → Tax rate"), parts[1] != NULL ? parts[1] : "");
    }
  return g_strdup (field);
}

static const char *
fix_label (const char *field)
{
  if (g_str_has_prefix (field, "profile."))
    return _("_Preferences…");
  if (g_str_has_prefix (field, "client."))
    return _("_Client…");
  return _("_Edit…");
}

static void
on_fix_clicked_cb (GtkButton           *button,
                   DtEinvoiceReadiness *self)
{
  const char *field = g_object_get_data (G_OBJECT (button), "dt-field");

  gtk_widget_activate_action (GTK_WIDGET (self), "invoices.fix-einvoice", "s", field);
}

static void
clear_problems (DtEinvoiceReadiness *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, self->problem_rows->pdata[i]);
  g_ptr_array_set_size (self->problem_rows, 0);
  g_ptr_array_set_size (self->fields, 0);
  g_ptr_array_set_size (self->fix_buttons, 0);
}

static void
add_problem (DtEinvoiceReadiness     *self,
             const DtEinvoiceProblem *problem,
             gboolean                 fixable)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (problem->severity == DT_EINVOICE_ERROR
                                                  ? "dialog-error-symbolic"
                                                  : "dialog-warning-symbolic");
  GtkWidget *button = NULL;
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;

  if (*problem->field != '\0')
    {
      g_autofree char *place = describe_field (problem->field);

      /* Translators: where to fix it, then the norm's rule: "Client → VAT ID · BR-AE-02" */
      subtitle = g_strdup_printf (_("%s · %s"), place, problem->rule);
    }
  else
    /* Translators: %s is the norm's rule, "BR-CO-10" */
    subtitle = g_strdup_printf (_("The invoice’s arithmetic · %s"), problem->rule);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, problem->severity == DT_EINVOICE_ERROR ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (fixable && *problem->field != '\0')
    {
      button = gtk_button_new_with_mnemonic (fix_label (problem->field));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "dt-field", g_strdup (problem->field), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_fix_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_preferences_group_add (self->problems_group, row);
  g_ptr_array_add (self->problem_rows, row);
  g_ptr_array_add (self->fields, g_strdup (problem->field));
  g_ptr_array_add (self->fix_buttons, button);
}

static void
set_status (DtEinvoiceReadiness *self,
            const char          *headline,
            const char          *note,
            const char          *icon,
            const char          *style)
{
  g_free (self->headline);
  self->headline = g_strdup (headline);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), headline);
  adw_action_row_set_subtitle (self->status_row, note != NULL ? note : "");
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
}

static void
clear_official (DtEinvoiceReadiness *self)
{
  g_cancellable_cancel (self->official_cancellable);
  g_clear_object (&self->official_cancellable);
  for (guint i = 0; i < self->official_rows->len; i++)
    adw_preferences_group_remove (self->official_group, self->official_rows->pdata[i]);
  g_ptr_array_set_size (self->official_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->official_group), FALSE);
  gtk_spinner_stop (GTK_SPINNER (self->official_spinner));
  gtk_widget_set_visible (self->official_spinner, FALSE);
  gtk_widget_set_sensitive (self->official_button, TRUE);
  g_clear_pointer (&self->official_headline, g_free);
  adw_action_row_set_subtitle (self->official_row,
                               _("Schema, EN 16931 and XRechnung rules, run by Java"));
}

static void
show_official (DtEinvoiceReadiness *self,
               const char          *headline)
{
  g_free (self->official_headline);
  self->official_headline = g_strdup (headline);
  adw_action_row_set_subtitle (self->official_row, headline);
  gtk_spinner_stop (GTK_SPINNER (self->official_spinner));
  gtk_widget_set_visible (self->official_spinner, FALSE);
  gtk_widget_set_sensitive (self->official_button, TRUE);
}

static void
official_checked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DtEinvoiceReadiness) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = dt_einvoice_official_check_finish (result, &error);
  g_autofree char *headline = NULL;
  DtEinvoiceProfile profile = DT_EINVOICE_PROFILE_EN16931;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->official_cancellable);
  if (problems == NULL)
    {
      /* Translators: why the official rules could not run, e.g. "Java … is not installed" */
      headline = g_strdup_printf (_("Cannot check with the official rules: %s"), error->message);
      show_official (self, headline);
      return;
    }
  if (problems->len == 0)
    {
      dt_export_format_profile (self->format, &profile);
      show_official (self, profile == DT_EINVOICE_PROFILE_XRECHNUNG
                           ? _("Valid under EN 16931 and XRechnung (official rules)")
                           : _("Valid under EN 16931 (official rules)"));
      return;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = problems->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (problem->severity == DT_EINVOICE_ERROR
                                                      ? "dialog-error-symbolic"
                                                      : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, problem->severity == DT_EINVOICE_ERROR ? "error"
                                                                             : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem->message);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->rule);
      adw_preferences_group_add (self->official_group, row);
      g_ptr_array_add (self->official_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->official_group), TRUE);
  /* Translators: the official rules' verdict on the file */
  headline = g_strdup_printf (ngettext ("The official rules report %u problem",
                                        "The official rules report %u problems", problems->len),
                              problems->len);
  show_official (self, headline);
}

/* The XML of the shown invoice as the shown format; Factur-X is checked as the CII it
 * carries. */
static GBytes *
official_xml (DtEinvoiceReadiness  *self,
              GError              **error)
{
  g_autoptr(DtEinvoice) einvoice = dt_einvoice_build (self->db, self->invoice_id, error);
  DtEinvoiceProfile profile = DT_EINVOICE_PROFILE_EN16931;

  if (einvoice == NULL)
    return NULL;
  dt_export_format_profile (self->format, &profile);
  if (self->format == DT_EXPORT_XRECHNUNG_UBL || self->format == DT_EXPORT_EN16931_UBL)
    return dt_einvoice_write_ubl (einvoice, profile, error);
  return dt_einvoice_write_cii (einvoice, profile, error);
}

static void
on_official_clicked_cb (GtkButton           *button,
                        DtEinvoiceReadiness *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = NULL;

  clear_official (self);
  xml = official_xml (self, &error);
  if (xml == NULL)
    {
      g_autofree char *headline =
        g_strdup_printf (_("Cannot check with the official rules: %s"), error->message);

      show_official (self, headline);
      return;
    }
  self->official_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->official_button, FALSE);
  gtk_widget_set_visible (self->official_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->official_spinner));
  adw_action_row_set_subtitle (self->official_row, _("Checking with the official rules…"));
  dt_einvoice_official_check_async (xml, self->official_cancellable, official_checked_cb,
                                    g_object_ref (self));
}

static void
recheck (DtEinvoiceReadiness *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *note = NULL;
  const char *name = dt_export_format_name (self->format);
  gboolean draft;
  guint errors = 0;

  clear_problems (self);
  clear_official (self);
  self->ready = FALSE;
  invoice = dt_invoice_store_get (self->db, self->invoice_id, &error);
  if (invoice != NULL)
    problems = dt_export_check (self->db, self->invoice_id, self->format, &error);
  if (problems == NULL)
    {
      /* Translators: %s is a format, "XRechnung (CII)" */
      headline = g_strdup_printf (_("Cannot check as %s"), name);
      set_status (self, headline, error->message, "dialog-error-symbolic", "error");
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
      return;
    }
  client = dt_client_store_get (self->db, invoice->client_id, NULL);
  draft = invoice->status == DT_INVOICE_DRAFT;
  for (guint i = 0; i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == DT_EINVOICE_ERROR)
        errors++;
      add_problem (self, problem, draft);
    }
  self->ready = !dt_einvoice_problems_block (problems);
  if (self->ready)
    /* Translators: %s is a format, "XRechnung (CII)" */
    headline = g_strdup_printf (_("Ready to send as %s"), name);
  else
    /* Translators: "Not ready as XRechnung (CII): 2 things missing" */
    headline = g_strdup_printf (ngettext ("Not ready as %s: %u thing missing",
                                          "Not ready as %s: %u things missing", errors),
                                name, errors);
  if (!draft)
    note = g_strdup (_("Issued: it keeps your details and the client’s as they were then; "
                       "a credit note corrects it."));
  else if (client != NULL)
    /* Translators: %s is a format such as "XRechnung (UBL)" or "PDF" */
    note = g_strdup_printf (_("The client takes %s"),
                            dt_export_format_name (dt_export_format_for_client (client->einvoice_format)));
  set_status (self, headline, note,
              self->ready ? "emblem-ok-symbolic" : "dialog-error-symbolic",
              self->ready ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems->len > 0);
}

static void
on_format_selected_cb (AdwComboRow         *row,
                       GParamSpec          *pspec,
                       DtEinvoiceReadiness *self)
{
  if (self->syncing > 0 || self->invoice_id == 0)
    return;
  self->format = SWITCHER_FIRST + adw_combo_row_get_selected (row);
  recheck (self);
}

void
dt_einvoice_readiness_set_format (DtEinvoiceReadiness *self,
                                  DtExportFormat       format)
{
  g_return_if_fail (DT_IS_EINVOICE_READINESS (self));
  g_return_if_fail (format >= SWITCHER_FIRST && format < DT_N_EXPORTS);

  self->format = format;
  self->syncing++;
  adw_combo_row_set_selected (self->format_row, format - SWITCHER_FIRST);
  self->syncing--;
  if (self->invoice_id != 0)
    recheck (self);
}

void
dt_einvoice_readiness_show (DtEinvoiceReadiness *self,
                            gint64               invoice_id)
{
  g_return_if_fail (DT_IS_EINVOICE_READINESS (self));

  if (invoice_id != self->invoice_id)
    {
      g_autoptr(DtInvoice) invoice = dt_invoice_store_get (self->db, invoice_id, NULL);
      g_autoptr(DtClient) client = invoice != NULL
                                   ? dt_client_store_get (self->db, invoice->client_id, NULL)
                                   : NULL;
      DtExportFormat format = client != NULL
                              ? dt_export_format_for_client (client->einvoice_format)
                              : DT_EXPORT_FACTURX;

      self->invoice_id = invoice_id;
      dt_einvoice_readiness_set_format (self, format == DT_EXPORT_PDF ? DT_EXPORT_FACTURX
                                                                      : format);
      return;
    }
  recheck (self);
}

DtExportFormat
dt_einvoice_readiness_get_format (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), DT_EXPORT_PDF);
  return self->format;
}

gboolean
dt_einvoice_readiness_is_ready (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), FALSE);
  return self->ready;
}

const char *
dt_einvoice_readiness_get_headline (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), NULL);
  return self->headline;
}

guint
dt_einvoice_readiness_get_n_problems (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), 0);
  return self->problem_rows->len;
}

const char *
dt_einvoice_readiness_get_field (DtEinvoiceReadiness *self,
                                 guint                nth)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), NULL);
  g_return_val_if_fail (nth < self->fields->len, NULL);
  return self->fields->pdata[nth];
}

GtkWidget *
dt_einvoice_readiness_get_fix_button (DtEinvoiceReadiness *self,
                                      guint                nth)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), NULL);
  g_return_val_if_fail (nth < self->fix_buttons->len, NULL);
  return self->fix_buttons->pdata[nth];
}

gboolean
dt_einvoice_readiness_check_official (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->official_row)) || self->invoice_id == 0)
    return FALSE;
  on_official_clicked_cb (GTK_BUTTON (self->official_button), self);
  return TRUE;
}

gboolean
dt_einvoice_readiness_is_checking_official (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), FALSE);
  return self->official_cancellable != NULL;
}

const char *
dt_einvoice_readiness_get_official_headline (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), NULL);
  return self->official_headline;
}

guint
dt_einvoice_readiness_get_n_official_problems (DtEinvoiceReadiness *self)
{
  g_return_val_if_fail (DT_IS_EINVOICE_READINESS (self), 0);
  return self->official_rows->len;
}

static void
dt_einvoice_readiness_dispose (GObject *object)
{
  DtEinvoiceReadiness *self = DT_EINVOICE_READINESS (object);

  g_cancellable_cancel (self->official_cancellable);
  g_clear_object (&self->official_cancellable);
  g_clear_pointer (&self->official_rows, g_ptr_array_unref);
  g_clear_pointer (&self->official_headline, g_free);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->fix_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->headline, g_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_einvoice_readiness_parent_class)->dispose (object);
}

static void
dt_einvoice_readiness_class_init (DtEinvoiceReadinessClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_einvoice_readiness_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
dt_einvoice_readiness_init (DtEinvoiceReadiness *self)
{
  GtkWidget *status_group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->problem_rows = g_ptr_array_new ();
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->fix_buttons = g_ptr_array_new ();
  self->format = DT_EXPORT_FACTURX;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (status_group), _("E-Invoice"));
  for (guint f = SWITCHER_FIRST; f < DT_N_EXPORTS; f++)
    gtk_string_list_append (names, dt_export_format_name (f));
  self->format_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("Check as"));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  g_signal_connect (self->format_row, "notify::selected", G_CALLBACK (on_format_selected_cb),
                    self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (status_group),
                             GTK_WIDGET (self->format_row));

  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->status_row), FALSE);
  adw_action_row_set_title_lines (self->status_row, 0);
  adw_action_row_set_subtitle_lines (self->status_row, 0);
  self->status_icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_prefix (self->status_row, GTK_WIDGET (self->status_icon));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (status_group),
                             GTK_WIDGET (self->status_row));
  /* Only where Java, Saxon-HE and the rules are installed: a button that cannot work is
   * not offered. */
  self->official_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->official_row), _("Official rules"));
  adw_action_row_set_subtitle_lines (self->official_row, 0);
  self->official_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->official_spinner, FALSE);
  adw_action_row_add_suffix (self->official_row, self->official_spinner);
  self->official_button = gtk_button_new_with_mnemonic (_("Check with _Official Rules"));
  gtk_widget_set_valign (self->official_button, GTK_ALIGN_CENTER);
  g_signal_connect (self->official_button, "clicked", G_CALLBACK (on_official_clicked_cb), self);
  adw_action_row_add_suffix (self->official_row, self->official_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (status_group),
                             GTK_WIDGET (self->official_row));
  gtk_widget_set_visible (GTK_WIDGET (self->official_row), dt_einvoice_official_available ());
  gtk_box_append (GTK_BOX (self->box), status_group);

  self->problems_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->problems_group, _("What Is Missing"));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->problems_group));

  self->official_rows = g_ptr_array_new ();
  self->official_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->official_group, _("Official Rules"));
  gtk_widget_set_visible (GTK_WIDGET (self->official_group), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->official_group));
  clear_official (self);
}

GtkWidget *
dt_einvoice_readiness_new (DtDb *db)
{
  DtEinvoiceReadiness *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_EINVOICE_READINESS, NULL);
  self->db = g_object_ref (db);
  return GTK_WIDGET (self);
}

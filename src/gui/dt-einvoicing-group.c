/* dt-einvoicing-group.c: the seller's e-invoice details in Preferences. A field is checked as
 * it is typed, with the same check the profile store applies, and the reason shows right
 * under it; apply saves it, and a refusal of the store shows there too. */
#define G_LOG_DOMAIN "dt-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-einvoice-codes.h"
#include "dt-einvoicing-group.h"
#include "dt-profile-store.h"

struct _DtEinvoicingGroup
{
  AdwPreferencesGroup  parent_instance;

  DtDb                *db;
  guint                loading;     /* > 0 while the rows are filled from the store */
  AdwComboRow         *vat_row;
  AdwEntryRow         *reason_row;
  AdwComboRow         *means_row;
  AdwComboRow         *scheme_row;
};

G_DEFINE_FINAL_TYPE (DtEinvoicingGroup, dt_einvoicing_group, ADW_TYPE_PREFERENCES_GROUP)

/* ---- VAT choices, shared with the client editor ------------------------------------------ */

static const char *const vat_choices[] = { "S", "E-19", "E", "Z", "O", "AE", "K", "G", NULL };

const char *const *
dt_einvoicing_vat_choices (void)
{
  return vat_choices;
}

const char *
dt_einvoicing_vat_choice_for (const char *category,
                              const char *exemption_reason)
{
  if (g_strcmp0 (category, "E") == 0 &&
      g_strcmp0 (exemption_reason, DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS) == 0)
    return "E-19";
  for (guint i = 0; vat_choices[i] != NULL; i++)
    if (g_strcmp0 (category, vat_choices[i]) == 0)
      return vat_choices[i];
  return "S";
}

const char *
dt_einvoicing_vat_choice_label (const char *choice)
{
  if (g_strcmp0 (choice, "S") == 0)
    return _("Standard rate (S)");
  if (g_strcmp0 (choice, "E-19") == 0)
    return _("Small business, no VAT (§ 19 UStG)");
  if (g_strcmp0 (choice, "E") == 0)
    return _("Exempt from VAT, with a reason (E)");
  if (g_strcmp0 (choice, "Z") == 0)
    return _("Zero rated (Z)");
  if (g_strcmp0 (choice, "O") == 0)
    return _("Not subject to VAT (O)");
  if (g_strcmp0 (choice, "AE") == 0)
    return _("Reverse charge: the client pays the VAT (AE)");
  if (g_strcmp0 (choice, "K") == 0)
    return _("Intra-EU supply (K)");
  if (g_strcmp0 (choice, "G") == 0)
    return _("Export outside the EU (G)");
  return choice;
}

/* ---- finding a field's row ------------------------------------------------------------------ */

void
dt_einvoicing_set_field (GtkWidget  *row,
                         const char *field)
{
  g_object_set_data_full (G_OBJECT (row), "dt-field", g_strdup (field), g_free);
}

GtkWidget *
dt_einvoicing_find_field (GtkWidget  *root,
                          const char *field)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_strcmp0 (g_object_get_data (G_OBJECT (root), "dt-field"), field) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dt_einvoicing_find_field (child, field);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- the text fields ------------------------------------------------------------------------ */

typedef enum
{
  CHECK_NONE,
  CHECK_VAT_ID,
  CHECK_COUNTRY,
  CHECK_IBAN,
  CHECK_BIC,
} CheckKind;

typedef struct
{
  const char *key;      /* the profile member, and the field "profile.<key>" */
  const char *title;
  CheckKind   check;
} TextField;

static const TextField text_fields[] = {
  { "trading_name", N_("Trading name (empty: the business name)"), CHECK_NONE },
  { "vat_id", N_("VAT ID (e.g. DE123456789)"), CHECK_VAT_ID },
  { "tax_number", N_("Tax number (Steuernummer)"), CHECK_NONE },
  { "postcode", N_("Post code"), CHECK_NONE },
  { "city", N_("City"), CHECK_NONE },
  { "country", N_("Country (two letters, e.g. DE)"), CHECK_COUNTRY },
  { "phone", N_("Telephone"), CHECK_NONE },
  { "iban", N_("IBAN"), CHECK_IBAN },
  { "bic", N_("BIC"), CHECK_BIC },
  { "creditor_id", N_("SEPA creditor ID (direct debit only)"), CHECK_NONE },
  { "electronic_address", N_("Electronic address (empty: your e-mail)"), CHECK_NONE },
};

static char **
profile_member (DtProfile  *profile,
                const char *key)
{
  if (g_str_equal (key, "trading_name"))
    return &profile->trading_name;
  if (g_str_equal (key, "vat_id"))
    return &profile->vat_id;
  if (g_str_equal (key, "tax_number"))
    return &profile->tax_number;
  if (g_str_equal (key, "postcode"))
    return &profile->postcode;
  if (g_str_equal (key, "city"))
    return &profile->city;
  if (g_str_equal (key, "country"))
    return &profile->country;
  if (g_str_equal (key, "phone"))
    return &profile->phone;
  if (g_str_equal (key, "iban"))
    return &profile->iban;
  if (g_str_equal (key, "bic"))
    return &profile->bic;
  if (g_str_equal (key, "creditor_id"))
    return &profile->creditor_id;
  if (g_str_equal (key, "electronic_address"))
    return &profile->electronic_address;
  if (g_str_equal (key, "vat_exemption_reason"))
    return &profile->vat_exemption_reason;
  g_return_val_if_reached (NULL);
}

/* What the user typed as the store keeps it: codes in capitals without spaces. */
static char *
normalize (CheckKind   check,
           const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (check == CHECK_NONE)
    return g_steal_pointer (&trimmed);
  if (check == CHECK_IBAN)
    return dt_einvoice_compact_iban (trimmed);
  {
    g_autoptr(GString) out = g_string_new (NULL);

    for (const char *p = trimmed; *p != '\0'; p++)
      if (*p != ' ')
        g_string_append_c (out, g_ascii_toupper (*p));
    return g_string_free (g_steal_pointer (&out), FALSE);
  }
}

static char *
check_text (CheckKind   check,
            const char *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (check)
    {
    case CHECK_VAT_ID:
      ok = dt_einvoice_check_vat_id (_("Your VAT ID"), value, &error);
      break;
    case CHECK_COUNTRY:
      ok = dt_einvoice_check_country (_("Your country"), value, &error);
      break;
    case CHECK_IBAN:
      ok = dt_einvoice_check_iban (_("Your IBAN"), value, &error);
      break;
    case CHECK_BIC:
      ok = dt_einvoice_check_bic (_("Your BIC"), value, &error);
      break;
    case CHECK_NONE:
    default:
      break;
    }
  return ok ? NULL : g_strdup (error->message);
}

static void
show_message (GtkWidget  *row,
              const char *message)
{
  GtkWidget *message_row = g_object_get_data (G_OBJECT (row), "dt-message-row");
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "dt-message");

  /* A drop-down has no message row: its choices are all valid, a refusal is a toast. */
  if (message_row == NULL)
    return;
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (message_row, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
toast (GtkWidget  *widget,
       const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
on_text_changed_cb (GtkEditable       *row,
                    DtEinvoicingGroup *self)
{
  CheckKind check = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "dt-check"));
  g_autofree char *value = NULL;
  g_autofree char *message = NULL;

  if (self->loading > 0)
    return;
  value = normalize (check, gtk_editable_get_text (row));
  message = check_text (check, value);
  show_message (GTK_WIDGET (row), message);
}

/* Saves @profile; on a refusal shows the store's reason under @row and returns NULL. */
static DtProfile *
save (DtEinvoicingGroup *self,
      GtkWidget         *row,
      DtProfile         *profile)
{
  g_autoptr(GError) error = NULL;
  DtProfile *saved = dt_profile_store_update (self->db, profile, profile->version, &error);

  show_message (row, saved != NULL ? NULL : error->message);
  toast (row, saved != NULL ? _("Saved") : error->message);
  return saved;
}

static void
on_text_applied_cb (AdwEntryRow       *row,
                    DtEinvoicingGroup *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "dt-key");
  CheckKind check = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "dt-check"));
  g_autofree char *value = normalize (check, gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *message = check_text (check, value);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  char **member;

  if (message != NULL)
    {
      show_message (GTK_WIDGET (row), message);
      return;
    }
  profile = dt_profile_store_get (self->db, &error);
  if (profile == NULL)
    {
      show_message (GTK_WIDGET (row), error->message);
      return;
    }
  member = profile_member (profile, key);
  g_free (*member);
  *member = g_strdup (value);
  saved = save (self, GTK_WIDGET (row), profile);
  if (saved != NULL)
    {
      /* Show what was kept: the compact IBAN, the capitals. */
      self->loading++;
      gtk_editable_set_text (GTK_EDITABLE (row), *profile_member (saved, key));
      self->loading--;
    }
}

/* An entry row for @key with the row that says what is wrong with it right under it. */
static AdwEntryRow *
add_text_row (DtEinvoicingGroup *self,
              const char        *key,
              const char        *title,
              CheckKind          check,
              const char        *value)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *message_row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *field = g_strconcat ("profile.", key, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "dt-key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (row), "dt-check", GUINT_TO_POINTER (check));
  dt_einvoicing_set_field (row, field);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message_row), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message_row), label);
  gtk_widget_set_visible (message_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
  g_object_set_data (G_OBJECT (row), "dt-message-row", message_row);
  g_object_set_data (G_OBJECT (row), "dt-message", label);

  g_signal_connect (row, "changed", G_CALLBACK (on_text_changed_cb), self);
  g_signal_connect (row, "apply", G_CALLBACK (on_text_applied_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), message_row);
  return ADW_ENTRY_ROW (row);
}

/* ---- the choices ----------------------------------------------------------------------------- */

static const char *const means_codes[] = { "58", "30", "59", NULL };
static const char *const scheme_codes[] = { "EM", "9930", "0204", "0088", "0060", "0009",
                                            "0208", "0192", "9915", NULL };

static const char *
means_label (const char *code)
{
  if (g_str_equal (code, "58"))
    return _("SEPA credit transfer");
  if (g_str_equal (code, "30"))
    return _("Credit transfer (outside SEPA)");
  return _("SEPA direct debit");
}

const char *const *
dt_einvoicing_schemes (void)
{
  return scheme_codes;
}

static const char *const formats[] = { "pdf", "facturx", "xrechnung-cii", "xrechnung-ubl",
                                       NULL };

const char *const *
dt_einvoicing_formats (void)
{
  return formats;
}

const char *
dt_einvoicing_format_label (const char *format)
{
  if (g_strcmp0 (format, "pdf") == 0)
    return _("PDF only");
  if (g_strcmp0 (format, "facturx") == 0)
    return _("Factur-X / ZUGFeRD (PDF with the e-invoice inside)");
  if (g_strcmp0 (format, "xrechnung-cii") == 0)
    return _("XRechnung (CII)");
  if (g_strcmp0 (format, "xrechnung-ubl") == 0)
    return _("XRechnung (UBL)");
  return format;
}

const char *
dt_einvoicing_scheme_label (const char *code)
{
  if (g_strcmp0 (code, "EM") == 0)
    return _("E-mail address (EM)");
  if (g_str_equal (code, "9930"))
    return _("German VAT ID (9930)");
  if (g_str_equal (code, "0204"))
    return _("Leitweg-ID (0204)");
  if (g_str_equal (code, "0088"))
    return _("Global Location Number (0088)");
  if (g_str_equal (code, "0060"))
    return _("DUNS number (0060)");
  if (g_str_equal (code, "0009"))
    return _("French SIRET (0009)");
  if (g_str_equal (code, "0208"))
    return _("Belgian enterprise number (0208)");
  if (g_str_equal (code, "0192"))
    return _("Norwegian organisation number (0192)");
  if (g_str_equal (code, "9915"))
    return _("Austrian VAT ID (9915)");
  return code;
}

typedef const char *(*LabelFunc) (const char *code);

/* A combo row over @codes (what the store keeps), labelled by @label; @current is chosen. */
static AdwComboRow *
add_choice_row (DtEinvoicingGroup  *self,
                const char         *title,
                const char         *field,
                const char *const  *codes,
                LabelFunc           label,
                const char         *current)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      gtk_string_list_append (labels, label (codes[i]));
      if (g_strcmp0 (codes[i], current) == 0)
        selected = i;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "dt-codes", (gpointer) codes);
  dt_einvoicing_set_field (row, field);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return ADW_COMBO_ROW (row);
}

static const char *
chosen_code (AdwComboRow *row)
{
  const char *const *codes = g_object_get_data (G_OBJECT (row), "dt-codes");

  return codes[adw_combo_row_get_selected (row)];
}

static void
on_choice_changed_cb (AdwComboRow       *row,
                      GParamSpec        *pspec,
                      DtEinvoicingGroup *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  const char *code = chosen_code (row);

  if (self->loading > 0)
    return;
  profile = dt_profile_store_get (self->db, &error);
  if (profile == NULL)
    {
      toast (GTK_WIDGET (row), error->message);
      return;
    }
  if (g_strcmp0 (code, row == self->means_row ? profile->payment_means
                      : row == self->scheme_row ? profile->electronic_address_scheme
                      : dt_einvoicing_vat_choice_for (profile->vat_category,
                                                      profile->vat_exemption_reason)) == 0)
    return;
  if (row == self->means_row)
    {
      g_free (profile->payment_means);
      profile->payment_means = g_strdup (code);
    }
  else if (row == self->scheme_row)
    {
      g_free (profile->electronic_address_scheme);
      profile->electronic_address_scheme = g_strdup (code);
    }
  else if (row == self->vat_row)
    {
      gboolean small_business = g_str_equal (code, "E-19");
      gboolean was_small_business =
        g_strcmp0 (profile->vat_exemption_reason, DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS) == 0;

      g_free (profile->vat_category);
      profile->vat_category = g_strdup (small_business ? "E" : code);
      /* The small-business rule brings its own text; leaving it takes the text away. */
      if (small_business || was_small_business)
        {
          g_free (profile->vat_exemption_reason);
          profile->vat_exemption_reason =
            g_strdup (small_business ? DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS : "");
          g_free (profile->vat_exemption_code);
          profile->vat_exemption_code = g_strdup ("");
        }
    }
  saved = save (self, GTK_WIDGET (row), profile);
  if (saved != NULL && row == self->vat_row)
    {
      self->loading++;
      gtk_editable_set_text (GTK_EDITABLE (self->reason_row), saved->vat_exemption_reason);
      self->loading--;
    }
}

/* ---- the group ------------------------------------------------------------------------------- */

static void
fill (DtEinvoicingGroup *self,
      const DtProfile   *profile)
{
  self->loading++;
  self->vat_row = add_choice_row (self, _("VAT"), "profile.vat_category", vat_choices,
                                  dt_einvoicing_vat_choice_label,
                                  dt_einvoicing_vat_choice_for (profile->vat_category,
                                                                profile->vat_exemption_reason));
  adw_combo_row_set_use_subtitle (self->vat_row, FALSE);
  self->reason_row = add_text_row (self, "vat_exemption_reason",
                                   _("Exemption reason (printed on exempt invoices)"),
                                   CHECK_NONE, profile->vat_exemption_reason);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      DtProfile *p = (DtProfile *) profile;

      add_text_row (self, text_fields[i].key, _(text_fields[i].title), text_fields[i].check,
                    *profile_member (p, text_fields[i].key));
      if (g_str_equal (text_fields[i].key, "creditor_id"))
        self->means_row = add_choice_row (self, _("Payment"), "profile.payment_means",
                                          means_codes, means_label, profile->payment_means);
    }
  self->scheme_row = add_choice_row (self, _("Kind of electronic address"),
                                     "profile.electronic_address_scheme", scheme_codes,
                                     dt_einvoicing_scheme_label, profile->electronic_address_scheme);
  g_signal_connect (self->vat_row, "notify::selected", G_CALLBACK (on_choice_changed_cb), self);
  g_signal_connect (self->means_row, "notify::selected", G_CALLBACK (on_choice_changed_cb),
                    self);
  g_signal_connect (self->scheme_row, "notify::selected", G_CALLBACK (on_choice_changed_cb),
                    self);
  self->loading--;
}

static void
dt_einvoicing_group_dispose (GObject *object)
{
  DtEinvoicingGroup *self = DT_EINVOICING_GROUP (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (dt_einvoicing_group_parent_class)->dispose (object);
}

static void
dt_einvoicing_group_class_init (DtEinvoicingGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_einvoicing_group_dispose;
}

static void
dt_einvoicing_group_init (DtEinvoicingGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("E-Invoicing"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("What XRechnung and Factur-X invoices say about you. "
                                           "The street is the address above."));
}

GtkWidget *
dt_einvoicing_group_new (DtDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = NULL;
  DtEinvoicingGroup *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_EINVOICING_GROUP, NULL);
  self->db = g_object_ref (db);
  profile = dt_profile_store_get (db, &error);
  if (profile == NULL)
    g_warning ("Could not read the business profile: %s", error->message);
  else
    fill (self, profile);
  return GTK_WIDGET (self);
}

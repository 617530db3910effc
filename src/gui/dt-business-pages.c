/* dt-business-pages.c: Business profile, Billing and E-mail in Preferences. Each field saves
 * on apply through the core, which validates it; a refusal stays on the field (red) with the
 * core's reason in a toast. */
#define G_LOG_DOMAIN "dt-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-business-pages.h"
#include "dt-einvoicing-group.h"
#include "dt-form-checks.h"
#include "dt-invoice-sending.h"
#include "dt-mailer.h"
#include "dt-money.h"
#include "dt-profile-store.h"
#include "dt-rule-store.h"
#include "dt-secrets.h"
#include "dt-settings-store.h"

static void
toast (GtkWidget  *widget,
       const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
mark (GtkWidget *row,
      gboolean   ok)
{
  if (ok)
    gtk_widget_remove_css_class (row, "error");
  else
    gtk_widget_add_css_class (row, "error");
}

static GtkWidget *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *value,
           GCallback            applied,
           gpointer             data,
           const char          *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  {
    g_autofree char *field = g_strconcat ("profile.", key, NULL);
    dt_einvoicing_set_field (row, field);
  }
  g_signal_connect (row, "apply", applied, data);
  adw_preferences_group_add (group, row);
  return row;
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

/* ---- business profile ----------------------------------------------------------------- */

static void
on_profile_applied_cb (AdwEntryRow *row,
                       DtDb        *db)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, &error);
  g_autoptr(DtProfile) saved = NULL;
  char **field = NULL;

  if (profile == NULL)
    {
      toast (GTK_WIDGET (row), error->message);
      return;
    }
  if (g_str_equal (key, "name"))
    field = &profile->name;
  else if (g_str_equal (key, "business_name"))
    field = &profile->business_name;
  else if (g_str_equal (key, "address"))
    field = &profile->address;
  else if (g_str_equal (key, "email"))
    field = &profile->email;
  else if (g_str_equal (key, "tax_id"))
    field = &profile->tax_id;
  else if (g_str_equal (key, "footer"))
    field = &profile->invoice_footer;
  else if (g_str_equal (key, "currency"))
    field = &profile->currency;

  if (field != NULL)
    {
      g_free (*field);
      if (g_str_equal (key, "currency"))
        *field = g_ascii_strup (text, -1);
      else if (g_str_equal (key, "address"))
        {
          /* Addresses are typed on one line, "; " apart, and printed one part a line. */
          g_auto(GStrv) parts = g_strsplit (text, "; ", -1);
          *field = g_strjoinv ("\n", parts);
        }
      else
        *field = g_strdup (text);
    }
  else if (g_str_equal (key, "rate"))
    {
      g_autofree char *message = dt_check_money (text, profile->currency, FALSE,
                                                 &profile->hourly_rate);
      if (message != NULL)
        {
          mark (GTK_WIDGET (row), FALSE);
          toast (GTK_WIDGET (row), message);
          return;
        }
    }
  saved = dt_profile_store_update (db, profile, profile->version, &error);
  mark (GTK_WIDGET (row), saved != NULL);
  toast (GTK_WIDGET (row), saved != NULL ? _("Saved") : error->message);
}

/* The logo is kept as a PNG no larger than LOGO_MAX pixels a side: the PDF draws PNG, at
 * most 54 pt high, so a larger one only grows every issued invoice's copy. */
#define LOGO_MAX 600

/* The logo the profile keeps for @file (PNG, JPEG or any image GdkPixbuf reads): a PNG,
 * upright, at most LOGO_MAX pixels a side. */
static GBytes *
logo_png_from_file (GFile   *file,
                    GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *png = NULL;
  gsize size = 0;
  int w, h;

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    loaded = gdk_pixbuf_new_from_stream (G_INPUT_STREAM (stream), NULL, &local_error);
  if (loaded == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” could not be read as an image: %s"), name, local_error->message);
      return NULL;
    }
  /* A photo taken sideways says so in its EXIF data. */
  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  w = gdk_pixbuf_get_width (upright);
  h = gdk_pixbuf_get_height (upright);
  if (w > LOGO_MAX || h > LOGO_MAX)
    {
      double scale = MIN ((double) LOGO_MAX / w, (double) LOGO_MAX / h);

      scaled = gdk_pixbuf_scale_simple (upright, MAX (1, (int) (w * scale + 0.5)),
                                        MAX (1, (int) (h * scale + 0.5)), GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (upright);
  if (!gdk_pixbuf_save_to_buffer (scaled, &png, &size, "png", error, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&png), size);
}

/* The logo row shows the logo, or says there is none. */
static void
show_logo (AdwActionRow *row,
           GBytes       *logo)
{
  GtkImage *picture = g_object_get_data (G_OBJECT (row), "picture");
  GtkWidget *remove = g_object_get_data (G_OBJECT (row), "remove");
  g_autoptr(GdkTexture) texture = logo != NULL ? gdk_texture_new_from_bytes (logo, NULL) : NULL;

  gtk_image_set_from_paintable (picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (picture), texture != NULL);
  gtk_widget_set_sensitive (remove, logo != NULL);
  adw_action_row_set_subtitle (row, logo != NULL ? _("Printed at the top left of invoices")
                                                 : _("None"));
}

/* Saves @logo (NULL: none) as the profile's and shows it, saying so in a toast; or says in
 * one why it could not. */
static gboolean
save_logo (AdwActionRow  *row,
           GBytes        *logo,
           GError       **error)
{
  DtDb *db = g_object_get_data (G_OBJECT (row), "db");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, &local_error);
  g_autoptr(DtProfile) saved = NULL;

  if (profile != NULL)
    {
      g_clear_pointer (&profile->logo, g_bytes_unref);
      profile->logo = logo != NULL ? g_bytes_ref (logo) : NULL;
      saved = dt_profile_store_update (db, profile, profile->version, &local_error);
    }
  if (saved == NULL)
    {
      toast (GTK_WIDGET (row), local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_logo (row, saved->logo);
  toast (GTK_WIDGET (row), _("Saved"));
  return TRUE;
}

static void
load_logo_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *logo = logo_png_from_file (data, &error);

  if (logo == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, logo, (GDestroyNotify) g_bytes_unref);
}

static void
logo_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdwActionRow *row = g_object_get_data (source, "logo-row");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) logo = g_task_propagate_pointer (G_TASK (result), &error);

  if (logo == NULL)
    toast (GTK_WIDGET (row), error->message);
  if (logo == NULL || !save_logo (row, logo, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dt_profile_page_use_logo_file (AdwPreferencesPage  *page,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) load = NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));
  g_return_if_fail (g_object_get_data (G_OBJECT (page), "logo-row") != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (page, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_profile_page_use_logo_file);
  /* Decoding a photo of several megabytes takes a while: not on the UI thread. */
  load = g_task_new (page, cancellable, logo_loaded_cb, task);
  g_task_set_task_data (load, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (load, load_logo_thread);
}

gboolean
dt_profile_page_use_logo_file_finish (AdwPreferencesPage  *page,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, page), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_logo_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  AdwPreferencesPage *page = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        dt_profile_page_use_logo_file (page, file, NULL, NULL, NULL);
    }
  g_object_unref (chooser);
  g_object_unref (page);
}

static void
on_choose_logo_clicked_cb (GtkButton          *button,
                           AdwPreferencesPage *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose a Logo"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_logo_chosen_cb), g_object_ref (page));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_remove_logo_clicked_cb (GtkButton    *button,
                           AdwActionRow *row)
{
  save_logo (row, NULL, NULL);
}

static void
logo_row (AdwPreferencesPage  *page,
          AdwPreferencesGroup *group,
          DtDb                *db,
          GBytes              *logo)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *picture = gtk_image_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Logo"));
  /* A square of 48 px, the logo fitted inside. */
  gtk_image_set_pixel_size (GTK_IMAGE (picture), 48);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Logo"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), picture);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove the logo"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove the logo"), -1);
  gtk_widget_add_css_class (remove, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "picture", picture);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  g_object_set_data (G_OBJECT (row), "db", db);
  g_object_set_data (G_OBJECT (page), "logo-row", row);
  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_logo_clicked_cb), page);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_logo_clicked_cb), row);
  show_logo (ADW_ACTION_ROW (row), logo);
  adw_preferences_group_add (group, row);
}

AdwPreferencesPage *
dt_profile_page_new (DtDb *db)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, NULL);
  g_autofree char *rate = NULL;
  AdwPreferencesGroup *group;

  adw_preferences_page_set_name (page, "profile");
  adw_preferences_page_set_title (page, _("Business"));
  adw_preferences_page_set_icon_name (page, "avatar-default-symbolic");
  g_object_set_data_full (G_OBJECT (page), "db", g_object_ref (db), g_object_unref);
  if (profile == NULL)
    return page;

  group = add_group (page, _("Business Profile"),
                     _("Printed at the top of every invoice."));
  entry_row (group, _("Your name"), profile->name, G_CALLBACK (on_profile_applied_cb), db, "name");
  entry_row (group, _("Business name"), profile->business_name,
             G_CALLBACK (on_profile_applied_cb), db, "business_name");
  {
    g_auto(GStrv) lines = g_strsplit (profile->address != NULL ? profile->address : "", "\n", -1);
    g_autofree char *one_line = g_strjoinv ("; ", lines);
    entry_row (group, _("Street address (lines separated by “; ”)"), one_line,
               G_CALLBACK (on_profile_applied_cb), db, "address");
  }
  entry_row (group, _("E-mail"), profile->email, G_CALLBACK (on_profile_applied_cb), db, "email");
  entry_row (group, _("Tax ID"), profile->tax_id, G_CALLBACK (on_profile_applied_cb), db,
             "tax_id");
  logo_row (page, group, db, profile->logo);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (dt_einvoicing_group_new (db)));

  group = add_group (page, _("Defaults"), _("For clients without their own."));
  rate = dt_money_format_plain (profile->hourly_rate, profile->currency);
  entry_row (group, _("Currency"), profile->currency, G_CALLBACK (on_profile_applied_cb), db,
             "currency");
  entry_row (group, _("Hourly rate"), rate, G_CALLBACK (on_profile_applied_cb), db, "rate");
  entry_row (group, _("Invoice footer (bank details…)"), profile->invoice_footer,
             G_CALLBACK (on_profile_applied_cb), db, "footer");
  return page;
}

/* ---- billing settings -------------------------------------------------------------------- */

static void
on_setting_applied_cb (AdwEntryRow *row,
                       DtDb        *db)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Percentages are typed as people write them and stored in basis points. */
  if (g_str_equal (key, DT_SETTING_DEFAULT_TAX_RATE_BP))
    {
      gint64 bp = 0;
      g_autofree char *message = dt_check_percent (text, &bp);
      if (message != NULL)
        {
          mark (GTK_WIDGET (row), FALSE);
          toast (GTK_WIDGET (row), message);
          return;
        }
      value = g_strdup_printf ("%" G_GINT64_FORMAT, bp);
    }
  else
    value = g_strdup (text);

  ok = dt_settings_set (db, key, *value != '\0' ? value : NULL, &error);
  mark (GTK_WIDGET (row), ok);
  toast (GTK_WIDGET (row), ok ? _("Saved") : error->message);
}

static GtkWidget *
setting_row (AdwPreferencesGroup *group,
             DtDb                *db,
             const char          *title,
             const char          *key)
{
  g_autofree char *value = dt_settings_get (db, key, NULL);

  if (g_str_equal (key, DT_SETTING_DEFAULT_TAX_RATE_BP) && value != NULL)
    {
      gint64 bp = g_ascii_strtoll (value, NULL, 10);
      g_free (value);
      value = bp % 100 == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, bp / 100)
                            : g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", bp / 100,
                                               (int) (bp % 100));
    }
  return entry_row (group, title, value, G_CALLBACK (on_setting_applied_cb), db, key);
}

/* ---- the global rounding rule ----------------------------------------------------------- */

static const int increments[] = { 0, 1, 5, 6, 10, 15, 30, 60 };

typedef struct
{
  DtDb        *db;
  AdwComboRow *increment;
  AdwComboRow *direction;
  AdwComboRow *apply_to;
  gboolean     loading;
} RoundingRows;

static void
rounding_rows_free (gpointer data)
{
  RoundingRows *rows = data;

  g_object_unref (rows->db);
  g_free (rows);
}

/* The rule that applies to everything: rounding, no client, project or task. */
static DtRule *
global_rounding_rule (DtDb *db)
{
  g_autoptr(GPtrArray) rules = dt_rule_store_list_active (db, DT_RULE_ROUNDING, NULL);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      DtRule *rule = g_ptr_array_index (rules, i);
      if (rule->client_id == 0 && rule->project_id == 0 && rule->task_id == 0)
        return dt_rule_copy (rule);
    }
  return NULL;
}

static void
on_rounding_changed_cb (RoundingRows *rows)
{
  g_autoptr(DtRule) rule = NULL;
  g_autoptr(DtRule) saved = NULL;
  g_autoptr(GError) error = NULL;
  guint increment = adw_combo_row_get_selected (rows->increment);

  if (rows->loading || increment >= G_N_ELEMENTS (increments))
    return;
  rule = global_rounding_rule (rows->db);
  gtk_widget_set_sensitive (GTK_WIDGET (rows->direction), increment > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (rows->apply_to), increment > 0);
  if (increments[increment] == 0)
    {
      if (rule != NULL && !dt_rule_store_delete (rows->db, rule->id, &error))
        toast (GTK_WIDGET (rows->increment), error->message);
      return;
    }
  if (rule == NULL)
    {
      rule = dt_rule_new (DT_RULE_ROUNDING);
      g_free (rule->name);
      rule->name = g_strdup (_("Rounding"));
    }
  rule->increment_minutes = increments[increment];
  rule->direction = adw_combo_row_get_selected (rows->direction);
  rule->apply_to = adw_combo_row_get_selected (rows->apply_to);
  saved = rule->id != 0 ? dt_rule_store_update (rows->db, rule, rule->version, &error)
                        : dt_rule_store_create (rows->db, rule, &error);
  if (saved == NULL)
    toast (GTK_WIDGET (rows->increment), error->message);
}

static void
add_rounding_group (AdwPreferencesPage *page,
                    DtDb               *db)
{
  AdwPreferencesGroup *group = add_group (page, _("Rounding"),
                                          _("Rounding changes what is billed, never what was "
                                            "tracked: both are kept and shown."));
  RoundingRows *rows = g_new0 (RoundingRows, 1);
  g_autoptr(DtRule) rule = global_rounding_rule (db);
  const char *increment_labels[G_N_ELEMENTS (increments) + 1] = { NULL };
  const char *direction_labels[] = { NULL, NULL, NULL, NULL };
  const char *apply_labels[] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

  rows->db = g_object_ref (db);
  rows->loading = TRUE;
  increment_labels[0] = _("Do not round");
  for (guint i = 1; i < G_N_ELEMENTS (increments); i++)
    {
      char *label = g_strdup_printf (ngettext ("To %d minute", "To %d minutes", increments[i]),
                                     increments[i]);
      g_ptr_array_add (owned, label);
      increment_labels[i] = label;
    }
  direction_labels[0] = _("Up");
  direction_labels[1] = _("To the nearest");
  direction_labels[2] = _("Down");
  apply_labels[0] = _("Each entry");
  apply_labels[1] = _("Each invoice line");

  rows->increment = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->increment), _("Round billed time"));
  adw_combo_row_set_model (rows->increment,
                           G_LIST_MODEL (gtk_string_list_new (increment_labels)));
  rows->direction = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->direction), _("Direction"));
  adw_combo_row_set_model (rows->direction, G_LIST_MODEL (gtk_string_list_new (direction_labels)));
  rows->apply_to = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->apply_to), _("Round"));
  adw_combo_row_set_model (rows->apply_to, G_LIST_MODEL (gtk_string_list_new (apply_labels)));

  if (rule != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (increments); i++)
        if (increments[i] == rule->increment_minutes)
          adw_combo_row_set_selected (rows->increment, i);
      adw_combo_row_set_selected (rows->direction, rule->direction);
      adw_combo_row_set_selected (rows->apply_to, rule->apply_to);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (rows->direction), rule != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (rows->apply_to), rule != NULL);
  for (AdwComboRow **r = (AdwComboRow *[]) { rows->increment, rows->direction, rows->apply_to,
                                             NULL }; *r != NULL; r++)
    {
      g_signal_connect_swapped (*r, "notify::selected", G_CALLBACK (on_rounding_changed_cb),
                                rows);
      adw_preferences_group_add (group, GTK_WIDGET (*r));
    }
  g_object_set_data_full (G_OBJECT (group), "rounding", rows, rounding_rows_free);
  rows->loading = FALSE;
}

AdwPreferencesPage *
dt_billing_page_new (DtDb *db)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;

  adw_preferences_page_set_name (page, "billing");
  adw_preferences_page_set_title (page, _("Billing"));
  adw_preferences_page_set_icon_name (page, "accessories-calculator-symbolic");
  g_object_set_data_full (G_OBJECT (page), "db", g_object_ref (db), g_object_unref);

  group = add_group (page, _("Numbering"),
                     _("{YYYY} is the year, {MM} the month, {NNNN} the counter. Numbers are "
                       "never reused."));
  setting_row (group, db, _("Invoice numbers"), DT_SETTING_NUMBER_PATTERN);
  setting_row (group, db, _("Credit note numbers"), DT_SETTING_CREDIT_NOTE_PATTERN);

  group = add_group (page, _("Terms and Taxes"), NULL);
  setting_row (group, db, _("Days to pay"), DT_SETTING_DEFAULT_TERMS_DAYS);
  setting_row (group, db, _("Tax rate in percent"), DT_SETTING_DEFAULT_TAX_RATE_BP);
  setting_row (group, db, _("Payment terms printed on invoices"), DT_SETTING_INVOICE_TERMS);
  add_rounding_group (page, db);
  return page;
}

/* ---- e-mail --------------------------------------------------------------------------------- */

typedef struct
{
  DtDb      *db;
  GtkWidget *page;
  GtkWidget *password;
  GtkWidget *test_button;
} EmailPage;

static void
email_page_free (gpointer data)
{
  EmailPage *email = data;

  g_object_unref (email->db);
  g_free (email);
}

static void
on_password_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;

  if (!dt_secrets_store_smtp_password_finish (result, &error))
    toast (row, error->message);
  else
    toast (row, _("Password saved in the keyring"));
}

static void
on_password_applied_cb (AdwEntryRow *row,
                        EmailPage   *email)
{
  g_autofree char *host = dt_settings_get (email->db, DT_SETTING_SMTP_HOST, NULL);
  g_autofree char *user = dt_settings_get (email->db, DT_SETTING_SMTP_USER, NULL);

  if (host == NULL || *host == '\0' || user == NULL || *user == '\0')
    {
      toast (GTK_WIDGET (row), _("Enter the server and the user name first"));
      return;
    }
  /* Only in the keyring, never in the database; the field is emptied once handed over. */
  dt_secrets_store_smtp_password_async (host, user, gtk_editable_get_text (GTK_EDITABLE (row)),
                                        NULL, on_password_stored_cb, g_object_ref (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_security_selected_cb (AdwComboRow *row,
                         GParamSpec  *pspec,
                         EmailPage   *email)
{
  static const char *values[] = { "starttls", "tls", "none" };
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (selected >= G_N_ELEMENTS (values))
    return;
  if (!dt_settings_set (email->db, DT_SETTING_SMTP_SECURITY, values[selected], &error))
    toast (GTK_WIDGET (row), error->message);
}

static void
on_test_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (button, TRUE);
  if (!dt_mailer_send_test_message_finish (result, &error))
    toast (button, error->message);
  else
    toast (button, _("Test message sent — check your inbox"));
}

static void
on_test_clicked_cb (GtkButton *button,
                    EmailPage *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtMailerSettings) settings = dt_invoicing_mailer_settings (email->db, &error);

  if (settings == NULL)
    {
      toast (GTK_WIDGET (button), error->message);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dt_mailer_send_test_message_async (settings, NULL, NULL, NULL, on_test_sent_cb,
                                     g_object_ref (button));
}

AdwPreferencesPage *
dt_email_page_new (DtDb *db)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  EmailPage *email = g_new0 (EmailPage, 1);
  AdwPreferencesGroup *group;
  GtkWidget *security, *test_row;
  g_autofree char *current = dt_settings_get (db, DT_SETTING_SMTP_SECURITY, NULL);
  const char *labels[] = { NULL, NULL, NULL, NULL };

  email->db = g_object_ref (db);
  email->page = GTK_WIDGET (page);
  g_object_set_data_full (G_OBJECT (page), "email", email, email_page_free);
  adw_preferences_page_set_name (page, "email");
  adw_preferences_page_set_title (page, _("E-mail"));
  adw_preferences_page_set_icon_name (page, "mail-unread-symbolic");

  group = add_group (page, _("Outgoing Mail"),
                     _("Invoices are sent through your own mail server. The password is kept "
                       "in your keyring, not with your data."));
  setting_row (group, db, _("Server"), DT_SETTING_SMTP_HOST);
  setting_row (group, db, _("Port"), DT_SETTING_SMTP_PORT);
  security = adw_combo_row_new ();
  labels[0] = _("STARTTLS");
  labels[1] = _("TLS");
  labels[2] = _("None (this computer only)");
  adw_combo_row_set_model (ADW_COMBO_ROW (security), G_LIST_MODEL (gtk_string_list_new (labels)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (security),
                              g_strcmp0 (current, "tls") == 0 ? 1
                              : g_strcmp0 (current, "none") == 0 ? 2 : 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (security), _("Security"));
  g_signal_connect (security, "notify::selected", G_CALLBACK (on_security_selected_cb), email);
  adw_preferences_group_add (group, security);
  setting_row (group, db, _("User name"), DT_SETTING_SMTP_USER);
  email->password = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (email->password), _("Password"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (email->password), TRUE);
  g_signal_connect (email->password, "apply", G_CALLBACK (on_password_applied_cb), email);
  adw_preferences_group_add (group, email->password);
  setting_row (group, db, _("Send as (e-mail address)"), DT_SETTING_SMTP_FROM);

  group = add_group (page, _("Check"), NULL);
  test_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (test_row), _("Send a Test Message"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (test_row),
                               _("To the address you send as, with the settings above"));
  email->test_button = gtk_button_new_with_mnemonic (_("_Send"));
  gtk_widget_set_valign (email->test_button, GTK_ALIGN_CENTER);
  g_signal_connect (email->test_button, "clicked", G_CALLBACK (on_test_clicked_cb), email);
  adw_action_row_add_suffix (ADW_ACTION_ROW (test_row), email->test_button);
  adw_preferences_group_add (group, test_row);
  return page;
}

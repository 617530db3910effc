/* test-preferences.c: Preferences on a real display: the Integrations page follows the port
 * setting, copies the addresses, and "Back up now" writes a backup without blocking. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dt-business-pages.h"
#include "dt-preferences-window.h"
#include "dt-profile-store.h"
#include "dt-settings-store.h"
#include "dt-rule-store.h"
#include "dt-ui-test.h"

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
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dt_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_free (fixture->data_dir);
}

static GtkWidget *
child (GtkWidget  *window,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window, DT_TYPE_PREFERENCES_WINDOW, name));
}

static void
test_integrations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  DtPreferencesWindow *prefs = dt_preferences_window_new (NULL, fixture->service);
  GtkWidget *w = GTK_WIDGET (prefs);
  GtkWidget *group;
  GtkWidget *row;
  g_autofree char *shot = NULL;

  g_settings_set_uint (settings, "port", 7313);
  g_settings_set_boolean (settings, "server-enabled", TRUE);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 900);
  gtk_window_present (GTK_WINDOW (prefs));

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (w, "mcp_url_row"))), ==,
                   "http://127.0.0.1:7313/mcp");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (w, "rest_url_row"))), ==,
                   "http://127.0.0.1:7313/api/v1");

  /* The spin button and the setting are one value. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (w, "port_spin")), 7400);
  g_assert_cmpuint (g_settings_get_uint (settings, "port"), ==, 7400);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (w, "mcp_url_row"))), ==,
                   "http://127.0.0.1:7400/mcp");
  g_settings_set_uint (settings, "port", 7313);

  /* Show the Claude Code snippet opened, as a user would see it. */
  group = child (w, "snippets_group");
  row = dt_ui_test_find (group, ADW_TYPE_EXPANDER_ROW, 1);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Claude Code");
  g_assert_nonnull (dt_ui_test_find_text (row, "claude mcp add --transport http doubletime "
                                               "http://127.0.0.1:7313/mcp"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  /* Copy through the button, as a click would. */
  g_signal_emit_by_name (child (w, "mcp_copy_button"), "clicked");

  shot = dt_ui_test_screenshot (w, "preferences-integrations");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  g_settings_set_boolean (settings, "server-enabled", FALSE);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (w, "status_row"))),
                            "Off"));
  g_assert_false (gtk_widget_get_sensitive (child (w, "port_row")));
  g_settings_set_boolean (settings, "server-enabled", TRUE);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
backup_done (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static void
test_backup (Fixture       *fixture,
             gconstpointer  data)
{
  DtPreferencesWindow *prefs = dt_preferences_window_new (NULL, fixture->service);
  GtkWidget *w = GTK_WIDGET (prefs);
  GtkWidget *button = child (w, "backup_button");
  g_autofree char *backups = g_build_filename (fixture->data_dir, "backups", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *shot = NULL;

  dt_preferences_window_show_page (prefs, "data");
  gtk_window_present (GTK_WINDOW (prefs));

  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (dt_ui_test_wait_for (backup_done, button, 10000));

  dir = g_dir_open (backups, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_true (g_str_has_prefix (g_dir_read_name (dir), "doubletime-"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (w, "backup_row"))),
                                   "Latest: doubletime-"));

  shot = dt_ui_test_screenshot (w, "preferences-data");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static GtkWidget *
row_titled (GtkWidget  *root,
            const char *title)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *row = dt_ui_test_find (root, ADW_TYPE_ENTRY_ROW, i);
      if (row == NULL)
        return NULL;
      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
        return row;
    }
}

static void
logo_used_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Chooses @file as the logo on @page and waits until it is read and saved, or refused. */
static gboolean
use_logo (GtkWidget  *page,
          GFile      *file,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_profile_page_use_logo_file (ADW_PREFERENCES_PAGE (page), file, NULL, logo_used_cb,
                                 &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dt_profile_page_use_logo_file_finish (ADW_PREFERENCES_PAGE (page), result, error);
}

static void
test_business (Fixture       *fixture,
               gconstpointer  data)
{
  DtDb *db = dt_service_get_db (fixture->service);
  DtPreferencesWindow *prefs = dt_preferences_window_new (NULL, fixture->service);
  GtkWidget *w = GTK_WIDGET (prefs);
  GtkWidget *row;
  g_autofree char *pattern = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *email_shot = NULL;
  g_autoptr(DtProfile) profile = NULL;

  gtk_window_set_default_size (GTK_WINDOW (prefs), 760, 760);
  gtk_window_present (GTK_WINDOW (prefs));

  /* A good numbering pattern is saved; a bad one stays red and unsaved. */
  row = row_titled (w, "Invoice numbers");
  gtk_editable_set_text (GTK_EDITABLE (row), "RE-{YYYY}-{NNN}");
  g_signal_emit_by_name (row, "apply");
  pattern = dt_settings_get (db, DT_SETTING_NUMBER_PATTERN, NULL);
  g_assert_cmpstr (pattern, ==, "RE-{YYYY}-{NNN}");
  gtk_editable_set_text (GTK_EDITABLE (row), "no counter");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_pointer (&pattern, g_free);
  pattern = dt_settings_get (db, DT_SETTING_NUMBER_PATTERN, NULL);
  g_assert_cmpstr (pattern, ==, "RE-{YYYY}-{NNN}");

  /* Percent in, basis points stored. */
  row = row_titled (w, "Tax rate in percent");
  gtk_editable_set_text (GTK_EDITABLE (row), "19");
  g_signal_emit_by_name (row, "apply");
  tax = dt_settings_get (db, DT_SETTING_DEFAULT_TAX_RATE_BP, NULL);
  g_assert_cmpstr (tax, ==, "1900");

  row = row_titled (w, "Business name");
  gtk_editable_set_text (GTK_EDITABLE (row), "Lindqvist Design");
  g_signal_emit_by_name (row, "apply");
  profile = dt_profile_store_get (db, NULL);
  g_assert_cmpstr (profile->business_name, ==, "Lindqvist Design");
  g_assert_null (profile->logo);

  /* A wide JPEG chosen as the logo is kept as a PNG at most 600 pixels a side; a file that
   * is no image changes nothing; removing it leaves none. */
  {
    GtkWidget *logo_row = dt_ui_test_find_text (w, "Logo");
    GtkWidget *page = gtk_widget_get_ancestor (logo_row, ADW_TYPE_PREFERENCES_PAGE);
    g_autoptr(GdkPixbuf) wide = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1200, 300);
    g_autofree char *jpeg_path = g_build_filename (fixture->data_dir, "logo.jpg", NULL);
    g_autofree char *text_path = g_build_filename (fixture->data_dir, "notes.txt", NULL);
    g_autoptr(GFile) jpeg = g_file_new_for_path (jpeg_path);
    g_autoptr(GFile) text = g_file_new_for_path (text_path);
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GdkPixbuf) kept = NULL;
    g_autoptr(GBytes) first = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *logo_shot = NULL;
    GtkWidget *remove;

    g_assert_true (ADW_IS_ACTION_ROW (logo_row));
    g_assert_nonnull (page);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (logo_row)), ==, "None");
    gdk_pixbuf_fill (wide, 0x3366ccff);
    g_assert_true (gdk_pixbuf_save (wide, jpeg_path, "jpeg", &error, NULL));
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (text_path, "not a picture", -1, &error));

    g_assert_true (use_logo (page, jpeg, &error));
    g_assert_no_error (error);
    g_clear_pointer (&profile, dt_profile_free);
    profile = dt_profile_store_get (db, NULL);
    g_assert_nonnull (profile->logo);
    g_assert_cmpmem (g_bytes_get_data (profile->logo, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
    stream = g_memory_input_stream_new_from_bytes (profile->logo);
    kept = gdk_pixbuf_new_from_stream (stream, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (kept), ==, 600);
    g_assert_cmpint (gdk_pixbuf_get_height (kept), ==, 150);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (logo_row)), ==,
                     "Printed at the top left of invoices");
    dt_preferences_window_show_page (prefs, "profile");
    logo_shot = dt_ui_test_screenshot (w, "preferences-business-logo");
    first = g_bytes_ref (profile->logo);

    g_assert_false (use_logo (page, text, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "notes.txt"));
    g_clear_pointer (&profile, dt_profile_free);
    profile = dt_profile_store_get (db, NULL);
    g_assert_true (g_bytes_equal (profile->logo, first));

    remove = dt_ui_test_find (logo_row, GTK_TYPE_BUTTON, 1);
    g_assert_true (gtk_widget_get_sensitive (remove));
    g_signal_emit_by_name (remove, "clicked");
    g_clear_pointer (&profile, dt_profile_free);
    profile = dt_profile_store_get (db, NULL);
    g_assert_null (profile->logo);
    g_assert_false (gtk_widget_get_sensitive (remove));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (logo_row)), ==, "None");
  }

  /* Rounding to 15 minutes, up, makes the one global rounding rule. */
  dt_preferences_window_show_page (prefs, "billing");
  {
    GtkWidget *increment = dt_ui_test_find_text (w, "Round billed time");
    g_autoptr(GPtrArray) rules = NULL;

    g_assert_true (ADW_IS_COMBO_ROW (increment));
    adw_combo_row_set_selected (ADW_COMBO_ROW (increment), 5);
    rules = dt_rule_store_list_active (db, DT_RULE_ROUNDING, NULL);
    g_assert_cmpuint (rules->len, ==, 1);
    g_assert_cmpint (((DtRule *) g_ptr_array_index (rules, 0))->increment_minutes, ==, 15);
  }
  shot = dt_ui_test_screenshot (w, "preferences-billing");
  dt_preferences_window_show_page (prefs, "email");
  g_assert_nonnull (dt_ui_test_find (w, ADW_TYPE_PASSWORD_ENTRY_ROW, 0));
  email_shot = dt_ui_test_screenshot (w, "preferences-email");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  dt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/preferences/integrations", Fixture, NULL, fixture_set_up, test_integrations,
              fixture_tear_down);
  g_test_add ("/ui/preferences/business", Fixture, NULL, fixture_set_up, test_business,
              fixture_tear_down);
  g_test_add ("/ui/preferences/backup", Fixture, NULL, fixture_set_up, test_backup,
              fixture_tear_down);

  return g_test_run ();
}

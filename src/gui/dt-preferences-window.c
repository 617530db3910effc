/* dt-preferences-window.c: Preferences — the loopback server and how to connect assistants,
 * backups, and the pages that configure the business. */
#define G_LOG_DOMAIN "dt-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-business-pages.h"
#include "dt-connected-apps-page.h"
#include "dt-entries-csv.h"
#include "dt-entries-import.h"
#include "dt-profile-store.h"
#include "dt-format.h"
#include "dt-integration-snippets.h"
#include "dt-preferences-window.h"
#include "dt-db-transfer.h"
#include "dt-time.h"

/* Daily backups kept by "Back up now" (the same rotation as the automatic ones). */
#define BACKUPS_KEPT 14

struct _DtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  DtService            *service;
  GSettings            *settings;
  GCancellable         *cancellable;

  GtkSwitch            *server_switch;
  GtkSpinButton        *port_spin;
  AdwActionRow         *port_row;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  AdwActionRow         *mcp_url_row;
  AdwActionRow         *rest_url_row;
  AdwActionRow         *help_row;
  GtkButton            *mcp_copy_button;
  GtkButton            *rest_copy_button;
  AdwPreferencesGroup  *snippets_group;
  GtkLabel             *snippet_labels[DT_N_SNIPPETS];
  AdwActionRow         *backup_row;
  GtkButton            *backup_button;
  AdwActionRow         *folder_row;
  GtkButton            *export_button;
  GtkButton            *restore_button;
  GtkButton            *export_json_button;
  GtkButton            *import_button;
};

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static guint
configured_port (DtPreferencesWindow *self)
{
  return g_settings_get_uint (self->settings, "port");
}

static void
toast (DtPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
copy_text (DtPreferencesWindow *self,
           const char          *text,
           const char          *what_copied)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, what_copied);
}

static void
update_integrations (DtPreferencesWindow *self)
{
  guint port = configured_port (self);
  guint running_port = self->service != NULL ? dt_service_get_port (self->service) : 0;
  gboolean enabled = g_settings_get_boolean (self->settings, "server-enabled");
  g_autofree char *mcp = dt_integration_mcp_url (port);
  g_autofree char *rest = dt_integration_rest_url (port);
  g_autofree char *status = NULL;
  const char *icon = "emblem-ok-symbolic";

  adw_action_row_set_subtitle (self->mcp_url_row, mcp);
  adw_action_row_set_subtitle (self->rest_url_row, rest);
  {
    /* The guide lives on the running server, so it shows the port actually in use. */
    g_autofree char *help = dt_integration_help_url (running_port != 0 ? running_port : port);
    adw_action_row_set_subtitle (self->help_row, help);
  }
  for (guint k = 0; k < DT_N_SNIPPETS; k++)
    {
      g_autofree char *snippet = dt_integration_snippet (k, port);
      gtk_label_set_label (self->snippet_labels[k], g_strchomp (snippet));
    }

  if (!enabled)
    {
      status = g_strdup (_("Off — assistants and scripts cannot connect"));
      icon = "action-unavailable-symbolic";
    }
  else if (running_port != 0 && running_port != port)
    {
      status = g_strdup_printf (_("Listening on port %u — restart DoubleTime to use port %u"),
                                running_port, port);
      icon = "dialog-information-symbolic";
    }
  else
    status = g_strdup_printf (_("Listening on 127.0.0.1, port %u, for this user only"), port);

  adw_action_row_set_subtitle (self->status_row, status);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), enabled);
}

static void
on_settings_changed_cb (DtPreferencesWindow *self,
                        const char          *key,
                        GSettings           *settings)
{
  update_integrations (self);
}

static void
on_copy_mcp_clicked_cb (DtPreferencesWindow *self)
{
  g_autofree char *url = dt_integration_mcp_url (configured_port (self));

  copy_text (self, url, _("MCP address copied"));
}

static void
on_help_row_activated_cb (DtPreferencesWindow *self)
{
  gtk_show_uri (GTK_WINDOW (self), adw_action_row_get_subtitle (self->help_row),
                GDK_CURRENT_TIME);
}

static void
on_copy_rest_clicked_cb (DtPreferencesWindow *self)
{
  g_autofree char *url = dt_integration_rest_url (configured_port (self));

  copy_text (self, url, _("REST API address copied"));
}

static void
on_copy_snippet_clicked_cb (GtkButton           *button,
                            DtPreferencesWindow *self)
{
  DtSnippetKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "snippet"));
  g_autofree char *snippet = dt_integration_snippet (kind, configured_port (self));

  copy_text (self, snippet, _("Configuration copied"));
}

static void
build_snippet_rows (DtPreferencesWindow *self)
{
  for (guint k = 0; k < DT_N_SNIPPETS; k++)
    {
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      g_autofree char *tooltip = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dt_integration_snippet_title (k));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), dt_integration_snippet_hint (k));

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_add_css_class (label, "snippet");

      /* Translators: %s is an MCP client such as "Claude Desktop" */
      tooltip = g_strdup_printf (_("Copy Configuration for %s"), dt_integration_snippet_title (k));
      gtk_widget_set_tooltip_text (copy, tooltip);
      gtk_widget_set_valign (copy, GTK_ALIGN_START);
      gtk_widget_add_css_class (copy, "flat");
      g_object_set_data (G_OBJECT (copy), "snippet", GUINT_TO_POINTER (k));
      g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_snippet_clicked_cb), self);

      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 6);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), copy);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
      adw_preferences_group_add (self->snippets_group, row);
      self->snippet_labels[k] = GTK_LABEL (label);
    }
}

/* Backing up copies the whole database: done on a worker thread with its own connection so
 * the window never waits for the disk. */
static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autofree char *backup_dir = g_build_filename (data_dir, "backups", NULL);
  char *path;

  db = dt_db_open_in_data_dir (data_dir, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = dt_db_rotate_backups (db, backup_dir, BACKUPS_KEPT, &error);
  if (path == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, path, g_free);
}

static void
update_backup_row (DtPreferencesWindow *self,
                   const char          *latest_path)
{
  g_autofree char *subtitle = NULL;

  if (latest_path != NULL)
    {
      g_autofree char *name = g_path_get_basename (latest_path);
      /* Translators: %s is a backup file name */
      subtitle = g_strdup_printf (_("Latest: %s"), name);
    }
  else
    subtitle = g_strdup (_("A copy of today’s data, replacing today’s earlier backup"));
  adw_action_row_set_subtitle (self->backup_row, subtitle);
}

static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  DtPreferencesWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DT_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), TRUE);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not back up: %s"), error->message);
      toast (self, message);
      return;
    }
  update_backup_row (self, path);
  toast (self, _("Backup saved"));
}

static void
on_backup_clicked_cb (DtPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self->service != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), FALSE);
  task = g_task_new (NULL, self->cancellable, on_backup_done_cb, self);
  g_task_set_source_tag (task, on_backup_clicked_cb);
  g_task_set_task_data (task, g_strdup (dt_service_get_data_dir (self->service)), g_free);
  g_task_run_in_thread (task, backup_thread);
}

/* Exports read everything: a worker thread with its own connection writes the file, so the
 * window never waits. Both exports differ only in what they write and how they say so. */
typedef gboolean (*ExportFunc) (DtDb           *db,
                                GOutputStream  *out,
                                GError        **error);

/* Everything as JSON, written once it is built. */
static gboolean
write_json_export (DtDb           *db,
                   GOutputStream  *out,
                   GError        **error)
{
  g_autofree char *json = dt_db_export_json (db, error);

  return json != NULL && g_output_stream_write_all (out, json, strlen (json), NULL, NULL, error);
}

typedef struct
{
  char       *data_dir;
  char       *destination;
  ExportFunc  func;
  GtkButton  *button;
  const char *done_message;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_free (export->data_dir);
  g_free (export->destination);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (export->data_dir, DT_DB_OPEN_NO_QUICK_CHECK,
                                               &error);
  g_autoptr(GFile) file = g_file_new_for_path (export->destination);
  g_autoptr(GFileOutputStream) out = NULL;

  /* Written beside the destination and moved over it when complete: a failure halfway
   * leaves what was there before, and the file is the user's alone from the first byte. */
  if (db != NULL)
    out = g_file_replace (file, NULL, FALSE,
                          G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                          &error);
  if (out != NULL && export->func (db, G_OUTPUT_STREAM (out), &error) &&
      g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      /* Closing without finishing keeps the temporary file from replacing the old one. */
      if (out != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (out)))
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  DtPreferencesWindow *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DT_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (export->button), TRUE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
      toast (self, message);
    }
  else
    toast (self, export->done_message);
}

static void
on_export_response_cb (GtkNativeDialog     *chooser,
                       int                  response,
                       DtPreferencesWindow *self)
{
  Export *export = g_object_steal_data (G_OBJECT (chooser), "dt-export");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_export_done_cb, self);

      export->data_dir = g_strdup (dt_service_get_data_dir (self->service));
      export->destination = g_file_get_path (file);
      gtk_widget_set_sensitive (GTK_WIDGET (export->button), FALSE);
      g_task_set_task_data (task, g_steal_pointer (&export), export_free);
      g_task_run_in_thread (task, export_thread);
    }
  g_clear_pointer (&export, export_free);
  g_object_unref (chooser);
}

static void
start_export (DtPreferencesWindow *self,
              const char          *title,
              const char          *file_name,
              ExportFunc           func,
              GtkButton           *button,
              const char          *done_message)
{
  GtkFileChooserNative *chooser;
  Export *export = g_new0 (Export, 1);

  export->func = func;
  export->button = button;
  export->done_message = done_message;
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "dt-export", export, export_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_clicked_cb (DtPreferencesWindow *self)
{
  start_export (self, _("Export Time Entries"), "doubletime-entries.csv", dt_entries_csv_write,
                self->export_button, _("Time entries exported"));
}

static void
on_export_json_clicked_cb (DtPreferencesWindow *self)
{
  start_export (self, _("Export Everything"), "doubletime.json", write_json_export,
                self->export_json_button, _("Everything exported"));
}

/* Restoring writes the whole database: a worker thread with its own connection does it, and
 * the window's connection sees the result at its next read. */
static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  char **paths = task_data;  /* data dir, backup */
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (paths[0], DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autofree char *safety_dir = g_build_filename (paths[0], "backups", NULL);
  char *safety = NULL;

  if (db != NULL && dt_db_restore_from (db, paths[1], safety_dir, &safety, &error))
    g_task_return_pointer (task, safety, g_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_restore_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  DtPreferencesWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DT_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), TRUE);
  if (safety == NULL)
    {
      message = g_strdup_printf (_("Could not restore: %s"), error->message);
      toast (self, message);
      return;
    }
  name = g_path_get_basename (safety);
  /* Translators: %s is the file name of the backup taken just before restoring */
  message = g_strdup_printf (_("Backup restored; the data it replaced is saved as %s"), name);
  toast (self, message);
}

static void
on_restore_confirmed_cb (AdwMessageDialog    *dialog,
                         const char          *response,
                         DtPreferencesWindow *self)
{
  char **paths = g_object_get_data (G_OBJECT (dialog), "dt-paths");
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "restore") != 0)
    return;
  task = g_task_new (NULL, self->cancellable, on_restore_done_cb, self);
  g_task_set_task_data (task, g_strdupv (paths), (GDestroyNotify) g_strfreev);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  g_task_run_in_thread (task, restore_thread);
}

static void
on_restore_chosen_cb (GtkNativeDialog     *chooser,
                      int                  response,
                      DtPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *name = g_file_get_basename (file);
      char **paths = g_new0 (char *, 3);
      GtkWidget *dialog;

      paths[0] = g_strdup (dt_service_get_data_dir (self->service));
      paths[1] = g_file_get_path (file);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("Your data will be replaced by %s. What is there now "
                                        "is saved as a backup first."), name);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "restore", _("_Restore"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "dt-paths", paths, (GDestroyNotify) g_strfreev);
      g_signal_connect (dialog, "response", G_CALLBACK (on_restore_confirmed_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_object_unref (chooser);
}

static void
on_restore_clicked_cb (DtPreferencesWindow *self)
{
  g_autofree char *backups = g_build_filename (dt_service_get_data_dir (self->service),
                                               "backups", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (backups);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Restore From a Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("DoubleTime backups"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (on_restore_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}


typedef struct
{
  guint  made;
  guint  skipped;
  char  *problem;
} ImportResult;

static void
import_result_free (ImportResult *result)
{
  g_free (result->problem);
  g_free (result);
}

/* Reading a year of someone else's export and creating it all is not for the UI thread. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **paths = task_data;  /* data dir, source */
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open_in_data_dir (paths[0], DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtImport) import = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autofree char *text = NULL;
  ImportResult *result;

  if (db == NULL || !g_file_get_contents (paths[1], &text, NULL, &error) ||
      (import = dt_import_parse (text, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  profile = dt_profile_store_get (db, NULL);
  result = g_new0 (ImportResult, 1);
  result->made = dt_import_apply (db, import, profile != NULL ? profile->currency : "EUR",
                                  &error);
  result->skipped = import->skipped;
  result->problem = g_strdup (import->first_problem);
  if (error != NULL)
    {
      import_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) import_result_free);
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ImportResult *imported = g_task_propagate_pointer (G_TASK (result), &error);
  DtPreferencesWindow *self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DT_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
  if (imported == NULL)
    message = g_strdup_printf (_("Could not import: %s"), error->message);
  else if (imported->skipped > 0)
    /* Translators: "Imported 120 entries; 2 lines skipped (Line 5 has no project …)" */
    message = g_strdup_printf (ngettext ("Imported %u entry; %u lines skipped (%s)",
                                         "Imported %u entries; %u lines skipped (%s)",
                                         imported->made),
                               imported->made, imported->skipped, imported->problem);
  else
    message = g_strdup_printf (ngettext ("Imported %u entry", "Imported %u entries",
                                         imported->made), imported->made);
  toast (self, message);
  if (imported != NULL)
    import_result_free (imported);
}

static void
on_import_response_cb (GtkNativeDialog     *chooser,
                       int                  response,
                       DtPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_import_done_cb, self);
      char **paths = g_new0 (char *, 3);

      paths[0] = g_strdup (dt_service_get_data_dir (self->service));
      paths[1] = g_file_get_path (file);
      g_task_set_task_data (task, paths, (GDestroyNotify) g_strfreev);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      g_task_run_in_thread (task, import_thread);
    }
  g_object_unref (chooser);
}

static void
on_import_clicked_cb (DtPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Time Entries"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dt_preferences_window_constructed (GObject *object)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (dt_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "server-enabled", self->server_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "port", gtk_spin_button_get_adjustment (self->port_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->service != NULL)
    adw_action_row_set_subtitle (self->folder_row, dt_service_get_data_dir (self->service));
  if (self->service != NULL && dt_service_get_db (self->service) != NULL)
    {
      DtDb *db = dt_service_get_db (self->service);
      AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (self);

      adw_preferences_window_add (window, dt_profile_page_new (db));
      adw_preferences_window_add (window, dt_billing_page_new (db));
      adw_preferences_window_add (window, dt_email_page_new (db));
      adw_preferences_window_add (window,
                                  ADW_PREFERENCES_PAGE (dt_connected_apps_page_new (db)));
    }
  update_backup_row (self, NULL);
  update_integrations (self);
}

static void
dt_preferences_window_dispose (GObject *object)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dt_preferences_window_parent_class)->dispose (object);
}

static void
dt_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_preferences_window_class_init (DtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dt_preferences_window_constructed;
  object_class->dispose = dt_preferences_window_dispose;
  object_class->set_property = dt_preferences_window_set_property;
  object_class->get_property = dt_preferences_window_get_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, DT_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, server_switch);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, mcp_url_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, rest_url_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, help_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, mcp_copy_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, rest_copy_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, snippets_group);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, backup_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, backup_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, export_json_button);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, import_button);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_mcp_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_rest_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_help_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_json_clicked_cb);
}

static void
dt_preferences_window_init (DtPreferencesWindow *self)
{
  self->settings = g_settings_new (SCHEMA_ID);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  build_snippet_rows (self);
}

DtPreferencesWindow *
dt_preferences_window_new (GtkWindow *parent,
                           DtService *service)
{
  return g_object_new (DT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "service", service,
                       NULL);
}

void
dt_preferences_window_show_page (DtPreferencesWindow *self,
                                 const char          *name)
{
  g_return_if_fail (DT_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}

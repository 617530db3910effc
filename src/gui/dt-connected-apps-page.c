/* dt-connected-apps-page.c: the Connected apps page, after GNOME Settings' privacy pages: a
 * boxed list with an empty state, "last used" on each row, one parameterised revoke action
 * with a destructive confirmation, and per app a switch for asking before sensitive actions
 * (turning it off is confirmed once, and the row warns while it is off), its last few
 * actions and a way to all of them. */
#define G_LOG_DOMAIN "dt-connected-apps"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-app-activity-window.h"
#include "dt-audit-words.h"
#include "dt-change-monitor.h"
#include "dt-connected-apps-page-private.h"
#include "dt-connected-apps.h"
#include "dt-form-checks.h"
#include "dt-format.h"
#include "dt-oauth-clients.h"
#include "dt-scope-choices.h"
#include "dt-scopes.h"
#include "dt-time.h"

#define RECENT_EVENTS 5


G_DEFINE_FINAL_TYPE (DtConnectedAppsPage, dt_connected_apps_page, ADW_TYPE_PREFERENCES_PAGE)

void
dt_connected_apps_page_toast (DtConnectedAppsPage *self,
                              const char          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

GtkWindow *
dt_connected_apps_page_get_window (DtConnectedAppsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gint64
member_time (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_get_int (node) : 0;
}

static const char *
target_label (const char *target)
{
  DtTarget t;

  return dt_target_from_string (target, &t) ? dt_target_label (t) : target;
}

static void on_confirm_switch_active_cb (GtkSwitch           *toggle,
                                         GParamSpec          *pspec,
                                         DtConnectedAppsPage *self);

/* "Ask before sensitive actions": on by default; while off, the row says what that means. */
static GtkWidget *
build_confirm_row (DtConnectedAppsPage *self,
                   const char          *client_id,
                   const char          *name,
                   gboolean             confirm)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Ask before sensitive actions"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               confirm
                               ? _("You confirm each invoice it sends, each payment it records "
                                   "and everything it deletes or voids")
                               : _("Off: it sends invoices, records payments, deletes and voids "
                                   "without asking you"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_tooltip_text (warning, _("This app acts without asking you"));
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, !confirm);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), warning);

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), confirm);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Ask before sensitive actions"), -1);
  g_object_set_data_full (G_OBJECT (toggle), "client-id", g_strdup (client_id), g_free);
  g_object_set_data_full (G_OBJECT (toggle), "name", g_strdup (name), g_free);
  /* Connected after setting the state it shows, so building never writes anything. */
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_confirm_switch_active_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

static GtkWidget *
build_app_row (DtConnectedAppsPage *self,
               JsonObject          *app,
               gint64               now)
{
  const char *name = json_object_get_string_member_with_default (app, "name", "?");
  const char *client_id = json_object_get_string_member (app, "client_id");
  gboolean is_private = g_strcmp0 (json_object_get_string_member_with_default (app, "kind", ""),
                                   "private") == 0;
  gboolean confirm = json_object_get_boolean_member_with_default (app, "confirm_sensitive", TRUE);
  JsonArray *grants = json_object_get_array_member (app, "grants");
  JsonArray *recent = json_object_get_array_member (app, "recent");
  g_autofree char *last_used = dt_format_relative (member_time (app, "last_used_at"), now);
  g_autoptr(GString) targets = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *revoke_tooltip = NULL;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, name, TRUE);
  GtkWidget *revoke = gtk_button_new_with_mnemonic (_("_Revoke"));

  for (guint i = 0; grants != NULL && i < json_array_get_length (grants); i++)
    {
      JsonObject *grant = json_array_get_object_element (grants, i);
      const char *label = target_label (json_object_get_string_member (grant, "target"));
      if (strstr (targets->str, label) == NULL)
        g_string_append_printf (targets, targets->len > 0 ? ", %s" : "%s", label);
    }
  /* Translators: "MCP server · Last used: 5 minutes ago" (+ " · Private app") */
  subtitle = g_strdup_printf (_("%s · Last used: %s"),
                              targets->len > 0 ? targets->str : _("No access"), last_used);
  if (is_private)
    {
      char *with = g_strdup_printf ("%s · %s", subtitle, _("Private app"));
      g_free (subtitle);
      subtitle = with;
    }
  /* Visible without expanding the row: this app does not ask first. */
  if (!confirm)
    {
      char *with = g_strdup_printf ("%s · %s", subtitle, _("Acts without asking"));
      g_free (subtitle);
      subtitle = with;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), avatar);

  /* Translators: tooltip of the revoke button, %s is the app's name */
  revoke_tooltip = g_strdup_printf (_("Revoke Access for %s"), name);
  gtk_widget_set_tooltip_text (revoke, revoke_tooltip);
  gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (revoke, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (revoke), "apps.revoke-client");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (revoke), "s", client_id);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), revoke);
  g_object_set_data_full (G_OBJECT (row), "client-id", g_strdup (client_id), g_free);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            build_confirm_row (self, client_id, name, confirm));

  for (guint i = 0; grants != NULL && i < json_array_get_length (grants); i++)
    {
      JsonObject *grant = json_array_get_object_element (grants, i);
      GtkWidget *grant_row = adw_action_row_new ();
      g_autofree char *scopes = dt_scopes_describe (
        json_object_get_string_member_with_default (grant, "scopes", ""));
      g_autofree char *approved = dt_format_relative (member_time (grant, "approved_at"), now);
      g_autofree char *subtitle_text = NULL;

      /* Translators: "Clients: see, change · Allowed: 3 days ago" */
      subtitle_text = g_strdup_printf (_("%s · Allowed: %s"), scopes, approved);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (grant_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (grant_row),
                                     target_label (json_object_get_string_member (grant,
                                                                                  "target")));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (grant_row), subtitle_text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (grant_row), 4);
      adw_action_row_add_prefix (ADW_ACTION_ROW (grant_row),
                                 gtk_image_new_from_icon_name ("channel-secure-symbolic"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), grant_row);
    }

  for (guint i = 0; recent != NULL && i < json_array_get_length (recent); i++)
    {
      JsonObject *event = json_array_get_object_element (recent, i);
      GtkWidget *event_row = adw_action_row_new ();
      const char *object = json_object_get_string_member_with_default (event, "object", NULL);
      const char *outcome = json_object_get_string_member_with_default (event, "outcome", "ok");
      g_autofree char *when = dt_format_relative (member_time (event, "at"), now);
      g_autofree char *words = dt_audit_event_words (json_object_get_string_member (event,
                                                                                    "event"));
      g_autofree char *detail = NULL;

      detail = object != NULL && *object
               ? g_strdup_printf ("%s · %s", object, when) : g_strdup (when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (event_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (event_row), words);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (event_row), detail);
      adw_action_row_add_prefix (ADW_ACTION_ROW (event_row),
                                 gtk_image_new_from_icon_name (g_strcmp0 (outcome, "ok") == 0
                                                               ? "document-open-recent-symbolic"
                                                               : "dialog-warning-symbolic"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), event_row);
    }

  /* The last few are above; the whole history, however long, in a list of its own. */
  {
    GtkWidget *all = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (all), _("All Activity"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (all),
                               gtk_image_new_from_icon_name ("go-next-symbolic"));
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (all), TRUE);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (all), "apps.show-activity");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (all), "(ss)", client_id, name);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), all);
  }
  return row;
}

static char *
apps_to_string (JsonArray *apps)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, apps);
  return json_to_string (node, FALSE);
}

void
dt_connected_apps_page_reload (DtConnectedAppsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) apps = NULL;
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  GtkWidget *child;
  gint64 now = dt_time_now ();

  g_return_if_fail (DT_IS_CONNECTED_APPS_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* A dialog outliving the window may still answer after the page was disposed. */
  if (self->db == NULL)
    return;
  apps = dt_connected_apps_list (self->db, RECENT_EVENTS, &error);
  if (apps == NULL)
    {
      dt_connected_apps_page_toast (self, error->message);
      return;
    }
  /* Relative times ("5 minutes ago") move on even when the data does not: rebuild then too. */
  {
    g_autofree char *json = apps_to_string (apps);
    text = g_strdup_printf ("%" G_GINT64_FORMAT " %s", now / 60, json);
  }
  if (g_strcmp0 (text, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&text);

  /* Rows the user opened stay open across the rebuild. */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->apps_list, 0))) != NULL)
    {
      const char *client_id = g_object_get_data (G_OBJECT (child), "client-id");

      if (client_id != NULL && ADW_IS_EXPANDER_ROW (child) &&
          adw_expander_row_get_expanded (ADW_EXPANDER_ROW (child)))
        g_hash_table_add (expanded, g_strdup (client_id));
      gtk_list_box_remove (self->apps_list, child);
    }
  self->n_apps = 0;

  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      JsonObject *app = json_array_get_object_element (apps, i);
      JsonArray *grants = json_object_get_array_member (app, "grants");
      GtkWidget *row;

      /* An app whose access was revoked has nothing left to show or revoke. */
      if (grants == NULL || json_array_get_length (grants) == 0)
        continue;
      row = build_app_row (self, app, now);
      if (g_hash_table_contains (expanded, json_object_get_string_member (app, "client_id")))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      gtk_list_box_append (self->apps_list, row);
      self->n_apps++;
    }
}

static gboolean
reload_cb (gpointer user_data)
{
  DtConnectedAppsPage *self = user_data;

  self->reload_id = 0;
  dt_connected_apps_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* Rebuilding from an idle keeps widgets alive through the signal handlers that changed the
 * data (the switch below), and folds a burst of changes into one rebuild. */
static void
queue_reload (DtConnectedAppsPage *self)
{
  if (self->reload_id == 0 && self->db != NULL)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
on_store_changed_cb (DtChangeMonitor     *monitor,
                     const char          *entity,
                     gint64               id,
                     DtConnectedAppsPage *self)
{
  /* Another writer (the server's thread, the command line) may have changed any app; a page
   * not on screen catches up when it is mapped. */
  if (!dt_change_monitor_matches (entity, DT_ENTITY_CONNECTED_APP))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_reload (self);
}

/* ---- asking before sensitive actions ------------------------------------------------ */

typedef struct
{
  DtConnectedAppsPage *page;
  DtDb                *db;  /* the answer counts even if the window closed meanwhile */
  char                *client_id;
} ConfirmData;

static void
confirm_data_free (gpointer data,
                   GClosure *closure)
{
  ConfirmData *confirm = data;

  g_object_unref (confirm->page);
  g_object_unref (confirm->db);
  g_free (confirm->client_id);
  g_free (confirm);
}

static gboolean
set_confirm (DtConnectedAppsPage *self,
             DtDb                *db,
             const char          *client_id,
             gboolean             confirm)
{
  g_autoptr(GError) error = NULL;

  if (!dt_connected_apps_set_confirm_sensitive (db, client_id, NULL, confirm, "dialog", &error))
    {
      dt_connected_apps_page_toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
on_confirm_off_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            ConfirmData      *data)
{
  if (g_str_equal (response, "turn-off"))
    set_confirm (data->page, data->db, data->client_id, FALSE);
  /* Either way the list shows what is stored: a cancelled switch goes back on. */
  g_clear_pointer (&data->page->shown, g_free);
  queue_reload (data->page);
}

GtkWidget *
dt_connected_apps_page_set_confirm (DtConnectedAppsPage *self,
                                    const char          *client_id,
                                    const char          *name,
                                    gboolean             confirm)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  ConfirmData *data;

  g_return_val_if_fail (DT_IS_CONNECTED_APPS_PAGE (self), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  /* Asking again is always safe: no question. */
  if (confirm)
    {
      set_confirm (self, self->db, client_id, TRUE);
      g_clear_pointer (&self->shown, g_free);
      queue_reload (self);
      return NULL;
    }

  /* Translators: %s is an app's name */
  heading = g_strdup_printf (_("Stop Asking Before “%s” Acts?"), name != NULL ? name : client_id);
  dialog = adw_message_dialog_new (dt_connected_apps_page_get_window (self), heading,
                                   _("It will be able to send invoices, record payments, and "
                                     "delete or void your data without asking you each time. "
                                     "Its actions stay in its recent activity."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Asking"),
                                    "turn-off", _("_Stop Asking"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "turn-off",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (ConfirmData, 1);
  data->page = g_object_ref (self);
  data->db = g_object_ref (self->db);
  data->client_id = g_strdup (client_id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_off_response_cb), data,
                         confirm_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_confirm_switch_active_cb (GtkSwitch           *toggle,
                             GParamSpec          *pspec,
                             DtConnectedAppsPage *self)
{
  dt_connected_apps_page_set_confirm (self, g_object_get_data (G_OBJECT (toggle), "client-id"),
                                      g_object_get_data (G_OBJECT (toggle), "name"),
                                      gtk_switch_get_active (toggle));
}

typedef struct
{
  DtConnectedAppsPage *page;
  char                *client_id;
  char                *name;
} RevokeData;

static void
revoke_data_free (gpointer data,
                  GClosure *closure)
{
  RevokeData *revoke = data;

  g_object_unref (revoke->page);
  g_free (revoke->client_id);
  g_free (revoke->name);
  g_free (revoke);
}

static void
on_revoke_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       RevokeData       *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "revoke"))
    return;
  if (!dt_connected_apps_revoke (data->page->db, data->client_id, "dialog", &error))
    {
      dt_connected_apps_page_toast (data->page, error->message);
      return;
    }
  /* Translators: %s is an app's name */
  message = g_strdup_printf (_("%s can no longer use your data"), data->name);
  dt_connected_apps_page_toast (data->page, message);
  dt_connected_apps_page_reload (data->page);
}

GtkWidget *
dt_connected_apps_page_revoke (DtConnectedAppsPage *self,
                               const char          *client_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  RevokeData *data;

  g_return_val_if_fail (DT_IS_CONNECTED_APPS_PAGE (self), NULL);

  client = dt_oauth_client_lookup (self->db, client_id, &error);
  if (client == NULL)
    {
      dt_connected_apps_page_toast (self, error->message);
      return NULL;
    }
  /* Translators: %s is an app's name */
  heading = g_strdup_printf (_("Revoke Access for “%s”?"), client->name);
  dialog = adw_message_dialog_new (dt_connected_apps_page_get_window (self), heading,
                                   _("It will no longer be able to read or change your data. "
                                     "If it asks again, you will be asked again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (RevokeData, 1);
  data->page = g_object_ref (self);
  data->client_id = g_strdup (client_id);
  data->name = g_strdup (client->name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_revoke_response_cb), data,
                         revoke_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
revoke_client_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dt_connected_apps_page_revoke (DT_CONNECTED_APPS_PAGE (widget),
                                 g_variant_get_string (parameter, NULL));
}

GtkWidget *
dt_connected_apps_page_show_activity (DtConnectedAppsPage *self,
                                      const char          *client_id,
                                      const char          *name)
{
  DtAppActivityWindow *window;

  g_return_val_if_fail (DT_IS_CONNECTED_APPS_PAGE (self), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  window = dt_app_activity_window_new (self->db, client_id, name);
  gtk_window_set_transient_for (GTK_WINDOW (window), dt_connected_apps_page_get_window (self));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WIDGET (window);
}

static void
show_activity_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  const char *client_id, *name;

  g_variant_get (parameter, "(&s&s)", &client_id, &name);
  dt_connected_apps_page_show_activity (DT_CONNECTED_APPS_PAGE (widget), client_id, name);
}

static void
create_private_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dt_connected_apps_page_create_private (DT_CONNECTED_APPS_PAGE (widget));
}

static void
on_map_cb (DtConnectedAppsPage *self)
{
  /* Apps come and go while the window is closed; show them as they are now. */
  dt_connected_apps_page_reload (self);
}

static void
dt_connected_apps_page_dispose (GObject *object)
{
  DtConnectedAppsPage *self = DT_CONNECTED_APPS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CONNECTED_APPS_PAGE);
  g_clear_object (&self->db);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (dt_connected_apps_page_parent_class)->dispose (object);
}

static void
dt_connected_apps_page_class_init (DtConnectedAppsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_connected_apps_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-connected-apps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtConnectedAppsPage, apps_list);
  gtk_widget_class_install_action (widget_class, "apps.revoke-client", "s",
                                   revoke_client_activated);
  gtk_widget_class_install_action (widget_class, "apps.create-private", NULL,
                                   create_private_activated);
  gtk_widget_class_install_action (widget_class, "apps.show-activity", "(ss)",
                                   show_activity_activated);
}

static void
dt_connected_apps_page_init (DtConnectedAppsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
}

DtConnectedAppsPage *
dt_connected_apps_page_new (DtDb *db)
{
  DtConnectedAppsPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_CONNECTED_APPS_PAGE, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self);
  dt_connected_apps_page_reload (self);
  return self;
}

guint
dt_connected_apps_page_get_n_apps (DtConnectedAppsPage *self)
{
  g_return_val_if_fail (DT_IS_CONNECTED_APPS_PAGE (self), 0);
  return self->n_apps;
}

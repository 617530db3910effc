/* dt-connected-apps-page.c: the Connected apps page, after GNOME Settings' privacy pages: a
 * boxed list with an empty state, "last used" on each row, one parameterised revoke action
 * with a destructive confirmation, and per app a switch for asking before sensitive actions
 * (turning it off is confirmed once, and the row warns while it is off). */
#define G_LOG_DOMAIN "dt-connected-apps"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-change-monitor.h"
#include "dt-connected-apps-page.h"
#include "dt-connected-apps.h"
#include "dt-form-checks.h"
#include "dt-format.h"
#include "dt-oauth-clients.h"
#include "dt-scope-choices.h"
#include "dt-scopes.h"
#include "dt-time.h"

#define RECENT_EVENTS 5

struct _DtConnectedAppsPage
{
  AdwPreferencesPage  parent_instance;

  DtDb               *db;
  DtChangeMonitor    *monitor;
  guint               reload_id;
  guint               n_apps;
  /* What the list shows, to skip rebuilding it (and collapsing rows) when nothing changed. */
  char               *shown;

  GtkListBox         *apps_list;
};

G_DEFINE_FINAL_TYPE (DtConnectedAppsPage, dt_connected_apps_page, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (DtConnectedAppsPage *self,
       const char          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static GtkWindow *
parent_window (DtConnectedAppsPage *self)
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

/* Audit events in words; unknown ones are shown as they are. */
static const char *
event_words (const char *event)
{
  static const struct { const char *event; const char *words; } map[] = {
    { "client.registered", N_("Registered") },
    { "client.created", N_("Created as a private app") },
    { "consent.shown", N_("Asked for access") },
    { "consent.granted", N_("Allowed") },
    { "consent.denied", N_("Denied") },
    { "consent.timed_out", N_("Question expired") },
    { "consent.cancelled", N_("Question withdrawn") },
    { "token.issued", N_("Signed in") },
    { "token.refreshed", N_("Renewed its access") },
    { "token.revoked", N_("Signed out") },
    { "token.refused", N_("Sign-in refused") },
    { "grant.revoked", N_("Access revoked") },
    { "refresh.reused", N_("Old credentials reused — access revoked") },
    { "code.reused", N_("Approval code reused — access revoked") },
    { "auth.failed", N_("Request refused") },
    { "authorize.refused", N_("Access request refused") },
    { "grant.confirm_off", N_("Stopped asking before sensitive actions") },
    { "grant.confirm_on", N_("Asks before sensitive actions again") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (event, map[i].event) == 0)
      return _(map[i].words);
  return event;
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
      g_autofree char *detail = NULL;

      detail = object != NULL && *object
               ? g_strdup_printf ("%s · %s", object, when) : g_strdup (when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (event_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (event_row),
                                     event_words (json_object_get_string_member (event, "event")));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (event_row), detail);
      adw_action_row_add_prefix (ADW_ACTION_ROW (event_row),
                                 gtk_image_new_from_icon_name (g_strcmp0 (outcome, "ok") == 0
                                                               ? "document-open-recent-symbolic"
                                                               : "dialog-warning-symbolic"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), event_row);
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
      toast (self, error->message);
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
      toast (self, error->message);
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
  dialog = adw_message_dialog_new (parent_window (self), heading,
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
      toast (data->page, error->message);
      return;
    }
  /* Translators: %s is an app's name */
  message = g_strdup_printf (_("%s can no longer use your data"), data->name);
  toast (data->page, message);
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
      toast (self, error->message);
      return NULL;
    }
  /* Translators: %s is an app's name */
  heading = g_strdup_printf (_("Revoke Access for “%s”?"), client->name);
  dialog = adw_message_dialog_new (parent_window (self), heading,
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

/* ---- private apps --------------------------------------------------------------------- */

typedef struct
{
  DtConnectedAppsPage *page;
  GtkWidget           *dialog;
  AdwEntryRow         *name;
  AdwComboRow         *target;
  DtScopeChoices      *choices;
  GtkLabel            *message;
  GPtrArray           *checks;
} PrivateForm;

static void
private_form_free (gpointer data,
                   GClosure *closure)
{
  PrivateForm *form = data;

  g_object_unref (form->page);
  dt_scope_choices_free (form->choices);
  g_ptr_array_unref (form->checks);
  g_free (form);
}

static char *
validate_private_form (PrivateForm *form)
{
  char *message = dt_check_name (gtk_editable_get_text (GTK_EDITABLE (form->name)),
                                 DT_OAUTH_MAX_NAME_LEN);

  if (message != NULL)
    return message;
  if (!dt_scope_choices_any_on (form->choices))
    return g_strdup (_("Choose at least one thing the app may do"));
  return NULL;
}

static void
on_private_form_changed_cb (PrivateForm *form)
{
  g_autofree char *message = validate_private_form (form);

  gtk_label_set_label (form->message, message != NULL ? message : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                           message == NULL);
}

static void
sync_checks (PrivateForm *form)
{
  for (guint i = 0; i < form->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (form->checks, i);
      DtScopeArea *area = dt_scope_choices_find (form->choices,
                                                 g_object_get_data (G_OBJECT (check), "area"));
      DtScopeLevel level = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "level"));

      g_signal_handlers_block_matched (check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, form);
      gtk_check_button_set_active (check, area->on[level]);
      g_signal_handlers_unblock_matched (check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, form);
    }
}

static void
on_private_check_toggled_cb (GtkCheckButton *check,
                             PrivateForm    *form)
{
  dt_scope_choices_set (form->choices, g_object_get_data (G_OBJECT (check), "area"),
                        GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "level")),
                        gtk_check_button_get_active (check));
  sync_checks (form);
  on_private_form_changed_cb (form);
}

static void
on_copy_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          g_object_get_data (G_OBJECT (button), "text"));
  gtk_button_set_icon_name (button, "object-select-symbolic");
}

static GtkWidget *
copy_row (const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Copy %s"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_set_tooltip_text (copy, tooltip);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  g_object_set_data_full (G_OBJECT (copy), "text", g_strdup (value), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  return row;
}

static void
show_secret (DtConnectedAppsPage *self,
             const char          *client_id,
             const char          *secret)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Private App Created"),
                                              _("Copy the secret now: DoubleTime keeps only a "
                                                "fingerprint of it and cannot show it again."));
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), copy_row (_("Client ID"), client_id));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), copy_row (_("Secret"), secret));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), group);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done", _("_Done"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_private_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PrivateForm      *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_auto(GStrv) scopes = NULL;
  g_autofree char *name = NULL;
  char *secret = NULL;
  gint64 grant_id = 0;
  DtTarget target;

  if (!g_str_equal (response, "create"))
    return;
  target = adw_combo_row_get_selected (form->target) == 1 ? DT_TARGET_MCP : DT_TARGET_API;
  scopes = dt_scope_choices_granted (form->choices);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name))));
  client = dt_oauth_client_create_private (form->page->db, name, target,
                                           (const char * const *) scopes, &secret, &grant_id,
                                           &error);
  if (client == NULL)
    {
      toast (form->page, error->message);
      return;
    }
  dt_connected_apps_page_reload (form->page);
  show_secret (form->page, client->client_id, secret);
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

GtkWidget *
dt_connected_apps_page_create_private (DtConnectedAppsPage *self)
{
  PrivateForm *form;
  GtkWidget *box, *group, *scopes_group;
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  const DtScopeInfo *catalog;
  guint n = 0;
  const char *targets[] = { NULL, NULL, NULL };

  g_return_val_if_fail (DT_IS_CONNECTED_APPS_PAGE (self), NULL);

  form = g_new0 (PrivateForm, 1);
  form->page = g_object_ref (self);
  form->checks = g_ptr_array_new ();
  catalog = dt_scopes_catalog (&n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (all, catalog[i].name);
  names = g_strv_builder_end (all);
  form->choices = dt_scope_choices_new ((const char * const *) names);
  for (guint i = 0; i < form->choices->areas->len; i++)
    dt_scope_choices_set (form->choices,
                          ((DtScopeArea *) g_ptr_array_index (form->choices->areas, i))->area,
                          DT_SCOPE_LEVEL_READ, FALSE);

  form->dialog = adw_message_dialog_new (parent_window (self), _("New Private App"),
                                         _("For your own scripts. It signs in with a client ID "
                                           "and a secret and can do only what you choose here."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog), "cancel", _("_Cancel"),
                                    "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  form->name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->name), _("Name"));
  g_signal_connect_swapped (form->name, "changed", G_CALLBACK (on_private_form_changed_cb), form);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->name));
  form->target = ADW_COMBO_ROW (adw_combo_row_new ());
  targets[0] = dt_target_label (DT_TARGET_API);
  targets[1] = dt_target_label (DT_TARGET_MCP);
  adw_combo_row_set_model (form->target, G_LIST_MODEL (gtk_string_list_new (targets)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->target), _("Connects to"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->target));
  gtk_box_append (GTK_BOX (box), group);

  scopes_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (scopes_group), _("Access"));
  for (guint i = 0; i < form->choices->areas->len; i++)
    {
      DtScopeArea *area = g_ptr_array_index (form->choices->areas, i);
      g_autofree char *read_name = g_strconcat (area->area, ":read", NULL);
      const DtScopeInfo *info = dt_scope_lookup (read_name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *checks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      static const char *labels[] = { NC_("consent", "See"), NC_("consent", "Change"),
                                      NC_("consent", "Send") };

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     info != NULL ? _(info->area_label) : area->area);
      gtk_widget_set_valign (checks, GTK_ALIGN_CENTER);
      for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
        {
          GtkWidget *check;
          g_autofree char *accessible = NULL;

          if (!area->requested[l])
            continue;
          check = gtk_check_button_new_with_label (g_dpgettext2 (NULL, "consent", labels[l]));
          accessible = g_strdup_printf ("%s: %s", g_dpgettext2 (NULL, "consent", labels[l]),
                                        info != NULL ? _(info->area_label) : area->area);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          g_object_set_data_full (G_OBJECT (check), "area", g_strdup (area->area), g_free);
          g_object_set_data (G_OBJECT (check), "level", GUINT_TO_POINTER (l));
          g_signal_connect (check, "toggled", G_CALLBACK (on_private_check_toggled_cb), form);
          g_ptr_array_add (form->checks, check);
          gtk_box_append (GTK_BOX (checks), check);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), checks);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (scopes_group), row);
    }
  gtk_box_append (GTK_BOX (box), scopes_group);

  form->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->message), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->message));

  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), scrolled);
  }

  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_private_response_cb), form,
                         private_form_free, 0);
  on_private_form_changed_cb (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
}

static void
revoke_client_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dt_connected_apps_page_revoke (DT_CONNECTED_APPS_PAGE (widget),
                                 g_variant_get_string (parameter, NULL));
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

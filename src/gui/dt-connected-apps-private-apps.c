/* dt-connected-apps-private-apps.c: the Connected apps page's form for a private app (a name,
 * a target, the permissions) and the one-time display of its secret. */
#define G_LOG_DOMAIN "dt-connected-apps"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-connected-apps-page-private.h"
#include "dt-form-checks.h"
#include "dt-oauth-clients.h"
#include "dt-scope-choices.h"
#include "dt-scopes.h"

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
  GtkWidget *dialog = adw_message_dialog_new (dt_connected_apps_page_get_window (self),
                                              _("Private App Created"),
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
      dt_connected_apps_page_toast (form->page, error->message);
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

  form->dialog = adw_message_dialog_new (dt_connected_apps_page_get_window (self),
                                         _("New Private App"),
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


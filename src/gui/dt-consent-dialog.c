/* dt-consent-dialog.c: the consent dialog, after xdg-desktop-portal-gnome's access dialog:
 * Deny is the default, Allow wakes up after a delay, and the user can only narrow. */
#define G_LOG_DOMAIN "dt-consent"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-consent-dialog.h"
#include "dt-scope-choices.h"

struct _DtConsentDialog
{
  AdwMessageDialog     parent_instance;

  DtScopeChoices      *choices;
  GHashTable          *checks;       /* "clients:write" → GtkCheckButton (not owned) */
  GHashTable          *rows;         /* area → AdwActionRow (not owned) */
  guint                delay_id;
  gboolean             allow_ready;
  gboolean             syncing;

  AdwActionRow        *app_row;
  AdwActionRow        *target_row;
  AdwActionRow        *redirect_row;
  AdwPreferencesGroup *scopes_group;
};

G_DEFINE_FINAL_TYPE (DtConsentDialog, dt_consent_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
level_label (DtScopeLevel level)
{
  switch (level)
    {
    case DT_SCOPE_LEVEL_READ:
      return C_("consent", "See");
    case DT_SCOPE_LEVEL_WRITE:
      return C_("consent", "Change");
    case DT_SCOPE_LEVEL_SEND:
      return C_("consent", "Send");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const DtScopeInfo *
area_scope (DtScopeArea  *area,
            DtScopeLevel  level)
{
  g_autofree char *name = g_strconcat (area->area, ":", dt_scope_level_suffix (level), NULL);

  return dt_scope_lookup (name);
}

static const char *
area_label (DtScopeArea *area)
{
  for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
    {
      const DtScopeInfo *info = area_scope (area, l);
      if (info != NULL)
        return _(info->area_label);
    }
  return area->area;
}

/* The subtitle says in words what stays allowed in this area. */
static char *
area_summary (DtScopeArea *area)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
    {
      const DtScopeInfo *info;

      /* Write descriptions already say what reading does not; skip read when write is on. */
      if (!area->on[l] || (l == DT_SCOPE_LEVEL_READ && area->on[DT_SCOPE_LEVEL_WRITE]))
        continue;
      info = area_scope (area, l);
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, info != NULL ? _(info->description) : area->area);
    }
  if (text->len == 0)
    g_string_append (text, _("No access"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
sync_from_choices (DtConsentDialog *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->choices->areas->len; i++)
    {
      DtScopeArea *area = g_ptr_array_index (self->choices->areas, i);
      g_autofree char *summary = area_summary (area);

      adw_action_row_set_subtitle (g_hash_table_lookup (self->rows, area->area), summary);
      for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
        {
          g_autofree char *name = g_strconcat (area->area, ":", dt_scope_level_suffix (l), NULL);
          GtkCheckButton *check = g_hash_table_lookup (self->checks, name);
          if (check != NULL)
            gtk_check_button_set_active (check, area->on[l]);
        }
    }
  self->syncing = FALSE;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "allow",
                                           self->allow_ready &&
                                           dt_scope_choices_any_on (self->choices));
}

static void
on_check_toggled_cb (GtkCheckButton  *check,
                     DtConsentDialog *self)
{
  const char *area = g_object_get_data (G_OBJECT (check), "area");
  DtScopeLevel level = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "level"));

  if (self->syncing)
    return;
  dt_scope_choices_set (self->choices, area, level, gtk_check_button_get_active (check));
  sync_from_choices (self);
}

static void
build_scope_rows (DtConsentDialog *self)
{
  for (guint i = 0; i < self->choices->areas->len; i++)
    {
      DtScopeArea *area = g_ptr_array_index (self->choices->areas, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), area_label (area));
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
        {
          GtkWidget *check;
          g_autofree char *accessible = NULL;

          if (!area->requested[l])
            continue;
          check = gtk_check_button_new_with_label (level_label (l));
          /* Translators: accessible name of a consent toggle, e.g. "Change: Clients" */
          accessible = g_strdup_printf (C_("consent", "%s: %s"), level_label (l), area_label (area));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          accessible, -1);
          g_object_set_data_full (G_OBJECT (check), "area", g_strdup (area->area), g_free);
          g_object_set_data (G_OBJECT (check), "level", GUINT_TO_POINTER (l));
          g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
          gtk_box_append (GTK_BOX (box), check);
          g_hash_table_insert (self->checks,
                               g_strconcat (area->area, ":", dt_scope_level_suffix (l), NULL),
                               check);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->scopes_group, row);
      g_hash_table_insert (self->rows, g_strdup (area->area), row);
    }
}

static gboolean
on_allow_delay_cb (gpointer user_data)
{
  DtConsentDialog *self = user_data;

  self->delay_id = 0;
  self->allow_ready = TRUE;
  sync_from_choices (self);
  return G_SOURCE_REMOVE;
}

void
dt_consent_dialog_set_allow_delay (DtConsentDialog *self,
                                   guint            delay_ms)
{
  g_return_if_fail (DT_IS_CONSENT_DIALOG (self));

  g_clear_handle_id (&self->delay_id, g_source_remove);
  self->allow_ready = FALSE;
  if (delay_ms == 0)
    on_allow_delay_cb (self);
  else
    self->delay_id = g_timeout_add (delay_ms, on_allow_delay_cb, self);
  sync_from_choices (self);
}

/* "127.0.0.1:33418" for loopback redirects, the host for https, the scheme for an app's own
 * private-use scheme: what the user can recognise. */
static char *
describe_redirect (const char *redirect_uri)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL)
    return g_strdup (redirect_uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    /* Translators: %s is a URI scheme such as "com.example.app" */
    return g_strdup_printf (_("The app itself (%s:)"), g_uri_get_scheme (uri));
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
  return g_strdup (host);
}

static void
dt_consent_dialog_dispose (GObject *object)
{
  DtConsentDialog *self = DT_CONSENT_DIALOG (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CONSENT_DIALOG);

  G_OBJECT_CLASS (dt_consent_dialog_parent_class)->dispose (object);
}

static void
dt_consent_dialog_finalize (GObject *object)
{
  DtConsentDialog *self = DT_CONSENT_DIALOG (object);

  g_clear_pointer (&self->choices, dt_scope_choices_free);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (dt_consent_dialog_parent_class)->finalize (object);
}

static void
dt_consent_dialog_class_init (DtConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_consent_dialog_dispose;
  object_class->finalize = dt_consent_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DtConsentDialog, app_row);
  gtk_widget_class_bind_template_child (widget_class, DtConsentDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, DtConsentDialog, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, DtConsentDialog, scopes_group);
}

static void
dt_consent_dialog_init (DtConsentDialog *self)
{
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

DtConsentDialog *
dt_consent_dialog_new (GtkWindow          *parent,
                       const char         *app_name,
                       const char         *redirect_uri,
                       DtTarget            target,
                       const char * const *scopes)
{
  DtConsentDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (app_name != NULL, NULL);

  self = g_object_new (DT_TYPE_CONSENT_DIALOG, "transient-for", parent, NULL);
  self->choices = dt_scope_choices_new (scopes);
  build_scope_rows (self);

  /* Translators: %s is the name the app gave itself, e.g. "Claude Code" */
  heading = g_strdup_printf (_("Allow “%s” to Access DoubleTime?"), app_name);
  escaped = g_markup_escape_text (app_name, -1);
  body = g_strdup_printf (target == DT_TARGET_MCP
                          /* Translators: %s is the app's name, in bold */
                          ? _("<b>%s</b> wants to use your time tracking and billing data "
                              "through the assistant connection (MCP). Only allow apps you "
                              "started yourself.")
                          : _("<b>%s</b> wants to use your time tracking and billing data "
                              "through the REST API. Only allow apps you started yourself."),
                          escaped);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  adw_action_row_set_subtitle (self->app_row, app_name);
  adw_action_row_set_subtitle (self->target_row, dt_target_label (target));
  redirect = describe_redirect (redirect_uri != NULL ? redirect_uri : "");
  adw_action_row_set_subtitle (self->redirect_row, redirect);

  dt_consent_dialog_set_allow_delay (self, DT_CONSENT_ALLOW_DELAY_MS);
  return self;
}

GStrv
dt_consent_dialog_get_granted (DtConsentDialog *self)
{
  g_return_val_if_fail (DT_IS_CONSENT_DIALOG (self), NULL);
  return dt_scope_choices_granted (self->choices);
}

void
dt_consent_dialog_set_scope (DtConsentDialog *self,
                             const char      *scope,
                             gboolean         on)
{
  GtkCheckButton *check;

  g_return_if_fail (DT_IS_CONSENT_DIALOG (self));

  check = g_hash_table_lookup (self->checks, scope);
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (check, on);
}

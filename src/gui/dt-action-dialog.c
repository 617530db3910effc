/* dt-action-dialog.c: the confirmation of a sensitive action requested by a connected app. */
#define G_LOG_DOMAIN "dt-consent"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-action-dialog.h"
#include "dt-consent-dialog.h"

struct _DtActionDialog
{
  AdwMessageDialog  parent_instance;

  guint             delay_id;
};

G_DEFINE_FINAL_TYPE (DtActionDialog, dt_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
on_allow_delay_cb (gpointer user_data)
{
  DtActionDialog *self = user_data;

  self->delay_id = 0;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "allow", TRUE);
  return G_SOURCE_REMOVE;
}

void
dt_action_dialog_set_allow_delay (DtActionDialog *self,
                                  guint           delay_ms)
{
  g_return_if_fail (DT_IS_ACTION_DIALOG (self));

  g_clear_handle_id (&self->delay_id, g_source_remove);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "allow", FALSE);
  if (delay_ms == 0)
    on_allow_delay_cb (self);
  else
    self->delay_id = g_timeout_add (delay_ms, on_allow_delay_cb, self);
}

static void
dt_action_dialog_dispose (GObject *object)
{
  DtActionDialog *self = DT_ACTION_DIALOG (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);

  G_OBJECT_CLASS (dt_action_dialog_parent_class)->dispose (object);
}

static void
dt_action_dialog_class_init (DtActionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_action_dialog_dispose;
}

static void
dt_action_dialog_init (DtActionDialog *self)
{
}

DtActionDialog *
dt_action_dialog_new (GtkWindow    *parent,
                      const char   *app_name,
                      DtActionKind  kind,
                      const char   *summary)
{
  DtActionDialog *self;
  AdwMessageDialog *dialog;
  g_autofree char *escaped_app = NULL;
  g_autofree char *escaped_summary = NULL;
  g_autofree char *body = NULL;
  const char *heading, *allow;
  AdwResponseAppearance appearance = ADW_RESPONSE_SUGGESTED;

  g_return_val_if_fail (app_name != NULL && summary != NULL, NULL);

  switch (kind)
    {
    case DT_ACTION_KIND_SEND:
      heading = _("Send on Your Behalf?");
      allow = _("_Send");
      break;
    case DT_ACTION_KIND_PAYMENT:
      heading = _("Record a Payment?");
      allow = _("_Record");
      break;
    case DT_ACTION_KIND_DELETE:
      heading = _("Delete for Good?");
      allow = _("_Delete");
      appearance = ADW_RESPONSE_DESTRUCTIVE;
      break;
    case DT_ACTION_KIND_OTHER:
    default:
      heading = _("Allow This Action?");
      allow = _("_Allow");
      break;
    }

  self = g_object_new (DT_TYPE_ACTION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body-use-markup", TRUE,
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  escaped_app = g_markup_escape_text (app_name, -1);
  if (g_str_has_prefix (summary, app_name))
    {
      /* Already a whole sentence about the app: bold its name, keep the rest. */
      g_autofree char *rest = g_markup_escape_text (summary + strlen (app_name), -1);
      body = g_strdup_printf ("<b>%s</b>%s", escaped_app, rest);
    }
  else
    {
      g_autofree char *lowered = g_strdup (summary);
      gunichar first = g_utf8_get_char (lowered);

      /* "Send invoice …" reads as "wants to send invoice …". */
      if (g_unichar_isupper (first) && g_utf8_next_char (lowered) - lowered == 1)
        lowered[0] = g_ascii_tolower (lowered[0]);
      escaped_summary = g_markup_escape_text (lowered, -1);
      /* Translators: "<b>Claude Code</b> wants to send invoice INV-2026-0014 to …"; the app's
       * name is not verified */
      body = g_strdup_printf (_("<b>%s</b> wants to %s."), escaped_app, escaped_summary);
    }
  adw_message_dialog_set_body (dialog, body);

  adw_message_dialog_add_response (dialog, "deny", _("_Deny"));
  adw_message_dialog_add_response (dialog, "allow", allow);
  adw_message_dialog_set_response_appearance (dialog, "allow", appearance);
  adw_message_dialog_set_default_response (dialog, "deny");
  adw_message_dialog_set_close_response (dialog, "deny");
  dt_action_dialog_set_allow_delay (self, DT_CONSENT_ALLOW_DELAY_MS);
  return self;
}

/* dt-time-add-dialog.c: a form whose Add response stays off until every field is right, with
 * the reason next to the field. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-form-checks.h"
#include "dt-task-drop-down.h"
#include "dt-time-add-dialog.h"
#include "dt-time.h"
#include "dt-trackable.h"

typedef struct
{
  DtTimeEntryActions *actions;
  DtTimeAddedFunc     added;
  GObject            *owner;
  GtkWidget          *dialog;
  GtkDropDown        *task;
  AdwEntryRow        *date;
  AdwEntryRow        *start;
  AdwEntryRow        *end;
  AdwEntryRow        *note;
  GtkSwitch          *billable;
  GtkLabel           *message;
} AddForm;

static void
add_form_free (AddForm *form)
{
  g_clear_object (&form->actions);
  g_clear_object (&form->owner);
  g_free (form);
}

static char *
validate_add_form (AddForm *form,
                   gint64  *out_start,
                   gint64  *out_end)
{
  int y, m, d;
  g_autoptr(GError) error = NULL;

  if (gtk_drop_down_get_selected_item (form->task) == NULL)
    return g_strdup (_("Choose what you worked on"));
  if (!dt_time_parse_date (gtk_editable_get_text (GTK_EDITABLE (form->date)), &y, &m, &d, &error))
    return g_strdup (_("Enter the date like 2026-11-27"));
  return dt_check_entry_times (dt_time_local_midnight (y, m, d),
                               gtk_editable_get_text (GTK_EDITABLE (form->start)),
                               gtk_editable_get_text (GTK_EDITABLE (form->end)), FALSE,
                               out_start, out_end);
}

static void
on_add_form_changed_cb (AddForm *form)
{
  g_autofree char *message = validate_add_form (form, NULL, NULL);

  gtk_label_set_label (form->message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (form->message), message != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "add",
                                           message == NULL);
}

static void
on_add_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AddForm          *form)
{
  g_autoptr(DtTimeEntry) input = NULL;
  g_autoptr(DtTimeEntry) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  DtTrackable *t;
  gint64 start = 0, end = 0;

  if (!g_str_equal (response, "add"))
    return;
  message = validate_add_form (form, &start, &end);
  if (message != NULL)
    {
      g_signal_emit_by_name (form->actions, "message", message);
      return;
    }
  t = gtk_drop_down_get_selected_item (form->task);
  input = dt_time_entry_new ();
  input->project_id = dt_trackable_get_project_id (t);
  input->task_id = dt_trackable_get_task_id (t);
  input->start_at = start;
  input->end_at = end;
  g_free (input->note);
  input->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->note))));
  input->billable = gtk_switch_get_active (form->billable);
  created = dt_time_entry_store_create (dt_time_entry_actions_get_db (form->actions), input,
                                        &error);
  if (created == NULL)
    {
      g_signal_emit_by_name (form->actions, "message", error->message);
      return;
    }
  if (form->added != NULL)
    form->added (start, form->owner);
}

GtkWidget *
dt_time_add_dialog_present (GtkWidget          *parent,
                            DtTimeEntryActions *actions,
                            gint64              day,
                            DtTimeAddedFunc     added,
                            gpointer            user_data)
{
  AddForm *form;
  GtkWidget *group, *box, *billable_row;
  g_autofree char *today = NULL;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (actions), NULL);
  g_return_val_if_fail (user_data == NULL || G_IS_OBJECT (user_data), NULL);

  form = g_new0 (AddForm, 1);
  form->actions = g_object_ref (actions);
  form->added = added;
  form->owner = user_data != NULL ? g_object_ref (user_data) : NULL;
  root = gtk_widget_get_root (parent);
  form->dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         _("Add Entry"),
                                         _("For work you did without the timer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (form->dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  {
    GtkWidget *task_row = adw_action_row_new ();
    GtkWidget *dropdown = dt_task_drop_down_new (dt_time_entry_actions_get_trackables (actions),
                                                 0, 0);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (task_row), _("Task"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (task_row), dropdown);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), task_row);
    form->task = GTK_DROP_DOWN (dropdown);
    g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_add_form_changed_cb),
                              form);
  }

  today = dt_time_local_date (day);
  form->date = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->date), _("Date"));
  gtk_editable_set_text (GTK_EDITABLE (form->date), today);
  form->start = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->start), _("Start"));
  gtk_editable_set_text (GTK_EDITABLE (form->start), "9:00");
  form->end = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->end), _("End"));
  gtk_editable_set_text (GTK_EDITABLE (form->end), "10:00");
  form->note = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->note), _("Note"));
  for (AdwEntryRow **r = (AdwEntryRow *[]) { form->date, form->start, form->end, form->note,
                                             NULL }; *r != NULL; r++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (*r));
      g_signal_connect_swapped (*r, "changed", G_CALLBACK (on_add_form_changed_cb), form);
    }

  billable_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (billable_row), _("Billable"));
  form->billable = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (form->billable, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (form->billable), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (billable_row), GTK_WIDGET (form->billable));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (billable_row),
                                         GTK_WIDGET (form->billable));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), billable_row);

  form->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->message), "error");
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->message));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), box);

  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_add_response_cb), form,
                         (GClosureNotify) (void (*) (void)) add_form_free, 0);
  on_add_form_changed_cb (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
}

/* dt-task-drop-down.c: the task chooser of an entry and of the add-entry dialog. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-task-drop-down.h"
#include "dt-trackable.h"

static char *
trackable_label_cb (DtTrackable *t)
{
  return g_strdup (t != NULL ? dt_trackable_get_label (t) : "");
}

void
dt_task_drop_down_select (GtkDropDown *dropdown,
                          gint64       project_id,
                          gint64       task_id)
{
  GListModel *model;
  guint n;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  model = gtk_drop_down_get_model (dropdown);
  n = model != NULL ? g_list_model_get_n_items (model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtTrackable) t = g_list_model_get_item (model, i);
      if (dt_trackable_get_project_id (t) == project_id && dt_trackable_get_task_id (t) == task_id)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
}

GtkWidget *
dt_task_drop_down_new (GListModel *trackables,
                       gint64      project_id,
                       gint64      task_id)
{
  GtkExpression *expression;
  GtkWidget *dropdown;

  g_return_val_if_fail (G_IS_LIST_MODEL (trackables), NULL);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (trackable_label_cb), NULL, NULL);
  dropdown = gtk_drop_down_new (g_object_ref (trackables), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  dt_task_drop_down_select (GTK_DROP_DOWN (dropdown), project_id, task_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Task"), -1);
  return dropdown;
}

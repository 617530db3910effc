/* dt-clients-page-rows.c: the rows of the Clients page's three lists, made by list item
 * factories: a screenful of widgets each, however many clients, projects and tasks. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-item.h"
#include "dt-clients-page-private.h"
#include "dt-format.h"
#include "dt-project-item.h"
#include "dt-task-item.h"

#define ROW_WIDGETS "dt-row-widgets"

char *
dt_clients_page_client_subtitle (const DtClient *client)
{
  g_autofree char *rate = dt_format_rate (client->rate, client->currency);
  /* Translators: "EUR · €80.00/h · 30 days to pay" */
  return g_strdup_printf (ngettext ("%s · %s · %d day to pay", "%s · %s · %d days to pay",
                                    client->payment_terms_days),
                          client->currency != NULL ? client->currency : "",
                          client->rate >= 0 ? rate : _("Default rate"),
                          client->payment_terms_days);
}

/* The widgets of one row, made in setup and filled in bind. */
typedef struct
{
  AdwAvatar   *avatar;
  GtkLabel    *title;
  GtkLabel    *subtitle;
  GtkLevelBar *bar;
  GtkWidget   *buttons[3];
} RowWidgets;

static GtkWidget *
row_new (const char  *css_class,
         GtkWidget   *prefix,
         RowWidgets **out_row)
{
  RowWidgets *row = g_new0 (RowWidgets, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  row->title = GTK_LABEL (gtk_label_new (NULL));
  row->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_ellipsize (row->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (row->subtitle, 0);
  gtk_label_set_ellipsize (row->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "caption");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->subtitle));
  if (prefix != NULL)
    {
      gtk_widget_set_valign (prefix, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), prefix);
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_add_css_class (box, css_class);
  g_object_set_data_full (G_OBJECT (box), ROW_WIDGETS, row, g_free);
  *out_row = row;
  return box;
}

static RowWidgets *
row_widgets (GtkListItem *list_item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), ROW_WIDGETS);
}

static void
on_client_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  RowWidgets *row;
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *box = row_new ("client-row", avatar, &row);

  row->avatar = ADW_AVATAR (avatar);
  gtk_list_item_set_child (list_item, box);
}

static void
on_client_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  RowWidgets *row = row_widgets (list_item);
  DtClientItem *item = gtk_list_item_get_item (list_item);
  const DtClient *client;
  g_autofree char *subtitle = NULL;

  /* A row removed since the list was counted: blank until the list is read again. */
  if (item == NULL)
    {
      gtk_label_set_label (row->title, "");
      gtk_label_set_label (row->subtitle, "");
      adw_avatar_set_text (row->avatar, NULL);
      return;
    }
  client = dt_client_item_get_client (item);
  subtitle = dt_clients_page_client_subtitle (client);
  gtk_label_set_label (row->title, client->name);
  gtk_label_set_label (row->subtitle, client->archived ? _("Archived") : subtitle);
  adw_avatar_set_text (row->avatar, client->name);
}

/* The action is named in bind, with its target: an action of type "x" without one warns. */
static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "dt-action", (gpointer) action);
  return button;
}

static void
on_project_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  RowWidgets *row;
  GtkWidget *box = row_new ("project-row", gtk_image_new_from_icon_name ("folder-symbolic"),
                            &row);

  row->bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1));
  gtk_widget_set_size_request (GTK_WIDGET (row->bar), 96, -1);
  gtk_widget_set_valign (GTK_WIDGET (row->bar), GTK_ALIGN_CENTER);
  gtk_level_bar_add_offset_value (row->bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.8);
  gtk_level_bar_add_offset_value (row->bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.95);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->bar));
  row->buttons[0] = icon_button ("list-add-symbolic", _("Add a Task"), "clients.new-task");
  row->buttons[1] = icon_button ("document-edit-symbolic", _("Edit Project"),
                                 "clients.edit-project");
  row->buttons[2] = icon_button ("user-trash-symbolic", _("Archive Project"),
                                 "clients.archive-project");
  for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++)
    gtk_box_append (GTK_BOX (box), row->buttons[i]);
  gtk_list_item_set_child (list_item, box);
}

static void
on_project_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  RowWidgets *row = row_widgets (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DtProjectItem *item = gtk_list_item_get_item (list_item);
  const DtProject *project;
  const char *currency;
  g_autofree char *rate = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *subtitle = NULL;
  gint64 used_seconds, used_amount;
  double fraction = 0;
  gboolean over = FALSE;

  gtk_widget_remove_css_class (box, "over-budget");
  gtk_widget_set_visible (GTK_WIDGET (row->bar), FALSE);
  if (item == NULL)
    {
      gtk_label_set_label (row->title, "");
      gtk_label_set_label (row->subtitle, "");
      for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++)
        gtk_widget_set_sensitive (row->buttons[i], FALSE);
      return;
    }

  project = dt_project_item_get_project (item);
  currency = dt_project_item_get_currency (item);
  used_seconds = dt_project_item_get_used_seconds (item);
  used_amount = dt_project_item_get_used_amount (item);
  rate = dt_format_rate (project->rate, currency);
  /* The use of a budget is known once the worker's report has landed. */
  if (project->budget_minutes >= 0 && used_seconds >= 0)
    budget = dt_format_budget (used_seconds, project->budget_minutes * 60, FALSE, NULL,
                               &fraction, &over);
  else if (project->budget_amount >= 0 && used_amount >= 0)
    budget = dt_format_budget (used_amount, project->budget_amount, TRUE, currency,
                               &fraction, &over);
  subtitle = budget != NULL ? g_strdup_printf ("%s · %s", project->rate >= 0 ? rate
                                               : _("Client’s rate"), budget)
                            : g_strdup (project->rate >= 0 ? rate : _("Client’s rate"));
  gtk_label_set_label (row->title, project->name);
  gtk_label_set_label (row->subtitle, subtitle);
  if (budget != NULL)
    {
      gtk_level_bar_set_value (row->bar, fraction);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      budget, -1);
      gtk_widget_set_visible (GTK_WIDGET (row->bar), TRUE);
      if (over)
        gtk_widget_add_css_class (box, "over-budget");
    }
  for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++)
    {
      gtk_widget_set_sensitive (row->buttons[i], TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row->buttons[i]), "x", project->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row->buttons[i]),
                                      g_object_get_data (G_OBJECT (row->buttons[i]),
                                                         "dt-action"));
    }
}

static void
on_task_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  RowWidgets *row;
  GtkWidget *box = row_new ("task-row", NULL, &row);

  gtk_list_item_set_child (list_item, box);
}

static void
on_task_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  RowWidgets *row = row_widgets (list_item);
  DtTaskItem *item = gtk_list_item_get_item (list_item);
  const DtTask *task = item != NULL ? dt_task_item_get_task (item) : NULL;

  gtk_label_set_label (row->title, task != NULL ? task->title : "");
  gtk_label_set_label (row->subtitle, task != NULL && !task->billable ? _("Not billable") : "");
  gtk_widget_set_visible (GTK_WIDGET (row->subtitle), task != NULL && !task->billable);
}

static void
set_factory (GtkListView *view,
             GCallback    setup,
             GCallback    bind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  gtk_list_view_set_factory (view, factory);
}

void
dt_clients_page_set_up_rows (DtClientsPage *self)
{
  set_factory (self->clients_view, G_CALLBACK (on_client_setup_cb),
               G_CALLBACK (on_client_bind_cb));
  set_factory (self->projects_view, G_CALLBACK (on_project_setup_cb),
               G_CALLBACK (on_project_bind_cb));
  set_factory (self->tasks_view, G_CALLBACK (on_task_setup_cb), G_CALLBACK (on_task_bind_cb));
}

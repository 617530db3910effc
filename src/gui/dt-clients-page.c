/* dt-clients-page.c: the Clients page: a list of the clients, and the one selected with its
 * projects (rate, budget with progress) and the open tasks of the project selected. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-item.h"
#include "dt-client-store.h"
#include "dt-clients-page-private.h"
#include "dt-db-read.h"
#include "dt-project-item.h"
#include "dt-project-store.h"
#include "dt-store-events.h"

/* Many entries written at once (an import, the MCP tools) count the budgets once. */
#define USAGE_DELAY_MS 500

G_DEFINE_FINAL_TYPE (DtClientsPage, dt_clients_page, GTK_TYPE_WIDGET)

/* The target first: an action of type "x" named without one warns. */
static void
set_action (GtkButton  *button,
            const char *name,
            gint64      id)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
}

static void
show_tasks (DtClientsPage *self)
{
  g_autoptr(DtProjectItem) item = NULL;
  guint position = gtk_single_selection_get_selected (self->projects_selection);
  g_autofree char *heading = NULL;

  if (position != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (G_LIST_MODEL (self->projects), position);
  self->project_id = item != NULL ? dt_project_item_get_id (item) : 0;
  dt_task_list_set_project_id (self->tasks, self->project_id);
  /* Translators: %s is a project's name */
  heading = item != NULL ? g_strdup_printf (_("Open tasks of %s"),
                                            dt_project_item_get_project (item)->name)
                         : g_strdup (_("Open tasks"));
  gtk_label_set_label (self->tasks_heading, heading);
  gtk_stack_set_visible_child_name (self->tasks_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->tasks)) > 0
                                    ? "list" : "empty");
}

/* Selects @project_id among the client's projects, or the first one when it is not there. */
static void
select_project (DtClientsPage *self,
                gint64         project_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->projects));
  guint position = dt_project_list_find (self->projects, project_id);

  if (position == GTK_INVALID_LIST_POSITION && n > 0)
    position = 0;
  self->syncing++;
  gtk_single_selection_set_selected (self->projects_selection, position);
  self->syncing--;
  gtk_stack_set_visible_child_name (self->projects_stack, n > 0 ? "list" : "empty");
  show_tasks (self);
}

static void
show_client (DtClientsPage *self)
{
  g_autoptr(DtClientItem) item = NULL;
  guint position = gtk_single_selection_get_selected (self->clients_selection);
  const DtClient *client;
  g_autofree char *subtitle = NULL;

  if (position != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (G_LIST_MODEL (self->clients), position);
  client = item != NULL ? dt_client_item_get_client (item) : NULL;
  self->client_id = client != NULL ? client->id : 0;
  if (client != NULL)
    subtitle = dt_clients_page_client_subtitle (client);
  gtk_label_set_label (self->client_title, client != NULL ? client->name : "");
  gtk_label_set_label (self->client_subtitle, client == NULL ? ""
                                              : client->archived ? _("Archived") : subtitle);
  adw_avatar_set_text (self->client_avatar, client != NULL ? client->name : NULL);
  set_action (self->new_project_button, "clients.new-project", self->client_id);
  set_action (self->edit_client_button, "clients.edit-client", self->client_id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_project_button),
                            client != NULL && !client->archived);
  if (client != NULL && client->archived)
    {
      gtk_button_set_icon_name (self->archive_client_button, "edit-undo-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->archive_client_button),
                                   _("Restore Client"));
      set_action (self->archive_client_button, "clients.restore-client", self->client_id);
    }
  else
    {
      gtk_button_set_icon_name (self->archive_client_button, "user-trash-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->archive_client_button),
                                   _("Archive Client"));
      set_action (self->archive_client_button, "clients.archive-client", self->client_id);
    }

  /* Another client's projects start from its first; the same client's keep the one shown. */
  if (dt_project_list_get_client_id (self->projects) != self->client_id)
    dt_project_list_set_client_id (self->projects, self->client_id);
  else
    dt_paged_list_invalidate (DT_PAGED_LIST (self->projects));
  select_project (self, self->project_id);
}

static void
on_client_selected_cb (DtClientsPage *self)
{
  if (self->syncing == 0)
    {
      self->project_id = 0;
      show_client (self);
    }
}

static void
on_project_selected_cb (DtClientsPage *self)
{
  if (self->syncing == 0)
    show_tasks (self);
}

void
dt_clients_page_reload (DtClientsPage *self)
{
  const char *search;
  guint n, position;

  g_return_if_fail (DT_IS_CLIENTS_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  self->syncing++;
  dt_client_list_set_text (self->clients, search);
  dt_client_list_set_archived (self->clients,
                               gtk_toggle_button_get_active (self->archived_toggle));
  /* The rows may have changed whatever the filter: count and read them again. */
  dt_paged_list_invalidate (DT_PAGED_LIST (self->clients));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->clients));
  position = dt_client_list_find (self->clients, self->client_id);
  if (position == GTK_INVALID_LIST_POSITION && n > 0)
    position = 0;
  dt_list_fill_reveal (self->clients_fill, position);
  gtk_single_selection_set_selected (self->clients_selection, position);
  self->syncing--;
  show_client (self);

  adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack,
                                                                          "empty")),
                             n == 0 && *search != '\0' ? _("No Matching Clients")
                                                       : _("No Clients Yet"));
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

void
dt_clients_page_show_saved (DtClientsPage *self,
                            gint64         client_id,
                            gint64         project_id)
{
  g_return_if_fail (DT_IS_CLIENTS_PAGE (self));

  if (client_id != 0)
    self->client_id = client_id;
  if (project_id != 0)
    self->project_id = project_id;
  dt_clients_page_reload (self);
}

static void
on_usage_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DtClientsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GHashTable *usage = dt_db_read_finish (result, &error);

  if (usage == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the projects' budgets: %s", error->message);
      return;
    }
  g_debug ("Budgets counted in %.0f ms", (g_get_monotonic_time () - self->usage_started) / 1e3);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  self->usage = usage;
  dt_project_list_set_usage (self->projects, usage);
  select_project (self, self->project_id);
}

/* The use of every budget comes from one report over the whole history: on a worker, with a
 * connection of its own, so that opening the page never waits for it. */
static void
read_usage (DtClientsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->usage_started = g_get_monotonic_time ();
  dt_db_read_async (self->db, dt_project_usage_read, NULL, NULL,
                    (GDestroyNotify) g_hash_table_unref, self->cancellable, on_usage_read_cb,
                    g_object_ref (self));
}

static gboolean
on_usage_timeout_cb (gpointer user_data)
{
  DtClientsPage *self = user_data;

  self->usage_id = 0;
  read_usage (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtClientsPage *self = user_data;

  self->reload_id = 0;
  dt_clients_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (DtClientsPage *self,
                     const char    *entity,
                     gint64         id,
                     gpointer       monitor)
{
  gboolean rows = dt_change_monitor_matches (entity, DT_ENTITY_CLIENT) ||
                  g_str_equal (entity, DT_ENTITY_PROJECT) || g_str_equal (entity, DT_ENTITY_TASK);

  if (rows && self->reload_id == 0)
    /* Before the next layout and paint (GTK's are just below), not after every animation. */
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
  if ((rows || g_str_equal (entity, DT_ENTITY_TIME_ENTRY)) && self->usage_id == 0)
    self->usage_id = g_timeout_add (USAGE_DELAY_MS, on_usage_timeout_cb, self);
}

static void
on_search_changed_cb (DtClientsPage *self)
{
  dt_clients_page_reload (self);
}

static void
dt_clients_page_dispose (GObject *object)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->usage_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_CLIENTS_PAGE);
  g_clear_object (&self->clients_selection);
  g_clear_object (&self->projects_selection);
  g_clear_object (&self->clients_fill);
  g_clear_object (&self->clients);
  g_clear_object (&self->projects);
  g_clear_object (&self->tasks);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  g_clear_object (&self->monitor);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_clients_page_parent_class)->dispose (object);
}

static void
dt_clients_page_class_init (DtClientsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_clients_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-clients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, box);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, archived_toggle);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, clients_view);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, client_avatar);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, client_title);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, client_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, new_project_button);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, edit_client_button);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, archive_client_button);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, projects_stack);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, projects_view);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, tasks_heading);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, tasks_stack);
  gtk_widget_class_bind_template_child (widget_class, DtClientsPage, tasks_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  dt_clients_page_install_actions (widget_class);
}

static void
dt_clients_page_init (DtClientsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_clients_page_set_up_rows (self);
}

DtClientsPage *
dt_clients_page_new (DtDb *db)
{
  gint64 started = g_get_monotonic_time ();
  DtClientsPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_CLIENTS_PAGE, NULL);
  self->db = g_object_ref (db);
  self->clients = dt_client_list_new (db);
  self->projects = dt_project_list_new (db);
  self->tasks = dt_task_list_new (db);
  self->clients_fill = dt_list_fill_new (G_LIST_MODEL (self->clients),
                                         GTK_WIDGET (self->clients_view));
  self->clients_selection =
    gtk_single_selection_new (g_object_ref (dt_list_fill_get_model (self->clients_fill)));
  self->projects_selection =
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->projects)));
  for (guint i = 0; i < 2; i++)
    {
      GtkSingleSelection *selection = i == 0 ? self->clients_selection
                                             : self->projects_selection;

      /* The page chooses what is selected when the rows are read again. */
      gtk_single_selection_set_autoselect (selection, FALSE);
      g_signal_connect_object (selection, "notify::selected",
                               i == 0 ? G_CALLBACK (on_client_selected_cb)
                                      : G_CALLBACK (on_project_selected_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_list_view_set_model (self->clients_view, GTK_SELECTION_MODEL (self->clients_selection));
  gtk_list_view_set_model (self->projects_view, GTK_SELECTION_MODEL (self->projects_selection));
  {
    g_autoptr(GtkNoSelection) tasks =
      gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tasks)));
    gtk_list_view_set_model (self->tasks_view, GTK_SELECTION_MODEL (tasks));
  }
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  dt_list_fill_restart (self->clients_fill);
  dt_clients_page_reload (self);
  read_usage (self);
  g_debug ("Clients page built in %.1f ms", (g_get_monotonic_time () - started) / 1e3);
  return self;
}

guint
dt_clients_page_get_n_clients (DtClientsPage *self)
{
  g_return_val_if_fail (DT_IS_CLIENTS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->clients));
}

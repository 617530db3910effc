/* dt-clients-page-actions.c: what the Clients page's buttons and shortcuts do: open the
 * forms, archive and restore. */
#define G_LOG_DOMAIN "dt-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-client-store.h"
#include "dt-clients-page-private.h"
#include "dt-project-store.h"
#include "dt-window.h"

void
dt_clients_page_toast (DtClientsPage *self,
                       const char    *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static void
new_client_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dt_clients_page_edit_client (DT_CLIENTS_PAGE (widget), 0);
}

static void
edit_client_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_clients_page_edit_client (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
new_project_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dt_clients_page_new_project (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
new_task_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  dt_clients_page_new_task (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
edit_project_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (widget);
  g_autoptr(DtProject) project = dt_project_store_get (self->db, g_variant_get_int64 (parameter),
                                                       NULL);

  if (project != NULL)
    dt_clients_page_edit_project (self, project->client_id, project->id);
}

static void
set_client_archived (DtClientsPage *self,
                     gint64         id,
                     gboolean       archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtClient) client = dt_client_store_set_archived (self->db, id, archived, &error);

  if (client == NULL)
    dt_clients_page_toast (self, error->message);
  else
    dt_clients_page_toast (self, archived ? _("Client archived; its work and invoices stay")
                          : _("Client restored"));
  dt_clients_page_reload (self);
}

static void
archive_client_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_client_archived (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter), TRUE);
}

static void
restore_client_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_client_archived (DT_CLIENTS_PAGE (widget), g_variant_get_int64 (parameter), FALSE);
}

static void
archive_project_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DtClientsPage *self = DT_CLIENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtProject) project = dt_project_store_set_archived (self->db,
                                                                g_variant_get_int64 (parameter),
                                                                TRUE, &error);

  dt_clients_page_toast (self, project != NULL ? _("Project archived") : error->message);
  dt_clients_page_reload (self);
}

void
dt_clients_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "clients.new-client", NULL,
                                   new_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.edit-client", "x",
                                   edit_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.new-project", "x",
                                   new_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.new-task", "x", new_task_activated);
  gtk_widget_class_install_action (widget_class, "clients.archive-project", "x",
                                   archive_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.edit-project", "x",
                                   edit_project_activated);
  gtk_widget_class_install_action (widget_class, "clients.archive-client", "x",
                                   archive_client_activated);
  gtk_widget_class_install_action (widget_class, "clients.restore-client", "x",
                                   restore_client_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "clients.new-client", NULL);
}

/* dt-clients-page-private.h: what the files of the Clients page share: the page itself
 * (dt-clients-page.c), its rows (-rows.c), its forms (-forms.c) and its actions
 * (-actions.c). */
#pragma once

#include "dt-change-monitor.h"
#include "dt-client-list.h"
#include "dt-clients-page.h"
#include "dt-list-fill.h"
#include "dt-project-list.h"
#include "dt-task-list.h"

G_BEGIN_DECLS

struct _DtClientsPage
{
  GtkWidget           parent_instance;

  DtDb               *db;
  DtChangeMonitor    *monitor;
  GCancellable       *cancellable;
  guint               reload_id;
  guint               usage_id;
  gint64              usage_started;  /* monotonic µs, for the debug trace */
  guint               syncing;      /* > 0 while the page moves the selections itself */
  gint64              client_id;    /* the client shown, 0 for none */
  gint64              project_id;   /* the project whose tasks are shown, 0 for none */

  DtClientList       *clients;
  DtProjectList      *projects;
  DtTaskList         *tasks;
  GHashTable         *usage;        /* project id → DtProjectUsage, NULL until read */
  DtListFill         *clients_fill;
  GtkSingleSelection *clients_selection;
  GtkSingleSelection *projects_selection;

  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *archived_toggle;
  GtkStack           *stack;
  GtkListView        *clients_view;
  AdwAvatar          *client_avatar;
  GtkLabel           *client_title;
  GtkLabel           *client_subtitle;
  GtkButton          *new_project_button;
  GtkButton          *edit_client_button;
  GtkButton          *archive_client_button;
  GtkStack           *projects_stack;
  GtkListView        *projects_view;
  GtkLabel           *tasks_heading;
  GtkStack           *tasks_stack;
  GtkListView        *tasks_view;
};

/* -rows.c: the factories of the three lists. */
void        dt_clients_page_set_up_rows        (DtClientsPage  *self);
/* "EUR · €80.00/h · 30 days to pay". */
char       *dt_clients_page_client_subtitle    (const DtClient *client);

/* -actions.c */
void        dt_clients_page_install_actions    (GtkWidgetClass *widget_class);
void        dt_clients_page_toast              (DtClientsPage  *self,
                                                const char     *message);

/* -forms.c */
GtkWidget  *dt_clients_page_edit_project       (DtClientsPage  *self,
                                                gint64          client_id,
                                                gint64          project_id);

/* dt-clients-page.c: after a form saved @client_id (and @project_id, when not 0), show them
 * and read the lists again. */
void        dt_clients_page_show_saved         (DtClientsPage  *self,
                                                gint64          client_id,
                                                gint64          project_id);

G_END_DECLS

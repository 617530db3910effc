/* dt-connected-apps-page-private.h: what the files of the Connected apps page share. */
#pragma once

#include "dt-change-monitor.h"
#include "dt-connected-apps-page.h"

G_BEGIN_DECLS

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

/* A toast in the preferences window the page is in (a log line without one). */
void       dt_connected_apps_page_toast  (DtConnectedAppsPage *self,
                                          const char          *message);
/* The window the page is in, for dialogs, or NULL. */
GtkWindow *dt_connected_apps_page_get_window (DtConnectedAppsPage *self);

G_END_DECLS

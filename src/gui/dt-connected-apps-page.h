/* dt-connected-apps-page.h: Preferences → Connected apps: who has access, to what, since when,
 * what they did lately; whether each must ask before sensitive actions; revoke, and create
 * private apps for one's own scripts. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_CONNECTED_APPS_PAGE (dt_connected_apps_page_get_type ())
G_DECLARE_FINAL_TYPE (DtConnectedAppsPage, dt_connected_apps_page, DT, CONNECTED_APPS_PAGE,
                      AdwPreferencesPage)

DtConnectedAppsPage *dt_connected_apps_page_new        (DtDb                *db);
void                 dt_connected_apps_page_reload     (DtConnectedAppsPage *self);
guint                dt_connected_apps_page_get_n_apps (DtConnectedAppsPage *self);
/* Asks to revoke @client_id (the destructive confirmation); returns the dialog. */
GtkWidget           *dt_connected_apps_page_revoke     (DtConnectedAppsPage *self,
                                                        const char          *client_id);
/* Whether @client_id's sensitive actions need the user's confirmation: turning it on is done
 * at once (returns NULL); turning it off asks first and returns that dialog. @name is the
 * app's name for the question. */
GtkWidget           *dt_connected_apps_page_set_confirm (DtConnectedAppsPage *self,
                                                         const char          *client_id,
                                                         const char          *name,
                                                         gboolean             confirm);
/* Opens the window of everything @client_id (named @name) did; returns it. */
GtkWidget           *dt_connected_apps_page_show_activity (DtConnectedAppsPage *self,
                                                           const char          *client_id,
                                                           const char          *name);
/* Opens the private-app form; returns the dialog. */
GtkWidget           *dt_connected_apps_page_create_private (DtConnectedAppsPage *self);

G_END_DECLS

/* dt-preferences-window.h: Preferences: integrations, data, business profile, billing, e-mail,
 * connected apps. */
#pragma once

#include <adwaita.h>

#include "dt-service.h"

G_BEGIN_DECLS

#define DT_TYPE_PREFERENCES_WINDOW (dt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, DT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

DtPreferencesWindow *dt_preferences_window_new (GtkWindow *parent,
                                                DtService *service);
/* Shows the page called @name ("integrations", "data", …). */
void                 dt_preferences_window_show_page (DtPreferencesWindow *self,
                                                      const char          *name);

G_END_DECLS

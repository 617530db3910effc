/* dt-window.h: the main window. */
#pragma once

#include <adwaita.h>

#include "dt-service.h"

G_BEGIN_DECLS

#define DT_TYPE_WINDOW (dt_window_get_type ())
G_DECLARE_FINAL_TYPE (DtWindow, dt_window, DT, WINDOW, AdwApplicationWindow)

DtWindow *dt_window_new        (gpointer    application,
                                DtService  *service);
void      dt_window_show_toast (DtWindow   *self,
                                const char *message);
void      dt_window_show_page  (DtWindow   *self,
                                const char *name);
/* The header bar's timer (a DtTimerBar). */
gpointer  dt_window_get_timer_bar (DtWindow *self);

/* Reads @file as an e-invoice a supplier sent, as dropping it onto the window does: shown in
 * a window of its own, or refused with a toast saying why (nothing else happens). _finish
 * gives the window shown (owned by GTK), or NULL with the reason. */
void       dt_window_open_received_file        (DtWindow            *self,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GtkWindow *dt_window_open_received_file_finish (DtWindow            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS

/* dt-window-probe.h: an opt-in measurement of the main window's responsiveness. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_WINDOW_PROBE (dt_window_probe_get_type ())
G_DECLARE_FINAL_TYPE (DtWindowProbe, dt_window_probe, DT, WINDOW_PROBE, GObject)

void      dt_window_probe_note_main_started (void);
gboolean  dt_window_probe_requested         (void);
void      dt_window_probe_attach            (GtkWindow *window);

G_END_DECLS

/* dt-headless-application.h: DoubleTime without a window: the server, for the command line. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_TYPE_HEADLESS_APPLICATION (dt_headless_application_get_type ())
G_DECLARE_FINAL_TYPE (DtHeadlessApplication, dt_headless_application, DT, HEADLESS_APPLICATION,
                      GApplication)

DtHeadlessApplication *dt_headless_application_new (void);

G_END_DECLS

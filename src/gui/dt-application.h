/* dt-application.h: DoubleTime with its window. */
#pragma once

#include <adwaita.h>

#include "dt-service.h"

G_BEGIN_DECLS

#define DT_TYPE_APPLICATION (dt_application_get_type ())
G_DECLARE_FINAL_TYPE (DtApplication, dt_application, DT, APPLICATION, AdwApplication)

DtApplication *dt_application_new         (void);
DtService     *dt_application_get_service (DtApplication *self);

G_END_DECLS

/* dt-service.h: what runs whether or not there is a window: the store and the loopback server. */
#pragma once

#include <gio/gio.h>

#include "dt-consent-broker.h"
#include "dt-db.h"
#include "dt-server.h"

G_BEGIN_DECLS

#define DT_TYPE_SERVICE (dt_service_get_type ())
G_DECLARE_FINAL_TYPE (DtService, dt_service, DT, SERVICE, GObject)

DtService  *dt_service_new           (const char  *data_dir,
                                      guint        port);
gboolean    dt_service_start         (DtService   *self,
                                      GError     **error);
void        dt_service_stop          (DtService   *self);
gboolean    dt_service_is_started    (DtService   *self);
DtDb       *dt_service_get_db        (DtService   *self);
const char *dt_service_get_data_dir  (DtService   *self);
/* The bound port once started (the requested one before; 0 asks for any free port). */
guint       dt_service_get_port      (DtService   *self);
/* The loopback server, NULL before start. Other layers mount their routes on it. */
DtServer   *dt_service_get_server    (DtService   *self);
/* The consent broker (NULL before start): the consent dialog and `doubletime consent` answer
 * its questions. */
DtConsentBroker *dt_service_get_consent_broker (DtService *self);

/* Starts or stops the loopback server (Preferences → Integrations → Allow connections).
 * Before dt_service_start it only decides whether start brings the server up. Stopping
 * withdraws the questions still waiting and refuses every later connection at once. */
gboolean    dt_service_set_server_enabled (DtService  *self,
                                           gboolean    enabled,
                                           GError    **error);

/* With @background, dt_service_start opens the database without reading all of it first and
 * checks it on a worker instead, so a window shows at once however long the history; if the
 * check fails, the server stops (nothing more from apps is written) and "integrity-failed" is
 * emitted with the reason. Without (the default, and what --headless does), a damaged
 * database makes dt_service_start fail. Before dt_service_start only. */
void        dt_service_set_check_in_background (DtService *self,
                                                gboolean   background);
/* Whether the check is still running (FALSE before start and once it is done). */
gboolean    dt_service_is_checking   (DtService   *self);
/* Why the background check failed, or NULL. */
const char *dt_service_get_integrity_problem (DtService *self);

/* Once a day: a backup under <data dir>/backups, keeping the last two weeks, taken now if
 * today has none yet and then checked every hour while the service runs. Runs in the
 * background. */
void        dt_service_schedule_daily_backup (DtService *self);

/* How much of the roll-ups' build is done (1.0: complete; "rollups-progress" tells each
 * step). */
double         dt_service_get_rollups_fraction (DtService *self);

G_END_DECLS

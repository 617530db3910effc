/* dt-connected-apps.h: what the Connected apps panel and `doubletime apps` show and do. */
#pragma once

#include <json-glib/json-glib.h>

#include "dt-db.h"

G_BEGIN_DECLS

/* Every app with live access, and every private app, as JSON objects:
 * {client_id, name, kind ("public"|"private"), created_at, approved_at, last_used_at,
 *  grants: [{id, target, scopes, approved_at, approved_via, last_used_at}],
 *  recent: [the last audit events of the app]}. */
JsonArray *dt_connected_apps_list    (DtDb        *db,
                                      guint        recent_events,
                                      GError     **error);

/* Revokes every grant of the app @client_id, effective on its next request. @via ("dialog",
 * "cli") goes to the audit log. DT_ERROR_NOT_FOUND when there is no such app. */
gboolean   dt_connected_apps_revoke  (DtDb        *db,
                                      const char  *client_id,
                                      const char  *via,
                                      GError     **error);

G_END_DECLS

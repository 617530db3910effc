/* dt-connected-apps.h: what the Connected apps panel and `doubletime apps` show and do. */
#pragma once

#include <json-glib/json-glib.h>

#include "dt-db.h"

G_BEGIN_DECLS

/* The entity announced on the store's events object (dt_db_note_change) when an app's access
 * or settings change, so the Connected apps panel can follow the command line. */
#define DT_ENTITY_CONNECTED_APP "connected_app"

/* Every app with live access, and every private app, as JSON objects:
 * {client_id, name, kind ("public"|"private"), created_at, approved_at, last_used_at,
 *  confirm_sensitive (FALSE when any live grant acts without asking),
 *  grants: [{id, target, scopes, approved_at, approved_via, last_used_at, confirm_sensitive}],
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

/* Whether sensitive actions (sending invoices, recording payments, deleting, voiding) of the
 * app @client_id need the user's confirmation each time: sets it on every live grant of the
 * app, or only on the one for @target ("api", "mcp") when not NULL. Takes effect on the app's
 * next request. Each grant that changes gets an audit event ("grant.confirm_on" or
 * "grant.confirm_off") naming @via ("dialog", "cli"). DT_ERROR_NOT_FOUND, naming @client_id,
 * when there is no such app or it has no live grant (for @target); DT_ERROR_INVALID for an
 * unknown @target. Nothing changes on error. */
gboolean   dt_connected_apps_set_confirm_sensitive (DtDb        *db,
                                                    const char  *client_id,
                                                    const char  *target,
                                                    gboolean     confirm,
                                                    const char  *via,
                                                    GError     **error);

G_END_DECLS

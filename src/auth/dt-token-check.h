/* dt-token-check.h: the one check the REST API and the MCP server run on every request. */
#pragma once

#include "dt-db.h"
#include "dt-scopes.h"

G_BEGIN_DECLS

/* Who is calling: the app, its grant and what it may do. */
typedef struct
{
  char     *client_id;
  char     *client_name;
  gint64    client_row;
  gboolean  is_private;
  gint64    grant_id;
  gint64    token_id;
  DtTarget  target;
  GStrv     scopes;
  gboolean  confirm_sensitive;  /* sensitive actions need the user's confirmation each time */
} DtPrincipal;

void      dt_principal_free       (DtPrincipal        *principal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtPrincipal, dt_principal_free)
gboolean  dt_principal_has_scope  (const DtPrincipal  *principal,
                                   const char         *scope);

/* Exactly what to answer when the check fails. */
typedef struct
{
  guint  status;             /* 401 or 403 */
  char  *www_authenticate;   /* the WWW-Authenticate header value */
  char  *error;              /* NULL (no token), "invalid_token", "insufficient_scope" */
  char  *error_description;  /* for people */
} DtAuthChallenge;

void      dt_auth_challenge_free  (DtAuthChallenge    *challenge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtAuthChallenge, dt_auth_challenge_free)

/* Checks the Authorization header value @authorization ("Bearer dt_at_…", or NULL) for
 * @target: the token exists, is live, was issued for @target, carries @required_scope (NULL:
 * any valid token will do; the 401 then suggests every scope, for the user to narrow in the
 * consent dialog) and its grant is not revoked. Returns the principal, or NULL and
 * *@out_challenge: 401 with WWW-Authenticate: Bearer resource_metadata="…", scope="…" (plus
 * error="invalid_token" when a token was presented), or 403 with error="insufficient_scope".
 * @base_url ("http://127.0.0.1:7313", from the validated Host) builds resource_metadata.
 * Records when the grant was last used. */
DtPrincipal *dt_token_check       (DtDb              *db,
                                   const char        *authorization,
                                   DtTarget           target,
                                   const char        *required_scope,
                                   const char        *base_url,
                                   DtAuthChallenge  **out_challenge);

G_END_DECLS

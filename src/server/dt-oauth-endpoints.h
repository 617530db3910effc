/* dt-oauth-endpoints.h: the OAuth 2.1 endpoints of the authorization server. */
#pragma once

#include "dt-consent-broker.h"
#include "dt-server.h"

G_BEGIN_DECLS

/* Mounts /oauth/register (RFC 7591), /oauth/authorize (held until @broker has the user's
 * answer), /oauth/token and /oauth/revoke (RFC 7009). */
void  dt_oauth_endpoints_mount  (DtServer        *server,
                                 DtConsentBroker *broker);

G_END_DECLS

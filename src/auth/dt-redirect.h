/* dt-redirect.h: which redirect URIs a client may register, and when a request's matches. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_REDIRECT_MAX_LEN   2048
#define DT_REDIRECT_MAX_COUNT 20

/* RFC 8252 / RFC 9700 rules for a native app's redirect URI: http on a loopback host
 * (127.0.0.1, [::1] or localhost, any port), a private-use scheme in reverse-domain form
 * ("com.example.app:/cb"), or https. Never a fragment, userinfo, javascript:, data:, file:
 * and the like. DT_ERROR_INVALID naming what is wrong. */
gboolean  dt_redirect_uri_valid     (const char  *uri,
                                     GError     **error);
/* TRUE when @requested equals @registered exactly, or both are http on the same loopback IP
 * literal (127.0.0.1 or [::1]) and differ only in the port (RFC 8252 §7.3). localhost never
 * matches 127.0.0.1, and localhost ports must match too. */
gboolean  dt_redirect_uri_matches   (const char  *registered,
                                     const char  *requested);
/* The host of a redirect URI for the consent dialog ("127.0.0.1", "com.example.app"). */
char     *dt_redirect_uri_host      (const char  *uri);

G_END_DECLS

/* dt-oauth-metadata.h: RFC 8414 authorization-server and RFC 9728 protected-resource metadata. */
#pragma once

#include "dt-server.h"

G_BEGIN_DECLS

/* Mounts /.well-known/oauth-authorization-server and /.well-known/oauth-protected-resource
 * (root, /mcp and /api/v1). Every URL in them is built from the request's validated Host, so a
 * client that says localhost and one that says 127.0.0.1 both see their own origin. */
void  dt_oauth_metadata_mount   (DtServer  *server);

/* "BASE/.well-known/oauth-protected-resource/mcp" (or …/api/v1) for WWW-Authenticate. */
char *dt_oauth_metadata_prm_url (const char *base_url,
                                 const char *target_path);

G_END_DECLS

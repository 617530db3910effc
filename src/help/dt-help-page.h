/* dt-help-page.h: the local help page at http://127.0.0.1:PORT/ — how to connect an assistant
 * or a script — generated from the scope catalog and the operation registry the server uses. */
#pragma once

#include <glib.h>

#include "dt-op-registry.h"
#include "dt-server.h"

G_BEGIN_DECLS

/* The page as HTML for a server reached at @base_url ("http://127.0.0.1:7313"). No user data:
 * only what the code knows (targets, scopes, tools, routes). */
char        *dt_help_page_render     (DtOpRegistry *registry,
                                      const char   *base_url);
/* The Content-Security-Policy the page is served with: nothing may load or run but its own
 * inline style, named by hash. */
char        *dt_help_page_csp        (void);
/* Serves the page at "/" (and only there: anything else below "/" that no other layer serves
 * is a 404 problem). */
void         dt_help_page_mount      (DtServer     *server,
                                      DtOpRegistry *registry);

G_END_DECLS

/* dt-audit-words.h: the audit log's events in words a person reads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Allowed", "Signed in", "Called list_clients (MCP)", …; an event this build does not know
 * is returned as it is. */
char *dt_audit_event_words (const char *event);

G_END_DECLS

/* dt-audit.h: the append-only audit log of what apps asked for, got and did. */
#pragma once

#include <json-glib/json-glib.h>

#include "dt-db.h"

G_BEGIN_DECLS

/* One event. Every field but @event may be NULL/0. Never put a token, code, verifier, secret
 * or request body in any of them. */
typedef struct
{
  const char *event;        /* "client.registered", "consent.granted", "token.issued", … */
  const char *outcome;      /* "ok" (default), "denied", "failed", … */
  const char *client_id;
  const char *client_name;
  gint64      grant_id;
  gint64      token_id;
  const char *target;       /* "api", "mcp" */
  const char *scopes;
  const char *object;       /* what was acted on ("invoice 14", "/api/v1/clients") */
  const char *detail;       /* why: a reason a person can read */
  const char *host;
  const char *origin;
  const char *user_agent;
} DtAuditEntry;

/* Appends @entry; a failure is logged, never raised: auditing must not break a request. */
void        dt_audit_append   (DtDb               *db,
                               const DtAuditEntry *entry);

/* The last @limit events of @client_id (all clients when NULL), newest first, as JSON objects
 * {seq, at, event, outcome, client_id, client_name, target, scopes, object, detail}. */
JsonArray  *dt_audit_recent   (DtDb               *db,
                               const char         *client_id,
                               guint               limit);

G_END_DECLS

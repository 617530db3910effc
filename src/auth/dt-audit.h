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

/* Appends @entry from a writer thread with its own connection, which commits whatever has
 * queued in one transaction: for the entries of read-only requests, which then wait for no
 * fsync. What was queued is committed within moments; only a crash of the process in those
 * moments loses it. Writes and refusals use dt_audit_append. */
void        dt_audit_append_deferred (DtDb               *db,
                                      const DtAuditEntry *entry);
/* Waits until every entry deferred for @db's file so far is committed. */
void        dt_audit_flush    (DtDb               *db);

/* The last @limit events of @client_id (all clients when NULL), deferred ones included,
 * newest first, as JSON objects
 * {seq, at, event, outcome, client_id, client_name, target, scopes, object, detail}. */
JsonArray  *dt_audit_recent   (DtDb               *db,
                               const char         *client_id,
                               guint               limit);

/* How many events @client_id (all clients when NULL) has in the log, deferred ones included;
 * -1 with @error set on failure. */
gint64      dt_audit_count    (DtDb               *db,
                               const char         *client_id,
                               GError            **error);
/* Events [@offset, @offset + @limit) of @client_id, newest first, as DtAuditItems: the pages
 * of a list of everything an app did, however long. */
GPtrArray  *dt_audit_page     (DtDb               *db,
                               const char         *client_id,
                               guint               offset,
                               guint               limit,
                               GError            **error);

G_END_DECLS

/* dt-server.h: the loopback HTTP server: its thread, the guard every request passes, and the
 * small route API the OAuth, REST and MCP layers mount their handlers on. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dt-db.h"
#include "dt-store-events.h"
#include "dt-server-guard.h"

G_BEGIN_DECLS

#define DT_TYPE_SERVER (dt_server_get_type ())
G_DECLARE_FINAL_TYPE (DtServer, dt_server, DT, SERVER, GObject)

/* One request that passed the guard: Host and Origin allowlisted, the peer is this user, the
 * body within DT_SERVER_MAX_BODY, the query string strictly parsed. Handlers run on the server
 * thread and must not block; everything here is read-only for them. Reference-counted: a
 * handler that holds the request (dt_request_hold) keeps a reference until it answers. */
typedef struct _DtRequest DtRequest;
struct _DtRequest
{
  DtServer          *server;
  SoupServerMessage *msg;
  const char        *method;    /* "GET", "POST", … */
  const char        *path;      /* decoded path, e.g. "/api/v1/clients/3" */
  const char        *raw_query; /* as sent, NULL when there is none */
  GHashTable        *query;     /* strictly parsed name → value; empty, never NULL */
  GBytes            *body;      /* the request body; empty, never NULL */
  const char        *host;      /* the validated Host header, e.g. "localhost:7313" */
  const char        *base_url;  /* "http://" + host: the issuer and resource origin to use */
  DtDb              *db;        /* the server thread's own connection */
};

/* Runs on the server thread. It answers with one of the dt_request_respond_* helpers (or sets
 * the status itself), or holds the request and answers later from the server thread. */
typedef void (*DtRouteHandler) (DtRequest *request,
                                gpointer   user_data);

DtServer     *dt_server_new             (const char      *db_path,
                                         guint            port);
/* The database file the server's requests read and write. */
const char   *dt_server_get_db_path     (DtServer        *self);
/* Binds 127.0.0.1 and [::1] and starts the thread. Port 0 picks a free port (tests); the
 * bound port is then dt_server_get_port. A taken port is DT_ERROR_UNAVAILABLE with a message
 * saying so and how to choose another. */
gboolean      dt_server_start           (DtServer        *self,
                                         GError         **error);
void          dt_server_stop            (DtServer        *self);
gboolean      dt_server_is_running      (DtServer        *self);
guint         dt_server_get_port        (DtServer        *self);
/* $XDG_RUNTIME_DIR/doubletime/port (0600), written while the server runs. */
const char   *dt_server_get_port_file   (DtServer        *self);
/* The server thread's context; NULL before start. */
GMainContext *dt_server_get_context     (DtServer        *self);

/* Before start: the server thread's connection announces its commits on @events, so a window
 * sharing the same object hears what MCP and REST clients change as it happens. */
void          dt_server_set_events      (DtServer        *self,
                                         DtStoreEvents   *events);
/* The events set above, or NULL. */
DtStoreEvents *dt_server_get_events     (DtServer        *self);

/* Mounts @handler at @path: it answers @path itself and every path below it ("/api/v1"
 * answers "/api/v1/clients"); the longest mounted path wins. Thread-safe; routes stay until
 * the server is finalized. @destroy frees @user_data then. */
void          dt_server_add_route       (DtServer        *self,
                                         const char      *path,
                                         DtRouteHandler   handler,
                                         gpointer         user_data,
                                         GDestroyNotify   destroy);

/* Runs @func on the server thread (at once when already there). */
void          dt_server_invoke          (DtServer        *self,
                                         GSourceFunc      func,
                                         gpointer         data,
                                         GDestroyNotify   destroy);

DtRequest    *dt_request_ref            (DtRequest       *request);
void          dt_request_unref          (DtRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRequest, dt_request_unref)

const char   *dt_request_get_header     (DtRequest       *request,
                                         const char      *name);
void          dt_request_set_header     (DtRequest       *request,
                                         const char      *name,
                                         const char      *value);
/* The query value of @name, or NULL. */
const char   *dt_request_get_param      (DtRequest       *request,
                                         const char      *name);

/* The body as JSON: requires Content-Type application/json (else *@out_status 415), refuses
 * nesting deeper than DT_SERVER_MAX_JSON_DEPTH before json-glib sees it and invalid JSON
 * (*@out_status 400). The error message is fit to show the client. */
JsonNode     *dt_request_parse_json     (DtRequest       *request,
                                         guint           *out_status,
                                         GError         **error);
/* The body as application/x-www-form-urlencoded (else 415), strictly parsed (dt_form_parse;
 * else 400). */
GHashTable   *dt_request_parse_form     (DtRequest       *request,
                                         guint           *out_status,
                                         GError         **error);

/* Answers. Each sets status, Content-Type and body; the request may not be answered twice. */
void          dt_request_respond_json   (DtRequest       *request,
                                         guint            status,
                                         JsonNode        *node);
void          dt_request_respond_bytes  (DtRequest       *request,
                                         guint            status,
                                         const char      *content_type,
                                         GBytes          *body);
/* RFC 9457 application/problem+json with type "about:blank", @title and a detail. */
void          dt_request_respond_problem (DtRequest      *request,
                                          guint           status,
                                          const char     *title,
                                          const char     *detail_format,
                                          ...) G_GNUC_PRINTF (4, 5);
/* RFC 6749 §5.2 {"error", "error_description"} with Cache-Control: no-store. */
void          dt_request_respond_oauth_error (DtRequest  *request,
                                              guint       status,
                                              const char *error_code,
                                              const char *description);
/* A plain HTML page (escaped), for people looking at a browser tab. */
void          dt_request_respond_page   (DtRequest       *request,
                                         guint            status,
                                         const char      *title,
                                         const char      *text);
/* A refusal in the shape the path's clients expect: a JSON-RPC error without id under /mcp,
 * an RFC 9457 problem elsewhere. */
void          dt_request_respond_refusal (DtRequest      *request,
                                          guint           status,
                                          const char     *title,
                                          const char     *detail);
void          dt_request_redirect       (DtRequest       *request,
                                         const char      *location);

/* Holding a request while waiting (for the user, say): the message is paused and @request
 * stays alive (a reference is taken) until dt_request_release, which must run on the server
 * thread after the answer is set. @on_disconnect (may be NULL) runs on the server thread if
 * the client goes away meanwhile; release the request then too. */
typedef void (*DtRequestDisconnectFunc) (DtRequest *request,
                                         gpointer   user_data);
void          dt_request_hold           (DtRequest              *request,
                                         DtRequestDisconnectFunc on_disconnect,
                                         gpointer                user_data);
void          dt_request_release        (DtRequest       *request);
gboolean      dt_request_is_disconnected (DtRequest      *request);

G_END_DECLS

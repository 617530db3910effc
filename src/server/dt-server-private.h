/* dt-server-private.h: what the server's files share: the instance, its routes, its requests
 * and the handlers the server thread mounts. */
#pragma once

#include "dt-server.h"

G_BEGIN_DECLS

typedef struct
{
  char           *path;
  DtRouteHandler  handler;
  gpointer        user_data;
  GDestroyNotify  destroy;
} DtServerRoute;

struct _DtServer
{
  GObject       parent_instance;

  char         *db_path;
  guint         requested_port;
  DtStoreEvents *events;  /* shared with the app's connections; NULL = the connection's own */

  /* Set once by start, read by every thread afterwards. */
  guint         port;
  char         *port_file;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  /* Owned by the server thread. */
  SoupServer   *soup;
  DtDb         *db;

  /* Start-up handshake between the caller and the thread. */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GError       *start_error;

  GMutex        routes_lock;
  GPtrArray    *routes;

  gint          held;   /* requests held by handlers (atomic) */
};

typedef struct
{
  DtRequest               pub;
  char                   *path;
  char                   *raw_query;
  char                   *host;
  char                   *base_url;
  gboolean                held;
  gboolean                disconnected;
  gulong                  disconnected_id;
  DtRequestDisconnectFunc on_disconnect;
  gpointer                on_disconnect_data;
} DtRequestPriv;

/* A request that passed the guard, for @path of @self (the server thread's connection). */
DtRequestPriv *dt_request_new                (DtServer          *self,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              const char        *raw_query,
                                              GHashTable        *query,
                                              GBytes            *body,
                                              const char        *host);
/* Answers @msg with @builder's object as @content_type. */
void           dt_server_respond_json_object (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *content_type,
                                              JsonBuilder       *builder);
/* Answers @msg with an RFC 9457 problem. */
void           dt_server_respond_problem     (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *title,
                                              const char        *detail);

/* The guard, before the body is read, and the dispatch to a route; @user_data is the server. */
void           dt_server_early_handler_cb    (SoupServer        *server,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *query,
                                              gpointer           user_data);
void           dt_server_handler_cb          (SoupServer        *server,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *soup_query,
                                              gpointer           user_data);

G_END_DECLS

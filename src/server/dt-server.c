/* dt-server.c: the loopback HTTP server on its own thread, and the route table. */
#define G_LOG_DOMAIN "dt-server"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "dt-audit.h"
#include "dt-error.h"
#include "dt-server-private.h"
#include "dt-work.h"

G_DEFINE_FINAL_TYPE (DtServer, dt_server, G_TYPE_OBJECT)

static void
route_free (gpointer data)
{
  DtServerRoute *route = data;

  if (route->destroy != NULL)
    route->destroy (route->user_data);
  g_free (route->path);
  g_free (route);
}

static void
dt_server_finalize (GObject *object)
{
  DtServer *self = DT_SERVER (object);

  dt_server_stop (self);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_mutex_clear (&self->routes_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->db_path);
  g_free (self->port_file);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (dt_server_parent_class)->finalize (object);
}

static void
dt_server_class_init (DtServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_server_finalize;
}

static void
dt_server_init (DtServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_mutex_init (&self->routes_lock);
  self->routes = g_ptr_array_new_with_free_func (route_free);
}

DtServer *
dt_server_new (const char *db_path,
               guint       port)
{
  DtServer *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (port <= 65535, NULL);

  self = g_object_new (DT_TYPE_SERVER, NULL);
  self->db_path = g_strdup (db_path);
  self->requested_port = port;
  return self;
}

const char *
dt_server_get_db_path (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), NULL);
  return self->db_path;
}
/* ---- the thread -------------------------------------------------------------------------- */

/* libsoup 3.2 (Debian 12) never closes a keep-alive connection that the client closes while it
 * is idle: the socket stays in CLOSE_WAIT and its descriptor leaks, one per connection, until
 * the server can accept no more (fixed upstream in 3.3). So after each response the socket is
 * watched for the peer's shutdown; with nothing left to read no request can follow, and closing
 * it is what libsoup would have done.
 *
 * Only between requests, though. A client may shut its side once it has sent a request and
 * still read the answer, and a request in flight (an SSE stream above all) is libsoup's to
 * end: closing the socket under it lost the answer, and GIO handed libsoup a broken source
 * for the closed socket ("Socket check failed", then a critical). */
#define IDLE_WATCH_KEY "dt-idle-watch"
#define IN_FLIGHT_KEY "dt-request-in-flight"

static gboolean
on_peer_closed_cb (int          fd,
                   GIOCondition condition,
                   gpointer     user_data)
{
  GSocket *socket = user_data;
  char byte;
  ssize_t n = recv (fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  /* Bytes still queued are a request sent just before the client shut its side: libsoup
   * reads and answers it, and the watch comes back after that response, as it does after a
   * request in flight now. */
  if (g_object_get_data (G_OBJECT (socket), IN_FLIGHT_KEY) == NULL &&
      (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)))
    g_socket_close (socket, NULL);
  else
    g_object_set_data (G_OBJECT (socket), IDLE_WATCH_KEY, NULL);
  return G_SOURCE_REMOVE;
}

static void
drop_idle_watch (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_object_set_data (G_OBJECT (socket), IN_FLIGHT_KEY, GINT_TO_POINTER (TRUE));
}

/* For "request-finished" and "request-aborted" alike. */
static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  GSource *watch;

  if (socket != NULL)
    g_object_set_data (G_OBJECT (socket), IN_FLIGHT_KEY, NULL);
  /* One watch serves all the connection's requests: attaching and removing a descriptor
   * wakes the server's main loop each time. */
  if (socket == NULL || g_socket_is_closed (socket) ||
      g_object_get_data (G_OBJECT (socket), IDLE_WATCH_KEY) != NULL)
    return;
  /* The watch lives on the socket and goes with it, so it never outlives the descriptor's
   * owner and holds no reference that would keep the socket alive. */
  watch = g_unix_fd_source_new (g_socket_get_fd (socket), (GIOCondition) POLLRDHUP);
  g_source_set_callback (watch, G_SOURCE_FUNC (on_peer_closed_cb), socket, NULL);
  g_source_attach (watch, g_main_context_get_thread_default ());
  g_object_set_data_full (G_OBJECT (socket), IDLE_WATCH_KEY, watch, drop_idle_watch);
}

static SoupServer *
listen_on (guint    port,
           guint   *out_port,
           GError **error)
{
  g_autoptr(SoupServer) soup = soup_server_new ("server-header", NULL, NULL);
  g_autoptr(GInetAddress) v4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) v6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) v4_address = g_inet_socket_address_new (v4, port);
  g_autoptr(GSocketAddress) v6_address = NULL;
  g_autoptr(GError) v6_error = NULL;
  GSList *listeners;

  if (!soup_server_listen (soup, v4_address, 0, error))
    return NULL;

  listeners = soup_server_get_listeners (soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) bound = g_socket_get_local_address (listeners->data, NULL);
      if (bound != NULL)
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  g_slist_free (listeners);

  v6_address = g_inet_socket_address_new (v6, port);
  if (!soup_server_listen (soup, v6_address, 0, &v6_error))
    {
      /* A machine without IPv6 still serves 127.0.0.1; a taken port is a real failure. */
      if (g_error_matches (v6_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_propagate_error (error, g_steal_pointer (&v6_error));
          return NULL;
        }
      g_debug ("Not listening on [::1]: %s", v6_error->message);
    }

  /* GSocket listens with a backlog of 10: fifty clients connecting at once (an assistant's
   * parallel sessions, a load test) overflowed it and the kernel reset the connections it
   * could not queue. Listening again on the same descriptor only raises the queue's length
   * (GSocket refuses to change it once listening). */
  listeners = soup_server_get_listeners (soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    if (listen (g_socket_get_fd (l->data), SOMAXCONN) != 0)
      g_debug ("Keeping the default listen backlog: %s", g_strerror (errno));
  g_slist_free (listeners);

  *out_port = port;
  return g_steal_pointer (&soup);
}

static gboolean
write_port_file (DtServer  *self,
                 GError   **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "doubletime", NULL);
  g_autofree char *text = g_strdup_printf ("%u\n", self->port);
  g_autofree char *path = g_build_filename (dir, "port", NULL);

  if (!dt_db_ensure_data_dir (dir, error))
    return FALSE;
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  g_free (self->port_file);
  self->port_file = g_steal_pointer (&path);
  return TRUE;
}

static void
finish_start (DtServer *self,
              GError   *error)
{
  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
server_thread (gpointer data)
{
  DtServer *self = data;
  GError *error = NULL;
  guint port = 0;

  g_main_context_push_thread_default (self->context);

  self->db = dt_db_open (self->db_path, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (self->db == NULL)
    goto failed;
  if (self->events != NULL)
    dt_db_set_events (self->db, self->events);

  /* An ephemeral port free on 127.0.0.1 may be taken on [::1]: try a few. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_clear_error (&error);
      self->soup = listen_on (self->requested_port, &port, &error);
      if (self->soup != NULL || self->requested_port != 0)
        break;
    }
  if (self->soup == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_clear_error (&error);
          g_set_error (&error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                       "Port %u is already in use by another program. Choose another port "
                       "with --port or in Preferences → Integrations.", self->requested_port);
        }
      else
        {
          GError *wrapped = g_error_new (DT_ERROR, DT_ERROR_UNAVAILABLE,
                                         "Could not listen on 127.0.0.1 port %u: %s",
                                         self->requested_port, error->message);
          g_clear_error (&error);
          error = wrapped;
        }
      goto failed;
    }
  self->port = port;

  soup_server_add_early_handler (self->soup, NULL, dt_server_early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, dt_server_handler_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started_cb), NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), NULL);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_finished_cb), NULL);

  if (!write_port_file (self, &error))
    goto failed;

  g_debug ("Listening on 127.0.0.1 and [::1] port %u", self->port);
  finish_start (self, NULL);

  g_main_loop_run (self->loop);

  /* Requests still held get the answers queued for them (the consent broker withdraws its
   * questions before the server stops), and a moment to be written, before the connections
   * close. */
  {
    gint64 deadline = g_get_monotonic_time () + 500 * 1000;
    guint idle_passes = 0;

    while (g_get_monotonic_time () < deadline && idle_passes < 20)
      {
        if (g_main_context_iteration (self->context, FALSE))
          idle_passes = 0;
        else if (g_atomic_int_get (&self->held) > 0)
          g_usleep (1000);
        else
          idle_passes++;
      }
  }

  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  /* Let the connections close before the context goes, and the reads still running answer
   * here: their answers go nowhere, but what they hold is freed and audited. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  if (!dt_work_drain (self->context, 30 * G_USEC_PER_SEC))
    g_warning ("The server stopped with %u operations still running",
               dt_work_count (self->context));
  /* What the requests deferred to the audit log is on disk before the server says it stopped. */
  dt_audit_flush (self->db);
  g_clear_object (&self->db);
  g_main_context_pop_thread_default (self->context);
  return NULL;

failed:
  g_clear_object (&self->soup);
  g_clear_object (&self->db);
  g_main_context_pop_thread_default (self->context);
  finish_start (self, error);
  return NULL;
}

gboolean
dt_server_start (DtServer  *self,
                 GError   **error)
{
  GError *start_error;

  g_return_val_if_fail (DT_IS_SERVER (self), FALSE);

  if (self->thread != NULL)
    return TRUE;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->thread = g_thread_new ("dt-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->lock);

  if (start_error != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_propagate_error (error, start_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
dt_server_stop (DtServer *self)
{
  g_return_if_fail (DT_IS_SERVER (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  if (self->port_file != NULL)
    {
      g_unlink (self->port_file);
      g_clear_pointer (&self->port_file, g_free);
    }
  self->port = 0;
}

gboolean
dt_server_is_running (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), FALSE);
  return self->thread != NULL;
}

guint
dt_server_get_port (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), 0);
  return self->port;
}

const char *
dt_server_get_port_file (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), NULL);
  return self->port_file;
}

GMainContext *
dt_server_get_context (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), NULL);
  return self->context;
}

void
dt_server_set_events (DtServer      *self,
                      DtStoreEvents *events)
{
  g_return_if_fail (DT_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  g_set_object (&self->events, events);
}

DtStoreEvents *
dt_server_get_events (DtServer *self)
{
  g_return_val_if_fail (DT_IS_SERVER (self), NULL);
  return self->events;
}

void
dt_server_add_route (DtServer       *self,
                     const char     *path,
                     DtRouteHandler  handler,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  DtServerRoute *route;

  g_return_if_fail (DT_IS_SERVER (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (DtServerRoute, 1);
  route->path = g_strdup (path);
  /* "/api/v1/" and "/api/v1" are the same mount point. */
  if (strlen (route->path) > 1 && g_str_has_suffix (route->path, "/"))
    route->path[strlen (route->path) - 1] = '\0';
  route->handler = handler;
  route->user_data = user_data;
  route->destroy = destroy;

  g_mutex_lock (&self->routes_lock);
  g_ptr_array_add (self->routes, route);
  g_mutex_unlock (&self->routes_lock);
}

void
dt_server_invoke (DtServer       *self,
                  GSourceFunc     func,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  g_return_if_fail (DT_IS_SERVER (self));
  g_return_if_fail (self->context != NULL);

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, data, destroy);
}

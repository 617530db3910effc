/* dt-server.c: the loopback HTTP server on its own thread, the guard and the route table. */
#define G_LOG_DOMAIN "dt-server"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "dt-audit.h"
#include "dt-error.h"
#include "dt-form.h"
#include "dt-json-reader.h"
#include "dt-json-writer.h"
#include "dt-server.h"
#include "dt-work.h"

typedef struct
{
  char           *path;
  DtRouteHandler  handler;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Route;

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

G_DEFINE_FINAL_TYPE (DtServer, dt_server, G_TYPE_OBJECT)

/* Cached on each connection's socket: the peer uid is looked up once per connection. */
#define PEER_UID_KEY "dt-peer-uid"

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
} RequestPriv;

static void
route_free (gpointer data)
{
  Route *route = data;

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

/* ---- requests ---------------------------------------------------------------------------- */

static RequestPriv *
request_new (DtServer          *self,
             SoupServerMessage *msg,
             const char        *path,
             const char        *raw_query,
             GHashTable        *query,
             GBytes            *body,
             const char        *host)
{
  RequestPriv *priv = g_atomic_rc_box_new0 (RequestPriv);

  priv->path = g_strdup (path);
  priv->raw_query = g_strdup (raw_query);
  priv->host = g_strdup (host);
  priv->base_url = g_strconcat ("http://", host, NULL);
  priv->pub.server = g_object_ref (self);
  priv->pub.msg = g_object_ref (msg);
  priv->pub.method = soup_server_message_get_method (msg);
  priv->pub.path = priv->path;
  priv->pub.raw_query = priv->raw_query;
  priv->pub.query = g_hash_table_ref (query);
  priv->pub.body = g_bytes_ref (body);
  priv->pub.host = priv->host;
  priv->pub.base_url = priv->base_url;
  priv->pub.db = self->db;
  return priv;
}

static void
request_clear (gpointer data)
{
  RequestPriv *priv = data;

  if (priv->disconnected_id != 0)
    g_signal_handler_disconnect (priv->pub.msg, priv->disconnected_id);
  g_clear_object (&priv->pub.msg);
  g_clear_object (&priv->pub.server);
  g_clear_pointer (&priv->pub.query, g_hash_table_unref);
  g_clear_pointer (&priv->pub.body, g_bytes_unref);
  g_free (priv->path);
  g_free (priv->raw_query);
  g_free (priv->host);
  g_free (priv->base_url);
}

DtRequest *
dt_request_ref (DtRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return g_atomic_rc_box_acquire (request);
}

void
dt_request_unref (DtRequest *request)
{
  g_return_if_fail (request != NULL);
  g_atomic_rc_box_release_full (request, request_clear);
}

const char *
dt_request_get_header (DtRequest  *request,
                       const char *name)
{
  g_return_val_if_fail (request != NULL && name != NULL, NULL);
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                       name);
}

void
dt_request_set_header (DtRequest  *request,
                       const char *name,
                       const char *value)
{
  g_return_if_fail (request != NULL && name != NULL && value != NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                name, value);
}

const char *
dt_request_get_param (DtRequest  *request,
                      const char *name)
{
  g_return_val_if_fail (request != NULL && name != NULL, NULL);
  return g_hash_table_lookup (request->query, name);
}

JsonNode *
dt_request_parse_json (DtRequest  *request,
                       guint      *out_status,
                       GError    **error)
{
  const char *type = dt_request_get_header (request, "Content-Type");
  gsize len = 0;
  const char *data = g_bytes_get_data (request->body, &len);
  g_autoptr(GError) local_error = NULL;
  guint status_unused;
  JsonNode *root;

  g_return_val_if_fail (request != NULL, NULL);

  if (out_status == NULL)
    out_status = &status_unused;

  if (!dt_guard_content_type_is (type, "application/json"))
    {
      *out_status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The body must be sent with Content-Type: application/json (got “%s”)",
                   type != NULL ? type : "none");
      return NULL;
    }
  *out_status = SOUP_STATUS_BAD_REQUEST;
  root = dt_json_read_body (data, len, DT_SERVER_MAX_JSON_DEPTH, &local_error);
  if (root == NULL)
    g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, local_error->message);
  return root;
}

GHashTable *
dt_request_parse_form (DtRequest  *request,
                       guint      *out_status,
                       GError    **error)
{
  const char *type = dt_request_get_header (request, "Content-Type");
  gsize len = 0;
  const char *data = g_bytes_get_data (request->body, &len);
  guint status_unused;

  g_return_val_if_fail (request != NULL, NULL);

  if (out_status == NULL)
    out_status = &status_unused;

  if (!dt_guard_content_type_is (type, "application/x-www-form-urlencoded"))
    {
      *out_status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The body must be sent as application/x-www-form-urlencoded (got “%s”)",
                   type != NULL ? type : "none");
      return NULL;
    }
  *out_status = SOUP_STATUS_BAD_REQUEST;
  return dt_form_parse (data, len, error);
}

void
dt_request_respond_bytes (DtRequest  *request,
                          guint       status,
                          const char *content_type,
                          GBytes     *body)
{
  gsize len = 0;
  const char *data;

  g_return_if_fail (request != NULL);

  data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  soup_server_message_set_status (request->msg, status, NULL);
  if (content_type != NULL)
    soup_server_message_set_response (request->msg, content_type, SOUP_MEMORY_COPY, data, len);
}

void
dt_request_respond_json (DtRequest *request,
                         guint      status,
                         JsonNode  *node)
{
  gsize len = 0;
  g_autofree char *text = NULL;

  g_return_if_fail (request != NULL && node != NULL);

  text = dt_json_to_text (node, &len);
  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

static void
respond_json_object (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type,
                     JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, len);
}

static void
respond_problem (SoupServerMessage *msg,
                 guint              status,
                 const char        *title,
                 const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "about:blank");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  respond_json_object (msg, status, "application/problem+json", builder);
}

void
dt_request_respond_problem (DtRequest  *request,
                            guint       status,
                            const char *title,
                            const char *detail_format,
                            ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  g_return_if_fail (request != NULL && title != NULL && detail_format != NULL);

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);
  respond_problem (request->msg, status, title, detail);
}

void
dt_request_respond_oauth_error (DtRequest  *request,
                                guint       status,
                                const char *error_code,
                                const char *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (request != NULL && error_code != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error_code);
  if (description != NULL)
    {
      json_builder_set_member_name (builder, "error_description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_end_object (builder);
  dt_request_set_header (request, "Cache-Control", "no-store");
  dt_request_set_header (request, "Pragma", "no-cache");
  respond_json_object (request->msg, status, "application/json", builder);
}

void
dt_request_respond_page (DtRequest  *request,
                         guint       status,
                         const char *title,
                         const char *text)
{
  g_autofree char *title_html = g_markup_escape_text (title, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);
  char *page;

  g_return_if_fail (request != NULL && title != NULL && text != NULL);

  page = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>%s — DoubleTime</title></head>\n<body><h1>%s</h1>\n"
                          "<p>%s</p>\n<p>You can close this tab.</p></body></html>\n",
                          title_html, title_html, text_html);
  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

void
dt_request_redirect (DtRequest  *request,
                     const char *location)
{
  g_return_if_fail (request != NULL && location != NULL);

  soup_server_message_set_status (request->msg, SOUP_STATUS_FOUND, NULL);
  dt_request_set_header (request, "Location", location);
}

static void
on_message_disconnected_cb (SoupServerMessage *msg,
                            gpointer           user_data)
{
  RequestPriv *priv = user_data;

  if (priv->disconnected)
    return;
  priv->disconnected = TRUE;
  if (priv->on_disconnect != NULL)
    priv->on_disconnect (&priv->pub, priv->on_disconnect_data);
}

void
dt_request_hold (DtRequest              *request,
                 DtRequestDisconnectFunc on_disconnect,
                 gpointer                user_data)
{
  RequestPriv *priv = (RequestPriv *) request;

  g_return_if_fail (request != NULL);
  g_return_if_fail (!priv->held);

  dt_request_ref (request);
  g_atomic_int_inc (&request->server->held);
  priv->held = TRUE;
  priv->on_disconnect = on_disconnect;
  priv->on_disconnect_data = user_data;
  priv->disconnected_id = g_signal_connect (request->msg, "disconnected",
                                            G_CALLBACK (on_message_disconnected_cb), priv);
  soup_server_message_pause (request->msg);
}

void
dt_request_release (DtRequest *request)
{
  RequestPriv *priv = (RequestPriv *) request;

  g_return_if_fail (request != NULL);
  g_return_if_fail (priv->held);
  g_return_if_fail (request->server->context == NULL ||
                    g_main_context_is_owner (request->server->context));

  priv->held = FALSE;
  g_atomic_int_dec_and_test (&request->server->held);
  priv->on_disconnect = NULL;
  if (!priv->disconnected)
    soup_server_message_unpause (request->msg);
  dt_request_unref (request);
}

gboolean
dt_request_is_disconnected (DtRequest *request)
{
  g_return_val_if_fail (request != NULL, TRUE);
  return ((RequestPriv *) request)->disconnected;
}

/* ---- the guard --------------------------------------------------------------------------- */

static void
add_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; frame-ancestors 'none'");
}

static gboolean
path_is_under (const char *path,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return strncmp (path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A refusal before any handler: MCP clients expect a JSON-RPC error without id (MCP
 * Streamable HTTP "Security Warning"), everyone else an RFC 9457 problem. */
static void
refuse (SoupServerMessage *msg,
        const char        *path,
        guint              status,
        const char        *title,
        const char        *detail)
{
  if (path != NULL && path_is_under (path, "/mcp"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "jsonrpc");
      json_builder_add_string_value (builder, "2.0");
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, -32600);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, detail);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      respond_json_object (msg, status, "application/json", builder);
    }
  else
    respond_problem (msg, status, title, detail);
}

void
dt_request_respond_refusal (DtRequest  *request,
                            guint       status,
                            const char *title,
                            const char *detail)
{
  g_return_if_fail (request != NULL && title != NULL && detail != NULL);
  refuse (request->msg, request->path, status, title, detail);
}

static gboolean
check_peer (DtServer          *self,
            SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GError) error = NULL;
  uid_t uid;
  gpointer cached;

  cached = socket != NULL ? g_object_get_data (G_OBJECT (socket), PEER_UID_KEY) : NULL;
  if (cached != NULL)
    return GPOINTER_TO_UINT (cached) - 1 == (guint) getuid ();

  if (!dt_guard_lookup_peer_uid (soup_server_message_get_local_address (msg),
                                 soup_server_message_get_remote_address (msg), &uid, &error))
    {
      g_warning ("Refusing a connection: %s", error->message);
      return FALSE;
    }
  if (socket != NULL)
    {
      g_object_set_data (G_OBJECT (socket), PEER_UID_KEY, GUINT_TO_POINTER ((guint) uid + 1));
      /* libsoup writes headers and body separately: without this, Nagle's algorithm and the
       * client's delayed ACK add 40 ms to every answer. */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }
  if (uid != getuid ())
    {
      g_warning ("Refusing a connection from another user (uid %u)", (guint) uid);
      return FALSE;
    }
  return TRUE;
}

/* Runs once the headers are in, before the body is read: a refused request never gets its
 * body buffered. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  DtServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  SoupEncoding encoding;
  goffset length;

  add_security_headers (msg);

  if (!dt_guard_host_allowed (host, self->port))
    {
      g_debug ("Refused Host header");
      refuse (msg, path, SOUP_STATUS_FORBIDDEN, "Forbidden host",
              "The Host header must be 127.0.0.1, localhost or [::1] with this server's port");
      return;
    }
  if (!dt_guard_origin_allowed (origin, self->port))
    {
      g_debug ("Refused Origin header");
      refuse (msg, path, SOUP_STATUS_FORBIDDEN, "Forbidden origin",
              "Requests from web pages are not accepted");
      return;
    }
  if (!check_peer (self, msg))
    {
      refuse (msg, path, SOUP_STATUS_FORBIDDEN, "Forbidden peer",
              "Only the user running DoubleTime may connect");
      return;
    }

  /* libsoup still reads the body of a refused request unless the client sent Expect:
   * 100-continue; it must not keep it. */
  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      refuse (msg, path, SOUP_STATUS_LENGTH_REQUIRED, "Length required",
              "Send the body with a Content-Length header");
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > DT_SERVER_MAX_BODY)
    {
      g_autofree char *detail = g_strdup_printf ("The body is larger than %d bytes",
                                                 DT_SERVER_MAX_BODY);
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      refuse (msg, path, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Body too large", detail);
      return;
    }
}

static Route *
find_route (DtServer   *self,
            const char *path)
{
  Route *best = NULL;

  g_mutex_lock (&self->routes_lock);
  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      if (path_is_under (path, route->path) &&
          (best == NULL || strlen (route->path) > strlen (best->path)))
        best = route;
    }
  g_mutex_unlock (&self->routes_lock);
  return best;
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *soup_query,
            gpointer           user_data)
{
  DtServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Host");
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  RequestPriv *priv;
  Route *route;

  /* The early handler refused it already. */
  if (soup_server_message_get_status (msg) != 0)
    return;
  /* Belt and braces: the early handler always runs first, but a handler must never see an
   * unchecked request. */
  if (!dt_guard_host_allowed (host, self->port))
    {
      refuse (msg, path, SOUP_STATUS_FORBIDDEN, "Forbidden host", "The Host header is refused");
      return;
    }

  query = dt_form_parse (raw_query != NULL ? raw_query : "",
                         raw_query != NULL ? strlen (raw_query) : 0, &error);
  if (query == NULL)
    {
      refuse (msg, path, SOUP_STATUS_BAD_REQUEST, "Bad query string", error->message);
      return;
    }
  /* RFC 6750 §2.3 is not supported: a token in a URL ends up in logs and histories. */
  if (g_hash_table_contains (query, "access_token"))
    {
      refuse (msg, path, SOUP_STATUS_BAD_REQUEST, "Token in the query string",
              "Access tokens are accepted only in the Authorization header");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > DT_SERVER_MAX_BODY)
    {
      refuse (msg, path, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Body too large",
              "The body is too large");
      return;
    }

  route = find_route (self, path);
  if (route == NULL)
    {
      respond_problem (msg, SOUP_STATUS_NOT_FOUND, "Not found", "Nothing is served at this path");
      return;
    }

  priv = request_new (self, msg, path, raw_query, query, body, host);
  route->handler (&priv->pub, route->user_data);
  if (!priv->held && soup_server_message_get_status (msg) == 0)
    {
      g_critical ("The handler for %s gave no answer", route->path);
      respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal error",
                       "The server could not answer this request");
    }
  dt_request_unref (&priv->pub);
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

  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
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
  Route *route;

  g_return_if_fail (DT_IS_SERVER (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
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

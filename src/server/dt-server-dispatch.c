/* dt-server-dispatch.c: every request through the guard, then to its route's handler. */
#define G_LOG_DOMAIN "dt-server"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>

#include "dt-form.h"
#include "dt-server-private.h"

/* Cached on each connection's socket: the peer uid is looked up once per connection. */
#define PEER_UID_KEY "dt-peer-uid"

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
      dt_server_respond_json_object (msg, status, "application/json", builder);
    }
  else
    dt_server_respond_problem (msg, status, title, detail);
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
void
dt_server_early_handler_cb (SoupServer        *server,
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

static DtServerRoute *
find_route (DtServer   *self,
            const char *path)
{
  DtServerRoute *best = NULL;

  g_mutex_lock (&self->routes_lock);
  for (guint i = 0; i < self->routes->len; i++)
    {
      DtServerRoute *route = g_ptr_array_index (self->routes, i);
      if (path_is_under (path, route->path) &&
          (best == NULL || strlen (route->path) > strlen (best->path)))
        best = route;
    }
  g_mutex_unlock (&self->routes_lock);
  return best;
}

void
dt_server_handler_cb (SoupServer        *server,
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
  DtRequestPriv *priv;
  DtServerRoute *route;

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
      dt_server_respond_problem (msg, SOUP_STATUS_NOT_FOUND, "Not found",
                                 "Nothing is served at this path");
      return;
    }

  priv = dt_request_new (self, msg, path, raw_query, query, body, host);
  route->handler (&priv->pub, route->user_data);
  if (!priv->held && soup_server_message_get_status (msg) == 0)
    {
      g_critical ("The handler for %s gave no answer", route->path);
      dt_server_respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal error",
                                 "The server could not answer this request");
    }
  dt_request_unref (&priv->pub);
}

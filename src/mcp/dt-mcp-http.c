/* dt-mcp-http.c: Streamable HTTP binding of the MCP engine on libsoup (pause/unpause and
 * chunked SSE, so a slow tool never blocks the server thread). */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-http.h"
#include "dt-mcp-private.h"

#include <string.h>

#define MAX_SESSIONS 256
#define SESSION_IDLE_SECONDS (2 * 60 * 60)
#define MAX_EVENTS_PER_STREAM 256
#define MAX_STREAMS_PER_SESSION 64
/* An open SSE stream gets a comment this often. A client that went away is only noticed when
 * a write to it fails: without these, a dropped stream with nothing to say would hold its
 * connection until its session expired. */
#define KEEPALIVE_MS (20 * 1000)

typedef struct _HttpSession HttpSession;

typedef struct
{
  guint64  seq;
  GBytes  *bytes;   /* the whole SSE event */
} Event;

typedef struct
{
  HttpSession       *hs;          /* NULL once the session is gone */
  guint              id;
  gboolean           standalone;
  SoupServerMessage *msg;         /* the connection the stream is on now, if any */
  gulong             finished_id;
  gulong             disconnected_id;
  gboolean           started;     /* @msg carries SSE headers */
  gboolean           done;        /* the response is in the log (or was sent as JSON) */
  GSource           *keepalive;   /* while @msg carries SSE */
  GQueue             events;
} Stream;

struct _HttpSession
{
  DtMcpHttp    *http;
  char         *id;
  char         *identity;
  DtMcpSession *session;
  gint64        last_used;
  guint         next_stream;
  guint64       next_seq;
  GHashTable   *streams;          /* guint id → Stream* (ref) */
};

struct _DtMcpHttp
{
  GObject            parent_instance;

  DtMcpServer       *server;
  GHashTable        *sessions;    /* id → HttpSession* */
  DtMcpHttpAuthFunc  auth_func;
  gpointer           auth_data;
  DtMcpHttpScopeRefusalFunc refusal_func;
  gpointer           refusal_data;
  guint              retry_ms;
  guint              keepalive_ms;
};

G_DEFINE_FINAL_TYPE (DtMcpHttp, dt_mcp_http, G_TYPE_OBJECT)

/* ---- answered notifications (for servers that hold requests) ------------------------ */

#define ANSWERED_KEY "dt-mcp-answered"

typedef struct
{
  DtMcpHttpAnsweredFunc func;
  gpointer              data;
  gboolean              armed;   /* the handler returned without an answer */
} Answered;

static void
notify_answered (SoupServerMessage *msg)
{
  Answered *answered = g_object_steal_data (G_OBJECT (msg), ANSWERED_KEY);

  if (answered == NULL)
    return;
  if (answered->armed)
    answered->func (msg, answered->data);
  g_free (answered);
}

/* ---- streams ------------------------------------------------------------------------ */

static void
event_free (gpointer data)
{
  Event *event = data;

  g_bytes_unref (event->bytes);
  g_free (event);
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_assert (stream->msg == NULL);
  g_queue_clear_full (&stream->events, event_free);
}

static Stream *
stream_ref (Stream *stream)
{
  return g_rc_box_acquire (stream);
}

static void
stream_unref (gpointer stream)
{
  g_rc_box_release_full (stream, stream_free);
}

static void
stream_detach (Stream *stream)
{
  if (stream->msg == NULL)
    return;
  g_signal_handler_disconnect (stream->msg, stream->finished_id);
  g_signal_handler_disconnect (stream->msg, stream->disconnected_id);
  stream->finished_id = 0;
  stream->disconnected_id = 0;
  if (stream->keepalive != NULL)
    {
      g_source_destroy (stream->keepalive);
      g_clear_pointer (&stream->keepalive, g_source_unref);
    }
  g_clear_object (&stream->msg);
  stream->started = FALSE;
}

static void
stream_forget (Stream *stream)
{
  if (stream->hs != NULL)
    g_hash_table_remove (stream->hs->streams, GUINT_TO_POINTER (stream->id));
}

static void
msg_finished_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Stream *stream = user_data;

  stream_detach (stream);
  /* A finished answer needs no resumption; an unfinished one may be resumed later. */
  if (stream->done)
    stream_forget (stream);
}

static void
stream_attach (Stream            *stream,
               SoupServerMessage *msg)
{
  g_assert (stream->msg == NULL);
  stream->msg = g_object_ref (msg);
  /* A paused message whose client went away is "disconnected" without being "finished". */
  stream->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (msg_finished_cb), stream);
  stream->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (msg_finished_cb),
                                              stream);
}

static void
stream_write (Stream     *stream,
              const char *data,
              gsize       length)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, data, length);
  soup_server_message_unpause (stream->msg);
}

static gboolean
keepalive_cb (gpointer data)
{
  Stream *stream = data;
  static const char comment[] = ": keep-alive\n\n";

  /* A comment line: every SSE parser skips it, and it is never replayed. */
  stream_write (stream, comment, sizeof comment - 1);
  return G_SOURCE_CONTINUE;
}

static char *
event_id (Stream *stream,
          guint64 seq)
{
  return g_strdup_printf ("%u_%" G_GUINT64_FORMAT, stream->id, seq);
}

static gboolean
priming_allowed (Stream *stream)
{
  /* Older clients may not cope with an event that has empty data. */
  return g_strcmp0 (dt_mcp_session_get_protocol_version (stream->hs->session), "2025-11-25") >= 0;
}

static void
stream_start_sse (Stream  *stream,
                  gboolean priming)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (stream->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  soup_server_message_set_status (stream->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache, no-store");
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* Long-lived streams must not keep every chunk they ever wrote. */
  soup_message_body_set_accumulate (body, FALSE);
  stream->started = TRUE;
  notify_answered (stream->msg);
  if (stream->hs->http->keepalive_ms > 0)
    {
      stream->keepalive = g_timeout_source_new (stream->hs->http->keepalive_ms);
      g_source_set_callback (stream->keepalive, keepalive_cb, stream, NULL);
      g_source_attach (stream->keepalive, g_main_context_get_thread_default ());
    }

  if (priming)
    {
      guint64 seq = ++stream->hs->next_seq;
      g_autofree char *id = event_id (stream, seq);
      g_autofree char *text = g_strdup_printf ("id: %s\nretry: %u\ndata: \n\n", id,
                                               stream->hs->http->retry_ms);

      stream_write (stream, text, strlen (text));
    }
  else
    soup_server_message_unpause (stream->msg);
}

static void
stream_end (Stream *stream)
{
  if (stream->msg == NULL)
    return;
  if (!stream->started)
    stream_start_sse (stream, FALSE);
  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
  soup_server_message_unpause (stream->msg);
  stream_detach (stream);
}

static void
stream_emit (Stream    *stream,
             DtMcpCall *call,
             JsonNode  *message)
{
  g_autofree char *json = call != NULL ? dt_mcp_call_serialize (call, message, NULL)
                                       : dt_json_to_string (message, NULL);
  guint64 seq = ++stream->hs->next_seq;
  g_autofree char *id = event_id (stream, seq);
  char *text = g_strdup_printf ("id: %s\nevent: message\ndata: %s\n\n", id, json);
  Event *event = g_new0 (Event, 1);

  event->seq = seq;
  event->bytes = g_bytes_new_take (text, strlen (text));
  g_queue_push_tail (&stream->events, event);
  if (g_queue_get_length (&stream->events) > MAX_EVENTS_PER_STREAM)
    event_free (g_queue_pop_head (&stream->events));
  if (stream->msg != NULL && stream->started)
    stream_write (stream, text, strlen (text));
}

static Stream *
stream_new (HttpSession *hs,
            gboolean     standalone)
{
  Stream *stream = g_rc_box_new0 (Stream);

  stream->hs = hs;
  stream->standalone = standalone;
  stream->id = standalone ? 0 : ++hs->next_stream;
  g_queue_init (&stream->events);

  /* Bound memory: drop the oldest finished, unclaimed streams. */
  if (g_hash_table_size (hs->streams) >= MAX_STREAMS_PER_SESSION)
    {
      GHashTableIter iter;
      gpointer key, value;
      guint oldest = G_MAXUINT;

      g_hash_table_iter_init (&iter, hs->streams);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Stream *s = value;

          if (s->done && s->msg == NULL && s->id < oldest)
            oldest = s->id;
        }
      if (oldest != G_MAXUINT)
        g_hash_table_remove (hs->streams, GUINT_TO_POINTER (oldest));
    }
  g_hash_table_insert (hs->streams, GUINT_TO_POINTER (stream->id), stream_ref (stream));
  return stream;
}

/* ---- sessions ----------------------------------------------------------------------- */

static void
http_session_free (gpointer data)
{
  HttpSession *hs = data;
  g_autoptr(GList) streams = NULL;

  dt_mcp_session_set_unsolicited_func (hs->session, NULL, NULL);
  /* Cancelling in-flight calls ends their streams through the normal path. */
  dt_mcp_session_close (hs->session);

  streams = g_hash_table_get_values (hs->streams);
  for (GList *l = streams; l; l = l->next)
    {
      Stream *stream = l->data;

      stream_end (stream);
      stream->hs = NULL;
    }
  g_hash_table_unref (hs->streams);
  g_clear_object (&hs->session);
  g_free (hs->id);
  g_free (hs->identity);
  g_free (hs);
}

static void
unsolicited_cb (JsonNode *message,
                gpointer  user_data)
{
  HttpSession *hs = user_data;
  Stream *stream = g_hash_table_lookup (hs->streams, GUINT_TO_POINTER (0));

  if (stream != NULL)
    stream_emit (stream, NULL, message);
}

static void
expire_sessions (DtMcpHttp *self)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;
  HttpSession *lru = NULL;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HttpSession *hs = value;

      if (now - hs->last_used > SESSION_IDLE_SECONDS)
        g_hash_table_iter_remove (&iter);
      else if (lru == NULL || hs->last_used < lru->last_used)
        lru = hs;
    }
  if (g_hash_table_size (self->sessions) >= MAX_SESSIONS && lru != NULL)
    g_hash_table_remove (self->sessions, lru->id);
}

/* ---- HTTP helpers ------------------------------------------------------------------- */

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               int                code,
               const char        *text)
{
  g_autoptr(JsonNode) node = dt_jsonrpc_build_error (NULL, code, text, NULL);
  gsize length = 0;
  char *json = dt_json_to_string (node, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, length);
}

static void
respond_json (SoupServerMessage *msg,
              DtMcpCall         *call,
              JsonNode          *node)
{
  g_autoptr(GBytes) json = dt_mcp_call_serialize_bytes (call, node);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  /* A tool result a read worker wrote (a page of entries is 80 KB) goes out as one buffer,
   * not copied, and in one write. */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, json);
}

/* Whether the Accept header admits @type ("application/json"), wildcards included. */
static gboolean
accepts (SoupServerMessage *msg,
         const char        *type)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept");
  g_auto(GStrv) items = NULL;
  const char *slash = strchr (type, '/');

  if (accept == NULL)
    return FALSE;
  items = g_strsplit (accept, ",", 32);
  for (guint i = 0; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);
      char *semi = strchr (item, ';');

      if (semi)
        *semi = '\0';
      g_strstrip (item);
      if (g_ascii_strcasecmp (item, type) == 0 || g_ascii_strcasecmp (item, "*/*") == 0)
        return TRUE;
      if (g_str_has_suffix (item, "/*") && g_ascii_strncasecmp (item, type, slash - type + 1) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
default_scope_refusal (SoupServerMessage *msg,
                       const char        *scope)
{
  g_autofree char *challenge = g_strdup_printf ("Bearer error=\"insufficient_scope\", "
                                                "scope=\"%s\"", scope);
  g_autofree char *text = g_strdup_printf ("This call needs the scope %s", scope);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", challenge);
  respond_error (msg, SOUP_STATUS_FORBIDDEN, DT_JSONRPC_INVALID_REQUEST, text);
}

/* ---- the sink: everything that goes back for one request ---------------------------- */

static void
send_cb (DtMcpCall *call,
         JsonNode  *message,
         gboolean   final,
         gpointer   user_data)
{
  Stream *stream = user_data;
  HttpSession *hs = stream->hs;

  if (hs == NULL)
    return;
  hs->last_used = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (!final && message == NULL)
    {
      /* Suspend: end the connection now; the client resumes with Last-Event-ID. */
      if (stream->msg != NULL)
        {
          if (!stream->started)
            stream_start_sse (stream, TRUE);
          stream_end (stream);
        }
      return;
    }

  if (final)
    {
      const char *scope = dt_mcp_call_get_insufficient_scope (call);

      stream->done = TRUE;
      if (stream->msg != NULL && !stream->started && message != NULL)
        {
          SoupServerMessage *msg = g_object_ref (stream->msg);

          /* Nothing streamed before the answer: a plain JSON response. */
          if (scope != NULL)
            {
              if (hs->http->refusal_func)
                hs->http->refusal_func (msg, scope, hs->http->refusal_data);
              else
                default_scope_refusal (msg, scope);
            }
          else
            respond_json (msg, call, message);
          notify_answered (msg);
          stream_detach (stream);
          soup_server_message_unpause (msg);
          g_object_unref (msg);
          stream_forget (stream);
          return;
        }
      if (message != NULL)
        stream_emit (stream, call, message);
      if (stream->msg != NULL)
        {
          stream_end (stream);
          stream_forget (stream);
        }
      return;
    }

  if (stream->msg != NULL && !stream->started)
    stream_start_sse (stream, priming_allowed (stream));
  stream_emit (stream, call, message);
}

/* ---- methods ------------------------------------------------------------------------ */

static HttpSession *
find_session (DtMcpHttp         *self,
              SoupServerMessage *msg,
              const char        *identity)
{
  const char *id = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                 "Mcp-Session-Id");
  HttpSession *hs;

  if (id == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, DT_JSONRPC_INVALID_REQUEST,
                     "Bad Request: the Mcp-Session-Id header is missing; send initialize first");
      return NULL;
    }
  hs = g_hash_table_lookup (self->sessions, id);
  /* A session bound to another grant is reported exactly like an unknown one. */
  if (hs == NULL || g_strcmp0 (hs->identity, identity ? identity : "") != 0)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, DT_JSONRPC_INVALID_REQUEST,
                     "Session not found: it ended or never existed; initialize a new one");
      return NULL;
    }
  hs->last_used = g_get_monotonic_time () / G_USEC_PER_SEC;
  return hs;
}

static void
dispatch_request (HttpSession       *hs,
                  SoupServerMessage *msg,
                  DtJsonRpcMessage  *message)
{
  Stream *stream = stream_new (hs, FALSE);

  /* Paused first: the answer may come now or later, and unpause must follow pause. */
  soup_server_message_pause (msg);
  stream_attach (stream, msg);
  dt_mcp_session_handle (hs->session, message, send_cb, stream, stream_unref);
}

static void
handle_post (DtMcpHttp         *self,
             SoupServerMessage *msg,
             GObject           *principal,
             const char        *identity)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DtJsonRpcMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  HttpSession *hs;

  if (!accepts (msg, "application/json") || !accepts (msg, "text/event-stream"))
    {
      respond_error (msg, SOUP_STATUS_NOT_ACCEPTABLE, DT_JSONRPC_INVALID_REQUEST,
                     "Not Acceptable: the client must accept both application/json and "
                     "text/event-stream");
      return;
    }
  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, DT_JSONRPC_INVALID_REQUEST,
                     "Unsupported Media Type: the body must be application/json");
      return;
    }
  if (body->length > DT_MCP_HTTP_MAX_BODY)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, DT_JSONRPC_INVALID_REQUEST,
                     "The body is larger than 4 MiB");
      return;
    }
  bytes = soup_message_body_flatten (body);
  message = dt_jsonrpc_message_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &error);
  if (message == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->code, error->message);
      return;
    }

  if (message->kind == DT_JSONRPC_KIND_REQUEST && g_str_equal (message->method, "initialize"))
    {
      g_autoptr(DtMcpSession) session = NULL;

      expire_sessions (self);
      session = dt_mcp_session_new (self->server, principal, identity);
      hs = g_new0 (HttpSession, 1);
      hs->http = self;
      hs->id = dt_mcp_random_id ();
      hs->identity = g_strdup (identity ? identity : "");
      hs->session = g_object_ref (session);
      hs->last_used = g_get_monotonic_time () / G_USEC_PER_SEC;
      hs->streams = g_hash_table_new_full (NULL, NULL, NULL, stream_unref);
      g_hash_table_insert (self->sessions, hs->id, hs);
      dt_mcp_session_set_unsolicited_func (session, unsolicited_cb, hs);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Mcp-Session-Id", hs->id);
      dispatch_request (hs, msg, message);
      /* initialize answers synchronously; a refused one leaves no session behind. */
      if (!dt_mcp_session_is_initialized (session))
        {
          soup_message_headers_remove (soup_server_message_get_response_headers (msg),
                                       "Mcp-Session-Id");
          g_hash_table_remove (self->sessions, hs->id);
        }
      return;
    }

  {
    const char *version = soup_message_headers_get_one (headers, "MCP-Protocol-Version");

    if (version != NULL && !dt_mcp_protocol_version_supported (version))
      {
        g_autofree char *text = g_strdup_printf ("Bad Request: unsupported MCP-Protocol-Version "
                                                 "\"%s\"; supported: 2025-11-25, 2025-06-18, "
                                                 "2025-03-26", version);

        respond_error (msg, SOUP_STATUS_BAD_REQUEST, DT_JSONRPC_INVALID_REQUEST, text);
        return;
      }
  }

  hs = find_session (self, msg, identity);
  if (hs == NULL)
    return;
  dt_mcp_session_set_principal (hs->session, principal);

  if (message->kind == DT_JSONRPC_KIND_REQUEST)
    {
      dispatch_request (hs, msg, message);
      return;
    }
  /* Notifications and responses: consumed, 202 with no body. */
  dt_mcp_session_handle (hs->session, message, NULL, NULL, NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_ACCEPTED, NULL);
}

static gboolean
parse_event_id (const char *text,
                guint      *stream_id,
                guint64    *seq)
{
  g_auto(GStrv) parts = NULL;
  guint64 a, b;

  if (text == NULL || strlen (text) > 64)
    return FALSE;
  parts = g_strsplit (text, "_", 3);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT, &a, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &b, NULL))
    return FALSE;
  *stream_id = (guint) a;
  *seq = b;
  return TRUE;
}

static void
handle_get (DtMcpHttp         *self,
            SoupServerMessage *msg,
            GObject           *principal,
            const char        *identity)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *last_event_id;
  const char *version;
  HttpSession *hs;
  Stream *stream;

  if (!accepts (msg, "text/event-stream"))
    {
      respond_error (msg, SOUP_STATUS_NOT_ACCEPTABLE, DT_JSONRPC_INVALID_REQUEST,
                     "Not Acceptable: the client must accept text/event-stream");
      return;
    }
  version = soup_message_headers_get_one (headers, "MCP-Protocol-Version");
  if (version != NULL && !dt_mcp_protocol_version_supported (version))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, DT_JSONRPC_INVALID_REQUEST,
                     "Bad Request: unsupported MCP-Protocol-Version");
      return;
    }
  hs = find_session (self, msg, identity);
  if (hs == NULL)
    return;
  dt_mcp_session_set_principal (hs->session, principal);

  last_event_id = soup_message_headers_get_one (headers, "Last-Event-ID");
  if (last_event_id != NULL)
    {
      guint stream_id;
      guint64 seq;

      if (!parse_event_id (last_event_id, &stream_id, &seq) ||
          (stream = g_hash_table_lookup (hs->streams, GUINT_TO_POINTER (stream_id))) == NULL)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, DT_JSONRPC_INVALID_REQUEST,
                         "Bad Request: Last-Event-ID names no stream of this session that "
                         "can be resumed");
          return;
        }
      if (stream->msg != NULL)
        {
          respond_error (msg, SOUP_STATUS_CONFLICT, DT_JSONRPC_INVALID_REQUEST,
                         "Conflict: this stream is already open on another connection");
          return;
        }
      soup_server_message_pause (msg);
      stream_attach (stream, msg);
      stream_start_sse (stream, FALSE);
      /* Replay only this stream's events after the one the client saw. */
      for (GList *l = stream->events.head; l; l = l->next)
        {
          Event *event = l->data;

          if (event->seq > seq)
            stream_write (stream, g_bytes_get_data (event->bytes, NULL),
                          g_bytes_get_size (event->bytes));
        }
      if (stream->done)
        {
          stream_ref (stream);
          stream_end (stream);
          stream_forget (stream);
          stream_unref (stream);
        }
      return;
    }

  stream = g_hash_table_lookup (hs->streams, GUINT_TO_POINTER (0));
  if (stream != NULL && stream->msg != NULL)
    {
      respond_error (msg, SOUP_STATUS_CONFLICT, DT_JSONRPC_INVALID_REQUEST,
                     "Conflict: only one GET stream per session");
      return;
    }
  if (stream == NULL)
    {
      stream = stream_new (hs, TRUE);
      stream_unref (stream);  /* the session's table keeps it */
    }
  soup_server_message_pause (msg);
  stream_attach (stream, msg);
  stream_start_sse (stream, priming_allowed (stream));
}

static void
handle_delete (DtMcpHttp         *self,
               SoupServerMessage *msg,
               const char        *identity)
{
  HttpSession *hs = find_session (self, msg, identity);

  if (hs == NULL)
    return;
  g_hash_table_remove (self->sessions, hs->id);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

void
dt_mcp_http_handle (DtMcpHttp         *self,
                    SoupServerMessage *msg)
{
  const char *method;
  g_autoptr(GObject) principal = NULL;
  g_autofree char *identity = NULL;

  g_return_if_fail (DT_IS_MCP_HTTP (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  method = soup_server_message_get_method (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");
  if (method != SOUP_METHOD_POST && method != SOUP_METHOD_GET && method != SOUP_METHOD_DELETE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, POST, DELETE");
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, DT_JSONRPC_INVALID_REQUEST,
                     "Method Not Allowed: use POST, GET or DELETE");
      return;
    }

  /* The token is checked on every request; a session is never authentication. */
  if (self->auth_func != NULL)
    {
      principal = self->auth_func (msg, &identity, self->auth_data);
      if (principal == NULL)
        return;
    }

  if (method == SOUP_METHOD_POST)
    handle_post (self, msg, principal, identity);
  else if (method == SOUP_METHOD_GET)
    handle_get (self, msg, principal, identity);
  else
    handle_delete (self, msg, identity);
}

void
dt_mcp_http_handle_full (DtMcpHttp            *self,
                         SoupServerMessage    *msg,
                         DtMcpHttpAnsweredFunc answered,
                         gpointer              user_data)
{
  Answered *pending = NULL;

  g_return_if_fail (DT_IS_MCP_HTTP (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  if (answered != NULL)
    {
      pending = g_new0 (Answered, 1);
      pending->func = answered;
      pending->data = user_data;
      g_object_set_data_full (G_OBJECT (msg), ANSWERED_KEY, pending, g_free);
    }
  dt_mcp_http_handle (self, msg);
  if (pending == NULL)
    return;
  if (soup_server_message_get_status (msg) != 0)
    g_free (g_object_steal_data (G_OBJECT (msg), ANSWERED_KEY));
  else if (g_object_get_data (G_OBJECT (msg), ANSWERED_KEY) == pending)
    pending->armed = TRUE;
}

void
dt_mcp_http_forget_answered (SoupServerMessage *msg)
{
  g_free (g_object_steal_data (G_OBJECT (msg), ANSWERED_KEY));
}

/* ---- object ------------------------------------------------------------------------- */

static void
dt_mcp_http_finalize (GObject *object)
{
  DtMcpHttp *self = DT_MCP_HTTP (object);

  g_hash_table_unref (self->sessions);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (dt_mcp_http_parent_class)->finalize (object);
}

static void
dt_mcp_http_class_init (DtMcpHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_mcp_http_finalize;
}

static void
dt_mcp_http_init (DtMcpHttp *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, http_session_free);
  self->retry_ms = 1000;
  self->keepalive_ms = KEEPALIVE_MS;
}

DtMcpHttp *
dt_mcp_http_new (DtMcpServer *server)
{
  DtMcpHttp *self;

  g_return_val_if_fail (DT_IS_MCP_SERVER (server), NULL);
  self = g_object_new (DT_TYPE_MCP_HTTP, NULL);
  self->server = g_object_ref (server);
  return self;
}

void
dt_mcp_http_set_auth_func (DtMcpHttp        *self,
                           DtMcpHttpAuthFunc func,
                           gpointer          user_data)
{
  g_return_if_fail (DT_IS_MCP_HTTP (self));
  self->auth_func = func;
  self->auth_data = user_data;
}

void
dt_mcp_http_set_scope_refusal_func (DtMcpHttp                *self,
                                    DtMcpHttpScopeRefusalFunc func,
                                    gpointer                  user_data)
{
  g_return_if_fail (DT_IS_MCP_HTTP (self));
  self->refusal_func = func;
  self->refusal_data = user_data;
}

void
dt_mcp_http_set_retry_ms (DtMcpHttp *self,
                          guint      retry_ms)
{
  g_return_if_fail (DT_IS_MCP_HTTP (self));
  self->retry_ms = retry_ms;
}

void
dt_mcp_http_set_keepalive_ms (DtMcpHttp *self,
                              guint      keepalive_ms)
{
  g_return_if_fail (DT_IS_MCP_HTTP (self));
  self->keepalive_ms = keepalive_ms;
}

guint
dt_mcp_http_get_n_sessions (DtMcpHttp *self)
{
  g_return_val_if_fail (DT_IS_MCP_HTTP (self), 0);
  return g_hash_table_size (self->sessions);
}

void
dt_mcp_http_close_all (DtMcpHttp *self)
{
  g_return_if_fail (DT_IS_MCP_HTTP (self));
  g_hash_table_remove_all (self->sessions);
}

/* dt-test-http.c: a raw HTTP/1.1 client for the integration tests. */
#include <string.h>

#include "dt-test-http.h"

void
dt_test_response_free (DtTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response->body);
  g_free (response);
}

const char *
dt_test_response_header (DtTestResponse *response,
                         const char     *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (response->headers, lower);
}

const char *
dt_test_response_string (DtTestResponse *response,
                         const char     *member)
{
  JsonObject *object;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  object = json_node_get_object (response->json);
  if (!json_object_has_member (object, member))
    return NULL;
  return json_object_get_string_member_with_default (object, member, NULL);
}

static DtTestResponse *
parse_response (const char *data,
                gsize       len)
{
  DtTestResponse *response = g_new0 (DtTestResponse, 1);
  const char *end = g_strstr_len (data, len, "\r\n\r\n");
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;

  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_nonnull (end);
  head = g_strndup (data, end - data);
  lines = g_strsplit (head, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "HTTP/1.1 "));
  response->status = (guint) g_ascii_strtoull (lines[0] + 9, NULL, 10);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      if (colon == NULL)
        continue;
      g_hash_table_replace (response->headers,
                            g_ascii_strdown (lines[i], colon - lines[i]),
                            g_strstrip (g_strdup (colon + 1)));
    }
  response->body_len = len - (end + 4 - data);
  response->body = g_strndup (end + 4, response->body_len);

  {
    const char *type = dt_test_response_header (response, "Content-Type");
    if (type != NULL && strstr (type, "json") != NULL && response->body_len > 0)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        if (json_parser_load_from_data (parser, response->body, response->body_len, NULL))
          response->json = json_parser_steal_root (parser);
      }
  }
  return response;
}

typedef struct
{
  GOutputStream *out;
  GString       *data;
} WriteJob;

static gpointer
write_thread (gpointer data)
{
  WriteJob *job = data;

  g_output_stream_write_all (job->out, job->data->str, job->data->len, NULL, NULL, NULL);
  return NULL;
}

DtTestResponse *
dt_test_http (guint               port,
              const char         *method,
              const char         *target,
              const char * const *headers,
              const char         *body,
              gssize              body_len)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean has_host = FALSE;
  gboolean chunked = FALSE;
  GOutputStream *out;
  GInputStream *in;
  guint8 buffer[8192];
  gssize n;

  g_socket_client_set_timeout (client, 30);
  /* Loopback needs no proxy (and libproxy does not run under AddressSanitizer). */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  if (body != NULL && body_len < 0)
    body_len = strlen (body);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\n", method, target);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (headers[i], "Host:", 5) == 0)
        has_host = TRUE;
      if (g_ascii_strcasecmp (headers[i], "Transfer-Encoding: chunked") == 0)
        chunked = TRUE;
      g_string_append_printf (request, "%s\r\n", headers[i]);
    }
  if (!has_host)
    g_string_append_printf (request, "Host: 127.0.0.1:%u\r\n", port);
  if (body != NULL && !chunked)
    g_string_append_printf (request, "Content-Length: %" G_GSSIZE_FORMAT "\r\n", body_len);
  g_string_append (request, "Connection: close\r\n\r\n");
  if (body != NULL)
    g_string_append_len (request, body, body_len);

  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* The server may answer (413, 403) and close before reading all we send: write on a thread
   * and read here, ignoring write errors. */
  {
    WriteJob job = { out, request };
    GThread *writer = g_thread_new ("test-http-write", write_thread, &job);

    while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
      g_byte_array_append (answer, buffer, n);
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    g_thread_join (writer);
  }

  g_assert_cmpuint (answer->len, >, 0);
  return parse_response ((const char *) answer->data, answer->len);
}

struct _DtTestPending
{
  guint           port;
  char           *method;
  char           *target;
  GStrv           headers;
  char           *body;
  gssize          body_len;
  GThread        *thread;
  gint            done;
};

static gpointer
pending_thread (gpointer data)
{
  DtTestPending *pending = data;
  DtTestResponse *response = dt_test_http (pending->port, pending->method, pending->target,
                                           (const char * const *) pending->headers,
                                           pending->body, pending->body_len);
  g_atomic_int_set (&pending->done, 1);
  return response;
}

DtTestPending *
dt_test_http_begin (guint               port,
                    const char         *method,
                    const char         *target,
                    const char * const *headers,
                    const char         *body,
                    gssize              body_len)
{
  DtTestPending *pending = g_new0 (DtTestPending, 1);

  pending->port = port;
  pending->method = g_strdup (method);
  pending->target = g_strdup (target);
  pending->headers = g_strdupv ((char **) headers);
  pending->body_len = body != NULL && body_len < 0 ? (gssize) strlen (body) : body_len;
  pending->body = body != NULL ? g_memdup2 (body, pending->body_len + 1) : NULL;
  pending->thread = g_thread_new ("test-http", pending_thread, pending);
  return pending;
}

gboolean
dt_test_http_is_done (DtTestPending *pending)
{
  return g_atomic_int_get (&pending->done) != 0;
}

DtTestResponse *
dt_test_http_finish (DtTestPending *pending)
{
  DtTestResponse *response = g_thread_join (pending->thread);

  g_free (pending->method);
  g_free (pending->target);
  g_strfreev (pending->headers);
  g_free (pending->body);
  g_free (pending);
  return response;
}

char *
dt_test_form (const char *first_name,
              ...)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *n = g_uri_escape_string (name, NULL, FALSE);
      g_autofree char *v = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (out, "%s%s=%s", out->len ? "&" : "", n, v);
      name = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

guint
dt_test_count_descriptors (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

guint
dt_test_settle_descriptors (guint expected)
{
  guint count = dt_test_count_descriptors ();

  for (int i = 0; i < 200 && count != expected; i++)
    {
      g_usleep (10 * 1000);
      count = dt_test_count_descriptors ();
    }
  return count;
}

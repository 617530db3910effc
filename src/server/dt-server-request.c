/* dt-server-request.c: the request a handler gets, and the answers it can give. */
#define G_LOG_DOMAIN "dt-server"

#include <string.h>

#include "dt-error.h"
#include "dt-form.h"
#include "dt-json-reader.h"
#include "dt-json-writer.h"
#include "dt-server-private.h"

DtRequestPriv *
dt_request_new (DtServer          *self,
                SoupServerMessage *msg,
                const char        *path,
                const char        *raw_query,
                GHashTable        *query,
                GBytes            *body,
                const char        *host)
{
  DtRequestPriv *priv = g_atomic_rc_box_new0 (DtRequestPriv);

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
  DtRequestPriv *priv = data;

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

void
dt_server_respond_json_object (SoupServerMessage *msg,
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

void
dt_server_respond_problem (SoupServerMessage *msg,
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
  dt_server_respond_json_object (msg, status, "application/problem+json", builder);
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
  dt_server_respond_problem (request->msg, status, title, detail);
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
  dt_server_respond_json_object (request->msg, status, "application/json", builder);
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
  DtRequestPriv *priv = user_data;

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
  DtRequestPriv *priv = (DtRequestPriv *) request;

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
  DtRequestPriv *priv = (DtRequestPriv *) request;

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
  return ((DtRequestPriv *) request)->disconnected;
}

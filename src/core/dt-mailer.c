/* dt-mailer.c: SMTP with libcurl (STARTTLS, SMTPS, plain on loopback), MIME built with curl_mime. */
#define G_LOG_DOMAIN "dt-mailer"

#include "config.h"

#include "dt-mailer-private.h"
#include "dt-error.h"
#include "dt-secrets.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_SECONDS 60

gboolean
dt_mailer_has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

/* ---- headers ---------------------------------------------------------------------------- */

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

char *
dt_mailer_encode_header (const char *value)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (value != NULL, NULL);

  if (is_ascii (value))
    return g_strdup (value);

  /* "=?UTF-8?B?" + base64 + "?=" ≤ 75 characters: at most 45 bytes of text per word
   * (60 base64 characters), cut only between whole UTF-8 characters. */
  out = g_string_new (NULL);
  p = value;
  while (*p)
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      while (*end)
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > 45)
            break;
          end = next;
        }
      encoded = g_base64_encode ((const guchar *) p, end - p);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
      p = end;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_mailbox (const char *name,
                const char *address)
{
  g_autoptr(GString) quoted = NULL;
  g_autofree char *encoded = NULL;

  if (!dt_mailer_has_text (name))
    return g_strdup (address);
  if (!is_ascii (name))
    {
      encoded = dt_mailer_encode_header (name);
      return g_strdup_printf ("%s <%s>", encoded, address);
    }
  quoted = g_string_new ("\"");
  for (const char *p = name; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_strdup_printf ("%s <%s>", quoted->str, address);
}

/* RFC 5322 date, always with English day and month names whatever the locale. */
static char *
format_date_header (void)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time_part = g_date_time_format (now, "%H:%M:%S %z");

  return g_strdup_printf ("%s, %02d %s %04d %s", days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1], g_date_time_get_year (now),
                          time_part);
}

static char *
one_line (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  g_strdelimit (copy, "\r\n\t", ' ');
  return copy;
}

/* Text bodies go out with CRLF line ends, as SMTP wants. */
static char *
crlf_text (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n')
        g_string_append_c (out, '\r');
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
validate_message (const DtMailMessage  *message,
                  GError              **error)
{
  if (message->to == NULL || message->to[0] == NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "the e-mail has no recipient; add the client's billing e-mail address");
      return FALSE;
    }
  for (guint i = 0; message->to[i] != NULL; i++)
    if (!dt_mailer_address_valid (message->to[i]))
      {
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "“%s” is not an e-mail address; write it like name@example.com",
                     message->to[i]);
        return FALSE;
      }
  if (message->subject != NULL && !g_utf8_validate (message->subject, -1, NULL))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, "the subject is not valid UTF-8");
      return FALSE;
    }
  if (message->body != NULL && !g_utf8_validate (message->body, -1, NULL))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, "the text is not valid UTF-8");
      return FALSE;
    }
  if ((message->attachment != NULL && !dt_mailer_has_text (message->attachment_name)) ||
      (message->extra_attachment != NULL && !dt_mailer_has_text (message->extra_attachment_name)))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID, "the attachment needs a file name");
      return FALSE;
    }
  return TRUE;
}

/* ---- the SMTP conversation -------------------------------------------------------------- */

static void
add_attachment (curl_mime  *mime,
                GBytes     *file,
                const char *type,
                const char *name)
{
  curl_mimepart *part;
  const char *data;
  gsize size;

  if (file == NULL)
    return;
  data = g_bytes_get_data (file, &size);
  part = curl_mime_addpart (mime);
  curl_mime_data (part, data, size);
  curl_mime_type (part, dt_mailer_has_text (type) ? type : "application/octet-stream");
  curl_mime_filename (part, name);
  curl_mime_encoder (part, "base64");
}

static gpointer
init_curl_once (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/* What the server last said and which command it answered, to explain a refusal. Only
 * command names and RCPT/MAIL addresses are kept: never an AUTH argument or message data. */
typedef struct
{
  GString      *reply;
  gboolean      reply_complete;
  char          command[8];
  char         *recipient;
  gboolean      quitting;   /* after QUIT: keep what explained the failure */
  GCancellable *cancellable;
} Conversation;

static void
remember_command (Conversation *conv,
                  const char   *data,
                  size_t        size)
{
  static const char *const known[] = { "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT",
                                       "DATA", "QUIT" };
  g_autofree char *line = g_strndup (data, MIN (size, 512));
  char *lt, *gt;

  g_strchomp (line);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      gsize n = strlen (known[i]);

      if (g_ascii_strncasecmp (line, known[i], n) != 0 || (line[n] != ' ' && line[n] != '\0'))
        continue;
      if (g_str_equal (known[i], "QUIT"))
        {
          conv->quitting = TRUE;
          return;
        }
      g_strlcpy (conv->command, known[i], sizeof conv->command);
      if (g_str_equal (known[i], "RCPT") && (lt = strchr (line, '<')) && (gt = strchr (lt, '>')))
        {
          g_free (conv->recipient);
          conv->recipient = g_strndup (lt + 1, gt - lt - 1);
        }
      return;
    }
  /* Anything else (an AUTH continuation, for one) is not looked at. */
}

static void
remember_reply (Conversation *conv,
                const char   *data,
                size_t        size)
{
  g_autofree char *line = g_strndup (data, MIN (size, 1024));

  g_strchomp (line);
  if (conv->reply_complete)
    {
      g_string_truncate (conv->reply, 0);
      conv->reply_complete = FALSE;
    }
  if (conv->reply->len > 0)
    g_string_append_c (conv->reply, ' ');
  /* "250-first line" continues, "250 last line" ends a reply. */
  g_string_append (conv->reply, line);
  conv->reply_complete = strlen (line) < 4 || line[3] != '-';
}

static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Conversation *conv = user_data;

  if (conv->quitting)
    return 0;
  if (type == CURLINFO_HEADER_IN)
    remember_reply (conv, data, size);
  else if (type == CURLINFO_HEADER_OUT)
    remember_command (conv, data, size);
  return 0;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Conversation *conv = user_data;

  return g_cancellable_is_cancelled (conv->cancellable) ? 1 : 0;
}

static void
set_send_error (GError                 **error,
                CURLcode                 code,
                const char              *curl_message,
                const Conversation      *conv,
                const DtMailerSettings  *settings)
{
  const char *reply = conv->reply->len > 0 ? conv->reply->str : curl_message;
  guint16 port = dt_mailer_settings_get_port (settings);

  switch (code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "sending was cancelled");
      return;
    case CURLE_LOGIN_DENIED:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "the SMTP server refused the user name or password for “%s”: %s",
                   settings->username ? settings->username : "", reply);
      return;
    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "could not find the SMTP server “%s”; check the server name", settings->host);
      return;
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "could not connect to the SMTP server %s on port %u: %s", settings->host,
                   port, curl_message);
      return;
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "the SMTP server %s did not answer in time", settings->host);
      return;
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "the SMTP server %s on port %u does not offer STARTTLS; try TLS (port 465)",
                   settings->host, port);
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "the certificate of the SMTP server %s could not be verified: %s",
                   settings->host, curl_message);
      return;
    case CURLE_SSL_CONNECT_ERROR:
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "could not start an encrypted connection with %s on port %u: %s",
                   settings->host, port, curl_message);
      return;
    default:
      break;
    }

  if (g_str_equal (conv->command, "RCPT"))
    g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                 "the SMTP server refused the recipient %s: %s",
                 conv->recipient ? conv->recipient : "", reply);
  else if (g_str_equal (conv->command, "MAIL"))
    g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                 "the SMTP server refused the sender %s: %s", settings->from_address, reply);
  else if (g_str_equal (conv->command, "DATA"))
    g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                 "the SMTP server refused the message: %s", reply);
  else if (g_str_equal (conv->command, "AUTH"))
    g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                 "the SMTP server refused to log in “%s”: %s",
                 settings->username ? settings->username : "", reply);
  else
    g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                 "sending the e-mail through %s failed: %s (%s)", settings->host, curl_message,
                 reply);
}

static void
wipe_password (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}

gboolean
dt_mailer_send_sync (const DtMailerSettings  *settings,
                     const char              *password,
                     const DtMailMessage     *message,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  static GOnce curl_once = G_ONCE_INIT;
  g_autoptr(DtSecretPassword) stored_password = NULL;
  g_autofree char *url = NULL;
  g_autofree char *envelope_from = NULL;
  g_autofree char *from_header = NULL;
  g_autofree char *to_header = NULL;
  g_autofree char *subject_header = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *date_header = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *host_part = NULL;
  g_autofree char *joined_to = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  Conversation conv = { 0 };
  struct curl_slist *recipients = NULL, *headers = NULL;
  curl_mime *mime = NULL;
  curl_mimepart *part;
  CURL *curl;
  CURLcode code;
  gboolean authenticate;

  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (!dt_mailer_settings_validate (settings, error) || !validate_message (message, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  authenticate = dt_mailer_has_text (settings->username);
  if (authenticate && password == NULL)
    {
      GError *lookup_error = NULL;

      stored_password = dt_secrets_lookup_smtp_password_sync (settings->host, settings->username,
                                                              cancellable, &lookup_error);
      if (lookup_error != NULL)
        {
          g_propagate_error (error, lookup_error);
          return FALSE;
        }
      if (stored_password == NULL)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                       "no password is stored for “%s” on %s; enter it in the e-mail settings",
                       settings->username, settings->host);
          return FALSE;
        }
      password = stored_password;
    }

  g_once (&curl_once, init_curl_once, NULL);
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                           "could not start the e-mail library (libcurl)");
      return FALSE;
    }

  host_part = strchr (settings->host, ':') ? g_strdup_printf ("[%s]", settings->host)
                                           : g_strdup (settings->host);
  url = g_strdup_printf ("%s://%s:%u", settings->security == DT_SMTP_SECURITY_TLS ? "smtps"
                                                                                  : "smtp",
                         host_part, dt_mailer_settings_get_port (settings));
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_USE_SSL, settings->security == DT_SMTP_SECURITY_NONE
                                             ? (long) CURLUSESSL_NONE : (long) CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT,
                    (long) (settings->timeout_seconds ? settings->timeout_seconds
                                                      : DEFAULT_TIMEOUT_SECONDS));
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_message);
  /* Certificates are always verified; a private CA is added, never a check switched off. */
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (dt_mailer_has_text (settings->ca_file))
    curl_easy_setopt (curl, CURLOPT_CAINFO, settings->ca_file);
  if (authenticate)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, settings->username);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
    }

  /* Record the server's replies for error messages (the callback keeps no secrets). */
  conv.reply = g_string_new (NULL);
  conv.cancellable = cancellable;
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &conv);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &conv);

  envelope_from = g_strdup_printf ("<%s>", settings->from_address);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, envelope_from);
  for (guint i = 0; message->to[i] != NULL; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("<%s>", message->to[i]);

      recipients = curl_slist_append (recipients, rcpt);
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);

  /* RFC 5322 headers; curl adds MIME-Version and the multipart Content-Type. */
  from_header = format_mailbox (settings->from_name, settings->from_address);
  joined_to = g_strjoinv (", ", message->to);
  subject = one_line (message->subject);
  subject_header = dt_mailer_encode_header (subject);
  date_header = format_date_header ();
  uuid = g_uuid_string_random ();
  message_id = g_strdup_printf ("Message-ID: <%s@%s>", uuid,
                                strrchr (settings->from_address, '@') + 1);
  {
    g_autofree char *h_from = g_strconcat ("From: ", from_header, NULL);
    g_autofree char *h_to = g_strconcat ("To: ", joined_to, NULL);
    g_autofree char *h_subject = g_strconcat ("Subject: ", subject_header, NULL);
    g_autofree char *h_date = g_strconcat ("Date: ", date_header, NULL);

    headers = curl_slist_append (headers, h_from);
    headers = curl_slist_append (headers, h_to);
    headers = curl_slist_append (headers, h_subject);
    headers = curl_slist_append (headers, h_date);
    headers = curl_slist_append (headers, message_id);
  }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  /* multipart/mixed: the text, then the PDF (and an e-invoice XML beside it). */
  mime = curl_mime_init (curl);
  body = crlf_text (message->body);
  part = curl_mime_addpart (mime);
  curl_mime_data (part, body, CURL_ZERO_TERMINATED);
  curl_mime_type (part, "text/plain; charset=UTF-8");
  curl_mime_encoder (part, "quoted-printable");
  add_attachment (mime, message->attachment, message->attachment_type,
                  message->attachment_name);
  add_attachment (mime, message->extra_attachment, message->extra_attachment_type,
                  message->extra_attachment_name);
  curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);

  g_debug ("sending an e-mail to %u recipient(s) through %s", g_strv_length (message->to), url);
  code = curl_easy_perform (curl);

  curl_mime_free (mime);
  curl_slist_free_all (headers);
  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (code != CURLE_OK)
    {
      if (curl_message[0] == '\0')
        g_strlcpy (curl_message, curl_easy_strerror (code), sizeof curl_message);
      set_send_error (error, code, curl_message, &conv, settings);
      g_debug ("sending failed: curl code %d", code);
    }
  g_string_free (conv.reply, TRUE);
  g_free (conv.recipient);
  return code == CURLE_OK;
}

/* ---- async ------------------------------------------------------------------------------ */

typedef struct
{
  DtMailerSettings *settings;
  char             *password;
  DtMailMessage    *message;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  dt_mailer_settings_free (send->settings);
  wipe_password (send->password);
  dt_mail_message_free (send->message);
  g_free (send);
}

static void
send_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *send = task_data;
  GError *error = NULL;

  if (dt_mailer_send_sync (send->settings, send->password, send->message, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start_send (const DtMailerSettings *settings,
            const char             *password,
            DtMailMessage          *message,
            gpointer                source_tag,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SendData *send = g_new0 (SendData, 1);

  send->settings = dt_mailer_settings_copy (settings);
  send->password = g_strdup (password);
  send->message = message;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, send, send_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, send_thread);
}

void
dt_mailer_send_async (const DtMailerSettings *settings,
                      const char             *password,
                      const DtMailMessage    *message,
                      GCancellable           *cancellable,
                      GAsyncReadyCallback     callback,
                      gpointer                user_data)
{
  g_return_if_fail (settings != NULL);
  g_return_if_fail (message != NULL);

  start_send (settings, password, dt_mail_message_copy (message), dt_mailer_send_async,
              cancellable, callback, user_data);
}

gboolean
dt_mailer_send_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_mailer_send_test_message_async (const DtMailerSettings *settings,
                                   const char             *password,
                                   const char             *to,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  DtMailMessage *message;
  const char *recipient;

  g_return_if_fail (settings != NULL);

  recipient = to ? to : settings->from_address;
  message = dt_mail_message_new ();
  message->to = g_new0 (char *, 2);
  message->to[0] = g_strdup (recipient ? recipient : "");
  message->subject = g_strdup (_("DoubleTime test message"));
  message->body = g_strdup (_("This message was sent by DoubleTime to check the e-mail "
                              "settings. If you can read it, invoices can be sent from "
                              "this account."));
  start_send (settings, password, message, dt_mailer_send_test_message_async, cancellable,
              callback, user_data);
}

gboolean
dt_mailer_send_test_message_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* test-server-events.c: what an app writes through the loopback server is announced on the
 * service's own events object, so an open window hears it at once (not on its next poll). */
#include "config.h"

#include <libsoup/soup.h>

#include "dt-oauth-clients.h"
#include "dt-server.h"
#include "dt-service.h"
#include "dt-store-events.h"
#include "dt-time.h"

typedef struct
{
  GMutex   lock;
  guint    clients_heard;
  gint64   last_id;
} Heard;

static void
on_changed_cb (DtStoreEvents *events,
               const char    *entity,
               gint64         id,
               gpointer       user_data)
{
  Heard *heard = user_data;

  /* Emitted on the server thread. */
  g_mutex_lock (&heard->lock);
  if (g_str_equal (entity, DT_ENTITY_CLIENT))
    {
      heard->clients_heard++;
      heard->last_id = id;
    }
  g_mutex_unlock (&heard->lock);
}

static char *
request (SoupSession *session,
         const char  *method,
         const char  *url,
         const char  *authorization,
         const char  *content_type,
         const char  *body,
         guint       *out_status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

static void
test_rest_write_is_heard (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dt-events-XXXXXX", NULL);
  g_autoptr(DtService) service = dt_service_new (dir, 0);
  g_autoptr(DtOAuthClient) app = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *secret = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  g_autofree char *token_reply = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *created = NULL;
  const char *scopes[] = { "clients:write", NULL };
  Heard heard = { 0 };
  gint64 grant_id = 0, created_id;
  guint status;
  gulong handler;

  g_assert_true (dt_service_start (service, &error));
  g_assert_no_error (error);
  g_mutex_init (&heard.lock);
  handler = g_signal_connect (dt_db_get_events (dt_service_get_db (service)), "changed",
                              G_CALLBACK (on_changed_cb), &heard);

  app = dt_oauth_client_create_private (dt_service_get_db (service), "Events test", DT_TARGET_API,
                                        scopes, &secret, &grant_id, &error);
  g_assert_no_error (error);
  base = g_strdup_printf ("http://127.0.0.1:%u", dt_server_get_port (dt_service_get_server (service)));

  url = g_strconcat (base, "/oauth/token", NULL);
  form = g_strdup_printf ("grant_type=client_credentials&client_id=%s&client_secret=%s",
                          app->client_id, secret);
  token_reply = request (session, "POST", url, NULL, "application/x-www-form-urlencoded", form,
                         &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, token_reply, -1, &error));
  bearer = g_strconcat ("Bearer ", json_object_get_string_member (
                          json_node_get_object (json_parser_get_root (parser)), "access_token"),
                        NULL);

  g_free (url);
  url = g_strconcat (base, "/api/v1/clients", NULL);
  created = request (session, "POST", url, bearer, "application/json",
                     "{\"name\": \"Heard Ltd\", \"currency\": \"EUR\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (json_parser_load_from_data (parser, created, -1, &error));
  created_id = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                           "id");

  /* The server committed before answering, and announces after its commit: by now. */
  g_mutex_lock (&heard.lock);
  g_assert_cmpuint (heard.clients_heard, ==, 1);
  g_assert_cmpint (heard.last_id, ==, created_id);
  g_mutex_unlock (&heard.lock);

  g_signal_handler_disconnect (dt_db_get_events (dt_service_get_db (service)), handler);
  dt_service_stop (service);
  g_mutex_clear (&heard.lock);
}

static guint
get_status (SoupSession *session,
            const char  *url,
            GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, error);

  return reply != NULL ? soup_message_get_status (msg) : 0;
}

static void
test_switch_off_and_on (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dt-switch-XXXXXX", NULL);
  g_autoptr(DtService) service = dt_service_new (dir, 0);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_again = NULL;

  g_assert_true (dt_service_start (service, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/.well-known/oauth-authorization-server",
                         dt_service_get_port (service));
  g_assert_cmpuint (get_status (session, url, &error), ==, 200);
  g_assert_no_error (error);

  /* Off: nothing listens any more, and the store stays open for the window. */
  g_assert_true (dt_service_set_server_enabled (service, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (dt_service_get_server (service));
  g_assert_nonnull (dt_service_get_db (service));
  soup_session_abort (session);
  g_assert_cmpuint (get_status (session, url, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);

  /* On again: serving (on a fresh ephemeral port here, as asked for port 0). */
  g_assert_true (dt_service_set_server_enabled (service, TRUE, &error));
  g_assert_no_error (error);
  url_again = g_strdup_printf ("http://127.0.0.1:%u/.well-known/oauth-authorization-server",
                               dt_service_get_port (service));
  g_assert_cmpuint (get_status (session, url_again, &error), ==, 200);
  g_assert_no_error (error);

  dt_service_stop (service);
}

static void
test_starts_without_server (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dt-noserver-XXXXXX", NULL);
  g_autoptr(DtService) service = dt_service_new (dir, 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_service_set_server_enabled (service, FALSE, &error));
  g_assert_true (dt_service_start (service, &error));
  g_assert_no_error (error);
  g_assert_nonnull (dt_service_get_db (service));
  g_assert_null (dt_service_get_server (service));
  dt_service_stop (service);
}

static char *
backup_of_day (const char *dir,
               gint64      instant)
{
  g_autofree char *day = dt_time_local_date (instant);
  g_autofree char *name = g_strdup_printf ("doubletime-%s.db", day);

  return g_build_filename (dir, "backups", name, NULL);
}

static void
wait_for_file (const char *path)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < until)
    g_usleep (20 * 1000);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A service left running takes each day's backup, not only the first day's. */
static void
test_daily_backup_while_running (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dt-backup-XXXXXX", NULL);
  g_autoptr(DtService) service = dt_service_new (dir, 0);
  g_autoptr(GError) error = NULL;
  gint64 today = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *first = backup_of_day (dir, today);
  g_autofree char *second = backup_of_day (dir, today + 86400);

  g_assert_true (dt_service_set_server_enabled (service, FALSE, &error));
  g_assert_true (dt_service_start (service, &error));
  dt_service_schedule_daily_backup (service);
  wait_for_file (first);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));

  /* A day later the hourly check takes the next one (called here as its timer would, again
   * while the first day's may still be finishing). */
  dt_time_set_fake_now (today + 86400);
  for (int i = 0; i < 1500 && !g_file_test (second, G_FILE_TEST_EXISTS); i++)
    {
      dt_service_schedule_daily_backup (service);
      g_usleep (20 * 1000);
    }
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  dt_time_set_fake_now (0);
  dt_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/server-events/rest-write-is-heard", test_rest_write_is_heard);
  g_test_add_func ("/app/server/switch-off-and-on", test_switch_off_and_on);
  g_test_add_func ("/app/server/starts-without-server", test_starts_without_server);
  g_test_add_func ("/app/service/daily-backup-while-running", test_daily_backup_while_running);

  return g_test_run ();
}

/* test-guard.c: Host/Origin allowlists, the JSON depth scan and the /proc/net/tcp reader. */
#include <string.h>

#include "dt-server-guard.h"

static const struct
{
  const char *host;
  gboolean    allowed;
} hosts[] = {
  { "127.0.0.1:7313", TRUE },
  { "localhost:7313", TRUE },
  { "[::1]:7313", TRUE },
  { "localhost6:7313", FALSE },
  { "127.1:7313", FALSE },
  { "0177.0.0.1:7313", FALSE },
  { "2130706433:7313", FALSE },
  { "0x7f.0.0.1:7313", FALSE },
  { "[::ffff:127.0.0.1]:7313", FALSE },
  { "[0:0:0:0:0:0:0:1]:7313", FALSE },
  { "localhost.:7313", FALSE },
  { "LOCALHOST:7313", FALSE },
  { "evil.example:7313", FALSE },
  { "localhost.evil.example:7313", FALSE },
  { "10.0.2.555:7313", FALSE },
  { "127.0.0.1", FALSE },
  { "localhost", FALSE },
  { "127.0.0.1:7314", FALSE },
  { "127.0.0.1:07313", FALSE },
  { "127.0.0.1:7313 ", FALSE },
  { " 127.0.0.1:7313", FALSE },
  { "127.0.0.1:7313.", FALSE },
  { "user@127.0.0.1:7313", FALSE },
  { "", FALSE },
};

static const struct
{
  const char *origin;
  gboolean    allowed;
} origins[] = {
  { NULL, TRUE },
  { "http://127.0.0.1:7313", TRUE },
  { "http://localhost:7313", TRUE },
  { "http://[::1]:7313", TRUE },
  { "null", FALSE },
  { "", FALSE },
  { "http://evil.example", FALSE },
  { "https://127.0.0.1:7313", FALSE },
  { "http://127.0.0.1:7314", FALSE },
  { "http://127.0.0.1", FALSE },
  { "http://localhost6:7313", FALSE },
  { "http://127.0.0.1:7313/", FALSE },
  { "file://", FALSE },
};

static void
test_guard_hosts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_test_message ("Host: %s", hosts[i].host);
      g_assert_cmpint (dt_guard_host_allowed (hosts[i].host, 7313), ==, hosts[i].allowed);
    }
  g_assert_false (dt_guard_host_allowed (NULL, 7313));
  g_assert_false (dt_guard_host_allowed ("127.0.0.1:0", 0));
}

static void
test_guard_origins (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (origins); i++)
    {
      g_test_message ("Origin: %s", origins[i].origin ? origins[i].origin : "(none)");
      g_assert_cmpint (dt_guard_origin_allowed (origins[i].origin, 7313), ==,
                       origins[i].allowed);
    }
}

static void
test_guard_content_type (void)
{
  g_assert_true (dt_guard_content_type_is ("application/json", "application/json"));
  g_assert_true (dt_guard_content_type_is ("application/json; charset=utf-8", "application/json"));
  g_assert_true (dt_guard_content_type_is ("Application/JSON", "application/json"));
  g_assert_false (dt_guard_content_type_is ("application/jsonx", "application/json"));
  g_assert_false (dt_guard_content_type_is ("text/plain", "application/json"));
  g_assert_false (dt_guard_content_type_is (NULL, "application/json"));
}

static void
test_guard_proc_table (void)
{
  /* Client 127.0.0.1:50000 (0xC350) → server 127.0.0.1:7313 (0x1C91), uid 1000; and the
   * server's own row (uid 0) which must not be taken for the client's. */
  const char *table =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1C91 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
    "   1: 0100007F:C350 0100007F:1C91 01 00000000:00000000 00:00000000 00000000  1000        0 2 1\n";
  const guint8 lo[4] = { 127, 0, 0, 1 };
  uid_t uid = 42;

  g_assert_true (dt_guard_peer_uid_in_table (table, FALSE, lo, 50000, lo, 7313, &uid));
  g_assert_cmpuint (uid, ==, 1000);
  g_assert_true (dt_guard_peer_uid_in_table (table, FALSE, lo, 7313, lo, 50000, &uid));
  g_assert_cmpuint (uid, ==, 0);
  g_assert_false (dt_guard_peer_uid_in_table (table, FALSE, lo, 50001, lo, 7313, &uid));
  g_assert_false (dt_guard_peer_uid_in_table ("garbage\n1: zz\n", FALSE, lo, 1, lo, 2, &uid));
}

static void
test_guard_proc_table_v6 (void)
{
  const char *table =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000001000000:C350 00000000000000000000000001000000:1C91 01 00000000:00000000 00:00000000 00000000  1001        0 3 1\n";
  guint8 lo[16] = { 0 };
  uid_t uid = 0;

  lo[15] = 1;
  g_assert_true (dt_guard_peer_uid_in_table (table, TRUE, lo, 50000, lo, 7313, &uid));
  g_assert_cmpuint (uid, ==, 1001);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guard/hosts", test_guard_hosts);
  g_test_add_func ("/guard/origins", test_guard_origins);
  g_test_add_func ("/guard/content-type", test_guard_content_type);
  g_test_add_func ("/guard/proc-table", test_guard_proc_table);
  g_test_add_func ("/guard/proc-table-v6", test_guard_proc_table_v6);
  return g_test_run ();
}

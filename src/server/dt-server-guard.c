/* dt-server-guard.c: Host/Origin allowlists, JSON depth scan and the loopback peer-uid check. */
#define G_LOG_DOMAIN "dt-server"

#include "dt-server-guard.h"
#include "dt-error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

static gboolean
equals_one_of (const char *value,
               const char *prefix,
               guint       port)
{
  static const char *const hosts[] = { "127.0.0.1", "localhost", "[::1]" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s%s:%u", prefix, hosts[i], port);
      if (g_str_equal (value, expected))
        return TRUE;
    }
  return FALSE;
}

gboolean
dt_guard_host_allowed (const char *host,
                       guint       port)
{
  if (host == NULL || port == 0)
    return FALSE;
  return equals_one_of (host, "", port);
}

gboolean
dt_guard_origin_allowed (const char *origin,
                         guint       port)
{
  if (origin == NULL)
    return TRUE;
  if (port == 0)
    return FALSE;
  return equals_one_of (origin, "http://", port);
}

gboolean
dt_guard_content_type_is (const char *content_type,
                          const char *mime)
{
  gsize n;

  if (content_type == NULL || mime == NULL)
    return FALSE;
  n = strlen (mime);
  if (g_ascii_strncasecmp (content_type, mime, n) != 0)
    return FALSE;
  content_type += n;
  while (*content_type == ' ' || *content_type == '\t')
    content_type++;
  return *content_type == '\0' || *content_type == ';';
}

/* "0100007F:1CA9" → 4 (or 16) address bytes and a port. The kernel prints each 32-bit word of
 * the address as it lies in memory read as a native integer, so memcpy of the parsed word
 * gives back the original bytes on any endianness. */
static gboolean
parse_proc_address (const char *text,
                    gboolean    is_v6,
                    guint8     *addr,
                    guint16    *port)
{
  guint words = is_v6 ? 4 : 1;
  const char *p = text;

  for (guint w = 0; w < words; w++)
    {
      char hex[9];
      char *end = NULL;
      guint32 word;

      memcpy (hex, p, 8);
      hex[8] = '\0';
      for (int k = 0; k < 8; k++)
        if (!g_ascii_isxdigit (hex[k]))
          return FALSE;
      word = (guint32) strtoul (hex, &end, 16);
      memcpy (addr + 4 * w, &word, 4);
      p += 8;
    }
  if (*p != ':')
    return FALSE;
  p++;
  for (int k = 0; k < 4; k++)
    if (!g_ascii_isxdigit (p[k]))
      return FALSE;
  *port = (guint16) strtoul (p, NULL, 16);
  return TRUE;
}

gboolean
dt_guard_peer_uid_in_table (const char   *table,
                            gboolean      is_v6,
                            const guint8 *client_addr,
                            guint16       client_port,
                            const guint8 *server_addr,
                            guint16       server_port,
                            uid_t        *out_uid)
{
  g_auto(GStrv) lines = NULL;
  gsize addr_len = is_v6 ? 16 : 4;

  g_return_val_if_fail (table != NULL && out_uid != NULL, FALSE);

  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      /* sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid ... */
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      const char *cols[8];
      guint n = 0;
      guint8 local[16], remote[16];
      guint16 local_port, remote_port;
      char *end = NULL;
      guint64 uid;

      for (guint f = 0; fields[f] != NULL && n < G_N_ELEMENTS (cols); f++)
        if (*fields[f] != '\0')
          cols[n++] = fields[f];
      if (n < 8)
        continue;
      if (!parse_proc_address (cols[1], is_v6, local, &local_port) ||
          !parse_proc_address (cols[2], is_v6, remote, &remote_port))
        continue;
      if (local_port != client_port || remote_port != server_port ||
          memcmp (local, client_addr, addr_len) != 0 || memcmp (remote, server_addr, addr_len) != 0)
        continue;
      uid = g_ascii_strtoull (cols[7], &end, 10);
      if (end == cols[7] || *end != '\0')
        continue;
      *out_uid = (uid_t) uid;
      return TRUE;
    }
  return FALSE;
}

/* Asks the kernel about one socket through sock_diag (what `ss` uses): constant time, where
 * reading /proc/net/tcp costs milliseconds on a machine with thousands of sockets. */
static gboolean
lookup_uid_netlink (gboolean      is_v6,
                    const guint8 *client_addr,
                    guint16       client_port,
                    const guint8 *server_addr,
                    guint16       server_port,
                    uid_t        *out_uid)
{
  struct
  {
    struct nlmsghdr         header;
    struct inet_diag_req_v2 request;
  } message;
  union
  {
    struct nlmsghdr header;
    char            bytes[8192];
  } answer;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  gsize addr_len = is_v6 ? 16 : 4;
  gboolean found = FALSE;
  ssize_t n;
  int fd;

  fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    return FALSE;

  memset (&message, 0, sizeof message);
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST;
  message.request.sdiag_family = is_v6 ? AF_INET6 : AF_INET;
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = ~0U;
  message.request.id.idiag_sport = htons (client_port);
  message.request.id.idiag_dport = htons (server_port);
  memcpy (message.request.id.idiag_src, client_addr, addr_len);
  memcpy (message.request.id.idiag_dst, server_addr, addr_len);
  message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

  if (sendto (fd, &message, sizeof message, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    {
      close (fd);
      return FALSE;
    }
  do
    n = recv (fd, &answer, sizeof answer, 0);
  while (n < 0 && errno == EINTR);
  close (fd);

  if (n >= (ssize_t) NLMSG_LENGTH (sizeof (struct inet_diag_msg)) &&
      NLMSG_OK (&answer.header, (size_t) n) &&
      answer.header.nlmsg_type == SOCK_DIAG_BY_FAMILY)
    {
      const struct inet_diag_msg *diag = NLMSG_DATA (&answer.header);

      /* Make sure the kernel answered about the socket we asked for. */
      if (ntohs (diag->id.idiag_sport) == client_port &&
          ntohs (diag->id.idiag_dport) == server_port &&
          memcmp (diag->id.idiag_src, client_addr, addr_len) == 0)
        {
          *out_uid = diag->idiag_uid;
          found = TRUE;
        }
    }
  return found;
}

gboolean
dt_guard_lookup_peer_uid (GSocketAddress  *local,
                          GSocketAddress  *remote,
                          uid_t           *out_uid,
                          GError         **error)
{
  GInetAddress *local_ip, *remote_ip;
  gboolean is_v6;
  g_autofree char *table = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FORBIDDEN, "The connection is not a TCP connection");
      return FALSE;
    }
  local_ip = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  remote_ip = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  is_v6 = g_inet_address_get_family (remote_ip) == G_SOCKET_FAMILY_IPV6;
  if (g_inet_address_get_family (local_ip) != g_inet_address_get_family (remote_ip) ||
      !g_inet_address_get_is_loopback (remote_ip))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FORBIDDEN,
                   "The connection does not come from this computer's loopback interface");
      return FALSE;
    }

  if (lookup_uid_netlink (is_v6, g_inet_address_to_bytes (remote_ip),
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)),
                          g_inet_address_to_bytes (local_ip),
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)),
                          out_uid))
    return TRUE;

  /* Where sock_diag is not available, the same record in text form. */
  if (!g_file_get_contents (is_v6 ? "/proc/net/tcp6" : "/proc/net/tcp", &table, NULL,
                            &local_error))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FORBIDDEN,
                   "Could not find who opened the connection: %s", local_error->message);
      return FALSE;
    }

  if (!dt_guard_peer_uid_in_table (table, is_v6,
                                   g_inet_address_to_bytes (remote_ip),
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)),
                                   g_inet_address_to_bytes (local_ip),
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)),
                                   out_uid))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_FORBIDDEN,
                   "Could not find who opened the connection in the kernel's socket table");
      return FALSE;
    }
  return TRUE;
}

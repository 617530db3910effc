/* dt-server-guard.h: the checks every request passes before any handler sees it. */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define DT_SERVER_MAX_BODY       (1024 * 1024)
#define DT_SERVER_MAX_JSON_DEPTH 64

/* TRUE when @host is exactly "127.0.0.1:PORT", "localhost:PORT" or "[::1]:PORT". No address is
 * parsed: DNS-rebinding bypasses live in parsers (localhost6, 127.1, 0177.0.0.1, localhost.). */
gboolean  dt_guard_host_allowed       (const char *host,
                                       guint       port);

/* TRUE when @origin is absent (NULL), or exactly one of our own origins
 * ("http://127.0.0.1:PORT", "http://localhost:PORT", "http://[::1]:PORT"), which no page but
 * ours can carry. Anything else, "null" included, is refused. */
gboolean  dt_guard_origin_allowed     (const char *origin,
                                       guint       port);

/* TRUE when the media type of a Content-Type header value is @mime (parameters ignored,
 * case-insensitive). */
gboolean  dt_guard_content_type_is    (const char *content_type,
                                       const char *mime);

/* Finds the uid owning the client end of a loopback TCP connection in the text of
 * /proc/net/tcp (@is_v6 FALSE) or /proc/net/tcp6: the row whose local address is @client_addr
 * (4 or 16 bytes) : @client_port and whose remote address is @server_addr : @server_port. */
gboolean  dt_guard_peer_uid_in_table  (const char   *table,
                                       gboolean      is_v6,
                                       const guint8 *client_addr,
                                       guint16       client_port,
                                       const guint8 *server_addr,
                                       guint16       server_port,
                                       uid_t        *out_uid);

/* The uid of the process that opened the connection from @remote to @local, asked of the
 * kernel through sock_diag netlink, else looked up in /proc/net/tcp or tcp6. FALSE with
 * @error when it cannot be found.
 *
 * Why: every user of the machine can reach 127.0.0.1, so a loopback server is shared by all of
 * them. The kernel records the owner of each socket; the row whose local end is the client's
 * address and port names the uid that connected. The server refuses any uid but its own, and
 * refuses when the row cannot be found (fail closed). The answer is cached per connection.
 * Limits: the check sees the network namespace the server runs in (a Flatpak with
 * --share=network sees the host's); a process of the same user is trusted as the user is. */
gboolean  dt_guard_lookup_peer_uid    (GSocketAddress  *local,
                                       GSocketAddress  *remote,
                                       uid_t           *out_uid,
                                       GError         **error);

G_END_DECLS

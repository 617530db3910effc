/* dt-secrets.h: the SMTP password in the user's keyring (Secret Service), never in the database. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords are keyed by SMTP host and user name, under the schema
 * "io.github.doubletime.DoubleTime.Smtp" (attributes "host" and "user"), so changing the
 * server or the account never hands an old password to a new server.
 *
 * A looked-up password is returned in memory that dt_secrets_password_free() wipes; it is
 * NULL with no error when the keyring holds none. Keyring failures (no Secret Service,
 * locked and not unlocked) are DT_ERROR_UNAVAILABLE; cancellation is G_IO_ERROR_CANCELLED.
 * Nothing here logs a password. */

gboolean  dt_secrets_store_smtp_password_sync   (const char          *host,
                                                 const char          *user,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
char     *dt_secrets_lookup_smtp_password_sync  (const char          *host,
                                                 const char          *user,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* TRUE when a password was removed or there was none. */
gboolean  dt_secrets_clear_smtp_password_sync   (const char          *host,
                                                 const char          *user,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

void      dt_secrets_store_smtp_password_async  (const char          *host,
                                                 const char          *user,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean  dt_secrets_store_smtp_password_finish (GAsyncResult        *result,
                                                 GError             **error);
void      dt_secrets_lookup_smtp_password_async (const char          *host,
                                                 const char          *user,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char     *dt_secrets_lookup_smtp_password_finish (GAsyncResult       *result,
                                                  GError            **error);
void      dt_secrets_clear_smtp_password_async  (const char          *host,
                                                 const char          *user,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean  dt_secrets_clear_smtp_password_finish (GAsyncResult        *result,
                                                 GError             **error);

/* Wipes and frees a password from the lookups; NULL is fine. */
void      dt_secrets_password_free              (char                *password);

/* g_autoptr(DtSecretPassword) password = dt_secrets_lookup_smtp_password_sync (…); */
typedef char DtSecretPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSecretPassword, dt_secrets_password_free)

G_END_DECLS

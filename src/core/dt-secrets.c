/* dt-secrets.c: SMTP passwords through libsecret's simple password API. */
#define G_LOG_DOMAIN "dt-secrets"

#include "config.h"

#include "dt-secrets.h"
#include "dt-error.h"

#include <libsecret/secret.h>
#include <string.h>

static const SecretSchema *
smtp_schema (void)
{
  static const SecretSchema schema = {
    "io.github.doubletime.DoubleTime.Smtp", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Keyring faults become DT_ERROR_UNAVAILABLE with a sentence a person can act on;
 * cancellation stays G_IO_ERROR_CANCELLED so callers can ignore it. */
static gboolean
propagate (GError     *error,
           GError    **dest,
           const char *what)
{
  if (error == NULL)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (dest, error);
  else
    {
      g_set_error (dest, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   "could not %s the SMTP password in the keyring: %s", what, error->message);
      g_error_free (error);
    }
  return FALSE;
}

static gboolean
check_keys (const char  *host,
            const char  *user,
            GError     **error)
{
  if (host == NULL || *host == '\0' || user == NULL || *user == '\0')
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "the SMTP password is kept per server and user name; both are needed");
      return FALSE;
    }
  return TRUE;
}

static char *
make_label (const char *host,
            const char *user)
{
  return g_strdup_printf ("DoubleTime e-mail password for %s on %s", user, host);
}

gboolean
dt_secrets_store_smtp_password_sync (const char    *host,
                                     const char    *user,
                                     const char    *password,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!check_keys (host, user, error))
    return FALSE;
  label = make_label (host, user);
  secret_password_store_sync (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                              cancellable, &local_error, "host", host, "user", user, NULL);
  return propagate (local_error, error, "store");
}

char *
dt_secrets_lookup_smtp_password_sync (const char    *host,
                                      const char    *user,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  GError *local_error = NULL;
  char *password;

  if (!check_keys (host, user, error))
    return NULL;
  password = secret_password_lookup_sync (smtp_schema (), cancellable, &local_error,
                                          "host", host, "user", user, NULL);
  if (!propagate (local_error, error, "read"))
    return NULL;
  return password;
}

gboolean
dt_secrets_clear_smtp_password_sync (const char    *host,
                                     const char    *user,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  GError *local_error = NULL;

  if (!check_keys (host, user, error))
    return FALSE;
  secret_password_clear_sync (smtp_schema (), cancellable, &local_error,
                              "host", host, "user", user, NULL);
  return propagate (local_error, error, "remove");
}

/* The async forms wrap libsecret's in a GTask of our own so errors are translated the same
 * way and the source tag identifies the call. */

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL, *translated = NULL;

  secret_password_store_finish (result, &error);
  if (propagate (error, &translated, "store"))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, translated);
}

void
dt_secrets_store_smtp_password_async (const char          *host,
                                      const char          *user,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;
  GError *error = NULL;

  g_return_if_fail (password != NULL);

  g_task_set_source_tag (task, dt_secrets_store_smtp_password_async);
  if (!check_keys (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  label = make_label (host, user);
  secret_password_store (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         stored_cb, g_steal_pointer (&task), "host", host, "user", user, NULL);
}

gboolean
dt_secrets_store_smtp_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL, *translated = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (propagate (error, &translated, "read"))
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
  else
    g_task_return_error (task, translated);
}

void
dt_secrets_lookup_smtp_password_async (const char          *host,
                                       const char          *user,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, dt_secrets_lookup_smtp_password_async);
  if (!check_keys (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  secret_password_lookup (smtp_schema (), cancellable, looked_up_cb, g_steal_pointer (&task),
                          "host", host, "user", user, NULL);
}

char *
dt_secrets_lookup_smtp_password_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL, *translated = NULL;

  secret_password_clear_finish (result, &error);
  if (propagate (error, &translated, "remove"))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, translated);
}

void
dt_secrets_clear_smtp_password_async (const char          *host,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, dt_secrets_clear_smtp_password_async);
  if (!check_keys (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  secret_password_clear (smtp_schema (), cancellable, cleared_cb, g_steal_pointer (&task),
                         "host", host, "user", user, NULL);
}

gboolean
dt_secrets_clear_smtp_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dt_secrets_password_free (char *password)
{
  secret_password_free (password);
}

/* dt-invoice-sending.c: e-mails an invoice with its PDF (and the e-invoice its client
 * prefers) and issues it once accepted. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoice-sending.h"
#include "dt-einvoice-file.h"
#include "dt-error.h"
#include "dt-invoice-pdf.h"
#include "dt-invoicing.h"
#include "dt-profile-store.h"
#include "dt-settings-store.h"

#include <string.h>

/* The invoices being sent, as "database path#id": the window, REST and MCP each have their
 * own connection, and two sends of one draft would e-mail it twice before either commits. */
static GMutex sending_lock;
static GHashTable *sending;

typedef struct
{
  DtDb             *db;
  char             *sending_key;  /* held in @sending until the send is recorded */
  DtSendPlan       *plan;
  DtMailerSettings *settings;
  char             *password;
  char             *greeting;
  char            **to;
  DtEinvoiceFile   *einvoice;     /* what the client wants besides the PDF, or NULL */
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->db);
  g_free (data->sending_key);
  g_clear_pointer (&data->plan, dt_send_plan_free);
  g_clear_pointer (&data->settings, dt_mailer_settings_free);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->greeting);
  g_strfreev (data->to);
  g_clear_pointer (&data->einvoice, dt_einvoice_file_free);
  g_free (data);
}

DtMailerSettings *
dt_invoicing_mailer_settings (DtDb    *db,
                              GError **error)
{
  g_autoptr(DtMailerSettings) settings = dt_mailer_settings_new ();
  g_autoptr(DtProfile) profile = NULL;
  g_autofree char *security = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  settings->host = dt_settings_get (db, DT_SETTING_SMTP_HOST, NULL);
  if (settings->host == NULL || settings->host[0] == '\0')
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "no SMTP server is set up; add one in Preferences → E-mail (%s)",
                   DT_SETTING_SMTP_HOST);
      return NULL;
    }
  settings->port = (guint16) dt_settings_get_int (db, DT_SETTING_SMTP_PORT, 0);
  security = dt_settings_get (db, DT_SETTING_SMTP_SECURITY, NULL);
  settings->security = g_strcmp0 (security, "tls") == 0 ? DT_SMTP_SECURITY_TLS
                       : g_strcmp0 (security, "none") == 0 ? DT_SMTP_SECURITY_NONE
                       : DT_SMTP_SECURITY_STARTTLS;
  settings->username = dt_settings_get (db, DT_SETTING_SMTP_USER, NULL);
  settings->from_address = dt_settings_get (db, DT_SETTING_SMTP_FROM, NULL);
  profile = dt_profile_store_get (db, NULL);
  if (profile != NULL)
    {
      if (settings->from_address == NULL || settings->from_address[0] == '\0')
        {
          g_free (settings->from_address);
          settings->from_address = g_strdup (profile->email);
        }
      settings->from_name = g_strdup (profile->business_name[0] ? profile->business_name
                                                                : profile->name);
    }
  if (!dt_mailer_settings_validate (settings, error))
    return NULL;
  return g_steal_pointer (&settings);
}

static void
send_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SendData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(DtMailMessage) message = NULL;
  DtInvoiceDocument *doc = data->plan->document;

  pdf = dt_invoice_pdf_render (doc, DT_PAPER_AUTO, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Factur-X in place of the PDF, XRechnung beside it. */
  if (data->einvoice != NULL && !dt_einvoice_file_carry (data->einvoice, pdf, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->einvoice != NULL && data->einvoice->format == DT_EINVOICE_FILE_FACTURX)
    {
      g_bytes_unref (pdf);
      pdf = g_bytes_ref (data->einvoice->data);
    }
  message = dt_mail_message_new_for_invoice (doc, pdf, data->greeting);
  if (data->einvoice != NULL && data->einvoice->format != DT_EINVOICE_FILE_FACTURX)
    {
      message->extra_attachment = g_bytes_ref (data->einvoice->data);
      message->extra_attachment_name = g_strdup (data->einvoice->file_name);
      message->extra_attachment_type = g_strdup (data->einvoice->content_type);
    }
  g_strfreev (message->to);
  message->to = g_strdupv (data->to);
  if (!dt_mailer_send_sync (data->settings, data->password, message, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
claim_send (SendData  *data,
            gint64     invoice_id,
            GError   **error)
{
  g_autofree char *key = g_strdup_printf ("%s#%" G_GINT64_FORMAT, dt_db_get_path (data->db),
                                          invoice_id);
  gboolean claimed;

  g_mutex_lock (&sending_lock);
  if (sending == NULL)
    sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  claimed = g_hash_table_add (sending, g_strdup (key));
  g_mutex_unlock (&sending_lock);
  if (!claimed)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "invoice %" G_GINT64_FORMAT " is being sent already; wait for that to "
                   "finish", invoice_id);
      return FALSE;
    }
  data->sending_key = g_steal_pointer (&key);
  return TRUE;
}

static void
release_send (SendData *data)
{
  g_mutex_lock (&sending_lock);
  g_hash_table_remove (sending, data->sending_key);
  g_mutex_unlock (&sending_lock);
  g_clear_pointer (&data->sending_key, g_free);
}

static void
on_mail_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SendData *data = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) record_error = NULL;
  DtInvoice *invoice;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!dt_invoicing_record_send_failure (data->db, data->plan->invoice_id, error->message,
                                             &record_error))
        g_warning ("Could not record why invoice %" G_GINT64_FORMAT " was not sent: %s",
                   data->plan->invoice_id, record_error->message);
      release_send (data);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  {
    g_autofree char *sent_to = g_strjoinv (", ", data->to);
    invoice = dt_invoicing_commit_send (data->db, data->plan, sent_to, &error);
  }
  if (invoice == NULL)
    {
      /* The server has the message but the number moved: say so on the draft, never hide it. */
      g_autofree char *reason = g_strdup_printf ("the e-mail was sent as %s, but it could not be "
                                                 "issued: %s", data->plan->number,
                                                 error->message);
      dt_invoicing_record_send_failure (data->db, data->plan->invoice_id, reason, NULL);
      release_send (data);
      g_task_return_new_error (outer, DT_ERROR, error->code, "%s", reason);
      return;
    }
  release_send (data);
  g_task_return_pointer (outer, invoice, (GDestroyNotify) dt_invoice_free);
}

void
dt_invoicing_send_async (DtDb                *db,
                         gint64               invoice_id,
                         const char * const  *recipients,
                         const char          *greeting,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  SendData *data;

  g_return_if_fail (DT_IS_DB (db));

  outer = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (outer, dt_invoicing_send_async);
  data = g_new0 (SendData, 1);
  data->db = g_object_ref (db);
  g_task_set_task_data (outer, data, (GDestroyNotify) send_data_free);

  data->plan = dt_invoicing_prepare_send (db, invoice_id, &error);
  if (data->plan != NULL)
    data->settings = dt_invoicing_mailer_settings (db, &error);
  if (data->plan == NULL || data->settings == NULL)
    {
      if (data->plan != NULL)
        dt_invoicing_record_send_failure (db, invoice_id, error->message, NULL);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (recipients != NULL && recipients[0] != NULL)
    data->to = g_strdupv ((char **) recipients);
  else if (data->plan->document->bill_to.emails != NULL &&
           data->plan->document->bill_to.emails[0] != NULL)
    data->to = g_strdupv (data->plan->document->bill_to.emails);
  for (guint i = 0; data->to != NULL && data->to[i] != NULL; i++)
    if (!dt_mailer_address_valid (data->to[i]))
      {
        g_task_return_new_error (outer, DT_ERROR, DT_ERROR_INVALID,
                                 "“%s” is not an e-mail address", data->to[i]);
        return;
      }
  if (data->to == NULL)
    {
      g_task_return_new_error (outer, DT_ERROR, DT_ERROR_INVALID,
                               "the client of invoice %" G_GINT64_FORMAT " has no billing "
                               "e-mail address; add one or name the recipients", invoice_id);
      return;
    }
  /* An e-invoice that would be invalid is not sent, and nothing is recorded: the draft
   * needs fixing, not another try. */
  if (!dt_einvoice_file_prepare_sending (db, invoice_id, &data->einvoice, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (!claim_send (data, invoice_id, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  data->password = g_strdup (password);
  data->greeting = g_strdup (greeting);

  inner = g_task_new (NULL, cancellable, on_mail_sent_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, NULL);
  g_task_run_in_thread (inner, send_in_thread);
}

DtInvoice *
dt_invoicing_send_finish (DtDb          *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

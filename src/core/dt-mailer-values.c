/* dt-mailer-values.c: SMTP settings and their checks, and messages, an invoice's among them. */
#define G_LOG_DOMAIN "dt-mailer"

#include "config.h"

#include "dt-mailer-private.h"
#include "dt-error.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

DtMailerSettings *
dt_mailer_settings_new (void)
{
  DtMailerSettings *settings = g_new0 (DtMailerSettings, 1);

  settings->security = DT_SMTP_SECURITY_STARTTLS;
  return settings;
}

DtMailerSettings *
dt_mailer_settings_copy (const DtMailerSettings *settings)
{
  DtMailerSettings *copy;

  g_return_val_if_fail (settings != NULL, NULL);

  copy = g_memdup2 (settings, sizeof *settings);
  copy->host = g_strdup (settings->host);
  copy->username = g_strdup (settings->username);
  copy->from_address = g_strdup (settings->from_address);
  copy->from_name = g_strdup (settings->from_name);
  copy->ca_file = g_strdup (settings->ca_file);
  return copy;
}

void
dt_mailer_settings_free (DtMailerSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->host);
  g_free (settings->username);
  g_free (settings->from_address);
  g_free (settings->from_name);
  g_free (settings->ca_file);
  g_free (settings);
}

guint16
dt_mailer_settings_get_port (const DtMailerSettings *settings)
{
  g_return_val_if_fail (settings != NULL, 0);

  if (settings->port != 0)
    return settings->port;
  switch (settings->security)
    {
    case DT_SMTP_SECURITY_TLS:
      return 465;
    case DT_SMTP_SECURITY_STARTTLS:
      return 587;
    case DT_SMTP_SECURITY_NONE:
    default:
      return 25;
    }
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
dt_mailer_address_valid (const char *address)
{
  const char *at;

  if (!dt_mailer_has_text (address) || strlen (address) > 254 ||
      !g_utf8_validate (address, -1, NULL))
    return FALSE;
  /* No characters that could end a header or an SMTP command, or wrap the address. */
  for (const char *p = address; *p; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ' || *p == '<' || *p == '>' || *p == ',' ||
        *p == ';' || *p == '"' || *p == '(' || *p == ')' || *p == '\\')
      return FALSE;
  at = strrchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && strchr (address, '@') == at &&
         at[1] != '.' && address[strlen (address) - 1] != '.';
}

static gboolean
valid_host (const char *host)
{
  if (!dt_mailer_has_text (host) || strlen (host) > 253)
    return FALSE;
  for (const char *p = host; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == ':' || *p == '_'))
      return FALSE;
  return TRUE;
}

gboolean
dt_mailer_settings_validate (const DtMailerSettings  *settings,
                             GError                 **error)
{
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!valid_host (settings->host))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s” is not an SMTP server name; use a host name such as smtp.example.com",
                   settings->host ? settings->host : "");
      return FALSE;
    }
  if (settings->security > DT_SMTP_SECURITY_TLS)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "unknown SMTP security %d; use none, STARTTLS or TLS", settings->security);
      return FALSE;
    }
  /* A password or an invoice must never cross a network in the clear. */
  if (settings->security == DT_SMTP_SECURITY_NONE && !is_loopback_host (settings->host))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "unencrypted SMTP is only allowed to this computer (127.0.0.1, ::1 or "
                   "localhost), not to “%s”; choose STARTTLS or TLS",
                   settings->host);
      return FALSE;
    }
  if (!dt_mailer_address_valid (settings->from_address))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s” is not a sender address; write it like name@example.com",
                   settings->from_address ? settings->from_address : "");
      return FALSE;
    }
  if (settings->from_name != NULL &&
      (strpbrk (settings->from_name, "\r\n") != NULL ||
       !g_utf8_validate (settings->from_name, -1, NULL)))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "the sender name must be one line of text");
      return FALSE;
    }
  if (dt_mailer_has_text (settings->ca_file) &&
      !g_file_test (settings->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the certificate file “%s” does not exist", settings->ca_file);
      return FALSE;
    }
  if (settings->username != NULL && strpbrk (settings->username, "\r\n") != NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "the SMTP user name must be one line of text");
      return FALSE;
    }
  return TRUE;
}

DtMailMessage *
dt_mail_message_new (void)
{
  return g_new0 (DtMailMessage, 1);
}

DtMailMessage *
dt_mail_message_copy (const DtMailMessage *message)
{
  DtMailMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = dt_mail_message_new ();
  copy->to = g_strdupv (message->to);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  copy->attachment = message->attachment ? g_bytes_ref (message->attachment) : NULL;
  copy->attachment_name = g_strdup (message->attachment_name);
  copy->attachment_type = g_strdup (message->attachment_type);
  copy->extra_attachment = message->extra_attachment ? g_bytes_ref (message->extra_attachment)
                                                     : NULL;
  copy->extra_attachment_name = g_strdup (message->extra_attachment_name);
  copy->extra_attachment_type = g_strdup (message->extra_attachment_type);
  return copy;
}

void
dt_mail_message_free (DtMailMessage *message)
{
  if (message == NULL)
    return;
  g_strfreev (message->to);
  g_free (message->subject);
  g_free (message->body);
  g_clear_pointer (&message->attachment, g_bytes_unref);
  g_free (message->attachment_name);
  g_free (message->attachment_type);
  g_clear_pointer (&message->extra_attachment, g_bytes_unref);
  g_free (message->extra_attachment_name);
  g_free (message->extra_attachment_type);
  g_free (message);
}

DtMailMessage *
dt_mail_message_new_for_invoice (const DtInvoiceDocument *doc,
                                 GBytes                  *pdf,
                                 const char              *greeting)
{
  DtMailMessage *message;
  g_autofree char *text = NULL;
  g_autofree char *default_greeting = NULL;
  const char *seller;

  g_return_val_if_fail (doc != NULL, NULL);

  seller = dt_invoice_document_seller_title (doc);
  message = dt_mail_message_new ();
  message->to = g_strdupv (doc->bill_to.emails);
  if (dt_mailer_has_text (seller))
    /* Translators: an e-mail subject, e.g. "Invoice INV-2026-0042 from Lindqvist Design". */
    message->subject = g_strdup_printf (_("%s %s from %s"), dt_invoice_document_title (doc),
                                        dt_invoice_document_display_number (doc), seller);
  else
    message->subject = g_strdup_printf ("%s %s", dt_invoice_document_title (doc),
                                        dt_invoice_document_display_number (doc));

  if (greeting == NULL)
    {
      if (doc->kind == DT_INVOICE_KIND_CREDIT_NOTE)
        default_greeting = g_strdup_printf (_("Hello,\n\nPlease find credit note %s attached "
                                              "as a PDF; its details follow below.\n\n"
                                              "Kind regards,\n%s"),
                                            dt_invoice_document_display_number (doc), seller);
      else
        default_greeting = g_strdup_printf (_("Hello,\n\nPlease find invoice %s attached "
                                              "as a PDF; its details follow below.\n\n"
                                              "Kind regards,\n%s"),
                                            dt_invoice_document_display_number (doc), seller);
      greeting = default_greeting;
    }
  text = dt_invoice_text_render (doc, 72);
  message->body = g_strdup_printf ("%s\n\n\n%s", greeting, text);

  if (pdf != NULL)
    {
      message->attachment = g_bytes_ref (pdf);
      message->attachment_name = dt_invoice_pdf_file_name (doc);
      message->attachment_type = g_strdup ("application/pdf");
    }
  return message;
}

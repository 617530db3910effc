/* dt-mailer.h: sending e-mail (an invoice with its PDF, a test message) through SMTP with libcurl. */
#pragma once

#include <gio/gio.h>

#include "dt-invoice-document.h"

G_BEGIN_DECLS

typedef enum
{
  DT_SMTP_SECURITY_NONE,      /* plain SMTP: refused for anything but a loopback host */
  DT_SMTP_SECURITY_STARTTLS,  /* smtp:// upgraded with STARTTLS, required (port 587) */
  DT_SMTP_SECURITY_TLS,       /* smtps://, TLS from the first byte (port 465) */
} DtSmtpSecurity;

typedef struct
{
  char           *host;
  guint16         port;             /* 0 → 587 for STARTTLS, 465 for TLS, 25 for none */
  DtSmtpSecurity  security;
  char           *username;         /* NULL or "" → no authentication */
  char           *from_address;     /* "maja@lindqvist.example" */
  char           *from_name;        /* optional display name, any script */
  guint           timeout_seconds;  /* whole conversation; 0 → 60 */
  char           *ca_file;          /* optional PEM file of CAs to trust for a server with a
                                     * private certificate; NULL → the system's store */
} DtMailerSettings;

typedef struct
{
  char   **to;                  /* NULL-terminated addresses */
  char    *subject;             /* any script; encoded as RFC 2047 when not ASCII */
  char    *body;                /* text/plain, UTF-8 */
  GBytes  *attachment;          /* optional */
  char    *attachment_name;     /* "INV-2026-0001.pdf" */
  char    *attachment_type;     /* "application/pdf" */
  /* A second file after the first, optional: an XRechnung XML beside the invoice PDF. */
  GBytes  *extra_attachment;
  char    *extra_attachment_name;
  char    *extra_attachment_type;
} DtMailMessage;

DtMailerSettings *dt_mailer_settings_new      (void);
DtMailerSettings *dt_mailer_settings_copy     (const DtMailerSettings *settings);
void              dt_mailer_settings_free     (DtMailerSettings       *settings);
/* The port that will be used (the default for the security when port is 0). */
guint16           dt_mailer_settings_get_port (const DtMailerSettings *settings);
/* Checks host, port, addresses and that plain SMTP only goes to a loopback host;
 * DT_ERROR_INVALID naming the bad value and what is accepted. */
gboolean          dt_mailer_settings_validate (const DtMailerSettings *settings,
                                               GError                **error);

DtMailMessage    *dt_mail_message_new         (void);
DtMailMessage    *dt_mail_message_copy        (const DtMailMessage    *message);
void              dt_mail_message_free        (DtMailMessage          *message);
/* An invoice e-mail: to the client's addresses, subject "Invoice INV-… from …", the plain-text
 * rendering as the body after an optional @greeting, and @pdf attached. */
DtMailMessage    *dt_mail_message_new_for_invoice (const DtInvoiceDocument *doc,
                                                   GBytes                  *pdf,
                                                   const char              *greeting);

/* TRUE when @address looks like a deliverable mailbox ("local@domain", no spaces, no
 * header-breaking characters). */
gboolean          dt_mailer_address_valid     (const char             *address);

/* Sends @message. @password is the SMTP password; when it is NULL and the settings have a
 * user name, it is read from the keyring (dt-secrets). Blocks: call it from a worker
 * thread, or use the async form. Errors: DT_ERROR_INVALID for bad settings or message,
 * DT_ERROR_UNAVAILABLE when the server cannot be reached or refuses (with the server's
 * reason, e.g. "the SMTP server refused the recipient nobody@example.com: 550 …"),
 * G_IO_ERROR_CANCELLED. The message was accepted by the server only when TRUE. */
gboolean          dt_mailer_send_sync         (const DtMailerSettings *settings,
                                               const char             *password,
                                               const DtMailMessage    *message,
                                               GCancellable           *cancellable,
                                               GError                **error);
/* The same in a worker thread; settings, password and message are copied first. */
void              dt_mailer_send_async        (const DtMailerSettings *settings,
                                               const char             *password,
                                               const DtMailMessage    *message,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean          dt_mailer_send_finish       (GAsyncResult           *result,
                                               GError                **error);

/* A short message to @to (NULL → the from address) to check the settings end to end. */
void              dt_mailer_send_test_message_async  (const DtMailerSettings *settings,
                                                      const char             *password,
                                                      const char             *to,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean          dt_mailer_send_test_message_finish (GAsyncResult           *result,
                                                      GError                **error);

/* Builds the RFC 2047 form of a header value: unchanged when ASCII, else UTF-8 "B"
 * encoded words of at most 75 characters, whole characters each. Exposed for tests. */
char             *dt_mailer_encode_header     (const char             *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMailerSettings, dt_mailer_settings_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtMailMessage, dt_mail_message_free)

G_END_DECLS

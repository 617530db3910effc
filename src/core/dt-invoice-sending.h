/* dt-invoice-sending.h: e-mails an invoice with its PDF and issues it only when the SMTP
 * server accepted it — the one send flow the window, REST and MCP all use. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"
#include "dt-invoice-store.h"
#include "dt-mailer.h"

G_BEGIN_DECLS

/* The SMTP settings stored in the "smtp.*" settings, the sender named after the business
 * profile. DT_ERROR_INVALID naming what is missing when no server is configured. */
DtMailerSettings *dt_invoicing_mailer_settings (DtDb                *db,
                                                GError             **error);

/*
 * Sends draft @invoice_id:
 *   1. in the calling thread: dt_invoicing_prepare_send (the number it will get, the
 *      document exactly as it will be issued) and the e-invoice the client prefers
 *      (dt_einvoice_file_prepare_sending: an invoice not ready as one is refused with
 *      DT_ERROR_CONFLICT listing what is missing, and nothing is recorded) — reads only, no
 *      transaction held;
 *   2. in a worker thread: the PDF (dt-invoice-pdf, paper from the currency), made Factur-X
 *      or followed by the XRechnung XML as the client prefers, the message (dt-mailer: the
 *      plain-text rendering as body after @greeting, the files attached) and the SMTP
 *      conversation;
 *   3. back in the calling thread's main context: accepted → dt_invoicing_commit_send
 *      (number taken, status sent, recipients recorded); failed or cancelled →
 *      dt_invoicing_record_send_failure: it stays a draft and keeps the reason.
 * @recipients NULL sends to the client's billing addresses. @password NULL reads the SMTP
 * password from the keyring (when a user name is set). @db must only be used from the
 * calling thread, as always.
 */
void              dt_invoicing_send_async      (DtDb                *db,
                                                gint64               invoice_id,
                                                const char * const  *recipients,
                                                const char          *greeting,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* The issued invoice, or NULL with the reason (the invoice then stays a draft). */
DtInvoice        *dt_invoicing_send_finish     (DtDb                *db,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS

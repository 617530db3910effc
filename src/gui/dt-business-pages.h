/* dt-business-pages.h: the Preferences pages that configure the business: profile, billing
 * (numbering, terms, taxes) and e-mail (SMTP, the password in the keyring, a test message). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

AdwPreferencesPage *dt_profile_page_new  (DtDb *db);
AdwPreferencesPage *dt_billing_page_new  (DtDb *db);
AdwPreferencesPage *dt_email_page_new    (DtDb *db);

/* Makes @file (PNG, JPEG or any image GdkPixbuf reads) the logo on @page
 * (dt_profile_page_new), as choosing it there does: read on a worker thread, kept as a PNG
 * at most 600 pixels a side, upright; a toast says it was saved, or why it was not. */
void                dt_profile_page_use_logo_file        (AdwPreferencesPage  *page,
                                                          GFile               *file,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            dt_profile_page_use_logo_file_finish (AdwPreferencesPage  *page,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS

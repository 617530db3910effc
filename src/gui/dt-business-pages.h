/* dt-business-pages.h: the Preferences pages that configure the business: profile, billing
 * (numbering, terms, taxes) and e-mail (SMTP, the password in the keyring, a test message). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

AdwPreferencesPage *dt_profile_page_new  (DtDb *db);
AdwPreferencesPage *dt_billing_page_new  (DtDb *db);
AdwPreferencesPage *dt_email_page_new    (DtDb *db);

/* The logo the profile keeps for @file (PNG, JPEG or any image GdkPixbuf reads): a PNG at
 * most 600 pixels a side, upright. */
GBytes             *dt_logo_png_from_file (GFile   *file,
                                           GError **error);
/* What choosing @file as the logo on @page (dt_profile_page_new) does: saves it, or says in
 * a toast why it cannot. */
void                dt_profile_page_use_logo_file (AdwPreferencesPage *page,
                                                   GFile              *file);

G_END_DECLS

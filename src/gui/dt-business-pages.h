/* dt-business-pages.h: the Preferences pages that configure the business: profile, billing
 * (numbering, terms, taxes) and e-mail (SMTP, the password in the keyring, a test message). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

AdwPreferencesPage *dt_profile_page_new  (DtDb *db);
AdwPreferencesPage *dt_billing_page_new  (DtDb *db);
AdwPreferencesPage *dt_email_page_new    (DtDb *db);

G_END_DECLS

/* dt-consent-dialog.h: asks the user whether an app may access DoubleTime, with which scopes. */
#pragma once

#include <adwaita.h>

#include "dt-scopes.h"

G_BEGIN_DECLS

#define DT_TYPE_CONSENT_DIALOG (dt_consent_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DtConsentDialog, dt_consent_dialog, DT, CONSENT_DIALOG, AdwMessageDialog)

/* How long Allow stays insensitive after the dialog appears, so a click or a key press meant
 * for another window cannot approve by accident. */
#define DT_CONSENT_ALLOW_DELAY_MS 1500

/* @scopes are the requested scopes (normalised); @redirect_uri is where the browser returns. */
DtConsentDialog *dt_consent_dialog_new            (GtkWindow          *parent,
                                                   const char         *app_name,
                                                   const char         *redirect_uri,
                                                   DtTarget            target,
                                                   const char * const *scopes);
/* The scopes left ticked; what "allow" grants. */
GStrv            dt_consent_dialog_get_granted    (DtConsentDialog    *self);
/* Ticks or unticks one scope as the user would ("clients:write"). */
void             dt_consent_dialog_set_scope      (DtConsentDialog    *self,
                                                   const char         *scope,
                                                   gboolean            on);
/* Tests shorten the delay; 0 enables Allow at once. */
void             dt_consent_dialog_set_allow_delay (DtConsentDialog   *self,
                                                    guint              delay_ms);

G_END_DECLS

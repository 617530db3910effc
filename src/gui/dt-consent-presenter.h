/* dt-consent-presenter.h: the GTK side of the consent broker: shows each waiting question in
 * a dialog, one at a time, and answers the broker with what the user chose. */
#pragma once

#include <adwaita.h>

#include "dt-consent-broker.h"

G_BEGIN_DECLS

#define DT_TYPE_CONSENT_PRESENTER (dt_consent_presenter_get_type ())
G_DECLARE_FINAL_TYPE (DtConsentPresenter, dt_consent_presenter, DT, CONSENT_PRESENTER, GObject)

/* Dialogs are transient for the active window of @app when there is one (NULL: none). */
DtConsentPresenter *dt_consent_presenter_new          (DtConsentBroker    *broker,
                                                       GtkApplication     *app);
/* The dialog on screen (a DtConsentDialog or DtActionDialog), or NULL. */
GtkWindow          *dt_consent_presenter_get_dialog   (DtConsentPresenter *self);
/* Tests: how long Allow sleeps in the dialogs shown from now on. */
void                dt_consent_presenter_set_allow_delay (DtConsentPresenter *self,
                                                          guint               delay_ms);

G_END_DECLS

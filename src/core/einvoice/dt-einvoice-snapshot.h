/* dt-einvoice-snapshot.h: the e-invoice details of the seller and the buyer, kept with an
 * invoice when it is issued (in its "seller" and "bill_to" JSON, member "einvoice"), so that
 * a later change to the profile or the client never changes an issued e-invoice. */
#pragma once

#include "dt-client-store.h"
#include "dt-profile-store.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The member to keep, an object of strings. */
JsonNode *dt_einvoice_snapshot_seller       (const DtProfile *profile);
JsonNode *dt_einvoice_snapshot_buyer        (const DtClient  *client);

/* Overwrites @profile's (@client's) fields with what @kept_json kept at issue: the printed
 * details (name, address, e-mail, tax id) and, when present, the e-invoice ones. A draft's
 * "{}" changes nothing. */
void      dt_einvoice_snapshot_apply_seller (const char      *kept_json,
                                             DtProfile       *profile);
void      dt_einvoice_snapshot_apply_buyer  (const char      *kept_json,
                                             DtClient        *client);

G_END_DECLS

/* dt-profile-store.h: the freelancer's own business details (one row). */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *business_name;
  char   *address;
  char   *email;
  char   *tax_id;
  char   *currency;        /* default for new clients */
  gint64  hourly_rate;     /* the last fallback of every rate, minor units per hour */
  char   *invoice_footer;
  GBytes *logo;            /* PNG or JPEG bytes, or NULL */
  gint64  updated_at;
  gint64  version;
} DtProfile;

void       dt_profile_free          (DtProfile        *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtProfile, dt_profile_free)

DtProfile *dt_profile_store_get     (DtDb             *db,
                                     GError          **error);
/* Replaces every field; @expected_version as for the other stores. A logo above 1 MiB or
 * not PNG/JPEG is refused. */
DtProfile *dt_profile_store_update  (DtDb             *db,
                                     const DtProfile  *profile,
                                     gint64            expected_version,
                                     GError          **error);

G_END_DECLS

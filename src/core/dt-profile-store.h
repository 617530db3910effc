/* dt-profile-store.h: the freelancer's own business details (one row). */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *business_name;
  char   *trading_name;    /* BT-28, the name traded under if not the business name; "" = none */
  char   *address;         /* street lines; city, post code and country below */
  char   *email;
  char   *tax_id;          /* as printed on the PDF */
  /* For e-invoices (EN 16931; the BT numbers are the norm's). "" = not set. */
  char   *vat_id;          /* BT-31, e.g. DE123456789 */
  char   *tax_number;      /* BT-32, the national tax number (Steuernummer) */
  char   *phone;           /* BT-42 (XRechnung requires a contact telephone) */
  char   *city;            /* BT-37 */
  char   *postcode;        /* BT-38 */
  char   *country;         /* BT-40, ISO 3166-1 alpha-2 */
  char   *iban;            /* BT-84, compact */
  char   *bic;             /* BT-86 */
  char   *creditor_id;     /* BT-90, SEPA creditor identifier (direct debit only) */
  char   *payment_means;   /* BT-81, UNTDID 4461: "58" (default), "30", "59" */
  char   *electronic_address;        /* BT-34; "" = the e-mail above */
  char   *electronic_address_scheme; /* its scheme (EAS), "EM" (e-mail) by default */
  char   *vat_category;    /* the seller's default (UNTDID 5305): "S" (default), "E" (§ 19 UStG)… */
  char   *vat_exemption_reason;      /* BT-120 for a default category that needs one */
  char   *vat_exemption_code;        /* BT-121, a VATEX code, or "" */
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
/* Replaces every field (NULL strings store as ""); the IBAN is stored compact. Refused
 * (DT_ERROR_INVALID, naming the field): a bad IBAN checksum, BIC, VAT ID, country code, VAT
 * category, VATEX code, payment means or electronic address scheme. @expected_version as for the other
 * stores. A logo above 1 MiB or not PNG/JPEG is refused. */
DtProfile *dt_profile_store_update  (DtDb             *db,
                                     const DtProfile  *profile,
                                     gint64            expected_version,
                                     GError          **error);

G_END_DECLS

/* dt-client-store.h: the freelancer's clients. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *name;               /* 1–200 characters */
  char     *email;              /* billing address(es), comma separated */
  char     *address;            /* street lines; city, post code and country below */
  char     *currency;           /* ISO 4217; every amount of the client is in it */
  char     *tax_id;             /* as printed on the PDF */
  /* For e-invoices (EN 16931; the BT numbers are the norm's). "" = not set. */
  char     *buyer_reference;    /* BT-10; the Leitweg-ID of a German public-sector client */
  char     *vat_id;             /* BT-48 */
  char     *city;               /* BT-52 */
  char     *postcode;           /* BT-53 */
  char     *country;            /* BT-55, ISO 3166-1 alpha-2 */
  char     *electronic_address; /* BT-49; "" = the first billing e-mail */
  char     *electronic_address_scheme; /* its scheme (EAS), "EM" (e-mail) by default */
  char     *einvoice_format;    /* what sending attaches: "pdf" (default), "facturx",
                                 * "xrechnung-cii", "xrechnung-ubl" */
  char     *vat_category;       /* this client's VAT treatment; "" = the profile's */
  char     *vat_exemption_reason; /* BT-120 for that category */
  char     *vat_exemption_code;   /* BT-121, a VATEX code */
  char     *iban;               /* BT-91, the account debited (direct debit only) */
  char     *mandate_reference;  /* BT-89, the SEPA mandate (direct debit only) */
  int       payment_terms_days; /* 0–365; the due date of its invoices */
  gint64    rate;               /* minor units per hour, or DT_NO_VALUE */
  char     *notes;
  gboolean  archived;
  gint64    created_at;
  gint64    updated_at;
  gint64    version;            /* bumped by every update; pass it back for If-Match */
} DtClient;

/* A client with the defaults: 30 days, no rate, empty texts, currency NULL (the profile's). */
DtClient  *dt_client_new                (void);
/* A new client with the user's defaults: the payment terms of invoice.default_terms_days and
 * the currency of the business profile. */
DtClient  *dt_client_new_with_defaults  (DtDb            *db);
DtClient  *dt_client_copy               (const DtClient *client);
void       dt_client_free               (DtClient       *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtClient, dt_client_free)

/* Creates a client from @input (its id, timestamps and version are ignored; a NULL currency
 * takes the profile's; NULL e-invoice strings store as their defaults). Refused
 * (DT_ERROR_INVALID, naming the field): a bad VAT ID, country, IBAN, VAT category, VATEX
 * code, electronic address scheme or e-invoice format. Returns the stored client. */
DtClient  *dt_client_store_create       (DtDb           *db,
                                         const DtClient *input,
                                         GError        **error);
DtClient  *dt_client_store_get          (DtDb           *db,
                                         gint64          id,
                                         GError        **error);
/* Replaces every field of client @client->id (archived included). @expected_version 0 skips
 * the check; otherwise DT_ERROR_PRECONDITION when the stored version differs. Changing the
 * currency of a client that has invoices is refused (DT_ERROR_CONFLICT). */
DtClient  *dt_client_store_update       (DtDb           *db,
                                         const DtClient *client,
                                         gint64          expected_version,
                                         GError        **error);
/* Archives (or, with @archived FALSE, restores) a client; archived clients stay readable and
 * billable but are hidden from pickers and lists by default. */
DtClient  *dt_client_store_set_archived (DtDb           *db,
                                         gint64          id,
                                         gboolean        archived,
                                         GError        **error);
/* Deletes a client with no history. A client with projects, invoices or rules is refused
 * (DT_ERROR_CONFLICT, "archive it instead"). */
gboolean   dt_client_store_delete       (DtDb           *db,
                                         gint64          id,
                                         GError        **error);
/* Honours: archived, text (name, e-mail, notes), after_id, limit. Array of DtClient. */
GPtrArray *dt_client_store_list         (DtDb              *db,
                                         const DtListQuery *query,
                                         gboolean          *out_has_more,
                                         GError           **error);

/* For lists that page by position, in id order as dt_client_store_list: how many clients
 * @query matches (archived, text), or, when @before_id is not 0, how many of them come before
 * client @before_id (its position). -1 with @error on failure. */
gint64     dt_client_store_count_matching (DtDb              *db,
                                           const DtListQuery *query,
                                           gint64             before_id,
                                           GError           **error);
/* Rows [@offset, @offset + @limit) of that list, fewer at its end. Array of DtClient. */
GPtrArray *dt_client_store_list_range     (DtDb              *db,
                                           const DtListQuery *query,
                                           guint              offset,
                                           guint              limit,
                                           GError           **error);

G_END_DECLS

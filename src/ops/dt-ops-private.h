/* dt-ops-private.h: what the operation files share: reading validated input, writing output
 * in the API's conventions (ISO instants plus the user's local day, money as decimal text
 * plus minor units), opaque cursors, and schema fragments. */
#pragma once

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-money.h"
#include "dt-op-registry.h"
#include "dt-store.h"
#include "dt-time.h"

G_BEGIN_DECLS

/* ---- schema fragments ------------------------------------------------------------------- */

#define DT_OPS_ID(what) \
  "{\"type\":\"integer\",\"minimum\":1,\"description\":\"" what "\"}"
#define DT_OPS_PAGE_PROPS \
  "\"cursor\":{\"type\":\"string\",\"description\":\"next_cursor from the previous page; " \
  "leave out for the first page\"}," \
  "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":500,\"description\":\"Items " \
  "per page, 1–500 (default 50)\"}"
#define DT_OPS_TEXT_PROP \
  "\"text\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"Only items whose name " \
  "or notes contain this text (case-insensitive)\"}"
#define DT_OPS_ARCHIVED_PROP \
  "\"archived\":{\"type\":\"string\",\"enum\":[\"exclude\",\"only\",\"include\"]," \
  "\"description\":\"Archived items: exclude (default), only, include\"}"
#define DT_OPS_EXPECTED_VERSION \
  "\"expected_version\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"The version " \
  "you read; the change is refused if the object changed since (leave out to skip)\"}"
#define DT_OPS_MONEY_IN(what) \
  "{\"type\":[\"string\",\"number\",\"null\"],\"description\":\"" what " as a decimal " \
  "amount like \\\"85.00\\\" in the currency; null for none\"}"
#define DT_OPS_INSTANT_IN(what) \
  "{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"" what ", ISO 8601: " \
  "2026-11-27T09:30:00Z, 2026-11-27T10:30:00+01:00, or 2026-11-27T09:30 in local time\"}"
#define DT_OPS_RANGE_PROPS \
  "\"from\":{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"Start of the " \
  "range: a date (2026-11-01, local midnight) or an ISO 8601 instant\"}," \
  "\"to\":{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"End of the " \
  "range: a date is included whole (2026-11-30 means up to the end of that day), an " \
  "instant is exclusive\"}"
#define DT_OPS_PAGE_OUT(item) \
  "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":" item "}," \
  "\"next_cursor\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"items\"," \
  "\"next_cursor\"]}"
#define DT_OPS_DELETED_OUT \
  "{\"type\":\"object\",\"properties\":{\"deleted\":{\"type\":\"boolean\"}," \
  "\"id\":{\"type\":\"integer\"}},\"required\":[\"deleted\",\"id\"]}"

/* ---- input ------------------------------------------------------------------------------ */

const char *dt_ops_get_string   (JsonObject   *input,
                                 const char   *name);     /* NULL when absent or null */
gint64      dt_ops_get_int      (JsonObject   *input,
                                 const char   *name,
                                 gint64        fallback);
gboolean    dt_ops_get_bool     (JsonObject   *input,
                                 const char   *name,
                                 gboolean      fallback);
gboolean    dt_ops_has          (JsonObject   *input,
                                 const char   *name);     /* present, even as null */
gboolean    dt_ops_is_null      (JsonObject   *input,
                                 const char   *name);
/* An ISO 8601 instant (or a date: local midnight). */
gboolean    dt_ops_get_instant  (JsonObject   *input,
                                 const char   *name,
                                 gint64       *out,
                                 GError      **error);
/* "from"/"to": a date "to" is inclusive (the next local midnight); "to" before "from" is
 * refused. Absent bounds stay 0 (open). */
gboolean    dt_ops_get_range    (JsonObject   *input,
                                 gint64       *from,
                                 gint64       *to,
                                 GError      **error);
/* A closed range, as candidates, drafts and reports need: from/to are required there. */
gboolean    dt_ops_get_period   (JsonObject   *input,
                                 gint64       *from,
                                 gint64       *to,
                                 GError      **error);
/* A money amount given as "85.50" or 85.5 in @currency; null/absent → DT_NO_VALUE. */
gboolean    dt_ops_get_money    (JsonObject   *input,
                                 const char   *name,
                                 const char   *currency,
                                 gint64       *out,
                                 GError      **error);
/* "19" or "7.5" percent in @name → basis points; absent leaves @out_bp. */
gboolean    dt_ops_read_percent_bp (JsonObject *input,
                                    const char *name,
                                    int        *out_bp,
                                    GError    **error);
/* "quantity_units" of line @number ("2", "1.5", "0.250") → thousandths. */
gboolean    dt_ops_read_units   (JsonObject   *item,
                                 guint         number,
                                 gint64       *out,
                                 GError      **error);
/* A file sent as base64 in @member, strictly (g_base64_decode skips what it does not know,
 * which would hide a damaged file behind a misleading error), at most @max_size bytes. */
GBytes     *dt_ops_decode_base64 (const char  *member,
                                  const char  *base64,
                                  gsize        max_size,
                                  GError     **error);
/* cursor + limit into @query (after_id, limit). */
gboolean    dt_ops_get_page     (JsonObject   *input,
                                 DtListQuery  *query,
                                 GError      **error);
DtArchivedFilter dt_ops_get_archived (JsonObject *input);

/* ---- output ----------------------------------------------------------------------------- */

/* name: "2026-11-27T09:30:00Z", name_local: "2026-11-27T10:30:00+01:00",
 * name_day: "2026-11-27" (the user's local day); 0 → nulls. */
void        dt_ops_set_instant  (JsonObject   *out,
                                 const char   *name,
                                 gint64        instant);
/* name: "1250.00" (or null for DT_NO_VALUE), name_minor: 125000 (or null). */
void        dt_ops_set_money    (JsonObject   *out,
                                 const char   *name,
                                 gint64        minor,
                                 const char   *currency);
void        dt_ops_set_optional_int (JsonObject *out,
                                     const char *name,
                                     gint64      value);      /* DT_NO_VALUE/0 → null */
void        dt_ops_set_string   (JsonObject   *out,
                                 const char   *name,
                                 const char   *value);       /* NULL → "" */
/* {items, next_cursor}; @items is adopted. */
JsonObject *dt_ops_page         (JsonArray    *items,
                                 gboolean      has_more,
                                 gint64        last_id);
char       *dt_ops_cursor_encode (gint64       after_id);
/* The text dt_ops_page's object gives, for operations that write their page as text
 * (ctx->text_out): "{\"items\":[" before the items, then the rest after them. */
void        dt_ops_write_page_start (GString    *out);
/* A member written as text, after others (a comma first), the same as the dt_ops_set_*
 * function of the name gives through dt-json-writer: put_text writes NULL as null (a member
 * the tree sets to a string or null), put_string NULL as "" (as dt_ops_set_string does);
 * put_money and put_instant write their companion members too. */
void        dt_ops_put_name         (GString    *out,
                                     const char *name,
                                     const char *suffix);
void        dt_ops_put_int          (GString    *out,
                                     const char *name,
                                     gint64      value);
void        dt_ops_put_bool         (GString    *out,
                                     const char *name,
                                     gboolean    value);
void        dt_ops_put_text         (GString    *out,
                                     const char *name,
                                     const char *text);
void        dt_ops_put_string       (GString    *out,
                                     const char *name,
                                     const char *text);       /* NULL → "" */
void        dt_ops_put_optional_int (GString    *out,
                                     const char *name,
                                     gint64      value);      /* DT_NO_VALUE/0 → null */
void        dt_ops_put_money        (GString    *out,
                                     const char *name,
                                     gint64      minor,
                                     const char *currency);
void        dt_ops_put_instant      (GString    *out,
                                     const char *name,
                                     gint64      instant);
/* A client as output, and the same as text without the tree. */
JsonObject *dt_ops_client_to_json   (const DtClient  *client);
void        dt_ops_client_write     (GString         *out,
                                     const DtClient  *client);
/* An invoice as output (shared by the invoice and billing operations), and the same as text
 * without the tree. */
JsonObject *dt_ops_invoice_to_json  (const DtInvoice *invoice);
void        dt_ops_invoice_write    (GString         *out,
                                     const DtInvoice *invoice);
void        dt_ops_write_page_end   (GString    *out,
                                     gboolean    has_more,
                                     gint64      last_id);
/* An answer written once, as text: into ctx->text_out when the caller sends text (the
 * object returned is then empty), or read back into the object returned otherwise. */
typedef void (*DtOpsWriter) (GString       *out,
                             gconstpointer  data);
JsonObject *dt_ops_answer_written   (DtOpContext   *ctx,
                                     DtOpsWriter    writer,
                                     gconstpointer  data,
                                     GError       **error);

/* Output-schema fragments for what the setters write. */
#define DT_OPS_INSTANT_OUT(name) \
  "\"" name "\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}," \
  "\"" name "_local\":{\"type\":[\"string\",\"null\"]}," \
  "\"" name "_day\":{\"type\":[\"string\",\"null\"],\"format\":\"date\"}"
#define DT_OPS_MONEY_OUT(name) \
  "\"" name "\":{\"type\":[\"string\",\"null\"],\"description\":\"decimal amount\"}," \
  "\"" name "_minor\":{\"type\":[\"integer\",\"null\"],\"description\":\"in minor units\"}"
/* What the invoicing operations return: an invoice's reference and totals. */
#define DT_OPS_INVOICE_REF_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"number\":{\"type\":[\"string\",\"null\"]},\"status\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("total") "," \
  DT_OPS_MONEY_OUT ("balance") ",\"lines\":{\"type\":\"array\"}," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"status\",\"total\"]}"

/* ---- e-invoice fields (EN 16931) ---------------------------------------------------------- */

/* How a text field of a party or invoice is checked before it is stored. */
typedef enum
{
  DT_OPS_TEXT_PLAIN,
  DT_OPS_TEXT_VAT_ID,         /* DE123456789 */
  DT_OPS_TEXT_COUNTRY,        /* ISO 3166-1 alpha-2 */
  DT_OPS_TEXT_IBAN,           /* stored compact, checksum checked */
  DT_OPS_TEXT_BIC,
  DT_OPS_TEXT_EAS,            /* electronic address scheme */
  DT_OPS_TEXT_VATEX,
  DT_OPS_TEXT_VAT_CATEGORY,   /* "" or S, Z, E, AE, K, G, O */
  DT_OPS_TEXT_EINVOICE_FORMAT,
  DT_OPS_TEXT_PAYMENT_MEANS,
} DtOpsTextKind;

/* A string member of a store struct, named in the API as in the store. */
typedef struct
{
  const char    *name;
  glong          offset;      /* G_STRUCT_OFFSET of a char * */
  DtOpsTextKind  kind;
} DtOpsTextField;

/* Replaces each of @fields present in @input as a string in the struct at @target, after
 * checking it as its kind says; a bad value is DT_ERROR_INVALID naming the field as the
 * input does (“vat_id”: …) and changes nothing more. */
gboolean    dt_ops_take_text_fields (JsonObject           *input,
                                     gpointer              target,
                                     const DtOpsTextField *fields,
                                     guint                 n_fields,
                                     GError              **error);
/* Sets (or, as text, puts) each of @fields of the struct at @source on @out; NULL → "". */
void        dt_ops_set_text_fields  (JsonObject           *out,
                                     gconstpointer         source,
                                     const DtOpsTextField *fields,
                                     guint                 n_fields);
void        dt_ops_put_text_fields  (GString              *out,
                                     gconstpointer         source,
                                     const DtOpsTextField *fields,
                                     guint                 n_fields);

/* The invoice's own e-invoice fields: order reference (BT-13), VAT category and exemption. */
#define DT_OPS_N_INVOICE_EINVOICE_FIELDS 4
extern const DtOpsTextField dt_ops_invoice_einvoice_fields[DT_OPS_N_INVOICE_EINVOICE_FIELDS];

#define DT_OPS_VAT_CATEGORY_IN(what) \
  "{\"type\":\"string\",\"enum\":[\"\",\"S\",\"Z\",\"E\",\"AE\",\"K\",\"G\",\"O\"]," \
  "\"description\":\"" what " (UNTDID 5305): S standard rate, Z zero rated, E exempt (e.g. " \
  "the German small-business rule § 19 UStG), AE reverse charge (the buyer's VAT ID is " \
  "needed), K intra-EU supply, G export outside the EU, O not subject to VAT\"}"
#define DT_OPS_VAT_EXEMPTION_IN \
  "\"vat_exemption_reason\":{\"type\":\"string\",\"maxLength\":1000,\"description\":" \
  "\"BT-120: why no VAT is charged, printed on the invoice (E, AE, K, G, O; empty: the " \
  "norm's standard text)\"}," \
  "\"vat_exemption_code\":{\"type\":\"string\",\"pattern\":\"^(VATEX-[A-Z0-9-]+)?$\"," \
  "\"maxLength\":40,\"description\":\"BT-121: the VATEX code of that reason, e.g. " \
  "VATEX-EU-AE (empty: the category's default)\"}"
#define DT_OPS_COUNTRY_IN(what) \
  "{\"type\":\"string\",\"pattern\":\"^([A-Z0-9]{2})?$\",\"description\":\"" what ", " \
  "ISO 3166-1 alpha-2 like DE or FR\"}"
#define DT_OPS_EAS_IN(what) \
  "{\"type\":\"string\",\"pattern\":\"^[A-Z0-9]{2,4}$\",\"description\":\"The scheme of " \
  what " (EAS code list): EM e-mail (default), 0204 Leitweg-ID, 9930 German VAT number, " \
  "0088 GLN…\"}"

/* ---- areas ------------------------------------------------------------------------------ */

void dt_ops_register_clients  (DtOpRegistry *registry);
void dt_ops_register_projects (DtOpRegistry *registry);
void dt_ops_register_tasks    (DtOpRegistry *registry);
void dt_ops_register_entries  (DtOpRegistry *registry);
void dt_ops_register_tags     (DtOpRegistry *registry);
void dt_ops_register_recurring (DtOpRegistry *registry);
void dt_ops_register_reminders (DtOpRegistry *registry);
void dt_ops_register_profile  (DtOpRegistry *registry);
void dt_ops_register_invoices (DtOpRegistry *registry);
void dt_ops_register_billing  (DtOpRegistry *registry);
void dt_ops_register_sending  (DtOpRegistry *registry);
void dt_ops_register_hub      (DtOpRegistry *registry);
void dt_ops_register_reports  (DtOpRegistry *registry);
void dt_ops_register_settings (DtOpRegistry *registry);
void dt_ops_register_einvoice (DtOpRegistry *registry);
void dt_ops_register_expenses (DtOpRegistry *registry);
void dt_ops_register_maintenance (DtOpRegistry *registry);

G_END_DECLS

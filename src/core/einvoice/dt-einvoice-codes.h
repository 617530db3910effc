/* dt-einvoice-codes.h: the code lists EN 16931 names (VAT categories, countries, payment
 * means, electronic address schemes, units, exemption codes) and the checks on them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* UNTDID 5305, the subset EN 16931 allows. */
typedef enum
{
  DT_VAT_STANDARD,        /* S: a rate above 0 */
  DT_VAT_ZERO_RATED,      /* Z */
  DT_VAT_EXEMPT,          /* E: with a reason, e.g. German small business (§ 19 UStG) */
  DT_VAT_REVERSE_CHARGE,  /* AE: the buyer accounts for the VAT; both VAT IDs */
  DT_VAT_INTRA_EU,        /* K: intra-community supply */
  DT_VAT_EXPORT,          /* G: export outside the EU */
  DT_VAT_OUT_OF_SCOPE,    /* O: not subject to VAT */
} DtVatCategory;

/* "S", "Z", "E", "AE", "K", "G", "O". */
const char *dt_vat_category_to_string   (DtVatCategory   category);
gboolean    dt_vat_category_from_string (const char     *text,
                                         DtVatCategory  *out,
                                         GError        **error);
/* What the norm says for a category without an exemption reason of the user's own: the
 * VATEX code and an English text (S and Z take none: NULL). */
const char *dt_vat_category_default_exemption_code (DtVatCategory category);
const char *dt_vat_category_default_exemption_text (DtVatCategory category);
/* The text the German small-business rule prints (category E). */
#define DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS \
  "Kein Ausweis von Umsatzsteuer, da Kleinunternehmer gemäß § 19 UStG"

/* Where an e-invoice goes for a client: the printed PDF only, or one of the e-invoices. */
typedef enum
{
  DT_EINVOICE_FORMAT_PDF,
  DT_EINVOICE_FORMAT_FACTURX,
  DT_EINVOICE_FORMAT_XRECHNUNG_CII,
  DT_EINVOICE_FORMAT_XRECHNUNG_UBL,
} DtEinvoiceFormat;

/* "pdf", "facturx", "xrechnung-cii", "xrechnung-ubl". */
const char *dt_einvoice_format_to_string   (DtEinvoiceFormat  format);
gboolean    dt_einvoice_format_from_string (const char       *text,
                                            DtEinvoiceFormat *out,
                                            GError          **error);

/*
 * Checks of values the user types. Each accepts "" (not set) unless said otherwise, and
 * refuses anything else that is not valid with DT_ERROR_INVALID naming @field ("the seller's
 * IBAN", "the client's country").
 */
/* ISO 3166-1 alpha-2, upper case ("DE"; "1A" Kosovo and "XI" Northern Ireland included). */
gboolean    dt_einvoice_check_country     (const char  *field,
                                           const char  *code,
                                           GError     **error);
/* ISO 13616: 15–34 characters, country prefix, two check digits, mod 97 = 1. Spaces are not
 * allowed: store the IBAN compact (dt_einvoice_compact_iban). */
gboolean    dt_einvoice_check_iban        (const char  *field,
                                           const char  *iban,
                                           GError     **error);
/* ISO 9362: 8 or 11 characters, bank (4 letters), country (2 letters), location, branch. */
gboolean    dt_einvoice_check_bic         (const char  *field,
                                           const char  *bic,
                                           GError     **error);
/* A VAT identifier: a two-letter prefix (ISO 3166-1, or EL for Greece) then 2–13 letters or
 * digits. */
gboolean    dt_einvoice_check_vat_id      (const char  *field,
                                           const char  *vat_id,
                                           GError     **error);
/* "" or a VAT category code; with @allow_empty FALSE, "" is refused too. */
gboolean    dt_einvoice_check_vat_category (const char *field,
                                            const char *code,
                                            gboolean    allow_empty,
                                            GError    **error);
/* A VATEX code from the CEF list ("VATEX-EU-AE"). */
gboolean    dt_einvoice_check_vatex       (const char  *field,
                                           const char  *code,
                                           GError     **error);
/* UNTDID 4461 codes DoubleTime writes: "30" credit transfer, "58" SEPA credit transfer,
 * "59" SEPA direct debit. "" is refused. */
gboolean    dt_einvoice_check_payment_means (const char *code,
                                             GError    **error);
/* The CEF electronic address scheme (EAS) list: "EM" e-mail, "0204" Leitweg-ID, "9930"
 * German VAT number… "" is refused. */
gboolean    dt_einvoice_check_eas         (const char  *field,
                                           const char  *scheme,
                                           GError     **error);
/* UN/ECE Recommendation 20 units an invoice line of DoubleTime may use: HUR, MIN, DAY, WEE,
 * MON, ANN, C62, H87, XPP, EA, LS, E48, KMT, KGM, MTR, LTR. */
gboolean    dt_einvoice_check_unit_code   (const char  *code,
                                           GError     **error);
/* The IBAN without spaces, in upper case. */
char       *dt_einvoice_compact_iban      (const char  *iban);

G_END_DECLS

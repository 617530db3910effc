/* dt-einvoice-codes.c: the code lists EN 16931 names and the checks on them. The country,
 * electronic address scheme and VATEX lists are those the CEN EN 16931 validation artefacts
 * 1.3.16 accept (BR-CL-14, BR-CL-25, BR-CL-22). */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-codes.h"
#include "dt-error.h"

#include <string.h>

static const char *const country_codes[] = {
  "1A", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AN", "AO", "AQ", "AR", "AS", "AT", "AU", "AW",
  "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BL", "BJ", "BM", "BN", "BO", "BQ",
  "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL",
  "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ",
  "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD",
  "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
  "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
  "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
  "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
  "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY",
  "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE",
  "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
  "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO",
  "SR", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN",
  "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG",
  "VI", "VN", "VU", "WF", "WS", "XI", "YE", "YT", "ZA", "ZM", "ZW",
};

static const char *const eas_codes[] = {
  "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142",
  "0147", "0151", "0154", "0158", "0170", "0177", "0183", "0184", "0188", "0190", "0191", "0192",
  "0193", "0194", "0195", "0196", "0198", "0199", "0200", "0201", "0202", "0203", "0204", "0205",
  "0208", "0209", "0210", "0211", "0212", "0213", "0215", "0216", "0217", "0218", "0219", "0220",
  "0221", "0225", "0230", "0235", "0240", "0244", "0242", "0245", "0246", "0248", "9910", "9913",
  "9914", "9915", "9918", "9919", "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928",
  "9929", "9930", "9931", "9932", "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940",
  "9941", "9942", "9943", "9944", "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952",
  "9953", "9957", "9959", "AN", "AQ", "AS", "AU", "EM",
};

static const char *const vatex_codes[] = {
  "VATEX-EU-79-C", "VATEX-EU-132", "VATEX-EU-132-1A", "VATEX-EU-132-1B",
  "VATEX-EU-132-1C", "VATEX-EU-132-1D", "VATEX-EU-132-1E", "VATEX-EU-132-1F",
  "VATEX-EU-132-1G", "VATEX-EU-132-1H", "VATEX-EU-132-1I", "VATEX-EU-132-1J",
  "VATEX-EU-132-1K", "VATEX-EU-132-1L", "VATEX-EU-132-1M", "VATEX-EU-132-1N",
  "VATEX-EU-132-1O", "VATEX-EU-132-1P", "VATEX-EU-132-1Q", "VATEX-EU-135-1",
  "VATEX-EU-143", "VATEX-EU-143-1A", "VATEX-EU-143-1B", "VATEX-EU-143-1C",
  "VATEX-EU-143-1D", "VATEX-EU-143-1E", "VATEX-EU-143-1F", "VATEX-EU-143-1FA",
  "VATEX-EU-143-1G", "VATEX-EU-143-1H", "VATEX-EU-143-1I", "VATEX-EU-143-1J",
  "VATEX-EU-143-1K", "VATEX-EU-143-1L", "VATEX-EU-144", "VATEX-EU-146-1E",
  "VATEX-EU-159", "VATEX-EU-309", "VATEX-EU-148", "VATEX-EU-148-A",
  "VATEX-EU-148-B", "VATEX-EU-148-C", "VATEX-EU-148-D", "VATEX-EU-148-E",
  "VATEX-EU-148-F", "VATEX-EU-148-G", "VATEX-EU-151", "VATEX-EU-151-1A",
  "VATEX-EU-151-1AA", "VATEX-EU-151-1B", "VATEX-EU-151-1C", "VATEX-EU-151-1D",
  "VATEX-EU-151-1E", "VATEX-EU-G", "VATEX-EU-O", "VATEX-EU-IC",
  "VATEX-EU-AE", "VATEX-EU-D", "VATEX-EU-F", "VATEX-EU-I",
  "VATEX-EU-J", "VATEX-FR-FRANCHISE", "VATEX-FR-CNWVAT", "VATEX-EU-153",
  "VATEX-FR-CGI261-1", "VATEX-FR-CGI261-2", "VATEX-FR-CGI261-3", "VATEX-FR-CGI261-4",
  "VATEX-FR-CGI261-5", "VATEX-FR-CGI261-7", "VATEX-FR-CGI261-8", "VATEX-FR-CGI261A",
  "VATEX-FR-CGI261B", "VATEX-FR-CGI261C-1", "VATEX-FR-CGI261C-2", "VATEX-FR-CGI261C-3",
  "VATEX-FR-CGI261D-1", "VATEX-FR-CGI261D-1BIS", "VATEX-FR-CGI261D-2", "VATEX-FR-CGI261D-3",
  "VATEX-FR-CGI261D-4", "VATEX-FR-CGI261E-1", "VATEX-FR-CGI261E-2", "VATEX-FR-CGI277A",
  "VATEX-FR-CGI275", "VATEX-FR-298SEXDECIESA", "VATEX-FR-CGI295", "VATEX-FR-AE",
};

static const char *const unit_codes[] = {
  "HUR", "MIN", "DAY", "WEE", "MON", "ANN", "C62", "H87", "XPP", "EA", "LS", "E48", "KMT",
  "KGM", "MTR", "LTR",
};

static const char *const vat_categories[] = { "S", "Z", "E", "AE", "K", "G", "O" };

static const char *const formats[] = { "pdf", "facturx", "xrechnung-cii", "xrechnung-ubl" };

static gboolean
in_list (const char         *code,
         const char *const  *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (code, list[i]) == 0)
      return TRUE;
  return FALSE;
}

const char *
dt_vat_category_to_string (DtVatCategory category)
{
  g_return_val_if_fail ((guint) category < G_N_ELEMENTS (vat_categories), "S");
  return vat_categories[category];
}

gboolean
dt_vat_category_from_string (const char     *text,
                             DtVatCategory  *out,
                             GError        **error)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (vat_categories); i++)
    if (strcmp (text, vat_categories[i]) == 0)
      {
        *out = (DtVatCategory) i;
        return TRUE;
      }
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the VAT category \"%s\" is not one of S, Z, E, AE, K, G or O",
               text != NULL ? text : "");
  return FALSE;
}

const char *
dt_vat_category_default_exemption_code (DtVatCategory category)
{
  switch (category)
    {
    case DT_VAT_REVERSE_CHARGE:
      return "VATEX-EU-AE";
    case DT_VAT_INTRA_EU:
      return "VATEX-EU-IC";
    case DT_VAT_EXPORT:
      return "VATEX-EU-G";
    case DT_VAT_OUT_OF_SCOPE:
      return "VATEX-EU-O";
    case DT_VAT_STANDARD:
    case DT_VAT_ZERO_RATED:
    case DT_VAT_EXEMPT:
    default:
      return NULL;
    }
}

const char *
dt_vat_category_default_exemption_text (DtVatCategory category)
{
  switch (category)
    {
    case DT_VAT_REVERSE_CHARGE:
      return "Reverse charge";
    case DT_VAT_INTRA_EU:
      return "Intra-community supply";
    case DT_VAT_EXPORT:
      return "Export outside the EU";
    case DT_VAT_OUT_OF_SCOPE:
      return "Not subject to VAT";
    case DT_VAT_STANDARD:
    case DT_VAT_ZERO_RATED:
    case DT_VAT_EXEMPT:
    default:
      return NULL;
    }
}

const char *
dt_einvoice_format_to_string (DtEinvoiceFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), "pdf");
  return formats[format];
}

gboolean
dt_einvoice_format_from_string (const char       *text,
                                DtEinvoiceFormat *out,
                                GError          **error)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (formats); i++)
    if (strcmp (text, formats[i]) == 0)
      {
        *out = (DtEinvoiceFormat) i;
        return TRUE;
      }
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the e-invoice format \"%s\" is not one of pdf, facturx, xrechnung-cii or "
               "xrechnung-ubl", text != NULL ? text : "");
  return FALSE;
}

static gboolean
all_chars (const char *text,
           gboolean  (*accept) (char c))
{
  for (const char *p = text; *p != '\0'; p++)
    if (!accept (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_upper_alnum (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static gboolean
is_upper (char c)
{
  return c >= 'A' && c <= 'Z';
}

gboolean
dt_einvoice_check_country (const char  *field,
                           const char  *code,
                           GError     **error)
{
  if (code == NULL || *code == '\0' || in_list (code, country_codes, G_N_ELEMENTS (country_codes)))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s \"%s\" is not an ISO 3166-1 country code (two capital letters, e.g. DE)",
               field, code);
  return FALSE;
}

char *
dt_einvoice_compact_iban (const char *iban)
{
  GString *out = g_string_new (NULL);

  for (const char *p = iban != NULL ? iban : ""; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

gboolean
dt_einvoice_check_iban (const char  *field,
                        const char  *iban,
                        GError     **error)
{
  gsize length;
  guint remainder = 0;

  if (iban == NULL || *iban == '\0')
    return TRUE;
  length = strlen (iban);
  if (length < 15 || length > 34 || !all_chars (iban, is_upper_alnum) ||
      !is_upper (iban[0]) || !is_upper (iban[1]) || !g_ascii_isdigit (iban[2]) ||
      !g_ascii_isdigit (iban[3]))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s \"%s\" is not an IBAN: it must be 15 to 34 capital letters and digits, "
                   "a country code, then two check digits, without spaces", field, iban);
      return FALSE;
    }
  /* ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end and
   * letters as 10–35. */
  for (gsize i = 0; i < length; i++)
    {
      char c = iban[(i + 4) % length];
      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
    }
  if (remainder != 1)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s \"%s\" has wrong check digits; look for a typing error", field, iban);
      return FALSE;
    }
  if (!in_list ((char[]) { iban[0], iban[1], '\0' }, country_codes, G_N_ELEMENTS (country_codes)))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s \"%s\" does not start with a country code", field, iban);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_einvoice_check_bic (const char  *field,
                       const char  *bic,
                       GError     **error)
{
  gsize length;

  if (bic == NULL || *bic == '\0')
    return TRUE;
  length = strlen (bic);
  if ((length != 8 && length != 11) || !all_chars (bic, is_upper_alnum) ||
      !is_upper (bic[0]) || !is_upper (bic[1]) || !is_upper (bic[2]) || !is_upper (bic[3]) ||
      !is_upper (bic[4]) || !is_upper (bic[5]))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s \"%s\" is not a BIC: 8 or 11 capital letters and digits, the first six "
                   "letters (e.g. COBADEFFXXX)", field, bic);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_einvoice_check_vat_id (const char  *field,
                          const char  *vat_id,
                          GError     **error)
{
  gsize length;

  if (vat_id == NULL || *vat_id == '\0')
    return TRUE;
  length = strlen (vat_id);
  if (length < 4 || length > 15 || !all_chars (vat_id, is_upper_alnum) ||
      !is_upper (vat_id[0]) || !is_upper (vat_id[1]) ||
      !(strncmp (vat_id, "EL", 2) == 0 ||
        in_list ((char[]) { vat_id[0], vat_id[1], '\0' }, country_codes,
                 G_N_ELEMENTS (country_codes))))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s \"%s\" is not a VAT identifier: a country prefix (e.g. DE) then 2 to 13 "
                   "capital letters or digits, without spaces", field, vat_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_einvoice_check_vat_category (const char *field,
                                const char *code,
                                gboolean    allow_empty,
                                GError    **error)
{
  if (code != NULL && *code == '\0' && allow_empty)
    return TRUE;
  if (code != NULL && in_list (code, vat_categories, G_N_ELEMENTS (vat_categories)))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s \"%s\" is not one of S (standard), Z (zero rated), E (exempt), AE (reverse "
               "charge), K (intra-EU), G (export) or O (not subject to VAT)",
               field, code != NULL ? code : "");
  return FALSE;
}

gboolean
dt_einvoice_check_vatex (const char  *field,
                         const char  *code,
                         GError     **error)
{
  if (code == NULL || *code == '\0' || in_list (code, vatex_codes, G_N_ELEMENTS (vatex_codes)))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s \"%s\" is not a VATEX code (e.g. VATEX-EU-AE)", field, code);
  return FALSE;
}

gboolean
dt_einvoice_check_payment_means (const char *code,
                                 GError    **error)
{
  static const char *const means[] = { "30", "58", "59" };

  if (code != NULL && in_list (code, means, G_N_ELEMENTS (means)))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the payment means \"%s\" is not one of 58 (SEPA credit transfer), 30 (credit "
               "transfer) or 59 (SEPA direct debit)", code != NULL ? code : "");
  return FALSE;
}

gboolean
dt_einvoice_check_eas (const char  *field,
                       const char  *scheme,
                       GError     **error)
{
  if (scheme != NULL && in_list (scheme, eas_codes, G_N_ELEMENTS (eas_codes)))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s \"%s\" is not an electronic address scheme of the EAS list (EM for e-mail, "
               "0204 for a Leitweg-ID, 9930 for a German VAT number…)",
               field, scheme != NULL ? scheme : "");
  return FALSE;
}

gboolean
dt_einvoice_check_unit_code (const char  *code,
                             GError     **error)
{
  if (code != NULL && (*code == '\0' || in_list (code, unit_codes, G_N_ELEMENTS (unit_codes))))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "the unit code \"%s\" is not one of HUR, MIN, DAY, WEE, MON, ANN, C62, H87, XPP, "
               "EA, LS, E48, KMT, KGM, MTR or LTR", code != NULL ? code : "");
  return FALSE;
}

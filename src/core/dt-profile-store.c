/* dt-profile-store.c: the freelancer's own business details (one row). */
#define G_LOG_DOMAIN "dt-store"

#include "dt-profile-store.h"
#include "dt-einvoice-codes.h"
#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

#define EINVOICE_COLUMNS \
  "vat_id, tax_number, phone, city, postcode, country, iban, bic, creditor_id, payment_means, " \
  "electronic_address, electronic_address_scheme, vat_category, vat_exemption_reason, " \
  "vat_exemption_code, trading_name"

void
dt_profile_free (DtProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->business_name);
  g_free (profile->trading_name);
  g_free (profile->address);
  g_free (profile->email);
  g_free (profile->tax_id);
  g_free (profile->currency);
  g_free (profile->invoice_footer);
  g_free (profile->vat_id);
  g_free (profile->tax_number);
  g_free (profile->phone);
  g_free (profile->city);
  g_free (profile->postcode);
  g_free (profile->country);
  g_free (profile->iban);
  g_free (profile->bic);
  g_free (profile->creditor_id);
  g_free (profile->payment_means);
  g_free (profile->electronic_address);
  g_free (profile->electronic_address_scheme);
  g_free (profile->vat_category);
  g_free (profile->vat_exemption_reason);
  g_free (profile->vat_exemption_code);
  g_clear_pointer (&profile->logo, g_bytes_unref);
  g_free (profile);
}

DtProfile *
dt_profile_store_get (DtDb    *db,
                      GError **error)
{
  sqlite3_stmt *stmt;
  DtProfile *profile = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT name, business_name, address, email, tax_id, currency, "
                        "hourly_rate, invoice_footer, logo, updated_at, version, " EINVOICE_COLUMNS
                        " FROM profile "
                        "WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      profile = g_new0 (DtProfile, 1);
      profile->name = dt_store_column_dup (stmt, 0);
      profile->business_name = dt_store_column_dup (stmt, 1);
      profile->address = dt_store_column_dup (stmt, 2);
      profile->email = dt_store_column_dup (stmt, 3);
      profile->tax_id = dt_store_column_dup (stmt, 4);
      profile->currency = dt_store_column_dup (stmt, 5);
      profile->hourly_rate = sqlite3_column_int64 (stmt, 6);
      profile->invoice_footer = dt_store_column_dup (stmt, 7);
      if (sqlite3_column_type (stmt, 8) == SQLITE_BLOB)
        profile->logo = g_bytes_new (sqlite3_column_blob (stmt, 8), sqlite3_column_bytes (stmt, 8));
      profile->updated_at = sqlite3_column_int64 (stmt, 9);
      profile->version = sqlite3_column_int64 (stmt, 10);
      profile->vat_id = dt_store_column_dup (stmt, 11);
      profile->tax_number = dt_store_column_dup (stmt, 12);
      profile->phone = dt_store_column_dup (stmt, 13);
      profile->city = dt_store_column_dup (stmt, 14);
      profile->postcode = dt_store_column_dup (stmt, 15);
      profile->country = dt_store_column_dup (stmt, 16);
      profile->iban = dt_store_column_dup (stmt, 17);
      profile->bic = dt_store_column_dup (stmt, 18);
      profile->creditor_id = dt_store_column_dup (stmt, 19);
      profile->payment_means = dt_store_column_dup (stmt, 20);
      profile->electronic_address = dt_store_column_dup (stmt, 21);
      profile->electronic_address_scheme = dt_store_column_dup (stmt, 22);
      profile->vat_category = dt_store_column_dup (stmt, 23);
      profile->vat_exemption_reason = dt_store_column_dup (stmt, 24);
      profile->vat_exemption_code = dt_store_column_dup (stmt, 25);
      profile->trading_name = dt_store_column_dup (stmt, 26);
    }
  else
    dt_db_set_error (db, error, "Could not read the business profile");
  sqlite3_reset (stmt);
  return profile;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
validate_einvoice (const DtProfile  *profile,
                   GError          **error)
{
  g_autofree char *iban = dt_einvoice_compact_iban (profile->iban);
  const char *scheme = or_empty (profile->electronic_address_scheme);
  const char *means = or_empty (profile->payment_means);

  return dt_store_check_text ("the trading name", or_empty (profile->trading_name), 0, 200,
                              error) &&
         dt_store_check_text ("the tax number", or_empty (profile->tax_number), 0, 100, error) &&
         dt_store_check_text ("the telephone", or_empty (profile->phone), 0, 100, error) &&
         dt_store_check_text ("the city", or_empty (profile->city), 0, 200, error) &&
         dt_store_check_text ("the post code", or_empty (profile->postcode), 0, 50, error) &&
         dt_store_check_text ("the SEPA creditor identifier", or_empty (profile->creditor_id),
                              0, 35, error) &&
         dt_store_check_text ("the electronic address", or_empty (profile->electronic_address),
                              0, 320, error) &&
         dt_store_check_text ("the VAT exemption reason", or_empty (profile->vat_exemption_reason),
                              0, 1000, error) &&
         dt_einvoice_check_vat_id ("the VAT ID", or_empty (profile->vat_id), error) &&
         dt_einvoice_check_country ("the country", or_empty (profile->country), error) &&
         dt_einvoice_check_iban ("the IBAN", iban, error) &&
         dt_einvoice_check_bic ("the BIC", or_empty (profile->bic), error) &&
         dt_einvoice_check_payment_means (*means != '\0' ? means : "58", error) &&
         dt_einvoice_check_eas ("the electronic address scheme", *scheme != '\0' ? scheme : "EM",
                                error) &&
         dt_einvoice_check_vat_category ("the default VAT category",
                                         profile->vat_category != NULL &&
                                         *profile->vat_category != '\0'
                                         ? profile->vat_category : "S", FALSE, error) &&
         dt_einvoice_check_vatex ("the VAT exemption code", or_empty (profile->vat_exemption_code),
                                  error);
}

static gboolean
validate (const DtProfile  *profile,
          GError          **error)
{
  if (!dt_store_check_text ("your name", profile->name, 0, 200, error) ||
      !dt_store_check_text ("the business name", profile->business_name, 0, 200, error) ||
      !dt_store_check_text ("the address", profile->address, 0, 2000, error) ||
      !dt_store_check_text ("the e-mail", profile->email, 0, 320, error) ||
      !dt_store_check_text ("the tax id", profile->tax_id, 0, 100, error) ||
      !dt_store_check_text ("the invoice footer", profile->invoice_footer, 0, 4000, error) ||
      !dt_money_currency_valid (profile->currency, error) ||
      !validate_einvoice (profile, error))
    return FALSE;
  if (profile->hourly_rate < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the default hourly rate is %" G_GINT64_FORMAT "; it must be 0 or more",
                   profile->hourly_rate);
      return FALSE;
    }
  if (profile->logo != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (profile->logo, &size);
      gboolean png = size > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
      gboolean jpeg = size > 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff;

      if (size > 1024 * 1024 || !(png || jpeg))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "the logo must be a PNG or JPEG image of at most 1 MiB (this one has %"
                       G_GSIZE_FORMAT " bytes%s)", size, png || jpeg ? "" : " and is neither");
          return FALSE;
        }
    }
  return TRUE;
}

/* Binds the e-invoice fields from @first on, in EINVOICE_COLUMNS order, with their defaults
 * for NULL or "". */
static void
bind_einvoice (sqlite3_stmt    *stmt,
               int              first,
               const DtProfile *profile)
{
  g_autofree char *iban = dt_einvoice_compact_iban (profile->iban);
  const char *means = or_empty (profile->payment_means);
  const char *scheme = or_empty (profile->electronic_address_scheme);
  const char *category = or_empty (profile->vat_category);

  dt_store_bind_text (stmt, first++, or_empty (profile->vat_id));
  dt_store_bind_text (stmt, first++, or_empty (profile->tax_number));
  dt_store_bind_text (stmt, first++, or_empty (profile->phone));
  dt_store_bind_text (stmt, first++, or_empty (profile->city));
  dt_store_bind_text (stmt, first++, or_empty (profile->postcode));
  dt_store_bind_text (stmt, first++, or_empty (profile->country));
  dt_store_bind_text (stmt, first++, iban);
  dt_store_bind_text (stmt, first++, or_empty (profile->bic));
  dt_store_bind_text (stmt, first++, or_empty (profile->creditor_id));
  dt_store_bind_text (stmt, first++, *means != '\0' ? means : "58");
  dt_store_bind_text (stmt, first++, or_empty (profile->electronic_address));
  dt_store_bind_text (stmt, first++, *scheme != '\0' ? scheme : "EM");
  dt_store_bind_text (stmt, first++, *category != '\0' ? category : "S");
  dt_store_bind_text (stmt, first++, or_empty (profile->vat_exemption_reason));
  dt_store_bind_text (stmt, first++, or_empty (profile->vat_exemption_code));
  dt_store_bind_text (stmt, first, or_empty (profile->trading_name));
}

DtProfile *
dt_profile_store_update (DtDb             *db,
                         const DtProfile  *profile,
                         gint64            expected_version,
                         GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  if (!validate (profile, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM profile WHERE id = ?", "profile", 1,
                               expected_version, error))
    goto fail;
  stmt = dt_db_prepare (db, "UPDATE profile SET name = ?, business_name = ?, address = ?, "
                        "email = ?, tax_id = ?, currency = ?, hourly_rate = ?, invoice_footer = ?, "
                        "logo = ?, updated_at = max(updated_at, ?), version = version + 1, "
                        "vat_id = ?, tax_number = ?, phone = ?, city = ?, postcode = ?, "
                        "country = ?, iban = ?, bic = ?, creditor_id = ?, payment_means = ?, "
                        "electronic_address = ?, electronic_address_scheme = ?, vat_category = ?, "
                        "vat_exemption_reason = ?, vat_exemption_code = ?, trading_name = ? "
                        "WHERE id = 1", error);
  if (stmt == NULL)
    goto fail;
  dt_store_bind_text (stmt, 1, profile->name);
  dt_store_bind_text (stmt, 2, profile->business_name);
  dt_store_bind_text (stmt, 3, profile->address);
  dt_store_bind_text (stmt, 4, profile->email);
  dt_store_bind_text (stmt, 5, profile->tax_id);
  dt_store_bind_text (stmt, 6, profile->currency);
  sqlite3_bind_int64 (stmt, 7, profile->hourly_rate);
  dt_store_bind_text (stmt, 8, profile->invoice_footer);
  if (profile->logo != NULL)
    {
      gsize size;
      const void *data = g_bytes_get_data (profile->logo, &size);
      sqlite3_bind_blob (stmt, 9, data, (int) size, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, dt_time_now ());
  bind_einvoice (stmt, 11, profile);
  if (!dt_store_step_done (db, stmt, "Could not save the business profile", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_PROFILE, 0);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_profile_store_get (db, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

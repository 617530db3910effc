/* dt-client-store.c: the freelancer's clients. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-client-store.h"
#include "dt-einvoice-codes.h"
#include "dt-money.h"
#include "dt-profile-store.h"
#include "dt-settings-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define CLIENT_COLUMNS \
  "id, name, email, address, currency, tax_id, payment_terms_days, rate, notes, archived, " \
  "created_at, updated_at, version, buyer_reference, vat_id, city, postcode, country, " \
  "electronic_address, electronic_address_scheme, einvoice_format, vat_category, " \
  "vat_exemption_reason, vat_exemption_code, iban, mandate_reference"

DtClient *
dt_client_new (void)
{
  DtClient *client = g_new0 (DtClient, 1);

  client->name = g_strdup ("");
  client->email = g_strdup ("");
  client->address = g_strdup ("");
  client->tax_id = g_strdup ("");
  client->notes = g_strdup ("");
  client->buyer_reference = g_strdup ("");
  client->vat_id = g_strdup ("");
  client->city = g_strdup ("");
  client->postcode = g_strdup ("");
  client->country = g_strdup ("");
  client->electronic_address = g_strdup ("");
  client->electronic_address_scheme = g_strdup ("EM");
  client->einvoice_format = g_strdup ("pdf");
  client->vat_category = g_strdup ("");
  client->vat_exemption_reason = g_strdup ("");
  client->vat_exemption_code = g_strdup ("");
  client->iban = g_strdup ("");
  client->mandate_reference = g_strdup ("");
  client->payment_terms_days = 30;
  client->rate = DT_NO_VALUE;
  return client;
}

DtClient *
dt_client_new_with_defaults (DtDb *db)
{
  DtClient *client = dt_client_new ();
  g_autoptr(DtProfile) profile = NULL;

  g_return_val_if_fail (DT_IS_DB (db), client);

  client->payment_terms_days = (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TERMS_DAYS,
                                                          client->payment_terms_days);
  profile = dt_profile_store_get (db, NULL);
  client->currency = g_strdup (profile != NULL ? profile->currency : "EUR");
  return client;
}

DtClient *
dt_client_copy (const DtClient *client)
{
  DtClient *copy;

  g_return_val_if_fail (client != NULL, NULL);

  copy = g_memdup2 (client, sizeof *client);
  copy->name = g_strdup (client->name);
  copy->email = g_strdup (client->email);
  copy->address = g_strdup (client->address);
  copy->currency = g_strdup (client->currency);
  copy->tax_id = g_strdup (client->tax_id);
  copy->notes = g_strdup (client->notes);
  copy->buyer_reference = g_strdup (client->buyer_reference);
  copy->vat_id = g_strdup (client->vat_id);
  copy->city = g_strdup (client->city);
  copy->postcode = g_strdup (client->postcode);
  copy->country = g_strdup (client->country);
  copy->electronic_address = g_strdup (client->electronic_address);
  copy->electronic_address_scheme = g_strdup (client->electronic_address_scheme);
  copy->einvoice_format = g_strdup (client->einvoice_format);
  copy->vat_category = g_strdup (client->vat_category);
  copy->vat_exemption_reason = g_strdup (client->vat_exemption_reason);
  copy->vat_exemption_code = g_strdup (client->vat_exemption_code);
  copy->iban = g_strdup (client->iban);
  copy->mandate_reference = g_strdup (client->mandate_reference);
  return copy;
}

void
dt_client_free (DtClient *client)
{
  if (client == NULL)
    return;
  g_free (client->name);
  g_free (client->email);
  g_free (client->address);
  g_free (client->currency);
  g_free (client->tax_id);
  g_free (client->notes);
  g_free (client->buyer_reference);
  g_free (client->vat_id);
  g_free (client->city);
  g_free (client->postcode);
  g_free (client->country);
  g_free (client->electronic_address);
  g_free (client->electronic_address_scheme);
  g_free (client->einvoice_format);
  g_free (client->vat_category);
  g_free (client->vat_exemption_reason);
  g_free (client->vat_exemption_code);
  g_free (client->iban);
  g_free (client->mandate_reference);
  g_free (client);
}

static DtClient *
client_from_row (sqlite3_stmt *stmt)
{
  DtClient *client = g_new0 (DtClient, 1);

  client->id = sqlite3_column_int64 (stmt, 0);
  client->name = dt_store_column_dup (stmt, 1);
  client->email = dt_store_column_dup (stmt, 2);
  client->address = dt_store_column_dup (stmt, 3);
  client->currency = dt_store_column_dup (stmt, 4);
  client->tax_id = dt_store_column_dup (stmt, 5);
  client->payment_terms_days = sqlite3_column_int (stmt, 6);
  client->rate = dt_store_column_opt (stmt, 7);
  client->notes = dt_store_column_dup (stmt, 8);
  client->archived = sqlite3_column_int (stmt, 9) != 0;
  client->created_at = sqlite3_column_int64 (stmt, 10);
  client->updated_at = sqlite3_column_int64 (stmt, 11);
  client->version = sqlite3_column_int64 (stmt, 12);
  client->buyer_reference = dt_store_column_dup (stmt, 13);
  client->vat_id = dt_store_column_dup (stmt, 14);
  client->city = dt_store_column_dup (stmt, 15);
  client->postcode = dt_store_column_dup (stmt, 16);
  client->country = dt_store_column_dup (stmt, 17);
  client->electronic_address = dt_store_column_dup (stmt, 18);
  client->electronic_address_scheme = dt_store_column_dup (stmt, 19);
  client->einvoice_format = dt_store_column_dup (stmt, 20);
  client->vat_category = dt_store_column_dup (stmt, 21);
  client->vat_exemption_reason = dt_store_column_dup (stmt, 22);
  client->vat_exemption_code = dt_store_column_dup (stmt, 23);
  client->iban = dt_store_column_dup (stmt, 24);
  client->mandate_reference = dt_store_column_dup (stmt, 25);
  return client;
}

static const char *
or_default (const char *text,
            const char *fallback)
{
  return text != NULL && *text != '\0' ? text : fallback;
}

static gboolean
validate_einvoice (const DtClient  *client,
                   GError         **error)
{
  g_autofree char *iban = dt_einvoice_compact_iban (client->iban);
  DtEinvoiceFormat format;

  return dt_store_check_text ("the buyer reference", or_default (client->buyer_reference, ""),
                              0, 200, error) &&
         dt_store_check_text ("the city", or_default (client->city, ""), 0, 200, error) &&
         dt_store_check_text ("the post code", or_default (client->postcode, ""), 0, 50, error) &&
         dt_store_check_text ("the electronic address", or_default (client->electronic_address, ""),
                              0, 320, error) &&
         dt_store_check_text ("the VAT exemption reason",
                              or_default (client->vat_exemption_reason, ""), 0, 1000, error) &&
         dt_store_check_text ("the mandate reference", or_default (client->mandate_reference, ""),
                              0, 35, error) &&
         dt_einvoice_check_vat_id ("the client's VAT ID", or_default (client->vat_id, ""), error) &&
         dt_einvoice_check_country ("the client's country", or_default (client->country, ""),
                                    error) &&
         dt_einvoice_check_iban ("the client's IBAN", iban, error) &&
         dt_einvoice_check_eas ("the client's electronic address scheme",
                                or_default (client->electronic_address_scheme, "EM"), error) &&
         dt_einvoice_format_from_string (or_default (client->einvoice_format, "pdf"), &format,
                                         error) &&
         dt_einvoice_check_vat_category ("the client's VAT category",
                                         or_default (client->vat_category, ""), TRUE, error) &&
         dt_einvoice_check_vatex ("the client's VAT exemption code",
                                  or_default (client->vat_exemption_code, ""), error);
}

/* Binds the e-invoice fields from @first on, in CLIENT_COLUMNS order. */
static void
bind_einvoice (sqlite3_stmt   *stmt,
               int             first,
               const DtClient *client)
{
  g_autofree char *iban = dt_einvoice_compact_iban (client->iban);

  dt_store_bind_text (stmt, first++, or_default (client->buyer_reference, ""));
  dt_store_bind_text (stmt, first++, or_default (client->vat_id, ""));
  dt_store_bind_text (stmt, first++, or_default (client->city, ""));
  dt_store_bind_text (stmt, first++, or_default (client->postcode, ""));
  dt_store_bind_text (stmt, first++, or_default (client->country, ""));
  dt_store_bind_text (stmt, first++, or_default (client->electronic_address, ""));
  dt_store_bind_text (stmt, first++, or_default (client->electronic_address_scheme, "EM"));
  dt_store_bind_text (stmt, first++, or_default (client->einvoice_format, "pdf"));
  dt_store_bind_text (stmt, first++, or_default (client->vat_category, ""));
  dt_store_bind_text (stmt, first++, or_default (client->vat_exemption_reason, ""));
  dt_store_bind_text (stmt, first++, or_default (client->vat_exemption_code, ""));
  dt_store_bind_text (stmt, first++, iban);
  dt_store_bind_text (stmt, first, or_default (client->mandate_reference, ""));
}

static gboolean
validate (const DtClient  *client,
          GError         **error)
{
  if (!validate_einvoice (client, error))
    return FALSE;
  if (!dt_store_check_text ("the client name", client->name, 1, 200, error) ||
      !dt_store_check_text ("the e-mail", client->email, 0, 1000, error) ||
      !dt_store_check_text ("the address", client->address, 0, 2000, error) ||
      !dt_store_check_text ("the tax id", client->tax_id, 0, 100, error) ||
      !dt_store_check_text ("the notes", client->notes, 0, 10000, error) ||
      !dt_store_check_optional ("the hourly rate", client->rate, error))
    return FALSE;
  if (client->currency != NULL && !dt_money_currency_valid (client->currency, error))
    return FALSE;
  if (client->payment_terms_days < 0 || client->payment_terms_days > 365)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "payment terms of %d days are out of range; use 0 to 365 days",
                   client->payment_terms_days);
      return FALSE;
    }
  return TRUE;
}

DtClient *
dt_client_store_get (DtDb    *db,
                     gint64   id,
                     GError **error)
{
  sqlite3_stmt *stmt;
  DtClient *client = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " CLIENT_COLUMNS " FROM clients WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    client = client_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "client %" G_GINT64_FORMAT " does not exist",
                 id);
  else
    dt_db_set_error (db, error, "Could not read the client");
  sqlite3_reset (stmt);
  return client;
}

static char *
profile_currency (DtDb *db)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT currency FROM profile WHERE id = 1", NULL);
  char *currency = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    currency = dt_store_column_dup (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return currency ? currency : g_strdup ("EUR");
}

DtClient *
dt_client_store_create (DtDb            *db,
                        const DtClient  *input,
                        GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *currency = NULL;
  gint64 now = dt_time_now ();
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!validate (input, error))
    return NULL;
  currency = input->currency ? g_strdup (input->currency) : profile_currency (db);

  if (!dt_db_begin (db, error))
    return NULL;
  stmt = dt_db_prepare (db,
                        "INSERT INTO clients (name, email, address, currency, tax_id, "
                        "payment_terms_days, rate, notes, archived, created_at, updated_at, "
                        "buyer_reference, vat_id, city, postcode, country, electronic_address, "
                        "electronic_address_scheme, einvoice_format, vat_category, "
                        "vat_exemption_reason, vat_exemption_code, iban, mandate_reference) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  dt_store_bind_text (stmt, 1, input->name);
  dt_store_bind_text (stmt, 2, input->email);
  dt_store_bind_text (stmt, 3, input->address);
  dt_store_bind_text (stmt, 4, currency);
  dt_store_bind_text (stmt, 5, input->tax_id);
  sqlite3_bind_int (stmt, 6, input->payment_terms_days);
  dt_store_bind_opt (stmt, 7, input->rate);
  dt_store_bind_text (stmt, 8, input->notes);
  sqlite3_bind_int (stmt, 9, input->archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, now);
  sqlite3_bind_int64 (stmt, 11, now);
  bind_einvoice (stmt, 12, input);
  if (!dt_store_step_done (db, stmt, "Could not save the client", error))
    goto fail;
  id = sqlite3_last_insert_rowid (dt_db_get_handle (db));
  dt_db_note_change (db, DT_ENTITY_CLIENT, id);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_client_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtClient *
dt_client_store_update (DtDb            *db,
                        const DtClient  *client,
                        gint64           expected_version,
                        GError         **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(DtClient) current = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (client != NULL, NULL);

  if (!validate (client, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM clients WHERE id = ?", "client",
                               client->id, expected_version, error))
    goto fail;
  current = dt_client_store_get (db, client->id, error);
  if (current == NULL)
    goto fail;
  if (client->currency != NULL && g_strcmp0 (client->currency, current->currency) != 0 &&
      dt_store_exists (db, "SELECT 1 FROM invoices WHERE client_id = ? LIMIT 1", client->id))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "client %" G_GINT64_FORMAT " already has invoices in %s; its currency cannot "
                   "change to %s (create a new client for the other currency)",
                   client->id, current->currency, client->currency);
      goto fail;
    }

  stmt = dt_db_prepare (db,
                        "UPDATE clients SET name = ?, email = ?, address = ?, currency = ?, "
                        "tax_id = ?, payment_terms_days = ?, rate = ?, notes = ?, archived = ?, "
                        "updated_at = ?, version = version + 1, buyer_reference = ?, "
                        "vat_id = ?, city = ?, postcode = ?, country = ?, "
                        "electronic_address = ?, electronic_address_scheme = ?, "
                        "einvoice_format = ?, vat_category = ?, vat_exemption_reason = ?, "
                        "vat_exemption_code = ?, iban = ?, mandate_reference = ? WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  dt_store_bind_text (stmt, 1, client->name);
  dt_store_bind_text (stmt, 2, client->email);
  dt_store_bind_text (stmt, 3, client->address);
  dt_store_bind_text (stmt, 4, client->currency ? client->currency : current->currency);
  dt_store_bind_text (stmt, 5, client->tax_id);
  sqlite3_bind_int (stmt, 6, client->payment_terms_days);
  dt_store_bind_opt (stmt, 7, client->rate);
  dt_store_bind_text (stmt, 8, client->notes);
  sqlite3_bind_int (stmt, 9, client->archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, MAX (dt_time_now (), current->updated_at));
  bind_einvoice (stmt, 11, client);
  sqlite3_bind_int64 (stmt, 24, client->id);
  if (!dt_store_step_done (db, stmt, "Could not save the client", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_CLIENT, client->id);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_client_store_get (db, client->id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtClient *
dt_client_store_set_archived (DtDb     *db,
                              gint64    id,
                              gboolean  archived,
                              GError  **error)
{
  g_autoptr(DtClient) client = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  client = dt_client_store_get (db, id, error);
  if (client == NULL)
    return NULL;
  client->archived = archived;
  return dt_client_store_update (db, client, client->version, error);
}

gboolean
dt_client_store_delete (DtDb    *db,
                        gint64   id,
                        GError **error)
{
  sqlite3_stmt *stmt;
  gint64 projects, invoices;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM clients WHERE id = ?", "client", id, 0,
                               error))
    goto fail;
  projects = dt_store_count (db, "SELECT count(*) FROM projects WHERE client_id = ?", id);
  invoices = dt_store_count (db, "SELECT count(*) FROM invoices WHERE client_id = ?", id);
  if (projects != 0 || invoices != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "client %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT " project(s) and %"
                   G_GINT64_FORMAT " invoice(s); its history is kept, so archive it instead "
                   "of deleting it", id, projects, invoices);
      goto fail;
    }
  stmt = dt_db_prepare (db, "DELETE FROM clients WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the client", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_CLIENT, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_client_store_list (DtDb               *db,
                      const DtListQuery  *query,
                      gboolean           *out_has_more,
                      GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  guint limit;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  stmt = dt_db_prepare (db,
                        "SELECT " CLIENT_COLUMNS " FROM clients WHERE id > ?1 "
                        "AND (?2 = 2 OR archived = ?2) "
                        "AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' OR email LIKE ?3 ESCAPE '\\' "
                        "     OR notes LIKE ?3 ESCAPE '\\') "
                        "ORDER BY id LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int (stmt, 2, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  dt_store_bind_like (stmt, 3, query->text);
  sqlite3_bind_int (stmt, 4, (int) limit);

  items = dt_store_collect (db, stmt, (DtStoreRowFunc) client_from_row,
                            (GDestroyNotify) dt_client_free, "Could not list the clients", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

gint64
dt_client_store_count_matching (DtDb              *db,
                                const DtListQuery *query,
                                gint64             before_id,
                                GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (DT_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = dt_db_prepare (db,
                        "SELECT count(*) FROM clients WHERE (?1 = 0 OR id < ?1) "
                        "AND (?2 = 2 OR archived = ?2) "
                        "AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' OR email LIKE ?3 ESCAPE '\\' "
                        "     OR notes LIKE ?3 ESCAPE '\\')", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, before_id);
  sqlite3_bind_int (stmt, 2, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  dt_store_bind_like (stmt, 3, query->text);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    dt_db_set_error (db, error, "Could not count the clients");
  sqlite3_reset (stmt);
  return count;
}

GPtrArray *
dt_client_store_list_range (DtDb              *db,
                            const DtListQuery *query,
                            guint              offset,
                            guint              limit,
                            GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = dt_db_prepare (db,
                        "SELECT " CLIENT_COLUMNS " FROM clients WHERE "
                        "(?1 = 2 OR archived = ?1) "
                        "AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\' "
                        "     OR notes LIKE ?2 ESCAPE '\\') "
                        "ORDER BY id LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 1 : 0);
  dt_store_bind_like (stmt, 2, query->text);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);
  return dt_store_collect (db, stmt, (DtStoreRowFunc) client_from_row,
                           (GDestroyNotify) dt_client_free, "Could not list the clients", error);
}

/* dt-invoicing-snapshots.c: the client and seller an invoice keeps as they were at issue. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-einvoice-snapshot.h"
#include "dt-json-writer.h"
#include "dt-profile-store.h"
#include "dt-store-private.h"

#include <json-glib/json-glib.h>

char *
dt_invoicing_snapshot_client (DtDb    *db,
                              gint64   client_id,
                              int     *out_terms,
                              GError **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, address, email, tax_id, "
                                      "payment_terms_days FROM clients WHERE id = ?", error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DtClient) client = NULL;
  static const char *const names[] = { "name", "address", "email", "tax_id" };

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "client %" G_GINT64_FORMAT " does not exist",
                   client_id);
      return NULL;
    }
  json_builder_begin_object (builder);
  for (int i = 0; i < 4; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
    }
  *out_terms = sqlite3_column_int (stmt, 4);
  sqlite3_reset (stmt);
  client = dt_client_store_get (db, client_id, error);
  if (client == NULL)
    return NULL;
  json_builder_set_member_name (builder, "einvoice");
  json_builder_add_value (builder, dt_einvoice_snapshot_buyer (client));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Keeps @logo among the seller's logos (once, however many invoices show it); returns its
 * SHA-256 in hex. */
static char *
keep_logo (DtDb    *db,
           GBytes  *logo,
           GError **error)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, logo);
  gsize size = 0;
  const void *data = g_bytes_get_data (logo, &size);
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db, "INSERT INTO seller_logos (sha256, data) VALUES (?, ?) "
                            "ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_TRANSIENT);
  if (!dt_store_step_done (db, stmt, "Could not keep the logo", error))
    return NULL;
  return g_steal_pointer (&digest);
}

gboolean
dt_invoicing_freeze_seller (DtDb    *db,
                            gint64   invoice_id,
                            GError **error)
{
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, error);
  g_autoptr(JsonObject) seller = NULL;
  g_autofree char *text = NULL;
  g_autofree char *logo = NULL;
  sqlite3_stmt *stmt;

  if (profile == NULL)
    return FALSE;
  if (profile->logo != NULL && g_bytes_get_size (profile->logo) > 0)
    {
      logo = keep_logo (db, profile->logo, error);
      if (logo == NULL)
        return FALSE;
    }
  seller = json_object_new ();
  json_object_set_string_member (seller, "business_name", profile->business_name);
  json_object_set_string_member (seller, "name", profile->name);
  json_object_set_string_member (seller, "address", profile->address);
  json_object_set_string_member (seller, "email", profile->email);
  json_object_set_string_member (seller, "tax_id", profile->tax_id);
  json_object_set_string_member (seller, "footer", profile->invoice_footer);
  json_object_set_string_member (seller, "logo", logo != NULL ? logo : "");
  json_object_set_member (seller, "einvoice", dt_einvoice_snapshot_seller (profile));
  text = dt_json_to_text_object (seller, NULL);

  stmt = dt_db_prepare (db, "UPDATE invoices SET seller = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  return dt_store_step_done (db, stmt, "Could not keep the seller's details", error);
}

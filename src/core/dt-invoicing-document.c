/* dt-invoicing-document.c: an invoice as its PDF and e-mail show it. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-invoice-store-private.h"
#include "dt-profile-store.h"
#include "dt-store-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

int
dt_invoicing_client_terms (DtDb   *db,
                           gint64  client_id)
{
  return (int) dt_store_count (db, "SELECT payment_terms_days FROM clients WHERE id = ?",
                               client_id);
}

static char **
split_emails (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",;", -1);
  GPtrArray *emails = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (emails, g_strdup (parts[i]));
    }
  g_ptr_array_add (emails, NULL);
  return (char **) g_ptr_array_free (emails, FALSE);
}

static gboolean
fill_bill_to (DtDb              *db,
              const DtInvoice   *invoice,
              DtInvoiceDocument *doc,
              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;

  if (invoice->status != DT_INVOICE_DRAFT &&
      json_parser_load_from_data (parser, invoice->bill_to, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      json_object_has_member (object = json_node_get_object (json_parser_get_root (parser)),
                              "name"))
    {
      doc->bill_to.name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      doc->bill_to.address = g_strdup (json_object_get_string_member_with_default (object,
                                                                                  "address", ""));
      doc->bill_to.emails = split_emails (json_object_get_string_member_with_default (object,
                                                                                     "email", ""));
      doc->bill_to.tax_id = g_strdup (json_object_get_string_member_with_default (object,
                                                                                 "tax_id", ""));
      return TRUE;
    }
  {
    sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, address, email, tax_id FROM clients "
                                        "WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, invoice->client_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        doc->bill_to.name = dt_store_column_dup (stmt, 0);
        doc->bill_to.address = dt_store_column_dup (stmt, 1);
        doc->bill_to.emails = split_emails ((const char *) sqlite3_column_text (stmt, 2));
        doc->bill_to.tax_id = dt_store_column_dup (stmt, 3);
      }
    sqlite3_reset (stmt);
  }
  return TRUE;
}

/* The logo kept under @digest; NULL without @error set when none is. */
static GBytes *
kept_logo (DtDb       *db,
           const char *digest,
           GError    **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT data FROM seller_logos WHERE sha256 = ?",
                                      error);
  GBytes *logo = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    logo = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    dt_db_set_error (db, error, "Could not read the invoice's logo");
  sqlite3_reset (stmt);
  return logo;
}

/* The seller as kept at issue; a draft (or an invoice issued before sellers were kept) shows
 * the profile as it is now, and so does the logo of one issued before logos were kept. */
static gboolean
fill_seller (DtDb              *db,
             const DtInvoice   *invoice,
             const DtProfile   *profile,
             DtInvoiceDocument *doc,
             GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) logo = NULL;
  JsonObject *kept = NULL;

  if (invoice->seller != NULL && g_strcmp0 (invoice->seller, "{}") != 0 &&
      json_parser_load_from_data (parser, invoice->seller, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    kept = json_node_get_object (json_parser_get_root (parser));
#define SELLER(field, member, now) \
  doc->seller.field = g_strdup (kept ? json_object_get_string_member_with_default (kept, member, "") \
                                     : now)
  SELLER (business_name, "business_name", profile->business_name);
  SELLER (name, "name", profile->name);
  SELLER (address, "address", profile->address);
  SELLER (email, "email", profile->email);
  SELLER (tax_id, "tax_id", profile->tax_id);
  SELLER (footer, "footer", profile->invoice_footer);
#undef SELLER

  if (kept != NULL && json_object_has_member (kept, "logo"))
    {
      const char *digest = json_object_get_string_member_with_default (kept, "logo", "");

      if (digest[0] != '\0')
        {
          g_autoptr(GError) local_error = NULL;

          logo = kept_logo (db, digest, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
    }
  else if (profile->logo != NULL)
    logo = g_bytes_ref (profile->logo);
  /* The PDF draws PNG logos only. */
  if (logo != NULL && g_bytes_get_size (logo) > 8 &&
      memcmp (g_bytes_get_data (logo, NULL), "\x89PNG", 4) == 0)
    doc->logo_png = g_steal_pointer (&logo);
  return TRUE;
}

DtInvoiceDocument *
dt_invoicing_build_document (DtDb    *db,
                             gint64   invoice_id,
                             GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  profile = dt_profile_store_get (db, error);
  if (profile == NULL)
    return NULL;

  doc->invoice_id = invoice->id;
  doc->kind = invoice->kind;
  doc->number = g_strdup (invoice->number);
  doc->corrects_number = g_strdup (invoice->credit_for_number);
  doc->status = g_strdup (dt_invoice_status_to_string (invoice->status));
  doc->issue_date = g_strdup (invoice->issue_date);
  doc->due_date = g_strdup (invoice->due_date);
  doc->period_from = g_strdup (invoice->period_from);
  doc->period_to = g_strdup (invoice->period_to);
  doc->currency = g_strdup (invoice->currency);
  if (!fill_seller (db, invoice, profile, doc, error) ||
      !fill_bill_to (db, invoice, doc, error))
    return NULL;

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtInvoiceLine *line = invoice->lines->pdata[i];
      dt_invoice_document_add_line (doc, line->description, line->quantity,
                                    dt_invoice_line_get_unit (line), NULL, line->unit_price,
                                    line->amount, line->tax_rate_bp);
    }
  doc->discount_bp = invoice->discount_bp;
  doc->discount_fixed = invoice->discount_fixed;
  /* The stored figures, as issued; the groups are derived from the same lines. */
  g_array_append_vals (doc->tax_groups, invoice->tax_groups->data, invoice->tax_groups->len);
  doc->subtotal = invoice->subtotal;
  doc->discount = invoice->discount;
  doc->tax_total = invoice->tax_total;
  doc->total = invoice->total;
  doc->paid = invoice->paid;
  doc->balance = invoice->balance;
  doc->notes = g_strdup (invoice->notes);
  if (invoice->terms[0] != '\0')
    doc->terms = g_strdup (invoice->terms);
  else if (invoice->kind == DT_INVOICE_KIND_INVOICE)
    {
      int days = invoice->issue_date && invoice->due_date
                 ? dt_invoice_store_days_between (invoice->issue_date, invoice->due_date)
                 : dt_invoicing_client_terms (db, invoice->client_id);
      doc->terms = days > 0 ? g_strdup_printf ("Payable within %d days.", days)
                            : g_strdup ("Payable on receipt.");
    }
  return g_steal_pointer (&doc);
}

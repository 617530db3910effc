/* dt-einvoice-model.c: one invoice as EN 16931 sees it, gathered from the store once. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "dt-einvoice-model.h"
#include "dt-client-store.h"
#include "dt-einvoice-snapshot.h"
#include "dt-error.h"
#include "dt-invoice-document.h"
#include "dt-invoice-store-private.h"
#include "dt-invoicing.h"
#include "dt-money.h"
#include "dt-profile-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

const char *
dt_einvoice_profile_guideline (DtEinvoiceProfile profile)
{
  return profile == DT_EINVOICE_PROFILE_XRECHNUNG
         ? "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
         : "urn:cen.eu:en16931:2017";
}

const char *
dt_einvoice_profile_process (DtEinvoiceProfile profile)
{
  return profile == DT_EINVOICE_PROFILE_XRECHNUNG
         ? "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
         : NULL;
}

static void
party_clear (DtEinvoiceParty *party)
{
  g_free (party->id);
  g_free (party->name);
  g_free (party->trading_name);
  for (guint i = 0; i < G_N_ELEMENTS (party->address_lines); i++)
    g_free (party->address_lines[i]);
  g_free (party->city);
  g_free (party->postcode);
  g_free (party->country);
  g_free (party->vat_id);
  g_free (party->tax_number);
  g_free (party->electronic_address);
  g_free (party->electronic_address_scheme);
  g_free (party->contact_name);
  g_free (party->contact_phone);
  g_free (party->contact_email);
}

static void
line_free (DtEinvoiceLine *line)
{
  g_free (line->id);
  g_free (line->name);
  g_free (line->description);
  g_free (line->unit_code);
  g_free (line);
}

static void
allowance_free (DtEinvoiceAllowance *allowance)
{
  g_free (allowance->reason);
  g_free (allowance->reason_code);
  g_free (allowance);
}

static void
vat_group_free (DtEinvoiceVatGroup *group)
{
  g_free (group->exemption_reason);
  g_free (group->exemption_code);
  g_free (group);
}

void
dt_einvoice_free (DtEinvoice *einvoice)
{
  if (einvoice == NULL)
    return;
  g_free (einvoice->type_code);
  g_free (einvoice->number);
  g_free (einvoice->issue_date);
  g_free (einvoice->due_date);
  g_free (einvoice->currency);
  g_free (einvoice->buyer_reference);
  g_free (einvoice->order_reference);
  g_free (einvoice->preceding_number);
  g_free (einvoice->preceding_date);
  g_free (einvoice->period_start);
  g_free (einvoice->period_end);
  g_free (einvoice->note);
  g_free (einvoice->payment_terms);
  g_free (einvoice->deliver_to_country);
  party_clear (&einvoice->seller);
  party_clear (&einvoice->buyer);
  g_free (einvoice->payment_means);
  g_free (einvoice->remittance);
  g_free (einvoice->iban);
  g_free (einvoice->account_name);
  g_free (einvoice->bic);
  g_free (einvoice->mandate_reference);
  g_free (einvoice->creditor_id);
  g_free (einvoice->debited_iban);
  g_clear_pointer (&einvoice->lines, g_ptr_array_unref);
  g_clear_pointer (&einvoice->allowances, g_ptr_array_unref);
  g_clear_pointer (&einvoice->vat_groups, g_ptr_array_unref);
  g_free (einvoice);
}

/* ---- formatting ----------------------------------------------------------------------- */

char *
dt_einvoice_format_amount (gint64 minor,
                           int    digits)
{
  guint64 magnitude = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  guint64 scale = 1;

  for (int i = 0; i < digits; i++)
    scale *= 10;
  if (digits <= 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "",
                          magnitude / scale, digits, magnitude % scale);
}

char *
dt_einvoice_format_decimal (gint64 value,
                            int    decimals)
{
  g_autofree char *text = dt_einvoice_format_amount (value, decimals);
  gsize length = strlen (text);

  if (decimals <= 0)
    return g_steal_pointer (&text);
  while (length > 0 && text[length - 1] == '0')
    text[--length] = '\0';
  if (length > 0 && text[length - 1] == '.')
    text[--length] = '\0';
  return g_steal_pointer (&text);
}

char *
dt_einvoice_format_rate (int rate_bp)
{
  return dt_einvoice_format_decimal (rate_bp, 2);
}

/* ---- parties ---------------------------------------------------------------------------- */

static char *
first_email (const char *emails)
{
  g_auto(GStrv) parts = g_strsplit_set (emails != NULL ? emails : "", ",;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        return g_strdup (parts[i]);
    }
  return g_strdup ("");
}

/* Up to three street lines of a free-text address; more lines join the third. */
static void
fill_address_lines (DtEinvoiceParty *party,
                    const char      *address)
{
  g_auto(GStrv) parts = g_strsplit (address != NULL ? address : "", "\n", -1);
  GPtrArray *lines = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (lines, parts[i]);
    }
  for (guint i = 0; i < 3; i++)
    {
      if (i == 2 && lines->len > 3)
        {
          g_ptr_array_add (lines, NULL);
          party->address_lines[i] = g_strjoinv (", ", (char **) lines->pdata + 2);
        }
      else
        party->address_lines[i] = g_strdup (i < lines->len ? lines->pdata[i] : "");
    }
  g_ptr_array_free (lines, TRUE);
}

static gboolean
nonempty (const char *text)
{
  return text != NULL && *text != '\0';
}

static char *
or_fallback (const char *text,
             const char *fallback)
{
  return g_strdup (text != NULL && *text != '\0' ? text : fallback != NULL ? fallback : "");
}

static void
fill_seller (DtEinvoiceParty *party,
             const DtProfile *profile)
{
  party->id = g_strdup (nonempty (profile->vat_id) ? "" : profile->tax_number);
  party->name = or_fallback (profile->business_name, profile->name);
  /* The same name twice says nothing BT-27 does not. */
  party->trading_name = g_strcmp0 (profile->trading_name, party->name) != 0
                        ? or_fallback (profile->trading_name, NULL) : g_strdup ("");
  fill_address_lines (party, profile->address);
  party->city = or_fallback (profile->city, NULL);
  party->postcode = or_fallback (profile->postcode, NULL);
  party->country = or_fallback (profile->country, NULL);
  party->vat_id = or_fallback (profile->vat_id, NULL);
  party->tax_number = or_fallback (profile->tax_number, NULL);
  party->electronic_address = or_fallback (profile->electronic_address, profile->email);
  party->electronic_address_scheme = or_fallback (profile->electronic_address_scheme, "EM");
  if (profile->electronic_address == NULL || *profile->electronic_address == '\0')
    {
      g_free (party->electronic_address_scheme);
      party->electronic_address_scheme = g_strdup ("EM");
    }
  party->contact_name = or_fallback (profile->name, profile->business_name);
  party->contact_phone = or_fallback (profile->phone, NULL);
  party->contact_email = or_fallback (profile->email, NULL);
}

static void
fill_buyer (DtEinvoiceParty *party,
            const DtClient  *client)
{
  g_autofree char *email = first_email (client->email);

  party->id = g_strdup ("");
  party->name = or_fallback (client->name, NULL);
  party->trading_name = g_strdup ("");
  fill_address_lines (party, client->address);
  party->city = or_fallback (client->city, NULL);
  party->postcode = or_fallback (client->postcode, NULL);
  party->country = or_fallback (client->country, NULL);
  party->vat_id = or_fallback (client->vat_id, NULL);
  party->tax_number = g_strdup ("");
  if (client->electronic_address != NULL && *client->electronic_address != '\0')
    {
      party->electronic_address = g_strdup (client->electronic_address);
      party->electronic_address_scheme = or_fallback (client->electronic_address_scheme, "EM");
    }
  else
    {
      party->electronic_address = g_strdup (email);
      party->electronic_address_scheme = g_strdup ("EM");
    }
  party->contact_name = g_strdup ("");
  party->contact_phone = g_strdup ("");
  party->contact_email = g_steal_pointer (&email);
}

/* ---- VAT categories ----------------------------------------------------------------------- */

typedef struct
{
  DtVatCategory  category;
  const char    *reason;   /* the user's, or NULL */
  const char    *code;
} VatChoice;

/* The invoice's category and exemption: its own, else the client's, else the profile's. */
static VatChoice
choose_vat (const DtInvoice *invoice,
            const DtClient  *client,
            const DtProfile *profile)
{
  VatChoice choice = { DT_VAT_STANDARD, NULL, NULL };
  const char *code = "S";

  if (nonempty (invoice->vat_category))
    {
      code = invoice->vat_category;
      choice.reason = invoice->vat_exemption_reason;
      choice.code = invoice->vat_exemption_code;
    }
  else if (nonempty (client->vat_category))
    {
      code = client->vat_category;
      choice.reason = client->vat_exemption_reason;
      choice.code = client->vat_exemption_code;
    }
  else if (nonempty (profile->vat_category))
    {
      code = profile->vat_category;
      choice.reason = profile->vat_exemption_reason;
      choice.code = profile->vat_exemption_code;
    }
  dt_vat_category_from_string (code, &choice.category, NULL);
  return choice;
}

static void
fill_exemption (DtEinvoiceVatGroup *group,
                const VatChoice    *choice,
                const char         *seller_country)
{
  const char *reason = NULL;
  const char *code = NULL;

  if (group->vat_category == DT_VAT_STANDARD || group->vat_category == DT_VAT_ZERO_RATED)
    {
      group->exemption_reason = g_strdup ("");
      group->exemption_code = g_strdup ("");
      return;
    }
  if (group->vat_category == choice->category)
    {
      reason = choice->reason;
      code = choice->code;
    }
  if (!nonempty (reason) && !nonempty (code))
    {
      reason = dt_vat_category_default_exemption_text (group->vat_category);
      code = dt_vat_category_default_exemption_code (group->vat_category);
      if (group->vat_category == DT_VAT_EXEMPT && g_strcmp0 (seller_country, "DE") == 0)
        reason = DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS;
    }
  group->exemption_reason = g_strdup (reason != NULL ? reason : "");
  group->exemption_code = g_strdup (code != NULL ? code : "");
}

/* ---- lines ---------------------------------------------------------------------------------- */

static DtEinvoiceLine *
make_line (const DtInvoiceLine *stored,
           guint                position,
           gint64               sign,
           DtVatCategory        category)
{
  DtEinvoiceLine *line = g_new0 (DtEinvoiceLine, 1);
  const char *newline = strchr (stored->description, '\n');

  line->id = g_strdup_printf ("%u", position);
  line->name = newline != NULL ? g_strndup (stored->description, newline - stored->description)
                               : g_strdup (stored->description);
  g_strstrip (line->name);
  if (*line->name == '\0')
    {
      g_free (line->name);
      line->name = g_strdup (stored->description);
      g_strstrip (line->name);
    }
  line->description = g_strdup (newline != NULL ? stored->description : "");
  line->net_amount = sign * stored->amount;
  line->price = sign * stored->unit_price;
  line->quantity = stored->quantity;
  /* BT-146 may not be negative: a negative price is a negative quantity. */
  if (line->price < 0)
    {
      line->price = -line->price;
      line->quantity = -line->quantity;
    }
  line->base_quantity = 1;
  if (stored->kind == DT_LINE_FIXED)
    {
      line->quantity_decimals = 3;
      line->unit_code = g_strdup (nonempty (stored->unit_code) ? stored->unit_code : "C62");
    }
  else if (stored->quantity % 3 == 0)
    {
      line->quantity = line->quantity / 3 * 5;  /* hundredths of an hour */
      line->quantity_decimals = 2;
      line->unit_code = g_strdup ("HUR");
    }
  else
    {
      line->quantity_decimals = 0;
      line->base_quantity = 60;
      line->unit_code = g_strdup ("MIN");
    }
  line->vat_category = category;
  line->vat_rate_bp = stored->tax_rate_bp;
  return line;
}

static __int128
power_of_ten (int exponent)
{
  __int128 value = 1;

  while (exponent-- > 0)
    value *= 10;
  return value;
}

/* How far quantity × price ÷ base is from the line amount, as a fraction of minor units:
 * *@num / *@den. */
static void
price_miss (const DtEinvoiceLine *line,
            __int128             *num,
            __int128             *den)
{
  __int128 scale = power_of_ten (line->quantity_decimals) * power_of_ten (line->price_decimals) *
                   line->base_quantity;
  __int128 miss = (__int128) line->quantity * line->price - (__int128) line->net_amount * scale;

  *num = miss < 0 ? -miss : miss;
  *den = scale;
}

/* Rounding the line amount once leaves quantity × price up to half a minor unit from it: a
 * cent is within Peppol's tolerance of 0.02, half a yen is not. Such a price gets the
 * decimals that bring the product within a two-hundredth of a minor unit of the amount. */
static void
fit_price_to_amount (DtEinvoiceLine *line,
                     int             digits)
{
  __int128 num, den, quantity, amount;

  price_miss (line, &num, &den);
  if (line->quantity == 0 || num * 100 <= den * power_of_ten (MAX (digits, 0)))
    return;
  quantity = line->quantity < 0 ? -(__int128) line->quantity : line->quantity;
  amount = line->net_amount < 0 ? -(__int128) line->net_amount : line->net_amount;
  for (int decimals = 1; decimals <= 6; decimals++)
    {
      __int128 scaled = amount * power_of_ten (line->quantity_decimals) *
                        power_of_ten (decimals) * line->base_quantity;

      line->price_decimals = decimals;
      line->price = (gint64) ((scaled + quantity / 2) / quantity);
      price_miss (line, &num, &den);
      if (num * 200 <= den)
        return;
    }
}

/* ---- the VAT breakdown ------------------------------------------------------------------- */

typedef struct
{
  DtVatCategory  category;
  int            rate_bp;
  gint64         lines;   /* Σ line amounts, signed as stored */
  gint64         share;   /* its part of the discount, signed as stored */
  gint64         tax;
} Bucket;

static int
compare_buckets (gconstpointer a,
                 gconstpointer b)
{
  const Bucket *x = a, *y = b;

  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  return x->rate_bp < y->rate_bp ? -1 : x->rate_bp > y->rate_bp;
}

/* Splits each rate group of @doc (after dt_invoice_document_compute_totals) among the VAT
 * categories of its lines: the rate's discount share and tax go to the categories in
 * proportion to their amounts, the rounding remainder to the largest, so every total the
 * store keeps is kept exactly. */
static gboolean
split_by_category (const DtInvoiceDocument *doc,
                   const GArray            *categories,
                   GArray                  *buckets,
                   GError                 **error)
{
  for (guint g = 0; g < doc->tax_groups->len; g++)
    {
      const DtInvoiceTaxGroup *group = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, g);
      guint first = buckets->len, largest;
      gint64 group_lines = 0, shared = 0, taxed = 0;

      for (guint i = 0; i < doc->lines->len; i++)
        {
          const DtInvoiceDocumentLine *line = g_ptr_array_index (doc->lines, i);
          DtVatCategory category = g_array_index (categories, DtVatCategory, i);
          Bucket *bucket = NULL;

          if (line->tax_rate_bp != group->rate_bp)
            continue;
          group_lines += line->amount;
          for (guint b = first; b < buckets->len; b++)
            if (g_array_index (buckets, Bucket, b).category == category)
              bucket = &g_array_index (buckets, Bucket, b);
          if (bucket == NULL)
            {
              Bucket fresh = { category, group->rate_bp, 0, 0, 0 };
              g_array_append_val (buckets, fresh);
              bucket = &g_array_index (buckets, Bucket, buckets->len - 1);
            }
          bucket->lines += line->amount;
        }

      largest = first;
      for (guint b = first; b < buckets->len; b++)
        if (ABS (g_array_index (buckets, Bucket, b).lines) >
            ABS (g_array_index (buckets, Bucket, largest).lines))
          largest = b;
      for (guint b = first; b < buckets->len; b++)
        {
          Bucket *bucket = &g_array_index (buckets, Bucket, b);
          gint64 group_share = group_lines - group->base;

          if (buckets->len - first == 1)
            {
              bucket->share = group_share;
              bucket->tax = group->tax;
            }
          else if (group_lines != 0)
            {
              if (!dt_money_mul_div_round (group_share, bucket->lines, group_lines,
                                           &bucket->share))
                goto overflow;
              bucket->tax = dt_money_percent_bp (bucket->lines - bucket->share, group->rate_bp);
            }
          shared += bucket->share;
          taxed += bucket->tax;
        }
      if (buckets->len > first)
        {
          Bucket *big = &g_array_index (buckets, Bucket, largest);
          big->share += (group_lines - group->base) - shared;
          big->tax += group->tax - taxed;
        }
    }
  g_array_sort (buckets, compare_buckets);
  return TRUE;

overflow:
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the invoice's amounts are too large");
  return FALSE;
}

/* ---- gathering ------------------------------------------------------------------------------ */

static char *
local_date_or_empty (sqlite3_stmt *stmt,
                     int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return g_strdup ("");
  return dt_time_local_date (sqlite3_column_int64 (stmt, col));
}

/* BG-14 when the invoice names none: the first and last day of the work it bills. */
static void
default_period (DtDb       *db,
                DtEinvoice *einvoice)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT min(e.start_at), max(coalesce(e.end_at, "
                                      "e.start_at)) FROM time_entries e JOIN invoice_lines l "
                                      "ON l.id = e.invoice_line_id WHERE l.invoice_id = ?",
                                      NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, einvoice->invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_free (einvoice->period_start);
      einvoice->period_start = local_date_or_empty (stmt, 0);
      g_free (einvoice->period_end);
      einvoice->period_end = local_date_or_empty (stmt, 1);
    }
  sqlite3_reset (stmt);
}

static char *
issue_date_of (DtDb   *db,
               gint64  invoice_id)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT issue_date FROM invoices WHERE id = ?", NULL);
  char *date = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    date = dt_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return date != NULL ? date : g_strdup ("");
}

static gboolean
fill_totals (DtEinvoice       *einvoice,
             const DtInvoice  *invoice,
             const GArray     *categories,
             const VatChoice  *choice,
             GError          **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
  g_autoptr(GArray) buckets = g_array_new (FALSE, TRUE, sizeof (Bucket));
  gint64 sign = einvoice->is_credit_note ? -1 : 1;

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtInvoiceLine *line = invoice->lines->pdata[i];
      dt_invoice_document_add_line (doc, line->description, line->quantity,
                                    dt_invoice_line_get_unit (line), NULL, line->unit_price,
                                    line->amount, line->tax_rate_bp);
    }
  doc->discount_bp = invoice->discount_bp;
  doc->discount_fixed = invoice->discount_fixed;
  doc->paid = invoice->paid;
  if (!dt_invoice_document_compute_totals (doc, error) ||
      !split_by_category (doc, categories, buckets, error))
    return FALSE;
  if (doc->subtotal != invoice->subtotal || doc->discount != invoice->discount ||
      doc->tax_total != invoice->tax_total || doc->total != invoice->total)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "invoice %" G_GINT64_FORMAT " stores totals (%" G_GINT64_FORMAT " − %"
                   G_GINT64_FORMAT " + %" G_GINT64_FORMAT " tax = %" G_GINT64_FORMAT ") that "
                   "its lines do not give (%" G_GINT64_FORMAT " − %" G_GINT64_FORMAT " + %"
                   G_GINT64_FORMAT " = %" G_GINT64_FORMAT ")", invoice->id, invoice->subtotal,
                   invoice->discount, invoice->tax_total, invoice->total, doc->subtotal,
                   doc->discount, doc->tax_total, doc->total);
      return FALSE;
    }

  for (guint b = 0; b < buckets->len; b++)
    {
      const Bucket *bucket = &g_array_index (buckets, Bucket, b);
      DtEinvoiceVatGroup *group = g_new0 (DtEinvoiceVatGroup, 1);

      group->vat_category = bucket->category;
      group->vat_rate_bp = bucket->rate_bp;
      group->taxable = sign * (bucket->lines - bucket->share);
      group->tax = sign * bucket->tax;
      fill_exemption (group, choice, einvoice->seller.country);
      g_ptr_array_add (einvoice->vat_groups, group);
      if (bucket->share != 0)
        {
          DtEinvoiceAllowance *allowance = g_new0 (DtEinvoiceAllowance, 1);

          allowance->amount = sign * bucket->share;
          allowance->vat_category = bucket->category;
          allowance->vat_rate_bp = bucket->rate_bp;
          allowance->reason = g_strdup ("Discount");
          allowance->reason_code = g_strdup ("95");
          g_ptr_array_add (einvoice->allowances, allowance);
          einvoice->allowance_total += allowance->amount;
        }
      einvoice->tax_total += group->tax;
    }
  for (guint i = 0; i < einvoice->lines->len; i++)
    einvoice->line_total += ((DtEinvoiceLine *) einvoice->lines->pdata[i])->net_amount;
  einvoice->charge_total = 0;
  einvoice->tax_exclusive = einvoice->line_total - einvoice->allowance_total
                            + einvoice->charge_total;
  einvoice->tax_inclusive = einvoice->tax_exclusive + einvoice->tax_total;
  einvoice->prepaid = sign * invoice->paid;
  einvoice->rounding = 0;
  einvoice->due = einvoice->tax_inclusive - einvoice->prepaid + einvoice->rounding;
  g_assert (einvoice->tax_inclusive == sign * invoice->total);
  return TRUE;
}

DtEinvoice *
dt_einvoice_build (DtDb    *db,
                   gint64   invoice_id,
                   GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (DtVatCategory));
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  VatChoice choice;
  gint64 sign;
  int digits;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  profile = dt_profile_store_get (db, error);
  if (profile == NULL)
    return NULL;
  client = dt_client_store_get (db, invoice->client_id, error);
  if (client == NULL)
    return NULL;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      dt_einvoice_snapshot_apply_seller (invoice->seller, profile);
      dt_einvoice_snapshot_apply_buyer (invoice->bill_to, client);
    }

  einvoice = g_new0 (DtEinvoice, 1);
  einvoice->invoice_id = invoice_id;
  einvoice->is_draft = invoice->status == DT_INVOICE_DRAFT;
  einvoice->is_credit_note = invoice->kind == DT_INVOICE_KIND_CREDIT_NOTE;
  sign = einvoice->is_credit_note ? -1 : 1;
  einvoice->type_code = g_strdup (einvoice->is_credit_note ? DT_EINVOICE_TYPE_CREDIT_NOTE
                                                           : DT_EINVOICE_TYPE_INVOICE);
  if (einvoice->is_draft)
    {
      /* What issuing today would give, as dt_invoicing_prepare_send shows it. */
      einvoice->number = dt_invoicing_peek_number (db, invoice->kind, today, error);
      if (einvoice->number == NULL)
        return NULL;
      einvoice->issue_date = g_strdup (today);
      einvoice->due_date = invoice->due_date != NULL
                           ? g_strdup (invoice->due_date)
                           : dt_invoice_store_add_days (today, client->payment_terms_days);
    }
  else
    {
      einvoice->number = or_fallback (invoice->number, NULL);
      einvoice->issue_date = or_fallback (invoice->issue_date, NULL);
      einvoice->due_date = or_fallback (invoice->due_date, NULL);
    }
  einvoice->currency = g_strdup (invoice->currency);
  digits = dt_money_currency_exponent (invoice->currency);
  einvoice->currency_digits = digits == 0 || digits == 2 ? digits : -1;
  einvoice->buyer_reference = or_fallback (client->buyer_reference, NULL);
  einvoice->order_reference = or_fallback (invoice->order_reference, NULL);
  einvoice->preceding_number = or_fallback (invoice->credit_for_number, NULL);
  einvoice->preceding_date = invoice->credit_for_id != 0
                             ? issue_date_of (db, invoice->credit_for_id) : g_strdup ("");
  einvoice->period_start = or_fallback (invoice->period_from, NULL);
  einvoice->period_end = or_fallback (invoice->period_to, NULL);
  if (invoice->period_from == NULL && invoice->period_to == NULL)
    default_period (db, einvoice);
  einvoice->note = or_fallback (invoice->notes, NULL);
  einvoice->payment_terms = or_fallback (invoice->terms, NULL);

  fill_seller (&einvoice->seller, profile);
  fill_buyer (&einvoice->buyer, client);

  einvoice->payment_means = or_fallback (profile->payment_means, "58");
  einvoice->remittance = g_strdup (einvoice->number);
  einvoice->iban = or_fallback (profile->iban, NULL);
  einvoice->account_name = g_strdup (einvoice->seller.name);
  einvoice->bic = or_fallback (profile->bic, NULL);
  einvoice->mandate_reference = or_fallback (client->mandate_reference, NULL);
  einvoice->creditor_id = or_fallback (profile->creditor_id, NULL);
  einvoice->debited_iban = or_fallback (client->iban, NULL);

  choice = choose_vat (invoice, client, profile);
  einvoice->vat_category = choice.category;
  einvoice->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  einvoice->allowances = g_ptr_array_new_with_free_func ((GDestroyNotify) allowance_free);
  einvoice->vat_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) vat_group_free);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtInvoiceLine *stored = invoice->lines->pdata[i];
      DtVatCategory category = choice.category;

      if (nonempty (stored->vat_category))
        dt_vat_category_from_string (stored->vat_category, &category, NULL);
      g_array_append_val (categories, category);
      g_ptr_array_add (einvoice->lines, make_line (stored, i + 1, sign, category));
      fit_price_to_amount (einvoice->lines->pdata[i], einvoice->currency_digits);
    }
  einvoice->deliver_to_country = g_strdup ("");
  for (guint i = 0; i < categories->len; i++)
    if (g_array_index (categories, DtVatCategory, i) == DT_VAT_INTRA_EU)
      {
        g_free (einvoice->deliver_to_country);
        einvoice->deliver_to_country = g_strdup (einvoice->buyer.country);
      }

  if (!fill_totals (einvoice, invoice, categories, &choice, error))
    return NULL;
  return g_steal_pointer (&einvoice);
}

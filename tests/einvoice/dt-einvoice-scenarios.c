/* dt-einvoice-scenarios.c: e-invoices made through the store's API, as a user makes them. */
#include "dt-einvoice-scenarios.h"

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-invoice-store.h"
#include "dt-invoicing.h"
#include "dt-payment-store.h"
#include "dt-profile-store.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *const scenario_names[] = {
  "public-sector", "small-business", "reverse-charge", "export", "credit-note",
  "partially-paid", NULL,
};

const char * const *
dt_einvoice_scenario_names (void)
{
  return scenario_names;
}

#define SET(field, value) G_STMT_START { g_free (field); field = g_strdup (value); } G_STMT_END

/* Work is tracked from here on, one entry after the other; "now" stays a day ahead of it. */
static gint64 cursor;

static void
advance_to (gint64 instant)
{
  cursor = MAX (cursor, instant);
  dt_time_set_fake_now (cursor + 24 * 3600);
}

/* The German freelancer every scenario bills from; @small_business is § 19 UStG (category
 * E), and without @vat_id the seller has only a tax number (as § 19 and category O ask). */
static gboolean
set_seller (DtDb        *db,
            gboolean     small_business,
            gboolean     vat_id,
            const char  *payment_means,
            GError     **error)
{
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, error);
  g_autoptr(DtProfile) saved = NULL;

  if (profile == NULL)
    return FALSE;
  SET (profile->name, "Lena Berger");
  SET (profile->business_name, "Berger IT-Beratung");
  SET (profile->address, "Hauptstraße 5\nHinterhaus");
  SET (profile->city, "Berlin");
  SET (profile->postcode, "10115");
  SET (profile->country, "DE");
  SET (profile->email, "lena@berger.example");
  SET (profile->phone, "+49 30 1234567");
  SET (profile->vat_id, vat_id ? "DE123456789" : "");
  SET (profile->tax_number, "12/345/67890");
  SET (profile->iban, "DE89370400440532013000");
  SET (profile->bic, "COBADEFFXXX");
  SET (profile->creditor_id, "DE98ZZZ09999999999");
  SET (profile->payment_means, payment_means);
  SET (profile->vat_category, small_business ? "E" : "S");
  SET (profile->vat_exemption_reason, "");
  SET (profile->vat_exemption_code, "");
  saved = dt_profile_store_update (db, profile, 0, error);
  return saved != NULL;
}

typedef struct
{
  const char *name;
  const char *currency;
  const char *address;
  const char *city;
  const char *postcode;
  const char *country;
  const char *vat_id;
  const char *buyer_reference;
  const char *electronic_address;
  const char *scheme;
  const char *vat_category;
  const char *format;
} ClientSpec;

static gint64
make_client (DtDb              *db,
             const ClientSpec  *spec,
             gint64            *out_task_id,
             gint64             rate,
             GError           **error)
{
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtProject) project_in = dt_project_new ();
  g_autoptr(DtProject) project = NULL;
  g_autoptr(DtTask) task_in = dt_task_new ();
  g_autoptr(DtTask) task = NULL;

  SET (input->name, spec->name);
  input->currency = g_strdup (spec->currency);
  SET (input->email, "invoices@client.example, accounting@client.example");
  SET (input->address, spec->address);
  SET (input->city, spec->city);
  SET (input->postcode, spec->postcode);
  SET (input->country, spec->country);
  SET (input->vat_id, spec->vat_id);
  SET (input->buyer_reference, spec->buyer_reference);
  SET (input->electronic_address, spec->electronic_address);
  SET (input->electronic_address_scheme, spec->scheme);
  SET (input->vat_category, spec->vat_category);
  SET (input->einvoice_format, spec->format);
  SET (input->iban, "DE02120300000000202051");
  SET (input->mandate_reference, "MANDATE-0001");
  input->payment_terms_days = 14;
  input->rate = rate;
  client = dt_client_store_create (db, input, error);
  if (client == NULL)
    return 0;
  SET (project_in->name, "Consulting");
  project_in->client_id = client->id;
  project = dt_project_store_create (db, project_in, error);
  if (project == NULL)
    return 0;
  SET (task_in->title, "Architecture review");
  task_in->project_id = project->id;
  task = dt_task_store_create (db, task_in, error);
  if (task == NULL)
    return 0;
  *out_task_id = task->id;
  return client->id;
}

static gboolean
add_entry (DtDb     *db,
           gint64    task_id,
           gint64    minutes,
           GError  **error)
{
  g_autoptr(DtTask) task = dt_task_store_get (db, task_id, error);
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) entry = NULL;

  if (task == NULL)
    return FALSE;
  input->project_id = task->project_id;
  input->task_id = task_id;
  input->start_at = cursor + 60;
  input->end_at = input->start_at + minutes * 60;
  advance_to (input->end_at);
  entry = dt_time_entry_store_create (db, input, error);
  return entry != NULL;
}

DtInvoiceLine *
dt_einvoice_scenario_line (DtLineKind   kind,
                           const char  *description,
                           gint64       quantity,
                           gint64       unit_price,
                           int          rate_bp,
                           const char  *category,
                           const char  *unit_code)
{
  DtInvoiceLine *line = dt_invoice_line_new (kind);

  SET (line->description, description);
  line->quantity = quantity;
  line->unit_price = unit_price;
  line->tax_rate_bp = rate_bp;
  SET (line->vat_category, category != NULL ? category : "");
  SET (line->unit_code, unit_code != NULL ? unit_code : "");
  return line;
}

/* A draft of everything tracked for @client_id since @from, issued. */
static gint64
draft_and_issue (DtDb        *db,
                 gint64       client_id,
                 gint64       from,
                 int          tax_rate_bp,
                 GPtrArray   *extra_lines,
                 int          discount_bp,
                 gint64       discount_fixed,
                 const char  *order_reference,
                 GError     **error)
{
  DtDraftRequest request = { 0 };
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) edited = NULL;
  g_autoptr(DtInvoice) issued = NULL;

  request.client_id = client_id;
  request.from = from;
  request.to = cursor + 1;
  request.grouping = DT_GROUP_BY_TASK;
  request.tax_rate_bp = tax_rate_bp;
  request.extra_lines = extra_lines;
  request.discount_bp = discount_bp;
  request.discount_fixed = discount_fixed;
  request.notes = "Thank you for your business.";
  request.terms = "Payable within 14 days without deduction.";
  draft = dt_invoicing_create_draft (db, &request, error);
  if (draft == NULL)
    return 0;
  if (order_reference != NULL)
    {
      SET (draft->order_reference, order_reference);
      edited = dt_invoice_store_update_draft (db, draft, draft->version, error);
      if (edited == NULL)
        return 0;
    }
  issued = dt_invoicing_mark_sent (db, draft->id, NULL, NULL, 0, error);
  return issued != NULL ? issued->id : 0;
}

gboolean
dt_einvoice_scenario_pay (DtDb     *db,
                          gint64    invoice_id,
                          gint64    amount,
                          GError  **error)
{
  g_autoptr(DtPayment) payment = dt_payment_new ();
  g_autoptr(DtPayment) recorded = NULL;

  payment->invoice_id = invoice_id;
  payment->amount = amount;
  SET (payment->method, "bank transfer");
  recorded = dt_payment_store_record (db, payment, error);
  return recorded != NULL;
}

void
dt_einvoice_scenario_remove_store (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        dt_einvoice_scenario_remove_store (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static const ClientSpec public_sector = {
  "Bezirksamt Mitte von Berlin", "EUR", "Karl-Marx-Allee 31", "Berlin", "10178", "DE", "",
  "04011000-12345-03", "04011000-12345-03", "0204", "", "xrechnung-cii",
};
static const ClientSpec german_firm = {
  "Kanzlei Roth & Partner", "EUR", "Lindenstraße 12", "Potsdam", "14467", "DE", "DE987654321",
  "KD-1001", "rechnung@roth.example", "EM", "", "facturx",
};
static const ClientSpec austrian_firm = {
  "Alpen Software GmbH", "EUR", "Mariahilfer Straße 100", "Wien", "1060", "AT", "ATU12345678",
  "PO-2026-17", "ap@alpen.example", "EM", "AE", "xrechnung-ubl",
};
static const ClientSpec us_firm = {
  "Acme Corporation", "USD", "1 Infinite Loop", "Cupertino", "95014", "US", "",
  "ACME-PO-993", "ap@acme.example", "EM", "G", "xrechnung-ubl",
};

gint64
dt_einvoice_scenario_make (DtDb        *db,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  gint64 task_id = 0, client_id, invoice_id, start;
  gboolean small_business = g_strcmp0 (name, "small-business") == 0;
  const ClientSpec *spec = &german_firm;
  int rate_bp = 1900;

  if (!g_strv_contains (scenario_names, name))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "there is no scenario \"%s\"", name);
      return 0;
    }
  if (cursor == 0)
    advance_to (dt_time_local_midnight (2026, 3, 2) + 8 * 3600);
  start = cursor;
  if (g_strcmp0 (name, "public-sector") == 0)
    spec = &public_sector;
  else if (g_strcmp0 (name, "reverse-charge") == 0)
    spec = &austrian_firm, rate_bp = 0;
  else if (g_strcmp0 (name, "export") == 0)
    spec = &us_firm, rate_bp = 0;
  else if (small_business)
    rate_bp = 0;

  if (!set_seller (db, small_business, !small_business, "58", error))
    return 0;
  client_id = make_client (db, spec, &task_id, 9500, error);
  if (client_id == 0 || !add_entry (db, task_id, 90, error) ||
      !add_entry (db, task_id, 125, error) || !add_entry (db, task_id, 47, error))
    return 0;
  g_ptr_array_add (extra, dt_einvoice_scenario_line (DT_LINE_FIXED,
                                                     "Travel expenses\nBerlin – client site",
                                                     2000, 4550, rate_bp, NULL, "LS"));
  g_ptr_array_add (extra, dt_einvoice_scenario_line (DT_LINE_HOURLY, "Workshop preparation",
                                                     150, 8000, rate_bp, NULL, NULL));
  invoice_id = draft_and_issue (db, client_id, start, rate_bp, extra,
                                g_strcmp0 (name, "partially-paid") == 0 ? 1000 : 0,
                                g_strcmp0 (name, "partially-paid") == 0 ? 500 : 0,
                                g_strcmp0 (name, "public-sector") == 0 ? "4500012345" : NULL,
                                error);
  if (invoice_id == 0)
    return 0;
  if (g_strcmp0 (name, "partially-paid") == 0 &&
      !dt_einvoice_scenario_pay (db, invoice_id, 30000, error))
    return 0;
  if (g_strcmp0 (name, "credit-note") == 0)
    {
      g_autoptr(DtInvoice) credit = NULL;

      if (!dt_einvoice_scenario_pay (db, invoice_id, 10000, error))
        return 0;
      credit = dt_invoicing_create_credit_note (db, invoice_id, "Workshop cancelled", error);
      return credit != NULL ? credit->id : 0;
    }
  return invoice_id;
}

gint64
dt_einvoice_scenario_draft (DtDb    *db,
                            GError **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  DtDraftRequest request = { 0 };
  g_autoptr(DtInvoice) draft = NULL;
  gint64 task_id = 0, client_id, start;

  if (cursor == 0)
    advance_to (dt_time_local_midnight (2026, 3, 2) + 8 * 3600);
  start = cursor;
  if (!set_seller (db, FALSE, TRUE, "58", error))
    return 0;
  client_id = make_client (db, &german_firm, &task_id, 9000, error);
  if (client_id == 0 || !add_entry (db, task_id, 60, error) || !add_entry (db, task_id, 50, error))
    return 0;
  g_ptr_array_add (extra, dt_einvoice_scenario_line (DT_LINE_FIXED, "Licence", 1000, 12000, 1900,
                                                     NULL, NULL));
  request.client_id = client_id;
  request.from = start;
  request.to = cursor + 1;
  request.grouping = DT_GROUP_BY_TASK;
  request.tax_rate_bp = 1900;
  request.extra_lines = extra;
  draft = dt_invoicing_create_draft (db, &request, error);
  return draft != NULL ? draft->id : 0;
}

/* ---- random invoices --------------------------------------------------------------------- */

static const char *const currencies[] = { "EUR", "EUR", "EUR", "JPY", "USD", "GBP", "CHF", "SEK" };
static const int standard_rates[] = { 1900, 700, 2000, 2100, 2500, 550, 1000, 1350, 800 };
static const char *const categories[] = { "S", "S", "S", "Z", "E", "AE", "K", "G", "O" };
static const char *const means[] = { "58", "58", "30", "59" };
static const char *const units[] = { "", "C62", "DAY", "LS", "H87", "KMT", "E48" };
static const char *const countries[] = { "DE", "AT", "FR", "NL", "IT", "US", "CH", "JP", "GB" };

#define PICK(rand, array) (array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))]

static int
rate_for (GRand      *rand,
          const char *category)
{
  return g_strcmp0 (category, "S") == 0 ? PICK (rand, standard_rates) : 0;
}

gint64
dt_einvoice_random_make (DtDb     *db,
                         GRand    *rand,
                         guint     index,
                         GError  **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  g_autofree char *name = g_strdup_printf ("Random client %u", index);
  g_autofree char *vat_id = NULL;
  g_autofree char *reference = g_strdup_printf ("REF-%05u", index);
  const char *category = PICK (rand, categories);
  const char *currency = PICK (rand, currencies);
  gboolean jpy = g_strcmp0 (currency, "JPY") == 0;
  gboolean small_business = g_strcmp0 (category, "E") == 0 && g_rand_boolean (rand);
  gboolean out_of_scope = g_strcmp0 (category, "O") == 0;
  ClientSpec spec = { 0 };
  gint64 task_id = 0, client_id, invoice_id, start, rate, scale = jpy ? 1 : 100;
  int line_rate = rate_for (rand, category);
  int entries = g_rand_int_range (rand, 1, 6);
  int extras = g_rand_int_range (rand, 0, 4);
  int discount_bp = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 1, 3001) : 0;
  gint64 discount_fixed = g_rand_int_range (rand, 0, 5) == 0
                          ? g_rand_int_range (rand, 1, 200) * scale : 0;

  if (cursor == 0)
    advance_to (dt_time_local_midnight (2024, 1, 8) + 8 * 3600);
  start = cursor;
  spec.name = name;
  spec.currency = currency;
  spec.address = g_rand_boolean (rand) ? "Musterweg 1" : "Via Roma 7\nScala B\nInterno 4\nPiano 2";
  spec.city = "Musterstadt";
  spec.postcode = "12345";
  /* The buyer's country fits the treatment: abroad for intra-EU and exports. */
  if (g_strcmp0 (category, "K") == 0 || g_strcmp0 (category, "AE") == 0)
    spec.country = g_rand_boolean (rand) ? "AT" : "FR";
  else if (g_strcmp0 (category, "G") == 0)
    spec.country = g_rand_boolean (rand) ? "US" : "JP";
  else
    spec.country = PICK (rand, countries);
  vat_id = out_of_scope ? g_strdup ("")
           : g_strcmp0 (spec.country, "AT") == 0 ? g_strdup_printf ("ATU%08u", index)
           : g_strcmp0 (spec.country, "FR") == 0 ? g_strdup_printf ("FRXX%09u", index)
           : g_strdup (g_rand_boolean (rand) ? "DE987654321" : "");
  spec.vat_id = vat_id;
  spec.buyer_reference = reference;
  spec.electronic_address = g_rand_boolean (rand) ? "" : "einvoice@buyer.example";
  spec.scheme = "EM";
  spec.vat_category = small_business ? "" : category;
  spec.format = "xrechnung-cii";

  if (!set_seller (db, small_business, !small_business && !out_of_scope, PICK (rand, means),
                   error))
    return 0;
  rate = (gint64) g_rand_int_range (rand, 1, 300) * scale + (jpy ? 0 : g_rand_int_range (rand, 0, 100));
  client_id = make_client (db, &spec, &task_id, rate, error);
  if (client_id == 0)
    return 0;
  for (int i = 0; i < entries; i++)
    if (!add_entry (db, task_id, g_rand_int_range (rand, 1, 241), error))
      return 0;
  for (int i = 0; i < extras; i++)
    {
      /* Lines of another category mix only where the norm lets them: never with O. */
      const char *line_category = NULL;
      gboolean fixed = g_rand_boolean (rand);

      if (g_strcmp0 (category, "O") != 0 && g_rand_int_range (rand, 0, 3) == 0)
        line_category = g_rand_boolean (rand) ? "S" : "Z";
      g_ptr_array_add (extra, dt_einvoice_scenario_line (
                                fixed ? DT_LINE_FIXED : DT_LINE_HOURLY,
                                fixed ? "Licence & support (€/yr)" : "Remote session",
                                fixed ? g_rand_int_range (rand, 1, 20000)
                                      : g_rand_int_range (rand, 1, 600),
                                (gint64) g_rand_int_range (rand, 0, 2000) * scale
                                + (jpy ? 0 : g_rand_int_range (rand, 0, 100)),
                                line_category != NULL ? rate_for (rand, line_category)
                                                      : line_rate,
                                line_category, fixed ? PICK (rand, units) : NULL));
    }
  invoice_id = draft_and_issue (db, client_id, start, line_rate, extra, discount_bp,
                                discount_fixed, g_rand_boolean (rand) ? "PO-42" : NULL, error);
  if (invoice_id == 0)
    return 0;

  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      g_autoptr(DtInvoice) invoice = dt_invoice_store_get (db, invoice_id, error);

      if (invoice == NULL)
        return 0;
      if (invoice->balance > 1 &&
          !dt_einvoice_scenario_pay (db, invoice_id,
                                     g_rand_int_range (rand, 1,
                                                       (gint32) MIN (invoice->balance,
                                                                     G_MAXINT32)),
                                     error))
        return 0;
    }
  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      g_autoptr(DtInvoice) credit = dt_invoicing_create_credit_note (db, invoice_id,
                                                                     "Ordered by mistake", error);
      return credit != NULL ? credit->id : 0;
    }
  return invoice_id;
}

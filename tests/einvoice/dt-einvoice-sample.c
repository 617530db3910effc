/* dt-einvoice-sample.c: writes e-invoices made through the store, the model and the writers
 * into a folder, for the official validators: the six scenarios of issue 19, and with
 * --random N --seed S as many random ones. Each invoice gives NAME.cii.xml and NAME.ubl.xml,
 * and with --facturx also NAME.facturx.pdf: the invoice's PDF as Factur-X (EN 16931 profile).
 * Exits non-zero if any invoice cannot be made, is not ready by the core check, or cannot be
 * written. */
#include "dt-einvoice-scenarios.h"

#include "dt-einvoice-check.h"
#include "dt-einvoice-cii.h"
#include "dt-einvoice-model.h"
#include "dt-einvoice-ubl.h"
#include "dt-error.h"
#include "dt-facturx.h"
#include "dt-invoice-pdf.h"
#include "dt-invoicing.h"
#include "dt-time.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

static gboolean facturx_too;

/* The invoice's own PDF, with the plain EN 16931 CII inside: Factur-X's EN 16931 profile. */
static gboolean
write_facturx (DtDb               *db,
               gint64              invoice_id,
               const DtEinvoice   *einvoice,
               const char         *path,
               GError            **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (db, invoice_id, error);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) cii = NULL;
  g_autoptr(GBytes) facturx = NULL;

  if (doc == NULL)
    return FALSE;
  pdf = dt_invoice_pdf_render (doc, dt_invoice_pdf_paper_for_currency (doc->currency), error);
  cii = pdf != NULL ? dt_einvoice_write_cii (einvoice, DT_EINVOICE_PROFILE_EN16931, error) : NULL;
  facturx = cii != NULL ? dt_facturx_make (pdf, cii, NULL, error) : NULL;
  return facturx != NULL &&
         g_file_set_contents (path, g_bytes_get_data (facturx, NULL),
                              g_bytes_get_size (facturx), error);
}

static gboolean
write_one (DtDb               *db,
           gint64              invoice_id,
           const char         *dir,
           const char         *name,
           DtEinvoiceProfile   profile,
           GError            **error)
{
  g_autoptr(DtEinvoice) einvoice = dt_einvoice_build (db, invoice_id, error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) cii = NULL;
  g_autoptr(GBytes) ubl = NULL;
  g_autofree char *cii_path = NULL;
  g_autofree char *ubl_path = NULL;

  if (einvoice == NULL)
    return FALSE;
  problems = dt_einvoice_check (einvoice, profile);
  for (guint i = 0; i < problems->len; i++)
    {
      const DtEinvoiceProblem *problem = problems->pdata[i];
      g_printerr ("%s: %s %s: %s\n", name, problem->severity == DT_EINVOICE_ERROR ? "error"
                                                                                 : "warning",
                  problem->business_term, problem->message);
    }
  if (dt_einvoice_problems_block (problems))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s is not ready as an e-invoice", name);
      return FALSE;
    }
  cii = dt_einvoice_write_cii (einvoice, profile, error);
  ubl = cii != NULL ? dt_einvoice_write_ubl (einvoice, profile, error) : NULL;
  if (ubl == NULL)
    return FALSE;
  cii_path = g_strdup_printf ("%s/%s.cii.xml", dir, name);
  ubl_path = g_strdup_printf ("%s/%s.ubl.xml", dir, name);
  if (!g_file_set_contents (cii_path, g_bytes_get_data (cii, NULL), g_bytes_get_size (cii),
                            error) ||
      !g_file_set_contents (ubl_path, g_bytes_get_data (ubl, NULL), g_bytes_get_size (ubl),
                            error))
    return FALSE;
  if (facturx_too)
    {
      g_autofree char *pdf_path = g_strdup_printf ("%s/%s.facturx.pdf", dir, name);

      return write_facturx (db, invoice_id, einvoice, pdf_path, error);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *out = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(GRand) rand = NULL;
  DtEinvoiceProfile profile = DT_EINVOICE_PROFILE_XRECHNUNG;
  int random_count = 0;
  int seed = 1;
  guint written = 0;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder to write into (made if missing)", "DIR" },
    { "random", 'n', 0, G_OPTION_ARG_INT, &random_count, "Random invoices instead of the scenarios", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Seed of the random invoices (1)", "S" },
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, "xrechnung (default) or en16931", "P" },
    { "facturx", 'f', 0, G_OPTION_ARG_NONE, &facturx_too, "Also each invoice as a Factur-X PDF", NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  context = g_option_context_new ("— write sample e-invoices");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (out == NULL)
    {
      g_printerr ("--out DIR is required\n");
      return 2;
    }
  if (profile_name != NULL && g_strcmp0 (profile_name, "en16931") == 0)
    profile = DT_EINVOICE_PROFILE_EN16931;
  else if (profile_name != NULL && g_strcmp0 (profile_name, "xrechnung") != 0)
    {
      g_printerr ("--profile is xrechnung or en16931, not %s\n", profile_name);
      return 2;
    }
  if (g_mkdir_with_parents (out, 0700) != 0)
    {
      g_printerr ("cannot make %s\n", out);
      return 1;
    }

  store_dir = g_dir_make_tmp ("dt-einvoice-sample-XXXXXX", &error);
  if (store_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  store_path = g_build_filename (store_dir, "doubletime.db", NULL);
  db = dt_db_open (store_path, DT_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (random_count <= 0)
    {
      const char * const *names = dt_einvoice_scenario_names ();

      for (guint i = 0; names[i] != NULL && error == NULL; i++)
        {
          gint64 id = dt_einvoice_scenario_make (db, names[i], &error);
          if (id != 0 && write_one (db, id, out, names[i], profile, &error))
            written++;
        }
    }
  else
    {
      rand = g_rand_new_with_seed ((guint32) seed);
      for (int i = 0; i < random_count && error == NULL; i++)
        {
          g_autofree char *name = g_strdup_printf ("random-%u-%05d", (guint) seed, i);
          gint64 id = dt_einvoice_random_make (db, rand, (guint) i, &error);
          if (id != 0 && write_one (db, id, out, name, profile, &error))
            written++;
          else if (error != NULL)
            g_prefix_error (&error, "%s: ", name);
        }
    }
  g_clear_object (&db);
  dt_einvoice_scenario_remove_store (store_dir);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u invoices written to %s as CII and UBL%s\n", written, out,
           facturx_too ? " and Factur-X" : "");
  return 0;
}

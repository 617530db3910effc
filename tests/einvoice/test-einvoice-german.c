/* test-einvoice-german.c: the readiness check speaks German under LANGUAGE=de, with the
 * catalogue built from po/de.po, and keeps its rule, business term and field untranslated. */
#include "dt-test-core.h"
#include "dt-einvoice-scenarios.h"
#include "dt-einvoice-check.h"
#include "dt-einvoice-model.h"
#include "dt-profile-store.h"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

static void
test_check_in_german (DtTestFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtProfile) saved = NULL;
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const DtEinvoiceProblem *iban;

  g_assert_no_error (error);
  /* Credit transfer (58) without the seller's IBAN: BR-61. */
  profile = dt_profile_store_get (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->payment_means, ==, "58");
  g_free (profile->iban);
  profile->iban = g_strdup ("");
  saved = dt_profile_store_update (f->db, profile, profile->version, &error);
  g_assert_no_error (error);

  einvoice = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  problems = dt_einvoice_check (einvoice, DT_EINVOICE_PROFILE_EN16931);
  iban = dt_einvoice_problems_find (problems, "BR-61");
  g_assert_nonnull (iban);
  g_assert_cmpstr (iban->message, ==, "Für die Zahlung per Überweisung wird Ihre IBAN benötigt.");
  g_assert_cmpstr (iban->business_term, ==, "BT-84");
  g_assert_cmpstr (iban->field, ==, "profile.iban");
}

/* A message with arguments: the German format takes them in the same order. */
static void
test_formatted_in_german (DtTestFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dt_einvoice_scenario_draft (f->db, &error);
  g_autoptr(DtEinvoice) einvoice = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const DtEinvoiceProblem *reason;
  DtEinvoiceVatGroup *group;

  g_assert_no_error (error);
  einvoice = dt_einvoice_build (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (einvoice->vat_groups->len, ==, 1);
  /* An exempt group without its reason: BR-E-10 names the category and an example. */
  group = einvoice->vat_groups->pdata[0];
  group->vat_category = DT_VAT_EXEMPT;
  g_free (group->exemption_reason);
  group->exemption_reason = g_strdup ("");
  g_free (group->exemption_code);
  group->exemption_code = g_strdup ("");
  problems = dt_einvoice_check (einvoice, DT_EINVOICE_PROFILE_EN16931);
  reason = dt_einvoice_problems_find (problems, "BR-E-10");
  g_assert_nonnull (reason);
  g_assert_true (g_str_has_prefix (reason->message,
                                   "Steuerkategorie E verlangt einen Befreiungsgrund "
                                   "(zum Beispiel „"));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DT_TEST_LOCALEDIR");

  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (localedir);
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* Without the German catalogue every assertion below would fail on English text. */
  g_assert_cmpstr (_("The invoice has no lines."), ==, "Die Rechnung hat keine Positionen.");

  g_test_add ("/einvoice/german/check", DtTestFixture, NULL, dt_test_fixture_setup,
              test_check_in_german, dt_test_fixture_teardown);
  g_test_add ("/einvoice/german/formatted", DtTestFixture, NULL, dt_test_fixture_setup,
              test_formatted_in_german, dt_test_fixture_teardown);
  return g_test_run ();
}

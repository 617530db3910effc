/* test-einvoice-official.c: the app's check with the official rules (Saxon-HE in a JVM) on
 * e-invoices made through the store and the writers: valid ones pass with no problem, a line
 * amount changed after writing draws BR-CO-10, and a missing Java or missing rules give a
 * clear error instead of a verdict. */
#include "dt-test-core.h"
#include "dt-einvoice-scenarios.h"

#include "dt-einvoice-check.h"
#include "dt-einvoice-cii.h"
#include "dt-einvoice-model.h"
#include "dt-einvoice-official.h"
#include "dt-einvoice-ubl.h"
#include "dt-error.h"

#include <string.h>

typedef struct
{
  const char        *scenario;
  DtEinvoiceProfile  profile;
  gboolean           ubl;
} ValidCase;

static GBytes *
write_scenario (DtDb              *db,
                const char        *scenario,
                DtEinvoiceProfile  profile,
                gboolean           ubl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtEinvoice) einvoice = NULL;
  GBytes *xml;
  gint64 id = dt_einvoice_scenario_make (db, scenario, &error);

  g_assert_no_error (error);
  einvoice = dt_einvoice_build (db, id, &error);
  g_assert_no_error (error);
  xml = ubl ? dt_einvoice_write_ubl (einvoice, profile, &error)
            : dt_einvoice_write_cii (einvoice, profile, &error);
  g_assert_no_error (error);
  return xml;
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Through the async API, as the panel calls it: the main loop turns while the JVM runs. */
static GPtrArray *
check_async (GBytes  *xml,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dt_einvoice_official_check_async (xml, NULL, check_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dt_einvoice_official_check_finish (result, error);
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const DtEinvoiceProblem *p = problems->pdata[i];
      g_test_message ("%s %s: %s", p->severity == DT_EINVOICE_ERROR ? "error" : "warning",
                      p->rule, p->message);
    }
}

static void
test_valid (DtTestFixture *fixture,
            gconstpointer  data)
{
  const ValidCase *c = data;
  g_autoptr(GBytes) xml = write_scenario (fixture->db, c->scenario, c->profile, c->ubl);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = check_async (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The first line's net amount (the first ram:LineTotalAmount, inside the line) one unit more:
 * the lines no longer sum to the invoice's line total. */
static GBytes *
with_first_line_amount_raised (GBytes *xml)
{
  const char *tag = "<ram:LineTotalAmount>";
  g_autofree char *text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  char *start = strstr (text, tag);
  char *end;
  g_autofree char *raised = NULL;
  g_autofree char *changed = NULL;

  g_assert_nonnull (start);
  start += strlen (tag);
  end = strchr (start, '<');
  g_assert_nonnull (end);
  raised = g_strdup_printf ("%.2f", g_ascii_strtod (start, NULL) + 1.0);
  *start = '\0';
  changed = g_strconcat (text, raised, end, NULL);
  return g_bytes_new_take (g_steal_pointer (&changed), strlen (text) + strlen (raised) +
                                                       strlen (end));
}

static void
test_line_amount_changed (DtTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) xml = write_scenario (fixture->db, "public-sector",
                                          DT_EINVOICE_PROFILE_XRECHNUNG, FALSE);
  g_autoptr(GBytes) broken = with_first_line_amount_raised (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = dt_einvoice_official_check (broken, NULL, &error);
  const DtEinvoiceProblem *problem;

  g_assert_no_error (error);
  print_problems (problems);
  g_assert_false (g_bytes_equal (xml, broken));
  problem = dt_einvoice_problems_find (problems, "BR-CO-10");
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->severity, ==, DT_EINVOICE_ERROR);
  g_assert_nonnull (strstr (problem->message, "BR-CO-10"));
  g_assert_cmpstr (problem->business_term, ==, "");
  g_assert_cmpstr (problem->field, ==, "");
  g_assert_true (dt_einvoice_problems_block (problems));
  /* Errors come first. */
  g_assert_cmpint (((DtEinvoiceProblem *) problems->pdata[0])->severity, ==, DT_EINVOICE_ERROR);
}

/* Without the buyer reference (BT-10) the file is still EN 16931, but not XRechnung: the
 * KoSIT rules run, and only they object. */
static void
test_xrechnung_rules_run (DtTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) xml = write_scenario (fixture->db, "public-sector",
                                          DT_EINVOICE_PROFILE_XRECHNUNG, FALSE);
  g_autofree char *text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  char *start = strstr (text, "<ram:BuyerReference>");
  char *end = start != NULL ? strstr (start, "</ram:BuyerReference>") : NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const DtEinvoiceProblem *problem;

  g_assert_nonnull (end);
  end += strlen ("</ram:BuyerReference>");
  changed = g_strdup_printf ("%.*s%s", (int) (start - text), text, end);
  broken = g_bytes_new (changed, strlen (changed));
  problems = dt_einvoice_official_check (broken, NULL, &error);
  g_assert_no_error (error);
  print_problems (problems);
  problem = dt_einvoice_problems_find (problems, "BR-DE-15");
  g_assert_nonnull (problem);
  /* KoSIT's German text arrives intact through Saxon's SVRL. */
  g_assert_true (g_utf8_validate (problem->message, -1, NULL));
  g_assert_nonnull (strstr (problem->message, "übermittelt"));
  for (guint i = 0; i < problems->len; i++)
    g_assert_false (g_str_has_prefix (((DtEinvoiceProblem *) problems->pdata[i])->rule, "BR-CO"));
}

/* An element the CII schema does not know: the XSD step names it. */
static void
test_schema_refuses (DtTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) xml = write_scenario (fixture->db, "small-business",
                                          DT_EINVOICE_PROFILE_EN16931, FALSE);
  g_autofree char *text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  g_autofree char *changed = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const DtEinvoiceProblem *problem;
  char *at = strstr (text, "<ram:LineTotalAmount>");

  g_assert_nonnull (at);
  changed = g_strdup_printf ("%.*s<ram:Surprise>1</ram:Surprise>%s", (int) (at - text), text, at);
  broken = g_bytes_new (changed, strlen (changed));
  problems = dt_einvoice_official_check (broken, NULL, &error);
  g_assert_no_error (error);
  problem = dt_einvoice_problems_find (problems, "XSD");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->message, "Surprise"));
}

static void
test_not_xml (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("<Invoice", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = dt_einvoice_official_check (junk, NULL, &error);

  g_assert_null (problems);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
}

typedef struct
{
  const char *variable;
  const char *value;
  const char *named;  /* what the message must name */
} MissingCase;

static const MissingCase missing_cases[] = {
  { "DT_EINVOICE_JAVA", "/nonexistent/bin/java", "Java" },
  { "DT_SAXON_JAR", "/nonexistent/Saxon-HE.jar", "Saxon-HE" },
  { "DT_EINVOICE_RULES_DIR", "/nonexistent/einvoice-rules", "rules" },
};

static void
test_missing (gconstpointer data)
{
  const MissingCase *c = data;
  g_autofree char *saved = g_strdup (g_getenv (c->variable));
  g_autoptr(GBytes) xml = g_bytes_new_static ("<x/>", 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) async_problems = NULL;

  g_assert_true (dt_einvoice_official_available ());
  g_setenv (c->variable, c->value, TRUE);
  g_assert_false (dt_einvoice_official_available ());
  problems = dt_einvoice_official_check (xml, NULL, &error);
  async_problems = check_async (xml, &async_error);
  if (saved != NULL)
    g_setenv (c->variable, saved, TRUE);
  else
    g_unsetenv (c->variable);

  g_assert_null (problems);
  g_assert_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, c->named));
  g_assert_nonnull (strstr (error->message, c->value));
  g_assert_null (async_problems);
  g_assert_error (async_error, DT_ERROR, DT_ERROR_UNAVAILABLE);
  g_assert_true (dt_einvoice_official_available ());
}

static const ValidCase valid_cases[] = {
  { "public-sector", DT_EINVOICE_PROFILE_XRECHNUNG, FALSE },
  { "public-sector", DT_EINVOICE_PROFILE_XRECHNUNG, TRUE },
  { "credit-note", DT_EINVOICE_PROFILE_XRECHNUNG, TRUE },
  { "reverse-charge", DT_EINVOICE_PROFILE_EN16931, FALSE },
};

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autofree char *path = g_strdup_printf ("/einvoice-official/valid/%s/%s/%s", c->scenario,
                                               c->profile == DT_EINVOICE_PROFILE_XRECHNUNG
                                                 ? "xrechnung" : "en16931",
                                               c->ubl ? "ubl" : "cii");
      g_test_add (path, DtTestFixture, c, dt_test_fixture_setup, test_valid,
                  dt_test_fixture_teardown);
    }
  g_test_add ("/einvoice-official/line-amount-changed", DtTestFixture, NULL,
              dt_test_fixture_setup, test_line_amount_changed, dt_test_fixture_teardown);
  g_test_add ("/einvoice-official/xrechnung-rules-run", DtTestFixture, NULL,
              dt_test_fixture_setup, test_xrechnung_rules_run, dt_test_fixture_teardown);
  g_test_add ("/einvoice-official/schema-refuses", DtTestFixture, NULL,
              dt_test_fixture_setup, test_schema_refuses, dt_test_fixture_teardown);
  g_test_add_func ("/einvoice-official/not-xml", test_not_xml);
  for (guint i = 0; i < G_N_ELEMENTS (missing_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/einvoice-official/missing/%s",
                                               missing_cases[i].variable);
      g_test_add_data_func (path, &missing_cases[i], test_missing);
    }
  return g_test_run ();
}

/* test-scopes.c: the scope catalog, parsing, normalisation and targets. */
#include "dt-error.h"
#include "dt-scopes.h"

static void
test_scopes_normalise (void)
{
  static const struct
  {
    const char *input;
    const char *normalised;
  } cases[] = {
    { "", "" },
    { "clients:read", "clients:read" },
    { "clients:write", "clients:read clients:write" },
    { "invoices:send", "invoices:read invoices:send" },
    { "invoices:write invoices:send", "invoices:read invoices:write invoices:send" },
    { "tasks:read  tasks:read", "tasks:read" },
    { "settings:write profile:read", "profile:read settings:read settings:write" },
    { "reports:read", "reports:read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) scopes = dt_scopes_parse (cases[i].input, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = dt_scopes_to_string ((const char * const *) scopes);
      g_assert_cmpstr (text, ==, cases[i].normalised);
    }
}

static void
test_scopes_refused (void)
{
  static const char *const refused[] = {
    "reports:write", "clients", "clients:admin", "mcp:tools", "openid", "Clients:read",
    "clients:read\"", "clients:read\\", "clients:read\t", "clients:read\n", "é",
    "clients:read unknown:read",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) scopes = dt_scopes_parse (refused[i], &error);

      g_test_message ("scope: %s", refused[i]);
      g_assert_null (scopes);
      g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
    }
}

static void
test_scopes_catalog (void)
{
  guint n = 0;
  const DtScopeInfo *catalog = dt_scopes_catalog (&n);
  const char *areas[] = { "profile", "tasks", "time_entries", "clients", "projects", "tags",
                          "rules", "invoices", "reports", "billing", "settings" };

  g_assert_cmpuint (n, ==, 23);
  /* Checking the roll-ups has no read half: what it reads is every other scope's. */
  g_assert_nonnull (dt_scope_lookup ("maintenance:write"));
  g_assert_null (dt_scope_lookup ("maintenance:read"));
  g_assert_null (dt_scope_lookup ("maintenance:write")->implies);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      g_autofree char *read = g_strconcat (areas[i], ":read", NULL);
      g_autofree char *write = g_strconcat (areas[i], ":write", NULL);

      g_assert_nonnull (dt_scope_lookup (read));
      if (g_str_equal (areas[i], "reports"))
        g_assert_null (dt_scope_lookup (write));
      else
        g_assert_cmpstr (dt_scope_lookup (write)->implies, ==, read);
    }
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (strlen (catalog[i].description), >, 5);
      g_assert_true (g_str_has_prefix (catalog[i].name, catalog[i].area));
    }
  g_assert_cmpstr (dt_scope_lookup ("invoices:send")->implies, ==, "invoices:read");
}

static void
test_scopes_subset (void)
{
  const char *set[] = { "clients:read", "clients:write", NULL };
  const char *sub[] = { "clients:read", NULL };
  const char *other[] = { "clients:read", "tasks:read", NULL };

  g_assert_true (dt_scopes_is_subset (sub, set));
  g_assert_false (dt_scopes_is_subset (other, set));
  g_assert_true (dt_scopes_is_subset (NULL, set));
}

static void
test_targets (void)
{
  DtTarget target;

  g_assert_true (dt_target_from_resource ("http://127.0.0.1:7313/mcp", 7313, &target));
  g_assert_cmpint (target, ==, DT_TARGET_MCP);
  g_assert_true (dt_target_from_resource ("http://localhost:7313/api/v1", 7313, &target));
  g_assert_cmpint (target, ==, DT_TARGET_API);
  g_assert_true (dt_target_from_resource ("http://[::1]:7313/mcp", 7313, &target));
  g_assert_false (dt_target_from_resource ("http://127.0.0.1:7313/mcp/", 7313, &target));
  g_assert_false (dt_target_from_resource ("http://127.0.0.1:7313/mcp#x", 7313, &target));
  g_assert_false (dt_target_from_resource ("https://127.0.0.1:7313/mcp", 7313, &target));
  g_assert_false (dt_target_from_resource ("http://127.0.0.1:7314/mcp", 7313, &target));
  g_assert_false (dt_target_from_resource ("http://evil.example/mcp", 7313, &target));
  g_assert_false (dt_target_from_resource ("mcp", 7313, &target));
  g_assert_false (dt_target_from_resource (NULL, 7313, &target));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scopes/normalise", test_scopes_normalise);
  g_test_add_func ("/scopes/refused", test_scopes_refused);
  g_test_add_func ("/scopes/catalog", test_scopes_catalog);
  g_test_add_func ("/scopes/subset", test_scopes_subset);
  g_test_add_func ("/scopes/targets", test_targets);
  return g_test_run ();
}

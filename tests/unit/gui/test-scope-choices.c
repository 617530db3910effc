/* test-scope-choices.c: the consent dialog's toggles: grouping by area, narrowing only, and
 * write never staying on without read. */
#include "config.h"

#include "dt-scope-choices.h"

static void
test_grouping (void)
{
  const char *scopes[] = { "clients:read", "clients:write", "invoices:read", "invoices:send",
                           "reports:read", NULL };
  g_autoptr(DtScopeChoices) c = dt_scope_choices_new (scopes);
  g_autofree char *all = dt_scope_choices_to_string (c);
  DtScopeArea *invoices;

  g_assert_cmpuint (c->areas->len, ==, 3);
  g_assert_cmpstr (((DtScopeArea *) g_ptr_array_index (c->areas, 0))->area, ==, "clients");
  invoices = dt_scope_choices_find (c, "invoices");
  g_assert_true (invoices->requested[DT_SCOPE_LEVEL_READ]);
  g_assert_false (invoices->requested[DT_SCOPE_LEVEL_WRITE]);
  g_assert_true (invoices->requested[DT_SCOPE_LEVEL_SEND]);
  g_assert_cmpstr (all, ==,
                   "clients:read clients:write invoices:read invoices:send reports:read");
  g_assert_true (dt_scope_choices_any_write (c));
}

static void
test_write_needs_read (void)
{
  const char *scopes[] = { "clients:read", "clients:write", "projects:read", NULL };
  g_autoptr(DtScopeChoices) c = dt_scope_choices_new (scopes);
  g_autofree char *narrowed = NULL;
  g_autofree char *back = NULL;

  /* Read off takes write with it. */
  g_assert_true (dt_scope_choices_set (c, "clients", DT_SCOPE_LEVEL_READ, FALSE));
  narrowed = dt_scope_choices_to_string (c);
  g_assert_cmpstr (narrowed, ==, "projects:read");
  g_assert_false (dt_scope_choices_any_write (c));

  /* Write on brings read back. */
  g_assert_true (dt_scope_choices_set (c, "clients", DT_SCOPE_LEVEL_WRITE, TRUE));
  back = dt_scope_choices_to_string (c);
  g_assert_cmpstr (back, ==, "clients:read clients:write projects:read");
}

static void
test_only_narrow (void)
{
  const char *scopes[] = { "projects:read", NULL };
  g_autoptr(DtScopeChoices) c = dt_scope_choices_new (scopes);

  /* Not requested: cannot be granted. */
  g_assert_false (dt_scope_choices_set (c, "projects", DT_SCOPE_LEVEL_WRITE, TRUE));
  g_assert_false (dt_scope_choices_set (c, "clients", DT_SCOPE_LEVEL_READ, TRUE));
  g_assert_false (dt_scope_choices_set (c, "projects", DT_SCOPE_LEVEL_READ, TRUE));  /* no-op */
  g_assert_true (dt_scope_choices_any_on (c));
  g_assert_true (dt_scope_choices_set (c, "projects", DT_SCOPE_LEVEL_READ, FALSE));
  g_assert_false (dt_scope_choices_any_on (c));
}

static void
test_write_alone_implies_read (void)
{
  const char *scopes[] = { "tags:write", "bogus", "x:delete", NULL };
  g_autoptr(DtScopeChoices) c = dt_scope_choices_new (scopes);
  g_auto(GStrv) granted = dt_scope_choices_granted (c);

  g_assert_cmpuint (g_strv_length (granted), ==, 2);
  g_assert_cmpstr (granted[0], ==, "tags:read");
  g_assert_cmpstr (granted[1], ==, "tags:write");
  g_assert_cmpuint (g_strv_length (c->unknown), ==, 2);
}

static void
test_describe (void)
{
  g_autofree char *all = dt_scopes_describe ("clients:read clients:write invoices:read "
                                             "invoices:send reports:read");
  g_autofree char *none = dt_scopes_describe ("");

  g_assert_cmpstr (all, ==, "Clients: see, change · Invoices: see, send · Reports: see");
  g_assert_cmpstr (none, ==, "No access");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/scope-choices/grouping", test_grouping);
  g_test_add_func ("/gui/scope-choices/write-needs-read", test_write_needs_read);
  g_test_add_func ("/gui/scope-choices/only-narrow", test_only_narrow);
  g_test_add_func ("/gui/scope-choices/write-alone-implies-read", test_write_alone_implies_read);

  g_test_add_func ("/gui/scope-choices/describe", test_describe);

  return g_test_run ();
}

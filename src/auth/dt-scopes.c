/* dt-scopes.c: the scope catalog with plain-language descriptions, and scope-set arithmetic. */
#define G_LOG_DOMAIN "dt-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-error.h"
#include "dt-scopes.h"

static const DtScopeInfo catalog[] = {
  { "profile:read", "profile", N_("Business profile"),
    N_("See your name, business details and default rate"), FALSE, NULL },
  { "profile:write", "profile", N_("Business profile"),
    N_("Change your name, business details and default rate"), TRUE, "profile:read" },
  { "clients:read", "clients", N_("Clients"),
    N_("See your clients and their billing details"), FALSE, NULL },
  { "clients:write", "clients", N_("Clients"),
    N_("Add, change and archive clients"), TRUE, "clients:read" },
  { "projects:read", "projects", N_("Projects"),
    N_("See your projects, their rates and budgets"), FALSE, NULL },
  { "projects:write", "projects", N_("Projects"),
    N_("Add, change and archive projects"), TRUE, "projects:read" },
  { "tasks:read", "tasks", N_("Tasks"),
    N_("See your tasks"), FALSE, NULL },
  { "tasks:write", "tasks", N_("Tasks"),
    N_("Add and change tasks"), TRUE, "tasks:read" },
  { "time_entries:read", "time_entries", N_("Time entries"),
    N_("See your tracked time and the running timer"), FALSE, NULL },
  { "time_entries:write", "time_entries", N_("Time entries"),
    N_("Add, change and delete tracked time; start and stop the timer"), TRUE,
    "time_entries:read" },
  { "tags:read", "tags", N_("Tags"),
    N_("See your tags"), FALSE, NULL },
  { "tags:write", "tags", N_("Tags"),
    N_("Add and change tags"), TRUE, "tags:read" },
  { "rules:read", "rules", N_("Billing rules"),
    N_("See your rate and rounding rules"), FALSE, NULL },
  { "rules:write", "rules", N_("Billing rules"),
    N_("Add and change rate and rounding rules"), TRUE, "rules:read" },
  { "invoices:read", "invoices", N_("Invoices"),
    N_("See your invoices, expenses and receipts, and what is ready to bill"), FALSE, NULL },
  { "invoices:write", "invoices", N_("Invoices"),
    N_("Create, change and delete draft invoices and expenses; void invoices"), TRUE, "invoices:read" },
  { "invoices:send", "invoices", N_("Invoices"),
    N_("Send invoices to your clients by e-mail"), TRUE, "invoices:read" },
  { "reports:read", "reports", N_("Reports"),
    N_("See totals of time and money over any period"), FALSE, NULL },
  { "billing:read", "billing", N_("Billing and payments"),
    N_("See unbilled work, outstanding and overdue invoices, and payments"), FALSE, NULL },
  { "billing:write", "billing", N_("Billing and payments"),
    N_("Record payments"), TRUE, "billing:read" },
  { "settings:read", "settings", N_("Settings"),
    N_("See invoice numbering, tax rates and e-mail settings (never passwords)"), FALSE, NULL },
  { "settings:write", "settings", N_("Settings"),
    N_("Change invoice numbering, tax rates and e-mail settings"), TRUE, "settings:read" },
  { "maintenance:write", "maintenance", N_("Database maintenance"),
    N_("Check the totals kept for reports against your tracked time, and repair them"), TRUE,
    NULL },
};

const char *
dt_target_to_string (DtTarget target)
{
  return target == DT_TARGET_MCP ? "mcp" : "api";
}

gboolean
dt_target_from_string (const char *text,
                       DtTarget   *out_target)
{
  g_return_val_if_fail (out_target != NULL, FALSE);

  if (g_strcmp0 (text, "api") == 0)
    *out_target = DT_TARGET_API;
  else if (g_strcmp0 (text, "mcp") == 0)
    *out_target = DT_TARGET_MCP;
  else
    return FALSE;
  return TRUE;
}

const char *
dt_target_path (DtTarget target)
{
  return target == DT_TARGET_MCP ? "/mcp" : "/api/v1";
}

const char *
dt_target_label (DtTarget target)
{
  return target == DT_TARGET_MCP ? _("MCP server") : _("REST API");
}

gboolean
dt_target_from_resource (const char *resource,
                         guint       port,
                         DtTarget   *out_target)
{
  static const char *const hosts[] = { "127.0.0.1", "localhost", "[::1]" };

  g_return_val_if_fail (out_target != NULL, FALSE);

  if (resource == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    for (DtTarget t = DT_TARGET_API; t <= DT_TARGET_MCP; t++)
      {
        g_autofree char *expected = g_strdup_printf ("http://%s:%u%s", hosts[i], port,
                                                     dt_target_path (t));
        if (g_str_equal (resource, expected))
          {
            *out_target = t;
            return TRUE;
          }
      }
  return FALSE;
}

const DtScopeInfo *
dt_scopes_catalog (guint *n_scopes)
{
  if (n_scopes != NULL)
    *n_scopes = G_N_ELEMENTS (catalog);
  return catalog;
}

const DtScopeInfo *
dt_scope_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    if (g_str_equal (catalog[i].name, name))
      return &catalog[i];
  return NULL;
}

GStrv
dt_scopes_normalize (const char * const  *scopes,
                     GError             **error)
{
  gboolean wanted[G_N_ELEMENTS (catalog)] = { 0 };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; scopes != NULL && scopes[i] != NULL; i++)
    {
      const DtScopeInfo *info = dt_scope_lookup (scopes[i]);

      if (info == NULL)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "Unknown scope “%s”; scopes look like “clients:read” or "
                       "“invoices:write”", scopes[i]);
          return NULL;
        }
      wanted[info - catalog] = TRUE;
      if (info->implies != NULL)
        wanted[dt_scope_lookup (info->implies) - catalog] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    if (wanted[i])
      g_strv_builder_add (builder, catalog[i].name);
  return g_strv_builder_end (builder);
}

GStrv
dt_scopes_parse (const char  *text,
                 GError     **error)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  /* RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by spaces. */
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      if (c != ' ' && (c < 0x21 || c == 0x22 || c == 0x5c || c > 0x7e))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "The scope contains a character that is not allowed (byte 0x%02x)", c);
          return NULL;
        }
    }
  if (strlen (text) > 4096)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "The scope is too long");
      return NULL;
    }

  words = g_strsplit (text, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (builder, words[i]);
  list = g_strv_builder_end (builder);
  return dt_scopes_normalize ((const char * const *) list, error);
}

char *
dt_scopes_to_string (const char * const *scopes)
{
  if (scopes == NULL)
    return g_strdup ("");
  return g_strjoinv (" ", (char **) scopes);
}

gboolean
dt_scopes_contains (const char * const *scopes,
                    const char         *scope)
{
  if (scopes == NULL || scope == NULL)
    return FALSE;
  return g_strv_contains (scopes, scope);
}

gboolean
dt_scopes_is_subset (const char * const *subset,
                     const char * const *set)
{
  for (guint i = 0; subset != NULL && subset[i] != NULL; i++)
    if (!dt_scopes_contains (set, subset[i]))
      return FALSE;
  return TRUE;
}

char *
dt_scopes_all_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    g_string_append_printf (out, "%s%s", i ? " " : "", catalog[i].name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dt_scopes_read_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    if (!catalog[i].is_write)
      g_string_append_printf (out, "%s%s", out->len ? " " : "", catalog[i].name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

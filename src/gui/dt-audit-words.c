/* dt-audit-words.c: audit events in words, for the connected apps page and an app's activity. */
#define G_LOG_DOMAIN "dt-connected-apps"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-audit-words.h"

static const char *
known_event_words (const char *event)
{
  static const struct { const char *event; const char *words; } map[] = {
    { "client.registered", N_("Registered") },
    { "client.created", N_("Created as a private app") },
    { "consent.shown", N_("Asked for access") },
    { "consent.granted", N_("Allowed") },
    { "consent.denied", N_("Denied") },
    { "consent.timed_out", N_("Question expired") },
    { "consent.cancelled", N_("Question withdrawn") },
    { "token.issued", N_("Signed in") },
    { "token.refreshed", N_("Renewed its access") },
    { "token.revoked", N_("Signed out") },
    { "token.refused", N_("Sign-in refused") },
    { "grant.revoked", N_("Access revoked") },
    { "refresh.reused", N_("Old credentials reused — access revoked") },
    { "code.reused", N_("Approval code reused — access revoked") },
    { "auth.failed", N_("Request refused") },
    { "authorize.refused", N_("Access request refused") },
    { "grant.confirm_off", N_("Stopped asking before sensitive actions") },
    { "grant.confirm_on", N_("Asks before sensitive actions again") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (event, map[i].event) == 0)
      return _(map[i].words);
  return event;
}

char *
dt_audit_event_words (const char *event)
{
  const char *op;

  if (event == NULL)
    return g_strdup ("");
  /* What an app called: "mcp.list_clients", "rest.create_time_entry". */
  if ((op = g_str_has_prefix (event, "mcp.") ? event + 4 : NULL) != NULL)
    /* Translators: %s is the name of an operation, as the app named it ("list_clients") */
    return g_strdup_printf (_("Called %s (MCP)"), op);
  if ((op = g_str_has_prefix (event, "rest.") ? event + 5 : NULL) != NULL)
    /* Translators: %s is the name of an operation, as the app named it ("list_clients") */
    return g_strdup_printf (_("Called %s (REST API)"), op);
  return g_strdup (known_event_words (event));
}

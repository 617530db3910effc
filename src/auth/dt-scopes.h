/* dt-scopes.h: the one catalog of scopes and targets, used by the authorization server, the
 * token check, the consent dialog, the command line and the help page. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The two protected resources (RFC 8707 targets). A token carries exactly one. */
typedef enum
{
  DT_TARGET_API,
  DT_TARGET_MCP,
} DtTarget;

const char *dt_target_to_string     (DtTarget     target);  /* "api", "mcp" */
gboolean    dt_target_from_string   (const char  *text,
                                     DtTarget    *out_target);
const char *dt_target_path          (DtTarget     target);  /* "/api/v1", "/mcp" */
const char *dt_target_label         (DtTarget     target);  /* "REST API", "MCP server" */
/* Maps an RFC 8707 resource to a target: exactly "http://H:PORT/mcp" or ".../api/v1" with H
 * one of 127.0.0.1, localhost, [::1] (all name the same server). FALSE otherwise. */
gboolean    dt_target_from_resource (const char  *resource,
                                     guint        port,
                                     DtTarget    *out_target);

typedef struct
{
  const char *name;         /* "clients:write" */
  const char *area;         /* "clients" */
  const char *area_label;   /* "Clients" (translatable) */
  const char *description;  /* plain language, for the consent dialog (translatable) */
  gboolean    is_write;     /* writes (including invoices:send) */
  const char *implies;      /* the scope it brings along ("clients:read"), or NULL */
} DtScopeInfo;

/* Every scope, grouped by area, reads before writes. */
const DtScopeInfo *dt_scopes_catalog      (guint              *n_scopes);
const DtScopeInfo *dt_scope_lookup        (const char         *name);

/* Parses a space-delimited RFC 6749 §3.3 scope string. Unknown scopes and bad syntax are
 * DT_ERROR_INVALID naming the culprit. The result is normalised (dt_scopes_normalize). An
 * empty or NULL @text gives an empty vector. */
GStrv       dt_scopes_parse          (const char          *text,
                                      GError             **error);
/* Adds what each scope implies (X:write ⇒ X:read, invoices:send ⇒ invoices:read), removes
 * duplicates and puts them in catalog order. Unknown names are DT_ERROR_INVALID. */
GStrv       dt_scopes_normalize      (const char * const  *scopes,
                                      GError             **error);
char       *dt_scopes_to_string      (const char * const  *scopes);
gboolean    dt_scopes_contains       (const char * const  *scopes,
                                      const char          *scope);
/* TRUE when every scope of @subset is in @set. */
gboolean    dt_scopes_is_subset      (const char * const  *subset,
                                      const char * const  *set);
/* Every scope of the catalog, space-delimited (scopes_supported). */
char       *dt_scopes_all_string     (void);
/* The read scopes, space-delimited: what is asked for when a client names none. */
char       *dt_scopes_read_string    (void);

G_END_DECLS

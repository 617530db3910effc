/* dt-scope-choices.h: the consent dialog's state: requested scopes grouped by area, each
 * area's read/write (and send) toggles, and the rule that write cannot stay on without read. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DT_SCOPE_LEVEL_READ,
  DT_SCOPE_LEVEL_WRITE,
  DT_SCOPE_LEVEL_SEND,   /* invoices:send — a write that needs invoices:read */
} DtScopeLevel;

typedef struct
{
  char     *area;              /* "invoices" */
  gboolean  requested[3];      /* indexed by DtScopeLevel */
  gboolean  on[3];             /* what the user keeps; starts as requested */
} DtScopeArea;

typedef struct
{
  GPtrArray *areas;            /* DtScopeArea, in the order the request names them */
  GStrv      unknown;          /* names that are not AREA:read|write|send, never granted */
} DtScopeChoices;

DtScopeChoices *dt_scope_choices_new        (const char * const *scopes);
void            dt_scope_choices_free       (DtScopeChoices     *choices);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtScopeChoices, dt_scope_choices_free)

DtScopeArea    *dt_scope_choices_find       (DtScopeChoices     *choices,
                                             const char         *area);
/* Turns one level of an area on or off, keeping the rule: turning read off turns write and
 * send off; turning write or send on turns read on. A level that was not requested cannot be
 * turned on (the user can only narrow). Returns FALSE when nothing could change. */
gboolean        dt_scope_choices_set        (DtScopeChoices     *choices,
                                             const char         *area,
                                             DtScopeLevel        level,
                                             gboolean            on);
/* The scopes the user keeps, in request order ("clients:read clients:write …"). */
GStrv           dt_scope_choices_granted    (DtScopeChoices     *choices);
char           *dt_scope_choices_to_string  (DtScopeChoices     *choices);
/* TRUE when at least one scope stays on: Allow makes no sense with none. */
gboolean        dt_scope_choices_any_on     (DtScopeChoices     *choices);
/* TRUE when any kept level writes (write or send): the dialog words its warning after it. */
gboolean        dt_scope_choices_any_write  (DtScopeChoices     *choices);

/* The kept scopes in words, by area, with the catalog's labels: "Clients: see, change ·
 * Invoices: see, send". "No access" when nothing is kept. */
char           *dt_scope_choices_describe   (DtScopeChoices     *choices);
/* The same for a space-separated scope string (a grant's scopes). */
char           *dt_scopes_describe          (const char         *scopes);

const char     *dt_scope_level_suffix       (DtScopeLevel        level); /* "read", … */

G_END_DECLS

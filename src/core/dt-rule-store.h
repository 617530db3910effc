/* dt-rule-store.h: stored rate and rounding rules (how they apply: dt-rates.h). */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef enum
{
  DT_RULE_RATE,
  DT_RULE_ROUNDING,
} DtRuleKind;

typedef enum
{
  DT_ROUND_UP,
  DT_ROUND_NEAREST,
  DT_ROUND_DOWN,
} DtRoundDirection;

typedef enum
{
  DT_ROUND_PER_ENTRY,
  DT_ROUND_PER_LINE,
} DtRoundApplyTo;

/*
 * A rule matches a time entry when every scope it names matches (client, project, task,
 * tag; 0 = any). A rule without any scope is the global one. Scopes must agree: a project
 * of another client or a task of another project is refused.
 */
typedef struct
{
  gint64            id;
  DtRuleKind        kind;
  char             *name;
  gint64            client_id;
  gint64            project_id;
  gint64            task_id;
  gint64            tag_id;            /* rate rules only */
  int               priority;          /* higher wins among rules of the same level */
  gint64            rate;              /* rate rules: minor units per hour */
  int               increment_minutes; /* rounding rules: 1–60 */
  DtRoundDirection  direction;         /* rounding rules */
  DtRoundApplyTo    apply_to;          /* rounding rules */
  int               minimum_minutes;   /* rounding rules: smallest billed time of a non-empty
                                        * entry or line; 0 = none */
  gboolean          active;
  gint64            created_at;
  gint64            updated_at;
  gint64            version;
} DtRule;

/* An active rate rule with no scope. */
DtRule     *dt_rule_new             (DtRuleKind     kind);
DtRule     *dt_rule_copy            (const DtRule  *rule);
void        dt_rule_free            (DtRule        *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRule, dt_rule_free)

const char *dt_rule_kind_to_string      (DtRuleKind        kind);
const char *dt_round_direction_to_string (DtRoundDirection direction);
const char *dt_round_apply_to_to_string (DtRoundApplyTo    apply_to);
gboolean    dt_rule_kind_from_string     (const char       *text,
                                          DtRuleKind       *out,
                                          GError          **error);
gboolean    dt_round_direction_from_string (const char     *text,
                                          DtRoundDirection *out,
                                          GError          **error);
gboolean    dt_round_apply_to_from_string (const char      *text,
                                          DtRoundApplyTo   *out,
                                          GError          **error);

DtRule     *dt_rule_store_create    (DtDb          *db,
                                     const DtRule  *input,
                                     GError       **error);
DtRule     *dt_rule_store_get       (DtDb          *db,
                                     gint64         id,
                                     GError       **error);
/* The kind of a rule cannot change. Changing a rule never re-prices invoiced work: invoice
 * lines keep the amounts they were created with. */
DtRule     *dt_rule_store_update    (DtDb          *db,
                                     const DtRule  *rule,
                                     gint64         expected_version,
                                     GError       **error);
gboolean    dt_rule_store_delete    (DtDb          *db,
                                     gint64         id,
                                     GError       **error);
/* Every active rule of @kind, highest priority first, then lowest id. */
GPtrArray  *dt_rule_store_list_active (DtDb        *db,
                                     DtRuleKind     kind,
                                     GError       **error);
/* Honours: client_id, project_id, task_id, tag_id (rules naming them), status ("rate",
 * "rounding": the kind), archived (DT_ARCHIVED_EXCLUDE = active rules only, ONLY = inactive,
 * INCLUDE = all), text (name), after_id, limit. */
GPtrArray  *dt_rule_store_list      (DtDb              *db,
                                     const DtListQuery *query,
                                     gboolean          *out_has_more,
                                     GError           **error);

G_END_DECLS

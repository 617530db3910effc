/* dt-rule-store.c: stored rate and rounding rules. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-rule-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define RULE_COLUMNS \
  "id, kind, name, client_id, project_id, task_id, tag_id, priority, rate, increment_minutes, " \
  "direction, apply_to, minimum_minutes, active, created_at, updated_at, version"

static const char *const kinds[] = { "rate", "rounding", NULL };
static const char *const directions[] = { "up", "nearest", "down", NULL };
static const char *const applies[] = { "entry", "line", NULL };

const char *
dt_rule_kind_to_string (DtRuleKind kind)
{
  g_return_val_if_fail (kind <= DT_RULE_ROUNDING, NULL);
  return kinds[kind];
}

const char *
dt_round_direction_to_string (DtRoundDirection direction)
{
  g_return_val_if_fail (direction <= DT_ROUND_DOWN, NULL);
  return directions[direction];
}

const char *
dt_round_apply_to_to_string (DtRoundApplyTo apply_to)
{
  g_return_val_if_fail (apply_to <= DT_ROUND_PER_LINE, NULL);
  return applies[apply_to];
}

static gboolean
from_string (const char         *what,
             const char *const  *names,
             guint               n_names,
             const char         *text,
             int                *out,
             GError            **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *valid = NULL;

  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (names[i], text))
      {
        *out = (int) i;
        return TRUE;
      }
  if (error == NULL)
    return FALSE;
  shown = g_utf8_make_valid (text ? text : "", -1);
  valid = g_strjoinv (", ", (char **) names);
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s “%s” is not known; use %s", what, shown,
               valid);
  return FALSE;
}

gboolean
dt_rule_kind_from_string (const char  *text,
                          DtRuleKind  *out,
                          GError     **error)
{
  int value;

  if (!from_string ("rule kind", kinds, 2, text, &value, error))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
dt_round_direction_from_string (const char        *text,
                                DtRoundDirection  *out,
                                GError           **error)
{
  int value;

  if (!from_string ("rounding direction", directions, 3, text, &value, error))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
dt_round_apply_to_from_string (const char      *text,
                               DtRoundApplyTo  *out,
                               GError         **error)
{
  int value;

  if (!from_string ("rounding target", applies, 2, text, &value, error))
    return FALSE;
  *out = value;
  return TRUE;
}

DtRule *
dt_rule_new (DtRuleKind kind)
{
  DtRule *rule = g_new0 (DtRule, 1);

  rule->kind = kind;
  rule->name = g_strdup ("");
  rule->active = TRUE;
  rule->increment_minutes = kind == DT_RULE_ROUNDING ? 15 : 0;
  return rule;
}

DtRule *
dt_rule_copy (const DtRule *rule)
{
  DtRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_memdup2 (rule, sizeof *rule);
  copy->name = g_strdup (rule->name);
  return copy;
}

void
dt_rule_free (DtRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule);
}

static DtRule *
rule_from_row (sqlite3_stmt *stmt)
{
  DtRule *rule = g_new0 (DtRule, 1);
  int value = 0;

  rule->id = sqlite3_column_int64 (stmt, 0);
  from_string ("", kinds, 2, (const char *) sqlite3_column_text (stmt, 1), &value, NULL);
  rule->kind = value;
  rule->name = dt_store_column_dup (stmt, 2);
  rule->client_id = dt_store_column_id (stmt, 3);
  rule->project_id = dt_store_column_id (stmt, 4);
  rule->task_id = dt_store_column_id (stmt, 5);
  rule->tag_id = dt_store_column_id (stmt, 6);
  rule->priority = sqlite3_column_int (stmt, 7);
  rule->rate = dt_store_column_opt (stmt, 8);
  rule->increment_minutes = sqlite3_column_int (stmt, 9);
  value = 0;
  from_string ("", directions, 3, (const char *) sqlite3_column_text (stmt, 10), &value, NULL);
  rule->direction = value;
  value = 0;
  from_string ("", applies, 2, (const char *) sqlite3_column_text (stmt, 11), &value, NULL);
  rule->apply_to = value;
  rule->minimum_minutes = sqlite3_column_int (stmt, 12);
  rule->active = sqlite3_column_int (stmt, 13) != 0;
  rule->created_at = sqlite3_column_int64 (stmt, 14);
  rule->updated_at = sqlite3_column_int64 (stmt, 15);
  rule->version = sqlite3_column_int64 (stmt, 16);
  return rule;
}

static gboolean
validate (DtDb          *db,
          const DtRule  *rule,
          GError       **error)
{
  gint64 owner = 0;

  if (rule->kind > DT_RULE_ROUNDING)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "rule kind %d is not known", rule->kind);
      return FALSE;
    }
  if (!dt_store_check_text ("the rule name", rule->name, 0, 200, error))
    return FALSE;
  if (rule->priority < -1000000 || rule->priority > 1000000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "priority %d is out of range; use -1000000 to 1000000", rule->priority);
      return FALSE;
    }
  if (rule->kind == DT_RULE_RATE && rule->rate < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a rate rule needs a rate of 0 or more (minor units per hour), not %"
                   G_GINT64_FORMAT, rule->rate);
      return FALSE;
    }
  if (rule->kind == DT_RULE_ROUNDING)
    {
      if (rule->increment_minutes < 1 || rule->increment_minutes > 60)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "a rounding increment of %d minutes is out of range; use 1 to 60",
                       rule->increment_minutes);
          return FALSE;
        }
      if (rule->direction > DT_ROUND_DOWN || rule->apply_to > DT_ROUND_PER_LINE)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "a rounding rule needs a direction (up, nearest, down) and a target "
                       "(entry, line)");
          return FALSE;
        }
      if (rule->minimum_minutes < 0 || rule->minimum_minutes > 24 * 60)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "a minimum of %d minutes is out of range; use 0 to 1440",
                       rule->minimum_minutes);
          return FALSE;
        }
      if (rule->tag_id != 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "rounding rules cannot match a tag: a line of several entries has no "
                       "single tag; scope it to a client, project or task");
          return FALSE;
        }
    }
  if (rule->client_id < 0 || rule->project_id < 0 || rule->task_id < 0 || rule->tag_id < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "ids in a rule must be positive");
      return FALSE;
    }
  if (rule->client_id != 0 && !dt_store_require_client (db, rule->client_id, FALSE, error))
    return FALSE;
  if (rule->project_id != 0)
    {
      if (!dt_store_require_project (db, rule->project_id, FALSE, &owner, error))
        return FALSE;
      if (rule->client_id != 0 && owner != rule->client_id)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "project %" G_GINT64_FORMAT " belongs to client %" G_GINT64_FORMAT
                       ", not client %" G_GINT64_FORMAT, rule->project_id, owner, rule->client_id);
          return FALSE;
        }
    }
  if (rule->task_id != 0 && !dt_store_require_task (db, rule->task_id, rule->project_id, error))
    return FALSE;
  if (rule->task_id != 0 && rule->project_id == 0 && rule->client_id != 0)
    {
      g_autoptr(GError) mismatch = NULL;
      sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT p.client_id FROM tasks t JOIN projects p "
                                          "ON p.id = t.project_id WHERE t.id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rule->task_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        owner = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (owner != rule->client_id)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "task %" G_GINT64_FORMAT " belongs to client %" G_GINT64_FORMAT
                       ", not client %" G_GINT64_FORMAT, rule->task_id, owner, rule->client_id);
          return FALSE;
        }
    }
  if (rule->tag_id != 0 && !dt_store_require_tag (db, rule->tag_id, error))
    return FALSE;
  return TRUE;
}

DtRule *
dt_rule_store_get (DtDb    *db,
                   gint64   id,
                   GError **error)
{
  sqlite3_stmt *stmt;
  DtRule *rule = NULL;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " RULE_COLUMNS " FROM rules WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rule = rule_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "rule %" G_GINT64_FORMAT " does not exist",
                 id);
  else
    dt_db_set_error (db, error, "Could not read the rule");
  sqlite3_reset (stmt);
  return rule;
}

static gboolean
write_rule (DtDb          *db,
            const DtRule  *rule,
            gboolean       insert,
            gint64        *out_id,
            GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  gboolean rounding = rule->kind == DT_RULE_ROUNDING;

  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO rules (kind, name, client_id, project_id, task_id, tag_id, "
                          "priority, rate, increment_minutes, direction, apply_to, "
                          "minimum_minutes, active, updated_at, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE rules SET kind = ?, name = ?, client_id = ?, project_id = ?, "
                          "task_id = ?, tag_id = ?, priority = ?, rate = ?, increment_minutes = ?, "
                          "direction = ?, apply_to = ?, minimum_minutes = ?, active = ?, "
                          "updated_at = max(updated_at, ?), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kinds[rule->kind], -1, SQLITE_STATIC);
  dt_store_bind_text (stmt, 2, rule->name);
  dt_store_bind_id (stmt, 3, rule->client_id);
  dt_store_bind_id (stmt, 4, rule->project_id);
  dt_store_bind_id (stmt, 5, rule->task_id);
  dt_store_bind_id (stmt, 6, rule->tag_id);
  sqlite3_bind_int (stmt, 7, rule->priority);
  if (rounding)
    {
      sqlite3_bind_null (stmt, 8);
      sqlite3_bind_int (stmt, 9, rule->increment_minutes);
      sqlite3_bind_text (stmt, 10, directions[rule->direction], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, applies[rule->apply_to], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 12, rule->minimum_minutes);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 8, rule->rate);
      for (int i = 9; i <= 12; i++)
        sqlite3_bind_null (stmt, i);
    }
  sqlite3_bind_int (stmt, 13, rule->active ? 1 : 0);
  sqlite3_bind_int64 (stmt, 14, now);
  sqlite3_bind_int64 (stmt, 15, insert ? now : rule->id);
  if (!dt_store_step_done (db, stmt, "Could not save the rule", error))
    return FALSE;
  *out_id = insert ? sqlite3_last_insert_rowid (dt_db_get_handle (db)) : rule->id;
  dt_db_note_change (db, DT_ENTITY_RULE, *out_id);
  return TRUE;
}

DtRule *
dt_rule_store_create (DtDb          *db,
                      const DtRule  *input,
                      GError       **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!validate (db, input, error) || !write_rule (db, input, TRUE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_rule_store_get (db, id, error);
}

DtRule *
dt_rule_store_update (DtDb          *db,
                      const DtRule  *rule,
                      gint64         expected_version,
                      GError       **error)
{
  g_autoptr(DtRule) current = NULL;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (rule != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM rules WHERE id = ?", "rule", rule->id,
                               expected_version, error))
    goto fail;
  current = dt_rule_store_get (db, rule->id, error);
  if (current == NULL)
    goto fail;
  if (current->kind != rule->kind)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "rule %" G_GINT64_FORMAT " is a %s rule; its kind cannot change", rule->id,
                   kinds[current->kind]);
      goto fail;
    }
  if (!validate (db, rule, error) || !write_rule (db, rule, FALSE, &id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_rule_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_rule_store_delete (DtDb    *db,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM rules WHERE id = ?", "rule", id, 0, error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM rules WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the rule", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_RULE, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_rule_store_list (DtDb               *db,
                    const DtListQuery  *query,
                    gboolean           *out_has_more,
                    GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  DtRuleKind kind = DT_RULE_RATE;
  guint limit;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->status != NULL && !dt_rule_kind_from_string (query->status, &kind, error))
    return NULL;
  stmt = dt_db_prepare (db,
                        "SELECT " RULE_COLUMNS " FROM rules WHERE id > ?1 "
                        "AND (?2 = 0 OR client_id = ?2) AND (?3 = 0 OR project_id = ?3) "
                        "AND (?4 = 0 OR task_id = ?4) AND (?5 = 0 OR tag_id = ?5) "
                        "AND (?6 IS NULL OR kind = ?6) AND (?7 = 2 OR active = ?7) "
                        "AND (?8 IS NULL OR name LIKE ?8 ESCAPE '\\') ORDER BY id LIMIT ?9", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->client_id);
  sqlite3_bind_int64 (stmt, 3, query->project_id);
  sqlite3_bind_int64 (stmt, 4, query->task_id);
  sqlite3_bind_int64 (stmt, 5, query->tag_id);
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 6, kinds[kind], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, query->archived == DT_ARCHIVED_INCLUDE ? 2
                             : query->archived == DT_ARCHIVED_ONLY ? 0 : 1);
  dt_store_bind_like (stmt, 8, query->text);
  sqlite3_bind_int (stmt, 9, (int) limit);
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) rule_from_row,
                            (GDestroyNotify) dt_rule_free, "Could not list the rules", error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

GPtrArray *
dt_rule_store_list_active (DtDb        *db,
                           DtRuleKind   kind,
                           GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (kind <= DT_RULE_ROUNDING, NULL);

  stmt = dt_db_prepare (db, "SELECT " RULE_COLUMNS " FROM rules WHERE active = 1 AND kind = ? "
                        "ORDER BY priority DESC, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kinds[kind], -1, SQLITE_STATIC);
  items = dt_store_collect (db, stmt, (DtStoreRowFunc) rule_from_row,
                            (GDestroyNotify) dt_rule_free, "Could not read the rules", error);
  if (items == NULL)
    return NULL;
  return g_steal_pointer (&items);
}

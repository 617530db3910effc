/* dt-rates.c: which rate prices a time entry, how its minutes are rounded, and why. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-rates.h"
#include "dt-store-private.h"

struct _DtRateBook
{
  GPtrArray  *rate_rules;      /* DtRule, priority order */
  GPtrArray  *rounding_rules;
  GPtrArray  *tag_rules;       /* borrowed from rate_rules */
  GHashTable *task_rule;       /* id → DtRule* (borrowed, the best of its level) */
  GHashTable *project_rule;
  GHashTable *client_rule;
  const DtRule *global_rule;
  GHashTable *task_rounding;
  GHashTable *project_rounding;
  GHashTable *client_rounding;
  const DtRule *global_rounding;
  GHashTable *task_rate;       /* id → gint64* */
  GHashTable *project_rate;
  GHashTable *client_rate;
  gint64      profile_rate;
};

#define KEY(id) GSIZE_TO_POINTER ((gsize) (id))

void
dt_rate_book_free (DtRateBook *book)
{
  if (book == NULL)
    return;
  g_clear_pointer (&book->tag_rules, g_ptr_array_unref);
  g_clear_pointer (&book->rate_rules, g_ptr_array_unref);
  g_clear_pointer (&book->rounding_rules, g_ptr_array_unref);
  g_clear_pointer (&book->task_rule, g_hash_table_unref);
  g_clear_pointer (&book->project_rule, g_hash_table_unref);
  g_clear_pointer (&book->client_rule, g_hash_table_unref);
  g_clear_pointer (&book->task_rounding, g_hash_table_unref);
  g_clear_pointer (&book->project_rounding, g_hash_table_unref);
  g_clear_pointer (&book->client_rounding, g_hash_table_unref);
  g_clear_pointer (&book->task_rate, g_hash_table_unref);
  g_clear_pointer (&book->project_rate, g_hash_table_unref);
  g_clear_pointer (&book->client_rate, g_hash_table_unref);
  g_free (book);
}

/* Files each rule under its level; the first one seen (highest priority) stays. */
static void
index_rules (GPtrArray     *rules,
             GPtrArray     *tag_rules,
             GHashTable    *by_task,
             GHashTable    *by_project,
             GHashTable    *by_client,
             const DtRule **global)
{
  for (guint i = 0; i < rules->len; i++)
    {
      const DtRule *rule = rules->pdata[i];

      if (rule->tag_id != 0)
        {
          if (tag_rules != NULL)
            g_ptr_array_add (tag_rules, (gpointer) rule);
        }
      else if (rule->task_id != 0)
        {
          if (!g_hash_table_contains (by_task, KEY (rule->task_id)))
            g_hash_table_insert (by_task, KEY (rule->task_id), (gpointer) rule);
        }
      else if (rule->project_id != 0)
        {
          if (!g_hash_table_contains (by_project, KEY (rule->project_id)))
            g_hash_table_insert (by_project, KEY (rule->project_id), (gpointer) rule);
        }
      else if (rule->client_id != 0)
        {
          if (!g_hash_table_contains (by_client, KEY (rule->client_id)))
            g_hash_table_insert (by_client, KEY (rule->client_id), (gpointer) rule);
        }
      else if (*global == NULL)
        *global = rule;
    }
}

static gboolean
load_rates (DtDb        *db,
            const char  *sql,
            gint64       project_id,
            GHashTable  *into,
            GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (project_id != 0)
    sqlite3_bind_int64 (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *rate = g_new (gint64, 1);
      *rate = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (into, KEY (sqlite3_column_int64 (stmt, 0)), rate);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the rates");
  return TRUE;
}

/* The own rates of every task, project and client; or, for @project_id, of its tasks, itself
 * and its client: all that can price that project's work. */
static const char *const rates_sql[2][3] = {
  {
    "SELECT id, rate FROM tasks WHERE rate IS NOT NULL",
    "SELECT id, rate FROM projects WHERE rate IS NOT NULL",
    "SELECT id, rate FROM clients WHERE rate IS NOT NULL",
  },
  {
    "SELECT id, rate FROM tasks WHERE project_id = ?1 AND rate IS NOT NULL",
    "SELECT id, rate FROM projects WHERE id = ?1 AND rate IS NOT NULL",
    "SELECT c.id, c.rate FROM clients c JOIN projects p ON p.client_id = c.id "
    "WHERE p.id = ?1 AND c.rate IS NOT NULL",
  },
};

static DtRateBook *
rate_book_load (DtDb    *db,
                gint64   project_id,
                GError **error)
{
  g_autoptr(DtRateBook) book = g_new0 (DtRateBook, 1);
  const char *const *sql = rates_sql[project_id != 0];
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  book->rate_rules = dt_rule_store_list_active (db, DT_RULE_RATE, error);
  if (book->rate_rules == NULL)
    return NULL;
  book->rounding_rules = dt_rule_store_list_active (db, DT_RULE_ROUNDING, error);
  if (book->rounding_rules == NULL)
    return NULL;
  book->tag_rules = g_ptr_array_new ();
  book->task_rule = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->project_rule = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->client_rule = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->task_rounding = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->project_rounding = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->client_rounding = g_hash_table_new (g_direct_hash, g_direct_equal);
  book->task_rate = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  book->project_rate = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  book->client_rate = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  index_rules (book->rate_rules, book->tag_rules, book->task_rule, book->project_rule,
               book->client_rule, &book->global_rule);
  index_rules (book->rounding_rules, NULL, book->task_rounding, book->project_rounding,
               book->client_rounding, &book->global_rounding);

  if (!load_rates (db, sql[0], project_id, book->task_rate, error) ||
      !load_rates (db, sql[1], project_id, book->project_rate, error) ||
      !load_rates (db, sql[2], project_id, book->client_rate, error))
    return NULL;
  stmt = dt_db_prepare (db, "SELECT hourly_rate FROM profile WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    book->profile_rate = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return g_steal_pointer (&book);
}

DtRateBook *
dt_rate_book_load (DtDb    *db,
                   GError **error)
{
  return rate_book_load (db, 0, error);
}

DtRateBook *
dt_rate_book_load_for_project (DtDb    *db,
                               gint64   project_id,
                               GError **error)
{
  return rate_book_load (db, project_id, error);
}

void
dt_rate_book_add_task_rate (DtRateBook *book,
                            gint64      task_id,
                            gint64      rate)
{
  gint64 *value;

  g_return_if_fail (book != NULL);
  value = g_new (gint64, 1);
  *value = rate;
  g_hash_table_replace (book->task_rate, KEY (task_id), value);
}

gboolean
dt_rate_book_uses_tags (const DtRateBook *book)
{
  g_return_val_if_fail (book != NULL, FALSE);
  return book->tag_rules->len > 0;
}

static gboolean
tag_rule_matches (const DtRule        *rule,
                  const DtRateContext *context)
{
  gboolean tagged = FALSE;

  for (guint i = 0; i < context->n_tag_ids && !tagged; i++)
    tagged = context->tag_ids[i] == rule->tag_id;
  return tagged &&
         (rule->client_id == 0 || rule->client_id == context->client_id) &&
         (rule->project_id == 0 || rule->project_id == context->project_id) &&
         (rule->task_id == 0 || rule->task_id == context->task_id);
}

gboolean
dt_rate_book_choose_by_tags (const DtRateBook    *book,
                             const DtRateContext *context,
                             DtRateChoice        *out)
{
  if (context->n_tag_ids == 0)
    return FALSE;
  for (guint i = 0; i < book->tag_rules->len; i++)
    {
      const DtRule *rule = book->tag_rules->pdata[i];

      if (tag_rule_matches (rule, context))
        {
          *out = (DtRateChoice) { rule->rate, DT_RATE_FROM_TAG_RULE, rule->id, 0 };
          return TRUE;
        }
    }
  return FALSE;
}

DtRateChoice
dt_rate_book_choose (const DtRateBook    *book,
                     const DtRateContext *context)
{
  DtRateChoice choice = { book->profile_rate, DT_RATE_FROM_PROFILE, 0, 0 };
  const DtRule *rule;
  const gint64 *rate;

  if (dt_rate_book_choose_by_tags (book, context, &choice))
    return choice;
  if (context->task_id != 0)
    {
      if ((rule = g_hash_table_lookup (book->task_rule, KEY (context->task_id))) != NULL)
        return (DtRateChoice) { rule->rate, DT_RATE_FROM_TASK_RULE, rule->id, 0 };
      if ((rate = g_hash_table_lookup (book->task_rate, KEY (context->task_id))) != NULL)
        return (DtRateChoice) { *rate, DT_RATE_FROM_TASK, 0, context->task_id };
    }
  if ((rule = g_hash_table_lookup (book->project_rule, KEY (context->project_id))) != NULL)
    return (DtRateChoice) { rule->rate, DT_RATE_FROM_PROJECT_RULE, rule->id, 0 };
  if ((rate = g_hash_table_lookup (book->project_rate, KEY (context->project_id))) != NULL)
    return (DtRateChoice) { *rate, DT_RATE_FROM_PROJECT, 0, context->project_id };
  if ((rule = g_hash_table_lookup (book->client_rule, KEY (context->client_id))) != NULL)
    return (DtRateChoice) { rule->rate, DT_RATE_FROM_CLIENT_RULE, rule->id, 0 };
  if ((rate = g_hash_table_lookup (book->client_rate, KEY (context->client_id))) != NULL)
    return (DtRateChoice) { *rate, DT_RATE_FROM_CLIENT, 0, context->client_id };
  if (book->global_rule != NULL)
    return (DtRateChoice) { book->global_rule->rate, DT_RATE_FROM_GLOBAL_RULE,
                            book->global_rule->id, 0 };
  return choice;
}

static const DtRule *
find_rule (const DtRateBook *book,
           gint64            id)
{
  for (guint i = 0; i < book->rate_rules->len; i++)
    if (((DtRule *) book->rate_rules->pdata[i])->id == id)
      return book->rate_rules->pdata[i];
  return NULL;
}

char *
dt_rate_book_explain (const DtRateBook   *book,
                      const DtRateChoice *choice)
{
  static const char *const levels[] = {
    [DT_RATE_FROM_TAG_RULE] = "tag rule", [DT_RATE_FROM_TASK_RULE] = "task rule",
    [DT_RATE_FROM_PROJECT_RULE] = "project rule", [DT_RATE_FROM_CLIENT_RULE] = "client rule",
    [DT_RATE_FROM_GLOBAL_RULE] = "global rule",
  };
  const DtRule *rule;

  g_return_val_if_fail (book != NULL && choice != NULL, NULL);

  switch (choice->source)
    {
    case DT_RATE_FROM_TASK:
      return g_strdup_printf ("rate of task %" G_GINT64_FORMAT, choice->owner_id);
    case DT_RATE_FROM_PROJECT:
      return g_strdup_printf ("rate of project %" G_GINT64_FORMAT, choice->owner_id);
    case DT_RATE_FROM_CLIENT:
      return g_strdup_printf ("rate of client %" G_GINT64_FORMAT, choice->owner_id);
    case DT_RATE_FROM_PROFILE:
      return g_strdup ("profile default rate");
    case DT_RATE_FROM_TAG_RULE:
    case DT_RATE_FROM_TASK_RULE:
    case DT_RATE_FROM_PROJECT_RULE:
    case DT_RATE_FROM_CLIENT_RULE:
    case DT_RATE_FROM_GLOBAL_RULE:
    default:
      rule = find_rule (book, choice->rule_id);
      if (rule != NULL && rule->name[0] != '\0')
        return g_strdup_printf ("%s %" G_GINT64_FORMAT " “%s” (priority %d)",
                                levels[choice->source], rule->id, rule->name, rule->priority);
      return g_strdup_printf ("%s %" G_GINT64_FORMAT " (priority %d)", levels[choice->source],
                              choice->rule_id, rule ? rule->priority : 0);
    }
}

const DtRule *
dt_rate_book_rounding (const DtRateBook *book,
                       gint64            client_id,
                       gint64            project_id,
                       gint64            task_id)
{
  const DtRule *rule;

  g_return_val_if_fail (book != NULL, NULL);

  if (task_id != 0 && (rule = g_hash_table_lookup (book->task_rounding, KEY (task_id))) != NULL)
    return rule;
  if ((rule = g_hash_table_lookup (book->project_rounding, KEY (project_id))) != NULL)
    return rule;
  if ((rule = g_hash_table_lookup (book->client_rounding, KEY (client_id))) != NULL)
    return rule;
  return book->global_rounding;
}

char *
dt_rounding_explain (const DtRule *rule)
{
  g_autofree char *minimum = NULL;

  if (rule == NULL)
    return g_strdup ("whole minutes");
  if (rule->minimum_minutes > 0)
    minimum = g_strdup_printf (", at least %d min", rule->minimum_minutes);
  return g_strdup_printf ("rounding rule %" G_GINT64_FORMAT ": %s to %d min per %s%s",
                          rule->id, dt_round_direction_to_string (rule->direction),
                          rule->increment_minutes, dt_round_apply_to_to_string (rule->apply_to),
                          minimum ? minimum : "");
}

gint64
dt_rounding_minutes (gint64 seconds)
{
  if (seconds <= 0)
    return 0;
  return (seconds + 30) / 60;
}

gint64
dt_rounding_apply (const DtRule *rule,
                   gint64        minutes)
{
  gint64 step, rest, rounded;

  if (rule == NULL || minutes <= 0)
    return MAX (minutes, 0);
  step = CLAMP (rule->increment_minutes, 1, 60);
  rest = minutes % step;
  rounded = minutes - rest;
  if (rest != 0)
    {
      if (rule->direction == DT_ROUND_UP ||
          (rule->direction == DT_ROUND_NEAREST && rest * 2 >= step))
        rounded += step;
    }
  if (rounded < rule->minimum_minutes)
    rounded = rule->minimum_minutes;
  return rounded;
}

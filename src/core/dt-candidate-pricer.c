/* dt-candidate-pricer.c: prices time entries into invoice lines, for drafts and the Billing Hub. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "expenses/dt-expenses.h"
#include "dt-money.h"
#include "dt-time.h"

#include <string.h>

static void
candidate_entry_free (DtCandidateEntry *entry)
{
  g_free (entry->note);
  g_free (entry->rate_explanation);
  g_free (entry);
}

static void
candidate_group_free (DtCandidateGroup *group)
{
  g_free (group->project_name);
  g_free (group->task_title);
  g_free (group->description);
  g_free (group->rate_explanation);
  g_free (group->rounding_explanation);
  g_clear_pointer (&group->entries, g_ptr_array_unref);
  g_free (group);
}

DtCandidates *
dt_candidates_new (void)
{
  DtCandidates *candidates = g_new0 (DtCandidates, 1);

  candidates->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_group_free);
  candidates->expenses = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_expense_free);
  return candidates;
}

void
dt_candidates_free (DtCandidates *candidates)
{
  if (candidates == NULL)
    return;
  g_free (candidates->client_name);
  g_free (candidates->currency);
  g_clear_pointer (&candidates->groups, g_ptr_array_unref);
  g_clear_pointer (&candidates->expenses, g_ptr_array_unref);
  g_free (candidates);
}

/* What makes two entries share an invoice line. */
typedef struct
{
  gint64       entry_id;   /* per-entry lines only */
  gint64       project_id;
  gint64       task_id;
  DtRateChoice choice;
} GroupKey;

static guint
group_key_hash (gconstpointer data)
{
  const GroupKey *key = data;
  guint64 h = (guint64) key->entry_id * 0x9e3779b97f4a7c15ULL;

  h ^= (guint64) key->project_id * 0xbf58476d1ce4e5b9ULL + (h << 6) + (h >> 2);
  h ^= (guint64) key->task_id * 0x94d049bb133111ebULL + (h << 6) + (h >> 2);
  h ^= (guint64) key->choice.rate + ((guint64) key->choice.source << 40) + (h << 6) + (h >> 2);
  h ^= (guint64) key->choice.rule_id * 31 + (guint64) key->choice.owner_id * 131 + (h << 6);
  return (guint) (h ^ (h >> 32));
}

static gboolean
group_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const GroupKey *ka = a, *kb = b;

  return ka->entry_id == kb->entry_id && ka->project_id == kb->project_id &&
         ka->task_id == kb->task_id && ka->choice.rate == kb->choice.rate &&
         ka->choice.source == kb->choice.source && ka->choice.rule_id == kb->choice.rule_id &&
         ka->choice.owner_id == kb->choice.owner_id;
}

/* What every untagged entry of one client, project and task shares: its rate, its rounding
 * and (unless each entry is its own line) its group. Worked out once per task, not per
 * entry: a Billing Hub prices hundreds of thousands of entries of a few thousand tasks. */
typedef struct
{
  gint64            client_id;
  gint64            project_id;
  gint64            task_id;
  DtRateChoice      choice;      /* without tags */
  const DtRule     *entry_rule;  /* rounds each entry, or NULL */
  const DtRule     *group_rule;  /* rounds the line once, or NULL */
  DtCandidateGroup *group;       /* the untagged entries' group, once there is one */
} PricerSlot;

static guint
pricer_slot_hash (gconstpointer data)
{
  const PricerSlot *slot = data;
  guint64 h = (guint64) slot->task_id * 0x9e3779b97f4a7c15ULL;

  h ^= (guint64) slot->project_id * 0xbf58476d1ce4e5b9ULL + (h << 6) + (h >> 2);
  h ^= (guint64) slot->client_id * 0x94d049bb133111ebULL + (h << 6) + (h >> 2);
  return (guint) (h ^ (h >> 32));
}

static gboolean
pricer_slot_equal (gconstpointer a,
                   gconstpointer b)
{
  const PricerSlot *sa = a, *sb = b;

  return sa->client_id == sb->client_id && sa->project_id == sb->project_id &&
         sa->task_id == sb->task_id;
}

/* A group, the key it is found by and its per-line rounding rule, in one allocation: the
 * group comes first, so candidate_group_free frees all, and the key outlives the pricer's
 * table of keys. Every group a pricer makes is one. */
typedef struct
{
  DtCandidateGroup  group;
  GroupKey          key;
  const DtRule     *line_rule;  /* rounds the line's sum once, or NULL */
} KeyedGroup;

/* Slots come in blocks: a Billing Hub makes one for each of thousands of tasks. */
#define SLOTS_PER_BLOCK 256

struct _DtCandidatePricer
{
  const DtRateBook  *book;
  DtInvoiceGrouping  grouping;
  gboolean           keep_entries;
  GHashTable        *only;
  DtCandidates      *into;
  GHashTable        *by_key;      /* GroupKey → DtCandidateGroup (borrowed) */
  GHashTable        *slots;       /* PricerSlot → itself */
  PricerSlot        *last_slot;   /* entries of one task often come in a row */
  GPtrArray         *slot_blocks; /* PricerSlot[SLOTS_PER_BLOCK] */
  guint              slots_left;  /* free slots in the last block */
};

DtCandidatePricer *
dt_candidate_pricer_new (const DtRateBook  *book,
                         DtInvoiceGrouping  grouping,
                         gboolean           keep_entries,
                         GHashTable        *only,
                         DtCandidates      *into)
{
  DtCandidatePricer *pricer = g_new0 (DtCandidatePricer, 1);

  /* Every group in @into must be one this pricer made (a KeyedGroup). */
  g_assert (into->groups->len == 0);
  pricer->book = book;
  pricer->grouping = grouping;
  pricer->keep_entries = keep_entries;
  pricer->only = only;
  pricer->into = into;
  pricer->by_key = g_hash_table_new (group_key_hash, group_key_equal);
  pricer->slots = g_hash_table_new (pricer_slot_hash, pricer_slot_equal);
  pricer->slot_blocks = g_ptr_array_new_with_free_func (g_free);
  return pricer;
}

static PricerSlot *
pricer_slot (DtCandidatePricer    *pricer,
             const DtCandidateRow *row)
{
  PricerSlot probe = { row->client_id, row->project_id, row->task_id }, *slot = pricer->last_slot;
  DtRateContext context = { row->client_id, row->project_id, row->task_id, NULL, 0 };
  gint64 group_task;

  if (slot != NULL && pricer_slot_equal (slot, &probe))
    return slot;
  slot = g_hash_table_lookup (pricer->slots, &probe);
  if (slot == NULL)
    {
      if (pricer->slots_left == 0)
        {
          g_ptr_array_add (pricer->slot_blocks, g_new (PricerSlot, SLOTS_PER_BLOCK));
          pricer->slots_left = SLOTS_PER_BLOCK;
        }
      slot = (PricerSlot *) g_ptr_array_index (pricer->slot_blocks, pricer->slot_blocks->len - 1) +
             (SLOTS_PER_BLOCK - pricer->slots_left--);
      *slot = probe;
      slot->choice = dt_rate_book_choose (pricer->book, &context);
      group_task = pricer->grouping == DT_GROUP_BY_PROJECT ? 0 : row->task_id;
      /* Per-line rules come from the line's scope, per-entry rules from the entry's own. */
      slot->group_rule = dt_rate_book_rounding (pricer->book, row->client_id, row->project_id,
                                                group_task);
      slot->entry_rule = group_task == row->task_id
                         ? slot->group_rule
                         : dt_rate_book_rounding (pricer->book, row->client_id, row->project_id,
                                                  row->task_id);
      if (slot->group_rule != NULL && slot->group_rule->apply_to != DT_ROUND_PER_LINE)
        slot->group_rule = NULL;
      if (slot->group_rule != NULL ||
          (slot->entry_rule != NULL && slot->entry_rule->apply_to != DT_ROUND_PER_ENTRY))
        slot->entry_rule = NULL;
      g_hash_table_add (pricer->slots, slot);
    }
  pricer->last_slot = slot;
  return slot;
}

static char *
describe_group (const DtCandidateRow *row,
                DtInvoiceGrouping     grouping)
{
  if (grouping == DT_GROUP_BY_ENTRY)
    {
      g_autofree char *day = dt_time_local_date (row->start_at);
      g_autofree char *note = NULL;

      if (row->note != NULL && row->note[0] != '\0')
        {
          note = g_utf8_substring (row->note, 0, MIN (g_utf8_strlen (row->note, -1), 300));
          return row->task_title
                 ? g_strdup_printf ("%s %s — %s: %s", day, row->project_name, row->task_title, note)
                 : g_strdup_printf ("%s %s: %s", day, row->project_name, note);
        }
      return row->task_title
             ? g_strdup_printf ("%s %s — %s", day, row->project_name, row->task_title)
             : g_strdup_printf ("%s %s", day, row->project_name);
    }
  if (grouping == DT_GROUP_BY_TASK && row->task_title != NULL)
    return g_strdup_printf ("%s — %s", row->project_name, row->task_title);
  return g_strdup (row->project_name);
}

void
dt_candidate_pricer_add (DtCandidatePricer    *pricer,
                         const DtCandidateRow *row)
{
  DtCandidates *into = pricer->into;
  DtRateContext context = { row->client_id, row->project_id, row->task_id, row->tag_ids,
                            row->n_tag_ids };
  DtRateChoice choice;
  PricerSlot *slot;
  DtCandidateGroup *group = NULL;
  GroupKey key = { 0 };
  gboolean tagged;
  gint64 raw, billed;

  if (pricer->only != NULL && !g_hash_table_contains (pricer->only, &row->id))
    return;
  if (row->billed)
    {
      into->excluded_billed++;
      return;
    }
  if (row->end_at == 0)
    {
      into->excluded_running++;
      return;
    }
  if (!row->billable)
    {
      into->excluded_non_billable++;
      return;
    }

  slot = pricer_slot (pricer, row);
  /* dt_rate_book_choose: a tag rule first, else what the task's slot worked out. */
  tagged = dt_rate_book_choose_by_tags (pricer->book, &context, &choice);
  if (!tagged)
    choice = slot->choice;

  raw = dt_rounding_minutes (row->end_at - row->start_at);
  billed = dt_rounding_apply (slot->entry_rule, raw);

  if (!tagged && pricer->grouping != DT_GROUP_BY_ENTRY)
    group = slot->group;
  if (group == NULL)
    {
      key.entry_id = pricer->grouping == DT_GROUP_BY_ENTRY ? row->id : 0;
      key.project_id = row->project_id;
      key.task_id = pricer->grouping == DT_GROUP_BY_PROJECT ? 0 : row->task_id;
      key.choice = choice;
      group = g_hash_table_lookup (pricer->by_key, &key);
    }
  if (group == NULL)
    {
      KeyedGroup *keyed = g_new0 (KeyedGroup, 1);

      keyed->key = key;
      group = &keyed->group;
      group->project_id = row->project_id;
      group->task_id = key.task_id;
      group->rate = choice.rate;
      /* Sums alone (the Billing Hub, thousands of groups) need no words. */
      if (pricer->keep_entries)
        {
          group->project_name = g_strdup (row->project_name);
          group->task_title = key.task_id != 0 ? g_strdup (row->task_title) : NULL;
          group->description = describe_group (row, pricer->grouping);
          group->rate_explanation = dt_rate_book_explain (pricer->book, &choice);
          group->rounding_explanation = dt_rounding_explain (slot->group_rule ? slot->group_rule
                                                                              : slot->entry_rule);
          group->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_entry_free);
        }
      g_ptr_array_add (into->groups, group);
      g_hash_table_insert (pricer->by_key, &keyed->key, group);
      keyed->line_rule = slot->group_rule;
    }
  if (!tagged && pricer->grouping != DT_GROUP_BY_ENTRY)
    slot->group = group;
  group->raw_minutes += raw;
  group->billed_minutes += billed;
  into->n_entries++;

  if (pricer->keep_entries)
    {
      DtCandidateEntry *entry = g_new0 (DtCandidateEntry, 1);

      entry->entry_id = row->id;
      entry->project_id = row->project_id;
      entry->task_id = row->task_id;
      entry->start_at = row->start_at;
      entry->end_at = row->end_at;
      entry->note = g_strdup (row->note ? row->note : "");
      entry->raw_minutes = raw;
      entry->billed_minutes = billed;
      entry->rate = choice.rate;
      entry->amount = dt_money_for_minutes (billed, choice.rate);
      entry->rate_explanation = g_strdup (group->rate_explanation);
      g_ptr_array_add (group->entries, entry);
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const DtCandidateGroup *ga = *(DtCandidateGroup **) a, *gb = *(DtCandidateGroup **) b;
  int by_name = g_utf8_collate (ga->project_name, gb->project_name);

  if (by_name != 0)
    return by_name;
  if (ga->project_id != gb->project_id)
    return ga->project_id < gb->project_id ? -1 : 1;
  if (ga->task_id != gb->task_id)
    return ga->task_id < gb->task_id ? -1 : 1;
  if (ga->entries->len > 0 && gb->entries->len > 0)
    {
      const DtCandidateEntry *ea = ga->entries->pdata[0], *eb = gb->entries->pdata[0];
      if (ea->start_at != eb->start_at)
        return ea->start_at < eb->start_at ? -1 : 1;
    }
  return (ga->rate > gb->rate) - (ga->rate < gb->rate);
}

void
dt_candidate_pricer_finish (DtCandidatePricer *pricer)
{
  DtCandidates *into = pricer->into;

  for (guint i = 0; i < into->groups->len; i++)
    {
      DtCandidateGroup *group = into->groups->pdata[i];
      const DtRule *line_rule = ((KeyedGroup *) group)->line_rule;

      if (line_rule != NULL)
        group->billed_minutes = dt_rounding_apply (line_rule, group->raw_minutes);
      /* Priced once per line: 3 × 20 min at 100.00/h is 100.00, not 3 × 33.33. */
      group->amount = dt_money_for_minutes (group->billed_minutes, group->rate);
      into->raw_minutes += group->raw_minutes;
      into->billed_minutes += group->billed_minutes;
      into->amount += group->amount;
    }
  if (pricer->keep_entries)
    g_ptr_array_sort (into->groups, compare_groups);
  g_hash_table_unref (pricer->by_key);
  g_hash_table_unref (pricer->slots);
  g_ptr_array_unref (pricer->slot_blocks);
  g_free (pricer);
}

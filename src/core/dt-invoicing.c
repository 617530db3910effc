/* dt-invoicing.c: from tracked time to issued invoices: candidates, drafts, numbers, sending,
 * voiding and credit notes. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-einvoice-snapshot.h"
#include "dt-json-writer.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-store-private.h"
#include "dt-money.h"
#include "dt-payment-store.h"
#include "dt-profile-store.h"
#include "dt-settings-store.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

static const char *const groupings[] = { "task", "project", "entry", NULL };

const char *
dt_invoice_grouping_to_string (DtInvoiceGrouping grouping)
{
  g_return_val_if_fail (grouping <= DT_GROUP_BY_ENTRY, NULL);
  return groupings[grouping];
}

gboolean
dt_invoice_grouping_from_string (const char         *text,
                                 DtInvoiceGrouping  *out,
                                 GError            **error)
{
  for (guint i = 0; text != NULL && groupings[i] != NULL; i++)
    if (g_str_equal (groupings[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "grouping “%s” is not known; use task, project or entry", shown);
    }
  return FALSE;
}

/* ---- candidates ----------------------------------------------------------------------- */

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

static gboolean
load_client (DtDb          *db,
             gint64         client_id,
             DtCandidates  *candidates,
             GError       **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, currency FROM clients WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      candidates->client_name = dt_store_column_dup (stmt, 0);
      candidates->currency = dt_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "client %" G_GINT64_FORMAT " does not exist",
                   client_id);
      return FALSE;
    }
  return TRUE;
}

/* "3,7" (group_concat) into @into; returns how many. */
static guint
parse_tags (const char *text,
            GArray     *into)
{
  g_array_set_size (into, 0);
  for (const char *p = text; p != NULL && *p != '\0'; )
    {
      char *end;
      gint64 tag = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        break;
      g_array_append_val (into, tag);
      p = *end == ',' ? end + 1 : end;
    }
  return into->len;
}

static DtCandidates *
find_candidates (DtDb               *db,
                 gint64              client_id,
                 gint64              from,
                 gint64              to,
                 DtInvoiceGrouping   grouping,
                 GHashTable         *only,
                 GError            **error)
{
  g_autoptr(DtCandidates) candidates = dt_candidates_new ();
  g_autoptr(DtRateBook) book = NULL;
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  DtCandidatePricer *pricer;
  sqlite3_stmt *stmt;
  int rc;

  if (grouping > DT_GROUP_BY_ENTRY)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "grouping %d is not known", grouping);
      return NULL;
    }
  if (to <= from)
    {
      g_autofree char *a = dt_time_format_iso_utc (from);
      g_autofree char *b = dt_time_format_iso_utc (to);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "to (%s) is not after from (%s)", b, a);
      return NULL;
    }
  if (!load_client (db, client_id, candidates, error))
    return NULL;
  candidates->client_id = client_id;
  candidates->from = from;
  candidates->to = to;
  candidates->grouping = grouping;
  book = dt_rate_book_load (db, error);
  if (book == NULL)
    return NULL;

  /* projects_client, then time_entries_project_start: one client's month is a range scan. */
  stmt = dt_db_prepare (db,
                        "SELECT e.id, e.project_id, e.task_id, e.start_at, e.end_at, e.note, "
                        "e.billable AND coalesce (t.billable, 1), e.invoice_line_id IS NOT NULL, "
                        "CASE WHEN ?4 THEN (SELECT group_concat (g.tag_id) FROM time_entry_tags g "
                        "                   WHERE g.entry_id = e.id) END, p.name, t.title "
                        "FROM projects p JOIN time_entries e ON e.project_id = p.id "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "WHERE p.client_id = ?1 AND e.start_at >= ?2 AND e.start_at < ?3 "
                        "ORDER BY e.start_at, e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int (stmt, 4, dt_rate_book_uses_tags (book));
  pricer = dt_candidate_pricer_new (book, grouping, TRUE, only, candidates);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtCandidateRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .client_id = client_id,
        .project_id = sqlite3_column_int64 (stmt, 1),
        .task_id = dt_store_column_id (stmt, 2),
        .start_at = sqlite3_column_int64 (stmt, 3),
        .end_at = dt_store_column_id (stmt, 4),
        .note = (const char *) sqlite3_column_text (stmt, 5),
        .billable = sqlite3_column_int (stmt, 6) != 0,
        .billed = sqlite3_column_int (stmt, 7) != 0,
        .n_tag_ids = parse_tags ((const char *) sqlite3_column_text (stmt, 8), tags),
        .project_name = (const char *) sqlite3_column_text (stmt, 9),
        .task_title = (const char *) sqlite3_column_text (stmt, 10),
      };
      row.tag_ids = (const gint64 *) tags->data;
      dt_candidate_pricer_add (pricer, &row);
    }
  sqlite3_reset (stmt);
  dt_candidate_pricer_finish (pricer);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the time entries");
      return NULL;
    }
  return g_steal_pointer (&candidates);
}

DtCandidates *
dt_invoicing_find_candidates (DtDb               *db,
                              gint64              client_id,
                              gint64              from,
                              gint64              to,
                              DtInvoiceGrouping   grouping,
                              GError            **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  return find_candidates (db, client_id, from, to, grouping, NULL, error);
}

/* ---- drafts --------------------------------------------------------------------------- */

static char *
rule_note (const DtCandidateGroup *group)
{
  return g_strdup_printf ("%s; %s", group->rate_explanation, group->rounding_explanation);
}

static gboolean
explain_missing (DtDb           *db,
                 const GArray   *wanted,
                 DtCandidates   *found,
                 GError        **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint g = 0; g < found->groups->len; g++)
    {
      DtCandidateGroup *group = found->groups->pdata[g];
      for (guint e = 0; e < group->entries->len; e++)
        g_hash_table_add (seen, &((DtCandidateEntry *) group->entries->pdata[e])->entry_id);
    }
  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 id = g_array_index (wanted, gint64, i);
      sqlite3_stmt *stmt;
      gint64 line = 0;
      int rc;

      if (g_hash_table_contains (seen, &id))
        continue;
      stmt = dt_db_prepare (db, "SELECT invoice_line_id FROM time_entries WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        line = dt_store_column_id (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "time entry %" G_GINT64_FORMAT " does not exist", id);
      else if (line != 0)
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "time entry %" G_GINT64_FORMAT " is already billed", id);
      else
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "time entry %" G_GINT64_FORMAT " is not billable time of client %"
                     G_GINT64_FORMAT " finished in the period", id, found->client_id);
      return FALSE;
    }
  return TRUE;
}

DtInvoice *
dt_invoicing_create_draft (DtDb                  *db,
                           const DtDraftRequest  *request,
                           GError               **error)
{
  g_autoptr(DtCandidates) candidates = NULL;
  g_autoptr(GHashTable) only = NULL;
  g_autoptr(DtInvoice) header = dt_invoice_new ();
  g_autofree char *default_terms = NULL;
  int tax_rate_bp;
  guint position = 0;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  tax_rate_bp = request->tax_rate_bp >= 0
                ? request->tax_rate_bp
                : (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TAX_RATE_BP, 0);
  if (tax_rate_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a tax rate of %d basis points is out of range; use 0 to 10000", tax_rate_bp);
      return NULL;
    }
  if (request->entry_ids != NULL)
    {
      only = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < request->entry_ids->len; i++)
        g_hash_table_add (only, &g_array_index (request->entry_ids, gint64, i));
    }

  if (!dt_db_begin (db, error))
    return NULL;
  /* Inside the write transaction: nobody can bill these entries between reading and linking. */
  candidates = find_candidates (db, request->client_id, request->from, request->to,
                                request->grouping, only, error);
  if (candidates == NULL)
    goto fail;
  if (request->entry_ids != NULL && !explain_missing (db, request->entry_ids, candidates, error))
    goto fail;
  if (candidates->groups->len == 0 &&
      (request->extra_lines == NULL || request->extra_lines->len == 0))
    {
      g_autofree char *a = dt_time_local_date (request->from);
      g_autofree char *b = dt_time_local_date (request->to - 1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "client %" G_GINT64_FORMAT " has no unbilled billable time from %s to %s "
                   "(%u running, %u non-billable, %u already billed) and no other lines were "
                   "given", request->client_id, a, b, candidates->excluded_running,
                   candidates->excluded_non_billable, candidates->excluded_billed);
      goto fail;
    }

  header->client_id = request->client_id;
  header->discount_bp = request->discount_bp;
  header->discount_fixed = request->discount_fixed;
  g_free (header->notes);
  header->notes = g_strdup (request->notes ? request->notes : "");
  if (request->terms == NULL)
    default_terms = dt_settings_get (db, DT_SETTING_INVOICE_TERMS, NULL);
  g_free (header->terms);
  header->terms = g_strdup (request->terms ? request->terms : default_terms ? default_terms : "");
  header->due_date = g_strdup (request->due_date);
  header->period_from = dt_time_local_date (request->from);
  header->period_to = dt_time_local_date (request->to - 1);
#define TAKE_EINVOICE(field)                                          \
  if (request->field != NULL)                                         \
    {                                                                 \
      g_free (header->field);                                         \
      header->field = g_strdup (request->field);                      \
    }
  TAKE_EINVOICE (order_reference);
  TAKE_EINVOICE (vat_category);
  TAKE_EINVOICE (vat_exemption_reason);
  TAKE_EINVOICE (vat_exemption_code);
#undef TAKE_EINVOICE
  if (!dt_invoice_store_insert_header (db, header, DT_INVOICE_KIND_INVOICE, 0, &id, error))
    goto fail;

  for (guint g = 0; g < candidates->groups->len; g++)
    {
      DtCandidateGroup *group = candidates->groups->pdata[g];
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_new (DT_LINE_TIME);

      line->position = (int) position++;
      g_free (line->description);
      line->description = g_strdup (group->description);
      line->project_id = group->project_id;
      line->task_id = group->task_id;
      line->quantity = group->billed_minutes;
      line->raw_minutes = group->raw_minutes;
      line->unit_price = group->rate;
      line->tax_rate_bp = tax_rate_bp;
      g_free (line->rule_note);
      line->rule_note = rule_note (group);
      for (guint e = 0; e < group->entries->len; e++)
        g_array_append_val (line->entry_ids,
                            ((DtCandidateEntry *) group->entries->pdata[e])->entry_id);
      if (line->quantity == 0)
        {
          /* Rounded down to nothing: the entries are still billed (at zero), on one line. */
          line->quantity = 1;
          line->unit_price = 0;
        }
      if (!dt_invoice_store_insert_line (db, id, request->client_id, line, error))
        goto fail;
    }
  for (guint i = 0; request->extra_lines != NULL && i < request->extra_lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (request->extra_lines->pdata[i]);

      if (line->kind == DT_LINE_TIME)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "extra line %u is a time line; tracked time comes from the candidates",
                       i + 1);
          goto fail;
        }
      line->position = (int) position++;
      g_array_set_size (line->entry_ids, 0);
      if (!dt_invoice_store_insert_line (db, id, request->client_id, line, error))
        goto fail;
    }
  if (!dt_invoice_store_refresh_totals (db, id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

/* ---- numbers -------------------------------------------------------------------------- */

char *
dt_invoicing_format_number (const char *pattern,
                            int         year,
                            int         month,
                            gint64      counter)
{
  GString *out;

  g_return_val_if_fail (pattern != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = pattern; *p; )
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;

      if (close == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (strncmp (p, "{YYYY}", 6) == 0)
        g_string_append_printf (out, "%04d", year);
      else if (strncmp (p, "{YY}", 4) == 0)
        g_string_append_printf (out, "%02d", year % 100);
      else if (strncmp (p, "{MM}", 4) == 0)
        g_string_append_printf (out, "%02d", month);
      else if (p[1] == 'N')
        g_string_append_printf (out, "%0*" G_GINT64_FORMAT, (int) (close - p - 1), counter);
      else
        g_string_append_len (out, p, close - p + 1);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *series;
  int         year;
  gint64      counter;
  char       *number;
} NumberSlot;

static gboolean
find_number (DtDb           *db,
             DtInvoiceKind   kind,
             const char     *issue_date,
             NumberSlot     *slot,
             GError        **error)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int y, m, d;

  if (!dt_time_parse_date (issue_date, &y, &m, &d, error))
    return FALSE;
  pattern = dt_settings_get (db, kind == DT_INVOICE_KIND_CREDIT_NOTE
                                 ? DT_SETTING_CREDIT_NOTE_PATTERN : DT_SETTING_NUMBER_PATTERN,
                             error);
  if (pattern == NULL || !dt_settings_check_number_pattern (pattern, error))
    return FALSE;
  slot->series = kind == DT_INVOICE_KIND_CREDIT_NOTE ? "CN" : "INV";
  slot->year = y;
  slot->counter = 1;
  stmt = dt_db_prepare (db, "SELECT next FROM invoice_counters WHERE series = ? AND year = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slot->series, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, y);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    slot->counter = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* A pattern changed by hand may meet numbers already given: skip them, never reuse. */
  for (;;)
    {
      gboolean taken;

      g_free (slot->number);
      slot->number = dt_invoicing_format_number (pattern, y, m, slot->counter);
      stmt = dt_db_prepare (db, "SELECT 1 FROM invoices WHERE number = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, slot->number, -1, SQLITE_TRANSIENT);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!taken)
        return TRUE;
      slot->counter++;
    }
}

static gboolean
take_number (DtDb        *db,
             NumberSlot  *slot,
             GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "INSERT INTO invoice_counters (series, year, next) "
                                      "VALUES (?1, ?2, ?3) ON CONFLICT (series, year) "
                                      "DO UPDATE SET next = excluded.next", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slot->series, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, slot->year);
  sqlite3_bind_int64 (stmt, 3, slot->counter + 1);
  return dt_store_step_done (db, stmt, "Could not advance the invoice numbers", error);
}

char *
dt_invoicing_peek_number (DtDb           *db,
                          DtInvoiceKind   kind,
                          const char     *issue_date,
                          GError        **error)
{
  NumberSlot slot = { 0 };
  g_autofree char *today = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (issue_date == NULL)
    issue_date = today = dt_time_local_date (dt_time_now ());
  if (!find_number (db, kind, issue_date, &slot, error))
    {
      g_free (slot.number);
      return NULL;
    }
  return slot.number;
}

/* ---- issuing -------------------------------------------------------------------------- */

static char *
snapshot_client (DtDb    *db,
                 gint64   client_id,
                 int     *out_terms,
                 GError **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, address, email, tax_id, "
                                      "payment_terms_days FROM clients WHERE id = ?", error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DtClient) client = NULL;
  static const char *const names[] = { "name", "address", "email", "tax_id" };

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "client %" G_GINT64_FORMAT " does not exist",
                   client_id);
      return NULL;
    }
  json_builder_begin_object (builder);
  for (int i = 0; i < 4; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
    }
  *out_terms = sqlite3_column_int (stmt, 4);
  sqlite3_reset (stmt);
  client = dt_client_store_get (db, client_id, error);
  if (client == NULL)
    return NULL;
  json_builder_set_member_name (builder, "einvoice");
  json_builder_add_value (builder, dt_einvoice_snapshot_buyer (client));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Keeps @logo among the seller's logos (once, however many invoices show it); returns its
 * SHA-256 in hex. */
static char *
keep_logo (DtDb    *db,
           GBytes  *logo,
           GError **error)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, logo);
  gsize size = 0;
  const void *data = g_bytes_get_data (logo, &size);
  sqlite3_stmt *stmt;

  stmt = dt_db_prepare (db, "INSERT INTO seller_logos (sha256, data) VALUES (?, ?) "
                            "ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_TRANSIENT);
  if (!dt_store_step_done (db, stmt, "Could not keep the logo", error))
    return NULL;
  return g_steal_pointer (&digest);
}

/* The seller's details as the invoice shows them, logo included, kept with it at issue. */
static gboolean
freeze_seller (DtDb    *db,
               gint64   invoice_id,
               GError **error)
{
  g_autoptr(DtProfile) profile = dt_profile_store_get (db, error);
  g_autoptr(JsonObject) seller = NULL;
  g_autofree char *text = NULL;
  g_autofree char *logo = NULL;
  sqlite3_stmt *stmt;

  if (profile == NULL)
    return FALSE;
  if (profile->logo != NULL && g_bytes_get_size (profile->logo) > 0)
    {
      logo = keep_logo (db, profile->logo, error);
      if (logo == NULL)
        return FALSE;
    }
  seller = json_object_new ();
  json_object_set_string_member (seller, "business_name", profile->business_name);
  json_object_set_string_member (seller, "name", profile->name);
  json_object_set_string_member (seller, "address", profile->address);
  json_object_set_string_member (seller, "email", profile->email);
  json_object_set_string_member (seller, "tax_id", profile->tax_id);
  json_object_set_string_member (seller, "footer", profile->invoice_footer);
  json_object_set_string_member (seller, "logo", logo != NULL ? logo : "");
  json_object_set_member (seller, "einvoice", dt_einvoice_snapshot_seller (profile));
  text = dt_json_to_text_object (seller, NULL);

  stmt = dt_db_prepare (db, "UPDATE invoices SET seller = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  return dt_store_step_done (db, stmt, "Could not keep the seller's details", error);
}

/* Refuses @invoice_id (as stored so far, in the open transaction) when its PDF would print a
 * character as an empty box: an issued invoice is a legal document, so it is checked before
 * anything is numbered, frozen or mailed. */
static gboolean
check_printable (DtDb    *db,
                 gint64   invoice_id,
                 GError **error)
{
  g_autoptr(DtInvoiceDocument) doc = dt_invoicing_build_document (db, invoice_id, error);

  return doc != NULL && dt_invoice_pdf_check_glyphs (doc, error);
}

DtInvoice *
dt_invoicing_mark_sent (DtDb         *db,
                        gint64        invoice_id,
                        const char   *sent_to,
                        const char   *expected_number,
                        gint64        expected_version,
                        GError      **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *bill_to = NULL;
  g_autofree char *due = NULL;
  NumberSlot slot = { 0 };
  sqlite3_stmt *stmt;
  int terms = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (sent_to != NULL && !dt_store_check_text ("the recipients", sent_to, 0, 2000, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM invoices WHERE id = ?", "invoice",
                               invoice_id, expected_version, error))
    goto fail;
  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    goto fail;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s was already issued (%s)",
                   invoice->number ? invoice->number : "?",
                   dt_invoice_status_to_string (invoice->status));
      goto fail;
    }
  if (invoice->lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " has no lines; add something to bill first",
                   invoice_id);
      goto fail;
    }
  if (!check_printable (db, invoice_id, error) ||
      !find_number (db, invoice->kind, today, &slot, error))
    goto fail;
  if (expected_number != NULL && g_strcmp0 (expected_number, slot.number) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "the next number is now %s, not %s (another invoice was issued meanwhile); "
                   "prepare the invoice again", slot.number, expected_number);
      goto fail;
    }
  bill_to = snapshot_client (db, invoice->client_id, &terms, error);
  if (bill_to == NULL || !take_number (db, &slot, error))
    goto fail;
  due = invoice->due_date ? g_strdup (invoice->due_date) : dt_invoice_store_add_days (today, terms);
  if (g_strcmp0 (due, today) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the due date %s is before the issue date %s; change the draft's due date",
                   due, today);
      goto fail;
    }

  stmt = dt_db_prepare (db, "UPDATE invoices SET number = ?, status = 'sent', issue_date = ?, "
                        "due_date = ?, bill_to = ?, sent_at = ?, sent_to = ?, send_error = NULL, "
                        "updated_at = max(updated_at, ?5), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, slot.number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, due, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, bill_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  sqlite3_bind_text (stmt, 6, sent_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not issue the invoice", error) ||
      !freeze_seller (db, invoice_id, error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  g_clear_pointer (&slot.number, g_free);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, invoice_id, error);

fail:
  g_free (slot.number);
  dt_db_rollback (db);
  return NULL;
}

void
dt_send_plan_free (DtSendPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->number);
  g_free (plan->issue_date);
  g_free (plan->due_date);
  g_clear_pointer (&plan->document, dt_invoice_document_free);
  g_free (plan);
}

static int
client_terms (DtDb   *db,
              gint64  client_id)
{
  return (int) dt_store_count (db, "SELECT payment_terms_days FROM clients WHERE id = ?",
                               client_id);
}

DtSendPlan *
dt_invoicing_prepare_send (DtDb    *db,
                           gint64   invoice_id,
                           GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtSendPlan) plan = g_new0 (DtSendPlan, 1);

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  if (invoice->status != DT_INVOICE_DRAFT)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s was already issued (%s)",
                   invoice->number ? invoice->number : "?",
                   dt_invoice_status_to_string (invoice->status));
      return NULL;
    }
  if (invoice->lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " has no lines; add something to bill first",
                   invoice_id);
      return NULL;
    }
  plan->invoice_id = invoice_id;
  plan->version = invoice->version;
  plan->issue_date = dt_time_local_date (dt_time_now ());
  plan->due_date = invoice->due_date
                   ? g_strdup (invoice->due_date)
                   : dt_invoice_store_add_days (plan->issue_date,
                                                client_terms (db, invoice->client_id));
  if (g_strcmp0 (plan->due_date, plan->issue_date) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the due date %s is before the issue date %s; change the draft's due date",
                   plan->due_date, plan->issue_date);
      return NULL;
    }
  plan->number = dt_invoicing_peek_number (db, invoice->kind, plan->issue_date, error);
  if (plan->number == NULL)
    return NULL;
  plan->document = dt_invoicing_build_document (db, invoice_id, error);
  if (plan->document == NULL)
    return NULL;
  /* Rendered as it will be issued. */
  g_free (plan->document->number);
  plan->document->number = g_strdup (plan->number);
  g_free (plan->document->issue_date);
  plan->document->issue_date = g_strdup (plan->issue_date);
  g_free (plan->document->due_date);
  plan->document->due_date = g_strdup (plan->due_date);
  g_free (plan->document->status);
  plan->document->status = g_strdup ("sent");
  if (!dt_invoice_pdf_check_glyphs (plan->document, error))
    return NULL;
  return g_steal_pointer (&plan);
}

DtInvoice *
dt_invoicing_commit_send (DtDb              *db,
                          const DtSendPlan  *plan,
                          const char        *sent_to,
                          GError           **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  return dt_invoicing_mark_sent (db, plan->invoice_id, sent_to, plan->number, plan->version,
                                 error);
}

gboolean
dt_invoicing_record_send_failure (DtDb        *db,
                                  gint64       invoice_id,
                                  const char  *reason,
                                  GError     **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  text = g_utf8_make_valid (reason ? reason : "unknown failure", -1);
  if (g_utf8_strlen (text, -1) > 1000)
    {
      char *cut = g_utf8_substring (text, 0, 1000);
      g_free (text);
      text = cut;
    }
  if (!dt_db_begin (db, error))
    return FALSE;
  /* Only a draft: a send that failed never changes an issued invoice. The version stays, so
   * a prepared send can still be committed after a retry. */
  stmt = dt_db_prepare (db, "UPDATE invoices SET send_error = ? WHERE id = ? AND status = 'draft'",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  if (!dt_store_step_done (db, stmt, "Could not record the failed send", error))
    goto fail;
  if (sqlite3_changes (dt_db_get_handle (db)) != 1)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "invoice %" G_GINT64_FORMAT " is not a draft", invoice_id);
      goto fail;
    }
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

/* ---- the printable document ----------------------------------------------------------- */

static char **
split_emails (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",;", -1);
  GPtrArray *emails = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (emails, g_strdup (parts[i]));
    }
  g_ptr_array_add (emails, NULL);
  return (char **) g_ptr_array_free (emails, FALSE);
}

static gboolean
fill_bill_to (DtDb              *db,
              const DtInvoice   *invoice,
              DtInvoiceDocument *doc,
              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;

  if (invoice->status != DT_INVOICE_DRAFT &&
      json_parser_load_from_data (parser, invoice->bill_to, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      json_object_has_member (object = json_node_get_object (json_parser_get_root (parser)),
                              "name"))
    {
      doc->bill_to.name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      doc->bill_to.address = g_strdup (json_object_get_string_member_with_default (object,
                                                                                  "address", ""));
      doc->bill_to.emails = split_emails (json_object_get_string_member_with_default (object,
                                                                                     "email", ""));
      doc->bill_to.tax_id = g_strdup (json_object_get_string_member_with_default (object,
                                                                                 "tax_id", ""));
      return TRUE;
    }
  {
    sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, address, email, tax_id FROM clients "
                                        "WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, invoice->client_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        doc->bill_to.name = dt_store_column_dup (stmt, 0);
        doc->bill_to.address = dt_store_column_dup (stmt, 1);
        doc->bill_to.emails = split_emails ((const char *) sqlite3_column_text (stmt, 2));
        doc->bill_to.tax_id = dt_store_column_dup (stmt, 3);
      }
    sqlite3_reset (stmt);
  }
  return TRUE;
}

/* The logo kept under @digest; NULL without @error set when none is. */
static GBytes *
kept_logo (DtDb       *db,
           const char *digest,
           GError    **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT data FROM seller_logos WHERE sha256 = ?",
                                      error);
  GBytes *logo = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    logo = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    dt_db_set_error (db, error, "Could not read the invoice's logo");
  sqlite3_reset (stmt);
  return logo;
}

/* The seller as kept at issue; a draft (or an invoice issued before sellers were kept) shows
 * the profile as it is now, and so does the logo of one issued before logos were kept. */
static gboolean
fill_seller (DtDb              *db,
             const DtInvoice   *invoice,
             const DtProfile   *profile,
             DtInvoiceDocument *doc,
             GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) logo = NULL;
  JsonObject *kept = NULL;

  if (invoice->seller != NULL && g_strcmp0 (invoice->seller, "{}") != 0 &&
      json_parser_load_from_data (parser, invoice->seller, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    kept = json_node_get_object (json_parser_get_root (parser));
#define SELLER(field, member, now) \
  doc->seller.field = g_strdup (kept ? json_object_get_string_member_with_default (kept, member, "") \
                                     : now)
  SELLER (business_name, "business_name", profile->business_name);
  SELLER (name, "name", profile->name);
  SELLER (address, "address", profile->address);
  SELLER (email, "email", profile->email);
  SELLER (tax_id, "tax_id", profile->tax_id);
  SELLER (footer, "footer", profile->invoice_footer);
#undef SELLER

  if (kept != NULL && json_object_has_member (kept, "logo"))
    {
      const char *digest = json_object_get_string_member_with_default (kept, "logo", "");

      if (digest[0] != '\0')
        {
          g_autoptr(GError) local_error = NULL;

          logo = kept_logo (db, digest, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
    }
  else if (profile->logo != NULL)
    logo = g_bytes_ref (profile->logo);
  /* The PDF draws PNG logos only. */
  if (logo != NULL && g_bytes_get_size (logo) > 8 &&
      memcmp (g_bytes_get_data (logo, NULL), "\x89PNG", 4) == 0)
    doc->logo_png = g_steal_pointer (&logo);
  return TRUE;
}

DtInvoiceDocument *
dt_invoicing_build_document (DtDb    *db,
                             gint64   invoice_id,
                             GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtProfile) profile = NULL;
  g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    return NULL;
  profile = dt_profile_store_get (db, error);
  if (profile == NULL)
    return NULL;

  doc->invoice_id = invoice->id;
  doc->kind = invoice->kind;
  doc->number = g_strdup (invoice->number);
  doc->corrects_number = g_strdup (invoice->credit_for_number);
  doc->status = g_strdup (dt_invoice_status_to_string (invoice->status));
  doc->issue_date = g_strdup (invoice->issue_date);
  doc->due_date = g_strdup (invoice->due_date);
  doc->period_from = g_strdup (invoice->period_from);
  doc->period_to = g_strdup (invoice->period_to);
  doc->currency = g_strdup (invoice->currency);
  if (!fill_seller (db, invoice, profile, doc, error) ||
      !fill_bill_to (db, invoice, doc, error))
    return NULL;

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const DtInvoiceLine *line = invoice->lines->pdata[i];
      dt_invoice_document_add_line (doc, line->description, line->quantity,
                                    dt_invoice_line_get_unit (line), NULL, line->unit_price,
                                    line->amount, line->tax_rate_bp);
    }
  doc->discount_bp = invoice->discount_bp;
  doc->discount_fixed = invoice->discount_fixed;
  /* The stored figures, as issued; the groups are derived from the same lines. */
  g_array_append_vals (doc->tax_groups, invoice->tax_groups->data, invoice->tax_groups->len);
  doc->subtotal = invoice->subtotal;
  doc->discount = invoice->discount;
  doc->tax_total = invoice->tax_total;
  doc->total = invoice->total;
  doc->paid = invoice->paid;
  doc->balance = invoice->balance;
  doc->notes = g_strdup (invoice->notes);
  if (invoice->terms[0] != '\0')
    doc->terms = g_strdup (invoice->terms);
  else if (invoice->kind == DT_INVOICE_KIND_INVOICE)
    {
      int days = invoice->issue_date && invoice->due_date
                 ? dt_invoice_store_days_between (invoice->issue_date, invoice->due_date)
                 : client_terms (db, invoice->client_id);
      doc->terms = days > 0 ? g_strdup_printf ("Payable within %d days.", days)
                            : g_strdup ("Payable on receipt.");
    }
  return g_steal_pointer (&doc);
}

/* ---- void and credit notes ------------------------------------------------------------ */

static gboolean
set_status (DtDb        *db,
            gint64       invoice_id,
            const char  *status,
            GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE invoices SET status = ?, voided_at = "
                                      "CASE WHEN ?1 = 'void' THEN ?3 ELSE voided_at END, "
                                      "updated_at = max(updated_at, ?3), version = version + 1 "
                                      "WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  sqlite3_bind_int64 (stmt, 3, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not change the invoice", error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_INVOICE, invoice_id);
  return TRUE;
}

DtInvoice *
dt_invoicing_void (DtDb    *db,
                   gint64   invoice_id,
                   GError **error)
{
  g_autoptr(DtInvoice) invoice = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  invoice = dt_invoice_store_get (db, invoice_id, error);
  if (invoice == NULL)
    goto fail;
  switch (invoice->status)
    {
    case DT_INVOICE_DRAFT:
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "invoice %" G_GINT64_FORMAT " is a draft; delete it instead of voiding it",
                   invoice_id);
      goto fail;
    case DT_INVOICE_VOID:
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s is already void",
                   invoice->number);
      goto fail;
    case DT_INVOICE_PAID:
    case DT_INVOICE_PARTIALLY_PAID:
      {
        g_autofree char *paid = dt_money_format_plain (invoice->paid, invoice->currency);
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "invoice %s has payments of %s %s (%s); it cannot be voided — issue a "
                     "credit note instead", invoice->number, paid, invoice->currency,
                     dt_invoice_status_to_string (invoice->status));
        goto fail;
      }
    case DT_INVOICE_SENT:
    default:
      break;
    }
  if (invoice->paid != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "invoice %s has payments; issue a credit note instead", invoice->number);
      goto fail;
    }
  if (!set_status (db, invoice_id, "void", error) ||
      !dt_invoice_store_release_entries (db, invoice_id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, invoice_id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtInvoice *
dt_invoicing_create_credit_note (DtDb        *db,
                                 gint64       invoice_id,
                                 const char  *reason,
                                 GError     **error)
{
  g_autoptr(DtInvoice) original = NULL;
  g_autoptr(DtInvoice) header = dt_invoice_new ();
  g_autoptr(DtInvoice) credit = NULL;
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autofree char *bill_to = NULL;
  NumberSlot slot = { 0 };
  sqlite3_stmt *stmt;
  gint64 id, applied;
  int terms;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_store_check_text ("the reason", reason, 0, 2000, error))
    return NULL;
  if (!dt_db_begin (db, error))
    return NULL;
  original = dt_invoice_store_get (db, invoice_id, error);
  if (original == NULL)
    goto fail;
  if (original->kind != DT_INVOICE_KIND_INVOICE || original->status == DT_INVOICE_DRAFT ||
      original->status == DT_INVOICE_VOID)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "only an issued invoice can be credited; %" G_GINT64_FORMAT " is %s %s",
                   invoice_id, original->kind == DT_INVOICE_KIND_CREDIT_NOTE ? "a credit note"
                                                                             : "an invoice",
                   dt_invoice_status_to_string (original->status));
      goto fail;
    }
  if (dt_store_exists (db, "SELECT 1 FROM invoices WHERE credit_for_id = ?", invoice_id))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT, "invoice %s already has a credit note",
                   original->number);
      goto fail;
    }

  header->client_id = original->client_id;
  header->discount_bp = original->discount_bp;
  header->discount_fixed = original->discount_fixed;
  header->period_from = g_strdup (original->period_from);
  header->period_to = g_strdup (original->period_to);
  g_free (header->order_reference);
  header->order_reference = g_strdup (original->order_reference);
  g_free (header->vat_category);
  header->vat_category = g_strdup (original->vat_category);
  g_free (header->vat_exemption_reason);
  header->vat_exemption_reason = g_strdup (original->vat_exemption_reason);
  g_free (header->vat_exemption_code);
  header->vat_exemption_code = g_strdup (original->vat_exemption_code);
  g_free (header->notes);
  header->notes = reason && *reason
                  ? g_strdup_printf ("Credit note for invoice %s: %s", original->number, reason)
                  : g_strdup_printf ("Credit note for invoice %s", original->number);
  if (!dt_invoice_store_insert_header (db, header, DT_INVOICE_KIND_CREDIT_NOTE, invoice_id, &id,
                                       error))
    goto fail;
  for (guint i = 0; i < original->lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (original->lines->pdata[i]);

      line->id = 0;
      line->unit_price = -line->unit_price;
      g_array_set_size (line->entry_ids, 0);
      if (!dt_invoice_store_insert_line (db, id, original->client_id, line, error))
        goto fail;
    }
  if (!dt_invoice_store_refresh_totals (db, id, error))
    goto fail;

  /* Issued at once, in its own series. */
  bill_to = snapshot_client (db, original->client_id, &terms, error);
  if (bill_to == NULL || !find_number (db, DT_INVOICE_KIND_CREDIT_NOTE, today, &slot, error) ||
      !take_number (db, &slot, error))
    goto fail;
  /* The credit settles what is open on the original; the rest is owed back. */
  applied = CLAMP (original->balance, 0, original->total);
  stmt = dt_db_prepare (db, "UPDATE invoices SET number = ?, status = ?, issue_date = ?, "
                        "due_date = ?3, bill_to = ?, sent_at = ?, paid = ?, "
                        "updated_at = max(updated_at, ?5), version = version + 1 WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, slot.number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, applied >= original->total ? "paid" : "sent", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, bill_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, dt_time_now ());
  sqlite3_bind_int64 (stmt, 6, -applied);
  sqlite3_bind_int64 (stmt, 7, id);
  if (!dt_store_step_done (db, stmt, "Could not issue the credit note", error) ||
      !freeze_seller (db, id, error))
    goto fail;
  if (applied > 0)
    {
      g_autoptr(DtPayment) payment = dt_payment_new ();
      g_autoptr(DtPayment) recorded = NULL;

      payment->invoice_id = invoice_id;
      payment->amount = applied;
      payment->paid_on = g_strdup (today);
      g_free (payment->method);
      payment->method = g_strdup ("credit_note");
      g_free (payment->note);
      payment->note = g_strdup (slot.number);
      recorded = dt_payment_store_record (db, payment, error);
      if (recorded == NULL)
        goto fail;
    }
  if (!dt_invoice_store_release_entries (db, invoice_id, error) ||
      !check_printable (db, id, error))
    goto fail;
  g_clear_pointer (&slot.number, g_free);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, id, error);

fail:
  g_free (slot.number);
  dt_db_rollback (db);
  return NULL;
}

/* dt-billing-hub.c: per client, what is ready to bill, open, overdue and paid. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-billing-hub.h"
#include "dt-reminders.h"
#include "dt-rollups.h"
#include "dt-billing-facts-private.h"
#include "dt-invoice-store-private.h"
#include "dt-invoicing-private.h"
#include "dt-money.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

#define KEY(id) GSIZE_TO_POINTER ((gsize) (id))

static void
hub_client_free (DtHubClient *client)
{
  g_free (client->client_name);
  g_free (client->currency);
  g_free (client);
}

static void
attention_free (DtAttentionItem *item)
{
  g_free (item->currency);
  g_free (item->message);
  g_free (item);
}

void
dt_billing_hub_free (DtBillingHub *hub)
{
  if (hub == NULL)
    return;
  g_free (hub->today);
  g_clear_pointer (&hub->clients, g_ptr_array_unref);
  g_clear_pointer (&hub->attention, g_ptr_array_unref);
  g_free (hub);
}

static DtAttentionItem *
add_attention (DtBillingHub    *hub,
               DtAttentionKind  kind,
               gint64           client_id,
               int              days,
               gint64           amount,
               const char      *currency)
{
  DtAttentionItem *item = g_new0 (DtAttentionItem, 1);

  item->kind = kind;
  item->client_id = client_id;
  item->days = days;
  item->amount = amount;
  item->currency = g_strdup (currency);
  g_ptr_array_add (hub->attention, item);
  return item;
}

static int
compare_attention (gconstpointer a,
                   gconstpointer b)
{
  const DtAttentionItem *ia = *(DtAttentionItem **) a, *ib = *(DtAttentionItem **) b;

  if (ia->kind != ib->kind)
    return ia->kind < ib->kind ? -1 : 1;
  if (ia->days != ib->days)
    return ia->days > ib->days ? -1 : 1;
  if (ia->amount != ib->amount)
    return ia->amount > ib->amount ? -1 : 1;
  return (ia->invoice_id > ib->invoice_id) - (ia->invoice_id < ib->invoice_id);
}

/* A client and its name's collation key, made once: g_utf8_collate normalises both strings
 * on every comparison, and strcmp on keys orders as it does. */
typedef struct
{
  DtHubClient *client;
  char        *collate;
} SortItem;

static int
compare_clients (gconstpointer a,
                 gconstpointer b)
{
  const SortItem *ia = a, *ib = b;
  int order = strcmp (ia->collate, ib->collate);

  if (order != 0)
    return order;
  return (ia->client->client_id > ib->client->client_id) -
         (ia->client->client_id < ib->client->client_id);
}

static void
sort_clients (GPtrArray *clients)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), clients->len);

  for (guint i = 0; i < clients->len; i++)
    {
      SortItem item = { clients->pdata[i], NULL };

      item.collate = g_utf8_collate_key (item.client->client_name, -1);
      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_clients);
  for (guint i = 0; i < clients->len; i++)
    {
      SortItem *item = &g_array_index (items, SortItem, i);

      clients->pdata[i] = item->client;
      g_free (item->collate);
    }
}

/* The tags that some active rate rule names, on any entry, by entry then tag; read through
 * time_entry_tags_tag without visiting the entries (a few tens of thousands of rows where the
 * unbilled work is hundreds of thousands of entries). @present gets a bit per entry id from
 * @first_id, so that most entries are known to carry none without a search. */
static gboolean
load_rule_tags (DtDb     *db,
                GArray   *pairs,
                guint8  **present,
                gint64   *first_id,
                gsize    *n_bits,
                GError  **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "SELECT entry_id, tag_id FROM time_entry_tags "
                                      "WHERE tag_id IN (SELECT tag_id FROM rules "
                                      "                 WHERE kind = 'rate' AND active = 1 "
                                      "                 AND tag_id IS NOT NULL)", error);
  gint64 first = G_MAXINT64, last = G_MININT64;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtFactPair pair = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (pairs, pair);
      first = MIN (first, pair.key);
      last = MAX (last, pair.key);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the tags");
  dt_fact_pairs_sort (pairs);

  /* A bit per id costs an eighth of a byte per entry between the first and last tagged one
   * (at most 2 MiB, or eight bytes per tag): fine for any real history; ids further apart
   * fall back to searching. */
  if (pairs->len > 0 &&
      (guint64) last - (guint64) first < (guint64) pairs->len * 64 + (1 << 24))
    {
      *first_id = first;
      *n_bits = (gsize) ((guint64) last - (guint64) first) + 1;
      *present = g_malloc0 (*n_bits / 8 + 1);
      for (guint i = 0; i < pairs->len; i++)
        {
          guint64 bit = (guint64) g_array_index (pairs, DtFactPair, i).key - (guint64) first;
          (*present)[bit / 8] |= (guint8) (1u << (bit % 8));
        }
    }
  return TRUE;
}

/* One client's unbilled work. */
typedef struct
{
  guint  entries;
  gint64 minutes;
  gint64 amount;
  gint64 oldest_at;
} UnbilledSum;

struct _DtHubUnbilled
{
  GHashTable *by_client;   /* client id → UnbilledSum */
};

static DtHubUnbilled *
hub_unbilled_new (void)
{
  DtHubUnbilled *unbilled = g_new0 (DtHubUnbilled, 1);

  unbilled->by_client = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return unbilled;
}

void
dt_hub_unbilled_free (DtHubUnbilled *unbilled)
{
  if (unbilled == NULL)
    return;
  g_hash_table_unref (unbilled->by_client);
  g_free (unbilled);
}

static UnbilledSum *
unbilled_sum (DtHubUnbilled *unbilled,
              gint64         client_id)
{
  UnbilledSum *sum = g_hash_table_lookup (unbilled->by_client, KEY (client_id));

  if (sum == NULL)
    {
      sum = g_new0 (UnbilledSum, 1);
      g_hash_table_insert (unbilled->by_client, KEY (client_id), sum);
    }
  return sum;
}

void
dt_hub_unbilled_merge (DtHubUnbilled *into,
                       DtHubUnbilled *part)
{
  GHashTableIter iter;
  gpointer key;
  UnbilledSum *from;

  g_return_if_fail (into != NULL);
  g_return_if_fail (part != NULL);

  g_hash_table_iter_init (&iter, part->by_client);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &from))
    {
      UnbilledSum *sum = unbilled_sum (into, (gint64) GPOINTER_TO_SIZE (key));

      sum->entries += from->entries;
      sum->minutes += from->minutes;
      sum->amount += from->amount;
      if (from->oldest_at != 0 && (sum->oldest_at == 0 || from->oldest_at < sum->oldest_at))
        sum->oldest_at = from->oldest_at;
    }
}

gboolean
dt_hub_unbilled_lookup (DtHubUnbilled *unbilled,
                        gint64         client_id,
                        guint         *entries,
                        gint64        *minutes,
                        gint64        *amount,
                        gint64        *oldest_at)
{
  UnbilledSum *sum;

  g_return_val_if_fail (unbilled != NULL, FALSE);

  sum = g_hash_table_lookup (unbilled->by_client, KEY (client_id));
  *entries = sum ? sum->entries : 0;
  *minutes = sum ? sum->minutes : 0;
  *amount = sum ? sum->amount : 0;
  *oldest_at = sum ? sum->oldest_at : 0;
  return sum != NULL;
}

DtHubUnbilled *
dt_billing_hub_read_unbilled_rollup (DtDb    *db,
                                     GError **error)
{
  g_autoptr(DtHubUnbilled) unbilled = hub_unbilled_new ();
  g_autoptr(DtBillingFacts) facts = NULL;
  DtFactProject *project = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  /* Each project's row in order, its client found in the connection's facts: a third of
   * the cost of joining 2,000 rows to their projects in SQL. As the join did, a project
   * whose client is gone counts nowhere. */
  facts = dt_billing_facts_load (db, 0, error);
  if (facts == NULL)
    return NULL;
  stmt = dt_db_prepare (db, "SELECT project_id, entries, minutes, amount, oldest_start "
                        "FROM unbilled_work", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 oldest = sqlite3_column_int64 (stmt, 4);
      UnbilledSum *sum;

      project = dt_billing_facts_project (facts, sqlite3_column_int64 (stmt, 0));
      if (project == NULL)
        continue;
      sum = unbilled_sum (unbilled, project->client->id);
      /* A stored row holds at least one entry: a sum without entries has no row yet. */
      if (sum->entries == 0 || oldest < sum->oldest_at)
        sum->oldest_at = oldest;
      sum->entries += (guint) sqlite3_column_int64 (stmt, 1);
      sum->minutes += sqlite3_column_int64 (stmt, 2);
      sum->amount += sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the unbilled time");
      return NULL;
    }
  return g_steal_pointer (&unbilled);
}

gint64
dt_billing_hub_middle_project (DtDb    *db,
                               GError **error)
{
  sqlite3_stmt *stmt;
  gint64 middle = 0;

  g_return_val_if_fail (DT_IS_DB (db), -1);

  stmt = dt_db_prepare (db, "SELECT min (id), max (id) FROM projects", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    {
      gint64 first = sqlite3_column_int64 (stmt, 0);
      gint64 last = sqlite3_column_int64 (stmt, 1);

      if (last > first)
        middle = first + (last - first) / 2 + 1;
    }
  sqlite3_reset (stmt);
  return middle;
}

DtHubUnbilled *
dt_billing_hub_read_unbilled (DtDb    *db,
                              gint64   first_project,
                              gint64   end_project,
                              GError **error)
{
  g_autoptr(DtRateBook) book = dt_rate_book_load (db, error);
  g_autoptr(DtBillingFacts) facts = NULL;
  g_autoptr(GArray) rule_tags = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  g_autoptr(GArray) entry_tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint8 *tagged = NULL;
  g_autoptr(DtHubUnbilled) unbilled = NULL;
  g_autofree UnbilledSum **client_sums = NULL;
  g_autofree DtCandidatePricer **pricers = NULL;
  g_autofree DtCandidates **sums = NULL;
  gint64 first_tagged = 0;
  gsize n_tagged_bits = 0;
  guint tag_hint = 0;
  DtFactProject *project = NULL;
  gboolean uses_tags;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (book == NULL)
    return NULL;
  /* Projects and the few non-billable tasks, so the scan below needs no lookup per entry. */
  facts = dt_billing_facts_load (db, 0, error);
  if (facts == NULL)
    return NULL;
  uses_tags = dt_rate_book_uses_tags (book);
  if (uses_tags &&
      !load_rule_tags (db, rule_tags, &tagged, &first_tagged, &n_tagged_bits, error))
    return NULL;
  unbilled = hub_unbilled_new ();
  client_sums = g_new0 (UnbilledSum *, facts->clients->len);
  pricers = g_new0 (DtCandidatePricer *, facts->clients->len);
  sums = g_new0 (DtCandidates *, facts->clients->len);

  /* Only the unbilled, billable, finished part of the history, all from its partial index
   * (which leads with the project, so a range of projects is a range of it); the entry's id
   * only when tags can change its price. */
  stmt = dt_db_prepare (db, uses_tags
                        ? "SELECT project_id, task_id, start_at, end_at, id "
                          "FROM time_entries INDEXED BY time_entries_unbilled "
                          "WHERE invoice_line_id IS NULL AND billable = 1 AND end_at IS NOT NULL "
                          "AND project_id >= ?1 AND project_id < ?2"
                        : "SELECT project_id, task_id, start_at, end_at, 0 "
                          "FROM time_entries INDEXED BY time_entries_unbilled "
                          "WHERE invoice_line_id IS NULL AND billable = 1 AND end_at IS NOT NULL "
                          "AND project_id >= ?1 AND project_id < ?2",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, first_project);
  sqlite3_bind_int64 (stmt, 2, end_project > 0 ? end_project : G_MAXINT64);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 project_id = sqlite3_column_int64 (stmt, 0);
      gint64 task_id = sqlite3_column_int64 (stmt, 1);
      DtFactTask *task = task_id != 0 ? dt_billing_facts_task (facts, task_id) : NULL;
      UnbilledSum *client;
      guint index;
      DtCandidateRow row = {
        .project_id = project_id,
        .task_id = task_id,
        .start_at = sqlite3_column_int64 (stmt, 2),
        .end_at = sqlite3_column_int64 (stmt, 3),
        .billable = task == NULL || task->billable,
        .project_name = "",
      };

      /* The index is in project order: most entries share the previous one's project. */
      if (project == NULL || project->id != project_id)
        project = dt_billing_facts_project (facts, project_id);
      if (project == NULL)
        continue;
      index = project->client->index;
      if (client_sums[index] == NULL)
        client_sums[index] = unbilled_sum (unbilled, project->client->id);
      client = client_sums[index];
      row.client_id = project->client->id;

      if (uses_tags)
        {
          guint64 bit;

          row.id = sqlite3_column_int64 (stmt, 4);
          bit = (guint64) row.id - (guint64) first_tagged;
          if (tagged == NULL || (row.id >= first_tagged && bit < n_tagged_bits &&
                                 (tagged[bit / 8] & (1u << (bit % 8)))))
            {
              gssize at = dt_fact_pairs_find (rule_tags, &tag_hint, row.id);

              g_array_set_size (entry_tags, 0);
              for (gssize i = at; i >= 0 && (guint) i < rule_tags->len &&
                   g_array_index (rule_tags, DtFactPair, i).key == row.id; i++)
                g_array_append_val (entry_tags, g_array_index (rule_tags, DtFactPair, i).value);
              row.tag_ids = (const gint64 *) entry_tags->data;
              row.n_tag_ids = entry_tags->len;
            }
        }

      if (pricers[index] == NULL)
        {
          sums[index] = dt_candidates_new ();
          pricers[index] = dt_candidate_pricer_new (book, DT_GROUP_BY_TASK, FALSE, NULL,
                                                    sums[index]);
        }
      dt_candidate_pricer_add (pricers[index], &row);
      if (row.billable && row.end_at != 0 &&
          (client->oldest_at == 0 || row.start_at < client->oldest_at))
        client->oldest_at = row.start_at;
    }
  sqlite3_reset (stmt);
  /* Every line holds one project's work, so the projects of another range never share a
   * line with these: parts add up to the whole (dt_hub_unbilled_merge). */
  for (guint i = 0; i < facts->clients->len; i++)
    if (pricers[i] != NULL)
      {
        dt_candidate_pricer_finish (pricers[i]);
        client_sums[i]->entries = sums[i]->n_entries;
        client_sums[i]->minutes = sums[i]->billed_minutes;
        client_sums[i]->amount = sums[i]->amount;
        dt_candidates_free (sums[i]);
      }
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the unbilled time");
      return NULL;
    }
  return g_steal_pointer (&unbilled);
}

/* Puts @unbilled's sums on the hub's clients. */
static void
apply_unbilled (GHashTable    *clients,
                DtHubUnbilled *unbilled)
{
  GHashTableIter iter;
  gpointer key;
  UnbilledSum *sum;

  g_hash_table_iter_init (&iter, unbilled->by_client);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &sum))
    {
      DtHubClient *client = g_hash_table_lookup (clients, key);

      if (client == NULL)
        continue;
      client->unbilled_entries = sum->entries;
      client->unbilled_minutes = sum->minutes;
      client->unbilled_amount = sum->amount;
      client->oldest_unbilled_at = sum->oldest_at;
    }
}

static gboolean
load_paid_since (DtDb        *db,
                 GHashTable  *clients,
                 const char  *since,
                 gboolean     year,
                 GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "SELECT i.client_id, sum (p.amount) FROM payments p "
                                      "JOIN invoices i ON i.id = p.invoice_id "
                                      "WHERE p.paid_on >= ? AND p.method <> 'credit_note' "
                                      "GROUP BY i.client_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, since, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtHubClient *client = g_hash_table_lookup (clients, KEY (sqlite3_column_int64 (stmt, 0)));
      if (client == NULL)
        continue;
      if (year)
        client->paid_this_year = sqlite3_column_int64 (stmt, 1);
      else
        client->paid_this_month = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the payments");
  return TRUE;
}

DtBillingHub *
dt_billing_hub_get (DtDb    *db,
                    GError **error)
{
  return dt_billing_hub_get_with_unbilled (db, NULL, error);
}

/* Which payment reminder each overdue invoice is due for, said in its attention item. */
static gboolean
note_reminders_due (DtDb          *db,
                    DtBillingHub  *hub,
                    GError       **error)
{
  static const char *const names[] = { NULL, "friendly reminder", "first reminder",
                                       "final reminder" };
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GHashTable) levels = NULL;
  gboolean overdue = FALSE;

  for (guint i = 0; i < hub->attention->len && !overdue; i++)
    overdue = ((DtAttentionItem *) hub->attention->pdata[i])->kind == DT_ATTENTION_OVERDUE;
  if (!overdue)
    return TRUE;
  due = dt_reminders_due (db, hub->today, error);
  if (due == NULL)
    return FALSE;
  levels = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < due->len; i++)
    {
      DtReminderDue *d = due->pdata[i];
      g_hash_table_insert (levels, &d->invoice_id, d);
    }
  for (guint i = 0; i < hub->attention->len; i++)
    {
      DtAttentionItem *item = hub->attention->pdata[i];
      const DtReminderDue *d = item->kind == DT_ATTENTION_OVERDUE
                               ? g_hash_table_lookup (levels, &item->invoice_id) : NULL;
      char *message;

      if (d == NULL || d->level < 1 || d->level > DT_REMINDER_MAX_LEVEL)
        continue;
      message = g_strdup_printf ("%s; the %s is due", item->message, names[d->level]);
      g_free (item->message);
      item->message = message;
    }
  return TRUE;
}

DtBillingHub *
dt_billing_hub_get_with_unbilled (DtDb          *db,
                                  DtHubUnbilled *unbilled,
                                  GError       **error)
{
  g_autoptr(DtBillingHub) hub = g_new0 (DtBillingHub, 1);
  g_autoptr(DtHubUnbilled) read = NULL;
  g_autoptr(GHashTable) clients = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *month_start = NULL;
  g_autofree char *year_start = NULL;
  gint64 now = dt_time_now ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  hub->today = dt_time_local_date (now);
  hub->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) hub_client_free);
  hub->attention = g_ptr_array_new_with_free_func ((GDestroyNotify) attention_free);
  month_start = g_strdup_printf ("%.7s-01", hub->today);
  year_start = g_strdup_printf ("%.4s-01-01", hub->today);

  /* One read transaction: every figure comes from the same moment. */
  if (!dt_db_exec (db, "SAVEPOINT dt_hub", error))
    return NULL;

  stmt = dt_db_prepare (db, "SELECT id, name, currency, archived FROM clients", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtHubClient *client = g_new0 (DtHubClient, 1);
      client->client_id = sqlite3_column_int64 (stmt, 0);
      client->client_name = dt_store_column_dup (stmt, 1);
      client->currency = dt_store_column_dup (stmt, 2);
      client->archived = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (hub->clients, client);
      g_hash_table_insert (clients, KEY (client->client_id), client);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the clients");
      goto fail;
    }

  if (unbilled == NULL)
    {
      /* The roll-ups cost a row per client; the history, a row per unbilled entry. */
      unbilled = read = dt_rollups_ready (db) ? dt_billing_hub_read_unbilled_rollup (db, error)
                                              : dt_billing_hub_read_unbilled (db, 0, 0, error);
      if (unbilled == NULL)
        goto fail;
    }
  apply_unbilled (clients, unbilled);
  if (!load_paid_since (db, clients, month_start, FALSE, error) ||
      !load_paid_since (db, clients, year_start, TRUE, error))
    goto fail;

  stmt = dt_db_prepare (db,
                        "SELECT i.id, i.number, i.client_id, i.status, i.total, i.paid, "
                        "i.due_date, i.created_at, i.send_error, i.currency, c.name "
                        "FROM invoices i INDEXED BY invoices_open "
                        "JOIN clients c ON c.id = i.client_id "
                        "WHERE i.status IN ('draft', 'sent', 'partially_paid') "
                        "AND i.kind = 'invoice'", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *number = (const char *) sqlite3_column_text (stmt, 1);
      DtHubClient *client = g_hash_table_lookup (clients, KEY (sqlite3_column_int64 (stmt, 2)));
      gboolean draft = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "draft") == 0;
      gint64 total = sqlite3_column_int64 (stmt, 4);
      gint64 balance = total - sqlite3_column_int64 (stmt, 5);
      const char *due = (const char *) sqlite3_column_text (stmt, 6);
      gint64 created = sqlite3_column_int64 (stmt, 7);
      const char *send_error = (const char *) sqlite3_column_text (stmt, 8);
      const char *currency = (const char *) sqlite3_column_text (stmt, 9);
      const char *name = (const char *) sqlite3_column_text (stmt, 10);
      g_autofree char *shown = NULL;
      DtAttentionItem *item;

      if (client == NULL)
        continue;
      if (draft)
        {
          int age = (int) ((now - created) / 86400);

          client->drafts++;
          client->drafts_total += total;
          shown = dt_money_format_plain (total, currency);
          if (send_error != NULL)
            {
              item = add_attention (hub, DT_ATTENTION_SEND_FAILED, client->client_id, age, total,
                                    currency);
              item->invoice_id = id;
              item->message = g_strdup_printf ("Draft invoice %" G_GINT64_FORMAT " to %s "
                                               "(%s %s) could not be sent: %s", id, name, shown,
                                               currency, send_error);
            }
          else if (age > 7)
            {
              item = add_attention (hub, DT_ATTENTION_OLD_DRAFT, client->client_id, age, total,
                                    currency);
              item->invoice_id = id;
              item->message = g_strdup_printf ("Draft invoice %" G_GINT64_FORMAT " to %s "
                                               "(%s %s) has waited %d days to be sent", id, name,
                                               shown, currency, age);
            }
          continue;
        }
      if (balance <= 0)
        continue;
      client->outstanding++;
      client->outstanding_amount += balance;
      if (due != NULL && g_strcmp0 (due, hub->today) < 0)
        {
          int days = dt_invoice_store_days_between (due, hub->today);

          client->overdue++;
          client->overdue_amount += balance;
          client->max_days_overdue = MAX (client->max_days_overdue, days);
          shown = dt_money_format_plain (balance, currency);
          item = add_attention (hub, DT_ATTENTION_OVERDUE, client->client_id, days, balance,
                                currency);
          item->invoice_id = id;
          item->message = g_strdup_printf ("%s to %s is %d day%s overdue (%s %s open)",
                                           number ? number : "An invoice", name, days,
                                           days == 1 ? "" : "s", shown, currency);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the invoices");
      goto fail;
    }
  if (!note_reminders_due (db, hub, error))
    goto fail;

  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *client = hub->clients->pdata[i];
      int age = client->oldest_unbilled_at ? (int) ((now - client->oldest_unbilled_at) / 86400) : 0;

      if (client->unbilled_amount > 0 && age > 30)
        {
          g_autofree char *shown = dt_money_format_plain (client->unbilled_amount,
                                                          client->currency);
          DtAttentionItem *item = add_attention (hub, DT_ATTENTION_UNBILLED, client->client_id,
                                                 age, client->unbilled_amount, client->currency);
          item->message = g_strdup_printf ("%s has %s %s of work not invoiced, the oldest from "
                                           "%d days ago", client->client_name, shown,
                                           client->currency, age);
        }
    }

  stmt = dt_db_prepare (db, "SELECT e.id, e.start_at, p.client_id, p.name FROM time_entries e "
                        "CROSS JOIN projects p ON p.id = e.project_id WHERE e.end_at IS NULL",
                        error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW && now - sqlite3_column_int64 (stmt, 1) > 12 * 3600)
    {
      int hours = (int) ((now - sqlite3_column_int64 (stmt, 1)) / 3600);
      DtAttentionItem *item = add_attention (hub, DT_ATTENTION_LONG_TIMER,
                                             sqlite3_column_int64 (stmt, 2), hours / 24, 0, NULL);
      item->entry_id = sqlite3_column_int64 (stmt, 0);
      item->message = g_strdup_printf ("The timer on “%s” has been running for %d hours",
                                       sqlite3_column_text (stmt, 3), hours);
    }
  sqlite3_reset (stmt);

  dt_db_exec (db, "RELEASE dt_hub", NULL);

  /* Clients with nothing to show only clutter the hub. */
  for (guint i = hub->clients->len; i > 0; i--)
    {
      DtHubClient *c = hub->clients->pdata[i - 1];
      if (c->unbilled_entries == 0 && c->drafts == 0 && c->outstanding == 0 &&
          c->paid_this_year == 0)
        g_ptr_array_remove_index (hub->clients, i - 1);
    }
  sort_clients (hub->clients);
  g_ptr_array_sort (hub->attention, compare_attention);
  return g_steal_pointer (&hub);

fail:
  dt_db_exec (db, "ROLLBACK TO dt_hub; RELEASE dt_hub", NULL);
  return NULL;
}

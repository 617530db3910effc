/* dt-billing-facts.c: clients, projects and tasks loaded once for a billing read, and kept
 * by the connection until the database changes. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-billing-facts-private.h"
#include "dt-store-private.h"
#include "dt-json-writer.h"

static void
fact_index_clear (DtFactIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->sparse, g_hash_table_unref);
}

static void
facts_clear (gpointer data)
{
  DtBillingFacts *facts = data;

  fact_index_clear (&facts->client_index);
  fact_index_clear (&facts->project_index);
  fact_index_clear (&facts->task_index);
  for (guint i = 0; facts->clients != NULL && i < facts->clients->len; i++)
    g_free (((DtFactClient *) facts->clients->pdata[i])->name);
  for (guint i = 0; facts->projects != NULL && i < facts->projects->len; i++)
    g_free (((DtFactProject *) facts->projects->pdata[i])->name);
  for (guint i = 0; facts->tasks != NULL && i < facts->tasks->len; i++)
    g_free (((DtFactTask *) facts->tasks->pdata[i])->title);
  g_clear_pointer (&facts->clients, g_ptr_array_unref);
  g_clear_pointer (&facts->projects, g_ptr_array_unref);
  g_clear_pointer (&facts->tasks, g_ptr_array_unref);
  g_clear_pointer (&facts->client_block, g_array_unref);
  g_clear_pointer (&facts->project_block, g_array_unref);
  g_clear_pointer (&facts->task_block, g_array_unref);
}

void
dt_billing_facts_unref (DtBillingFacts *facts)
{
  if (facts != NULL)
    g_atomic_rc_box_release_full (facts, facts_clear);
}

/* Every item starts with its gint64 id; positions are stored + 1 so that 0 means none.
 * Ids handed out by SQLite are dense unless rows were deleted in bulk; a subset (the
 * non-billable tasks) spreads over the whole range. An array of up to sixteen slots per
 * item plus 64 Ki (256 KiB) covers nearly every database; ids far apart fall back to a
 * hash. */
static void
fact_index_build (DtFactIndex *index,
                  GPtrArray   *items)
{
  gint64 first = G_MAXINT64, last = G_MININT64;

  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = *(gint64 *) items->pdata[i];
      first = MIN (first, id);
      last = MAX (last, id);
    }
  if (items->len == 0)
    return;
  if ((guint64) last - (guint64) first < (guint64) items->len * 16 + 65536)
    {
      index->first = first;
      index->n_slots = (gsize) (last - first) + 1;
      index->slots = g_new0 (guint32, index->n_slots);
      for (guint i = 0; i < items->len; i++)
        index->slots[(guint64) *(gint64 *) items->pdata[i] - (guint64) first] = i + 1;
      return;
    }
  index->sparse = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < items->len; i++)
    g_hash_table_insert (index->sparse, items->pdata[i], GUINT_TO_POINTER (i + 1));
}

/* Points @items at every element of @block, once it no longer moves. */
static GPtrArray *
point_at (GArray *block)
{
  GPtrArray *items = g_ptr_array_sized_new (block->len);

  for (guint i = 0; i < block->len; i++)
    g_ptr_array_add (items, block->data + (gsize) i * g_array_get_element_size (block));
  return items;
}

static DtBillingFacts *
facts_read (DtDb          *db,
            DtFactsFlags   flags,
            GError       **error)
{
  g_autoptr(DtBillingFacts) facts = g_atomic_rc_box_new0 (DtBillingFacts);
  sqlite3_stmt *stmt;
  int rc;

  /* One block per table rather than one allocation per row: a benchmark history has
   * 20,000 tasks, loaded and freed on every report. */
  facts->client_block = g_array_new (FALSE, TRUE, sizeof (DtFactClient));
  facts->project_block = g_array_new (FALSE, TRUE, sizeof (DtFactProject));
  facts->task_block = g_array_new (FALSE, TRUE, sizeof (DtFactTask));

  stmt = dt_db_prepare (db, "SELECT id, name, currency, archived FROM clients", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 2);
      DtFactClient client = {
        .id = sqlite3_column_int64 (stmt, 0),
        .index = facts->client_block->len,
        .name = dt_store_column_dup (stmt, 1),
        /* A handful of ISO 4217 codes: interning them lets the per-entry paths compare
         * currencies by pointer. */
        .currency = g_intern_string (currency ? currency : ""),
        .archived = sqlite3_column_int (stmt, 3) != 0,
      };
      g_array_append_val (facts->client_block, client);
    }
  sqlite3_reset (stmt);
  facts->clients = point_at (facts->client_block);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the clients");
      return NULL;
    }
  fact_index_build (&facts->client_index, facts->clients);

  stmt = dt_db_prepare (db, "SELECT id, client_id, name FROM projects", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtFactClient *client = dt_billing_facts_client (facts, sqlite3_column_int64 (stmt, 1));
      DtFactProject project = { 0 };

      if (client == NULL)
        continue;
      project.id = sqlite3_column_int64 (stmt, 0);
      project.index = facts->project_block->len;
      project.client = client;
      project.name = dt_store_column_dup (stmt, 2);
      g_array_append_val (facts->project_block, project);
    }
  sqlite3_reset (stmt);
  facts->projects = point_at (facts->project_block);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the projects");
      return NULL;
    }
  fact_index_build (&facts->project_index, facts->projects);

  /* Most reads only need to know which tasks are not billable: a few of many, which the
   * partial index tasks_unbillable holds. */
  if (flags & DT_FACTS_TASK_TITLES)
    stmt = dt_db_prepare (db, "SELECT id, project_id, billable, title FROM tasks", error);
  else if (flags & DT_FACTS_TASKS)
    stmt = dt_db_prepare (db, "SELECT id, project_id, billable, NULL FROM tasks", error);
  else
    stmt = dt_db_prepare (db, "SELECT id, project_id, billable, NULL FROM tasks "
                          "WHERE billable = 0", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *title = (const char *) sqlite3_column_text (stmt, 3);
      DtFactTask task = {
        .id = sqlite3_column_int64 (stmt, 0),
        .index = facts->task_block->len,
        .project_id = sqlite3_column_int64 (stmt, 1),
        .billable = sqlite3_column_int (stmt, 2) != 0,
        .title = g_strdup (title),
      };
      g_array_append_val (facts->task_block, task);
    }
  sqlite3_reset (stmt);
  facts->tasks = point_at (facts->task_block);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the tasks");
      return NULL;
    }
  fact_index_build (&facts->task_index, facts->tasks);
  return g_steal_pointer (&facts);
}

/* The facts a connection last read without tasks, and the state of the database then. A year
 * report or the Billing Hub would otherwise read 2,200 rows on every call (on the bench, a
 * quarter of a year report's cost) that change when the user edits a client or a project.
 * PRAGMA data_version moves when another connection commits, the connection's own change
 * count when it writes (even a write rolled back later); both are read before the facts, so
 * a commit that lands while they are read makes the next call read them again. Reads with
 * every task (task reports) are rarer and larger, and are not kept. */
typedef struct
{
  DtBillingFacts *facts;
  gint64          data_version;
  gint64          changes;
} FactsCache;

static void
facts_cache_free (gpointer data)
{
  FactsCache *cache = data;

  dt_billing_facts_unref (cache->facts);
  g_free (cache);
}

static gboolean
read_data_version (DtDb    *db,
                   gint64  *out,
                   GError **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "PRAGMA data_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return dt_db_set_error (db, error, "Could not read the database's version");
  return TRUE;
}

DtBillingFacts *
dt_billing_facts_load (DtDb          *db,
                       DtFactsFlags   flags,
                       GError       **error)
{
  static GQuark quark;
  FactsCache *cache;
  gint64 data_version, changes;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (flags != 0)
    return facts_read (db, flags, error);
  if (quark == 0)
    quark = g_quark_from_static_string ("dt-billing-facts");
  if (!read_data_version (db, &data_version, error))
    return NULL;
  changes = sqlite3_total_changes64 (dt_db_get_handle (db));
  cache = g_object_get_qdata (G_OBJECT (db), quark);
  if (cache != NULL && cache->data_version == data_version && cache->changes == changes)
    return g_atomic_rc_box_acquire (cache->facts);
  if (cache == NULL)
    {
      cache = g_new0 (FactsCache, 1);
      g_object_set_qdata_full (G_OBJECT (db), quark, cache, facts_cache_free);
    }
  g_clear_pointer (&cache->facts, dt_billing_facts_unref);
  cache->facts = facts_read (db, 0, error);
  if (cache->facts == NULL)
    return NULL;
  cache->data_version = data_version;
  cache->changes = changes;
  return g_atomic_rc_box_acquire (cache->facts);
}

#define KEY_AT(keys, stride, i) (*(const gint64 *) ((const char *) (keys) + (gsize) (i) * (stride)))

gboolean
dt_billing_facts_load_pairs (DtDb          *db,
                             const char    *range_sql,
                             const char    *list_sql,
                             const gint64  *keys,
                             guint          n_keys,
                             gsize          stride,
                             GArray        *pairs,
                             GError       **error)
{
  gint64 first = G_MAXINT64, last = G_MININT64;
  guint n = 0, filled = 0;
  g_autoptr(GString) list = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_size (pairs, 0);
  for (guint i = 0; i < n_keys; i++)
    {
      gint64 key = KEY_AT (keys, stride, i);

      if (key != 0)
        {
          first = MIN (first, key);
          last = MAX (last, key);
          n++;
        }
    }
  if (n == 0)
    return TRUE;

  /* A range that holds many more keys than wanted (entries imported out of order, say) is
   * cheaper to ask for key by key. */
  if ((guint64) last - (guint64) first < (guint64) n * 8 + 64)
    {
      stmt = dt_db_prepare (db, range_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, first);
      sqlite3_bind_int64 (stmt, 2, last);
    }
  else
    {
      list = g_string_sized_new (n * 8 + 2);
      g_string_append_c (list, '[');
      for (guint i = 0; i < n_keys; i++)
        if (KEY_AT (keys, stride, i) != 0)
          {
            if (list->len > 1)
              g_string_append_c (list, ',');
            dt_json_write_int (list, KEY_AT (keys, stride, i));
          }
      g_string_append_c (list, ']');
      stmt = dt_db_prepare (db, list_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, list->str, (int) list->len, SQLITE_STATIC);
    }
  /* Filled in place, growing by halves: tens of thousands of rows per report. */
  g_array_set_size (pairs, MAX (n, 64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtFactPair *pair;

      if (filled == pairs->len)
        g_array_set_size (pairs, pairs->len + pairs->len / 2);
      pair = &g_array_index (pairs, DtFactPair, filled++);
      pair->key = sqlite3_column_int64 (stmt, 0);
      pair->value = sqlite3_column_int64 (stmt, 1);
    }
  g_array_set_size (pairs, filled);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the entries' details");
  return TRUE;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const DtFactPair *pa = a, *pb = b;

  if (pa->key != pb->key)
    return pa->key < pb->key ? -1 : 1;
  return (pa->value > pb->value) - (pa->value < pb->value);
}

void
dt_fact_pairs_sort (GArray *pairs)
{
  g_array_sort (pairs, compare_pairs);
}

gssize
dt_fact_pairs_find (const GArray *pairs,
                    guint        *hint,
                    gint64        key)
{
  const DtFactPair *p = (const DtFactPair *) pairs->data;
  guint n = pairs->len, low = 0, high = n, i = *hint;

  /* The same key as last time, or one of the next few: no bisection. */
  for (guint step = 0; step < 8 && i < n && (i == 0 || p[i - 1].key < key); step++, i++)
    if (p[i].key >= key)
      {
        low = i;
        goto found;
      }
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (p[mid].key < key)
        low = mid + 1;
      else
        high = mid;
    }
found:
  *hint = low;
  return low < n && p[low].key == key ? (gssize) low : -1;
}

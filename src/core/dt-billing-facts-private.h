/* dt-billing-facts-private.h: the small tables a billing read consults for every entry
 * (clients, projects, tasks), loaded once and found by id without a query. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  guint       index;      /* position in DtBillingFacts.clients, for callers' side arrays */
  char       *name;
  const char *currency;   /* interned: equal codes are the same pointer */
  gboolean    archived;
} DtFactClient;

typedef struct
{
  gint64        id;
  guint         index;
  DtFactClient *client;   /* never NULL: a project whose client is missing is left out */
  char         *name;
} DtFactProject;

typedef struct
{
  gint64      id;
  guint       index;
  gint64      project_id;
  gboolean    billable;
  char       *title;      /* NULL unless loaded with DT_FACTS_TASK_TITLES */
} DtFactTask;

/* Ids → positions: a plain array when the ids are dense (the usual case), else a hash. */
typedef struct
{
  gint64      first;
  gsize       n_slots;
  guint32    *slots;      /* position + 1; 0 = no such id */
  GHashTable *sparse;
} DtFactIndex;

typedef enum
{
  DT_FACTS_TASKS        = 1 << 0,  /* every task (else only the non-billable ones) */
  DT_FACTS_TASK_TITLES  = 1 << 1,  /* … with their titles (implies DT_FACTS_TASKS) */
} DtFactsFlags;

typedef struct
{
  GPtrArray   *clients;   /* DtFactClient, pointing into client_block */
  GPtrArray   *projects;  /* DtFactProject */
  GPtrArray   *tasks;     /* DtFactTask */
  GArray      *client_block;   /* the items themselves, side by side */
  GArray      *project_block;
  GArray      *task_block;
  DtFactIndex  client_index;
  DtFactIndex  project_index;
  DtFactIndex  task_index;
} DtBillingFacts;

/* Shared and read-only: a connection keeps the last facts without tasks until the database
 * changes, so callers must not write into them. */
DtBillingFacts *dt_billing_facts_load  (DtDb            *db,
                                        DtFactsFlags     flags,
                                        GError         **error);
void            dt_billing_facts_unref (DtBillingFacts  *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtBillingFacts, dt_billing_facts_unref)

/* Rows of a two-column lookup (an entry's tags, a line's price), sorted by key then value. */
typedef struct
{
  gint64 key;
  gint64 value;
} DtFactPair;

/* Loads into @pairs (emptied first) the (key, value) rows for the @n_keys keys found every
 * @stride bytes from @keys (zeros skipped, repeats allowed): @range_sql walks
 * ?1 ≤ key ≤ ?2 when the keys lie close together, as entries read in time order usually
 * do; else @list_sql gets them as one bound JSON array (?1). Both return key, value, in the
 * order dt_fact_pairs_find needs (by key, then value) unless the caller sorts the pairs
 * afterwards. */
gboolean dt_billing_facts_load_pairs (DtDb          *db,
                                      const char    *range_sql,
                                      const char    *list_sql,
                                      const gint64  *keys,
                                      guint          n_keys,
                                      gsize          stride,
                                      GArray        *pairs,
                                      GError       **error);
/* Sorts @pairs by key, then value. */
void     dt_fact_pairs_sort          (GArray        *pairs);
/* The position of the first pair of @key, or -1. @hint (start at 0) remembers where the last
 * search ended, which makes a walk in nearly ascending order cost almost nothing. */
gssize   dt_fact_pairs_find          (const GArray  *pairs,
                                      guint         *hint,
                                      gint64         key);

static inline gpointer
dt_fact_index_find (const DtFactIndex *index,
                    const GPtrArray   *items,
                    gint64             id)
{
  guint32 position;

  if (index->sparse != NULL)
    position = GPOINTER_TO_UINT (g_hash_table_lookup (index->sparse, &id));
  else if (id < index->first || (guint64) id - (guint64) index->first >= index->n_slots)
    return NULL;
  else
    position = index->slots[(guint64) id - (guint64) index->first];
  return position != 0 ? items->pdata[position - 1] : NULL;
}

static inline DtFactProject *
dt_billing_facts_project (const DtBillingFacts *facts,
                          gint64                id)
{
  return dt_fact_index_find (&facts->project_index, facts->projects, id);
}

/* NULL for 0, for a missing task and, without DT_FACTS_TASKS, for a billable one. */
static inline DtFactTask *
dt_billing_facts_task (const DtBillingFacts *facts,
                       gint64                id)
{
  return dt_fact_index_find (&facts->task_index, facts->tasks, id);
}

static inline DtFactClient *
dt_billing_facts_client (const DtBillingFacts *facts,
                         gint64                id)
{
  return dt_fact_index_find (&facts->client_index, facts->clients, id);
}

G_END_DECLS

/* dt-project-list.c: counts and pages of one client's projects from dt-project-store. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-client-store.h"
#include "dt-project-item.h"
#include "dt-project-list.h"
#include "dt-project-store.h"
#include "dt-reports.h"
#include "dt-time.h"

struct _DtProjectList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  gint64       client_id;
  char        *currency;  /* the client's, read with each count */
  GHashTable  *usage;
};

G_DEFINE_FINAL_TYPE (DtProjectList, dt_project_list, DT_TYPE_PAGED_LIST)

static void
fill_query (DtProjectList *self,
            DtListQuery   *query)
{
  query->client_id = self->client_id;
  query->archived = DT_ARCHIVED_EXCLUDE;
}

static gint64
dt_project_list_count (DtPagedList  *list,
                       GError      **error)
{
  DtProjectList *self = DT_PROJECT_LIST (list);
  DtListQuery query = { 0 };
  g_autoptr(DtClient) client = NULL;

  g_clear_pointer (&self->currency, g_free);
  if (self->client_id == 0)
    return 0;
  client = dt_client_store_get (self->db, self->client_id, NULL);
  self->currency = client != NULL ? g_strdup (client->currency) : NULL;
  fill_query (self, &query);
  return dt_project_store_count_matching (self->db, &query, 0, error);
}

static GPtrArray *
dt_project_list_fetch (DtPagedList  *list,
                       guint         offset,
                       guint         limit,
                       GError      **error)
{
  DtProjectList *self = DT_PROJECT_LIST (list);
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) projects = NULL;
  GPtrArray *items;

  fill_query (self, &query);
  projects = dt_project_store_list_range (self->db, &query, offset, limit, error);
  if (projects == NULL)
    return NULL;
  items = g_ptr_array_new_full (projects->len, g_object_unref);
  g_ptr_array_set_free_func (projects, NULL);
  for (guint i = 0; i < projects->len; i++)
    {
      DtProject *project = g_ptr_array_index (projects, i);
      const DtProjectUsage *used = NULL;

      if (self->usage != NULL)
        {
          static const DtProjectUsage nothing = { 0, 0 };

          used = g_hash_table_lookup (self->usage, &project->id);
          if (used == NULL)
            used = &nothing;
        }
      g_ptr_array_add (items, dt_project_item_new (project, self->currency,
                                                   used != NULL ? used->seconds : -1,
                                                   used != NULL ? used->amount : -1));
    }
  return items;
}

static void
dt_project_list_finalize (GObject *object)
{
  DtProjectList *self = DT_PROJECT_LIST (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  G_OBJECT_CLASS (dt_project_list_parent_class)->finalize (object);
}

static void
dt_project_list_class_init (DtProjectListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_project_list_finalize;
  list_class->count = dt_project_list_count;
  list_class->fetch = dt_project_list_fetch;
}

static void
dt_project_list_init (DtProjectList *self)
{
}

DtProjectList *
dt_project_list_new_full (DtDb  *db,
                          guint  page_size,
                          guint  max_pages)
{
  DtProjectList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_PROJECT_LIST,
                       "item-type", DT_TYPE_PROJECT_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  return self;
}

DtProjectList *
dt_project_list_new (DtDb *db)
{
  return dt_project_list_new_full (db, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                   DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

void
dt_project_list_set_client_id (DtProjectList *self,
                               gint64         client_id)
{
  g_return_if_fail (DT_IS_PROJECT_LIST (self));

  if (self->client_id == client_id)
    return;
  self->client_id = client_id;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

gint64
dt_project_list_get_client_id (DtProjectList *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_LIST (self), 0);
  return self->client_id;
}

void
dt_project_list_set_usage (DtProjectList *self,
                           GHashTable    *usage)
{
  g_return_if_fail (DT_IS_PROJECT_LIST (self));

  if (usage != NULL)
    g_hash_table_ref (usage);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  self->usage = usage;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

guint
dt_project_list_find (DtProjectList *self,
                      gint64         id)
{
  DtListQuery query = { 0 };
  g_autoptr(DtProjectItem) item = NULL;
  gint64 position;

  g_return_val_if_fail (DT_IS_PROJECT_LIST (self), G_MAXUINT);

  if (id <= 0 || self->client_id == 0)
    return G_MAXUINT;
  fill_query (self, &query);
  position = dt_project_store_count_matching (self->db, &query, id, NULL);
  if (position < 0 || position >= g_list_model_get_n_items (G_LIST_MODEL (self)))
    return G_MAXUINT;
  item = g_list_model_get_item (G_LIST_MODEL (self), (guint) position);
  return item != NULL && dt_project_item_get_id (item) == id ? (guint) position : G_MAXUINT;
}

gpointer
dt_project_usage_read (DtDb      *db,
                       gpointer   data,
                       GError   **error)
{
  g_autoptr(DtReport) report = NULL;
  DtReportQuery query = { 0 };
  GHashTable *usage;

  query.from = 0;
  query.to = dt_time_now () + 1;
  query.group_by = DT_REPORT_BY_PROJECT;
  report = dt_report_run (db, &query, error);
  if (report == NULL)
    return NULL;
  usage = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < report->rows->len; i++)
    {
      DtReportRow *row = g_ptr_array_index (report->rows, i);
      DtProjectUsage *used = g_hash_table_lookup (usage, &row->id);

      if (used == NULL)
        {
          used = g_new0 (DtProjectUsage, 1);
          g_hash_table_insert (usage, g_memdup2 (&row->id, sizeof row->id), used);
        }
      /* A project's work is all in its client's currency: one row each. */
      used->seconds += row->seconds;
      used->amount += row->amount;
    }
  return usage;
}

/* dt-trackable.c: the timer's choices, loaded from the client, project and task stores. */
#define G_LOG_DOMAIN "dt-trackable"

#include "config.h"

#include <string.h>

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-search.h"
#include "dt-task-store.h"
#include "dt-trackable.h"

struct _DtTrackable
{
  GObject  parent_instance;

  gint64   project_id;
  gint64   task_id;
  char    *label;
  char    *title;
  char    *context;
  char    *key;
  char    *client_name;
  char    *project_name;
};

G_DEFINE_FINAL_TYPE (DtTrackable, dt_trackable, G_TYPE_OBJECT)

static void
dt_trackable_finalize (GObject *object)
{
  DtTrackable *self = DT_TRACKABLE (object);

  g_free (self->label);
  g_free (self->title);
  g_free (self->context);
  g_free (self->key);
  g_free (self->client_name);
  g_free (self->project_name);

  G_OBJECT_CLASS (dt_trackable_parent_class)->finalize (object);
}

static void
dt_trackable_class_init (DtTrackableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_trackable_finalize;
}

static void
dt_trackable_init (DtTrackable *self)
{
}

DtTrackable *
dt_trackable_new (gint64      project_id,
                  gint64      task_id,
                  const char *client_name,
                  const char *project_name,
                  const char *task_title)
{
  DtTrackable *self = g_object_new (DT_TYPE_TRACKABLE, NULL);

  self->project_id = project_id;
  self->task_id = task_id;
  self->client_name = g_strdup (client_name);
  self->project_name = g_strdup (project_name);
  if (task_id != 0 && task_title != NULL)
    {
      self->title = g_strdup (task_title);
      self->context = g_strdup_printf ("%s › %s", client_name, project_name);
    }
  else
    {
      self->title = g_strdup (project_name);
      self->context = g_strdup (client_name);
    }
  self->label = g_strdup_printf ("%s › %s", self->context, self->title);
  self->key = dt_search_key (self->label);
  return self;
}

gint64
dt_trackable_get_project_id (DtTrackable *self)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), 0);
  return self->project_id;
}

gint64
dt_trackable_get_task_id (DtTrackable *self)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), 0);
  return self->task_id;
}

const char *
dt_trackable_get_label (DtTrackable *self)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), NULL);
  return self->label;
}

const char *
dt_trackable_get_title (DtTrackable *self)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), NULL);
  return self->title;
}

const char *
dt_trackable_get_context (DtTrackable *self)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), NULL);
  return self->context;
}

gboolean
dt_trackable_matches (DtTrackable *self,
                      const char  *query)
{
  g_return_val_if_fail (DT_IS_TRACKABLE (self), FALSE);
  return dt_search_matches (self->key, query);
}

typedef GPtrArray *(*ListFunc) (DtDb *, const DtListQuery *, gboolean *, GError **);

/* Every page of a list; each element's first field is its gint64 id (the stores' layout). */
static GPtrArray *
list_all (DtDb           *db,
          ListFunc        list,
          GDestroyNotify  free_func,
          DtListQuery    *query,
          GError        **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (free_func);
  gboolean more = TRUE;

  query->limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = list (db, query, &more, error);

      if (page == NULL)
        return NULL;
      if (page->len == 0)
        break;
      query->after_id = *(gint64 *) g_ptr_array_index (page, page->len - 1);
      /* Move the elements over without freeing them. */
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, page->pdata[i]);
      g_ptr_array_set_free_func (page, NULL);
    }
  return g_steal_pointer (&all);
}

/* By client, then project, the project itself before its tasks, then task title. */
static int
compare_trackables (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  DtTrackable *ta = (DtTrackable *) a;
  DtTrackable *tb = (DtTrackable *) b;
  int c;

  if ((c = g_utf8_collate (ta->client_name, tb->client_name)) != 0)
    return c;
  if ((c = g_utf8_collate (ta->project_name, tb->project_name)) != 0)
    return c;
  if (ta->project_id != tb->project_id)
    return ta->project_id < tb->project_id ? -1 : 1;
  if ((ta->task_id == 0) != (tb->task_id == 0))
    return ta->task_id == 0 ? -1 : 1;
  return g_utf8_collate (ta->title, tb->title);
}

GListStore *
dt_trackables_load (DtDb    *db,
                    GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (DT_TYPE_TRACKABLE);
  g_autoptr(GHashTable) clients = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) projects = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) client_list = NULL;
  g_autoptr(GPtrArray) project_list = NULL;
  g_autoptr(GPtrArray) task_list = NULL;
  DtListQuery query = { 0 };

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  client_list = list_all (db, (ListFunc) dt_client_store_list, (GDestroyNotify) dt_client_free, &query, error);
  if (client_list == NULL)
    return NULL;
  for (guint i = 0; i < client_list->len; i++)
    {
      DtClient *c = g_ptr_array_index (client_list, i);
      g_hash_table_insert (clients, &c->id, c);
    }

  memset (&query, 0, sizeof query);
  project_list = list_all (db, (ListFunc) dt_project_store_list, (GDestroyNotify) dt_project_free, &query, error);
  if (project_list == NULL)
    return NULL;
  for (guint i = 0; i < project_list->len; i++)
    {
      DtProject *p = g_ptr_array_index (project_list, i);
      DtClient *c = g_hash_table_lookup (clients, &p->client_id);
      g_autoptr(DtTrackable) t = NULL;

      if (c == NULL)  /* an archived client hides its projects from the picker */
        continue;
      g_hash_table_insert (projects, &p->id, p);
      t = dt_trackable_new (p->id, 0, c->name, p->name, NULL);
      g_list_store_append (store, t);
    }

  memset (&query, 0, sizeof query);
  query.status = "open";
  task_list = list_all (db, (ListFunc) dt_task_store_list, (GDestroyNotify) dt_task_free, &query, error);
  if (task_list == NULL)
    return NULL;
  for (guint i = 0; i < task_list->len; i++)
    {
      DtTask *task = g_ptr_array_index (task_list, i);
      DtProject *p = g_hash_table_lookup (projects, &task->project_id);
      DtClient *c;
      g_autoptr(DtTrackable) t = NULL;

      if (p == NULL)
        continue;
      c = g_hash_table_lookup (clients, &p->client_id);
      t = dt_trackable_new (p->id, task->id, c->name, p->name, task->title);
      g_list_store_append (store, t);
    }

  g_list_store_sort (store, compare_trackables, NULL);
  return g_steal_pointer (&store);
}

char *
dt_trackables_describe (DtDb   *db,
                        gint64  project_id,
                        gint64  task_id)
{
  g_autoptr(DtProject) project = dt_project_store_get (db, project_id, NULL);
  g_autoptr(DtClient) client = NULL;
  g_autoptr(DtTask) task = NULL;

  if (project == NULL)
    return NULL;
  client = dt_client_store_get (db, project->client_id, NULL);
  if (task_id != 0)
    task = dt_task_store_get (db, task_id, NULL);
  if (task != NULL)
    return g_strdup_printf ("%s › %s › %s", client != NULL ? client->name : "?", project->name,
                            task->title);
  return g_strdup_printf ("%s › %s", client != NULL ? client->name : "?", project->name);
}

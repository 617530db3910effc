/* dt-db-read.c: slow reads on a worker thread, each with its own connection. */
#define G_LOG_DOMAIN "dt-db"

#include "dt-db-read.h"

typedef struct
{
  char           *path;
  DtDbReadFunc    func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Read;

static void
read_free (Read *read)
{
  if (read->data_free != NULL)
    read->data_free (read->data);
  g_free (read->path);
  g_free (read);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* WAL lets this connection read while the window's writes. */
  db = dt_db_open (read->path, DT_DB_OPEN_NO_QUICK_CHECK | DT_DB_OPEN_NO_MIGRATE_SNAPSHOT,
                   &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = read->func (db, read->data, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, read->result_free);
}

void
dt_db_read_async (DtDb                *db,
                  DtDbReadFunc         func,
                  gpointer             data,
                  GDestroyNotify       data_free,
                  GDestroyNotify       result_free,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (DT_IS_DB (db));
  g_return_if_fail (func != NULL);

  read = g_new0 (Read, 1);
  read->path = g_strdup (dt_db_get_path (db));
  read->func = func;
  read->data = data;
  read->data_free = data_free;
  read->result_free = result_free;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_db_read_async);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, read_thread);
}

gpointer
dt_db_read_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

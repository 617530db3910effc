/* dt-op-invocation.c: running an operation: confirmed, on a read worker or not, in parts. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-op-registry-private.h"

#include "dt-error.h"
#include "dt-json-schema.h"
#include "dt-json-writer.h"
#include "dt-work.h"

typedef struct
{
  const DtOp  *op;
  DtOpContext *ctx;
  JsonObject  *input;
  GSource     *waiting;
  guint        waited_seconds;
  char        *question;
  /* Set by a read worker, handed over on the invoking thread. */
  JsonObject  *output;
  GError      *error;
  char        *text;          /* the output's JSON text */
  gsize        text_length;
} Invocation;

static void
invocation_free (gpointer data)
{
  Invocation *inv = data;

  if (inv->waiting)
    {
      g_source_destroy (inv->waiting);
      g_source_unref (inv->waiting);
    }
  json_object_unref (inv->input);
  g_free (inv->question);
  g_clear_pointer (&inv->output, json_object_unref);
  g_clear_error (&inv->error);
  g_free (inv->text);
  g_free (inv);
}

static const char *
outcome_for (const GError *error)
{
  if (error == NULL)
    return "ok";
  if (error->domain != DT_ERROR)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "error";
  switch (error->code)
    {
    case DT_ERROR_INVALID:
      return "invalid";
    case DT_ERROR_NOT_FOUND:
      return "not-found";
    case DT_ERROR_CONFLICT:
    case DT_ERROR_LOCKED:
    case DT_ERROR_PRECONDITION:
      return "conflict";
    case DT_ERROR_DENIED:
    case DT_ERROR_TIMEOUT:
      return "denied";
    case DT_ERROR_FORBIDDEN:
    case DT_ERROR_UNAUTHORIZED:
      return "forbidden";
    default:
      return "error";
    }
}

static void
finish (GTask      *task,
        JsonObject *result,
        GError     *error)
{
  Invocation *inv = g_task_get_task_data (task);

  if (inv->ctx->audit != NULL)
    inv->ctx->audit (inv->ctx, inv->op, inv->ctx->object, outcome_for (error),
                     error ? error->message : NULL, inv->ctx->audit_data);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Invocation *inv = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *output = inv->op->func_finish (result, &error);

  g_assert ((output == NULL) != (error == NULL));
  finish (task, output, error);
  dt_work_end (g_task_get_context (task));
}

/* ---- read workers --------------------------------------------------------------------- */

static gboolean
runs_on_reader (DtOpRegistry *self,
                Invocation   *inv)
{
  /* Binary outputs (PDF drawing) stay on the invoking thread: cairo and Pango are not
   * known to be safe here. */
  return self->readers != NULL && inv->ctx->db != NULL && inv->op->func != NULL &&
         (inv->op->flags & DT_OP_READ_ONLY) && !(inv->op->flags & DT_OP_BINARY) &&
         g_strcmp0 (dt_db_get_path (inv->ctx->db), self->reader_path) == 0;
}

static void
reader_dbs_free (gpointer data)
{
  g_hash_table_unref (data);
}

/* Each worker thread's own connections, by file. */
static GPrivate reader_dbs = G_PRIVATE_INIT (reader_dbs_free);

static DtDb *
reader_db (const char  *path,
           GError     **error)
{
  GHashTable *dbs = g_private_get (&reader_dbs);
  DtDb *db;

  if (dbs == NULL)
    {
      dbs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&reader_dbs, dbs);
    }
  db = g_hash_table_lookup (dbs, path);
  if (db == NULL)
    {
      db = dt_db_open (path, DT_DB_OPEN_NO_QUICK_CHECK | DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, error);
      if (db == NULL)
        return NULL;
      g_hash_table_insert (dbs, g_strdup (path), db);
    }
  return db;
}

static gboolean
reader_done_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Invocation *inv = g_task_get_task_data (task);

  finish (task, g_steal_pointer (&inv->output), g_steal_pointer (&inv->error));
  dt_work_end (g_task_get_context (task));
  return G_SOURCE_REMOVE;
}

static void
reader_run (gpointer data,
            gpointer user_data)
{
  GTask *task = data;
  DtOpRegistry *self = user_data;
  Invocation *inv = g_task_get_task_data (task);
  DtDb *invoker_db = inv->ctx->db;
  gsize length = 0;
  DtDb *db;

  db = reader_db (self->reader_path, &inv->error);
  if (db != NULL && !g_cancellable_set_error_if_cancelled (inv->ctx->cancellable, &inv->error) &&
      dt_db_begin_read (db, &inv->error))
    {
      /* The operation reads through this thread's connection; nothing else in the context is
       * touched until the answer is back on the invoking thread. */
      inv->ctx->db = db;
      if (inv->ctx->text_output)
        inv->ctx->text_out = g_string_sized_new (16384);
      inv->output = inv->op->func (inv->ctx, inv->input, &inv->error);
      inv->ctx->db = invoker_db;
      dt_db_end_read (db);
      g_assert ((inv->output == NULL) != (inv->error == NULL));
      if (inv->output != NULL && inv->ctx->text_out != NULL && inv->ctx->text_out->len > 0)
        {
          length = inv->ctx->text_out->len;
          inv->text = g_string_free (g_steal_pointer (&inv->ctx->text_out), FALSE);
        }
      else if (inv->output != NULL && inv->ctx->text_output)
        inv->text = dt_json_to_text_object (inv->output, &length);
      if (inv->ctx->text_out != NULL)
        g_string_free (g_steal_pointer (&inv->ctx->text_out), TRUE);
      if (inv->text != NULL && inv->ctx->text_finish != NULL)
        {
          char *finished = inv->ctx->text_finish (inv->text, length, &length);

          g_free (inv->text);
          inv->text = finished;
        }
      inv->text_length = length;
      if (inv->output != NULL && inv->ctx->text_output)
        {
          JsonObject *stand_in = json_object_new ();

          if (json_object_has_member (inv->output, "version"))
            json_object_set_int_member (stand_in, "version",
                                        json_object_get_int_member (inv->output, "version"));
          json_object_unref (inv->output);
          inv->output = stand_in;
        }
    }
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, reader_done_cb,
                              task, NULL);
}

void
dt_op_registry_set_read_workers (DtOpRegistry *self,
                                 const char   *db_path,
                                 guint         n_workers)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DT_IS_OP_REGISTRY (self));
  g_return_if_fail (self->readers == NULL);

  if (db_path == NULL || n_workers == 0)
    return;
  self->readers = g_thread_pool_new (reader_run, self, (int) n_workers, TRUE, &error);
  if (self->readers == NULL)
    {
      g_warning ("Reads run on the server's thread: %s", error->message);
      return;
    }
  self->reader_path = g_strdup (db_path);
}

char *
dt_op_registry_invoke_steal_text (GAsyncResult *result,
                                  gsize        *length)
{
  Invocation *inv;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (length != NULL, NULL);

  inv = g_task_get_task_data (G_TASK (result));
  *length = inv != NULL && inv->text != NULL ? inv->text_length : 0;
  return inv != NULL ? g_steal_pointer (&inv->text) : NULL;
}

static void
run (GTask *task)
{
  Invocation *inv = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *result;

  if (g_cancellable_set_error_if_cancelled (inv->ctx->cancellable, &error))
    {
      finish (task, NULL, error);
      return;
    }
  /* Both answer on this context later: whoever stops iterating it waits for them
   * (dt_work_drain). */
  if (inv->op->func_async != NULL)
    {
      dt_work_begin (g_task_get_context (task));
      inv->op->func_async (inv->ctx, inv->input, async_done_cb, g_object_ref (task));
      return;
    }
  if (runs_on_reader (g_task_get_source_object (task), inv))
    {
      dt_work_begin (g_task_get_context (task));
      g_thread_pool_push (DT_OP_REGISTRY (g_task_get_source_object (task))->readers,
                          g_object_ref (task), NULL);
      return;
    }
  /* A read sees one state of the database, and locks the file once rather than per query. */
  if ((inv->op->flags & DT_OP_READ_ONLY) && inv->ctx->db != NULL &&
      !dt_db_begin_read (inv->ctx->db, &error))
    {
      finish (task, NULL, error);
      return;
    }
  result = inv->op->func (inv->ctx, inv->input, &error);
  if ((inv->op->flags & DT_OP_READ_ONLY) && inv->ctx->db != NULL)
    dt_db_end_read (inv->ctx->db);
  g_assert ((result == NULL) != (error == NULL));
  finish (task, result, error);
}

static gboolean
still_waiting_cb (gpointer user_data)
{
  GTask *task = user_data;
  Invocation *inv = g_task_get_task_data (task);
  g_autofree char *text = NULL;

  inv->waited_seconds += 5;
  text = g_strdup_printf ("Still waiting for the user to confirm in DoubleTime (%u s): %s",
                          inv->waited_seconds, inv->question);
  if (inv->ctx->progress)
    inv->ctx->progress (inv->ctx, inv->waited_seconds, 0, text, inv->ctx->progress_data);
  return G_SOURCE_CONTINUE;
}

static void
confirmed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Invocation *inv = g_task_get_task_data (task);
  GError *error = NULL;

  if (inv->waiting)
    {
      g_source_destroy (inv->waiting);
      g_clear_pointer (&inv->waiting, g_source_unref);
    }
  if (!inv->ctx->confirm_finish (result, &error))
    {
      GError *told;

      if (error == NULL)
        error = g_error_new_literal (DT_ERROR, DT_ERROR_DENIED, "declined");
      if (g_error_matches (error, DT_ERROR, DT_ERROR_TIMEOUT))
        told = g_error_new (DT_ERROR, DT_ERROR_TIMEOUT,
                            "The user did not answer in time, so nothing was done (%s). "
                            "Ask them before trying again.", inv->question);
      else if (error->domain == DT_ERROR && error->code == DT_ERROR_DENIED)
        told = g_error_new (DT_ERROR, DT_ERROR_DENIED,
                            "The user declined, so nothing was done (%s). Do not retry "
                            "unless they ask you to.", inv->question);
      else
        told = g_error_copy (error);
      g_error_free (error);
      finish (task, NULL, told);
      return;
    }
  if (inv->ctx->progress)
    inv->ctx->progress (inv->ctx, inv->waited_seconds + 1, 0, "Confirmed by the user",
                        inv->ctx->progress_data);
  run (task);
}

void
dt_op_registry_invoke_async (DtOpRegistry       *self,
                             const DtOp         *op,
                             DtOpContext        *ctx,
                             JsonObject         *input,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  Invocation *inv;
  DtOpEntry *entry;
  GError *error = NULL;

  g_return_if_fail (DT_IS_OP_REGISTRY (self));
  g_return_if_fail (op != NULL && ctx != NULL && input != NULL);

  entry = dt_op_registry_entry_for (self, op);
  task = g_task_new (self, ctx->cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_op_registry_invoke_async);
  inv = g_new0 (Invocation, 1);
  inv->op = op;
  inv->ctx = ctx;
  inv->input = json_object_ref (input);
  g_task_set_task_data (task, inv, invocation_free);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, input);
  if (!dt_json_schema_validate (entry->input_schema, node, &error))
    {
      finish (task, NULL, error);
      return;
    }

  if (op->flags & DT_OP_SENSITIVE)
    {
      g_autofree char *text = NULL;

      inv->question = op->describe (ctx, input, &error);
      if (inv->question == NULL)
        {
          finish (task, NULL, error);
          return;
        }
      if (ctx->confirm == NULL || ctx->confirm_finish == NULL)
        {
          finish (task, NULL, g_error_new (DT_ERROR, DT_ERROR_UNAVAILABLE,
                                           "This action needs the user's confirmation, which "
                                           "cannot be asked here (%s)", inv->question));
          return;
        }
      text = g_strdup_printf ("Waiting for the user to confirm in DoubleTime: %s",
                              inv->question);
      if (ctx->progress)
        ctx->progress (ctx, 0, 0, text, ctx->progress_data);
      inv->waiting = g_timeout_source_new_seconds (5);
      g_source_set_callback (inv->waiting, still_waiting_cb, task, NULL);
      g_source_attach (inv->waiting, g_main_context_get_thread_default ());
      ctx->confirm (ctx, op, inv->question, ctx->cancellable, confirmed_cb,
                    g_object_ref (task), ctx->confirm_data);
      return;
    }
  run (task);
}

JsonObject *
dt_op_registry_invoke_finish (DtOpRegistry *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

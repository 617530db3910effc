/* dt-op-registry.c: the operations, their contexts, routes and schemas. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-op-registry-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (DtOpRegistry, dt_op_registry, G_TYPE_OBJECT)

/* ---- context ---------------------------------------------------------------------------- */

DtOpContext *
dt_op_context_new (DtDb       *db,
                   const char *face)
{
  DtOpContext *ctx = g_new0 (DtOpContext, 1);

  ctx->db = db ? g_object_ref (db) : NULL;
  ctx->face = face;
  ctx->cancellable = g_cancellable_new ();
  return ctx;
}

void
dt_op_context_free (DtOpContext *ctx)
{
  if (ctx == NULL)
    return;
  if (ctx->principal_free != NULL)
    ctx->principal_free ((gpointer) ctx->principal);
  g_clear_object (&ctx->principal_owner);
  g_clear_object (&ctx->db);
  g_free (ctx->app_name);
  g_free (ctx->app_id);
  g_clear_object (&ctx->cancellable);
  g_free (ctx->object);
  g_free (ctx);
}

void
dt_op_context_set_object (DtOpContext *ctx,
                          const char  *format,
                          ...)
{
  va_list args;

  g_return_if_fail (ctx != NULL);
  g_free (ctx->object);
  va_start (args, format);
  ctx->object = g_strdup_vprintf (format, args);
  va_end (args);
}

/* ---- registry --------------------------------------------------------------------------- */

static void
entry_free (gpointer data)
{
  DtOpEntry *entry = data;

  g_clear_pointer (&entry->input_schema, json_object_unref);
  g_clear_pointer (&entry->output_schema, json_object_unref);
  g_strfreev (entry->path_parts);
  g_free (entry);
}

static void
dt_op_registry_finalize (GObject *object)
{
  DtOpRegistry *self = DT_OP_REGISTRY (object);

  /* Waits for the reads still running; their answers go to tasks that hold a reference to
   * the registry, so none is left. */
  if (self->readers != NULL)
    g_thread_pool_free (self->readers, FALSE, TRUE);
  g_free (self->reader_path);
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->entries);
  G_OBJECT_CLASS (dt_op_registry_parent_class)->finalize (object);
}

static void
dt_op_registry_class_init (DtOpRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_op_registry_finalize;
}

static void
dt_op_registry_init (DtOpRegistry *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

DtOpRegistry *
dt_op_registry_new (void)
{
  return g_object_new (DT_TYPE_OP_REGISTRY, NULL);
}

static JsonObject *
parse_schema (const char *name,
              const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("The schema of operation %s does not parse: %s", name, error->message);
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    g_error ("The schema of operation %s is not an object", name);
  return json_object_ref (json_node_get_object (root));
}

void
dt_op_registry_add (DtOpRegistry *self,
                    const DtOp   *op)
{
  DtOpEntry *entry;

  g_return_if_fail (DT_IS_OP_REGISTRY (self));
  g_return_if_fail (op != NULL && op->name != NULL);
  g_return_if_fail (op->func != NULL || (op->func_async != NULL && op->func_finish != NULL));
  g_return_if_fail (!g_hash_table_contains (self->by_name, op->name));
  g_return_if_fail (!(op->flags & DT_OP_SENSITIVE) || op->describe != NULL);

  entry = g_new0 (DtOpEntry, 1);
  entry->op = op;
  entry->input_schema = parse_schema (op->name, op->input_schema);
  entry->output_schema = parse_schema (op->name, op->output_schema);
  if (op->http_path != NULL)
    entry->path_parts = g_strsplit (op->http_path + (op->http_path[0] == '/'), "/", -1);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_name, (gpointer) op->name, entry);
}

guint
dt_op_registry_get_n_ops (DtOpRegistry *self)
{
  g_return_val_if_fail (DT_IS_OP_REGISTRY (self), 0);
  return self->entries->len;
}

const DtOp *
dt_op_registry_get_op (DtOpRegistry *self,
                       guint         index)
{
  g_return_val_if_fail (DT_IS_OP_REGISTRY (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return ((DtOpEntry *) g_ptr_array_index (self->entries, index))->op;
}

const DtOp *
dt_op_registry_lookup (DtOpRegistry *self,
                       const char   *name)
{
  DtOpEntry *entry;

  g_return_val_if_fail (DT_IS_OP_REGISTRY (self), NULL);
  entry = name ? g_hash_table_lookup (self->by_name, name) : NULL;
  return entry ? entry->op : NULL;
}

static gboolean
path_matches (DtOpEntry      *entry,
              char      **parts,
              GHashTable *variables)
{
  guint n = g_strv_length (parts);

  if (entry->path_parts == NULL || g_strv_length (entry->path_parts) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *want = entry->path_parts[i];

      if (want[0] == '{')
        {
          if (parts[i][0] == '\0')
            return FALSE;
          if (variables != NULL)
            g_hash_table_insert (variables, g_strndup (want + 1, strlen (want) - 2),
                                 g_strdup (parts[i]));
        }
      else if (!g_str_equal (want, parts[i]))
        return FALSE;
    }
  return TRUE;
}

const DtOp *
dt_op_registry_route (DtOpRegistry *self,
                      const char   *method,
                      const char   *path,
                      GHashTable   *variables,
                      gboolean     *path_matched)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (DT_IS_OP_REGISTRY (self), NULL);
  if (path_matched)
    *path_matched = FALSE;
  while (*path == '/')
    path++;
  parts = g_strsplit (path, "/", -1);
  if (parts[0] != NULL && parts[1] != NULL && parts[g_strv_length (parts) - 1][0] == '\0')
    {
      g_free (parts[g_strv_length (parts) - 1]);
      parts[g_strv_length (parts) - 1] = NULL;
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      DtOpEntry *entry = g_ptr_array_index (self->entries, i);

      if (!path_matches (entry, parts, NULL))
        continue;
      if (path_matched)
        *path_matched = TRUE;
      if (g_strcmp0 (entry->op->http_method, method) == 0)
        {
          if (variables)
            path_matches (entry, parts, variables);
          return entry->op;
        }
    }
  return NULL;
}

DtOpEntry *
dt_op_registry_entry_for (DtOpRegistry *self,
                          const DtOp   *op)
{
  DtOpEntry *entry = g_hash_table_lookup (self->by_name, op->name);

  g_return_val_if_fail (entry != NULL && entry->op == op, NULL);
  return entry;
}

JsonObject *
dt_op_registry_input_schema (DtOpRegistry *self,
                             const DtOp   *op)
{
  DtOpEntry *entry = dt_op_registry_entry_for (self, op);
  return entry ? entry->input_schema : NULL;
}

JsonObject *
dt_op_registry_output_schema (DtOpRegistry *self,
                              const DtOp   *op)
{
  DtOpEntry *entry = dt_op_registry_entry_for (self, op);
  return entry ? entry->output_schema : NULL;
}

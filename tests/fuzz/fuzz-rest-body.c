/* fuzz-rest-body.c: a REST request body on its way to an operation. The first byte picks the
 * operation, the rest is the body: the server's JSON reader (depth, NUL, UTF-8, duplicate
 * keys), the operation's input schema, and, when the input is valid, the operation itself
 * over an in-memory database with a client, project, task, tag and entries. Oracle: no crash;
 * an input the schema refuses is refused with DT_ERROR_INVALID; an operation fails only with a
 * DT_ERROR, and what it returns conforms to its output schema. Sensitive and asynchronous
 * operations (sending, paying, deleting) are validated but not run: they wait for the user. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-client-store.h"
#include "dt-error.h"
#include "dt-json-reader.h"
#include "dt-json-schema.h"
#include "dt-ops.h"
#include "dt-project-store.h"
#include "dt-server-guard.h"
#include "dt-server.h"
#include "dt-time-entry-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static DtOpRegistry *registry;
static DtDb *db;

static void
seed (void)
{
  static const char *const sql =
    "INSERT INTO clients (id, name, currency, created_at, updated_at)"
    "  VALUES (1, 'Acme', 'EUR', 1767225600, 1767225600);"
    "INSERT INTO projects (id, client_id, name, created_at, updated_at)"
    "  VALUES (1, 1, 'Website', 1767225600, 1767225600);"
    "INSERT INTO tasks (id, project_id, title, created_at, updated_at)"
    "  VALUES (1, 1, 'Design', 1767225600, 1767225600);"
    "INSERT INTO tags (id, name, created_at, updated_at) VALUES (1, 'urgent', 0, 0);"
    "INSERT INTO time_entries (project_id, task_id, start_at, end_at, note, created_at,"
    "  updated_at) VALUES (1, 1, 1767261600, 1767265200, 'a', 0, 0),"
    "  (1, NULL, 1767348000, 1767351600, 'b', 0, 0);";
  g_autoptr(GError) error = NULL;

  if (!dt_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  if (registry != NULL)
    return;
  registry = dt_op_registry_new ();
  dt_ops_register_all (registry);
  db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  if (db == NULL)
    g_error ("%s", error->message);
  seed ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOpContext) ctx = NULL;
  g_autoptr(JsonObject) output = NULL;
  const char *body = (const char *) data + 1;
  gsize len;
  const DtOp *op;
  gboolean valid;

  if (size < 1 || size > 64 * 1024)
    return 0;
  setup ();
  op = dt_op_registry_get_op (registry, data[0] % dt_op_registry_get_n_ops (registry));
  len = size - 1;

  /* What dt_request_parse_json does before a body reaches an operation. */
  root = dt_json_read (body, len, DT_SERVER_MAX_JSON_DEPTH, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  valid = dt_json_schema_validate (dt_op_registry_input_schema (registry, op), root, &error);
  if (!valid)
    {
      if (!g_error_matches (error, DT_ERROR, DT_ERROR_INVALID) || error->message[0] == '\0')
        abort ();
      return 0;
    }
  if (op->func == NULL || (op->flags & DT_OP_SENSITIVE) != 0)
    return 0;

  /* Every run starts from the same data: the writes of one input are undone. */
  if (!dt_db_begin (db, NULL))
    abort ();
  ctx = dt_op_context_new (db, "rest");
  output = op->func (ctx, json_node_get_object (root), &error);
  if (output == NULL)
    {
      if (error == NULL || error->domain != DT_ERROR || error->message[0] == '\0')
        {
          g_printerr ("%s failed without a DoubleTime error: %s\n", op->name,
                      error != NULL ? error->message : "(none)");
          abort ();
        }
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), output);
      g_autoptr(GError) schema_error = NULL;

      if (!dt_json_schema_validate (dt_op_registry_output_schema (registry, op), node,
                                    &schema_error))
        {
          g_printerr ("%s returned output its schema refuses: %s\n", op->name,
                      schema_error->message);
          abort ();
        }
    }
  dt_db_rollback (db);
  return 0;
}

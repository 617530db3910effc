/* dt-ops-projects.c: the project and task operations. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-task-store.h"

#define PROJECT_OUT \
  "{\"type\":\"object\",\"properties\":{" \
  "\"id\":{\"type\":\"integer\"},\"client_id\":{\"type\":\"integer\"}," \
  "\"name\":{\"type\":\"string\"},\"color\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("rate") "," \
  "\"budget_minutes\":{\"type\":[\"integer\",\"null\"]}," DT_OPS_MONEY_OUT ("budget_amount") "," \
  "\"notes\":{\"type\":\"string\"},\"archived\":{\"type\":\"boolean\"}," \
  DT_OPS_INSTANT_OUT ("created_at") "," DT_OPS_INSTANT_OUT ("updated_at") "," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"client_id\",\"name\",\"version\"]}"

#define PROJECT_FIELDS \
  "\"color\":{\"type\":\"string\",\"pattern\":\"^#[0-9a-fA-F]{6}$\",\"description\":" \
  "\"Colour like #3584e4\"}," \
  "\"rate\":" DT_OPS_MONEY_IN ("Hourly rate for this project (overrides the client's)") "," \
  "\"budget_minutes\":{\"type\":[\"integer\",\"null\"],\"minimum\":0,\"description\":" \
  "\"Time budget in minutes\"}," \
  "\"budget_amount\":" DT_OPS_MONEY_IN ("Money budget") "," \
  "\"notes\":{\"type\":\"string\",\"maxLength\":5000}"

#define TASK_OUT \
  "{\"type\":\"object\",\"properties\":{" \
  "\"id\":{\"type\":\"integer\"},\"project_id\":{\"type\":\"integer\"}," \
  "\"client_id\":{\"type\":\"integer\"},\"title\":{\"type\":\"string\"}," \
  "\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"done\"]}," \
  "\"billable\":{\"type\":\"boolean\"},\"currency\":{\"type\":\"string\"}," \
  DT_OPS_MONEY_OUT ("rate") ",\"estimate_minutes\":{\"type\":[\"integer\",\"null\"]}," \
  "\"notes\":{\"type\":\"string\"}," \
  DT_OPS_INSTANT_OUT ("created_at") "," DT_OPS_INSTANT_OUT ("updated_at") "," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"project_id\",\"title\",\"version\"]}"

#define TASK_FIELDS \
  "\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"done\"]}," \
  "\"billable\":{\"type\":\"boolean\",\"description\":\"false makes all its time " \
  "non-billable\"}," \
  "\"rate\":" DT_OPS_MONEY_IN ("Hourly rate for this task (overrides project and client)") "," \
  "\"estimate_minutes\":{\"type\":[\"integer\",\"null\"],\"minimum\":0}," \
  "\"notes\":{\"type\":\"string\",\"maxLength\":5000}"

/* The currency a project's amounts are in: its client's. */
static char *
client_currency (DtDb   *db,
                 gint64  client_id,
                 GError **error)
{
  g_autoptr(DtClient) client = dt_client_store_get (db, client_id, error);

  return client ? g_strdup (client->currency) : NULL;
}

static JsonObject *
project_to_json (const DtProject *project,
                 const char      *currency)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", project->id);
  json_object_set_int_member (out, "client_id", project->client_id);
  dt_ops_set_string (out, "name", project->name);
  dt_ops_set_string (out, "color", project->color);
  dt_ops_set_string (out, "currency", currency);
  dt_ops_set_money (out, "rate", project->rate, currency);
  if (project->budget_minutes == DT_NO_VALUE)
    json_object_set_null_member (out, "budget_minutes");
  else
    json_object_set_int_member (out, "budget_minutes", project->budget_minutes);
  dt_ops_set_money (out, "budget_amount", project->budget_amount, currency);
  dt_ops_set_string (out, "notes", project->notes);
  json_object_set_boolean_member (out, "archived", project->archived);
  dt_ops_set_instant (out, "created_at", project->created_at);
  dt_ops_set_instant (out, "updated_at", project->updated_at);
  json_object_set_int_member (out, "version", project->version);
  return out;
}

static JsonObject *
list_projects (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GHashTable) currencies = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            NULL, g_free);
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.archived = dt_ops_get_archived (input);
  query.text = dt_ops_get_string (input, "text");
  projects = dt_project_store_list (ctx->db, &query, &has_more, error);
  if (projects == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < projects->len; i++)
    {
      DtProject *project = g_ptr_array_index (projects, i);
      const char *currency = g_hash_table_lookup (currencies, &project->client_id);

      if (currency == NULL)
        {
          char *found = client_currency (ctx->db, project->client_id, NULL);

          g_hash_table_insert (currencies, &project->client_id, found);
          currency = found;
        }
      json_array_add_object_element (items, project_to_json (project, currency));
      last = project->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
project_result (DtOpContext *ctx,
                DtProject   *project,
                GError     **error)
{
  g_autofree char *currency = NULL;

  if (project == NULL)
    return NULL;
  currency = client_currency (ctx->db, project->client_id, error);
  return currency ? project_to_json (project, currency) : NULL;
}

static JsonObject *
get_project (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  g_autoptr(DtProject) project = NULL;

  dt_op_context_set_object (ctx, "project %" G_GINT64_FORMAT, dt_ops_get_int (input, "id", 0));
  project = dt_project_store_get (ctx->db, dt_ops_get_int (input, "id", 0), error);
  return project_result (ctx, project, error);
}

static gboolean
apply_project (DtDb       *db,
               DtProject  *project,
               JsonObject *input,
               GError    **error)
{
  g_autofree char *currency = NULL;
  const char *text;

  if (dt_ops_has (input, "client_id"))
    project->client_id = dt_ops_get_int (input, "client_id", 0);
  currency = client_currency (db, project->client_id, error);
  if (currency == NULL)
    return FALSE;
  if ((text = dt_ops_get_string (input, "name")) != NULL)
    {
      g_free (project->name);
      project->name = g_strdup (text);
    }
  if ((text = dt_ops_get_string (input, "color")) != NULL)
    {
      g_free (project->color);
      project->color = g_strdup (text);
    }
  if ((text = dt_ops_get_string (input, "notes")) != NULL)
    {
      g_free (project->notes);
      project->notes = g_strdup (text);
    }
  if (dt_ops_has (input, "budget_minutes"))
    project->budget_minutes = dt_ops_is_null (input, "budget_minutes")
                              ? DT_NO_VALUE : dt_ops_get_int (input, "budget_minutes", 0);
  if (dt_ops_has (input, "rate") &&
      !dt_ops_get_money (input, "rate", currency, &project->rate, error))
    return FALSE;
  if (dt_ops_has (input, "budget_amount") &&
      !dt_ops_get_money (input, "budget_amount", currency, &project->budget_amount, error))
    return FALSE;
  return TRUE;
}

static JsonObject *
create_project (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  g_autoptr(DtProject) project = dt_project_new ();
  g_autoptr(DtProject) stored = NULL;

  if (!apply_project (ctx->db, project, input, error))
    return NULL;
  stored = dt_project_store_create (ctx->db, project, error);
  if (stored)
    dt_op_context_set_object (ctx, "project %" G_GINT64_FORMAT, stored->id);
  return project_result (ctx, stored, error);
}

static JsonObject *
update_project (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtProject) project = NULL;
  g_autoptr(DtProject) stored = NULL;

  dt_op_context_set_object (ctx, "project %" G_GINT64_FORMAT, id);
  project = dt_project_store_get (ctx->db, id, error);
  if (project == NULL || !apply_project (ctx->db, project, input, error))
    return NULL;
  stored = dt_project_store_update (ctx->db, project,
                                    dt_ops_get_int (input, "expected_version", 0), error);
  return project_result (ctx, stored, error);
}

static JsonObject *
archive_project (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtProject) stored = NULL;

  dt_op_context_set_object (ctx, "project %" G_GINT64_FORMAT, id);
  stored = dt_project_store_set_archived (ctx->db, id, dt_ops_get_bool (input, "archived", TRUE),
                                          error);
  return project_result (ctx, stored, error);
}

/* ---- tasks ---- */

static JsonObject *
task_to_json (const DtTask *task,
              const char   *currency)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "id", task->id);
  json_object_set_int_member (out, "project_id", task->project_id);
  json_object_set_int_member (out, "client_id", task->client_id);
  dt_ops_set_string (out, "title", task->title);
  dt_ops_set_string (out, "status", task->status);
  json_object_set_boolean_member (out, "billable", task->billable);
  dt_ops_set_string (out, "currency", currency);
  dt_ops_set_money (out, "rate", task->rate, currency);
  if (task->estimate_minutes == DT_NO_VALUE)
    json_object_set_null_member (out, "estimate_minutes");
  else
    json_object_set_int_member (out, "estimate_minutes", task->estimate_minutes);
  dt_ops_set_string (out, "notes", task->notes);
  dt_ops_set_instant (out, "created_at", task->created_at);
  dt_ops_set_instant (out, "updated_at", task->updated_at);
  json_object_set_int_member (out, "version", task->version);
  return out;
}

static JsonObject *
task_result (DtOpContext *ctx,
             DtTask      *task,
             GError     **error)
{
  g_autofree char *currency = NULL;

  if (task == NULL)
    return NULL;
  currency = client_currency (ctx->db, task->client_id, error);
  return currency ? task_to_json (task, currency) : NULL;
}

static JsonObject *
list_tasks (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GHashTable) currencies = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            NULL, g_free);
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;
  const char *billable = dt_ops_get_string (input, "billable");

  if (!dt_ops_get_page (input, &query, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.status = dt_ops_get_string (input, "status");
  query.text = dt_ops_get_string (input, "text");
  query.billable = g_strcmp0 (billable, "billable") == 0 ? DT_BILLABLE_ONLY
                   : g_strcmp0 (billable, "non_billable") == 0 ? DT_BILLABLE_NON
                   : DT_BILLABLE_ANY;
  tasks = dt_task_store_list (ctx->db, &query, &has_more, error);
  if (tasks == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      DtTask *task = g_ptr_array_index (tasks, i);
      const char *currency = g_hash_table_lookup (currencies, &task->client_id);

      if (currency == NULL)
        {
          char *found = client_currency (ctx->db, task->client_id, NULL);

          g_hash_table_insert (currencies, &task->client_id, found);
          currency = found;
        }
      json_array_add_object_element (items, task_to_json (task, currency));
      last = task->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
get_task (DtOpContext *ctx,
          JsonObject  *input,
          GError     **error)
{
  g_autoptr(DtTask) task = NULL;

  dt_op_context_set_object (ctx, "task %" G_GINT64_FORMAT, dt_ops_get_int (input, "id", 0));
  task = dt_task_store_get (ctx->db, dt_ops_get_int (input, "id", 0), error);
  return task_result (ctx, task, error);
}

static gboolean
apply_task (DtDb       *db,
            DtTask     *task,
            JsonObject *input,
            GError    **error)
{
  const char *text;
  g_autofree char *currency = NULL;

  if (dt_ops_has (input, "project_id"))
    {
      g_autoptr(DtProject) project = dt_project_store_get (db, dt_ops_get_int (input,
                                                                               "project_id", 0),
                                                           error);
      if (project == NULL)
        return FALSE;
      task->project_id = project->id;
      task->client_id = project->client_id;
    }
  if ((text = dt_ops_get_string (input, "title")) != NULL)
    {
      g_free (task->title);
      task->title = g_strdup (text);
    }
  if ((text = dt_ops_get_string (input, "status")) != NULL)
    {
      g_free (task->status);
      task->status = g_strdup (text);
    }
  if ((text = dt_ops_get_string (input, "notes")) != NULL)
    {
      g_free (task->notes);
      task->notes = g_strdup (text);
    }
  if (dt_ops_has (input, "billable"))
    task->billable = dt_ops_get_bool (input, "billable", TRUE);
  if (dt_ops_has (input, "estimate_minutes"))
    task->estimate_minutes = dt_ops_is_null (input, "estimate_minutes")
                             ? DT_NO_VALUE : dt_ops_get_int (input, "estimate_minutes", 0);
  if (dt_ops_has (input, "rate"))
    {
      currency = client_currency (db, task->client_id, error);
      if (currency == NULL || !dt_ops_get_money (input, "rate", currency, &task->rate, error))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
create_task (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  g_autoptr(DtTask) task = dt_task_new ();
  g_autoptr(DtTask) stored = NULL;

  if (!apply_task (ctx->db, task, input, error))
    return NULL;
  stored = dt_task_store_create (ctx->db, task, error);
  if (stored)
    dt_op_context_set_object (ctx, "task %" G_GINT64_FORMAT, stored->id);
  return task_result (ctx, stored, error);
}

static JsonObject *
update_task (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtTask) task = NULL;
  g_autoptr(DtTask) stored = NULL;

  dt_op_context_set_object (ctx, "task %" G_GINT64_FORMAT, id);
  task = dt_task_store_get (ctx->db, id, error);
  if (task == NULL || !apply_task (ctx->db, task, input, error))
    return NULL;
  stored = dt_task_store_update (ctx->db, task, dt_ops_get_int (input, "expected_version", 0),
                                 error);
  return task_result (ctx, stored, error);
}

static const DtOp project_ops[] = {
  {
    "list_projects", "List projects", "projects", "projects:read",
    "Lists projects, optionally of one client (client_id), active ones unless asked "
    "otherwise. Use it to find a project's id before logging time or creating tasks.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    DT_OPS_TEXT_PROP "," DT_OPS_ARCHIVED_PROP "," DT_OPS_PAGE_PROPS "},"
    "\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (PROJECT_OUT), DT_OP_READ_ONLY, "GET", "/projects", 200, list_projects, NULL,
  },
  {
    "get_project", "Get a project", "projects", "projects:read",
    "Returns one project with its rate and budgets (amounts in the client's currency).",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The project's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    PROJECT_OUT, DT_OP_READ_ONLY, "GET", "/projects/{id}", 200, get_project, NULL,
  },
  {
    "create_project", "Create a project", "projects", "projects:write",
    "Creates a project for a client (client_id from list_clients). Its hourly rate, if "
    "given, overrides the client's for work on it.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client it is for") ","
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200}," PROJECT_FIELDS "},"
    "\"required\":[\"client_id\",\"name\"],\"additionalProperties\":false}",
    PROJECT_OUT, 0, "POST", "/projects", 201, create_project, NULL,
  },
  {
    "update_project", "Update a project", "projects", "projects:write",
    "Changes the fields given and keeps the others (moving to another client is refused once "
    "work on it was invoiced).",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The project's id") ","
    "\"client_id\":" DT_OPS_ID ("Move to this client") ","
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200}," PROJECT_FIELDS ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    PROJECT_OUT, DT_OP_IDEMPOTENT, "PATCH", "/projects/{id}", 200, update_project, NULL,
  },
  {
    "archive_project", "Archive a project", "projects", "projects:write",
    "Archives a project (its history stays), or restores it with archived=false.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The project's id") ","
    "\"archived\":{\"type\":\"boolean\"}},\"required\":[\"id\"],\"additionalProperties\":false}",
    PROJECT_OUT, DT_OP_IDEMPOTENT, "POST", "/projects/{id}/archive", 200, archive_project, NULL,
  },
  {
    "list_tasks", "List tasks", "tasks", "tasks:read",
    "Lists tasks, filtered by client, project, status (open/done), billability or text.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    "\"project_id\":" DT_OPS_ID ("Only this project's") ","
    "\"status\":{\"type\":\"string\",\"enum\":[\"open\",\"done\"]},"
    "\"billable\":{\"type\":\"string\",\"enum\":[\"any\",\"billable\",\"non_billable\"]},"
    DT_OPS_TEXT_PROP "," DT_OPS_PAGE_PROPS "},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (TASK_OUT), DT_OP_READ_ONLY, "GET", "/tasks", 200, list_tasks, NULL,
  },
  {
    "get_task", "Get a task", "tasks", "tasks:read",
    "Returns one task with its status, billability, rate and estimate.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The task's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    TASK_OUT, DT_OP_READ_ONLY, "GET", "/tasks/{id}", 200, get_task, NULL,
  },
  {
    "create_task", "Create a task", "tasks", "tasks:write",
    "Creates a task in a project (project_id from list_projects).",
    "{\"type\":\"object\",\"properties\":{\"project_id\":" DT_OPS_ID ("The project") ","
    "\"title\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":500}," TASK_FIELDS "},"
    "\"required\":[\"project_id\",\"title\"],\"additionalProperties\":false}",
    TASK_OUT, 0, "POST", "/tasks", 201, create_task, NULL,
  },
  {
    "update_task", "Update a task", "tasks", "tasks:write",
    "Changes the fields given (mark it done with status=\"done\") and keeps the others.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The task's id") ","
    "\"project_id\":" DT_OPS_ID ("Move to this project") ","
    "\"title\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":500}," TASK_FIELDS ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    TASK_OUT, DT_OP_IDEMPOTENT, "PATCH", "/tasks/{id}", 200, update_task, NULL,
  },
};

void
dt_ops_register_projects (DtOpRegistry *registry)
{
  for (guint i = 0; i < 5; i++)
    dt_op_registry_add (registry, &project_ops[i]);
}

void
dt_ops_register_tasks (DtOpRegistry *registry)
{
  for (guint i = 5; i < G_N_ELEMENTS (project_ops); i++)
    dt_op_registry_add (registry, &project_ops[i]);
}

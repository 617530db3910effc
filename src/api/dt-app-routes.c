/* dt-app-routes.c: the REST API and the MCP server of the application, wired to the token
 * check, the consent broker and the audit log. */
#define G_LOG_DOMAIN "dt-api"

#include "dt-app-routes.h"

#include "config.h"
#include "dt-api.h"
#include "dt-audit.h"
#include "dt-error.h"
#include "dt-mcp-caller.h"
#include "dt-mcp-endpoint.h"
#include "dt-mcp-ops.h"
#include "dt-ops.h"
#include "dt-store-events.h"
#include "dt-time.h"
#include "dt-token-check.h"

#define MCP_PATH "/mcp"

typedef struct
{
  gint             refs;
  DtConsentBroker *broker;
  DtOpRegistry    *registry;
} Routes;

static Routes *
routes_ref (Routes *routes)
{
  g_atomic_int_inc (&routes->refs);
  return routes;
}

static void
routes_unref (gpointer data)
{
  Routes *routes = data;

  if (!g_atomic_int_dec_and_test (&routes->refs))
    return;
  g_clear_object (&routes->broker);
  g_clear_object (&routes->registry);
  g_free (routes);
}

/* ---- confirmation of sensitive actions ---------------------------------------------- */

typedef struct
{
  GTask           *task;
  DtConsentBroker *broker;
  char            *request_id;
  gulong           cancel_id;
} Asking;

static void
asking_free (gpointer data)
{
  Asking *asking = data;

  if (asking->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (asking->task), asking->cancel_id);
  g_object_unref (asking->task);
  g_object_unref (asking->broker);
  g_free (asking->request_id);
  g_free (asking);
}

static void
answered_cb (DtConsentRequest        *request,
             const DtConsentDecision *decision,
             gpointer                 user_data)
{
  Asking *asking = user_data;

  switch (decision->outcome)
    {
    case DT_CONSENT_APPROVED:
      g_task_return_boolean (asking->task, TRUE);
      break;
    case DT_CONSENT_DENIED:
      g_task_return_new_error (asking->task, DT_ERROR, DT_ERROR_DENIED, "denied");
      break;
    case DT_CONSENT_TIMED_OUT:
      g_task_return_new_error (asking->task, DT_ERROR, DT_ERROR_TIMEOUT, "no answer");
      break;
    default:
      g_task_return_new_error (asking->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The request went away before the user answered");
      break;
    }
}

static void
withdraw_cb (GCancellable *cancellable,
             gpointer      user_data)
{
  Asking *asking = user_data;

  dt_consent_broker_cancel (asking->broker, asking->request_id);
}

static void
confirm (DtOpContext        *ctx,
         const DtOp         *op,
         const char         *question,
         GCancellable       *cancellable,
         GAsyncReadyCallback callback,
         gpointer            callback_data,
         gpointer            user_data)
{
  Routes *routes = user_data;
  const DtPrincipal *principal = ctx->principal;
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  g_autoptr(DtConsentRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  Asking *asking;

  /* The user may have turned confirmations off for this app. */
  if (principal != NULL && !principal->confirm_sensitive)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  summary = g_strdup_printf ("%s wants to %s", ctx->app_name ? ctx->app_name : "An app",
                             question);
  request = dt_consent_request_new_action (ctx->app_id, ctx->app_name,
                                           principal ? principal->target : DT_TARGET_API,
                                           op->name, summary);
  asking = g_new0 (Asking, 1);
  asking->task = g_object_ref (task);
  asking->broker = g_object_ref (routes->broker);
  asking->request_id = g_strdup (request->id);
  if (!dt_consent_broker_submit (routes->broker, request, g_main_context_get_thread_default (),
                                 answered_cb, asking, asking_free, &error))
    {
      asking_free (asking);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable != NULL)
    asking->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (withdraw_cb), asking,
                                               NULL);
}

static gboolean
confirm_finish (GAsyncResult *result,
                GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- audit -------------------------------------------------------------------------- */

static void
audit (DtOpContext *ctx,
       const DtOp  *op,
       const char  *object,
       const char  *outcome,
       const char  *detail,
       gpointer     user_data)
{
  const DtPrincipal *principal = ctx->principal;
  g_autofree char *event = g_strdup_printf ("%s.%s", ctx->face, op->name);
  DtAuditEntry entry = {
    .event = event,
    .outcome = outcome,
    .client_id = principal ? principal->client_id : NULL,
    .client_name = principal ? principal->client_name : NULL,
    .grant_id = principal ? principal->grant_id : 0,
    .token_id = principal ? principal->token_id : 0,
    .target = principal ? dt_target_to_string (principal->target) : NULL,
    .scopes = op->scope,
    .object = object,
    .detail = detail,
  };

  /* A read waits for no fsync of its own; what changed data is on disk before the answer. */
  if (ctx->db != NULL && (op->flags & DT_OP_READ_ONLY))
    dt_audit_append_deferred (ctx->db, &entry);
  else if (ctx->db != NULL)
    dt_audit_append (ctx->db, &entry);
}

static DtOpContext *
context_new (Routes            *routes,
             DtDb              *db,
             const char        *face,
             const DtPrincipal *principal)
{
  DtOpContext *ctx = dt_op_context_new (db, face);

  ctx->principal = principal;
  ctx->app_name = g_strdup (principal->client_name);
  ctx->app_id = g_strdup (principal->client_id);
  ctx->grant_id = principal->grant_id;
  ctx->confirm = confirm;
  ctx->confirm_finish = confirm_finish;
  ctx->confirm_data = routes;
  ctx->audit = audit;
  ctx->audit_data = routes;
  return ctx;
}

/* ---- REST --------------------------------------------------------------------------- */

typedef struct
{
  DtOpContext *ctx;
  DtPrincipal *principal;
} ApiCaller;

static void
refuse (DtRequest       *request,
        DtAuthChallenge *challenge)
{
  dt_request_set_header (request, "WWW-Authenticate", challenge->www_authenticate);
  dt_request_respond_problem (request, challenge->status,
                              challenge->status == 401 ? "Unauthorized" : "Forbidden", "%s",
                              challenge->error_description ? challenge->error_description
                                                           : "A valid bearer token is needed");
}

static DtOpContext *
api_context (DtRequest  *request,
             const DtOp *op,
             gpointer    user_data)
{
  Routes *routes = user_data;
  g_autoptr(DtAuthChallenge) challenge = NULL;
  DtPrincipal *principal;
  DtOpContext *ctx;

  principal = dt_token_check (request->db, dt_request_get_header (request, "Authorization"),
                              DT_TARGET_API, op->scope, request->base_url, &challenge);
  if (principal == NULL)
    {
      refuse (request, challenge);
      return NULL;
    }
  ctx = context_new (routes, request->db, "rest", principal);
  /* The context owns the principal from here on. */
  ctx->principal_free = (GDestroyNotify) dt_principal_free;
  return ctx;
}

/* ---- MCP ---------------------------------------------------------------------------- */

static GObject *
mcp_authenticate (SoupServerMessage *msg,
                  char             **identity,
                  gpointer           user_data)
{
  DtRequest *request = g_object_get_data (G_OBJECT (msg), DT_MCP_ENDPOINT_REQUEST_KEY);
  g_autoptr(DtAuthChallenge) challenge = NULL;
  DtPrincipal *principal;

  g_return_val_if_fail (request != NULL, NULL);
  principal = dt_token_check (request->db, dt_request_get_header (request, "Authorization"),
                              DT_TARGET_MCP, NULL, request->base_url, &challenge);
  if (principal == NULL)
    {
      refuse (request, challenge);
      return NULL;
    }
  /* Sessions are bound to the grant, which survives token refreshes. */
  *identity = g_strdup_printf ("grant:%" G_GINT64_FORMAT, principal->grant_id);
  return G_OBJECT (dt_mcp_caller_new (principal, request->db));
}

static void
mcp_refuse_scope (SoupServerMessage *msg,
                  const char        *scope,
                  gpointer           user_data)
{
  DtRequest *request = g_object_get_data (G_OBJECT (msg), DT_MCP_ENDPOINT_REQUEST_KEY);
  g_autoptr(DtAuthChallenge) challenge = NULL;
  g_autoptr(DtPrincipal) principal = NULL;

  g_return_if_fail (request != NULL);
  /* The token check builds the exact challenge (scope, resource_metadata). */
  principal = dt_token_check (request->db, dt_request_get_header (request, "Authorization"),
                              DT_TARGET_MCP, scope, request->base_url, &challenge);
  if (challenge != NULL)
    refuse (request, challenge);
  else
    dt_request_respond_problem (request, 403, "Forbidden", "This tool needs the scope %s",
                                scope);
}

static gboolean
mcp_has_scope (GObject    *principal,
               const char *scope,
               gpointer    user_data)
{
  return DT_IS_MCP_CALLER (principal) &&
         dt_principal_has_scope (dt_mcp_caller_get_principal (DT_MCP_CALLER (principal)),
                                 scope);
}

static void
mcp_audit (GObject    *principal,
           const char *method,
           const char *name,
           const char *outcome,
           gpointer    user_data)
{
  const DtPrincipal *p;
  DtAuditEntry entry = { 0 };
  g_autofree char *event = NULL;

  /* Tool calls are audited by the operations, with what they touched. */
  if (!DT_IS_MCP_CALLER (principal) || g_strcmp0 (method, "tools/call") == 0)
    return;
  p = dt_mcp_caller_get_principal (DT_MCP_CALLER (principal));
  event = g_strdup_printf ("mcp.%s", method);
  entry.event = event;
  entry.outcome = outcome;
  entry.client_id = p->client_id;
  entry.client_name = p->client_name;
  entry.grant_id = p->grant_id;
  entry.token_id = p->token_id;
  entry.target = "mcp";
  entry.object = name;
  /* resources/read and prompts/get change nothing. */
  dt_audit_append_deferred (dt_mcp_caller_get_db (DT_MCP_CALLER (principal)), &entry);
}

static DtOpContext *
mcp_context (DtMcpCall *call,
             gpointer   user_data,
             GError   **error)
{
  Routes *routes = user_data;
  GObject *principal = dt_mcp_call_get_principal (call);
  DtMcpCaller *caller;
  DtOpContext *ctx;

  if (!DT_IS_MCP_CALLER (principal))
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_UNAUTHORIZED, "No authenticated caller");
      return NULL;
    }
  caller = DT_MCP_CALLER (principal);
  ctx = context_new (routes, dt_mcp_caller_get_db (caller), "mcp",
                     dt_mcp_caller_get_principal (caller));
  /* Keeps the caller (and its principal) alive as long as the operation runs. */
  ctx->principal_owner = g_object_ref (principal);
  return ctx;
}

/* ---- prompts for the seed workflows ------------------------------------------------- */

static void
prompt_reply (DtMcpCall  *call,
              const char *description,
              const char *text)
{
  JsonObject *result = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "role", "user");
  json_object_set_object_member (message, "content", dt_mcp_content_text (text));
  json_array_add_object_element (messages, message);
  json_object_set_string_member (result, "description", description);
  json_object_set_array_member (result, "messages", messages);
  dt_mcp_call_return (call, result);
}

static void
last_month (char **from,
            char **to)
{
  gint64 this_month = dt_time_local_month_start (dt_time_now ());
  gint64 previous = dt_time_local_month_start (this_month - 12 * 3600);

  *from = dt_time_local_date (previous);
  *to = dt_time_local_date (this_month - 12 * 3600);
}

static void
prepare_invoices_cb (DtMcpCall *call,
                     gpointer   user_data)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  last_month (&from, &to);
  text = g_strdup_printf (
      "Prepare my invoices for last month (%s to %s).\n"
      "1. Call get_billing_hub to see which clients have unbilled work.\n"
      "2. For each of them, call find_invoice_candidates with client_id, from=%s and to=%s, "
      "and show me the lines, hours, rates and amounts.\n"
      "3. When I agree, create the drafts with create_invoice_draft (same client_id, from and "
      "to) and show me each with preview_invoice.\n"
      "Do not send anything: I will ask for send_invoice myself.", from, to, from, to);
  prompt_reply (call, "Prepare last month's invoices", text);
}

static void
ready_to_bill_cb (DtMcpCall *call,
                  gpointer   user_data)
{
  prompt_reply (call, "What is ready to bill",
                "What is ready to bill? Call get_billing_hub and tell me, per client, the "
                "unbilled hours and amount (in the client's currency), the drafts waiting to "
                "be sent, and anything overdue or needing attention, most urgent first.");
}

static void
weekly_update_cb (DtMcpCall *call,
                  gpointer   user_data)
{
  const char *client = json_object_get_string_member_with_default (
      dt_mcp_call_get_arguments (call), "client", "");
  gint64 now = dt_time_now ();
  g_autofree char *from = dt_time_local_date (dt_time_local_day_add (
      dt_time_local_day_start (now), -7));
  g_autofree char *to = dt_time_local_date (now);
  g_autofree char *text = g_strdup_printf (
      "Write a short weekly update for my client “%s”.\n"
      "1. Find the client with list_clients (text=\"%s\").\n"
      "2. Call list_time_entries with that client_id, from=%s and to=%s, and run_report "
      "grouped by project over the same days.\n"
      "3. Summarise the hours per project and what was done (from the notes) in a few "
      "friendly sentences, and mention any invoice of theirs that is outstanding "
      "(list_invoices with their client_id).", client, client, from, to);

  prompt_reply (call, "Weekly client update", text);
}

static GPtrArray *
complete_client_cb (DtMcpCall  *call,
                    const char *argument,
                    const char *value,
                    JsonObject *context,
                    gpointer    user_data)
{
  Routes *routes = user_data;
  const DtOp *op = dt_op_registry_lookup (routes->registry, "list_clients");
  GObject *principal = dt_mcp_call_get_principal (call);
  g_autoptr(DtOpContext) ctx = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) output = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  if (!g_str_equal (argument, "client") || !DT_IS_MCP_CALLER (principal) ||
      !dt_principal_has_scope (dt_mcp_caller_get_principal (DT_MCP_CALLER (principal)),
                               op->scope))
    return values;
  ctx = mcp_context (call, routes, NULL);
  if (ctx == NULL)
    return values;
  if (*value != '\0')
    json_object_set_string_member (input, "text", value);
  json_object_set_int_member (input, "limit", 100);
  output = op->func (ctx, input, NULL);
  if (output != NULL)
    {
      JsonArray *items = json_object_get_array_member (output, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (values, g_strdup (json_object_get_string_member (
            json_array_get_object_element (items, i), "name")));
    }
  return values;
}

static void
add_resources_and_prompts (DtMcpServer *mcp,
                           Routes      *routes)
{
  static const DtMcpPromptArgument client_argument[] = {
    { "client", "The client's name (completion offers the names there are)", TRUE },
    { NULL },
  };

  dt_mcp_ops_add_resource_template (mcp, routes->registry, "doubletime://invoices/{id}/pdf",
                                    "Invoice PDF", "An invoice as the PDF that is sent",
                                    "application/pdf", "get_invoice_pdf", "list_invoices",
                                    "doubletime://invoices/{id}/pdf", "number", mcp_context,
                                    routes);
  dt_mcp_ops_add_resource_template (mcp, routes->registry,
                                    "doubletime://reports/{group_by}/{from}/{to}.csv",
                                    "Report CSV", "Time and money totals over a date range as "
                                    "CSV: group_by is client, project, task, tag, day, week "
                                    "or month; from and to are dates (YYYY-MM-DD), both "
                                    "included", "text/csv", "get_report_csv", NULL, NULL, NULL,
                                    mcp_context, routes);
  dt_mcp_server_add_prompt (mcp, "prepare_invoices_last_month", "Prepare last month's invoices",
                            "Finds last month's unbilled work per client and prepares draft "
                            "invoices, without sending anything", NULL, "invoices:read",
                            prepare_invoices_cb, NULL, NULL, NULL);
  dt_mcp_server_add_prompt (mcp, "ready_to_bill", "What is ready to bill",
                            "Summarises unbilled work, drafts and overdue invoices per client",
                            NULL, "billing:read", ready_to_bill_cb, NULL, NULL, NULL);
  dt_mcp_server_add_prompt (mcp, "weekly_client_update", "Weekly client update",
                            "Drafts a short update for one client on the last seven days of "
                            "work", client_argument, "time_entries:read", weekly_update_cb,
                            complete_client_cb, routes, NULL);
}

/* ---- resource updates ------------------------------------------------------------------ */

/* Turns store changes into notifications/resources/updated for the sessions subscribed to
 * what changed. Changes are announced in the thread that wrote (the window's or the
 * server's); the notifications go out on the server's thread, a burst of changes at once. */
typedef struct
{
  gatomicrefcount refs;
  GWeakRef        mcp;
  GWeakRef        server;
  DtStoreEvents  *events;
  gulong          handler;
  GMutex          lock;
  GHashTable     *prefixes;   /* URI prefixes whose resources changed */
  gboolean        scheduled;
} Watch;

#define INVOICES_PREFIX "doubletime://invoices/"
#define REPORTS_PREFIX "doubletime://reports/"

static Watch *
watch_ref (Watch *watch)
{
  g_atomic_ref_count_inc (&watch->refs);
  return watch;
}

static void
watch_unref (gpointer data)
{
  Watch *watch = data;

  if (!g_atomic_ref_count_dec (&watch->refs))
    return;
  g_weak_ref_clear (&watch->mcp);
  g_weak_ref_clear (&watch->server);
  g_clear_object (&watch->events);
  g_mutex_clear (&watch->lock);
  g_hash_table_unref (watch->prefixes);
  g_free (watch);
}

static void
watch_closure_unref (gpointer  data,
                     GClosure *closure)
{
  watch_unref (data);
}

static gboolean
watch_flush_cb (gpointer data)
{
  Watch *watch = data;
  g_autoptr(DtMcpServer) mcp = g_weak_ref_get (&watch->mcp);
  g_autoptr(GHashTable) prefixes = NULL;
  GHashTableIter iter;
  gpointer prefix;

  g_mutex_lock (&watch->lock);
  prefixes = g_steal_pointer (&watch->prefixes);
  watch->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch->scheduled = FALSE;
  g_mutex_unlock (&watch->lock);

  if (mcp == NULL)
    return G_SOURCE_REMOVE;
  g_hash_table_iter_init (&iter, prefixes);
  while (g_hash_table_iter_next (&iter, &prefix, NULL))
    dt_mcp_server_notify_resources_under (mcp, prefix);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (DtStoreEvents *events,
                  const char    *entity,
                  gint64         id,
                  gpointer       user_data)
{
  Watch *watch = user_data;
  g_autoptr(DtServer) server = NULL;
  GMainContext *context;
  gboolean schedule;

  g_mutex_lock (&watch->lock);
  /* Reports are built from nearly everything; an invoice's PDF from the invoice, its
   * client, the seller's profile and settings, and its payments (marked paid). */
  g_hash_table_add (watch->prefixes, g_strdup (REPORTS_PREFIX));
  if (g_str_equal (entity, DT_ENTITY_INVOICE) && id > 0)
    g_hash_table_add (watch->prefixes,
                      g_strdup_printf (INVOICES_PREFIX "%" G_GINT64_FORMAT "/", id));
  else if (g_str_equal (entity, DT_ENTITY_CLIENT) || g_str_equal (entity, DT_ENTITY_PROFILE) ||
           g_str_equal (entity, DT_ENTITY_SETTING) || g_str_equal (entity, DT_ENTITY_PAYMENT))
    g_hash_table_add (watch->prefixes, g_strdup (INVOICES_PREFIX));
  schedule = !watch->scheduled;
  watch->scheduled = TRUE;
  g_mutex_unlock (&watch->lock);

  if (!schedule)
    return;
  server = g_weak_ref_get (&watch->server);
  context = server != NULL ? dt_server_get_context (server) : NULL;
  if (context != NULL)
    g_main_context_invoke_full (context, G_PRIORITY_LOW, watch_flush_cb, watch_ref (watch),
                                watch_unref);
  else
    {
      /* Not serving: nobody is subscribed. */
      g_mutex_lock (&watch->lock);
      g_hash_table_remove_all (watch->prefixes);
      watch->scheduled = FALSE;
      g_mutex_unlock (&watch->lock);
    }
}

static void
mcp_gone_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  Watch *watch = data;

  g_signal_handler_disconnect (watch->events, watch->handler);
  watch_unref (watch);
}

static void
watch_resources (DtServer    *server,
                 DtMcpServer *mcp)
{
  DtStoreEvents *events = dt_server_get_events (server);
  Watch *watch;

  /* Without shared events (a server on its own) nothing announces changes. */
  if (events == NULL)
    return;
  watch = g_new0 (Watch, 1);
  g_atomic_ref_count_init (&watch->refs);
  g_weak_ref_init (&watch->mcp, mcp);
  g_weak_ref_init (&watch->server, server);
  watch->events = g_object_ref (events);
  g_mutex_init (&watch->lock);
  watch->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch->handler = g_signal_connect_data (events, "changed", G_CALLBACK (store_changed_cb),
                                          watch_ref (watch), watch_closure_unref, 0);
  /* The watch's own reference goes with the MCP server. */
  g_object_weak_ref (G_OBJECT (mcp), mcp_gone_cb, watch);
}

void
dt_app_routes_mount (DtServer        *server,
                     DtConsentBroker *broker)
{
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;
  Routes *routes;

  g_return_if_fail (DT_IS_SERVER (server));
  g_return_if_fail (DT_IS_CONSENT_BROKER (broker));

  routes = g_new0 (Routes, 1);
  routes->refs = 1;
  routes->broker = g_object_ref (broker);
  routes->registry = dt_op_registry_new ();
  dt_ops_register_all (routes->registry);
  /* Reads run beside the server's thread, one per core (at least two, so a long report does
   * not hold up the small reads behind it). */
  dt_op_registry_set_read_workers (routes->registry, dt_server_get_db_path (server),
                                   CLAMP (g_get_num_processors (), 2, 8));

  mcp = dt_mcp_server_new ("doubletime", "DoubleTime", PACKAGE_VERSION,
                           "DoubleTime is the user's time tracking, invoicing and billing app. "
                           "Find ids with the list_ tools before acting on an object. Dates "
                           "are ISO 8601; amounts are decimal text in the client's currency. "
                           "Sending invoices, recording payments and deleting anything wait "
                           "for the user to confirm in DoubleTime; if they decline, do not "
                           "retry unless they ask.");
  dt_mcp_server_set_scope_func (mcp, mcp_has_scope, NULL);
  dt_mcp_server_set_audit_func (mcp, mcp_audit, NULL);
  dt_mcp_ops_register (mcp, routes->registry, mcp_context, routes);
  add_resources_and_prompts (mcp, routes);
  watch_resources (server, mcp);
  http = dt_mcp_http_new (mcp);
  dt_mcp_http_set_auth_func (http, mcp_authenticate, NULL);
  dt_mcp_http_set_scope_refusal_func (http, mcp_refuse_scope, NULL);
  dt_mcp_endpoint_mount (server, MCP_PATH, http);

  dt_api_mount (server, routes->registry, api_context, routes_ref (routes), routes_unref);
  /* The MCP side keeps its own reference through the ops it registered (user_data). */
  g_object_set_data_full (G_OBJECT (mcp), "dt-routes", routes, routes_unref);
}

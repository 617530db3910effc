/* dt-op-registry.h: every operation, looked up by name (MCP) or by route (REST), and the
 * one way to run one: validate, confirm when sensitive, call, audit. */
#pragma once

#include "dt-op.h"

G_BEGIN_DECLS

#define DT_TYPE_OP_REGISTRY (dt_op_registry_get_type ())
G_DECLARE_FINAL_TYPE (DtOpRegistry, dt_op_registry, DT, OP_REGISTRY, GObject)

/* An empty registry; dt_ops_register_all (dt-ops.h) fills it with the application's. */
DtOpRegistry *dt_op_registry_new           (void);
/* @op must outlive the registry (static definitions). Its schemas must parse. */
void          dt_op_registry_add           (DtOpRegistry  *self,
                                            const DtOp    *op);
guint         dt_op_registry_get_n_ops     (DtOpRegistry  *self);
const DtOp   *dt_op_registry_get_op        (DtOpRegistry  *self,
                                            guint          index);
const DtOp   *dt_op_registry_lookup        (DtOpRegistry  *self,
                                            const char    *name);
/* The operation serving @method @path ("/clients/3", below the API root), with the path
 * variables in @variables ({id} → "3"). With @path_matched set TRUE when some operation has
 * that path but not that method (405). */
const DtOp   *dt_op_registry_route         (DtOpRegistry  *self,
                                            const char    *method,
                                            const char    *path,
                                            GHashTable    *variables,
                                            gboolean      *path_matched);
/* Parsed schemas (owned by the registry). */
JsonObject   *dt_op_registry_input_schema  (DtOpRegistry  *self,
                                            const DtOp    *op);
JsonObject   *dt_op_registry_output_schema (DtOpRegistry  *self,
                                            const DtOp    *op);

/* Runs @op on @input: schema check, the user's confirmation for a sensitive operation
 * (progress is reported while waiting), the call, the audit record. @ctx must stay alive
 * until @callback. */
void          dt_op_registry_invoke_async  (DtOpRegistry       *self,
                                            const DtOp         *op,
                                            DtOpContext        *ctx,
                                            JsonObject         *input,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
JsonObject   *dt_op_registry_invoke_finish (DtOpRegistry       *self,
                                            GAsyncResult       *result,
                                            GError            **error);
/* The output's JSON text, taken from @result, and its @length (known, so an 80 KB page is
 * not measured again) when a read worker ran the operation for a caller that set
 * ctx->text_output; else NULL. */
char         *dt_op_registry_invoke_steal_text (GAsyncResult   *result,
                                                gsize          *length);

/* Runs read-only operations on @db_path (not binary ones) on up to @n_workers threads, each
 * with its own connection, so reads use every core and neither wait behind nor delay the
 * invoking thread. The output's JSON text is written there too. Without this, or for an
 * invocation on another database, operations run on the invoking thread. */
void          dt_op_registry_set_read_workers (DtOpRegistry     *self,
                                               const char       *db_path,
                                               guint             n_workers);

G_END_DECLS

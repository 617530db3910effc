/* dt-op.h: one operation = name, scope, description, input and output schemas, annotations
 * and ONE function over the core stores and billing engine, JSON in → JSON out. The MCP
 * tools and the REST routes are two faces of the same operations; neither validates nor
 * touches SQL. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dt-db.h"

G_BEGIN_DECLS

typedef enum
{
  DT_OP_READ_ONLY = 1 << 0,
  DT_OP_DESTRUCTIVE = 1 << 1,
  DT_OP_IDEMPOTENT = 1 << 2,
  /* Sending, paying, deleting, voiding: the user confirms each time (unless they turned that
   * off for the app). */
  DT_OP_SENSITIVE = 1 << 3,
  /* The output is a file: {content_type, filename, data_base64 or text, disposition?}; REST
   * sends the bytes, MCP an embedded resource (text or blob). */
  DT_OP_BINARY = 1 << 4,
} DtOpFlags;

typedef struct _DtOpContext DtOpContext;
typedef struct _DtOpRegistry DtOpRegistry;

/* The operation itself. @input has been validated against the input schema. Returns the
 * output object, or NULL with a DT_ERROR (INVALID, NOT_FOUND, CONFLICT, LOCKED,
 * PRECONDITION…) whose message says what was wrong and what would be valid. */
typedef JsonObject *(*DtOpFunc)         (DtOpContext  *ctx,
                                         JsonObject   *input,
                                         GError      **error);
/* For sensitive operations: checks the input against the data and returns the question the
 * user is asked ("send invoice INV-2026-0014 to billing@acme.example — €1,250.00"). */
typedef char       *(*DtOpDescribeFunc) (DtOpContext  *ctx,
                                         JsonObject   *input,
                                         GError      **error);

/* For operations that wait (sending e-mail): start, then finish from the callback. */
typedef void        (*DtOpAsyncFunc)    (DtOpContext        *ctx,
                                         JsonObject         *input,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
typedef JsonObject *(*DtOpFinishFunc)   (GAsyncResult       *result,
                                         GError            **error);

typedef struct
{
  const char       *name;            /* "list_clients" (the MCP tool name) */
  const char       *title;           /* "List clients" */
  const char       *area;            /* "clients" (OpenAPI tag) */
  const char       *scope;           /* "clients:read" */
  const char       *description;     /* written for a model: what, when, what comes back */
  const char       *input_schema;    /* JSON Schema 2020-12 text, additionalProperties false */
  const char       *output_schema;   /* JSON Schema text of the output object */
  DtOpFlags         flags;
  const char       *http_method;     /* REST face: "GET", "POST", "PATCH", "DELETE" */
  const char       *http_path;       /* "/clients/{id}", below /api/v1 */
  guint             http_status;     /* 200, 201 (with Location), 204 */
  DtOpFunc          func;
  DtOpDescribeFunc  describe;        /* DT_OP_SENSITIVE only */
  DtOpAsyncFunc     func_async;      /* instead of @func, for operations that wait */
  DtOpFinishFunc    func_finish;
  /* DT_OP_BINARY: the media types the file may have ("application/xml application/pdf");
   * NULL: PDF (or CSV for a .csv path). */
  const char       *output_media_types;
  /* An operation that takes a file as {data_base64, file_name}: the media types REST also
   * takes as the raw body (or as the one file of a multipart/form-data body) instead. */
  const char       *input_media_types;
} DtOp;

/* ---- the context one invocation runs in ------------------------------------------------- */

typedef void     (*DtOpProgressFunc) (DtOpContext  *ctx,
                                      double        progress,
                                      double        total,
                                      const char   *message,
                                      gpointer      user_data);
/* Asks the user to confirm @question; the answer arrives through @callback, read with
 * @finish (TRUE = approved; FALSE with DT_ERROR_DENIED or DT_ERROR_TIMEOUT otherwise). */
typedef void     (*DtOpConfirmFunc)  (DtOpContext        *ctx,
                                      const DtOp         *op,
                                      const char         *question,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            callback_data,
                                      gpointer            user_data);
typedef gboolean (*DtOpConfirmFinishFunc) (GAsyncResult *result,
                                           GError      **error);
/* Records the call: @object is what it touched ("invoice 12") or NULL; @outcome is "ok",
 * "invalid", "not-found", "conflict", "denied", "forbidden" or "error". */
typedef void     (*DtOpAuditFunc)    (DtOpContext  *ctx,
                                      const DtOp   *op,
                                      const char   *object,
                                      const char   *outcome,
                                      const char   *detail,
                                      gpointer      user_data);

struct _DtOpContext
{
  DtDb                  *db;           /* the server thread's connection */
  const char            *face;         /* "mcp" or "rest" */
  char                  *app_name;     /* who is calling, for questions and the audit log */
  char                  *app_id;
  gint64                 grant_id;     /* 0 when unknown */
  /* The caller as the mounting code knows it (the token's principal), freed with
   * @principal_free or kept alive by @principal_owner; both may be NULL. */
  gconstpointer          principal;
  GDestroyNotify         principal_free;
  GObject               *principal_owner;
  GCancellable          *cancellable;

  DtOpProgressFunc       progress;
  gpointer               progress_data;
  DtOpConfirmFunc        confirm;
  DtOpConfirmFinishFunc  confirm_finish;
  gpointer               confirm_data;
  DtOpAuditFunc          audit;
  gpointer               audit_data;

  /* Set by the operation: the object it touched, for the audit log ("client 3"). */
  char                  *object;

  /* Set by the caller: it takes the output as JSON text (dt_op_registry_invoke_steal_text)
   * where a read worker wrote it, and the output object is then a stand-in holding only its
   * "version" (the ETag). The full tree is freed on the worker, not the caller's thread. */
  gboolean               text_output;
  /* Set by such a caller when it wraps that text before sending it (an MCP tool result): the
   * worker calls it with the text and hands over what it returns (a new string, its length
   * in @out_length) instead, so the wrapping is done beside the caller's thread too. */
  char                *(*text_finish) (const char *text,
                                       gsize       length,
                                       gsize      *out_length);
  /* Set by a read worker for such a caller: an operation may write its whole output's JSON
   * here rather than build it (it must be the same text the tree would give), and return a
   * stand-in object holding only "version", if it has one. */
  GString               *text_out;
};

DtOpContext *dt_op_context_new     (DtDb        *db,
                                    const char  *face);
void         dt_op_context_free    (DtOpContext *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtOpContext, dt_op_context_free)
void         dt_op_context_set_object (DtOpContext *ctx,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS

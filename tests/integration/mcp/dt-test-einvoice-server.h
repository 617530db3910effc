/* dt-test-einvoice-server.h: the real loopback server with the application's operations
 * on both faces, a fixed caller whose confirmations are approved, an e-invoice-ready seller
 * and a draft for a public-sector client (without its Leitweg-ID yet), and REST and MCP
 * calls for the e-invoice tests. */
#pragma once

#include <libsoup/soup.h>

#include "dt-api.h"
#include "dt-mcp-endpoint.h"
#include "dt-ops.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  DtDb         *db;
  DtServer     *server;
  DtOpRegistry *registry;
  SoupSession  *session;
  char         *base;
  char         *mcp_session;
  guint         next_id;
  gint64        client_id;
  gint64        invoice_id;
} DtTestEinvoiceServer;

typedef struct
{
  guint   status;
  char   *content_type;
  char   *disposition;
  GBytes *body;
} DtTestReply;

/* How many confirmations were asked (and approved) since the fixture was set up. */
extern guint dt_test_einvoice_questions;

void        dt_test_reply_clear               (DtTestReply          *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtTestReply, dt_test_reply_clear)

/* The seller (update_profile), the client "Bezirksamt Mitte" preferring xrechnung-cii
 * without a buyer reference, 7.5 h of work and a draft of 803.25 EUR (19 % VAT, order
 * reference PO-2026-117), all made through the operations. */
void        dt_test_einvoice_set_up           (DtTestEinvoiceServer *f,
                                               gconstpointer         data);
void        dt_test_einvoice_tear_down        (DtTestEinvoiceServer *f,
                                               gconstpointer         data);

JsonNode   *dt_test_einvoice_parse            (const char           *data,
                                               gsize                 size);
/* Any REST request below /api/v1 with @body of @type (NULL: none). */
void        dt_test_einvoice_rest_raw         (DtTestEinvoiceServer *f,
                                               const char           *method,
                                               const char           *path,
                                               const char           *type,
                                               GBytes               *body,
                                               DtTestReply          *reply);
/* A JSON REST request answered with @expected_status and a JSON body. */
JsonObject *dt_test_einvoice_rest             (DtTestEinvoiceServer *f,
                                               const char           *method,
                                               const char           *path,
                                               const char           *body,
                                               guint                 expected_status);
/* A tools/call over MCP (the session is initialised on the first); the result object. */
JsonObject *dt_test_einvoice_call_tool        (DtTestEinvoiceServer *f,
                                               const char           *name,
                                               const char           *arguments);
const char *dt_test_einvoice_tool_text        (JsonObject           *result);
/* The structured content of a result that is no error. */
JsonObject *dt_test_einvoice_structured       (JsonObject           *result);
/* Fails unless @output conforms to the output schema of @op_name. */
void        dt_test_einvoice_check_output     (DtTestEinvoiceServer *f,
                                               const char           *op_name,
                                               JsonObject           *output);

G_END_DECLS

/* dt-test-einvoice-server.h: the loopback server with the application's operations on both
 * faces, a fixed caller whose confirmations are approved, an e-invoice-ready seller and a
 * draft for a public-sector client (without its Leitweg-ID yet), for the e-invoice tests. */
#pragma once

#include "dt-test-server-client.h"

G_BEGIN_DECLS

typedef struct
{
  DtTestServer server;
  gint64       client_id;
  gint64       invoice_id;
} DtTestEinvoiceServer;

/* Confirmations approved (dt_test_server_questions counts them); the seller
 * (update_profile), the client "Bezirksamt Mitte" preferring xrechnung-cii without a buyer
 * reference, 7.5 h of work and a draft of 803.25 EUR (19 % VAT, order reference PO-2026-117),
 * all made through the operations. */
void dt_test_einvoice_set_up    (DtTestEinvoiceServer *f,
                                 gconstpointer         data);
void dt_test_einvoice_tear_down (DtTestEinvoiceServer *f,
                                 gconstpointer         data);

G_END_DECLS

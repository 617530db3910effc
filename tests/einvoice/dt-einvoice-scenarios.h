/* dt-einvoice-scenarios.h: e-invoices made the way a user makes them — a profile, clients,
 * tracked time, a draft from the candidates, issuing, payments, credit notes — through the
 * store's own API, for the tests and the sample generator. */
#pragma once

#include "dt-db.h"
#include "dt-invoice-store.h"

#include <glib.h>

G_BEGIN_DECLS

/* The six scenarios of issue 19, by name: "public-sector", "small-business",
 * "reverse-charge", "export", "credit-note", "partially-paid". NULL-terminated. */
const char * const *dt_einvoice_scenario_names (void);

/* Makes scenario @name in @db (a fresh or a used store) and returns the id of the invoice
 * (or credit note) it is about; 0 with @error on failure. */
gint64   dt_einvoice_scenario_make (DtDb        *db,
                                    const char  *name,
                                    GError     **error);

/* A draft that is ready as an XRechnung and an EN 16931 e-invoice: the standard seller, a
 * German client with every field the norm asks for, two entries of tracked time and a fixed
 * line, all at 19 %. Returns the draft's id (0 with @error). The readiness tests break it
 * one field at a time. */
gint64   dt_einvoice_scenario_draft (DtDb       *db,
                                     GError    **error);

/* Makes the @index-th random invoice from @rand: a new client with a random currency (0 or 2
 * decimals), VAT treatment and payment means; random tracked time and manual lines at random
 * rates and categories; a random discount; issued; maybe partly paid; maybe credited (then the
 * credit note's id is returned). 0 with @error on failure. */
gint64   dt_einvoice_random_make   (DtDb        *db,
                                    GRand       *rand,
                                    guint        index,
                                    GError     **error);

/* The pieces the scenarios are made of, for tests that build invoices of their own. */

/* A manual line (hourly or fixed) as the user types it into a draft; @category and
 * @unit_code may be NULL (the invoice's category; hours, or pieces for a fixed line). */
DtInvoiceLine *dt_einvoice_scenario_line (DtLineKind   kind,
                                          const char  *description,
                                          gint64       quantity,
                                          gint64       unit_price,
                                          int          rate_bp,
                                          const char  *category,
                                          const char  *unit_code);

/* Records a bank transfer of @amount (minor units) against issued invoice @invoice_id. */
gboolean dt_einvoice_scenario_pay        (DtDb        *db,
                                          gint64       invoice_id,
                                          gint64       amount,
                                          GError     **error);

/* Removes a scratch store's folder: the database, its WAL and its backups. */
void     dt_einvoice_scenario_remove_store (const char *path);

G_END_DECLS

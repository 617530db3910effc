/* dt-payment-store.h: payments received against issued invoices. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  invoice_id;
  gint64  amount;          /* minor units of the invoice's currency, > 0 */
  char   *paid_on;         /* "YYYY-MM-DD" (local); NULL on input = today */
  char   *method;          /* "bank transfer", "cash"…; "credit_note" for credits applied */
  char   *note;
  gint64  created_at;
  gint64  client_id;       /* read only */
  char   *currency;        /* read only: the invoice's */
  char   *invoice_number;  /* read only */
} DtPayment;

DtPayment *dt_payment_new           (void);
void       dt_payment_free          (DtPayment       *payment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtPayment, dt_payment_free)

/*
 * Records a payment and, in the same transaction, the invoice's paid amount and status
 * (partially_paid, or paid when the balance reaches 0). Refused: a draft or void invoice
 * or a credit note (DT_ERROR_CONFLICT), an invoice already paid (DT_ERROR_CONFLICT), an
 * amount of 0 or less (DT_ERROR_INVALID) and an amount above the balance
 * (DT_ERROR_CONFLICT, naming both).
 */
DtPayment *dt_payment_store_record  (DtDb            *db,
                                     const DtPayment *input,
                                     GError         **error);
DtPayment *dt_payment_store_get     (DtDb            *db,
                                     gint64           id,
                                     GError         **error);
/* Removes a payment recorded by mistake; the invoice's balance and status follow. */
gboolean   dt_payment_store_delete  (DtDb            *db,
                                     gint64           id,
                                     GError         **error);
/* Honours: client_id, invoice_id, from/to (on the local day paid), after_id, limit. */
GPtrArray *dt_payment_store_list    (DtDb              *db,
                                     const DtListQuery *query,
                                     gboolean          *out_has_more,
                                     GError           **error);

G_END_DECLS

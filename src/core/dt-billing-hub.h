/* dt-billing-hub.h: per client, what is ready to bill, open, overdue and paid; and what
 * needs attention first. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  client_id;
  char   *client_name;
  char   *currency;            /* every amount of the row is in it */
  gboolean archived;
  guint   unbilled_entries;    /* billable, finished, not on an invoice (any date) */
  gint64  unbilled_minutes;    /* billed minutes, as drafts per task would bill them */
  gint64  unbilled_amount;
  gint64  oldest_unbilled_at;  /* start of the oldest such entry, or 0 */
  guint   drafts;
  gint64  drafts_total;
  guint   outstanding;         /* sent or partially paid with a balance */
  gint64  outstanding_amount;
  guint   overdue;             /* … and past their due date */
  gint64  overdue_amount;
  int     max_days_overdue;
  gint64  paid_this_month;     /* payments received (credit notes applied excluded) */
  gint64  paid_this_year;
} DtHubClient;

typedef enum
{
  DT_ATTENTION_OVERDUE,        /* an invoice past its due date, most days first */
  DT_ATTENTION_SEND_FAILED,    /* a draft whose e-mail failed */
  DT_ATTENTION_OLD_DRAFT,      /* a draft older than 7 days */
  DT_ATTENTION_UNBILLED,       /* billable work older than 30 days not invoiced */
  DT_ATTENTION_LONG_TIMER,     /* a timer running for more than 12 hours */
} DtAttentionKind;

typedef struct
{
  DtAttentionKind  kind;
  gint64           client_id;  /* 0 when not about one client */
  gint64           invoice_id; /* 0 when not about an invoice */
  gint64           entry_id;   /* the running entry, for LONG_TIMER */
  gint64           amount;
  char            *currency;   /* NULL without an amount */
  int              days;       /* overdue / old / running for */
  char            *message;    /* "INV-2026-0003 to Acme GmbH is 12 days overdue (1250.00 EUR)" */
} DtAttentionItem;

typedef struct
{
  char      *today;            /* local "YYYY-MM-DD" the figures are for */
  GPtrArray *clients;          /* DtHubClient by name; clients with nothing at all are left out */
  GPtrArray *attention;        /* DtAttentionItem, most urgent first */
} DtBillingHub;

void          dt_billing_hub_free (DtBillingHub *hub);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtBillingHub, dt_billing_hub_free)

DtBillingHub *dt_billing_hub_get  (DtDb         *db,
                                   GError      **error);

G_END_DECLS

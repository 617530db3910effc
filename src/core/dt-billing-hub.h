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

/* The unbilled work of part of the projects, priced per client as drafts per task would
 * bill it. Every line holds one project's work, so parts over ranges of projects merge into
 * exactly the whole: the hub can be read in two parts at once. */
typedef struct _DtHubUnbilled DtHubUnbilled;

void           dt_hub_unbilled_free  (DtHubUnbilled *unbilled);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtHubUnbilled, dt_hub_unbilled_free)
/* Projects with ids from @first_project up to, not including, @end_project (0: no end). */
DtHubUnbilled *dt_billing_hub_read_unbilled (DtDb          *db,
                                             gint64         first_project,
                                             gint64         end_project,
                                             GError       **error);
/* @client_id's sums in @unbilled; FALSE (and zeros) when it has none. */
gboolean       dt_hub_unbilled_lookup (DtHubUnbilled *unbilled,
                                       gint64         client_id,
                                       guint         *entries,
                                       gint64        *minutes,
                                       gint64        *amount,
                                       gint64        *oldest_at);
/* The unbilled work of every client from the roll-ups (dt-rollups.h), which must be ready. */
DtHubUnbilled *dt_billing_hub_read_unbilled_rollup (DtDb    *db,
                                                    GError **error);
/* Adds @part's sums to @into's. */
void           dt_hub_unbilled_merge  (DtHubUnbilled *into,
                                       DtHubUnbilled *part);
/* A project id that cuts the projects' ids in two halves, or 0 for fewer than two
 * projects; -1 on error. */
gint64         dt_billing_hub_middle_project (DtDb   *db,
                                              GError **error);
/* dt_billing_hub_get with the unbilled work already read (all of it, in @db's read
 * transaction); NULL reads it. */
DtBillingHub  *dt_billing_hub_get_with_unbilled (DtDb          *db,
                                                 DtHubUnbilled *unbilled,
                                                 GError       **error);

G_END_DECLS

/* dt-rollups-private.h: the roll-ups' sums, how they are computed from the raw rows, and the
 * capture that keeps them exact; shared by the files of core/rollups and by dt-db.c. */
#pragma once

#include "dt-db.h"
#include "dt-rates.h"

G_BEGIN_DECLS

/* The finished work of one project in one local day or month, invoiced or not. */
typedef struct
{
  gint64 billable_entries;
  gint64 non_billable_entries;
  gint64 billable_seconds;
  gint64 non_billable_seconds;
  gint64 raw_minutes;
  gint64 billed_minutes;
  gint64 amount;
} DtWorkSums;

typedef struct
{
  gint64     start;       /* local midnight of the day or of the month's first day */
  gint64     project_id;
  gboolean   invoiced;
  DtWorkSums sums;
} DtWorkBucket;

/* A project's unbilled work, priced as drafts per task would bill it (the Billing Hub). An
 * invoice line never holds two projects' work, so a client's is the sum of its projects'. */
typedef struct
{
  gint64 entries;
  gint64 minutes;
  gint64 amount;
  gint64 oldest_start;
} DtUnbilledSum;

typedef enum
{
  DT_ROLLUP_DAYS,
  DT_ROLLUP_MONTHS,
} DtRollupTable;

/* Buckets by (start, project, invoiced): a GHashTable of DtWorkBucket, owning them. */
GHashTable *dt_work_buckets_new        (void);
DtWorkBucket *dt_work_buckets_get      (GHashTable        *buckets,
                                        gint64             start,
                                        gint64             project_id,
                                        gboolean           invoiced);
gboolean    dt_work_sums_equal         (const DtWorkSums  *a,
                                        const DtWorkSums  *b);
gboolean    dt_work_sums_empty         (const DtWorkSums  *sums);
void        dt_work_sums_add           (DtWorkSums        *into,
                                        const DtWorkSums  *sums);

/* The client of @project_id, or 0 when it is gone. */
gint64   dt_rollup_client_of        (DtDb               *db,
                                     gint64              project_id);

/* The rates a transaction's roll-up upkeep prices with, loaded when first needed. */
typedef struct _DtRollupContext DtRollupContext;

DtRollupContext *dt_rollup_context_new  (DtDb            *db);
void             dt_rollup_context_free (DtRollupContext *context);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRollupContext, dt_rollup_context_free)

/* Adds to @days (dt_work_buckets_new) the finished work of @project_id starting in
 * [@from, @to), by local day and invoiced. */
gboolean dt_rollup_compute_days     (DtRollupContext  *context,
                                     gint64            project_id,
                                     gint64            from,
                                     gint64            to,
                                     GHashTable       *days,
                                     GError          **error);
/* Adds @days' sums into @months by local month. */
void     dt_rollup_months_of_days   (GHashTable       *days,
                                     GHashTable       *months);
/* @project_id's unbilled work, from its unbilled entries. */
gboolean dt_rollup_compute_unbilled (DtRollupContext  *context,
                                     gint64            project_id,
                                     DtUnbilledSum    *out,
                                     GError          **error);

/* Writes @bucket into its table, or deletes its row when it holds no entries. */
gboolean dt_rollup_write_bucket     (DtDb               *db,
                                     DtRollupTable       table,
                                     const DtWorkBucket *bucket,
                                     GError            **error);
gboolean dt_rollup_write_unbilled   (DtDb               *db,
                                     gint64              project_id,
                                     const DtUnbilledSum *sum,
                                     GError            **error);
/* Recomputes the month @month_start of @project_id from its days' rows. */
gboolean dt_rollup_refresh_month    (DtDb               *db,
                                     gint64              project_id,
                                     gint64              month_start,
                                     GError            **error);

/* Calls @func with every stored bucket of @table starting in [@from, @to), of @project_id
 * only unless it is 0. */
typedef void (*DtWorkBucketFunc) (const DtWorkBucket *bucket,
                                  gpointer            data);
gboolean dt_rollup_read_buckets     (DtDb               *db,
                                     DtRollupTable       table,
                                     gint64              from,
                                     gint64              to,
                                     gint64              project_id,
                                     DtWorkBucketFunc    func,
                                     gpointer            data,
                                     GError            **error);

/* The state row: complete, for the time zone of this process, or built up to a client. */
typedef struct
{
  char     *zone;
  gint64    built_through;
  gboolean  complete;
} DtRollupState;

gboolean dt_rollup_state_read       (DtDb           *db,
                                     DtRollupState  *state,
                                     GError        **error);
void     dt_rollup_state_clear      (DtRollupState  *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtRollupState, dt_rollup_state_clear)
/* The local time zone's name, as the state row records it. */
char    *dt_rollup_zone_name        (void);

/* The capture, one per connection: records what each write touches (SQLite's pre-update
 * hook) and brings the roll-ups up to date just before the transaction commits. */
typedef struct _DtRollupCapture DtRollupCapture;

DtRollupCapture *dt_rollup_capture_new     (DtDb             *db,
                                            GError          **error);
void             dt_rollup_capture_free    (DtRollupCapture  *capture);
gboolean         dt_rollup_capture_flush   (DtRollupCapture  *capture,
                                            GError          **error);
void             dt_rollup_capture_forget  (DtRollupCapture  *capture);
/* TRUE after a write outside any transaction, until dt_rollup_capture_catch_up has brought
 * the roll-ups up to date with it in a transaction of its own. */
gboolean         dt_rollup_capture_behind  (DtRollupCapture  *capture);
/* From the commit hook: changes still recorded then were committed by a COMMIT that did not
 * go through dt_db_commit, so the roll-ups are behind until caught up. */
void             dt_rollup_capture_committed (DtRollupCapture *capture);
gboolean         dt_rollup_capture_catch_up (DtRollupCapture *capture,
                                             GError         **error);
DtRollupCapture *dt_db_get_rollup_capture  (DtDb             *db);

G_END_DECLS

/* dt-rollups.h: roll-ups of the work — sums per project and local day or month, and each
 * client's unbilled work — that reports and the Billing Hub read instead of the history.
 *
 * They are derived data, kept exact in the transaction of every write that changes them
 * (dt-rollup-capture.c), built once on an existing database in steps that can be stopped and
 * taken up again, and checked against the raw rows (`doubletime check`). */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint    clients_done;
  guint    clients_total;
  gboolean complete;
} DtRollupsProgress;

/* TRUE when the roll-ups are complete for this process's time zone: answers may read them.
 * Errors read as FALSE (the answers then read the raw rows). */
gboolean dt_rollups_ready        (DtDb               *db);

/* Builds the roll-ups of the next clients, about @max_entries time entries' worth, in one
 * transaction of its own. Fills @progress; complete once every client is built. */
gboolean dt_rollups_build_step   (DtDb               *db,
                                  guint               max_entries,
                                  DtRollupsProgress  *progress,
                                  GError            **error);

typedef void (*DtRollupsProgressFunc) (const DtRollupsProgress *progress,
                                       gpointer                 data);

/* Steps until complete or @cancellable is cancelled (then FALSE with G_IO_ERROR_CANCELLED;
 * the next build goes on where this one stopped). */
gboolean dt_rollups_build        (DtDb                   *db,
                                  GCancellable           *cancellable,
                                  DtRollupsProgressFunc   progress,
                                  gpointer                data,
                                  GError                **error);

typedef struct
{
  guint64    rows;          /* roll-up rows compared */
  guint      differences;
  GPtrArray *messages;      /* char *: the first differences, in words */
  gboolean   repaired;
} DtRollupsCheck;

void            dt_rollups_check_free (DtRollupsCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRollupsCheck, dt_rollups_check_free)

/* Computes every roll-up again from the raw rows and compares; with @repair writes what was
 * computed wherever it differs. The roll-ups must be complete (dt_rollups_build). */
DtRollupsCheck *dt_rollups_check      (DtDb      *db,
                                       gboolean   repair,
                                       GError   **error);

G_END_DECLS

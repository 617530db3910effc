/* dt-time-entry-store-private.h: what other core readers of time entries share with the
 * store: one way to read an entry row and its tags. */
#pragma once

#include <sqlite3.h>

#include "dt-time-entry-store.h"

G_BEGIN_DECLS

/* The columns dt_time_entry_store_entry_from_row reads, first in a SELECT, with e the
 * entry, p its project and l its invoice line. */
#define DT_TIME_ENTRY_COLUMNS \
  "e.id, e.project_id, e.task_id, p.client_id, e.start_at, e.end_at, e.note, e.billable, " \
  "e.invoice_line_id, l.invoice_id, e.created_at, e.updated_at, e.version"
#define DT_TIME_ENTRY_N_COLUMNS 13

/* An entry (without its tags) from the row @stmt stands on. */
DtTimeEntry *dt_time_entry_store_entry_from_row (sqlite3_stmt  *stmt);
/* Fills the tag ids of the DtTimeEntry elements of @entries, in one query. */
gboolean     dt_time_entry_store_load_tags      (DtDb          *db,
                                                 GPtrArray     *entries,
                                                 GError       **error);

G_END_DECLS

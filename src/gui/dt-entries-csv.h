/* dt-entries-csv.h: tracked time as RFC 4180 CSV for Preferences → Data → Export, one line
 * per entry with the names a spreadsheet needs. */
#pragma once

#include "dt-db.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* One CSV field, quoted when it holds a comma, a quote or a line break. */
char     *dt_csv_field         (const char  *text);
/* Every finished entry, oldest first: date, start, end (local ISO 8601), minutes, client,
 * project, task, note, billable, invoiced. Reads through @db only; call it from a worker
 * thread with a connection of its own. */
char     *dt_entries_csv_export (DtDb        *db,
                                 GError     **error);
/* The same lines written to @out a page at a time, as they are read. */
gboolean  dt_entries_csv_write  (DtDb          *db,
                                 GOutputStream *out,
                                 GError       **error);

G_END_DECLS

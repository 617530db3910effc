/* dt-time-entry-row.h: one row of the Time page's list: the day's heading on the first entry
 * of a day, the entry, and its editor, made the first time the row is opened. Rows are
 * recycled: bind gives a row another entry. */
#pragma once

#include <adwaita.h>

#include "dt-time-entry-actions.h"
#include "dt-time-entry-item.h"

G_BEGIN_DECLS

#define DT_TYPE_TIME_ENTRY_ROW (dt_time_entry_row_get_type ())
G_DECLARE_FINAL_TYPE (DtTimeEntryRow, dt_time_entry_row, DT, TIME_ENTRY_ROW, GtkWidget)

DtTimeEntryRow  *dt_time_entry_row_new      (DtTimeEntryActions *actions);
/* @heading and @day_total NULL on an entry that does not start its day. */
void             dt_time_entry_row_bind     (DtTimeEntryRow     *self,
                                             DtTimeEntryItem    *item,
                                             const char         *heading,
                                             const char         *day_total);
void             dt_time_entry_row_unbind   (DtTimeEntryRow     *self);
DtTimeEntryItem *dt_time_entry_row_get_item (DtTimeEntryRow     *self);
/* Opens or closes the entry's editor below it; a billed entry stays closed. */
void             dt_time_entry_row_set_expanded (DtTimeEntryRow *self,
                                                 gboolean        expanded);
gboolean         dt_time_entry_row_get_expanded (DtTimeEntryRow *self);

G_END_DECLS

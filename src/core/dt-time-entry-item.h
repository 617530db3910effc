/* dt-time-entry-item.h: one row of a DtTimeEntryListModel: an entry with the names it is
 * shown under, whether it shares time with another entry, and whether it opens its day. */
#pragma once

#include <gio/gio.h>

#include "dt-time-entry-store.h"

G_BEGIN_DECLS

#define DT_TYPE_TIME_ENTRY_ITEM (dt_time_entry_item_get_type ())
G_DECLARE_FINAL_TYPE (DtTimeEntryItem, dt_time_entry_item, DT, TIME_ENTRY_ITEM, GObject)

/* Takes @entry. @task_title NULL for an entry on the project itself. */
DtTimeEntryItem   *dt_time_entry_item_new               (DtTimeEntry     *entry,
                                                         const char      *client_name,
                                                         const char      *project_name,
                                                         const char      *task_title);
const DtTimeEntry *dt_time_entry_item_get_entry         (DtTimeEntryItem *self);
gint64             dt_time_entry_item_get_id            (DtTimeEntryItem *self);
const char        *dt_time_entry_item_get_client_name   (DtTimeEntryItem *self);
const char        *dt_time_entry_item_get_project_name  (DtTimeEntryItem *self);
/* NULL for an entry on the project itself. */
const char        *dt_time_entry_item_get_task_title    (DtTimeEntryItem *self);
/* Local midnight of the day the entry starts on. */
gint64             dt_time_entry_item_get_day_start     (DtTimeEntryItem *self);
/* TRUE when another entry shares time with this one (touching ends do not). */
gboolean           dt_time_entry_item_get_overlaps      (DtTimeEntryItem *self);
/* TRUE when this is the newest entry of its day in the list it came from: the row that
 * carries the day's heading. */
gboolean           dt_time_entry_item_get_starts_day    (DtTimeEntryItem *self);

/* Set by the list model as it reads a page. */
void               dt_time_entry_item_set_overlaps      (DtTimeEntryItem *self,
                                                         gboolean         overlaps);
void               dt_time_entry_item_set_starts_day    (DtTimeEntryItem *self,
                                                         gboolean         starts_day);

G_END_DECLS

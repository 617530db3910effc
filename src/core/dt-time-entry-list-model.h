/* dt-time-entry-list-model.h: time entries as a GListModel, newest first, read from SQLite a
 * page at a time as rows are asked for; only a few pages are kept in memory. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_TIME_ENTRY_LIST_MODEL (dt_time_entry_list_model_get_type ())
G_DECLARE_FINAL_TYPE (DtTimeEntryListModel, dt_time_entry_list_model, DT, TIME_ENTRY_LIST_MODEL,
                      GObject)

/* Rows read from the database at once, and how many such pages are kept. */
#define DT_TIME_ENTRY_LIST_PAGE_SIZE  100
#define DT_TIME_ENTRY_LIST_MAX_PAGES  4

/* A model of DtTimeEntryItem: every entry of @db until a filter is set. */
DtTimeEntryListModel *dt_time_entry_list_model_new          (DtDb                 *db);
/* Entries starting in [@from, @to) (0 = open) whose note, task, project or client contains
 * @text (NULL or "" = any). Counts again and replaces every item. */
void                  dt_time_entry_list_model_set_filter   (DtTimeEntryListModel *self,
                                                             gint64                from,
                                                             gint64                to,
                                                             const char           *text);
/* After the data changed: counts again, forgets what it read and replaces every item. */
void                  dt_time_entry_list_model_reload       (DtTimeEntryListModel *self);
/* Seconds tracked and billable by the entries of the filter that start in [@from, @to)
 * (0 = open), a running one until now. */
gboolean              dt_time_entry_list_model_sum          (DtTimeEntryListModel *self,
                                                             gint64                from,
                                                             gint64                to,
                                                             gint64               *out_seconds,
                                                             gint64               *out_billable,
                                                             GError              **error);
/* The same, and how many entries, for the local day starting at @day_start; remembered
 * until the next reload. */
void                  dt_time_entry_list_model_day_totals   (DtTimeEntryListModel *self,
                                                             gint64                day_start,
                                                             gint64               *out_count,
                                                             gint64               *out_seconds,
                                                             gint64               *out_billable);
/* Position of the entry @id, when it is in one of the pages kept; else FALSE. */
gboolean              dt_time_entry_list_model_find_cached  (DtTimeEntryListModel *self,
                                                             gint64                id,
                                                             guint                *out_position);
/* How many rows are held in memory now (for tests and debugging). */
guint                 dt_time_entry_list_model_get_n_cached (DtTimeEntryListModel *self);
/* How many pages were read from the database since the model was made. */
guint                 dt_time_entry_list_model_get_n_reads  (DtTimeEntryListModel *self);

G_END_DECLS

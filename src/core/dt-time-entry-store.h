/* dt-time-entry-store.h: tracked time, the running timer, overlaps and tags on entries. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

/* The longest finished entry (31 days): longer work is split. It bounds how far back an
 * overlap or a day total has to look. */
#define DT_TIME_ENTRY_MAX_SECONDS (G_GINT64_CONSTANT (31) * 86400)

typedef struct
{
  gint64    id;
  gint64    project_id;       /* required */
  gint64    task_id;          /* 0 = none; otherwise a task of project_id */
  gint64    client_id;        /* read only: the project's client */
  gint64    start_at;         /* UTC seconds */
  gint64    end_at;           /* UTC seconds; 0 while the timer runs */
  char     *note;
  gboolean  billable;         /* a non-billable task makes the entry non-billable too */
  GArray   *tag_ids;          /* gint64 tag ids, ascending */
  gint64    invoice_line_id;  /* read only: the invoice line that bills it (locks it); 0 = none */
  gint64    invoice_id;       /* read only: that line's invoice; 0 = none */
  gint64    created_at;
  gint64    updated_at;
  gint64    version;
} DtTimeEntry;

/* An empty, billable entry without tags. */
DtTimeEntry *dt_time_entry_new                   (void);
DtTimeEntry *dt_time_entry_copy                  (const DtTimeEntry *entry);
void         dt_time_entry_free                  (DtTimeEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTimeEntry, dt_time_entry_free)
void         dt_time_entry_add_tag               (DtTimeEntry       *entry,
                                                  gint64             tag_id);
/* Seconds worked; a running entry counts until @now. */
gint64       dt_time_entry_get_duration          (const DtTimeEntry *entry,
                                                  gint64             now);

/* Creates an entry. end_at 0 creates the running timer (start_at 0 then means now); a second
 * running timer is DT_ERROR_CONFLICT naming the one that runs. Validation: the project
 * exists and is active, the task belongs to it, end is not before start, the entry lasts at
 * most DT_TIME_ENTRY_MAX_SECONDS, the tags exist.
 * Overlaps with other entries are allowed: ask dt_time_entry_store_list_overlapping. */
DtTimeEntry *dt_time_entry_store_create          (DtDb              *db,
                                                  const DtTimeEntry *input,
                                                  GError           **error);
DtTimeEntry *dt_time_entry_store_get             (DtDb              *db,
                                                  gint64             id,
                                                  GError           **error);
/* Replaces project, task, start, end, note, billable and tags. An entry billed on an
 * invoice line is DT_ERROR_LOCKED. @expected_version 0 skips the If-Match check. */
DtTimeEntry *dt_time_entry_store_update          (DtDb              *db,
                                                  const DtTimeEntry *entry,
                                                  gint64             expected_version,
                                                  GError           **error);
/* DT_ERROR_LOCKED for a billed entry. */
gboolean     dt_time_entry_store_delete          (DtDb              *db,
                                                  gint64             id,
                                                  GError           **error);
/* Honours: client_id, project_id, task_id, tag_id, from/to (on the start), billable,
 * status ("running", "finished", "billed", "unbilled"), text (note), after_id, limit. */
GPtrArray   *dt_time_entry_store_list            (DtDb              *db,
                                                  const DtListQuery *query,
                                                  gboolean          *out_has_more,
                                                  GError           **error);

/* The timer. Starting uses @input's project, task, note, billable and tags (start_at 0 =
 * now); stopping sets the end of the running entry (@end_at 0 = now; DT_ERROR_NOT_FOUND when
 * none runs); resuming starts a new timer now with the project, task, note, billable flag and
 * tags of the most recent finished entry. */
DtTimeEntry *dt_time_entry_store_start_timer     (DtDb              *db,
                                                  const DtTimeEntry *input,
                                                  GError           **error);
DtTimeEntry *dt_time_entry_store_stop_timer      (DtDb              *db,
                                                  gint64             end_at,
                                                  GError           **error);
DtTimeEntry *dt_time_entry_store_resume_last     (DtDb              *db,
                                                  GError           **error);
/* The running entry, or NULL without an error when no timer runs. */
DtTimeEntry *dt_time_entry_store_get_running     (DtDb              *db,
                                                  GError           **error);

/* Entries that share time with [@from, @to) (a running entry lasts until now), except
 * @exclude_id (0 = none), by start. Used to warn: overlaps are allowed. */
GPtrArray   *dt_time_entry_store_list_overlapping (DtDb             *db,
                                                  gint64             from,
                                                  gint64             to,
                                                  gint64             exclude_id,
                                                  GError           **error);

/* Minutes per local calendar day over [@from, @to), entries split at local midnight
 * (DST-safe: a day may last 23 or 25 hours). Returns an array of DtDayTotal. */
typedef struct
{
  gint64  day_start;  /* local midnight, UTC seconds */
  char   *date;       /* "YYYY-MM-DD" */
  gint64  seconds;
  gint64  billable_seconds;
} DtDayTotal;

void         dt_day_total_free                   (DtDayTotal        *total);
GPtrArray   *dt_time_entry_store_day_totals      (DtDb              *db,
                                                  gint64             from,
                                                  gint64             to,
                                                  GError           **error);

G_END_DECLS

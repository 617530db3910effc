/* dt-day-groups.h: time entries grouped by local day with totals, overlaps and long entries
 * flagged — the Time page's view state, computed without a display. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the Time page needs of an entry to place and flag it. */
typedef struct
{
  gint64   id;
  gint64   start_at;   /* UTC seconds */
  gint64   end_at;     /* 0 while running */
  gboolean billable;
  gboolean locked;     /* billed on an invoice: shown, not editable */
} DtEntrySpan;

typedef enum
{
  DT_ENTRY_FLAG_NONE    = 0,
  DT_ENTRY_FLAG_OVERLAP = 1 << 0,  /* shares time with another entry */
  DT_ENTRY_FLAG_LONG    = 1 << 1,  /* longer than the long-entry threshold */
  DT_ENTRY_FLAG_RUNNING = 1 << 2,
  DT_ENTRY_FLAG_LOCKED  = 1 << 3,
} DtEntryFlags;

typedef struct
{
  gint64  day_start;         /* local midnight, UTC seconds */
  char   *date;              /* "YYYY-MM-DD" */
  gint64  seconds;           /* all entries that start this day (a running one until now) */
  gint64  billable_seconds;
  GArray *indices;           /* guint indices into the input, newest start first */
  GArray *flags;             /* DtEntryFlags per index, same order */
} DtDayGroup;

void       dt_day_group_free        (DtDayGroup        *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtDayGroup, dt_day_group_free)

/* An entry longer than this is flagged unless a caller passes its own threshold. */
#define DT_LONG_ENTRY_SECONDS (10 * 3600)

/* Groups @entries by the local day their start falls on, newest day first. An entry over
 * midnight stays with the day it started (as people remember it). @long_seconds 0 means
 * DT_LONG_ENTRY_SECONDS. Returns a GPtrArray of DtDayGroup. */
GPtrArray *dt_day_groups_build      (const DtEntrySpan *entries,
                                     guint              n_entries,
                                     gint64             now,
                                     gint64             long_seconds);
/* The flags of one entry against all the others. */
DtEntryFlags dt_entry_span_flags    (const DtEntrySpan *entries,
                                     guint              n_entries,
                                     guint              index,
                                     gint64             now,
                                     gint64             long_seconds);
/* Seconds of @span, a running one until @now. */
gint64     dt_entry_span_duration   (const DtEntrySpan *span,
                                     gint64             now);

G_END_DECLS

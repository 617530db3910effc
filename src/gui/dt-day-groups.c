/* dt-day-groups.c: grouping and flagging entries for the Time page. */
#define G_LOG_DOMAIN "dt-day-groups"

#include "config.h"

#include "dt-day-groups.h"
#include "dt-time.h"

void
dt_day_group_free (DtDayGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->date);
  g_clear_pointer (&group->indices, g_array_unref);
  g_clear_pointer (&group->flags, g_array_unref);
  g_free (group);
}

gint64
dt_entry_span_duration (const DtEntrySpan *span,
                        gint64             now)
{
  gint64 end = span->end_at > 0 ? span->end_at : now;

  return MAX (end - span->start_at, 0);
}

DtEntryFlags
dt_entry_span_flags (const DtEntrySpan *entries,
                     guint              n_entries,
                     guint              index,
                     gint64             now,
                     gint64             long_seconds)
{
  const DtEntrySpan *e = &entries[index];
  gint64 end = e->end_at > 0 ? e->end_at : now;
  DtEntryFlags flags = DT_ENTRY_FLAG_NONE;

  if (long_seconds <= 0)
    long_seconds = DT_LONG_ENTRY_SECONDS;
  if (e->end_at == 0)
    flags |= DT_ENTRY_FLAG_RUNNING;
  if (e->locked)
    flags |= DT_ENTRY_FLAG_LOCKED;
  if (end - e->start_at > long_seconds)
    flags |= DT_ENTRY_FLAG_LONG;

  /* Quadratic, but a page shows a week: a few hundred entries at most. Touching ends (one
   * stops at 10:00, the next starts at 10:00) are not an overlap. */
  for (guint i = 0; i < n_entries; i++)
    {
      const DtEntrySpan *o = &entries[i];
      gint64 o_end = o->end_at > 0 ? o->end_at : now;

      if (i == index || o->id == e->id)
        continue;
      if (o->start_at < end && e->start_at < o_end && end > e->start_at && o_end > o->start_at)
        {
          flags |= DT_ENTRY_FLAG_OVERLAP;
          break;
        }
    }
  return flags;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const DtEntrySpan *entries = user_data;
  const DtEntrySpan *ea = &entries[*(const guint *) a];
  const DtEntrySpan *eb = &entries[*(const guint *) b];

  if (ea->start_at != eb->start_at)
    return ea->start_at > eb->start_at ? -1 : 1;
  return ea->id > eb->id ? -1 : (ea->id < eb->id ? 1 : 0);
}

GPtrArray *
dt_day_groups_build (const DtEntrySpan *entries,
                     guint              n_entries,
                     gint64             now,
                     gint64             long_seconds)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_day_group_free);
  g_autofree guint *order = g_new (guint, MAX (n_entries, 1));
  DtDayGroup *current = NULL;

  g_return_val_if_fail (entries != NULL || n_entries == 0, NULL);

  for (guint i = 0; i < n_entries; i++)
    order[i] = i;
  g_qsort_with_data (order, n_entries, sizeof (guint), compare_newest_first,
                     (gpointer) entries);

  for (guint k = 0; k < n_entries; k++)
    {
      const DtEntrySpan *e = &entries[order[k]];
      gint64 day = dt_time_local_day_start (e->start_at);
      gint64 seconds = dt_entry_span_duration (e, now);
      DtEntryFlags flags = dt_entry_span_flags (entries, n_entries, order[k], now, long_seconds);

      if (current == NULL || current->day_start != day)
        {
          current = g_new0 (DtDayGroup, 1);
          current->day_start = day;
          current->date = dt_time_local_date (day);
          current->indices = g_array_new (FALSE, FALSE, sizeof (guint));
          current->flags = g_array_new (FALSE, FALSE, sizeof (DtEntryFlags));
          g_ptr_array_add (groups, current);
        }
      g_array_append_val (current->indices, order[k]);
      g_array_append_val (current->flags, flags);
      current->seconds += seconds;
      if (e->billable)
        current->billable_seconds += seconds;
    }
  return g_steal_pointer (&groups);
}

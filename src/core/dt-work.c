/* dt-work.c: work out for a main context, counted (see dt-work.h). */
#define G_LOG_DOMAIN "dt-work"

#include "dt-work.h"

static GMutex work_lock;
static GHashTable *work_counts;  /* GMainContext* → count (the contexts are not referenced) */

void
dt_work_begin (GMainContext *context)
{
  g_return_if_fail (context != NULL);

  g_mutex_lock (&work_lock);
  if (work_counts == NULL)
    work_counts = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (work_counts, context,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (work_counts,
                                                                                context)) + 1));
  g_mutex_unlock (&work_lock);
}

void
dt_work_end (GMainContext *context)
{
  guint count;

  g_return_if_fail (context != NULL);

  g_mutex_lock (&work_lock);
  count = work_counts != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (work_counts, context))
                              : 0;
  if (count <= 1)
    {
      if (work_counts != NULL)
        g_hash_table_remove (work_counts, context);
    }
  else
    g_hash_table_insert (work_counts, context, GUINT_TO_POINTER (count - 1));
  g_mutex_unlock (&work_lock);
  g_warn_if_fail (count > 0);
}

guint
dt_work_count (GMainContext *context)
{
  guint count;

  g_mutex_lock (&work_lock);
  count = work_counts != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (work_counts, context))
                              : 0;
  g_mutex_unlock (&work_lock);
  return count;
}

gboolean
dt_work_drain (GMainContext *context,
               gint64        timeout_usec)
{
  gint64 deadline = g_get_monotonic_time () + timeout_usec;

  g_return_val_if_fail (context != NULL, FALSE);

  while (dt_work_count (context) > 0)
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      /* An answer posted from another thread wakes the context; a millisecond's nap covers
       * one posted between the count and the iteration. */
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

/* dt-probe-report.c: writes the window probe's figures as JSON, the format
 * tests/bench/window-probe.py and the ui suite's check read. */
#define G_LOG_DOMAIN "dt-probe"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "dt-probe-report.h"

DtProbeStep *
dt_probe_step_new (const char *name)
{
  DtProbeStep *step = g_new0 (DtProbeStep, 1);

  step->name = g_strdup (name);
  step->began = g_get_monotonic_time ();
  step->details = json_object_new ();
  return step;
}

void
dt_probe_step_free (DtProbeStep *step)
{
  g_free (step->name);
  g_free (step->skipped);
  g_clear_pointer (&step->details, json_object_unref);
  g_free (step);
}

/* A Vm* field of /proc/self/status in kB, or -1. */
gint64
dt_probe_proc_status_kb (const char *key)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize key_len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ':')
      return g_ascii_strtoll (lines[i] + key_len + 1, NULL, 10);
  return -1;
}

/* User and system time the calling thread has used. Unlike wall-clock time, other work on a
 * shared machine barely moves it. */
gint64
dt_probe_thread_cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return -1;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static double
ms_between (gint64 from,
            gint64 to)
{
  return (to - from) / 1000.0;
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_mib (JsonBuilder *b,
         const char  *name,
         gint64       kb)
{
  json_builder_set_member_name (b, name);
  if (kb < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, kb / 1024.0);
}

static gint64
step_end (const DtProbeStep *step,
          gint64             now)
{
  return step->ended != 0 ? step->ended : now;
}

static void
add_step (JsonBuilder       *b,
          const DtProbeStep *step,
          gint64             now)
{
  json_builder_begin_object (b);
  add_string (b, "name", step->name);
  add_double (b, "ms", ms_between (step->began, step_end (step, now)));
  add_double (b, "worst_gap_ms", step->worst_gap / 1000.0);
  json_builder_set_member_name (b, "gaps_over_50ms");
  json_builder_add_int_value (b, step->long_gaps);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, step->frames);
  add_string (b, "skipped", step->skipped);
  json_builder_set_member_name (b, "details");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), step->details));
  json_builder_end_object (b);
}

gboolean
dt_probe_report_write (const DtProbeFigures *f,
                       const char           *path,
                       GError              **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const DtProbeStep *worst = NULL;
  const DtProbeStep *current = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 session_began = 0, session_ended = 0;

  for (guint i = 0; i < f->steps->len; i++)
    {
      const DtProbeStep *step = g_ptr_array_index (f->steps, i);

      if (worst == NULL || step->worst_gap > worst->worst_gap)
        worst = step;
      if (i == 0)
        session_began = step->began;
      session_ended = step_end (step, now);
      if (step->ended == 0)
        current = step;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "finished");
  json_builder_add_boolean_value (b, f->finished);
  /* CLOCK_MONOTONIC, as Python's time.monotonic(): a runner that had to kill a stuck app
   * can tell how long the step it was in had run. */
  json_builder_set_member_name (b, "written_at_us");
  json_builder_add_int_value (b, now);
  add_string (b, "current_step", current != NULL ? current->name : NULL);
  add_string (b, "error", f->error);
  add_double (b, "window_ready_ms", ms_between (f->main_started_at, f->window_ready_at));
  add_double (b, "first_frame_ms", f->first_frame_at == 0 ? -1
                                   : ms_between (f->main_started_at, f->first_frame_at));
  add_double (b, "first_frame_cpu_ms", f->first_frame_at == 0 ? -1
                                       : f->cpu_at_first_frame_us / 1000.0);
  add_double (b, "session_ms", ms_between (session_began, session_ended));
  add_double (b, "worst_stall_ms", worst != NULL ? worst->worst_gap / 1000.0 : -1);
  add_string (b, "worst_stall_step", worst != NULL ? worst->name : NULL);
  add_double (b, "watchdog_ms", f->watchdog_ms);
  add_mib (b, "peak_rss_mib", dt_probe_proc_status_kb ("VmHWM"));
  add_mib (b, "peak_rss_at_first_frame_mib",
           f->first_frame_at != 0 ? f->hwm_at_first_frame_kb : -1);
  add_mib (b, "rss_mib", dt_probe_proc_status_kb ("VmRSS"));

  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint i = 0; f->page_names != NULL && i < f->page_names->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (f->page_names, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "pages_visited");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), f->pages_visited));

  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->steps->len; i++)
    add_step (b, g_ptr_array_index (f->steps, i), now);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_file (generator, path, error);
}

/* dt-probe-report.h: the window probe's figures and the JSON report written from them. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One step of the scripted session. Times are g_get_monotonic_time () values. */
typedef struct
{
  char       *name;
  gint64      began;
  gint64      ended;          /* 0 while it runs */
  gint64      worst_gap;      /* µs */
  guint       long_gaps;      /* gaps over 50 ms */
  guint       frames;
  char       *skipped;        /* why it did nothing, or NULL */
  JsonObject *details;
} DtProbeStep;

typedef struct
{
  gboolean    finished;
  const char *error;
  gint64      main_started_at;
  gint64      window_ready_at;
  gint64      first_frame_at;          /* 0 before the first frame */
  gint64      hwm_at_first_frame_kb;
  gint64      cpu_at_first_frame_us;   /* the main thread's */
  guint       watchdog_ms;
  GPtrArray  *page_names;              /* of char*, or NULL */
  JsonArray  *pages_visited;
  GPtrArray  *steps;                   /* of DtProbeStep */
} DtProbeFigures;

DtProbeStep *dt_probe_step_new        (const char           *name);
void         dt_probe_step_free       (DtProbeStep          *step);
gint64       dt_probe_proc_status_kb  (const char           *key);
gint64       dt_probe_thread_cpu_us   (void);
gboolean     dt_probe_report_write    (const DtProbeFigures *figures,
                                       const char           *path,
                                       GError              **error);

G_END_DECLS

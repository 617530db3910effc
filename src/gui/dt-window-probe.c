/* dt-window-probe.c: with DT_PROBE=FILE set, times the main window from main() to its first
 * frame, runs a scripted session on it while watching for main-loop stalls, writes what it saw
 * to FILE as JSON and quits. Without DT_PROBE nothing here runs. */
#define G_LOG_DOMAIN "dt-probe"

#include "config.h"

#include "dt-probe-report.h"
#include "dt-probe-widgets.h"
#include "dt-window-probe.h"

/* The watchdog's period. A free main loop dispatches it this often, so a longer gap between
 * two heartbeats (watchdog, frame-clock update, after-paint) is time the loop was busy. */
#define WATCHDOG_MS 5
#define LONG_GAP_US (50 * G_TIME_SPAN_MILLISECOND)
/* A page that shows one range at a time (a week) is paged back this often: a year. */
#define DEFAULT_RANGES 52
/* Frames to scroll through the year, a screen a frame: shared by the ranges of a paged page
 * (the first screens of each week), all for one list that holds everything. */
#define DEFAULT_SCROLL_STEPS 530
/* The scroll stops early after this long: on a slow page a year would take hours, and the
 * steps after it still need measuring. */
#define DEFAULT_SCROLL_SECONDS 120
#define DEFAULT_QUERY "design"
#define DEFAULT_TIMEOUT_S 900

typedef void (*ProbeAction) (DtWindowProbe *self);

struct _DtWindowProbe
{
  GObject            parent_instance;

  GtkWindow         *window;
  GdkFrameClock     *frame_clock;
  char              *output;
  char              *screenshots;   /* a folder for a picture of each page, or NULL */
  gint64             attached_at;
  gint64             first_frame_at;
  gint64             hwm_at_first_frame_kb;
  gint64             cpu_at_first_frame_us;
  gint64             last_beat;
  guint              watchdog_id;
  guint              timeout_id;
  gboolean           finished;

  GPtrArray         *steps;          /* DtProbeStep, in the order they ran */
  DtProbeStep         *step;           /* the one running */

  ProbeAction        next;           /* runs once frames_wanted frames were drawn … */
  guint              frames_wanted;
  gint64             wait_until;     /* … and this instant has passed */

  GtkWidget         *view_stack;
  GPtrArray         *page_names;
  JsonArray         *visited;
  guint              page_index;
  gint64             page_worst_gap;  /* since the page shown last was asked for */
  JsonObject        *page_gaps;       /* in the pages step's details: name → worst gap, ms */
  JsonObject        *page_gaps_again; /* … when the page is shown a second time */

  GtkScrolledWindow *scroller;
  guint              ranges_wanted;
  guint              ranges_done;
  guint              scroll_steps;
  guint              scroll_seconds;
  guint              steps_left;     /* in this range */
  guint              budget_left;    /* in the whole scroll */
  gboolean           unpaged;
  gint64             scroll_deadline;
  gboolean           cut_short;
  guint              ranges_filled;  /* that had more than a screenful to scroll */
  guint              scroll_frames;
  JsonObject        *page_rss;       /* owned by the step's details */
  gint64             paging_worst;   /* from "previous" to the new range's first frame */
  gint64             scrolling_worst;
  double             scrolled_px;

  GtkMenuButton     *chooser;
  GtkEditable       *entry;
  char              *query;
  guint              typed;
  ProbeAction        after_typing;
};

G_DEFINE_FINAL_TYPE (DtWindowProbe, dt_window_probe, G_TYPE_OBJECT)

static gint64 main_started_at;

/* The session's steps, in the order they run. The scroll comes last: on a slow page it can
 * take longer than all the rest, and what it does not reach is then the least. */
static void pages_begin (DtWindowProbe *self);
static void chooser_begin (DtWindowProbe *self);
static void search_begin (DtWindowProbe *self);
static void scroll_range_begin (DtWindowProbe *self);
static void write_progress (DtWindowProbe *self);
static void finish (DtWindowProbe *self,
                    const char    *error);

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return fallback;
  return (guint) value;
}

static void
beat (DtWindowProbe *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - self->last_beat;

  self->last_beat = now;
  if (self->step == NULL)
    return;
  self->step->worst_gap = MAX (self->step->worst_gap, gap);
  self->page_worst_gap = MAX (self->page_worst_gap, gap);
  if (gap > LONG_GAP_US)
    self->step->long_gaps++;
}

static void
end_step (DtWindowProbe *self)
{
  if (self->step == NULL)
    return;
  self->step->ended = g_get_monotonic_time ();
  json_object_set_double_member (self->step->details, "peak_rss_mib_after",
                                 dt_probe_proc_status_kb ("VmHWM") / 1024.0);
  self->step = NULL;
}

static void
begin_step (DtWindowProbe *self,
            const char    *name)
{
  DtProbeStep *step = dt_probe_step_new (name);

  end_step (self);
  g_ptr_array_add (self->steps, step);
  self->step = step;
  g_debug ("Step %s", name);
  write_progress (self);
}

static void
skip_step (DtWindowProbe *self,
           const char    *reason)
{
  g_free (self->step->skipped);
  self->step->skipped = g_strdup (reason);
  g_debug ("Skipped %s: %s", self->step->name, reason);
}

/* Runs @next once @frames more frames were drawn and @ms have passed. A frame is asked for,
 * so the wait ends even when nothing on screen changed. */
static void
wait_then (DtWindowProbe *self,
           guint          frames,
           guint          ms,
           ProbeAction    next)
{
  self->frames_wanted = frames;
  self->wait_until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  self->next = next;
  if (frames > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->window));
}

/* The time page: the page named "time", or else the first. */
static const char *
time_page_name (DtWindowProbe *self)
{
  for (guint i = 0; i < self->page_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->page_names, i), "time"))
      return "time";
  return self->page_names->len > 0 ? g_ptr_array_index (self->page_names, 0) : NULL;
}

static GtkWidget *
time_page (DtWindowProbe *self)
{
  return dt_probe_page_child (self->view_stack, time_page_name (self));
}

/* Types @self->query into @self->entry one character at a time, at a typist's pace, then
 * waits for the results and runs @self->after_typing. */
static void
type_next (DtWindowProbe *self)
{
  g_autofree char *prefix = NULL;
  glong length = g_utf8_strlen (self->query, -1);

  if (self->typed >= (guint) length)
    {
      wait_then (self, 2, 600, self->after_typing);
      return;
    }
  self->typed++;
  prefix = g_utf8_substring (self->query, 0, self->typed);
  gtk_editable_set_text (self->entry, prefix);
  wait_then (self, 1, 120, type_next);
}

static void
type_query (DtWindowProbe *self,
            GtkWidget     *entry,
            ProbeAction    then)
{
  g_set_object (&self->entry, GTK_EDITABLE (entry));
  self->typed = 0;
  self->after_typing = then;
  json_object_set_string_member (self->step->details, "query", self->query);
  gtk_widget_grab_focus (entry);
  type_next (self);
}

static void
settle_begin (DtWindowProbe *self)
{
  begin_step (self, "settle");
  wait_then (self, 2, 1000, pages_begin);
}

static void
note_scroll (DtWindowProbe *self)
{
  json_object_set_double_member (self->step->details, "scrolled_px", self->scrolled_px);
  json_object_set_int_member (self->step->details, "scroll_frames", self->scroll_frames);
  json_object_set_int_member (self->step->details, "ranges", self->ranges_done);
  json_object_set_int_member (self->step->details, "ranges_filled", self->ranges_filled);
  json_object_set_boolean_member (self->step->details, "cut_short", self->cut_short);
  json_object_set_double_member (self->step->details, "worst_gap_ms_paging",
                                 self->paging_worst / 1000.0);
  json_object_set_double_member (self->step->details, "worst_gap_ms_scrolling",
                                 self->scrolling_worst / 1000.0);
}

static void
scroll_done (DtWindowProbe *self)
{
  self->scrolling_worst = MAX (self->scrolling_worst, self->page_worst_gap);
  note_scroll (self);
  finish (self, NULL);
}

static void
scroll_next (DtWindowProbe *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page_size = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - page_size;
  double stride;

  if (g_get_monotonic_time () > self->scroll_deadline)
    {
      self->cut_short = TRUE;
      scroll_done (self);
      return;
    }
  if (self->budget_left == 0 || self->steps_left == 0 || value >= end - 0.5)
    {
      if (self->unpaged)
        {
          scroll_done (self);
          return;
        }
      self->ranges_done++;
      self->scrolling_worst = MAX (self->scrolling_worst, self->page_worst_gap);
      self->page_worst_gap = 0;
      /* A page that shows one range at a time is paged back, as a user would reach last
       * year; a page that lists everything has no such action: it gets the rest of the
       * frames to go on down the same list. */
      note_scroll (self);
      write_progress (self);
      if (self->ranges_done <= self->ranges_wanted &&
          gtk_widget_activate_action (GTK_WIDGET (self->scroller), "time.previous", NULL))
        wait_then (self, 1, 0, scroll_range_begin);
      else if (self->ranges_done == 1 && value < end - 0.5 && self->budget_left > 0)
        {
          self->unpaged = TRUE;
          self->steps_left = self->budget_left;
          wait_then (self, 0, 0, scroll_next);
        }
      else
        scroll_done (self);
      return;
    }
  /* A screen a frame, as a user holding Page Down moves: faster than any fling, and the
   * speed at which a person still reads. Racing through a week's two thousand entries in a
   * few frames would measure a scroll nobody makes. */
  stride = MAX (page_size * 0.9, 1.0);
  gtk_adjustment_set_value (adj, MIN (value + stride, end));
  self->scrolled_px += gtk_adjustment_get_value (adj) - value;
  self->steps_left--;
  self->budget_left--;
  self->scroll_frames++;
  wait_then (self, 1, 0, scroll_next);
}

static void
scroll_range_begin (DtWindowProbe *self)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adj;

  if (self->step == NULL || !g_str_equal (self->step->name, "scroll"))
    {
      begin_step (self, "scroll");
      self->scroll_deadline = self->step->began + self->scroll_seconds * G_TIME_SPAN_SECOND;
      dt_probe_show_page (self->view_stack, time_page_name (self));
    }
  /* Looked up again for every range: an empty range shows a status page instead. */
  scroller = dt_probe_find_scroller (time_page (self));
  if (scroller == NULL)
    {
      if (self->ranges_done == 0)
        skip_step (self, "the time page shows no scrolled window");
      scroll_done (self);
      return;
    }
  g_set_object (&self->scroller, scroller);
  if (self->ranges_done > 0)
    self->paging_worst = MAX (self->paging_worst, self->page_worst_gap);
  self->page_worst_gap = 0;
  adj = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adj, 0);
  if (gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 1)
    self->ranges_filled++;
  if (self->ranges_done == 0)
    self->budget_left = self->scroll_steps;
  self->steps_left = MAX (self->scroll_steps / (self->ranges_wanted + 1), 1);
  g_debug ("Scrolling range %u, %.0f px", self->ranges_done, gtk_adjustment_get_upper (adj));
  wait_then (self, 1, 0, scroll_next);
}

static void
pages_next (DtWindowProbe *self)
{
  const char *name;

  if (self->page_index > 0)
    {
      guint n = self->page_names->len;
      gboolean again = self->page_index > n;
      const char *shown = g_ptr_array_index (self->page_names, (self->page_index - 1) % n);

      json_object_set_double_member (again ? self->page_gaps_again : self->page_gaps, shown,
                                     self->page_worst_gap / 1000.0);
      if (!again)
        json_object_set_double_member (self->page_rss, shown,
                                       dt_probe_proc_status_kb ("VmRSS") / 1024.0);
      /* After the gap is taken: the picture costs a frame of its own. */
      if (self->screenshots != NULL && !again)
        {
          g_autofree char *file = g_strconcat (shown, ".png", NULL);
          g_autofree char *path = g_build_filename (self->screenshots, file, NULL);

          if (!dt_probe_save_png (GTK_WIDGET (self->window), path))
            g_debug ("No picture of the %s page: nothing drawn yet", shown);
        }
    }
  /* Each page twice: made when first shown, then shown again as it is. */
  if (self->page_index >= 2 * self->page_names->len)
    {
      chooser_begin (self);
      return;
    }
  name = g_ptr_array_index (self->page_names, self->page_index++ % self->page_names->len);
  self->page_worst_gap = 0;
  dt_probe_show_page (self->view_stack, name);
  if (self->page_index <= self->page_names->len)
    json_array_add_string_element (self->visited, name);
  wait_then (self, 2, 250, pages_next);
}

static void
pages_begin (DtWindowProbe *self)
{
  begin_step (self, "pages");
  self->page_index = 0;
  self->page_gaps = json_object_new ();
  json_object_set_object_member (self->step->details, "worst_gap_ms_by_page", self->page_gaps);
  self->page_gaps_again = json_object_new ();
  json_object_set_object_member (self->step->details, "worst_gap_ms_by_page_again",
                                 self->page_gaps_again);
  self->page_rss = json_object_new ();
  json_object_set_object_member (self->step->details, "rss_mib_by_page", self->page_rss);
  pages_next (self);
}

static void
chooser_closed (DtWindowProbe *self)
{
  search_begin (self);
}

static void
chooser_typed (DtWindowProbe *self)
{
  gtk_menu_button_popdown (self->chooser);
  wait_then (self, 2, 200, chooser_closed);
}

static void
chooser_opened (DtWindowProbe *self)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (self->chooser));
  GtkWidget *entry = dt_probe_find_first (popover, GTK_TYPE_SEARCH_ENTRY);

  if (entry == NULL)
    {
      chooser_typed (self);
      return;
    }
  type_query (self, entry, chooser_typed);
}

static void
chooser_begin (DtWindowProbe *self)
{
  GtkMenuButton *chooser;

  begin_step (self, "task-chooser");
  dt_probe_show_page (self->view_stack, time_page_name (self));
  chooser = dt_probe_find_task_chooser (GTK_WIDGET (self->window));
  if (chooser == NULL)
    {
      skip_step (self, "the header bar has no task chooser");
      search_begin (self);
      return;
    }
  g_set_object (&self->chooser, chooser);
  gtk_menu_button_popup (chooser);
  wait_then (self, 2, 300, chooser_opened);
}

static void
search_cleared (DtWindowProbe *self)
{
  scroll_range_begin (self);
}

static void
search_typed (DtWindowProbe *self)
{
  gtk_editable_set_text (self->entry, "");
  wait_then (self, 2, 600, search_cleared);
}

static void
search_begin (DtWindowProbe *self)
{
  GtkWidget *entry;
  GtkWidget *bar;

  begin_step (self, "search");
  entry = dt_probe_find_page_search (time_page (self));
  if (entry == NULL)
    {
      skip_step (self, "the time page has no search entry");
      wait_then (self, 1, 0, search_cleared);
      return;
    }
  bar = gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR);
  if (bar != NULL)
    gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (bar), TRUE);
  type_query (self, entry, search_typed);
}

static void
session_begin (DtWindowProbe *self)
{
  self->view_stack = dt_probe_find_view_stack (GTK_WIDGET (self->window));
  if (self->view_stack == NULL)
    {
      finish (self, "the window has no stack of pages");
      return;
    }
  g_object_ref (self->view_stack);
  self->page_names = dt_probe_page_names (self->view_stack);
  if (self->page_names->len == 0)
    {
      finish (self, "the window's stack has no named pages");
      return;
    }
  settle_begin (self);
}

static gboolean
on_watchdog_cb (gpointer user_data)
{
  DtWindowProbe *self = user_data;
  ProbeAction next = self->next;

  beat (self);
  if (next != NULL && self->frames_wanted == 0 && g_get_monotonic_time () >= self->wait_until)
    {
      self->next = NULL;
      next (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_update_cb (GdkFrameClock *clock,
              DtWindowProbe *self)
{
  beat (self);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   DtWindowProbe *self)
{
  beat (self);
  if (self->first_frame_at == 0)
    {
      self->first_frame_at = self->last_beat;
      self->hwm_at_first_frame_kb = dt_probe_proc_status_kb ("VmHWM");
      self->cpu_at_first_frame_us = dt_probe_thread_cpu_us ();
      g_debug ("First frame %" G_GINT64_FORMAT " ms after main()",
               (self->first_frame_at - main_started_at) / 1000);
      wait_then (self, 0, 0, session_begin);
      return;
    }
  if (self->step != NULL)
    self->step->frames++;
  /* One frame asked for at a time: a window that did not change draws no more. */
  if (self->frames_wanted > 0 && --self->frames_wanted > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->window));
}

static void
on_realized_cb (GtkWidget     *window,
                DtWindowProbe *self)
{
  if (self->frame_clock != NULL)
    return;
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  g_signal_connect_object (self->frame_clock, "update", G_CALLBACK (on_update_cb), self, 0);
  g_signal_connect_object (self->frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb),
                           self, 0);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  DtWindowProbe *self = user_data;
  g_autofree char *error = NULL;

  self->timeout_id = 0;
  error = g_strdup_printf ("timed out %s", self->first_frame_at == 0 ? "before the first frame"
                           : self->step != NULL ? self->step->name : "between steps");
  finish (self, error);
  return G_SOURCE_REMOVE;
}

static void
on_window_destroyed_cb (GtkWidget     *window,
                        DtWindowProbe *self)
{
  finish (self, "the window was closed");
}

static gboolean
write_report (DtWindowProbe *self,
              gboolean       finished,
              const char    *error_text,
              GError       **error)
{
  DtProbeFigures figures = {
    .finished = finished,
    .error = error_text,
    .main_started_at = main_started_at,
    .window_ready_at = self->attached_at,
    .first_frame_at = self->first_frame_at,
    .hwm_at_first_frame_kb = self->hwm_at_first_frame_kb,
    .cpu_at_first_frame_us = self->cpu_at_first_frame_us,
    .watchdog_ms = WATCHDOG_MS,
    .page_names = self->page_names,
    .pages_visited = self->visited,
    .steps = self->steps,
  };

  return dt_probe_report_write (&figures, self->output, error);
}

/* The report so far, written before each step and each long action: if the app never comes
 * back from one, the runner still has everything up to it. */
static void
write_progress (DtWindowProbe *self)
{
  g_autoptr(GError) error = NULL;

  if (!write_report (self, FALSE, NULL, &error))
    g_warning ("Could not write the probe's report to %s: %s", self->output, error->message);
}

static void
finish (DtWindowProbe *self,
        const char    *error_text)
{
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (self->finished)
    return;
  self->finished = TRUE;
  self->next = NULL;
  end_step (self);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_clock, self);
  g_signal_handlers_disconnect_by_data (self->window, self);

  if (!write_report (self, TRUE, error_text, &error))
    g_warning ("Could not write the probe's report to %s: %s", self->output, error->message);
  else
    g_debug ("Probe report written to %s", self->output);
  if (app != NULL)
    g_application_quit (app);
  g_object_unref (self);
}

static void
dt_window_probe_dispose (GObject *object)
{
  DtWindowProbe *self = DT_WINDOW_PROBE (object);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->scroller);
  g_clear_object (&self->chooser);
  g_clear_object (&self->entry);
  g_clear_object (&self->view_stack);
  g_clear_object (&self->frame_clock);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (dt_window_probe_parent_class)->dispose (object);
}

static void
dt_window_probe_finalize (GObject *object)
{
  DtWindowProbe *self = DT_WINDOW_PROBE (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->page_names, g_ptr_array_unref);
  g_clear_pointer (&self->visited, json_array_unref);
  g_free (self->output);
  g_free (self->screenshots);
  g_free (self->query);

  G_OBJECT_CLASS (dt_window_probe_parent_class)->finalize (object);
}

static void
dt_window_probe_class_init (DtWindowProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_window_probe_dispose;
  object_class->finalize = dt_window_probe_finalize;
}

static void
dt_window_probe_init (DtWindowProbe *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_probe_step_free);
  self->visited = json_array_new ();
}

/* Called first thing in main(): the first frame is timed from here. */
void
dt_window_probe_note_main_started (void)
{
  if (main_started_at == 0)
    main_started_at = g_get_monotonic_time ();
}

gboolean
dt_window_probe_requested (void)
{
  const char *output = g_getenv ("DT_PROBE");

  return output != NULL && output[0] != '\0';
}

/* Starts measuring @window, which must not have been shown yet. The probe keeps itself and
 * the window alive until it has written its report. */
void
dt_window_probe_attach (GtkWindow *window)
{
  DtWindowProbe *self;
  const char *query = g_getenv ("DT_PROBE_QUERY");

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (dt_window_probe_requested ());

  self = g_object_new (DT_TYPE_WINDOW_PROBE, NULL);
  self->window = g_object_ref (window);
  self->output = g_strdup (g_getenv ("DT_PROBE"));
  self->screenshots = g_strdup (g_getenv ("DT_PROBE_SCREENSHOTS"));
  self->query = g_strdup (query != NULL && query[0] != '\0' ? query : DEFAULT_QUERY);
  self->ranges_wanted = env_uint ("DT_PROBE_RANGES", DEFAULT_RANGES);
  self->scroll_steps = MAX (env_uint ("DT_PROBE_SCROLL_STEPS", DEFAULT_SCROLL_STEPS), 1);
  self->scroll_seconds = env_uint ("DT_PROBE_SCROLL_SECONDS", DEFAULT_SCROLL_SECONDS);
  self->attached_at = g_get_monotonic_time ();
  self->last_beat = self->attached_at;
  dt_window_probe_note_main_started ();

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realized_cb (GTK_WIDGET (window), self);
  else
    g_signal_connect_after (window, "realize", G_CALLBACK (on_realized_cb), self);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroyed_cb), self);
  self->watchdog_id = g_timeout_add_full (G_PRIORITY_HIGH, WATCHDOG_MS, on_watchdog_cb, self,
                                          NULL);
  self->timeout_id = g_timeout_add_seconds (env_uint ("DT_PROBE_TIMEOUT", DEFAULT_TIMEOUT_S),
                                            on_timeout_cb, self);
  write_progress (self);
}

/* dt-window-probe.c: with DT_PROBE=FILE set, times the main window from main() to its first
 * frame, runs a scripted session on it while watching for main-loop stalls, writes what it saw
 * to FILE as JSON and quits. Without DT_PROBE nothing here runs. */
#define G_LOG_DOMAIN "dt-probe"

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "dt-window-probe.h"

/* The watchdog's period. A free main loop dispatches it this often, so a longer gap between
 * two heartbeats (watchdog, frame-clock update, after-paint) is time the loop was busy. */
#define WATCHDOG_MS 5
#define LONG_GAP_US (50 * G_TIME_SPAN_MILLISECOND)
/* A page that shows one range at a time (a week) is paged back this often: a year. */
#define DEFAULT_RANGES 52
/* Frames to scroll through the year: shared by the ranges of a paged page, all for one list
 * that holds everything. A range or list shorter than its share goes page by page. */
#define DEFAULT_SCROLL_STEPS 530
#define DEFAULT_QUERY "design"
#define DEFAULT_TIMEOUT_S 900

typedef void (*ProbeAction) (DtWindowProbe *self);

typedef struct
{
  char       *name;
  gint64      began;
  gint64      ended;
  gint64      worst_gap;
  guint       long_gaps;
  guint       frames;
  char       *skipped;
  JsonObject *details;
} ProbeStep;

struct _DtWindowProbe
{
  GObject            parent_instance;

  GtkWindow         *window;
  GdkFrameClock     *frame_clock;
  char              *output;
  gint64             attached_at;
  gint64             first_frame_at;
  gint64             hwm_at_first_frame_kb;
  gint64             last_beat;
  guint              watchdog_id;
  guint              timeout_id;
  gboolean           finished;

  GPtrArray         *steps;          /* ProbeStep, in the order they ran */
  ProbeStep         *step;           /* the one running */

  ProbeAction        next;           /* runs once frames_wanted frames were drawn … */
  guint              frames_wanted;
  gint64             wait_until;     /* … and this instant has passed */

  GtkWidget         *view_stack;
  GPtrArray         *page_names;
  JsonArray         *visited;
  guint              page_index;

  GtkScrolledWindow *scroller;
  guint              ranges_wanted;
  guint              ranges_done;
  guint              scroll_steps;
  guint              steps_left;     /* in this range */
  guint              budget_left;    /* in the whole scroll */
  gboolean           unpaged;
  guint              scroll_frames;
  double             scrolled_px;

  GtkMenuButton     *chooser;
  GtkEditable       *entry;
  char              *query;
  guint              typed;
  ProbeAction        after_typing;
};

G_DEFINE_FINAL_TYPE (DtWindowProbe, dt_window_probe, G_TYPE_OBJECT)

static gint64 main_started_at;

static void scroll_range_begin (DtWindowProbe *self);
static void pages_begin (DtWindowProbe *self);
static void chooser_begin (DtWindowProbe *self);
static void search_begin (DtWindowProbe *self);
static void finish (DtWindowProbe *self,
                    const char    *error);

static void
probe_step_free (ProbeStep *step)
{
  g_free (step->name);
  g_free (step->skipped);
  g_clear_pointer (&step->details, json_object_unref);
  g_free (step);
}

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

static double
ms_between (gint64 from,
            gint64 to)
{
  return (to - from) / 1000.0;
}

/* A Vm* field of /proc/self/status in kB, or -1. */
static gint64
proc_status_kb (const char *key)
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

static void
beat (DtWindowProbe *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - self->last_beat;

  self->last_beat = now;
  if (self->step == NULL)
    return;
  self->step->worst_gap = MAX (self->step->worst_gap, gap);
  if (gap > LONG_GAP_US)
    self->step->long_gaps++;
}

static void
end_step (DtWindowProbe *self)
{
  if (self->step == NULL)
    return;
  self->step->ended = g_get_monotonic_time ();
  self->step = NULL;
}

static void
begin_step (DtWindowProbe *self,
            const char    *name)
{
  ProbeStep *step = g_new0 (ProbeStep, 1);

  end_step (self);
  step->name = g_strdup (name);
  step->began = g_get_monotonic_time ();
  step->details = json_object_new ();
  g_ptr_array_add (self->steps, step);
  self->step = step;
  g_debug ("Step %s", name);
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

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_first (GtkWidget *root,
            GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (root == NULL)
    return NULL;
  collect (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* The stack of the window's pages: an AdwViewStack, or else the largest GtkStack shown. */
static GtkWidget *
find_view_stack (DtWindowProbe *self)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
  GtkWidget *best = find_first (GTK_WIDGET (self->window), ADW_TYPE_VIEW_STACK);
  int best_area = -1;

  if (best != NULL)
    return best;
  collect (GTK_WIDGET (self->window), GTK_TYPE_STACK, stacks);
  for (guint i = 0; i < stacks->len; i++)
    {
      GtkWidget *stack = g_ptr_array_index (stacks, i);
      int area = gtk_widget_get_width (stack) * gtk_widget_get_height (stack);

      if (gtk_widget_get_mapped (stack) && area > best_area)
        {
          best = stack;
          best_area = area;
        }
    }
  return best;
}

static GPtrArray *
page_names (GtkWidget *stack)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (ADW_IS_VIEW_STACK (stack))
    pages = adw_view_stack_get_pages (ADW_VIEW_STACK (stack));
  else
    pages = gtk_stack_get_pages (GTK_STACK (stack));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      const char *name = ADW_IS_VIEW_STACK_PAGE (page)
                           ? adw_view_stack_page_get_name (ADW_VIEW_STACK_PAGE (page))
                           : gtk_stack_page_get_name (GTK_STACK_PAGE (page));
      if (name != NULL)
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static void
show_page (DtWindowProbe *self,
           const char    *name)
{
  if (ADW_IS_VIEW_STACK (self->view_stack))
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), name);
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->view_stack), name);
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
  const char *name = time_page_name (self);

  if (name == NULL)
    return NULL;
  if (ADW_IS_VIEW_STACK (self->view_stack))
    return adw_view_stack_get_child_by_name (ADW_VIEW_STACK (self->view_stack), name);
  return gtk_stack_get_child_by_name (GTK_STACK (self->view_stack), name);
}

/* The scrolled window on screen in the time page that holds the most content: the list of
 * entries whether it is a box of rows or a GtkListView. */
static GtkScrolledWindow *
find_scroller (DtWindowProbe *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GtkWidget *page = time_page (self);
  GtkScrolledWindow *best = NULL;
  double best_upper = -1;

  if (page == NULL)
    return NULL;
  collect (page, GTK_TYPE_SCROLLED_WINDOW, found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkScrolledWindow *sw = g_ptr_array_index (found, i);
      double upper = gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (sw));

      if (gtk_widget_get_mapped (GTK_WIDGET (sw)) && upper > best_upper)
        {
          best = sw;
          best_upper = upper;
        }
    }
  return best;
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
  wait_then (self, 2, 1000, scroll_range_begin);
}

static void
scroll_done (DtWindowProbe *self)
{
  json_object_set_double_member (self->step->details, "scrolled_px", self->scrolled_px);
  json_object_set_int_member (self->step->details, "scroll_frames", self->scroll_frames);
  json_object_set_int_member (self->step->details, "ranges", self->ranges_done);
  pages_begin (self);
}

static void
scroll_next (DtWindowProbe *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page_size = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - page_size;
  double stride;

  if (self->budget_left == 0 || self->steps_left == 0 || value >= end - 0.5)
    {
      if (self->unpaged)
        {
          scroll_done (self);
          return;
        }
      self->ranges_done++;
      /* A page that shows one range at a time is paged back, as a user would reach last
       * year; a page that lists everything has no such action: it gets the rest of the
       * frames to go on down the same list. */
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
  stride = MAX (MAX (page_size * 0.9, 1.0), (end - value) / self->steps_left);
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

  if (self->step == NULL || !g_str_equal (self->step->name, "scroll"))
    {
      begin_step (self, "scroll");
      show_page (self, time_page_name (self));
    }
  /* Looked up again for every range: an empty range shows a status page instead. */
  scroller = find_scroller (self);
  if (scroller == NULL)
    {
      if (self->ranges_done == 0)
        skip_step (self, "the time page shows no scrolled window");
      scroll_done (self);
      return;
    }
  g_set_object (&self->scroller, scroller);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  if (self->ranges_done == 0)
    self->budget_left = self->scroll_steps;
  self->steps_left = MAX (self->scroll_steps / (self->ranges_wanted + 1), 1);
  g_debug ("Scrolling range %u, %.0f px", self->ranges_done,
           gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (scroller)));
  wait_then (self, 1, 0, scroll_next);
}

static void
pages_next (DtWindowProbe *self)
{
  const char *name;

  if (self->page_index >= self->page_names->len)
    {
      chooser_begin (self);
      return;
    }
  name = g_ptr_array_index (self->page_names, self->page_index++);
  show_page (self, name);
  json_array_add_string_element (self->visited, name);
  wait_then (self, 2, 250, pages_next);
}

static void
pages_begin (DtWindowProbe *self)
{
  begin_step (self, "pages");
  self->page_index = 0;
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
  GtkWidget *entry = find_first (popover, GTK_TYPE_SEARCH_ENTRY);

  if (entry == NULL)
    {
      chooser_typed (self);
      return;
    }
  type_query (self, entry, chooser_typed);
}

/* The task chooser: in the header bar, the menu button with a popover of its own (not a
 * menu), preferring one whose popover has a search entry. */
static GtkMenuButton *
find_chooser (DtWindowProbe *self)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *header = find_first (GTK_WIDGET (self->window), ADW_TYPE_HEADER_BAR);
  GtkMenuButton *fallback = NULL;

  if (header == NULL)
    header = find_first (GTK_WIDGET (self->window), GTK_TYPE_HEADER_BAR);
  if (header == NULL)
    return NULL;
  collect (header, GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, i);
      GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));

      if (popover == NULL || gtk_menu_button_get_menu_model (button) != NULL)
        continue;
      if (find_first (popover, GTK_TYPE_SEARCH_ENTRY) != NULL)
        return button;
      if (fallback == NULL)
        fallback = button;
    }
  return fallback;
}

static void
chooser_begin (DtWindowProbe *self)
{
  GtkMenuButton *chooser;

  begin_step (self, "task-chooser");
  show_page (self, time_page_name (self));
  chooser = find_chooser (self);
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
  finish (self, NULL);
}

static void
search_typed (DtWindowProbe *self)
{
  gtk_editable_set_text (self->entry, "");
  wait_then (self, 2, 600, search_cleared);
}

/* The page's own search entry, not one in a drop-down's popover inside a row. */
static GtkWidget *
find_page_search (DtWindowProbe *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GtkWidget *page = time_page (self);

  if (page == NULL)
    return NULL;
  collect (page, GTK_TYPE_SEARCH_ENTRY, found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *entry = g_ptr_array_index (found, i);
      GtkWidget *popover = gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER);

      if (popover == NULL || !gtk_widget_is_ancestor (popover, page))
        return entry;
    }
  return NULL;
}

static void
search_begin (DtWindowProbe *self)
{
  GtkWidget *entry;
  GtkWidget *bar;

  begin_step (self, "search");
  entry = find_page_search (self);
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
  self->view_stack = find_view_stack (self);
  if (self->view_stack == NULL)
    {
      finish (self, "the window has no stack of pages");
      return;
    }
  g_object_ref (self->view_stack);
  self->page_names = page_names (self->view_stack);
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
      self->hwm_at_first_frame_kb = proc_status_kb ("VmHWM");
      g_debug ("First frame %.0f ms after main()", ms_between (main_started_at,
                                                             self->first_frame_at));
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

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
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

static void
add_step (JsonBuilder *b,
          ProbeStep   *step)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, step->name);
  add_double (b, "ms", ms_between (step->began, step->ended));
  add_double (b, "worst_gap_ms", step->worst_gap / 1000.0);
  json_builder_set_member_name (b, "gaps_over_50ms");
  json_builder_add_int_value (b, step->long_gaps);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, step->frames);
  json_builder_set_member_name (b, "skipped");
  if (step->skipped != NULL)
    json_builder_add_string_value (b, step->skipped);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "details");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), step->details));
  json_builder_end_object (b);
}

static void
add_strings (JsonBuilder *b,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

static gboolean
write_report (DtWindowProbe *self,
              const char    *error_text,
              GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  ProbeStep *worst = NULL;
  gint64 session_began = 0, session_ended = 0;

  for (guint i = 0; i < self->steps->len; i++)
    {
      ProbeStep *step = g_ptr_array_index (self->steps, i);

      if (worst == NULL || step->worst_gap > worst->worst_gap)
        worst = step;
      if (i == 0)
        session_began = step->began;
      session_ended = step->ended;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  if (error_text != NULL)
    json_builder_add_string_value (b, error_text);
  else
    json_builder_add_null_value (b);
  add_double (b, "window_ready_ms", ms_between (main_started_at, self->attached_at));
  add_double (b, "first_frame_ms", self->first_frame_at == 0 ? -1
                                   : ms_between (main_started_at, self->first_frame_at));
  add_double (b, "session_ms", ms_between (session_began, session_ended));
  add_double (b, "worst_stall_ms", worst != NULL ? worst->worst_gap / 1000.0 : -1);
  json_builder_set_member_name (b, "worst_stall_step");
  if (worst != NULL)
    json_builder_add_string_value (b, worst->name);
  else
    json_builder_add_null_value (b);
  add_double (b, "watchdog_ms", WATCHDOG_MS);
  add_mib (b, "peak_rss_mib", proc_status_kb ("VmHWM"));
  add_mib (b, "peak_rss_at_first_frame_mib",
           self->first_frame_at != 0 ? self->hwm_at_first_frame_kb : -1);
  add_mib (b, "rss_mib", proc_status_kb ("VmRSS"));
  add_strings (b, "pages", self->page_names);
  json_builder_set_member_name (b, "pages_visited");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), self->visited));
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->steps->len; i++)
    add_step (b, g_ptr_array_index (self->steps, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_file (generator, self->output, error);
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

  if (!write_report (self, error_text, &error))
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
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_step_free);
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
  self->query = g_strdup (query != NULL && query[0] != '\0' ? query : DEFAULT_QUERY);
  self->ranges_wanted = env_uint ("DT_PROBE_RANGES", DEFAULT_RANGES);
  self->scroll_steps = MAX (env_uint ("DT_PROBE_SCROLL_STEPS", DEFAULT_SCROLL_STEPS), 1);
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
}

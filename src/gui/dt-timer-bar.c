/* dt-timer-bar.c: the header bar's timer. It reads and writes the running entry through the
 * time-entry store and follows every change to it, wherever it came from (the REST API and
 * the MCP tools write on the server's thread; the change monitor brings those here). */
#define G_LOG_DOMAIN "dt-timer"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-change-monitor.h"
#include "dt-db-read.h"
#include "dt-error.h"
#include "dt-format.h"
#include "dt-store-events.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"
#include "dt-timer-bar.h"
#include "dt-trackable.h"
#include "dt-window.h"

struct _DtTimerBar
{
  GtkWidget           parent_instance;

  DtDb               *db;
  DtChangeMonitor    *monitor;
  GListStore         *trackables;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  gboolean            trackables_stale;
  GCancellable       *loading;   /* the picker's tasks being read on a worker, or NULL */
  DtTimeEntry        *running;
  char               *running_label;
  gint64              chosen_project_id;
  gint64              chosen_task_id;
  char               *chosen_label;
  guint               tick_id;
  char               *elapsed_text;
  char               *task_text;
  gint64              last_wall_us;   /* real and monotonic clocks at the last tick: */
  gint64              last_mono_us;   /* they part when the computer sleeps */
  GtkWidget          *gap_dialog;

  GtkWidget          *box;
  GtkButton          *toggle_button;
  GtkMenuButton      *task_button;
  GtkLabel           *task_label;
  GtkLabel           *elapsed_label;
  GtkPopover         *task_popover;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *task_list;
};

G_DEFINE_FINAL_TYPE (DtTimerBar, dt_timer_bar, GTK_TYPE_WIDGET)

static void
report_error (DtTimerBar *self,
              GError     *error)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), error->message);
  else
    g_warning ("%s", error->message);
}

static void
update_elapsed (DtTimerBar *self)
{
  g_free (self->elapsed_text);
  self->elapsed_text = self->running != NULL
                       ? dt_format_elapsed (dt_time_entry_get_duration (self->running,
                                                                        dt_time_now ()))
                       : g_strdup ("");
  gtk_label_set_label (self->elapsed_label, self->elapsed_text);
}

/* A sleep longer than this while the timer runs is worth asking about. */
#define GAP_SECONDS (5 * 60)

static gboolean
on_tick_cb (gpointer user_data)
{
  DtTimerBar *self = DT_TIMER_BAR (user_data);
  gint64 wall = g_get_real_time ();
  gint64 mono = g_get_monotonic_time ();

  /* CLOCK_MONOTONIC stands still while the system is suspended; the wall clock does not. */
  if (self->last_mono_us != 0 && self->running != NULL)
    {
      gint64 gap = ((wall - self->last_wall_us) - (mono - self->last_mono_us)) / G_USEC_PER_SEC;
      if (gap > GAP_SECONDS)
        dt_timer_bar_ask_about_gap (self, gap);
    }
  self->last_wall_us = wall;
  self->last_mono_us = mono;
  update_elapsed (self);
  return G_SOURCE_CONTINUE;
}

static void
update_view (DtTimerBar *self)
{
  GtkWidget *toggle = GTK_WIDGET (self->toggle_button);
  gboolean running = self->running != NULL;
  const char *label;

  if (running)
    {
      gtk_button_set_icon_name (self->toggle_button, "media-playback-stop-symbolic");
      gtk_widget_set_tooltip_text (toggle, _("Stop Timer (Ctrl+Space)"));
      gtk_widget_remove_css_class (toggle, "suggested-action");
      gtk_widget_add_css_class (toggle, "destructive-action");
      label = self->running_label != NULL ? self->running_label : _("Unknown task");
    }
  else
    {
      gtk_button_set_icon_name (self->toggle_button, "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (toggle, self->chosen_label != NULL
                                           ? _("Start Timer (Ctrl+Space)")
                                           : _("Resume the Last Task (Ctrl+Space)"));
      gtk_widget_remove_css_class (toggle, "destructive-action");
      gtk_widget_add_css_class (toggle, "suggested-action");
      label = self->chosen_label != NULL ? self->chosen_label : _("Choose a task");
    }
  /* The header has room for the task's own name; the whole path is in the tooltip and the
   * accessible description. */
  {
    const char *last = g_utf8_strrchr (label, -1, 0x203A);  /* › */
    g_free (self->task_text);
    self->task_text = g_strdup (label);
    gtk_label_set_label (self->task_label, last != NULL ? last + strlen ("› ") : label);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->task_button), label);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->task_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->elapsed_label), running);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  running ? _("Stop timer") : _("Start timer"), -1);

  update_elapsed (self);
  if (running && self->tick_id == 0)
    self->tick_id = g_timeout_add (1000, on_tick_cb, self);
  else if (!running)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
load_running (DtTimerBar *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->running, dt_time_entry_free);
  g_clear_pointer (&self->running_label, g_free);
  self->running = dt_time_entry_store_get_running (self->db, &error);
  if (error != NULL)
    report_error (self, error);
  if (self->running != NULL)
    self->running_label = dt_trackables_describe (self->db, self->running->project_id,
                                                  self->running->task_id);
  update_view (self);
}

/* Puts @loaded in place of the picker's list with one change, not one per task: with
 * thousands of tasks the filter and the list view then look once. */
static void
replace_trackables (DtTimerBar *self,
                    GListStore *loaded)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (loaded));
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (loaded), i));
  g_list_store_splice (self->trackables, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->trackables)),
                       items->pdata, items->len);
}

static void update_list_state (DtTimerBar *self);

static gpointer
load_trackables_cb (DtDb     *db,
                    gpointer  data,
                    GError  **error)
{
  return dt_trackables_load (db, error);
}

static void
on_trackables_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DtTimerBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) loaded = dt_db_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (loaded == NULL)
    {
      report_error (self, error);
      return;
    }
  replace_trackables (self, loaded);
  update_list_state (self);
}

/* Reads every open task (20,000 on ten years of data: seconds) on a worker, so neither the
 * window's start nor opening the picker waits for it; the list shown meanwhile is the last. */
static void
load_trackables (DtTimerBar *self)
{
  self->trackables_stale = FALSE;
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  dt_db_read_async (self->db, load_trackables_cb, NULL, NULL, g_object_unref, self->loading,
                    on_trackables_loaded_cb, g_object_ref (self));
}

static void
on_store_changed_cb (DtTimerBar *self,
                     const char *entity,
                     gint64      id,
                     gpointer    monitor)
{
  if (dt_change_monitor_matches (entity, DT_ENTITY_CLIENT) ||
      dt_change_monitor_matches (entity, DT_ENTITY_PROJECT) ||
      dt_change_monitor_matches (entity, DT_ENTITY_TASK))
    self->trackables_stale = TRUE;
  if (dt_change_monitor_matches (entity, DT_ENTITY_TIME_ENTRY))
    load_running (self);
  else if (g_str_equal (entity, DT_ENTITY_CLIENT) || g_str_equal (entity, DT_ENTITY_PROJECT) ||
           g_str_equal (entity, DT_ENTITY_TASK))
    {
      /* Names shown may have changed; the list is rebuilt when the picker opens next. */
      self->trackables_stale = TRUE;
      if (self->running != NULL)
        load_running (self);
    }
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  DtTimerBar *self = user_data;

  return dt_trackable_matches (DT_TRACKABLE (item),
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* A list view: with thousands of tasks the popup still makes only the rows it shows. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *context = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_ellipsize (GTK_LABEL (context), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (context, "caption");
  gtk_widget_add_css_class (context, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), context);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  DtTrackable *t = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *context = gtk_widget_get_next_sibling (title);

  gtk_label_set_label (GTK_LABEL (title), dt_trackable_get_title (t));
  gtk_label_set_label (GTK_LABEL (context), dt_trackable_get_context (t));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dt_trackable_get_label (t), -1);
}

static void
update_list_state (DtTimerBar *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  if (n > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
on_search_changed_cb (DtTimerBar *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filtered);

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_list_state (self);
}

static void
on_popover_show_cb (DtTimerBar *self)
{
  if (self->trackables_stale)
    load_trackables (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  on_search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
choose (DtTimerBar  *self,
        DtTrackable *t)
{
  gtk_popover_popdown (self->task_popover);
  dt_timer_bar_choose (self, dt_trackable_get_project_id (t), dt_trackable_get_task_id (t));
}

static void
on_row_activated_cb (DtTimerBar  *self,
                     guint        position,
                     GtkListView *list)
{
  g_autoptr(DtTrackable) t = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (t != NULL)
    choose (self, t);
}

static void
on_search_activate_cb (DtTimerBar *self)
{
  DtTrackable *t = gtk_single_selection_get_selected_item (self->selection);

  if (t != NULL)
    choose (self, t);
}

static void
start_on (DtTimerBar *self,
          gint64      project_id,
          gint64      task_id)
{
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) started = NULL;
  g_autoptr(GError) error = NULL;

  input->project_id = project_id;
  input->task_id = task_id;
  started = dt_time_entry_store_start_timer (self->db, input, &error);
  if (started == NULL)
    report_error (self, error);
  /* The change event reloads the view; do it now as well, for a store without events. */
  load_running (self);
}

void
dt_timer_bar_toggle (DtTimerBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) entry = NULL;

  g_return_if_fail (DT_IS_TIMER_BAR (self));

  if (self->running != NULL)
    {
      entry = dt_time_entry_store_stop_timer (self->db, 0, &error);
      if (entry == NULL && !g_error_matches (error, DT_ERROR, DT_ERROR_NOT_FOUND))
        report_error (self, error);
      load_running (self);
      return;
    }

  if (self->chosen_project_id != 0)
    {
      start_on (self, self->chosen_project_id, self->chosen_task_id);
      return;
    }

  entry = dt_time_entry_store_resume_last (self->db, &error);
  if (entry == NULL)
    {
      /* Nothing to resume yet: let the user pick. */
      if (g_error_matches (error, DT_ERROR, DT_ERROR_NOT_FOUND))
        dt_timer_bar_open_picker (self);
      else
        report_error (self, error);
      return;
    }
  load_running (self);
}

typedef struct
{
  DtTimerBar *bar;
  gint64      gap_start;
  gint64      entry_id;
} GapAnswer;

static void
on_gap_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GapAnswer        *answer)
{
  DtTimerBar *self = answer->bar;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;
  gint64 project_id, task_id;

  self->gap_dialog = NULL;
  if (!g_str_equal (response, "discard") || self->running == NULL ||
      self->running->id != answer->entry_id)
    return;
  project_id = self->running->project_id;
  task_id = self->running->task_id;
  /* The entry ends when the computer went to sleep; a new one goes on from now. */
  stopped = dt_time_entry_store_stop_timer (self->db, MAX (answer->gap_start,
                                                           self->running->start_at + 1),
                                            &error);
  if (stopped == NULL)
    {
      report_error (self, error);
      return;
    }
  start_on (self, project_id, task_id);
}

GtkWidget *
dt_timer_bar_ask_about_gap (DtTimerBar *self,
                            gint64      seconds)
{
  g_autofree char *away = NULL;
  g_autofree char *body = NULL;
  GapAnswer *answer;
  GtkRoot *root;

  g_return_val_if_fail (DT_IS_TIMER_BAR (self), NULL);

  if (self->running == NULL || self->gap_dialog != NULL)
    return self->gap_dialog;
  away = dt_format_duration_words (seconds);
  /* Translators: "The computer was asleep for 42 min while the timer ran on “Design”." */
  body = g_strdup_printf (_("The computer was asleep for %s while the timer ran on “%s”."),
                          away, self->task_text != NULL ? self->task_text : "");
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->gap_dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                             _("Keep the Time You Were Away?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self->gap_dialog),
                                    "discard", _("_Discard It"), "keep", _("_Keep It"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self->gap_dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self->gap_dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self->gap_dialog), "keep");
  answer = g_new0 (GapAnswer, 1);
  answer->bar = self;
  answer->gap_start = dt_time_now () - seconds;
  answer->entry_id = self->running->id;
  g_signal_connect_data (self->gap_dialog, "response", G_CALLBACK (on_gap_response_cb), answer,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (self->gap_dialog));
  return self->gap_dialog;
}

void
dt_timer_bar_choose (DtTimerBar *self,
                     gint64      project_id,
                     gint64      task_id)
{
  g_return_if_fail (DT_IS_TIMER_BAR (self));

  self->chosen_project_id = project_id;
  self->chosen_task_id = task_id;
  g_free (self->chosen_label);
  self->chosen_label = dt_trackables_describe (self->db, project_id, task_id);

  if (self->running != NULL &&
      (self->running->project_id != project_id || self->running->task_id != task_id))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtTimeEntry) stopped = dt_time_entry_store_stop_timer (self->db, 0, &error);

      if (stopped == NULL)
        report_error (self, error);
      else
        start_on (self, project_id, task_id);
      return;
    }
  update_view (self);
}

void
dt_timer_bar_open_picker (DtTimerBar *self)
{
  g_return_if_fail (DT_IS_TIMER_BAR (self));
  gtk_menu_button_popup (self->task_button);
}

void
dt_timer_bar_reload (DtTimerBar *self)
{
  g_return_if_fail (DT_IS_TIMER_BAR (self));
  load_trackables (self);
  load_running (self);
}

gboolean
dt_timer_bar_is_loading (DtTimerBar *self)
{
  g_return_val_if_fail (DT_IS_TIMER_BAR (self), FALSE);
  return self->loading != NULL;
}

guint
dt_timer_bar_get_n_choices (DtTimerBar *self)
{
  g_return_val_if_fail (DT_IS_TIMER_BAR (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

gboolean
dt_timer_bar_is_running (DtTimerBar *self)
{
  g_return_val_if_fail (DT_IS_TIMER_BAR (self), FALSE);
  return self->running != NULL;
}

const char *
dt_timer_bar_get_elapsed_text (DtTimerBar *self)
{
  g_return_val_if_fail (DT_IS_TIMER_BAR (self), NULL);
  return self->elapsed_text;
}

const char *
dt_timer_bar_get_task_text (DtTimerBar *self)
{
  g_return_val_if_fail (DT_IS_TIMER_BAR (self), NULL);
  return self->task_text;
}

static void
toggle_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dt_timer_bar_toggle (DT_TIMER_BAR (widget));
}

static void
pick_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_timer_bar_open_picker (DT_TIMER_BAR (widget));
}

static void
dt_timer_bar_dispose (GObject *object)
{
  DtTimerBar *self = DT_TIMER_BAR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->gap_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->gap_dialog)));
  if (self->task_list != NULL)
    gtk_list_view_set_model (self->task_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_TIMER_BAR);
  g_clear_object (&self->monitor);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->trackables);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_timer_bar_parent_class)->dispose (object);
}

static void
dt_timer_bar_finalize (GObject *object)
{
  DtTimerBar *self = DT_TIMER_BAR (object);

  g_clear_pointer (&self->running, dt_time_entry_free);
  g_free (self->running_label);
  g_free (self->chosen_label);
  g_free (self->elapsed_text);
  g_free (self->task_text);

  G_OBJECT_CLASS (dt_timer_bar_parent_class)->finalize (object);
}

static void
dt_timer_bar_class_init (DtTimerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_timer_bar_dispose;
  object_class->finalize = dt_timer_bar_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dt-timer-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, box);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, toggle_button);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, task_button);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, task_label);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, task_popover);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DtTimerBar, task_list);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "timer.toggle", NULL, toggle_activated);
  gtk_widget_class_install_action (widget_class, "timer.pick", NULL, pick_activated);
}

static void
dt_timer_bar_init (DtTimerBar *self)
{
  GtkCustomFilter *filter;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->elapsed_text = g_strdup ("");
  self->trackables = g_list_store_new (DT_TYPE_TRACKABLE);
  /* Read on a worker once the bar has its store, and again after a change when the picker
   * opens next. */
  self->trackables_stale = TRUE;
  filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->trackables)),
                                              GTK_FILTER (filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->task_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->task_list, GTK_SELECTION_MODEL (self->selection));
}

DtTimerBar *
dt_timer_bar_new (DtDb *db)
{
  DtTimerBar *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TIMER_BAR, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_running (self);
  load_trackables (self);
  return self;
}

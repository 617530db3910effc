/* dt-time-page.c: tracked time by day with totals, a list view over the entries of the day or
 * week shown, searched as you type. Rows come from DtTimeEntryRow, edits go through
 * DtTimeEntryActions, new entries through the add-entry dialog. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-change-monitor.h"
#include "dt-format.h"
#include "dt-list-fill.h"
#include "dt-store-events.h"
#include "dt-time-add-dialog.h"
#include "dt-time-entry-actions.h"
#include "dt-time-entry-list-model.h"
#include "dt-time-entry-row.h"
#include "dt-time-page.h"
#include "dt-time.h"
#include "dt-window.h"

/* Typing pauses this long before the list is searched again. */
#define SEARCH_DELAY_MS 200

/* The rows GTK 4.8's list view keeps alive: as many spare rows serve the next range. */
#define SPARE_ROWS 220

struct _DtTimePage
{
  GtkWidget             parent_instance;

  DtDb                 *db;
  DtChangeMonitor      *monitor;
  DtTimeEntryListModel *model;
  DtListFill           *fill;     /* a new range reaches the view a screenful a frame */
  GtkNoSelection       *selection;
  GPtrArray            *spare_rows;   /* rows of a model the view let go of, for the next */
  DtTimeEntryActions   *actions;
  gint64                anchor;   /* an instant inside the range shown */
  gboolean              week;
  guint                 reload_id;
  guint                 search_id;
  guint                 n_days;
  char                 *total_text;

  GtkWidget            *box;
  GtkLabel             *range_label;
  GtkLabel             *total_label;
  GtkToggleButton      *week_toggle;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkScrolledWindow    *scroller;
  GtkListView          *list_view;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (DtTimePage, dt_time_page, GTK_TYPE_WIDGET)

static void schedule_reload (DtTimePage *self);

static void
on_message_cb (DtTimePage *self,
               const char *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static void
range_bounds (DtTimePage *self,
              gint64     *from,
              gint64     *to)
{
  *from = self->week ? dt_time_local_week_start (self->anchor)
                     : dt_time_local_day_start (self->anchor);
  *to = dt_time_local_day_add (*from, self->week ? 7 : 1);
}

static void
update_range_label (DtTimePage *self,
                    gint64      from,
                    gint64      to)
{
  g_autofree char *text = NULL;

  if (self->week)
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (from);
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (dt_time_local_day_add (to, -1));
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      /* Translators: the first day of a week range, see strftime(3), e.g. "23 November" */
      a = g_date_time_format (first, C_("week range", "%-d %B"));
      /* Translators: the last day of a week range, e.g. "29 November 2026" */
      b = g_date_time_format (last, C_("week range", "%-d %B %Y"));
      text = g_strdup_printf ("%s – %s", a, b);
    }
  else
    text = dt_format_day_title (from, dt_time_now ());
  gtk_label_set_label (self->range_label, text);
}

/* Totals and the number of days with entries: a sum per day of the range, in SQL. */
static void
update_totals (DtTimePage *self,
               gint64      from,
               gint64      to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *billable = NULL;
  gint64 seconds = 0, billable_seconds = 0;

  if (!dt_time_entry_list_model_sum (self->model, from, to, &seconds, &billable_seconds, &error))
    on_message_cb (self, error->message);
  self->n_days = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    for (gint64 day = from; day < to; day = dt_time_local_day_add (day, 1))
      {
        gint64 count = 0;
        dt_time_entry_list_model_day_totals (self->model, day, &count, NULL, NULL);
        self->n_days += count > 0;
      }

  total = dt_format_duration_words (seconds);
  billable = dt_format_duration_words (billable_seconds);
  g_free (self->total_text);
  /* Translators: "32 h 15 min tracked · 28 h billable" */
  self->total_text = g_strdup_printf (_("%s tracked · %s billable"), total, billable);
  gtk_label_set_label (self->total_label, self->total_text);
}

static void
update_state (DtTimePage *self)
{
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;

  if (searching)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Entries"));
      adw_status_page_set_description (self->empty_page,
                                       _("No entry shown here has that note, task, project or client"));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "alarm-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Time Tracked"));
      adw_status_page_set_description (self->empty_page,
                                       _("Start the timer in the header bar, or add an entry for work you did earlier"));
    }
  gtk_stack_set_visible_child_name (self->stack, any ? "entries" : "empty");
}

/* Shows the range around the anchor, filtered by the search text. @keep_scroll: the same
 * list with changed data, so the rows in view stay in view. */
static void
rebuild (DtTimePage *self,
         gboolean    keep_scroll)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double scrolled = gtk_adjustment_get_value (adjustment);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gint64 from, to;

  range_bounds (self, &from, &to);
  update_range_label (self, from, to);
  /* The view lets go of the model while it changes: GTK 4.8's list view looks up every item
   * of a change that replaces them all (to keep the widgets of items still there), which
   * would read the whole list. A new model it only counts. */
  gtk_list_view_set_model (self->list_view, NULL);
  dt_time_entry_list_model_set_filter (self->model, from, to, text);
  /* A reload keeps the rows in view where they are, so it cannot wait for them. */
  if (keep_scroll)
    dt_list_fill_show_all (self->fill);
  else
    dt_list_fill_restart (self->fill);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_totals (self, from, to);
  update_state (self);
  if (keep_scroll)
    gtk_adjustment_set_value (adjustment, scrolled);
  else
    gtk_adjustment_set_value (adjustment, 0);
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtTimePage *self = user_data;

  self->reload_id = 0;
  rebuild (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Several changes arrive together (a stop and a start, a draft locking many entries): one
 * reload after them is enough. */
static void
schedule_reload (DtTimePage *self)
{
  if (self->reload_id == 0)
    /* Before the next layout and paint (GTK's are just below), not after every animation. */
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
}

static void
on_store_changed_cb (DtTimePage *self,
                     const char *entity,
                     gint64      id,
                     gpointer    monitor)
{
  gboolean names = g_str_equal (entity, DT_ENTITY_PROJECT) || g_str_equal (entity, DT_ENTITY_TASK) ||
                   g_str_equal (entity, DT_ENTITY_CLIENT) || g_str_equal (entity, DT_ENTITY_TAG) ||
                   g_str_equal (entity, DT_CHANGE_ANY);

  if (names)
    dt_time_entry_actions_forget (self->actions);
  if (names || dt_change_monitor_matches (entity, DT_ENTITY_TIME_ENTRY) ||
      g_str_equal (entity, DT_ENTITY_INVOICE))
    schedule_reload (self);
}

static gboolean
on_search_timeout_cb (gpointer user_data)
{
  DtTimePage *self = user_data;

  self->search_id = 0;
  rebuild (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed_cb (DtTimePage *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, on_search_timeout_cb, self);
}

static void
on_span_toggled_cb (DtTimePage *self)
{
  gboolean week = gtk_toggle_button_get_active (self->week_toggle);

  if (week != self->week)
    {
      self->week = week;
      rebuild (self, FALSE);
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              DtTimePage               *self)
{
  g_autoptr(DtTimeEntryRow) row = self->spare_rows->len > 0
                                   ? g_ptr_array_steal_index_fast (self->spare_rows,
                                                                   self->spare_rows->len - 1)
                                   : g_object_ref_sink (dt_time_entry_row_new (self->actions));

  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, GTK_WIDGET (row));
  /* The list item lets go of its child before ::teardown: this reference outlives that. */
  g_object_set_data_full (G_OBJECT (list_item), "dt-row", g_object_ref (row), g_object_unref);
}

/* GTK 4.8 tears every row down when a range is replaced and sets new ones up for the next:
 * a row kept aside is not made again. */
static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 DtTimePage               *self)
{
  DtTimeEntryRow *row = g_object_steal_data (G_OBJECT (list_item), "dt-row");

  if (row != NULL && self->spare_rows->len < SPARE_ROWS)
    g_ptr_array_add (self->spare_rows, row);
  else if (row != NULL)
    g_object_unref (row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DtTimePage               *self)
{
  DtTimeEntryItem *item = gtk_list_item_get_item (list_item);
  DtTimeEntryRow *row = DT_TIME_ENTRY_ROW (gtk_list_item_get_child (list_item));
  g_autofree char *heading = NULL;
  g_autofree char *total = NULL;

  if (item == NULL)
    return;
  if (dt_time_entry_item_get_starts_day (item))
    {
      gint64 day = dt_time_entry_item_get_day_start (item);
      gint64 seconds = 0;

      dt_time_entry_list_model_day_totals (self->model, day, NULL, &seconds, NULL);
      heading = dt_format_day_title (day, dt_time_now ());
      total = dt_format_duration_words (seconds);
    }
  dt_time_entry_row_bind (row, item, heading, total);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DtTimePage               *self)
{
  dt_time_entry_row_unbind (DT_TIME_ENTRY_ROW (gtk_list_item_get_child (list_item)));
}

static void
move (DtTimePage *self,
      int         direction)
{
  gint64 day = dt_time_local_day_start (self->anchor);

  self->anchor = dt_time_local_day_add (day, direction * (self->week ? 7 : 1)) + 12 * 3600;
  rebuild (self, FALSE);
}

static void
previous_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  move (DT_TIME_PAGE (widget), -1);
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move (DT_TIME_PAGE (widget), 1);
}

static void
today_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DtTimePage *self = DT_TIME_PAGE (widget);

  self->anchor = dt_time_now ();
  rebuild (self, FALSE);
}

static void
entry_added_cb (gint64   start_at,
                gpointer user_data)
{
  DtTimePage *self = DT_TIME_PAGE (user_data);

  self->anchor = start_at;
  schedule_reload (self);
}

GtkWidget *
dt_time_page_add_entry (DtTimePage *self)
{
  g_return_val_if_fail (DT_IS_TIME_PAGE (self), NULL);
  return dt_time_add_dialog_present (GTK_WIDGET (self), self->actions, self->anchor,
                                     entry_added_cb, self);
}

static void
add_entry_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dt_time_page_add_entry (DT_TIME_PAGE (widget));
}

static void
dt_time_page_dispose (GObject *object)
{
  DtTimePage *self = DT_TIME_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->search_id, g_source_remove);
  if (self->list_view != NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_list_view_set_factory (self->list_view, NULL);
    }
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_TIME_PAGE);
  g_clear_object (&self->monitor);
  g_clear_object (&self->selection);
  g_clear_object (&self->fill);
  g_clear_object (&self->model);
  g_clear_object (&self->actions);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_time_page_parent_class)->dispose (object);
}

static void
dt_time_page_finalize (GObject *object)
{
  DtTimePage *self = DT_TIME_PAGE (object);

  g_free (self->total_text);

  G_OBJECT_CLASS (dt_time_page_parent_class)->finalize (object);
}

static void
dt_time_page_class_init (DtTimePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_time_page_dispose;
  object_class->finalize = dt_time_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dt-time-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, box);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, range_label);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, week_toggle);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_span_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "time.previous", NULL, previous_activated);
  gtk_widget_class_install_action (widget_class, "time.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "time.today", NULL, today_activated);
  gtk_widget_class_install_action (widget_class, "time.add-entry", NULL, add_entry_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "time.add-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "time.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "time.next", NULL);
}

static void
dt_time_page_init (DtTimePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->week = TRUE;
  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
}

DtTimePage *
dt_time_page_new (DtDb *db)
{
  DtTimePage *self;
  GtkListItemFactory *factory;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TIME_PAGE, NULL);
  self->db = g_object_ref (db);
  self->anchor = dt_time_now ();
  self->actions = dt_time_entry_actions_new (db);
  g_signal_connect_object (self->actions, "message", G_CALLBACK (on_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actions, "changed", G_CALLBACK (schedule_reload), self,
                           G_CONNECT_SWAPPED);

  self->model = dt_time_entry_list_model_new (db);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  self->fill = dt_list_fill_new (G_LIST_MODEL (self->model), GTK_WIDGET (self->list_view));
  self->selection = gtk_no_selection_new (g_object_ref (dt_list_fill_get_model (self->fill)));

  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild (self, FALSE);
  return self;
}

void
dt_time_page_show (DtTimePage *self,
                   gint64      instant,
                   gboolean    week)
{
  g_return_if_fail (DT_IS_TIME_PAGE (self));

  self->anchor = instant;
  self->week = week;
  gtk_toggle_button_set_active (self->week_toggle, week);
  rebuild (self, FALSE);
}

void
dt_time_page_reload (DtTimePage *self)
{
  g_return_if_fail (DT_IS_TIME_PAGE (self));
  g_clear_handle_id (&self->reload_id, g_source_remove);
  rebuild (self, TRUE);
}

guint
dt_time_page_get_n_days (DtTimePage *self)
{
  g_return_val_if_fail (DT_IS_TIME_PAGE (self), 0);
  return self->n_days;
}

guint
dt_time_page_get_n_entries (DtTimePage *self)
{
  g_return_val_if_fail (DT_IS_TIME_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}

const char *
dt_time_page_get_total_text (DtTimePage *self)
{
  g_return_val_if_fail (DT_IS_TIME_PAGE (self), NULL);
  return self->total_text;
}

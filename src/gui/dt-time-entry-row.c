/* dt-time-entry-row.c: an entry on the Time page, one line of text and its flags, opened
 * to edit it in place; billed entries are shown locked. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-day-groups.h"
#include "dt-form-checks.h"
#include "dt-format.h"
#include "dt-task-drop-down.h"
#include "dt-time-entry-row.h"
#include "dt-time.h"
#include "dt-trackable.h"

struct _DtTimeEntryRow
{
  GtkWidget           parent_instance;

  DtTimeEntryActions *actions;
  DtTimeEntryItem    *item;
  gboolean            filling;   /* fields set from the entry, not by the user */

  gboolean            expanded;

  GtkWidget          *header;
  GtkLabel           *heading;
  GtkLabel           *day_total;
  GtkListBox         *list;
  GtkWidget          *summary;   /* the entry's one row, activated to open the editor */
  GtkWidget          *lock;
  GtkLabel           *title;
  GtkLabel           *subtitle;
  GtkWidget          *overlap;
  GtkWidget          *long_entry;
  GtkLabel           *range;
  GtkLabel           *duration;
  GtkWidget          *arrow;

  /* The editor, NULL until the row is first opened; its rows follow the summary. */
  GPtrArray          *editor_rows;
  AdwEntryRow        *start_row;
  AdwEntryRow        *end_row;
  AdwEntryRow        *note_row;
  AdwEntryRow        *tags_row;
  GtkDropDown        *task;
  GtkSwitch          *billable;
};

G_DEFINE_FINAL_TYPE (DtTimeEntryRow, dt_time_entry_row, GTK_TYPE_WIDGET)

static const DtTimeEntry *
current (DtTimeEntryRow *self)
{
  return self->item != NULL ? dt_time_entry_item_get_entry (self->item) : NULL;
}

static void
on_times_applied_cb (DtTimeEntryRow *self,
                     AdwEntryRow    *row)
{
  const DtTimeEntry *entry = current (self);
  g_autoptr(DtTimeEntry) copy = NULL;
  g_autofree char *message = NULL;
  gint64 start, end;

  if (entry == NULL)
    return;
  message = dt_check_entry_times (dt_time_local_day_start (entry->start_at),
                                  gtk_editable_get_text (GTK_EDITABLE (self->start_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->end_row)),
                                  entry->end_at == 0, &start, &end);
  gtk_widget_remove_css_class (GTK_WIDGET (self->start_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->end_row), "error");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      g_signal_emit_by_name (self->actions, "message", message);
      return;
    }
  copy = dt_time_entry_copy (entry);
  copy->start_at = start;
  copy->end_at = end;
  dt_time_entry_actions_save (self->actions, copy, entry->version);
}

static void
on_note_applied_cb (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (entry == NULL)
    return;
  copy = dt_time_entry_copy (entry);
  g_free (copy->note);
  copy->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  dt_time_entry_actions_save (self->actions, copy, entry->version);
}

static void
on_tags_applied_cb (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);

  if (entry != NULL)
    dt_time_entry_actions_set_tags (self->actions, entry,
                                    gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
}

static void
on_billable_changed_cb (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (self->filling || entry == NULL || entry->billable == gtk_switch_get_active (self->billable))
    return;
  copy = dt_time_entry_copy (entry);
  copy->billable = gtk_switch_get_active (self->billable);
  dt_time_entry_actions_save (self->actions, copy, entry->version);
}

static void
on_task_selected_cb (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);
  DtTrackable *t = gtk_drop_down_get_selected_item (self->task);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (self->filling || entry == NULL || t == NULL ||
      (dt_trackable_get_project_id (t) == entry->project_id &&
       dt_trackable_get_task_id (t) == entry->task_id))
    return;
  copy = dt_time_entry_copy (entry);
  copy->project_id = dt_trackable_get_project_id (t);
  copy->task_id = dt_trackable_get_task_id (t);
  dt_time_entry_actions_save (self->actions, copy, entry->version);
}

static void
on_delete_clicked_cb (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);

  if (entry != NULL)
    dt_time_entry_actions_delete (self->actions, entry->id);
}

static void
add_editor_row (DtTimeEntryRow *self,
                GtkWidget      *row)
{
  gtk_list_box_append (self->list, row);
  g_ptr_array_add (self->editor_rows, row);
}

static AdwEntryRow *
add_entry_row (DtTimeEntryRow *self,
               const char     *title,
               GCallback       applied)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_swapped (row, "apply", applied, self);
  add_editor_row (self, row);
  return ADW_ENTRY_ROW (row);
}

static void
fill_editor (DtTimeEntryRow *self)
{
  const DtTimeEntry *entry = current (self);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *tags = NULL;

  if (self->start_row == NULL || entry == NULL)
    return;
  self->filling = TRUE;
  start_text = dt_format_time_of_day (entry->start_at);
  end_text = entry->end_at > 0 ? dt_format_time_of_day (entry->end_at) : g_strdup ("");
  tags = dt_time_entry_actions_tags_text (self->actions, entry, ", ", "");
  for (AdwEntryRow **r = (AdwEntryRow *[]) { self->start_row, self->end_row, NULL }; *r; r++)
    gtk_widget_remove_css_class (GTK_WIDGET (*r), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->end_row),
                                 entry->end_at > 0 ? _("End") : _("End (running)"));
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), end_text);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), entry->note != NULL ? entry->note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  dt_task_drop_down_select (self->task, entry->project_id, entry->task_id);
  gtk_switch_set_active (self->billable, entry->billable);
  self->filling = FALSE;
}

/* Seven rows and a drop-down of every task: made when someone opens an entry, not for each
 * entry scrolled past. */
static void
build_editor (DtTimeEntryRow *self)
{
  self->editor_rows = g_ptr_array_new ();
  GtkWidget *task_row = adw_action_row_new ();
  GtkWidget *billable_row = adw_action_row_new ();
  GtkWidget *delete_row = adw_action_row_new ();
  GtkWidget *delete = gtk_button_new_with_mnemonic (_("_Delete Entry"));

  self->start_row = add_entry_row (self, _("Start"), G_CALLBACK (on_times_applied_cb));
  self->end_row = add_entry_row (self, _("End"), G_CALLBACK (on_times_applied_cb));
  self->note_row = add_entry_row (self, _("Note"), G_CALLBACK (on_note_applied_cb));
  self->tags_row = add_entry_row (self, _("Tags, separated by commas"),
                                  G_CALLBACK (on_tags_applied_cb));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (task_row), _("Task"));
  self->task = GTK_DROP_DOWN (dt_task_drop_down_new (dt_time_entry_actions_get_trackables (self->actions),
                                                     0, 0));
  g_signal_connect_swapped (self->task, "notify::selected", G_CALLBACK (on_task_selected_cb),
                            self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (task_row), GTK_WIDGET (self->task));
  add_editor_row (self, task_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (billable_row), _("Billable"));
  self->billable = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->billable), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (billable_row), GTK_WIDGET (self->billable));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (billable_row),
                                         GTK_WIDGET (self->billable));
  g_signal_connect_swapped (self->billable, "notify::active",
                            G_CALLBACK (on_billable_changed_cb), self);
  add_editor_row (self, billable_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (delete_row), "");
  gtk_widget_add_css_class (delete, "destructive-action");
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (delete, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (delete_row), delete);
  add_editor_row (self, delete_row);
}

/* Shows the editor below the summary, or hides it; the editor is built the first time. */
static void
show_expanded (DtTimeEntryRow *self,
               gboolean        expanded)
{
  self->expanded = expanded;
  if (expanded && self->editor_rows == NULL)
    build_editor (self);
  if (self->editor_rows != NULL)
    for (guint i = 0; i < self->editor_rows->len; i++)
      gtk_widget_set_visible (g_ptr_array_index (self->editor_rows, i), expanded);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow),
                                expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->summary), GTK_ACCESSIBLE_STATE_EXPANDED,
                               expanded, -1);
}

static void
on_row_activated_cb (DtTimeEntryRow *self,
                     GtkListBoxRow  *row)
{
  if (GTK_WIDGET (row) == self->summary)
    dt_time_entry_row_set_expanded (self, !self->expanded);
}

static GtkWidget *
flag_icon (const char *icon_name,
           const char *tooltip,
           const char *accessible)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (icon, tooltip);
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return icon;
}

static char *
entry_title (DtTimeEntryItem *item)
{
  const char *task = dt_time_entry_item_get_task_title (item);

  if (task != NULL)
    return g_strdup_printf ("%s › %s › %s", dt_time_entry_item_get_client_name (item),
                            dt_time_entry_item_get_project_name (item), task);
  return g_strdup_printf ("%s › %s", dt_time_entry_item_get_client_name (item),
                          dt_time_entry_item_get_project_name (item));
}

static char *
entry_subtitle (DtTimeEntryRow    *self,
                const DtTimeEntry *entry)
{
  g_autofree char *tags = dt_time_entry_actions_tags_text (self->actions, entry, " ", "#");
  char *note = entry->note != NULL && *entry->note ? g_strdup (entry->note) : NULL;

  if (*tags != '\0')
    {
      char *with = note != NULL ? g_strdup_printf ("%s · %s", note, tags) : g_strdup (tags);
      g_free (note);
      note = with;
    }
  if (!entry->billable)
    {
      char *with = note != NULL
                   /* Translators: an entry's note, then that it is not billable */
                   ? g_strdup_printf (_("%s · Not billable"), note)
                   : g_strdup (_("Not billable"));
      g_free (note);
      note = with;
    }
  return note;
}

void
dt_time_entry_row_bind (DtTimeEntryRow  *self,
                        DtTimeEntryItem *item,
                        const char      *heading,
                        const char      *day_total)
{
  const DtTimeEntry *entry;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *range = NULL;
  g_autofree char *duration = NULL;
  gint64 seconds;
  gboolean locked, long_entry, overlap;

  g_return_if_fail (DT_IS_TIME_ENTRY_ROW (self));
  g_return_if_fail (DT_IS_TIME_ENTRY_ITEM (item));

  g_set_object (&self->item, item);
  entry = dt_time_entry_item_get_entry (item);
  gtk_widget_set_visible (self->header, heading != NULL);
  gtk_label_set_label (self->heading, heading != NULL ? heading : "");
  gtk_label_set_label (self->day_total, day_total != NULL ? day_total : "");

  title = entry_title (item);
  subtitle = entry_subtitle (self, entry);
  range = dt_format_time_range (entry->start_at, entry->end_at);
  seconds = dt_time_entry_get_duration (entry, dt_time_now ());
  duration = dt_format_duration_clock (seconds);
  locked = entry->invoice_line_id != 0;
  long_entry = seconds > DT_LONG_ENTRY_SECONDS;
  overlap = dt_time_entry_item_get_overlaps (item);

  if (locked)
    {
      /* Translators: subtitle of an entry on an invoice, after its note if any */
      char *billed = subtitle != NULL ? g_strdup_printf (_("%s · Billed"), subtitle)
                                      : g_strdup (_("Billed"));
      g_free (subtitle);
      subtitle = billed;
    }
  if (locked)
    gtk_widget_add_css_class (GTK_WIDGET (self), "locked-entry");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "locked-entry");
  gtk_widget_set_visible (self->lock, locked);
  gtk_widget_set_visible (self->arrow, !locked);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->summary), !locked);
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, subtitle != NULL ? subtitle : _("No note"));
  gtk_widget_set_visible (self->overlap, overlap);
  gtk_widget_set_visible (self->long_entry, long_entry);
  gtk_label_set_label (self->range, range);
  gtk_label_set_label (self->duration, duration);
  show_expanded (self, !locked && dt_time_entry_actions_is_expanded (self->actions, entry->id));
  fill_editor (self);
}

void
dt_time_entry_row_set_expanded (DtTimeEntryRow *self,
                                gboolean        expanded)
{
  const DtTimeEntry *entry;

  g_return_if_fail (DT_IS_TIME_ENTRY_ROW (self));

  entry = current (self);
  if (entry == NULL || entry->invoice_line_id != 0 || expanded == self->expanded)
    return;
  dt_time_entry_actions_set_expanded (self->actions, entry->id, expanded);
  show_expanded (self, expanded);
  fill_editor (self);
}

gboolean
dt_time_entry_row_get_expanded (DtTimeEntryRow *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ROW (self), FALSE);
  return self->expanded;
}

void
dt_time_entry_row_unbind (DtTimeEntryRow *self)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_ROW (self));
  g_clear_object (&self->item);
}

DtTimeEntryItem *
dt_time_entry_row_get_item (DtTimeEntryRow *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ROW (self), NULL);
  return self->item;
}

static void
dt_time_entry_row_dispose (GObject *object)
{
  DtTimeEntryRow *self = DT_TIME_ENTRY_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->editor_rows, g_ptr_array_unref);
  g_clear_object (&self->item);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (dt_time_entry_row_parent_class)->dispose (object);
}

static void
dt_time_entry_row_class_init (DtTimeEntryRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_time_entry_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "time-entry-row");
}

static void
dt_time_entry_row_init (DtTimeEntryRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  /* The day's heading, as an AdwPreferencesGroup shows its title and header suffix. */
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (self->header, 18);
  gtk_widget_set_margin_bottom (self->header, 6);
  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->heading), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heading),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  self->day_total = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->day_total), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->day_total), "heading");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->heading));
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->day_total));
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));

  /* One line each for the title and the subtitle, ellipsized: a row of a long list is
   * measured whenever it is bound, and wrapping text would be laid out at every width tried. */
  self->lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
  gtk_widget_set_tooltip_text (self->lock, _("Billed on an invoice: it cannot be changed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->lock), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Billed, locked"), -1);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  self->overlap = flag_icon ("dialog-warning-symbolic", _("Overlaps another entry"),
                             _("Overlaps another entry"));
  self->long_entry = flag_icon ("alarm-symbolic", _("Unusually long — forgot to stop the timer?"),
                                _("Unusually long entry"));
  self->range = GTK_LABEL (gtk_label_new (NULL));
  self->duration = GTK_LABEL (gtk_label_new (NULL));
  self->arrow = gtk_image_new_from_icon_name ("pan-end-symbolic");
  for (GtkLabel **l = (GtkLabel *[]) { self->title, self->subtitle, NULL }; *l; l++)
    {
      gtk_label_set_xalign (*l, 0);
      gtk_label_set_ellipsize (*l, PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (*l, TRUE);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "subtitle");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->range), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->duration), "numeric");

  {
    GtkWidget *summary = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

    gtk_widget_add_css_class (summary, "entry-summary");
    gtk_widget_set_hexpand (text, TRUE);
    gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title));
    gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->subtitle));
    gtk_box_append (GTK_BOX (summary), self->lock);
    gtk_box_append (GTK_BOX (summary), text);
    /* Flags, times, then the duration, as the eye reads the row. */
    gtk_box_append (GTK_BOX (summary), self->long_entry);
    gtk_box_append (GTK_BOX (summary), self->overlap);
    gtk_box_append (GTK_BOX (summary), GTK_WIDGET (self->range));
    gtk_box_append (GTK_BOX (summary), GTK_WIDGET (self->duration));
    gtk_box_append (GTK_BOX (summary), self->arrow);
    gtk_list_box_append (self->list, summary);
    self->summary = gtk_widget_get_parent (summary);
  }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->summary),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                  -1);
}

DtTimeEntryRow *
dt_time_entry_row_new (DtTimeEntryActions *actions)
{
  DtTimeEntryRow *self;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (actions), NULL);

  self = g_object_new (DT_TYPE_TIME_ENTRY_ROW, NULL);
  self->actions = g_object_ref (actions);
  return self;
}

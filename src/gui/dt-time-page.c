/* dt-time-page.c: tracked time by day with totals, flags for overlaps and long entries, and
 * editing in place; billed entries are shown locked. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-change-monitor.h"
#include "dt-day-groups.h"
#include "dt-form-checks.h"
#include "dt-format.h"
#include "dt-store-events.h"
#include "dt-tag-store.h"
#include "dt-time-entry-store.h"
#include "dt-time-page.h"
#include "dt-time.h"
#include "dt-trackable.h"
#include "dt-window.h"

struct _DtTimePage
{
  GtkWidget        parent_instance;

  DtDb            *db;
  DtChangeMonitor *monitor;
  GListStore      *trackables;
  GPtrArray       *entries;         /* DtTimeEntry, this range */
  GHashTable      *expanded;        /* entry ids whose row is open, kept across reloads */
  GHashTable      *tag_names;       /* tag id → name */
  gint64           anchor;          /* an instant inside the range shown */
  gboolean         week;
  guint            reload_id;
  guint            n_days;
  char            *total_text;

  GtkWidget       *box;
  GtkLabel        *range_label;
  GtkLabel        *total_label;
  GtkToggleButton *week_toggle;
  GtkStack        *stack;
  GtkBox          *days_box;
};

G_DEFINE_FINAL_TYPE (DtTimePage, dt_time_page, GTK_TYPE_WIDGET)

static void schedule_reload (DtTimePage *self);

static void
toast (DtTimePage *self,
       const char *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);

  if (window != NULL)
    dt_window_show_toast (DT_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static DtTimeEntry *
entry_by_id (DtTimePage *self,
             gint64      id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      DtTimeEntry *e = g_ptr_array_index (self->entries, i);
      if (e->id == id)
        return e;
    }
  return NULL;
}

static char *
entry_label (DtTimePage        *self,
             const DtTimeEntry *entry)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->trackables));
  char *label;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtTrackable) t = g_list_model_get_item (G_LIST_MODEL (self->trackables), i);
      if (dt_trackable_get_project_id (t) == entry->project_id &&
          dt_trackable_get_task_id (t) == entry->task_id)
        return g_strdup (dt_trackable_get_label (t));
    }
  /* Archived projects and done tasks are not in the picker but still named. */
  label = dt_trackables_describe (self->db, entry->project_id, entry->task_id);
  return label != NULL ? label : g_strdup (_("Unknown project"));
}

/* Saves @copy (a changed copy of a listed entry); errors become a toast, and the page reloads
 * from the store either way so it never shows what was not saved. */
static gboolean
save_entry (DtTimePage        *self,
            const DtTimeEntry *copy,
            gint64             version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) saved = dt_time_entry_store_update (self->db, copy, version, &error);

  if (saved == NULL)
    toast (self, error->message);
  schedule_reload (self);
  return saved != NULL;
}

static void
on_times_applied_cb (AdwEntryRow *row,
                     DtTimePage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "entry-id"));
  DtTimeEntry *entry = entry_by_id (self, id);
  AdwEntryRow *start_row = g_object_get_data (G_OBJECT (row), "start-row");
  AdwEntryRow *end_row = g_object_get_data (G_OBJECT (row), "end-row");
  g_autoptr(DtTimeEntry) copy = NULL;
  g_autofree char *message = NULL;
  gint64 start, end;

  if (entry == NULL)
    return;
  message = dt_check_entry_times (dt_time_local_day_start (entry->start_at),
                                  gtk_editable_get_text (GTK_EDITABLE (start_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (end_row)),
                                  entry->end_at == 0, &start, &end);
  gtk_widget_remove_css_class (GTK_WIDGET (start_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (end_row), "error");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      toast (self, message);
      return;
    }
  copy = dt_time_entry_copy (entry);
  copy->start_at = start;
  copy->end_at = end;
  save_entry (self, copy, entry->version);
}

static void
on_note_applied_cb (AdwEntryRow *row,
                    DtTimePage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "entry-id"));
  DtTimeEntry *entry = entry_by_id (self, id);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (entry == NULL)
    return;
  copy = dt_time_entry_copy (entry);
  g_free (copy->note);
  copy->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  save_entry (self, copy, entry->version);
}

static char *
entry_tags_text (DtTimePage        *self,
                 const DtTimeEntry *entry,
                 const char        *separator,
                 const char        *prefix)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; entry->tag_ids != NULL && i < entry->tag_ids->len; i++)
    {
      gint64 id = g_array_index (entry->tag_ids, gint64, i);
      const char *name = g_hash_table_lookup (self->tag_names, &id);
      if (name == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append_printf (text, "%s%s", prefix, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_tags_applied_cb (AdwEntryRow *row,
                    DtTimePage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "entry-id"));
  DtTimeEntry *entry = entry_by_id (self, id);
  g_auto(GStrv) names = dt_split_tags (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(DtTimeEntry) copy = NULL;

  if (entry == NULL)
    return;
  copy = dt_time_entry_copy (entry);
  g_array_set_size (copy->tag_ids, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (names[i], -1);
      GHashTableIter iter;
      gpointer key, value;
      gint64 tag_id = 0;

      g_hash_table_iter_init (&iter, self->tag_names);
      while (tag_id == 0 && g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *other = g_utf8_casefold (value, -1);
          if (g_str_equal (other, folded))
            tag_id = *(gint64 *) key;
        }
      if (tag_id == 0)
        {
          /* A new name makes a new tag: typing it is how tags are made. */
          g_autoptr(GError) error = NULL;
          g_autoptr(DtTag) input = dt_tag_new ();
          g_autoptr(DtTag) tag = NULL;

          g_free (input->name);
          input->name = g_strdup (names[i]);
          tag = dt_tag_store_create (self->db, input, &error);
          if (tag == NULL)
            {
              toast (self, error->message);
              return;
            }
          tag_id = tag->id;
          g_hash_table_insert (self->tag_names, g_memdup2 (&tag_id, sizeof tag_id),
                               g_strdup (tag->name));
        }
      dt_time_entry_add_tag (copy, tag_id);
    }
  save_entry (self, copy, entry->version);
}

static void
on_billable_changed_cb (GtkSwitch  *sw,
                        GParamSpec *pspec,
                        DtTimePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (sw), "entry-id"));
  DtTimeEntry *entry = entry_by_id (self, id);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (entry == NULL || entry->billable == gtk_switch_get_active (sw))
    return;
  copy = dt_time_entry_copy (entry);
  copy->billable = gtk_switch_get_active (sw);
  save_entry (self, copy, entry->version);
}

static void
on_task_selected_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     DtTimePage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dropdown), "entry-id"));
  DtTimeEntry *entry = entry_by_id (self, id);
  DtTrackable *t = gtk_drop_down_get_selected_item (dropdown);
  g_autoptr(DtTimeEntry) copy = NULL;

  if (entry == NULL || t == NULL ||
      (dt_trackable_get_project_id (t) == entry->project_id &&
       dt_trackable_get_task_id (t) == entry->task_id))
    return;
  copy = dt_time_entry_copy (entry);
  copy->project_id = dt_trackable_get_project_id (t);
  copy->task_id = dt_trackable_get_task_id (t);
  save_entry (self, copy, entry->version);
}

static void
on_delete_clicked_cb (GtkButton  *button,
                      DtTimePage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "entry-id"));
  g_autoptr(GError) error = NULL;

  if (!dt_time_entry_store_delete (self->db, id, &error))
    toast (self, error->message);
  else
    toast (self, _("Entry deleted"));
  g_hash_table_remove (self->expanded, GSIZE_TO_POINTER (id));
  schedule_reload (self);
}

static void
on_expanded_cb (AdwExpanderRow *row,
                GParamSpec     *pspec,
                DtTimePage     *self)
{
  gpointer id = g_object_get_data (G_OBJECT (row), "entry-id");

  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, id);
  else
    g_hash_table_remove (self->expanded, id);
}

static char *
trackable_label_cb (DtTrackable *t)
{
  return g_strdup (t != NULL ? dt_trackable_get_label (t) : "");
}

static GtkWidget *
new_task_dropdown (DtTimePage *self,
                   gint64      project_id,
                   gint64      task_id)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (trackable_label_cb),
                                                           NULL, NULL);
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->trackables)),
                                           expression);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->trackables));

  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DtTrackable) t = g_list_model_get_item (G_LIST_MODEL (self->trackables), i);
      if (dt_trackable_get_project_id (t) == project_id && dt_trackable_get_task_id (t) == task_id)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          break;
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Task"), -1);
  return dropdown;
}

static void
add_flag_icons (GtkWidget    *row,
                DtEntryFlags  flags,
                gint64        invoice_id)
{
  if (flags & DT_ENTRY_FLAG_OVERLAP)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Overlaps another entry"));
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Overlaps another entry"), -1);
      ADW_IS_EXPANDER_ROW (row) ? adw_expander_row_add_action (ADW_EXPANDER_ROW (row), icon)
                                : adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  if (flags & DT_ENTRY_FLAG_LONG)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Unusually long — forgot to stop the timer?"));
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Unusually long entry"), -1);
      ADW_IS_EXPANDER_ROW (row) ? adw_expander_row_add_action (ADW_EXPANDER_ROW (row), icon)
                                : adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  if (flags & DT_ENTRY_FLAG_LOCKED)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Billed on an invoice: it cannot be changed"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Billed, locked"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
}

static GtkWidget *
suffix_label (const char *text,
              gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, numeric ? "numeric" : "dim-label");
  return label;
}

static GtkWidget *
build_row (DtTimePage   *self,
           DtTimeEntry  *entry,
           DtEntryFlags  flags)
{
  g_autofree char *title = entry_label (self, entry);
  g_autofree char *range = dt_format_time_range (entry->start_at, entry->end_at);
  g_autofree char *duration = dt_format_duration_clock (dt_time_entry_get_duration (entry,
                                                                                     dt_time_now ()));
  g_autofree char *note = NULL;
  gpointer id = GSIZE_TO_POINTER (entry->id);
  GtkWidget *row;

  note = entry->note != NULL && *entry->note ? g_strdup (entry->note) : NULL;
  {
    g_autofree char *tags = entry_tags_text (self, entry, " ", "#");
    if (*tags != '\0')
      {
        char *with = note != NULL ? g_strdup_printf ("%s · %s", note, tags) : g_strdup (tags);
        g_free (note);
        note = with;
      }
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

  if (flags & DT_ENTRY_FLAG_LOCKED)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      {
        /* Translators: subtitle of an entry on an invoice, after its note if any */
        g_autofree char *billed = note != NULL ? g_strdup_printf (_("%s · Billed"), note)
                                               : g_strdup (_("Billed"));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), billed);
      }
      add_flag_icons (row, flags, entry->invoice_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (range, FALSE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (duration, TRUE));
      gtk_widget_add_css_class (row, "locked-entry");
      return row;
    }

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), note != NULL ? note : _("No note"));
  /* Actions are packed from the end: this shows flags, times, then the duration. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), suffix_label (duration, TRUE));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), suffix_label (range, FALSE));
  add_flag_icons (row, flags, 0);
  g_object_set_data (G_OBJECT (row), "entry-id", id);

  {
    GtkWidget *start_row = adw_entry_row_new ();
    GtkWidget *end_row = adw_entry_row_new ();
    GtkWidget *note_row = adw_entry_row_new ();
    GtkWidget *task_row = adw_action_row_new ();
    GtkWidget *billable_row = adw_action_row_new ();
    GtkWidget *billable = gtk_switch_new ();
    GtkWidget *delete_row = adw_action_row_new ();
    GtkWidget *delete = gtk_button_new_with_mnemonic (_("_Delete Entry"));
    GtkWidget *dropdown = new_task_dropdown (self, entry->project_id, entry->task_id);
    g_autofree char *start_text = dt_format_time_of_day (entry->start_at);
    g_autofree char *end_text = entry->end_at > 0 ? dt_format_time_of_day (entry->end_at)
                                                  : g_strdup ("");

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (start_row), _("Start"));
    gtk_editable_set_text (GTK_EDITABLE (start_row), start_text);
    adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (start_row), TRUE);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (end_row),
                                   entry->end_at > 0 ? _("End") : _("End (running)"));
    gtk_editable_set_text (GTK_EDITABLE (end_row), end_text);
    adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (end_row), TRUE);
    for (GtkWidget **r = (GtkWidget *[]) { start_row, end_row, NULL }; *r != NULL; r++)
      {
        g_object_set_data (G_OBJECT (*r), "entry-id", id);
        g_object_set_data (G_OBJECT (*r), "start-row", start_row);
        g_object_set_data (G_OBJECT (*r), "end-row", end_row);
        g_signal_connect (*r, "apply", G_CALLBACK (on_times_applied_cb), self);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), *r);
      }

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note_row), _("Note"));
    gtk_editable_set_text (GTK_EDITABLE (note_row), entry->note != NULL ? entry->note : "");
    adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (note_row), TRUE);
    g_object_set_data (G_OBJECT (note_row), "entry-id", id);
    g_signal_connect (note_row, "apply", G_CALLBACK (on_note_applied_cb), self);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), note_row);

    {
      GtkWidget *tags_row = adw_entry_row_new ();
      g_autofree char *tags = entry_tags_text (self, entry, ", ", "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (tags_row),
                                     _("Tags, separated by commas"));
      gtk_editable_set_text (GTK_EDITABLE (tags_row), tags);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (tags_row), TRUE);
      g_object_set_data (G_OBJECT (tags_row), "entry-id", id);
      g_signal_connect (tags_row, "apply", G_CALLBACK (on_tags_applied_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), tags_row);
    }

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (task_row), _("Task"));
    g_object_set_data (G_OBJECT (dropdown), "entry-id", id);
    g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_task_selected_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (task_row), dropdown);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), task_row);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (billable_row), _("Billable"));
    gtk_switch_set_active (GTK_SWITCH (billable), entry->billable);
    gtk_widget_set_valign (billable, GTK_ALIGN_CENTER);
    adw_action_row_add_suffix (ADW_ACTION_ROW (billable_row), billable);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (billable_row), billable);
    g_object_set_data (G_OBJECT (billable), "entry-id", id);
    g_signal_connect (billable, "notify::active", G_CALLBACK (on_billable_changed_cb), self);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), billable_row);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (delete_row), "");
    gtk_widget_add_css_class (delete, "destructive-action");
    gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
    g_object_set_data (G_OBJECT (delete), "entry-id", id);
    g_signal_connect (delete, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (delete_row), delete);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), delete_row);
  }

  if (g_hash_table_contains (self->expanded, id))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded_cb), self);
  return row;
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

static void
clear_days (DtTimePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_box))) != NULL)
    gtk_box_remove (self->days_box, child);
}

static void
rebuild (DtTimePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree DtEntrySpan *spans = NULL;
  g_autoptr(GListStore) trackables = NULL;
  g_autofree char *total = NULL;
  g_autofree char *billable = NULL;
  DtListQuery query = { 0 };
  gint64 from, to, now = dt_time_now ();
  gint64 total_seconds = 0, billable_seconds = 0;
  gboolean more = TRUE;

  range_bounds (self, &from, &to);
  update_range_label (self, from, to);

  trackables = dt_trackables_load (self->db, &error);
  if (trackables != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (trackables));
      g_list_store_remove_all (self->trackables);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (trackables), i);
          g_list_store_append (self->trackables, item);
        }
    }
  g_clear_error (&error);

  g_hash_table_remove_all (self->tag_names);
  {
    DtListQuery tag_query = { 0 };
    g_autoptr(GPtrArray) tags = NULL;

    tag_query.limit = DT_LIST_MAX_LIMIT;
    tags = dt_tag_store_list (self->db, &tag_query, NULL, NULL);
    for (guint i = 0; tags != NULL && i < tags->len; i++)
      {
        DtTag *tag = g_ptr_array_index (tags, i);
        g_hash_table_insert (self->tag_names, g_memdup2 (&tag->id, sizeof tag->id),
                             g_strdup (tag->name));
      }
  }

  g_ptr_array_set_size (self->entries, 0);
  query.from = from;
  query.to = to;
  query.limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = dt_time_entry_store_list (self->db, &query, &more, &error);

      if (page == NULL)
        {
          toast (self, error->message);
          break;
        }
      if (page->len == 0)
        break;
      query.after_id = ((DtTimeEntry *) g_ptr_array_index (page, page->len - 1))->id;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (self->entries, page->pdata[i]);
      g_ptr_array_set_free_func (page, NULL);
    }

  spans = g_new0 (DtEntrySpan, MAX (self->entries->len, 1));
  for (guint i = 0; i < self->entries->len; i++)
    {
      DtTimeEntry *e = g_ptr_array_index (self->entries, i);
      spans[i] = (DtEntrySpan) { e->id, e->start_at, e->end_at, e->billable,
                                 e->invoice_line_id != 0 };
    }
  groups = dt_day_groups_build (spans, self->entries->len, now, 0);

  clear_days (self);
  for (guint g = 0; g < groups->len; g++)
    {
      DtDayGroup *group = g_ptr_array_index (groups, g);
      GtkWidget *pref_group = adw_preferences_group_new ();
      g_autofree char *title = dt_format_day_title (group->day_start, now);
      g_autofree char *day_total = dt_format_duration_words (group->seconds);
      GtkWidget *total_label = gtk_label_new (day_total);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (pref_group), title);
      gtk_widget_add_css_class (total_label, "numeric");
      gtk_widget_add_css_class (total_label, "heading");
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (pref_group), total_label);
      for (guint k = 0; k < group->indices->len; k++)
        {
          guint index = g_array_index (group->indices, guint, k);
          DtEntryFlags flags = g_array_index (group->flags, DtEntryFlags, k);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (pref_group),
                                     build_row (self, g_ptr_array_index (self->entries, index),
                                                flags));
        }
      gtk_box_append (self->days_box, pref_group);
      total_seconds += group->seconds;
      billable_seconds += group->billable_seconds;
    }
  self->n_days = groups->len;

  total = dt_format_duration_words (total_seconds);
  billable = dt_format_duration_words (billable_seconds);
  g_free (self->total_text);
  /* Translators: "32 h 15 min tracked · 28 h billable" */
  self->total_text = g_strdup_printf (_("%s tracked · %s billable"), total, billable);
  gtk_label_set_label (self->total_label, self->total_text);
  gtk_stack_set_visible_child_name (self->stack, groups->len > 0 ? "entries" : "empty");
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtTimePage *self = user_data;

  self->reload_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Several changes arrive together (a stop and a start, a draft locking many entries): one
 * rebuild after them is enough. */
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
  if (dt_change_monitor_matches (entity, DT_ENTITY_TIME_ENTRY) ||
      g_str_equal (entity, DT_ENTITY_PROJECT) || g_str_equal (entity, DT_ENTITY_TASK) ||
      g_str_equal (entity, DT_ENTITY_CLIENT) || g_str_equal (entity, DT_ENTITY_INVOICE))
    schedule_reload (self);
}

static void
on_span_toggled_cb (DtTimePage *self)
{
  gboolean week = gtk_toggle_button_get_active (self->week_toggle);

  if (week != self->week)
    {
      self->week = week;
      rebuild (self);
    }
}

static void
move (DtTimePage *self,
      int         direction)
{
  gint64 day = dt_time_local_day_start (self->anchor);

  self->anchor = dt_time_local_day_add (day, direction * (self->week ? 7 : 1)) + 12 * 3600;
  rebuild (self);
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
  rebuild (self);
}

/* The add-entry dialog: a form whose Add response stays off until every field is right,
 * with the reason next to the field. */
typedef struct
{
  DtTimePage  *page;
  GtkWidget   *dialog;
  GtkDropDown *task;
  AdwEntryRow *date;
  AdwEntryRow *start;
  AdwEntryRow *end;
  AdwEntryRow *note;
  GtkSwitch   *billable;
  GtkLabel    *message;
} AddForm;

static char *
validate_add_form (AddForm *form,
                   gint64  *out_start,
                   gint64  *out_end)
{
  int y, m, d;
  g_autoptr(GError) error = NULL;

  if (gtk_drop_down_get_selected_item (form->task) == NULL)
    return g_strdup (_("Choose what you worked on"));
  if (!dt_time_parse_date (gtk_editable_get_text (GTK_EDITABLE (form->date)), &y, &m, &d, &error))
    return g_strdup (_("Enter the date like 2026-11-27"));
  return dt_check_entry_times (dt_time_local_midnight (y, m, d),
                               gtk_editable_get_text (GTK_EDITABLE (form->start)),
                               gtk_editable_get_text (GTK_EDITABLE (form->end)), FALSE,
                               out_start, out_end);
}

static void
on_add_form_changed_cb (AddForm *form)
{
  g_autofree char *message = validate_add_form (form, NULL, NULL);

  gtk_label_set_label (form->message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (form->message), message != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "add",
                                           message == NULL);
}

static void
on_add_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AddForm          *form)
{
  g_autoptr(DtTimeEntry) input = NULL;
  g_autoptr(DtTimeEntry) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  DtTrackable *t;
  gint64 start = 0, end = 0;

  if (!g_str_equal (response, "add"))
    return;
  message = validate_add_form (form, &start, &end);
  if (message != NULL)
    {
      toast (form->page, message);
      return;
    }
  t = gtk_drop_down_get_selected_item (form->task);
  input = dt_time_entry_new ();
  input->project_id = dt_trackable_get_project_id (t);
  input->task_id = dt_trackable_get_task_id (t);
  input->start_at = start;
  input->end_at = end;
  g_free (input->note);
  input->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->note))));
  input->billable = gtk_switch_get_active (form->billable);
  created = dt_time_entry_store_create (form->page->db, input, &error);
  if (created == NULL)
    {
      toast (form->page, error->message);
      return;
    }
  form->page->anchor = start;
  schedule_reload (form->page);
}

GtkWidget *
dt_time_page_add_entry (DtTimePage *self)
{
  AddForm *form;
  GtkWidget *group, *box, *billable_row;
  g_autofree char *today = NULL;
  GtkRoot *root;

  g_return_val_if_fail (DT_IS_TIME_PAGE (self), NULL);

  form = g_new0 (AddForm, 1);
  form->page = self;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  form->dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         _("Add Entry"),
                                         _("For work you did without the timer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (form->dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  group = adw_preferences_group_new ();
  {
    GtkWidget *task_row = adw_action_row_new ();
    GtkWidget *dropdown = new_task_dropdown (self, 0, 0);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (task_row), _("Task"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (task_row), dropdown);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), task_row);
    form->task = GTK_DROP_DOWN (dropdown);
    g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_add_form_changed_cb),
                              form);
  }

  today = dt_time_local_date (self->anchor);
  form->date = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->date), _("Date"));
  gtk_editable_set_text (GTK_EDITABLE (form->date), today);
  form->start = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->start), _("Start"));
  gtk_editable_set_text (GTK_EDITABLE (form->start), "9:00");
  form->end = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->end), _("End"));
  gtk_editable_set_text (GTK_EDITABLE (form->end), "10:00");
  form->note = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->note), _("Note"));
  for (AdwEntryRow **r = (AdwEntryRow *[]) { form->date, form->start, form->end, form->note,
                                             NULL }; *r != NULL; r++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (*r));
      g_signal_connect_swapped (*r, "changed", G_CALLBACK (on_add_form_changed_cb), form);
    }

  billable_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (billable_row), _("Billable"));
  form->billable = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (form->billable, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (form->billable), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (billable_row), GTK_WIDGET (form->billable));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (billable_row),
                                         GTK_WIDGET (form->billable));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), billable_row);

  form->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->message), "error");
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->message));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), box);

  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_add_response_cb), form,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  on_add_form_changed_cb (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return form->dialog;
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
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_TIME_PAGE);
  g_clear_object (&self->monitor);
  g_clear_object (&self->trackables);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_time_page_parent_class)->dispose (object);
}

static void
dt_time_page_finalize (GObject *object)
{
  DtTimePage *self = DT_TIME_PAGE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->tag_names, g_hash_table_unref);
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
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtTimePage, days_box);
  gtk_widget_class_bind_template_callback (widget_class, on_span_toggled_cb);

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
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_time_entry_free);
  self->expanded = g_hash_table_new (NULL, NULL);
  self->tag_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->trackables = g_list_store_new (DT_TYPE_TRACKABLE);
  self->week = TRUE;
}

DtTimePage *
dt_time_page_new (DtDb *db)
{
  DtTimePage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TIME_PAGE, NULL);
  self->db = g_object_ref (db);
  self->anchor = dt_time_now ();
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
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
  rebuild (self);
}

void
dt_time_page_reload (DtTimePage *self)
{
  g_return_if_fail (DT_IS_TIME_PAGE (self));
  g_clear_handle_id (&self->reload_id, g_source_remove);
  rebuild (self);
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
  return self->entries->len;
}

const char *
dt_time_page_get_total_text (DtTimePage *self)
{
  g_return_val_if_fail (DT_IS_TIME_PAGE (self), NULL);
  return self->total_text;
}

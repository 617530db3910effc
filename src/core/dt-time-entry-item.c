/* dt-time-entry-item.c: a time entry as a list item. */
#define G_LOG_DOMAIN "dt-time-list"

#include "dt-time-entry-item.h"
#include "dt-time.h"

struct _DtTimeEntryItem
{
  GObject      parent_instance;

  DtTimeEntry *entry;
  char        *client_name;
  char        *project_name;
  char        *task_title;
  gint64       day_start;
  gboolean     overlaps;
  gboolean     starts_day;
};

G_DEFINE_FINAL_TYPE (DtTimeEntryItem, dt_time_entry_item, G_TYPE_OBJECT)

static void
dt_time_entry_item_finalize (GObject *object)
{
  DtTimeEntryItem *self = DT_TIME_ENTRY_ITEM (object);

  g_clear_pointer (&self->entry, dt_time_entry_free);
  g_free (self->client_name);
  g_free (self->project_name);
  g_free (self->task_title);

  G_OBJECT_CLASS (dt_time_entry_item_parent_class)->finalize (object);
}

static void
dt_time_entry_item_class_init (DtTimeEntryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_time_entry_item_finalize;
}

static void
dt_time_entry_item_init (DtTimeEntryItem *self)
{
}

DtTimeEntryItem *
dt_time_entry_item_new (DtTimeEntry *entry,
                        const char  *client_name,
                        const char  *project_name,
                        const char  *task_title)
{
  DtTimeEntryItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (DT_TYPE_TIME_ENTRY_ITEM, NULL);
  self->entry = entry;
  self->client_name = g_strdup (client_name != NULL ? client_name : "");
  self->project_name = g_strdup (project_name != NULL ? project_name : "");
  self->task_title = g_strdup (task_title);
  self->day_start = dt_time_local_day_start (entry->start_at);
  return self;
}

const DtTimeEntry *
dt_time_entry_item_get_entry (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), NULL);
  return self->entry;
}

gint64
dt_time_entry_item_get_id (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), 0);
  return self->entry->id;
}

const char *
dt_time_entry_item_get_client_name (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), NULL);
  return self->client_name;
}

const char *
dt_time_entry_item_get_project_name (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), NULL);
  return self->project_name;
}

const char *
dt_time_entry_item_get_task_title (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), NULL);
  return self->task_title;
}

gint64
dt_time_entry_item_get_day_start (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), 0);
  return self->day_start;
}

gboolean
dt_time_entry_item_get_overlaps (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), FALSE);
  return self->overlaps;
}

gboolean
dt_time_entry_item_get_starts_day (DtTimeEntryItem *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ITEM (self), FALSE);
  return self->starts_day;
}

void
dt_time_entry_item_set_overlaps (DtTimeEntryItem *self,
                                 gboolean         overlaps)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_ITEM (self));
  self->overlaps = overlaps;
}

void
dt_time_entry_item_set_starts_day (DtTimeEntryItem *self,
                                   gboolean         starts_day)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_ITEM (self));
  self->starts_day = starts_day;
}

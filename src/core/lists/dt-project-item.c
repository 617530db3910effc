/* dt-project-item.c: a project and its use of its budget, wrapped for a GListModel. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-project-item.h"

struct _DtProjectItem
{
  GObject    parent_instance;

  DtProject *project;
  char      *currency;
  gint64     used_seconds;
  gint64     used_amount;
};

G_DEFINE_FINAL_TYPE (DtProjectItem, dt_project_item, G_TYPE_OBJECT)

static void
dt_project_item_finalize (GObject *object)
{
  DtProjectItem *self = DT_PROJECT_ITEM (object);

  g_clear_pointer (&self->project, dt_project_free);
  g_clear_pointer (&self->currency, g_free);
  G_OBJECT_CLASS (dt_project_item_parent_class)->finalize (object);
}

static void
dt_project_item_class_init (DtProjectItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_project_item_finalize;
}

static void
dt_project_item_init (DtProjectItem *self)
{
}

DtProjectItem *
dt_project_item_new (DtProject  *project,
                     const char *currency,
                     gint64      used_seconds,
                     gint64      used_amount)
{
  DtProjectItem *self;

  g_return_val_if_fail (project != NULL, NULL);

  self = g_object_new (DT_TYPE_PROJECT_ITEM, NULL);
  self->project = project;
  self->currency = g_strdup (currency);
  self->used_seconds = used_seconds;
  self->used_amount = used_amount;
  return self;
}

const DtProject *
dt_project_item_get_project (DtProjectItem *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_ITEM (self), NULL);
  return self->project;
}

gint64
dt_project_item_get_id (DtProjectItem *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_ITEM (self), 0);
  return self->project->id;
}

const char *
dt_project_item_get_currency (DtProjectItem *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_ITEM (self), NULL);
  return self->currency;
}

gint64
dt_project_item_get_used_seconds (DtProjectItem *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_ITEM (self), -1);
  return self->used_seconds;
}

gint64
dt_project_item_get_used_amount (DtProjectItem *self)
{
  g_return_val_if_fail (DT_IS_PROJECT_ITEM (self), -1);
  return self->used_amount;
}

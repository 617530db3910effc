/* dt-audit-item.c: an audit event's fields, read once from the log. */
#define G_LOG_DOMAIN "dt-audit"

#include "dt-audit-item.h"

struct _DtAuditItem
{
  GObject  parent_instance;

  gint64   seq;
  gint64   at;
  char    *event;
  char    *outcome;
  char    *client_name;
  char    *object;
};

G_DEFINE_FINAL_TYPE (DtAuditItem, dt_audit_item, G_TYPE_OBJECT)

static void
dt_audit_item_finalize (GObject *object)
{
  DtAuditItem *self = DT_AUDIT_ITEM (object);

  g_free (self->event);
  g_free (self->outcome);
  g_free (self->client_name);
  g_free (self->object);

  G_OBJECT_CLASS (dt_audit_item_parent_class)->finalize (object);
}

static void
dt_audit_item_class_init (DtAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_audit_item_finalize;
}

static void
dt_audit_item_init (DtAuditItem *self)
{
}

DtAuditItem *
dt_audit_item_new (gint64      seq,
                   gint64      at,
                   const char *event,
                   const char *outcome,
                   const char *client_name,
                   const char *object)
{
  DtAuditItem *self = g_object_new (DT_TYPE_AUDIT_ITEM, NULL);

  self->seq = seq;
  self->at = at;
  self->event = g_strdup (event);
  self->outcome = g_strdup (outcome);
  self->client_name = g_strdup (client_name);
  self->object = g_strdup (object);
  return self;
}

gint64
dt_audit_item_get_seq (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), 0);
  return self->seq;
}

gint64
dt_audit_item_get_at (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), 0);
  return self->at;
}

const char *
dt_audit_item_get_event (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), NULL);
  return self->event;
}

const char *
dt_audit_item_get_outcome (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), NULL);
  return self->outcome;
}

const char *
dt_audit_item_get_client_name (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), NULL);
  return self->client_name;
}

const char *
dt_audit_item_get_object (DtAuditItem *self)
{
  g_return_val_if_fail (DT_IS_AUDIT_ITEM (self), NULL);
  return self->object;
}

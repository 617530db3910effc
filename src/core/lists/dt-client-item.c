/* dt-client-item.c: a client wrapped for a GListModel. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-client-item.h"

struct _DtClientItem
{
  GObject   parent_instance;

  DtClient *client;
};

G_DEFINE_FINAL_TYPE (DtClientItem, dt_client_item, G_TYPE_OBJECT)

static void
dt_client_item_finalize (GObject *object)
{
  DtClientItem *self = DT_CLIENT_ITEM (object);

  g_clear_pointer (&self->client, dt_client_free);
  G_OBJECT_CLASS (dt_client_item_parent_class)->finalize (object);
}

static void
dt_client_item_class_init (DtClientItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_client_item_finalize;
}

static void
dt_client_item_init (DtClientItem *self)
{
}

DtClientItem *
dt_client_item_new (DtClient *client)
{
  DtClientItem *self;

  g_return_val_if_fail (client != NULL, NULL);

  self = g_object_new (DT_TYPE_CLIENT_ITEM, NULL);
  self->client = client;
  return self;
}

const DtClient *
dt_client_item_get_client (DtClientItem *self)
{
  g_return_val_if_fail (DT_IS_CLIENT_ITEM (self), NULL);
  return self->client;
}

gint64
dt_client_item_get_id (DtClientItem *self)
{
  g_return_val_if_fail (DT_IS_CLIENT_ITEM (self), 0);
  return self->client->id;
}

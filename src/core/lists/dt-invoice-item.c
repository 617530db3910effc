/* dt-invoice-item.c: an invoice wrapped for a GListModel. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-invoice-item.h"

struct _DtInvoiceItem
{
  GObject    parent_instance;

  DtInvoice *invoice;
  char      *client_name;
};

G_DEFINE_FINAL_TYPE (DtInvoiceItem, dt_invoice_item, G_TYPE_OBJECT)

static void
dt_invoice_item_finalize (GObject *object)
{
  DtInvoiceItem *self = DT_INVOICE_ITEM (object);

  g_clear_pointer (&self->invoice, dt_invoice_free);
  g_clear_pointer (&self->client_name, g_free);
  G_OBJECT_CLASS (dt_invoice_item_parent_class)->finalize (object);
}

static void
dt_invoice_item_class_init (DtInvoiceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_invoice_item_finalize;
}

static void
dt_invoice_item_init (DtInvoiceItem *self)
{
}

DtInvoiceItem *
dt_invoice_item_new (DtInvoice  *invoice,
                     const char *client_name)
{
  DtInvoiceItem *self;

  g_return_val_if_fail (invoice != NULL, NULL);

  self = g_object_new (DT_TYPE_INVOICE_ITEM, NULL);
  self->invoice = invoice;
  self->client_name = g_strdup (client_name);
  return self;
}

const DtInvoice *
dt_invoice_item_get_invoice (DtInvoiceItem *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_ITEM (self), NULL);
  return self->invoice;
}

gint64
dt_invoice_item_get_id (DtInvoiceItem *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_ITEM (self), 0);
  return self->invoice->id;
}

const char *
dt_invoice_item_get_client_name (DtInvoiceItem *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_ITEM (self), NULL);
  return self->client_name;
}

/* dt-invoice-list.c: counts and pages of invoices from dt-invoice-store, each with its
 * client's name. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-client-store.h"
#include "dt-invoice-item.h"
#include "dt-invoice-list.h"

struct _DtInvoiceList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  gint64       client_id;
  int          status;
  char        *text;
  GHashTable  *client_names;  /* gint64 id → name, for the rows read since the last change */
};

G_DEFINE_FINAL_TYPE (DtInvoiceList, dt_invoice_list, DT_TYPE_PAGED_LIST)

static void
fill_query (DtInvoiceList *self,
            DtListQuery   *query)
{
  query->client_id = self->client_id;
  query->status = self->status == DT_INVOICE_LIST_ANY_STATUS
                  ? NULL : dt_invoice_status_to_string (self->status);
  query->text = self->text;
}

static gint64
dt_invoice_list_count (DtPagedList  *list,
                       GError      **error)
{
  DtInvoiceList *self = DT_INVOICE_LIST (list);
  DtListQuery query = { 0 };

  /* A client renamed meanwhile is read again with the next rows. */
  g_hash_table_remove_all (self->client_names);
  fill_query (self, &query);
  return dt_invoice_store_count_matching (self->db, &query, error);
}

static const char *
client_name (DtInvoiceList *self,
             gint64         client_id)
{
  g_autoptr(DtClient) client = NULL;
  char *name;

  if (g_hash_table_lookup_extended (self->client_names, &client_id, NULL, (gpointer *) &name))
    return name;
  client = dt_client_store_get (self->db, client_id, NULL);
  name = client != NULL ? g_strdup (client->name) : NULL;
  g_hash_table_insert (self->client_names, g_memdup2 (&client_id, sizeof client_id), name);
  return name;
}

static GPtrArray *
dt_invoice_list_fetch (DtPagedList  *list,
                       guint         offset,
                       guint         limit,
                       GError      **error)
{
  DtInvoiceList *self = DT_INVOICE_LIST (list);
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) invoices = NULL;
  GPtrArray *items;

  fill_query (self, &query);
  invoices = dt_invoice_store_list_newest (self->db, &query, offset, limit, error);
  if (invoices == NULL)
    return NULL;
  items = g_ptr_array_new_full (invoices->len, g_object_unref);
  g_ptr_array_set_free_func (invoices, NULL);
  for (guint i = 0; i < invoices->len; i++)
    {
      DtInvoice *invoice = g_ptr_array_index (invoices, i);

      g_ptr_array_add (items, dt_invoice_item_new (invoice,
                                                   client_name (self, invoice->client_id)));
    }
  return items;
}

static void
dt_invoice_list_finalize (GObject *object)
{
  DtInvoiceList *self = DT_INVOICE_LIST (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->client_names, g_hash_table_unref);
  G_OBJECT_CLASS (dt_invoice_list_parent_class)->finalize (object);
}

static void
dt_invoice_list_class_init (DtInvoiceListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_invoice_list_finalize;
  list_class->count = dt_invoice_list_count;
  list_class->fetch = dt_invoice_list_fetch;
}

static void
dt_invoice_list_init (DtInvoiceList *self)
{
  self->status = DT_INVOICE_LIST_ANY_STATUS;
  self->client_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

DtInvoiceList *
dt_invoice_list_new_full (DtDb  *db,
                          guint  page_size,
                          guint  max_pages)
{
  DtInvoiceList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_INVOICE_LIST,
                       "item-type", DT_TYPE_INVOICE_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  return self;
}

DtInvoiceList *
dt_invoice_list_new (DtDb *db)
{
  return dt_invoice_list_new_full (db, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                   DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

void
dt_invoice_list_set_client_id (DtInvoiceList *self,
                               gint64         client_id)
{
  g_return_if_fail (DT_IS_INVOICE_LIST (self));

  if (self->client_id == client_id)
    return;
  self->client_id = client_id;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

void
dt_invoice_list_set_status (DtInvoiceList *self,
                            int            status)
{
  g_return_if_fail (DT_IS_INVOICE_LIST (self));
  g_return_if_fail (status == DT_INVOICE_LIST_ANY_STATUS ||
                    (status >= DT_INVOICE_DRAFT && status <= DT_INVOICE_VOID));

  if (self->status == status)
    return;
  self->status = status;
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

void
dt_invoice_list_set_text (DtInvoiceList *self,
                          const char    *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (DT_IS_INVOICE_LIST (self));

  trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  if (g_strcmp0 (self->text, trimmed) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&trimmed);
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

const char *
dt_invoice_list_get_text (DtInvoiceList *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_LIST (self), NULL);
  return self->text;
}

/* dt-hub-row.c: a row of the Billing Hub's list. */
#include "config.h"

#include "dt-hub-row.h"

struct _DtHubRow
{
  GObject       parent_instance;

  DtHubRowKind  kind;
  char         *title;   /* a heading's */
  GPtrArray    *items;   /* the hub's attention or clients, for the others */
  guint         index;
};

G_DEFINE_FINAL_TYPE (DtHubRow, dt_hub_row, G_TYPE_OBJECT)

static void
dt_hub_row_finalize (GObject *object)
{
  DtHubRow *self = DT_HUB_ROW (object);

  g_free (self->title);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dt_hub_row_parent_class)->finalize (object);
}

static void
dt_hub_row_class_init (DtHubRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_hub_row_finalize;
}

static void
dt_hub_row_init (DtHubRow *self)
{
}

DtHubRow *
dt_hub_row_new_heading (const char *title)
{
  DtHubRow *self = g_object_new (DT_TYPE_HUB_ROW, NULL);

  self->kind = DT_HUB_ROW_HEADING;
  self->title = g_strdup (title);
  return self;
}

static DtHubRow *
row_in (DtHubRowKind  kind,
        GPtrArray    *items,
        guint         index)
{
  DtHubRow *self;

  g_return_val_if_fail (index < items->len, NULL);

  self = g_object_new (DT_TYPE_HUB_ROW, NULL);
  self->kind = kind;
  self->items = g_ptr_array_ref (items);
  self->index = index;
  return self;
}

DtHubRow *
dt_hub_row_new_attention (DtBillingHub *hub,
                          guint         index)
{
  return row_in (DT_HUB_ROW_ATTENTION, hub->attention, index);
}

DtHubRow *
dt_hub_row_new_client (DtBillingHub *hub,
                       guint         index)
{
  return row_in (DT_HUB_ROW_CLIENT, hub->clients, index);
}

DtHubRowKind
dt_hub_row_get_kind (DtHubRow *self)
{
  g_return_val_if_fail (DT_IS_HUB_ROW (self), DT_HUB_ROW_HEADING);
  return self->kind;
}

const char *
dt_hub_row_get_title (DtHubRow *self)
{
  g_return_val_if_fail (DT_IS_HUB_ROW (self), NULL);
  return self->title;
}

const DtAttentionItem *
dt_hub_row_get_attention (DtHubRow *self)
{
  g_return_val_if_fail (DT_IS_HUB_ROW (self), NULL);
  return self->kind == DT_HUB_ROW_ATTENTION ? g_ptr_array_index (self->items, self->index)
                                            : NULL;
}

const DtHubClient *
dt_hub_row_get_client (DtHubRow *self)
{
  g_return_val_if_fail (DT_IS_HUB_ROW (self), NULL);
  return self->kind == DT_HUB_ROW_CLIENT ? g_ptr_array_index (self->items, self->index)
                                         : NULL;
}

static gboolean
clients_equal (const DtHubClient *a,
               const DtHubClient *b)
{
  return a->client_id == b->client_id && g_strcmp0 (a->client_name, b->client_name) == 0 &&
         g_strcmp0 (a->currency, b->currency) == 0 && a->archived == b->archived &&
         a->unbilled_entries == b->unbilled_entries &&
         a->unbilled_minutes == b->unbilled_minutes &&
         a->unbilled_amount == b->unbilled_amount &&
         a->oldest_unbilled_at == b->oldest_unbilled_at && a->drafts == b->drafts &&
         a->drafts_total == b->drafts_total && a->outstanding == b->outstanding &&
         a->outstanding_amount == b->outstanding_amount && a->overdue == b->overdue &&
         a->overdue_amount == b->overdue_amount && a->max_days_overdue == b->max_days_overdue &&
         a->paid_this_month == b->paid_this_month && a->paid_this_year == b->paid_this_year;
}

static gboolean
attention_equal (const DtAttentionItem *a,
                 const DtAttentionItem *b)
{
  return a->kind == b->kind && a->client_id == b->client_id &&
         a->invoice_id == b->invoice_id && a->entry_id == b->entry_id &&
         a->amount == b->amount && g_strcmp0 (a->currency, b->currency) == 0 &&
         a->days == b->days && g_strcmp0 (a->message, b->message) == 0;
}

gboolean
dt_hub_row_equal (DtHubRow *a,
                  DtHubRow *b)
{
  g_return_val_if_fail (DT_IS_HUB_ROW (a) && DT_IS_HUB_ROW (b), FALSE);

  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case DT_HUB_ROW_HEADING:
      return g_strcmp0 (a->title, b->title) == 0;
    case DT_HUB_ROW_ATTENTION:
      return attention_equal (dt_hub_row_get_attention (a), dt_hub_row_get_attention (b));
    case DT_HUB_ROW_CLIENT:
      return clients_equal (dt_hub_row_get_client (a), dt_hub_row_get_client (b));
    default:
      g_assert_not_reached ();
    }
}

/* dt-billing-hub-page.c: the Billing Hub: a card per client with four figures, and "needs
 * attention" rows whose button creates the draft or opens the invoice, in one list view so
 * that two hundred clients cost the widgets of a screenful. The hub is computed on a worker
 * thread with its own connection; the last one stays on screen meanwhile. */
#define G_LOG_DOMAIN "dt-billing-hub-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-billing-hub-page.h"
#include "dt-billing-hub.h"
#include "dt-change-monitor.h"
#include "dt-db-read.h"
#include "dt-format.h"
#include "dt-hub-row.h"
#include "dt-list-fill.h"
#include "dt-list-update.h"
#include "dt-window.h"

struct _DtBillingHubPage
{
  GtkWidget        parent_instance;

  DtDb            *db;
  DtChangeMonitor *monitor;
  guint            reload_id;
  guint            n_clients;
  guint            n_attention;
  GCancellable    *loading;   /* the hub being computed, or NULL */
  GListStore      *rows;      /* DtHubRow: the hub shown */
  DtListFill      *fill;

  GtkStack        *stack;
  GtkListView     *list_view;
};

G_DEFINE_FINAL_TYPE (DtBillingHubPage, dt_billing_hub_page, GTK_TYPE_WIDGET)

static GtkWidget *
figure (const char *title,
        const char *value,
        const char *detail,
        const char *style)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *detail_label = gtk_label_new (detail);

  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_widget_add_css_class (value_label, "title-3");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (detail_label, "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (value_label, style);
  for (GtkWidget **w = (GtkWidget *[]) { title_label, value_label, detail_label, NULL }; *w; w++)
    {
      gtk_label_set_xalign (GTK_LABEL (*w), 0);
      gtk_box_append (GTK_BOX (box), *w);
    }
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static GtkWidget *
client_card (const DtHubClient *c)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (c->client_name);
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Create _Draft"));
  g_autofree char *ready = dt_format_money (c->unbilled_amount, c->currency);
  g_autofree char *ready_time = dt_format_duration_words (c->unbilled_minutes * 60);
  g_autofree char *outstanding = dt_format_money (c->outstanding_amount, c->currency);
  g_autofree char *overdue = dt_format_money (c->overdue_amount, c->currency);
  g_autofree char *paid = dt_format_money (c->paid_this_month, c->currency);
  g_autofree char *paid_year = dt_format_money (c->paid_this_year, c->currency);
  g_autofree char *outstanding_n = g_strdup_printf (ngettext ("%u invoice", "%u invoices",
                                                              c->outstanding), c->outstanding);
  g_autofree char *overdue_n = c->overdue > 0
    ? g_strdup_printf (ngettext ("up to %d day late", "up to %d days late", c->max_days_overdue),
                       c->max_days_overdue)
    : g_strdup (_("none"));
  /* Translators: "€12,000.00 this year" */
  g_autofree char *year = g_strdup_printf (_("%s this year"), paid_year);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "hub-card");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (header), adw_avatar_new (32, c->client_name, TRUE));
  gtk_box_append (GTK_BOX (header), name);
  gtk_widget_set_sensitive (button, c->unbilled_entries > 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-invoice");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", c->client_id);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (card), header);

  gtk_box_append (GTK_BOX (figures), figure (_("Ready to bill"), ready, ready_time, NULL));
  gtk_box_append (GTK_BOX (figures), figure (_("Outstanding"), outstanding, outstanding_n,
                                             NULL));
  gtk_box_append (GTK_BOX (figures), figure (_("Overdue"), overdue, overdue_n,
                                             c->overdue > 0 ? "error" : NULL));
  gtk_box_append (GTK_BOX (figures), figure (_("Paid this month"), paid, year,
                                             c->paid_this_month > 0 ? "success" : NULL));
  gtk_box_append (GTK_BOX (card), figures);
  return card;
}

static GtkWidget *
attention_row (const DtAttentionItem *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *message = gtk_label_new (item->message);
  GtkWidget *button = NULL;
  const char *icon = "dialog-information-symbolic";

  switch (item->kind)
    {
    case DT_ATTENTION_OVERDUE:
    case DT_ATTENTION_SEND_FAILED:
      icon = "dialog-warning-symbolic";
      G_GNUC_FALLTHROUGH;
    case DT_ATTENTION_OLD_DRAFT:
      button = gtk_button_new_with_mnemonic (_("_Open Invoice"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-invoice");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", item->invoice_id);
      break;
    case DT_ATTENTION_UNBILLED:
      button = gtk_button_new_with_mnemonic (_("Create _Draft"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-invoice");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", item->client_id);
      break;
    case DT_ATTENTION_LONG_TIMER:
      icon = "alarm-symbolic";
      button = gtk_button_new_with_mnemonic (_("_Stop Timer"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.toggle-timer");
      break;
    default:
      break;
    }
  gtk_widget_add_css_class (row, "card");
  gtk_widget_add_css_class (row, "hub-attention");
  gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name (icon));
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_box_append (GTK_BOX (row), message);
  if (button != NULL)
    {
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), button);
    }
  return row;
}

static GtkWidget *
heading (const char *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "hub-heading");
  return label;
}

/* A row's widgets differ with its kind: they are made when it is bound. */
static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  DtHubRow *row = gtk_list_item_get_item (list_item);

  switch (dt_hub_row_get_kind (row))
    {
    case DT_HUB_ROW_HEADING:
      gtk_list_item_set_child (list_item, heading (dt_hub_row_get_title (row)));
      break;
    case DT_HUB_ROW_ATTENTION:
      gtk_list_item_set_child (list_item, attention_row (dt_hub_row_get_attention (row)));
      break;
    case DT_HUB_ROW_CLIENT:
      gtk_list_item_set_child (list_item, client_card (dt_hub_row_get_client (row)));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, NULL);
}

/* Shows @hub (owned), or says why there is none. */
static void
show_hub (DtBillingHubPage *self,
          DtBillingHub     *hub,
          const GError     *error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->n_clients = self->n_attention = 0;
  if (hub == NULL)
    {
      GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DT_TYPE_WINDOW);
      if (window != NULL)
        dt_window_show_toast (DT_WINDOW (window), error->message);
      g_list_store_remove_all (self->rows);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (hub->attention->len > 0)
    g_ptr_array_add (rows, dt_hub_row_new_heading (_("Needs Attention")));
  for (guint i = 0; i < hub->attention->len; i++)
    g_ptr_array_add (rows, dt_hub_row_new_attention (hub, i));
  self->n_attention = hub->attention->len;
  for (guint i = 0; i < hub->clients->len; i++)
    if (!((DtHubClient *) g_ptr_array_index (hub->clients, i))->archived)
      {
        if (self->n_clients++ == 0)
          g_ptr_array_add (rows, dt_hub_row_new_heading (_("Clients")));
        g_ptr_array_add (rows, dt_hub_row_new_client (hub, i));
      }
  dt_billing_hub_free (hub);   /* the rows keep what they show */

  /* The first hub fills in over a few frames; a newer one replaces only the rows it changed,
   * as the view makes the widgets of every row replaced. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0)
    dt_list_fill_restart (self->fill);
  dt_list_update (self->rows, rows, (GEqualFunc) dt_hub_row_equal);
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "hub" : "empty");
}

static gpointer
compute_hub_cb (DtDb     *db,
                gpointer  data,
                GError  **error)
{
  return dt_billing_hub_get (db, error);
}

static void
on_hub_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DtBillingHubPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DtBillingHub *hub = dt_db_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer reload replaced it, or the page is gone */
  g_clear_object (&self->loading);
  show_hub (self, hub, error);
}

void
dt_billing_hub_page_reload (DtBillingHubPage *self)
{
  g_return_if_fail (DT_IS_BILLING_HUB_PAGE (self));

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  dt_db_read_async (self->db, compute_hub_cb, NULL, NULL, (GDestroyNotify) dt_billing_hub_free,
                    self->loading, on_hub_ready_cb, g_object_ref (self));
}

gboolean
dt_billing_hub_page_is_loading (DtBillingHubPage *self)
{
  g_return_val_if_fail (DT_IS_BILLING_HUB_PAGE (self), FALSE);
  return self->loading != NULL;
}

static gboolean
on_reload_cb (gpointer user_data)
{
  DtBillingHubPage *self = user_data;

  self->reload_id = 0;
  dt_billing_hub_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (DtBillingHubPage *self,
                     const char       *entity,
                     gint64            id,
                     gpointer          monitor)
{
  if (self->reload_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_id = g_timeout_add (300, on_reload_cb, self);
}

static void
dt_billing_hub_page_dispose (GObject *object)
{
  DtBillingHubPage *self = DT_BILLING_HUB_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_pointer ((GtkWidget **) &self->stack, gtk_widget_unparent);
  g_clear_object (&self->fill);
  g_clear_object (&self->rows);
  g_clear_object (&self->monitor);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_billing_hub_page_parent_class)->dispose (object);
}

static void
dt_billing_hub_page_class_init (DtBillingHubPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_billing_hub_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
dt_billing_hub_page_init (DtBillingHubPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_scrollable_new ();
  GtkWidget *empty = adw_status_page_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  self->stack = GTK_STACK (gtk_stack_new ());
  self->rows = g_list_store_new (DT_TYPE_HUB_ROW);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_object_ref (factory)));
  self->fill = dt_list_fill_new (G_LIST_MODEL (self->rows), GTK_WIDGET (self->list_view));
  /* Two hundred cards are some five thousand widgets: the page keeps none while hidden
   * (mapping them again cost 100 ms on the 1M bench), and fills in again when shown. */
  dt_list_fill_release_when_hidden (self->fill);
  selection = gtk_no_selection_new (g_object_ref (dt_list_fill_get_model (self->fill)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "hub-list");
  adw_clamp_scrollable_set_maximum_size (ADW_CLAMP_SCROLLABLE (clamp), 900);
  adw_clamp_scrollable_set_child (ADW_CLAMP_SCROLLABLE (clamp), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-documents-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to Bill Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("What is ready to invoice, outstanding and overdue shows "
                                     "here once you track billable time"));
  gtk_stack_add_named (self->stack, scrolled, "hub");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
}

DtBillingHubPage *
dt_billing_hub_page_new (DtDb *db)
{
  DtBillingHubPage *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_BILLING_HUB_PAGE, NULL);
  self->db = g_object_ref (db);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "map", G_CALLBACK (dt_billing_hub_page_reload), self);
  dt_billing_hub_page_reload (self);
  return self;
}

guint
dt_billing_hub_page_get_n_clients (DtBillingHubPage *self)
{
  g_return_val_if_fail (DT_IS_BILLING_HUB_PAGE (self), 0);
  return self->n_clients;
}

guint
dt_billing_hub_page_get_n_attention (DtBillingHubPage *self)
{
  g_return_val_if_fail (DT_IS_BILLING_HUB_PAGE (self), 0);
  return self->n_attention;
}

/* dt-expenses-page.c: the expenses list, read a page at a time from the store. */
#define G_LOG_DOMAIN "dt-gui"

#include "config.h"

#include "dt-expenses-page.h"

#include <glib/gi18n.h>

#include "dt-change-monitor.h"
#include "dt-format.h"
#include "dt-list-fill.h"
#include "dt-money-row.h"
#include "expenses/dt-expense-item.h"
#include "expenses/dt-expense-list.h"

struct _DtExpensesPage
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkListView     *list_view;

  DtExpenseList   *expenses;
  DtListFill      *fill;
  DtChangeMonitor *monitor;
  guint            reload_id;
};

G_DEFINE_FINAL_TYPE (DtExpensesPage, dt_expenses_page, GTK_TYPE_WIDGET)

char *
dt_expense_row_title (const DtExpense *expense)
{
  g_return_val_if_fail (expense != NULL, NULL);

  if (expense->category[0] == '\0')
    return g_strdup (expense->description);
  return g_strdup_printf ("%s: %s", expense->category, expense->description);
}

char *
dt_expense_row_details (const DtExpense *expense)
{
  GString *out;

  g_return_val_if_fail (expense != NULL, NULL);

  out = g_string_new (expense->date);
  if (expense->vat_rate_bp > 0)
    {
      g_autofree char *vat = dt_format_money (expense->input_vat, expense->currency);

      g_string_append (out, " · ");
      /* Translators: the input VAT on an expense's receipt, "€3.80 VAT" */
      g_string_append_printf (out, _("%s VAT"), vat);
    }
  if (expense->receipt_sha256 != NULL)
    g_string_append_printf (out, " · %s", _("receipt"));
  return g_string_free (out, FALSE);
}

char *
dt_expense_row_state (const DtExpense *expense)
{
  g_return_val_if_fail (expense != NULL, NULL);

  if (expense->invoice_number != NULL)
    /* Translators: an expense billed on the invoice of that number */
    return g_strdup_printf (_("Invoiced %s"), expense->invoice_number);
  if (expense->invoice_line_id != 0)
    return g_strdup (_("On a draft"));
  return g_strdup (expense->billable ? _("Billable") : _("Not billable"));
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = dt_money_row_new ();

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_item_set_child (list_item, box);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  DtMoneyRow *row = dt_money_row_get (box);
  DtExpenseItem *item = gtk_list_item_get_item (list_item);
  const DtExpense *expense;
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  g_autofree char *state = NULL;
  g_autofree char *gross = NULL;
  g_autofree char *net = NULL;
  g_autofree char *tooltip = NULL;

  /* A row removed since the list was counted: blank until the list is read again. */
  if (item == NULL)
    {
      gtk_label_set_label (row->title, "");
      gtk_label_set_label (row->details, "");
      gtk_label_set_label (row->pill, "");
      gtk_label_set_label (row->money, "");
      return;
    }
  expense = dt_expense_item_get_expense (item);
  title = dt_expense_row_title (expense);
  details = dt_expense_row_details (expense);
  state = dt_expense_row_state (expense);
  gross = dt_format_money (expense->amount + expense->input_vat, expense->currency);
  net = dt_format_money (expense->amount, expense->currency);
  /* Translators: the tooltip of an expense's gross amount */
  tooltip = g_strdup_printf (_("%s before VAT"), net);
  gtk_label_set_label (row->title, title);
  gtk_label_set_label (row->details, details);
  gtk_label_set_label (row->pill, state);
  gtk_label_set_label (row->money, gross);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->money), tooltip);
}

static void
update_stack (DtExpensesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->expenses)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, text != NULL && text[0] != '\0'
                                                   ? "no-matches" : "empty");
}

static void
on_items_changed_cb (DtExpensesPage *self,
                     guint           position,
                     guint           removed,
                     guint           added,
                     GListModel     *model)
{
  update_stack (self);
}

static void
on_search_changed_cb (DtExpensesPage *self,
                      GtkSearchEntry *entry)
{
  /* The template may signal before the list exists. */
  if (self->expenses != NULL)
    dt_expense_list_set_text (self->expenses, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  DtExpensesPage *self = user_data;

  self->reload_id = 0;
  dt_expenses_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (DtExpensesPage *self,
                     const char     *entity,
                     gint64          id,
                     gpointer        monitor)
{
  /* An invoice issued, voided or deleted changes what its expenses say. */
  if ((dt_change_monitor_matches (entity, DT_ENTITY_EXPENSE) ||
       g_str_equal (entity, DT_ENTITY_INVOICE)) && self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_reload_idle_cb, self, NULL);
}

static void
dt_expenses_page_dispose (GObject *object)
{
  DtExpensesPage *self = DT_EXPENSES_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_EXPENSES_PAGE);
  g_clear_object (&self->monitor);
  g_clear_object (&self->fill);
  g_clear_object (&self->expenses);
  G_OBJECT_CLASS (dt_expenses_page_parent_class)->dispose (object);
}

static void
dt_expenses_page_class_init (DtExpensesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dt_expenses_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dt-expenses-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtExpensesPage, box);
  gtk_widget_class_bind_template_child (widget_class, DtExpensesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DtExpensesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DtExpensesPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
}

static void
dt_expenses_page_init (DtExpensesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DtExpensesPage *
dt_expenses_page_new (DtDb *db)
{
  DtExpensesPage *self;
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_EXPENSES_PAGE, NULL);
  self->expenses = dt_expense_list_new (db);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  self->fill = dt_list_fill_new (G_LIST_MODEL (self->expenses), GTK_WIDGET (self->list_view));
  dt_list_fill_restart (self->fill);
  selection = gtk_no_selection_new (g_object_ref (dt_list_fill_get_model (self->fill)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->expenses, "items-changed", G_CALLBACK (on_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->monitor = dt_change_monitor_new (db);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_stack (self);
  return self;
}

void
dt_expenses_page_reload (DtExpensesPage *self)
{
  g_return_if_fail (DT_IS_EXPENSES_PAGE (self));

  dt_paged_list_invalidate (DT_PAGED_LIST (self->expenses));
  update_stack (self);
}

GListModel *
dt_expenses_page_get_model (DtExpensesPage *self)
{
  g_return_val_if_fail (DT_IS_EXPENSES_PAGE (self), NULL);
  return G_LIST_MODEL (self->expenses);
}

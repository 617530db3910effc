/* dt-expense-item.c: an expense wrapped for a GListModel. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-expense-item.h"

struct _DtExpenseItem
{
  GObject    parent_instance;

  DtExpense *expense;
};

G_DEFINE_FINAL_TYPE (DtExpenseItem, dt_expense_item, G_TYPE_OBJECT)

static void
dt_expense_item_finalize (GObject *object)
{
  DtExpenseItem *self = DT_EXPENSE_ITEM (object);

  g_clear_pointer (&self->expense, dt_expense_free);
  G_OBJECT_CLASS (dt_expense_item_parent_class)->finalize (object);
}

static void
dt_expense_item_class_init (DtExpenseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_expense_item_finalize;
}

static void
dt_expense_item_init (DtExpenseItem *self)
{
}

DtExpenseItem *
dt_expense_item_new (DtExpense *expense)
{
  DtExpenseItem *self;

  g_return_val_if_fail (expense != NULL, NULL);

  self = g_object_new (DT_TYPE_EXPENSE_ITEM, NULL);
  self->expense = expense;
  return self;
}

const DtExpense *
dt_expense_item_get_expense (DtExpenseItem *self)
{
  g_return_val_if_fail (DT_IS_EXPENSE_ITEM (self), NULL);
  return self->expense;
}

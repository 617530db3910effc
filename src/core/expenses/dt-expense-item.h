/* dt-expense-item.h: one row of the expenses list: an expense. */
#pragma once

#include <glib-object.h>

#include "dt-expenses.h"

G_BEGIN_DECLS

#define DT_TYPE_EXPENSE_ITEM (dt_expense_item_get_type ())
G_DECLARE_FINAL_TYPE (DtExpenseItem, dt_expense_item, DT, EXPENSE_ITEM, GObject)

/* Takes @expense. */
DtExpenseItem   *dt_expense_item_new         (DtExpense     *expense);
const DtExpense *dt_expense_item_get_expense (DtExpenseItem *self);

G_END_DECLS

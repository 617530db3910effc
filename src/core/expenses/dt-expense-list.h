/* dt-expense-list.h: the expenses, latest day first, as a lazy GListModel of DtExpenseItem,
 * filtered by text. */
#pragma once

#include "dt-db.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_EXPENSE_LIST (dt_expense_list_get_type ())
G_DECLARE_FINAL_TYPE (DtExpenseList, dt_expense_list, DT, EXPENSE_LIST, DtPagedList)

DtExpenseList *dt_expense_list_new      (DtDb          *db);
/* Pages of @page_size rows, at most @max_pages of them in memory (the tests' small lists). */
DtExpenseList *dt_expense_list_new_full (DtDb          *db,
                                         guint          page_size,
                                         guint          max_pages);
/* Part of the description or the category, any case; NULL or "" for all. Invalidates the
 * list when it changes. */
void           dt_expense_list_set_text (DtExpenseList *self,
                                         const char    *text);

G_END_DECLS

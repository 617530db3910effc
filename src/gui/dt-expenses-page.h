/* dt-expenses-page.h: the expenses paid for clients, latest first, with what each bills,
 * whether it has a receipt and whether it is invoiced. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"
#include "expenses/dt-expenses.h"

G_BEGIN_DECLS

#define DT_TYPE_EXPENSES_PAGE (dt_expenses_page_get_type ())
G_DECLARE_FINAL_TYPE (DtExpensesPage, dt_expenses_page, DT, EXPENSES_PAGE, GtkWidget)

DtExpensesPage *dt_expenses_page_new       (DtDb           *db);
/* Reads the list again (the page does so itself when the store says expenses changed). */
void            dt_expenses_page_reload    (DtExpensesPage *self);
GListModel     *dt_expenses_page_get_model (DtExpensesPage *self);

/* What a row says, computed without a display: its title ("Travel: Train"), its details
 * ("2026-11-05 · 19 % VAT · receipt") and its state ("Invoiced INV-2026-0001", "Billable",
 * "Not billable"). */
char           *dt_expense_row_title       (const DtExpense *expense);
char           *dt_expense_row_details     (const DtExpense *expense);
char           *dt_expense_row_state       (const DtExpense *expense);

G_END_DECLS

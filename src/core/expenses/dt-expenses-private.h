/* dt-expenses-private.h: what the expense store's files share. */
#pragma once

#include "dt-expenses.h"

G_BEGIN_DECLS

#define EXPENSE_COLUMNS \
  "x.id, x.spent_on, x.client_id, x.project_id, x.category, x.description, x.amount, " \
  "x.currency, x.vat_rate_bp, x.input_vat, x.billable, x.markup_bp, x.receipt_sha256, " \
  "x.receipt_type, x.receipt_size, x.receipt_name, x.invoice_line_id, l.invoice_id, " \
  "i.number, x.created_at, x.updated_at, x.version"
#define EXPENSE_FROM \
  " FROM expenses x LEFT JOIN invoice_lines l ON l.id = x.invoice_line_id " \
  "LEFT JOIN invoices i ON i.id = l.invoice_id "

/* The expense of a row read with EXPENSE_COLUMNS EXPENSE_FROM. */
DtExpense *dt_expense_from_row (sqlite3_stmt *stmt);

G_END_DECLS

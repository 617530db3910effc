/* dt-money-row.h: the row of a list of money items (invoices, expenses): a title with a line
 * of details under it, a status pill and an amount. Made in a list factory's setup, filled
 * in its bind. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkLabel *title;
  GtkLabel *details;
  GtkLabel *pill;
  GtkLabel *money;
} DtMoneyRow;

/* A horizontal box holding the row's widgets, for the caller to add to (an icon, a margin). */
GtkWidget  *dt_money_row_new (void);
/* The widgets of a box made by dt_money_row_new(). */
DtMoneyRow *dt_money_row_get (GtkWidget *box);

G_END_DECLS

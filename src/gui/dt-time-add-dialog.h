/* dt-time-add-dialog.h: the add-entry dialog, for work done without the timer. */
#pragma once

#include <adwaita.h>

#include "dt-time-entry-actions.h"

G_BEGIN_DECLS

/* Called with the new entry's start once it is saved. */
typedef void (*DtTimeAddedFunc) (gint64   start_at,
                                 gpointer user_data);

/* Presents the dialog over @parent's window, the date filled in from @day; it destroys
 * itself on response. Returned for tests. @user_data (a GObject) is kept while it is open. */
GtkWidget *dt_time_add_dialog_present (GtkWidget          *parent,
                                       DtTimeEntryActions *actions,
                                       gint64              day,
                                       DtTimeAddedFunc     added,
                                       gpointer            user_data);

G_END_DECLS

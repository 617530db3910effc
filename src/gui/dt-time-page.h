/* dt-time-page.h: the Time page: a day or a week of entries, grouped by day, edited in place. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_TIME_PAGE (dt_time_page_get_type ())
G_DECLARE_FINAL_TYPE (DtTimePage, dt_time_page, DT, TIME_PAGE, GtkWidget)

DtTimePage *dt_time_page_new            (DtDb       *db);
/* Shows the day or week containing @instant. */
void        dt_time_page_show           (DtTimePage *self,
                                         gint64      instant,
                                         gboolean    week);
void        dt_time_page_reload         (DtTimePage *self);
guint       dt_time_page_get_n_days     (DtTimePage *self);
guint       dt_time_page_get_n_entries  (DtTimePage *self);
/* The "7 h 30 min tracked · 6 h billable" line. */
const char *dt_time_page_get_total_text (DtTimePage *self);
/* Opens the add-entry dialog (returned for tests; it destroys itself on response). */
GtkWidget  *dt_time_page_add_entry      (DtTimePage *self);

G_END_DECLS

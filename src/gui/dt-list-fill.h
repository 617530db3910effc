/* dt-list-fill.h: hands a new list to its view half a screenful of rows a frame.
 *
 * GTK 4.8's list view makes the widgets of some two hundred rows at once for a new model: on
 * a full week of entries or two hundred clients that is one frame of 100 ms or more. A
 * DtListFill stands between the list and the view's selection model and shows the first rows
 * only, half a screenful more each frame, until the view has all the rows it keeps; the rest come
 * at once, as they cost the view nothing until scrolled to. Positions are the list's own. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_LIST_FILL (dt_list_fill_get_type ())
G_DECLARE_FINAL_TYPE (DtListFill, dt_list_fill, DT, LIST_FILL, GObject)

/* @view is the widget whose frames pace the filling (not referenced). */
DtListFill *dt_list_fill_new       (GListModel *list,
                                    GtkWidget  *view);
/* The rows shown so far: give this to the view's selection model. */
GListModel *dt_list_fill_get_model (DtListFill *self);
/* Starts showing the list from its first screenful again: before a new list is put in, or
 * as the view is given a new one. */
void        dt_list_fill_restart   (DtListFill *self);
/* Shows every row now: the same list with changed data, whose rows in view must stay. */
void        dt_list_fill_show_all  (DtListFill *self);
/* While the view is hidden, shows no rows at all, so that the view holds no row widgets;
 * shown again, the list fills in as a new one. For a view whose rows are heavy and whose
 * selection, if any, does not matter (its position is lost). */
void        dt_list_fill_release_when_hidden (DtListFill *self);
/* Shows at least the rows up to @position, to select or scroll to it. */
void        dt_list_fill_reveal    (DtListFill *self,
                                    guint       position);

G_END_DECLS

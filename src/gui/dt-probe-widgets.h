/* dt-probe-widgets.h: finds the window probe's widgets by type, not by name. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget         *dt_probe_find_first        (GtkWidget  *root,
                                               GType       type);
GtkWidget         *dt_probe_find_view_stack   (GtkWidget  *window);
GPtrArray         *dt_probe_page_names        (GtkWidget  *stack);
GtkWidget         *dt_probe_page_child        (GtkWidget  *stack,
                                               const char *name);
void               dt_probe_show_page         (GtkWidget  *stack,
                                               const char *name);
GtkScrolledWindow *dt_probe_find_scroller     (GtkWidget  *page);
GtkMenuButton     *dt_probe_find_task_chooser (GtkWidget  *window);
GtkWidget         *dt_probe_find_page_search  (GtkWidget  *page);
/* Renders @widget with its window's own renderer and writes it to @path as PNG; FALSE when it
 * has drawn nothing yet. */
gboolean           dt_probe_save_png          (GtkWidget  *widget,
                                               const char *path);

G_END_DECLS

/* dt-ui-test.h: shared helpers for the widget tests: waiting for the main loop, screenshots. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void  dt_ui_test_init        (int         *argc,
                              char      ***argv);
/* Iterates the default main context until @predicate returns TRUE or @timeout_ms passes. */
gboolean dt_ui_test_wait_for (gboolean  (*predicate) (gpointer data),
                              gpointer    data,
                              guint       timeout_ms);
void  dt_ui_test_iterate     (guint        ms);
/* Renders @widget with GTK's own renderer and saves it as NAME.png under
 * $G_TEST_BUILDDIR/screenshots; returns the path. */
char *dt_ui_test_screenshot  (GtkWidget   *widget,
                              const char  *name);

/* The @nth (from 0) descendant of @root of @type, depth first, or NULL. */
GtkWidget *dt_ui_test_find   (GtkWidget   *root,
                              GType        type,
                              guint        nth);
/* The first descendant GtkLabel or AdwPreferencesRow whose text contains @text, or NULL. */
GtkWidget *dt_ui_test_find_text (GtkWidget  *root,
                                 const char *text);

/* How many widgets under @root (itself included) have CSS class @name: a list factory's rows,
 * one per row widget. */
guint      dt_ui_test_count_with_class (GtkWidget  *root,
                                        const char *name);

G_END_DECLS

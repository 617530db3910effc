/* dt-ui-test.c: helpers for widget tests under Xvfb. */
#include "dt-ui-test.h"

#include <glib/gstdio.h>
#include <string.h>

void
dt_ui_test_init (int    *argc,
                 char ***argv)
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: it hides XDG_DATA_DIRS and with them the icon theme;
   * tests/session-run.sh already gives each test its own HOME and XDG folders. */
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  /* What GtkApplication's resource-base-path would add for the app itself. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/doubletime/DoubleTime/icons");
  /* And the style sheet AdwApplication loads from the same base path. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/io/github/doubletime/DoubleTime/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
dt_ui_test_wait_for (gboolean (*predicate) (gpointer data),
                     gpointer   data,
                     guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  /* What we wait for may happen on another thread without waking this context. The wake-up
   * comes last: at the default priority it was due again after every slow iteration (under
   * AddressSanitizer) and idle work at a lower priority, such as a page's reload, never ran. */
  guint wake = g_timeout_add_full (G_PRIORITY_LOW + 100, 10, on_wake_cb, NULL, NULL);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (!timed_out)
    g_source_remove (id);
  return predicate (data);
}

void
dt_ui_test_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

char *
dt_ui_test_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;
  GskRenderer *renderer;
  int width = 0, height = 0;

  g_assert_true (dt_ui_test_wait_for (is_drawn, widget, 5000));
  /* Let layout, CSS transitions and the first frame settle. */
  dt_ui_test_iterate (300);

  /* On a loaded machine a popover or a freshly mapped window may not have produced its first
   * frame yet: the paintable is then empty. Give it a few more frames before failing. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      if (attempt > 0)
        dt_ui_test_iterate (100);
      if (!is_drawn (widget))
        continue;
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("%s: the widget drew nothing within 5 seconds (mapped: %d, %dx%d)", name,
             gtk_widget_get_mapped (widget), gtk_widget_get_width (widget),
             gtk_widget_get_height (widget));

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);
  return path;
}

static GtkWidget *
find_nth (GtkWidget *widget,
          GType      type,
          guint     *nth)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        {
          if (*nth == 0)
            return c;
          (*nth)--;
        }
      found = find_nth (c, type, nth);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
dt_ui_test_find (GtkWidget *root,
                 GType      type,
                 guint      nth)
{
  return find_nth (root, type, &nth);
}

GtkWidget *
dt_ui_test_find_text (GtkWidget  *root,
                      const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      const char *t = NULL;
      GtkWidget *found;

      if (GTK_IS_LABEL (c))
        t = gtk_label_get_label (GTK_LABEL (c));
      else if (ADW_IS_PREFERENCES_ROW (c))
        t = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c));
      if (t != NULL && strstr (t, text) != NULL)
        return c;
      found = dt_ui_test_find_text (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

guint
dt_ui_test_count_with_class (GtkWidget  *root,
                             const char *name)
{
  guint n = gtk_widget_has_css_class (root, name) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += dt_ui_test_count_with_class (child, name);
  return n;
}

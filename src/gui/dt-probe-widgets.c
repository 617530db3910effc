/* dt-probe-widgets.c: finds the widgets the window probe drives by walking the widget tree for
 * their types, so the probe keeps working when a page swaps a box of rows for a list view. */
#define G_LOG_DOMAIN "dt-probe"

#include "config.h"

#include <adwaita.h>

#include "dt-probe-widgets.h"

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* The first widget of @type under @root (itself included), depth first; popovers count, as
 * they are their button's children. */
GtkWidget *
dt_probe_find_first (GtkWidget *root,
                     GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (root == NULL)
    return NULL;
  collect (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* The stack of the window's pages: an AdwViewStack, or else the largest GtkStack shown. */
GtkWidget *
dt_probe_find_view_stack (GtkWidget *window)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
  GtkWidget *best = dt_probe_find_first (window, ADW_TYPE_VIEW_STACK);
  int best_area = -1;

  if (best != NULL)
    return best;
  collect (window, GTK_TYPE_STACK, stacks);
  for (guint i = 0; i < stacks->len; i++)
    {
      GtkWidget *stack = g_ptr_array_index (stacks, i);
      int area = gtk_widget_get_width (stack) * gtk_widget_get_height (stack);

      if (gtk_widget_get_mapped (stack) && area > best_area)
        {
          best = stack;
          best_area = area;
        }
    }
  return best;
}

GPtrArray *
dt_probe_page_names (GtkWidget *stack)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (ADW_IS_VIEW_STACK (stack))
    pages = adw_view_stack_get_pages (ADW_VIEW_STACK (stack));
  else
    pages = gtk_stack_get_pages (GTK_STACK (stack));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      const char *name = ADW_IS_VIEW_STACK_PAGE (page)
                           ? adw_view_stack_page_get_name (ADW_VIEW_STACK_PAGE (page))
                           : gtk_stack_page_get_name (GTK_STACK_PAGE (page));
      if (name != NULL)
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

GtkWidget *
dt_probe_page_child (GtkWidget  *stack,
                     const char *name)
{
  if (name == NULL)
    return NULL;
  if (ADW_IS_VIEW_STACK (stack))
    return adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), name);
  return gtk_stack_get_child_by_name (GTK_STACK (stack), name);
}

void
dt_probe_show_page (GtkWidget  *stack,
                    const char *name)
{
  if (ADW_IS_VIEW_STACK (stack))
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
  else
    gtk_stack_set_visible_child_name (GTK_STACK (stack), name);
}

/* The scrolled window on screen in @page that holds the most content: the list of entries,
 * whether it is a box of rows or a GtkListView. */
GtkScrolledWindow *
dt_probe_find_scroller (GtkWidget *page)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GtkScrolledWindow *best = NULL;
  double best_upper = -1;

  if (page == NULL)
    return NULL;
  collect (page, GTK_TYPE_SCROLLED_WINDOW, found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkScrolledWindow *sw = g_ptr_array_index (found, i);
      double upper = gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (sw));

      if (gtk_widget_get_mapped (GTK_WIDGET (sw)) && upper > best_upper)
        {
          best = sw;
          best_upper = upper;
        }
    }
  return best;
}

/* The task chooser: in the header bar, the menu button with a popover of its own (not a
 * menu), preferring one whose popover has a search entry. */
GtkMenuButton *
dt_probe_find_task_chooser (GtkWidget *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *header = dt_probe_find_first (window, ADW_TYPE_HEADER_BAR);
  GtkMenuButton *fallback = NULL;

  if (header == NULL)
    header = dt_probe_find_first (window, GTK_TYPE_HEADER_BAR);
  if (header == NULL)
    return NULL;
  collect (header, GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, i);
      GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));

      if (popover == NULL || gtk_menu_button_get_menu_model (button) != NULL)
        continue;
      if (dt_probe_find_first (popover, GTK_TYPE_SEARCH_ENTRY) != NULL)
        return button;
      if (fallback == NULL)
        fallback = button;
    }
  return fallback;
}

/* @page's own search entry, not one in a drop-down's popover inside a row. */
GtkWidget *
dt_probe_find_page_search (GtkWidget *page)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (page == NULL)
    return NULL;
  collect (page, GTK_TYPE_SEARCH_ENTRY, found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *entry = g_ptr_array_index (found, i);
      GtkWidget *popover = gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER);

      if (popover == NULL || !gtk_widget_is_ancestor (popover, page))
        return entry;
    }
  return NULL;
}

gboolean
dt_probe_save_png (GtkWidget  *widget,
                   const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    return FALSE;
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

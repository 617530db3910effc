/* dt-list-fill.c: a slice of the list that grows a screenful of rows each frame. */
#define G_LOG_DOMAIN "dt-list-fill"

#include "config.h"

#include "dt-list-fill.h"

/* Half a screenful of one-line rows a frame (a screenful made a page's first frame 55 ms on
 * the 1M bench, half of one 40), and the rows GTK 4.8's list view keeps alive around what
 * is in view (GTK_LIST_VIEW_MAX_LIST_ITEMS and its extra items). */
#define ROWS_PER_FRAME 6
#define ROWS_VIEW_KEEPS 220

struct _DtListFill
{
  GObject            parent_instance;

  GListModel        *list;
  GtkSliceListModel *shown;
  GtkWidget         *view;     /* weak */
  guint              tick_id;
  guint              release_id;   /* letting go of a hidden view's rows, a few at a time */
};

G_DEFINE_FINAL_TYPE (DtListFill, dt_list_fill, G_TYPE_OBJECT)

static void
stop_releasing (DtListFill *self)
{
  g_clear_handle_id (&self->release_id, g_source_remove);
}

static void
stop_filling (DtListFill *self)
{
  if (self->tick_id != 0 && self->view != NULL)
    gtk_widget_remove_tick_callback (self->view, self->tick_id);
  self->tick_id = 0;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  DtListFill *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->shown) + ROWS_PER_FRAME;

  if (size < ROWS_VIEW_KEEPS && size < g_list_model_get_n_items (self->list))
    {
      gtk_slice_list_model_set_size (self->shown, size);
      return G_SOURCE_CONTINUE;
    }
  gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
dt_list_fill_restart (DtListFill *self)
{
  g_return_if_fail (DT_IS_LIST_FILL (self));

  if (self->view == NULL)
    {
      dt_list_fill_show_all (self);
      return;
    }
  stop_releasing (self);
  /* A list as short as that is all there from the first frame: the tick only lets go. */
  gtk_slice_list_model_set_size (self->shown, ROWS_PER_FRAME);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->view, on_tick_cb, self, NULL);
}

void
dt_list_fill_show_all (DtListFill *self)
{
  g_return_if_fail (DT_IS_LIST_FILL (self));

  stop_filling (self);
  stop_releasing (self);
  gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
}

void
dt_list_fill_reveal (DtListFill *self,
                     guint       position)
{
  g_return_if_fail (DT_IS_LIST_FILL (self));

  if (position != GTK_INVALID_LIST_POSITION &&
      position >= gtk_slice_list_model_get_size (self->shown))
    gtk_slice_list_model_set_size (self->shown, position + 1);
}

/* Destroying a row's widgets costs about what making them did: a hidden view's rows go a
 * few at a time between frames, as they came. */
static gboolean
on_release_cb (gpointer user_data)
{
  DtListFill *self = user_data;
  guint size = MIN (gtk_slice_list_model_get_size (self->shown),
                    g_list_model_get_n_items (self->list));

  if (size > ROWS_PER_FRAME)
    {
      gtk_slice_list_model_set_size (self->shown, size - ROWS_PER_FRAME);
      return G_SOURCE_CONTINUE;
    }
  gtk_slice_list_model_set_size (self->shown, 0);
  self->release_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_view_unmap_cb (DtListFill *self)
{
  stop_filling (self);
  if (self->release_id == 0)
    self->release_id = g_idle_add_full (G_PRIORITY_LOW, on_release_cb, self, NULL);
}

/* Shown again: the rows still there stay, the rest fill in. */
static void
on_view_map_cb (DtListFill *self)
{
  guint size = gtk_slice_list_model_get_size (self->shown);

  stop_releasing (self);
  if (size >= MIN (ROWS_VIEW_KEEPS, g_list_model_get_n_items (self->list)))
    {
      gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
      return;
    }
  gtk_slice_list_model_set_size (self->shown, MAX (size, ROWS_PER_FRAME));
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->view, on_tick_cb, self, NULL);
}

void
dt_list_fill_release_when_hidden (DtListFill *self)
{
  g_return_if_fail (DT_IS_LIST_FILL (self));
  g_return_if_fail (self->view != NULL);

  g_signal_connect_object (self->view, "unmap", G_CALLBACK (on_view_unmap_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "map", G_CALLBACK (on_view_map_cb), self,
                           G_CONNECT_SWAPPED);
}

GListModel *
dt_list_fill_get_model (DtListFill *self)
{
  g_return_val_if_fail (DT_IS_LIST_FILL (self), NULL);
  return G_LIST_MODEL (self->shown);
}

static void
dt_list_fill_dispose (GObject *object)
{
  DtListFill *self = DT_LIST_FILL (object);

  stop_filling (self);
  stop_releasing (self);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->shown);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (dt_list_fill_parent_class)->dispose (object);
}

static void
dt_list_fill_class_init (DtListFillClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_list_fill_dispose;
}

static void
dt_list_fill_init (DtListFill *self)
{
}

DtListFill *
dt_list_fill_new (GListModel *list,
                  GtkWidget  *view)
{
  DtListFill *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (list), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (view), NULL);

  self = g_object_new (DT_TYPE_LIST_FILL, NULL);
  self->list = g_object_ref (list);
  self->shown = gtk_slice_list_model_new (g_object_ref (list), 0, G_MAXUINT);
  g_set_weak_pointer (&self->view, view);
  return self;
}

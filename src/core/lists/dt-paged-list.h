/* dt-paged-list.h: a GListModel over rows that stay in the database: it counts them, reads a
 * page at a time as a list view asks for rows, and keeps only a few pages in memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DT_TYPE_PAGED_LIST (dt_paged_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (DtPagedList, dt_paged_list, DT, PAGED_LIST, GObject)

/* Default rows per page, and pages kept: a screenful or two of rows around where the user
 * looks, however long the list. */
#define DT_PAGED_LIST_DEFAULT_PAGE_SIZE 128
#define DT_PAGED_LIST_DEFAULT_MAX_PAGES 3

struct _DtPagedListClass
{
  GObjectClass parent_class;

  /* How many rows the current filter matches; -1 with @error set on failure. */
  gint64     (*count) (DtPagedList  *self,
                       GError      **error);
  /* Rows [@offset, @offset + @limit) in list order, as new objects of the item type (fewer at
   * the end); NULL with @error set on failure. */
  GPtrArray *(*fetch) (DtPagedList  *self,
                       guint         offset,
                       guint         limit,
                       GError      **error);

  gpointer padding[4];
};

/* Forgets the pages read and counts again, announcing the change with items-changed (the
 * whole list: rows may have moved). Subclasses call it when their filter changes; owners call
 * it when the store says the rows changed. */
void   dt_paged_list_invalidate      (DtPagedList *self);
guint  dt_paged_list_get_page_size   (DtPagedList *self);
/* How many rows are in memory now: at most page size × pages kept. */
guint  dt_paged_list_get_n_cached    (DtPagedList *self);
/* How many pages were read from the database since the list was made. */
guint  dt_paged_list_get_n_fetches   (DtPagedList *self);

G_END_DECLS

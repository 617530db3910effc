/* dt-time-entry-list-model.c: a lazy list of time entries over the time_entries_start index.
 * Pages follow each other by keyset (the row after the last one read) when the page before
 * is kept, by OFFSET when the list jumps (a dragged scrollbar). */
#define G_LOG_DOMAIN "dt-time-list"

#include "dt-store-private.h"
#include "dt-time-entry-item.h"
#include "dt-time-entry-list-model.h"
#include "dt-time-entry-store-private.h"
#include "dt-time.h"

/* ?1 ?2 the range of starts, ?3 the LIKE pattern or NULL. CROSS JOIN keeps the entries the
 * outer loop, walked on their start index, whatever SQLite guesses about the other tables. */
#define LIST_FROM \
  " FROM time_entries e INDEXED BY time_entries_start " \
  "CROSS JOIN projects p ON p.id = e.project_id " \
  "CROSS JOIN clients c ON c.id = p.client_id " \
  "LEFT JOIN tasks t ON t.id = e.task_id " \
  "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id " \
  "WHERE e.start_at >= ?1 AND e.start_at < ?2 " \
  "AND (?3 IS NULL OR e.note LIKE ?3 ESCAPE '\\' OR t.title LIKE ?3 ESCAPE '\\' " \
  "     OR p.name LIKE ?3 ESCAPE '\\' OR c.name LIKE ?3 ESCAPE '\\') "
#define LIST_COLUMNS DT_TIME_ENTRY_COLUMNS ", c.name, p.name, t.title"
#define NEWEST_FIRST "ORDER BY e.start_at DESC, e.id DESC "
/* Seconds of an entry, a running one until ?4. */
#define SECONDS "(coalesce (e.end_at, max (?4, e.start_at)) - e.start_at)"
#define SUMS \
  "SELECT coalesce (sum (" SECONDS "), 0), " \
  "coalesce (sum (CASE WHEN e.billable = 1 THEN " SECONDS " ELSE 0 END), 0), count(*)"

typedef struct
{
  guint      index;
  GPtrArray *items;   /* DtTimeEntryItem, at most DT_TIME_ENTRY_LIST_PAGE_SIZE */
  guint64    used;    /* when it was last read from, to evict the oldest */
} Page;

typedef struct
{
  gint64 count;
  gint64 seconds;
  gint64 billable;
} DayTotals;

struct _DtTimeEntryListModel
{
  GObject     parent_instance;

  DtDb       *db;
  gint64      from;
  gint64      to;
  char       *text;
  guint       n_items;
  GPtrArray  *pages;       /* Page */
  GHashTable *day_totals;  /* gint64 day start → DayTotals */
  guint64     clock;
  guint       n_reads;
};

static void dt_time_entry_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DtTimeEntryListModel, dt_time_entry_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dt_time_entry_list_model_iface_init))

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
bind_filter (DtTimeEntryListModel *self,
             sqlite3_stmt         *stmt,
             gint64                from,
             gint64                to)
{
  sqlite3_bind_int64 (stmt, 1, from != 0 ? from : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, to != 0 ? to : G_MAXINT64);
  dt_store_bind_like (stmt, 3, self->text);
}

static guint
count_items (DtTimeEntryListModel *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  /* Without text the start index alone answers: no row of any table is read. */
  stmt = dt_db_prepare (self->db, self->text == NULL
                        ? "SELECT count(*) FROM time_entries e "
                          "WHERE e.start_at >= ?1 AND e.start_at < ?2 AND ?3 IS NULL"
                        : "SELECT count(*)" LIST_FROM, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return 0;
    }
  bind_filter (self, stmt, self->from, self->to);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    g_warning ("Could not count the time entries: %s",
               sqlite3_errmsg (dt_db_get_handle (self->db)));
  sqlite3_reset (stmt);
  return (guint) CLAMP (n, 0, G_MAXUINT);
}

static Page *
find_page (DtTimeEntryListModel *self,
           guint                 index)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);
      if (page->index == index)
        return page;
    }
  return NULL;
}

/* The start of the row just before @item in the list, or G_MININT64 when it is the first. */
static gint64
start_before (DtTimeEntryListModel *self,
              DtTimeEntryItem      *item,
              GError              **error)
{
  const DtTimeEntry *entry = dt_time_entry_item_get_entry (item);
  sqlite3_stmt *stmt = dt_db_prepare (self->db, "SELECT e.start_at" LIST_FROM
                                      "AND (e.start_at > ?5 OR (e.start_at = ?5 AND e.id > ?6)) "
                                      "ORDER BY e.start_at, e.id LIMIT 1", error);
  gint64 start = G_MININT64;
  int rc;

  if (stmt == NULL)
    return G_MININT64;
  bind_filter (self, stmt, self->from, self->to);
  sqlite3_bind_int64 (stmt, 5, entry->start_at);
  sqlite3_bind_int64 (stmt, 6, entry->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    start = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    dt_db_set_error (self->db, error, "Could not read the time entries");
  sqlite3_reset (stmt);
  return start;
}

typedef struct
{
  gint64 id;
  gint64 start;
  gint64 end;
} Span;

/* Marks the items of @items that share time with any entry, listed or not. One read of the
 * entries around the page's time, then a comparison in memory: a page is a few hundred
 * entries and the entries around it about as many. */
static gboolean
mark_overlaps (DtTimeEntryListModel *self,
               GPtrArray            *items,
               GError              **error)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gint64 now = dt_time_now ();
  gint64 from = G_MAXINT64, to = G_MININT64;
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < items->len; i++)
    {
      const DtTimeEntry *e = dt_time_entry_item_get_entry (items->pdata[i]);
      from = MIN (from, e->start_at);
      to = MAX (to, e->end_at != 0 ? e->end_at : MAX (now, e->start_at));
    }
  if (items->len == 0)
    return TRUE;

  /* No finished entry lasts longer than DT_TIME_ENTRY_MAX_SECONDS; the running one may. It
   * is asked for alone, so that its partial index answers (with a range on the start as
   * well SQLite walks the start index instead); seen twice it still only counts once. */
  stmt = dt_db_prepare (self->db,
                        "SELECT id, start_at, coalesce (end_at, max (?3, start_at)) "
                        "FROM time_entries WHERE start_at >= ?1 - ?4 AND start_at < ?2 "
                        "UNION ALL SELECT id, start_at, max (?3, start_at) FROM time_entries "
                        "WHERE end_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, DT_TIME_ENTRY_MAX_SECONDS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Span span = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                    sqlite3_column_int64 (stmt, 2) };
      if (span.end > from && span.end > span.start)
        g_array_append_val (spans, span);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (self->db, error, "Could not read overlapping time entries");

  for (guint i = 0; i < items->len; i++)
    {
      DtTimeEntryItem *item = items->pdata[i];
      const DtTimeEntry *e = dt_time_entry_item_get_entry (item);
      gint64 end = e->end_at != 0 ? e->end_at : MAX (now, e->start_at);
      gboolean overlaps = FALSE;

      /* Touching ends (one stops at 10:00, the next starts at 10:00) are not an overlap. */
      for (guint k = 0; !overlaps && end > e->start_at && k < spans->len; k++)
        {
          const Span *o = &g_array_index (spans, Span, k);
          overlaps = o->id != e->id && o->start < end && e->start_at < o->end;
        }
      dt_time_entry_item_set_overlaps (item, overlaps);
    }
  return TRUE;
}

static void
mark_day_starts (DtTimeEntryListModel *self,
                 guint                 index,
                 GPtrArray            *items)
{
  Page *before = index > 0 ? find_page (self, index - 1) : NULL;
  gint64 previous_day = G_MININT64;

  if (items->len == 0)
    return;
  if (before != NULL && before->items->len > 0)
    previous_day = dt_time_entry_item_get_day_start (g_ptr_array_index (before->items,
                                                                        before->items->len - 1));
  else if (index > 0)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = start_before (self, items->pdata[0], &error);

      if (error != NULL)
        g_warning ("%s", error->message);
      if (start != G_MININT64)
        previous_day = dt_time_local_day_start (start);
    }
  for (guint i = 0; i < items->len; i++)
    {
      gint64 day = dt_time_entry_item_get_day_start (items->pdata[i]);
      dt_time_entry_item_set_starts_day (items->pdata[i], day != previous_day);
      previous_day = day;
    }
}

static GPtrArray *
read_page (DtTimeEntryListModel *self,
           guint                 index,
           GError              **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  Page *before = index > 0 ? find_page (self, index - 1) : NULL;
  gboolean keyset = before != NULL && before->items->len == DT_TIME_ENTRY_LIST_PAGE_SIZE;
  sqlite3_stmt *stmt;
  int rc;

  stmt = dt_db_prepare (self->db, keyset
                        ? "SELECT " LIST_COLUMNS LIST_FROM
                          "AND (e.start_at < ?6 OR (e.start_at = ?6 AND e.id < ?7)) "
                          NEWEST_FIRST "LIMIT ?4 OFFSET ?5"
                        : "SELECT " LIST_COLUMNS LIST_FROM NEWEST_FIRST "LIMIT ?4 OFFSET ?5",
                        error);
  if (stmt == NULL)
    return NULL;
  bind_filter (self, stmt, self->from, self->to);
  sqlite3_bind_int (stmt, 4, DT_TIME_ENTRY_LIST_PAGE_SIZE);
  if (keyset)
    {
      DtTimeEntryItem *last = g_ptr_array_index (before->items, before->items->len - 1);
      const DtTimeEntry *entry = dt_time_entry_item_get_entry (last);

      sqlite3_bind_int64 (stmt, 5, 0);
      sqlite3_bind_int64 (stmt, 6, entry->start_at);
      sqlite3_bind_int64 (stmt, 7, entry->id);
    }
  else
    sqlite3_bind_int64 (stmt, 5, (gint64) index * DT_TIME_ENTRY_LIST_PAGE_SIZE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtTimeEntry *entry = dt_time_entry_store_entry_from_row (stmt);
      const char *client = (const char *) sqlite3_column_text (stmt, DT_TIME_ENTRY_N_COLUMNS);
      const char *project = (const char *) sqlite3_column_text (stmt, DT_TIME_ENTRY_N_COLUMNS + 1);
      const char *task = (const char *) sqlite3_column_text (stmt, DT_TIME_ENTRY_N_COLUMNS + 2);

      g_ptr_array_add (entries, entry);
      g_ptr_array_add (items, dt_time_entry_item_new (entry, client, project, task));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (self->db, error, "Could not read the time entries");
      return NULL;
    }
  self->n_reads++;
  if (!dt_time_entry_store_load_tags (self->db, entries, error) ||
      !mark_overlaps (self, items, error))
    return NULL;
  mark_day_starts (self, index, items);
  return g_steal_pointer (&items);
}

static Page *
get_page (DtTimeEntryListModel *self,
          guint                 index)
{
  g_autoptr(GError) error = NULL;
  Page *page = find_page (self, index);
  GPtrArray *items;

  if (page != NULL)
    {
      page->used = ++self->clock;
      return page;
    }
  items = read_page (self, index, &error);
  if (items == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  if (self->pages->len >= DT_TIME_ENTRY_LIST_MAX_PAGES)
    {
      guint oldest = 0;

      for (guint i = 1; i < self->pages->len; i++)
        if (((Page *) self->pages->pdata[i])->used < ((Page *) self->pages->pdata[oldest])->used)
          oldest = i;
      g_ptr_array_remove_index_fast (self->pages, oldest);
    }
  page = g_new0 (Page, 1);
  page->index = index;
  page->items = items;
  page->used = ++self->clock;
  g_ptr_array_add (self->pages, page);
  return page;
}

static GType
dt_time_entry_list_model_get_item_type (GListModel *model)
{
  return DT_TYPE_TIME_ENTRY_ITEM;
}

static guint
dt_time_entry_list_model_get_n_items (GListModel *model)
{
  return DT_TIME_ENTRY_LIST_MODEL (model)->n_items;
}

static gpointer
dt_time_entry_list_model_get_item (GListModel *model,
                                   guint       position)
{
  DtTimeEntryListModel *self = DT_TIME_ENTRY_LIST_MODEL (model);
  guint offset = position % DT_TIME_ENTRY_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;
  page = get_page (self, position / DT_TIME_ENTRY_LIST_PAGE_SIZE);
  /* Fewer rows than counted: the data changed and the reload it causes is on its way. */
  if (page == NULL || offset >= page->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page->items, offset));
}

static void
dt_time_entry_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dt_time_entry_list_model_get_item_type;
  iface->get_n_items = dt_time_entry_list_model_get_n_items;
  iface->get_item = dt_time_entry_list_model_get_item;
}

static void
dt_time_entry_list_model_finalize (GObject *object)
{
  DtTimeEntryListModel *self = DT_TIME_ENTRY_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->day_totals, g_hash_table_unref);
  g_free (self->text);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_time_entry_list_model_parent_class)->finalize (object);
}

static void
dt_time_entry_list_model_class_init (DtTimeEntryListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_time_entry_list_model_finalize;
}

static void
dt_time_entry_list_model_init (DtTimeEntryListModel *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->day_totals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

DtTimeEntryListModel *
dt_time_entry_list_model_new (DtDb *db)
{
  DtTimeEntryListModel *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TIME_ENTRY_LIST_MODEL, NULL);
  self->db = g_object_ref (db);
  self->n_items = count_items (self);
  return self;
}

void
dt_time_entry_list_model_reload (DtTimeEntryListModel *self)
{
  guint removed;

  g_return_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self));

  removed = self->n_items;
  g_ptr_array_set_size (self->pages, 0);
  g_hash_table_remove_all (self->day_totals);
  self->n_items = count_items (self);
  if (removed > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

void
dt_time_entry_list_model_set_filter (DtTimeEntryListModel *self,
                                     gint64                from,
                                     gint64                to,
                                     const char           *text)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self));

  self->from = from;
  self->to = to;
  g_free (self->text);
  self->text = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  dt_time_entry_list_model_reload (self);
}

static gboolean
sum_range (DtTimeEntryListModel *self,
           gint64                from,
           gint64                to,
           DayTotals            *out,
           GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 lo = from != 0 ? from : G_MININT64, hi = to != 0 ? to : G_MAXINT64;
  int rc;

  /* Within both the filter's range and the one asked for. */
  if (self->from != 0)
    lo = MAX (lo, self->from);
  if (self->to != 0)
    hi = MIN (hi, self->to);
  stmt = dt_db_prepare (self->db, self->text == NULL
                        ? SUMS " FROM time_entries e "
                          "WHERE e.start_at >= ?1 AND e.start_at < ?2 AND ?3 IS NULL"
                        : SUMS LIST_FROM, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lo);
  sqlite3_bind_int64 (stmt, 2, hi);
  dt_store_bind_like (stmt, 3, self->text);
  sqlite3_bind_int64 (stmt, 4, dt_time_now ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->seconds = sqlite3_column_int64 (stmt, 0);
      out->billable = sqlite3_column_int64 (stmt, 1);
      out->count = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return dt_db_set_error (self->db, error, "Could not add up the time entries");
  return TRUE;
}

gboolean
dt_time_entry_list_model_sum (DtTimeEntryListModel *self,
                              gint64                from,
                              gint64                to,
                              gint64               *out_seconds,
                              gint64               *out_billable,
                              GError              **error)
{
  DayTotals totals = { 0 };

  g_return_val_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self), FALSE);

  if (!sum_range (self, from, to, &totals, error))
    return FALSE;
  if (out_seconds != NULL)
    *out_seconds = totals.seconds;
  if (out_billable != NULL)
    *out_billable = totals.billable;
  return TRUE;
}

void
dt_time_entry_list_model_day_totals (DtTimeEntryListModel *self,
                                     gint64                day_start,
                                     gint64               *out_count,
                                     gint64               *out_seconds,
                                     gint64               *out_billable)
{
  DayTotals *totals;

  g_return_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self));

  totals = g_hash_table_lookup (self->day_totals, &day_start);
  if (totals == NULL)
    {
      g_autoptr(GError) error = NULL;

      totals = g_new0 (DayTotals, 1);
      if (!sum_range (self, day_start, dt_time_local_day_add (day_start, 1), totals, &error))
        g_warning ("%s", error->message);
      g_hash_table_insert (self->day_totals, g_memdup2 (&day_start, sizeof day_start), totals);
    }
  if (out_count != NULL)
    *out_count = totals->count;
  if (out_seconds != NULL)
    *out_seconds = totals->seconds;
  if (out_billable != NULL)
    *out_billable = totals->billable;
}

gboolean
dt_time_entry_list_model_find_cached (DtTimeEntryListModel *self,
                                      gint64                id,
                                      guint                *out_position)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self), FALSE);

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);
      for (guint k = 0; k < page->items->len; k++)
        if (dt_time_entry_item_get_id (page->items->pdata[k]) == id)
          {
            if (out_position != NULL)
              *out_position = page->index * DT_TIME_ENTRY_LIST_PAGE_SIZE + k;
            return TRUE;
          }
    }
  return FALSE;
}

guint
dt_time_entry_list_model_get_n_cached (DtTimeEntryListModel *self)
{
  guint n = 0;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self), 0);

  for (guint i = 0; i < self->pages->len; i++)
    n += ((Page *) self->pages->pdata[i])->items->len;
  return n;
}

guint
dt_time_entry_list_model_get_n_reads (DtTimeEntryListModel *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_LIST_MODEL (self), 0);
  return self->n_reads;
}

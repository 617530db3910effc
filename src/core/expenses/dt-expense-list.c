/* dt-expense-list.c: counts and pages of expenses from dt-expenses. */
#define G_LOG_DOMAIN "dt-lists"

#include "dt-expense-item.h"
#include "dt-expense-list.h"
#include "dt-expenses.h"

struct _DtExpenseList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  char        *text;
};

G_DEFINE_FINAL_TYPE (DtExpenseList, dt_expense_list, DT_TYPE_PAGED_LIST)

static gint64
dt_expense_list_count (DtPagedList  *list,
                       GError      **error)
{
  DtExpenseList *self = DT_EXPENSE_LIST (list);
  DtListQuery query = { .text = self->text };

  return dt_expense_store_count_matching (self->db, &query, error);
}

static GPtrArray *
dt_expense_list_fetch (DtPagedList  *list,
                       guint         offset,
                       guint         limit,
                       GError      **error)
{
  DtExpenseList *self = DT_EXPENSE_LIST (list);
  DtListQuery query = { .text = self->text };
  g_autoptr(GPtrArray) expenses = NULL;
  GPtrArray *items;

  expenses = dt_expense_store_list_newest (self->db, &query, offset, limit, error);
  if (expenses == NULL)
    return NULL;
  items = g_ptr_array_new_full (expenses->len, g_object_unref);
  g_ptr_array_set_free_func (expenses, NULL);
  for (guint i = 0; i < expenses->len; i++)
    g_ptr_array_add (items, dt_expense_item_new (g_ptr_array_index (expenses, i)));
  return items;
}

static void
dt_expense_list_finalize (GObject *object)
{
  DtExpenseList *self = DT_EXPENSE_LIST (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->text, g_free);
  G_OBJECT_CLASS (dt_expense_list_parent_class)->finalize (object);
}

static void
dt_expense_list_class_init (DtExpenseListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_expense_list_finalize;
  list_class->count = dt_expense_list_count;
  list_class->fetch = dt_expense_list_fetch;
}

static void
dt_expense_list_init (DtExpenseList *self)
{
}

DtExpenseList *
dt_expense_list_new_full (DtDb  *db,
                          guint  page_size,
                          guint  max_pages)
{
  DtExpenseList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_EXPENSE_LIST,
                       "item-type", DT_TYPE_EXPENSE_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  return self;
}

DtExpenseList *
dt_expense_list_new (DtDb *db)
{
  return dt_expense_list_new_full (db, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                   DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

void
dt_expense_list_set_text (DtExpenseList *self,
                          const char    *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (DT_IS_EXPENSE_LIST (self));

  trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  if (g_strcmp0 (self->text, trimmed) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&trimmed);
  dt_paged_list_invalidate (DT_PAGED_LIST (self));
}

/* dt-audit-list.c: pages of the audit log for one app, from dt-audit. */
#define G_LOG_DOMAIN "dt-audit"

#include "dt-audit.h"
#include "dt-audit-item.h"
#include "dt-audit-list.h"

struct _DtAuditList
{
  DtPagedList  parent_instance;

  DtDb        *db;
  char        *client_id;
};

G_DEFINE_FINAL_TYPE (DtAuditList, dt_audit_list, DT_TYPE_PAGED_LIST)

static gint64
dt_audit_list_count (DtPagedList  *list,
                     GError      **error)
{
  DtAuditList *self = DT_AUDIT_LIST (list);

  return dt_audit_count (self->db, self->client_id, error);
}

static GPtrArray *
dt_audit_list_fetch (DtPagedList  *list,
                     guint         offset,
                     guint         limit,
                     GError      **error)
{
  DtAuditList *self = DT_AUDIT_LIST (list);

  return dt_audit_page (self->db, self->client_id, offset, limit, error);
}

static void
dt_audit_list_finalize (GObject *object)
{
  DtAuditList *self = DT_AUDIT_LIST (object);

  g_clear_object (&self->db);
  g_free (self->client_id);

  G_OBJECT_CLASS (dt_audit_list_parent_class)->finalize (object);
}

static void
dt_audit_list_class_init (DtAuditListClass *klass)
{
  DtPagedListClass *list_class = DT_PAGED_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_audit_list_finalize;
  list_class->count = dt_audit_list_count;
  list_class->fetch = dt_audit_list_fetch;
}

static void
dt_audit_list_init (DtAuditList *self)
{
}

DtAuditList *
dt_audit_list_new_full (DtDb       *db,
                        const char *client_id,
                        guint       page_size,
                        guint       max_pages)
{
  DtAuditList *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_AUDIT_LIST,
                       "item-type", DT_TYPE_AUDIT_ITEM,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
  self->db = g_object_ref (db);
  self->client_id = g_strdup (client_id);
  return self;
}

DtAuditList *
dt_audit_list_new (DtDb       *db,
                   const char *client_id)
{
  return dt_audit_list_new_full (db, client_id, DT_PAGED_LIST_DEFAULT_PAGE_SIZE,
                                 DT_PAGED_LIST_DEFAULT_MAX_PAGES);
}

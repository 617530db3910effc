/* dt-audit-list.h: everything an app did, newest first, as a lazy GListModel of DtAuditItems
 * that reads the audit log a page at a time. */
#pragma once

#include "dt-db.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_AUDIT_LIST (dt_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (DtAuditList, dt_audit_list, DT, AUDIT_LIST, DtPagedList)

/* The events of @client_id (every app's when NULL). */
DtAuditList *dt_audit_list_new      (DtDb        *db,
                                     const char  *client_id);
DtAuditList *dt_audit_list_new_full (DtDb        *db,
                                     const char  *client_id,
                                     guint        page_size,
                                     guint        max_pages);

G_END_DECLS

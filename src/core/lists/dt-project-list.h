/* dt-project-list.h: the projects of one client, not archived, in the order they were added,
 * as a lazy GListModel of DtProjectItem, with each one's use of its budget once known. */
#pragma once

#include "dt-db.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_PROJECT_LIST (dt_project_list_get_type ())
G_DECLARE_FINAL_TYPE (DtProjectList, dt_project_list, DT, PROJECT_LIST, DtPagedList)

/* The work tracked on one project, all time. */
typedef struct
{
  gint64 seconds;
  gint64 amount;   /* billable money, in the client's currency */
} DtProjectUsage;

DtProjectList *dt_project_list_new            (DtDb          *db);
DtProjectList *dt_project_list_new_full       (DtDb          *db,
                                               guint          page_size,
                                               guint          max_pages);
/* The client whose projects are listed; 0 for an empty list. Invalidates when it changes. */
void           dt_project_list_set_client_id  (DtProjectList *self,
                                               gint64         client_id);
gint64         dt_project_list_get_client_id  (DtProjectList *self);
/* @usage maps a project id (gint64 *) to its DtProjectUsage, as
 * dt_project_usage_read returns; NULL while it is being read (the items then say -1).
 * Invalidates the list. */
void           dt_project_list_set_usage      (DtProjectList *self,
                                               GHashTable    *usage);
/* Where project @id is in the list, or G_MAXUINT when it is not. */
guint          dt_project_list_find           (DtProjectList *self,
                                               gint64         id);

/* A DtDbReadFunc (dt-db-read.h): every project's use of its budget, from one report over all
 * the work ever tracked, which reads the whole history: run it on a worker. Returns the
 * GHashTable for dt_project_list_set_usage (free it with g_hash_table_unref). */
gpointer       dt_project_usage_read          (DtDb          *db,
                                               gpointer       data,
                                               GError       **error);

G_END_DECLS

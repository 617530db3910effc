/* dt-project-store.h: projects, each belonging to one client. */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  gint64    client_id;
  char     *name;            /* 1–200 characters */
  char     *color;           /* "#rrggbb" */
  gint64    rate;            /* minor units of the client's currency per hour, or DT_NO_VALUE */
  gint64    budget_minutes;  /* or DT_NO_VALUE */
  gint64    budget_amount;   /* or DT_NO_VALUE */
  char     *notes;
  gboolean  archived;
  gint64    created_at;
  gint64    updated_at;
  gint64    version;
} DtProject;

DtProject *dt_project_new                (void);
DtProject *dt_project_copy               (const DtProject *project);
void       dt_project_free               (DtProject       *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtProject, dt_project_free)

/* The client must exist and not be archived. */
DtProject *dt_project_store_create       (DtDb            *db,
                                          const DtProject *input,
                                          GError         **error);
DtProject *dt_project_store_get          (DtDb            *db,
                                          gint64           id,
                                          GError         **error);
/* Replaces every field. Moving a project to another client is refused once it has invoiced
 * work (DT_ERROR_CONFLICT). @expected_version as for clients. */
DtProject *dt_project_store_update       (DtDb            *db,
                                          const DtProject *project,
                                          gint64           expected_version,
                                          GError         **error);
DtProject *dt_project_store_set_archived (DtDb            *db,
                                          gint64           id,
                                          gboolean         archived,
                                          GError         **error);
/* Only a project without tasks, time entries or invoice lines can be deleted; otherwise
 * DT_ERROR_CONFLICT ("archive it instead"). */
gboolean   dt_project_store_delete       (DtDb            *db,
                                          gint64           id,
                                          GError         **error);
/* Honours: client_id, archived, text (name, notes), after_id, limit. Array of DtProject. */
GPtrArray *dt_project_store_list         (DtDb              *db,
                                          const DtListQuery *query,
                                          gboolean          *out_has_more,
                                          GError           **error);

/* For lists that page by position, in id order: how many projects of client
 * @query->client_id (required: an exact match, which projects_client finds) @query matches
 * (archived), or, when @before_id is not 0, how many of them come before project @before_id
 * (its position). -1 with @error on failure. */
gint64     dt_project_store_count_matching (DtDb              *db,
                                            const DtListQuery *query,
                                            gint64             before_id,
                                            GError           **error);
/* Rows [@offset, @offset + @limit) of that list, fewer at its end. Array of DtProject. */
GPtrArray *dt_project_store_list_range     (DtDb              *db,
                                            const DtListQuery *query,
                                            guint              offset,
                                            guint              limit,
                                            GError           **error);

G_END_DECLS

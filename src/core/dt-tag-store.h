/* dt-tag-store.h: tags, attached to time entries (many to many). */
#pragma once

#include "dt-db.h"
#include "dt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;    /* 1–100 characters, unique regardless of case */
  char   *color;   /* "#rrggbb" or "" */
  gint64  created_at;
  gint64  updated_at;
  gint64  version;
} DtTag;

DtTag     *dt_tag_new           (void);
void       dt_tag_free          (DtTag        *tag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTag, dt_tag_free)

/* A name already taken (in any case) is DT_ERROR_CONFLICT naming the existing tag. */
DtTag     *dt_tag_store_create  (DtDb         *db,
                                 const DtTag  *input,
                                 GError      **error);
DtTag     *dt_tag_store_get     (DtDb         *db,
                                 gint64        id,
                                 GError      **error);
DtTag     *dt_tag_store_update  (DtDb         *db,
                                 const DtTag  *tag,
                                 gint64        expected_version,
                                 GError      **error);
/* Removes the tag from every entry (the entries stay) and drops rules that match it. */
gboolean   dt_tag_store_delete  (DtDb         *db,
                                 gint64        id,
                                 GError      **error);
/* Honours: text (name), after_id, limit. Array of DtTag. */
GPtrArray *dt_tag_store_list    (DtDb              *db,
                                 const DtListQuery *query,
                                 gboolean          *out_has_more,
                                 GError           **error);

G_END_DECLS

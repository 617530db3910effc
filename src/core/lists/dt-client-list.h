/* dt-client-list.h: the clients in the order they were added, as a lazy GListModel of
 * DtClientItem, filtered by text and with or without the archived ones. */
#pragma once

#include "dt-db.h"
#include "dt-paged-list.h"

G_BEGIN_DECLS

#define DT_TYPE_CLIENT_LIST (dt_client_list_get_type ())
G_DECLARE_FINAL_TYPE (DtClientList, dt_client_list, DT, CLIENT_LIST, DtPagedList)

DtClientList *dt_client_list_new           (DtDb         *db);
/* Pages of @page_size rows, at most @max_pages of them in memory (the tests' small lists). */
DtClientList *dt_client_list_new_full      (DtDb         *db,
                                            guint         page_size,
                                            guint         max_pages);
/* Each setter that changes the filter invalidates the list. */
void          dt_client_list_set_archived  (DtClientList *self,
                                            gboolean      include_archived);
/* Part of the name, the e-mail or the notes, any case; NULL or "" for all. */
void          dt_client_list_set_text      (DtClientList *self,
                                            const char   *text);
/* Where client @id is in the list, or GTK_INVALID_LIST_POSITION (G_MAXUINT) when the
 * filter hides it. One counting query; no row is read. */
guint         dt_client_list_find          (DtClientList *self,
                                            gint64        id);

G_END_DECLS

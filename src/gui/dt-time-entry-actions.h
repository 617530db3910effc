/* dt-time-entry-actions.h: what the Time page does to entries — save an edit, set tags,
 * delete — and what its rows share while editing: tag names, the task choices, which
 * entries are open. */
#pragma once

#include <gio/gio.h>

#include "dt-db.h"
#include "dt-time-entry-store.h"

G_BEGIN_DECLS

#define DT_TYPE_TIME_ENTRY_ACTIONS (dt_time_entry_actions_get_type ())
G_DECLARE_FINAL_TYPE (DtTimeEntryActions, dt_time_entry_actions, DT, TIME_ENTRY_ACTIONS, GObject)

/* Signals: "message" (const char *text) for the user; "changed" after a write, so the page
 * shows what was saved even when no change event comes. */
DtTimeEntryActions *dt_time_entry_actions_new               (DtDb               *db);
DtDb               *dt_time_entry_actions_get_db            (DtTimeEntryActions *self);
/* Saves @copy (a changed copy of a listed entry); an error becomes a message. */
gboolean            dt_time_entry_actions_save              (DtTimeEntryActions *self,
                                                             const DtTimeEntry  *copy,
                                                             gint64              version);
/* Saves @entry with the tags named in @text ("design, meeting"); new names make tags. */
gboolean            dt_time_entry_actions_set_tags          (DtTimeEntryActions *self,
                                                             const DtTimeEntry  *entry,
                                                             const char         *text);
gboolean            dt_time_entry_actions_delete            (DtTimeEntryActions *self,
                                                             gint64              id);
/* The names of @entry's tags, each after @prefix, joined by @separator. */
char               *dt_time_entry_actions_tags_text         (DtTimeEntryActions *self,
                                                             const DtTimeEntry  *entry,
                                                             const char         *separator,
                                                             const char         *prefix);
/* Every DtTrackable, read on first use and again after dt_time_entry_actions_forget. */
GListModel         *dt_time_entry_actions_get_trackables    (DtTimeEntryActions *self);
/* Names may have changed (tags, tasks, projects, clients): read them again when asked. */
void                dt_time_entry_actions_forget            (DtTimeEntryActions *self);
gboolean            dt_time_entry_actions_is_expanded       (DtTimeEntryActions *self,
                                                             gint64              id);
void                dt_time_entry_actions_set_expanded      (DtTimeEntryActions *self,
                                                             gint64              id,
                                                             gboolean            expanded);

G_END_DECLS

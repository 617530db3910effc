/* dt-db-transfer.h: restoring a backup into the open database, and exporting everything the
 * freelancer owns as one JSON document. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

/* Replaces the contents of @self with the backup at @backup_path, after checking the backup
 * (a DoubleTime database, healthy, not from a newer version) and after saving the current
 * data under @safety_dir (its path in *@out_safety_path). An older backup is migrated. Other
 * connections to the same file see the restored data at their next read. Apps and their
 * approvals are restored too: they are part of the backup. */
gboolean  dt_db_restore_from   (DtDb        *self,
                                const char  *backup_path,
                                const char  *safety_dir,
                                char       **out_safety_path,
                                GError     **error);

/* Everything of the business (profile, clients, projects, tasks, tags, time entries, rules,
 * invoices with lines, payments, settings) as one JSON document; never the authorization
 * tables (apps, tokens, audit log). Money stays in integer minor units. */
char     *dt_db_export_json    (DtDb        *self,
                                GError     **error);

G_END_DECLS

/* dt-db-private.h: the migration list, shared by dt-db.c and dt-db-migrations.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int          dt_db_migrations_count (void);
/* The SQL that takes the schema from @from_version to @from_version + 1. */
const char  *dt_db_migration_sql    (int from_version);

typedef struct _DtDb DtDb;
/* Brings the open database up to the current schema (after a restore from an older backup). */
gboolean     dt_db_migrate          (DtDb    *self,
                                     GError **error);

G_END_DECLS

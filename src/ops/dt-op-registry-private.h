/* dt-op-registry-private.h: what the registry's files share: its instance and its entries. */
#pragma once

#include "dt-op-registry.h"

G_BEGIN_DECLS

typedef struct
{
  const DtOp *op;
  JsonObject *input_schema;
  JsonObject *output_schema;
  char      **path_parts;    /* "clients", "{id}" … */
} DtOpEntry;

struct _DtOpRegistry
{
  GObject      parent_instance;
  GPtrArray   *entries;       /* DtOpEntry* */
  GHashTable  *by_name;       /* name → DtOpEntry* */
  GThreadPool *readers;       /* runs read-only operations, see set_read_workers */
  char        *reader_path;
};

/* The entry @op was added as; @op must be one of @self's. */
DtOpEntry *dt_op_registry_entry_for (DtOpRegistry *self,
                                     const DtOp   *op);

G_END_DECLS

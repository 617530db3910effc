/* dt-mcp-caller.c: the checked caller of one MCP request, as a GObject the engine can hold. */
#define G_LOG_DOMAIN "dt-mcp"

#include "dt-mcp-caller.h"

struct _DtMcpCaller
{
  GObject      parent_instance;
  DtPrincipal *principal;
  DtDb        *db;
};

G_DEFINE_FINAL_TYPE (DtMcpCaller, dt_mcp_caller, G_TYPE_OBJECT)

static void
dt_mcp_caller_finalize (GObject *object)
{
  DtMcpCaller *self = DT_MCP_CALLER (object);

  g_clear_pointer (&self->principal, dt_principal_free);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (dt_mcp_caller_parent_class)->finalize (object);
}

static void
dt_mcp_caller_class_init (DtMcpCallerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_mcp_caller_finalize;
}

static void
dt_mcp_caller_init (DtMcpCaller *self)
{
}

DtMcpCaller *
dt_mcp_caller_new (DtPrincipal *principal,
                   DtDb        *db)
{
  DtMcpCaller *self;

  g_return_val_if_fail (principal != NULL, NULL);
  self = g_object_new (DT_TYPE_MCP_CALLER, NULL);
  self->principal = principal;
  self->db = db ? g_object_ref (db) : NULL;
  return self;
}

const DtPrincipal *
dt_mcp_caller_get_principal (DtMcpCaller *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALLER (self), NULL);
  return self->principal;
}

DtDb *
dt_mcp_caller_get_db (DtMcpCaller *self)
{
  g_return_val_if_fail (DT_IS_MCP_CALLER (self), NULL);
  return self->db;
}

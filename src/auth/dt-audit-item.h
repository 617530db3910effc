/* dt-audit-item.h: one event of the audit log, as a list of an app's activity shows it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DT_TYPE_AUDIT_ITEM (dt_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (DtAuditItem, dt_audit_item, DT, AUDIT_ITEM, GObject)

/* Copies every string; NULLs stay NULL. */
DtAuditItem *dt_audit_item_new             (gint64       seq,
                                            gint64       at,
                                            const char  *event,
                                            const char  *outcome,
                                            const char  *client_name,
                                            const char  *object);
gint64       dt_audit_item_get_seq         (DtAuditItem *self);
gint64       dt_audit_item_get_at          (DtAuditItem *self);
const char  *dt_audit_item_get_event       (DtAuditItem *self);
/* "ok", "denied", "failed", … */
const char  *dt_audit_item_get_outcome     (DtAuditItem *self);
const char  *dt_audit_item_get_client_name (DtAuditItem *self);
/* What was acted on ("invoice 14"), or NULL. */
const char  *dt_audit_item_get_object      (DtAuditItem *self);

G_END_DECLS

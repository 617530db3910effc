/* dt-action-dialog.h: asks the user to confirm one sensitive action an app wants to take
 * (send an invoice, record a payment, delete something), in the consent dialog's style. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DT_TYPE_ACTION_DIALOG (dt_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DtActionDialog, dt_action_dialog, DT, ACTION_DIALOG, AdwMessageDialog)

typedef enum
{
  DT_ACTION_KIND_SEND,     /* sending e-mail to a client */
  DT_ACTION_KIND_PAYMENT,  /* recording money received */
  DT_ACTION_KIND_DELETE,   /* removing something for good */
  DT_ACTION_KIND_OTHER,
} DtActionKind;

/* @summary completes "APP wants to …", e.g. "send invoice INV-2026-0014 to
 * billing@acme.example — €1,250.00"; a summary that already starts with the app's name is
 * shown as the whole sentence. Responses: "deny" (default, on close) and "allow". */
DtActionDialog *dt_action_dialog_new              (GtkWindow    *parent,
                                                   const char   *app_name,
                                                   DtActionKind  kind,
                                                   const char   *summary);
void            dt_action_dialog_set_allow_delay  (DtActionDialog *self,
                                                   guint           delay_ms);

G_END_DECLS

/* dt-clients-page.h: clients with their projects (rates, budgets) and tasks; create, edit and
 * archive them with the reason next to a field that is not right. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_CLIENTS_PAGE (dt_clients_page_get_type ())
G_DECLARE_FINAL_TYPE (DtClientsPage, dt_clients_page, DT, CLIENTS_PAGE, GtkWidget)

DtClientsPage *dt_clients_page_new            (DtDb          *db);
void           dt_clients_page_reload         (DtClientsPage *self);
guint          dt_clients_page_get_n_clients  (DtClientsPage *self);
/* The forms (returned for tests; each destroys itself when answered). @client_id 0 creates. */
GtkWidget     *dt_clients_page_edit_client    (DtClientsPage *self,
                                               gint64         client_id);
/* The client form with its e-invoice section open at @field ("client.buyer_reference", as
 * the readiness check names it; NULL: none). */
GtkWidget     *dt_clients_page_edit_client_field (DtClientsPage *self,
                                                  gint64         client_id,
                                                  const char    *field);
GtkWidget     *dt_clients_page_new_project    (DtClientsPage *self,
                                               gint64         client_id);
GtkWidget     *dt_clients_page_new_task       (DtClientsPage *self,
                                               gint64         project_id);

G_END_DECLS

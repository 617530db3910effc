/* dt-invoices-page-private.h: what the files of the invoices page share: the instance, the
 * helpers every action uses, and each file's part of the class. */
#pragma once

#include "dt-change-monitor.h"
#include "dt-invoice-detail.h"
#include "dt-invoice-list-view.h"
#include "dt-invoice-store.h"
#include "dt-invoices-page.h"

G_BEGIN_DECLS

struct _DtInvoicesPage
{
  GtkWidget          parent_instance;

  DtDb              *db;
  DtChangeMonitor   *monitor;
  GCancellable      *cancellable;
  guint              reload_id;
  guint              n_invoices;
  gint64             shown_id;

  GtkStack          *stack;
  GtkLabel          *summary_label;
  AdwBin            *list_slot;
  AdwBin            *detail_slot;
  DtInvoiceListView *list_view;
  DtInvoiceDetail   *detail;
};

/* A message in the window's toast overlay (logged when the page is in no window). */
void       dt_invoices_page_toast              (DtInvoicesPage *self,
                                                const char     *message);
GtkWindow *dt_invoices_page_get_parent_window  (DtInvoicesPage *self);
/* The invoice shown now, read again from the store; NULL, said in a toast, when it cannot be
 * read (deleted meanwhile, or the database failed). */
DtInvoice *dt_invoices_page_read_shown         (DtInvoicesPage *self);

/* dt-invoices-page-actions.c: issuing, sending, voiding, crediting, paying, PDFs. */
void       dt_invoices_page_class_add_invoice_actions (GtkWidgetClass *widget_class);
/* dt-invoices-page-editor.c: a draft's discount, tax, notes and lines. */
void       dt_invoices_page_class_add_editor_actions  (GtkWidgetClass *widget_class);
/* dt-invoices-page-editor.c: the Edit Draft form, its field @focus_key focused (NULL:
 * none). */
GtkWidget *dt_invoices_page_edit_draft                (DtInvoicesPage *self,
                                                       const char     *focus_key);
/* dt-invoices-page-einvoice.c: Export… and the readiness panel's fix buttons. */
void       dt_invoices_page_class_add_einvoice_actions (GtkWidgetClass *widget_class);
/* dt-invoices-page-new.c: the new-invoice dialog. */
void       dt_invoices_page_class_add_new_actions     (GtkWidgetClass *widget_class);

G_END_DECLS

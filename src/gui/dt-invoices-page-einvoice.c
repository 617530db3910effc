/* dt-invoices-page-einvoice.c: the invoice as an e-invoice: Export… in any format, and the
 * readiness panel's buttons, which open the place where a missing field is filled in. */
#define G_LOG_DOMAIN "dt-invoices-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-invoice-export.h"
#include "dt-invoices-page-private.h"

gboolean
dt_invoices_page_export (DtInvoicesPage  *self,
                         DtExportFormat   format,
                         GFile           *destination,
                         GError         **error)
{
  g_autoptr(GBytes) file = NULL;

  g_return_val_if_fail (DT_IS_INVOICES_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);

  file = dt_export_invoice (self->db, self->shown_id, format, NULL, error);
  return file != NULL &&
         g_file_replace_contents (destination, g_bytes_get_data (file, NULL),
                                  g_bytes_get_size (file), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       DtInvoicesPage  *self)
{
  DtExportFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser),
                                                               "dt-format"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (dt_invoices_page_export (self, format, file, &error))
        {
          /* Translators: %s is a format, "XRechnung (CII)" */
          g_autofree char *message = g_strdup_printf (_("Saved as %s"),
                                                      dt_export_format_name (format));
          dt_invoices_page_toast (self, message);
        }
      else
        dt_invoices_page_toast (self, error->message);
    }
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;
  DtExportFormat format;

  if (!dt_export_format_from_string (g_variant_get_string (parameter, NULL), &format))
    g_return_if_reached ();
  /* Made once before asking where, so a file that cannot be made is said at once. */
  file = dt_export_invoice (self->db, self->shown_id, format, &name, &error);
  if (file == NULL)
    {
      dt_invoices_page_toast (self, error->message);
      return;
    }
  /* Translators: %s is a format, "XRechnung (CII)" */
  title = g_strdup_printf (_("Export Invoice as %s"), dt_export_format_name (format));
  chooser = gtk_file_chooser_native_new (title, dt_invoices_page_get_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "dt-format", GUINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
fix_einvoice_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtInvoicesPage *self = DT_INVOICES_PAGE (widget);
  const char *field = g_variant_get_string (parameter, NULL);
  g_autoptr(DtInvoice) invoice = dt_invoices_page_read_shown (self);

  if (invoice == NULL)
    return;
  if (g_str_has_prefix (field, "profile.") || g_str_has_prefix (field, "client."))
    /* The window knows Preferences and the Clients page. */
    gtk_widget_activate_action (widget, "win.fix-einvoice-field", "(sx)", field,
                                invoice->client_id);
  else if (g_str_equal (field, "invoice.lines"))
    gtk_widget_activate_action (widget, "invoices.add-line", NULL);
  else if (g_str_has_prefix (field, "line."))
    {
      /* "line.2.tax_rate": the second line. */
      guint64 position = g_ascii_strtoull (field + strlen ("line."), NULL, 10);

      if (position >= 1 && position <= invoice->lines->len)
        gtk_widget_activate_action (widget, "invoices.edit-line", "x",
                                    ((DtInvoiceLine *) invoice->lines->pdata[position - 1])->id);
    }
  else if (g_str_equal (field, "invoice.period"))
    dt_invoices_page_edit_draft (self, "period_from");
  else if (g_str_has_prefix (field, "invoice."))
    dt_invoices_page_edit_draft (self, field + strlen ("invoice."));
}

void
dt_invoices_page_class_add_einvoice_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "invoices.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "invoices.fix-einvoice", "s",
                                   fix_einvoice_activated);
}

/* dt-window.c: the main window: header bar and the pages of the app, each built the first
 * time it is shown, so start-up builds only what the first frame shows. */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-billing-hub-page.h"
#include "dt-clients-page.h"
#include "dt-expenses-page.h"
#include "dt-einvoice-import.h"
#include "dt-einvoicing-group.h"
#include "dt-invoices-page.h"
#include "dt-preferences-window.h"
#include "dt-received-invoice-window.h"
#include "dt-reports-page.h"
#include "dt-time-page.h"
#include "dt-timer-bar.h"
#include "dt-window.h"

struct _DtWindow
{
  AdwApplicationWindow  parent_instance;

  DtService            *service;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  GtkBox               *timer_slot;
  AdwBin               *time_slot;
  AdwBin               *clients_slot;
  AdwBin               *invoices_slot;
  AdwBin               *reports_slot;
  AdwBin               *billing_slot;
  AdwBin               *expenses_slot;

  GtkRevealer          *rollups_revealer;
  GtkProgressBar       *rollups_progress;

  DtTimerBar           *timer_bar;
  DtInvoicesPage       *invoices_page;
};

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtWindow, dt_window, ADW_TYPE_APPLICATION_WINDOW)

/* Whether @slot holds its page yet, not the placeholder the template gives it. */
static gboolean
holds (AdwBin *slot,
       GType   page_type)
{
  GtkWidget *child = adw_bin_get_child (slot);

  return child != NULL && G_TYPE_CHECK_INSTANCE_TYPE (child, page_type);
}

/* Builds the page of @name into its slot unless it is there already. */
static void
ensure_page (DtWindow   *self,
             const char *name)
{
  DtDb *db = dt_service_get_db (self->service);

  if (g_strcmp0 (name, "time") == 0 && !holds (self->time_slot, DT_TYPE_TIME_PAGE))
    adw_bin_set_child (self->time_slot, GTK_WIDGET (dt_time_page_new (db)));
  else if (g_strcmp0 (name, "clients") == 0 && !holds (self->clients_slot, DT_TYPE_CLIENTS_PAGE))
    adw_bin_set_child (self->clients_slot, GTK_WIDGET (dt_clients_page_new (db)));
  else if (g_strcmp0 (name, "invoices") == 0 && self->invoices_page == NULL)
    {
      self->invoices_page = dt_invoices_page_new (db);
      adw_bin_set_child (self->invoices_slot, GTK_WIDGET (self->invoices_page));
    }
  else if (g_strcmp0 (name, "billing") == 0 &&
           !holds (self->billing_slot, DT_TYPE_BILLING_HUB_PAGE))
    adw_bin_set_child (self->billing_slot, GTK_WIDGET (dt_billing_hub_page_new (db)));
  else if (g_strcmp0 (name, "reports") == 0 && !holds (self->reports_slot, DT_TYPE_REPORTS_PAGE))
    adw_bin_set_child (self->reports_slot, GTK_WIDGET (dt_reports_page_new (db)));
  else if (g_strcmp0 (name, "expenses") == 0 &&
           !holds (self->expenses_slot, DT_TYPE_EXPENSES_PAGE))
    adw_bin_set_child (self->expenses_slot, GTK_WIDGET (dt_expenses_page_new (db)));
}

static void
on_visible_page_changed_cb (AdwViewStack *stack,
                            GParamSpec   *pspec,
                            DtWindow     *self)
{
  ensure_page (self, adw_view_stack_get_visible_child_name (stack));
}

/* A database from before the roll-ups builds them once; the window says so while it does. */
static void
on_rollups_progress_cb (DtService *service,
                        double     fraction,
                        gpointer   user_data)
{
  DtWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->rollups_progress, fraction);
  gtk_revealer_set_reveal_child (self->rollups_revealer, fraction < 1.0);
}

static void
on_integrity_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          DtWindow         *self)
{
  if (g_str_equal (response, "backups"))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences-page", "s", "data");
}

/* The data check that runs after start-up found damage: say so, and where the backups are. */
static void
on_integrity_failed_cb (DtService  *service,
                        const char *problem,
                        DtWindow   *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("Your Data May Be Damaged"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nAssistants and scripts can no longer connect, so "
                                    "nothing more is written by them. The backups are in "
                                    "Preferences → Data: restore one, then start DoubleTime "
                                    "again."), problem);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "backups", _("Open _Backups"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "backups");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_integrity_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- received e-invoices ----------------------------------------------------------------- */

static void
received_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DtWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReceivedInvoice) invoice = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      invoice = dt_einvoice_import (bytes, &error);
    }
  if (invoice == NULL)
    {
      /* Translators: "Could not read “bill.xml”: …", the reason follows */
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"), name,
                                                  error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dt_window_show_toast (self, message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    DtReceivedInvoiceWindow *shown = dt_received_invoice_window_new (GTK_WINDOW (self), invoice,
                                                                     name);

    gtk_window_present (GTK_WINDOW (shown));
    g_task_return_pointer (task, shown, NULL);
  }
}

static void
received_sized_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  GCancellable *cancellable;

  if (info != NULL && (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
                       g_file_info_get_size (info) > DT_EINVOICE_IMPORT_MAX_PDF_SIZE))
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR
                 ? _("it is not a file")
                 : _("it is larger than an e-invoice can be (64 MB)"));
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s"), name,
                                                  error->message);
      dt_window_show_toast (g_task_get_source_object (task), message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Not read before it is known to be small enough. */
  cancellable = g_task_get_cancellable (task);
  g_file_load_contents_async (G_FILE (source), cancellable, received_loaded_cb,
                              g_steal_pointer (&task));
}

void
dt_window_open_received_file (DtWindow            *self,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_window_open_received_file);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           received_sized_cb, task);
}

GtkWindow *
dt_window_open_received_file_finish (DtWindow      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
on_file_dropped_cb (GtkDropTarget *target,
                    const GValue  *value,
                    double         x,
                    double         y,
                    DtWindow      *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  dt_window_open_received_file (self, file, NULL, NULL, NULL);
  return TRUE;
}

static void
dt_window_constructed (GObject *object)
{
  DtWindow *self = DT_WINDOW (object);
  DtDb *db;

  G_OBJECT_CLASS (dt_window_parent_class)->constructed (object);

  g_return_if_fail (self->service != NULL);
  db = dt_service_get_db (self->service);
  g_return_if_fail (db != NULL);

  self->timer_bar = dt_timer_bar_new (db);
  gtk_box_append (self->timer_slot, GTK_WIDGET (self->timer_bar));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_page_changed_cb), self, 0);
  ensure_page (self, adw_view_stack_get_visible_child_name (self->stack));
  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (on_file_dropped_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  g_signal_connect_object (self->service, "rollups-progress",
                           G_CALLBACK (on_rollups_progress_cb), self, 0);
  on_rollups_progress_cb (self->service, dt_service_get_rollups_fraction (self->service), self);
  g_signal_connect_object (self->service, "integrity-failed",
                           G_CALLBACK (on_integrity_failed_cb), self, 0);
  if (dt_service_get_integrity_problem (self->service) != NULL)
    on_integrity_failed_cb (self->service, dt_service_get_integrity_problem (self->service),
                            self);
}

static void
toggle_timer_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  if (self->timer_bar != NULL)
    dt_timer_bar_toggle (self->timer_bar);
}

static void
open_invoice_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  dt_window_show_page (self, "invoices");
  ensure_page (self, "invoices");
  dt_invoices_page_show_invoice (self->invoices_page, g_variant_get_int64 (parameter));
}

static void
new_invoice_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  dt_window_show_page (self, "invoices");
  ensure_page (self, "invoices");
  dt_invoices_page_new_invoice (self->invoices_page, g_variant_get_int64 (parameter));
}

/* The readiness panel's fix buttons: the seller's fields are in Preferences, the buyer's in
 * the client's form, each opened at the field. */
static void
fix_einvoice_field_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  const char *field = NULL;
  gint64 client_id = 0;

  g_variant_get (parameter, "(&sx)", &field, &client_id);
  if (g_str_has_prefix (field, "profile."))
    {
      DtPreferencesWindow *prefs = dt_preferences_window_new (GTK_WINDOW (self), self->service);
      GtkWidget *row;

      dt_preferences_window_show_page (prefs, "profile");
      gtk_window_present (GTK_WINDOW (prefs));
      row = dt_einvoicing_find_field (GTK_WIDGET (prefs), field);
      if (row != NULL)
        gtk_widget_grab_focus (row);
    }
  else if (g_str_has_prefix (field, "client."))
    {
      ensure_page (self, "clients");
      dt_clients_page_edit_client_field (DT_CLIENTS_PAGE (adw_bin_get_child (self->clients_slot)),
                                         client_id, field);
    }
}

static void
pick_task_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  if (self->timer_bar != NULL)
    dt_timer_bar_open_picker (self->timer_bar);
}

static void
dt_window_dispose (GObject *object)
{
  DtWindow *self = DT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_WINDOW);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dt_window_parent_class)->dispose (object);
}

static void
dt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dt_window_show_page (DT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dt_window_class_init (DtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dt_window_constructed;
  object_class->dispose = dt_window_dispose;
  object_class->set_property = dt_window_set_property;
  object_class->get_property = dt_window_get_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, DT_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/doubletime/DoubleTime/dt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, rollups_revealer);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, rollups_progress);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, timer_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, time_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, clients_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, invoices_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, reports_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, billing_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, expenses_slot);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.toggle-timer", NULL, toggle_timer_activated);
  gtk_widget_class_install_action (widget_class, "win.pick-task", NULL, pick_task_activated);
  gtk_widget_class_install_action (widget_class, "win.open-invoice", "x",
                                   open_invoice_activated);
  gtk_widget_class_install_action (widget_class, "win.new-invoice", "x", new_invoice_activated);
  gtk_widget_class_install_action (widget_class, "win.fix-einvoice-field", "(sx)",
                                   fix_einvoice_field_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK,
                                       "win.toggle-timer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "win.pick-task", NULL);
  {
    static const char *pages[] = { "time", "clients", "invoices", "reports", "billing",
                                   "expenses" };
    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "win.show-page", "s", pages[i]);
  }
}

static void
dt_window_init (DtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DtWindow *
dt_window_new (gpointer   application,
               DtService *service)
{
  return g_object_new (DT_TYPE_WINDOW,
                       "application", application,
                       "service", service,
                       NULL);
}

void
dt_window_show_toast (DtWindow   *self,
                      const char *message)
{
  g_return_if_fail (DT_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

gpointer
dt_window_get_timer_bar (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->timer_bar;
}

void
dt_window_show_page (DtWindow   *self,
                     const char *name)
{
  g_return_if_fail (DT_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
  ensure_page (self, name);
}

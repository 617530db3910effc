/* dt-application.c: the windowed application; owns the service and presents the main window. */
#define G_LOG_DOMAIN "dt-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "dt-application.h"
#include "dt-cli.h"
#include "dt-consent-presenter.h"
#include "dt-preferences-window.h"
#include "dt-window-probe.h"
#include "dt-window.h"

struct _DtApplication
{
  AdwApplication  parent_instance;

  DtService      *service;
  GSettings      *settings;
  gboolean        held;        /* kept alive for the server after the last window closes */
  DtConsentPresenter *consent; /* shows the server's questions, with or without a window */
};

G_DEFINE_FINAL_TYPE (DtApplication, dt_application, ADW_TYPE_APPLICATION)

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
server_running (DtApplication *self)
{
  DtServer *server = self->service != NULL ? dt_service_get_server (self->service) : NULL;

  return server != NULL && dt_server_is_running (server);
}

/* With the server on, closing the window must not cut off connected assistants: the app
 * stays in the background and says so once, with a way to quit. */
static void
on_window_removed_cb (GtkApplication *app,
                      GtkWindow      *window,
                      gpointer        user_data)
{
  DtApplication *self = DT_APPLICATION (app);
  g_autoptr(GNotification) notification = NULL;

  if (!self->held || gtk_application_get_windows (app) != NULL)
    return;

  notification = g_notification_new (_("DoubleTime Is Running in the Background"));
  g_notification_set_body (notification,
                           _("Assistants and scripts you allowed can still connect. Quit "
                             "DoubleTime to stop them."));
  g_notification_add_button (notification, _("Quit"), "app.quit");
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (G_APPLICATION (app), "background", notification);
}

static void
on_server_enabled_changed_cb (GSettings     *settings,
                              const char    *key,
                              DtApplication *self)
{
  g_autoptr(GError) error = NULL;
  gboolean enabled = g_settings_get_boolean (settings, key);

  if (self->service == NULL || !dt_service_is_started (self->service))
    return;
  if (!dt_service_set_server_enabled (self->service, enabled, &error))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Assistants Cannot Connect"));
      g_notification_set_body (notification, error->message);
      g_application_send_notification (G_APPLICATION (self), "server", notification);
    }
}

static void
dt_application_activate (GApplication *app)
{
  DtApplication *self = DT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_return_if_fail (self->service != NULL);

  g_application_withdraw_notification (app, "background");
  if (self->consent == NULL && dt_service_get_consent_broker (self->service) != NULL)
    self->consent = dt_consent_presenter_new (dt_service_get_consent_broker (self->service),
                                              GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (dt_window_new (self, self->service));
      if (dt_window_probe_requested ())
        dt_window_probe_attach (window);
    }
  gtk_window_present (window);

  if (!self->held && server_running (self) &&
      g_settings_get_boolean (self->settings, "run-in-background"))
    {
      g_application_hold (app);
      self->held = TRUE;
    }
}

static void
activate_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static int
dt_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  DtApplication *self = DT_APPLICATION (app);
  gboolean activate = FALSE;
  int status;

  status = dt_cli_handle_command_line (app, &self->service, cmdline, TRUE, &activate);
  if (activate)
    g_application_activate (app);
  return status;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The DoubleTime team", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("DoubleTime"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Time tracking and invoicing for freelancers"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  DtApplication *self = DT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DtPreferencesWindow *prefs;

  g_return_if_fail (self->service != NULL);

  prefs = dt_preferences_window_new (parent, self->service);
  if (parameter != NULL)
    dt_preferences_window_show_page (prefs, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (prefs));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
  { "activate", activate_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "preferences-page", preferences_activated, "s", NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
};

static void
dt_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *toggle_timer_accels[] = { "<Control>space", NULL };
  const char *pick_task_accels[] = { "<Control>t", NULL };

  G_APPLICATION_CLASS (dt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  /* The window binds these keys itself; listing them here shows them in the shortcuts
   * window. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.toggle-timer",
                                         toggle_timer_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.pick-task",
                                         pick_task_accels);
  g_signal_connect (app, "window-removed", G_CALLBACK (on_window_removed_cb), NULL);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, app);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, app);
}

static void
dt_application_shutdown (GApplication *app)
{
  DtApplication *self = DT_APPLICATION (app);

  if (self->held)
    {
      self->held = FALSE;
      g_application_release (app);
    }
  g_application_withdraw_notification (app, "background");
  g_clear_object (&self->consent);
  if (self->service != NULL)
    dt_service_stop (self->service);

  G_APPLICATION_CLASS (dt_application_parent_class)->shutdown (app);
}

static void
dt_application_finalize (GObject *object)
{
  DtApplication *self = DT_APPLICATION (object);

  g_clear_object (&self->service);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dt_application_parent_class)->finalize (object);
}

static void
dt_application_class_init (DtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_application_finalize;
  app_class->activate = dt_application_activate;
  app_class->command_line = dt_application_command_line;
  app_class->startup = dt_application_startup;
  app_class->shutdown = dt_application_shutdown;
}

static void
dt_application_init (DtApplication *self)
{
  self->settings = g_settings_new (SCHEMA_ID);
  g_signal_connect (self->settings, "changed::server-enabled",
                    G_CALLBACK (on_server_enabled_changed_cb), self);
}

DtApplication *
dt_application_new (void)
{
  return g_object_new (DT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/doubletime/DoubleTime",
                       NULL);
}

DtService *
dt_application_get_service (DtApplication *self)
{
  g_return_val_if_fail (DT_IS_APPLICATION (self), NULL);
  return self->service;
}

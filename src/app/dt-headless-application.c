/* dt-headless-application.c: a GApplication that never touches the display. */
#define G_LOG_DOMAIN "dt-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>

#include "dt-cli.h"
#include "dt-headless-application.h"

struct _DtHeadlessApplication
{
  GApplication  parent_instance;

  DtService    *service;
  gboolean      printing;
};

G_DEFINE_FINAL_TYPE (DtHeadlessApplication, dt_headless_application, G_TYPE_APPLICATION)

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_message ("Stopping on signal");
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

/* Without a window the terminal is where the user learns that an app is waiting. */
static void
on_consent_request_added_cb (DtConsentBroker  *broker,
                             DtConsentRequest *request,
                             gpointer          user_data)
{
  g_autofree char *text = dt_cli_describe_consent (request);

  g_print (_("Request %s waiting for your answer: %s\n"
             "Answer with “doubletime consent approve %s” (optionally --scope S …) or "
             "“doubletime consent deny %s”.\n"),
           request->id, text, request->id, request->id);
  fflush (stdout);
}

static int
dt_headless_application_command_line (GApplication            *app,
                                      GApplicationCommandLine *cmdline)
{
  DtHeadlessApplication *self = DT_HEADLESS_APPLICATION (app);
  gboolean activate;
  int status;

  status = dt_cli_handle_command_line (app, &self->service, cmdline, FALSE, &activate);
  if (!self->printing && self->service != NULL &&
      dt_service_get_consent_broker (self->service) != NULL)
    {
      guint port = dt_service_get_port (self->service);

      /* With --port 0 this is how a person learns the port (scripts read the port file). */
      g_print (_("Serving on http://127.0.0.1:%u — MCP: http://127.0.0.1:%u/mcp, "
                 "REST API: http://127.0.0.1:%u/api/v1\n"), port, port, port);
      fflush (stdout);
      g_signal_connect (dt_service_get_consent_broker (self->service), "request-added",
                        G_CALLBACK (on_consent_request_added_cb), self);
      self->printing = TRUE;
    }
  return status;
}

static void
dt_headless_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (dt_headless_application_parent_class)->startup (app);

  g_unix_signal_add (SIGINT, on_quit_signal_cb, app);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, app);
}

static void
dt_headless_application_shutdown (GApplication *app)
{
  DtHeadlessApplication *self = DT_HEADLESS_APPLICATION (app);

  if (self->service != NULL)
    dt_service_stop (self->service);

  G_APPLICATION_CLASS (dt_headless_application_parent_class)->shutdown (app);
}

static void
dt_headless_application_finalize (GObject *object)
{
  DtHeadlessApplication *self = DT_HEADLESS_APPLICATION (object);

  g_clear_object (&self->service);

  G_OBJECT_CLASS (dt_headless_application_parent_class)->finalize (object);
}

static void
dt_headless_application_class_init (DtHeadlessApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dt_headless_application_finalize;
  app_class->command_line = dt_headless_application_command_line;
  app_class->startup = dt_headless_application_startup;
  app_class->shutdown = dt_headless_application_shutdown;
}

static void
dt_headless_application_init (DtHeadlessApplication *self)
{
}

DtHeadlessApplication *
dt_headless_application_new (void)
{
  return g_object_new (DT_TYPE_HEADLESS_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

/* main.c: picks the windowed or the headless application and runs it. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dt-application.h"
#include "dt-cli.h"
#include "dt-headless-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Headless mode and subcommands must not initialise GTK: there may be no display at all. */
  if (dt_cli_wants_headless (argc, argv))
    app = G_APPLICATION (dt_headless_application_new ());
  else
    app = G_APPLICATION (dt_application_new ());

  return g_application_run (app, argc, argv);
}

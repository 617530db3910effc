/* main.c: picks the windowed or the headless application and runs it. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "dt-application.h"
#include "dt-cli.h"
#include "dt-headless-application.h"
#include "dt-window-probe.h"

/* glibc gives each thread that allocates its own arena and keeps what a thread freed in it.
 * The window's workers (reports, the Billing Hub, budgets, week totals) and the server's
 * threads each kept the high-water mark of their reads: with one arena, what one freed the
 * next reuses. On the bench's 1M database the window's peak RSS drops by some 25 MiB
 * (tests/bench/window-probe.py); the threads are few, so sharing one lock costs nothing a
 * user sees. A setting made in GLIBC_TUNABLES wins. */
static void
share_one_arena (void)
{
#ifdef __GLIBC__
  const char *tunables = g_getenv ("GLIBC_TUNABLES");

  if (tunables != NULL && strstr (tunables, "glibc.malloc.") != NULL)
    return;
  mallopt (M_ARENA_MAX, 1);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;

  dt_window_probe_note_main_started ();
  share_one_arena ();
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

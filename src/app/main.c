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

/* Each MCP answer and REST page is written into a buffer of 80 to 200 KB that is freed once
 * it is sent. By default glibc hands such a block back to the kernel when it is freed (it
 * maps blocks of 128 KB and more, and trims the top of a thread's heap), so the next answer
 * faulted in and zeroed about ten fresh pages: a tenth of the server's CPU time per list
 * call. Blocks under 1 MiB now come from the heap, and up to 4 MiB of free heap stays with
 * the process, so those pages are reused. tests/bench prints page faults per call. Settings
 * made in GLIBC_TUNABLES win. */
static void
keep_answer_pages (void)
{
#ifdef __GLIBC__
  const char *tunables = g_getenv ("GLIBC_TUNABLES");

  if (tunables != NULL && strstr (tunables, "glibc.malloc.") != NULL)
    return;
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;

  dt_window_probe_note_main_started ();
  keep_answer_pages ();
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

/* dt-cli.c: launch options and the subcommands a second process forwards to the running one. */
#define G_LOG_DOMAIN "dt-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-cli.h"

static const char *const subcommands[] = { "consent", "apps", NULL };

gboolean
dt_cli_is_subcommand (const char *word)
{
  return word != NULL && g_strv_contains (subcommands, word);
}

gboolean
dt_cli_wants_headless (int    argc,
                       char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--headless"))
        return TRUE;
      if (argv[i][0] != '-')
        return dt_cli_is_subcommand (argv[i]);
    }
  return FALSE;
}

typedef struct
{
  gboolean  headless;
  gboolean  version;
  char     *data_dir;
  int       port;
  char    **args;
} Options;

static void
options_clear (Options *opts)
{
  g_clear_pointer (&opts->data_dir, g_free);
  g_clear_pointer (&opts->args, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse_options (GApplicationCommandLine  *cmdline,
               Options                  *opts,
               GError                  **error)
{
  g_auto(GStrv) argv = g_application_command_line_get_arguments (cmdline, NULL);
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char **argv_ptrs = NULL;
  int argc = g_strv_length (argv);
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &opts->headless,
      N_("Run the loopback server without a window"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts->data_dir,
      N_("Keep the database in this folder"), N_("FOLDER") },
    { "port", 0, 0, G_OPTION_ARG_INT, &opts->port,
      N_("Serve on this loopback port (default 7313; 0 for any free port)"), N_("PORT") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opts->version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->args, NULL,
      N_("[consent list|approve ID|deny ID] [apps list|revoke ID|create-private]") },
    { NULL }
  };

  opts->port = -1;
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Subcommands have options of their own (--json, --scope); leave those to them. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_strict_posix (context, TRUE);

  /* g_option_context_parse permutes the array; keep the strings owned by argv. */
  argv_ptrs = g_new0 (char *, argc + 1);
  memcpy (argv_ptrs, argv, sizeof (char *) * argc);
  {
    char **parse_argv = argv_ptrs;
    if (!g_option_context_parse (context, &argc, &parse_argv, error))
      return FALSE;
  }

  /* 0 asks the system for a free port (tests, several instances side by side). */
  if (opts->port != -1 && (opts->port < 0 || opts->port > 65535))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--port must be between 1 and 65535 (or 0 for any free port), not %d"),
                   opts->port);
      return FALSE;
    }
  return TRUE;
}

static guint
default_port (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* A build run from its folder may have no compiled schema: fall back to the default. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "port"))
    return DEFAULT_PORT;
  settings = g_settings_new (SCHEMA_ID);
  return g_settings_get_uint (settings, "port");
}

int
dt_cli_run_subcommand (DtService                *service,
                       GApplicationCommandLine  *cmdline,
                       const char * const       *args)
{
  g_application_command_line_printerr (cmdline, _("Unknown command “%s”.\n"), args[0]);
  return 2;
}

int
dt_cli_handle_command_line (GApplication             *app,
                            DtService               **service,
                            GApplicationCommandLine  *cmdline,
                            gboolean                  has_window,
                            gboolean                 *out_activate)
{
  g_auto(Options) opts = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean remote = g_application_command_line_get_is_remote (cmdline);

  *out_activate = FALSE;

  if (!parse_options (cmdline, &opts, &error))
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      return 2;
    }

  if (opts.version)
    {
      g_application_command_line_print (cmdline, "DoubleTime %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (opts.args != NULL && opts.args[0] != NULL)
    {
      if (!dt_cli_is_subcommand (opts.args[0]))
        {
          g_application_command_line_printerr (cmdline,
                                               _("doubletime: unknown command “%s”. "
                                                 "Try “doubletime --help”.\n"),
                                               opts.args[0]);
          return 2;
        }
      if (!remote || *service == NULL || !dt_service_is_started (*service))
        {
          g_application_command_line_printerr (cmdline,
                                               _("DoubleTime is not running. Start it with "
                                                 "“doubletime” or “doubletime --headless”, "
                                                 "then run this command again.\n"));
          return 1;
        }
      return dt_cli_run_subcommand (*service, cmdline, (const char * const *) opts.args);
    }

  if (remote)
    {
      if (has_window)
        *out_activate = TRUE;
      else
        g_application_command_line_print (cmdline,
                                          _("DoubleTime is already running without a window.\n"));
      return 0;
    }

  if (*service == NULL)
    {
      guint port = opts.port >= 0 ? (guint) opts.port : default_port ();
      *service = dt_service_new (opts.data_dir, port);
    }

  if (!dt_service_start (*service, &error))
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      return 1;
    }

  if (has_window)
    *out_activate = TRUE;
  else
    g_application_hold (app);
  return 0;
}

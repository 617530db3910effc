/* dt-cli.c: launch options and the subcommands a second process forwards to the running one. */
#define G_LOG_DOMAIN "dt-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-cli.h"
#include "dt-connected-apps.h"
#include "dt-oauth-clients.h"
#include "dt-time.h"

static const char *const subcommands[] = { "consent", "apps", "check", NULL };

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
      N_("[consent list|approve ID|deny ID] "
         "[apps list|revoke ID|confirm ID on|off|create-private] [check [--repair]]") },
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

static gboolean
setting_enabled (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return TRUE;
  settings = g_settings_new (SCHEMA_ID);
  return g_settings_get_boolean (settings, key);
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

/* ---- subcommands answered by the running instance -------------------------------------- */

static gboolean
cli_approvals_allowed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "allow-cli-approvals"))
    return TRUE;
  settings = g_settings_new (SCHEMA_ID);
  return g_settings_get_boolean (settings, "allow-cli-approvals");
}

static void
print_json (GApplicationCommandLine *cmdline,
            JsonNode                *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_application_command_line_print (cmdline, "%s\n", text);
}

static char *
format_time (gint64 instant)
{
  if (instant <= 0)
    return g_strdup (_("never"));
  return dt_time_format_iso_local (instant);
}

/* Splits the words after the subcommand into options it knows and positional arguments. */
typedef struct
{
  gboolean   json;
  char      *name;
  char      *target;
  GPtrArray *scopes;
  GPtrArray *positional;
} SubOptions;

static void
sub_options_clear (SubOptions *opts)
{
  g_clear_pointer (&opts->name, g_free);
  g_clear_pointer (&opts->target, g_free);
  g_clear_pointer (&opts->scopes, g_ptr_array_unref);
  g_clear_pointer (&opts->positional, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SubOptions, sub_options_clear)

static gboolean
take_value (const char * const  *args,
            guint               *i,
            const char          *option,
            const char         **out_value,
            GError             **error)
{
  gsize n = strlen (option);
  const char *arg = args[*i];

  if (arg[n] == '=')
    {
      *out_value = arg + n + 1;
      return TRUE;
    }
  if (args[*i + 1] == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s needs a value"),
                   option);
      return FALSE;
    }
  *i += 1;
  *out_value = args[*i];
  return TRUE;
}

static gboolean
parse_sub_options (const char * const  *args,
                   SubOptions          *opts,
                   GError             **error)
{
  opts->scopes = g_ptr_array_new_with_free_func (g_free);
  opts->positional = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *arg = args[i];
      const char *value = NULL;

      if (g_str_equal (arg, "--json"))
        opts->json = TRUE;
      else if (g_str_equal (arg, "--scope") || g_str_has_prefix (arg, "--scope="))
        {
          g_auto(GStrv) words = NULL;
          if (!take_value (args, &i, "--scope", &value, error))
            return FALSE;
          /* Both "--scope a --scope b" and "--scope 'a b'". */
          words = g_strsplit (value, " ", -1);
          for (guint w = 0; words[w] != NULL; w++)
            if (*words[w] != '\0')
              g_ptr_array_add (opts->scopes, g_strdup (words[w]));
        }
      else if (g_str_equal (arg, "--name") || g_str_has_prefix (arg, "--name="))
        {
          if (!take_value (args, &i, "--name", &value, error))
            return FALSE;
          g_free (opts->name);
          opts->name = g_strdup (value);
        }
      else if (g_str_equal (arg, "--target") || g_str_has_prefix (arg, "--target="))
        {
          if (!take_value (args, &i, "--target", &value, error))
            return FALSE;
          g_free (opts->target);
          opts->target = g_strdup (value);
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("Unknown option %s"), arg);
          return FALSE;
        }
      else
        g_ptr_array_add (opts->positional, g_strdup (arg));
    }
  g_ptr_array_add (opts->scopes, NULL);
  return TRUE;
}

static JsonNode *
consent_to_json (DtConsentRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, request->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dt_consent_kind_to_string (request->kind));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, request->client_id);
  json_builder_set_member_name (builder, "app");
  json_builder_add_string_value (builder, request->app_name);
  json_builder_set_member_name (builder, "app_verified");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, dt_target_to_string (request->target));
  if (request->redirect_host != NULL)
    {
      json_builder_set_member_name (builder, "redirect_host");
      json_builder_add_string_value (builder, request->redirect_host);
    }
  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  for (guint i = 0; request->scopes != NULL && request->scopes[i] != NULL; i++)
    json_builder_add_string_value (builder, request->scopes[i]);
  json_builder_end_array (builder);
  if (request->summary != NULL)
    {
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, request->action);
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, request->summary);
    }
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, request->created_at);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, request->expires_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What an app asks for, in words: "Claude (unverified) wants access to the MCP server: …". */
char *
dt_cli_describe_consent (DtConsentRequest *request)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (request->kind == DT_CONSENT_KIND_ACTION)
    {
      g_string_append_printf (text, _("%s (unverified) asks to: %s"), request->app_name,
                              request->summary);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  g_string_append_printf (text, _("%s (unverified app, returns to %s) wants access to the %s:"),
                          request->app_name, request->redirect_host,
                          dt_target_label (request->target));
  for (guint i = 0; request->scopes[i] != NULL; i++)
    {
      const DtScopeInfo *info = dt_scope_lookup (request->scopes[i]);
      g_string_append_printf (text, "\n    %-20s %s", request->scopes[i],
                              info != NULL ? _(info->description) : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
run_consent (DtService                *service,
             GApplicationCommandLine  *cmdline,
             const char               *verb,
             SubOptions               *opts)
{
  DtConsentBroker *broker = dt_service_get_consent_broker (service);
  g_autoptr(GError) error = NULL;
  const char *id = opts->positional->len > 0 ? g_ptr_array_index (opts->positional, 0) : NULL;

  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autoptr(GPtrArray) pending = dt_consent_broker_list_pending (broker);

      if (opts->json)
        {
          g_autoptr(JsonArray) array = json_array_new ();
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

          for (guint i = 0; i < pending->len; i++)
            json_array_add_element (array, consent_to_json (g_ptr_array_index (pending, i)));
          json_node_set_array (root, array);
          print_json (cmdline, root);
          return 0;
        }
      if (pending->len == 0)
        {
          g_application_command_line_print (cmdline, _("No requests are waiting.\n"));
          return 0;
        }
      for (guint i = 0; i < pending->len; i++)
        {
          DtConsentRequest *request = g_ptr_array_index (pending, i);
          g_autofree char *text = dt_cli_describe_consent (request);
          g_application_command_line_print (cmdline, "%s  [%s]  %s\n", request->id,
                                            dt_consent_kind_to_string (request->kind), text);
        }
      g_application_command_line_print (cmdline,
                                        _("Answer with “doubletime consent approve ID” "
                                          "(optionally --scope S …) or “doubletime consent "
                                          "deny ID”.\n"));
      return 0;
    }

  if (g_strcmp0 (verb, "approve") == 0 || g_strcmp0 (verb, "deny") == 0)
    {
      gboolean approve = g_str_equal (verb, "approve");
      gboolean ok;

      if (id == NULL || opts->positional->len != 1)
        {
          g_application_command_line_printerr (cmdline,
                                               _("Usage: doubletime consent %s ID%s\n"), verb,
                                               approve ? " [--scope SCOPE …]" : "");
          return 2;
        }
      if (!approve && opts->scopes->len > 1)
        {
          g_application_command_line_printerr (cmdline, _("--scope only goes with approve.\n"));
          return 2;
        }
      if (approve)
        ok = dt_consent_broker_approve (broker, id,
                                        opts->scopes->len > 1
                                          ? (const char * const *) opts->scopes->pdata : NULL,
                                        DT_CONSENT_VIA_CLI, &error);
      else
        ok = dt_consent_broker_deny (broker, id, DT_CONSENT_VIA_CLI, &error);
      if (!ok)
        {
          g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
          return 1;
        }
      g_application_command_line_print (cmdline, approve ? _("Approved %s.\n")
                                                          : _("Denied %s.\n"), id);
      return 0;
    }

  g_application_command_line_printerr (cmdline,
                                       _("Usage: doubletime consent list [--json] | "
                                         "approve ID [--scope SCOPE …] | deny ID\n"));
  return 2;
}

/* `apps confirm CLIENT_ID on|off [--target api|mcp]`: whether the app's sensitive actions
 * need the user's confirmation each time. */
static int
run_apps_confirm (DtDb                     *db,
                  GApplicationCommandLine  *cmdline,
                  SubOptions               *opts,
                  gboolean                  has_window)
{
  g_autoptr(GError) error = NULL;
  const char *id = opts->positional->len == 2 ? g_ptr_array_index (opts->positional, 0) : NULL;
  const char *value = opts->positional->len == 2 ? g_ptr_array_index (opts->positional, 1)
                                                 : NULL;
  gboolean confirm;

  if (id == NULL || (g_strcmp0 (value, "on") != 0 && g_strcmp0 (value, "off") != 0))
    {
      g_application_command_line_printerr (cmdline,
                                           _("Usage: doubletime apps confirm CLIENT_ID on|off "
                                             "[--target api|mcp]\n"
                                             "“on” asks you before the app sends an invoice, "
                                             "records a payment, deletes or voids anything; "
                                             "“off” lets it do so without asking.\n"));
      return 2;
    }
  confirm = g_str_equal (value, "on");
  /* Letting an app act without asking is an approval: it follows the same setting. */
  if (!confirm && has_window && !cli_approvals_allowed ())
    {
      g_application_command_line_printerr (cmdline,
                                           _("Approving from the command line is turned off in "
                                             "Preferences → Integrations; change this in "
                                             "Preferences → Connected apps.\n"));
      return 1;
    }
  if (!dt_connected_apps_set_confirm_sensitive (db, id, opts->target, confirm, "cli", &error))
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      return 1;
    }
  if (confirm)
    g_application_command_line_print (cmdline,
                                      _("%s now asks you before each sensitive action.\n"), id);
  else
    g_application_command_line_print (cmdline,
                                      _("%s now sends invoices, records payments, deletes and "
                                        "voids without asking you.\n"), id);
  return 0;
}

static int
run_apps (DtService                *service,
          GApplicationCommandLine  *cmdline,
          const char               *verb,
          SubOptions               *opts,
          gboolean                  has_window)
{
  DtDb *db = dt_service_get_db (service);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (verb, "list") == 0)
    {
      g_autoptr(JsonArray) apps = dt_connected_apps_list (db, 5, &error);
      g_autoptr(JsonNode) root = NULL;

      if (apps == NULL)
        {
          g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
          return 1;
        }
      if (opts->json)
        {
          root = json_node_new (JSON_NODE_ARRAY);
          json_node_set_array (root, apps);
          print_json (cmdline, root);
          return 0;
        }
      if (json_array_get_length (apps) == 0)
        {
          g_application_command_line_print (cmdline, _("No apps have access.\n"));
          return 0;
        }
      for (guint i = 0; i < json_array_get_length (apps); i++)
        {
          JsonObject *app = json_array_get_object_element (apps, i);
          JsonArray *grants = json_object_get_array_member (app, "grants");
          g_autofree char *last = format_time (json_object_get_int_member_with_default (
                                                 app, "last_used_at", 0));

          g_application_command_line_print (cmdline, "%s  %s (%s)  %s %s\n",
                                            json_object_get_string_member (app, "client_id"),
                                            json_object_get_string_member (app, "name"),
                                            json_object_get_string_member (app, "kind"),
                                            _("last used"), last);
          if (json_array_get_length (grants) == 0)
            g_application_command_line_print (cmdline, "    %s\n", _("revoked"));
          for (guint g = 0; g < json_array_get_length (grants); g++)
            {
              JsonObject *grant = json_array_get_object_element (grants, g);
              DtTarget target = DT_TARGET_API;
              g_autofree char *approved = format_time (
                json_object_get_int_member_with_default (grant, "approved_at", 0));

              dt_target_from_string (json_object_get_string_member (grant, "target"), &target);
              g_application_command_line_print (cmdline, "    %s: %s (%s %s, %s)\n",
                                                dt_target_label (target),
                                                json_object_get_string_member (grant, "scopes"),
                                                _("approved"), approved,
                                                json_object_get_string_member (grant,
                                                                               "approved_via"));
              g_application_command_line_print (
                cmdline, "      %s\n",
                json_object_get_boolean_member_with_default (grant, "confirm_sensitive", TRUE)
                  ? _("asks before sensitive actions")
                  : _("sensitive actions WITHOUT asking (turn on: doubletime apps confirm ID on)"));
            }
        }
      return 0;
    }

  if (g_strcmp0 (verb, "revoke") == 0)
    {
      const char *id = opts->positional->len == 1 ? g_ptr_array_index (opts->positional, 0)
                                                  : NULL;
      if (id == NULL)
        {
          g_application_command_line_printerr (cmdline,
                                               _("Usage: doubletime apps revoke CLIENT_ID\n"));
          return 2;
        }
      if (!dt_connected_apps_revoke (db, id, "cli", &error))
        {
          g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
          return 1;
        }
      g_application_command_line_print (cmdline,
                                        _("Revoked %s: its tokens stop working now.\n"), id);
      return 0;
    }

  if (g_strcmp0 (verb, "confirm") == 0)
    return run_apps_confirm (db, cmdline, opts, has_window);

  if (g_strcmp0 (verb, "create-private") == 0)
    {
      g_autoptr(DtOAuthClient) client = NULL;
      g_autofree char *secret = NULL;
      g_autofree char *scopes = NULL;
      DtTarget target;

      if (opts->name == NULL || opts->target == NULL ||
          !dt_target_from_string (opts->target, &target) || opts->scopes->len <= 1)
        {
          g_application_command_line_printerr (cmdline,
                                               _("Usage: doubletime apps create-private --name NAME "
                                                 "--target api|mcp --scope SCOPE …\n"));
          return 2;
        }
      client = dt_oauth_client_create_private (db, opts->name, target,
                                               (const char * const *) opts->scopes->pdata,
                                               &secret, NULL, &error);
      if (client == NULL)
        {
          g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
          return 1;
        }
      scopes = dt_scopes_to_string ((const char * const *) client->scopes);
      g_application_command_line_print (cmdline,
                                        _("Created the private app “%s” for the %s with %s.\n"
                                          "The secret is shown only now: store it safely.\n"),
                                        client->name, dt_target_label (target), scopes);
      g_application_command_line_print (cmdline, "client_id: %s\nclient_secret: %s\n",
                                        client->client_id, secret);
      return 0;
    }

  g_application_command_line_printerr (cmdline,
                                       _("Usage: doubletime apps list [--json] | revoke CLIENT_ID | "
                                         "confirm CLIENT_ID on|off [--target api|mcp] | "
                                         "create-private --name NAME --target api|mcp "
                                         "--scope SCOPE …\n"));
  return 2;
}

int
dt_cli_run_subcommand (DtService                *service,
                       GApplicationCommandLine  *cmdline,
                       const char * const       *args,
                       gboolean                  has_window)
{
  g_auto(SubOptions) opts = { 0 };
  g_autoptr(GError) error = NULL;
  const char *verb = args[1];

  if (g_str_equal (args[0], "check"))
    return dt_cli_run_check (service, cmdline, args);
  if (verb == NULL)
    {
      g_application_command_line_printerr (cmdline, _("“doubletime %s” needs a command; try "
                                                      "“doubletime %s list”.\n"), args[0],
                                           args[0]);
      return 2;
    }
  if (!parse_sub_options (args + 2, &opts, &error))
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      return 2;
    }
  if (g_str_equal (args[0], "consent"))
    {
      /* With the window there to ask in, the user may keep other programs of theirs from
       * approving on the command line (Preferences; denying stays possible). */
      if (has_window && g_str_equal (verb, "approve") && !cli_approvals_allowed ())
        {
          g_application_command_line_printerr (cmdline,
                                               _("Approving from the command line is turned "
                                                 "off in Preferences → Integrations; answer in "
                                                 "the DoubleTime window.\n"));
          return 1;
        }
      return run_consent (service, cmdline, verb, &opts);
    }
  if (g_str_equal (args[0], "apps"))
    return run_apps (service, cmdline, verb, &opts, has_window);

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
      return dt_cli_run_subcommand (*service, cmdline, (const char * const *) opts.args,
                                    has_window);
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
      /* The window follows Preferences → Integrations; --headless exists to serve. The
       * window shows at once and checks the data on a worker; without one, a damaged
       * database stops the start. */
      if (has_window)
        {
          dt_service_set_server_enabled (*service, setting_enabled ("server-enabled"), NULL);
          dt_service_set_check_in_background (*service, TRUE);
        }
    }

  if (!dt_service_start (*service, &error))
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      return 1;
    }
  dt_service_schedule_daily_backup (*service);

  if (has_window)
    *out_activate = TRUE;
  else
    g_application_hold (app);
  return 0;
}

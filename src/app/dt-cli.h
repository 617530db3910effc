/* dt-cli.h: the command line every DoubleTime process shares (launch options and subcommands). */
#pragma once

#include <gio/gio.h>

#include "dt-service.h"

G_BEGIN_DECLS

/* TRUE when argv asks for no window: --headless, or a subcommand such as `consent list`. */
gboolean  dt_cli_wants_headless        (int                       argc,
                                        char                    **argv);

/* The shared GApplication::command-line handler. @service is created and started on the
 * first local launch. Sets @out_activate when the caller should present its window. */
int       dt_cli_handle_command_line   (GApplication             *app,
                                        DtService               **service,
                                        GApplicationCommandLine  *cmdline,
                                        gboolean                  has_window,
                                        gboolean                 *out_activate);

/* Subcommands answered by the running instance (consent …, apps …). */
gboolean  dt_cli_is_subcommand         (const char               *word);
/* @has_window: the instance has a window, where the user can answer instead. */
int       dt_cli_run_subcommand        (DtService                *service,
                                        GApplicationCommandLine  *cmdline,
                                        const char * const       *args,
                                        gboolean                  has_window);

/* `doubletime check [--repair] [--json]`, answered on a thread; the exit status follows. */
int       dt_cli_run_check             (DtService                *service,
                                        GApplicationCommandLine  *cmdline,
                                        const char * const       *args);

/* A consent question in words, for the terminal (headless mode prints it as it arrives). */
char     *dt_cli_describe_consent      (DtConsentRequest         *request);

G_END_DECLS

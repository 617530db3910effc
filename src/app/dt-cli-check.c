/* dt-cli-check.c: `doubletime check [--repair] [--json]`: the roll-ups built if they are not
 * yet (with percent and time left), computed again from the raw rows and compared. */
#define G_LOG_DOMAIN "dt-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-cli.h"
#include "dt-rollups.h"

typedef struct
{
  GApplicationCommandLine *cmdline;
  char                    *path;
  gboolean                 repair;
  gboolean                 json;
  gint64                   began;
} CheckRun;

static void
check_run_free (CheckRun *run)
{
  g_object_unref (run->cmdline);
  g_free (run->path);
  g_free (run);
}

static void
build_progress_cb (const DtRollupsProgress *progress,
                   gpointer                 data)
{
  CheckRun *run = data;
  double done = progress->clients_total > 0
                ? (double) progress->clients_done / progress->clients_total : 1.0;
  double seconds = (g_get_monotonic_time () - run->began) / 1e6;

  if (progress->complete)
    g_application_command_line_printerr (run->cmdline, _("Roll-ups built in %.1f s.\n"),
                                         seconds);
  else if (done > 0)
    g_application_command_line_printerr (run->cmdline,
                                         _("Building roll-ups: %d%% (about %.0f s left)\n"),
                                         (int) (done * 100), seconds / done - seconds);
}

/* On a thread with a connection of its own: the window and the server go on meanwhile. */
static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  CheckRun *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = dt_db_open (run->path, DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtRollupsCheck) check = NULL;
  GApplicationCommandLine *cmdline = run->cmdline;

  run->began = g_get_monotonic_time ();
  if (db != NULL && !dt_rollups_ready (db))
    dt_rollups_build (db, NULL, build_progress_cb, run, &error);
  if (error == NULL)
    check = dt_rollups_check (db, run->repair, &error);
  if (check == NULL)
    {
      g_application_command_line_printerr (cmdline, "doubletime: %s\n", error->message);
      g_application_command_line_set_exit_status (cmdline, 1);
      return;
    }
  if (run->json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      g_string_append_printf (out, "{\"rows\":%" G_GUINT64_FORMAT ",\"differences\":%u,"
                              "\"repaired\":%s,\"messages\":[", check->rows, check->differences,
                              check->repaired ? "true" : "false");
      for (guint i = 0; i < check->messages->len; i++)
        {
          g_autofree char *escaped = g_strescape (check->messages->pdata[i], NULL);
          g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "", escaped);
        }
      g_string_append (out, "]}\n");
      g_application_command_line_print (cmdline, "%s", out->str);
    }
  else
    {
      for (guint i = 0; i < check->messages->len; i++)
        g_application_command_line_print (cmdline, "%s\n", (char *) check->messages->pdata[i]);
      if (check->differences > check->messages->len)
        g_application_command_line_print (cmdline, _("… and %u more.\n"),
                                          check->differences - check->messages->len);
      g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, check->rows);

      g_application_command_line_print (cmdline,
                                        check->repaired
                                        ? _("%s roll-up rows checked: %u differences, "
                                            "repaired.\n")
                                        : _("%s roll-up rows checked: %u differences.\n"),
                                        rows, check->differences);
    }
  /* Differences left in place are a failure a script can see. */
  g_application_command_line_set_exit_status (cmdline,
                                              check->differences > 0 && !check->repaired);
}

int
dt_cli_run_check (DtService                *service,
                  GApplicationCommandLine  *cmdline,
                  const char * const       *args)
{
  g_autoptr(GTask) task = NULL;
  CheckRun *run = g_new0 (CheckRun, 1);

  run->cmdline = g_object_ref (cmdline);
  run->path = g_strdup (dt_db_get_path (dt_service_get_db (service)));
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "--repair"))
        run->repair = TRUE;
      else if (g_str_equal (args[i], "--json"))
        run->json = TRUE;
      else
        {
          g_application_command_line_printerr (cmdline, _("Usage: doubletime check [--repair] "
                                                          "[--json]\n"));
          check_run_free (run);
          return 2;
        }
    }
  /* The command line waits for its exit status until the last reference to it goes. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, run, (GDestroyNotify) check_run_free);
  g_task_run_in_thread (task, check_thread);
  return 0;
}

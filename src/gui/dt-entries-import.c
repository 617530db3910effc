/* dt-entries-import.c: reading other trackers' CSV exports into DoubleTime. */
#define G_LOG_DOMAIN "dt-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dt-client-store.h"
#include "dt-entries-import.h"
#include "dt-error.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"

static void
import_row_free (DtImportRow *row)
{
  g_free (row->client);
  g_free (row->project);
  g_free (row->task);
  g_free (row->note);
  g_free (row);
}

void
dt_import_free (DtImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->rows, g_ptr_array_unref);
  g_free (import->first_problem);
  g_free (import);
}

GPtrArray *
dt_csv_parse (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;
  const char *p = text;

  /* A byte-order mark from spreadsheet programs is not part of the first header. */
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  for (; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = TRUE, any = TRUE;
      else if (*p == ',')
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          any = TRUE;
        }
      else if (*p == '\n' || *p == '\r')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          if (any || field->len > 0)
            {
              g_strv_builder_add (fields, field->str);
              g_ptr_array_add (lines, g_strv_builder_end (fields));
              g_strv_builder_unref (fields);
              fields = g_strv_builder_new ();
            }
          g_string_truncate (field, 0);
          any = FALSE;
        }
      else
        g_string_append_c (field, *p), any = TRUE;
    }
  if (any || field->len > 0)
    {
      g_strv_builder_add (fields, field->str);
      g_ptr_array_add (lines, g_strv_builder_end (fields));
    }
  return lines;
}

static int
column (GStrv        header,
        const char  *const *names)
{
  for (guint i = 0; header[i] != NULL; i++)
    for (guint n = 0; names[n] != NULL; n++)
      if (g_ascii_strcasecmp (g_strstrip (header[i]), names[n]) == 0)
        return i;
  return -1;
}

static gboolean
parse_date (const char *text,
            int        *y,
            int        *m,
            int        *d)
{
  if (sscanf (text, "%4d-%2d-%2d", y, m, d) == 3)
    return TRUE;
  if (strchr (text, '/') != NULL && sscanf (text, "%2d/%2d/%4d", m, d, y) == 3)
    return TRUE;
  if (strchr (text, '.') != NULL && sscanf (text, "%2d.%2d.%4d", d, m, y) == 3)
    return TRUE;
  return FALSE;
}

static gboolean
parse_time (const char *text,
            int        *h,
            int        *min,
            int        *s)
{
  g_autofree char *upper = g_ascii_strup (text, -1);

  *s = 0;
  if (sscanf (upper, "%2d:%2d:%2d", h, min, s) < 2)
    return FALSE;
  if (strstr (upper, "PM") != NULL && *h < 12)
    *h += 12;
  else if (strstr (upper, "AM") != NULL && *h == 12)
    *h = 0;
  return *h >= 0 && *h < 24 && *min >= 0 && *min < 60 && *s >= 0 && *s < 60;
}

static gboolean
parse_instant (const char *date,
               const char *time,
               gint64     *out)
{
  int y, m, d, h, min, s;
  g_autoptr(GDateTime) dt = NULL;

  if (date == NULL || time == NULL || !parse_date (date, &y, &m, &d) ||
      !parse_time (time, &h, &min, &s))
    return FALSE;
  dt = g_date_time_new_local (y, m, d, h, min, s);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static const char *
field_at (GStrv line,
          int   index)
{
  if (index < 0 || index >= (int) g_strv_length (line))
    return NULL;
  return line[index];
}

DtImport *
dt_import_parse (const char  *text,
                 GError     **error)
{
  static const char *const client_names[] = { "Client", NULL };
  static const char *const project_names[] = { "Project", NULL };
  static const char *const task_names[] = { "Task", NULL };
  static const char *const note_names[] = { "Description", "Note", NULL };
  static const char *const billable_names[] = { "Billable", NULL };
  static const char *const start_date_names[] = { "Start date", "Start Date", NULL };
  static const char *const start_time_names[] = { "Start time", "Start Time", NULL };
  static const char *const end_date_names[] = { "End date", "End Date", NULL };
  static const char *const end_time_names[] = { "End time", "End Time", NULL };
  g_autoptr(GPtrArray) lines = dt_csv_parse (text != NULL ? text : "");
  DtImport *import;
  GStrv header;
  int c_client, c_project, c_task, c_note, c_billable, c_sd, c_st, c_ed, c_et;

  if (lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, _("The file is empty"));
      return NULL;
    }
  header = g_ptr_array_index (lines, 0);
  c_client = column (header, client_names);
  c_project = column (header, project_names);
  c_task = column (header, task_names);
  c_note = column (header, note_names);
  c_billable = column (header, billable_names);
  c_sd = column (header, start_date_names);
  c_st = column (header, start_time_names);
  c_ed = column (header, end_date_names);
  c_et = column (header, end_time_names);
  if (c_project < 0 || c_sd < 0 || c_st < 0 || c_ed < 0 || c_et < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   _("This is not a time export DoubleTime knows: it needs the columns "
                     "Project, Start date, Start time, End date and End time (as Toggl and "
                     "Clockify write them)"));
      return NULL;
    }

  import = g_new0 (DtImport, 1);
  import->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) import_row_free);
  for (guint i = 1; i < lines->len; i++)
    {
      GStrv line = g_ptr_array_index (lines, i);
      const char *project = field_at (line, c_project);
      const char *billable = field_at (line, c_billable);
      DtImportRow *row;
      gint64 start, end;

      if (project == NULL || *project == '\0' ||
          !parse_instant (field_at (line, c_sd), field_at (line, c_st), &start) ||
          !parse_instant (field_at (line, c_ed), field_at (line, c_et), &end) || end <= start)
        {
          if (import->first_problem == NULL)
            import->first_problem = g_strdup_printf (_("Line %u has no project or no valid "
                                                       "start and end"), i + 1);
          import->skipped++;
          continue;
        }
      row = g_new0 (DtImportRow, 1);
      row->client = g_strdup (field_at (line, c_client) != NULL && *field_at (line, c_client)
                              ? field_at (line, c_client) : _("Imported"));
      row->project = g_strdup (project);
      row->task = g_strdup (field_at (line, c_task) != NULL ? field_at (line, c_task) : "");
      row->note = g_strdup (field_at (line, c_note) != NULL ? field_at (line, c_note) : "");
      row->billable = billable == NULL || g_ascii_strcasecmp (billable, "no") != 0;
      row->start_at = start;
      row->end_at = end;
      g_ptr_array_add (import->rows, row);
    }
  return import;
}

static char *
name_key (const char *a,
          const char *b,
          const char *c)
{
  g_autofree char *joined = g_strdup_printf ("%s\x1f%s\x1f%s", a, b != NULL ? b : "",
                                             c != NULL ? c : "");
  return g_utf8_casefold (joined, -1);
}

guint
dt_import_apply (DtDb        *db,
                 DtImport    *import,
                 const char  *currency,
                 GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  DtListQuery query = { 0 };
  guint made = 0;

  g_return_val_if_fail (DT_IS_DB (db), 0);

  /* What exists already, by name. */
  query.archived = DT_ARCHIVED_INCLUDE;
  query.limit = DT_LIST_MAX_LIMIT;
  {
    g_autoptr(GPtrArray) clients = dt_client_store_list (db, &query, NULL, NULL);
    g_autoptr(GPtrArray) projects = dt_project_store_list (db, &query, NULL, NULL);
    g_autoptr(GPtrArray) tasks = dt_task_store_list (db, &query, NULL, NULL);
    g_autoptr(GHashTable) client_names = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autoptr(GHashTable) project_names = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; clients != NULL && i < clients->len; i++)
      {
        DtClient *c = g_ptr_array_index (clients, i);
        g_hash_table_insert (client_names, &c->id, c->name);
        g_hash_table_insert (ids, name_key (c->name, NULL, NULL), g_memdup2 (&c->id, 8));
      }
    for (guint i = 0; projects != NULL && i < projects->len; i++)
      {
        DtProject *p = g_ptr_array_index (projects, i);
        const char *client = g_hash_table_lookup (client_names, &p->client_id);
        g_hash_table_insert (project_names, &p->id, p->name);
        g_hash_table_insert (ids, name_key (client, p->name, NULL), g_memdup2 (&p->id, 8));
      }
    for (guint i = 0; tasks != NULL && i < tasks->len; i++)
      {
        DtTask *t = g_ptr_array_index (tasks, i);
        g_autoptr(DtProject) p = dt_project_store_get (db, t->project_id, NULL);
        if (p != NULL)
          g_hash_table_insert (ids, name_key (g_hash_table_lookup (client_names, &p->client_id),
                                              p->name, t->title),
                               g_memdup2 (&t->id, 8));
      }
  }

  if (!dt_db_begin (db, error))
    return 0;
  for (guint i = 0; i < import->rows->len; i++)
    {
      DtImportRow *row = g_ptr_array_index (import->rows, i);
      g_autofree char *ck = name_key (row->client, NULL, NULL);
      g_autofree char *pk = name_key (row->client, row->project, NULL);
      g_autofree char *tk = name_key (row->client, row->project, row->task);
      gint64 *client_id = g_hash_table_lookup (ids, ck);
      gint64 *project_id, *task_id = NULL;
      g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
      g_autoptr(DtTimeEntry) created = NULL;

      if (client_id == NULL)
        {
          g_autoptr(DtClient) input = dt_client_new_with_defaults (db);
          g_autoptr(DtClient) c = NULL;
          g_free (input->name);
          input->name = g_strdup (row->client);
          g_free (input->currency);
          input->currency = g_strdup (currency);
          if ((c = dt_client_store_create (db, input, error)) == NULL)
            goto failed;
          client_id = g_memdup2 (&c->id, 8);
          g_hash_table_insert (ids, g_strdup (ck), client_id);
        }
      project_id = g_hash_table_lookup (ids, pk);
      if (project_id == NULL)
        {
          g_autoptr(DtProject) input = dt_project_new ();
          g_autoptr(DtProject) p = NULL;
          input->client_id = *client_id;
          g_free (input->name);
          input->name = g_strdup (row->project);
          if ((p = dt_project_store_create (db, input, error)) == NULL)
            goto failed;
          project_id = g_memdup2 (&p->id, 8);
          g_hash_table_insert (ids, g_strdup (pk), project_id);
        }
      if (*row->task != '\0')
        {
          task_id = g_hash_table_lookup (ids, tk);
          if (task_id == NULL)
            {
              g_autoptr(DtTask) input = dt_task_new ();
              g_autoptr(DtTask) t = NULL;
              input->project_id = *project_id;
              g_free (input->title);
              input->title = g_strdup (row->task);
              if ((t = dt_task_store_create (db, input, error)) == NULL)
                goto failed;
              task_id = g_memdup2 (&t->id, 8);
              g_hash_table_insert (ids, g_strdup (tk), task_id);
            }
        }
      entry->project_id = *project_id;
      entry->task_id = task_id != NULL ? *task_id : 0;
      entry->start_at = row->start_at;
      entry->end_at = row->end_at;
      g_free (entry->note);
      entry->note = g_strdup (row->note);
      entry->billable = row->billable;
      if ((created = dt_time_entry_store_create (db, entry, error)) == NULL)
        goto failed;
      made++;
    }
  if (!dt_db_commit (db, error))
    goto failed;
  return made;

failed:
  /* All or nothing: a half import would be hard to find and undo. */
  dt_db_rollback (db);
  return 0;
}

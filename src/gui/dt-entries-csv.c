/* dt-entries-csv.c: exporting time entries as CSV. */
#define G_LOG_DOMAIN "dt-export"

#include "config.h"

#include <string.h>

#include "dt-client-store.h"
#include "dt-entries-csv.h"
#include "dt-project-store.h"
#include "dt-task-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

char *
dt_csv_field (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (strpbrk (text, ",\"\r\n") == NULL)
    return g_strdup (text);
  out = g_string_new ("\"");
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

typedef GPtrArray *(*ListFunc) (DtDb *, const DtListQuery *, gboolean *, GError **);

static GHashTable *
names_by_id (DtDb     *db,
             ListFunc  list,
             gsize     name_offset,
             GError  **error)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  DtListQuery query = { 0 };
  gboolean more = TRUE;

  query.archived = DT_ARCHIVED_INCLUDE;
  query.limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = list (db, &query, &more, error);

      if (page == NULL)
        {
          g_hash_table_unref (names);
          return NULL;
        }
      for (guint i = 0; i < page->len; i++)
        {
          gpointer item = g_ptr_array_index (page, i);
          gint64 id = *(gint64 *) item;
          g_hash_table_insert (names, g_memdup2 (&id, sizeof id),
                               g_strdup (*(char **) ((guint8 *) item + name_offset)));
          query.after_id = id;
        }
      if (page->len == 0)
        break;
    }
  return names;
}

gboolean
dt_entries_csv_write (DtDb           *db,
                      GOutputStream  *out,
                      GError        **error)
{
  g_autoptr(GHashTable) clients = NULL;
  g_autoptr(GHashTable) projects = NULL;
  g_autoptr(GHashTable) tasks = NULL;
  /* A page of lines at a time: ten years of entries never sit in memory at once. */
  g_autoptr(GString) csv = g_string_new ("date,start,end,minutes,client,project,task,note,"
                                         "billable,invoiced\r\n");
  DtListQuery query = { 0 };
  gboolean more = TRUE;

  clients = names_by_id (db, (ListFunc) dt_client_store_list, G_STRUCT_OFFSET (DtClient, name),
                         error);
  if (clients == NULL)
    return FALSE;
  projects = names_by_id (db, (ListFunc) dt_project_store_list,
                          G_STRUCT_OFFSET (DtProject, name), error);
  if (projects == NULL)
    return FALSE;
  tasks = names_by_id (db, (ListFunc) dt_task_store_list, G_STRUCT_OFFSET (DtTask, title),
                       error);
  if (tasks == NULL)
    return FALSE;

  query.status = "finished";
  query.limit = DT_LIST_MAX_LIMIT;
  while (more)
    {
      g_autoptr(GPtrArray) page = dt_time_entry_store_list (db, &query, &more, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          DtTimeEntry *e = g_ptr_array_index (page, i);
          g_autofree char *date = dt_time_local_date (e->start_at);
          g_autofree char *start = dt_time_format_iso_local (e->start_at);
          g_autofree char *end = dt_time_format_iso_local (e->end_at);
          g_autofree char *client = dt_csv_field (g_hash_table_lookup (clients, &e->client_id));
          g_autofree char *project = dt_csv_field (g_hash_table_lookup (projects,
                                                                       &e->project_id));
          g_autofree char *task = dt_csv_field (e->task_id != 0
                                                ? g_hash_table_lookup (tasks, &e->task_id)
                                                : NULL);
          g_autofree char *note = dt_csv_field (e->note);

          g_string_append_printf (csv, "%s,%s,%s,%" G_GINT64_FORMAT ",%s,%s,%s,%s,%s,%s\r\n",
                                  date, start, end, (e->end_at - e->start_at) / 60, client,
                                  project, task, note, e->billable ? "yes" : "no",
                                  e->invoice_id != 0 ? "yes" : "no");
          query.after_id = e->id;
        }
      if (!g_output_stream_write_all (out, csv->str, csv->len, NULL, NULL, error))
        return FALSE;
      g_string_truncate (csv, 0);
      if (page->len == 0)
        break;
    }
  return TRUE;
}

char *
dt_entries_csv_export (DtDb    *db,
                       GError **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!dt_entries_csv_write (db, out, error) ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* crash-writer.c: writes time entries (each with three tags, one transaction apiece) in a
 * loop and prints the id of every committed one, for test-crash to kill at random. */
#include "dt-db.h"
#include "dt-tag-store.h"
#include "dt-time-entry-store.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(DtTimeEntry) input = dt_time_entry_new ();
  gint64 project_id, start;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s DB PROJECT TAGS(a,b,c) START\n", argv[0]);
      return 2;
    }
  db = dt_db_open (argv[1], DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (db == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  project_id = g_ascii_strtoll (argv[2], NULL, 10);
  start = g_ascii_strtoll (argv[4], NULL, 10);
  {
    g_auto(GStrv) tags = g_strsplit (argv[3], ",", -1);
    for (guint i = 0; tags[i] != NULL; i++)
      dt_time_entry_add_tag (input, g_ascii_strtoll (tags[i], NULL, 10));
  }
  input->project_id = project_id;

  for (gint64 n = 0;; n++)
    {
      g_autoptr(DtTimeEntry) entry = NULL;

      input->start_at = start + n * 60;
      input->end_at = input->start_at + 45;
      entry = dt_time_entry_store_create (db, input, &error);
      if (entry == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      /* Acknowledged only after the commit returned. */
      printf ("%" G_GINT64_FORMAT "\n", entry->id);
      fflush (stdout);
    }
  return 0;
}

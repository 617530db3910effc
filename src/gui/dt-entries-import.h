/* dt-entries-import.h: time entries from other trackers' CSV exports (Toggl Track,
 * Clockify): parsing, then creating what is missing and the entries. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

typedef struct
{
  char     *client;
  char     *project;
  char     *task;      /* may be empty */
  char     *note;
  gboolean  billable;
  gint64    start_at;
  gint64    end_at;
} DtImportRow;

typedef struct
{
  GPtrArray *rows;      /* DtImportRow */
  guint      skipped;   /* lines that could not be read (no project, bad times) */
  char      *first_problem;  /* what was wrong with the first skipped line, or NULL */
} DtImport;

void      dt_import_free          (DtImport    *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtImport, dt_import_free)

/* RFC 4180 fields of one CSV text: an array of GStrv lines. */
GPtrArray *dt_csv_parse           (const char  *text);
/* Reads a Toggl or Clockify detailed export (header names matched case-insensitively:
 * Client, Project, Task, Description, Billable, Start date/time, End date/time; dates as
 * YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY, times as HH:MM[:SS] with optional AM/PM, local
 * time). DT_ERROR_INVALID when the header lacks a project or the start and end. */
DtImport *dt_import_parse         (const char  *text,
                                   GError     **error);
/* Creates the clients, projects and tasks that do not exist yet (matched by name, any case;
 * new clients get @currency) and one entry per row. Returns how many entries were made. */
guint     dt_import_apply         (DtDb        *db,
                                   DtImport    *import,
                                   const char  *currency,
                                   GError     **error);

G_END_DECLS

/* dt-test-core.h: what the core tests share: a database in a temporary folder, seed data,
 * and a checksum of every table to prove that a refused change changed nothing. */
#pragma once

#include "dt-db.h"
#include "dt-invoicing.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char   *dir;
  DtDb   *db;
  gint64  client_id;
  gint64  other_client_id;
  gint64  project_id;
  gint64  other_project_id;  /* belongs to other_client_id */
  gint64  task_id;           /* belongs to project_id */
  gint64  other_task_id;     /* belongs to other_project_id */
  gint64  tag_id;
} DtTestFixture;

/* Pins TZ (e.g. "Europe/Berlin") before anything reads the local zone; call first in main. */
void      dt_test_init_timezone    (const char    *tz);

void      dt_test_fixture_setup    (DtTestFixture *fixture,
                                    gconstpointer  data);
void      dt_test_fixture_teardown (DtTestFixture *fixture,
                                    gconstpointer  data);
/* Adds two clients (EUR, USD), a project and a task for each, and a tag. */
void      dt_test_fixture_seed     (DtTestFixture *fixture);

/* SHA-256 over every row of every table. */
char     *dt_test_checksum         (DtDb          *db);

/* Local instant of a wall-clock time. */
gint64    dt_test_local            (int            year,
                                    int            month,
                                    int            day,
                                    int            hour,
                                    int            minute);

/* Creates a finished entry; returns its id. */
gint64    dt_test_add_entry        (DtDb          *db,
                                    gint64         project_id,
                                    gint64         task_id,
                                    gint64         start_at,
                                    gint64         minutes);

/* Adds 2.5 h on the seeded project and task on 5 October 2026 and makes a draft for the
 * seeded client over October at @tax_rate_bp (1900: 19 %). */
DtInvoice *dt_test_add_draft       (DtTestFixture *fixture,
                                    int            tax_rate_bp);

/* The file @name of the test's data folder (G_TEST_DIST/data). */
GBytes   *dt_test_read_data        (const char    *name);

/* Removes a folder and its files (one level of sub-folders). */
void      dt_test_remove_dir       (const char    *dir);
/* The single number @sql ("SELECT count(*) FROM …") gives. */
gint64    dt_test_query_int        (DtDb          *db,
                                    const char    *sql);

/* One conversation on a loopback port: greets, answers every command (550 to RCPT when
 * @refuse_recipient), and records what the client said. */
typedef struct
{
  GSocket  *listener;
  guint16   port;
  gboolean  refuse_recipient;
  GString  *transcript;  /* everything the client said */
  GThread  *thread;
} DtTestSmtp;

void      dt_test_smtp_start       (DtTestSmtp    *server);
/* Waits for the conversation to end (or ends the wait if no client came) and returns the
 * transcript, to be freed. */
char     *dt_test_smtp_stop        (DtTestSmtp    *server);

G_END_DECLS

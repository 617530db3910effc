/* dt-db-read.h: a read that may take longer than a frame (a year's report, the Billing Hub)
 * run on a worker thread with a connection of its own, landing back in the caller's context. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

/* Runs on the worker with @db, a read-only use of a connection opened there to the same
 * file; returns the result (freed with the @result_free given) or NULL with @error set. */
typedef gpointer (*DtDbReadFunc) (DtDb     *db,
                                  gpointer  data,
                                  GError  **error);

/* Opens a second connection to @db's file on a worker thread, calls @func (@db, @data) there
 * and completes in the thread-default main context of the caller. @data is freed with
 * @data_free once the read is done. A cancelled read completes with G_IO_ERROR_CANCELLED,
 * and its result, if it came, is freed unseen. */
void      dt_db_read_async   (DtDb                *db,
                              DtDbReadFunc         func,
                              gpointer             data,
                              GDestroyNotify       data_free,
                              GDestroyNotify       result_free,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gpointer  dt_db_read_finish  (GAsyncResult        *result,
                              GError             **error);

G_END_DECLS

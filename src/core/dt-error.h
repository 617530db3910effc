/* dt-error.h: the project's error domain and the codes callers switch on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_ERROR (dt_error_quark ())

typedef enum
{
  DT_ERROR_INVALID,        /* input is malformed or out of range */
  DT_ERROR_NOT_FOUND,      /* the object named does not exist */
  DT_ERROR_CONFLICT,       /* the change contradicts existing state (duplicate, overlap, mismatch) */
  DT_ERROR_LOCKED,         /* the object is frozen (invoiced entry, sent invoice) */
  DT_ERROR_PRECONDITION,   /* an If-Match style version check failed */
  DT_ERROR_DATABASE,       /* SQLite reported a fault */
  DT_ERROR_NEWER_SCHEMA,   /* the database was written by a newer DoubleTime */
  DT_ERROR_CORRUPT,        /* the database failed its integrity check */
  DT_ERROR_IO,             /* a file could not be read or written */
  DT_ERROR_FORBIDDEN,      /* the caller is not allowed to do this */
  DT_ERROR_UNAUTHORIZED,   /* the caller is not authenticated */
  DT_ERROR_DENIED,         /* the user said no */
  DT_ERROR_TIMEOUT,        /* the user did not answer in time */
  DT_ERROR_UNAVAILABLE,    /* a needed service (SMTP, keyring, port) is not there */
  DT_ERROR_RATE_LIMITED,   /* too many requests */
  DT_ERROR_NO_SPACE,       /* the disk is full: nothing was saved, and trying again will not help */
} DtErrorCode;

GQuark dt_error_quark (void);

G_END_DECLS

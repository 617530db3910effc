/* dt-store.h: what every entity store shares: list filters, keyset pages, "no value". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An optional non-negative number (a rate, a budget, an estimate) that is not set. Ids use 0
 * for "none". */
#define DT_NO_VALUE ((gint64) -1)

typedef enum
{
  DT_ARCHIVED_EXCLUDE = 0, /* only active objects (the default) */
  DT_ARCHIVED_ONLY,
  DT_ARCHIVED_INCLUDE,
} DtArchivedFilter;

typedef enum
{
  DT_BILLABLE_ANY = 0,
  DT_BILLABLE_ONLY,
  DT_BILLABLE_NON,
} DtBillableFilter;

/* Default and largest page size of every list function. */
#define DT_LIST_DEFAULT_LIMIT 50
#define DT_LIST_MAX_LIMIT     500

/*
 * Filters and the page wanted, shared by every list function; zero-initialise it
 * (DtListQuery q = { 0 };) and set what you need. Each list function says which fields it
 * honours and ignores the others.
 *
 * Pages are keyset pages ordered by id ascending: pass the last id you received as
 * @after_id for the next page; the list function reports whether there is more.
 */
typedef struct
{
  gint64            client_id;   /* 0 = any */
  gint64            project_id;  /* 0 = any */
  gint64            task_id;     /* 0 = any */
  gint64            tag_id;      /* 0 = any */
  gint64            invoice_id;  /* 0 = any */
  gint64            from;        /* [from, to) in UTC seconds; 0 = open */
  gint64            to;
  const char       *status;      /* entity specific ("open", "sent"…); NULL = any */
  DtArchivedFilter  archived;
  DtBillableFilter  billable;
  const char       *text;        /* case-insensitive substring of names, notes, numbers */
  gint64            after_id;    /* 0 = from the start */
  guint             limit;       /* 0 = DT_LIST_DEFAULT_LIMIT; more than DT_LIST_MAX_LIMIT is
                                  * refused */
} DtListQuery;

G_END_DECLS

/* dt-recurring.h: recurring invoices. A template (client, fixed lines, tax, terms) with a
 * schedule makes one draft per period, and never two: a draft is keyed by (template,
 * period) in the database, so a restart, a clock set back or forth, or a second device
 * catching up finds the period taken. Drafts wait in the Billing Hub; sending stays a
 * deliberate act (dt-invoicing.h). */
#pragma once

#include "dt-db.h"
#include "dt-invoice-store.h"

G_BEGIN_DECLS

typedef enum
{
  DT_RECURRING_MONTHLY,
  DT_RECURRING_QUARTERLY,
  DT_RECURRING_YEARLY,
} DtRecurringFrequency;

const char *dt_recurring_frequency_to_string   (DtRecurringFrequency  frequency);
gboolean    dt_recurring_frequency_from_string (const char           *text,
                                                DtRecurringFrequency *out,
                                                GError              **error);

/* A line every draft of the template carries: a fixed fee. */
typedef struct
{
  char   *description;  /* 1–2000 characters */
  gint64  quantity;     /* thousandths of a unit (1000 = 1) */
  gint64  unit_price;   /* minor units of the client's currency per unit */
  char   *unit_code;    /* UN/ECE rec. 20; "" = C62 (pieces) */
  int     tax_rate_bp;  /* 1900 = 19 %; -1 = the default tax setting when the draft is made */
} DtRecurringLine;

DtRecurringLine *dt_recurring_line_new  (const char      *description,
                                         gint64           quantity,
                                         gint64           unit_price);
void             dt_recurring_line_free (DtRecurringLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRecurringLine, dt_recurring_line_free)

typedef struct
{
  gint64                id;
  gint64                client_id;
  char                 *name;          /* 1–200 characters */
  DtRecurringFrequency  frequency;
  int                   day_of_month;  /* 1–31; in a shorter month, its last day */
  char                 *start_date;    /* "YYYY-MM-DD": the first period is its month */
  char                 *end_date;      /* "YYYY-MM-DD", or NULL / "" for no end */
  GPtrArray            *lines;         /* DtRecurringLine, at least one */
  char                 *notes;
  char                 *terms;         /* NULL = the "invoice.terms" setting */
  gboolean              auto_send;     /* only the window sets it; see dt_recurring_create */
  gboolean              active;
  gint64                version;
  gint64                created_at;
} DtRecurringTemplate;

DtRecurringTemplate *dt_recurring_template_new  (void);
void                 dt_recurring_template_free (DtRecurringTemplate *template);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRecurringTemplate, dt_recurring_template_free)

/* Checks @template's schedule: a known frequency, a day of the month from 1 to 31, valid
 * dates, an end not before the start, and at least one period between them.
 * DT_ERROR_INVALID names what is wrong. */
gboolean  dt_recurring_check_schedule (const DtRecurringTemplate *template,
                                       GError                   **error);

/* The periods ("YYYY-MM", the period's first month) whose draft day is on or before @today
 * ("YYYY-MM-DD", local) and within the template's start and end, oldest first. A draft day
 * is the period's first month's @day_of_month, or its last day when shorter. */
GPtrArray *dt_recurring_due_periods   (const DtRecurringTemplate *template,
                                       const char                *today,
                                       GError                   **error);

/* Stores a new template (its lines in order) and returns it as stored. @auto_send is
 * stored as given: the MCP and REST faces refuse to set it, so only the user sets it. */
DtRecurringTemplate *dt_recurring_create (DtDb                       *db,
                                          const DtRecurringTemplate  *input,
                                          GError                    **error);
DtRecurringTemplate *dt_recurring_get    (DtDb                       *db,
                                          gint64                      id,
                                          GError                    **error);
/* Every template, by id. */
GPtrArray           *dt_recurring_list   (DtDb                       *db,
                                          GError                    **error);

/* Makes the draft of @template_id for @period ("YYYY-MM", one of its periods): the
 * template's lines, the period as service period. A period that already had a draft (even
 * one deleted since) is DT_ERROR_CONFLICT and nothing is written. */
DtInvoice *dt_recurring_create_draft (DtDb        *db,
                                      gint64       template_id,
                                      const char  *period,
                                      GError     **error);

/* Catches every active template up to @today ("YYYY-MM-DD", local): each due period
 * without a draft gets one, oldest first, each in its own transaction. Returns the drafts
 * made (DtInvoice), for the window to show before anything is sent. */
GPtrArray *dt_recurring_catch_up     (DtDb        *db,
                                      const char  *today,
                                      GError     **error);

G_END_DECLS

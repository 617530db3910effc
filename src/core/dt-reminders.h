/* dt-reminders.h: payment reminders (dunning). Levels say when a late invoice is due for
 * which reminder (a friendly one after 7 days, a first reminder after 14 with an optional
 * fee, a final one after 28 with interest), by default or per client; each reminder sent is
 * recorded on the invoice, with its fee and interest, once per level. Sending is a
 * deliberate act of the user (as for invoices); this is what it decides on and keeps. */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_REMINDER_MAX_LEVEL 3

typedef struct
{
  int     level;        /* 1 … DT_REMINDER_MAX_LEVEL */
  int     after_days;   /* due this many days after the invoice's due date, or later */
  gint64  fee;          /* minor units of the invoice's currency; 0 = none */
  int     interest_bp;  /* yearly interest on the balance, 900 = 9 %; 0 = none */
} DtReminderLevel;

/* The levels that apply to @client_id: its own when it has any, else the defaults
 * (client 0). An array of DtReminderLevel by level. */
GArray   *dt_reminders_levels   (DtDb     *db,
                                 gint64    client_id,
                                 GError  **error);
/* Replaces @client_id's levels (0: the defaults) with @levels; an empty array makes a
 * client use the defaults again. Days must grow with the level; INVALID names what is
 * wrong, and nothing is changed. */
gboolean  dt_reminders_set_levels (DtDb          *db,
                                   gint64         client_id,
                                   const GArray  *levels,
                                   GError       **error);

/* Interest on @balance for @days at @interest_bp a year (days / 365), rounded once, half away
 * from zero. */
gint64    dt_reminders_interest (gint64    balance,
                                 int       interest_bp,
                                 int       days);

typedef struct
{
  gint64  invoice_id;
  gint64  client_id;
  char   *number;
  char   *currency;
  char   *due_date;
  int     days_overdue;
  int     level;        /* the level now due */
  int     last_level;   /* the highest sent before, 0 = none */
  gint64  balance;
  gint64  fee;
  gint64  interest;
  gint64  total;        /* balance + fee + interest */
} DtReminderDue;

void      dt_reminder_due_free  (DtReminderDue *due);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtReminderDue, dt_reminder_due_free)

/* Every sent, unpaid invoice past its due date on @today ("YYYY-MM-DD") whose highest
 * reached level has not been sent yet, by days overdue (longest first). */
GPtrArray     *dt_reminders_due    (DtDb        *db,
                                    const char  *today,
                                    GError     **error);
/* What @invoice_id is due for on @today; NOT_FOUND when it is due for nothing. */
DtReminderDue *dt_reminders_due_for (DtDb        *db,
                                     gint64       invoice_id,
                                     const char  *today,
                                     GError     **error);
/* Records that the reminder @level for @invoice_id went out on @today, with the fee and
 * interest it asked for. Refused, with nothing written, when @invoice_id is not due for
 * exactly @level on @today (INVALID) or that level was already sent (CONFLICT). */
gboolean       dt_reminders_record (DtDb        *db,
                                    gint64       invoice_id,
                                    int          level,
                                    const char  *today,
                                    GError     **error);

G_END_DECLS

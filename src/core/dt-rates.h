/* dt-rates.h: which rate prices a time entry, how its minutes are rounded, and why. */
#pragma once

#include "dt-db.h"
#include "dt-rule-store.h"

G_BEGIN_DECLS

/*
 * Rates. Every rate is minor units of the client's currency per hour. For an entry of
 * client C, project P, task T with tags G, the first of these that exists prices it:
 *
 *   1. a tag rule: an active rate rule naming one of G whose other scopes (client, project,
 *      task, when set) all match — the highest priority wins, then the lowest rule id. Tag
 *      rules come first because a tag is put on the entry itself, on purpose ("rush",
 *      "weekend", "on site"): it is the most specific fact about that piece of work;
 *   2. task: an active rate rule scoped to T (without a tag), else T's own rate;
 *   3. project: a rule scoped to P (no task, no tag), else P's own rate;
 *   4. client: a rule scoped to C only, else C's own rate;
 *   5. a global rule (no scope at all), else the profile's default rate.
 * Within one level the highest priority wins, then the lowest id. Inactive rules are ignored.
 *
 * Rounding. Durations are first counted in whole minutes (to the nearest minute; 30 s counts
 * as a minute). A rounding rule is then chosen the same way without tags (task rule, project
 * rule, client rule, global rule; none = whole minutes). It rounds to its increment — up,
 * to the nearest (half up) or down — so an entry already on a boundary stays as it is, then
 * raises anything above zero to its minimum. A rule "per entry" rounds every entry on its
 * own; a rule "per line" rounds the sum of an invoice line once (with per-project lines the
 * project's rule decides, with per-task lines the task's). The stored times never change:
 * raw and billed minutes are both kept and reported.
 *
 * Invoiced work keeps the rate and minutes of its invoice line: changing a rule or a rate
 * later never re-prices it.
 */

typedef enum
{
  DT_RATE_FROM_TAG_RULE,
  DT_RATE_FROM_TASK_RULE,
  DT_RATE_FROM_TASK,
  DT_RATE_FROM_PROJECT_RULE,
  DT_RATE_FROM_PROJECT,
  DT_RATE_FROM_CLIENT_RULE,
  DT_RATE_FROM_CLIENT,
  DT_RATE_FROM_GLOBAL_RULE,
  DT_RATE_FROM_PROFILE,
} DtRateSource;

typedef struct
{
  gint64        rate;     /* minor units per hour */
  DtRateSource  source;
  gint64        rule_id;  /* the rule, for the *_RULE sources; else 0 */
  gint64        owner_id; /* the task, project or client whose own rate applied; else 0 */
} DtRateChoice;

/* The facts about one entry that pricing looks at. */
typedef struct
{
  gint64        client_id;
  gint64        project_id;
  gint64        task_id;    /* 0 = none */
  const gint64 *tag_ids;
  guint         n_tag_ids;
} DtRateContext;

/* A snapshot of every active rule and every client, project and task rate, loaded once so
 * that pricing a year of entries costs no query per entry. */
typedef struct _DtRateBook DtRateBook;

DtRateBook   *dt_rate_book_load        (DtDb                *db,
                                        GError             **error);
/* The same for the work of one project: every active rule, and the rates of that project,
 * its client and its tasks. It prices that project's entries exactly as the whole book does,
 * and no others. 0 means every project, as dt_rate_book_load. */
DtRateBook   *dt_rate_book_load_for_project (DtDb           *db,
                                             gint64          project_id,
                                             GError        **error);
/* Adds a task's own rate to a book loaded for one project: an entry written outside the
 * stores may name a task of another project. */
void          dt_rate_book_add_task_rate (DtRateBook        *book,
                                          gint64             task_id,
                                          gint64             rate);
void          dt_rate_book_free        (DtRateBook          *book);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtRateBook, dt_rate_book_free)

/* TRUE when some active rate rule names a tag (pricing then needs the entry's tags). */
gboolean      dt_rate_book_uses_tags   (const DtRateBook    *book);
DtRateChoice  dt_rate_book_choose      (const DtRateBook    *book,
                                        const DtRateContext *context);
/* The first step of dt_rate_book_choose alone: TRUE with @out set when a tag rule prices
 * @context. Whatever else decides depends on the client, project and task only, so a caller
 * pricing many entries can keep dt_rate_book_choose's answer for an untagged entry of each
 * task and ask only this per entry. */
gboolean      dt_rate_book_choose_by_tags (const DtRateBook    *book,
                                           const DtRateContext *context,
                                           DtRateChoice        *out);
/* "tag rule 7 “Rush” (priority 10)", "rate of task 12", "profile default rate". */
char         *dt_rate_book_explain     (const DtRateBook    *book,
                                        const DtRateChoice  *choice);
/* The rounding rule for a task (0 = none), project and client, or NULL: whole minutes.
 * Owned by @book. */
const DtRule *dt_rate_book_rounding    (const DtRateBook    *book,
                                        gint64               client_id,
                                        gint64               project_id,
                                        gint64               task_id);
/* "rounding rule 3: up to 15 min per entry, at least 30 min" or "whole minutes". */
char         *dt_rounding_explain      (const DtRule        *rule);

/* Whole minutes of @seconds, to the nearest minute (30 s rounds up). */
gint64        dt_rounding_minutes      (gint64               seconds);
/* @minutes rounded by @rule (NULL = unchanged): increment, direction, then minimum (only
 * for more than zero minutes). */
gint64        dt_rounding_apply        (const DtRule        *rule,
                                        gint64               minutes);

G_END_DECLS

/* dt-form-checks.h: what the forms accept, and the message shown next to a field when it
 * does not. Each check returns NULL when the text is fine (and fills the parsed value), or a
 * translated sentence saying what to enter. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A name that is not blank and at most @max_chars characters long (after trimming). */
char *dt_check_name          (const char *text,
                              guint       max_chars);
/* One e-mail address, or (with @allow_list) several separated by commas. Empty is allowed
 * when @required is FALSE. */
char *dt_check_email         (const char *text,
                              gboolean    required,
                              gboolean    allow_list);
/* An amount in @currency ("80", "80.50", "1,250.00"); empty gives -1 when @allow_empty. */
char *dt_check_money         (const char *text,
                              const char *currency,
                              gboolean    allow_empty,
                              gint64     *out_minor);
/* A duration: "1:30", "1.5" or "1,5" (hours), "90m", "2h", "1h 30m", "45 min". */
char *dt_check_duration      (const char *text,
                              gboolean    allow_empty,
                              gint64     *out_seconds);
/* A time of day: "9:30", "09:30", "930", "17". Minutes after midnight. */
char *dt_check_time_of_day   (const char *text,
                              int        *out_minutes);
/* Start and end of an entry typed as times of day on the local day that starts at
 * @day_start: "9:00"–"17:30". An end earlier than the start is on the next day (23:00–01:00);
 * an empty end keeps a running entry running (@out_end 0). DST-safe. */
char *dt_check_entry_times   (gint64      day_start,
                              const char *start_text,
                              const char *end_text,
                              gboolean    allow_running,
                              gint64     *out_start,
                              gint64     *out_end);
/* End after start. */
char *dt_check_time_range    (gint64      start_at,
                              gint64      end_at);
/* A TCP port the user may bind: 1024–65535. */
char *dt_check_port          (const char *text,
                              guint      *out_port);
/* A percentage with up to two decimals, 0–100, in basis points ("19" → 1900, "7.5" → 750). */
char *dt_check_percent       (const char *text,
                              gint64     *out_basis_points);
/* A count of units above 0 with up to three decimals, in thousandths ("1.5" → 1500), as
 * a fixed invoice line holds it. */
char *dt_check_units         (const char *text,
                              gint64     *out_thousandths);
/* Whole days 0–365 (payment terms). */
char *dt_check_days          (const char *text,
                              int        *out_days);
/* Tag names typed as "design, Client call,design": trimmed, empty ones dropped, duplicates
 * (in any case) kept once, in the order typed. */
GStrv dt_split_tags          (const char *text);
/* An ISO 4217 code the app knows ("EUR"). */
char *dt_check_currency      (const char *text);

G_END_DECLS

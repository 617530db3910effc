/* dt-timer-bar.h: the running timer in the header bar: what runs, for how long, start/stop. */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_TIMER_BAR (dt_timer_bar_get_type ())
G_DECLARE_FINAL_TYPE (DtTimerBar, dt_timer_bar, DT, TIMER_BAR, GtkWidget)

DtTimerBar *dt_timer_bar_new              (DtDb        *db);
/* Starts on the chosen task, or resumes the last entry when none is chosen; stops when
 * running. */
void        dt_timer_bar_toggle           (DtTimerBar  *self);
/* Chooses what the next start tracks; while running, switches the timer to it. */
void        dt_timer_bar_choose           (DtTimerBar  *self,
                                           gint64       project_id,
                                           gint64       task_id);
void        dt_timer_bar_open_picker      (DtTimerBar  *self);
/* Reloads the running entry and the task list from the store. */
void        dt_timer_bar_reload           (DtTimerBar  *self);
gboolean    dt_timer_bar_is_running       (DtTimerBar  *self);
/* How many tasks the picker lists for the search typed. */
/* Whether the picker's tasks are being read (on a worker); the last list shows meanwhile. */
gboolean    dt_timer_bar_is_loading       (DtTimerBar  *self);
guint       dt_timer_bar_get_n_choices    (DtTimerBar  *self);
/* The elapsed text shown ("0:05:09"), and the task label. */
const char *dt_timer_bar_get_elapsed_text (DtTimerBar  *self);
const char *dt_timer_bar_get_task_text    (DtTimerBar  *self);
/* The computer slept for @seconds while the timer ran: asks whether to keep that time or
 * to end the entry when the sleep began and go on from now. Returns the dialog (NULL when
 * no timer runs). Called by the timer itself when the wall clock jumps past the monotonic
 * one; public for tests. */
GtkWidget  *dt_timer_bar_ask_about_gap    (DtTimerBar  *self,
                                           gint64       seconds);

G_END_DECLS

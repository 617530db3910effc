/* dt-work.h: work that answers on a main context from elsewhere (a read on a worker thread
 * posts its answer back to the server's thread), counted so that whoever is about to stop
 * iterating that context can let it come back first. Without that, an answer posted to a
 * context nobody iterates any more is never dispatched, and what it holds is never freed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Work for @context has started elsewhere; its answer will be dispatched there. */
void     dt_work_begin (GMainContext *context);
/* That work's answer was dispatched on @context. */
void     dt_work_end   (GMainContext *context);
/* The work out for @context. */
guint    dt_work_count (GMainContext *context);
/* Iterates @context, which the caller owns, until no work is out for it or @timeout_usec has
 * passed; TRUE when none is left. */
gboolean dt_work_drain (GMainContext *context,
                        gint64        timeout_usec);

G_END_DECLS

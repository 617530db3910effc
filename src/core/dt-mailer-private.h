/* dt-mailer-private.h: what the mailer's files share. */
#pragma once

#include "dt-mailer.h"

G_BEGIN_DECLS

/* TRUE when @s is neither NULL nor empty. */
gboolean dt_mailer_has_text (const char *s);

G_END_DECLS

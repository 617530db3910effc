/* dt-error.c: the project's error domain. */
#include "dt-error.h"

G_DEFINE_QUARK (dt-error-quark, dt_error)

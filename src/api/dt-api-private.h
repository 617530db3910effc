/* dt-api-private.h: what the REST face's files share. */
#pragma once

#include "dt-api.h"

G_BEGIN_DECLS

/* The input of an operation that takes a file, from a body that is the file itself (of one
 * of the space-separated @media_types) or a multipart/form-data body with one file part:
 * {data_base64, file_name?}. Anything else is refused with 415 (or 400 for a broken
 * multipart body) in @out_status and a message saying what is taken. */
JsonObject *dt_api_file_input (DtRequest   *request,
                               const char  *media_types,
                               guint       *out_status,
                               GError     **error);

G_END_DECLS

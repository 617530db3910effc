/* dt-json-reader.h: one JSON text read into a json-glib tree, strictly. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DT_JSON_READ_ERROR (dt_json_read_error_quark ())

typedef enum
{
  DT_JSON_READ_ERROR_EMPTY,          /* nothing but whitespace */
  DT_JSON_READ_ERROR_NOT_UTF8,       /* a byte sequence that is not UTF-8, or a NUL */
  DT_JSON_READ_ERROR_TOO_DEEP,       /* arrays and objects nested deeper than allowed */
  DT_JSON_READ_ERROR_DUPLICATE_KEY,  /* one key twice in an object */
  DT_JSON_READ_ERROR_SYNTAX,         /* anything else RFC 8259 does not allow */
} DtJsonReadError;

GQuark    dt_json_read_error_quark (void);

/* Reads the @length bytes at @data as one JSON value (RFC 8259) and returns its tree, with
 * members in the order written. Integers that fit in 64 bits become G_TYPE_INT64 values and
 * every other number a double. Refused, with a message that names the byte where the
 * text went wrong: anything RFC 8259 forbids (trailing commas, leading zeros, bare control
 * characters in strings, comments), a key twice in one object, nesting deeper than
 * @max_depth, an escaped NUL or a lone surrogate (a text could not hold them), and numbers
 * beyond a double's range. A DT_JSON_READ_ERROR_SYNTAX message is a phrase to follow
 * "not valid JSON: "; the others are sentences. */
JsonNode *dt_json_read             (const char  *data,
                                    gsize        length,
                                    guint        max_depth,
                                    GError     **error);

/* dt_json_read for a request's body: the same tree and error codes, with messages for the
 * people who sent it ("The body is not valid JSON: expected a value at byte 12 …"). */
JsonNode *dt_json_read_body        (const char  *data,
                                    gsize        length,
                                    guint        max_depth,
                                    GError     **error);

G_END_DECLS

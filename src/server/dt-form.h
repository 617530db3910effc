/* dt-form.h: a strict parser for query strings and application/x-www-form-urlencoded bodies. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More parameters than any OAuth or API request needs; beyond it the request is refused. */
#define DT_FORM_MAX_PARAMS 64

/* Parses @len bytes of "a=1&b=two+words" into a table of decoded name → value (both UTF-8,
 * owned by the table). Unlike soup_form_decode, which keeps the last of duplicate parameters,
 * truncates at "%00" and drops bad escapes, this refuses the whole input (DT_ERROR_INVALID, with
 * a message naming the parameter) when a name repeats (RFC 6749 §3.1), an escape is malformed,
 * a decoded name or value holds a NUL byte or is not UTF-8, a pair has an empty name or is
 * empty, or there are more than DT_FORM_MAX_PARAMS pairs. An empty input gives an empty table.
 * A pair without "=" has the empty string as value. */
GHashTable *dt_form_parse   (const char  *data,
                             gsize        len,
                             GError     **error);

/* Decodes one percent-encoded component ("+" is a space) with the same rules. */
char       *dt_form_decode  (const char  *data,
                             gsize        len,
                             GError     **error);

/* Parses an "Authorization: Basic …" header value into the client id and secret (RFC 6749
 * §2.3.1: each form-urlencoded, then "id:secret" in base64). FALSE, with nothing set, unless
 * the scheme is Basic, the base64 is canonical (at most 4,096 characters), the id is not
 * empty, and both decode to UTF-8 without NUL under the rules of dt_form_decode. */
gboolean    dt_form_parse_basic (const char  *header,
                                 char       **out_id,
                                 char       **out_secret);

/* Percent-encodes @text for a query string value (unreserved characters kept). */
char       *dt_form_encode  (const char  *text);

G_END_DECLS

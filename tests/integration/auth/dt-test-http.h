/* dt-test-http.h: a raw HTTP/1.1 client for tests: every byte of the request is ours, so Host
 * headers, duplicate parameters, NUL bytes and bad escapes reach the server unchanged. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint       status;
  GHashTable *headers;   /* lower-case name → value (the last one when repeated) */
  char       *body;
  gsize       body_len;
  JsonNode   *json;      /* the body parsed when it is JSON, else NULL */
} DtTestResponse;

void            dt_test_response_free    (DtTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTestResponse, dt_test_response_free)

const char     *dt_test_response_header  (DtTestResponse *response,
                                          const char     *name);
/* A string member of the JSON object body, or NULL. */
const char     *dt_test_response_string  (DtTestResponse *response,
                                          const char     *member);

/* Sends one request to 127.0.0.1:@port and reads the answer. @headers are "Name: value"
 * lines (NULL-terminated, may be NULL); a Host header "127.0.0.1:PORT" is added unless one
 * is given, and Content-Length whenever @body is not NULL (unless a "Transfer-Encoding:
 * chunked" header is given: @body is then sent as it is). @body_len -1 means strlen. */
DtTestResponse *dt_test_http             (guint               port,
                                          const char         *method,
                                          const char         *target,
                                          const char * const *headers,
                                          const char         *body,
                                          gssize              body_len);

/* The same on a thread, for requests the server holds (authorize waits for consent). */
typedef struct _DtTestPending DtTestPending;
DtTestPending  *dt_test_http_begin       (guint               port,
                                          const char         *method,
                                          const char         *target,
                                          const char * const *headers,
                                          const char         *body,
                                          gssize              body_len);
gboolean        dt_test_http_is_done     (DtTestPending      *pending);
DtTestResponse *dt_test_http_finish      (DtTestPending      *pending);

/* Form-encodes NULL-terminated name, value pairs: "a", "1", "b", "2", NULL. */
char           *dt_test_form             (const char         *first_name,
                                          ...) G_GNUC_NULL_TERMINATED;

/* The file descriptors this process holds now (/proc/self/fd). */
guint           dt_test_count_descriptors  (void);
/* Waits up to 2 s for the process to hold @expected descriptors; returns how many it holds. */
guint           dt_test_settle_descriptors (guint expected);

G_END_DECLS

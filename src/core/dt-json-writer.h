/* dt-json-writer.h: JSON text from a json-glib tree, written in one pass. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends the compact JSON text of @node to @out: members in the order they were added,
 * strings escaped as RFC 8259 requires (UTF-8 kept), doubles in their shortest round-trip
 * form with a fraction or exponent, so they read back as doubles. Where the walk meets
 * @known_object, @known_text (its text, already written once) is copied instead: a tool
 * result carries the same object as structured content and as text. */
void   dt_json_write            (GString    *out,
                                 JsonNode   *node,
                                 JsonObject *known_object,
                                 const char *known_text);
/* Appends @text as a JSON string literal, quotes included. */
void   dt_json_write_string     (GString    *out,
                                 const char *text);
/* Appends the @length bytes at @text as a JSON string literal, quotes included. */
void   dt_json_write_string_len (GString    *out,
                                 const char *text,
                                 gsize       length);
/* Writes @value in decimal at @p (room for DT_JSON_INT_MAX bytes), without printf; returns
 * the end. */
#define DT_JSON_INT_MAX 20
char  *dt_json_put_int          (char       *p,
                                 gint64      value);
/* Appends @value in decimal, without printf. */
void   dt_json_write_int        (GString    *out,
                                 gint64      value);
/* The JSON text of @node, as a new string, its length in @length when not NULL. */
char  *dt_json_to_text          (JsonNode   *node,
                                 gsize      *length);

/* The JSON text of @object. */
char  *dt_json_to_text_object   (JsonObject *object,
                                 gsize      *length);

G_END_DECLS

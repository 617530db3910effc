/* dt-ops-entries.c: time entries and the running timer. */
#define G_LOG_DOMAIN "dt-ops"

#include <string.h>

#include "dt-ops-private.h"

#include "dt-json-writer.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

#define ENTRY_OUT \
  "{\"type\":\"object\",\"properties\":{" \
  "\"id\":{\"type\":\"integer\"},\"project_id\":{\"type\":\"integer\"}," \
  "\"task_id\":{\"type\":[\"integer\",\"null\"]},\"client_id\":{\"type\":\"integer\"}," \
  DT_OPS_INSTANT_OUT ("start") "," DT_OPS_INSTANT_OUT ("end") "," \
  "\"running\":{\"type\":\"boolean\"},\"duration_minutes\":{\"type\":\"integer\"}," \
  "\"note\":{\"type\":\"string\"},\"billable\":{\"type\":\"boolean\"}," \
  "\"tag_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}," \
  "\"invoice_id\":{\"type\":[\"integer\",\"null\"]},\"billed\":{\"type\":\"boolean\"}," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"project_id\",\"start\"," \
  "\"running\",\"version\"]}"

#define ENTRY_FIELDS \
  "\"task_id\":{\"type\":[\"integer\",\"null\"],\"minimum\":1,\"description\":\"A task of " \
  "the project, or null\"}," \
  "\"note\":{\"type\":\"string\",\"maxLength\":5000,\"description\":\"What was done\"}," \
  "\"billable\":{\"type\":\"boolean\",\"description\":\"Default true\"}," \
  "\"tag_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1}," \
  "\"uniqueItems\":true,\"maxItems\":50,\"description\":\"Tag ids from list_tags\"}"

static JsonObject *
entry_to_json (const DtTimeEntry *entry)
{
  JsonObject *out = json_object_new ();
  JsonArray *tags = json_array_new ();

  json_object_set_int_member (out, "id", entry->id);
  json_object_set_int_member (out, "project_id", entry->project_id);
  dt_ops_set_optional_int (out, "task_id", entry->task_id);
  json_object_set_int_member (out, "client_id", entry->client_id);
  dt_ops_set_instant (out, "start", entry->start_at);
  dt_ops_set_instant (out, "end", entry->end_at);
  json_object_set_boolean_member (out, "running", entry->end_at == 0);
  json_object_set_int_member (out, "duration_minutes",
                              dt_time_entry_get_duration (entry, dt_time_now ()) / 60);
  dt_ops_set_string (out, "note", entry->note);
  json_object_set_boolean_member (out, "billable", entry->billable);
  for (guint i = 0; entry->tag_ids && i < entry->tag_ids->len; i++)
    json_array_add_int_element (tags, g_array_index (entry->tag_ids, gint64, i));
  json_object_set_array_member (out, "tag_ids", tags);
  dt_ops_set_optional_int (out, "invoice_id", entry->invoice_id);
  json_object_set_boolean_member (out, "billed", entry->invoice_line_id != 0);
  json_object_set_int_member (out, "version", entry->version);
  return out;
}

/* The text entry_to_json's object gives through dt-json-writer, written without the tree: a
 * page of 100 entries is 2,000 json-glib nodes to build and free. test-ops checks both give
 * the same text for entries of every kind. */
/* Writing at a pointer into room made once per entry: appending each name and number to
 * the GString took most of a page's writing time. PUT copies a literal, its length known
 * when compiled. */
#define PUT(p, literal) (memcpy ((p), (literal), sizeof (literal) - 1), (p) += sizeof (literal) - 1)

/* Room for everything before the note and after it but the tag ids; the longest is well
 * below (20-digit ids, the longest local time texts). */
#define ENTRY_HEAD_MAX 512
#define ENTRY_TAIL_MAX 160

static char *
put_optional_int (char   *p,
                  gint64  value)
{
  if (value == DT_NO_VALUE || value == 0)
    {
      PUT (p, "null");
      return p;
    }
  return dt_json_put_int (p, value);
}

static char *
put_text (char       *p,
          const char *text)
{
  gsize length = strlen (text);

  /* Date texts have nothing to escape. */
  *p++ = '"';
  memcpy (p, text, length);
  p += length;
  *p++ = '"';
  return p;
}

/* ,"start":…,"start_local":…,"start_day":… (or "end"). */
static char *
put_instant (char     *p,
             gboolean  start,
             gint64    instant)
{
  DtTimeTexts texts;

  if (instant == 0)
    {
      if (start)
        PUT (p, ",\"start\":null,\"start_local\":null,\"start_day\":null");
      else
        PUT (p, ",\"end\":null,\"end_local\":null,\"end_day\":null");
      return p;
    }
  dt_time_texts (instant, &texts);
  if (start)
    PUT (p, ",\"start\":");
  else
    PUT (p, ",\"end\":");
  p = put_text (p, texts.utc);
  if (start)
    PUT (p, ",\"start_local\":");
  else
    PUT (p, ",\"end_local\":");
  p = put_text (p, texts.local);
  if (start)
    PUT (p, ",\"start_day\":");
  else
    PUT (p, ",\"end_day\":");
  return put_text (p, texts.day);
}

/* Room for @length more bytes at the end of @out; the caller ends the string with
 * finish_at. */
static char *
room_at_end (GString *out,
             gsize    length)
{
  gsize at = out->len;

  g_string_set_size (out, at + length);
  return out->str + at;
}

static void
finish_at (GString *out,
           char    *end)
{
  g_string_truncate (out, end - out->str);
}

static void
entry_write (GString           *out,
             const DtTimeEntry *entry)
{
  guint n_tags = entry->tag_ids ? entry->tag_ids->len : 0;
  gsize tail_max = ENTRY_TAIL_MAX + (gsize) n_tags * (DT_JSON_INT_MAX + 1);
  char *p = room_at_end (out, ENTRY_HEAD_MAX);
  char *room = p;

  PUT (p, "{\"id\":");
  p = dt_json_put_int (p, entry->id);
  PUT (p, ",\"project_id\":");
  p = dt_json_put_int (p, entry->project_id);
  PUT (p, ",\"task_id\":");
  p = put_optional_int (p, entry->task_id);
  PUT (p, ",\"client_id\":");
  p = dt_json_put_int (p, entry->client_id);
  p = put_instant (p, TRUE, entry->start_at);
  p = put_instant (p, FALSE, entry->end_at);
  if (entry->end_at == 0)
    PUT (p, ",\"running\":true");
  else
    PUT (p, ",\"running\":false");
  PUT (p, ",\"duration_minutes\":");
  /* Only a running entry needs the clock. */
  p = dt_json_put_int (p, dt_time_entry_get_duration (entry, entry->end_at == 0 ? dt_time_now ()
                                                                              : 0) / 60);
  PUT (p, ",\"note\":");
  g_assert (p - room <= ENTRY_HEAD_MAX);
  finish_at (out, p);
  dt_json_write_string (out, entry->note ? entry->note : "");

  p = room = room_at_end (out, tail_max);
  if (entry->billable)
    PUT (p, ",\"billable\":true");
  else
    PUT (p, ",\"billable\":false");
  PUT (p, ",\"tag_ids\":[");
  for (guint i = 0; i < n_tags; i++)
    {
      if (i > 0)
        *p++ = ',';
      p = dt_json_put_int (p, g_array_index (entry->tag_ids, gint64, i));
    }
  *p++ = ']';
  PUT (p, ",\"invoice_id\":");
  p = put_optional_int (p, entry->invoice_id);
  if (entry->invoice_line_id != 0)
    PUT (p, ",\"billed\":true");
  else
    PUT (p, ",\"billed\":false");
  PUT (p, ",\"version\":");
  p = dt_json_put_int (p, entry->version);
  *p++ = '}';
  g_assert ((gsize) (p - room) <= tail_max);
  finish_at (out, p);
}

static gboolean
apply_entry (DtTimeEntry *entry,
             JsonObject  *input,
             GError     **error)
{
  const char *note = dt_ops_get_string (input, "note");

  if (dt_ops_has (input, "project_id"))
    entry->project_id = dt_ops_get_int (input, "project_id", 0);
  if (dt_ops_has (input, "task_id"))
    entry->task_id = dt_ops_get_int (input, "task_id", 0);
  if (note != NULL)
    {
      g_free (entry->note);
      entry->note = g_strdup (note);
    }
  if (dt_ops_has (input, "billable"))
    entry->billable = dt_ops_get_bool (input, "billable", TRUE);
  if (!dt_ops_get_instant (input, "start", &entry->start_at, error) ||
      !dt_ops_get_instant (input, "end", &entry->end_at, error))
    return FALSE;
  if (dt_ops_has (input, "tag_ids"))
    {
      JsonArray *tags = json_object_get_array_member (input, "tag_ids");

      g_array_set_size (entry->tag_ids, 0);
      for (guint i = 0; i < json_array_get_length (tags); i++)
        dt_time_entry_add_tag (entry, json_array_get_int_element (tags, i));
    }
  return TRUE;
}

static JsonObject *
list_time_entries (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  const char *billable = dt_ops_get_string (input, "billable");
  gboolean has_more = FALSE;
  JsonArray *items;
  gint64 last = 0;

  if (!dt_ops_get_page (input, &query, error) ||
      !dt_ops_get_range (input, &query.from, &query.to, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.task_id = dt_ops_get_int (input, "task_id", 0);
  query.tag_id = dt_ops_get_int (input, "tag_id", 0);
  query.status = dt_ops_get_string (input, "status");
  query.text = dt_ops_get_string (input, "text");
  query.billable = g_strcmp0 (billable, "billable") == 0 ? DT_BILLABLE_ONLY
                   : g_strcmp0 (billable, "non_billable") == 0 ? DT_BILLABLE_NON
                   : DT_BILLABLE_ANY;
  entries = dt_time_entry_store_list (ctx->db, &query, &has_more, error);
  if (entries == NULL)
    return NULL;
  if (ctx->text_out != NULL)
    {
      /* The caller takes text: the same page, written directly (see entry_write). */
      dt_ops_write_page_start (ctx->text_out);
      for (guint i = 0; i < entries->len; i++)
        {
          DtTimeEntry *entry = g_ptr_array_index (entries, i);

          if (i > 0)
            g_string_append_c (ctx->text_out, ',');
          entry_write (ctx->text_out, entry);
          last = entry->id;
        }
      dt_ops_write_page_end (ctx->text_out, has_more, last);
      return json_object_new ();
    }
  items = json_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      DtTimeEntry *entry = g_ptr_array_index (entries, i);

      json_array_add_object_element (items, entry_to_json (entry));
      last = entry->id;
    }
  return dt_ops_page (items, has_more, last);
}

static JsonObject *
get_time_entry (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtTimeEntry) entry = NULL;

  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, id);
  entry = dt_time_entry_store_get (ctx->db, id, error);
  return entry ? entry_to_json (entry) : NULL;
}

static JsonObject *
get_running_timer (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  GError *local = NULL;
  g_autoptr(DtTimeEntry) entry = dt_time_entry_store_get_running (ctx->db, &local);
  JsonObject *out;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  out = json_object_new ();
  json_object_set_boolean_member (out, "running", entry != NULL);
  if (entry != NULL)
    json_object_set_object_member (out, "entry", entry_to_json (entry));
  else
    json_object_set_null_member (out, "entry");
  return out;
}

static JsonObject *
create_time_entry (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) stored = NULL;

  if (!apply_entry (entry, input, error))
    return NULL;
  if (entry->end_at != 0 && entry->end_at < entry->start_at)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“end” (%s) is before “start” (%s); give an end after the start",
                   dt_ops_get_string (input, "end"), dt_ops_get_string (input, "start"));
      return NULL;
    }
  stored = dt_time_entry_store_create (ctx->db, entry, error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, stored->id);
  return entry_to_json (stored);
}

static JsonObject *
update_time_entry (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtTimeEntry) entry = NULL;
  g_autoptr(DtTimeEntry) stored = NULL;

  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, id);
  entry = dt_time_entry_store_get (ctx->db, id, error);
  if (entry == NULL || !apply_entry (entry, input, error))
    return NULL;
  stored = dt_time_entry_store_update (ctx->db, entry,
                                       dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? entry_to_json (stored) : NULL;
}

static char *
describe_delete_entry (DtOpContext *ctx,
                       JsonObject  *input,
                       GError     **error)
{
  g_autoptr(DtTimeEntry) entry = dt_time_entry_store_get (ctx->db,
                                                          dt_ops_get_int (input, "id", 0),
                                                          error);
  g_autofree char *day = NULL;

  if (entry == NULL)
    return NULL;
  day = dt_time_local_date (entry->start_at);
  return g_strdup_printf ("delete the time entry of %s (%" G_GINT64_FORMAT " min%s%s)", day,
                          dt_time_entry_get_duration (entry, dt_time_now ()) / 60,
                          entry->note && *entry->note ? ", " : "",
                          entry->note ? entry->note : "");
}

static JsonObject *
delete_time_entry (DtOpContext *ctx,
                   JsonObject  *input,
                   GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  JsonObject *out;

  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, id);
  if (!dt_time_entry_store_delete (ctx->db, id, error))
    return NULL;
  out = json_object_new ();
  json_object_set_boolean_member (out, "deleted", TRUE);
  json_object_set_int_member (out, "id", id);
  return out;
}

static JsonObject *
start_timer (DtOpContext *ctx,
             JsonObject  *input,
             GError     **error)
{
  g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
  g_autoptr(DtTimeEntry) stored = NULL;

  if (!apply_entry (entry, input, error))
    return NULL;
  stored = dt_time_entry_store_start_timer (ctx->db, entry, error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, stored->id);
  return entry_to_json (stored);
}

static JsonObject *
stop_timer (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  gint64 end = 0;
  g_autoptr(DtTimeEntry) stored = NULL;

  if (!dt_ops_get_instant (input, "end", &end, error))
    return NULL;
  stored = dt_time_entry_store_stop_timer (ctx->db, end, error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "time entry %" G_GINT64_FORMAT, stored->id);
  return entry_to_json (stored);
}

static const DtOp entry_ops[] = {
  {
    "list_time_entries", "List time entries", "time_entries", "time_entries:read",
    "Lists tracked time, oldest first: filter by client, project, task, tag, a date range on "
    "the start (from/to: dates or ISO instants; a date 'to' includes that day), billability, "
    "status (running, finished, billed, unbilled) and note text. Each entry gives start and "
    "end in UTC, in local time and as the user's local day, and its duration in minutes.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("Only this client's") ","
    "\"project_id\":" DT_OPS_ID ("Only this project's") ","
    "\"task_id\":" DT_OPS_ID ("Only this task's") ","
    "\"tag_id\":" DT_OPS_ID ("Only entries with this tag") "," DT_OPS_RANGE_PROPS ","
    "\"billable\":{\"type\":\"string\",\"enum\":[\"any\",\"billable\",\"non_billable\"]},"
    "\"status\":{\"type\":\"string\",\"enum\":[\"running\",\"finished\",\"billed\","
    "\"unbilled\"]}," DT_OPS_TEXT_PROP "," DT_OPS_PAGE_PROPS "},"
    "\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (ENTRY_OUT), DT_OP_READ_ONLY, "GET", "/time-entries", 200,
    list_time_entries, NULL,
  },
  {
    "get_time_entry", "Get a time entry", "time_entries", "time_entries:read",
    "Returns one time entry: project, task, start and end, minutes, note, tags and whether "
    "it was billed.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The entry's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    ENTRY_OUT, DT_OP_READ_ONLY, "GET", "/time-entries/{id}", 200, get_time_entry, NULL,
  },
  {
    "get_running_timer", "Get the running timer", "time_entries", "time_entries:read",
    "Tells whether a timer runs and, if so, its entry (project, task, start, minutes so far).",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"running\":{\"type\":\"boolean\"},"
    "\"entry\":{\"anyOf\":[" ENTRY_OUT ",{\"type\":\"null\"}]}},"
    "\"required\":[\"running\",\"entry\"]}",
    DT_OP_READ_ONLY, "GET", "/timer", 200, get_running_timer, NULL,
  },
  {
    "create_time_entry", "Log time", "time_entries", "time_entries:write",
    "Logs a finished piece of work: project, start and end (ISO 8601, e.g. "
    "2026-11-27T09:00 local or 2026-11-27T08:00:00Z), optional task, note, tags and "
    "billability. Overlaps with other entries are allowed.",
    "{\"type\":\"object\",\"properties\":{\"project_id\":" DT_OPS_ID ("The project worked on")
    ",\"start\":" DT_OPS_INSTANT_IN ("When the work started") ","
    "\"end\":" DT_OPS_INSTANT_IN ("When it ended") "," ENTRY_FIELDS "},"
    "\"required\":[\"project_id\",\"start\",\"end\"],\"additionalProperties\":false}",
    ENTRY_OUT, 0, "POST", "/time-entries", 201, create_time_entry, NULL,
  },
  {
    "update_time_entry", "Update a time entry", "time_entries", "time_entries:write",
    "Changes the fields given of an entry and keeps the others. Entries already billed on an "
    "invoice are locked.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The entry's id") ","
    "\"project_id\":" DT_OPS_ID ("Move to this project") ","
    "\"start\":" DT_OPS_INSTANT_IN ("New start") ",\"end\":" DT_OPS_INSTANT_IN ("New end") ","
    ENTRY_FIELDS "," DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],"
    "\"additionalProperties\":false}",
    ENTRY_OUT, DT_OP_IDEMPOTENT, "PATCH", "/time-entries/{id}", 200, update_time_entry, NULL,
  },
  {
    "delete_time_entry", "Delete a time entry", "time_entries", "time_entries:write",
    "Deletes an entry for good. The user confirms each deletion in DoubleTime; the call "
    "waits for the answer. Billed entries cannot be deleted.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The entry's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    DT_OPS_DELETED_OUT, DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "DELETE", "/time-entries/{id}", 200,
    delete_time_entry, describe_delete_entry,
  },
  {
    "start_timer", "Start the timer", "time_entries", "time_entries:write",
    "Starts the timer on a project (and optionally a task) now, or at 'start'. Only one timer "
    "runs at a time: stop the running one first.",
    "{\"type\":\"object\",\"properties\":{\"project_id\":" DT_OPS_ID ("The project") ","
    "\"start\":" DT_OPS_INSTANT_IN ("When it started (default now)") "," ENTRY_FIELDS "},"
    "\"required\":[\"project_id\"],\"additionalProperties\":false}",
    ENTRY_OUT, 0, "POST", "/timer/start", 201, start_timer, NULL,
  },
  {
    "stop_timer", "Stop the timer", "time_entries", "time_entries:write",
    "Stops the running timer now (or at 'end') and returns the finished entry.",
    "{\"type\":\"object\",\"properties\":{\"end\":" DT_OPS_INSTANT_IN ("When it ended "
    "(default now)") "},\"additionalProperties\":false}",
    ENTRY_OUT, 0, "POST", "/timer/stop", 200, stop_timer, NULL,
  },
};

void
dt_ops_register_entries (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (entry_ops); i++)
    dt_op_registry_add (registry, &entry_ops[i]);
}

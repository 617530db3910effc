/* dt-mcp-fixture.c: the MCP conformance fixture server — the real MCP engine and HTTP
 * binding on an ephemeral loopback port, serving the tools, resources and prompts the
 * official conformance suite expects. Prints "PORT=<n>" once it listens. */
#define G_LOG_DOMAIN "dt-mcp-fixture"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include <libsoup/soup.h>

#include "dt-mcp-call.h"
#include "dt-mcp-http.h"
#include "dt-mcp-endpoint.h"

#define RED_PIXEL_PNG \
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
#define SILENT_WAV \
  "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA=="

/* Handlers run on the server's thread: timers must go to its context, not the global one. */
static void
add_timeout (guint          interval_ms,
             GSourceFunc    func,
             gpointer       data,
             GDestroyNotify destroy)
{
  g_autoptr(GSource) source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, g_main_context_get_thread_default ());
}

/* ---- tools -------------------------------------------------------------------------- */

static void
simple_text_cb (DtMcpCall *call,
                gpointer   user_data)
{
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_text ("This is a simple text response for testing."), NULL));
}

static void
image_cb (DtMcpCall *call,
          gpointer   user_data)
{
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_image (RED_PIXEL_PNG, "image/png"), NULL));
}

static void
audio_cb (DtMcpCall *call,
          gpointer   user_data)
{
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_audio (SILENT_WAV, "audio/wav"), NULL));
}

static void
embedded_cb (DtMcpCall *call,
             gpointer   user_data)
{
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_resource_text ("test://embedded-resource", "text/plain",
                                    "This is an embedded resource content."), NULL));
}

static void
mixed_cb (DtMcpCall *call,
          gpointer   user_data)
{
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_text ("Multiple content types test:"),
      dt_mcp_content_image (RED_PIXEL_PNG, "image/png"),
      dt_mcp_content_resource_text ("test://mixed-content-resource", "application/json",
                                    "{\"test\":\"data\",\"value\":123}"),
      NULL));
}

static void
error_cb (DtMcpCall *call,
          gpointer   user_data)
{
  dt_mcp_call_return_tool_error (call, "This tool intentionally returns an error for testing");
}

/* A call that does something on a timer, several times, then answers. */
typedef struct
{
  DtMcpCall *call;
  guint      step;
} Ticker;

static void
ticker_free (gpointer data)
{
  Ticker *ticker = data;

  g_object_unref (ticker->call);
  g_free (ticker);
}

static gboolean
logging_tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  static const char * const messages[] = {
    "Tool execution started", "Tool processing data", "Tool execution completed",
  };

  if (dt_mcp_call_is_finished (ticker->call))
    return G_SOURCE_REMOVE;
  dt_mcp_call_log (ticker->call, DT_MCP_LOG_INFO, "test_tool_with_logging",
                   messages[ticker->step]);
  if (++ticker->step < G_N_ELEMENTS (messages))
    return G_SOURCE_CONTINUE;
  dt_mcp_call_return (ticker->call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_text ("Tool with logging executed successfully"), NULL));
  return G_SOURCE_REMOVE;
}

static void
logging_cb (DtMcpCall *call,
            gpointer   user_data)
{
  Ticker *ticker = g_new0 (Ticker, 1);

  ticker->call = g_object_ref (call);
  /* The first message goes out at once, the others 50 ms apart. */
  if (logging_tick_cb (ticker) == G_SOURCE_CONTINUE)
    add_timeout (50, logging_tick_cb, ticker, ticker_free);
  else
    ticker_free (ticker);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;

  if (dt_mcp_call_is_finished (ticker->call))
    return G_SOURCE_REMOVE;
  dt_mcp_call_progress (ticker->call, ticker->step * 50.0, 100.0, NULL);
  if (++ticker->step <= 2)
    return G_SOURCE_CONTINUE;
  dt_mcp_call_return (ticker->call, dt_mcp_tool_result_new (FALSE,
      dt_mcp_content_text ("Tool with progress executed successfully"), NULL));
  return G_SOURCE_REMOVE;
}

static void
progress_cb (DtMcpCall *call,
             gpointer   user_data)
{
  Ticker *ticker = g_new0 (Ticker, 1);

  ticker->call = g_object_ref (call);
  if (progress_tick_cb (ticker) == G_SOURCE_CONTINUE)
    add_timeout (50, progress_tick_cb, ticker, ticker_free);
  else
    ticker_free (ticker);
}

static gboolean
reconnection_answer_cb (gpointer user_data)
{
  DtMcpCall *call = user_data;

  if (!dt_mcp_call_is_finished (call))
    dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE,
        dt_mcp_content_text ("Reconnection test completed successfully"), NULL));
  return G_SOURCE_REMOVE;
}

static void
reconnection_cb (DtMcpCall *call,
                 gpointer   user_data)
{
  /* Close the stream mid-call; the answer comes on the resumed stream. */
  dt_mcp_call_suspend_stream (call);
  add_timeout (100, reconnection_answer_cb, g_object_ref (call), g_object_unref);
}

static void
sampling_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DtMcpCall *call = DT_MCP_CALL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = dt_mcp_call_request_finish (call, result, &error);
  JsonNode *content;
  const char *text = NULL;
  g_autofree char *reply = NULL;

  if (answer == NULL)
    {
      dt_mcp_call_return_tool_error (call, "Sampling failed: %s", error->message);
      return;
    }
  content = json_object_get_member (answer, "content");
  if (content && JSON_NODE_HOLDS_OBJECT (content))
    text = json_object_get_string_member_with_default (json_node_get_object (content), "text",
                                                       NULL);
  reply = g_strdup_printf ("LLM response: %s", text ? text : "(no text)");
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE, dt_mcp_content_text (reply), NULL));
}

static void
sampling_cb (DtMcpCall *call,
             gpointer   user_data)
{
  JsonObject *arguments = dt_mcp_call_get_arguments (call);
  const char *prompt = json_object_get_string_member_with_default (arguments, "prompt", NULL);
  JsonObject *params, *message, *content;
  JsonArray *messages;

  if (prompt == NULL)
    {
      dt_mcp_call_return_tool_error (call, "\"prompt\" is required: the text to send to the "
                                           "model");
      return;
    }
  content = json_object_new ();
  json_object_set_string_member (content, "type", "text");
  json_object_set_string_member (content, "text", prompt);
  message = json_object_new ();
  json_object_set_string_member (message, "role", "user");
  json_object_set_object_member (message, "content", content);
  messages = json_array_new ();
  json_array_add_object_element (messages, message);
  params = json_object_new ();
  json_object_set_array_member (params, "messages", messages);
  json_object_set_int_member (params, "maxTokens", 100);
  dt_mcp_call_request_async (call, "sampling/createMessage", params, sampling_done_cb, NULL);
}

static void
elicitation_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DtMcpCall *call = DT_MCP_CALL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = dt_mcp_call_request_finish (call, result, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *reply = NULL;

  if (answer == NULL)
    {
      dt_mcp_call_return_tool_error (call, "Elicitation failed: %s", error->message);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, answer);
  json = dt_json_to_string (node, NULL);
  reply = g_strdup_printf ("User response: %s", json);
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE, dt_mcp_content_text (reply), NULL));
}

static void
elicit (DtMcpCall  *call,
        const char *message,
        const char *schema)
{
  JsonObject *params = json_object_new ();

  json_object_set_string_member (params, "message", message);
  json_object_set_object_member (params, "requestedSchema", dt_mcp_json_object_parse (schema));
  dt_mcp_call_request_async (call, "elicitation/create", params, elicitation_done_cb, NULL);
}

static void
elicitation_cb (DtMcpCall *call,
                gpointer   user_data)
{
  const char *message = json_object_get_string_member_with_default (
      dt_mcp_call_get_arguments (call), "message", "Please provide your information");

  elicit (call, message,
          "{\"type\":\"object\",\"properties\":{"
          "\"username\":{\"type\":\"string\",\"description\":\"User's response\"},"
          "\"email\":{\"type\":\"string\",\"description\":\"User's email address\"}},"
          "\"required\":[\"username\",\"email\"]}");
}

static void
elicitation_defaults_cb (DtMcpCall *call,
                         gpointer   user_data)
{
  elicit (call, "Please review and update the form fields with defaults",
          "{\"type\":\"object\",\"properties\":{"
          "\"name\":{\"type\":\"string\",\"description\":\"User name\",\"default\":\"John Doe\"},"
          "\"age\":{\"type\":\"integer\",\"description\":\"User age\",\"default\":30},"
          "\"score\":{\"type\":\"number\",\"description\":\"User score\",\"default\":95.5},"
          "\"status\":{\"type\":\"string\",\"description\":\"User status\","
          "\"enum\":[\"active\",\"inactive\",\"pending\"],\"default\":\"active\"},"
          "\"verified\":{\"type\":\"boolean\",\"description\":\"Verification status\","
          "\"default\":true}}}");
}

static void
elicitation_enums_cb (DtMcpCall *call,
                      gpointer   user_data)
{
  elicit (call, "Please select options from the enum fields",
          "{\"type\":\"object\",\"properties\":{"
          "\"untitledSingle\":{\"type\":\"string\",\"description\":\"Select one option\","
          "\"enum\":[\"option1\",\"option2\",\"option3\"]},"
          "\"titledSingle\":{\"type\":\"string\",\"description\":\"Select one option with titles\","
          "\"oneOf\":[{\"const\":\"value1\",\"title\":\"First Option\"},"
          "{\"const\":\"value2\",\"title\":\"Second Option\"},"
          "{\"const\":\"value3\",\"title\":\"Third Option\"}]},"
          "\"legacyEnum\":{\"type\":\"string\",\"description\":\"Select one option (legacy)\","
          "\"enum\":[\"opt1\",\"opt2\",\"opt3\"],"
          "\"enumNames\":[\"Option One\",\"Option Two\",\"Option Three\"]},"
          "\"untitledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options\","
          "\"minItems\":1,\"maxItems\":3,"
          "\"items\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\",\"option3\"]}},"
          "\"titledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options with titles\","
          "\"minItems\":1,\"maxItems\":3,"
          "\"items\":{\"anyOf\":[{\"const\":\"value1\",\"title\":\"First Choice\"},"
          "{\"const\":\"value2\",\"title\":\"Second Choice\"},"
          "{\"const\":\"value3\",\"title\":\"Third Choice\"}]}}},"
          "\"required\":[]}");
}

static void
json_schema_cb (DtMcpCall *call,
                gpointer   user_data)
{
  JsonObject *arguments = dt_mcp_call_get_arguments (call);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  json_node_set_object (node, arguments);
  json = dt_json_to_string (node, NULL);
  text = g_strdup_printf ("Received: %s", json);
  dt_mcp_call_return (call, dt_mcp_tool_result_new (FALSE, dt_mcp_content_text (text), NULL));
}

#define NO_ARGUMENTS "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"

static void
add_tools (DtMcpServer *server)
{
  static const struct
  {
    const char  *name;
    const char  *description;
    const char  *schema;
    DtMcpHandler handler;
  } tools[] = {
    { "test_simple_text", "Returns a simple text response.", NO_ARGUMENTS, simple_text_cb },
    { "test_image_content", "Returns a 1×1 red PNG image.", NO_ARGUMENTS, image_cb },
    { "test_audio_content", "Returns a short silent WAV clip.", NO_ARGUMENTS, audio_cb },
    { "test_embedded_resource", "Returns an embedded text resource.", NO_ARGUMENTS,
      embedded_cb },
    { "test_multiple_content_types", "Returns text, an image and an embedded resource.",
      NO_ARGUMENTS, mixed_cb },
    { "test_tool_with_logging", "Sends three info log messages 50 ms apart, then answers.",
      NO_ARGUMENTS, logging_cb },
    { "test_error_handling", "Always fails, as a tool error result.", NO_ARGUMENTS, error_cb },
    { "test_tool_with_progress", "Reports progress 0, 50 and 100 of 100, then answers.",
      NO_ARGUMENTS, progress_cb },
    { "test_sampling", "Asks the client's model to answer a prompt (sampling).",
      "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\","
      "\"description\":\"The prompt to send to the model\"}},\"required\":[\"prompt\"],"
      "\"additionalProperties\":false}", sampling_cb },
    { "test_elicitation", "Asks the user for a username and an e-mail address (elicitation).",
      "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\","
      "\"description\":\"The message to show the user\"}},\"required\":[\"message\"],"
      "\"additionalProperties\":false}", elicitation_cb },
    { "test_elicitation_sep1034_defaults", "Elicits a form whose fields all have defaults.",
      NO_ARGUMENTS, elicitation_defaults_cb },
    { "test_elicitation_sep1330_enums", "Elicits a form with every kind of enum field.",
      NO_ARGUMENTS, elicitation_enums_cb },
    { "json_schema_2020_12_tool", "Echoes its arguments; its schema uses $defs and $ref.",
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
      "\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{"
      "\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}}}},"
      "\"properties\":{\"name\":{\"type\":\"string\"},"
      "\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false}",
      json_schema_cb },
    { "test_reconnection", "Closes its SSE stream mid-call; the answer arrives after the "
      "client reconnects with Last-Event-ID.", NO_ARGUMENTS, reconnection_cb },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    dt_mcp_server_add_tool (server, tools[i].name, NULL, tools[i].description,
                            dt_mcp_json_object_parse (tools[i].schema), NULL,
                            DT_MCP_TOOL_READ_ONLY, NULL, tools[i].handler, NULL, NULL);
}

/* ---- resources ---------------------------------------------------------------------- */

static void
return_contents (DtMcpCall  *call,
                 const char *uri,
                 const char *mime_type,
                 const char *key,
                 const char *value)
{
  JsonObject *result = json_object_new ();
  JsonArray *contents = json_array_new ();
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "uri", uri);
  json_object_set_string_member (item, "mimeType", mime_type);
  json_object_set_string_member (item, key, value);
  json_array_add_object_element (contents, item);
  json_object_set_array_member (result, "contents", contents);
  dt_mcp_call_return (call, result);
}

static void
static_text_cb (DtMcpCall *call,
                gpointer   user_data)
{
  return_contents (call, "test://static-text", "text/plain", "text",
                   "This is the content of the static text resource.");
}

static void
static_binary_cb (DtMcpCall *call,
                  gpointer   user_data)
{
  return_contents (call, "test://static-binary", "image/png", "blob", RED_PIXEL_PNG);
}

static void
watched_cb (DtMcpCall *call,
            gpointer   user_data)
{
  return_contents (call, "test://watched-resource", "text/plain", "text",
                   "Watched resource content");
}

static void
template_cb (DtMcpCall *call,
             gpointer   user_data)
{
  const char *id = dt_mcp_call_get_variable (call, "id");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data = g_strdup_printf ("Data for ID: %s", id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "templateTest");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "data");
  json_builder_add_string_value (builder, data);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = dt_json_to_string (node, NULL);
  return_contents (call, dt_mcp_call_get_target (call), "application/json", "text", text);
}

static void
add_resources (DtMcpServer *server)
{
  dt_mcp_server_add_resource (server, "test://static-text", "Static Text Resource", NULL,
                              "A static text resource for testing", "text/plain", NULL,
                              static_text_cb, NULL, NULL);
  dt_mcp_server_add_resource (server, "test://static-binary", "Static Binary Resource", NULL,
                              "A static binary resource (image) for testing", "image/png", NULL,
                              static_binary_cb, NULL, NULL);
  dt_mcp_server_add_resource (server, "test://watched-resource", "Watched Resource", NULL,
                              "A resource to subscribe to", "text/plain", NULL,
                              watched_cb, NULL, NULL);
  dt_mcp_server_add_resource_template (server, "test://template/{id}/data",
                                       "Resource Template", NULL,
                                       "A resource template with parameter substitution",
                                       "application/json", NULL, template_cb, NULL, NULL,
                                       NULL, NULL);
}

/* ---- prompts ------------------------------------------------------------------------ */

static JsonObject *
prompt_message (JsonObject *content)
{
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "role", "user");
  json_object_set_object_member (message, "content", content);
  return message;
}

static void
return_messages (DtMcpCall  *call,
                 JsonObject *first,
                 ...)
{
  JsonObject *result = json_object_new ();
  JsonArray *messages = json_array_new ();
  va_list args;

  va_start (args, first);
  for (JsonObject *c = first; c; c = va_arg (args, JsonObject *))
    json_array_add_object_element (messages, prompt_message (c));
  va_end (args);
  json_object_set_array_member (result, "messages", messages);
  dt_mcp_call_return (call, result);
}

static void
simple_prompt_cb (DtMcpCall *call,
                  gpointer   user_data)
{
  return_messages (call, dt_mcp_content_text ("This is a simple prompt for testing."), NULL);
}

static void
arguments_prompt_cb (DtMcpCall *call,
                     gpointer   user_data)
{
  JsonObject *args = dt_mcp_call_get_arguments (call);
  g_autofree char *text = g_strdup_printf (
      "Prompt with arguments: arg1='%s', arg2='%s'",
      json_object_get_string_member_with_default (args, "arg1", ""),
      json_object_get_string_member_with_default (args, "arg2", ""));

  return_messages (call, dt_mcp_content_text (text), NULL);
}

static void
embedded_prompt_cb (DtMcpCall *call,
                    gpointer   user_data)
{
  const char *uri = json_object_get_string_member_with_default (dt_mcp_call_get_arguments (call),
                                                                "resourceUri", "");

  return_messages (call,
                   dt_mcp_content_resource_text (uri, "text/plain",
                                                 "Embedded resource content for testing."),
                   dt_mcp_content_text ("Please process the embedded resource above."), NULL);
}

static void
image_prompt_cb (DtMcpCall *call,
                 gpointer   user_data)
{
  return_messages (call, dt_mcp_content_image (RED_PIXEL_PNG, "image/png"),
                   dt_mcp_content_text ("Please analyze the image above."), NULL);
}

static GPtrArray *
complete_cb (DtMcpCall   *call,
             const char  *argument,
             const char  *value,
             JsonObject  *context,
             gpointer     user_data)
{
  static const char * const candidates[] = { "paris", "park", "party", "test", "testing" };
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_str_has_prefix (candidates[i], value))
      g_ptr_array_add (values, g_strdup (candidates[i]));
  return values;
}

static void
add_prompts (DtMcpServer *server)
{
  static const DtMcpPromptArgument two[] = {
    { "arg1", "First test argument", TRUE },
    { "arg2", "Second test argument", TRUE },
    { NULL },
  };
  static const DtMcpPromptArgument uri[] = {
    { "resourceUri", "URI of the resource to embed", TRUE },
    { NULL },
  };

  dt_mcp_server_add_prompt (server, "test_simple_prompt", NULL,
                            "A simple prompt without arguments", NULL, NULL,
                            simple_prompt_cb, NULL, NULL, NULL);
  dt_mcp_server_add_prompt (server, "test_prompt_with_arguments", NULL,
                            "A prompt with required arguments", two, NULL,
                            arguments_prompt_cb, complete_cb, NULL, NULL);
  dt_mcp_server_add_prompt (server, "test_prompt_with_embedded_resource", NULL,
                            "A prompt that includes an embedded resource", uri, NULL,
                            embedded_prompt_cb, NULL, NULL, NULL);
  dt_mcp_server_add_prompt (server, "test_prompt_with_image", NULL,
                            "A prompt that includes image content", NULL, NULL,
                            image_prompt_cb, NULL, NULL, NULL);
}

/* ---- serving ------------------------------------------------------------------------ */

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DtMcpServer) mcp = NULL;
  g_autoptr(DtMcpHttp) http = NULL;
  g_autoptr(DtServer) server = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("dt-mcp-fixture-XXXXXX", &error);

  if (scratch == NULL)
    g_error ("%s", error->message);
  if (g_getenv ("XDG_RUNTIME_DIR") == NULL)
    g_setenv ("XDG_RUNTIME_DIR", scratch, TRUE);

  mcp = dt_mcp_server_new ("doubletime-conformance-fixture", "DoubleTime MCP fixture",
                           "0.1.0", "Conformance fixture for the DoubleTime MCP engine.");
  add_tools (mcp);
  add_resources (mcp);
  add_prompts (mcp);
  http = dt_mcp_http_new (mcp);
  dt_mcp_http_set_retry_ms (http, 500);

  /* The real loopback server: its thread, its guard (Host, Origin, peer uid, body size) and
   * its route API, with the MCP endpoint mounted as the app mounts it. */
  db = dt_db_open_in_data_dir (scratch, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  if (db == NULL)
    g_error ("%s", error->message);
  server = dt_server_new (dt_db_get_path (db), argc > 1 ? (guint) atoi (argv[1]) : 0);
  dt_mcp_endpoint_mount (server, "/mcp", http);
  if (!dt_server_start (server, &error))
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }
  printf ("PORT=%u\n", dt_server_get_port (server));
  fflush (stdout);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  dt_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&db);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (scratch);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, "standard::name",
                                                                     0, NULL, NULL);
    GFileInfo *info;

    while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  return 0;
}

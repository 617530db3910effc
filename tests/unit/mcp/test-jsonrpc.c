/* test-jsonrpc.c: strict JSON-RPC parsing — what is accepted, and what is refused and why. */
#include <string.h>

#include "dt-jsonrpc.h"

typedef struct
{
  const char *json;
  int         code;     /* 0 = accepted */
  int         kind;
} Case;

static const Case cases[] = {
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", 0, DT_JSONRPC_KIND_REQUEST },
  { "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\",\"params\":{}}", 0,
    DT_JSONRPC_KIND_REQUEST },
  { "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", 0,
    DT_JSONRPC_KIND_NOTIFICATION },
  { "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", 0, DT_JSONRPC_KIND_RESULT },
  { "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-1,\"message\":\"x\"}}", 0,
    DT_JSONRPC_KIND_ERROR },
  { "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"id\":1,\"method\":\"ping\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}",
    DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}", DT_JSONRPC_PARSE_ERROR, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"x\":1,\"x\":2}}",
    DT_JSONRPC_PARSE_ERROR, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}",
    DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"result\":{}}", DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}}",
    DT_JSONRPC_INVALID_REQUEST, 0 },
  { "{\"jsonrpc\":\"2.0\",", DT_JSONRPC_PARSE_ERROR, 0 },
  { "", DT_JSONRPC_PARSE_ERROR, 0 },
  { "42", DT_JSONRPC_INVALID_REQUEST, 0 },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtJsonRpcMessage) message =
        dt_jsonrpc_message_parse (cases[i].json, strlen (cases[i].json), &error);

      if (cases[i].code == 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (message);
          g_assert_cmpint (message->kind, ==, cases[i].kind);
        }
      else
        {
          g_assert_null (message);
          g_assert_error (error, DT_JSONRPC_ERROR, cases[i].code);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(DtJsonRpcMessage) message = NULL;

  /* Far deeper than json-glib's stack would survive without the pre-scan. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  message = dt_jsonrpc_message_parse (deep->str, deep->len, &error);
  g_assert_null (message);
  g_assert_error (error, DT_JSONRPC_ERROR, DT_JSONRPC_PARSE_ERROR);
}

static void
test_id_keys (void)
{
  g_autoptr(JsonNode) a = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) b = json_node_new (JSON_NODE_VALUE);
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;

  json_node_set_int (a, 1);
  json_node_set_string (b, "1");
  ka = dt_jsonrpc_id_key (a);
  kb = dt_jsonrpc_id_key (b);
  g_assert_cmpstr (ka, !=, kb);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mcp/jsonrpc/cases", test_cases);
  g_test_add_func ("/mcp/jsonrpc/depth", test_depth);
  g_test_add_func ("/mcp/jsonrpc/id-keys", test_id_keys);
  return g_test_run ();
}

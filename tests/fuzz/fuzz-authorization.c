/* fuzz-authorization.c: the Authorization header value as the REST API and the MCP server
 * check it on every request, against an in-memory database holding one live access token for
 * the REST API, one for MCP and one revoked. The input is the header value; a first byte of
 * '\x01' or '\x02' is replaced by "Bearer " + the REST or the MCP token, so the fuzzer also
 * explores near-misses of valid tokens. Oracle: a caller is accepted only when the header
 * carries exactly the live REST token; every refusal is a 401 or 403 whose WWW-Authenticate
 * starts with "Bearer " and names the resource metadata. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-oauth-clients.h"
#include "dt-oauth-tokens.h"
#include "dt-token-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static DtDb *db;
static char *api_token;
static char *mcp_token;

static char *
issue (DtTarget target,
       gboolean revoke)
{
  static const char *const scopes[] = { "clients:read", "time_entries:write", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  g_autofree char *secret = NULL;
  gint64 grant_id = 0;

  client = dt_oauth_client_create_private (db, revoke ? "Revoked" : "Fuzz", target, scopes,
                                           &secret, &grant_id, &error);
  if (client == NULL)
    g_error ("%s", error->message);
  tokens = dt_tokens_issue (db, grant_id, target, scopes, 0, FALSE, &error);
  if (tokens == NULL)
    g_error ("%s", error->message);
  if (revoke && !dt_grant_revoke (db, grant_id, &error))
    g_error ("%s", error->message);
  return g_strdup (tokens->access_token);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  if (db != NULL)
    return;
  db = dt_db_open (":memory:", DT_DB_OPEN_NO_MIGRATE_SNAPSHOT, &error);
  if (db == NULL)
    g_error ("%s", error->message);
  api_token = issue (DT_TARGET_API, FALSE);
  mcp_token = issue (DT_TARGET_MCP, FALSE);
  g_free (issue (DT_TARGET_API, TRUE));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(DtPrincipal) principal = NULL;
  g_autoptr(DtAuthChallenge) challenge = NULL;
  const char *scope = NULL;

  if (size > 8192)
    return 0;
  setup ();
  if (size > 0 && (data[0] == 1 || data[0] == 2))
    {
      g_string_append (header, "Bearer ");
      g_string_append (header, data[0] == 1 ? api_token : mcp_token);
      data++;
      size--;
    }
  /* Header values never hold NUL: libsoup stops there. */
  g_string_append_len (header, (const char *) data, strnlen ((const char *) data, size));
  if (size > 0 && data[size - 1] == 's')
    scope = "time_entries:write";

  principal = dt_token_check (db, header->str, DT_TARGET_API, scope, "http://127.0.0.1:7313",
                              &challenge);
  if (principal != NULL)
    {
      /* Accepted: it must be the live REST token and nothing else. */
      const char *value = header->str;

      if (g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
        abort ();
      value += 7;
      while (*value == ' ')
        value++;
      if (strncmp (value, api_token, strlen (api_token)) != 0)
        abort ();
      for (const char *rest = value + strlen (api_token); *rest != '\0'; rest++)
        if (*rest != ' ' && *rest != '\t')
          abort ();
      if (challenge != NULL)
        abort ();
    }
  else
    {
      if (challenge == NULL || (challenge->status != 401 && challenge->status != 403) ||
          challenge->www_authenticate == NULL ||
          !g_str_has_prefix (challenge->www_authenticate, "Bearer ") ||
          strstr (challenge->www_authenticate, "resource_metadata=\"http://127.0.0.1:7313/") ==
            NULL)
        abort ();
    }
  return 0;
}

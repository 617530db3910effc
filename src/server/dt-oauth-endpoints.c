/* dt-oauth-endpoints.c: /oauth/register, /oauth/authorize, /oauth/token and /oauth/revoke. */
#define G_LOG_DOMAIN "dt-server"

#include "config.h"

#include <string.h>

#include "dt-audit.h"
#include "dt-error.h"
#include "dt-form.h"
#include "dt-oauth-clients.h"
#include "dt-oauth-endpoints.h"
#include "dt-oauth-tokens.h"
#include "dt-redirect.h"
#include "dt-time.h"

/* Registrations per minute, all clients together (mcp-remote registers twice per start). */
#define REGISTRATIONS_PER_MINUTE 20
#define MAX_STATE_LEN            1024

typedef struct
{
  DtServer        *server;  /* weak: the server owns the routes that own this */
  DtConsentBroker *broker;
  GMutex           lock;
  GQueue           registrations;  /* monotonic seconds of recent registrations */
} Endpoints;

static void
endpoints_clear (gpointer data)
{
  Endpoints *self = data;

  g_clear_object (&self->broker);
  g_queue_clear (&self->registrations);
  g_mutex_clear (&self->lock);
}

static void
endpoints_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, endpoints_clear);
}

static void
audit (DtRequest           *request,
       const DtAuditEntry  *entry)
{
  DtAuditEntry copy = *entry;

  copy.host = request->host;
  copy.origin = dt_request_get_header (request, "Origin");
  copy.user_agent = dt_request_get_header (request, "User-Agent");
  dt_audit_append (request->db, &copy);
}

/* One transaction per request: one fsync instead of one per row written (synchronous=FULL),
 * and the code spent, the tokens issued and the audit entries land together. What a refused
 * request wrote (a spent code, an audit entry) is kept: the work is committed either way. */
static void
begin_work (DtRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!dt_db_begin (request->db, &error))
    g_warning ("Could not start a transaction: %s", error->message);
}

static void
end_work (DtRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!dt_db_commit (request->db, &error))
    g_warning ("Could not commit: %s", error->message);
}

static gboolean
exact_path (DtRequest  *request,
            const char *path)
{
  if (g_str_equal (request->path, path))
    return TRUE;
  dt_request_respond_problem (request, SOUP_STATUS_NOT_FOUND, "Not found",
                              "Nothing is served at this path");
  return FALSE;
}

static gboolean
require_method (DtRequest  *request,
                const char *method)
{
  if (g_str_equal (request->method, method))
    return TRUE;
  dt_request_set_header (request, "Allow", method);
  dt_request_respond_problem (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed",
                              "Use %s here", method);
  return FALSE;
}

/* ---- registration (RFC 7591) ------------------------------------------------------------- */

static gboolean
registration_allowed (Endpoints *self)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  gboolean allowed;

  g_mutex_lock (&self->lock);
  while (!g_queue_is_empty (&self->registrations) &&
         now - (gint64) GPOINTER_TO_SIZE (g_queue_peek_head (&self->registrations)) >= 60)
    g_queue_pop_head (&self->registrations);
  allowed = g_queue_get_length (&self->registrations) < REGISTRATIONS_PER_MINUTE;
  if (allowed)
    g_queue_push_tail (&self->registrations, GSIZE_TO_POINTER ((gsize) now));
  g_mutex_unlock (&self->lock);
  return allowed;
}

static void
register_cb (DtRequest *request,
             gpointer   user_data)
{
  Endpoints *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *oauth_error = "invalid_client_metadata";
  guint status = 0;

  if (!exact_path (request, "/oauth/register") || !require_method (request, "POST"))
    return;

  body = dt_request_parse_json (request, &status, &error);
  if (body == NULL)
    {
      dt_request_respond_oauth_error (request, status, "invalid_client_metadata",
                                      error->message);
      return;
    }
  if (!registration_allowed (self))
    {
      audit (request, &(DtAuditEntry) { .event = "client.registered", .outcome = "refused",
                                        .detail = "registration rate limit" });
      dt_request_set_header (request, "Retry-After", "60");
      dt_request_respond_oauth_error (request, 429 /* Too Many Requests */,
                                      "temporarily_unavailable",
                                      "Too many registrations; try again in a minute");
      return;
    }

  begin_work (request);
  client = dt_oauth_client_register (request->db, body, &oauth_error, &error);
  end_work (request);
  if (client == NULL)
    {
      if (g_error_matches (error, DT_ERROR, DT_ERROR_RATE_LIMITED))
        {
          dt_request_set_header (request, "Retry-After", "3600");
          dt_request_respond_oauth_error (request, 429 /* Too Many Requests */,
                                          "temporarily_unavailable", error->message);
        }
      else
        dt_request_respond_oauth_error (request, SOUP_STATUS_BAD_REQUEST, oauth_error,
                                        error->message);
      return;
    }

  answer = dt_oauth_client_registration_response (client);
  dt_request_set_header (request, "Cache-Control", "no-store");
  dt_request_respond_json (request, SOUP_STATUS_CREATED, answer);
}

/* ---- authorization ----------------------------------------------------------------------- */

typedef struct
{
  Endpoints  *endpoints;
  DtRequest  *request;
  char       *consent_id;
  gint64      client_row;
  char       *client_id;
  char       *client_name;
  char       *redirect_uri;
  char       *state;
  char       *code_challenge;
  DtTarget    target;
  char       *issuer;
} Authorization;

static void
authorization_free (gpointer data)
{
  Authorization *auth = data;

  g_atomic_rc_box_release_full (auth->endpoints, endpoints_clear);
  dt_request_unref (auth->request);
  g_free (auth->consent_id);
  g_free (auth->client_id);
  g_free (auth->client_name);
  g_free (auth->redirect_uri);
  g_free (auth->state);
  g_free (auth->code_challenge);
  g_free (auth->issuer);
  g_free (auth);
}

/* The redirect URI with the answer appended (RFC 6749 §4.1.2, RFC 9207 iss). */
static char *
build_redirect (const char *redirect_uri,
                const char *first_name,
                ...)
{
  g_autoptr(GString) url = g_string_new (redirect_uri);
  const char *name = first_name;
  gboolean has_query = strchr (redirect_uri, '?') != NULL;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);
      if (value != NULL)
        {
          g_autofree char *escaped = dt_form_encode (value);
          g_string_append_printf (url, "%s%s=%s", has_query ? "&" : "?", name, escaped);
          has_query = TRUE;
        }
      name = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
redirect_error (DtRequest           *request,
                const DtOAuthClient *client,
                const char          *redirect_uri,
                const char          *state,
                const char          *error_code,
                const char          *description)
{
  g_autofree char *location = NULL;

  audit (request, &(DtAuditEntry) { .event = "authorize.refused", .outcome = "refused",
                                    .client_id = client->client_id,
                                    .client_name = client->name, .detail = description });

  /* RFC 9700 §4.11.2: an app nobody ever approved gets no redirect on a bad request, so a
   * registration with a phishing redirect URI cannot turn this server into an open
   * redirector. */
  if (client->approved_at == 0)
    {
      g_autofree char *text = g_strdup_printf ("%s (%s)", description, error_code);
      dt_request_respond_page (request, SOUP_STATUS_BAD_REQUEST,
                               "This request cannot be completed", text);
      return;
    }
  location = build_redirect (redirect_uri, "error", error_code, "error_description", description,
                             "state", state, "iss", request->base_url, NULL);
  dt_request_redirect (request, location);
}

static void
consent_reply_cb (DtConsentRequest        *consent,
                  const DtConsentDecision *decision,
                  gpointer                 user_data)
{
  Authorization *auth = user_data;
  DtRequest *request = auth->request;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *scopes_text = NULL;
  const char *target = dt_target_to_string (auth->target);

  if (dt_request_is_disconnected (request) || decision->outcome == DT_CONSENT_CANCELLED)
    {
      if (!dt_request_is_disconnected (request))
        dt_request_respond_page (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "Request withdrawn",
                                 "DoubleTime stopped before you answered.");
      audit (request, &(DtAuditEntry) { .event = "consent.cancelled", .outcome = "cancelled",
                                        .client_id = auth->client_id,
                                        .client_name = auth->client_name, .target = target });
      dt_request_release (request);
      return;
    }

  if (decision->outcome == DT_CONSENT_APPROVED)
    {
      gint64 grant_id;
      g_autofree char *code = NULL;
      const char *via = dt_consent_via_to_string (decision->via);

      scopes_text = dt_scopes_to_string ((const char * const *) decision->scopes);
      begin_work (request);
      grant_id = dt_grant_create (request->db, auth->client_row, auth->target,
                                  (const char * const *) decision->scopes, via, &error);
      if (grant_id > 0)
        code = dt_auth_code_issue (request->db, grant_id, auth->redirect_uri,
                                   auth->code_challenge, auth->target,
                                   (const char * const *) decision->scopes, &error);
      if (code == NULL)
        {
          dt_db_rollback (request->db);
          g_warning ("Could not record an approval: %s", error->message);
          location = build_redirect (auth->redirect_uri, "error", "server_error",
                                     "state", auth->state, "iss", auth->issuer, NULL);
        }
      else
        {
          g_autofree char *detail = g_strdup_printf ("approved %s",
                                                     decision->via == DT_CONSENT_VIA_CLI
                                                       ? "on the command line"
                                                       : "in the consent dialog");
          audit (request, &(DtAuditEntry) { .event = "consent.granted",
                                            .client_id = auth->client_id,
                                            .client_name = auth->client_name,
                                            .grant_id = grant_id, .target = target,
                                            .scopes = scopes_text, .detail = detail });
          location = build_redirect (auth->redirect_uri, "code", code, "state", auth->state,
                                     "iss", auth->issuer, NULL);
          end_work (request);
        }
    }
  else
    {
      gboolean timed_out = decision->outcome == DT_CONSENT_TIMED_OUT;

      audit (request, &(DtAuditEntry) { .event = timed_out ? "consent.timed_out"
                                                           : "consent.denied",
                                        .outcome = "denied", .client_id = auth->client_id,
                                        .client_name = auth->client_name, .target = target,
                                        .detail = timed_out ? "no answer in time"
                                                            : dt_consent_via_to_string (decision->via) });
      location = build_redirect (auth->redirect_uri, "error", "access_denied",
                                 "error_description", timed_out
                                   ? "Nobody answered the request in time"
                                   : "The user denied the request",
                                 "state", auth->state, "iss", auth->issuer, NULL);
    }

  dt_request_redirect (request, location);
  dt_request_release (request);
}

static void
authorize_disconnected_cb (DtRequest *request,
                           gpointer   user_data)
{
  Authorization *auth = user_data;

  /* The reply comes back as CANCELLED and releases the request. */
  dt_consent_broker_cancel (auth->endpoints->broker, auth->consent_id);
}

static void
authorize_cb (DtRequest *request,
              gpointer   user_data)
{
  Endpoints *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  g_auto(GStrv) scopes = NULL;
  g_autoptr(DtConsentRequest) consent = NULL;
  g_autofree char *redirect_host = NULL;
  const char *client_id = dt_request_get_param (request, "client_id");
  const char *redirect_uri = dt_request_get_param (request, "redirect_uri");
  const char *state = dt_request_get_param (request, "state");
  const char *response_type = dt_request_get_param (request, "response_type");
  const char *challenge = dt_request_get_param (request, "code_challenge");
  const char *method = dt_request_get_param (request, "code_challenge_method");
  const char *resource = dt_request_get_param (request, "resource");
  const char *scope = dt_request_get_param (request, "scope");
  const char *registered = NULL;
  DtTarget target = DT_TARGET_API;
  Authorization *auth;

  if (!exact_path (request, "/oauth/authorize") || !require_method (request, "GET"))
    return;

  /* Client and redirect URI first: until both are known good, answer on a page, never with a
   * redirect (RFC 6749 §4.1.2.1). */
  if (client_id == NULL)
    {
      dt_request_respond_page (request, SOUP_STATUS_BAD_REQUEST, "Unknown app",
                               "The request does not say which app is asking (client_id is "
                               "missing).");
      return;
    }
  client = dt_oauth_client_lookup (request->db, client_id, &error);
  if (client == NULL)
    {
      audit (request, &(DtAuditEntry) { .event = "authorize.refused", .outcome = "refused",
                                        .detail = "unknown client_id" });
      dt_request_respond_page (request, SOUP_STATUS_BAD_REQUEST, "Unknown app",
                               "DoubleTime does not know the app that sent you here. Start "
                               "the connection again from the app.");
      return;
    }
  if (client->is_private)
    {
      dt_request_respond_page (request, SOUP_STATUS_BAD_REQUEST, "Private app",
                               "Private apps get their tokens with their client secret, not "
                               "through this page.");
      return;
    }
  if (redirect_uri == NULL && g_strv_length (client->redirect_uris) == 1)
    redirect_uri = client->redirect_uris[0];
  for (guint i = 0; redirect_uri != NULL && client->redirect_uris[i] != NULL; i++)
    if (dt_redirect_uri_matches (client->redirect_uris[i], redirect_uri))
      registered = client->redirect_uris[i];
  if (registered == NULL)
    {
      audit (request, &(DtAuditEntry) { .event = "authorize.refused", .outcome = "refused",
                                        .client_id = client->client_id,
                                        .client_name = client->name,
                                        .detail = "redirect_uri not registered" });
      dt_request_respond_page (request, SOUP_STATUS_BAD_REQUEST, "Wrong return address",
                               "The app asked to send you back to an address it did not "
                               "register. Nothing was shared.");
      return;
    }

  /* From here on, problems go back to the app. */
  if (state != NULL && strlen (state) > MAX_STATE_LEN)
    {
      redirect_error (request, client, redirect_uri, NULL, "invalid_request",
                      "state is too long");
      return;
    }
  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_error (request, client, redirect_uri, state, "unsupported_response_type",
                      "Only response_type=code is supported");
      return;
    }
  if (g_strcmp0 (method, "S256") != 0)
    {
      redirect_error (request, client, redirect_uri, state, "invalid_request",
                      "PKCE with code_challenge_method=S256 is required");
      return;
    }
  if (!dt_pkce_challenge_valid (challenge))
    {
      redirect_error (request, client, redirect_uri, state, "invalid_request",
                      "code_challenge must be 43 characters of base64url (S256)");
      return;
    }
  if (resource != NULL &&
      !dt_target_from_resource (resource, dt_server_get_port (request->server), &target))
    {
      redirect_error (request, client, redirect_uri, state, "invalid_target",
                      "resource must be this server's /mcp or /api/v1 URL");
      return;
    }
  scopes = dt_scopes_parse (scope, &error);
  if (scopes == NULL)
    {
      redirect_error (request, client, redirect_uri, state, "invalid_scope", error->message);
      return;
    }
  if (scopes[0] == NULL)
    {
      g_autofree char *reads = dt_scopes_read_string ();
      g_strfreev (scopes);
      scopes = dt_scopes_parse (reads, NULL);
    }

  redirect_host = dt_redirect_uri_host (redirect_uri);
  consent = dt_consent_request_new_authorize (client->client_id, client->name, redirect_host,
                                              target, (const char * const *) scopes);

  auth = g_new0 (Authorization, 1);
  auth->endpoints = g_atomic_rc_box_acquire (self);
  auth->request = dt_request_ref (request);
  auth->consent_id = g_strdup (consent->id);
  auth->client_row = client->id;
  auth->client_id = g_strdup (client->client_id);
  auth->client_name = g_strdup (client->name);
  auth->redirect_uri = g_strdup (redirect_uri);
  auth->state = g_strdup (state);
  auth->code_challenge = g_strdup (challenge);
  auth->target = target;
  auth->issuer = g_strdup (request->base_url);

  /* Held before submitting: the answer may come back before submit returns. */
  dt_request_hold (request, authorize_disconnected_cb, auth);
  if (!dt_consent_broker_submit (self->broker, consent, dt_server_get_context (request->server),
                                 consent_reply_cb, auth, authorization_free, &error))
    {
      redirect_error (request, client, redirect_uri, state, "temporarily_unavailable",
                      error->message);
      dt_request_release (request);
      authorization_free (auth);
      return;
    }

  {
    g_autofree char *scopes_text = dt_scopes_to_string ((const char * const *) scopes);
    audit (request, &(DtAuditEntry) { .event = "consent.shown", .client_id = client->client_id,
                                      .client_name = client->name,
                                      .target = dt_target_to_string (target),
                                      .scopes = scopes_text, .object = consent->id });
  }
}

/* ---- client authentication at /token and /revoke ----------------------------------------- */

static void
invalid_client (DtRequest   *request,
                const char  *client_id,
                gboolean     used_basic,
                const char  *description)
{
  audit (request, &(DtAuditEntry) { .event = "auth.failed", .outcome = "refused",
                                    .client_id = client_id, .detail = description });
  if (used_basic)
    dt_request_set_header (request, "WWW-Authenticate", "Basic realm=\"DoubleTime\"");
  dt_request_respond_oauth_error (request, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                                  description);
}

/* The authenticated client, or NULL after answering 400/401. */
static DtOAuthClient *
authenticate_client (DtRequest  *request,
                     GHashTable *form)
{
  const char *authorization = dt_request_get_header (request, "Authorization");
  const char *body_id = g_hash_table_lookup (form, "client_id");
  const char *body_secret = g_hash_table_lookup (form, "client_secret");
  g_autofree char *basic_id = NULL;
  g_autofree char *basic_secret = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  const char *client_id;
  const char *secret;
  gboolean used_basic = FALSE;

  if (authorization != NULL)
    {
      if (g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
        {
          invalid_client (request, NULL, TRUE, "Client authentication must use HTTP Basic");
          return NULL;
        }
      used_basic = TRUE;
      if (!dt_form_parse_basic (authorization, &basic_id, &basic_secret))
        {
          invalid_client (request, NULL, TRUE, "The Basic credentials are malformed");
          return NULL;
        }
      if (body_secret != NULL)
        {
          dt_request_respond_oauth_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                          "Use one client authentication method, not two");
          return NULL;
        }
      if (body_id != NULL && !g_str_equal (body_id, basic_id))
        {
          invalid_client (request, basic_id, TRUE, "client_id differs from the Basic user name");
          return NULL;
        }
    }

  client_id = used_basic ? basic_id : body_id;
  secret = used_basic ? basic_secret : body_secret;
  if (client_id == NULL)
    {
      invalid_client (request, NULL, used_basic, "client_id is missing");
      return NULL;
    }
  client = dt_oauth_client_lookup (request->db, client_id, NULL);
  if (client == NULL)
    {
      /* 401 invalid_client makes the SDK forget its stale registration (MCP.md pitfall 9). */
      invalid_client (request, client_id, used_basic, "The client is not known");
      return NULL;
    }
  if (client->is_private)
    {
      if (secret == NULL || !dt_oauth_client_check_secret (client, secret))
        {
          invalid_client (request, client_id, used_basic, "The client secret is wrong");
          return NULL;
        }
    }
  else if (secret != NULL || used_basic)
    {
      invalid_client (request, client_id, used_basic,
                      "This is a public client: it has no secret and uses PKCE");
      return NULL;
    }
  return g_steal_pointer (&client);
}

/* ---- token ------------------------------------------------------------------------------- */

static void
respond_tokens (DtRequest      *request,
                DtIssuedTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *scope = dt_scopes_to_string ((const char * const *) tokens->scopes);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, tokens->expires_in);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, scope);
  if (tokens->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, tokens->refresh_token);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  dt_request_set_header (request, "Cache-Control", "no-store");
  dt_request_set_header (request, "Pragma", "no-cache");
  dt_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
token_error (DtRequest           *request,
             const DtOAuthClient *client,
             const char          *error_code,
             const char          *description)
{
  audit (request, &(DtAuditEntry) { .event = "token.refused", .outcome = "refused",
                                    .client_id = client->client_id, .client_name = client->name,
                                    .detail = description });
  dt_request_respond_oauth_error (request, SOUP_STATUS_BAD_REQUEST, error_code, description);
}

static gboolean
resource_target (DtRequest  *request,
                 GHashTable *form,
                 gboolean   *out_given,
                 DtTarget   *out_target)
{
  const char *resource = g_hash_table_lookup (form, "resource");

  *out_given = resource != NULL;
  if (resource == NULL)
    return TRUE;
  return dt_target_from_resource (resource, dt_server_get_port (request->server), out_target);
}

static void
grant_authorization_code (DtRequest     *request,
                          GHashTable    *form,
                          DtOAuthClient *client)
{
  const char *code = g_hash_table_lookup (form, "code");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autoptr(GError) error = NULL;
  g_autoptr(DtAuthCode) redeemed = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  g_autofree char *scopes_text = NULL;
  gboolean resource_given;
  DtTarget target = DT_TARGET_API;

  if (client->is_private)
    {
      token_error (request, client, "unauthorized_client",
                   "Private apps use the client_credentials grant");
      return;
    }
  /* Checked before the code is spent, so a malformed request does not burn it. */
  if (code == NULL || redirect_uri == NULL)
    {
      token_error (request, client, "invalid_request", "code and redirect_uri are required");
      return;
    }
  if (verifier == NULL)
    {
      token_error (request, client, "invalid_request", "code_verifier is required (PKCE)");
      return;
    }
  if (!dt_pkce_verifier_valid (verifier))
    {
      token_error (request, client, "invalid_request",
                   "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
      return;
    }
  if (!resource_target (request, form, &resource_given, &target))
    {
      token_error (request, client, "invalid_target",
                   "resource must be this server's /mcp or /api/v1 URL");
      return;
    }

  redeemed = dt_auth_code_redeem (request->db, code, client->id, &error);
  if (redeemed == NULL)
    {
      if (g_error_matches (error, DT_ERROR, DT_ERROR_CONFLICT))
        audit (request, &(DtAuditEntry) { .event = "code.reused", .outcome = "revoked",
                                          .client_id = client->client_id,
                                          .client_name = client->name,
                                          .detail = "tokens from the first use revoked" });
      token_error (request, client, "invalid_grant", error->message);
      return;
    }
  if (!g_str_equal (redeemed->redirect_uri, redirect_uri))
    {
      token_error (request, client, "invalid_grant",
                   "redirect_uri differs from the one in the authorization request");
      return;
    }
  if (!dt_pkce_verify (verifier, redeemed->code_challenge))
    {
      token_error (request, client, "invalid_grant", "code_verifier does not match the "
                   "code_challenge");
      return;
    }
  if (resource_given && target != redeemed->target)
    {
      token_error (request, client, "invalid_target",
                   "resource differs from the one in the authorization request");
      return;
    }

  tokens = dt_tokens_issue (request->db, redeemed->grant_id, redeemed->target,
                            (const char * const *) redeemed->scopes, redeemed->id, TRUE, &error);
  if (tokens == NULL)
    {
      g_warning ("Could not issue tokens: %s", error->message);
      dt_request_respond_oauth_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                      "The tokens could not be stored");
      return;
    }
  scopes_text = dt_scopes_to_string ((const char * const *) tokens->scopes);
  audit (request, &(DtAuditEntry) { .event = "token.issued", .client_id = client->client_id,
                                    .client_name = client->name, .grant_id = tokens->grant_id,
                                    .token_id = tokens->access_id,
                                    .target = dt_target_to_string (tokens->target),
                                    .scopes = scopes_text, .detail = "authorization_code" });
  dt_oauth_client_touch (request->db, client->id);
  respond_tokens (request, tokens);
}

static void
grant_refresh_token (DtRequest     *request,
                     GHashTable    *form,
                     DtOAuthClient *client)
{
  const char *refresh = g_hash_table_lookup (form, "refresh_token");
  const char *scope = g_hash_table_lookup (form, "scope");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) scopes = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  g_autofree char *scopes_text = NULL;
  gboolean resource_given;
  DtTarget target = DT_TARGET_API;

  if (refresh == NULL)
    {
      token_error (request, client, "invalid_request", "refresh_token is required");
      return;
    }
  if (scope != NULL)
    {
      scopes = dt_scopes_parse (scope, &error);
      if (scopes == NULL)
        {
          token_error (request, client, "invalid_scope", error->message);
          return;
        }
    }
  if (!resource_target (request, form, &resource_given, &target))
    {
      token_error (request, client, "invalid_target",
                   "resource must be this server's /mcp or /api/v1 URL");
      return;
    }

  tokens = dt_tokens_refresh (request->db, refresh, client->id, (const char * const *) scopes,
                              resource_given ? &target : NULL, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, DT_ERROR, DT_ERROR_CONFLICT))
        {
          audit (request, &(DtAuditEntry) { .event = "refresh.reused", .outcome = "revoked",
                                            .client_id = client->client_id,
                                            .client_name = client->name,
                                            .detail = "token family revoked" });
          token_error (request, client, "invalid_grant", error->message);
        }
      else if (g_error_matches (error, DT_ERROR, DT_ERROR_FORBIDDEN))
        token_error (request, client, "invalid_scope", error->message);
      else if (g_error_matches (error, DT_ERROR, DT_ERROR_INVALID))
        token_error (request, client, "invalid_target", error->message);
      else
        token_error (request, client, "invalid_grant", error->message);
      return;
    }
  scopes_text = dt_scopes_to_string ((const char * const *) tokens->scopes);
  audit (request, &(DtAuditEntry) { .event = "token.refreshed", .client_id = client->client_id,
                                    .client_name = client->name, .grant_id = tokens->grant_id,
                                    .token_id = tokens->access_id,
                                    .target = dt_target_to_string (tokens->target),
                                    .scopes = scopes_text });
  dt_oauth_client_touch (request->db, client->id);
  respond_tokens (request, tokens);
}

static gint64
live_private_grant (DtDb   *db,
                    gint64  client_row)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT id FROM grants WHERE client_id = ?1 AND "
                                          "revoked_at IS NULL ORDER BY id DESC LIMIT 1", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, client_row);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static void
grant_client_credentials (DtRequest     *request,
                          GHashTable    *form,
                          DtOAuthClient *client)
{
  const char *scope = g_hash_table_lookup (form, "scope");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) scopes = NULL;
  g_autoptr(DtIssuedTokens) tokens = NULL;
  g_autofree char *scopes_text = NULL;
  gboolean resource_given;
  DtTarget target = DT_TARGET_API;
  gint64 grant_id;

  if (!client->is_private)
    {
      token_error (request, client, "unauthorized_client",
                   "Only private apps created in DoubleTime may use client_credentials");
      return;
    }
  if (scope != NULL)
    {
      scopes = dt_scopes_parse (scope, &error);
      if (scopes == NULL)
        {
          token_error (request, client, "invalid_scope", error->message);
          return;
        }
      if (!dt_scopes_is_subset ((const char * const *) scopes,
                                (const char * const *) client->scopes))
        {
          token_error (request, client, "invalid_scope",
                       "The scope goes beyond what this private app was given");
          return;
        }
    }
  if (scopes == NULL || scopes[0] == NULL)
    {
      g_strfreev (scopes);
      scopes = g_strdupv (client->scopes);
    }
  if (!resource_target (request, form, &resource_given, &target) ||
      (resource_given && target != client->target))
    {
      token_error (request, client, "invalid_target",
                   "resource must be the target this private app was created for");
      return;
    }
  grant_id = live_private_grant (request->db, client->id);
  if (grant_id == 0)
    {
      token_error (request, client, "unauthorized_client", "This private app was revoked");
      return;
    }

  tokens = dt_tokens_issue (request->db, grant_id, client->target, (const char * const *) scopes,
                            0, FALSE, &error);
  if (tokens == NULL)
    {
      g_warning ("Could not issue tokens: %s", error->message);
      dt_request_respond_oauth_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                      "The tokens could not be stored");
      return;
    }
  scopes_text = dt_scopes_to_string ((const char * const *) tokens->scopes);
  audit (request, &(DtAuditEntry) { .event = "token.issued", .client_id = client->client_id,
                                    .client_name = client->name, .grant_id = grant_id,
                                    .token_id = tokens->access_id,
                                    .target = dt_target_to_string (tokens->target),
                                    .scopes = scopes_text, .detail = "client_credentials" });
  dt_oauth_client_touch (request->db, client->id);
  respond_tokens (request, tokens);
}

static GHashTable *
read_form (DtRequest *request)
{
  g_autoptr(GError) error = NULL;
  guint status = 0;
  GHashTable *form;

  if (!require_method (request, "POST"))
    return NULL;
  form = dt_request_parse_form (request, &status, &error);
  if (form == NULL)
    dt_request_respond_oauth_error (request, status, "invalid_request", error->message);
  return form;
}

static void
token_cb (DtRequest *request,
          gpointer   user_data)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  const char *grant_type;

  if (!exact_path (request, "/oauth/token"))
    return;
  form = read_form (request);
  if (form == NULL)
    return;
  begin_work (request);
  client = authenticate_client (request, form);
  if (client == NULL)
    {
      end_work (request);
      return;
    }

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    grant_authorization_code (request, form, client);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    grant_refresh_token (request, form, client);
  else if (g_strcmp0 (grant_type, "client_credentials") == 0)
    grant_client_credentials (request, form, client);
  else if (grant_type == NULL)
    token_error (request, client, "invalid_request", "grant_type is required");
  else
    token_error (request, client, "unsupported_grant_type",
                 "Use authorization_code, refresh_token or client_credentials");
  end_work (request);
}

/* ---- revocation (RFC 7009) --------------------------------------------------------------- */

static void
revoke_cb (DtRequest *request,
           gpointer   user_data)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(DtOAuthClient) client = NULL;
  const char *token;

  if (!exact_path (request, "/oauth/revoke"))
    return;
  form = read_form (request);
  if (form == NULL)
    return;
  begin_work (request);
  client = authenticate_client (request, form);
  if (client == NULL)
    {
      end_work (request);
      return;
    }
  token = g_hash_table_lookup (form, "token");
  if (token == NULL)
    {
      token_error (request, client, "invalid_request", "token is required");
      end_work (request);
      return;
    }
  /* §2.2: unknown tokens (and, here, other clients' tokens) are answered 200 all the same. */
  if (dt_tokens_revoke (request->db, token, client->id))
    audit (request, &(DtAuditEntry) { .event = "token.revoked", .client_id = client->client_id,
                                      .client_name = client->name,
                                      .detail = "revoked by the app" });
  end_work (request);
  dt_request_set_header (request, "Cache-Control", "no-store");
  dt_request_respond_bytes (request, SOUP_STATUS_OK, NULL, NULL);
}

void
dt_oauth_endpoints_mount (DtServer        *server,
                          DtConsentBroker *broker)
{
  Endpoints *self;

  g_return_if_fail (DT_IS_SERVER (server));
  g_return_if_fail (DT_IS_CONSENT_BROKER (broker));

  self = g_atomic_rc_box_new0 (Endpoints);
  self->server = server;
  self->broker = g_object_ref (broker);
  g_mutex_init (&self->lock);
  g_queue_init (&self->registrations);

  dt_server_add_route (server, "/oauth/register", register_cb,
                       g_atomic_rc_box_acquire (self), endpoints_unref);
  dt_server_add_route (server, "/oauth/authorize", authorize_cb,
                       g_atomic_rc_box_acquire (self), endpoints_unref);
  dt_server_add_route (server, "/oauth/token", token_cb,
                       g_atomic_rc_box_acquire (self), endpoints_unref);
  dt_server_add_route (server, "/oauth/revoke", revoke_cb, self, endpoints_unref);
}

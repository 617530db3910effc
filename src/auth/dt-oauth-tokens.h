/* dt-oauth-tokens.h: grants (what the user approved), authorization codes and tokens. */
#pragma once

#include "dt-db.h"
#include "dt-scopes.h"

G_BEGIN_DECLS

#define DT_CODE_LIFETIME          60
#define DT_ACCESS_LIFETIME        3600
#define DT_REFRESH_IDLE_LIFETIME  (30 * 24 * 60 * 60)
/* However often it is refreshed, an approval lasts this long; then the user approves the app
 * again (RFC 9700 §4.14.2: an absolute cap; GitHub's is six months). */
#define DT_APPROVAL_LIFETIME      (180 * 24 * 60 * 60)

/* A new grant for client row @client_row. @via is "dialog", "cli" or "private". Marks the
 * client approved. */
gint64      dt_grant_create        (DtDb               *db,
                                    gint64              client_row,
                                    DtTarget            target,
                                    const char * const *scopes,
                                    const char         *via,
                                    GError            **error);
/* Revokes the grant and, at once, every token issued under it. */
gboolean    dt_grant_revoke        (DtDb               *db,
                                    gint64              grant_id,
                                    GError            **error);

/* A single-use code ("dt_ac_…", 256 bits) valid DT_CODE_LIFETIME seconds, stored as a hash and
 * bound to the grant, redirect URI, PKCE challenge, target and scopes. */
char       *dt_auth_code_issue     (DtDb               *db,
                                    gint64              grant_id,
                                    const char         *redirect_uri,
                                    const char         *code_challenge,
                                    DtTarget            target,
                                    const char * const *scopes,
                                    GError            **error);

typedef struct
{
  gint64    id;
  gint64    grant_id;
  char     *redirect_uri;
  char     *code_challenge;
  DtTarget  target;
  GStrv     scopes;
} DtAuthCode;

void        dt_auth_code_free      (DtAuthCode         *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtAuthCode, dt_auth_code_free)

/* Redeems @code for client row @client_row, atomically (UPDATE … WHERE used_at IS NULL):
 * DT_ERROR_NOT_FOUND when unknown or another client's, DT_ERROR_TIMEOUT when expired,
 * DT_ERROR_CONFLICT when already used — and then every token the first use issued is
 * revoked. */
DtAuthCode *dt_auth_code_redeem    (DtDb               *db,
                                    const char         *code,
                                    gint64              client_row,
                                    GError            **error);

typedef struct
{
  char     *access_token;    /* "dt_at_…" */
  char     *refresh_token;   /* "dt_rt_…", or NULL */
  gint64    expires_in;
  DtTarget  target;
  GStrv     scopes;          /* of the access token */
  gint64    grant_id;
  gint64    access_id;
} DtIssuedTokens;

void        dt_issued_tokens_free  (DtIssuedTokens     *tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtIssuedTokens, dt_issued_tokens_free)

/* Issues an access token (and a refresh token starting a new family when @with_refresh). */
DtIssuedTokens *dt_tokens_issue    (DtDb               *db,
                                    gint64              grant_id,
                                    DtTarget            target,
                                    const char * const *scopes,
                                    gint64              code_id,
                                    gboolean            with_refresh,
                                    GError            **error);

/* Rotates @refresh_token of client row @client_row: a new access and refresh token, the old
 * one spent. @scopes (NULL: unchanged) may only narrow; @target (NULL: unchanged) must be the
 * token's. Errors: DT_ERROR_NOT_FOUND (unknown, expired, revoked, another client's),
 * DT_ERROR_CONFLICT (already spent: the whole family is revoked now), DT_ERROR_FORBIDDEN
 * (wider scope), DT_ERROR_INVALID (other target). */
DtIssuedTokens *dt_tokens_refresh  (DtDb               *db,
                                    const char         *refresh_token,
                                    gint64              client_row,
                                    const char * const *scopes,
                                    const DtTarget     *target,
                                    GError            **error);

/* RFC 7009: revokes @token if it is client row @client_row's; a refresh token takes its whole
 * family with it. Unknown tokens and other clients' tokens are left alone (FALSE). */
gboolean    dt_tokens_revoke       (DtDb               *db,
                                    const char         *token,
                                    gint64              client_row);

/* Forgets codes and tokens that expired more than a day before @now: they can no longer be
 * used, and the audit log keeps the record. Returns the number of rows removed. */
guint       dt_oauth_tokens_prune  (DtDb               *db,
                                    gint64              now);

G_END_DECLS

/* dt-oauth-clients.h: OAuth clients: public apps that registered themselves (RFC 7591) and
 * private apps (confidential clients) the user created with a target and scopes. */
#pragma once

#include <json-glib/json-glib.h>

#include "dt-auth-crypto.h"
#include "dt-db.h"
#include "dt-scopes.h"

G_BEGIN_DECLS

/* Registrations never approved are forgotten after this long. */
#define DT_OAUTH_UNAPPROVED_TTL     (24 * 60 * 60)
/* At most this many clients may wait for a first approval at once. */
#define DT_OAUTH_MAX_UNAPPROVED     200
#define DT_OAUTH_MAX_NAME_LEN       200

typedef struct
{
  gint64    id;              /* row id */
  char     *client_id;
  gboolean  is_private;
  char     *name;
  GStrv     redirect_uris;   /* public clients */
  DtTarget  target;          /* private apps */
  GStrv     scopes;          /* private apps: what they may have */
  gboolean  has_secret;
  guint8    secret_hash[DT_AUTH_HASH_LEN];
  char     *metadata;        /* JSON of the accepted registration metadata */
  gint64    created_at;
  gint64    approved_at;     /* 0 while never approved */
  gint64    last_used_at;
} DtOAuthClient;

void           dt_oauth_client_free            (DtOAuthClient  *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtOAuthClient, dt_oauth_client_free)

/* NULL with DT_ERROR_NOT_FOUND when there is no such client. */
DtOAuthClient *dt_oauth_client_lookup          (DtDb           *db,
                                                const char     *client_id,
                                                GError        **error);

/* Validates RFC 7591 client metadata (a JSON object) for a public client and stores it. On
 * refusal, DT_ERROR_INVALID and *@out_oauth_error is "invalid_redirect_uri" or
 * "invalid_client_metadata"; DT_ERROR_RATE_LIMITED when too many registrations wait. */
DtOAuthClient *dt_oauth_client_register        (DtDb           *db,
                                                JsonNode       *metadata,
                                                const char    **out_oauth_error,
                                                GError        **error);
/* The RFC 7591 §3.2.1 answer for a registered public client. */
JsonNode      *dt_oauth_client_registration_response (const DtOAuthClient *client);

/* Creates a private app and its grant. *@out_secret is shown to the user once and stored only
 * as a hash. */
DtOAuthClient *dt_oauth_client_create_private  (DtDb               *db,
                                                const char         *name,
                                                DtTarget            target,
                                                const char * const *scopes,
                                                char              **out_secret,
                                                gint64             *out_grant_id,
                                                GError            **error);

/* Constant-time check of a presented client secret. */
gboolean       dt_oauth_client_check_secret    (const DtOAuthClient *client,
                                                const char          *secret);

void           dt_oauth_client_mark_approved   (DtDb           *db,
                                                gint64          id);
void           dt_oauth_client_touch           (DtDb           *db,
                                                gint64          id);
/* Forgets public clients registered before @before and never approved. */
guint          dt_oauth_clients_expire         (DtDb           *db,
                                                gint64          before);

G_END_DECLS

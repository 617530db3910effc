/* dt-consent-broker.h: the questions the server asks the user (may this app have access? may
 * it send this invoice?), waiting on the main thread for an answer from the consent dialog or
 * the command line, while the server thread goes on serving others. */
#pragma once

#include <gio/gio.h>

#include "dt-scopes.h"

G_BEGIN_DECLS

/* How long a question waits before it counts as "no". */
#define DT_CONSENT_DEFAULT_TIMEOUT 600
/* At most this many questions per minute, and this many waiting at once. */
#define DT_CONSENT_MAX_PER_MINUTE  10
#define DT_CONSENT_MAX_PENDING     20

typedef enum
{
  DT_CONSENT_KIND_AUTHORIZE,  /* an app asks for access (OAuth /authorize) */
  DT_CONSENT_KIND_ACTION,     /* an app with access asks to do one sensitive thing */
} DtConsentKind;

typedef enum
{
  DT_CONSENT_VIA_DIALOG,
  DT_CONSENT_VIA_CLI,
  DT_CONSENT_VIA_NONE,        /* nobody answered (timeout, cancelled) */
} DtConsentVia;

typedef enum
{
  DT_CONSENT_APPROVED,
  DT_CONSENT_DENIED,
  DT_CONSENT_TIMED_OUT,
  DT_CONSENT_CANCELLED,       /* the app went away or the server stopped */
} DtConsentOutcome;

const char *dt_consent_kind_to_string    (DtConsentKind    kind);     /* "authorize", "action" */
const char *dt_consent_via_to_string     (DtConsentVia     via);      /* "dialog", "cli", "none" */
const char *dt_consent_outcome_to_string (DtConsentOutcome outcome);  /* "approved", … */

/* One question. Immutable once submitted; reference-counted (a boxed type for signals). */
typedef struct
{
  char          *id;             /* short, typeable: "k3f9x2qa" */
  DtConsentKind  kind;
  char          *client_id;
  char          *app_name;       /* self-asserted by the app: show it as unverified */
  char          *redirect_host;  /* authorize: where the answer goes ("127.0.0.1") */
  DtTarget       target;
  GStrv          scopes;         /* authorize: what is asked for, normalised */
  char          *action;         /* action: what it is ("send_invoice") */
  char          *summary;        /* action: the sentence to show the user */
  gint64         created_at;
  gint64         expires_at;
} DtConsentRequest;

#define DT_TYPE_CONSENT_REQUEST (dt_consent_request_get_type ())
GType             dt_consent_request_get_type      (void) G_GNUC_CONST;
DtConsentRequest *dt_consent_request_new_authorize (const char         *client_id,
                                                    const char         *app_name,
                                                    const char         *redirect_host,
                                                    DtTarget            target,
                                                    const char * const *scopes);
DtConsentRequest *dt_consent_request_new_action    (const char         *client_id,
                                                    const char         *app_name,
                                                    DtTarget            target,
                                                    const char         *action,
                                                    const char         *summary);
DtConsentRequest *dt_consent_request_ref           (DtConsentRequest   *request);
void              dt_consent_request_unref         (DtConsentRequest   *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtConsentRequest, dt_consent_request_unref)

/* The answer, as the submitter receives it. */
typedef struct
{
  DtConsentOutcome  outcome;
  DtConsentVia      via;
  GStrv             scopes;  /* approved authorize: what the user allowed (may be narrower) */
} DtConsentDecision;

typedef void (*DtConsentReplyFunc) (DtConsentRequest        *request,
                                    const DtConsentDecision *decision,
                                    gpointer                 user_data);

#define DT_TYPE_CONSENT_BROKER (dt_consent_broker_get_type ())
G_DECLARE_FINAL_TYPE (DtConsentBroker, dt_consent_broker, DT, CONSENT_BROKER, GObject)

/* Lives on the thread whose thread-default context is current at creation (the main thread):
 * signals are emitted and timeouts run there. */
DtConsentBroker  *dt_consent_broker_new            (void);
void              dt_consent_broker_set_timeout    (DtConsentBroker    *self,
                                                    guint               seconds);

/* Any thread. Asks @request; @func runs exactly once in @reply_context (NULL: the caller's
 * thread-default context) with the outcome, and @destroy after it. Refused, without calling
 * @func, with DT_ERROR_CONFLICT when this client already has a question waiting, or
 * DT_ERROR_RATE_LIMITED when too many questions come in. */
gboolean          dt_consent_broker_submit         (DtConsentBroker    *self,
                                                    DtConsentRequest   *request,
                                                    GMainContext       *reply_context,
                                                    DtConsentReplyFunc  func,
                                                    gpointer            user_data,
                                                    GDestroyNotify      destroy,
                                                    GError            **error);
/* Any thread. Withdraws a question (the app went away): its reply is CANCELLED. */
void              dt_consent_broker_cancel         (DtConsentBroker    *self,
                                                    const char         *id);
/* Withdraws every question (the server stops). */
void              dt_consent_broker_cancel_all     (DtConsentBroker    *self);

/* The questions waiting, oldest first (references to DtConsentRequest). */
GPtrArray        *dt_consent_broker_list_pending   (DtConsentBroker    *self);
DtConsentRequest *dt_consent_broker_lookup         (DtConsentBroker    *self,
                                                    const char         *id);

/* The user's answers. @scopes (NULL: as asked) narrows an authorize request: it must be within
 * what was asked and is normalised (write brings read). DT_ERROR_NOT_FOUND when no such
 * question waits, DT_ERROR_INVALID for scopes beyond the request. */
gboolean          dt_consent_broker_approve        (DtConsentBroker    *self,
                                                    const char         *id,
                                                    const char * const *scopes,
                                                    DtConsentVia        via,
                                                    GError            **error);
gboolean          dt_consent_broker_deny           (DtConsentBroker    *self,
                                                    const char         *id,
                                                    DtConsentVia        via,
                                                    GError            **error);

/* Signals (main thread):
 *   request-added   (DtConsentRequest *request)             — show a dialog, print a line
 *   request-removed (DtConsentRequest *request, int outcome) — close that dialog */

G_END_DECLS

/* dt-consent-broker.c: pending consent questions, marshalled between the server thread and
 * the main thread. All state sits behind one mutex; signals run on the broker's context. */
#define G_LOG_DOMAIN "dt-auth"

#include "dt-auth-crypto.h"
#include "dt-consent-broker.h"
#include "dt-error.h"
#include "dt-time.h"

/* ---- requests ---------------------------------------------------------------------------- */

static void
request_clear (gpointer data)
{
  DtConsentRequest *request = data;

  g_free (request->id);
  g_free (request->client_id);
  g_free (request->app_name);
  g_free (request->redirect_host);
  g_strfreev (request->scopes);
  g_free (request->action);
  g_free (request->summary);
}

DtConsentRequest *
dt_consent_request_ref (DtConsentRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);
  return g_atomic_rc_box_acquire (request);
}

void
dt_consent_request_unref (DtConsentRequest *request)
{
  g_return_if_fail (request != NULL);
  g_atomic_rc_box_release_full (request, request_clear);
}

G_DEFINE_BOXED_TYPE (DtConsentRequest, dt_consent_request, dt_consent_request_ref,
                     dt_consent_request_unref)

/* Eight characters a person can type without ambiguity (no 0/o, 1/l/i). */
static char *
new_id (void)
{
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  guint8 bytes[8];
  char id[9];

  dt_auth_random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < 8; i++)
    id[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  id[8] = '\0';
  return g_strdup (id);
}

static DtConsentRequest *
request_new (DtConsentKind  kind,
             const char    *client_id,
             const char    *app_name,
             DtTarget       target)
{
  DtConsentRequest *request = g_atomic_rc_box_new0 (DtConsentRequest);

  request->id = new_id ();
  request->kind = kind;
  request->client_id = g_strdup (client_id);
  request->app_name = g_strdup (app_name);
  request->target = target;
  request->created_at = dt_time_now ();
  return request;
}

DtConsentRequest *
dt_consent_request_new_authorize (const char         *client_id,
                                  const char         *app_name,
                                  const char         *redirect_host,
                                  DtTarget            target,
                                  const char * const *scopes)
{
  DtConsentRequest *request = request_new (DT_CONSENT_KIND_AUTHORIZE, client_id, app_name,
                                           target);

  request->redirect_host = g_strdup (redirect_host);
  request->scopes = g_strdupv ((char **) scopes);
  if (request->scopes == NULL)
    request->scopes = g_new0 (char *, 1);
  return request;
}

DtConsentRequest *
dt_consent_request_new_action (const char *client_id,
                               const char *app_name,
                               DtTarget    target,
                               const char *action,
                               const char *summary)
{
  DtConsentRequest *request = request_new (DT_CONSENT_KIND_ACTION, client_id, app_name, target);

  request->action = g_strdup (action);
  request->summary = g_strdup (summary);
  request->scopes = g_new0 (char *, 1);
  return request;
}

const char *
dt_consent_kind_to_string (DtConsentKind kind)
{
  return kind == DT_CONSENT_KIND_ACTION ? "action" : "authorize";
}

const char *
dt_consent_via_to_string (DtConsentVia via)
{
  switch (via)
    {
    case DT_CONSENT_VIA_DIALOG:
      return "dialog";
    case DT_CONSENT_VIA_CLI:
      return "cli";
    case DT_CONSENT_VIA_NONE:
    default:
      return "none";
    }
}

const char *
dt_consent_outcome_to_string (DtConsentOutcome outcome)
{
  switch (outcome)
    {
    case DT_CONSENT_APPROVED:
      return "approved";
    case DT_CONSENT_DENIED:
      return "denied";
    case DT_CONSENT_TIMED_OUT:
      return "timed-out";
    case DT_CONSENT_CANCELLED:
    default:
      return "cancelled";
    }
}

/* ---- the broker -------------------------------------------------------------------------- */

typedef struct
{
  DtConsentBroker    *broker;   /* weak: the broker outlives its pending entries */
  DtConsentRequest   *request;
  GMainContext       *reply_context;
  DtConsentReplyFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
  GSource            *timeout;
} Pending;

struct _DtConsentBroker
{
  GObject       parent_instance;

  GMainContext *context;
  guint         timeout_seconds;

  GMutex        lock;
  GPtrArray    *pending;      /* Pending*, oldest first */
  GQueue        recent;       /* submission times (gint64 in pointers), for the rate limit */
};

G_DEFINE_FINAL_TYPE (DtConsentBroker, dt_consent_broker, G_TYPE_OBJECT)

enum {
  SIGNAL_REQUEST_ADDED,
  SIGNAL_REQUEST_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  if (pending->timeout != NULL)
    {
      g_source_destroy (pending->timeout);
      g_source_unref (pending->timeout);
    }
  if (pending->destroy != NULL)
    pending->destroy (pending->user_data);
  g_main_context_unref (pending->reply_context);
  dt_consent_request_unref (pending->request);
  g_free (pending);
}

static void
dt_consent_broker_finalize (GObject *object)
{
  DtConsentBroker *self = DT_CONSENT_BROKER (object);

  /* Everything still waiting should have been cancelled by whoever stopped the server. */
  g_ptr_array_set_free_func (self->pending, (GDestroyNotify) pending_free);
  g_ptr_array_unref (self->pending);
  g_queue_clear (&self->recent);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (dt_consent_broker_parent_class)->finalize (object);
}

static void
dt_consent_broker_class_init (DtConsentBrokerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_consent_broker_finalize;

  signals[SIGNAL_REQUEST_ADDED] =
    g_signal_new ("request-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, DT_TYPE_CONSENT_REQUEST);
  signals[SIGNAL_REQUEST_REMOVED] =
    g_signal_new ("request-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, DT_TYPE_CONSENT_REQUEST, G_TYPE_INT);
}

static void
dt_consent_broker_init (DtConsentBroker *self)
{
  g_mutex_init (&self->lock);
  self->pending = g_ptr_array_new ();
  g_queue_init (&self->recent);
  self->timeout_seconds = DT_CONSENT_DEFAULT_TIMEOUT;
}

DtConsentBroker *
dt_consent_broker_new (void)
{
  DtConsentBroker *self = g_object_new (DT_TYPE_CONSENT_BROKER, NULL);

  self->context = g_main_context_ref_thread_default ();
  return self;
}

void
dt_consent_broker_set_timeout (DtConsentBroker *self,
                               guint            seconds)
{
  g_return_if_fail (DT_IS_CONSENT_BROKER (self));
  g_return_if_fail (seconds > 0);

  g_mutex_lock (&self->lock);
  self->timeout_seconds = seconds;
  g_mutex_unlock (&self->lock);
}

/* Signals travel to the broker's context with their own references. */
typedef struct
{
  DtConsentBroker  *broker;
  DtConsentRequest *request;
  int               outcome;   /* -1 for "added" */
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->broker);
  dt_consent_request_unref (emission->request);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->outcome < 0)
    {
      /* It may have been answered before this ran: then there is nothing to show. */
      g_autoptr(DtConsentRequest) still = dt_consent_broker_lookup (emission->broker,
                                                                    emission->request->id);
      if (still != NULL)
        g_signal_emit (emission->broker, signals[SIGNAL_REQUEST_ADDED], 0, emission->request);
    }
  else
    g_signal_emit (emission->broker, signals[SIGNAL_REQUEST_REMOVED], 0, emission->request,
                   emission->outcome);
  return G_SOURCE_REMOVE;
}

static void
schedule_emission (DtConsentBroker  *self,
                   DtConsentRequest *request,
                   int               outcome)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->broker = g_object_ref (self);
  emission->request = dt_consent_request_ref (request);
  emission->outcome = outcome;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, emission,
                              emission_free);
}

/* The answer travels to the submitter's context. */
typedef struct
{
  Pending           *pending;
  DtConsentDecision  decision;
} Reply;

static gboolean
reply_cb (gpointer data)
{
  Reply *reply = data;

  reply->pending->func (reply->pending->request, &reply->decision, reply->pending->user_data);
  return G_SOURCE_REMOVE;
}

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_strfreev (reply->decision.scopes);
  pending_free (reply->pending);
  g_free (reply);
}

/* Takes @pending out (caller holds the lock) and sends its answer. */
static Pending *
take_pending (DtConsentBroker *self,
              const char      *id)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (self->pending, i);
      if (g_strcmp0 (pending->request->id, id) == 0)
        return g_ptr_array_steal_index (self->pending, i);
    }
  return NULL;
}

static void
finish (DtConsentBroker  *self,
        Pending          *pending,
        DtConsentOutcome  outcome,
        DtConsentVia      via,
        GStrv             scopes)
{
  Reply *reply = g_new0 (Reply, 1);

  if (pending->timeout != NULL)
    {
      g_source_destroy (pending->timeout);
      g_clear_pointer (&pending->timeout, g_source_unref);
    }
  g_debug ("Consent %s %s (%s)", pending->request->id, dt_consent_outcome_to_string (outcome),
           dt_consent_via_to_string (via));
  schedule_emission (self, pending->request, outcome);
  reply->pending = pending;
  reply->decision.outcome = outcome;
  reply->decision.via = via;
  reply->decision.scopes = scopes;
  g_main_context_invoke_full (pending->reply_context, G_PRIORITY_DEFAULT, reply_cb, reply,
                              reply_free);
}

typedef struct
{
  GWeakRef  broker;
  char     *id;
} TimeoutData;

static void
timeout_data_free (gpointer data)
{
  TimeoutData *timeout = data;

  g_weak_ref_clear (&timeout->broker);
  g_free (timeout->id);
  g_free (timeout);
}

static gboolean
timeout_cb (gpointer data)
{
  TimeoutData *timeout = data;
  g_autoptr(DtConsentBroker) self = g_weak_ref_get (&timeout->broker);
  Pending *pending;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&self->lock);
  pending = take_pending (self, timeout->id);
  g_mutex_unlock (&self->lock);
  if (pending != NULL)
    {
      /* This very source is being dispatched: let finish() not destroy it under us. */
      g_clear_pointer (&pending->timeout, g_source_unref);
      finish (self, pending, DT_CONSENT_TIMED_OUT, DT_CONSENT_VIA_NONE, NULL);
    }
  return G_SOURCE_REMOVE;
}

gboolean
dt_consent_broker_submit (DtConsentBroker     *self,
                          DtConsentRequest    *request,
                          GMainContext        *reply_context,
                          DtConsentReplyFunc   func,
                          gpointer             user_data,
                          GDestroyNotify       destroy,
                          GError             **error)
{
  Pending *pending;
  TimeoutData *timeout;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (self), FALSE);
  g_return_val_if_fail (request != NULL && func != NULL, FALSE);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *other = g_ptr_array_index (self->pending, i);
      if (g_strcmp0 (other->request->client_id, request->client_id) == 0)
        {
          g_mutex_unlock (&self->lock);
          g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                       "This app already has a request waiting for an answer");
          return FALSE;
        }
    }
  while (!g_queue_is_empty (&self->recent) &&
         now - GPOINTER_TO_SIZE (g_queue_peek_head (&self->recent)) * G_USEC_PER_SEC
           > 60 * G_USEC_PER_SEC)
    g_queue_pop_head (&self->recent);
  if (g_queue_get_length (&self->recent) >= DT_CONSENT_MAX_PER_MINUTE ||
      self->pending->len >= DT_CONSENT_MAX_PENDING)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, DT_ERROR, DT_ERROR_RATE_LIMITED,
                   "Too many requests for your approval; try again in a minute");
      return FALSE;
    }
  g_queue_push_tail (&self->recent, GSIZE_TO_POINTER ((gsize) (now / G_USEC_PER_SEC)));

  pending = g_new0 (Pending, 1);
  pending->broker = self;
  pending->request = dt_consent_request_ref (request);
  pending->request->expires_at = request->created_at + self->timeout_seconds;
  pending->reply_context = reply_context != NULL ? g_main_context_ref (reply_context)
                                                 : g_main_context_ref_thread_default ();
  pending->func = func;
  pending->user_data = user_data;
  pending->destroy = destroy;

  timeout = g_new0 (TimeoutData, 1);
  g_weak_ref_init (&timeout->broker, self);
  timeout->id = g_strdup (request->id);
  pending->timeout = g_timeout_source_new_seconds (self->timeout_seconds);
  g_source_set_callback (pending->timeout, timeout_cb, timeout, timeout_data_free);
  g_source_attach (pending->timeout, self->context);

  g_ptr_array_add (self->pending, pending);
  g_mutex_unlock (&self->lock);

  g_debug ("Consent %s asked (%s)", request->id, dt_consent_kind_to_string (request->kind));
  schedule_emission (self, request, -1);
  return TRUE;
}

void
dt_consent_broker_cancel (DtConsentBroker *self,
                          const char      *id)
{
  Pending *pending;

  g_return_if_fail (DT_IS_CONSENT_BROKER (self));

  g_mutex_lock (&self->lock);
  pending = take_pending (self, id);
  g_mutex_unlock (&self->lock);
  if (pending != NULL)
    finish (self, pending, DT_CONSENT_CANCELLED, DT_CONSENT_VIA_NONE, NULL);
}

void
dt_consent_broker_cancel_all (DtConsentBroker *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (DT_IS_CONSENT_BROKER (self));

  g_mutex_lock (&self->lock);
  all = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new ();
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < all->len; i++)
    finish (self, g_ptr_array_index (all, i), DT_CONSENT_CANCELLED, DT_CONSENT_VIA_NONE, NULL);
}

GPtrArray *
dt_consent_broker_list_pending (DtConsentBroker *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_consent_request_unref);

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (self), list);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (self->pending, i);
      g_ptr_array_add (list, dt_consent_request_ref (pending->request));
    }
  g_mutex_unlock (&self->lock);
  return list;
}

DtConsentRequest *
dt_consent_broker_lookup (DtConsentBroker *self,
                          const char      *id)
{
  DtConsentRequest *found = NULL;

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (self->pending, i);
      if (g_strcmp0 (pending->request->id, id) == 0)
        found = dt_consent_request_ref (pending->request);
    }
  g_mutex_unlock (&self->lock);
  return found;
}

gboolean
dt_consent_broker_approve (DtConsentBroker     *self,
                           const char          *id,
                           const char * const  *scopes,
                           DtConsentVia         via,
                           GError             **error)
{
  g_auto(GStrv) allowed = NULL;
  Pending *pending;

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (self), FALSE);

  g_mutex_lock (&self->lock);
  pending = NULL;
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (self->pending, i);
      if (g_strcmp0 (p->request->id, id) == 0)
        pending = p;
    }
  if (pending == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "No request “%s” is waiting; see “doubletime consent list”", id);
      return FALSE;
    }

  if (pending->request->kind == DT_CONSENT_KIND_AUTHORIZE)
    {
      if (scopes != NULL)
        {
          allowed = dt_scopes_normalize (scopes, error);
          if (allowed == NULL)
            {
              g_mutex_unlock (&self->lock);
              return FALSE;
            }
          if (!dt_scopes_is_subset ((const char * const *) allowed,
                                    (const char * const *) pending->request->scopes))
            {
              g_autofree char *asked = dt_scopes_to_string ((const char * const *)
                                                            pending->request->scopes);
              g_mutex_unlock (&self->lock);
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "You can only allow what the app asked for (%s) or less", asked);
              return FALSE;
            }
          if (allowed[0] == NULL)
            {
              g_mutex_unlock (&self->lock);
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "Allow at least one scope, or deny the request");
              return FALSE;
            }
        }
      else
        allowed = g_strdupv (pending->request->scopes);
    }

  pending = take_pending (self, id);
  g_mutex_unlock (&self->lock);
  finish (self, pending, DT_CONSENT_APPROVED, via, g_steal_pointer (&allowed));
  return TRUE;
}

gboolean
dt_consent_broker_deny (DtConsentBroker  *self,
                        const char       *id,
                        DtConsentVia      via,
                        GError          **error)
{
  Pending *pending;

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (self), FALSE);

  g_mutex_lock (&self->lock);
  pending = take_pending (self, id);
  g_mutex_unlock (&self->lock);
  if (pending == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "No request “%s” is waiting; see “doubletime consent list”", id);
      return FALSE;
    }
  finish (self, pending, DT_CONSENT_DENIED, via, NULL);
  return TRUE;
}

/* test-broker.c: the consent broker: questions from another thread, answers on the main one,
 * narrowing, one question per app, the rate limit, timeouts and cancellation. */
#include "dt-consent-broker.h"
#include "dt-error.h"

typedef struct
{
  GMainContext     *context;
  DtConsentBroker  *broker;
  gboolean          replied;
  guint             replies;
  DtConsentOutcome  outcome;
  DtConsentVia      via;
  GStrv             scopes;
  gboolean          reply_on_context;
  guint             added;
  guint             removed;
} Fixture;

static void
on_added_cb (DtConsentBroker  *broker,
             DtConsentRequest *request,
             Fixture          *fixture)
{
  fixture->added++;
}

static void
on_removed_cb (DtConsentBroker  *broker,
               DtConsentRequest *request,
               int               outcome,
               Fixture          *fixture)
{
  fixture->removed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->broker = dt_consent_broker_new ();
  fixture->context = g_main_context_new ();
  g_signal_connect (fixture->broker, "request-added", G_CALLBACK (on_added_cb), fixture);
  g_signal_connect (fixture->broker, "request-removed", G_CALLBACK (on_removed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->broker);
  g_main_context_unref (fixture->context);
  g_strfreev (fixture->scopes);
}

static void
reply_cb (DtConsentRequest        *request,
          const DtConsentDecision *decision,
          gpointer                 user_data)
{
  Fixture *fixture = user_data;

  fixture->replies++;
  fixture->replied = TRUE;
  g_strfreev (fixture->scopes);
  fixture->outcome = decision->outcome;
  fixture->via = decision->via;
  fixture->scopes = g_strdupv (decision->scopes);
  fixture->reply_on_context = g_main_context_is_owner (fixture->context);
}

typedef struct
{
  Fixture          *fixture;
  DtConsentRequest *request;
  GError           *error;
  gboolean          ok;
} Submission;

/* Submits from a thread of its own, as the server does, with replies to fixture->context. */
static gpointer
submit_thread (gpointer data)
{
  Submission *submission = data;

  submission->ok = dt_consent_broker_submit (submission->fixture->broker, submission->request,
                                             submission->fixture->context, reply_cb,
                                             submission->fixture, NULL, &submission->error);
  return NULL;
}

static gboolean
submit (Fixture          *fixture,
        DtConsentRequest *request,
        GError          **error)
{
  Submission submission = { fixture, request, NULL, FALSE };

  g_thread_join (g_thread_new ("submit", submit_thread, &submission));
  if (submission.error != NULL)
    g_propagate_error (error, submission.error);
  return submission.ok;
}

static DtConsentRequest *
authorize_request (const char *client_id)
{
  const char *scopes[] = { "clients:read", "clients:write", "invoices:read", NULL };
  return dt_consent_request_new_authorize (client_id, "App", "127.0.0.1", DT_TARGET_MCP, scopes);
}

static void
wait_reply (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_main_context_push_thread_default (fixture->context);
  while (!fixture->replied && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (fixture->context, FALSE);
      g_main_context_iteration (g_main_context_default (), FALSE);
      g_usleep (1000);
    }
  g_main_context_pop_thread_default (fixture->context);
  g_assert_true (fixture->replied);
}

static void
test_broker_approve_narrowed (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(DtConsentRequest) request = authorize_request ("c1");
  g_autoptr(GPtrArray) pending = NULL;
  const char *narrowed[] = { "clients:write", NULL };
  const char *expected[] = { "clients:read", "clients:write", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (submit (fixture, request, &error));
  g_assert_cmpuint (strlen (request->id), ==, 8);
  pending = dt_consent_broker_list_pending (fixture->broker);
  g_assert_cmpuint (pending->len, ==, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->added, ==, 1);
  g_assert_true (dt_consent_broker_approve (fixture->broker, request->id, narrowed,
                                            DT_CONSENT_VIA_CLI, &error));
  g_assert_no_error (error);
  wait_reply (fixture);
  g_assert_cmpint (fixture->outcome, ==, DT_CONSENT_APPROVED);
  g_assert_cmpint (fixture->via, ==, DT_CONSENT_VIA_CLI);
  g_assert_cmpstrv (fixture->scopes, expected);
  g_assert_true (fixture->reply_on_context);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->removed, ==, 1);
  g_assert_cmpuint (fixture->replies, ==, 1);
  /* Answered once only. */
  g_assert_false (dt_consent_broker_deny (fixture->broker, request->id, DT_CONSENT_VIA_CLI,
                                          &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
}

static void
test_broker_one_per_client (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(DtConsentRequest) first = authorize_request ("c1");
  g_autoptr(DtConsentRequest) second = authorize_request ("c1");
  g_autoptr(DtConsentRequest) other = authorize_request ("c2");
  g_autoptr(GError) error = NULL;

  g_assert_true (submit (fixture, first, NULL));
  g_assert_false (submit (fixture, second, &error));
  g_assert_error (error, DT_ERROR, DT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (submit (fixture, other, NULL));
  dt_consent_broker_cancel_all (fixture->broker);
  wait_reply (fixture);
  g_assert_cmpint (fixture->outcome, ==, DT_CONSENT_CANCELLED);
}

static void
test_broker_rate_limit (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < DT_CONSENT_MAX_PER_MINUTE; i++)
    {
      g_autofree char *client = g_strdup_printf ("c%u", i);
      g_autoptr(DtConsentRequest) request = authorize_request (client);
      g_assert_true (submit (fixture, request, NULL));
      dt_consent_broker_cancel (fixture->broker, request->id);
    }
  {
    g_autoptr(DtConsentRequest) request = authorize_request ("late");
    g_assert_false (submit (fixture, request, &error));
    g_assert_error (error, DT_ERROR, DT_ERROR_RATE_LIMITED);
  }
  /* Each cancelled one was answered; let the replies run before tear-down. */
  g_main_context_push_thread_default (fixture->context);
  while (g_main_context_iteration (fixture->context, FALSE))
    ;
  g_main_context_pop_thread_default (fixture->context);
}

static void
test_broker_timeout (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DtConsentRequest) request = authorize_request ("c1");

  dt_consent_broker_set_timeout (fixture->broker, 1);
  g_assert_true (submit (fixture, request, NULL));
  g_assert_cmpint (request->expires_at - request->created_at, ==, 1);
  wait_reply (fixture);
  g_assert_cmpint (fixture->outcome, ==, DT_CONSENT_TIMED_OUT);
  g_assert_cmpint (fixture->via, ==, DT_CONSENT_VIA_NONE);
}

static void
test_broker_action (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DtConsentRequest) request = dt_consent_request_new_action (
    "c1", "Claude", DT_TARGET_MCP, "send_invoice",
    "Claude wants to send invoice INV-2026-0014 to billing@acme.example — €1,250.00. Send?");
  g_autoptr(DtConsentRequest) found = NULL;

  g_assert_true (submit (fixture, request, NULL));
  found = dt_consent_broker_lookup (fixture->broker, request->id);
  g_assert_cmpint (found->kind, ==, DT_CONSENT_KIND_ACTION);
  g_assert_cmpstr (dt_consent_kind_to_string (found->kind), ==, "action");
  g_assert_true (dt_consent_broker_deny (fixture->broker, request->id, DT_CONSENT_VIA_DIALOG,
                                         NULL));
  wait_reply (fixture);
  g_assert_cmpint (fixture->outcome, ==, DT_CONSENT_DENIED);
  g_assert_cmpint (fixture->via, ==, DT_CONSENT_VIA_DIALOG);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/broker/approve-narrowed", test_broker_approve_narrowed);
  ADD ("/broker/one-per-client", test_broker_one_per_client);
  ADD ("/broker/rate-limit", test_broker_rate_limit);
  ADD ("/broker/timeout", test_broker_timeout);
  ADD ("/broker/action", test_broker_action);
#undef ADD
  return g_test_run ();
}

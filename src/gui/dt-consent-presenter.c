/* dt-consent-presenter.c: one consent or confirmation dialog at a time, in the order asked,
 * each closed by itself when the question goes away (answered on the command line, timed
 * out, or the app gave up). */
#define G_LOG_DOMAIN "dt-consent"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-action-dialog.h"
#include "dt-consent-dialog.h"
#include "dt-consent-presenter.h"
#include "dt-error.h"

struct _DtConsentPresenter
{
  GObject           parent_instance;

  DtConsentBroker  *broker;
  GtkApplication   *app;          /* weak */
  GQueue            waiting;      /* DtConsentRequest refs */
  DtConsentRequest *current;
  GtkWindow        *dialog;
  guint             allow_delay_ms;
};

G_DEFINE_FINAL_TYPE (DtConsentPresenter, dt_consent_presenter, G_TYPE_OBJECT)

static void show_next (DtConsentPresenter *self);

static DtActionKind
action_kind (const char *action)
{
  if (action == NULL)
    return DT_ACTION_KIND_OTHER;
  if (g_str_has_prefix (action, "send"))
    return DT_ACTION_KIND_SEND;
  if (g_str_has_suffix (action, "payment"))
    return DT_ACTION_KIND_PAYMENT;
  if (g_str_has_prefix (action, "delete") || g_str_has_prefix (action, "void"))
    return DT_ACTION_KIND_DELETE;
  return DT_ACTION_KIND_OTHER;
}

static void
finish_current (DtConsentPresenter *self)
{
  GtkWindow *dialog = g_steal_pointer (&self->dialog);

  g_clear_pointer (&self->current, dt_consent_request_unref);
  if (dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (dialog);
    }
  show_next (self);
}

static void
on_response_cb (AdwMessageDialog   *dialog,
                const char         *response,
                DtConsentPresenter *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtConsentRequest) request = NULL;
  gboolean ok;

  if (self->current == NULL)
    return;
  request = dt_consent_request_ref (self->current);

  if (g_str_equal (response, "allow"))
    {
      g_auto(GStrv) granted = NULL;

      if (request->kind == DT_CONSENT_KIND_AUTHORIZE)
        granted = dt_consent_dialog_get_granted (DT_CONSENT_DIALOG (dialog));
      ok = dt_consent_broker_approve (self->broker, request->id,
                                      (const char * const *) granted, DT_CONSENT_VIA_DIALOG,
                                      &error);
    }
  else
    ok = dt_consent_broker_deny (self->broker, request->id, DT_CONSENT_VIA_DIALOG, &error);

  /* NOT_FOUND: it was answered elsewhere or expired while the dialog was open. */
  if (!ok && !g_error_matches (error, DT_ERROR, DT_ERROR_NOT_FOUND))
    g_warning ("Could not answer consent request %s: %s", request->id, error->message);

  /* The dialog closes itself after a response; forget it rather than destroy it twice. */
  if (self->current != NULL && self->current == request)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      self->dialog = NULL;
      g_clear_pointer (&self->current, dt_consent_request_unref);
      show_next (self);
    }
}

static void
show_next (DtConsentPresenter *self)
{
  DtConsentRequest *request;
  GtkWindow *parent = NULL;
  GtkWidget *dialog;

  if (self->current != NULL)
    return;
  request = g_queue_pop_head (&self->waiting);
  if (request == NULL)
    return;

  if (self->app != NULL)
    parent = gtk_application_get_active_window (self->app);

  if (request->kind == DT_CONSENT_KIND_AUTHORIZE)
    {
      DtConsentDialog *consent = dt_consent_dialog_new (parent, request->app_name,
                                                        request->redirect_host, request->target,
                                                        (const char * const *) request->scopes);
      dt_consent_dialog_set_allow_delay (consent, self->allow_delay_ms);
      dialog = GTK_WIDGET (consent);
    }
  else
    {
      DtActionDialog *action = dt_action_dialog_new (parent, request->app_name,
                                                     action_kind (request->action),
                                                     request->summary);
      dt_action_dialog_set_allow_delay (action, self->allow_delay_ms);
      dialog = GTK_WIDGET (action);
    }

  /* Without a window the dialog still belongs to the application, which keeps it alive and
   * lets the shell raise it. */
  if (self->app != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), self->app);
  self->current = request;
  self->dialog = GTK_WINDOW (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_request_added_cb (DtConsentBroker    *broker,
                     DtConsentRequest   *request,
                     DtConsentPresenter *self)
{
  g_queue_push_tail (&self->waiting, dt_consent_request_ref (request));
  show_next (self);
}

static gboolean
same_id (gconstpointer a,
         gconstpointer b)
{
  return g_strcmp0 (((const DtConsentRequest *) a)->id, b) == 0 ? 0 : 1;
}

static void
on_request_removed_cb (DtConsentBroker    *broker,
                       DtConsentRequest   *request,
                       int                 outcome,
                       DtConsentPresenter *self)
{
  GList *link;

  if (self->current != NULL && g_strcmp0 (self->current->id, request->id) == 0)
    {
      finish_current (self);
      return;
    }
  link = g_queue_find_custom (&self->waiting, request->id, (GCompareFunc) same_id);
  if (link != NULL)
    {
      dt_consent_request_unref (link->data);
      g_queue_delete_link (&self->waiting, link);
    }
}

static void
dt_consent_presenter_dispose (GObject *object)
{
  DtConsentPresenter *self = DT_CONSENT_PRESENTER (object);

  if (self->broker != NULL)
    g_signal_handlers_disconnect_by_data (self->broker, self);
  g_clear_object (&self->broker);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) dt_consent_request_unref);
  g_clear_pointer (&self->current, dt_consent_request_unref);
  if (self->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (g_steal_pointer (&self->dialog));
    }
  g_clear_weak_pointer (&self->app);

  G_OBJECT_CLASS (dt_consent_presenter_parent_class)->dispose (object);
}

static void
dt_consent_presenter_class_init (DtConsentPresenterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_consent_presenter_dispose;
}

static void
dt_consent_presenter_init (DtConsentPresenter *self)
{
  g_queue_init (&self->waiting);
  self->allow_delay_ms = DT_CONSENT_ALLOW_DELAY_MS;
}

DtConsentPresenter *
dt_consent_presenter_new (DtConsentBroker *broker,
                          GtkApplication  *app)
{
  DtConsentPresenter *self;
  g_autoptr(GPtrArray) pending = NULL;

  g_return_val_if_fail (DT_IS_CONSENT_BROKER (broker), NULL);

  self = g_object_new (DT_TYPE_CONSENT_PRESENTER, NULL);
  self->broker = g_object_ref (broker);
  g_set_weak_pointer (&self->app, app);
  g_signal_connect (broker, "request-added", G_CALLBACK (on_request_added_cb), self);
  g_signal_connect (broker, "request-removed", G_CALLBACK (on_request_removed_cb), self);

  /* Questions asked before the window came up wait their turn too. */
  pending = dt_consent_broker_list_pending (broker);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    g_queue_push_tail (&self->waiting, dt_consent_request_ref (g_ptr_array_index (pending, i)));
  show_next (self);
  return self;
}

GtkWindow *
dt_consent_presenter_get_dialog (DtConsentPresenter *self)
{
  g_return_val_if_fail (DT_IS_CONSENT_PRESENTER (self), NULL);
  return self->dialog;
}

void
dt_consent_presenter_set_allow_delay (DtConsentPresenter *self,
                                      guint               delay_ms)
{
  g_return_if_fail (DT_IS_CONSENT_PRESENTER (self));
  self->allow_delay_ms = delay_ms;
}

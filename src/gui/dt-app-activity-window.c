/* dt-app-activity-window.c: an app's whole activity: a GtkListView over a DtAuditList, so the
 * window keeps a screenful of rows whether the app did ten things or a hundred thousand. */
#define G_LOG_DOMAIN "dt-connected-apps"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-app-activity-window.h"
#include "dt-audit-item.h"
#include "dt-audit-list.h"
#include "dt-audit-words.h"
#include "dt-format.h"
#include "dt-time.h"

struct _DtAppActivityWindow
{
  AdwWindow    parent_instance;

  DtAuditList *events;
};

G_DEFINE_FINAL_TYPE (DtAppActivityWindow, dt_app_activity_window, ADW_TYPE_WINDOW)

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_add_css_class (row, "activity-row");
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  DtAuditItem *event = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (gtk_widget_get_next_sibling (icon));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const char *object = dt_audit_item_get_object (event);
  g_autofree char *words = dt_audit_event_words (dt_audit_item_get_event (event));
  g_autofree char *when = NULL;
  g_autofree char *detail = NULL;

  when = dt_format_relative (dt_audit_item_get_at (event), dt_time_now ());
  detail = object != NULL && *object ? g_strdup_printf ("%s · %s", object, when)
                                     : g_steal_pointer (&when);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                g_strcmp0 (dt_audit_item_get_outcome (event), "ok") == 0
                                ? "document-open-recent-symbolic" : "dialog-warning-symbolic");
  gtk_label_set_label (GTK_LABEL (title), words);
  gtk_label_set_label (GTK_LABEL (subtitle), detail);
}

static void
dt_app_activity_window_dispose (GObject *object)
{
  DtAppActivityWindow *self = DT_APP_ACTIVITY_WINDOW (object);

  g_clear_object (&self->events);

  G_OBJECT_CLASS (dt_app_activity_window_parent_class)->dispose (object);
}

static void
dt_app_activity_window_class_init (DtAppActivityWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dt_app_activity_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0,
                                       "window.close", NULL);
}

static void
dt_app_activity_window_init (DtAppActivityWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

DtAppActivityWindow *
dt_app_activity_window_new (DtDb       *db,
                            const char *client_id,
                            const char *name)
{
  DtAppActivityWindow *self;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *title = NULL;
  GtkWidget *content, *header, *scrolled, *stack, *view, *empty;
  GtkNoSelection *selection;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  self = g_object_new (DT_TYPE_APP_ACTIVITY_WINDOW, NULL);
  self->events = dt_audit_list_new (db, client_id);
  /* Translators: the title of the window of an app's activity; %s is the app's name */
  title = g_strdup_printf (_("Activity of %s"), name != NULL ? name : client_id);
  gtk_window_set_title (GTK_WINDOW (self), title);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->events)));
  view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), g_object_ref (factory));
  gtk_widget_add_css_class (view, "rich-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "document-open-recent-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Activity Yet"));
  stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (stack), scrolled, "events");
  gtk_stack_add_named (GTK_STACK (stack), empty, "empty");
  gtk_stack_set_visible_child (GTK_STACK (stack),
                               g_list_model_get_n_items (G_LIST_MODEL (self->events)) > 0
                               ? scrolled : empty);

  header = adw_header_bar_new ();
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), stack);
  adw_window_set_content (ADW_WINDOW (self), content);
  return self;
}

guint
dt_app_activity_window_get_n_events (DtAppActivityWindow *self)
{
  g_return_val_if_fail (DT_IS_APP_ACTIVITY_WINDOW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->events));
}

/* dt-form.c: entry rows with inline validation in a message dialog. */
#define G_LOG_DOMAIN "dt-form"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-form.h"

typedef struct
{
  char        *key;
  AdwEntryRow *entry;
  GtkWidget   *message_row;
  GtkLabel    *message;
  DtFormCheck  check;
  gpointer     check_data;
  gboolean     touched;    /* no red before the user typed there */
} Field;

typedef struct
{
  char              *key;
  AdwComboRow       *row;
  char             **ids;
} Choice;

struct _DtForm
{
  GtkWidget      *dialog;
  GtkWidget      *group;
  GtkWidget      *section;    /* the expander rows go into, or NULL */
  GPtrArray      *fields;
  GPtrArray      *choices;
  DtFormDone      done;
  gpointer        user_data;
  GDestroyNotify  destroy;
};

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->key);
  g_free (field);
}

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_free (choice->key);
  g_strfreev (choice->ids);
  g_free (choice);
}

/* Adds @row to the open section, or to the form's group. */
static void
add_to_form (DtForm    *form,
             GtkWidget *row)
{
  if (form->section != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (form->section), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->group), row);
}

static void
form_free (gpointer data,
           GClosure *closure)
{
  DtForm *form = data;

  if (form->destroy != NULL)
    form->destroy (form->user_data);
  g_ptr_array_unref (form->fields);
  g_ptr_array_unref (form->choices);
  g_free (form);
}

static gboolean
revalidate (DtForm *form)
{
  gboolean all_ok = TRUE;

  for (guint i = 0; i < form->fields->len; i++)
    {
      Field *field = g_ptr_array_index (form->fields, i);
      g_autofree char *message = NULL;

      if (field->check != NULL)
        message = field->check (gtk_editable_get_text (GTK_EDITABLE (field->entry)),
                                field->check_data);
      all_ok = all_ok && message == NULL;
      gtk_label_set_label (field->message, message != NULL ? message : "");
      gtk_widget_set_visible (field->message_row, message != NULL && field->touched);
      if (message != NULL && field->touched)
        gtk_widget_add_css_class (GTK_WIDGET (field->entry), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (field->entry), "error");
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "ok", all_ok);
  return all_ok;
}

static void
on_changed_cb (GtkEditable *editable,
               DtForm      *form)
{
  for (guint i = 0; i < form->fields->len; i++)
    {
      Field *field = g_ptr_array_index (form->fields, i);
      if (GTK_EDITABLE (field->entry) == editable)
        field->touched = TRUE;
    }
  revalidate (form);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                DtForm           *form)
{
  if (g_str_equal (response, "ok") && revalidate (form) && form->done != NULL)
    form->done (form, form->user_data);
}

DtForm *
dt_form_new (GtkWidget      *relative_to,
             const char     *heading,
             const char     *body,
             const char     *ok_label,
             DtFormDone      done,
             gpointer        user_data,
             GDestroyNotify  destroy)
{
  DtForm *form = g_new0 (DtForm, 1);
  GtkRoot *root = relative_to != NULL ? gtk_widget_get_root (relative_to) : NULL;

  form->fields = g_ptr_array_new_with_free_func (field_free);
  form->choices = g_ptr_array_new_with_free_func (choice_free);
  form->done = done;
  form->user_data = user_data;
  form->destroy = destroy;
  form->dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog),
                                    "cancel", C_("form", "_Cancel"),
                                    "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (form->dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");
  form->group = adw_preferences_group_new ();
  gtk_widget_set_size_request (form->group, 360, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), form->group);
  g_signal_connect_data (form->dialog, "response", G_CALLBACK (on_response_cb), form, form_free,
                         0);
  return form;
}

GtkWidget *
dt_form_add_entry (DtForm      *form,
                   const char  *key,
                   const char  *title,
                   const char  *initial,
                   DtFormCheck  check,
                   gpointer     check_data)
{
  Field *field = g_new0 (Field, 1);
  GtkWidget *label;

  field->key = g_strdup (key);
  field->check = check;
  field->check_data = check_data;
  field->entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->entry), title);
  gtk_editable_set_text (GTK_EDITABLE (field->entry), initial != NULL ? initial : "");
  adw_entry_row_set_activates_default (field->entry, TRUE);
  g_signal_connect (field->entry, "changed", G_CALLBACK (on_changed_cb), form);

  /* The message sits in its own row right under the field it is about. */
  field->message_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->message_row), FALSE);
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->message_row), label);
  gtk_widget_set_visible (field->message_row, FALSE);
  field->message = GTK_LABEL (label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);

  add_to_form (form, GTK_WIDGET (field->entry));
  add_to_form (form, field->message_row);
  g_object_set_data (G_OBJECT (field->entry), "dt-section", form->section);
  g_ptr_array_add (form->fields, field);
  return GTK_WIDGET (field->entry);
}

void
dt_form_add_row (DtForm    *form,
                 GtkWidget *row)
{
  add_to_form (form, row);
}

void
dt_form_begin_section (DtForm     *form,
                       const char *title,
                       const char *subtitle)
{
  form->section = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->section), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (form->section), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form->group), form->section);
}

GtkWidget *
dt_form_add_choice (DtForm            *form,
                    const char        *key,
                    const char        *title,
                    const char *const *ids,
                    const char *const *labels,
                    const char        *active)
{
  Choice *choice = g_new0 (Choice, 1);
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char *const *) labels);
  guint selected = 0;

  choice->key = g_strdup (key);
  choice->ids = g_strdupv ((char **) ids);
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], active) == 0)
      selected = i;
  choice->row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice->row), title);
  adw_combo_row_set_model (choice->row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (choice->row, selected);
  g_object_set_data (G_OBJECT (choice->row), "dt-section", form->section);
  add_to_form (form, GTK_WIDGET (choice->row));
  g_ptr_array_add (form->choices, choice);
  return GTK_WIDGET (choice->row);
}

const char *
dt_form_get_choice (DtForm     *form,
                    const char *key)
{
  for (guint i = 0; i < form->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (form->choices, i);
      if (g_str_equal (choice->key, key))
        return choice->ids[adw_combo_row_get_selected (choice->row)];
    }
  g_return_val_if_reached (NULL);
}

void
dt_form_touch (DtForm     *form,
               const char *key)
{
  for (guint i = 0; i < form->fields->len; i++)
    {
      Field *field = g_ptr_array_index (form->fields, i);
      if (g_str_equal (field->key, key))
        field->touched = TRUE;
    }
  revalidate (form);
}

gboolean
dt_form_focus (DtForm     *form,
               const char *key)
{
  GtkWidget *widget = NULL;
  GtkWidget *section;

  for (guint i = 0; i < form->fields->len && widget == NULL; i++)
    {
      Field *field = g_ptr_array_index (form->fields, i);
      if (g_str_equal (field->key, key))
        widget = GTK_WIDGET (field->entry);
    }
  for (guint i = 0; i < form->choices->len && widget == NULL; i++)
    {
      Choice *choice = g_ptr_array_index (form->choices, i);
      if (g_str_equal (choice->key, key))
        widget = GTK_WIDGET (choice->row);
    }
  if (widget == NULL)
    return FALSE;
  section = g_object_get_data (G_OBJECT (widget), "dt-section");
  if (section != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (section), TRUE);
  gtk_widget_grab_focus (widget);
  return TRUE;
}

const char *
dt_form_get_text (DtForm     *form,
                  const char *key)
{
  for (guint i = 0; i < form->fields->len; i++)
    {
      Field *field = g_ptr_array_index (form->fields, i);
      if (g_str_equal (field->key, key))
        return gtk_editable_get_text (GTK_EDITABLE (field->entry));
    }
  g_return_val_if_reached (NULL);
}

GtkWidget *
dt_form_get_dialog (DtForm *form)
{
  return form->dialog;
}

GtkWidget *
dt_form_present (DtForm *form)
{
  GtkWidget *dialog = form->dialog;

  revalidate (form);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

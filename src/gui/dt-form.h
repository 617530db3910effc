/* dt-form.h: a small form in an AdwMessageDialog: entry rows, each with its check and the
 * message shown right under it, and an OK response that stays off until all are right. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _DtForm DtForm;

/* Returns NULL when @text is fine, else the message to show (freed by the form). */
typedef char *(*DtFormCheck) (const char *text,
                              gpointer    user_data);
/* Called on OK with every field valid. */
typedef void (*DtFormDone) (DtForm   *form,
                            gpointer  user_data);

DtForm     *dt_form_new        (GtkWidget      *relative_to,
                                const char     *heading,
                                const char     *body,
                                const char     *ok_label,
                                DtFormDone      done,
                                gpointer        user_data,
                                GDestroyNotify  destroy);
/* Adds an entry row called @key. */
GtkWidget  *dt_form_add_entry  (DtForm         *form,
                                const char     *key,
                                const char     *title,
                                const char     *initial,
                                DtFormCheck     check,
                                gpointer        check_data);
/* Adds any row (a combo row, a switch row) without a check. */
void        dt_form_add_row    (DtForm         *form,
                                GtkWidget      *row);
/* Rows added after this go into a collapsed expander row titled @title (with @subtitle, may
 * be NULL), for fields most people never need. */
void        dt_form_begin_section (DtForm      *form,
                                   const char  *title,
                                   const char  *subtitle);
/* A drop-down called @key offering @ids (NULL-terminated), shown as @labels; @active is
 * chosen (the first when it is none of them). */
GtkWidget  *dt_form_add_choice (DtForm             *form,
                                const char         *key,
                                const char         *title,
                                const char *const  *ids,
                                const char *const  *labels,
                                const char         *active);
const char *dt_form_get_text   (DtForm         *form,
                                const char     *key);
/* The id of the choice @key shows. */
const char *dt_form_get_choice (DtForm         *form,
                                const char     *key);
/* Marks field @key as edited by the user: its message shows even before they typed there. */
void        dt_form_touch      (DtForm         *form,
                                const char     *key);
/* Moves the keyboard focus to field @key, opening its section; FALSE when there is none. */
gboolean    dt_form_focus      (DtForm         *form,
                                const char     *key);
GtkWidget  *dt_form_get_dialog (DtForm         *form);
/* Presents the dialog; it frees the form when it closes. */
GtkWidget  *dt_form_present    (DtForm         *form);

G_END_DECLS

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
const char *dt_form_get_text   (DtForm         *form,
                                const char     *key);
GtkWidget  *dt_form_get_dialog (DtForm         *form);
/* Presents the dialog; it frees the form when it closes. */
GtkWidget  *dt_form_present    (DtForm         *form);

G_END_DECLS

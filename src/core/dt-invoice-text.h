/* dt-invoice-text.h: an invoice or credit note as plain text (e-mail bodies, previews, terminals). */
#pragma once

#include <glib.h>

#include "dt-invoice-document.h"

G_BEGIN_DECLS

/* The same content as the PDF in monospaced columns no wider than @width display columns
 * (0 → 78; at least 40). Columns are aligned by display width, so CJK text (two columns a
 * character) and combining marks keep the figures lined up. Lines end with '\n'. */
char   *dt_invoice_text_render        (const DtInvoiceDocument *doc,
                                       guint                    width);

/* The number of terminal columns @text takes: wide (CJK) characters count two, combining
 * and zero-width characters none. Stops at the first invalid byte. */
gsize   dt_invoice_text_display_width (const char              *text);

G_END_DECLS

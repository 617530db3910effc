/* dt-invoice-pdf.h: an invoice or credit note drawn as a printable PDF (cairo + pango). */
#pragma once

#include <gio/gio.h>

#include "dt-invoice-document.h"

G_BEGIN_DECLS

typedef enum
{
  DT_PAPER_AUTO,    /* Letter for currencies of Letter countries (USD, CAD, MXN…), else A4 */
  DT_PAPER_A4,
  DT_PAPER_LETTER,
} DtPaperSize;

/* The paper DT_PAPER_AUTO picks for @currency: never DT_PAPER_AUTO itself. */
DtPaperSize  dt_invoice_pdf_paper_for_currency (const char              *currency);

/* Lays the document out on as many pages as its lines need (the table header repeats on
 * each page, every page carries the footer and "Page n of m"). Text is shaped by Pango, so
 * any script prints, with font fallback for scripts the main font lacks. Safe to call from
 * a worker thread (Pango keeps a font map per thread); labels follow the calling thread's
 * locale. A document with a character no font can draw is refused (see
 * dt_invoice_pdf_check_glyphs). */
GBytes      *dt_invoice_pdf_render             (const DtInvoiceDocument *doc,
                                                DtPaperSize              paper,
                                                GError                 **error);
/* Lays @doc out as the PDF would and checks that every character found a glyph after Pango's
 * font fallback. If one did not (no installed font has it), returns FALSE with
 * DT_ERROR_UNAVAILABLE and a message that names the characters, the text they are in and
 * what to install; dt_invoice_pdf_render refuses such a document with the same error, so no
 * PDF with empty boxes where a name should be is ever made. */
gboolean     dt_invoice_pdf_check_glyphs       (const DtInvoiceDocument *doc,
                                                GError                 **error);
/* The same pages drawn by the same code, each on a cairo recording surface (vector, any scale)
 * of @out_width × @out_height points: the window's preview. */
GPtrArray   *dt_invoice_pdf_record_pages       (const DtInvoiceDocument *doc,
                                                DtPaperSize              paper,
                                                double                  *out_width,
                                                double                  *out_height);

/* The same, written to @path (replaced atomically). */
gboolean     dt_invoice_pdf_write              (const DtInvoiceDocument *doc,
                                                DtPaperSize              paper,
                                                const char              *path,
                                                GError                 **error);
/* A file name for the PDF an e-mail attaches: "INV-2026-0001.pdf", "draft-invoice.pdf";
 * characters a file system refuses are replaced. */
char        *dt_invoice_pdf_file_name          (const DtInvoiceDocument *doc);

G_END_DECLS

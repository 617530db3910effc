/* dt-invoice-pdf.c: lays an invoice out on A4 or Letter pages and writes it as PDF. */
#define G_LOG_DOMAIN "dt-invoice-pdf"

#include "config.h"

#include "dt-invoice-pdf.h"
#include "dt-error.h"
#include "dt-money.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Everything in points (1/72 inch). Dark text on white, thin rules, no fills: it prints
 * on any office printer and reads on screen. */
#define MARGIN        50.0
#define FONT_FAMILY   "Sans"
#define SIZE_BODY     9.5
#define SIZE_SMALL    8.0
#define SIZE_SELLER   15.0
#define SIZE_TITLE    22.0
#define SIZE_TOTAL    11.5
#define CELL_PAD_Y    4.0
#define COL_GAP       10.0

typedef enum
{
  COL_DESCRIPTION,
  COL_QUANTITY,
  COL_PRICE,
  COL_TAX,
  COL_AMOUNT,
  N_COLS
} Column;

typedef struct
{
  cairo_t                 *cr;
  const DtInvoiceDocument *doc;
  double                   page_w, page_h;
  double                   content_w;
  double                   y;
  double                   bottom;       /* lowest y for content above the footer */
  int                      page;
  int                      page_count;   /* known in the second pass; 0 while counting */
  GPtrArray               *recorded;     /* on-screen preview: one recording surface a page */
  GPtrArray               *missing;      /* MissingText: texts with characters no font has */
  double                   col_x[N_COLS];
  double                   col_w[N_COLS];
} Pdf;

static void
set_ink (cairo_t *cr,
         double   grey)
{
  cairo_set_source_rgb (cr, grey, grey, grey);
}

#define INK_TEXT  0.10
#define INK_MUTED 0.38
#define INK_RULE  0.62

/* A text of the document that Pango could not draw in full, after its font fallback. */
typedef struct
{
  char    *text;
  GString *chars;   /* each character without a glyph, once, in the order they appear */
} MissingText;

static void
missing_text_free (MissingText *missing)
{
  g_free (missing->text);
  g_string_free (missing->chars, TRUE);
  g_free (missing);
}

/* Notes the characters of @layout's text that came out as Pango's unknown-glyph boxes. */
static void
note_missing_glyphs (Pdf         *pdf,
                     PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  g_autoptr(GString) chars = NULL;
  PangoLayoutIter *iter;

  if (pdf->missing == NULL || pango_layout_get_unknown_glyphs_count (layout) == 0)
    return;
  for (guint i = 0; i < pdf->missing->len; i++)
    if (g_str_equal (((MissingText *) pdf->missing->pdata[i])->text, text))
      return;

  chars = g_string_new (NULL);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      for (int g = 0; g < run->glyphs->num_glyphs; g++)
        {
          char utf8[8] = { 0 };
          gunichar c;

          if (!(run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            continue;
          c = g_utf8_get_char (text + run->item->offset + run->glyphs->log_clusters[g]);
          g_unichar_to_utf8 (c, utf8);
          if (!g_unichar_isspace (c) && strstr (chars->str, utf8) == NULL)
            g_string_append (chars, utf8);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  if (chars->len > 0)
    {
      MissingText *missing = g_new0 (MissingText, 1);

      missing->text = g_strdup (text);
      missing->chars = g_steal_pointer (&chars);
      g_ptr_array_add (pdf->missing, missing);
    }
}

static PangoLayout *
make_layout (Pdf            *pdf,
             const char     *text,
             double          size,
             gboolean        bold,
             double          width,
             PangoAlignment  align)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  /* Keep our alignment for right-to-left names too; Pango still orders and shapes them. */
  pango_layout_set_auto_dir (layout, FALSE);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text ? text : "", -1);
  note_missing_glyphs (pdf, layout);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
draw_layout (Pdf         *pdf,
             PangoLayout *layout,
             double       x,
             double       y,
             double       grey)
{
  set_ink (pdf->cr, grey);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

/* Draws @text at (x, y) and returns its height. */
static double
draw_text (Pdf            *pdf,
           const char     *text,
           double          x,
           double          y,
           double          width,
           double          size,
           gboolean        bold,
           PangoAlignment  align,
           double          grey)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  layout = make_layout (pdf, text, size, bold, width, align);
  draw_layout (pdf, layout, x, y, grey);
  return layout_height (layout);
}

static double
text_height (Pdf        *pdf,
             const char *text,
             double      width,
             double      size,
             gboolean    bold)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  layout = make_layout (pdf, text, size, bold, width, PANGO_ALIGN_LEFT);
  return layout_height (layout);
}

static void
draw_rule (Pdf    *pdf,
           double  x,
           double  y,
           double  width,
           double  line_width,
           double  grey)
{
  set_ink (pdf->cr, grey);
  cairo_set_line_width (pdf->cr, line_width);
  cairo_move_to (pdf->cr, x, y);
  cairo_line_to (pdf->cr, x + width, y);
  cairo_stroke (pdf->cr);
}

static gboolean
has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

/* The footer block: the seller's footer text, then the page number. */
static char *
footer_text (Pdf *pdf)
{
  return g_strdup (pdf->doc->seller.footer ? pdf->doc->seller.footer : "");
}

static double
footer_height (Pdf *pdf)
{
  g_autofree char *footer = footer_text (pdf);

  return text_height (pdf, footer, pdf->content_w, SIZE_SMALL, FALSE) +
         text_height (pdf, "Page 1", pdf->content_w, SIZE_SMALL, FALSE) + 14;
}

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *footer = footer_text (pdf);
  g_autofree char *page = NULL;
  double page_h = text_height (pdf, "Page 1", pdf->content_w, SIZE_SMALL, FALSE);
  double footer_h = text_height (pdf, footer, pdf->content_w, SIZE_SMALL, FALSE);
  double y = pdf->page_h - MARGIN * 0.7 - page_h;

  if (pdf->page_count > 0)
    /* Translators: at the foot of each page of an invoice. */
    page = g_strdup_printf (_("Page %d of %d"), pdf->page, pdf->page_count);
  else
    page = g_strdup_printf (_("Page %d of %d"), pdf->page, pdf->page);

  if (footer_h > 0)
    {
      draw_rule (pdf, MARGIN, y - footer_h - 8, pdf->content_w, 0.4, INK_RULE);
      draw_text (pdf, footer, MARGIN, y - footer_h - 4, pdf->content_w, SIZE_SMALL, FALSE,
                 PANGO_ALIGN_CENTER, INK_MUTED);
    }
  draw_text (pdf, page, MARGIN, y, pdf->content_w, SIZE_SMALL, FALSE, PANGO_ALIGN_RIGHT,
             INK_MUTED);
}

static void
draw_table_header (Pdf *pdf)
{
  const char *labels[N_COLS] = {
    _("Description"), _("Quantity"), _("Unit price"),
    /* Translators: the column with each line's tax rate. */
    _("Tax"), _("Amount"),
  };
  double h = 0;

  for (int c = 0; c < N_COLS; c++)
    h = MAX (h, draw_text (pdf, labels[c], pdf->col_x[c], pdf->y, pdf->col_w[c], SIZE_SMALL,
                           TRUE, c == COL_DESCRIPTION ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT,
                           INK_TEXT));
  pdf->y += h + 3;
  draw_rule (pdf, MARGIN, pdf->y, pdf->content_w, 0.8, INK_TEXT);
  pdf->y += 2;
}

/* The PDF gets one page after another on one surface; the on-screen preview records each page
 * on a surface of its own. Either way the same code draws them. */
static void
begin_page (Pdf *pdf)
{
  cairo_surface_t *page;
  cairo_font_options_t *options;

  if (pdf->recorded == NULL)
    return;
  page = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                         &(cairo_rectangle_t) { 0, 0, pdf->page_w, pdf->page_h });
  g_ptr_array_add (pdf->recorded, page);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  pdf->cr = cairo_create (page);

  /* Unhinted metrics: positions do not depend on a screen's pixel grid. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (pdf->cr, options);
  cairo_font_options_destroy (options);
}

static void
finish_page (Pdf *pdf)
{
  if (pdf->recorded == NULL)
    cairo_show_page (pdf->cr);
}

static void
new_page (Pdf      *pdf,
          gboolean  with_table_header)
{
  g_autofree char *continued = NULL;

  draw_footer (pdf);
  finish_page (pdf);
  begin_page (pdf);
  pdf->page++;
  pdf->y = MARGIN;

  /* Translators: at the top of the second and later pages, e.g. "Invoice INV-2026-0001 (continued)". */
  continued = g_strdup_printf (_("%s %s (continued)"), dt_invoice_document_title (pdf->doc),
                               dt_invoice_document_display_number (pdf->doc));
  pdf->y += draw_text (pdf, continued, MARGIN, pdf->y, pdf->content_w, SIZE_SMALL, FALSE,
                       PANGO_ALIGN_LEFT, INK_MUTED);
  pdf->y += 14;
  if (with_table_header)
    draw_table_header (pdf);
}

static void
ensure_room (Pdf      *pdf,
             double    height,
             gboolean  with_table_header)
{
  if (pdf->y + height > pdf->bottom)
    new_page (pdf, with_table_header);
}

static char *
join_nonempty (const char *separator,
               ...)
{
  g_autoptr(GString) out = g_string_new (NULL);
  va_list args;
  const char *s;

  va_start (args, separator);
  while ((s = va_arg (args, const char *)) != NULL)
    if (*s != '\0')
      {
        if (out->len > 0)
          g_string_append (out, separator);
        g_string_append (out, s);
      }
  va_end (args);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  GBytes *bytes;
  gsize   offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (reader->bytes, &size);

  if (reader->offset + length > size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The logo at the top left, at most 54 pt high and a third of the width; returns its height. */
static double
draw_logo (Pdf *pdf)
{
  PngReader reader = { pdf->doc->logo_png, 0 };
  cairo_surface_t *image;
  double w, h, scale;

  if (pdf->doc->logo_png == NULL)
    return 0;
  image = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (image) == 0 || cairo_image_surface_get_height (image) == 0)
    {
      g_debug ("the business logo is not a readable PNG; printing without it");
      cairo_surface_destroy (image);
      return 0;
    }
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  scale = MIN (54.0 / h, pdf->content_w / 3 / w);
  cairo_save (pdf->cr);
  cairo_translate (pdf->cr, MARGIN, pdf->y);
  cairo_scale (pdf->cr, scale, scale);
  cairo_set_source_surface (pdf->cr, image, 0, 0);
  cairo_paint (pdf->cr);
  cairo_restore (pdf->cr);
  cairo_surface_destroy (image);
  return h * scale + 8;
}

/* Label / value pairs in the right half of the first page (dates, period…). */
static double
draw_key_values (Pdf         *pdf,
                 double       x,
                 double       y,
                 double       width,
                 const char **pairs)
{
  double start = y, label_w = 0;

  /* The labels take the width of the widest one (at most half), the values the rest. */
  for (int i = 0; pairs[i] != NULL; i += 2)
    if (has_text (pairs[i + 1]))
      {
        g_autoptr(PangoLayout) layout = make_layout (pdf, pairs[i], SIZE_BODY, FALSE, -1,
                                                     PANGO_ALIGN_LEFT);
        int w, h;

        pango_layout_get_size (layout, &w, &h);
        label_w = MAX (label_w, (double) w / PANGO_SCALE + 6);
      }
  label_w = MIN (label_w, width * 0.5);

  for (int i = 0; pairs[i] != NULL; i += 2)
    {
      double h;

      if (!has_text (pairs[i + 1]))
        continue;
      h = draw_text (pdf, pairs[i], x, y, label_w, SIZE_BODY, FALSE, PANGO_ALIGN_LEFT,
                     INK_MUTED);
      h = MAX (h, draw_text (pdf, pairs[i + 1], x + label_w, y, width - label_w, SIZE_BODY,
                             FALSE, PANGO_ALIGN_RIGHT, INK_TEXT));
      y += h + 2;
    }
  return y - start;
}

static void
draw_heading (Pdf *pdf)
{
  const DtInvoiceDocument *doc = pdf->doc;
  double left_w = pdf->content_w * 0.5 - COL_GAP, right_x = MARGIN + left_w + COL_GAP;
  double right_w = pdf->content_w - left_w - COL_GAP;
  double left_y = pdf->y, right_y = pdf->y;
  g_autofree char *tax_id = NULL;
  g_autofree char *details = NULL;
  g_autofree char *issue = dt_invoice_format_date (doc->issue_date);
  g_autofree char *due = dt_invoice_format_date (doc->due_date);
  g_autofree char *from = dt_invoice_format_date (doc->period_from);
  g_autofree char *to = dt_invoice_format_date (doc->period_to);
  g_autofree char *period = NULL;
  const char *seller_title = dt_invoice_document_seller_title (doc);
  const char *status = NULL;
  const char *pairs[16];
  int n = 0;

  /* The seller: logo, business name, then who and where. */
  left_y += draw_logo (pdf);
  left_y += draw_text (pdf, seller_title, MARGIN, left_y, left_w, SIZE_SELLER, TRUE,
                       PANGO_ALIGN_LEFT, INK_TEXT);
  left_y += 4;
  if (has_text (doc->seller.tax_id))
    /* Translators: the tax (VAT) identification number, e.g. "Tax ID: FR12345678901". */
    tax_id = g_strdup_printf (_("Tax ID: %s"), doc->seller.tax_id);
  details = join_nonempty ("\n",
                           g_strcmp0 (seller_title, doc->seller.name) != 0 && doc->seller.name
                             ? doc->seller.name : "",
                           doc->seller.address ? doc->seller.address : "",
                           doc->seller.email ? doc->seller.email : "",
                           tax_id ? tax_id : "",
                           NULL);
  left_y += draw_text (pdf, details, MARGIN, left_y, left_w, SIZE_BODY, FALSE, PANGO_ALIGN_LEFT,
                       INK_MUTED);

  /* The document: what it is, its number and its dates. */
  right_y += draw_text (pdf, dt_invoice_document_title (doc), right_x, right_y, right_w,
                        SIZE_TITLE, FALSE, PANGO_ALIGN_RIGHT, INK_TEXT);
  right_y += draw_text (pdf, dt_invoice_document_display_number (doc), right_x, right_y, right_w,
                        SIZE_TOTAL, TRUE, PANGO_ALIGN_RIGHT, INK_TEXT);
  right_y += 10;

  if (from != NULL && to != NULL)
    /* Translators: the work period an invoice covers, from one date to another. */
    period = g_strdup_printf (_("%s – %s"), from, to);
  if (g_strcmp0 (doc->status, "void") == 0)
    /* Translators: the status of an invoice that was cancelled. */
    status = _("Void");

  pairs[n++] = _("Issue date");
  pairs[n++] = issue;
  pairs[n++] = _("Due date");
  pairs[n++] = due;
  pairs[n++] = _("Period");
  pairs[n++] = period;
  pairs[n++] = _("Corrects invoice");
  pairs[n++] = doc->kind == DT_INVOICE_KIND_CREDIT_NOTE ? doc->corrects_number : NULL;
  pairs[n++] = _("Status");
  pairs[n++] = status;
  pairs[n++] = NULL;
  right_y += draw_key_values (pdf, right_x, right_y, right_w, pairs);

  pdf->y = MAX (left_y, right_y) + 22;
}

static void
draw_bill_to (Pdf *pdf)
{
  const DtInvoiceDocument *doc = pdf->doc;
  double width = pdf->content_w * 0.55;
  g_autofree char *emails = doc->bill_to.emails ? g_strjoinv (", ", doc->bill_to.emails) : NULL;
  g_autofree char *tax_id = NULL;
  g_autofree char *details = NULL;

  if (has_text (doc->bill_to.tax_id))
    tax_id = g_strdup_printf (_("Tax ID: %s"), doc->bill_to.tax_id);
  details = join_nonempty ("\n", doc->bill_to.address ? doc->bill_to.address : "",
                           emails ? emails : "", tax_id ? tax_id : "", NULL);

  /* Translators: the heading above the client's name and address on an invoice. */
  pdf->y += draw_text (pdf, _("Bill to"), MARGIN, pdf->y, width, SIZE_SMALL, TRUE,
                       PANGO_ALIGN_LEFT, INK_MUTED) + 3;
  pdf->y += draw_text (pdf, doc->bill_to.name, MARGIN, pdf->y, width, SIZE_TOTAL, TRUE,
                       PANGO_ALIGN_LEFT, INK_TEXT) + 2;
  pdf->y += draw_text (pdf, details, MARGIN, pdf->y, width, SIZE_BODY, FALSE, PANGO_ALIGN_LEFT,
                       INK_TEXT);
  pdf->y += 24;
}

static char *
format_unit_price (const DtInvoiceDocumentLine *line,
                   const char                  *currency)
{
  g_autofree char *money = dt_money_format (line->unit_price, currency);

  if (line->unit == DT_INVOICE_UNIT_MINUTES)
    /* Translators: a price per hour, e.g. "€90.00/h". */
    return g_strdup_printf (_("%s/h"), money);
  return g_steal_pointer (&money);
}

static void
draw_lines (Pdf *pdf)
{
  const DtInvoiceDocument *doc = pdf->doc;

  draw_table_header (pdf);
  for (guint i = 0; i < doc->lines->len; i++)
    {
      const DtInvoiceDocumentLine *line = g_ptr_array_index (doc->lines, i);
      g_autofree char *quantity = dt_invoice_format_quantity (line);
      g_autofree char *price = format_unit_price (line, doc->currency);
      g_autofree char *rate = dt_invoice_format_rate (line->tax_rate_bp);
      g_autofree char *amount = dt_money_format (line->amount, doc->currency);
      const char *cells[N_COLS] = { line->description, quantity, price, rate, amount };
      PangoLayout *layouts[N_COLS];
      double row_h = 0;

      for (int c = 0; c < N_COLS; c++)
        {
          layouts[c] = make_layout (pdf, cells[c], SIZE_BODY, FALSE, pdf->col_w[c],
                                    c == COL_DESCRIPTION ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
          row_h = MAX (row_h, layout_height (layouts[c]));
        }
      row_h += 2 * CELL_PAD_Y;

      /* A row taller than a whole page is drawn anyway rather than looping forever. */
      if (pdf->y + row_h > pdf->bottom && row_h < pdf->bottom - MARGIN - 60)
        new_page (pdf, TRUE);

      for (int c = 0; c < N_COLS; c++)
        {
          draw_layout (pdf, layouts[c], pdf->col_x[c], pdf->y + CELL_PAD_Y, INK_TEXT);
          g_object_unref (layouts[c]);
        }
      pdf->y += row_h;
      draw_rule (pdf, MARGIN, pdf->y, pdf->content_w, 0.3, INK_RULE);
    }
  pdf->y += 14;
}

typedef struct
{
  const char *label;
  char       *value;
  gboolean    strong;
  gboolean    rule_above;
} TotalRow;

static gboolean
show_tax_summary (const DtInvoiceDocument *doc)
{
  if (doc->tax_groups == NULL || doc->tax_groups->len == 0)
    return FALSE;
  return doc->tax_groups->len > 1 ||
         g_array_index (doc->tax_groups, DtInvoiceTaxGroup, 0).rate_bp != 0;
}

/* The tax summary (left) and the totals (right), side by side, kept together on one page. */
static void
draw_totals (Pdf *pdf)
{
  const DtInvoiceDocument *doc = pdf->doc;
  TotalRow rows[8];
  int n = 0;
  double tax_w = pdf->content_w * 0.46, totals_x = MARGIN + pdf->content_w * 0.5;
  double totals_w = pdf->content_w * 0.5;
  double tax_h = 0, totals_h = 0, y;
  gboolean summary = show_tax_summary (doc);
  g_autofree char *discount_label = NULL;

  rows[n++] = (TotalRow) { _("Subtotal"), dt_money_format (doc->subtotal, doc->currency) };
  if (doc->discount != 0)
    {
      g_autofree char *rate = dt_invoice_format_rate (doc->discount_bp);

      if (doc->discount_bp > 0 && doc->discount_fixed == 0)
        /* Translators: a percentage discount, e.g. "Discount (10%)". */
        discount_label = g_strdup_printf (_("Discount (%s)"), rate);
      rows[n++] = (TotalRow) { discount_label ? discount_label : _("Discount"),
                               dt_money_format (-doc->discount, doc->currency) };
    }
  if (summary)
    rows[n++] = (TotalRow) { _("Tax"), dt_money_format (doc->tax_total, doc->currency) };
  rows[n++] = (TotalRow) { _("Total"), dt_money_format (doc->total, doc->currency), TRUE, TRUE };
  if (doc->paid != 0)
    {
      rows[n++] = (TotalRow) { _("Paid"), dt_money_format (-doc->paid, doc->currency) };
      rows[n++] = (TotalRow) { _("Balance due"), dt_money_format (doc->balance, doc->currency),
                               TRUE, TRUE };
    }

  /* Measure both blocks first, so they move to the next page together. */
  for (int i = 0; i < n; i++)
    totals_h += text_height (pdf, rows[i].value, totals_w, rows[i].strong ? SIZE_TOTAL : SIZE_BODY,
                             rows[i].strong) + (rows[i].rule_above ? 8 : 3);
  if (summary)
    tax_h = (text_height (pdf, "Tax", tax_w, SIZE_BODY, FALSE) + 3) *
            (doc->tax_groups->len + 2) + 6;
  ensure_room (pdf, MAX (totals_h, tax_h), FALSE);

  y = pdf->y;
  for (int i = 0; i < n; i++)
    {
      double size = rows[i].strong ? SIZE_TOTAL : SIZE_BODY, h;

      if (rows[i].rule_above)
        {
          draw_rule (pdf, totals_x, y + 2, totals_w, 0.6, INK_TEXT);
          y += 5;
        }
      h = draw_text (pdf, rows[i].label, totals_x, y, totals_w * 0.5, size, rows[i].strong,
                     PANGO_ALIGN_LEFT, INK_TEXT);
      h = MAX (h, draw_text (pdf, rows[i].value, totals_x + totals_w * 0.35, y, totals_w * 0.65,
                             size, rows[i].strong, PANGO_ALIGN_RIGHT, INK_TEXT));
      y += h + 3;
      g_free (rows[i].value);
    }
  totals_h = y - pdf->y;

  if (summary)
    {
      double cw = tax_w / 3;
      double ty = pdf->y;
      const char *heads[3] = {
        /* Translators: columns of the tax summary: the rate, the amount taxed, the tax. */
        _("Tax rate"), _("Net amount"), _("Tax amount"),
      };
      double h = 0;

      for (int c = 0; c < 3; c++)
        h = MAX (h, draw_text (pdf, heads[c], MARGIN + c * cw, ty, cw - 4, SIZE_SMALL, TRUE,
                               c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT, INK_TEXT));
      ty += h + 2;
      draw_rule (pdf, MARGIN, ty, tax_w, 0.5, INK_TEXT);
      ty += 3;
      for (guint g = 0; g < doc->tax_groups->len; g++)
        {
          const DtInvoiceTaxGroup *group = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, g);
          g_autofree char *rate = dt_invoice_format_rate (group->rate_bp);
          g_autofree char *base = dt_money_format (group->base, doc->currency);
          g_autofree char *tax = dt_money_format (group->tax, doc->currency);
          const char *cells[3] = { rate, base, tax };

          h = 0;
          for (int c = 0; c < 3; c++)
            h = MAX (h, draw_text (pdf, cells[c], MARGIN + c * cw, ty, cw - 4, SIZE_BODY, FALSE,
                                   c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT, INK_TEXT));
          ty += h + 3;
        }
      tax_h = ty - pdf->y;
    }

  pdf->y += MAX (totals_h, tax_h) + 22;
}

/* A heading and a paragraph (notes, terms); moves to a new page rather than split short text. */
static void
draw_paragraph (Pdf        *pdf,
                const char *heading,
                const char *text)
{
  double h;

  if (!has_text (text))
    return;
  h = text_height (pdf, heading, pdf->content_w, SIZE_SMALL, TRUE) + 3 +
      text_height (pdf, text, pdf->content_w, SIZE_BODY, FALSE);
  if (h < pdf->bottom - MARGIN - 60)
    ensure_room (pdf, h, FALSE);
  pdf->y += draw_text (pdf, heading, MARGIN, pdf->y, pdf->content_w, SIZE_SMALL, TRUE,
                       PANGO_ALIGN_LEFT, INK_MUTED) + 3;
  pdf->y += draw_text (pdf, text, MARGIN, pdf->y, pdf->content_w, SIZE_BODY, FALSE,
                       PANGO_ALIGN_LEFT, INK_TEXT) + 14;
}

static void
setup_columns (Pdf *pdf)
{
  /* Fixed widths for the figures; the description takes what is left and wraps in it. */
  const double widths[N_COLS] = { 0, 62, 82, 40, 88 };
  double x = MARGIN + pdf->content_w;

  for (int c = N_COLS - 1; c > COL_DESCRIPTION; c--)
    {
      pdf->col_w[c] = widths[c];
      x -= widths[c];
      pdf->col_x[c] = x;
      x -= COL_GAP;
    }
  pdf->col_x[COL_DESCRIPTION] = MARGIN;
  pdf->col_w[COL_DESCRIPTION] = x - MARGIN;
}

/* Lays out and draws the whole document on @surface; returns the number of pages. */
static int
paint_document (const DtInvoiceDocument *doc,
                cairo_surface_t         *surface,
                GPtrArray               *recorded,
                GPtrArray               *missing,
                double                   page_w,
                double                   page_h,
                int                      page_count)
{
  Pdf pdf = { 0 };
  cairo_font_options_t *options;

  pdf.doc = doc;
  pdf.page_w = page_w;
  pdf.page_h = page_h;
  pdf.content_w = page_w - 2 * MARGIN;
  pdf.page = 1;
  pdf.page_count = page_count;
  pdf.y = MARGIN;
  pdf.recorded = recorded;
  pdf.missing = missing;

  if (recorded != NULL)
    begin_page (&pdf);
  else
    {
      pdf.cr = cairo_create (surface);
      /* Unhinted metrics: positions do not depend on a screen's pixel grid. */
      options = cairo_font_options_create ();
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      cairo_set_font_options (pdf.cr, options);
      cairo_font_options_destroy (options);
    }

  pdf.bottom = page_h - MARGIN * 0.7 - footer_height (&pdf) - 6;
  setup_columns (&pdf);

  draw_heading (&pdf);
  draw_bill_to (&pdf);
  draw_lines (&pdf);
  draw_totals (&pdf);
  draw_paragraph (&pdf, _("Notes"), doc->notes);
  draw_paragraph (&pdf, _("Payment terms"), doc->terms);
  draw_footer (&pdf);
  finish_page (&pdf);
  cairo_destroy (pdf.cr);
  return pdf.page;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The package that brings fonts for @chars on Debian: Noto CJK for Chinese, Japanese and
 * Korean, Noto core (and extra, for rarer scripts) for the rest. */
static const char *
font_package_for (const char *chars)
{
  for (const char *p = chars; *p; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_HAN:
      case G_UNICODE_SCRIPT_HIRAGANA:
      case G_UNICODE_SCRIPT_KATAKANA:
      case G_UNICODE_SCRIPT_HANGUL:
      case G_UNICODE_SCRIPT_BOPOMOFO:
        return "fonts-noto-cjk";
      default:
        break;
      }
  return "fonts-noto-core and fonts-noto-extra";
}

/* "U+5C71 U+7530", the first few only: readable where the characters themselves are not. */
static char *
code_points (const char *chars)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = chars; *p; p = g_utf8_next_char (p), n++)
    {
      if (n == 4)
        {
          g_string_append (out, " …");
          break;
        }
      g_string_append_printf (out, "%sU+%04X", n > 0 ? " " : "", g_utf8_get_char (p));
    }
  return g_string_free (out, FALSE);
}

static gboolean
missing_glyphs_error (GPtrArray  *missing,
                      GError    **error)
{
  g_autoptr(GString) texts = NULL;
  g_autoptr(GString) all_chars = NULL;

  if (missing->len == 0)
    return TRUE;
  texts = g_string_new (NULL);
  all_chars = g_string_new (NULL);
  for (guint i = 0; i < missing->len; i++)
    {
      MissingText *m = missing->pdata[i];
      g_autofree char *codes = code_points (m->chars->str);

      g_string_append (all_chars, m->chars->str);
      if (i == 3)
        {
          g_string_append_printf (texts, _(" and %u more"), missing->len - 3);
          continue;
        }
      if (i > 3)
        continue;
      if (i > 0)
        g_string_append (texts, _("; "));
      /* Translators: the characters no font has, their code points (which a machine without
       * the font can still show), then the text they stand in. */
      g_string_append_printf (texts, _("“%s” (%s) in “%s”"), m->chars->str, codes, m->text);
    }
  /* Translators: the first %s lists texts ("“山田” in “株式会社山田製作所”"), the second names
   * Debian font packages. */
  g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
               _("This document cannot be printed: no installed font can draw %s. Install "
                 "fonts that cover these characters (on Debian: %s) and try again."),
               texts->str, font_package_for (all_chars->str));
  return FALSE;
}

DtPaperSize
dt_invoice_pdf_paper_for_currency (const char *currency)
{
  /* Currencies of countries where Letter is the office paper. */
  static const char *const letter[] = { "USD", "CAD", "MXN", "PHP", "CLP" };

  for (guint i = 0; i < G_N_ELEMENTS (letter); i++)
    if (g_strcmp0 (currency, letter[i]) == 0)
      return DT_PAPER_LETTER;
  return DT_PAPER_A4;
}

static void
paper_points (DtPaperSize              paper,
              const DtInvoiceDocument *doc,
              double                  *w,
              double                  *h)
{
  if (paper == DT_PAPER_AUTO)
    paper = dt_invoice_pdf_paper_for_currency (doc->currency);
  if (paper == DT_PAPER_LETTER)
    {
      *w = 612;
      *h = 792;
    }
  else
    {
      *w = 595.276;
      *h = 841.89;
    }
}

gboolean
dt_invoice_pdf_check_glyphs (const DtInvoiceDocument  *doc,
                             GError                  **error)
{
  g_autoptr(GPtrArray) counting = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  double w, h;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (doc->lines != NULL, FALSE);

  paper_points (DT_PAPER_AUTO, doc, &w, &h);
  counting = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  missing = g_ptr_array_new_with_free_func ((GDestroyNotify) missing_text_free);
  paint_document (doc, NULL, counting, missing, w, h, 0);
  return missing_glyphs_error (missing, error);
}

GPtrArray *
dt_invoice_pdf_record_pages (const DtInvoiceDocument *doc,
                             DtPaperSize              paper,
                             double                  *out_width,
                             double                  *out_height)
{
  g_autoptr(GPtrArray) counting = NULL;
  GPtrArray *pages;
  double w, h;
  int n_pages;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (doc->lines != NULL, NULL);

  paper_points (paper, doc, &w, &h);
  /* As for the PDF: a first pass counts the pages for "Page n of m". */
  counting = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  n_pages = paint_document (doc, NULL, counting, NULL, w, h, 0);
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  paint_document (doc, NULL, pages, NULL, w, h, n_pages);

  if (out_width != NULL)
    *out_width = w;
  if (out_height != NULL)
    *out_height = h;
  return pages;
}

GBytes *
dt_invoice_pdf_render (const DtInvoiceDocument  *doc,
                       DtPaperSize               paper,
                       GError                  **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func ((GDestroyNotify) missing_text_free);
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double w, h;
  int pages;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (doc->lines != NULL, NULL);

  paper_points (paper, doc, &w, &h);

  /* First pass counts the pages, so every page can say "Page n of m", and finds any text
   * that would print as empty boxes: such a PDF is never made. */
  surface = cairo_pdf_surface_create_for_stream (discard_cb, NULL, w, h);
  pages = paint_document (doc, surface, NULL, missing, w, h, 0);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  if (!missing_glyphs_error (missing, error))
    return NULL;

  surface = cairo_pdf_surface_create_for_stream (append_cb, out, w, h);
  title = g_strdup_printf ("%s %s", dt_invoice_document_title (doc),
                           dt_invoice_document_display_number (doc));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  dt_invoice_document_seller_title (doc));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "DoubleTime");
  paint_document (doc, surface, NULL, NULL, w, h, pages);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "could not draw the invoice PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
dt_invoice_pdf_write (const DtInvoiceDocument  *doc,
                      DtPaperSize               paper,
                      const char               *path,
                      GError                  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = dt_invoice_pdf_render (doc, paper, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "could not write the invoice PDF: %s",
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
dt_invoice_pdf_file_name (const DtInvoiceDocument *doc)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  if (doc->number == NULL || *doc->number == '\0')
    base = g_strdup (doc->kind == DT_INVOICE_KIND_CREDIT_NOTE ? "draft-credit-note"
                                                                : "draft-invoice");
  else
    base = g_strdup (doc->number);
  /* Only what every file system and mail client accepts in a file name. */
  g_strcanon (base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", '-');
  if (base[0] == '.')
    base[0] = '-';
  return g_strconcat (base, ".pdf", NULL);
}

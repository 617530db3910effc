/* dt-invoice-text.c: plain-text rendering of an invoice, columns aligned by display width. */
#define G_LOG_DOMAIN "dt-invoice-text"

#include "config.h"

#include "dt-invoice-text.h"
#include "dt-money.h"

#include <glib/gi18n-lib.h>
#include <string.h>

gsize
dt_invoice_text_display_width (const char *text)
{
  gsize width = 0;

  if (text == NULL)
    return 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_spaces (GString *out,
               gssize   count)
{
  for (gssize i = 0; i < count; i++)
    g_string_append_c (out, ' ');
}

/* @text padded on the right (left aligned) or on the left (right aligned) to @width. */
static void
append_cell (GString    *out,
             const char *text,
             gsize       width,
             gboolean    right)
{
  gssize pad = (gssize) width - (gssize) dt_invoice_text_display_width (text);

  if (right)
    append_spaces (out, pad);
  g_string_append (out, text ? text : "");
  if (!right)
    append_spaces (out, pad);
}

/* Splits @text into lines of at most @width display columns: at spaces when it can, inside
 * a word when a word alone is too wide; existing newlines are kept. */
static GPtrArray *
wrap (const char *text,
      gsize       width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = g_strsplit (text ? text : "", "\n", -1);

  width = MAX (width, 2);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      const char *p = paragraphs[i];
      g_autoptr(GString) line = g_string_new (NULL);
      gsize line_w = 0;

      while (*p)
        {
          const char *word_end = p;
          gsize word_w = 0;
          gboolean space = *p == ' ';

          /* One word (or one run of spaces), measured. */
          while (*word_end && (*word_end == ' ') == space)
            {
              gunichar c = g_utf8_get_char (word_end);

              word_w += g_unichar_iszerowidth (c) ? 0 : (g_unichar_iswide (c) ? 2 : 1);
              word_end = g_utf8_next_char (word_end);
              /* CJK text has no spaces: every wide character is a place to break. */
              if (g_unichar_iswide (c))
                break;
            }

          if (space)
            {
              if (line_w > 0 && line_w + word_w <= width)
                {
                  g_string_append_len (line, p, word_end - p);
                  line_w += word_w;
                }
              else if (line_w > 0)
                {
                  g_ptr_array_add (lines, g_strdup (line->str));
                  g_string_truncate (line, 0);
                  line_w = 0;
                }
              p = word_end;
              continue;
            }

          if (line_w + word_w > width && line_w > 0)
            {
              g_strchomp (line->str);
              g_ptr_array_add (lines, g_strdup (line->str));
              g_string_truncate (line, 0);
              line_w = 0;
            }
          if (word_w > width)
            {
              /* A word wider than the column: cut it character by character. */
              for (const char *q = p; q < word_end; q = g_utf8_next_char (q))
                {
                  gunichar c = g_utf8_get_char (q);
                  gsize cw = g_unichar_iszerowidth (c) ? 0 : (g_unichar_iswide (c) ? 2 : 1);

                  if (line_w + cw > width && line_w > 0)
                    {
                      g_ptr_array_add (lines, g_strdup (line->str));
                      g_string_truncate (line, 0);
                      line_w = 0;
                    }
                  g_string_append_unichar (line, c);
                  line_w += cw;
                }
            }
          else
            {
              g_string_append_len (line, p, word_end - p);
              line_w += word_w;
            }
          p = word_end;
        }
      g_strchomp (line->str);
      g_ptr_array_add (lines, g_strdup (line->str));
    }
  return lines;
}

static void
append_wrapped (GString    *out,
                const char *text,
                gsize       width,
                const char *indent)
{
  g_autoptr(GPtrArray) lines = NULL;

  if (text == NULL || *text == '\0')
    return;
  lines = wrap (text, width - strlen (indent));
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s%s\n", indent, (const char *) g_ptr_array_index (lines, i));
}

static void
append_rule (GString *out,
             gsize    width,
             char     c)
{
  for (gsize i = 0; i < width; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

/* "Label:   value" with the labels padded to a common width. */
static void
append_pairs (GString     *out,
              const char **pairs)
{
  gsize label_w = 0;

  for (int i = 0; pairs[i] != NULL; i += 2)
    if (pairs[i + 1] != NULL && *pairs[i + 1] != '\0')
      label_w = MAX (label_w, dt_invoice_text_display_width (pairs[i]) + 1);
  for (int i = 0; pairs[i] != NULL; i += 2)
    {
      g_autofree char *label = NULL;

      if (pairs[i + 1] == NULL || *pairs[i + 1] == '\0')
        continue;
      /* Translators: a label followed by its value in the plain-text invoice, e.g. "Due date:". */
      label = g_strdup_printf (_("%s:"), pairs[i]);
      append_cell (out, label, label_w + 1, FALSE);
      g_string_append_printf (out, "%s\n", pairs[i + 1]);
    }
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

enum { COL_DESCRIPTION, COL_QUANTITY, COL_PRICE, COL_TAX, COL_AMOUNT, N_COLS };

static void
append_lines_table (GString                 *out,
                    const DtInvoiceDocument *doc,
                    gsize                    width)
{
  const char *heads[N_COLS] = {
    _("Description"), _("Quantity"), _("Unit price"),
    /* Translators: the column with each line's tax rate. */
    _("Tax"), _("Amount"),
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  gsize col_w[N_COLS] = { 0 };
  gsize figures_w = 0;

  /* The figures take what they need; the description wraps in what is left. */
  for (int c = 1; c < N_COLS; c++)
    col_w[c] = dt_invoice_text_display_width (heads[c]);
  for (guint i = 0; i < doc->lines->len; i++)
    {
      const DtInvoiceDocumentLine *line = g_ptr_array_index (doc->lines, i);
      char *row[N_COLS] = {
        NULL, dt_invoice_format_quantity (line), format_unit_price (line, doc->currency),
        dt_invoice_format_rate (line->tax_rate_bp), dt_money_format (line->amount, doc->currency),
      };

      for (int c = 1; c < N_COLS; c++)
        {
          col_w[c] = MAX (col_w[c], dt_invoice_text_display_width (row[c]));
          g_ptr_array_add (cells, row[c]);
        }
    }
  for (int c = 1; c < N_COLS; c++)
    figures_w += col_w[c] + 2;
  col_w[COL_DESCRIPTION] = width > figures_w + 16 ? width - figures_w : 16;

  for (int c = 0; c < N_COLS; c++)
    {
      if (c > 0)
        g_string_append (out, "  ");
      append_cell (out, heads[c], col_w[c], c > 0);
    }
  g_string_append_c (out, '\n');
  append_rule (out, width, '-');

  for (guint i = 0; i < doc->lines->len; i++)
    {
      const DtInvoiceDocumentLine *line = g_ptr_array_index (doc->lines, i);
      g_autoptr(GPtrArray) desc = wrap (line->description, col_w[COL_DESCRIPTION]);

      for (guint l = 0; l < desc->len; l++)
        {
          append_cell (out, g_ptr_array_index (desc, l), l == 0 ? col_w[COL_DESCRIPTION] : 0,
                       FALSE);
          if (l == 0)
            for (int c = 1; c < N_COLS; c++)
              {
                g_string_append (out, "  ");
                append_cell (out, g_ptr_array_index (cells, i * (N_COLS - 1) + c - 1), col_w[c],
                             TRUE);
              }
          g_string_append_c (out, '\n');
        }
    }
  append_rule (out, width, '-');
}

static void
append_total (GString    *out,
              gsize       width,
              const char *label,
              gint64      amount,
              const char *currency)
{
  g_autofree char *value = dt_money_format (amount, currency);
  gsize value_w = dt_invoice_text_display_width (value);
  gsize label_w = dt_invoice_text_display_width (label);
  gsize column = width / 2;

  /* Labels start half way across; amounts end at the right edge, under the Amount column. */
  append_spaces (out, column);
  g_string_append (out, label);
  append_spaces (out, (gssize) (width - column) - (gssize) label_w - (gssize) value_w);
  g_string_append_printf (out, "%s\n", value);
}

char *
dt_invoice_text_render (const DtInvoiceDocument *doc,
                        guint                    width)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *issue = NULL, *due = NULL, *from = NULL, *to = NULL, *period = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *emails = NULL;
  const char *seller_title;
  const char *pairs[16];
  int n = 0;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (doc->lines != NULL, NULL);

  if (width == 0)
    width = 78;
  width = MAX (width, 40);

  issue = dt_invoice_format_date (doc->issue_date);
  due = dt_invoice_format_date (doc->due_date);
  from = dt_invoice_format_date (doc->period_from);
  to = dt_invoice_format_date (doc->period_to);
  if (from != NULL && to != NULL)
    /* Translators: the work period an invoice covers, from one date to another. */
    period = g_strdup_printf (_("%s – %s"), from, to);

  heading = g_strdup_printf ("%s %s", dt_invoice_document_title (doc),
                             dt_invoice_document_display_number (doc));
  g_string_append_printf (out, "%s\n", heading);
  append_rule (out, MIN (dt_invoice_text_display_width (heading), width), '=');

  pairs[n++] = _("Issue date");
  pairs[n++] = issue;
  pairs[n++] = _("Due date");
  pairs[n++] = due;
  pairs[n++] = _("Period");
  pairs[n++] = period;
  pairs[n++] = _("Corrects invoice");
  pairs[n++] = doc->kind == DT_INVOICE_KIND_CREDIT_NOTE ? doc->corrects_number : NULL;
  pairs[n++] = _("Status");
  pairs[n++] = g_strcmp0 (doc->status, "void") == 0 ? _("Void") : NULL;
  pairs[n++] = NULL;
  append_pairs (out, pairs);
  g_string_append_c (out, '\n');

  /* Translators: the heading above the seller's name and address. */
  g_string_append_printf (out, "%s\n", _("From"));
  seller_title = dt_invoice_document_seller_title (doc);
  append_wrapped (out, seller_title, width, "  ");
  if (g_strcmp0 (seller_title, doc->seller.name) != 0)
    append_wrapped (out, doc->seller.name, width, "  ");
  append_wrapped (out, doc->seller.address, width, "  ");
  append_wrapped (out, doc->seller.email, width, "  ");
  if (doc->seller.tax_id != NULL && *doc->seller.tax_id != '\0')
    {
      g_autofree char *tax_id = g_strdup_printf (_("Tax ID: %s"), doc->seller.tax_id);

      append_wrapped (out, tax_id, width, "  ");
    }
  g_string_append_c (out, '\n');

  /* Translators: the heading above the client's name and address on an invoice. */
  g_string_append_printf (out, "%s\n", _("Bill to"));
  append_wrapped (out, doc->bill_to.name, width, "  ");
  append_wrapped (out, doc->bill_to.address, width, "  ");
  if (doc->bill_to.emails != NULL)
    {
      emails = g_strjoinv (", ", doc->bill_to.emails);
      append_wrapped (out, emails, width, "  ");
    }
  if (doc->bill_to.tax_id != NULL && *doc->bill_to.tax_id != '\0')
    {
      g_autofree char *tax_id = g_strdup_printf (_("Tax ID: %s"), doc->bill_to.tax_id);

      append_wrapped (out, tax_id, width, "  ");
    }
  g_string_append_c (out, '\n');

  append_lines_table (out, doc, width);

  append_total (out, width, _("Subtotal"), doc->subtotal, doc->currency);
  if (doc->discount != 0)
    append_total (out, width, _("Discount"), -doc->discount, doc->currency);
  if (doc->tax_groups != NULL)
    for (guint g = 0; g < doc->tax_groups->len; g++)
      {
        const DtInvoiceTaxGroup *group = &g_array_index (doc->tax_groups, DtInvoiceTaxGroup, g);
        g_autofree char *rate = dt_invoice_format_rate (group->rate_bp);
        g_autofree char *base = dt_money_format (group->base, doc->currency);
        g_autofree char *label = NULL;

        if (doc->tax_groups->len == 1 && group->rate_bp == 0)
          break;
        /* Translators: a row of the tax summary, e.g. "Tax 20% on €1,035.00". */
        label = g_strdup_printf (_("Tax %s on %s"), rate, base);
        append_total (out, width, label, group->tax, doc->currency);
      }
  append_spaces (out, width / 2);
  append_rule (out, width - width / 2, '-');
  append_total (out, width, _("Total"), doc->total, doc->currency);
  if (doc->paid != 0)
    {
      append_total (out, width, _("Paid"), -doc->paid, doc->currency);
      append_total (out, width, _("Balance due"), doc->balance, doc->currency);
    }

  if (doc->notes != NULL && *doc->notes != '\0')
    {
      g_string_append_printf (out, "\n%s\n", _("Notes"));
      append_wrapped (out, doc->notes, width, "");
    }
  if (doc->terms != NULL && *doc->terms != '\0')
    {
      g_string_append_printf (out, "\n%s\n", _("Payment terms"));
      append_wrapped (out, doc->terms, width, "");
    }
  if (doc->seller.footer != NULL && *doc->seller.footer != '\0')
    {
      g_string_append_c (out, '\n');
      append_wrapped (out, doc->seller.footer, width, "");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

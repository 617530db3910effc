/* dt-einvoice-view.c: text and Pango markup renderings of a DtReceivedInvoice, built by one
 * function so the two never say different things. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "config.h"

#include "dt-einvoice-view.h"

#include "dt-money.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  GString  *out;
  gboolean  markup;
} View;

const char *
dt_received_invoice_type_name (const char *type_code)
{
  static const struct
  {
    const char *code;
    const char *name;
  } types[] = {
    { "380", N_("Commercial invoice") },
    { "381", N_("Credit note") },
    { "384", N_("Corrected invoice") },
    { "389", N_("Self-billed invoice") },
    { "326", N_("Partial invoice") },
    { "386", N_("Prepayment invoice") },
    { "751", N_("Invoice information for accounting purposes") },
  };

  for (gsize i = 0; type_code != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (type_code, types[i].code) == 0)
      return _(types[i].name);
  return NULL;
}

static void
heading (View       *v,
         const char *title)
{
  if (v->out->len > 0)
    g_string_append_c (v->out, '\n');
  if (v->markup)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_string_append_printf (v->out, "<b>%s</b>\n", escaped);
    }
  else
    {
      glong width = g_utf8_strlen (title, -1);

      g_string_append_printf (v->out, "%s\n", title);
      for (glong i = 0; i < width; i++)
        g_string_append_c (v->out, '-');
      g_string_append_c (v->out, '\n');
    }
}

/* "Label: value"; a value of several lines continues indented. Nothing for NULL. */
static void
field (View       *v,
       const char *label,
       const char *value)
{
  g_auto(GStrv) lines = NULL;

  if (value == NULL || *value == '\0')
    return;
  lines = g_strsplit (value, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *text = v->markup ? g_markup_escape_text (lines[i], -1)
                                        : g_strdup (lines[i]);
      if (i == 0 && v->markup)
        {
          g_autofree char *escaped = g_markup_escape_text (label, -1);
          g_string_append_printf (v->out, "<span weight=\"light\">%s:</span> %s\n", escaped,
                                  text);
        }
      else if (i == 0)
        g_string_append_printf (v->out, "%s: %s\n", label, text);
      else
        g_string_append_printf (v->out, "    %s\n", text);
    }
}

static void
amount_field (View                    *v,
              const char              *label,
              const DtReceivedInvoice *inv,
              gint64                   amount)
{
  g_autofree char *plain = dt_money_format_plain (amount, inv->currency);
  g_autofree char *text = g_strdup_printf ("%s %s", plain, inv->currency);

  field (v, label, text);
}

static void
party (View                  *v,
       const char            *title,
       const DtReceivedParty *p)
{
  heading (v, title);
  field (v, _("Name"), p->name);
  if (g_strcmp0 (p->trading_name, p->name) != 0)
    field (v, _("Trading name"), p->trading_name);
  field (v, _("Address"), p->address);
  field (v, _("VAT ID"), p->vat_id);
  if (p->endpoint != NULL)
    {
      g_autofree char *endpoint = p->endpoint_scheme != NULL
        ? g_strdup_printf ("%s (%s)", p->endpoint, p->endpoint_scheme)
        : g_strdup (p->endpoint);
      field (v, _("Electronic address"), endpoint);
    }
}

static char *
render (const DtReceivedInvoice *inv,
        gboolean                 markup)
{
  View v = { g_string_new (NULL), markup };
  const char *type_name = dt_received_invoice_type_name (inv->type_code);
  g_autofree char *type = NULL;
  g_autofree char *format = NULL;
  g_autofree char *period = NULL;

  g_return_val_if_fail (inv != NULL, NULL);

  heading (&v, _("Overview"));
  field (&v, _("Invoice number"), inv->number);
  if (inv->type_code != NULL)
    type = type_name != NULL ? g_strdup_printf ("%s (%s)", type_name, inv->type_code)
                             : g_strdup (inv->type_code);
  field (&v, _("Type"), type);
  field (&v, _("Issue date"), inv->issue_date);
  field (&v, _("Due date"), inv->due_date);
  if (inv->period_from != NULL || inv->period_to != NULL)
    period = g_strdup_printf ("%s – %s", inv->period_from ? inv->period_from : "…",
                              inv->period_to ? inv->period_to : "…");
  field (&v, _("Service period"), period);
  field (&v, _("Currency"), inv->currency);
  field (&v, _("Buyer reference"), inv->buyer_reference);
  format = inv->from_pdf
    ? g_strdup_printf (_("%s, inside a Factur-X/ZUGFeRD PDF"),
                       dt_einvoice_syntax_name (inv->syntax))
    : g_strdup (dt_einvoice_syntax_name (inv->syntax));
  field (&v, _("Format"), format);

  party (&v, _("Seller"), &inv->seller);
  party (&v, _("Buyer"), &inv->buyer);

  heading (&v, _("Invoice lines"));
  for (guint i = 0; i < inv->lines->len; i++)
    {
      const DtReceivedLine *line = inv->lines->pdata[i];
      g_autofree char *label = g_strdup_printf (_("Line %s"), line->id ? line->id : "–");
      g_autofree char *net = dt_money_format_plain (line->net, inv->currency);
      /* "2 HUR × 90.00 = 180.00 EUR, VAT S 19 %" */
      g_autofree char *text = g_strdup_printf ("%s\n%s %s × %s = %s %s%s%s%s%s%s",
                                               line->name ? line->name : "",
                                               line->quantity ? line->quantity : "?",
                                               line->unit ? line->unit : "",
                                               line->unit_price ? line->unit_price : "?",
                                               net, inv->currency,
                                               line->vat_category ? _(", VAT ") : "",
                                               line->vat_category ? line->vat_category : "",
                                               line->vat_rate ? " " : "",
                                               line->vat_rate ? line->vat_rate : "",
                                               line->vat_rate ? " %" : "");
      field (&v, label, text);
    }

  heading (&v, _("VAT breakdown"));
  for (guint i = 0; i < inv->vat->len; i++)
    {
      const DtReceivedVat *vat = inv->vat->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s %s %%", vat->category ? vat->category : "?",
                                                vat->rate ? vat->rate : "0");
      g_autofree char *base = dt_money_format_plain (vat->base, inv->currency);
      g_autofree char *tax = dt_money_format_plain (vat->tax, inv->currency);
      g_autofree char *text = g_strdup_printf (_("%s %s taxable, %s %s VAT%s%s"), base,
                                               inv->currency, tax, inv->currency,
                                               vat->exemption_reason ? "\n" : "",
                                               vat->exemption_reason ? vat->exemption_reason
                                                                     : "");
      field (&v, label, text);
    }

  heading (&v, _("Totals"));
  amount_field (&v, _("Sum of lines"), inv, inv->line_total);
  amount_field (&v, _("Total without VAT"), inv, inv->tax_exclusive);
  amount_field (&v, _("VAT"), inv, inv->tax_total);
  amount_field (&v, _("Total with VAT"), inv, inv->tax_inclusive);
  if (inv->prepaid != 0)
    amount_field (&v, _("Already paid"), inv, inv->prepaid);
  amount_field (&v, _("Amount due"), inv, inv->payable);

  if (inv->iban != NULL || inv->payment_terms != NULL)
    {
      heading (&v, _("Payment"));
      field (&v, _("IBAN"), inv->iban);
      field (&v, _("Terms"), inv->payment_terms);
    }
  return g_string_free (v.out, FALSE);
}

char *
dt_received_invoice_to_text (const DtReceivedInvoice *invoice)
{
  return render (invoice, FALSE);
}

char *
dt_received_invoice_to_markup (const DtReceivedInvoice *invoice)
{
  return render (invoice, TRUE);
}

/* dt-einvoice-check.c: what keeps an invoice from being a valid e-invoice, each problem
 * with the norm's rule, the business term and the field to fix. The rules are those of
 * EN 16931 (BR-…, BR-CO-…, per VAT category BR-S/Z/E/AE/IC/G/O-…) and XRechnung (BR-DE-…)
 * that depend on data the user gives; the rest the model and the writers guarantee, and the
 * arithmetic is re-checked here on the model. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "config.h"

#include "dt-einvoice-check.h"
#include "dt-money.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
dt_einvoice_problem_free (DtEinvoiceProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (6, 7)
static void
add (GPtrArray          *problems,
     DtEinvoiceSeverity  severity,
     const char         *rule,
     const char         *business_term,
     const char         *field,
     const char         *format,
     ...)
{
  DtEinvoiceProblem *problem = g_new0 (DtEinvoiceProblem, 1);
  va_list args;

  problem->severity = severity;
  problem->rule = rule;
  problem->business_term = business_term;
  problem->field = field;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

static gboolean
empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
has_category (const DtEinvoice *e,
              DtVatCategory     category)
{
  for (guint i = 0; i < e->vat_groups->len; i++)
    if (((DtEinvoiceVatGroup *) e->vat_groups->pdata[i])->vat_category == category)
      return TRUE;
  return FALSE;
}

static void
check_parties (const DtEinvoice *e,
               gboolean          xr,
               GPtrArray        *out)
{
  const DtEinvoiceParty *s = &e->seller, *b = &e->buyer;

  if (empty (s->name))
    add (out, DT_EINVOICE_ERROR, "BR-6", "BT-27", "profile.business_name",
         _("Your business name is missing."));
  if (empty (s->vat_id) && empty (s->id))
    add (out, DT_EINVOICE_ERROR, "BR-CO-26", "BT-31", "profile.vat_id",
         _("Your VAT ID (or, without one, your tax number) is missing: the client cannot "
           "tell who sent the invoice."));
  if (empty (s->country))
    add (out, DT_EINVOICE_ERROR, "BR-9", "BT-40", "profile.country",
         _("Your country is missing."));
  if (empty (b->name))
    add (out, DT_EINVOICE_ERROR, "BR-7", "BT-44", "client.name", _("The client's name is missing."));
  if (empty (b->country))
    add (out, DT_EINVOICE_ERROR, "BR-11", "BT-55", "client.country",
         _("The client's country is missing."));
  if (!xr)
    return;
  if (empty (s->city))
    add (out, DT_EINVOICE_ERROR, "BR-DE-3", "BT-37", "profile.city", _("Your city is missing."));
  if (empty (s->postcode))
    add (out, DT_EINVOICE_ERROR, "BR-DE-4", "BT-38", "profile.postcode",
         _("Your post code is missing."));
  if (empty (s->contact_name))
    add (out, DT_EINVOICE_ERROR, "BR-DE-5", "BT-41", "profile.name",
         _("Your name as the contact person is missing."));
  if (empty (s->contact_phone))
    add (out, DT_EINVOICE_ERROR, "BR-DE-6", "BT-42", "profile.phone",
         _("XRechnung needs your telephone number."));
  else
    {
      guint digits = 0;
      for (const char *p = s->contact_phone; *p != '\0'; p++)
        digits += g_ascii_isdigit (*p) ? 1 : 0;
      if (digits < 3)
        add (out, DT_EINVOICE_WARNING, "BR-DE-27", "BT-42", "profile.phone",
             _("Your telephone number should have at least three digits."));
    }
  if (empty (s->contact_email))
    add (out, DT_EINVOICE_ERROR, "BR-DE-7", "BT-43", "profile.email",
         _("XRechnung needs your e-mail address."));
  if (empty (b->city))
    add (out, DT_EINVOICE_ERROR, "BR-DE-8", "BT-52", "client.city",
         _("The client's city is missing."));
  if (empty (b->postcode))
    add (out, DT_EINVOICE_ERROR, "BR-DE-9", "BT-53", "client.postcode",
         _("The client's post code is missing."));
  if (empty (e->buyer_reference))
    add (out, DT_EINVOICE_ERROR, "BR-DE-15", "BT-10", "client.buyer_reference",
         _("XRechnung needs the client's buyer reference (for public-sector clients, the "
           "Leitweg-ID)."));
  if (empty (s->electronic_address))
    add (out, DT_EINVOICE_ERROR, "BR-DE-SELLER-EADDRESS", "BT-34", "profile.electronic_address",
         _("XRechnung needs your electronic address (your e-mail address will do)."));
  if (empty (b->electronic_address))
    add (out, DT_EINVOICE_ERROR, "BR-DE-BUYER-EADDRESS", "BT-49", "client.electronic_address",
         _("XRechnung needs the client's electronic address (a billing e-mail will do)."));
}

static void
check_payment (const DtEinvoice *e,
               gboolean          xr,
               GPtrArray        *out)
{
  gboolean transfer = g_strcmp0 (e->payment_means, "58") == 0 ||
                      g_strcmp0 (e->payment_means, "30") == 0;

  if (transfer && empty (e->iban))
    add (out, DT_EINVOICE_ERROR, "BR-61", "BT-84", "profile.iban",
         _("Payment by credit transfer needs your IBAN."));
  /* EN 16931 leaves the direct debit details optional; XRechnung asks for them (BG-19). */
  if (g_strcmp0 (e->payment_means, "59") != 0 || !xr)
    return;
  if (empty (e->debited_iban))
    add (out, DT_EINVOICE_ERROR, "BR-DE-31", "BT-91", "client.iban",
         _("Payment by direct debit needs the IBAN of the client's account."));
  if (empty (e->creditor_id))
    add (out, DT_EINVOICE_ERROR, "BR-DE-30", "BT-90", "profile.creditor_id",
         _("Payment by direct debit needs your SEPA creditor identifier."));
  if (empty (e->mandate_reference))
    add (out, DT_EINVOICE_WARNING, "BG-19-MANDATE", "BT-89",
         "client.mandate_reference", _("Payment by direct debit needs the client's mandate "
                                       "reference."));
}

/* The per-category rules of EN 16931 on who must have which tax identifier, the rate and
 * the exemption reason. */
static void
check_vat (const DtEinvoice *e,
           GPtrArray        *out)
{
  gboolean seller_id = !empty (e->seller.vat_id) || !empty (e->seller.tax_number);
  gboolean seller_vat = !empty (e->seller.vat_id);
  gboolean buyer_vat = !empty (e->buyer.vat_id);

  for (guint i = 0; i < e->lines->len; i++)
    {
      const DtEinvoiceLine *line = e->lines->pdata[i];
      g_autofree char *field = g_strdup_printf ("line.%s.tax_rate", line->id);
      g_autofree char *rate = dt_einvoice_format_rate (line->vat_rate_bp);
      const char *code = dt_vat_category_to_string (line->vat_category);

      if (line->vat_category == DT_VAT_STANDARD && line->vat_rate_bp <= 0)
        add (out, DT_EINVOICE_ERROR, "BR-S-05", "BT-152", g_intern_string (field),
             _("Line %s is at 0 %% VAT under the standard rate (S): give it a rate, or a "
               "category such as Z (zero rated) or E (exempt)."), line->id);
      else if (line->vat_category != DT_VAT_STANDARD && line->vat_rate_bp != 0)
        add (out, DT_EINVOICE_ERROR, "BR-CAT-05", "BT-152", g_intern_string (field),
             _("Line %s has %s %% VAT, but its category %s takes no VAT: set the rate to 0."),
             line->id, rate, code);
    }

  if ((has_category (e, DT_VAT_STANDARD) || has_category (e, DT_VAT_ZERO_RATED) ||
       has_category (e, DT_VAT_EXEMPT) || has_category (e, DT_VAT_REVERSE_CHARGE)) && !seller_id)
    add (out, DT_EINVOICE_ERROR, "BR-S-02", "BT-31", "profile.vat_id",
         _("Your VAT ID or tax number is missing."));
  if (has_category (e, DT_VAT_REVERSE_CHARGE) && !buyer_vat)
    add (out, DT_EINVOICE_ERROR, "BR-AE-02", "BT-48", "client.vat_id",
         _("Reverse charge needs the client's VAT ID."));
  if (has_category (e, DT_VAT_INTRA_EU))
    {
      if (!seller_vat)
        add (out, DT_EINVOICE_ERROR, "BR-IC-02", "BT-31", "profile.vat_id",
             _("An intra-community supply needs your VAT ID."));
      if (!buyer_vat)
        add (out, DT_EINVOICE_ERROR, "BR-IC-02", "BT-48", "client.vat_id",
             _("An intra-community supply needs the client's VAT ID."));
      if (empty (e->period_start) && empty (e->period_end))
        add (out, DT_EINVOICE_ERROR, "BR-IC-11", "BG-14", "invoice.period",
             _("An intra-community supply needs the service period."));
      if (empty (e->deliver_to_country))
        add (out, DT_EINVOICE_ERROR, "BR-IC-12", "BT-80", "client.country",
             _("An intra-community supply needs the client's country."));
    }
  if (has_category (e, DT_VAT_EXPORT) && !seller_vat)
    add (out, DT_EINVOICE_ERROR, "BR-G-02", "BT-31", "profile.vat_id",
         _("An export invoice needs your VAT ID."));
  if (has_category (e, DT_VAT_OUT_OF_SCOPE))
    {
      if (e->vat_groups->len > 1)
        add (out, DT_EINVOICE_ERROR, "BR-O-11", "BG-23", "invoice.vat_category",
             _("An invoice not subject to VAT (O) cannot have lines of other VAT categories."));
      if (seller_vat)
        add (out, DT_EINVOICE_ERROR, "BR-O-02", "BT-31", "profile.vat_id",
             _("An invoice not subject to VAT (O) must not show your VAT ID."));
      if (buyer_vat)
        add (out, DT_EINVOICE_ERROR, "BR-O-02", "BT-48", "client.vat_id",
             _("An invoice not subject to VAT (O) must not show the client's VAT ID."));
    }
  for (guint i = 0; i < e->vat_groups->len; i++)
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[i];

      if (group->vat_category != DT_VAT_STANDARD && group->vat_category != DT_VAT_ZERO_RATED &&
          empty (group->exemption_reason) && empty (group->exemption_code))
        add (out, DT_EINVOICE_ERROR, "BR-E-10", "BT-120", "invoice.vat_exemption_reason",
             _("VAT category %s needs an exemption reason (for example “%s”)."),
             dt_vat_category_to_string (group->vat_category),
             group->vat_category == DT_VAT_EXEMPT ? DT_VAT_EXEMPTION_TEXT_DE_SMALL_BUSINESS
                                                  : "VATEX-EU-…");
    }
}

#define ARITHMETIC(rule, bt, condition, ...)                                   \
  G_STMT_START {                                                              \
    if (!(condition))                                                         \
      add (out, DT_EINVOICE_ERROR, rule, bt, "", __VA_ARGS__);                \
  } G_STMT_END

/* The sums EN 16931 states, on the model's integers: they hold exactly or not at all. */
static void
check_arithmetic (const DtEinvoice *e,
                  GPtrArray        *out)
{
  gint64 lines = 0, allowances = 0, taxes = 0;

  for (guint i = 0; i < e->lines->len; i++)
    {
      const DtEinvoiceLine *line = e->lines->pdata[i];
      gint64 scale = 1, exact = 0;

      for (int d = 0; d < line->quantity_decimals + line->price_decimals; d++)
        scale *= 10;
      lines += line->net_amount;
      /* quantity × price ÷ base, rounded once, is the line amount. */
      if (dt_money_mul_div_round (line->quantity, line->price, scale * line->base_quantity, &exact))
        ARITHMETIC ("BR-LIN-NET", "BT-131", exact == line->net_amount,
                    _("Line %s: %s × price is not its amount."), line->id, line->unit_code);
    }
  for (guint i = 0; i < e->allowances->len; i++)
    allowances += ((DtEinvoiceAllowance *) e->allowances->pdata[i])->amount;
  for (guint g = 0; g < e->vat_groups->len; g++)
    {
      const DtEinvoiceVatGroup *group = e->vat_groups->pdata[g];
      gint64 base = 0;

      for (guint i = 0; i < e->lines->len; i++)
        {
          const DtEinvoiceLine *line = e->lines->pdata[i];
          if (line->vat_category == group->vat_category && line->vat_rate_bp == group->vat_rate_bp)
            base += line->net_amount;
        }
      for (guint i = 0; i < e->allowances->len; i++)
        {
          const DtEinvoiceAllowance *a = e->allowances->pdata[i];
          if (a->vat_category == group->vat_category && a->vat_rate_bp == group->vat_rate_bp)
            base -= a->amount;
        }
      ARITHMETIC ("BR-S-08", "BT-116", base == group->taxable,
                  _("The taxable amount of VAT category %s is not its lines less its "
                    "allowances."), dt_vat_category_to_string (group->vat_category));
      ARITHMETIC ("BR-CO-17", "BT-117",
                  group->tax == dt_money_percent_bp (group->taxable, group->vat_rate_bp),
                  _("The VAT of category %s is not its taxable amount times its rate."),
                  dt_vat_category_to_string (group->vat_category));
      taxes += group->tax;
    }
  ARITHMETIC ("BR-CO-10", "BT-106", lines == e->line_total,
              _("The sum of the line amounts is not the line total."));
  ARITHMETIC ("BR-CO-11", "BT-107", allowances == e->allowance_total,
              _("The sum of the allowances is not the allowance total."));
  ARITHMETIC ("BR-CO-13", "BT-109",
              e->tax_exclusive == e->line_total - e->allowance_total + e->charge_total,
              _("The total without VAT is not the line total less allowances plus charges."));
  ARITHMETIC ("BR-CO-14", "BT-110", taxes == e->tax_total,
              _("The VAT total is not the sum of the VAT breakdown."));
  ARITHMETIC ("BR-CO-15", "BT-112", e->tax_inclusive == e->tax_exclusive + e->tax_total,
              _("The total with VAT is not the total without VAT plus the VAT."));
  ARITHMETIC ("BR-CO-16", "BT-115", e->due == e->tax_inclusive - e->prepaid + e->rounding,
              _("The amount due is not the total less the amount paid."));
}

static int
severity_first (gconstpointer a,
                gconstpointer b)
{
  const DtEinvoiceProblem *x = *(DtEinvoiceProblem **) a, *y = *(DtEinvoiceProblem **) b;

  return (int) x->severity - (int) y->severity;
}

GPtrArray *
dt_einvoice_check (const DtEinvoice  *e,
                   DtEinvoiceProfile  profile)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_einvoice_problem_free);
  gboolean xr = profile == DT_EINVOICE_PROFILE_XRECHNUNG;

  g_return_val_if_fail (e != NULL, out);

  if (e->currency_digits < 0)
    add (out, DT_EINVOICE_ERROR, "BR-DEC", "BT-5", "client.currency",
         _("%s has more than two decimals, which an e-invoice cannot carry."), e->currency);
  if (e->lines->len == 0)
    add (out, DT_EINVOICE_ERROR, "BR-16", "BG-25", "invoice.lines",
         _("The invoice has no lines."));
  check_parties (e, xr, out);
  check_payment (e, xr, out);
  check_vat (e, out);
  check_arithmetic (e, out);
  g_ptr_array_sort (out, severity_first);
  return out;
}

gboolean
dt_einvoice_problems_block (GPtrArray *problems)
{
  g_return_val_if_fail (problems != NULL, TRUE);

  for (guint i = 0; i < problems->len; i++)
    if (((DtEinvoiceProblem *) problems->pdata[i])->severity == DT_EINVOICE_ERROR)
      return TRUE;
  return FALSE;
}

const DtEinvoiceProblem *
dt_einvoice_problems_find (GPtrArray  *problems,
                           const char *rule)
{
  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((DtEinvoiceProblem *) problems->pdata[i])->rule, rule) == 0)
      return problems->pdata[i];
  return NULL;
}

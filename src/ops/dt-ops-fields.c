/* dt-ops-fields.c: the e-invoice text fields of parties and invoices, read from input with
 * the checks EN 16931 needs (VAT IDs, countries, IBANs, code lists) and written to output. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-einvoice-codes.h"

/* The store checks these too, naming the field in words; the API names it as the input
 * does, so a caller knows which member to fix. */
static gboolean
check_text (const DtOpsTextField *field,
            const char           *value,
            char                **out_value,
            GError              **error)
{
  g_autofree char *label = g_strdup_printf ("“%s”", field->name);
  g_autofree char *compact = NULL;
  DtEinvoiceFormat format;
  gboolean ok = TRUE;

  switch (field->kind)
    {
    case DT_OPS_TEXT_PLAIN:
      break;
    case DT_OPS_TEXT_VAT_ID:
      ok = dt_einvoice_check_vat_id (label, value, error);
      break;
    case DT_OPS_TEXT_COUNTRY:
      ok = dt_einvoice_check_country (label, value, error);
      break;
    case DT_OPS_TEXT_IBAN:
      /* People copy IBANs in groups of four: stored compact. */
      compact = dt_einvoice_compact_iban (value);
      ok = dt_einvoice_check_iban (label, compact, error);
      break;
    case DT_OPS_TEXT_BIC:
      ok = dt_einvoice_check_bic (label, value, error);
      break;
    case DT_OPS_TEXT_EAS:
      ok = dt_einvoice_check_eas (label, value, error);
      break;
    case DT_OPS_TEXT_VATEX:
      ok = dt_einvoice_check_vatex (label, value, error);
      break;
    case DT_OPS_TEXT_VAT_CATEGORY:
      ok = dt_einvoice_check_vat_category (label, value, TRUE, error);
      break;
    case DT_OPS_TEXT_EINVOICE_FORMAT:
      ok = dt_einvoice_format_from_string (value, &format, error);
      if (!ok)
        g_prefix_error (error, "%s: ", label);
      break;
    case DT_OPS_TEXT_PAYMENT_MEANS:
      ok = dt_einvoice_check_payment_means (value, error);
      if (!ok)
        g_prefix_error (error, "%s: ", label);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    *out_value = compact != NULL ? g_steal_pointer (&compact) : g_strdup (value);
  return ok;
}

gboolean
dt_ops_take_text_fields (JsonObject           *input,
                         gpointer              target,
                         const DtOpsTextField *fields,
                         guint                 n_fields,
                         GError              **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  /* Every field is checked before any is set: a refusal leaves @target as it was. */
  for (guint i = 0; i < n_fields; i++)
    {
      const char *text = dt_ops_get_string (input, fields[i].name);
      char *value = NULL;

      if (text != NULL && !check_text (&fields[i], text, &value, error))
        return FALSE;
      g_ptr_array_add (values, value);
    }
  for (guint i = 0; i < n_fields; i++)
    {
      char **slot = &G_STRUCT_MEMBER (char *, target, fields[i].offset);

      if (values->pdata[i] == NULL)
        continue;
      g_free (*slot);
      *slot = g_steal_pointer (&values->pdata[i]);
    }
  return TRUE;
}

void
dt_ops_set_text_fields (JsonObject           *out,
                        gconstpointer         source,
                        const DtOpsTextField *fields,
                        guint                 n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    dt_ops_set_string (out, fields[i].name,
                       G_STRUCT_MEMBER (const char *, source, fields[i].offset));
}

void
dt_ops_put_text_fields (GString              *out,
                        gconstpointer         source,
                        const DtOpsTextField *fields,
                        guint                 n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    dt_ops_put_string (out, fields[i].name,
                       G_STRUCT_MEMBER (const char *, source, fields[i].offset));
}

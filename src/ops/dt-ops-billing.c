/* dt-ops-billing.c: invoicing (candidates, drafts, preview, send, void), the Billing Hub and
 * reports. */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"
#include "dt-json-writer.h"

#include <string.h>

#include "dt-billing-hub.h"
#include "dt-client-store.h"
#include "dt-einvoice-file.h"
#include "dt-invoice-pdf.h"
#include "dt-invoice-text.h"
#include "dt-invoicing.h"
#include "dt-mailer.h"
#include "dt-reports.h"
#include "dt-settings-store.h"

#define INVOICE_REF_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"number\":{\"type\":[\"string\",\"null\"]},\"status\":{\"type\":\"string\"}," \
  "\"currency\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("total") "," \
  DT_OPS_MONEY_OUT ("balance") ",\"lines\":{\"type\":\"array\"}," \
  "\"version\":{\"type\":\"integer\"}},\"required\":[\"id\",\"status\",\"total\"]}"

#define INVOICE_EINVOICE_IN \
  "\"order_reference\":{\"type\":\"string\",\"maxLength\":200,\"description\":\"BT-13: " \
  "the buyer's purchase order number\"}," \
  "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("This invoice's VAT category; empty: the " \
  "client's, else the profile's") "," DT_OPS_VAT_EXEMPTION_IN

#define GROUPING_PROP \
  "\"group_by\":{\"type\":\"string\",\"enum\":[\"task\",\"project\",\"entry\"]," \
  "\"description\":\"One invoice line per task (default), per project or per entry\"}"

static gboolean
read_grouping (JsonObject        *input,
               DtInvoiceGrouping *grouping,
               GError           **error)
{
  const char *text = dt_ops_get_string (input, "group_by");

  *grouping = DT_GROUP_BY_TASK;
  return text == NULL || dt_invoice_grouping_from_string (text, grouping, error);
}

/* Candidates and drafts need a closed range: from/to are required there. */
static gboolean
read_period (JsonObject *input,
             gint64     *from,
             gint64     *to,
             GError    **error)
{
  if (!dt_ops_get_range (input, from, to, error))
    return FALSE;
  if (*from == 0 || *to == 0)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           "give both “from” and “to”, e.g. from 2026-11-01 to 2026-11-30");
      return FALSE;
    }
  return TRUE;
}

/* ---- candidates --------------------------------------------------------------------- */

/* The text find_invoice_candidates's object gives, written without the tree (test-ops checks
 * both give the same text). */
static void
candidates_write (GString            *out,
                  const DtCandidates *candidates)
{
  const char *cur = candidates->currency;

  g_string_append (out, "{\"client_id\":");
  dt_json_write_int (out, candidates->client_id);
  dt_ops_put_string (out, "client_name", candidates->client_name);
  dt_ops_put_string (out, "currency", cur);
  dt_ops_put_instant (out, "from", candidates->from);
  dt_ops_put_instant (out, "to", candidates->to);
  dt_ops_put_text (out, "group_by", dt_invoice_grouping_to_string (candidates->grouping));
  g_string_append (out, ",\"groups\":[");
  for (guint i = 0; i < candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (candidates->groups, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"project_id\":");
      dt_json_write_int (out, group->project_id);
      dt_ops_put_string (out, "project_name", group->project_name);
      dt_ops_put_optional_int (out, "task_id", group->task_id);
      dt_ops_put_text (out, "task_title", group->task_title);
      dt_ops_put_string (out, "description", group->description);
      dt_ops_put_money (out, "rate", group->rate, cur);
      dt_ops_put_string (out, "rate_explanation", group->rate_explanation);
      dt_ops_put_string (out, "rounding_explanation", group->rounding_explanation);
      dt_ops_put_int (out, "raw_minutes", group->raw_minutes);
      dt_ops_put_int (out, "billed_minutes", group->billed_minutes);
      dt_ops_put_money (out, "amount", group->amount, cur);
      g_string_append (out, ",\"entries\":[");
      for (guint j = 0; j < group->entries->len; j++)
        {
          DtCandidateEntry *entry = g_ptr_array_index (group->entries, j);

          if (j > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "{\"entry_id\":");
          dt_json_write_int (out, entry->entry_id);
          dt_ops_put_instant (out, "start", entry->start_at);
          dt_ops_put_instant (out, "end", entry->end_at);
          dt_ops_put_string (out, "note", entry->note);
          dt_ops_put_int (out, "raw_minutes", entry->raw_minutes);
          dt_ops_put_int (out, "billed_minutes", entry->billed_minutes);
          dt_ops_put_money (out, "rate", entry->rate, cur);
          dt_ops_put_money (out, "amount", entry->amount, cur);
          dt_ops_put_string (out, "rate_explanation", entry->rate_explanation);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
  dt_ops_put_int (out, "entries", candidates->n_entries);
  dt_ops_put_int (out, "raw_minutes", candidates->raw_minutes);
  dt_ops_put_int (out, "billed_minutes", candidates->billed_minutes);
  dt_ops_put_money (out, "amount", candidates->amount, cur);
  dt_ops_put_int (out, "excluded_non_billable", candidates->excluded_non_billable);
  dt_ops_put_int (out, "excluded_running", candidates->excluded_running);
  dt_ops_put_int (out, "excluded_billed", candidates->excluded_billed);
  g_string_append_c (out, '}');
}

static JsonObject *
find_invoice_candidates (DtOpContext *ctx,
                         JsonObject  *input,
                         GError     **error)
{
  gint64 from, to, client_id = dt_ops_get_int (input, "client_id", 0);
  DtInvoiceGrouping grouping;
  g_autoptr(DtCandidates) candidates = NULL;
  JsonObject *out;
  JsonArray *groups;

  if (!read_period (input, &from, &to, error) || !read_grouping (input, &grouping, error))
    return NULL;
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, client_id);
  candidates = dt_invoicing_find_candidates (ctx->db, client_id, from, to, grouping, error);
  if (candidates == NULL)
    return NULL;
  if (ctx->text_out != NULL)
    {
      /* The caller takes text: the same object, written directly. */
      candidates_write (ctx->text_out, candidates);
      return json_object_new ();
    }

  out = json_object_new ();
  json_object_set_int_member (out, "client_id", candidates->client_id);
  dt_ops_set_string (out, "client_name", candidates->client_name);
  dt_ops_set_string (out, "currency", candidates->currency);
  dt_ops_set_instant (out, "from", candidates->from);
  dt_ops_set_instant (out, "to", candidates->to);
  json_object_set_string_member (out, "group_by",
                                 dt_invoice_grouping_to_string (candidates->grouping));
  groups = json_array_new ();
  for (guint i = 0; i < candidates->groups->len; i++)
    {
      DtCandidateGroup *group = g_ptr_array_index (candidates->groups, i);
      JsonObject *g = json_object_new ();
      JsonArray *entries = json_array_new ();

      json_object_set_int_member (g, "project_id", group->project_id);
      dt_ops_set_string (g, "project_name", group->project_name);
      dt_ops_set_optional_int (g, "task_id", group->task_id);
      if (group->task_title)
        json_object_set_string_member (g, "task_title", group->task_title);
      else
        json_object_set_null_member (g, "task_title");
      dt_ops_set_string (g, "description", group->description);
      dt_ops_set_money (g, "rate", group->rate, candidates->currency);
      dt_ops_set_string (g, "rate_explanation", group->rate_explanation);
      dt_ops_set_string (g, "rounding_explanation", group->rounding_explanation);
      json_object_set_int_member (g, "raw_minutes", group->raw_minutes);
      json_object_set_int_member (g, "billed_minutes", group->billed_minutes);
      dt_ops_set_money (g, "amount", group->amount, candidates->currency);
      for (guint j = 0; j < group->entries->len; j++)
        {
          DtCandidateEntry *entry = g_ptr_array_index (group->entries, j);
          JsonObject *e = json_object_new ();

          json_object_set_int_member (e, "entry_id", entry->entry_id);
          dt_ops_set_instant (e, "start", entry->start_at);
          dt_ops_set_instant (e, "end", entry->end_at);
          dt_ops_set_string (e, "note", entry->note);
          json_object_set_int_member (e, "raw_minutes", entry->raw_minutes);
          json_object_set_int_member (e, "billed_minutes", entry->billed_minutes);
          dt_ops_set_money (e, "rate", entry->rate, candidates->currency);
          dt_ops_set_money (e, "amount", entry->amount, candidates->currency);
          dt_ops_set_string (e, "rate_explanation", entry->rate_explanation);
          json_array_add_object_element (entries, e);
        }
      json_object_set_array_member (g, "entries", entries);
      json_array_add_object_element (groups, g);
    }
  json_object_set_array_member (out, "groups", groups);
  json_object_set_int_member (out, "entries", candidates->n_entries);
  json_object_set_int_member (out, "raw_minutes", candidates->raw_minutes);
  json_object_set_int_member (out, "billed_minutes", candidates->billed_minutes);
  dt_ops_set_money (out, "amount", candidates->amount, candidates->currency);
  json_object_set_int_member (out, "excluded_non_billable", candidates->excluded_non_billable);
  json_object_set_int_member (out, "excluded_running", candidates->excluded_running);
  json_object_set_int_member (out, "excluded_billed", candidates->excluded_billed);
  return out;
}

/* ---- drafts ------------------------------------------------------------------------- */

static gboolean
read_percent_bp (JsonObject *input,
                 const char *name,
                 int        *out_bp,
                 GError    **error)
{
  const char *text = dt_ops_get_string (input, name);
  gint64 value;

  if (text == NULL)
    return TRUE;
  /* "19" or "7.5" percent → basis points, with the money parser's exactness (2 decimals). */
  if (!dt_money_parse (text, "EUR", &value, NULL) || value < 0 || value > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "“%s”: expected a percentage between 0 and 100 like \"19\" or \"7.5\", "
                   "got “%s”", name, text);
      return FALSE;
    }
  *out_bp = (int) value;
  return TRUE;
}

static JsonObject *
create_invoice_draft (DtOpContext *ctx,
                      JsonObject  *input,
                      GError     **error)
{
  DtDraftRequest request = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoice) einvoice_fields = dt_invoice_new ();

  request.client_id = dt_ops_get_int (input, "client_id", 0);
  request.tax_rate_bp = -1;
  if (!read_period (input, &request.from, &request.to, error) ||
      !read_grouping (input, &request.grouping, error) ||
      !read_percent_bp (input, "tax_rate_percent", &request.tax_rate_bp, error) ||
      !read_percent_bp (input, "discount_percent", &request.discount_bp, error))
    return NULL;
  if (dt_ops_has (input, "entry_ids"))
    {
      JsonArray *array = json_object_get_array_member (input, "entry_ids");

      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);
          g_array_append_val (ids, id);
        }
      request.entry_ids = ids;
    }
  request.notes = dt_ops_get_string (input, "notes");
  request.terms = dt_ops_get_string (input, "terms");
  request.due_date = dt_ops_get_string (input, "due_date");
  /* Checked before anything is written; absent fields stay "" as for a new invoice. */
  if (!dt_ops_take_text_fields (input, einvoice_fields, dt_ops_invoice_einvoice_fields,
                                DT_OPS_N_INVOICE_EINVOICE_FIELDS, error))
    return NULL;
  request.order_reference = einvoice_fields->order_reference;
  request.vat_category = einvoice_fields->vat_category;
  request.vat_exemption_reason = einvoice_fields->vat_exemption_reason;
  request.vat_exemption_code = einvoice_fields->vat_exemption_code;
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, request.client_id);
  invoice = dt_invoicing_create_draft (ctx->db, &request, error);
  if (invoice == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, invoice->id);
  return dt_ops_invoice_to_json (invoice);
}

/* "2", "1.5" or "0.250" units → thousandths. */
static gboolean
read_units (JsonObject *item,
            guint       number,
            gint64     *out,
            GError    **error)
{
  const char *text = dt_ops_get_string (item, "quantity_units");
  gint64 whole = 0, thousandths = 0;
  const char *p = text;
  int decimals = 0;

  for (; p != NULL && g_ascii_isdigit (*p) && whole < G_GINT64_CONSTANT (1000000000); p++)
    whole = whole * 10 + (*p - '0');
  if (p != NULL && p != text && *p == '.')
    for (p++; g_ascii_isdigit (*p) && decimals < 3; p++, decimals++)
      thousandths = thousandths * 10 + (*p - '0');
  if (p == NULL || p == text || *p != '\0' || (decimals == 0 && p[-1] == '.'))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "line %u: “quantity_units” must be a number of units with at most three "
                   "decimals, like \"1\" or \"2.5\", got “%s”", number, text ? text : "");
      return FALSE;
    }
  for (; decimals < 3; decimals++)
    thousandths *= 10;
  *out = whole * 1000 + thousandths;
  return TRUE;
}

static const DtOpsTextField line_fields[] = {
  { "vat_category", G_STRUCT_OFFSET (DtInvoiceLine, vat_category), DT_OPS_TEXT_VAT_CATEGORY },
  { "unit_code", G_STRUCT_OFFSET (DtInvoiceLine, unit_code), DT_OPS_TEXT_PLAIN },
};

/* The draft's lines as @items gives them, in their order: a line with an id is that line of
 * @invoice with what the item changes; one without is new. */
static gboolean
read_lines (DtDb       *db,
            JsonArray  *items,
            DtInvoice  *invoice,
            GError    **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* A new line is taxed as the draft's first line is, else as the tax setting says. */
  int tax_rate_bp = invoice->lines->len > 0
                    ? ((DtInvoiceLine *) invoice->lines->pdata[0])->tax_rate_bp
                    : (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TAX_RATE_BP, 0);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = dt_ops_get_int (item, "id", 0);
      const char *kind = dt_ops_get_string (item, "kind");
      const char *description = dt_ops_get_string (item, "description");
      guint number = i + 1;
      DtInvoiceLine *line = NULL;
      DtLineKind new_kind;

      if (id != 0)
        {
          for (guint j = 0; j < invoice->lines->len && line == NULL; j++)
            if (((DtInvoiceLine *) invoice->lines->pdata[j])->id == id)
              line = dt_invoice_line_copy (invoice->lines->pdata[j]);
          if (line == NULL)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                           "line %u: line %" G_GINT64_FORMAT " is not a line of invoice %"
                           G_GINT64_FORMAT "; leave out “id” for a new line", number, id,
                           invoice->id);
              return FALSE;
            }
          g_ptr_array_add (lines, line);
          if (!g_hash_table_add (seen, &line->id))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: line %" G_GINT64_FORMAT " is listed twice", number, id);
              return FALSE;
            }
          if (kind != NULL && g_strcmp0 (kind, dt_line_kind_to_string (line->kind)) != 0)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: line %" G_GINT64_FORMAT " is a %s line and stays one; "
                           "remove it and add a new line instead", number, id,
                           dt_line_kind_to_string (line->kind));
              return FALSE;
            }
        }
      else
        {
          if (kind == NULL || !dt_line_kind_from_string (kind, &new_kind, NULL) ||
              new_kind == DT_LINE_TIME)
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: a new line needs “kind”: \"fixed\" (units × unit price) "
                           "or \"hourly\" (minutes × price per hour); tracked time is added "
                           "with create_invoice_draft", number);
              return FALSE;
            }
          if (description == NULL || !dt_ops_has (item, "unit_price") ||
              !dt_ops_has (item, new_kind == DT_LINE_FIXED ? "quantity_units"
                                                           : "quantity_minutes"))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: a new %s line needs “description”, “unit_price” and %s",
                           number, kind, new_kind == DT_LINE_FIXED ? "“quantity_units”"
                                                                   : "“quantity_minutes”");
              return FALSE;
            }
          line = dt_invoice_line_new (new_kind);
          line->tax_rate_bp = tax_rate_bp;
          g_ptr_array_add (lines, line);
        }

      if (description != NULL)
        {
          g_free (line->description);
          line->description = g_strdup (description);
        }
      if (dt_ops_has (item, "quantity_units") || dt_ops_has (item, "quantity_minutes"))
        {
          gboolean units = dt_ops_has (item, "quantity_units");

          if (line->kind == DT_LINE_TIME || units != (line->kind == DT_LINE_FIXED))
            {
              g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                           "line %u: %s", number,
                           line->kind == DT_LINE_TIME
                           ? "the minutes of a time line are those of its entries"
                           : line->kind == DT_LINE_FIXED
                           ? "a fixed line counts units: give “quantity_units”"
                           : "an hourly line counts minutes: give “quantity_minutes”");
              return FALSE;
            }
          if (!units)
            line->quantity = dt_ops_get_int (item, "quantity_minutes", 0);
          else if (!read_units (item, number, &line->quantity, error))
            return FALSE;
        }
      if (dt_ops_has (item, "unit_price") &&
          !dt_ops_get_money (item, "unit_price", invoice->currency, &line->unit_price, error))
        {
          g_prefix_error (error, "line %u: ", number);
          return FALSE;
        }
      if (line->unit_price == DT_NO_VALUE)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u: “unit_price” needs an amount, like \"85.00\"", number);
          return FALSE;
        }
      if (!read_percent_bp (item, "tax_rate_percent", &line->tax_rate_bp, error) ||
          !dt_ops_take_text_fields (item, line, line_fields, G_N_ELEMENTS (line_fields), error))
        {
          g_prefix_error (error, "line %u: ", number);
          return FALSE;
        }
      if (line->kind != DT_LINE_FIXED && line->unit_code != NULL && line->unit_code[0] != '\0')
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "line %u: “unit_code”: a %s line counts hours (HUR); only fixed lines "
                       "take another unit", number, dt_line_kind_to_string (line->kind));
          return FALSE;
        }
    }
  g_ptr_array_unref (invoice->lines);
  invoice->lines = g_steal_pointer (&lines);
  return TRUE;
}

static JsonObject *
update_invoice_draft (DtOpContext *ctx,
                      JsonObject  *input,
                      GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;
  g_autoptr(DtInvoice) stored = NULL;
  const char *text;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoice_store_get (ctx->db, id, error);
  if (invoice == NULL)
    return NULL;
#define TAKE(field)                                         \
  if ((text = dt_ops_get_string (input, #field)) != NULL)   \
    {                                                       \
      g_free (invoice->field);                              \
      invoice->field = g_strdup (text);                     \
    }
  TAKE (notes);
  TAKE (terms);
  TAKE (due_date);
  TAKE (period_from);
  TAKE (period_to);
#undef TAKE
  if (!dt_ops_take_text_fields (input, invoice, dt_ops_invoice_einvoice_fields,
                                DT_OPS_N_INVOICE_EINVOICE_FIELDS, error))
    return NULL;
  if (!read_percent_bp (input, "discount_percent", &invoice->discount_bp, error))
    return NULL;
  if (dt_ops_has (input, "discount_fixed") &&
      !dt_ops_get_money (input, "discount_fixed", invoice->currency, &invoice->discount_fixed,
                         error))
    return NULL;
  if (invoice->discount_fixed == DT_NO_VALUE)
    invoice->discount_fixed = 0;
  if (dt_ops_has (input, "lines") &&
      !read_lines (ctx->db, json_object_get_array_member (input, "lines"), invoice, error))
    return NULL;
  stored = dt_invoice_store_update_draft (ctx->db, invoice,
                                          dt_ops_get_int (input, "expected_version", 0), error);
  return stored ? dt_ops_invoice_to_json (stored) : NULL;
}

/* ---- preview, PDF ------------------------------------------------------------------- */

static JsonObject *
preview_invoice (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;
  DtInvoiceDocument *document;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoice_store_get (ctx->db, id, error);
  if (invoice == NULL)
    return NULL;
  document = dt_invoicing_build_document (ctx->db, id, error);
  if (document == NULL)
    return NULL;
  text = dt_invoice_text_render (document, 78);
  dt_invoice_document_free (document);
  uri = g_strdup_printf ("doubletime://invoices/%" G_GINT64_FORMAT "/pdf", id);
  out = json_object_new ();
  json_object_set_object_member (out, "invoice", dt_ops_invoice_to_json (invoice));
  json_object_set_string_member (out, "text", text);
  json_object_set_string_member (out, "pdf_uri", uri);
  return out;
}

static JsonObject *
get_invoice_pdf (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  DtInvoiceDocument *document;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *name = NULL;
  g_autofree char *base64 = NULL;
  JsonObject *out;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  document = dt_invoicing_build_document (ctx->db, id, error);
  if (document == NULL)
    return NULL;
  pdf = dt_invoice_pdf_render (document, dt_invoice_pdf_paper_for_currency (document->currency),
                               error);
  name = dt_invoice_pdf_file_name (document);
  dt_invoice_document_free (document);
  if (pdf == NULL)
    return NULL;
  base64 = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  out = json_object_new ();
  json_object_set_string_member (out, "content_type", "application/pdf");
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "data_base64", base64);
  return out;
}

/* ---- send --------------------------------------------------------------------------- */

static char *
recipients_of (DtOpContext       *ctx,
               JsonObject        *input,
               DtInvoiceDocument *document)
{
  const char *to = dt_ops_get_string (input, "to");

  if (to != NULL)
    return g_strdup (to);
  if (document->bill_to.emails == NULL || document->bill_to.emails[0] == NULL)
    return NULL;
  return g_strjoinv (", ", document->bill_to.emails);
}

static char *
describe_send (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtSendPlan) plan = dt_invoicing_prepare_send (ctx->db, id, error);
  g_autofree char *to = NULL;
  g_autofree char *total = NULL;

  if (plan == NULL)
    return NULL;
  /* A client that wants e-invoices gets none that would be invalid: say what is missing
   * before the user is asked. */
  if (!dt_einvoice_file_check_sending (ctx->db, id, error))
    return NULL;
  to = recipients_of (ctx, input, plan->document);
  if (to == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the client of invoice %" G_GINT64_FORMAT " has no billing e-mail address; "
                   "add one with update_client or pass “to”", id);
      return NULL;
    }
  total = dt_money_format (plan->document->total, plan->document->currency);
  return g_strdup_printf ("send invoice %s to %s — %s", plan->number, to, total);
}

typedef struct
{
  DtOpContext *ctx;
  DtSendPlan  *plan;
  char        *to;
} Sending;

static void
sending_free (gpointer data)
{
  Sending *sending = data;

  dt_send_plan_free (sending->plan);
  g_free (sending->to);
  g_free (sending);
}

static DtMailerSettings *
mailer_settings (DtDb    *db,
                 GError **error)
{
  g_autoptr(DtMailerSettings) settings = dt_mailer_settings_new ();
  g_autofree char *security = dt_settings_get (db, DT_SETTING_SMTP_SECURITY, NULL);

  settings->host = dt_settings_get (db, DT_SETTING_SMTP_HOST, NULL);
  settings->port = (guint16) dt_settings_get_int (db, DT_SETTING_SMTP_PORT, 0);
  settings->username = dt_settings_get (db, DT_SETTING_SMTP_USER, NULL);
  settings->from_address = dt_settings_get (db, DT_SETTING_SMTP_FROM, NULL);
  settings->security = g_strcmp0 (security, "tls") == 0 ? DT_SMTP_SECURITY_TLS
                       : g_strcmp0 (security, "none") == 0 ? DT_SMTP_SECURITY_NONE
                       : DT_SMTP_SECURITY_STARTTLS;
  if (settings->host == NULL || *settings->host == '\0')
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                           "E-mail is not set up: the user has to enter an SMTP server in "
                           "Preferences → E-mail before invoices can be sent");
      return NULL;
    }
  if (!dt_mailer_settings_validate (settings, error))
    return NULL;
  return g_steal_pointer (&settings);
}

static void
mail_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sending *sending = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(DtInvoice) sent = NULL;

  if (!dt_mailer_send_finish (result, &error))
    {
      /* The invoice stays a draft and remembers why, for the user and the Billing Hub. */
      dt_invoicing_record_send_failure (sending->ctx->db, sending->plan->invoice_id,
                                        error->message, NULL);
      g_task_return_error (task, error);
      return;
    }
  sent = dt_invoicing_commit_send (sending->ctx->db, sending->plan, sending->to, &error);
  if (sent == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dt_ops_invoice_to_json (sent),
                           (GDestroyNotify) json_object_unref);
}

static void
send_invoice_async (DtOpContext        *ctx,
                    JsonObject         *input,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, ctx->cancellable, callback, user_data);
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtMailerSettings) settings = NULL;
  g_autoptr(DtMailMessage) message = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(DtEinvoiceFile) einvoice = NULL;
  GError *error = NULL;
  Sending *sending;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  sending = g_new0 (Sending, 1);
  sending->ctx = ctx;
  g_task_set_task_data (task, sending, sending_free);
  sending->plan = dt_invoicing_prepare_send (ctx->db, id, &error);
  if (sending->plan == NULL ||
      (settings = mailer_settings (ctx->db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sending->to = recipients_of (ctx, input, sending->plan->document);
  pdf = dt_invoice_pdf_render (sending->plan->document,
                               dt_invoice_pdf_paper_for_currency (sending->plan->document->currency),
                               &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* What the client prefers: Factur-X in place of the PDF, XRechnung beside it. */
  einvoice = dt_einvoice_file_for_sending (ctx->db, id, pdf, &error);
  if (einvoice == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  message = dt_mail_message_new_for_invoice (sending->plan->document,
                                             einvoice != NULL &&
                                             einvoice->format == DT_EINVOICE_FILE_FACTURX
                                             ? einvoice->data : pdf,
                                             dt_ops_get_string (input, "greeting"));
  if (einvoice != NULL && einvoice->format != DT_EINVOICE_FILE_FACTURX)
    {
      message->extra_attachment = g_bytes_ref (einvoice->data);
      message->extra_attachment_name = g_strdup (einvoice->file_name);
      message->extra_attachment_type = g_strdup (einvoice->content_type);
    }
  if (dt_ops_get_string (input, "to") != NULL)
    {
      g_strfreev (message->to);
      message->to = g_strsplit (sending->to, ",", -1);
      for (guint i = 0; message->to[i]; i++)
        g_strstrip (message->to[i]);
    }
  /* The password (if any) is read from the keyring in the mailer's worker thread. */
  dt_mailer_send_async (settings, NULL, message, ctx->cancellable, mail_sent_cb,
                        g_steal_pointer (&task));
}

static JsonObject *
send_invoice_finish (GAsyncResult *result,
                     GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- void --------------------------------------------------------------------------- */

static char *
describe_void (DtOpContext *ctx,
               JsonObject  *input,
               GError     **error)
{
  g_autoptr(DtInvoice) invoice = dt_invoice_store_get (ctx->db, dt_ops_get_int (input, "id", 0),
                                                       error);
  g_autofree char *total = NULL;

  if (invoice == NULL)
    return NULL;
  if (invoice->status == DT_INVOICE_DRAFT)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_CONFLICT,
                           "this invoice is a draft: delete it with delete_invoice_draft "
                           "instead of voiding it");
      return NULL;
    }
  total = dt_money_format (invoice->total, invoice->currency);
  return g_strdup_printf ("void invoice %s (%s); its work becomes billable again",
                          invoice->number ? invoice->number : "", total);
}

static JsonObject *
void_invoice (DtOpContext *ctx,
              JsonObject  *input,
              GError     **error)
{
  gint64 id = dt_ops_get_int (input, "id", 0);
  g_autoptr(DtInvoice) invoice = NULL;

  dt_op_context_set_object (ctx, "invoice %" G_GINT64_FORMAT, id);
  invoice = dt_invoicing_void (ctx->db, id, error);
  return invoice ? dt_ops_invoice_to_json (invoice) : NULL;
}

/* ---- Billing Hub -------------------------------------------------------------------- */

static const char *
attention_kind (DtAttentionKind kind)
{
  switch (kind)
    {
    case DT_ATTENTION_OVERDUE: return "overdue";
    case DT_ATTENTION_SEND_FAILED: return "send_failed";
    case DT_ATTENTION_OLD_DRAFT: return "old_draft";
    case DT_ATTENTION_UNBILLED: return "unbilled";
    default: return "long_timer";
    }
}

static gpointer
hub_part_beside (DtDb     *db,
                 gpointer  data,
                 GError  **error)
{
  return dt_billing_hub_read_unbilled (db, *(gint64 *) data, 0, error);
}

/* The unbilled work is priced in two halves of the projects, the later one on a spare
 * thread when there is one (as a long report is read): the Billing Hub then takes about
 * half as long. */
static DtBillingHub *
hub_get (DtOpContext  *ctx,
         GError      **error)
{
  g_autoptr(DtHubUnbilled) unbilled = NULL;
  g_autoptr(DtHubUnbilled) part = NULL;
  g_autoptr(GError) beside_error = NULL;
  gint64 middle = dt_billing_hub_middle_project (ctx->db, error);
  DtOpBeside *beside;

  if (middle < 0)
    return NULL;
  if (middle == 0 || (beside = dt_op_context_run_beside (ctx, hub_part_beside, &middle)) == NULL)
    return dt_billing_hub_get (ctx->db, error);

  unbilled = dt_billing_hub_read_unbilled (ctx->db, 0, middle, error);
  if (!dt_op_beside_finish (beside, (gpointer *) &part, &beside_error))
    part = unbilled != NULL ? dt_billing_hub_read_unbilled (ctx->db, middle, 0, error) : NULL;
  else if (part == NULL && unbilled != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&beside_error));
      return NULL;
    }
  if (unbilled == NULL || part == NULL)
    return NULL;
  dt_hub_unbilled_merge (unbilled, part);
  return dt_billing_hub_get_with_unbilled (ctx->db, unbilled, error);
}

static JsonObject *
get_billing_hub (DtOpContext *ctx,
                 JsonObject  *input,
                 GError     **error)
{
  g_autoptr(DtBillingHub) hub = hub_get (ctx, error);
  JsonObject *out;
  JsonArray *clients, *attention;

  if (hub == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "today", hub->today);
  clients = json_array_new ();
  for (guint i = 0; i < hub->clients->len; i++)
    {
      DtHubClient *c = g_ptr_array_index (hub->clients, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "client_id", c->client_id);
      dt_ops_set_string (o, "client_name", c->client_name);
      dt_ops_set_string (o, "currency", c->currency);
      json_object_set_boolean_member (o, "archived", c->archived);
      json_object_set_int_member (o, "unbilled_entries", c->unbilled_entries);
      json_object_set_int_member (o, "unbilled_minutes", c->unbilled_minutes);
      dt_ops_set_money (o, "unbilled_amount", c->unbilled_amount, c->currency);
      dt_ops_set_instant (o, "oldest_unbilled", c->oldest_unbilled_at);
      json_object_set_int_member (o, "drafts", c->drafts);
      dt_ops_set_money (o, "drafts_total", c->drafts_total, c->currency);
      json_object_set_int_member (o, "outstanding", c->outstanding);
      dt_ops_set_money (o, "outstanding_amount", c->outstanding_amount, c->currency);
      json_object_set_int_member (o, "overdue", c->overdue);
      dt_ops_set_money (o, "overdue_amount", c->overdue_amount, c->currency);
      json_object_set_int_member (o, "max_days_overdue", c->max_days_overdue);
      dt_ops_set_money (o, "paid_this_month", c->paid_this_month, c->currency);
      dt_ops_set_money (o, "paid_this_year", c->paid_this_year, c->currency);
      json_array_add_object_element (clients, o);
    }
  json_object_set_array_member (out, "clients", clients);
  attention = json_array_new ();
  for (guint i = 0; i < hub->attention->len; i++)
    {
      DtAttentionItem *item = g_ptr_array_index (hub->attention, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", attention_kind (item->kind));
      dt_ops_set_optional_int (o, "client_id", item->client_id);
      dt_ops_set_optional_int (o, "invoice_id", item->invoice_id);
      dt_ops_set_optional_int (o, "entry_id", item->entry_id);
      dt_ops_set_money (o, "amount", item->currency ? item->amount : DT_NO_VALUE,
                        item->currency);
      json_object_set_int_member (o, "days", item->days);
      dt_ops_set_string (o, "message", item->message);
      json_array_add_object_element (attention, o);
    }
  json_object_set_array_member (out, "attention", attention);
  return out;
}

/* ---- reports ------------------------------------------------------------------------ */

static JsonObject *
report_row_to_json (const DtReportRow *row)
{
  JsonObject *o = json_object_new ();

  dt_ops_set_string (o, "key", row->key);
  dt_ops_set_optional_int (o, "id", row->id);
  dt_ops_set_string (o, "label", row->label);
  dt_ops_set_string (o, "currency", row->currency);
  json_object_set_int_member (o, "entries", row->entries);
  json_object_set_int_member (o, "minutes", row->seconds / 60);
  json_object_set_int_member (o, "billable_minutes", row->billable_seconds / 60);
  json_object_set_int_member (o, "non_billable_minutes", row->non_billable_seconds / 60);
  json_object_set_int_member (o, "billed_minutes", row->billed_minutes);
  dt_ops_set_money (o, "amount", row->amount, row->currency);
  dt_ops_set_money (o, "invoiced_amount", row->invoiced_amount, row->currency);
  return o;
}

typedef struct
{
  const DtReportQuery *query;
  gint64               from;
} ReportPart;

static gpointer
report_part_beside (DtDb     *db,
                    gpointer  data,
                    GError  **error)
{
  ReportPart *part = data;

  return dt_report_run_part (db, part->query, part->from, part->query->to, error);
}

/* Reports over more than two months are read in two halves, the later one on a spare thread
 * when there is one: a year by client then takes about half as long. */
#define REPORT_SPLIT_SECONDS (62 * 86400)

static DtReport *
report_run (DtOpContext          *ctx,
            const DtReportQuery  *query,
            GError              **error)
{
  ReportPart later = { query, query->from + (query->to - query->from) / 2 };
  g_autoptr(DtReport) report = NULL;
  g_autoptr(GError) beside_error = NULL;
  DtReport *part = NULL;
  DtOpBeside *beside;

  if (query->to - query->from < REPORT_SPLIT_SECONDS ||
      (beside = dt_op_context_run_beside (ctx, report_part_beside, &later)) == NULL)
    return dt_report_run (ctx->db, query, error);

  report = dt_report_run_part (ctx->db, query, query->from, later.from, error);
  if (!dt_op_beside_finish (beside, (gpointer *) &part, &beside_error))
    part = report != NULL ? dt_report_run_part (ctx->db, query, later.from, query->to, error)
                          : NULL;
  else if (part == NULL && report != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&beside_error));
      return NULL;
    }
  if (report == NULL || part == NULL)
    {
      g_clear_pointer (&part, dt_report_free);
      return NULL;
    }
  dt_report_merge (report, part);
  return g_steal_pointer (&report);
}

static JsonObject *
run_report (DtOpContext *ctx,
            JsonObject  *input,
            GError     **error)
{
  DtReportQuery query = { 0 };
  g_autoptr(DtReport) report = NULL;
  const char *group_by = dt_ops_get_string (input, "group_by");
  const char *billable = dt_ops_get_string (input, "billable");
  JsonObject *out;
  JsonArray *rows, *totals;
  g_autofree char *csv_uri = NULL;

  if (!read_period (input, &query.from, &query.to, error))
    return NULL;
  query.group_by = DT_REPORT_BY_CLIENT;
  if (group_by != NULL && !dt_report_grouping_from_string (group_by, &query.group_by, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  query.billable = g_strcmp0 (billable, "billable") == 0 ? DT_BILLABLE_ONLY
                   : g_strcmp0 (billable, "non_billable") == 0 ? DT_BILLABLE_NON
                   : DT_BILLABLE_ANY;
  report = report_run (ctx, &query, error);
  if (report == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "group_by", dt_report_grouping_to_string (query.group_by));
  dt_ops_set_instant (out, "from", query.from);
  dt_ops_set_instant (out, "to", query.to);
  rows = json_array_new ();
  for (guint i = 0; i < report->rows->len; i++)
    json_array_add_object_element (rows, report_row_to_json (g_ptr_array_index (report->rows, i)));
  totals = json_array_new ();
  for (guint i = 0; i < report->totals->len; i++)
    json_array_add_object_element (totals,
                                   report_row_to_json (g_ptr_array_index (report->totals, i)));
  json_object_set_array_member (out, "rows", rows);
  json_object_set_array_member (out, "totals", totals);
  {
    g_autofree char *from = dt_time_local_date (query.from);
    g_autofree char *last = dt_time_local_date (query.to - 1);

    csv_uri = g_strdup_printf ("doubletime://reports/%s/%s/%s.csv",
                               dt_report_grouping_to_string (query.group_by), from, last);
  }
  json_object_set_string_member (out, "csv_uri", csv_uri);
  return out;
}

static JsonObject *
get_report_csv (DtOpContext *ctx,
                JsonObject  *input,
                GError     **error)
{
  DtReportQuery query = { 0 };
  g_autoptr(DtReport) report = NULL;
  const char *group_by = dt_ops_get_string (input, "group_by");
  g_autofree char *csv = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *name = NULL;
  JsonObject *out;

  if (!read_period (input, &query.from, &query.to, error))
    return NULL;
  query.group_by = DT_REPORT_BY_CLIENT;
  if (group_by != NULL && !dt_report_grouping_from_string (group_by, &query.group_by, error))
    return NULL;
  query.client_id = dt_ops_get_int (input, "client_id", 0);
  query.project_id = dt_ops_get_int (input, "project_id", 0);
  report = report_run (ctx, &query, error);
  if (report == NULL)
    return NULL;
  csv = dt_report_to_csv (report);
  base64 = g_base64_encode ((const guchar *) csv, strlen (csv));
  name = g_strdup_printf ("report-%s-%s-%s.csv", dt_report_grouping_to_string (query.group_by),
                          dt_ops_get_string (input, "from"), dt_ops_get_string (input, "to"));
  out = json_object_new ();
  json_object_set_string_member (out, "content_type", "text/csv");
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "data_base64", base64);
  return out;
}

/* ---- definitions -------------------------------------------------------------------- */

#define MONEY_ROW \
  DT_OPS_MONEY_OUT ("amount") ",\"currency\":{\"type\":\"string\"}"

static const DtOp billing_ops[] = {
  {
    "find_invoice_candidates", "Find work ready to invoice", "invoices", "invoices:read",
    "Shows what an invoice for one client over a date range would bill: unbilled, billable, "
    "finished time grouped per task (or project, or entry), each group with raw and rounded "
    "minutes, the hourly rate that applies and why, and the amount; plus what was left out "
    "(non-billable, running, already billed). Nothing is changed. Follow with "
    "create_invoice_draft using the same client_id, from and to.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client to bill") ","
    DT_OPS_RANGE_PROPS "," GROUPING_PROP "},\"required\":[\"client_id\",\"from\",\"to\"],"
    "\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"client_id\":{\"type\":\"integer\"},"
    "\"client_name\":{\"type\":\"string\"},\"currency\":{\"type\":\"string\"},"
    "\"groups\":{\"type\":\"array\"},\"entries\":{\"type\":\"integer\"},"
    "\"raw_minutes\":{\"type\":\"integer\"},\"billed_minutes\":{\"type\":\"integer\"},"
    DT_OPS_MONEY_OUT ("amount") "},\"required\":[\"client_id\",\"currency\",\"groups\","
    "\"amount\"]}",
    DT_OP_READ_ONLY, "GET", "/invoice-candidates", 200, find_invoice_candidates, NULL,
  },
  {
    "create_invoice_draft", "Create a draft invoice", "invoices", "invoices:write",
    "Creates a draft invoice for a client from the unbilled work of a date range (as "
    "find_invoice_candidates shows it), one line per task by default; entry_ids bills only "
    "those entries. The billed entries are locked until the draft is deleted. Returns the "
    "draft with lines and totals; preview_invoice shows it as printed.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client to bill") ","
    DT_OPS_RANGE_PROPS "," GROUPING_PROP ","
    "\"entry_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1},"
    "\"uniqueItems\":true,\"description\":\"Bill only these candidate entries\"},"
    "\"tax_rate_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\","
    "\"description\":\"VAT on the lines, e.g. \\\"19\\\" (default: the tax setting)\"},"
    "\"discount_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\"},"
    "\"notes\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"terms\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"due_date\":{\"type\":\"string\",\"format\":\"date\"}," INVOICE_EINVOICE_IN "},"
    "\"required\":[\"client_id\",\"from\",\"to\"],\"additionalProperties\":false}",
    INVOICE_REF_OUT, 0, "POST", "/invoices", 201, create_invoice_draft, NULL,
  },
  {
    "update_invoice_draft", "Update a draft invoice", "invoices", "invoices:write",
    "Changes a draft's notes, terms, due date, service period, discount, order reference, "
    "VAT category and exemption, or lines. Without \"lines\" the lines "
    "stay; with it, it is the whole list in print order (get_invoice gives the current one): "
    "a line with an id keeps it and may change its description, unit_price, tax_rate_percent "
    "and the quantity of a fixed or hourly line; a line without an id is new (kind fixed or "
    "hourly); a line left out is removed, and its tracked time is unbilled again. Only drafts "
    "can change: a sent invoice is frozen.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The draft's id") ","
    "\"notes\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"lines\":{\"type\":\"array\",\"maxItems\":500,\"items\":{\"type\":\"object\","
    "\"properties\":{\"id\":" DT_OPS_ID ("A line of this draft, from get_invoice") ","
    "\"kind\":{\"type\":\"string\",\"enum\":[\"fixed\",\"hourly\",\"time\"],"
    "\"description\":\"For a new line: fixed (units × unit price) or hourly (minutes × price "
    "per hour)\"},"
    "\"description\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000},"
    "\"quantity_units\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,9}(\\\\.[0-9]{1,3})?$\","
    "\"description\":\"Units of a fixed line, e.g. \\\"1\\\" or \\\"2.5\\\"\"},"
    "\"quantity_minutes\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000000000,"
    "\"description\":\"Minutes of an hourly line\"},"
    "\"unit_price\":" DT_OPS_MONEY_IN ("Price per unit, or per hour for hourly and time lines")
    ",\"tax_rate_percent\":{\"type\":\"string\","
    "\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\",\"description\":\"VAT on this line, "
    "e.g. \\\"7\\\" (a new line's default: the first line's)\"},"
    "\"vat_category\":" DT_OPS_VAT_CATEGORY_IN ("BT-151: this line's VAT category; empty: "
    "the invoice's") ","
    "\"unit_code\":{\"type\":\"string\",\"enum\":[\"\",\"C62\",\"H87\",\"EA\",\"LS\","
    "\"DAY\",\"WEE\",\"MON\",\"ANN\",\"E48\",\"KMT\",\"KGM\",\"MTR\",\"LTR\"],"
    "\"description\":\"BT-130 (UN/ECE rec. 20) of a fixed line: C62 pieces (default), DAY, "
    "MON, LS lump sum, KMT kilometres…\"}},"
    "\"additionalProperties\":false}},"
    "\"terms\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"due_date\":{\"type\":\"string\",\"format\":\"date\"},"
    "\"period_from\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"BT-73: "
    "first day of the service period\"},"
    "\"period_to\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"BT-74: "
    "last day of the service period\"}," INVOICE_EINVOICE_IN ","
    "\"discount_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\"},"
    "\"discount_fixed\":" DT_OPS_MONEY_IN ("A fixed discount") ","
    DT_OPS_EXPECTED_VERSION "},\"required\":[\"id\"],\"additionalProperties\":false}",
    INVOICE_REF_OUT, DT_OP_IDEMPOTENT, "PATCH", "/invoices/{id}", 200, update_invoice_draft,
    NULL,
  },
  {
    "preview_invoice", "Preview an invoice", "invoices", "invoices:read",
    "Returns an invoice as it will be printed, as plain text, plus pdf_uri, a resource with "
    "the PDF (read it with resources/read).",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"invoice\":" INVOICE_REF_OUT ","
    "\"text\":{\"type\":\"string\"},\"pdf_uri\":{\"type\":\"string\"}},"
    "\"required\":[\"invoice\",\"text\",\"pdf_uri\"]}",
    DT_OP_READ_ONLY, "GET", "/invoices/{id}/preview", 200, preview_invoice, NULL,
  },
  {
    "get_invoice_pdf", "Get an invoice's PDF", "invoices", "invoices:read",
    "Returns the invoice as a PDF (base64). Prefer preview_invoice's pdf_uri resource.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"data_base64\":{\"type\":\"string\"}},"
    "\"required\":[\"content_type\",\"data_base64\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/invoices/{id}/pdf", 200, get_invoice_pdf, NULL,
  },
  {
    "send_invoice", "Send an invoice", "invoices", "invoices:send",
    "E-mails a draft invoice as a PDF to the client's billing address (or “to”), gives it "
    "its number and marks it sent; it cannot change afterwards. A client whose "
    "einvoice_format is facturx gets the Factur-X PDF instead, one with xrechnung-cii or "
    "xrechnung-ubl the XRechnung XML beside the PDF; an invoice that is not ready as that "
    "e-invoice is refused with what is missing (see check_einvoice). The user confirms each send "
    "in DoubleTime and the call waits for the answer; if they decline, nothing is sent.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The draft's id") ","
    "\"to\":{\"type\":\"string\",\"maxLength\":500,\"description\":\"Recipients, comma "
    "separated (default: the client's billing e-mail)\"},"
    "\"greeting\":{\"type\":\"string\",\"maxLength\":2000,\"description\":\"A line before "
    "the invoice text in the e-mail\"}},\"required\":[\"id\"],\"additionalProperties\":false}",
    INVOICE_REF_OUT, DT_OP_SENSITIVE, "POST", "/invoices/{id}/send", 200, NULL, describe_send,
    send_invoice_async, send_invoice_finish,
  },
  {
    "void_invoice", "Void an invoice", "invoices", "invoices:write",
    "Voids a sent invoice that has no payments: it keeps its number, shows as void, and its "
    "work becomes billable again. The user confirms in DoubleTime.",
    "{\"type\":\"object\",\"properties\":{\"id\":" DT_OPS_ID ("The invoice's id") "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    INVOICE_REF_OUT, DT_OP_DESTRUCTIVE | DT_OP_SENSITIVE, "POST", "/invoices/{id}/void", 200,
    void_invoice, describe_void,
  },
  {
    "get_billing_hub", "Billing Hub", "billing", "billing:read",
    "The freelancer's money at a glance, per client: unbilled work ready to invoice (minutes "
    "and amount), drafts, sent and outstanding, overdue, paid this month and year; and a "
    "short list of what needs attention (overdue invoices, failed sends, old drafts, old "
    "unbilled work, a timer left running).",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"today\":{\"type\":\"string\"},"
    "\"clients\":{\"type\":\"array\"},\"attention\":{\"type\":\"array\"}},"
    "\"required\":[\"today\",\"clients\",\"attention\"]}",
    DT_OP_READ_ONLY, "GET", "/billing-hub", 200, get_billing_hub, NULL,
  },
  {
    "run_report", "Run a report", "reports", "reports:read",
    "Totals of time and money over a date range, grouped by client (default), project, "
    "task, tag, day, week or month, optionally for one client or project and only billable "
    "or non-billable work; one row per group and currency, plus totals per currency, and "
    "csv_uri, the same report as a CSV resource.",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_RANGE_PROPS ","
    "\"group_by\":{\"type\":\"string\",\"enum\":[\"client\",\"project\",\"task\",\"tag\","
    "\"day\",\"week\",\"month\"]},\"client_id\":" DT_OPS_ID ("Only this client") ","
    "\"project_id\":" DT_OPS_ID ("Only this project") ","
    "\"billable\":{\"type\":\"string\",\"enum\":[\"any\",\"billable\",\"non_billable\"]}},"
    "\"required\":[\"from\",\"to\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"group_by\":{\"type\":\"string\"},"
    "\"rows\":{\"type\":\"array\"},\"totals\":{\"type\":\"array\"},"
    "\"csv_uri\":{\"type\":\"string\"}},\"required\":[\"rows\",\"totals\"]}",
    DT_OP_READ_ONLY, "GET", "/reports", 200, run_report, NULL,
  },
  {
    "get_report_csv", "Export a report as CSV", "reports", "reports:read",
    "The same report as run_report, as a CSV file (base64). Prefer run_report's csv_uri "
    "resource.",
    "{\"type\":\"object\",\"properties\":{" DT_OPS_RANGE_PROPS ","
    "\"group_by\":{\"type\":\"string\",\"enum\":[\"client\",\"project\",\"task\",\"tag\","
    "\"day\",\"week\",\"month\"]},\"client_id\":" DT_OPS_ID ("Only this client") ","
    "\"project_id\":" DT_OPS_ID ("Only this project") "},"
    "\"required\":[\"from\",\"to\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"content_type\":{\"type\":\"string\"},"
    "\"filename\":{\"type\":\"string\"},\"data_base64\":{\"type\":\"string\"}},"
    "\"required\":[\"content_type\",\"data_base64\"]}",
    DT_OP_READ_ONLY | DT_OP_BINARY, "GET", "/reports.csv", 200, get_report_csv, NULL,
  },
};

void
dt_ops_register_billing (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (billing_ops); i++)
    dt_op_registry_add (registry, &billing_ops[i]);
}

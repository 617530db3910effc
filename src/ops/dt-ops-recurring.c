/* dt-ops-recurring.c: recurring invoices. An assistant may set one up and make the drafts
 * that are due; sending them stays with the user, and only the window can let a template
 * send by itself (no auto_send here). */
#define G_LOG_DOMAIN "dt-ops"

#include "dt-ops-private.h"

#include "dt-client-store.h"
#include "dt-recurring.h"
#include "dt-time.h"

#define RECURRING_LINE_OUT \
  "{\"type\":\"object\",\"properties\":{\"description\":{\"type\":\"string\"}," \
  "\"quantity_units\":{\"type\":\"string\"}," DT_OPS_MONEY_OUT ("unit_price") "," \
  "\"tax_rate_percent\":{\"type\":[\"string\",\"null\"],\"description\":\"null: the default " \
  "tax setting when a draft is made\"},\"unit_code\":{\"type\":\"string\"}}," \
  "\"required\":[\"description\",\"quantity_units\",\"unit_price\"]}"

#define RECURRING_OUT \
  "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}," \
  "\"client_id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}," \
  "\"frequency\":{\"type\":\"string\",\"enum\":[\"monthly\",\"quarterly\",\"yearly\"]}," \
  "\"day_of_month\":{\"type\":\"integer\"},\"start_date\":{\"type\":\"string\"}," \
  "\"end_date\":{\"type\":[\"string\",\"null\"]},\"currency\":{\"type\":\"string\"}," \
  "\"lines\":{\"type\":\"array\",\"items\":" RECURRING_LINE_OUT "}," \
  "\"notes\":{\"type\":\"string\"},\"terms\":{\"type\":[\"string\",\"null\"]}," \
  "\"auto_send\":{\"type\":\"boolean\"},\"active\":{\"type\":\"boolean\"}," \
  "\"version\":{\"type\":\"integer\"}}," \
  "\"required\":[\"id\",\"client_id\",\"name\",\"frequency\",\"day_of_month\"," \
  "\"start_date\",\"lines\",\"auto_send\",\"active\",\"version\"]}"

static char *
format_units (gint64 thousandths)
{
  if (thousandths % 1000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, thousandths / 1000);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, thousandths / 1000,
                          thousandths % 1000);
}

static JsonObject *
recurring_to_json (const DtRecurringTemplate *template,
                   const char                *currency)
{
  JsonObject *out = json_object_new ();
  JsonArray *lines = json_array_new ();

  json_object_set_int_member (out, "id", template->id);
  json_object_set_int_member (out, "client_id", template->client_id);
  dt_ops_set_string (out, "name", template->name);
  json_object_set_string_member (out, "frequency",
                                 dt_recurring_frequency_to_string (template->frequency));
  json_object_set_int_member (out, "day_of_month", template->day_of_month);
  dt_ops_set_string (out, "start_date", template->start_date);
  if (template->end_date != NULL && template->end_date[0] != '\0')
    json_object_set_string_member (out, "end_date", template->end_date);
  else
    json_object_set_null_member (out, "end_date");
  dt_ops_set_string (out, "currency", currency);
  for (guint i = 0; i < template->lines->len; i++)
    {
      const DtRecurringLine *line = template->lines->pdata[i];
      JsonObject *o = json_object_new ();
      g_autofree char *units = format_units (line->quantity);

      dt_ops_set_string (o, "description", line->description);
      json_object_set_string_member (o, "quantity_units", units);
      dt_ops_set_money (o, "unit_price", line->unit_price, currency);
      if (line->tax_rate_bp >= 0)
        {
          g_autofree char *percent = dt_money_format_plain (line->tax_rate_bp, "EUR");
          json_object_set_string_member (o, "tax_rate_percent", percent);
        }
      else
        json_object_set_null_member (o, "tax_rate_percent");
      dt_ops_set_string (o, "unit_code", line->unit_code);
      json_array_add_object_element (lines, o);
    }
  json_object_set_array_member (out, "lines", lines);
  dt_ops_set_string (out, "notes", template->notes);
  if (template->terms != NULL)
    json_object_set_string_member (out, "terms", template->terms);
  else
    json_object_set_null_member (out, "terms");
  json_object_set_boolean_member (out, "auto_send", template->auto_send);
  json_object_set_boolean_member (out, "active", template->active);
  json_object_set_int_member (out, "version", template->version);
  return out;
}

static char *
client_currency (DtDb    *db,
                 gint64   client_id,
                 GError **error)
{
  g_autoptr(DtClient) client = dt_client_store_get (db, client_id, error);

  return client != NULL ? g_strdup (client->currency) : NULL;
}

static JsonObject *
list_recurring_invoices (DtOpContext *ctx,
                         JsonObject  *input,
                         GError     **error)
{
  g_autoptr(GPtrArray) templates = dt_recurring_list (ctx->db, error);
  JsonArray *items;

  if (templates == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < templates->len; i++)
    {
      const DtRecurringTemplate *template = templates->pdata[i];
      g_autofree char *currency = client_currency (ctx->db, template->client_id, error);

      if (currency == NULL)
        {
          json_array_unref (items);
          return NULL;
        }
      json_array_add_object_element (items, recurring_to_json (template, currency));
    }
  return dt_ops_page (items, FALSE, 0);
}

static gboolean
read_lines (JsonObject          *input,
            const char          *currency,
            DtRecurringTemplate *template,
            GError             **error)
{
  JsonArray *array = json_object_get_array_member (input, "lines");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_autoptr(DtRecurringLine) line = dt_recurring_line_new (dt_ops_get_string (item,
                                                                                  "description"),
                                                               0, 0);
      const char *unit_code = dt_ops_get_string (item, "unit_code");

      if (!dt_ops_read_units (item, i + 1, &line->quantity, error) ||
          !dt_ops_get_money (item, "unit_price", currency, &line->unit_price, error) ||
          !dt_ops_read_percent_bp (item, "tax_rate_percent", &line->tax_rate_bp, error))
        {
          g_prefix_error (error, "line %u: ", i + 1);
          return FALSE;
        }
      if (unit_code != NULL)
        {
          g_free (line->unit_code);
          line->unit_code = g_strdup (unit_code);
        }
      g_ptr_array_add (template->lines, g_steal_pointer (&line));
    }
  return TRUE;
}

static JsonObject *
create_recurring_invoice (DtOpContext *ctx,
                          JsonObject  *input,
                          GError     **error)
{
  g_autoptr(DtRecurringTemplate) template = dt_recurring_template_new ();
  g_autoptr(DtRecurringTemplate) stored = NULL;
  g_autofree char *currency = NULL;

  template->client_id = dt_ops_get_int (input, "client_id", 0);
  dt_op_context_set_object (ctx, "client %" G_GINT64_FORMAT, template->client_id);
  currency = client_currency (ctx->db, template->client_id, error);
  if (currency == NULL)
    return NULL;
  template->name = g_strdup (dt_ops_get_string (input, "name"));
  if (!dt_recurring_frequency_from_string (dt_ops_get_string (input, "frequency"),
                                           &template->frequency, error))
    return NULL;
  template->day_of_month = (int) dt_ops_get_int (input, "day_of_month", 1);
  template->start_date = g_strdup (dt_ops_get_string (input, "start_date"));
  template->end_date = g_strdup (dt_ops_get_string (input, "end_date"));
  template->notes = g_strdup (dt_ops_get_string (input, "notes"));
  template->terms = g_strdup (dt_ops_get_string (input, "terms"));
  /* Sending by itself is the user's choice, in the window. */
  template->auto_send = FALSE;
  if (!read_lines (input, currency, template, error))
    return NULL;
  stored = dt_recurring_create (ctx->db, template, error);
  if (stored == NULL)
    return NULL;
  dt_op_context_set_object (ctx, "recurring invoice %" G_GINT64_FORMAT, stored->id);
  return recurring_to_json (stored, currency);
}

static JsonObject *
make_recurring_drafts (DtOpContext *ctx,
                       JsonObject  *input,
                       GError     **error)
{
  g_autofree char *today = dt_time_local_date (dt_time_now ());
  g_autoptr(GPtrArray) drafts = dt_recurring_catch_up (ctx->db, today, error);
  JsonObject *out;
  JsonArray *items;

  if (drafts == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < drafts->len; i++)
    json_array_add_object_element (items, dt_ops_invoice_to_json (drafts->pdata[i]));
  out = json_object_new ();
  json_object_set_array_member (out, "drafts", items);
  return out;
}

static const DtOp recurring_ops[] = {
  {
    "list_recurring_invoices", "List recurring invoices", "invoices", "invoices:read",
    "Lists the recurring invoices: each one's client, lines, and schedule (monthly, quarterly "
    "or yearly on a day of the month, from a start date to an optional end).",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    DT_OPS_PAGE_OUT (RECURRING_OUT), DT_OP_READ_ONLY, "GET", "/recurring-invoices", 200,
    list_recurring_invoices, NULL,
  },
  {
    "create_recurring_invoice", "Set up a recurring invoice", "invoices", "invoices:write",
    "Sets up an invoice made again every period: a retainer, hosting, a subscription. Each "
    "period gets one draft with these fixed lines on its draft day (day_of_month of the "
    "period's first month, or that month's last day when shorter); drafts wait in the "
    "Billing Hub for the user to send. Whether drafts send by themselves can only be set in "
    "the window.",
    "{\"type\":\"object\",\"properties\":{\"client_id\":" DT_OPS_ID ("The client billed") ","
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200},"
    "\"frequency\":{\"type\":\"string\",\"enum\":[\"monthly\",\"quarterly\",\"yearly\"]},"
    "\"day_of_month\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":31,\"description\":"
    "\"Draft day; 31 = the month's last day\"},"
    "\"start_date\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"No draft "
    "before this day; its month is the first period\"},"
    "\"end_date\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"No draft after "
    "this day; leave out for none\"},"
    "\"lines\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":100,\"items\":{\"type\":"
    "\"object\",\"properties\":{"
    "\"description\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000},"
    "\"quantity_units\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,9}(\\\\.[0-9]{1,3})?$\","
    "\"description\":\"Units, e.g. \\\"1\\\" or \\\"2.5\\\"\"},"
    "\"unit_price\":" DT_OPS_MONEY_IN ("Price per unit in the client's currency") ","
    "\"tax_rate_percent\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,3}(\\\\.[0-9]{1,2})?$\","
    "\"description\":\"VAT on this line, e.g. \\\"19\\\" (default: the tax setting when the "
    "draft is made)\"},"
    "\"unit_code\":{\"type\":\"string\",\"enum\":[\"\",\"C62\",\"H87\",\"XPP\",\"EA\",\"LS\","
    "\"DAY\",\"WEE\",\"MON\",\"ANN\",\"E48\",\"KMT\",\"KGM\",\"MTR\",\"LTR\"]}},"
    "\"required\":[\"description\",\"quantity_units\",\"unit_price\"],"
    "\"additionalProperties\":false}},"
    "\"notes\":{\"type\":\"string\",\"maxLength\":5000},"
    "\"terms\":{\"type\":\"string\",\"maxLength\":5000}},"
    "\"required\":[\"client_id\",\"name\",\"frequency\",\"day_of_month\",\"start_date\","
    "\"lines\"],\"additionalProperties\":false}",
    RECURRING_OUT, 0, "POST", "/recurring-invoices", 201, create_recurring_invoice, NULL,
  },
  {
    "make_recurring_drafts", "Make the recurring drafts that are due", "invoices",
    "invoices:write",
    "Makes the draft of every period that is due today or earlier and has none yet, oldest "
    "first; a period never gets a second draft, so calling this again makes nothing new. "
    "Returns the drafts made; they are not sent.",
    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"drafts\":{\"type\":\"array\",\"items\":"
    DT_OPS_INVOICE_REF_OUT "}},\"required\":[\"drafts\"]}",
    DT_OP_IDEMPOTENT, "POST", "/recurring-invoices/drafts", 200, make_recurring_drafts, NULL,
  },
};

void
dt_ops_register_recurring (DtOpRegistry *registry)
{
  for (guint i = 0; i < G_N_ELEMENTS (recurring_ops); i++)
    dt_op_registry_add (registry, &recurring_ops[i]);
}

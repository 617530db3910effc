/* dt-recurring.c: recurring invoice templates, their schedules, and one draft per period. */
#define G_LOG_DOMAIN "dt-recurring"

#include "dt-recurring.h"
#include "dt-error.h"
#include "dt-invoicing.h"
#include "dt-settings-store.h"
#include "dt-store-events.h"
#include "dt-store-private.h"
#include "dt-time.h"

#include <string.h>

/* Ten years of monthly drafts, and then some: a schedule that would make more is a typo. */
#define MAX_PERIODS 1200

static const char *const frequency_names[] = { "monthly", "quarterly", "yearly" };
static const int frequency_months[] = { 1, 3, 12 };

const char *
dt_recurring_frequency_to_string (DtRecurringFrequency frequency)
{
  g_return_val_if_fail (frequency <= DT_RECURRING_YEARLY, NULL);
  return frequency_names[frequency];
}

gboolean
dt_recurring_frequency_from_string (const char           *text,
                                    DtRecurringFrequency *out,
                                    GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (frequency_names); i++)
    if (g_strcmp0 (text, frequency_names[i]) == 0)
      {
        *out = (DtRecurringFrequency) i;
        return TRUE;
      }
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "frequency “%s” is not one of monthly, quarterly, yearly", text ? text : "");
  return FALSE;
}

DtRecurringLine *
dt_recurring_line_new (const char *description,
                       gint64      quantity,
                       gint64      unit_price)
{
  DtRecurringLine *line = g_new0 (DtRecurringLine, 1);

  line->description = g_strdup (description);
  line->quantity = quantity;
  line->unit_price = unit_price;
  line->unit_code = g_strdup ("");
  line->tax_rate_bp = -1;
  return line;
}

void
dt_recurring_line_free (DtRecurringLine *line)
{
  if (line == NULL)
    return;
  g_free (line->description);
  g_free (line->unit_code);
  g_free (line);
}

DtRecurringTemplate *
dt_recurring_template_new (void)
{
  DtRecurringTemplate *template = g_new0 (DtRecurringTemplate, 1);

  template->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_recurring_line_free);
  template->day_of_month = 1;
  template->active = TRUE;
  return template;
}

void
dt_recurring_template_free (DtRecurringTemplate *template)
{
  if (template == NULL)
    return;
  g_free (template->name);
  g_free (template->start_date);
  g_free (template->end_date);
  g_free (template->notes);
  g_free (template->terms);
  g_clear_pointer (&template->lines, g_ptr_array_unref);
  g_free (template);
}

/* ---- Schedules ------------------------------------------------------------------------ */

typedef struct
{
  int year;
  int month;
} Month;

static gboolean
has_end (const DtRecurringTemplate *template)
{
  return template->end_date != NULL && template->end_date[0] != '\0';
}

/* The draft day of the period starting in @month, as "YYYY-MM-DD" into @out. */
static void
draft_day (const DtRecurringTemplate *template,
           Month                      month,
           char                       out[11])
{
  int last = g_date_get_days_in_month ((GDateMonth) month.month, (GDateYear) month.year);

  g_snprintf (out, 11, "%04d-%02d-%02d", month.year, month.month,
              MIN (template->day_of_month, last));
}

static Month
month_add (Month month,
           int   months)
{
  int index = month.year * 12 + (month.month - 1) + months;

  return (Month) { index / 12, index % 12 + 1 };
}

/* Calls @func for each period whose draft day lies in [start, end] and is not after
 * @until (NULL: no bound but the end), oldest first, at most MAX_PERIODS. */
typedef void (*PeriodFunc) (Month       month,
                            const char *day,
                            gpointer    data);

static guint
each_period (const DtRecurringTemplate *template,
             const char                *until,
             PeriodFunc                 func,
             gpointer                   data)
{
  int year, mon, day;
  Month month;
  guint n = 0;

  if (!dt_time_parse_date (template->start_date, &year, &mon, &day, NULL))
    return 0;
  month = (Month) { year, mon };
  for (guint k = 0; k < MAX_PERIODS; k++)
    {
      char text[11];

      if (k > 0)
        month = month_add (month, frequency_months[template->frequency]);

      draft_day (template, month, text);
      if (strcmp (text, template->start_date) < 0)
        continue;
      if ((has_end (template) && strcmp (text, template->end_date) > 0) ||
          (until != NULL && strcmp (text, until) > 0))
        break;
      if (func != NULL)
        func (month, text, data);
      n++;
    }
  return n;
}

gboolean
dt_recurring_check_schedule (const DtRecurringTemplate *template,
                             GError                   **error)
{
  int year, month, day;

  g_return_val_if_fail (template != NULL, FALSE);

  if (template->frequency > DT_RECURRING_YEARLY)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "frequency %d is not one of monthly, quarterly, yearly",
                   (int) template->frequency);
      return FALSE;
    }
  if (template->day_of_month < 1 || template->day_of_month > 31)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "day_of_month %d is impossible; use 1 to 31 (31: the month's last day)",
                   template->day_of_month);
      return FALSE;
    }
  if (template->start_date == NULL ||
      !dt_time_parse_date (template->start_date, &year, &month, &day, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "start_date “%s” is not a date (YYYY-MM-DD)",
                   template->start_date ? template->start_date : "");
      return FALSE;
    }
  if (has_end (template) &&
      !dt_time_parse_date (template->end_date, &year, &month, &day, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "end_date “%s” is not a date (YYYY-MM-DD)", template->end_date);
      return FALSE;
    }
  if (has_end (template) && strcmp (template->end_date, template->start_date) < 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "end_date %s is before start_date %s", template->end_date,
                   template->start_date);
      return FALSE;
    }
  if (each_period (template, NULL, NULL, NULL) == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "the schedule makes no draft: no %s draft day (day %d) falls between %s "
                   "and %s", frequency_names[template->frequency], template->day_of_month,
                   template->start_date, has_end (template) ? template->end_date : "");
      return FALSE;
    }
  return TRUE;
}

static void
add_period (Month       month,
            const char *day,
            gpointer    data)
{
  g_ptr_array_add (data, g_strdup_printf ("%04d-%02d", month.year, month.month));
}

GPtrArray *
dt_recurring_due_periods (const DtRecurringTemplate *template,
                          const char                *today,
                          GError                   **error)
{
  GPtrArray *periods;
  int year, month, day;

  g_return_val_if_fail (template != NULL, NULL);

  if (!dt_recurring_check_schedule (template, error))
    return NULL;
  if (today == NULL || !dt_time_parse_date (today, &year, &month, &day, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "today “%s” is not a date (YYYY-MM-DD)",
                   today ? today : "");
      return NULL;
    }
  periods = g_ptr_array_new_with_free_func (g_free);
  each_period (template, today, add_period, periods);
  return periods;
}

/* Whether @period ("YYYY-MM") is one of @template's periods. */
typedef struct
{
  const char *period;
  gboolean    found;
} FindPeriod;

static void
match_period (Month       month,
              const char *day,
              gpointer    data)
{
  FindPeriod *find = data;

  find->found = find->found || strncmp (day, find->period, 7) == 0;
}

static gboolean
is_period_of (const DtRecurringTemplate *template,
              const char                *period)
{
  FindPeriod find = { period, FALSE };

  if (period == NULL || strlen (period) != 7)
    return FALSE;
  each_period (template, NULL, match_period, &find);
  return find.found;
}

/* ---- Store ---------------------------------------------------------------------------- */

#define TEMPLATE_COLUMNS \
  "id, client_id, name, frequency, day_of_month, start_date, end_date, notes, terms, " \
  "auto_send, active, version, created_at"

static gpointer
template_from_row (sqlite3_stmt *stmt)
{
  DtRecurringTemplate *template = dt_recurring_template_new ();

  template->id = sqlite3_column_int64 (stmt, 0);
  template->client_id = sqlite3_column_int64 (stmt, 1);
  template->name = dt_store_column_dup (stmt, 2);
  dt_recurring_frequency_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                      &template->frequency, NULL);
  template->day_of_month = sqlite3_column_int (stmt, 4);
  template->start_date = dt_store_column_dup (stmt, 5);
  template->end_date = dt_store_column_dup (stmt, 6);
  template->notes = dt_store_column_dup (stmt, 7);
  template->terms = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? NULL
                                                                 : dt_store_column_dup (stmt, 8);
  template->auto_send = sqlite3_column_int (stmt, 9) != 0;
  template->active = sqlite3_column_int (stmt, 10) != 0;
  template->version = sqlite3_column_int64 (stmt, 11);
  template->created_at = sqlite3_column_int64 (stmt, 12);
  return template;
}

static gboolean
load_lines (DtDb                *db,
            DtRecurringTemplate *template,
            GError             **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT description, quantity, unit_price, "
                                      "unit_code, tax_rate_bp FROM recurring_template_lines "
                                      "WHERE template_id = ? ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtRecurringLine *line = dt_recurring_line_new ((const char *) sqlite3_column_text (stmt, 0),
                                                     sqlite3_column_int64 (stmt, 1),
                                                     sqlite3_column_int64 (stmt, 2));

      g_free (line->unit_code);
      line->unit_code = dt_store_column_dup (stmt, 3);
      line->tax_rate_bp = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (template->lines, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dt_db_set_error (db, error, "Could not read the template's lines");
  return TRUE;
}

static gboolean
validate (DtDb                      *db,
          const DtRecurringTemplate *input,
          GError                   **error)
{
  if (!dt_store_check_text ("name", input->name, 1, 200, error) ||
      !dt_recurring_check_schedule (input, error))
    return FALSE;
  if (input->lines == NULL || input->lines->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a recurring invoice needs at least one line");
      return FALSE;
    }
  for (guint i = 0; i < input->lines->len; i++)
    {
      const DtRecurringLine *line = input->lines->pdata[i];
      g_autofree char *field = g_strdup_printf ("lines[%u].description", i);

      if (!dt_store_check_text (field, line->description, 1, 2000, error))
        return FALSE;
      if (line->quantity <= 0 || line->quantity > G_GINT64_CONSTANT (1000000000))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "lines[%u].quantity %" G_GINT64_FORMAT " is out of range; use 1 to "
                       "1000000000 thousandths of a unit", i, line->quantity);
          return FALSE;
        }
      if (line->unit_price < 0 || line->unit_price > G_GINT64_CONSTANT (100000000000))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "lines[%u].unit_price %" G_GINT64_FORMAT " is out of range; use 0 to "
                       "100000000000 minor units", i, line->unit_price);
          return FALSE;
        }
      if (line->tax_rate_bp < -1 || line->tax_rate_bp > 10000)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "lines[%u].tax_rate_bp %d is out of range; use 0 to 10000, or -1 for "
                       "the default", i, line->tax_rate_bp);
          return FALSE;
        }
    }
  return dt_store_require_client (db, input->client_id, TRUE, error);
}

DtRecurringTemplate *
dt_recurring_get (DtDb    *db,
                  gint64   id,
                  GError **error)
{
  g_autoptr(DtRecurringTemplate) template = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " TEMPLATE_COLUMNS " FROM recurring_templates WHERE id = ?",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    template = template_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "recurring invoice %" G_GINT64_FORMAT " does not exist", id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      dt_db_set_error (db, error, "Could not read the recurring invoice");
      return NULL;
    }
  if (!load_lines (db, template, error))
    return NULL;
  return g_steal_pointer (&template);
}

GPtrArray *
dt_recurring_list (DtDb    *db,
                   GError **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " TEMPLATE_COLUMNS " FROM recurring_templates ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  templates = dt_store_collect (db, stmt, template_from_row,
                                (GDestroyNotify) dt_recurring_template_free,
                                "Could not list the recurring invoices", error);
  if (templates == NULL)
    return NULL;
  for (guint i = 0; i < templates->len; i++)
    if (!load_lines (db, templates->pdata[i], error))
      return NULL;
  return g_steal_pointer (&templates);
}

static gboolean
insert_template (DtDb                      *db,
                 const DtRecurringTemplate *input,
                 gint64                    *out_id,
                 GError                   **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  stmt = dt_db_prepare (db, "INSERT INTO recurring_templates (client_id, name, frequency, "
                        "day_of_month, start_date, end_date, notes, terms, auto_send, active, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, input->client_id);
  dt_store_bind_text (stmt, 2, input->name);
  sqlite3_bind_text (stmt, 3, frequency_names[input->frequency], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, input->day_of_month);
  dt_store_bind_text (stmt, 5, input->start_date);
  if (has_end (input))
    dt_store_bind_text (stmt, 6, input->end_date);
  else
    sqlite3_bind_null (stmt, 6);
  dt_store_bind_text (stmt, 7, input->notes);
  if (input->terms != NULL)
    dt_store_bind_text (stmt, 8, input->terms);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int (stmt, 9, input->auto_send ? 1 : 0);
  sqlite3_bind_int (stmt, 10, input->active ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  if (!dt_store_step_done (db, stmt, "Could not save the recurring invoice", error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (dt_db_get_handle (db));

  for (guint i = 0; i < input->lines->len; i++)
    {
      const DtRecurringLine *line = input->lines->pdata[i];

      stmt = dt_db_prepare (db, "INSERT INTO recurring_template_lines (template_id, position, "
                            "description, quantity, unit_price, unit_code, tax_rate_bp) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *out_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      dt_store_bind_text (stmt, 3, line->description);
      sqlite3_bind_int64 (stmt, 4, line->quantity);
      sqlite3_bind_int64 (stmt, 5, line->unit_price);
      dt_store_bind_text (stmt, 6, line->unit_code);
      sqlite3_bind_int (stmt, 7, line->tax_rate_bp);
      if (!dt_store_step_done (db, stmt, "Could not save the recurring invoice's lines", error))
        return FALSE;
    }
  return TRUE;
}

DtRecurringTemplate *
dt_recurring_create (DtDb                       *db,
                     const DtRecurringTemplate  *input,
                     GError                    **error)
{
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!validate (db, input, error) || !insert_template (db, input, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  dt_db_note_change (db, DT_ENTITY_RECURRING, id);
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_recurring_get (db, id, error);
}

/* ---- Drafts --------------------------------------------------------------------------- */

/* Takes (@template_id, @period) for the draft about to be made; CONFLICT when taken. */
static gboolean
take_period (DtDb        *db,
             gint64       template_id,
             const char  *period,
             GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "INSERT INTO recurring_drafts (template_id, period, "
                                      "created_at) VALUES (?, ?, ?) "
                                      "ON CONFLICT (template_id, period) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_text (stmt, 2, period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, dt_time_now ());
  if (!dt_store_step_done (db, stmt, "Could not record the recurring draft", error))
    return FALSE;
  if (sqlite3_changes (dt_db_get_handle (db)) == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                   "recurring invoice %" G_GINT64_FORMAT " already made its draft for %s",
                   template_id, period);
      return FALSE;
    }
  return TRUE;
}

static gboolean
link_draft (DtDb        *db,
            gint64       template_id,
            const char  *period,
            gint64       invoice_id,
            GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "UPDATE recurring_drafts SET invoice_id = ? "
                                      "WHERE template_id = ? AND period = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_text (stmt, 3, period, -1, SQLITE_TRANSIENT);
  return dt_store_step_done (db, stmt, "Could not record the recurring draft", error);
}

static GPtrArray *
invoice_lines (DtDb                      *db,
               const DtRecurringTemplate *template)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_line_free);
  int default_bp = (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TAX_RATE_BP, 0);

  for (guint i = 0; i < template->lines->len; i++)
    {
      const DtRecurringLine *source = template->lines->pdata[i];
      DtInvoiceLine *line = dt_invoice_line_new (DT_LINE_FIXED);

      g_free (line->description);
      line->description = g_strdup (source->description);
      line->quantity = source->quantity;
      line->unit_price = source->unit_price;
      line->tax_rate_bp = source->tax_rate_bp >= 0 ? source->tax_rate_bp : default_bp;
      g_free (line->unit_code);
      line->unit_code = g_strdup (source->unit_code);
      g_ptr_array_add (lines, line);
    }
  return lines;
}

static DtInvoice *
make_draft (DtDb                      *db,
            const DtRecurringTemplate *template,
            const char                *period,
            GError                   **error)
{
  g_autoptr(GPtrArray) lines = invoice_lines (db, template);
  g_autoptr(GArray) no_entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DtInvoice) draft = NULL;
  int year = 0, month = 0;
  Month end;
  DtDraftRequest request = { 0 };

  /* @period is one of the template's: "YYYY-MM". */
  year = (int) g_ascii_strtoll (period, NULL, 10);
  month = (int) g_ascii_strtoll (period + 5, NULL, 10);
  end = month_add ((Month) { year, month }, frequency_months[template->frequency]);
  request.client_id = template->client_id;
  request.from = dt_time_local_midnight (year, month, 1);
  request.to = dt_time_local_midnight (end.year, end.month, 1);
  request.grouping = DT_GROUP_BY_TASK;
  /* The template's lines only: tracked time is billed as the user chooses, not here. */
  request.entry_ids = no_entries;
  request.tax_rate_bp = -1;
  request.extra_lines = lines;
  request.notes = template->notes;
  request.terms = template->terms;

  if (!dt_db_begin (db, error))
    return NULL;
  if (!take_period (db, template->id, period, error))
    goto fail;
  draft = dt_invoicing_create_draft (db, &request, error);
  if (draft == NULL || !link_draft (db, template->id, period, draft->id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&draft);

fail:
  dt_db_rollback (db);
  return NULL;
}

DtInvoice *
dt_recurring_create_draft (DtDb        *db,
                           gint64       template_id,
                           const char  *period,
                           GError     **error)
{
  g_autoptr(DtRecurringTemplate) template = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  template = dt_recurring_get (db, template_id, error);
  if (template == NULL)
    return NULL;
  if (!is_period_of (template, period))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s is not a period of recurring invoice %" G_GINT64_FORMAT " (%s on day "
                   "%d from %s)", period ? period : "(none)", template_id,
                   frequency_names[template->frequency], template->day_of_month,
                   template->start_date);
      return NULL;
    }
  return make_draft (db, template, period, error);
}

/* The periods of @template_id that already had a draft. */
static GHashTable *
taken_periods (DtDb    *db,
               gint64   template_id,
               GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT period FROM recurring_drafts "
                                      "WHERE template_id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, template_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (taken, dt_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the recurring drafts");
      return NULL;
    }
  return g_steal_pointer (&taken);
}

GPtrArray *
dt_recurring_catch_up (DtDb        *db,
                       const char  *today,
                       GError     **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_invoice_free);

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  templates = dt_recurring_list (db, error);
  if (templates == NULL)
    return NULL;
  for (guint i = 0; i < templates->len; i++)
    {
      const DtRecurringTemplate *template = templates->pdata[i];
      g_autoptr(GPtrArray) due = NULL;
      g_autoptr(GHashTable) taken = NULL;

      if (!template->active)
        continue;
      due = dt_recurring_due_periods (template, today, error);
      taken = due != NULL ? taken_periods (db, template->id, error) : NULL;
      if (taken == NULL)
        return NULL;
      for (guint k = 0; k < due->len; k++)
        {
          const char *period = due->pdata[k];
          g_autoptr(GError) local = NULL;
          DtInvoice *draft;

          if (g_hash_table_contains (taken, period))
            continue;
          draft = make_draft (db, template, period, &local);
          /* Another connection (the window beside the server) made it meanwhile. */
          if (draft == NULL && g_error_matches (local, DT_ERROR, DT_ERROR_CONFLICT))
            continue;
          if (draft == NULL)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                          "recurring invoice %" G_GINT64_FORMAT ", %s: ",
                                          template->id, period);
              return NULL;
            }
          g_ptr_array_add (made, draft);
        }
    }
  return g_steal_pointer (&made);
}

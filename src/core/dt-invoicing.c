/* dt-invoicing.c: from tracked time to a draft invoice: groupings, candidates and drafts. */
#define G_LOG_DOMAIN "dt-billing"

#include "dt-invoicing-private.h"
#include "dt-invoice-store-private.h"
#include "dt-settings-store.h"
#include "dt-store-private.h"
#include "dt-time.h"
#include "expenses/dt-expenses.h"

static const char *const groupings[] = { "task", "project", "entry", NULL };

const char *
dt_invoice_grouping_to_string (DtInvoiceGrouping grouping)
{
  g_return_val_if_fail (grouping <= DT_GROUP_BY_ENTRY, NULL);
  return groupings[grouping];
}

gboolean
dt_invoice_grouping_from_string (const char         *text,
                                 DtInvoiceGrouping  *out,
                                 GError            **error)
{
  for (guint i = 0; text != NULL && groupings[i] != NULL; i++)
    if (g_str_equal (groupings[i], text))
      {
        *out = i;
        return TRUE;
      }
  if (error != NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "grouping “%s” is not known; use task, project or entry", shown);
    }
  return FALSE;
}

/* ---- candidates ----------------------------------------------------------------------- */

static gboolean
load_client (DtDb          *db,
             gint64         client_id,
             DtCandidates  *candidates,
             GError       **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT name, currency FROM clients WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      candidates->client_name = dt_store_column_dup (stmt, 0);
      candidates->currency = dt_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "client %" G_GINT64_FORMAT " does not exist",
                   client_id);
      return FALSE;
    }
  return TRUE;
}

/* "3,7" (group_concat) into @into; returns how many. */
static guint
parse_tags (const char *text,
            GArray     *into)
{
  g_array_set_size (into, 0);
  for (const char *p = text; p != NULL && *p != '\0'; )
    {
      char *end;
      gint64 tag = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        break;
      g_array_append_val (into, tag);
      p = *end == ',' ? end + 1 : end;
    }
  return into->len;
}

/* The re-billable expenses of the period (its local days) into @candidates. */
static gboolean
add_expenses (DtDb          *db,
              DtCandidates  *candidates,
              GHashTable    *only_expenses,
              GError       **error)
{
  g_autofree char *from_day = dt_time_local_date (candidates->from);
  g_autofree char *to_day = dt_time_local_date (candidates->to - 1);
  g_autoptr(GPtrArray) expenses = NULL;

  expenses = dt_expense_store_list_billable (db, candidates->client_id, candidates->currency,
                                             from_day, to_day, only_expenses, error);
  if (expenses == NULL)
    return FALSE;
  for (guint i = 0; i < expenses->len; i++)
    {
      gint64 billed;

      if (!dt_expense_billed_amount (expenses->pdata[i], &billed) ||
          billed > G_MAXINT64 - candidates->expenses_amount)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "the expenses of client %" G_GINT64_FORMAT " add up to more than can "
                       "be billed", candidates->client_id);
          return FALSE;
        }
      candidates->expenses_amount += billed;
    }
  g_ptr_array_extend_and_steal (candidates->expenses, g_steal_pointer (&expenses));
  return TRUE;
}

static DtCandidates *
find_candidates (DtDb               *db,
                 gint64              client_id,
                 gint64              from,
                 gint64              to,
                 DtInvoiceGrouping   grouping,
                 GHashTable         *only,
                 GHashTable         *only_expenses,
                 GError            **error)
{
  g_autoptr(DtCandidates) candidates = dt_candidates_new ();
  g_autoptr(DtRateBook) book = NULL;
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  DtCandidatePricer *pricer;
  sqlite3_stmt *stmt;
  int rc;

  if (grouping > DT_GROUP_BY_ENTRY)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "grouping %d is not known", grouping);
      return NULL;
    }
  if (to <= from)
    {
      g_autofree char *a = dt_time_format_iso_utc (from);
      g_autofree char *b = dt_time_format_iso_utc (to);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "to (%s) is not after from (%s)", b, a);
      return NULL;
    }
  if (!load_client (db, client_id, candidates, error))
    return NULL;
  candidates->client_id = client_id;
  candidates->from = from;
  candidates->to = to;
  candidates->grouping = grouping;
  book = dt_rate_book_load (db, error);
  if (book == NULL)
    return NULL;

  /* projects_client, then time_entries_project_start: one client's month is a range scan. */
  stmt = dt_db_prepare (db,
                        "SELECT e.id, e.project_id, e.task_id, e.start_at, e.end_at, e.note, "
                        "e.billable AND coalesce (t.billable, 1), e.invoice_line_id IS NOT NULL, "
                        "CASE WHEN ?4 THEN (SELECT group_concat (g.tag_id) FROM time_entry_tags g "
                        "                   WHERE g.entry_id = e.id) END, p.name, t.title "
                        "FROM projects p JOIN time_entries e ON e.project_id = p.id "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "WHERE p.client_id = ?1 AND e.start_at >= ?2 AND e.start_at < ?3 "
                        "ORDER BY e.start_at, e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int (stmt, 4, dt_rate_book_uses_tags (book));
  pricer = dt_candidate_pricer_new (book, grouping, TRUE, only, candidates);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DtCandidateRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .client_id = client_id,
        .project_id = sqlite3_column_int64 (stmt, 1),
        .task_id = dt_store_column_id (stmt, 2),
        .start_at = sqlite3_column_int64 (stmt, 3),
        .end_at = dt_store_column_id (stmt, 4),
        .note = (const char *) sqlite3_column_text (stmt, 5),
        .billable = sqlite3_column_int (stmt, 6) != 0,
        .billed = sqlite3_column_int (stmt, 7) != 0,
        .n_tag_ids = parse_tags ((const char *) sqlite3_column_text (stmt, 8), tags),
        .project_name = (const char *) sqlite3_column_text (stmt, 9),
        .task_title = (const char *) sqlite3_column_text (stmt, 10),
      };
      row.tag_ids = (const gint64 *) tags->data;
      dt_candidate_pricer_add (pricer, &row);
    }
  sqlite3_reset (stmt);
  dt_candidate_pricer_finish (pricer);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the time entries");
      return NULL;
    }
  if (!add_expenses (db, candidates, only_expenses, error))
    return NULL;
  return g_steal_pointer (&candidates);
}

DtCandidates *
dt_invoicing_find_candidates (DtDb               *db,
                              gint64              client_id,
                              gint64              from,
                              gint64              to,
                              DtInvoiceGrouping   grouping,
                              GError            **error)
{
  g_return_val_if_fail (DT_IS_DB (db), NULL);
  return find_candidates (db, client_id, from, to, grouping, NULL, NULL, error);
}

/* ---- drafts --------------------------------------------------------------------------- */

static char *
rule_note (const DtCandidateGroup *group)
{
  return g_strdup_printf ("%s; %s", group->rate_explanation, group->rounding_explanation);
}

static gboolean
explain_missing (DtDb           *db,
                 const GArray   *wanted,
                 DtCandidates   *found,
                 GError        **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint g = 0; g < found->groups->len; g++)
    {
      DtCandidateGroup *group = found->groups->pdata[g];
      for (guint e = 0; e < group->entries->len; e++)
        g_hash_table_add (seen, &((DtCandidateEntry *) group->entries->pdata[e])->entry_id);
    }
  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 id = g_array_index (wanted, gint64, i);
      sqlite3_stmt *stmt;
      gint64 line = 0;
      int rc;

      if (g_hash_table_contains (seen, &id))
        continue;
      stmt = dt_db_prepare (db, "SELECT invoice_line_id FROM time_entries WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        line = dt_store_column_id (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                     "time entry %" G_GINT64_FORMAT " does not exist", id);
      else if (line != 0)
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "time entry %" G_GINT64_FORMAT " is already billed", id);
      else
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "time entry %" G_GINT64_FORMAT " is not billable time of client %"
                     G_GINT64_FORMAT " finished in the period", id, found->client_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
explain_missing_expenses (DtDb           *db,
                          const GArray   *wanted,
                          DtCandidates   *found,
                          GError        **error)
{
  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 id = g_array_index (wanted, gint64, i);
      g_autoptr(DtExpense) expense = NULL;
      gboolean seen = FALSE;

      for (guint j = 0; j < found->expenses->len && !seen; j++)
        seen = ((DtExpense *) found->expenses->pdata[j])->id == id;
      if (seen)
        continue;
      expense = dt_expense_store_get (db, id, error);
      if (expense == NULL)
        return FALSE;
      if (expense->invoice_line_id != 0)
        g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
                     "expense %" G_GINT64_FORMAT " is already billed on invoice %"
                     G_GINT64_FORMAT, id, expense->invoice_id);
      else
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "expense %" G_GINT64_FORMAT " is not a re-billable expense of client %"
                     G_GINT64_FORMAT " in %s dated in the period", id, found->client_id,
                     found->currency);
      return FALSE;
    }
  return TRUE;
}

static char *
expense_line_text (const DtExpense *expense)
{
  if (expense->category[0] == '\0')
    return g_strdup (expense->description);
  return g_strdup_printf ("%s: %s", expense->category, expense->description);
}

DtInvoice *
dt_invoicing_create_draft (DtDb                  *db,
                           const DtDraftRequest  *request,
                           GError               **error)
{
  g_autoptr(DtCandidates) candidates = NULL;
  g_autoptr(GHashTable) only = NULL;
  g_autoptr(GHashTable) only_expenses = NULL;
  g_autoptr(DtInvoice) header = dt_invoice_new ();
  g_autofree char *default_terms = NULL;
  int tax_rate_bp;
  guint position = 0;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  tax_rate_bp = request->tax_rate_bp >= 0
                ? request->tax_rate_bp
                : (int) dt_settings_get_int (db, DT_SETTING_DEFAULT_TAX_RATE_BP, 0);
  if (tax_rate_bp > 10000)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a tax rate of %d basis points is out of range; use 0 to 10000", tax_rate_bp);
      return NULL;
    }
  if (request->entry_ids != NULL)
    {
      only = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < request->entry_ids->len; i++)
        g_hash_table_add (only, &g_array_index (request->entry_ids, gint64, i));
    }
  if (request->expense_ids != NULL)
    {
      only_expenses = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < request->expense_ids->len; i++)
        g_hash_table_add (only_expenses, &g_array_index (request->expense_ids, gint64, i));
    }

  if (!dt_db_begin (db, error))
    return NULL;
  /* Inside the write transaction: nobody can bill these entries between reading and linking. */
  candidates = find_candidates (db, request->client_id, request->from, request->to,
                                request->grouping, only, only_expenses, error);
  if (candidates == NULL)
    goto fail;
  if (request->entry_ids != NULL && !explain_missing (db, request->entry_ids, candidates, error))
    goto fail;
  if (request->expense_ids != NULL &&
      !explain_missing_expenses (db, request->expense_ids, candidates, error))
    goto fail;
  if (candidates->groups->len == 0 && candidates->expenses->len == 0 &&
      (request->extra_lines == NULL || request->extra_lines->len == 0))
    {
      g_autofree char *a = dt_time_local_date (request->from);
      g_autofree char *b = dt_time_local_date (request->to - 1);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "client %" G_GINT64_FORMAT " has no unbilled billable time or expenses "
                   "from %s to %s (%u running, %u non-billable, %u already billed) and no other "
                   "lines were given", request->client_id, a, b, candidates->excluded_running,
                   candidates->excluded_non_billable, candidates->excluded_billed);
      goto fail;
    }

  header->client_id = request->client_id;
  header->discount_bp = request->discount_bp;
  header->discount_fixed = request->discount_fixed;
  g_free (header->notes);
  header->notes = g_strdup (request->notes ? request->notes : "");
  if (request->terms == NULL)
    default_terms = dt_settings_get (db, DT_SETTING_INVOICE_TERMS, NULL);
  g_free (header->terms);
  header->terms = g_strdup (request->terms ? request->terms : default_terms ? default_terms : "");
  header->due_date = g_strdup (request->due_date);
  header->period_from = dt_time_local_date (request->from);
  header->period_to = dt_time_local_date (request->to - 1);
#define TAKE_EINVOICE(field)                                          \
  if (request->field != NULL)                                         \
    {                                                                 \
      g_free (header->field);                                         \
      header->field = g_strdup (request->field);                      \
    }
  TAKE_EINVOICE (order_reference);
  TAKE_EINVOICE (vat_category);
  TAKE_EINVOICE (vat_exemption_reason);
  TAKE_EINVOICE (vat_exemption_code);
#undef TAKE_EINVOICE
  if (!dt_invoice_store_insert_header (db, header, DT_INVOICE_KIND_INVOICE, 0, &id, error))
    goto fail;

  for (guint g = 0; g < candidates->groups->len; g++)
    {
      DtCandidateGroup *group = candidates->groups->pdata[g];
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_new (DT_LINE_TIME);

      line->position = (int) position++;
      g_free (line->description);
      line->description = g_strdup (group->description);
      line->project_id = group->project_id;
      line->task_id = group->task_id;
      line->quantity = group->billed_minutes;
      line->raw_minutes = group->raw_minutes;
      line->unit_price = group->rate;
      line->tax_rate_bp = tax_rate_bp;
      g_free (line->rule_note);
      line->rule_note = rule_note (group);
      for (guint e = 0; e < group->entries->len; e++)
        g_array_append_val (line->entry_ids,
                            ((DtCandidateEntry *) group->entries->pdata[e])->entry_id);
      if (line->quantity == 0)
        {
          /* Rounded down to nothing: the entries are still billed (at zero), on one line. */
          line->quantity = 1;
          line->unit_price = 0;
        }
      if (!dt_invoice_store_insert_line (db, id, request->client_id, line, error))
        goto fail;
    }
  for (guint i = 0; i < candidates->expenses->len; i++)
    {
      DtExpense *expense = candidates->expenses->pdata[i];
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_new (DT_LINE_FIXED);

      line->position = (int) position++;
      g_free (line->description);
      line->description = expense_line_text (expense);
      line->project_id = expense->project_id;
      line->quantity = 1000;
      if (!dt_expense_billed_amount (expense, &line->unit_price))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "expense %" G_GINT64_FORMAT " with its markup is too large to bill",
                       expense->id);
          goto fail;
        }
      line->tax_rate_bp = tax_rate_bp;
      if (!dt_invoice_store_insert_line (db, id, request->client_id, line, error) ||
          !dt_expense_store_link (db, expense->id, line->id, error))
        goto fail;
    }
  for (guint i = 0; request->extra_lines != NULL && i < request->extra_lines->len; i++)
    {
      g_autoptr(DtInvoiceLine) line = dt_invoice_line_copy (request->extra_lines->pdata[i]);

      if (line->kind == DT_LINE_TIME)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "extra line %u is a time line; tracked time comes from the candidates",
                       i + 1);
          goto fail;
        }
      line->position = (int) position++;
      g_array_set_size (line->entry_ids, 0);
      if (!dt_invoice_store_insert_line (db, id, request->client_id, line, error))
        goto fail;
    }
  if (!dt_invoice_store_refresh_totals (db, id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_invoice_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

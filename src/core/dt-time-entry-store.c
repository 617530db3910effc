/* dt-time-entry-store.c: tracked time, the running timer, overlaps and tags on entries. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-time-entry-store.h"
#include "dt-billing-facts-private.h"
#include "dt-time-entry-store-private.h"
#include "dt-store-private.h"
#include "dt-time.h"

#define ENTRY_COLUMNS DT_TIME_ENTRY_COLUMNS
#define ENTRY_LIST_FILTERS \
  "AND (?4 = 0 OR p.client_id = ?4) " \
  "AND (?5 = 0 OR e.project_id = ?5) " \
  "AND (?6 = 0 OR e.task_id = ?6) " \
  "AND (?7 = 0 OR EXISTS (SELECT 1 FROM time_entry_tags g " \
  "                       WHERE g.entry_id = e.id AND g.tag_id = ?7)) " \
  "AND (?8 = 0 OR e.billable = (?8 = 1)) " \
  "AND (?9 = 0 OR (?9 = 1 AND e.end_at IS NULL) " \
  "     OR (?9 = 2 AND e.end_at IS NOT NULL) " \
  "     OR (?9 = 3 AND e.invoice_line_id IS NOT NULL) " \
  "     OR (?9 = 4 AND e.invoice_line_id IS NULL)) " \
  "AND (?10 IS NULL OR e.note LIKE ?10 ESCAPE '\\') " \
  "ORDER BY e.id LIMIT ?11"
#define ENTRY_FROM \
  " FROM time_entries e JOIN projects p ON p.id = e.project_id " \
  "LEFT JOIN invoice_lines l ON l.id = e.invoice_line_id "

DtTimeEntry *
dt_time_entry_new (void)
{
  DtTimeEntry *entry = g_new0 (DtTimeEntry, 1);

  entry->note = g_strdup ("");
  entry->billable = TRUE;
  entry->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return entry;
}

DtTimeEntry *
dt_time_entry_copy (const DtTimeEntry *entry)
{
  DtTimeEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->note = g_strdup (entry->note);
  copy->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (entry->tag_ids != NULL)
    g_array_append_vals (copy->tag_ids, entry->tag_ids->data, entry->tag_ids->len);
  return copy;
}

void
dt_time_entry_free (DtTimeEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->note);
  g_clear_pointer (&entry->tag_ids, g_array_unref);
  g_free (entry);
}

void
dt_time_entry_add_tag (DtTimeEntry *entry,
                       gint64       tag_id)
{
  g_return_if_fail (entry != NULL);

  if (entry->tag_ids == NULL)
    entry->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (entry->tag_ids, tag_id);
}

gint64
dt_time_entry_get_duration (const DtTimeEntry *entry,
                            gint64             now)
{
  g_return_val_if_fail (entry != NULL, 0);

  return MAX ((entry->end_at != 0 ? entry->end_at : now) - entry->start_at, 0);
}

void
dt_day_total_free (DtDayTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->date);
  g_free (total);
}

/* The tags of @items, read in one query: by id range when the entries' ids lie close
 * together (a page in id order always does), else by a bound JSON array of the ids. */
gboolean
dt_time_entry_store_load_tags (DtDb       *db,
                               GPtrArray  *items,
                               GError    **error)
{
  g_autofree gint64 *ids = NULL;
  g_autoptr(GArray) pairs = NULL;
  guint hint = 0;

  if (items->len == 0)
    return TRUE;
  ids = g_new (gint64, items->len);
  for (guint i = 0; i < items->len; i++)
    ids[i] = ((DtTimeEntry *) items->pdata[i])->id;
  pairs = g_array_new (FALSE, FALSE, sizeof (DtFactPair));
  if (!dt_billing_facts_load_pairs (db,
                                    "SELECT entry_id, tag_id FROM time_entry_tags "
                                    "WHERE entry_id BETWEEN ?1 AND ?2 ORDER BY entry_id, tag_id",
                                    "SELECT entry_id, tag_id FROM time_entry_tags "
                                    "WHERE entry_id IN (SELECT value FROM json_each (?1)) "
                                    "ORDER BY entry_id, tag_id",
                                    ids, items->len, sizeof (gint64), pairs, error))
    return FALSE;
  for (guint i = 0; i < items->len && pairs->len > 0; i++)
    {
      DtTimeEntry *entry = items->pdata[i];
      gssize at = dt_fact_pairs_find (pairs, &hint, entry->id);

      for (; at >= 0 && (guint) at < pairs->len &&
             g_array_index (pairs, DtFactPair, at).key == entry->id; at++)
        g_array_append_val (entry->tag_ids, g_array_index (pairs, DtFactPair, at).value);
    }
  return TRUE;
}

DtTimeEntry *
dt_time_entry_store_entry_from_row (sqlite3_stmt *stmt)
{
  DtTimeEntry *entry = g_new0 (DtTimeEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->project_id = sqlite3_column_int64 (stmt, 1);
  entry->task_id = dt_store_column_id (stmt, 2);
  entry->client_id = sqlite3_column_int64 (stmt, 3);
  entry->start_at = sqlite3_column_int64 (stmt, 4);
  entry->end_at = dt_store_column_id (stmt, 5);
  entry->note = dt_store_column_dup (stmt, 6);
  entry->billable = sqlite3_column_int (stmt, 7) != 0;
  entry->invoice_line_id = dt_store_column_id (stmt, 8);
  entry->invoice_id = dt_store_column_id (stmt, 9);
  entry->created_at = sqlite3_column_int64 (stmt, 10);
  entry->updated_at = sqlite3_column_int64 (stmt, 11);
  entry->version = sqlite3_column_int64 (stmt, 12);
  entry->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return entry;
}

static GPtrArray *
collect_entries (DtDb          *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_time_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, dt_time_entry_store_entry_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the time entries");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  if (!dt_time_entry_store_load_tags (db, items, error))
    return NULL;
  return g_steal_pointer (&items);
}

DtTimeEntry *
dt_time_entry_store_get (DtDb    *db,
                         gint64   id,
                         GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT " ENTRY_COLUMNS ENTRY_FROM "WHERE e.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  found = collect_entries (db, stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND,
                   "time entry %" G_GINT64_FORMAT " does not exist", id);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

DtTimeEntry *
dt_time_entry_store_get_running (DtDb    *db,
                                 GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  /* CROSS JOIN: start from the one-running index, not from every project's entries. */
  stmt = dt_db_prepare (db, "SELECT " ENTRY_COLUMNS " FROM time_entries e CROSS JOIN projects p "
                        "ON p.id = e.project_id LEFT JOIN invoice_lines l "
                        "ON l.id = e.invoice_line_id WHERE e.end_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  found = collect_entries (db, stmt, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_ptr_array_steal_index (found, 0);
}

static char *
describe_entry (DtDb              *db,
                const DtTimeEntry *entry)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT p.name, t.title FROM projects p "
                                      "LEFT JOIN tasks t ON t.id = ?2 WHERE p.id = ?1", NULL);
  g_autofree char *since = dt_store_format_instant (entry->start_at);
  g_autofree char *what = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, entry->project_id);
      dt_store_bind_id (stmt, 2, entry->task_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *task = (const char *) sqlite3_column_text (stmt, 1);
          what = task ? g_strdup_printf ("“%s” (%s)", sqlite3_column_text (stmt, 0), task)
                      : g_strdup_printf ("“%s”", sqlite3_column_text (stmt, 0));
        }
      sqlite3_reset (stmt);
    }
  return g_strdup_printf ("entry %" G_GINT64_FORMAT " on %s since %s", entry->id,
                          what ? what : "a project", since);
}

static gboolean
refuse_second_timer (DtDb    *db,
                     gint64   except_id,
                     GError **error)
{
  g_autoptr(DtTimeEntry) running = dt_time_entry_store_get_running (db, NULL);
  g_autofree char *described = NULL;

  if (running == NULL || running->id == except_id)
    return TRUE;
  described = describe_entry (db, running);
  g_set_error (error, DT_ERROR, DT_ERROR_CONFLICT,
               "a timer is already running: %s; stop it first", described);
  return FALSE;
}

static gboolean
refuse_locked (DtDb     *db,
               gint64    id,
               GError  **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db,
                                      "SELECT i.id, i.number, i.status FROM time_entries e "
                                      "JOIN invoice_lines l ON l.id = e.invoice_line_id "
                                      "JOIN invoices i ON i.id = l.invoice_id WHERE e.id = ?",
                                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *number = (const char *) sqlite3_column_text (stmt, 1);
      gboolean draft = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "draft") == 0;

      if (draft)
        g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                     "time entry %" G_GINT64_FORMAT " is billed on draft invoice %"
                     G_GINT64_FORMAT "; remove it from the draft (or delete the draft) first",
                     id, (gint64) sqlite3_column_int64 (stmt, 0));
      else
        g_set_error (error, DT_ERROR, DT_ERROR_LOCKED,
                     "time entry %" G_GINT64_FORMAT " is billed on invoice %s and cannot change",
                     id, number ? number : "(unnumbered)");
    }
  sqlite3_reset (stmt);
  return rc != SQLITE_ROW;
}

static gboolean
validate (DtDb               *db,
          const DtTimeEntry  *entry,
          gboolean            project_changed,
          GError            **error)
{
  if (entry->project_id <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "a time entry needs a project");
      return FALSE;
    }
  if (!dt_store_check_text ("the note", entry->note, 0, 10000, error))
    return FALSE;
  if (entry->start_at <= 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "a time entry needs a start time");
      return FALSE;
    }
  if (entry->end_at != 0 && entry->end_at < entry->start_at)
    {
      g_autofree char *start = dt_store_format_instant (entry->start_at);
      g_autofree char *end = dt_store_format_instant (entry->end_at);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "end %s is before start %s", end, start);
      return FALSE;
    }
  if (entry->end_at != 0 && entry->end_at - entry->start_at > DT_TIME_ENTRY_MAX_SECONDS)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "an entry of %" G_GINT64_FORMAT " days is too long; entries last at most 31 "
                   "days, split it", (entry->end_at - entry->start_at) / 86400);
      return FALSE;
    }
  if (entry->end_at == 0 && entry->start_at > dt_time_now () + 60)
    {
      g_autofree char *start = dt_store_format_instant (entry->start_at);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "a running timer cannot start in the future (%s)", start);
      return FALSE;
    }
  if (!dt_store_require_project (db, entry->project_id, project_changed, NULL, error))
    return FALSE;
  if (entry->task_id != 0 && !dt_store_require_task (db, entry->task_id, entry->project_id, error))
    return FALSE;
  for (guint i = 0; entry->tag_ids != NULL && i < entry->tag_ids->len; i++)
    if (!dt_store_require_tag (db, g_array_index (entry->tag_ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
write_tags (DtDb               *db,
            gint64              id,
            const DtTimeEntry  *entry,
            GError            **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "DELETE FROM time_entry_tags WHERE entry_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not save the tags", error))
    return FALSE;
  for (guint i = 0; entry->tag_ids != NULL && i < entry->tag_ids->len; i++)
    {
      stmt = dt_db_prepare (db, "INSERT OR IGNORE INTO time_entry_tags (entry_id, tag_id) "
                            "VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (entry->tag_ids, gint64, i));
      if (!dt_store_step_done (db, stmt, "Could not save the tags", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_entry (DtDb               *db,
             const DtTimeEntry  *entry,
             gboolean            insert,
             gint64             *out_id,
             GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();

  stmt = dt_db_prepare (db, insert
                        ? "INSERT INTO time_entries (project_id, task_id, start_at, end_at, note, "
                          "billable, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE time_entries SET project_id = ?, task_id = ?, start_at = ?, "
                          "end_at = ?, note = ?, billable = ?, updated_at = max(updated_at, ?), "
                          "version = version + 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->project_id);
  dt_store_bind_id (stmt, 2, entry->task_id);
  sqlite3_bind_int64 (stmt, 3, entry->start_at);
  dt_store_bind_id (stmt, 4, entry->end_at);
  dt_store_bind_text (stmt, 5, entry->note);
  sqlite3_bind_int (stmt, 6, entry->billable ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, insert ? now : entry->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int code = sqlite3_extended_errcode (dt_db_get_handle (db));
      sqlite3_reset (stmt);
      /* The unique index is the last word on "one timer"; explain it if it speaks. */
      if (code == SQLITE_CONSTRAINT_UNIQUE && entry->end_at == 0 &&
          !refuse_second_timer (db, insert ? 0 : entry->id, error))
        return FALSE;
      return dt_db_set_error (db, error, "Could not save the time entry");
    }
  sqlite3_reset (stmt);
  *out_id = insert ? sqlite3_last_insert_rowid (dt_db_get_handle (db)) : entry->id;
  if (!write_tags (db, *out_id, entry, error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_TIME_ENTRY, *out_id);
  return TRUE;
}

DtTimeEntry *
dt_time_entry_store_create (DtDb               *db,
                            const DtTimeEntry  *input,
                            GError            **error)
{
  g_autoptr(DtTimeEntry) entry = NULL;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  entry = dt_time_entry_copy (input);
  if (entry->end_at == 0 && entry->start_at == 0)
    entry->start_at = dt_time_now ();

  if (!dt_db_begin (db, error))
    return NULL;
  if (!validate (db, entry, TRUE, error) ||
      (entry->end_at == 0 && !refuse_second_timer (db, 0, error)) ||
      !write_entry (db, entry, TRUE, &id, error))
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_time_entry_store_get (db, id, error);
}

DtTimeEntry *
dt_time_entry_store_update (DtDb               *db,
                            const DtTimeEntry  *entry,
                            gint64              expected_version,
                            GError            **error)
{
  g_autoptr(DtTimeEntry) current = NULL;
  gint64 id;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  if (!dt_store_check_version (db, "SELECT version FROM time_entries WHERE id = ?", "time entry",
                               entry->id, expected_version, error) ||
      !refuse_locked (db, entry->id, error))
    goto fail;
  current = dt_time_entry_store_get (db, entry->id, error);
  if (current == NULL ||
      !validate (db, entry, current->project_id != entry->project_id, error) ||
      (entry->end_at == 0 && !refuse_second_timer (db, entry->id, error)) ||
      !write_entry (db, entry, FALSE, &id, error))
    goto fail;
  if (!dt_db_commit (db, error))
    return NULL;
  return dt_time_entry_store_get (db, id, error);

fail:
  dt_db_rollback (db);
  return NULL;
}

gboolean
dt_time_entry_store_delete (DtDb    *db,
                            gint64   id,
                            GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!dt_store_check_version (db, "SELECT version FROM time_entries WHERE id = ?", "time entry",
                               id, 0, error) ||
      !refuse_locked (db, id, error))
    goto fail;
  stmt = dt_db_prepare (db, "DELETE FROM time_entries WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dt_store_step_done (db, stmt, "Could not delete the time entry", error))
    goto fail;
  dt_db_note_change (db, DT_ENTITY_TIME_ENTRY, id);
  return dt_db_commit (db, error);

fail:
  dt_db_rollback (db);
  return FALSE;
}

GPtrArray *
dt_time_entry_store_list (DtDb               *db,
                          const DtListQuery  *query,
                          gboolean           *out_has_more,
                          GError            **error)
{
  static const char *const statuses[] = { "running", "finished", "billed", "unbilled", NULL };
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  guint limit;
  int status = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!dt_store_check_query (query, &limit, error))
    return NULL;
  if (query->status != NULL)
    {
      while (statuses[status] != NULL && !g_str_equal (statuses[status], query->status))
        status++;
      if (statuses[status] == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (query->status, -1);
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "time entry status “%s” is not known; use running, finished, billed or "
                       "unbilled", shown);
          return NULL;
        }
      status++;
    }

  /* Three plans: a range walks time_entries_start; no range walks the ids in order and stops
   * at the page's end instead of sorting a whole history; and a page with no filter at all,
   * an assistant's usual call, skips the ten filter tests each row would otherwise cost. */
  if (query->from == 0 && query->to == 0 && query->client_id == 0 && query->project_id == 0 &&
      query->task_id == 0 && query->tag_id == 0 && query->billable == 0 && status == 0 &&
      query->text == NULL)
    stmt = dt_db_prepare (db, "SELECT " ENTRY_COLUMNS " FROM time_entries e CROSS JOIN projects p "
                          "ON p.id = e.project_id LEFT JOIN invoice_lines l "
                          "ON l.id = e.invoice_line_id WHERE e.id > ?1 ORDER BY e.id LIMIT ?11",
                          error);
  else
    stmt = dt_db_prepare (db, query->from != 0 || query->to != 0
                          ? "SELECT " ENTRY_COLUMNS " FROM time_entries e "
                            "INDEXED BY time_entries_start CROSS JOIN projects p "
                            "ON p.id = e.project_id LEFT JOIN invoice_lines l "
                            "ON l.id = e.invoice_line_id WHERE e.id > ?1 "
                            "AND e.start_at >= ?2 AND e.start_at < ?3 " ENTRY_LIST_FILTERS
                          : "SELECT " ENTRY_COLUMNS " FROM time_entries e CROSS JOIN projects p "
                            "ON p.id = e.project_id LEFT JOIN invoice_lines l "
                            "ON l.id = e.invoice_line_id WHERE e.id > ?1 "
                            "AND +e.start_at >= ?2 AND +e.start_at < ?3 " ENTRY_LIST_FILTERS,
                          error);
  if (stmt == NULL)
    return NULL;
  /* The plan without filters leaves ?2 to ?10 unused; binding them is harmless. */
  sqlite3_bind_int64 (stmt, 1, query->after_id);
  sqlite3_bind_int64 (stmt, 2, query->from != 0 ? query->from : G_MININT64);
  sqlite3_bind_int64 (stmt, 3, query->to != 0 ? query->to : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 4, query->client_id);
  sqlite3_bind_int64 (stmt, 5, query->project_id);
  sqlite3_bind_int64 (stmt, 6, query->task_id);
  sqlite3_bind_int64 (stmt, 7, query->tag_id);
  sqlite3_bind_int (stmt, 8, (int) query->billable);
  sqlite3_bind_int (stmt, 9, status);
  dt_store_bind_like (stmt, 10, query->text);
  sqlite3_bind_int (stmt, 11, (int) limit);
  items = collect_entries (db, stmt, error);
  if (items == NULL)
    return NULL;
  dt_store_finish_page (items, limit, out_has_more);
  return g_steal_pointer (&items);
}

DtTimeEntry *
dt_time_entry_store_start_timer (DtDb               *db,
                                 const DtTimeEntry  *input,
                                 GError            **error)
{
  g_autoptr(DtTimeEntry) entry = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  entry = dt_time_entry_copy (input);
  entry->end_at = 0;
  if (entry->start_at == 0)
    entry->start_at = dt_time_now ();
  return dt_time_entry_store_create (db, entry, error);
}

DtTimeEntry *
dt_time_entry_store_stop_timer (DtDb    *db,
                                gint64   end_at,
                                GError **error)
{
  g_autoptr(DtTimeEntry) running = NULL;
  g_autoptr(DtTimeEntry) stopped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!dt_db_begin (db, error))
    return NULL;
  running = dt_time_entry_store_get_running (db, &local_error);
  if (running == NULL)
    {
      dt_db_rollback (db);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "no timer is running");
      return NULL;
    }
  running->end_at = end_at != 0 ? end_at : MAX (dt_time_now (), running->start_at);
  stopped = dt_time_entry_store_update (db, running, 0, error);
  if (stopped == NULL)
    {
      dt_db_rollback (db);
      return NULL;
    }
  if (!dt_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&stopped);
}

DtTimeEntry *
dt_time_entry_store_resume_last (DtDb    *db,
                                 GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(DtTimeEntry) last = NULL;
  gint64 last_id = 0;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT id FROM time_entries WHERE end_at IS NOT NULL "
                        "ORDER BY start_at DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (last_id == 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "there is no earlier entry to resume");
      return NULL;
    }
  last = dt_time_entry_store_get (db, last_id, error);
  if (last == NULL)
    return NULL;
  last->id = 0;
  last->start_at = dt_time_now ();
  last->end_at = 0;
  return dt_time_entry_store_create (db, last, error);
}

GPtrArray *
dt_time_entry_store_list_overlapping (DtDb    *db,
                                      gint64   from,
                                      gint64   to,
                                      gint64   exclude_id,
                                      GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (to <= from)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the range to check for overlaps is empty");
      return NULL;
    }
  stmt = dt_db_prepare (db,
                        "SELECT " ENTRY_COLUMNS ENTRY_FROM
                        "WHERE e.id IN (SELECT id FROM time_entries WHERE start_at >= ?1 - ?5 "
                        "               AND start_at < ?2 "
                        "               UNION ALL SELECT id FROM time_entries WHERE end_at IS NULL) "
                        "AND e.start_at < ?2 AND coalesce (e.end_at, max (?4, e.start_at)) > ?1 "
                        "AND e.id <> ?3 ORDER BY e.start_at, e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, exclude_id);
  sqlite3_bind_int64 (stmt, 4, dt_time_now ());
  sqlite3_bind_int64 (stmt, 5, DT_TIME_ENTRY_MAX_SECONDS);
  return collect_entries (db, stmt, error);
}

GPtrArray *
dt_time_entry_store_day_totals (DtDb    *db,
                                gint64   from,
                                gint64   to,
                                GError **error)
{
  g_autoptr(GPtrArray) days = NULL;
  sqlite3_stmt *stmt;
  gint64 now = dt_time_now ();
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (to <= from)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "to is not after from");
      return NULL;
    }
  days = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_day_total_free);
  for (gint64 day = dt_time_local_day_start (from); day < to; day = dt_time_local_day_add (day, 1))
    {
      DtDayTotal *total = g_new0 (DtDayTotal, 1);
      total->day_start = day;
      total->date = dt_time_local_date (day);
      g_ptr_array_add (days, total);
      if (days->len > 3700)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "the range is longer than ten years");
          return NULL;
        }
    }

  /* A finished entry reaches at most DT_TIME_ENTRY_MAX_SECONDS back; the timer any length. */
  stmt = dt_db_prepare (db,
                        "SELECT e.start_at, coalesce (e.end_at, max (?3, e.start_at)), "
                        "e.billable AND coalesce (t.billable, 1) FROM time_entries e "
                        "LEFT JOIN tasks t ON t.id = e.task_id "
                        "WHERE e.id IN (SELECT id FROM time_entries WHERE start_at >= ?1 - ?4 "
                        "               AND start_at < ?2 "
                        "               UNION ALL SELECT id FROM time_entries WHERE end_at IS NULL) "
                        "AND e.start_at < ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, DT_TIME_ENTRY_MAX_SECONDS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 start = MAX (sqlite3_column_int64 (stmt, 0), from);
      gint64 end = MIN (sqlite3_column_int64 (stmt, 1), to);
      gboolean billable = sqlite3_column_int (stmt, 2) != 0;

      for (guint i = 0; i < days->len && start < end; i++)
        {
          DtDayTotal *total = days->pdata[i];
          gint64 day_end = i + 1 < days->len ? ((DtDayTotal *) days->pdata[i + 1])->day_start
                                             : dt_time_local_day_add (total->day_start, 1);
          gint64 a = MAX (start, total->day_start), b = MIN (end, day_end);
          if (b > a)
            {
              total->seconds += b - a;
              if (billable)
                total->billable_seconds += b - a;
            }
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not add up the days");
      return NULL;
    }
  return g_steal_pointer (&days);
}

/* test-store-lists.c: the stores' lists and pages, the changes they announce, and reads that
 * see one snapshot. */
#include "dt-test-core.h"

#include "dt-client-store.h"
#include "dt-project-store.h"
#include "dt-tag-store.h"
#include "dt-time-entry-store.h"
#include "dt-time.h"

static void
assert_tags (const DtTimeEntry *entry,
             const gint64      *expected,
             guint              n_expected)
{
  g_assert_cmpuint (entry->tag_ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (entry->tag_ids, gint64, i), ==, expected[i]);
}

/* A page reads its tags in one query: every entry must still get exactly its own tags, by
 * tag id, whatever the order the tags were put on and whether a neighbour has none. */
static void
test_list_page_tags (DtTestFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) second_page = NULL;
  g_autoptr(GPtrArray) overlapping = NULL;
  g_autoptr(DtTag) input = dt_tag_new ();
  gint64 tags[3], ids[4];
  gint64 start = dt_test_local (2026, 5, 4, 8, 0);
  gboolean more = FALSE;
  DtListQuery query = { .limit = 2 };

  dt_test_fixture_seed (f);
  tags[0] = f->tag_id;
  for (guint i = 1; i < 3; i++)
    {
      g_autoptr(DtTag) tag = NULL;

      g_free (input->name);
      input->name = g_strdup_printf ("tag %u", i);
      tag = dt_tag_store_create (f->db, input, &error);
      g_assert_no_error (error);
      tags[i] = tag->id;
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
      g_autoptr(DtTimeEntry) created = NULL;

      entry->project_id = f->project_id;
      entry->start_at = start + i * 3600;
      entry->end_at = entry->start_at + 1800;
      /* Put on in descending order: the store keeps them by id. */
      if (i == 0)
        for (guint t = 3; t > 0; t--)
          dt_time_entry_add_tag (entry, tags[t - 1]);
      else if (i == 2)
        dt_time_entry_add_tag (entry, tags[2]);
      else if (i == 3)
        {
          dt_time_entry_add_tag (entry, tags[1]);
          dt_time_entry_add_tag (entry, tags[0]);
        }
      created = dt_time_entry_store_create (f->db, entry, &error);
      g_assert_no_error (error);
      ids[i] = created->id;
    }

  page = dt_time_entry_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_true (more);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((DtTimeEntry *) page->pdata[0])->id, ==, ids[0]);
  assert_tags (page->pdata[0], tags, 3);
  assert_tags (page->pdata[1], NULL, 0);

  query.after_id = ids[1];
  query.limit = 0;
  second_page = dt_time_entry_store_list (f->db, &query, &more, &error);
  g_assert_no_error (error);
  g_assert_false (more);
  g_assert_cmpuint (second_page->len, ==, 2);
  assert_tags (second_page->pdata[0], (gint64[]) { tags[2] }, 1);
  assert_tags (second_page->pdata[1], (gint64[]) { tags[0], tags[1] }, 2);

  overlapping = dt_time_entry_store_list_overlapping (f->db, start, start + 4 * 3600, ids[1],
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlapping->len, ==, 3);
  assert_tags (overlapping->pdata[0], tags, 3);
  assert_tags (overlapping->pdata[1], (gint64[]) { tags[2] }, 1);
  assert_tags (overlapping->pdata[2], (gint64[]) { tags[0], tags[1] }, 2);

  /* Entries far apart in id (a page of one project, 300 of another's in between) get their
   * tags by a list of their ids rather than by the range. */
  {
    g_autoptr(DtTimeEntry) entry = dt_time_entry_new ();
    g_autoptr(DtTimeEntry) late = NULL;
    g_autoptr(GPtrArray) by_project = NULL;
    DtListQuery of_project = { .project_id = f->project_id };

    for (guint i = 0; i < 300; i++)
      dt_test_add_entry (f->db, f->other_project_id, 0, start + 86400 + i * 3600, 30);
    entry->project_id = f->project_id;
    entry->start_at = start + 400 * 3600;
    entry->end_at = entry->start_at + 1800;
    dt_time_entry_add_tag (entry, tags[1]);
    late = dt_time_entry_store_create (f->db, entry, &error);
    g_assert_no_error (error);
    by_project = dt_time_entry_store_list (f->db, &of_project, &more, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (by_project->len, ==, 5);
    g_assert_cmpint (((DtTimeEntry *) by_project->pdata[4])->id, ==, late->id);
    g_assert_cmpint (late->id - ids[0], >, 300);
    assert_tags (by_project->pdata[0], tags, 3);
    assert_tags (by_project->pdata[1], NULL, 0);
    assert_tags (by_project->pdata[3], (gint64[]) { tags[0], tags[1] }, 2);
    assert_tags (by_project->pdata[4], (gint64[]) { tags[1] }, 1);
  }
}

static void
test_list_filters_and_pages (DtTestFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DtListQuery query = { 0 };
  gboolean more = FALSE;
  gint64 day = dt_test_local (2026, 6, 1, 8, 0);
  guint seen = 0;

  dt_test_fixture_seed (f);
  for (int i = 0; i < 25; i++)
    dt_test_add_entry (f->db, i % 2 ? f->project_id : f->other_project_id, 0, day + i * 3600, 30);

  query.limit = 10;
  do
    {
      g_autoptr(GPtrArray) page = dt_time_entry_store_list (f->db, &query, &more, &error);
      g_assert_no_error (error);
      seen += page->len;
      if (page->len > 0)
        query.after_id = ((DtTimeEntry *) page->pdata[page->len - 1])->id;
      g_assert_true (page->len == 10 || !more);
    }
  while (more);
  g_assert_cmpuint (seen, ==, 25);

  {
    DtListQuery by_client = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    by_client.client_id = f->client_id;
    by_client.from = day;
    by_client.to = day + 10 * 3600;
    list = dt_time_entry_store_list (f->db, &by_client, &more, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 5);
    g_assert_false (more);
  }
  {
    DtListQuery text = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    text.text = "glob";
    list = dt_client_store_list (f->db, &text, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (((DtClient *) list->pdata[0])->name, ==, "Globex Inc.");
  }
  {
    DtListQuery wildcard = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    wildcard.text = "%";
    list = dt_client_store_list (f->db, &wildcard, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }
  {
    DtListQuery archived = { 0 };
    g_autoptr(GPtrArray) list = NULL;
    g_autoptr(DtProject) p = dt_project_store_set_archived (f->db, f->project_id, TRUE, &error);

    list = dt_project_store_list (f->db, &archived, NULL, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_clear_pointer (&list, g_ptr_array_unref);
    archived.archived = DT_ARCHIVED_INCLUDE;
    list = dt_project_store_list (f->db, &archived, NULL, &error);
    g_assert_cmpuint (list->len, ==, 2);
  }
}

typedef struct
{
  GPtrArray *seen;
} Recorder;

static void
on_changed_cb (DtStoreEvents *events,
               const char    *entity,
               gint64         id,
               gpointer       user_data)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->seen, g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, id));
}

static void
test_change_events (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtStoreEvents) shared = dt_store_events_new ();
  g_autoptr(DtClient) input = dt_client_new ();
  g_autoptr(DtClient) client = NULL;
  Recorder recorder = { g_ptr_array_new_with_free_func (g_free) };

  dt_db_set_events (f->db, shared);
  g_signal_connect (shared, "changed", G_CALLBACK (on_changed_cb), &recorder);

  g_free (input->name);
  input->name = g_strdup ("Initech");
  client = dt_client_store_create (f->db, input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.seen->len, ==, 1);
  g_assert_cmpstr (recorder.seen->pdata[0], ==, "client:1");

  /* Nothing is announced before the outer commit, and nothing for a rollback. */
  g_assert_true (dt_db_begin (f->db, &error));
  {
    g_autoptr(DtClient) inner = dt_client_store_create (f->db, input, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (recorder.seen->len, ==, 1);
  dt_db_rollback (f->db);
  g_assert_cmpuint (recorder.seen->len, ==, 1);

  g_assert_true (dt_db_begin (f->db, &error));
  {
    g_autoptr(DtClient) a = dt_client_store_create (f->db, input, &error);
    g_autoptr(DtClient) b = dt_client_store_set_archived (f->db, a->id, TRUE, &error);
    g_assert_no_error (error);
  }
  g_assert_true (dt_db_commit (f->db, &error));
  g_assert_cmpuint (recorder.seen->len, ==, 2); /* one per object, not per statement */

  g_signal_handlers_disconnect_by_data (shared, &recorder);
  g_ptr_array_unref (recorder.seen);
}

/* Two read snapshots are known to be the same state only when no commit fell between them;
 * what each then reads agrees. */
static void
test_same_snapshot (DtTestFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) a = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtDb) b = dt_db_open (dt_db_get_path (f->db), DT_DB_OPEN_NO_QUICK_CHECK, &error);
  g_autoptr(DtTag) tag = dt_tag_new ();
  g_autoptr(DtTag) created = NULL;
  gint64 before;

  g_assert_no_error (error);
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), ==, dt_db_get_snapshot (b));
  dt_db_end_read (b);
  /* Not in a snapshot: nothing to compare. */
  g_assert_cmpint (dt_db_get_snapshot (b), ==, -1);

  /* A commit by a third connection between the two: b sees it, a does not. */
  before = dt_test_query_int (a, "SELECT count(*) FROM tags");
  g_free (tag->name);
  tag->name = g_strdup ("between");
  created = dt_tag_store_create (f->db, tag, &error);
  g_assert_no_error (error);
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (b), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), !=, dt_db_get_snapshot (b));
  g_assert_cmpint (dt_test_query_int (a, "SELECT count(*) FROM tags"), ==, before);
  g_assert_cmpint (dt_test_query_int (b, "SELECT count(*) FROM tags"), ==, before + 1);
  dt_db_end_read (a);
  dt_db_end_read (b);

  /* A commit that changed nothing (no WAL frame is written for it) does not leave them
   * unknown, in a transaction or of a single statement. */
  g_assert_true (dt_db_begin (f->db, &error));
  g_assert_true (dt_db_commit (f->db, &error));
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  dt_db_end_read (a);
  g_assert_true (dt_db_exec (f->db, "DELETE FROM tags WHERE id = -1", &error));

  /* After them, both again agree. */
  g_assert_true (dt_db_begin_read (a, &error));
  g_assert_true (dt_db_begin_read (b, &error));
  g_assert_cmpint (dt_db_get_snapshot (a), >=, 0);
  g_assert_cmpint (dt_db_get_snapshot (a), ==, dt_db_get_snapshot (b));
  g_assert_cmpint (dt_test_query_int (a, "SELECT count(*) FROM tags"), ==,
                   dt_test_query_int (b, "SELECT count(*) FROM tags"));
  dt_db_end_read (a);
  dt_db_end_read (b);
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, DtTestFixture, NULL, dt_test_fixture_setup, fn, dt_test_fixture_teardown)
  ADD ("/core/stores/list-pages", test_list_filters_and_pages);
  ADD ("/core/stores/list-page-tags", test_list_page_tags);
  ADD ("/core/stores/events", test_change_events);
  ADD ("/core/stores/same-snapshot", test_same_snapshot);
#undef ADD

  return g_test_run ();
}

/* dt-time-entry-actions.c: edits made on the Time page, written through the time-entry and
 * tag stores. */
#define G_LOG_DOMAIN "dt-time-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-form-checks.h"
#include "dt-tag-store.h"
#include "dt-time-entry-actions.h"
#include "dt-trackable.h"

struct _DtTimeEntryActions
{
  GObject     parent_instance;

  DtDb       *db;
  GHashTable *tag_names;    /* tag id → name; NULL until needed */
  GListStore *trackables;   /* shared by every task drop-down */
  gboolean    trackables_stale;
  GHashTable *expanded;     /* entry ids whose row is open, kept across reloads */
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtTimeEntryActions, dt_time_entry_actions, G_TYPE_OBJECT)

static void
tell (DtTimeEntryActions *self,
      const char         *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

static GHashTable *
tag_names (DtTimeEntryActions *self)
{
  DtListQuery query = { 0 };
  g_autoptr(GPtrArray) tags = NULL;

  if (self->tag_names != NULL)
    return self->tag_names;
  self->tag_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  query.limit = DT_LIST_MAX_LIMIT;
  tags = dt_tag_store_list (self->db, &query, NULL, NULL);
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      DtTag *tag = g_ptr_array_index (tags, i);
      g_hash_table_insert (self->tag_names, g_memdup2 (&tag->id, sizeof tag->id),
                           g_strdup (tag->name));
    }
  return self->tag_names;
}

gboolean
dt_time_entry_actions_save (DtTimeEntryActions *self,
                            const DtTimeEntry  *copy,
                            gint64              version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtTimeEntry) saved = NULL;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), FALSE);

  saved = dt_time_entry_store_update (self->db, copy, version, &error);
  if (saved == NULL)
    tell (self, error->message);
  /* Either way: the page never shows what was not saved. */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return saved != NULL;
}

gboolean
dt_time_entry_actions_set_tags (DtTimeEntryActions *self,
                                const DtTimeEntry  *entry,
                                const char         *text)
{
  g_auto(GStrv) names = dt_split_tags (text);
  g_autoptr(DtTimeEntry) copy = NULL;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), FALSE);

  copy = dt_time_entry_copy (entry);
  g_array_set_size (copy->tag_ids, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (names[i], -1);
      GHashTableIter iter;
      gpointer key, value;
      gint64 tag_id = 0;

      /* Asked for each name: creating a tag may make the page forget the names it had. */
      g_hash_table_iter_init (&iter, tag_names (self));
      while (tag_id == 0 && g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *other = g_utf8_casefold (value, -1);
          if (g_str_equal (other, folded))
            tag_id = *(gint64 *) key;
        }
      if (tag_id == 0)
        {
          /* A new name makes a new tag: typing it is how tags are made. */
          g_autoptr(GError) error = NULL;
          g_autoptr(DtTag) input = dt_tag_new ();
          g_autoptr(DtTag) tag = NULL;

          g_free (input->name);
          input->name = g_strdup (names[i]);
          tag = dt_tag_store_create (self->db, input, &error);
          if (tag == NULL)
            {
              tell (self, error->message);
              return FALSE;
            }
          tag_id = tag->id;
          g_hash_table_insert (tag_names (self), g_memdup2 (&tag_id, sizeof tag_id),
                               g_strdup (tag->name));
        }
      dt_time_entry_add_tag (copy, tag_id);
    }
  return dt_time_entry_actions_save (self, copy, entry->version);
}

gboolean
dt_time_entry_actions_delete (DtTimeEntryActions *self,
                              gint64              id)
{
  g_autoptr(GError) error = NULL;
  gboolean deleted;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), FALSE);

  deleted = dt_time_entry_store_delete (self->db, id, &error);
  tell (self, deleted ? _("Entry deleted") : error->message);
  g_hash_table_remove (self->expanded, GSIZE_TO_POINTER (id));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return deleted;
}

char *
dt_time_entry_actions_tags_text (DtTimeEntryActions *self,
                                 const DtTimeEntry  *entry,
                                 const char         *separator,
                                 const char         *prefix)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTable *known;

  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), NULL);

  if (entry->tag_ids == NULL || entry->tag_ids->len == 0)
    return g_strdup ("");
  known = tag_names (self);
  for (guint i = 0; i < entry->tag_ids->len; i++)
    {
      gint64 id = g_array_index (entry->tag_ids, gint64, i);
      const char *name = g_hash_table_lookup (known, &id);
      if (name == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append_printf (text, "%s%s", prefix, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GListModel *
dt_time_entry_actions_get_trackables (DtTimeEntryActions *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), NULL);

  if (self->trackables_stale)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListStore) loaded = dt_trackables_load (self->db, &error);
      guint n;

      self->trackables_stale = FALSE;
      if (loaded == NULL)
        tell (self, error->message);
      else
        {
          /* One splice: the drop-downs over the store see one change, not one per task. */
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

          n = g_list_model_get_n_items (G_LIST_MODEL (loaded));
          for (guint i = 0; i < n; i++)
            g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (loaded), i));
          g_list_store_splice (self->trackables, 0,
                               g_list_model_get_n_items (G_LIST_MODEL (self->trackables)),
                               items->pdata, items->len);
        }
    }
  return G_LIST_MODEL (self->trackables);
}

void
dt_time_entry_actions_forget (DtTimeEntryActions *self)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self));

  g_clear_pointer (&self->tag_names, g_hash_table_unref);
  self->trackables_stale = TRUE;
}

gboolean
dt_time_entry_actions_is_expanded (DtTimeEntryActions *self,
                                   gint64              id)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), FALSE);
  return g_hash_table_contains (self->expanded, GSIZE_TO_POINTER (id));
}

void
dt_time_entry_actions_set_expanded (DtTimeEntryActions *self,
                                    gint64              id,
                                    gboolean            expanded)
{
  g_return_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self));

  if (expanded)
    g_hash_table_add (self->expanded, GSIZE_TO_POINTER (id));
  else
    g_hash_table_remove (self->expanded, GSIZE_TO_POINTER (id));
}

DtDb *
dt_time_entry_actions_get_db (DtTimeEntryActions *self)
{
  g_return_val_if_fail (DT_IS_TIME_ENTRY_ACTIONS (self), NULL);
  return self->db;
}

static void
dt_time_entry_actions_finalize (GObject *object)
{
  DtTimeEntryActions *self = DT_TIME_ENTRY_ACTIONS (object);

  g_clear_pointer (&self->tag_names, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->trackables);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (dt_time_entry_actions_parent_class)->finalize (object);
}

static void
dt_time_entry_actions_class_init (DtTimeEntryActionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dt_time_entry_actions_finalize;

  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
dt_time_entry_actions_init (DtTimeEntryActions *self)
{
  self->expanded = g_hash_table_new (NULL, NULL);
  self->trackables = g_list_store_new (DT_TYPE_TRACKABLE);
  self->trackables_stale = TRUE;
}

DtTimeEntryActions *
dt_time_entry_actions_new (DtDb *db)
{
  DtTimeEntryActions *self;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  self = g_object_new (DT_TYPE_TIME_ENTRY_ACTIONS, NULL);
  self->db = g_object_ref (db);
  return self;
}

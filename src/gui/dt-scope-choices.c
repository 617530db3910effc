/* dt-scope-choices.c: requested scopes as per-area toggles the user can only narrow. */
#define G_LOG_DOMAIN "dt-scope-choices"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dt-scope-choices.h"
#include "dt-scopes.h"

static const char *level_suffixes[] = { "read", "write", "send" };

const char *
dt_scope_level_suffix (DtScopeLevel level)
{
  g_return_val_if_fail (level <= DT_SCOPE_LEVEL_SEND, NULL);
  return level_suffixes[level];
}

static void
dt_scope_area_free (DtScopeArea *area)
{
  g_free (area->area);
  g_free (area);
}

void
dt_scope_choices_free (DtScopeChoices *choices)
{
  if (choices == NULL)
    return;
  g_clear_pointer (&choices->areas, g_ptr_array_unref);
  g_strfreev (choices->unknown);
  g_free (choices);
}

DtScopeArea *
dt_scope_choices_find (DtScopeChoices *choices,
                       const char     *area)
{
  g_return_val_if_fail (choices != NULL, NULL);

  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      if (g_strcmp0 (a->area, area) == 0)
        return a;
    }
  return NULL;
}

static gboolean
parse_scope (const char    *scope,
             char         **out_area,
             DtScopeLevel  *out_level)
{
  const char *colon = strchr (scope, ':');

  if (colon == NULL || colon == scope)
    return FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (level_suffixes); l++)
    if (g_str_equal (colon + 1, level_suffixes[l]))
      {
        *out_area = g_strndup (scope, colon - scope);
        *out_level = l;
        return TRUE;
      }
  return FALSE;
}

DtScopeChoices *
dt_scope_choices_new (const char * const *scopes)
{
  DtScopeChoices *choices = g_new0 (DtScopeChoices, 1);
  g_autoptr(GStrvBuilder) unknown = g_strv_builder_new ();

  choices->areas = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_scope_area_free);
  for (guint i = 0; scopes != NULL && scopes[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      DtScopeLevel level;
      DtScopeArea *area;

      if (!parse_scope (scopes[i], &name, &level))
        {
          g_strv_builder_add (unknown, scopes[i]);
          continue;
        }
      area = dt_scope_choices_find (choices, name);
      if (area == NULL)
        {
          area = g_new0 (DtScopeArea, 1);
          area->area = g_steal_pointer (&name);
          g_ptr_array_add (choices->areas, area);
        }
      area->requested[level] = TRUE;
      area->on[level] = TRUE;
    }

  /* Write and send bring read along (the server normalises requests the same way), so a
   * request for "clients:write" alone still shows — and grants — reading. */
  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      if (a->requested[DT_SCOPE_LEVEL_WRITE] || a->requested[DT_SCOPE_LEVEL_SEND])
        a->requested[DT_SCOPE_LEVEL_READ] = a->on[DT_SCOPE_LEVEL_READ] = TRUE;
    }
  choices->unknown = g_strv_builder_end (unknown);
  return choices;
}

gboolean
dt_scope_choices_set (DtScopeChoices *choices,
                      const char     *area_name,
                      DtScopeLevel    level,
                      gboolean        on)
{
  DtScopeArea *area;
  gboolean before[3];

  g_return_val_if_fail (choices != NULL, FALSE);
  g_return_val_if_fail (level <= DT_SCOPE_LEVEL_SEND, FALSE);

  area = dt_scope_choices_find (choices, area_name);
  if (area == NULL || (on && !area->requested[level]))
    return FALSE;

  memcpy (before, area->on, sizeof before);
  area->on[level] = on;
  if (level == DT_SCOPE_LEVEL_READ && !on)
    area->on[DT_SCOPE_LEVEL_WRITE] = area->on[DT_SCOPE_LEVEL_SEND] = FALSE;
  if (level != DT_SCOPE_LEVEL_READ && on)
    area->on[DT_SCOPE_LEVEL_READ] = TRUE;
  return memcmp (before, area->on, sizeof before) != 0;
}

GStrv
dt_scope_choices_granted (DtScopeChoices *choices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (choices != NULL, NULL);

  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      for (guint l = 0; l < G_N_ELEMENTS (level_suffixes); l++)
        if (a->on[l])
          {
            g_autofree char *name = g_strconcat (a->area, ":", level_suffixes[l], NULL);
            g_strv_builder_add (builder, name);
          }
    }
  return g_strv_builder_end (builder);
}

char *
dt_scope_choices_to_string (DtScopeChoices *choices)
{
  g_auto(GStrv) granted = dt_scope_choices_granted (choices);

  return g_strjoinv (" ", granted);
}

gboolean
dt_scope_choices_any_on (DtScopeChoices *choices)
{
  g_return_val_if_fail (choices != NULL, FALSE);

  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      if (a->on[DT_SCOPE_LEVEL_READ] || a->on[DT_SCOPE_LEVEL_WRITE] || a->on[DT_SCOPE_LEVEL_SEND])
        return TRUE;
    }
  return FALSE;
}

gboolean
dt_scope_choices_any_write (DtScopeChoices *choices)
{
  g_return_val_if_fail (choices != NULL, FALSE);

  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      if (a->on[DT_SCOPE_LEVEL_WRITE] || a->on[DT_SCOPE_LEVEL_SEND])
        return TRUE;
    }
  return FALSE;
}

static const char *
level_word (DtScopeLevel level)
{
  switch (level)
    {
    case DT_SCOPE_LEVEL_READ:
      return C_("scope level", "see");
    case DT_SCOPE_LEVEL_WRITE:
      return C_("scope level", "change");
    case DT_SCOPE_LEVEL_SEND:
      return C_("scope level", "send");
    default:
      g_return_val_if_reached ("");
    }
}

char *
dt_scope_choices_describe (DtScopeChoices *choices)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (choices != NULL, NULL);

  for (guint i = 0; i < choices->areas->len; i++)
    {
      DtScopeArea *a = g_ptr_array_index (choices->areas, i);
      g_autofree char *read_name = g_strconcat (a->area, ":read", NULL);
      const DtScopeInfo *info = dt_scope_lookup (read_name);
      gboolean first = TRUE;

      if (!a->on[DT_SCOPE_LEVEL_READ] && !a->on[DT_SCOPE_LEVEL_WRITE] &&
          !a->on[DT_SCOPE_LEVEL_SEND])
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s: ", info != NULL ? _(info->area_label) : a->area);
      for (DtScopeLevel l = DT_SCOPE_LEVEL_READ; l <= DT_SCOPE_LEVEL_SEND; l++)
        if (a->on[l])
          {
            g_string_append_printf (text, first ? "%s" : ", %s", level_word (l));
            first = FALSE;
          }
    }
  if (text->len == 0)
    g_string_append (text, _("No access"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
dt_scopes_describe (const char *scopes)
{
  g_auto(GStrv) list = g_strsplit (scopes != NULL ? scopes : "", " ", -1);
  g_autoptr(DtScopeChoices) choices = dt_scope_choices_new ((const char * const *) list);

  return dt_scope_choices_describe (choices);
}

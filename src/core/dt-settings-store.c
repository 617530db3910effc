/* dt-settings-store.c: key/value settings with known keys validated. */
#define G_LOG_DOMAIN "dt-store"

#include "dt-settings-store.h"
#include "dt-store-private.h"

#include <stdlib.h>
#include <string.h>

typedef gboolean (*Validator) (const char *key, const char *value, GError **error);

typedef struct
{
  const char *key;
  const char *fallback;
  Validator   validate;
  const char *description;
} Known;

static gboolean
check_int_range (const char  *key,
                 const char  *value,
                 gint64       min,
                 gint64       max,
                 GError     **error)
{
  gint64 number;

  if (!g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "%s must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                   ", not “%s”", key, min, max, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_terms (const char *key, const char *value, GError **error)
{
  return check_int_range (key, value, 0, 365, error);
}

static gboolean
check_bp (const char *key, const char *value, GError **error)
{
  return check_int_range (key, value, 0, 10000, error);
}

static gboolean
check_bp_list (const char *key, const char *value, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  if (*value == '\0')
    return TRUE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (!check_int_range (key, parts[i], 0, 10000, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_port (const char *key, const char *value, GError **error)
{
  return check_int_range (key, value, 1, 65535, error);
}

static gboolean
check_keep (const char *key, const char *value, GError **error)
{
  return check_int_range (key, value, 1, 365, error);
}

static gboolean
check_security (const char *key, const char *value, GError **error)
{
  if (g_str_equal (value, "starttls") || g_str_equal (value, "tls") || g_str_equal (value, "none"))
    return TRUE;
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "%s must be starttls, tls or none, not “%s”", key, value);
  return FALSE;
}

static gboolean
check_pattern (const char *key, const char *value, GError **error)
{
  return dt_settings_check_number_pattern (value, error);
}

static gboolean
check_line (const char *key, const char *value, GError **error)
{
  if (strchr (value, '\n') || strchr (value, '\r'))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "%s must fit on one line", key);
      return FALSE;
    }
  return dt_store_check_text (key, value, 0, 320, error);
}

static gboolean
check_text (const char *key, const char *value, GError **error)
{
  return dt_store_check_text (key, value, 0, 4000, error);
}

static const Known known[] = {
  { DT_SETTING_BACKUPS_KEEP, "14", check_keep, "How many daily backups to keep" },
  { DT_SETTING_CREDIT_NOTE_PATTERN, "CN-{YYYY}-{NNNN}", check_pattern,
    "Numbering pattern of credit notes" },
  { DT_SETTING_DEFAULT_TAX_RATE_BP, "0", check_bp,
    "Tax rate of new invoice lines in basis points (1900 = 19 %)" },
  { DT_SETTING_DEFAULT_TERMS_DAYS, "30", check_terms, "Payment terms of new clients, in days" },
  { DT_SETTING_NUMBER_PATTERN, "INV-{YYYY}-{NNNN}", check_pattern,
    "Numbering pattern of invoices" },
  { DT_SETTING_TAX_RATES_BP, "0", check_bp_list,
    "Tax rates offered on invoice lines, in basis points, comma separated" },
  { DT_SETTING_INVOICE_TERMS, "", check_text, "Terms printed on every invoice" },
  { DT_SETTING_SMTP_FROM, "", check_line, "Sender address of invoice e-mails" },
  { DT_SETTING_SMTP_HOST, "", check_line, "SMTP server" },
  { DT_SETTING_SMTP_PORT, "587", check_port, "SMTP port" },
  { DT_SETTING_SMTP_SECURITY, "starttls", check_security, "starttls, tls or none (loopback only)" },
  { DT_SETTING_SMTP_USER, "", check_line, "SMTP user name (the password is in the keyring)" },
};

void
dt_setting_free (DtSetting *setting)
{
  if (setting == NULL)
    return;
  g_free (setting->key);
  g_free (setting->value);
  g_free (setting);
}

gboolean
dt_settings_check_number_pattern (const char  *pattern,
                                  GError     **error)
{
  int counters = 0;
  gsize literal = 0;

  if (pattern == NULL || !g_utf8_validate (pattern, -1, NULL))
    goto bad;
  for (const char *p = pattern; *p; )
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');
          gsize len;

          if (close == NULL)
            goto bad;
          len = close - p - 1;
          if ((len == 4 && strncmp (p + 1, "YYYY", 4) == 0) ||
              (len == 2 && strncmp (p + 1, "YY", 2) == 0) ||
              (len == 2 && strncmp (p + 1, "MM", 2) == 0))
            ;
          else if (len >= 1 && len <= 9 && strspn (p + 1, "N") == len)
            counters++;
          else
            goto bad;
          p = close + 1;
        }
      else if (*p == '}' || *p == '/' || *p == '\\' || g_ascii_iscntrl (*p))
        goto bad;
      else
        {
          literal++;
          p++;
        }
    }
  if (counters == 1 && literal <= 40)
    return TRUE;

bad:
  g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
               "numbering pattern “%s” is not valid; use {YYYY}, {YY}, {MM} and exactly one "
               "counter such as {NNNN}, for example INV-{YYYY}-{NNNN}",
               pattern && g_utf8_validate (pattern, -1, NULL) ? pattern : "");
  return FALSE;
}

static const Known *
find_known (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (known[i].key, key))
      return &known[i];
  return NULL;
}

static gboolean
check_key (const char  *key,
           GError     **error)
{
  gboolean dotted = FALSE;

  if (key == NULL || *key == '\0' || strlen (key) > 100 || !g_ascii_islower (key[0]))
    goto bad;
  for (const char *p = key; *p; p++)
    {
      if (*p == '.')
        {
          if (p[1] == '\0' || p[1] == '.')
            goto bad;
          dotted = TRUE;
        }
      else if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        goto bad;
    }
  if (dotted)
    return TRUE;

bad:
  {
    g_autofree char *shown = g_utf8_make_valid (key ? key : "", -1);
    g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                 "setting name “%s” is not valid; use lower-case words joined by dots, such as "
                 "smtp.host", shown);
  }
  return FALSE;
}

static gboolean
validate (const char  *key,
          const char  *value,
          GError     **error)
{
  const Known *k;

  if (!check_key (key, error))
    return FALSE;
  /* Clearing is always allowed: it removes what an older version stored. */
  if (value == NULL)
    return TRUE;
  /* Only what DoubleTime reads: a stray key would be kept and shown but do nothing. */
  k = find_known (key);
  if (k == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", known[i].key);
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "there is no setting %s; the settings are %s", key, names->str);
      return FALSE;
    }
  if (!dt_store_check_text (key, value, 0, 10000, error))
    return FALSE;
  return k->validate (key, value, error);
}

static char *
stored_value (DtDb        *db,
              const char  *key,
              GError     **error)
{
  sqlite3_stmt *stmt = dt_db_prepare (db, "SELECT value FROM settings WHERE key = ?", error);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = dt_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

char *
dt_settings_get (DtDb        *db,
                 const char  *key,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const Known *k;
  char *value;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  if (!check_key (key, error))
    return NULL;
  value = stored_value (db, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (value != NULL)
    return value;
  k = find_known (key);
  if (k != NULL)
    return g_strdup (k->fallback);
  g_set_error (error, DT_ERROR, DT_ERROR_NOT_FOUND, "setting %s is not set", key);
  return NULL;
}

gint64
dt_settings_get_int (DtDb        *db,
                     const char  *key,
                     gint64       fallback)
{
  g_autofree char *value = dt_settings_get (db, key, NULL);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return fallback;
  return number;
}

static gboolean
write_setting (DtDb        *db,
               const char  *key,
               const char  *value,
               GError     **error)
{
  sqlite3_stmt *stmt;

  if (!validate (key, value, error))
    return FALSE;
  stmt = dt_db_prepare (db, value != NULL
                        ? "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                        : "DELETE FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (!dt_store_step_done (db, stmt, "Could not save the setting", error))
    return FALSE;
  dt_db_note_change (db, DT_ENTITY_SETTING, 0);
  return TRUE;
}

gboolean
dt_settings_set (DtDb        *db,
                 const char  *key,
                 const char  *value,
                 GError     **error)
{
  g_return_val_if_fail (DT_IS_DB (db), FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  if (!write_setting (db, key, value, error))
    {
      dt_db_rollback (db);
      return FALSE;
    }
  return dt_db_commit (db, error);
}

gboolean
dt_settings_set_many (DtDb               *db,
                      const char * const *keys,
                      const char * const *values,
                      GError            **error)
{
  g_return_val_if_fail (DT_IS_DB (db), FALSE);
  g_return_val_if_fail (keys != NULL && values != NULL, FALSE);

  if (!dt_db_begin (db, error))
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (values[i] == NULL)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "setting %s has no value", keys[i]);
          dt_db_rollback (db);
          return FALSE;
        }
      if (!write_setting (db, keys[i], values[i], error))
        {
          dt_db_rollback (db);
          return FALSE;
        }
    }
  return dt_db_commit (db, error);
}

static int
compare_settings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp ((*(DtSetting **) a)->key, (*(DtSetting **) b)->key);
}

GPtrArray *
dt_settings_list (DtDb    *db,
                  GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_setting_free);
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  g_return_val_if_fail (DT_IS_DB (db), NULL);

  stmt = dt_db_prepare (db, "SELECT key, value FROM settings", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (stored, dt_store_column_dup (stmt, 0), dt_store_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dt_db_set_error (db, error, "Could not read the settings");
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      DtSetting *setting = g_new0 (DtSetting, 1);
      const char *v = g_hash_table_lookup (stored, known[i].key);

      setting->key = g_strdup (known[i].key);
      setting->value = g_strdup (v ? v : known[i].fallback);
      setting->is_default = v == NULL;
      setting->description = known[i].description;
      g_ptr_array_add (items, setting);
      g_hash_table_remove (stored, known[i].key);
    }
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DtSetting *setting = g_new0 (DtSetting, 1);
      setting->key = g_strdup (key);
      setting->value = g_strdup (value);
      g_ptr_array_add (items, setting);
    }
  g_ptr_array_sort (items, compare_settings);
  return g_steal_pointer (&items);
}

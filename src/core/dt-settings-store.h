/* dt-settings-store.h: key/value settings (numbering, terms, taxes, SMTP, consent policy). */
#pragma once

#include "dt-db.h"

G_BEGIN_DECLS

/* Known keys; each has a default and a validator. Other keys must look like "area.name"
 * (lower case, digits, '_' and '.') and are stored as given. */
#define DT_SETTING_NUMBER_PATTERN       "invoice.number_pattern"       /* "INV-{YYYY}-{NNNN}" */
#define DT_SETTING_CREDIT_NOTE_PATTERN  "invoice.credit_note_pattern"  /* "CN-{YYYY}-{NNNN}" */
#define DT_SETTING_DEFAULT_TERMS_DAYS   "invoice.default_terms_days"   /* "30" */
#define DT_SETTING_DEFAULT_TAX_RATE_BP  "invoice.default_tax_rate_bp"  /* "0"; 1900 = 19 % */
#define DT_SETTING_TAX_RATES_BP         "invoice.tax_rates_bp"         /* "0,700,1900" offered */
#define DT_SETTING_INVOICE_TERMS        "invoice.terms"                /* text printed on invoices */
#define DT_SETTING_SMTP_HOST            "smtp.host"
#define DT_SETTING_SMTP_PORT            "smtp.port"                    /* "587" */
#define DT_SETTING_SMTP_SECURITY        "smtp.security"                /* starttls | tls | none */
#define DT_SETTING_SMTP_USER            "smtp.user"
#define DT_SETTING_SMTP_FROM            "smtp.from"
#define DT_SETTING_BACKUPS_KEEP         "backup.keep"                  /* "14" */

typedef struct
{
  char     *key;
  char     *value;       /* the effective value */
  gboolean  is_default;  /* nothing stored: @value is the default */
  const char *description; /* static, for known keys; NULL otherwise */
} DtSetting;

void       dt_setting_free          (DtSetting   *setting);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtSetting, dt_setting_free)

/* The effective value: stored, else the default; DT_ERROR_NOT_FOUND for an unknown key with
 * nothing stored. */
char      *dt_settings_get          (DtDb        *db,
                                     const char  *key,
                                     GError     **error);
/* An integer setting, or @fallback when unset or unreadable. */
gint64     dt_settings_get_int      (DtDb        *db,
                                     const char  *key,
                                     gint64       fallback);
/* Validates and stores; a NULL @value restores the default. */
gboolean   dt_settings_set          (DtDb        *db,
                                     const char  *key,
                                     const char  *value,
                                     GError     **error);
/* Several at once, all or nothing: @keys and @values are parallel NULL-terminated arrays
 * (a value may not be NULL here). */
gboolean   dt_settings_set_many     (DtDb               *db,
                                     const char * const *keys,
                                     const char * const *values,
                                     GError            **error);
/* Every known key (stored or default) and every stored unknown key, sorted by key. */
GPtrArray *dt_settings_list         (DtDb        *db,
                                     GError     **error);
/* Checks a numbering pattern: {YYYY} {YY} {MM} and one {N…} (the counter, zero-padded to
 * the number of Ns, 1–9) with at most 40 characters of literal text. */
gboolean   dt_settings_check_number_pattern (const char  *pattern,
                                     GError     **error);

G_END_DECLS

/* dt-einvoicing-group.h: Preferences → Business → E-Invoicing: what an EN 16931 e-invoice
 * says about the seller (VAT ID, address parts, bank account, electronic address, the VAT
 * category the business works under). */
#pragma once

#include <adwaita.h>

#include "dt-db.h"

G_BEGIN_DECLS

#define DT_TYPE_EINVOICING_GROUP (dt_einvoicing_group_get_type ())
G_DECLARE_FINAL_TYPE (DtEinvoicingGroup, dt_einvoicing_group, DT, EINVOICING_GROUP,
                      AdwPreferencesGroup)

/* The group, filled from the profile in @db; each field saves on apply (entries) or on choice
 * (drop-downs) through the profile store, which refuses bad values: the reason is then shown
 * right under the field. */
GtkWidget  *dt_einvoicing_group_new          (DtDb              *db);

/* The VAT choices the group offers, in order: "S", "E-19" (the German small-business rule:
 * category E with its fixed exemption text), "E", "Z", "O", "AE", "K", "G". */
const char *const *dt_einvoicing_vat_choices (void);
/* The choice that stands for @category with @exemption_reason (E with the § 19 UStG text is
 * "E-19"). */
const char *dt_einvoicing_vat_choice_for     (const char        *category,
                                              const char        *exemption_reason);
/* What a person reads for choice @choice ("Small business, no VAT (§ 19 UStG)"). */
const char *dt_einvoicing_vat_choice_label   (const char        *choice);

/* The electronic address schemes (EAS) the forms offer, "EM" first, and their names. */
const char *const *dt_einvoicing_schemes     (void);
const char *dt_einvoicing_scheme_label       (const char        *code);
/* The formats a client can prefer ("pdf", "facturx", "xrechnung-cii", "xrechnung-ubl", as
 * dt_einvoice_format_to_string), and their names. */
const char *const *dt_einvoicing_formats     (void);
const char *dt_einvoicing_format_label       (const char        *format);

/* The widget under @root that edits @field ("profile.iban", "client.vat_id"…: the names
 * dt-einvoice-check.h gives), or NULL. Every field row of the e-invoice forms carries its
 * name. */
GtkWidget  *dt_einvoicing_find_field         (GtkWidget         *root,
                                              const char        *field);
/* Marks @row as the editor of @field for dt_einvoicing_find_field. */
void        dt_einvoicing_set_field          (GtkWidget         *row,
                                              const char        *field);

G_END_DECLS

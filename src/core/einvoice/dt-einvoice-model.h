/* dt-einvoice-model.h: one invoice as EN 16931 sees it, gathered from the store, with every
 * amount the norm's arithmetic needs computed once, in integers. The CII and UBL writers and
 * the readiness check only read it. */
#pragma once

#include "dt-db.h"
#include "dt-einvoice-codes.h"

G_BEGIN_DECLS

/* The two specifications DoubleTime writes: plain EN 16931 (also Factur-X's EN 16931
 * profile and the base of Peppol BIS 3) and the German CIUS XRechnung 3.0. */
typedef enum
{
  DT_EINVOICE_PROFILE_EN16931,
  DT_EINVOICE_PROFILE_XRECHNUNG,
} DtEinvoiceProfile;

/* BT-24: the specification identifier a file declares. */
const char *dt_einvoice_profile_guideline (DtEinvoiceProfile profile);
/* BT-23: the business process, or NULL when the profile names none. XRechnung 3.0 takes
 * Peppol's rule PEPPOL-EN16931-R001 that one is given; KoSIT's own samples give Peppol
 * BIS Billing's. */
const char *dt_einvoice_profile_process   (DtEinvoiceProfile profile);

/* UNTDID 1001 document types. */
#define DT_EINVOICE_TYPE_INVOICE     "380"
#define DT_EINVOICE_TYPE_CREDIT_NOTE "381"

/* The seller (BG-4) or the buyer (BG-7). Strings are never NULL; "" = not given. */
typedef struct
{
  char *id;                        /* BT-29 (seller): the tax number when there is no VAT ID,
                                    * so the buyer can still tell who sent it (BR-CO-26) */
  char *name;                      /* BT-27 / BT-44: the business name, else the person's */
  char *trading_name;              /* BT-28 (seller, from the profile); "" = none */
  char *address_lines[3];          /* BT-35, BT-36, BT-162 / BT-50, BT-51, BT-163 */
  char *city;                      /* BT-37 / BT-52 */
  char *postcode;                  /* BT-38 / BT-53 */
  char *country;                   /* BT-40 / BT-55, ISO 3166-1 alpha-2 */
  char *vat_id;                    /* BT-31 / BT-48 */
  char *tax_number;                /* BT-32 (seller only) */
  char *electronic_address;        /* BT-34 / BT-49 */
  char *electronic_address_scheme; /* its EAS code ("EM") */
  char *contact_name;              /* BT-41 / BT-56 */
  char *contact_phone;             /* BT-42 / BT-57 */
  char *contact_email;             /* BT-43 / BT-58 */
} DtEinvoiceParty;

/* One invoice line (BG-25). A quantity is a fixed-point number: @quantity / 10^@quantity_decimals
 * of @unit_code; the price is per @base_quantity of that unit. Time is in hours (HUR) when
 * the minutes make a whole number of hundredths of an hour (a multiple of 3 minutes), else
 * in minutes (MIN) priced per 60 of them: the quantity times the price is the line amount
 * before its one rounding, exactly, either way. */
typedef struct
{
  char          *id;                /* BT-126: the position, from 1 */
  char          *name;              /* BT-153: the description's first line */
  char          *description;       /* BT-154: the whole description when it has more lines */
  gint64         quantity;          /* BT-129, scaled by 10^quantity_decimals, > 0 */
  int            quantity_decimals; /* 0–3 */
  char          *unit_code;         /* BT-130: HUR, MIN, C62… */
  gint64         price;             /* BT-146, minor units per @base_quantity, ≥ 0, with
                                     * @price_decimals more decimals than the currency's */
  int            price_decimals;    /* 0, unless quantity × price misses the line amount by
                                     * more than Peppol's PEPPOL-EN16931-R120 allows (0.02,
                                     * a yen line in minutes): then the price is the line
                                     * amount ÷ quantity, to as many decimals as meet it */
  gint64         base_quantity;     /* BT-149: 1, or 60 for minutes */
  gint64         net_amount;        /* BT-131, minor units */
  DtVatCategory  vat_category;      /* BT-151 */
  int            vat_rate_bp;       /* BT-152, basis points: 1900 = 19 % */
} DtEinvoiceLine;

/* A document-level allowance (BG-20): the discount's share of one VAT category and rate. */
typedef struct
{
  gint64         amount;            /* BT-92, > 0 */
  DtVatCategory  vat_category;      /* BT-95 */
  int            vat_rate_bp;       /* BT-96 */
  char          *reason;            /* BT-97 */
  char          *reason_code;       /* BT-98, UNTDID 5189 ("95" discount) */
} DtEinvoiceAllowance;

/* One row of the VAT breakdown (BG-23), per category and rate. */
typedef struct
{
  DtVatCategory  vat_category;      /* BT-118 */
  int            vat_rate_bp;       /* BT-119 */
  gint64         taxable;           /* BT-116 = Σ its lines − Σ its allowances */
  gint64         tax;               /* BT-117 = taxable × rate, rounded once */
  char          *exemption_reason;  /* BT-120, "" for S and Z */
  char          *exemption_code;    /* BT-121, "" or a VATEX code */
} DtEinvoiceVatGroup;

typedef struct
{
  gint64             invoice_id;
  gboolean           is_draft;         /* not issued: number and dates are what issuing would give */
  gboolean           is_credit_note;   /* type 381; every amount below is as the buyer reads it
                                        * (positive), the store's negated ones turned round */
  char              *type_code;        /* BT-3: "380" or "381" */
  char              *number;           /* BT-1 */
  char              *issue_date;       /* BT-2, "YYYY-MM-DD" */
  char              *due_date;         /* BT-9, or "" */
  char              *currency;         /* BT-5 */
  int                currency_digits;  /* 0 or 2 (EN 16931 allows no more); -1 if the
                                        * currency has more, which the check reports */
  char              *buyer_reference;  /* BT-10 (Leitweg-ID) */
  char              *order_reference;  /* BT-13 */
  char              *preceding_number; /* BT-25 (credit notes), or "" */
  char              *preceding_date;   /* BT-26, or "" */
  char              *period_start;     /* BT-73, or "" */
  char              *period_end;       /* BT-74, or "" */
  char              *note;             /* BT-22, or "" */
  char              *payment_terms;    /* BT-20, or "" */
  char              *deliver_to_country; /* BT-80: the buyer's, for intra-EU supplies (K) */

  DtEinvoiceParty    seller;
  DtEinvoiceParty    buyer;

  /* Payment instructions (BG-16). */
  char              *payment_means;    /* BT-81: "58", "30", "59" */
  char              *remittance;       /* BT-83: the invoice number */
  char              *iban;             /* BT-84 (credit transfer) */
  char              *account_name;     /* BT-85 */
  char              *bic;              /* BT-86 */
  char              *mandate_reference;/* BT-89 (direct debit) */
  char              *creditor_id;      /* BT-90 (direct debit) */
  char              *debited_iban;     /* BT-91 (direct debit) */

  DtVatCategory      vat_category;     /* the invoice's own (lines may differ) */
  GPtrArray         *lines;            /* DtEinvoiceLine*, by position */
  GPtrArray         *allowances;       /* DtEinvoiceAllowance*, by category then rate */
  GPtrArray         *vat_groups;       /* DtEinvoiceVatGroup*, by category then rate */

  /* Document totals (BG-22), minor units. */
  gint64             line_total;       /* BT-106 = Σ BT-131 */
  gint64             allowance_total;  /* BT-107 = Σ BT-92 */
  gint64             charge_total;     /* BT-108 (always 0: DoubleTime has no charges) */
  gint64             tax_exclusive;    /* BT-109 = BT-106 − BT-107 + BT-108 */
  gint64             tax_total;        /* BT-110 = Σ BT-117 */
  gint64             tax_inclusive;    /* BT-112 = BT-109 + BT-110 */
  gint64             prepaid;          /* BT-113: payments recorded (credit notes: settled) */
  gint64             rounding;         /* BT-114 (0: totals are whole minor units) */
  gint64             due;              /* BT-115 = BT-112 − BT-113 + BT-114 */
} DtEinvoice;

void        dt_einvoice_free  (DtEinvoice *einvoice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtEinvoice, dt_einvoice_free)

/*
 * Everything the norm needs about invoice or credit note @invoice_id: the seller and buyer as
 * kept at issue (a draft: as they are now, with the number and dates issuing would give),
 * its lines with their VAT category (line → invoice → client → profile), the discount as one
 * allowance per VAT category and rate, the VAT breakdown, payments as the prepaid amount.
 * The totals are recomputed from the lines with the store's own rule and must match what is
 * stored (DT_ERROR_CONFLICT otherwise). Missing data is no error here: the readiness check
 * (dt-einvoice-check.h) reports it.
 */
DtEinvoice *dt_einvoice_build (DtDb       *db,
                               gint64      invoice_id,
                               GError    **error);

/* A decimal amount as the XML needs it: @minor with @digits decimals ("1250.00", "-3.50",
 * "1250" for 0 digits). */
char       *dt_einvoice_format_amount   (gint64  minor,
                                         int     digits);
/* A fixed-point number: @value / 10^@decimals without trailing zeros ("1.5", "2", "0.125"). */
char       *dt_einvoice_format_decimal  (gint64  value,
                                         int     decimals);
/* A VAT rate in basis points as a percentage ("19", "7.5", "0"). */
char       *dt_einvoice_format_rate     (int     rate_bp);

G_END_DECLS

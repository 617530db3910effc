/* dt-einvoice-import.h: an e-invoice a supplier sent (XRechnung or EN 16931 in CII or UBL, or a
 * Factur-X / ZUGFeRD PDF carrying one) read into plain data a person can be shown. */
#pragma once

#include <gio/gio.h>

#include "dt-einvoice-xml.h"

G_BEGIN_DECLS

/* A PDF is allowed more room than its XML: it carries fonts and images too. */
#define DT_EINVOICE_IMPORT_MAX_PDF_SIZE (64 * 1024 * 1024)

/* Strings are UTF-8, trimmed, NULL when the invoice does not give them. Amounts are integer
 * minor units of the invoice currency; quantities, prices and rates are kept as the decimal
 * text the invoice wrote ("2.5", "0.0125", "19"), already checked to be decimals. */
typedef struct
{
  char  *name;              /* BT-27 / BT-44 */
  char  *trading_name;      /* BT-28 / BT-45, the name the party trades under */
  char  *address;           /* BG-5 / BG-8, lines separated by '\n' */
  char  *vat_id;            /* BT-31 / BT-48 */
  char  *endpoint;          /* BT-34 / BT-49, the electronic address */
  char  *endpoint_scheme;   /* its scheme: "EM", "0204", "9930"… */
} DtReceivedParty;

typedef struct
{
  char    *id;              /* BT-126 */
  char    *name;            /* BT-153 */
  char    *quantity;        /* BT-129 */
  char    *unit;            /* BT-130, UN/ECE rec 20: "HUR", "C62"… */
  char    *unit_price;      /* BT-146, net */
  gint64   net;             /* BT-131 */
  char    *vat_category;    /* BT-151: S, Z, E, AE, K, G, O, L, M */
  char    *vat_rate;        /* BT-152, percent */
} DtReceivedLine;

typedef struct
{
  char    *category;        /* BT-118 */
  char    *rate;            /* BT-119, percent */
  gint64   base;            /* BT-116 */
  gint64   tax;             /* BT-117 */
  char    *exemption_reason; /* BT-120 */
} DtReceivedVat;

typedef struct
{
  DtEinvoiceSyntax  syntax;
  gboolean          from_pdf;         /* the XML came out of a Factur-X / ZUGFeRD PDF */

  char             *number;           /* BT-1 */
  char             *type_code;        /* BT-3: 380 invoice, 381 credit note… */
  char             *issue_date;       /* BT-2, "YYYY-MM-DD" */
  char             *due_date;         /* BT-9, "YYYY-MM-DD" */
  char             *currency;         /* BT-5 */
  char             *buyer_reference;  /* BT-10, e.g. a Leitweg-ID */
  char             *period_from;      /* BT-73 */
  char             *period_to;        /* BT-74 */

  DtReceivedParty   seller;
  DtReceivedParty   buyer;

  GPtrArray        *lines;            /* DtReceivedLine*, in document order */
  GPtrArray        *vat;              /* DtReceivedVat*, the VAT breakdown (BG-23) */

  gint64            line_total;       /* BT-106 */
  gint64            tax_exclusive;    /* BT-109 */
  gint64            tax_total;        /* BT-110 */
  gint64            tax_inclusive;    /* BT-112 */
  gint64            prepaid;          /* BT-113, 0 when absent */
  gint64            payable;          /* BT-115 */

  char             *iban;             /* BT-84 */
  char             *payment_terms;    /* BT-20 */
} DtReceivedInvoice;

void                dt_received_invoice_free (DtReceivedInvoice *invoice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtReceivedInvoice, dt_received_invoice_free)

/* Reads a file as received: a PDF (it starts with "%PDF-") gives up its factur-x.xml (or
 * ZUGFeRD's name for it), anything else is read as XML. Every refusal is DT_ERROR_INVALID
 * naming what was wrong (see dt_einvoice_xml_read for the XML rules), except a PDF without
 * an e-invoice inside, which is DT_ERROR_NOT_FOUND. */
DtReceivedInvoice  *dt_einvoice_import       (GBytes            *file,
                                              GError           **error);

/* The same for XML bytes: CII, UBL Invoice or UBL CreditNote. Besides well-formedness, the
 * invoice must have a number, issue date, currency, seller, buyer, at least one line and
 * its totals, with amounts that are decimals in the currency's minor units. */
DtReceivedInvoice  *dt_einvoice_import_xml   (const char        *data,
                                              gsize              len,
                                              GError           **error);

G_END_DECLS

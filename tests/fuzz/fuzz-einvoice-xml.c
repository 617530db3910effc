/* fuzz-einvoice-xml.c: a received e-invoice's XML through the hardened reader, the CII and
 * UBL readers and both renderings. Oracles: no crash, no leak; an invoice or an error, never
 * both or neither; an error is DT_ERROR_INVALID with a valid UTF-8 message; an invoice has
 * every term the reader promises, dates as YYYY-MM-DD, and a text and a markup rendering
 * that are valid UTF-8, the markup valid for Pango. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pango.h>

#include "dt-error.h"
#include "dt-einvoice-import.h"
#include "dt-einvoice-view.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_date (const char *date)
{
  if (date == NULL)
    return;
  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtReceivedInvoice) inv = NULL;
  g_autoptr(GError) markup_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;

  inv = dt_einvoice_import_xml ((const char *) data, size, &error);
  if ((inv == NULL) == (error == NULL))
    abort ();
  if (inv == NULL)
    {
      if (!g_error_matches (error, DT_ERROR, DT_ERROR_INVALID)
          || !g_utf8_validate (error->message, -1, NULL) || *error->message == '\0')
        abort ();
      return 0;
    }

  if (inv->number == NULL || inv->issue_date == NULL || inv->currency == NULL
      || inv->seller.name == NULL || inv->buyer.name == NULL || inv->lines->len == 0
      || strlen (inv->currency) != 3)
    abort ();
  check_date (inv->issue_date);
  check_date (inv->due_date);
  check_date (inv->period_from);
  check_date (inv->period_to);

  text = dt_received_invoice_to_text (inv);
  markup = dt_received_invoice_to_markup (inv);
  if (!g_utf8_validate (text, -1, NULL) || !g_utf8_validate (markup, -1, NULL))
    abort ();
  if (!pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, &markup_error))
    abort ();
  return 0;
}

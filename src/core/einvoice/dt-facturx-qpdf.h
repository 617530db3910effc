/* dt-facturx-qpdf.h: the few PDF structure operations Factur-X needs, done by libqpdf (C++)
 * behind a plain C interface. Only dt-facturx.c calls these; it owns the policy. */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the invoice PDF's Info dictionary says (UTF-8; empty strings when absent). */
typedef struct
{
  char *title;
  char *author;
  char *creator;
  int   encrypted;
} DtFacturxPdfInfo;

/* Everything the PDF/A-3 file gets on top of the invoice PDF. Dates are PDF dates
 * ("D:20261207081500Z"), the same instant the XMP packet states. */
typedef struct
{
  const unsigned char *xml;
  size_t               xml_len;
  const char          *xml_name;      /* "factur-x.xml" */
  const char          *xml_description;
  const unsigned char *icc;
  size_t               icc_len;
  const char          *icc_identifier; /* "sRGB IEC61966-2.1" */
  const char          *xmp;
  const char          *producer;
  const char          *pdf_date;
} DtFacturxParts;

/* Each returns 0 on success; on failure 1 and a message in *@error_message (free()). */
int  dt_facturx_qpdf_read_info (const unsigned char   *pdf,
                                size_t                 pdf_len,
                                DtFacturxPdfInfo      *out_info,
                                char                 **error_message);
void dt_facturx_qpdf_info_clear (DtFacturxPdfInfo     *info);

int  dt_facturx_qpdf_assemble  (const unsigned char   *pdf,
                                size_t                 pdf_len,
                                const DtFacturxParts  *parts,
                                unsigned char        **out_pdf,
                                size_t                *out_len,
                                char                 **error_message);

/* The embedded file named @name, decoded, or 0 with *@out_data NULL when there is none. On
 * an unreadable PDF or an attachment of more than @max_len bytes, 1 and a message.
 * *@out_relationship gets its /AFRelationship ("" if none). */
int  dt_facturx_qpdf_extract   (const unsigned char   *pdf,
                                size_t                 pdf_len,
                                const char            *name,
                                size_t                 max_len,
                                unsigned char        **out_data,
                                size_t                *out_len,
                                char                 **out_relationship,
                                char                 **error_message);

#ifdef __cplusplus
}
#endif

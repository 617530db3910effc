/* dt-einvoice-official.h: an e-invoice checked with the official rules — the XML Schema,
 * the CEN EN 16931 schematron and, for XRechnung, the KoSIT schematron — run by Saxon-HE
 * where Java is installed. */
#pragma once

#include "dt-einvoice-check.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the tools and rules are looked for. Each variable overrides the default:
 *   DT_EINVOICE_JAVA       the java binary (default: `java` on PATH)
 *   DT_SAXON_JAR           Saxon-HE (default: /usr/share/java/Saxon-HE.jar)
 *   DT_EINVOICE_RULES_DIR  the rules (default: $datadir/doubletime/einvoice-rules; the
 *                          tests point it at tests/einvoice/rules)
 * The XRechnung schematron ships as source and is compiled on first use into
 * g_get_user_cache_dir()/doubletime/einvoice-rules/<hash of the rule files>. */

/* TRUE when Java, Saxon-HE and the rules are all there. Cheap: looks at files only. */
gboolean   dt_einvoice_official_available    (void);

/* Checks @xml (CII or UBL) with the official rules on the calling thread, which it blocks
 * for seconds (a JVM per rule set). Returns the failed asserts as DtEinvoiceProblem* (rule
 * id, severity, the rule's own text; business_term and field ""), errors first; empty when
 * the file is valid. Rules that only inform are left out. NULL with DT_ERROR_UNAVAILABLE
 * when a tool or the rules are missing or cannot run, DT_ERROR_INVALID when @xml is not an
 * e-invoice's XML, G_IO_ERROR_CANCELLED when @cancellable fired. */
GPtrArray *dt_einvoice_official_check        (GBytes               *xml,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* The same on a worker thread. */
void       dt_einvoice_official_check_async  (GBytes               *xml,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray *dt_einvoice_official_check_finish (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS

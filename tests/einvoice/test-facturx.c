/* test-facturx.c: a real invoice from the store, drawn by the app's PDF renderer, made
 * Factur-X (PDF/A-3b with factur-x.xml) and checked with qpdf, poppler and libxml2 — the
 * PDF/A-3 clauses each check stands for are named beside it. */
#include "dt-test-core.h"

#include "dt-error.h"
#include "dt-facturx.h"
#include "dt-invoice-pdf.h"
#include "dt-invoicing.h"
#include "dt-time.h"

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

typedef struct
{
  DtTestFixture  base;
  GBytes        *invoice_pdf;  /* what dt_invoice_pdf_render made */
  GBytes        *cii;          /* the vendored CII_example1.xml */
  GBytes        *facturx;      /* dt_facturx_make of the two */
  char          *path;         /* facturx, written out for the tools */
} Fixture;

static GDateTime *
fixed_instant (void)
{
  return g_date_time_new_utc (2026, 11, 2, 9, 30, 0);
}

/* A sent invoice from the store: 2.5 h at 90.00 plus 19 % VAT, numbered INV-2026-0001. */
static GBytes *
render_store_invoice (DtTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtInvoice) draft = NULL;
  g_autoptr(DtInvoice) sent = NULL;
  g_autoptr(DtInvoiceDocument) doc = NULL;
  GBytes *pdf;

  dt_test_fixture_seed (f);
  dt_time_set_fake_now (dt_test_local (2026, 11, 2, 9, 0));
  draft = dt_test_add_draft (f, 1900);
  sent = dt_invoicing_mark_sent (f->db, draft->id, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  doc = dt_invoicing_build_document (f->db, sent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->number, ==, "INV-2026-0001");
  g_assert_cmpint (doc->total, ==, 22500 + 4275);

  pdf = dt_invoice_pdf_render (doc, DT_PAPER_A4, &error);
  g_assert_no_error (error);
  return pdf;
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = fixed_instant ();

  dt_test_fixture_setup (&fx->base, data);
  fx->invoice_pdf = render_store_invoice (&fx->base);
  fx->cii = dt_test_read_data ("CII_example1.xml");
  fx->facturx = dt_facturx_make (fx->invoice_pdf, fx->cii, when, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->facturx);
  fx->path = g_build_filename (fx->base.dir, "factur-x-invoice.pdf", NULL);
  write_file (fx->path, fx->facturx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->invoice_pdf, g_bytes_unref);
  g_clear_pointer (&fx->cii, g_bytes_unref);
  g_clear_pointer (&fx->facturx, g_bytes_unref);
  g_clear_pointer (&fx->path, g_free);
  dt_time_set_fake_now (0);
  dt_test_fixture_teardown (&fx->base, data);
}

/* Runs a tool and returns what it printed; @expect_status is its exit status. */
static char *
run_tool (int          expect_status,
          char       **out_stderr,
          const char  *first,
          ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *out = NULL;
  char *err = NULL;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (WEXITSTATUS (status) != expect_status)
    g_error ("%s exited with %d, not %d:\n%s\n%s", first, WEXITSTATUS (status), expect_status,
             out, err);
  if (out_stderr != NULL)
    *out_stderr = err;
  else
    g_free (err);
  return out;
}

/* ISO 19005-3 6.1.2 (header %PDF-1.n and a comment of four bytes above 127), 6.1.3 (no
 * encryption, an ID in the trailer), 6.1.7 (streams well formed: what qpdf --check reads). */
static void
test_qpdf_check (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = run_tool (0, &err, "qpdf", "--check", fx->path, NULL);
  g_autofree char *info = run_tool (0, NULL, "pdfinfo", fx->path, NULL);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (fx->facturx, &len);

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors found"));
  g_assert_null (strstr (out, "WARNING"));
  g_assert_cmpstr (err, ==, "");

  g_assert_cmpmem (bytes, 9, "%PDF-1.7\n", 9);
  g_assert_cmpint (bytes[9], ==, '%');
  for (guint i = 10; i < 14; i++)
    g_assert_cmpint (bytes[i], >, 127);

  g_assert_nonnull (strstr (info, "Encrypted:       no"));
  g_assert_nonnull (strstr (info, "PDF version:     1.7"));

  /* Kept in the build folder for a look with other tools (veraPDF is not in Debian). */
  {
    g_autofree char *kept = g_test_build_filename (G_TEST_BUILT, "factur-x-sample.pdf", NULL);

    write_file (kept, fx->facturx);
    g_test_message ("sample Factur-X PDF written to %s", kept);
  }
}

/* 6.2.11.4.1: every font the pages use is embedded (cairo subsets and embeds them). */
static void
test_fonts_embedded (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *out = run_tool (0, NULL, "pdffonts", fx->path, NULL);
  g_auto(GStrv) rows = g_strsplit (out, "\n", -1);
  gsize emb_at = 0;
  guint fonts = 0;

  g_test_message ("%s", out);
  /* Columns are as wide as the dashes under the header: find "emb" by its offset. */
  g_assert_cmpuint (g_strv_length (rows), >=, 3);
  g_assert_true (g_str_has_prefix (rows[0], "name"));
  emb_at = strstr (rows[0], " emb ") - rows[0] + 1;
  for (guint i = 2; rows[i] != NULL; i++)
    {
      if (*rows[i] == '\0')
        continue;
      g_assert_cmpuint (strlen (rows[i]), >, emb_at + 3);
      if (strncmp (rows[i] + emb_at, "yes", 3) != 0)
        g_error ("font not embedded: %s", rows[i]);
      fonts++;
    }
  g_assert_cmpuint (fonts, >=, 1);
}

static char *
xpath_text (xmlXPathContext *ctx,
            const char      *expr)
{
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  char *text = NULL;

  g_assert_nonnull (result);
  if (result->type == XPATH_NODESET && !xmlXPathNodeSetIsEmpty (result->nodesetval))
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[0]);
      text = g_strdup ((const char *) content);
      xmlFree (content);
    }
  else if (result->type == XPATH_NUMBER)
    text = g_strdup_printf ("%g", result->floatval);
  xmlXPathFreeObject (result);
  return text;
}

static void
assert_xpath (xmlXPathContext *ctx,
              const char      *expr,
              const char      *expected)
{
  g_autofree char *text = xpath_text (ctx, expr);

  if (g_strcmp0 (text, expected) != 0)
    g_error ("%s is \"%s\", not \"%s\"", expr, text ? text : "(absent)", expected);
}

/* 6.6.2.1 (an XMP packet in the catalog's /Metadata), 6.6.4 (pdfaid:part 3,
 * conformance B), 6.6.2.3.1 (the Info entries restated in XMP), 6.6.2.3.3 (the fx schema
 * declared through pdfaExtension); Factur-X 1.0 §6.2.2 (fx:DocumentType, DocumentFileName,
 * Version, ConformanceLevel). The XMP is read back by poppler, not by our own code. */
static void
test_xmp (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *xmp = run_tool (0, NULL, "pdfinfo", "-meta", fx->path, NULL);
  g_autofree char *info = run_tool (0, NULL, "pdfinfo", "-isodates", fx->path, NULL);
  xmlDoc *doc;
  xmlXPathContext *ctx;
  static const char *const ns[][2] = {
    { "x", "adobe:ns:meta/" },
    { "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#" },
    { "pdfaid", "http://www.aiim.org/pdfa/ns/id/" },
    { "dc", "http://purl.org/dc/elements/1.1/" },
    { "xmp", "http://ns.adobe.com/xap/1.0/" },
    { "pdf", "http://ns.adobe.com/pdf/1.3/" },
    { "fx", "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" },
    { "pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/" },
    { "pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#" },
    { "pdfaProperty", "http://www.aiim.org/pdfa/ns/property#" },
  };

  g_test_message ("%s", xmp);
  doc = xmlReadMemory (xmp, strlen (xmp), "xmp.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  for (gsize i = 0; i < G_N_ELEMENTS (ns); i++)
    xmlXPathRegisterNs (ctx, (const xmlChar *) ns[i][0], (const xmlChar *) ns[i][1]);

  assert_xpath (ctx, "//rdf:Description/pdfaid:part", "3");
  assert_xpath (ctx, "//rdf:Description/pdfaid:conformance", "B");
  assert_xpath (ctx, "//rdf:Description/fx:DocumentType", "INVOICE");
  assert_xpath (ctx, "//rdf:Description/fx:DocumentFileName", "factur-x.xml");
  assert_xpath (ctx, "//rdf:Description/fx:Version", "1.0");
  assert_xpath (ctx, "//rdf:Description/fx:ConformanceLevel", "EN 16931");

  assert_xpath (ctx, "//pdfaExtension:schemas/rdf:Bag/rdf:li/pdfaSchema:namespaceURI",
                "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#");
  assert_xpath (ctx, "//pdfaExtension:schemas/rdf:Bag/rdf:li/pdfaSchema:prefix", "fx");
  assert_xpath (ctx, "count(//pdfaSchema:property/rdf:Seq/rdf:li)", "4");
  for (guint i = 0; i < 4; i++)
    {
      static const char *const names[] = { "DocumentFileName", "DocumentType", "Version",
                                           "ConformanceLevel" };
      g_autofree char *expr = g_strdup_printf (
        "//pdfaSchema:property/rdf:Seq/rdf:li[pdfaProperty:name='%s']/pdfaProperty:valueType",
        names[i]);
      assert_xpath (ctx, expr, "Text");
    }

  /* 6.6.2.3.1: what the Info dictionary says, the XMP says too. */
  assert_xpath (ctx, "//pdf:Producer", "DoubleTime");
  g_assert_nonnull (strstr (info, "Producer:        DoubleTime\n"));
  assert_xpath (ctx, "//xmp:CreateDate", "2026-11-02T09:30:00Z");
  assert_xpath (ctx, "//xmp:ModifyDate", "2026-11-02T09:30:00Z");
  g_assert_nonnull (strstr (info, "CreationDate:    2026-11-02T09:30:00"));
  g_assert_nonnull (strstr (info, "ModDate:         2026-11-02T09:30:00"));
  {
    g_autofree char *title = xpath_text (ctx, "//dc:title/rdf:Alt/rdf:li");
    g_autofree char *line = NULL;

    g_assert_nonnull (title);
    line = g_strdup_printf ("Title:           %s\n", title);
    g_assert_nonnull (strstr (info, line));
    g_assert_nonnull (strstr (title, "INV-2026-0001"));
  }
  assert_xpath (ctx, "//xmp:CreatorTool", "DoubleTime");
  g_assert_nonnull (strstr (info, "Creator:         DoubleTime\n"));

  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
}

/* qpdf's own JSON view of the file (qpdf 11: --json=2 with every object). */
static JsonObject *
qpdf_objects (JsonParser *parser,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = run_tool (0, NULL, "qpdf", "--json=2", "--json-key=qpdf", path,
                                    NULL);
  JsonArray *qpdf;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  qpdf = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "qpdf");
  /* [0] says which qpdf and PDF version; [1] maps "obj:N G R" and "trailer" to objects. */
  return json_array_get_object_element (qpdf, 1);
}

/* The object a reference such as "12 0 R" names: its dictionary, or a stream's dictionary. */
static JsonObject *
deref (JsonObject *objects,
       const char *reference)
{
  g_auto(GStrv) parts = g_strsplit (reference, " ", -1);
  g_autofree char *key = NULL;
  JsonObject *object;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[2], ==, "R");
  key = g_strdup_printf ("obj:%s %s R", parts[0], parts[1]);
  g_assert_true (json_object_has_member (objects, key));
  object = json_object_get_object_member (objects, key);
  if (json_object_has_member (object, "stream"))
    return json_object_get_object_member (
      json_object_get_object_member (object, "stream"), "dict");
  return json_object_get_object_member (object, "value");
}

/* 6.8 (an embedded file has /F and /UF, a MIME /Subtype, /AFRelationship, and is listed in
 * the catalog's /AF), 6.2.3 (an output intent with an ICC profile, /S /GTS_PDFA1), 6.6.2.1
 * (the metadata stream has no /Filter), 6.1.3 (trailer /ID, no /Encrypt); Factur-X 1.0 §6.1
 * (named factur-x.xml, text/xml, /Params /ModDate, /AFRelationship /Alternative). */
static void
test_structure (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *listing = run_tool (0, NULL, "qpdf", "--list-attachments", "--verbose",
                                       fx->path, NULL);
  JsonObject *objects = qpdf_objects (parser, fx->path);
  JsonObject *trailer = json_object_get_object_member (
    json_object_get_object_member (objects, "trailer"), "value");
  JsonObject *root = deref (objects, json_object_get_string_member (trailer, "/Root"));
  JsonObject *spec, *stream, *params, *names, *intent, *profile, *metadata;
  JsonArray *af, *embedded, *intents;

  g_test_message ("%s", listing);
  g_assert_true (g_str_has_prefix (listing, "factur-x.xml -> "));
  g_assert_nonnull (strstr (listing, "/UF -> factur-x.xml"));
  g_assert_nonnull (strstr (listing, "/F -> factur-x.xml"));

  g_assert_false (json_object_has_member (trailer, "/Encrypt"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (trailer, "/ID")), ==,
                    2);

  af = json_object_get_array_member (root, "/AF");
  g_assert_cmpuint (json_array_get_length (af), ==, 1);
  spec = deref (objects, json_array_get_string_element (af, 0));
  g_assert_cmpstr (json_object_get_string_member (spec, "/Type"), ==, "/Filespec");
  g_assert_cmpstr (json_object_get_string_member (spec, "/AFRelationship"), ==, "/Alternative");
  g_assert_cmpstr (json_object_get_string_member (spec, "/F"), ==, "u:factur-x.xml");
  g_assert_cmpstr (json_object_get_string_member (spec, "/UF"), ==, "u:factur-x.xml");
  stream = deref (objects, json_object_get_string_member (
    json_object_get_object_member (spec, "/EF"), "/F"));
  g_assert_cmpstr (json_object_get_string_member (stream, "/Type"), ==, "/EmbeddedFile");
  /* qpdf shows names decoded; in the file the name is /text#2Fxml (# escapes the slash). */
  g_assert_cmpstr (json_object_get_string_member (stream, "/Subtype"), ==, "/text/xml");
  {
    gsize len;
    const char *bytes = g_bytes_get_data (fx->facturx, &len);

    g_assert_true (g_strstr_len (bytes, len, "/Subtype /text#2fxml") != NULL
                   || g_strstr_len (bytes, len, "/Subtype /text#2Fxml") != NULL);
  }
  params = json_object_get_object_member (stream, "/Params");
  g_assert_cmpstr (json_object_get_string_member (params, "/ModDate"), ==,
                   "u:D:20261102093000Z");
  g_assert_cmpint (json_object_get_int_member (params, "/Size"), ==,
                   g_bytes_get_size (fx->cii));

  /* The same file spec is what the catalog's name tree lists under factur-x.xml. */
  names = deref (objects, json_object_get_string_member (
    json_object_get_object_member (root, "/Names"), "/EmbeddedFiles"));
  embedded = json_object_get_array_member (names, "/Names");
  g_assert_cmpuint (json_array_get_length (embedded), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (embedded, 0), ==, "u:factur-x.xml");
  g_assert_cmpstr (json_array_get_string_element (embedded, 1), ==,
                   json_array_get_string_element (af, 0));

  intents = json_object_get_array_member (root, "/OutputIntents");
  g_assert_cmpuint (json_array_get_length (intents), ==, 1);
  intent = deref (objects, json_array_get_string_element (intents, 0));
  g_assert_cmpstr (json_object_get_string_member (intent, "/S"), ==, "/GTS_PDFA1");
  g_assert_cmpstr (json_object_get_string_member (intent, "/OutputConditionIdentifier"), ==,
                   "u:sRGB IEC61966-2.1");
  profile = deref (objects, json_object_get_string_member (intent, "/DestOutputProfile"));
  g_assert_cmpint (json_object_get_int_member (profile, "/N"), ==, 3);

  metadata = deref (objects, json_object_get_string_member (root, "/Metadata"));
  g_assert_cmpstr (json_object_get_string_member (metadata, "/Type"), ==, "/Metadata");
  g_assert_cmpstr (json_object_get_string_member (metadata, "/Subtype"), ==, "/XML");
  g_assert_false (json_object_has_member (metadata, "/Filter"));
}

/* The attachment poppler extracts and the one dt_facturx_extract_xml returns are the exact
 * bytes embedded; a plain invoice PDF has none. */
static void
test_extract (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xml = dt_facturx_extract_xml (fx->facturx, &error);
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autofree char *list = run_tool (0, NULL, "pdfdetach", "-list", fx->path, NULL);
  g_autofree char *out_path = g_build_filename (fx->base.dir, "detached.xml", NULL);
  g_autofree char *saved_contents = NULL;
  gsize saved_len = 0;

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (xml, fx->cii));

  g_assert_cmpstr (list, ==, "1 embedded files\n1: factur-x.xml\n");
  g_free (run_tool (0, NULL, "pdfdetach", "-save", "1", "-o", out_path, fx->path, NULL));
  g_assert_true (g_file_get_contents (out_path, &saved_contents, &saved_len, &error));
  saved = g_bytes_new_take (g_steal_pointer (&saved_contents), saved_len);
  g_assert_true (g_bytes_equal (saved, fx->cii));

  none = dt_facturx_extract_xml (fx->invoice_pdf, &error);
  g_assert_null (none);
  g_assert_error (error, DT_ERROR, DT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "factur-x.xml"));
}

/* A few kB of PDF whose factur-x.xml inflates past the XML limit: given up on at the limit,
 * not decoded into memory whole. */
static void
test_extract_refuses_bomb (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = g_build_filename (fx->base.dir, "plain.pdf", NULL);
  g_autofree char *big = g_build_filename (fx->base.dir, "factur-x.xml", NULL);
  g_autofree char *bomb_path = g_build_filename (fx->base.dir, "bomb.pdf", NULL);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GBytes) xml = NULL;
  gsize big_len = 17 * 1024 * 1024;
  char *filler = g_malloc (big_len);
  char *contents = NULL;
  gsize len = 0;

  memset (filler, ' ', big_len);
  g_assert_true (g_file_set_contents (big, filler, big_len, &error));
  g_free (filler);
  write_file (plain, fx->invoice_pdf);
  g_free (run_tool (0, NULL, "qpdf", plain, "--add-attachment", big, "--", bomb_path, NULL));
  g_assert_true (g_file_get_contents (bomb_path, &contents, &len, &error));
  bomb = g_bytes_new_take (contents, len);
  g_assert_cmpuint (len, <, 1024 * 1024);

  xml = dt_facturx_extract_xml (bomb, &error);
  g_assert_null (xml);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "larger than 16777216 bytes"));
}

/* Same invoice, same instant: the same bytes, document ID included. */
static void
test_reproducible (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = fixed_instant ();
  g_autoptr(GBytes) again = dt_facturx_make (fx->invoice_pdf, fx->cii, when, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, fx->facturx));
}

static void
assert_refused (GBytes     *pdf,
                GBytes     *xml,
                const char *expected_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = dt_facturx_make (pdf, xml, NULL, &error);

  g_assert_null (out);
  g_assert_error (error, DT_ERROR, DT_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, expected_words) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, expected_words);
}

/* 6.1.3: an encrypted PDF cannot become PDF/A; qpdf made it, as any encrypting tool would. */
static void
test_refuse_encrypted (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (fx->base.dir, "plain.pdf", NULL);
  g_autofree char *locked = g_build_filename (fx->base.dir, "encrypted.pdf", NULL);
  g_autoptr(GBytes) encrypted = NULL;
  char *contents = NULL;
  gsize len = 0;

  write_file (plain, fx->invoice_pdf);
  g_free (run_tool (0, NULL, "qpdf", "--encrypt", "", "owner-secret", "256", "--", plain, locked,
                    NULL));
  g_assert_true (g_file_get_contents (locked, &contents, &len, NULL));
  encrypted = g_bytes_new_take (contents, len);

  assert_refused (encrypted, fx->cii, "encrypted");
}

static void
test_refuse_bad_xml (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GBytes) ubl = dt_test_read_data ("ubl-tc434-example1.xml");
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  static const char not_xml[] = "CrossIndustryInvoice "
    "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 but no XML";
  g_autoptr(GBytes) text = g_bytes_new_static (not_xml, sizeof not_xml - 1);
  g_autoptr(GBytes) not_pdf = g_bytes_new_static ("%PDF-1.4 nothing else", 21);

  assert_refused (fx->invoice_pdf, ubl, "UBL Invoice, not a CII CrossIndustryInvoice");
  assert_refused (fx->invoice_pdf, empty, "empty");
  assert_refused (fx->invoice_pdf, text, "not well-formed XML");
  assert_refused (not_pdf, fx->cii, "the invoice PDF cannot be read");
}

int
main (int   argc,
      char *argv[])
{
  dt_test_init_timezone ("Europe/Berlin");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/facturx/qpdf-check", test_qpdf_check);
  ADD ("/facturx/fonts-embedded", test_fonts_embedded);
  ADD ("/facturx/xmp", test_xmp);
  ADD ("/facturx/structure", test_structure);
  ADD ("/facturx/extract", test_extract);
  ADD ("/facturx/extract-refuses-bomb", test_extract_refuses_bomb);
  ADD ("/facturx/reproducible", test_reproducible);
  ADD ("/facturx/refuse-encrypted", test_refuse_encrypted);
  ADD ("/facturx/refuse-bad-xml", test_refuse_bad_xml);
#undef ADD

  return g_test_run ();
}
